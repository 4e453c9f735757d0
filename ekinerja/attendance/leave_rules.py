"""Leave arithmetic and the per-kind rules, pure: no ORM, no Django, plain values in and out.

Cuti tahunan (PP 11/2017, domain.md 7.3) is kept as three buckets per year, the way BKN's
SIASN shows it (N, N-1, N-2):

- N: the year's own allowance (`jatah`, 12 working days);
- N-1: what was left of last year's own allowance, at most `batas_satu_tahun - jatah` (6);
- N-2: what was left of the N-1 bucket of last year, at most `batas_dua_tahun -
  batas_satu_tahun` (6).

Days taken are drawn from the oldest bucket first, so the carry that would expire soonest goes
first. The total therefore never passes 18 with one year carried or 24 with two, which is how
the regulation's "paling lama 18 / 24 hari kerja termasuk cuti tahunan tahun berjalan" reads;
the 12/18/24 come in as parameters because a region sets them (AttendancePolicy).

Kinds are identified by the string values of `choices.JenisCuti` (this module may not import
Django); a test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

TAHUNAN = "tahunan"
SAKIT = "sakit"
ALASAN_PENTING = "alasan_penting"
MELAHIRKAN = "melahirkan"
BESAR = "besar"
CLTN = "cltn"
IZIN = "izin"
DINAS_LUAR = "dinas_luar"
DIKLAT = "diklat"
WFH = "wfh"

PNS = "PNS"
CPNS = "CPNS"
PPPK = "PPPK"
PEJABAT_NEGARA = "PEJABAT_NEGARA"


@dataclass(frozen=True)
class AnnualRules:
    """The region's cuti tahunan numbers for one year."""

    jatah: int = 12
    batas_satu_tahun: int = 18
    batas_dua_tahun: int = 24

    @property
    def carry_one(self) -> int:
        return max(0, self.batas_satu_tahun - self.jatah)

    @property
    def carry_two(self) -> int:
        return max(0, self.batas_dua_tahun - max(self.batas_satu_tahun, self.jatah))


DEFAULT_ANNUAL = AnnualRules()


@dataclass(frozen=True)
class YearBalance:
    """One year of cuti tahunan: the buckets at its start, and what was drawn from them."""

    tahun: int
    jatah: int
    sisa_n1: int
    sisa_n2: int
    digunakan: int
    # Remainders at the end of the year, which the next year carries (capped there).
    akhir_n0: int
    akhir_n1: int

    @property
    def hak(self) -> int:
        """Working days the employee may take this year (entitlement)."""
        return self.jatah + self.sisa_n1 + self.sisa_n2

    @property
    def sisa(self) -> int:
        return max(0, self.hak - self.digunakan)

    @property
    def lebih(self) -> int:
        """Days taken beyond the entitlement (only through data entered around the checks)."""
        return max(0, self.digunakan - self.hak)


def annual_balances(
    first_year: int,
    last_year: int,
    used: Mapping[int, int],
    rules_for: Callable[[int], AnnualRules] = lambda _year: DEFAULT_ANNUAL,
    opening_n1: int = 0,
    opening_n2: int = 0,
) -> list[YearBalance]:
    """The balance of every year from first_year to last_year (inclusive).

    `opening_n1` / `opening_n2` are the unused days of the two years before `first_year`
    (the opening balance); `used` maps a year to the working days taken in it.
    """
    if last_year < first_year:
        return []
    rules = rules_for(first_year)
    n2 = min(max(0, opening_n2), rules.carry_two)
    n1 = min(max(0, opening_n1), rules.carry_one)
    found: list[YearBalance] = []
    for year in range(first_year, last_year + 1):
        rules = rules_for(year)
        n0 = max(0, rules.jatah)
        taken = max(0, used.get(year, 0))
        left = taken
        from_n2 = min(left, n2)
        left -= from_n2
        from_n1 = min(left, n1)
        left -= from_n1
        from_n0 = min(left, n0)
        balance = YearBalance(
            tahun=year, jatah=n0, sisa_n1=n1, sisa_n2=n2, digunakan=taken,
            akhir_n0=n0 - from_n0, akhir_n1=n1 - from_n1,
        )  # fmt: skip
        found.append(balance)
        following = rules_for(year + 1)
        n2 = min(balance.akhir_n1, following.carry_two)
        n1 = min(balance.akhir_n0, following.carry_one)
    return found


def count_working_days(first: dt.date, last: dt.date, working: Collection[dt.date]) -> int:
    """How many of the days from first to last (inclusive) are working days."""
    if last < first:
        return 0
    return sum(1 for day in working if first <= day <= last)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, on the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    days_in_month = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, days_in_month))


@dataclass(frozen=True)
class KindRule:
    """What one kind of leave allows. Lengths are calendar lengths of a single request; an
    extension (sakit +6 months, CLTN +1 year) is a further request for the atasan to weigh."""

    label: str
    max_months: int | None = None
    statuses: frozenset[str] = frozenset({PNS, CPNS, PPPK})
    women_only: bool = False
    attachment_required: bool = False
    attachment_after_days: int | None = None  # required when longer than this many days
    half_day: bool = False  # may be a part of one day (izin beberapa jam)
    backdate_days: int = 0  # how far before today it may start
    within_one_year: bool = False  # counted against one year's balance


ASN = frozenset({PNS, CPNS, PPPK})
# Cuti besar and CLTN need 5 years of service as PNS: PPPK never qualify (PP 49/2018) and a
# CPNS cannot have served that long. [U] for CPNS, as the whole table in domain.md 7.3.
PNS_ONLY = frozenset({PNS})

KINDS: Mapping[str, KindRule] = {
    TAHUNAN: KindRule("Cuti tahunan", within_one_year=True),
    # A sick note usually comes after the fact, so sick leave may start up to 30 days back;
    # from the second day on it needs the doctor's letter.
    SAKIT: KindRule("Cuti sakit", max_months=12, attachment_after_days=1, backdate_days=30),
    ALASAN_PENTING: KindRule("Cuti karena alasan penting", max_months=1),
    MELAHIRKAN: KindRule("Cuti melahirkan", max_months=3, women_only=True),
    BESAR: KindRule("Cuti besar", max_months=3, statuses=PNS_ONLY),
    CLTN: KindRule(
        "Cuti di luar tanggungan negara",
        max_months=36,
        statuses=PNS_ONLY,
        attachment_required=True,
    ),
    IZIN: KindRule("Izin", half_day=True),
    # Official duty away from the office rests on a surat tugas.
    DINAS_LUAR: KindRule("Dinas luar", half_day=True, attachment_required=True),
    DIKLAT: KindRule("Diklat", attachment_required=True),
    WFH: KindRule("Kerja dari rumah (WFH)"),
}


# How far ahead a request may start. Leave planned well ahead (cuti besar, CLTN, melahirkan)
# is arranged months before, not years; and a bound keeps every later date sum far from the
# end of the calendar, where add_months would overflow.
PLAN_AHEAD_MONTHS = 12
# The longest a request of a kind without its own cap may run.
UNCAPPED_MONTHS = 12


@dataclass(frozen=True)
class Request:
    """A request as the rules see it."""

    jenis: str
    mulai: dt.date
    selesai: dt.date
    sehari_penuh: bool
    has_attachment: bool


def _date(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def _beyond_horizon(request: Request, rule: KindRule, today: dt.date) -> list[str]:
    latest_start = add_months(today, PLAN_AHEAD_MONTHS)
    latest_end = add_months(latest_start, rule.max_months or UNCAPPED_MONTHS)
    errors = []
    if request.mulai > latest_start:
        errors.append(
            f"Tanggal mulai paling lambat {_date(latest_start)} ({PLAN_AHEAD_MONTHS} bulan "
            "dari hari ini)."
        )
    if request.selesai > latest_end:
        errors.append(f"Tanggal selesai paling lambat {_date(latest_end)}.")
    return errors


def request_errors(request: Request, *, status: str, perempuan: bool, today: dt.date) -> list[str]:
    """Why this employee may not ask for this leave over these dates (empty when fine)."""
    rule = KINDS.get(request.jenis)
    if rule is None:
        return ["Jenis cuti/izin tidak dikenal."]
    errors: list[str] = []
    if request.selesai < request.mulai:
        errors.append("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return errors
    # Alone and first: the checks below compute with the dates.
    beyond = _beyond_horizon(request, rule, today)
    if beyond:
        return beyond
    if status not in rule.statuses:
        if status == PPPK:
            errors.append(f"{rule.label} tidak tersedia bagi PPPK.")
        elif status in ASN:
            errors.append(f"{rule.label} hanya untuk PNS.")
        else:
            errors.append("Cuti dan izin hanya untuk pegawai ASN.")
    if rule.women_only and not perempuan:
        errors.append(
            f"{rule.label} hanya untuk pegawai perempuan; untuk istri melahirkan gunakan cuti "
            "karena alasan penting."
        )
    earliest = today - dt.timedelta(days=rule.backdate_days)
    if request.mulai < earliest:
        if rule.backdate_days:
            errors.append(
                f"{rule.label} paling awal dapat dimulai {_date(earliest)} "
                f"({rule.backdate_days} hari ke belakang)."
            )
        else:
            errors.append(f"{rule.label} tidak dapat diajukan untuk tanggal yang sudah lewat.")
    if rule.max_months is not None:
        limit = add_months(request.mulai, rule.max_months) - dt.timedelta(days=1)
        if request.selesai > limit:
            errors.append(
                f"{rule.label} paling lama {rule.max_months} bulan dalam satu pengajuan "
                f"(sampai {_date(limit)})."
            )
    if rule.within_one_year and request.mulai.year != request.selesai.year:
        errors.append(
            f"{rule.label} dihitung per tahun; ajukan terpisah untuk tahun {request.mulai.year} "
            f"dan {request.selesai.year}."
        )
    if not request.sehari_penuh:
        if not rule.half_day:
            errors.append(f"{rule.label} hanya dapat diajukan untuk hari penuh.")
        elif request.mulai != request.selesai:
            errors.append("Izin sebagian hari hanya untuk satu tanggal.")
    calendar_days = (request.selesai - request.mulai).days + 1
    needs_file = rule.attachment_required or (
        rule.attachment_after_days is not None and calendar_days > rule.attachment_after_days
    )
    if needs_file and not request.has_attachment:
        if rule.attachment_after_days is not None:
            errors.append(
                f"{rule.label} lebih dari {rule.attachment_after_days} hari wajib melampirkan "
                "surat keterangan dokter."
            )
        else:
            errors.append(f"{rule.label} wajib disertai lampiran (surat tugas atau dasar lain).")
    return errors


def overlaps(
    mulai: dt.date, selesai: dt.date, others: Iterable[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The ranges among `others` that share a day with mulai..selesai."""
    return [(a, b) for a, b in others if a <= selesai and b >= mulai]
