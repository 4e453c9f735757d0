"""The TPP of one employee for one month (domain.md 3 and 4): a pure function of the region's
policy (`policy.Policy`) and what the month measured (`EmployeeMonth`).

Every rupiah comes out as a `Step` that says what it is, the rule and the numbers that produced
it, so "TPP saya" can explain a payslip line by line. Money is `Decimal`, rounded half up to
whole rupiah at each step, so the steps add up exactly to the totals.

Order: base amount per component (kelas or jabatan, Plt/Plh, kategori %) -> each component's
performance, discipline and fixed shares -> pro rata for days not employed or on unpaid leave
-> status (CPNS, PPPK, kedudukan) -> hukuman disiplin -> BPJS and PPh 21."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .policy import HUNDRED, KOMPONEN, PREDIKAT, ZERO, Band, Disiplin, Kinerja, Policy, Split

RUPIAH = Decimal(1)
PERSEN = Decimal("0.01")


@dataclass(frozen=True)
class Acting:
    """A Plt or Plh seat held during the month, for `hari` of its working days."""

    jenis: str
    kode_jabatan: str
    kelas_jabatan: int | None
    hari: int


@dataclass(frozen=True)
class EmployeeMonth:
    employee_id: int
    status: str
    kategori: str
    kedudukan: str
    golongan: str
    kode_jabatan: str
    kelas_jabatan: int | None
    hari_kerja: int
    hari_bekerja: int
    menit_kredit: int = 0
    target_menit: int = 0
    predikat: str = ""
    terlambat: tuple[int, ...] = ()
    pulang_cepat: tuple[int, ...] = ()
    tanpa_presensi_masuk: int = 0
    tanpa_presensi_pulang: int = 0
    hari_tanpa_keterangan: int = 0
    hari_hadir: int = 0
    cuti_hari: Mapping[str, int] = field(default_factory=dict)
    lainnya: Mapping[str, int] = field(default_factory=dict)
    hukuman: tuple[str, ...] = ()
    penugasan: tuple[Acting, ...] = ()


@dataclass(frozen=True)
class Step:
    kode: str
    uraian: str
    rumus: str
    jumlah: Decimal


@dataclass(frozen=True)
class Factor:
    uraian: str
    nilai: Decimal


@dataclass(frozen=True)
class Result:
    besaran: Decimal
    kinerja_persen: Decimal
    disiplin_persen: Decimal
    bruto: Decimal
    bpjs_pegawai: Decimal
    bpjs_pemberi_kerja: Decimal
    pajak: Decimal
    bersih: Decimal
    langkah: tuple[Step, ...]
    rincian_kinerja: tuple[Factor, ...]
    rincian_disiplin: tuple[Factor, ...]
    catatan: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money and percentages as strings, so nothing is lost to floats."""
        data: dict[str, Any] = _strings(asdict(self))
        return data


def _strings(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strings(item) for item in value]
    return value


def rupiah(amount: Decimal) -> str:
    """Rp 1.234.567 (negative as -Rp 1.234.567)."""
    whole = int(amount.quantize(RUPIAH, ROUND_HALF_UP))
    text = f"{abs(whole):,}".replace(",", ".")
    return f"-Rp {text}" if whole < 0 else f"Rp {text}"


def persen(value: Decimal) -> str:
    """92,5% (at most two decimals, no trailing zeros)."""
    text = format(value.quantize(PERSEN, ROUND_HALF_UP).normalize(), "f")
    return text.replace(".", ",") + "%"


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(RUPIAH, ROUND_HALF_UP)


def band_value(bands: tuple[Band, ...], value: Decimal) -> Decimal:
    """The value of the highest band whose start is at or below `value`; 0 below every band."""
    found = ZERO
    for band in bands:
        if value >= band.mulai:
            found = band.nilai
    return found


def _ribuan(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def capaian_menit(credited: int, target: int) -> Decimal:
    """min(100, credited / target x 100), half up to two decimals (domain.md 4). No target
    means 100: a month the system set no target for cuts nobody."""
    if target <= 0:
        return HUNDRED
    ratio = Decimal(credited) * HUNDRED / Decimal(target)
    return min(HUNDRED, ratio.quantize(PERSEN, ROUND_HALF_UP))


def measures(month: EmployeeMonth) -> dict[str, Decimal]:
    """The numbers point tables may read (policy.MASUKAN_POIN)."""
    return {
        "capaian_menit": capaian_menit(month.menit_kredit, month.target_menit),
        "menit_terlambat": Decimal(sum(month.terlambat)),
        "menit_pulang_cepat": Decimal(sum(month.pulang_cepat)),
        "kali_terlambat": Decimal(sum(1 for m in month.terlambat if m > 0)),
        "kali_pulang_cepat": Decimal(sum(1 for m in month.pulang_cepat if m > 0)),
        "hari_tanpa_keterangan": Decimal(month.hari_tanpa_keterangan),
        "hari_tidak_hadir": Decimal(max(0, month.hari_bekerja - month.hari_hadir)),
    }


def performance_factor(policy: Policy, month: EmployeeMonth) -> tuple[Decimal, list[Factor]]:
    """The % of each component's performance share that is paid, with its reasoning."""
    kin = policy.kinerja
    details: list[Factor] = []
    if kin.metode == "menit":
        value = _by_minutes(kin, month, details)
    elif kin.metode == "predikat":
        value = _by_predikat(kin, month, details)
    elif kin.metode == "campuran":
        value = _by_mix(kin, month, details)
    elif kin.metode == "poin":
        value = _by_points(kin, month, details)
    else:
        raise ValueError(f"metode kinerja tidak dikenal: {kin.metode!r}")
    return value, details


def _by_minutes(kin: Kinerja, month: EmployeeMonth, details: list[Factor]) -> Decimal:
    capaian = capaian_menit(month.menit_kredit, month.target_menit)
    details.append(
        Factor(
            f"Capaian menit kerja efektif: {_ribuan(month.menit_kredit)} dari "
            f"{_ribuan(month.target_menit)} menit",
            capaian,
        )
    )
    if kin.cara_menit != "ambang":
        return capaian
    paid = HUNDRED if capaian >= kin.ambang_menit else ZERO
    details.append(Factor(f"Dibayar penuh bila capaian mencapai {persen(kin.ambang_menit)}", paid))
    return paid


def _by_predikat(kin: Kinerja, month: EmployeeMonth, details: list[Factor]) -> Decimal:
    if month.predikat in kin.predikat:
        value = kin.predikat[month.predikat]
        details.append(Factor(f"Predikat kinerja {PREDIKAT[month.predikat]}", value))
        return value
    if month.predikat:
        # A code the table does not know must not pass silently as "not yet rated".
        label = f"Predikat '{month.predikat}' tidak ada dalam tabel; dianggap belum dinilai"
    else:
        label = "Predikat kinerja belum ditetapkan"
    details.append(Factor(label, kin.belum_dinilai))
    return kin.belum_dinilai


def _by_mix(kin: Kinerja, month: EmployeeMonth, details: list[Factor]) -> Decimal:
    minutes = _by_minutes(kin, month, details)
    predikat = _by_predikat(kin, month, details)
    weighted = (minutes * kin.bobot_menit + predikat * kin.bobot_predikat) / HUNDRED
    value = weighted.quantize(PERSEN, ROUND_HALF_UP)
    details.append(
        Factor(
            f"Gabungan: menit {persen(kin.bobot_menit)} + predikat {persen(kin.bobot_predikat)}",
            value,
        )
    )
    return value


def _by_points(kin: Kinerja, month: EmployeeMonth, details: list[Factor]) -> Decimal:
    measured = measures(month)
    total = kin.poin_tetap
    if kin.poin_tetap:
        details.append(Factor("Poin tetap", kin.poin_tetap))
    for table in kin.poin:
        value = measured[table.masukan]
        points = band_value(table.pita, value)
        details.append(Factor(f"{table.masukan.replace('_', ' ')} = {value.normalize():f}", points))
        total += points
    return min(HUNDRED, total)


def discipline_factor(policy: Policy, month: EmployeeMonth) -> tuple[Decimal, list[Factor]]:
    """100 minus the month's discipline deductions, in %, with each deduction. The total is
    capped at `maksimal`, except that absence beyond `penuh_setelah_hari` always takes all:
    "full" would mean nothing if a lower cap still applied."""
    dis = policy.disiplin
    details = [
        *_occurrences("Terlambat", month.terlambat, dis.terlambat),
        *_occurrences("Pulang sebelum waktu", month.pulang_cepat, dis.pulang_cepat),
        *_missing_punches(dis, month),
        *_absence(dis, month),
        *_cumulative_minutes(dis, month),
        *_other_items(dis, month),
    ]
    if _absent_too_long(dis, month):
        return ZERO, details
    total = sum((item.nilai for item in details), ZERO)
    if total > dis.maksimal:
        details.append(
            Factor(f"Potongan dibatasi paling banyak {persen(dis.maksimal)}", dis.maksimal)
        )
        total = dis.maksimal
    return max(ZERO, HUNDRED - total), details


def _occurrences(label: str, minutes: tuple[int, ...], bands: tuple[Band, ...]) -> list[Factor]:
    """One deduction per late arrival (or early leave), at the rate of the band it falls in."""
    times_in_band = [0] * len(bands)
    for value in minutes:
        if value <= 0:
            continue
        reached = [index for index, band in enumerate(bands) if value >= band.mulai]
        if reached and bands[reached[-1]].nilai:
            times_in_band[reached[-1]] += 1
    return [
        Factor(
            f"{label} {band.mulai.normalize():f} menit ke atas: {times} kali x "
            f"{persen(band.nilai)}",
            band.nilai * times,
        )
        for band, times in zip(bands, times_in_band, strict=True)
        if times
    ]


def _missing_punches(dis: Disiplin, month: EmployeeMonth) -> list[Factor]:
    return [
        Factor(f"{label}: {times} kali x {persen(rate)}", rate * times)
        for label, times, rate in (
            ("Tidak presensi masuk", month.tanpa_presensi_masuk, dis.tanpa_presensi_masuk),
            ("Tidak presensi pulang", month.tanpa_presensi_pulang, dis.tanpa_presensi_pulang),
        )
        if times and rate
    ]


def _absent_too_long(dis: Disiplin, month: EmployeeMonth) -> bool:
    limit = dis.tanpa_keterangan_penuh_setelah
    return limit is not None and month.hari_tanpa_keterangan > limit


def _absence(dis: Disiplin, month: EmployeeMonth) -> list[Factor]:
    days = month.hari_tanpa_keterangan
    if not days:
        return []
    if _absent_too_long(dis, month):
        limit = dis.tanpa_keterangan_penuh_setelah
        return [Factor(f"Tanpa keterangan {days} hari (lebih dari {limit} hari)", HUNDRED)]
    rate = dis.tanpa_keterangan_per_hari
    if not rate:
        return []
    return [Factor(f"Tanpa keterangan: {days} hari x {persen(rate)}", rate * days)]


def _cumulative_minutes(dis: Disiplin, month: EmployeeMonth) -> list[Factor]:
    if not dis.blok_menit or not dis.potongan_per_blok:
        return []
    minutes = sum(month.terlambat) + sum(month.pulang_cepat)
    blocks = minutes // dis.blok_menit
    if not blocks:
        return []
    cut = dis.potongan_per_blok * blocks
    label = (
        f"Akumulasi terlambat dan pulang cepat {_ribuan(minutes)} menit: {blocks} blok "
        f"{_ribuan(dis.blok_menit)} menit x {persen(dis.potongan_per_blok)}"
    )
    if dis.maksimal_kumulatif is not None and cut > dis.maksimal_kumulatif:
        cut = dis.maksimal_kumulatif
        label += f", paling banyak {persen(cut)}"
    return [Factor(label, cut)]


def _other_items(dis: Disiplin, month: EmployeeMonth) -> list[Factor]:
    factors = []
    for code, times in sorted(month.lainnya.items()):
        rate = dis.lainnya.get(code)
        if times and rate:
            name = code.replace("_", " ").capitalize()
            factors.append(Factor(f"{name}: {times} kali x {persen(rate)}", rate * times))
    return factors


def _amounts_for(policy: Policy, kode: str, kelas: int | None) -> Mapping[str, Decimal] | None:
    if kode in policy.per_jabatan:
        return policy.per_jabatan[kode]
    if kelas is not None and kelas in policy.per_kelas:
        return policy.per_kelas[kelas]
    return None


def base_amounts(
    policy: Policy, month: EmployeeMonth, notes: list[str]
) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Each component's monthly base, with how it was reached: the own seat for the days not
    spent as Plt of a higher seat, plus any Plt/Plh seat, all times the kategori %."""
    own = _amounts_for(policy, month.kode_jabatan, month.kelas_jabatan)
    if own is None:
        notes.append(
            f"Jabatan {month.kode_jabatan or '-'} (kelas {month.kelas_jabatan or '-'}) "
            "tidak ada dalam tabel besaran TPP."
        )
        return {}, {}
    base = {key: own[key] for key in KOMPONEN if key in own}
    how = {key: rupiah(amount) for key, amount in base.items()}
    if month.penugasan:
        _add_acting_seats(policy, month, own, base, how, notes)
    _apply_kategori(policy, month, base, how)
    return base, how


def _is_higher(
    month: EmployeeMonth, seat: Acting, own: Mapping[str, Decimal], other: Mapping[str, Decimal]
) -> bool:
    """By kelas when both are known; a seat found only by its code compares by amount."""
    if seat.kelas_jabatan is not None and month.kelas_jabatan is not None:
        return seat.kelas_jabatan > month.kelas_jabatan
    return sum(other.values(), ZERO) > sum(own.values(), ZERO)


_Higher = list[tuple[Acting, Mapping[str, Decimal], int]]
_Beside = list[tuple[Acting, Mapping[str, Decimal]]]


def _add_acting_seats(
    policy: Policy,
    month: EmployeeMonth,
    own: Mapping[str, Decimal],
    base: dict[str, Decimal],
    how: dict[str, str],
    notes: list[str],
) -> None:
    """Plt of a higher seat replaces the own seat for its days (S23, S24); Plt of a same-level
    seat, or Plh, adds a % of that seat for its days. Each seat is weighed separately, so two
    seats in one month neither compound nor undo each other."""
    hari_kerja = month.hari_kerja
    if hari_kerja <= 0:
        notes.append("Bulan ini tanpa hari kerja; penugasan Plt/Plh tidak dihitung.")
        return
    own_days, higher, beside = _sort_seats(policy, month, own, notes)
    if own_days < hari_kerja:
        for key in base:
            base[key] = base[key] * own_days / hari_kerja
            how[key] = f"{how[key]} x {own_days}/{hari_kerja} hari"
    for seat, other, days in higher:
        for key, theirs in _in_order(other):
            base[key] = base.get(key, ZERO) + theirs * days / hari_kerja
            how[key] = (
                f"{how.get(key, rupiah(ZERO))} + {rupiah(theirs)} x {days}/{hari_kerja} "
                f"hari (Plt jabatan lebih tinggi {seat.kode_jabatan})"
            )
    for seat, other in beside:
        rate = policy.status.plt_setingkat if seat.jenis == "plt" else policy.status.plh
        if not rate:
            continue
        share = min(Decimal(1), Decimal(max(0, seat.hari)) / hari_kerja)
        for key, theirs in _in_order(other):
            base[key] = base.get(key, ZERO) + theirs * rate / HUNDRED * share
            how[key] = (
                f"{how.get(key, rupiah(ZERO))} + {persen(rate)} x {rupiah(theirs)} "
                f"({seat.jenis.capitalize()} {seat.kode_jabatan}, {seat.hari}/{hari_kerja} hari)"
            )


def _sort_seats(
    policy: Policy, month: EmployeeMonth, own: Mapping[str, Decimal], notes: list[str]
) -> tuple[int, _Higher, _Beside]:
    """The days left to the own seat, the higher Plt seats with their days, and the rest."""
    own_days = month.hari_kerja
    higher: _Higher = []
    beside: _Beside = []
    for seat in month.penugasan:
        other = _amounts_for(policy, seat.kode_jabatan, seat.kelas_jabatan)
        if other is None:
            notes.append(
                f"Jabatan {seat.jenis.upper()} {seat.kode_jabatan} "
                "tidak ada dalam tabel besaran TPP."
            )
        elif seat.jenis == "plt" and _is_higher(month, seat, own, other):
            # Overlapping seats cannot together take more days than the month has.
            days = min(max(0, seat.hari), own_days)
            own_days -= days
            higher.append((seat, other, days))
        else:
            beside.append((seat, other))
    return own_days, higher, beside


def _in_order(amounts: Mapping[str, Decimal]) -> list[tuple[str, Decimal]]:
    return [(key, amounts[key]) for key in KOMPONEN if key in amounts]


def _apply_kategori(
    policy: Policy, month: EmployeeMonth, base: dict[str, Decimal], how: dict[str, str]
) -> None:
    """The kategori % belongs to the person, so it applies to acting seats too."""
    rule = policy.kategori.get(month.kategori)
    if rule is None or rule.persen_besaran == HUNDRED:
        return
    for key in base:
        base[key] = base[key] * rule.persen_besaran / HUNDRED
        text = f"({how[key]})" if " + " in how[key] else how[key]
        how[key] = f"{text} x {persen(rule.persen_besaran)} (kategori {month.kategori})"


# Steps taken from the bruto: on a breakdown they are listed after it.
AFTER_BRUTO = frozenset({"bpjs_pegawai", "pajak"})


class _Ledger:
    """The steps so far; each later rule cuts what they add up to."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    @property
    def total(self) -> Decimal:
        return sum((step.jumlah for step in self.steps), ZERO)

    def deduct(self, kode: str, uraian: str, rumus: str, amount: Decimal) -> None:
        self.steps.append(Step(kode, uraian, rumus, -amount))


def compute(policy: Policy, month: EmployeeMonth) -> Result:
    """One employee's TPP for one month, in the order of the module docstring."""
    notes: list[str] = []
    kategori = policy.kategori.get(month.kategori)
    if kategori is not None and kategori.dikecualikan:
        notes.append(
            f"Kategori {month.kategori.replace('_', ' ')} tidak menerima TPP menurut kebijakan ini."
        )
        return _empty(notes)
    base, how = base_amounts(policy, month, notes)
    if not base:
        return _empty(notes)
    kinerja, kin_details = performance_factor(policy, month)
    disiplin, dis_details = discipline_factor(policy, month)

    ledger = _Ledger()
    ledger.steps.extend(_component_steps(policy, base, how, kinerja, disiplin))
    _pro_rata(policy, month, ledger)
    _status_cuts(policy, month, ledger)
    _hukuman_cut(policy, month, ledger, notes)
    bruto = ledger.total
    bpjs_pegawai, bpjs_pemda = _bpjs(policy, bruto, ledger, notes)
    pajak = _pph21(policy, month.golongan, bruto, ledger, notes)
    return Result(
        besaran=sum((_round(amount) for amount in base.values()), ZERO),
        kinerja_persen=kinerja,
        disiplin_persen=disiplin,
        bruto=bruto,
        bpjs_pegawai=bpjs_pegawai,
        bpjs_pemberi_kerja=bpjs_pemda,
        pajak=pajak,
        bersih=bruto - bpjs_pegawai - pajak,
        langkah=tuple(ledger.steps),
        rincian_kinerja=tuple(kin_details),
        rincian_disiplin=tuple(dis_details),
        catatan=tuple(notes),
    )


def _component_steps(
    policy: Policy,
    base: Mapping[str, Decimal],
    how: Mapping[str, str],
    kinerja: Decimal,
    disiplin: Decimal,
) -> list[Step]:
    """Each component's performance, discipline and fixed shares, one step each."""
    steps: list[Step] = []
    for key in KOMPONEN:
        if key not in base:
            continue
        split = policy.komponen[key]
        portions = _portions(_round(base[key]), split)
        for part, share, portion, factor, label in (
            ("kinerja", split.kinerja, portions[0], kinerja, "kinerja"),
            ("disiplin", split.disiplin, portions[1], disiplin, "disiplin"),
            ("tetap", split.tetap, portions[2], HUNDRED, "dibayar penuh"),
        ):
            if not share:
                continue
            rumus = f"{how[key]} x porsi {persen(share)}"
            if part != "tetap":
                rumus += f" = {rupiah(portion)} x nilai {label} {persen(factor)}"
            steps.append(
                Step(
                    f"{key}.{part}",
                    f"{KOMPONEN[key]}: porsi {label}",
                    rumus,
                    _round(portion * factor / HUNDRED),
                )
            )
    return steps


def _portions(amount: Decimal, split: Split) -> tuple[Decimal, Decimal, Decimal]:
    """The kinerja, disiplin and fixed portions of a whole-rupiah amount, rounded half up on
    running totals so they add up to the amount exactly: rounded separately, 50/50 of
    Rp 1.001 would be 501 + 501 and a full performer would be paid more than the TPP."""
    kinerja = _round(amount * split.kinerja / HUNDRED)
    disiplin = _round(amount * (split.kinerja + split.disiplin) / HUNDRED) - kinerja
    return kinerja, disiplin, amount - kinerja - disiplin


def _pro_rata(policy: Policy, month: EmployeeMonth, ledger: _Ledger) -> None:
    """Days not employed (when `pro_rata`) and days on leave the region leaves unpaid."""
    if month.hari_kerja <= 0:
        return
    paid_days = month.hari_bekerja if policy.status.pro_rata else month.hari_kerja
    unpaid = {
        kind: days
        for kind, days in month.cuti_hari.items()
        if kind in policy.status.cuti_tanpa_tpp and days
    }
    paid_days = max(0, paid_days - sum(unpaid.values()))
    if paid_days >= month.hari_kerja:
        return
    running = ledger.total
    missed = month.hari_kerja - paid_days
    reason = f"{paid_days} dari {month.hari_kerja} hari kerja dibayar"
    if unpaid:
        leave = ", ".join(f"{kind} {days} hari" for kind, days in sorted(unpaid.items()))
        reason += f" (cuti tanpa TPP: {leave})"
    ledger.deduct(
        "pro_rata",
        "Pro rata hari kerja",
        f"{rupiah(running)} x {missed}/{month.hari_kerja}; {reason}",
        _round(running * missed / month.hari_kerja),
    )


def _status_cuts(policy: Policy, month: EmployeeMonth, ledger: _Ledger) -> None:
    for label, rate in _status_rates(policy, month):
        if rate < HUNDRED:
            running = ledger.total
            ledger.deduct(
                "status",
                label,
                f"{rupiah(running)} x (100% - {persen(rate)})",
                _round(running * (HUNDRED - rate) / HUNDRED),
            )


def _status_rates(policy: Policy, month: EmployeeMonth) -> list[tuple[str, Decimal]]:
    rates: list[tuple[str, Decimal]] = []
    if month.status == "CPNS":
        rates.append((f"CPNS dibayar {persen(policy.status.cpns)}", policy.status.cpns))
    elif month.status == "PPPK":
        rates.append((f"PPPK dibayar {persen(policy.status.pppk)}", policy.status.pppk))
    rate = policy.status.kedudukan.get(month.kedudukan)
    if rate is not None:
        rates.append(
            (f"Kedudukan {month.kedudukan.replace('_', ' ')} dibayar {persen(rate)}", rate)
        )
    return rates


def _hukuman_cut(policy: Policy, month: EmployeeMonth, ledger: _Ledger, notes: list[str]) -> None:
    """Only the heaviest sanction in force cuts; sanctions do not add up."""
    known: list[tuple[str, Decimal]] = []
    for code in dict.fromkeys(month.hukuman):
        if code in policy.hukuman_disiplin:
            known.append((code, policy.hukuman_disiplin[code]))
        else:
            notes.append(f"Hukuman disiplin '{code}' tidak diatur dalam kebijakan; tidak dipotong.")
    if not known:
        return
    code, rate = max(known, key=lambda item: item[1])
    running = ledger.total
    ledger.deduct(
        "hukuman_disiplin",
        f"Hukuman disiplin: {code.replace('_', ' ')}",
        f"{rupiah(running)} x {persen(rate)}",
        _round(running * rate / HUNDRED),
    )


def _bpjs(
    policy: Policy, bruto: Decimal, ledger: _Ledger, notes: list[str]
) -> tuple[Decimal, Decimal]:
    """The employee's share is deducted; the employer's is only noted, the Pemda pays it."""
    bpjs = policy.bpjs
    basis = bruto if bpjs.batas_dasar is None else min(bruto, bpjs.batas_dasar)
    pegawai = _round(basis * bpjs.pegawai / HUNDRED)
    pemda = _round(basis * bpjs.pemberi_kerja / HUNDRED)
    if pegawai:
        ledger.deduct(
            "bpjs_pegawai",
            "Iuran BPJS Kesehatan (pegawai)",
            f"{rupiah(basis)} x {persen(bpjs.pegawai)}",
            pegawai,
        )
    if pemda:
        notes.append(
            f"Iuran BPJS Kesehatan pemberi kerja {persen(bpjs.pemberi_kerja)} = "
            f"{rupiah(pemda)}, dibayar pemerintah daerah."
        )
    return pegawai, pemda


def _pph21(
    policy: Policy, golongan: str, bruto: Decimal, ledger: _Ledger, notes: list[str]
) -> Decimal:
    if policy.pajak.ditanggung_pemerintah:
        notes.append("PPh 21 atas TPP ditanggung pemerintah daerah.")
        return ZERO
    rate = tax_rate(policy, golongan)
    pajak = _round(bruto * rate / HUNDRED)
    if pajak:
        ledger.deduct(
            "pajak",
            f"PPh 21 golongan {golongan or '-'}",
            f"{rupiah(bruto)} x {persen(rate)}",
            pajak,
        )
    return pajak


def tax_rate(policy: Policy, golongan: str) -> Decimal:
    """The rate for the exact golongan ('III/a', 'IX'), else its ruang group ('III')."""
    tarif = policy.pajak.tarif
    if golongan in tarif:
        return tarif[golongan]
    return tarif.get(golongan.split("/")[0], ZERO)


def _empty(notes: list[str]) -> Result:
    return Result(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, (), (), (), tuple(notes))
