"""Reads for the monthly attendance recaps: one employee's month day by day, and the totals
of every employee in a unit. Fixed numbers of queries, whatever the number of employees."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from ekinerja.people.models import Employee

from .calendar import holidays_between
from .choices import StatusKehadiran
from .models import DailyAttendance
from .schedules import load_rules

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class BandCodes:
    tl: tuple[str, ...]
    psw: tuple[str, ...]


def band_codes(instansi_id: int, year: int, month: int) -> BandCodes:
    """The TL and PSW codes of the policies in force in the month, in table order."""
    first, last = month_bounds(year, month)
    book = load_rules(instansi_id, first, last)
    rules = book.rules or (book.on(first),)
    tl: list[str] = []
    psw: list[str] = []
    for rule in rules:
        tl += [band.code for band in rule.tl_bands if band.code not in tl]
        psw += [band.code for band in rule.psw_bands if band.code not in psw]
    return BandCodes(tuple(tl), tuple(psw))


@dataclass
class Totals:
    """A month's counts: days per status, occurrences per TL/PSW code, minutes."""

    status: Counter[str] = field(default_factory=Counter)
    tl: Counter[str] = field(default_factory=Counter)
    psw: Counter[str] = field(default_factory=Counter)
    menit_terlambat: int = 0
    menit_pulang_cepat: int = 0

    @property
    def hari_kerja(self) -> int:
        """Scheduled working days: every recorded day but holidays."""
        return sum(self.status.values()) - self.status[StatusKehadiran.LIBUR]

    @property
    def hadir(self) -> int:
        """Days at work in the office, on time or not."""
        return (
            self.status[StatusKehadiran.HADIR]
            + self.status[StatusKehadiran.TERLAMBAT]
            + self.status[StatusKehadiran.PULANG_CEPAT]
        )

    def code_counts(self, codes: BandCodes) -> list[tuple[str, int]]:
        """(code, occurrences) for every TL then PSW code, in table order, zeros included."""
        return [(c, self.tl[c]) for c in codes.tl] + [(c, self.psw[c]) for c in codes.psw]

    @property
    def cuti(self) -> int:
        return self.status[StatusKehadiran.CUTI]

    @property
    def tanpa_keterangan(self) -> int:
        return self.status[StatusKehadiran.TANPA_KETERANGAN]


@dataclass(frozen=True)
class RecapDay:
    day: dt.date
    record: DailyAttendance | None
    holiday: str | None

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.day.weekday()]

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True)
class EmployeeMonth:
    days: list[RecapDay]
    totals: Totals


def employee_month(employee: Employee, year: int, month: int) -> EmployeeMonth:
    """Every day of the month with its record (two queries)."""
    first, last = month_bounds(year, month)
    records = {
        row.tanggal: row
        for row in DailyAttendance.objects.filter(employee=employee, tanggal__range=(first, last))
    }
    holidays = holidays_between(employee.instansi_id, first, last)
    totals = Totals()
    days = []
    day = first
    while day <= last:
        record = records.get(day)
        if record is not None:
            _add(totals, record.status, record.kode_tl, record.kode_psw)
            totals.menit_terlambat += _counted(record.menit_terlambat, record.kode_tl)
            totals.menit_pulang_cepat += _counted(record.menit_pulang_cepat, record.kode_psw)
        names = holidays.get(day)
        days.append(RecapDay(day, record, ", ".join(n for _, n in names) if names else None))
        day += dt.timedelta(days=1)
    return EmployeeMonth(days, totals)


def _add(totals: Totals, status: str, tl: str, psw: str) -> None:
    totals.status[status] += 1
    if tl:
        totals.tl[tl] += 1
    if psw:
        totals.psw[psw] += 1


def _counted(minutes: int | None, code: str) -> int:
    # Minutes excused (within tolerance, or a few hours' izin) carry no code and do not count.
    return (minutes or 0) if code else 0


@dataclass(frozen=True)
class UnitLine:
    employee_id: int
    nama: str
    nip: str
    totals: Totals
    tl_counts: tuple[int, ...] = ()
    psw_counts: tuple[int, ...] = ()


def unit_month(
    employees: QuerySet[Employee], year: int, month: int, codes: BandCodes
) -> list[UnitLine]:
    """Totals per employee of ``employees`` for the month, ordered by name (two queries: the
    counts are aggregated in the database)."""
    first, last = month_bounds(year, month)
    aggregates: dict[str, Count | Sum] = {
        f"s_{status}": Count("id", filter=Q(status=status)) for status in StatusKehadiran.values
    }
    aggregates |= {f"tl_{i}": Count("id", filter=Q(kode_tl=c)) for i, c in enumerate(codes.tl)}
    aggregates |= {f"psw_{i}": Count("id", filter=Q(kode_psw=c)) for i, c in enumerate(codes.psw)}
    aggregates["late"] = Sum("menit_terlambat", filter=~Q(kode_tl=""))
    aggregates["early"] = Sum("menit_pulang_cepat", filter=~Q(kode_psw=""))
    rows = (
        DailyAttendance.objects.filter(
            employee__in=employees.values("pk"), tanggal__range=(first, last)
        )
        .values("employee_id")
        .annotate(**aggregates)
    )
    by_employee = {row["employee_id"]: row for row in rows}
    lines = []
    for pk, nama, gelar_depan, gelar_belakang, nip in employees.order_by("nama", "id").values_list(
        "pk", "nama", "gelar_depan", "gelar_belakang", "nip"
    ):
        totals = Totals()
        row = by_employee.get(pk)
        if row is not None:
            totals.status = Counter(
                {s: row[f"s_{s}"] for s in StatusKehadiran.values if row[f"s_{s}"]}
            )
            totals.tl = Counter(
                {c: row[f"tl_{i}"] for i, c in enumerate(codes.tl) if row[f"tl_{i}"]}
            )
            totals.psw = Counter(
                {c: row[f"psw_{i}"] for i, c in enumerate(codes.psw) if row[f"psw_{i}"]}
            )
            totals.menit_terlambat = row["late"] or 0
            totals.menit_pulang_cepat = row["early"] or 0
        named = Employee(nama=nama, gelar_depan=gelar_depan, gelar_belakang=gelar_belakang)
        lines.append(
            UnitLine(
                pk,
                named.nama_lengkap,
                nip or "",
                totals,
                tuple(totals.tl[c] for c in codes.tl),
                tuple(totals.psw[c] for c in codes.psw),
            )
        )
    return lines
