"""Reads of leave requests: the cuti tahunan balance, the approver's inbox and an employee's
own list. Each answers in a fixed number of queries, whatever the number of years, requests
or employees involved."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ekinerja.org.models import Position
from ekinerja.people.hierarchy import MAX_TREE_DEPTH, RANK, primary_assignment
from ekinerja.people.models import Assignment, Employee

from . import calendar
from . import leave_rules as lr
from .choices import ANNUAL, WORK_ELSEWHERE, JenisCuti, StatusPengajuan
from .models import AttendancePolicy, JenisLibur, LeaveOpeningBalance, LeaveRequest

# Requests that hold their days: nobody may ask for the same days again while they stand.
STANDING = (StatusPengajuan.DIAJUKAN, StatusPengajuan.DISETUJUI)


# --- working days ----------------------------------------------------------------------------


def hari_kerja_of(employee: Employee, day: dt.date) -> int:
    """The working-week pattern (5 or 6 days) of the unit the employee sits in on a day."""
    seat = primary_assignment(employee, day)
    if seat is None:
        return calendar.DEFAULT_HARI_KERJA
    unit_id = seat.position.unit_id
    return calendar.workweek_for_units([unit_id], day).get(unit_id, calendar.DEFAULT_HARI_KERJA)


def request_working_days(employee: Employee, first: dt.date, last: dt.date) -> list[dt.date]:
    """The employee's working days from first to last: their unit's week, less holidays
    (cuti bersama included, so it is never charged to a request)."""
    return calendar.working_days(employee.instansi_id, first, last, hari_kerja_of(employee, first))


# --- the cuti tahunan balance -----------------------------------------------------------------


@dataclass(frozen=True)
class YearPolicy:
    rules: lr.AnnualRules
    cuti_bersama_mengurangi: bool


DEFAULT_YEAR_POLICY = YearPolicy(lr.DEFAULT_ANNUAL, False)


def year_policies(instansi_id: int) -> Callable[[int], YearPolicy]:
    """Year -> the region's leave numbers in force on 1 January of that year (one query); a
    row that starts during a year first counts the next year, so a year's balance never moves
    under the employee's feet."""
    rows = list(
        AttendancePolicy.objects.filter(instansi_id=instansi_id)
        .order_by("berlaku_mulai")
        .values_list(
            "berlaku_mulai", "jatah_cuti_tahunan", "batas_cuti_satu_tahun",
            "batas_cuti_dua_tahun", "cuti_bersama_mengurangi",
        )
    )  # fmt: skip

    def on(year: int) -> YearPolicy:
        found = DEFAULT_YEAR_POLICY
        for start, jatah, satu, dua, bersama in rows:
            if start > dt.date(year, 1, 1):
                break
            found = YearPolicy(lr.AnnualRules(jatah, satu, dua), bersama)
        return found

    return on


@dataclass(frozen=True)
class AnnualBalance:
    """The balance card: the year's entitlement, what is used, waiting and left."""

    tahun: int
    jatah: int
    sisa_n1: int
    sisa_n2: int
    digunakan: int  # approved cuti tahunan, plus cuti bersama where the region charges it
    cuti_bersama: int  # of which cuti bersama
    menunggu: int  # requested, not yet decided

    @property
    def hak(self) -> int:
        return self.jatah + self.sisa_n1 + self.sisa_n2

    @property
    def sisa(self) -> int:
        """What may still be requested: pending requests already hold their days."""
        return max(0, self.hak - self.digunakan - self.menunggu)


def annual_balance(
    employee: Employee, year: int, *, exclude_pk: int | None = None
) -> AnnualBalance:
    """The cuti tahunan balance of an employee for a year.

    Counting starts at the opening balance (LeaveOpeningBalance) when there is one; without
    it, at the year asked with nothing carried, since the leave of earlier years was not
    recorded here. `exclude_pk` leaves one request out (the one being decided).
    Queries: policies, opening, requests; four more only when the region charges cuti bersama.
    """
    policy_of = year_policies(employee.instansi_id)
    opening = LeaveOpeningBalance.objects.filter(employee_id=employee.pk).first()
    first = opening.tahun if opening is not None and opening.tahun <= year else year
    requests = LeaveRequest.objects.filter(
        employee_id=employee.pk, jenis__in=ANNUAL, status__in=STANDING,
        mulai__gte=dt.date(first, 1, 1), mulai__lte=dt.date(year, 12, 31),
    )  # fmt: skip
    if exclude_pk is not None:
        requests = requests.exclude(pk=exclude_pk)
    used: dict[int, int] = defaultdict(int)
    pending = 0
    for mulai, days, status in requests.values_list("mulai", "jumlah_hari", "status"):
        if status == StatusPengajuan.DISETUJUI:
            used[mulai.year] += days
        elif mulai.year == year:
            pending += days
    bersama = _cuti_bersama_charged(employee, first, year, policy_of)
    for tahun, days in bersama.items():
        used[tahun] += days
    carried = opening is not None and opening.tahun <= year
    years = lr.annual_balances(
        first, year, used, lambda y: policy_of(y).rules,
        opening_n1=opening.sisa_tahun_lalu if carried and opening else 0,
        opening_n2=opening.sisa_dua_tahun_lalu if carried and opening else 0,
    )  # fmt: skip
    this = years[-1]
    return AnnualBalance(
        tahun=year, jatah=this.jatah, sisa_n1=this.sisa_n1, sisa_n2=this.sisa_n2,
        digunakan=this.digunakan, cuti_bersama=bersama.get(year, 0), menunggu=pending,
    )  # fmt: skip


def _cuti_bersama_charged(
    employee: Employee, first: int, last: int, policy_of: Callable[[int], YearPolicy]
) -> dict[int, int]:
    """Year -> cuti bersama days charged to cuti tahunan, for the years whose policy says so
    (PP 11/2017 does not; a region may). Only days in the employee's working week count."""
    years = [y for y in range(first, last + 1) if policy_of(y).cuti_bersama_mengurangi]
    if not years:
        return {}
    start, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    hari_kerja = hari_kerja_of(employee, min(end, timezone.localdate()))
    charged: dict[int, int] = defaultdict(int)
    for day, kinds in calendar.holidays_between(employee.instansi_id, start, end).items():
        if (
            day.year in years
            and day.weekday() < hari_kerja
            and any(jenis == JenisLibur.CUTI_BERSAMA for jenis, _ in kinds)
        ):
            charged[day.year] += 1
    return dict(charged)


# --- lists -----------------------------------------------------------------------------------


def own_requests(employee_id: int) -> QuerySet[LeaveRequest]:
    """An employee's requests, newest first, with who decided them."""
    return (
        LeaveRequest.objects.filter(employee_id=employee_id)
        .select_related("diputus_oleh")
        .order_by("-mulai", "-pk")
    )


def standing_ranges(
    employee_id: int, first: dt.date, last: dt.date, exclude_pk: int | None = None
) -> list[tuple[dt.date, dt.date]]:
    """Pending or approved requests of the employee that touch first..last."""
    qs = LeaveRequest.objects.filter(
        employee_id=employee_id, status__in=STANDING, mulai__lte=last, selesai__gte=first
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("mulai", "selesai"))


def pending_inbox(approver: Employee) -> list[LeaveRequest]:
    """The pending requests the employee decides: those whose requester has them as pejabat
    penilai on the first day of the leave (`access.leave_approver_of`). Five queries."""
    pending = list(
        LeaveRequest.objects.filter(
            instansi_id=approver.instansi_id, status=StatusPengajuan.DIAJUKAN
        )
        .exclude(employee_id=approver.pk)
        .select_related("employee")
        .order_by("mulai", "pk")
    )
    if not pending:
        return []
    deciders = approvers_on(approver.instansi_id, [(r.employee_id, r.mulai) for r in pending])
    return [r for r in pending if deciders.get((r.employee_id, r.mulai)) == approver.pk]


def approvers_on(
    instansi_id: int, wanted: Iterable[tuple[int, dt.date]]
) -> dict[tuple[int, dt.date], int]:
    """(employee, day) -> the employee id of their pejabat penilai on that day, for many pairs
    over many days in three queries.

    The same rules as `people.hierarchy.pejabat_penilai` (own seat: definitif, then Plt, then
    Plh; the person in charge of the position above, going further up while it has nobody
    else in charge), evaluated in memory because the inbox holds requests starting on many
    different days and one hierarchy walk per request would not scale.
    """
    pairs = set(wanted)
    if not pairs:
        return {}
    lo = min(day for _, day in pairs)
    hi = max(day for _, day in pairs)
    in_range = Q(mulai__lte=hi) & (Q(selesai__isnull=True) | Q(selesai__gte=lo))
    columns = ("employee_id", "position_id", "jenis", "mulai", "selesai", "id")
    seats = _ranked(
        Assignment.objects.filter(in_range, employee_id__in={e for e, _ in pairs}).values_list(
            *columns
        ),
        key=0,
    )
    reports_to: dict[int, int | None] = dict(
        Position.objects.filter(instansi_id=instansi_id).values_list("id", "reports_to_id")
    )
    above: set[int] = set()
    for rows in seats.values():
        for row in rows:
            position = reports_to.get(row[1])
            for _ in range(MAX_TREE_DEPTH):
                if position is None or position in above:
                    break
                above.add(position)
                position = reports_to.get(position)
    holders = _ranked(
        Assignment.objects.filter(in_range, position_id__in=above).values_list(*columns), key=1
    )
    found: dict[tuple[int, dt.date], int] = {}
    for employee_id, day in pairs:
        seat = _first_on(seats.get(employee_id, []), day)
        if seat is None:
            continue
        position = reports_to.get(seat[1])
        for _ in range(MAX_TREE_DEPTH):
            if position is None:
                break
            holder = _first_on(holders.get(position, []), day)
            if holder is not None and holder[0] != employee_id:
                found[(employee_id, day)] = holder[0]
                break
            position = reports_to.get(position)
    return found


_Row = tuple[int, int, str, dt.date, dt.date | None, int]


def _ranked(rows: Iterable[_Row], key: int) -> dict[int, list[_Row]]:
    grouped: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    for items in grouped.values():
        items.sort(key=lambda r: (RANK.get(r[2], len(RANK)), r[3], r[5]))
    return grouped


def _first_on(rows: list[_Row], day: dt.date) -> _Row | None:
    for row in rows:
        if row[3] <= day and (row[4] is None or row[4] >= day):
            return row
    return None


# --- for other pages -------------------------------------------------------------------------


def work_elsewhere_days(
    employee_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, dict[dt.date, str]]:
    """Per employee, the days in [first, last] of approved dinas luar, diklat or WFH, with the
    kind: a web check-in away from the office on such a day is not out of place. One query."""
    wanted = set(employee_ids)
    if not wanted:
        return {}
    rows = LeaveRequest.objects.filter(
        employee_id__in=wanted, status=StatusPengajuan.DISETUJUI, jenis__in=WORK_ELSEWHERE,
        mulai__lte=last, selesai__gte=first,
    ).values_list("employee_id", "jenis", "mulai", "selesai")  # fmt: skip
    found: dict[int, dict[dt.date, str]] = defaultdict(dict)
    for employee_id, jenis, mulai, selesai in rows:
        day = max(mulai, first)
        while day <= min(selesai, last):
            found[employee_id][day] = jenis
            day += dt.timedelta(days=1)
    return dict(found)


def is_wfh_day(employee_id: int, day: dt.date) -> bool:
    return work_elsewhere_days([employee_id], day, day).get(employee_id, {}).get(day) == (
        JenisCuti.WFH
    )
