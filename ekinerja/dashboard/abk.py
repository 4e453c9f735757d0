"""Analisis Beban Kerja (ABK): staff needed per position from the workload of its uraian tugas,
against the staff present, and the same measured from the approved activity minutes.

Pure: dataclasses in and out, no ORM. The formulas, the rounding and the sources are in
docs/abk.md (domain.md 5):

- beban kerja of a task = volume per year x norma waktu (minutes);
- kebutuhan pegawai of a position = sum of beban / JKE, rounded half up once per position
  (not per task: rounding every small task up would inflate positions with many of them);
- selisih = pegawai ada - kebutuhan (negative: kurang, positive: lebih);
- EJ (Permendagri 12/2008) = sum of beban / (pegawai ada x JKE), to two decimals, and the
  Prestasi Kerja Jabatan band of that EJ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

DUA_DESIMAL = Decimal("0.01")
HARI_SETAHUN = 365
# Below this many days of evidence the yearly figure is an extrapolation of a few weeks; the
# pages flag it instead of hiding it.
CAKUPAN_MINIMAL_HARI = 90
PITA_MAKS = 10
KODE_PITA_MAKS = 3


def bulat(value: Decimal) -> int:
    """Half up to a whole number: 1,5 -> 2, 2,49 -> 2 (the ROUND of the Form C sheets)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------
# Prestasi Kerja Jabatan bands


@dataclass(frozen=True)
class Pita:
    """A PJ band: every EJ (to two decimals) at or above `minimal` and below the band above."""

    kode: str
    nama: str
    minimal: Decimal


# Permendagri 12/2008 as quoted by the guidance (domain.md 5, [U]: not found in the text).
# A is "EJ > 1,00": with EJ kept to two decimals that is 1,01 and above.
PITA_BAWAAN: tuple[Pita, ...] = (
    Pita("A", "Sangat Baik", Decimal("1.01")),
    Pita("B", "Baik", Decimal("0.90")),
    Pita("C", "Cukup", Decimal("0.70")),
    Pita("D", "Sedang", Decimal("0.50")),
    Pita("E", "Kurang", Decimal("0")),
)


class PitaTidakSah(ValueError):
    """The stored PJ bands cannot be used; `messages` says why, in Indonesian."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def _minimal(raw: object, nomor: int, errors: list[str]) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        errors.append(f"Pita ke-{nomor}: batas minimal wajib berupa angka.")
        return None
    text = str(raw).strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"Pita ke-{nomor}: batas minimal '{raw}' bukan angka.")
        return None
    if not value.is_finite():
        errors.append(f"Pita ke-{nomor}: batas minimal '{raw}' bukan angka.")
        return None
    if value < 0:
        errors.append(f"Pita ke-{nomor}: batas minimal tidak boleh negatif.")
        return None
    if value != value.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP):
        errors.append(f"Pita ke-{nomor}: batas minimal paling banyak dua angka di belakang koma.")
        return None
    return value.quantize(DUA_DESIMAL)


def _band(raw: object, nomor: int, errors: list[str]) -> Pita | None:
    if not isinstance(raw, dict):
        errors.append(f"Pita ke-{nomor} harus berupa objek dengan kode, nama, dan minimal.")
        return None
    before = len(errors)
    kode = raw.get("kode")
    if not isinstance(kode, str) or not kode.strip() or len(kode.strip()) > KODE_PITA_MAKS:
        errors.append(
            f"Pita ke-{nomor}: kode wajib diisi, paling banyak {KODE_PITA_MAKS} karakter."
        )
    nama = raw.get("nama")
    if not isinstance(nama, str) or not nama.strip():
        errors.append(f"Pita ke-{nomor}: nama wajib diisi.")
    minimal = _minimal(raw.get("minimal"), nomor, errors)
    if len(errors) > before or minimal is None:
        return None
    assert isinstance(kode, str) and isinstance(nama, str)
    return Pita(kode.strip(), nama.strip(), minimal)


def parse_bands(raw: object) -> tuple[Pita, ...]:
    """The bands of `MonitoringPolicy.pita_prestasi_jabatan`; an empty value means PITA_BAWAAN.

    The shape is {"pita": [{"kode": "A", "nama": "Sangat Baik", "minimal": "1.01"}, ...]},
    from the highest band down, the last one starting at 0 so every EJ has a band."""
    if raw is None or raw == {} or raw == []:
        return PITA_BAWAAN
    if not isinstance(raw, dict) or not isinstance(raw.get("pita"), list):
        raise PitaTidakSah(
            ["Pita prestasi jabatan harus berupa objek dengan daftar 'pita' di dalamnya."]
        )
    items: list[Any] = raw["pita"]
    if not 2 <= len(items) <= PITA_MAKS:
        raise PitaTidakSah([f"Daftar pita harus berisi 2 sampai {PITA_MAKS} pita."])
    errors: list[str] = []
    bands = [_band(item, nomor, errors) for nomor, item in enumerate(items, start=1)]
    if errors:
        raise PitaTidakSah(errors)
    valid = [band for band in bands if band is not None]
    seen: set[str] = set()
    for band in valid:
        if band.kode.upper() in seen:
            errors.append(f"Kode pita {band.kode} ganda.")
        seen.add(band.kode.upper())
    for nomor, (above, below) in enumerate(pairwise(valid), start=2):
        if below.minimal >= above.minimal:
            errors.append(
                f"Pita harus urut dari batas minimal terbesar ke terkecil: pita ke-{nomor} "
                f"({below.minimal}) tidak lebih kecil dari pita sebelumnya ({above.minimal})."
            )
    if valid[-1].minimal != 0:
        errors.append("Pita terakhir harus berbatas minimal 0 agar setiap nilai EJ mendapat pita.")
    if errors:
        raise PitaTidakSah(errors)
    return tuple(valid)


def band_of(ej: Decimal, bands: Sequence[Pita]) -> Pita:
    """The first band from the top whose minimal the EJ reaches; bands end at 0."""
    for band in bands:
        if ej >= band.minimal:
            return band
    return bands[-1]


# ---------------------------------------------------------------------------------------------
# Tasks and positions


@dataclass(frozen=True)
class TugasInput:
    uraian: str
    volume: int  # outputs a year for the whole position
    norma_waktu: int  # minutes per output
    satuan: str = ""


@dataclass(frozen=True)
class TugasHasil:
    uraian: str
    volume: int
    norma_waktu: int
    satuan: str
    beban_menit: int


def task_results(items: Iterable[TugasInput]) -> list[TugasHasil]:
    return [
        TugasHasil(t.uraian, t.volume, t.norma_waktu, t.satuan, t.volume * t.norma_waktu)
        for t in items
    ]


@dataclass(frozen=True)
class JabatanInput:
    """One position: its workload (sum over the catalogue rows with a volume), its staff present
    and the approved minutes logged by its holders in the evidence window."""

    position_id: int
    opd_id: int
    jumlah_tugas: int  # catalogue rows with a volume
    beban_menit: int  # sum of volume x norma waktu
    ada: int
    bukti_menit: int = 0


@dataclass(frozen=True)
class Bukti:
    """The evidence window of an OPD: its approved minutes are scaled to a year by its days."""

    hari_cakupan: int

    @property
    def pendek(self) -> bool:
        return 0 < self.hari_cakupan < CAKUPAN_MINIMAL_HARI


def annualise(menit: int, hari_cakupan: int) -> Decimal:
    """Minutes logged over `hari_cakupan` calendar days, as minutes a year (365 days)."""
    if hari_cakupan <= 0 or menit <= 0:
        return Decimal(0)
    return Decimal(menit) * HARI_SETAHUN / hari_cakupan


@dataclass(frozen=True)
class JabatanHasil:
    position_id: int
    opd_id: int
    jumlah_tugas: int
    beban_menit: int
    kebutuhan: Decimal  # exact: beban / JKE
    kebutuhan_bulat: int
    ada: int
    selisih: int | None  # ada - kebutuhan_bulat; None without ABK
    ej: Decimal | None  # None without ABK or without staff
    pj: Pita | None
    bukti_menit: int
    bukti_menit_setahun: Decimal
    kebutuhan_bukti: Decimal  # exact: yearly evidence minutes / JKE
    kebutuhan_bukti_bulat: int

    @property
    def punya_abk(self) -> bool:
        return self.jumlah_tugas > 0

    @property
    def is_kurang(self) -> bool:
        return self.selisih is not None and self.selisih < 0

    @property
    def is_lebih(self) -> bool:
        return self.selisih is not None and self.selisih > 0


def efektivitas(beban_menit: int, ada: int, jke: int) -> Decimal | None:
    """EJ = beban / (pegawai x JKE), half up to two decimals; undefined without staff."""
    if ada <= 0:
        return None
    exact = Decimal(beban_menit) / (Decimal(ada) * jke)
    return exact.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def position_result(
    data: JabatanInput, *, jke: int, bands: Sequence[Pita], hari_cakupan: int
) -> JabatanHasil:
    if jke <= 0:
        raise ValueError("JKE harus lebih dari 0 menit.")
    has_abk = data.jumlah_tugas > 0
    kebutuhan = Decimal(data.beban_menit) / jke if has_abk else Decimal(0)
    kebutuhan_bulat = bulat(kebutuhan)
    ej = efektivitas(data.beban_menit, data.ada, jke) if has_abk else None
    setahun = annualise(data.bukti_menit, hari_cakupan)
    kebutuhan_bukti = setahun / jke
    return JabatanHasil(
        position_id=data.position_id,
        opd_id=data.opd_id,
        jumlah_tugas=data.jumlah_tugas,
        beban_menit=data.beban_menit,
        kebutuhan=kebutuhan,
        kebutuhan_bulat=kebutuhan_bulat,
        ada=data.ada,
        selisih=data.ada - kebutuhan_bulat if has_abk else None,
        ej=ej,
        pj=band_of(ej, bands) if ej is not None else None,
        bukti_menit=data.bukti_menit,
        bukti_menit_setahun=setahun,
        kebutuhan_bukti=kebutuhan_bukti,
        kebutuhan_bukti_bulat=bulat(kebutuhan_bukti),
    )


# ---------------------------------------------------------------------------------------------
# OPD totals


@dataclass(frozen=True)
class OpdHasil:
    """An OPD's totals. Needs, staff, gaps and evidence count only the positions with an ABK,
    so the two needs compare like with like; staff in positions without one are shown apart."""

    opd_id: int
    jabatan_total: int
    jabatan_abk: int
    beban_menit: int
    kebutuhan: Decimal  # sum of the exact needs
    kebutuhan_bulat: int  # sum of the rounded needs, as the Form C total
    ada: int
    ada_tanpa_abk: int
    kurang: int  # sum of the shortages of the positions short of staff (a positive count)
    lebih: int  # sum of the surpluses
    ej: Decimal | None
    pj: Pita | None
    bukti_menit: int
    kebutuhan_bukti: Decimal
    kebutuhan_bukti_bulat: int
    hari_cakupan: int

    @property
    def selisih(self) -> int:
        return self.ada - self.kebutuhan_bulat

    @property
    def cakupan_pendek(self) -> bool:
        return 0 < self.hari_cakupan < CAKUPAN_MINIMAL_HARI


def opd_total(
    opd_id: int,
    rows: Iterable[JabatanHasil],
    *,
    jke: int,
    bands: Sequence[Pita],
    hari_cakupan: int,
    jabatan_total: int | None = None,
) -> OpdHasil:
    """Totals of the OPD's positions; `jabatan_total` when the rows are not all of them."""
    all_rows = list(rows)
    abk = [r for r in all_rows if r.punya_abk]
    beban = sum(r.beban_menit for r in abk)
    ada = sum(r.ada for r in abk)
    ej = efektivitas(beban, ada, jke) if abk else None
    return OpdHasil(
        opd_id=opd_id,
        jabatan_total=len(all_rows) if jabatan_total is None else jabatan_total,
        jabatan_abk=len(abk),
        beban_menit=beban,
        kebutuhan=sum((r.kebutuhan for r in abk), Decimal(0)),
        kebutuhan_bulat=sum(r.kebutuhan_bulat for r in abk),
        ada=ada,
        ada_tanpa_abk=sum(r.ada for r in all_rows if not r.punya_abk),
        kurang=-sum(r.selisih for r in abk if r.selisih is not None and r.selisih < 0),
        lebih=sum(r.selisih for r in abk if r.selisih is not None and r.selisih > 0),
        ej=ej,
        pj=band_of(ej, bands) if ej is not None else None,
        bukti_menit=sum(r.bukti_menit for r in abk),
        kebutuhan_bukti=sum((r.kebutuhan_bukti for r in abk), Decimal(0)),
        kebutuhan_bukti_bulat=sum(r.kebutuhan_bukti_bulat for r in abk),
        hari_cakupan=hari_cakupan,
    )


def region_total(opds: Iterable[OpdHasil], *, jke: int, bands: Sequence[Pita]) -> OpdHasil:
    """The sum of the OPD rows (opd_id 0); the coverage is the longest of them."""
    rows = list(opds)
    beban = sum(o.beban_menit for o in rows)
    ada = sum(o.ada for o in rows)
    ej = efektivitas(beban, ada, jke) if any(o.jabatan_abk for o in rows) else None
    return OpdHasil(
        opd_id=0,
        jabatan_total=sum(o.jabatan_total for o in rows),
        jabatan_abk=sum(o.jabatan_abk for o in rows),
        beban_menit=beban,
        kebutuhan=sum((o.kebutuhan for o in rows), Decimal(0)),
        kebutuhan_bulat=sum(o.kebutuhan_bulat for o in rows),
        ada=ada,
        ada_tanpa_abk=sum(o.ada_tanpa_abk for o in rows),
        kurang=sum(o.kurang for o in rows),
        lebih=sum(o.lebih for o in rows),
        ej=ej,
        pj=band_of(ej, bands) if ej is not None else None,
        bukti_menit=sum(o.bukti_menit for o in rows),
        kebutuhan_bukti=sum((o.kebutuhan_bukti for o in rows), Decimal(0)),
        kebutuhan_bukti_bulat=sum(o.kebutuhan_bukti_bulat for o in rows),
        hari_cakupan=max((o.hari_cakupan for o in rows), default=0),
    )
