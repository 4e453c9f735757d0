"""The TPP policy of a region as data (docs/tpp-policy.md): parsing and validating one document
(a dict read from YAML or JSON) into frozen dataclasses, and writing it back.

Pure: no Django, no database. Every rule a Perbup/Perwal sets is a value here, never code
(domain.md 3 and 8). Errors name the path of the offending key, in Bahasa Indonesia, and all of
them are reported at once so an admin fixes a file in one pass."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

SCHEMA_VERSION = 1

# The six criteria of PP 12/2019 Pasal 58 (domain.md 3.1).
KOMPONEN: dict[str, str] = {
    "beban_kerja": "Beban kerja",
    "prestasi_kerja": "Prestasi kerja",
    "kondisi_kerja": "Kondisi kerja",
    "tempat_bertugas": "Tempat bertugas",
    "kelangkaan_profesi": "Kelangkaan profesi",
    "objektif_lainnya": "Pertimbangan objektif lainnya",
}

PREDIKAT: dict[str, str] = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "sangat_kurang": "Sangat Kurang",
}

METODE_KINERJA = ("menit", "predikat", "campuran", "poin")
CARA_MENIT = ("proporsional", "ambang")

# What a point table may read (domain.md 3.5); each is a number the monthly run measures.
MASUKAN_POIN: dict[str, str] = {
    "capaian_menit": "capaian menit kerja efektif (%)",
    "menit_terlambat": "jumlah menit terlambat",
    "menit_pulang_cepat": "jumlah menit pulang sebelum waktu",
    "kali_terlambat": "jumlah kejadian terlambat",
    "kali_pulang_cepat": "jumlah kejadian pulang sebelum waktu",
    "hari_tanpa_keterangan": "hari tanpa keterangan",
    "hari_tidak_hadir": "hari kerja tanpa kehadiran",
}

# Kedudukan (people.choices.Kedudukan) whose TPP a region may reduce, with the % paid.
KEDUDUKAN_DIATUR = ("tugas_belajar", "cltn", "diberhentikan_sementara", "mpp")
# Leave kinds (attendance.choices.JenisCuti) a region may leave unpaid, day by day.
JENIS_CUTI = ("tahunan", "sakit", "alasan_penting", "melahirkan", "besar", "cltn")

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# A tax rate key: a PNS golongan ruang ("III/a"), its group ("III"), or a PPPK golongan
# ("IX"); the case matters because calc looks the key up exactly.
_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
           "XIV", "XV", "XVI", "XVII")  # fmt: skip
_RUANG = re.compile(r"(?:I|II|III)/[a-d]|IV/[a-e]")


def _is_golongan(key: str) -> bool:
    return key in _ROMAWI or _RUANG.fullmatch(key) is not None


class PolicyError(ValueError):
    """The document is not a valid policy; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Band:
    """A row of a threshold table: a measured value at or above `mulai` gives `nilai`."""

    mulai: Decimal
    nilai: Decimal


@dataclass(frozen=True)
class PointTable:
    masukan: str
    pita: tuple[Band, ...]


@dataclass(frozen=True)
class Split:
    """Shares of one component, in %: paid by performance, by discipline, the rest in full."""

    kinerja: Decimal
    disiplin: Decimal

    @property
    def tetap(self) -> Decimal:
        return HUNDRED - self.kinerja - self.disiplin


@dataclass(frozen=True)
class Kinerja:
    metode: str
    cara_menit: str = "proporsional"
    ambang_menit: Decimal = HUNDRED
    predikat: Mapping[str, Decimal] = field(default_factory=dict)
    belum_dinilai: Decimal = ZERO
    bobot_menit: Decimal = ZERO
    bobot_predikat: Decimal = ZERO
    poin: tuple[PointTable, ...] = ()
    poin_tetap: Decimal = ZERO


@dataclass(frozen=True)
class Disiplin:
    terlambat: tuple[Band, ...] = ()
    pulang_cepat: tuple[Band, ...] = ()
    tanpa_presensi_masuk: Decimal = ZERO
    tanpa_presensi_pulang: Decimal = ZERO
    tanpa_keterangan_per_hari: Decimal = ZERO
    tanpa_keterangan_penuh_setelah: int | None = None
    blok_menit: int | None = None
    potongan_per_blok: Decimal = ZERO
    maksimal_kumulatif: Decimal | None = None
    lainnya: Mapping[str, Decimal] = field(default_factory=dict)
    maksimal: Decimal = HUNDRED


@dataclass(frozen=True)
class Status:
    cpns: Decimal = HUNDRED
    pppk: Decimal = HUNDRED
    kedudukan: Mapping[str, Decimal] = field(default_factory=dict)
    cuti_tanpa_tpp: tuple[str, ...] = ()
    pro_rata: bool = True
    plt_setingkat: Decimal = ZERO
    plh: Decimal = ZERO


@dataclass(frozen=True)
class Kategori:
    dikecualikan: bool = False
    persen_besaran: Decimal = HUNDRED


@dataclass(frozen=True)
class Pajak:
    ditanggung_pemerintah: bool = True
    tarif: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Bpjs:
    pemberi_kerja: Decimal = ZERO
    pegawai: Decimal = ZERO
    batas_dasar: Decimal | None = None


@dataclass(frozen=True)
class Policy:
    nama: str
    berlaku_mulai: dt.date
    per_kelas: Mapping[int, Mapping[str, Decimal]]
    per_jabatan: Mapping[str, Mapping[str, Decimal]]
    komponen: Mapping[str, Split]
    kinerja: Kinerja
    disiplin: Disiplin
    hukuman_disiplin: Mapping[str, Decimal]
    status: Status
    kategori: Mapping[str, Kategori]
    pajak: Pajak
    bpjs: Bpjs


class _Reader:
    """Collects every error with its path instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}" if path else message)

    def mapping(self, value: Any, path: str, *, required: bool = False) -> Mapping[str, Any]:
        if value is None:
            if required:
                self.fail(path, "wajib diisi")
            return {}
        if not isinstance(value, Mapping):
            self.fail(path, "harus berupa pemetaan kunci: nilai")
            return {}
        return value

    def known_keys(self, data: Mapping[str, Any], allowed: Collection[str], path: str) -> None:
        for key in data:
            if str(key) not in allowed:
                self.fail(_join(path, str(key)), "kunci tidak dikenal")

    def number(
        self,
        value: Any,
        path: str,
        *,
        default: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal:
        if value is None:
            if default is None:
                self.fail(path, "wajib diisi")
                return ZERO
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.fail(path, "harus berupa angka")
            return ZERO
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            self.fail(path, f"'{value}' bukan angka")
            return ZERO
        if not number.is_finite() or number < 0:
            self.fail(path, "harus angka tidak negatif")
            return ZERO
        if maximum is not None and number > maximum:
            self.fail(path, f"paling besar {_plain(maximum)}")
            return ZERO
        return number

    def percent(self, value: Any, path: str, *, default: Decimal | None = None) -> Decimal:
        return self.number(value, path, default=default, maximum=HUNDRED)

    def whole(self, value: Any, path: str, *, minimum: int = 0) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "harus bilangan bulat")
            return None
        if value < minimum:
            self.fail(path, f"paling kecil {minimum}")
            return None
        return value

    def flag(self, value: Any, path: str, *, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, "harus ya (true) atau tidak (false)")
            return default
        return value

    def choice(self, value: Any, path: str, options: tuple[str, ...], *, default: str) -> str:
        if value is None:
            return default
        if value not in options:
            self.fail(path, f"harus salah satu dari: {', '.join(options)}")
            return default
        return str(value)

    def bands(self, value: Any, path: str, *, maximum: Decimal | None) -> tuple[Band, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, "harus berupa daftar pasangan [mulai, nilai]")
            return ()
        bands: list[Band] = []
        errors_before = len(self.errors)
        for index, row in enumerate(value):
            where = f"{path}[{index + 1}]"
            if not isinstance(row, list | tuple) or len(row) != 2:
                self.fail(where, "harus pasangan [mulai, nilai]")
                continue
            bands.append(
                Band(
                    self.number(row[0], f"{where}.mulai"),
                    self.number(row[1], f"{where}.nilai", maximum=maximum),
                )
            )
        starts = [band.mulai for band in bands]
        # A bad row reads as 0 and would look out of order; it is already reported.
        if len(self.errors) == errors_before and any(a >= b for a, b in pairwise(starts)):
            self.fail(path, "nilai 'mulai' harus naik dan tidak berulang")
        return tuple(bands)

    def reported(self, path: str) -> bool:
        """Whether an error was already given for `path` or anything under it."""
        return any(
            error == path or error.startswith((f"{path}:", f"{path}.", f"{path}["))
            for error in self.errors
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


TOP_KEYS = {
    "versi_skema", "nama", "berlaku_mulai", "besaran", "komponen", "kinerja", "disiplin",
    "hukuman_disiplin", "status", "kategori", "pajak", "bpjs", "catatan",
}  # fmt: skip


def parse_policy(document: Any) -> Policy:
    """Validate a whole document; raise PolicyError listing every problem."""
    if not isinstance(document, Mapping):
        raise PolicyError(["dokumen kebijakan harus berupa pemetaan kunci: nilai"])
    read = _Reader()
    data: Mapping[str, Any] = document
    read.known_keys(data, TOP_KEYS, "")
    versi = data.get("versi_skema")
    # `true` and 1.0 equal 1 in Python; only the integer names this schema.
    if type(versi) is not int or versi != SCHEMA_VERSION:
        read.fail("versi_skema", f"harus {SCHEMA_VERSION}")
    nama = data.get("nama")
    if not isinstance(nama, str) or not nama.strip():
        read.fail("nama", "wajib diisi dengan teks")
        nama = ""
    berlaku = _date(read, data.get("berlaku_mulai"), "berlaku_mulai")
    per_kelas, per_jabatan = _besaran(read, data.get("besaran"))
    komponen = _komponen(read, data.get("komponen"), per_kelas, per_jabatan)
    pajak = _pajak(read, data.get("pajak"))
    bpjs = _bpjs(read, data.get("bpjs"))
    _deductions_fit(read, pajak, bpjs)
    policy = Policy(
        nama=nama.strip(),
        berlaku_mulai=berlaku,
        per_kelas=per_kelas,
        per_jabatan=per_jabatan,
        komponen=komponen,
        kinerja=_kinerja(read, data.get("kinerja")),
        disiplin=_disiplin(read, data.get("disiplin")),
        hukuman_disiplin=_percent_map(read, data.get("hukuman_disiplin"), "hukuman_disiplin"),
        status=_status(read, data.get("status")),
        kategori=_kategori(read, data.get("kategori")),
        pajak=pajak,
        bpjs=bpjs,
    )
    if read.errors:
        raise PolicyError(read.errors)
    return policy


def _date(read: _Reader, value: Any, path: str) -> dt.date:
    # YAML reads "2025-01-01 00:00" as a datetime; the policy starts on a day.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    read.fail(path, "wajib tanggal dengan format TTTT-BB-HH")
    return dt.date(1970, 1, 1)


def _amounts(read: _Reader, value: Any, path: str) -> dict[str, Decimal]:
    data = read.mapping(value, path, required=True)
    amounts: dict[str, Decimal] = {}
    for key, amount in data.items():
        if key not in KOMPONEN:
            read.fail(_join(path, str(key)), f"komponen tidak dikenal ({', '.join(KOMPONEN)})")
            continue
        amounts[key] = read.number(amount, _join(path, key))
    return amounts


def _besaran(
    read: _Reader, value: Any
) -> tuple[dict[int, dict[str, Decimal]], dict[str, dict[str, Decimal]]]:
    data = read.mapping(value, "besaran", required=True)
    read.known_keys(data, {"per_kelas", "per_jabatan"}, "besaran")
    per_kelas: dict[int, dict[str, Decimal]] = {}
    for key, amounts in read.mapping(data.get("per_kelas"), "besaran.per_kelas").items():
        path = f"besaran.per_kelas.{key}"
        try:
            kelas = int(str(key))
        except ValueError:
            read.fail(path, "kelas jabatan harus bilangan bulat 1-17")
            continue
        if not 1 <= kelas <= 17:
            read.fail(path, "kelas jabatan harus bilangan bulat 1-17")
            continue
        if kelas in per_kelas:
            read.fail(path, f"kelas {kelas} ditulis lebih dari sekali")
            continue
        per_kelas[kelas] = _amounts(read, amounts, path)
    per_jabatan: dict[str, dict[str, Decimal]] = {}
    for kode, amounts in read.mapping(data.get("per_jabatan"), "besaran.per_jabatan").items():
        path = f"besaran.per_jabatan.{kode}"
        # YAML turns an unquoted 0123 into the number 83 (octal): the code must be quoted.
        if not isinstance(kode, str) or not kode.strip():
            read.fail(path, "kode jabatan harus teks; beri tanda kutip, mis. '0123'")
            continue
        per_jabatan[kode] = _amounts(read, amounts, path)
    if not per_kelas and not per_jabatan and not read.reported("besaran"):
        read.fail("besaran", "isi per_kelas atau per_jabatan")
    return per_kelas, per_jabatan


def _komponen(
    read: _Reader,
    value: Any,
    per_kelas: Mapping[int, Mapping[str, Decimal]],
    per_jabatan: Mapping[str, Mapping[str, Decimal]],
) -> dict[str, Split]:
    data = read.mapping(value, "komponen", required=True)
    splits: dict[str, Split] = {}
    for key, raw in data.items():
        path = f"komponen.{key}"
        if key not in KOMPONEN:
            read.fail(path, f"komponen tidak dikenal ({', '.join(KOMPONEN)})")
            continue
        shares = read.mapping(raw, path, required=True)
        read.known_keys(shares, {"kinerja", "disiplin"}, path)
        split = Split(
            read.percent(shares.get("kinerja"), f"{path}.kinerja", default=ZERO),
            read.percent(shares.get("disiplin"), f"{path}.disiplin", default=ZERO),
        )
        if split.tetap < 0:
            read.fail(path, "porsi kinerja + disiplin melebihi 100")
        splits[key] = split
    used = {key for table in (*per_kelas.values(), *per_jabatan.values()) for key in table}
    for key in sorted(used - set(splits)):
        read.fail(f"komponen.{key}", "komponen punya besaran tetapi porsinya belum diatur")
    return splits


def _kinerja(read: _Reader, value: Any) -> Kinerja:
    data = read.mapping(value, "kinerja", required=True)
    read.known_keys(data, {"metode", "menit", "predikat", "bobot", "poin"}, "kinerja")
    metode = read.choice(data.get("metode"), "kinerja.metode", METODE_KINERJA, default="")
    if data.get("metode") is None:
        read.fail("kinerja.metode", f"wajib salah satu dari: {', '.join(METODE_KINERJA)}")
    menit = read.mapping(data.get("menit"), "kinerja.menit")
    read.known_keys(menit, {"cara", "ambang"}, "kinerja.menit")
    cara = read.choice(menit.get("cara"), "kinerja.menit.cara", CARA_MENIT, default="proporsional")
    ambang = read.percent(menit.get("ambang"), "kinerja.menit.ambang", default=HUNDRED)

    needs_predikat = metode in {"predikat", "campuran"}
    predikat_data = read.mapping(data.get("predikat"), "kinerja.predikat", required=needs_predikat)
    read.known_keys(predikat_data, {*PREDIKAT, "belum_dinilai"}, "kinerja.predikat")
    predikat: dict[str, Decimal] = {}
    if predikat_data or (needs_predikat and data.get("predikat") is not None):
        for key in PREDIKAT:
            predikat[key] = read.percent(predikat_data.get(key), f"kinerja.predikat.{key}")
    belum = read.percent(
        predikat_data.get("belum_dinilai"), "kinerja.predikat.belum_dinilai", default=ZERO
    )

    bobot = read.mapping(data.get("bobot"), "kinerja.bobot", required=metode == "campuran")
    read.known_keys(bobot, {"menit", "predikat"}, "kinerja.bobot")
    bobot_menit = read.percent(bobot.get("menit"), "kinerja.bobot.menit", default=ZERO)
    bobot_predikat = read.percent(bobot.get("predikat"), "kinerja.bobot.predikat", default=ZERO)
    if (
        metode == "campuran"
        and data.get("bobot") is not None
        and not read.reported("kinerja.bobot")
        and bobot_menit + bobot_predikat != HUNDRED
    ):
        read.fail("kinerja.bobot", "bobot menit + predikat harus 100")

    poin_data = read.mapping(data.get("poin"), "kinerja.poin", required=metode == "poin")
    read.known_keys(poin_data, {"tabel", "tetap"}, "kinerja.poin")
    tables: list[PointTable] = []
    raw_tables = poin_data.get("tabel")
    if metode == "poin" and not raw_tables and not read.reported("kinerja.poin"):
        read.fail("kinerja.poin.tabel", "wajib berisi paling sedikit satu tabel poin")
    elif raw_tables is not None and not isinstance(raw_tables, list):
        read.fail("kinerja.poin.tabel", "harus berupa daftar tabel poin")
    for index, raw in enumerate(raw_tables if isinstance(raw_tables, list) else []):
        path = f"kinerja.poin.tabel[{index + 1}]"
        table = read.mapping(raw, path, required=True)
        read.known_keys(table, {"masukan", "pita"}, path)
        masukan = read.choice(
            table.get("masukan"), f"{path}.masukan", tuple(MASUKAN_POIN), default=""
        )
        if table.get("masukan") is None:
            read.fail(f"{path}.masukan", f"wajib salah satu dari: {', '.join(MASUKAN_POIN)}")
        pita = read.bands(table.get("pita"), f"{path}.pita", maximum=HUNDRED)
        if not pita and not read.reported(f"{path}.pita"):
            read.fail(f"{path}.pita", "wajib berisi paling sedikit satu baris")
        tables.append(PointTable(masukan, pita))
    return Kinerja(
        metode=metode,
        cara_menit=cara,
        ambang_menit=ambang,
        predikat=predikat,
        belum_dinilai=belum,
        bobot_menit=bobot_menit,
        bobot_predikat=bobot_predikat,
        poin=tuple(tables),
        poin_tetap=read.percent(poin_data.get("tetap"), "kinerja.poin.tetap", default=ZERO),
    )


def _percent_map(read: _Reader, value: Any, path: str) -> dict[str, Decimal]:
    data = read.mapping(value, path)
    return {str(key): read.percent(raw, _join(path, str(key))) for key, raw in data.items()}


DISIPLIN_KEYS = {
    "terlambat", "pulang_cepat", "tanpa_presensi_masuk", "tanpa_presensi_pulang",
    "tanpa_keterangan", "menit_kumulatif", "lainnya", "maksimal",
}  # fmt: skip


def _disiplin(read: _Reader, value: Any) -> Disiplin:
    data = read.mapping(value, "disiplin")
    read.known_keys(data, DISIPLIN_KEYS, "disiplin")
    tk = read.mapping(data.get("tanpa_keterangan"), "disiplin.tanpa_keterangan")
    read.known_keys(tk, {"per_hari", "penuh_setelah_hari"}, "disiplin.tanpa_keterangan")
    kumulatif = read.mapping(data.get("menit_kumulatif"), "disiplin.menit_kumulatif")
    read.known_keys(
        kumulatif, {"blok", "potongan_per_blok", "maksimal"}, "disiplin.menit_kumulatif"
    )
    blok = read.whole(kumulatif.get("blok"), "disiplin.menit_kumulatif.blok", minimum=1)
    if kumulatif:
        for key, what in (("blok", "menit per blok"), ("potongan_per_blok", "% per blok")):
            if kumulatif.get(key) is None:
                read.fail(f"disiplin.menit_kumulatif.{key}", f"wajib diisi ({what})")
    batas_kumulatif = kumulatif.get("maksimal")
    return Disiplin(
        terlambat=read.bands(data.get("terlambat"), "disiplin.terlambat", maximum=HUNDRED),
        pulang_cepat=read.bands(data.get("pulang_cepat"), "disiplin.pulang_cepat", maximum=HUNDRED),
        tanpa_presensi_masuk=read.percent(
            data.get("tanpa_presensi_masuk"), "disiplin.tanpa_presensi_masuk", default=ZERO
        ),
        tanpa_presensi_pulang=read.percent(
            data.get("tanpa_presensi_pulang"), "disiplin.tanpa_presensi_pulang", default=ZERO
        ),
        tanpa_keterangan_per_hari=read.percent(
            tk.get("per_hari"), "disiplin.tanpa_keterangan.per_hari", default=ZERO
        ),
        tanpa_keterangan_penuh_setelah=read.whole(
            tk.get("penuh_setelah_hari"), "disiplin.tanpa_keterangan.penuh_setelah_hari"
        ),
        blok_menit=blok,
        potongan_per_blok=read.percent(
            kumulatif.get("potongan_per_blok"),
            "disiplin.menit_kumulatif.potongan_per_blok",
            default=ZERO,
        ),
        maksimal_kumulatif=None
        if batas_kumulatif is None
        else read.percent(batas_kumulatif, "disiplin.menit_kumulatif.maksimal"),
        lainnya=_percent_map(read, data.get("lainnya"), "disiplin.lainnya"),
        maksimal=read.percent(data.get("maksimal"), "disiplin.maksimal", default=HUNDRED),
    )


STATUS_KEYS = {"cpns", "pppk", "kedudukan", "cuti_tanpa_tpp", "pro_rata", "plt_setingkat", "plh"}


def _status(read: _Reader, value: Any) -> Status:
    data = read.mapping(value, "status")
    read.known_keys(data, STATUS_KEYS, "status")
    kedudukan = _percent_map(read, data.get("kedudukan"), "status.kedudukan")
    for key in kedudukan:
        if key not in KEDUDUKAN_DIATUR:
            read.fail(
                f"status.kedudukan.{key}", f"harus salah satu dari: {', '.join(KEDUDUKAN_DIATUR)}"
            )
    cuti = data.get("cuti_tanpa_tpp") or []
    if not isinstance(cuti, list) or any(kind not in JENIS_CUTI for kind in cuti):
        read.fail("status.cuti_tanpa_tpp", f"harus daftar dari: {', '.join(JENIS_CUTI)}")
        cuti = []
    return Status(
        cpns=read.percent(data.get("cpns"), "status.cpns", default=HUNDRED),
        pppk=read.percent(data.get("pppk"), "status.pppk", default=HUNDRED),
        kedudukan=kedudukan,
        cuti_tanpa_tpp=tuple(str(kind) for kind in cuti),
        pro_rata=read.flag(data.get("pro_rata"), "status.pro_rata", default=True),
        plt_setingkat=read.percent(data.get("plt_setingkat"), "status.plt_setingkat", default=ZERO),
        plh=read.percent(data.get("plh"), "status.plh", default=ZERO),
    )


KATEGORI = ("guru", "tenaga_kesehatan", "umum")


def _kategori(read: _Reader, value: Any) -> dict[str, Kategori]:
    data = read.mapping(value, "kategori")
    rules: dict[str, Kategori] = {}
    for key, raw in data.items():
        path = f"kategori.{key}"
        if key not in KATEGORI:
            read.fail(path, f"harus salah satu dari: {', '.join(KATEGORI)}")
            continue
        rule = read.mapping(raw, path, required=True)
        read.known_keys(rule, {"dikecualikan", "persen_besaran"}, path)
        rules[key] = Kategori(
            dikecualikan=read.flag(rule.get("dikecualikan"), f"{path}.dikecualikan", default=False),
            persen_besaran=read.number(
                rule.get("persen_besaran"), f"{path}.persen_besaran", default=HUNDRED
            ),
        )
    return rules


def _pajak(read: _Reader, value: Any) -> Pajak:
    data = read.mapping(value, "pajak")
    read.known_keys(data, {"ditanggung_pemerintah", "tarif"}, "pajak")
    borne = read.flag(
        data.get("ditanggung_pemerintah"), "pajak.ditanggung_pemerintah", default=True
    )
    tarif = _percent_map(read, data.get("tarif"), "pajak.tarif")
    for key in tarif:
        if not _is_golongan(key):
            read.fail(
                f"pajak.tarif.{key}",
                "harus golongan ruang (mis. III/a), kelompoknya (III) atau golongan PPPK (IX)",
            )
    if not borne and not tarif and not read.reported("pajak"):
        read.fail("pajak.tarif", "wajib diisi bila PPh 21 tidak ditanggung pemerintah")
    return Pajak(ditanggung_pemerintah=borne, tarif=tarif)


def _bpjs(read: _Reader, value: Any) -> Bpjs:
    data = read.mapping(value, "bpjs")
    read.known_keys(data, {"pemberi_kerja", "pegawai", "batas_dasar"}, "bpjs")
    batas = data.get("batas_dasar")
    batas_dasar = None if batas is None else read.number(batas, "bpjs.batas_dasar")
    if batas_dasar is not None and batas_dasar <= 0 and not read.reported("bpjs.batas_dasar"):
        read.fail("bpjs.batas_dasar", "harus lebih dari 0 (hapus kunci ini bila tanpa batas)")
    return Bpjs(
        pemberi_kerja=read.percent(data.get("pemberi_kerja"), "bpjs.pemberi_kerja", default=ZERO),
        pegawai=read.percent(data.get("pegawai"), "bpjs.pegawai", default=ZERO),
        batas_dasar=batas_dasar,
    )


def _deductions_fit(read: _Reader, pajak: Pajak, bpjs: Bpjs) -> None:
    """Both are taken from the same gross, so together they must leave it non-negative."""
    if pajak.ditanggung_pemerintah or not pajak.tarif:
        return
    highest = max(pajak.tarif.values())
    if bpjs.pegawai + highest > HUNDRED:
        read.fail(
            "bpjs.pegawai",
            f"iuran pegawai {_plain(bpjs.pegawai)}% ditambah tarif PPh 21 tertinggi "
            f"{_plain(highest)}% melebihi 100%",
        )


def _num(value: Decimal) -> int | float | str:
    """A Decimal as the plainest YAML number (whole numbers without a decimal point); as text
    when a float would change it, which `parse_policy` reads back exactly."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else _plain(value)


def _bands_out(bands: tuple[Band, ...]) -> list[list[int | float | str]]:
    return [[_num(band.mulai), _num(band.nilai)] for band in bands]


def to_document(policy: Policy) -> dict[str, Any]:
    """The policy as a plain document that `parse_policy` reads back to an equal policy."""
    kin = policy.kinerja
    dis = policy.disiplin
    kinerja: dict[str, Any] = {
        "metode": kin.metode,
        "menit": {"cara": kin.cara_menit, "ambang": _num(kin.ambang_menit)},
    }
    if kin.predikat:
        kinerja["predikat"] = {k: _num(v) for k, v in kin.predikat.items()} | {
            "belum_dinilai": _num(kin.belum_dinilai)
        }
    if kin.metode == "campuran" or kin.bobot_menit or kin.bobot_predikat:
        kinerja["bobot"] = {"menit": _num(kin.bobot_menit), "predikat": _num(kin.bobot_predikat)}
    if kin.poin or kin.poin_tetap:
        kinerja["poin"] = {
            "tabel": [{"masukan": t.masukan, "pita": _bands_out(t.pita)} for t in kin.poin],
            "tetap": _num(kin.poin_tetap),
        }
    disiplin: dict[str, Any] = {
        "terlambat": _bands_out(dis.terlambat),
        "pulang_cepat": _bands_out(dis.pulang_cepat),
        "tanpa_presensi_masuk": _num(dis.tanpa_presensi_masuk),
        "tanpa_presensi_pulang": _num(dis.tanpa_presensi_pulang),
        "tanpa_keterangan": {"per_hari": _num(dis.tanpa_keterangan_per_hari)},
        "lainnya": {k: _num(v) for k, v in dis.lainnya.items()},
        "maksimal": _num(dis.maksimal),
    }
    if dis.tanpa_keterangan_penuh_setelah is not None:
        disiplin["tanpa_keterangan"]["penuh_setelah_hari"] = dis.tanpa_keterangan_penuh_setelah
    if dis.blok_menit is not None:
        disiplin["menit_kumulatif"] = {
            "blok": dis.blok_menit,
            "potongan_per_blok": _num(dis.potongan_per_blok),
        }
        if dis.maksimal_kumulatif is not None:
            disiplin["menit_kumulatif"]["maksimal"] = _num(dis.maksimal_kumulatif)
    st = policy.status
    bpjs: dict[str, Any] = {
        "pemberi_kerja": _num(policy.bpjs.pemberi_kerja),
        "pegawai": _num(policy.bpjs.pegawai),
    }
    if policy.bpjs.batas_dasar is not None:
        bpjs["batas_dasar"] = _num(policy.bpjs.batas_dasar)
    return {
        "versi_skema": SCHEMA_VERSION,
        "nama": policy.nama,
        "berlaku_mulai": policy.berlaku_mulai.isoformat(),
        "besaran": {
            "per_kelas": {
                kelas: {k: _num(v) for k, v in amounts.items()}
                for kelas, amounts in sorted(policy.per_kelas.items())
            },
            "per_jabatan": {
                kode: {k: _num(v) for k, v in amounts.items()}
                for kode, amounts in sorted(policy.per_jabatan.items())
            },
        },
        "komponen": {
            key: {"kinerja": _num(split.kinerja), "disiplin": _num(split.disiplin)}
            for key, split in policy.komponen.items()
        },
        "kinerja": kinerja,
        "disiplin": disiplin,
        "hukuman_disiplin": {k: _num(v) for k, v in policy.hukuman_disiplin.items()},
        "status": {
            "cpns": _num(st.cpns),
            "pppk": _num(st.pppk),
            "kedudukan": {k: _num(v) for k, v in st.kedudukan.items()},
            "cuti_tanpa_tpp": list(st.cuti_tanpa_tpp),
            "pro_rata": st.pro_rata,
            "plt_setingkat": _num(st.plt_setingkat),
            "plh": _num(st.plh),
        },
        "kategori": {
            key: {"dikecualikan": rule.dikecualikan, "persen_besaran": _num(rule.persen_besaran)}
            for key, rule in policy.kategori.items()
        },
        "pajak": {
            "ditanggung_pemerintah": policy.pajak.ditanggung_pemerintah,
            "tarif": {k: _num(v) for k, v in policy.pajak.tarif.items()},
        },
        "bpjs": bpjs,
    }
