"""Rebuilding the daily attendance record from punches, leave, schedules and the calendar.

The daily record is derived data: every change to its inputs (a machine log, a web check-in,
a leave decision, a schedule or holiday edit) asks for the affected employees and days to be
recomputed, and a recompute replaces those rows whole. Days are walked in order per employee
so that a punch that closed a night shift is not read again as the next morning's arrival.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ekinerja.core.bulk import insert_rows
from ekinerja.core.closing import closed_pairs
from ekinerja.org.models import Unit
from ekinerja.people.hierarchy import seats_for
from ekinerja.people.models import Employee

from .calendar import holidays_between
from .choices import NOT_WORKING, JenisCuti, StatusPengajuan
from .daystatus import DayInput, DayOutcome, Rules, decide_day
from .models import DailyAttendance, LeaveRequest, Punch, ShiftRoster
from .schedules import RulesBook, ScheduleBook, load_rules, load_schedule_book
from .timing import DaySchedule, PunchWindows

# Up to this many employee-days are recomputed inside the request that changed something;
# larger jobs (a month of machine logs) go to the background worker.
SYNC_LIMIT = 400
# Employees per unit of work: bounds memory and the length of each write transaction.
CHUNK = 1000
_IN_LIMIT = 500  # ids per IN list (SQLite's parameter limit)
DEFAULT_ZONE = "Asia/Jakarta"


def _chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class _Context:
    """What one instansi's recompute reads once for all its employees."""

    instansi_id: int
    holidays: dict[dt.date, str]
    book: ScheduleBook
    rules: RulesBook
    zones: dict[int, str]


def _load_context(instansi_id: int, first: dt.date, last: dt.date) -> _Context:
    holidays = {
        day: ", ".join(nama for _, nama in rows)
        for day, rows in holidays_between(instansi_id, first, last).items()
    }
    zones = dict(Unit.objects.filter(instansi_id=instansi_id).values_list("id", "zona_waktu"))
    return _Context(
        instansi_id=instansi_id,
        holidays=holidays,
        book=load_schedule_book(instansi_id, first, last),
        rules=load_rules(instansi_id, first, last),
        zones=zones,
    )


def _units_of(employee_ids: list[int], day: dt.date) -> dict[int, int]:
    """Each employee's unit through their primary seat on ``day``, in one query per 500."""
    units: dict[int, int] = {}
    for ids in _chunks(employee_ids, _IN_LIMIT):
        for employee_id, seat in seats_for(ids, day).items():
            units[employee_id] = seat.position.unit_id
    return units


def _rosters(employee_ids: list[int], first: dt.date, last: dt.date):
    found: dict[int, dict[dt.date, int | None]] = defaultdict(dict)
    for ids in _chunks(employee_ids, _IN_LIMIT):
        rows = ShiftRoster.objects.filter(
            employee_id__in=ids, tanggal__range=(first, last)
        ).values_list("employee_id", "tanggal", "shift_id")
        for employee_id, tanggal, shift_id in rows:
            found[employee_id][tanggal] = shift_id
    return found


# When two approved requests cover one day, the one that keeps the employee away wins.
_LEAVE_RANK = {kind: 0 for kind in NOT_WORKING} | {
    JenisCuti.DINAS_LUAR: 1,
    JenisCuti.DIKLAT: 1,
    JenisCuti.WFH: 2,
}


def _leave(employee_ids: list[int], first: dt.date, last: dt.date):
    """Per employee and day: the approved full-day kind, and the days of a few hours' izin."""
    full: dict[int, dict[dt.date, str]] = defaultdict(dict)
    partial: dict[int, set[dt.date]] = defaultdict(set)
    for ids in _chunks(employee_ids, _IN_LIMIT):
        rows = LeaveRequest.objects.filter(
            employee_id__in=ids,
            status=StatusPengajuan.DISETUJUI,
            mulai__lte=last,
            selesai__gte=first,
        ).values_list("employee_id", "jenis", "mulai", "selesai", "sehari_penuh")
        for employee_id, jenis, mulai, selesai, sehari_penuh in rows:
            day = max(mulai, first)
            while day <= min(selesai, last):
                if not sehari_penuh:
                    partial[employee_id].add(day)
                else:
                    current = full[employee_id].get(day)
                    if current is None or _LEAVE_RANK[jenis] < _LEAVE_RANK[current]:
                        full[employee_id][day] = jenis
                day += dt.timedelta(days=1)
    return full, partial


def _punches(employee_ids: list[int], first: dt.date, last: dt.date):
    # Two days of margin either side cover every zone and overnight shifts.
    since = dt.datetime.combine(first - dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    until = dt.datetime.combine(last + dt.timedelta(days=3), dt.time(), tzinfo=dt.UTC)
    found: dict[int, list[dt.datetime]] = defaultdict(list)
    for ids in _chunks(employee_ids, _IN_LIMIT):
        rows = (
            Punch.objects.filter(employee_id__in=ids, waktu__gte=since, waktu__lt=until)
            .order_by("employee_id", "waktu")
            .values_list("employee_id", "waktu")
        )
        for employee_id, waktu in rows:
            found[employee_id].append(waktu)
    return found


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


# Written as plain rows: at a month for the whole region (200,000 rows) the ORM's per-value
# preparation in bulk_create cost more than deciding every day did.
ROW_COLUMNS = (
    "instansi_id", "employee_id", "tanggal", "status", "jam_datang", "jam_pulang", "jadwal",
    "jam_masuk_jadwal", "jam_pulang_jadwal", "menit_terlambat", "menit_pulang_cepat", "kode_tl",
    "kode_psw", "tanpa_presensi_masuk", "tanpa_presensi_pulang", "jenis_cuti", "keterangan",
    "dihitung_at",
)  # fmt: skip


def _clock(value: dt.time | None) -> object:
    return None if value is None else connection.ops.adapt_timefield_value(value)


def _row(
    instansi_id: int, employee_id: int, day: dt.date, outcome: DayOutcome, stamp: object
) -> tuple:
    """A `DailyAttendance` row in ROW_COLUMNS order, values adapted for the database."""

    return (
        instansi_id,
        employee_id,
        connection.ops.adapt_datefield_value(day),
        outcome.status,
        _clock(outcome.arrival),
        _clock(outcome.leaving),
        outcome.schedule_name[:80],
        _clock(outcome.scheduled_start),
        _clock(outcome.scheduled_end),
        outcome.late,
        outcome.early,
        outcome.tl_code,
        outcome.psw_code,
        outcome.missing_in,
        outcome.missing_out,
        outcome.leave,
        outcome.note[:200],
        stamp,
    )


def _window(
    punches: list[dt.datetime],
    stamps: list[float],
    hours: DaySchedule | None,
    day: dt.date,
    zone: str,
    windows: PunchWindows,
) -> list[dt.datetime]:
    """The employee's punches (sorted instants, ``stamps`` their POSIX times) that could count
    on ``day``: those inside its arrival or leaving window. Slicing first keeps a month linear
    in punches instead of converting every punch of the month for every day; bisecting plain
    numbers avoids an offset lookup per comparison of aware datetimes."""
    if hours is None or not punches:
        return []
    start, end = hours.bounds(day, zone)
    lowest = min(
        start - windows.arrival_opens_before_start, start + windows.leaving_opens_after_start
    )
    highest = max(end + windows.arrival_closes_after_end, end + windows.leaving_closes_after_end)
    low, high = lowest.timestamp(), highest.timestamp()
    return punches[bisect_left(stamps, low) : bisect_right(stamps, high)]


def _employee_rows(
    ctx: _Context,
    employee_id: int,
    unit_id: int | None,
    days: list[dt.date],
    writable: frozenset[dt.date],
    inputs: tuple,
    now: dt.datetime,
    stamp: object,
) -> list[tuple]:
    rosters, full_leave, partial_leave, punches = inputs
    zone = ctx.zones.get(unit_id, DEFAULT_ZONE) if unit_id is not None else DEFAULT_ZONE
    roster = rosters.get(employee_id)
    own_full = full_leave.get(employee_id, {})
    own_partial = partial_leave.get(employee_id, set())
    pending = punches.get(employee_id, [])
    stamps = [punch.timestamp() for punch in pending]
    rows: list[tuple] = []
    used: frozenset[dt.datetime] = frozenset()
    for day in days:
        applied = ctx.book.applied(employee_id, unit_id, day, roster)
        item = DayInput(
            day=day,
            hours=applied.hours,
            schedule_name=applied.schedule_name,
            shift=applied.shift,
            zone=zone,
            holiday=ctx.holidays.get(day),
            leave=own_full.get(day),
            partial_permission=day in own_partial,
        )
        rules: Rules = ctx.rules.on(day)
        candidates = _window(pending, stamps, applied.hours, day, zone, rules.windows)
        available = [p for p in candidates if p not in used] if used else candidates
        outcome = decide_day(item, available, rules, now)
        used = outcome.used if outcome is not None else frozenset()
        if outcome is not None and day in writable:
            rows.append(_row(ctx.instansi_id, employee_id, day, outcome, stamp))
    return rows


def closed_months_of(
    employee_ids: list[int], first: dt.date, last: dt.date
) -> dict[int, set[tuple[int, int]]]:
    """Per employee, the (tahun, bulan) a finalised TPP run has closed in the range (only
    employees with any). One query per 500 employees."""
    months = [dt.date(y, m, 1) for y, m in {(d.year, d.month) for d in _days(first, last)}]
    found: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for ids in _chunks(employee_ids, _IN_LIMIT):
        for employee_id, tahun, bulan in closed_pairs(ids, months):
            found[employee_id].add((tahun, bulan))
    return found


def _writable_days(
    days: frozenset[dt.date], closed: dict[int, set[tuple[int, int]]], employee_id: int
) -> frozenset[dt.date]:
    # A paid month keeps the record it was paid on, whatever changed since.
    shut = closed.get(employee_id)
    if not shut:
        return days
    return frozenset(day for day in days if (day.year, day.month) not in shut)


def _keep_closed(closed: dict[int, set[tuple[int, int]]], ids: list[int]) -> Q | None:
    """The rows of `ids` in their closed months, which the delete before a rewrite spares."""
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for employee_id in ids:
        for month in closed.get(employee_id, ()):
            by_month[month].append(employee_id)
    spared = None
    for (tahun, bulan), employees in by_month.items():
        month = (dt.date(tahun, bulan, 1), dt.date(tahun, bulan, monthrange(tahun, bulan)[1]))
        term = Q(employee_id__in=employees, tanggal__range=month)
        spared = term if spared is None else spared | term
    return spared


def _delete_rows(ids: list[int], first: dt.date, last: dt.date, spared: Q | None) -> None:
    rows = DailyAttendance.objects.filter(employee_id__in=ids, tanggal__range=(first, last))
    (rows if spared is None else rows.exclude(spared)).delete()


def _recompute_instansi(
    instansi_id: int,
    employee_ids: list[int],
    first: dt.date,
    last: dt.date,
    now: dt.datetime,
) -> int:
    # The day before is evaluated but not written: its leaving punch may be one that this
    # range's first morning would otherwise take as an arrival.
    lead = first - dt.timedelta(days=1)
    ctx = _load_context(instansi_id, lead, last)
    days = _days(lead, last)
    stamp = connection.ops.adapt_datetimefield_value(now)
    in_range = frozenset(_days(first, last))
    written = 0
    for ids in _chunks(employee_ids, CHUNK):
        closed = closed_months_of(ids, first, last)
        units = _units_of(ids, min(last, now.date()))
        rosters = _rosters(ids, lead, last)
        full_leave, partial_leave = _leave(ids, lead, last)
        punches = _punches(ids, lead, last)
        inputs = (rosters, full_leave, partial_leave, punches)
        rows: list[tuple] = []
        for employee_id in ids:
            writable = _writable_days(in_range, closed, employee_id)
            rows += _employee_rows(
                ctx, employee_id, units.get(employee_id), days, writable, inputs, now, stamp
            )
        with transaction.atomic():
            for part in _chunks(ids, _IN_LIMIT):
                _delete_rows(part, first, last, _keep_closed(closed, part))
            insert_rows(DailyAttendance, ROW_COLUMNS, rows)
        written += len(rows)
    return written


def recompute_attendance(
    employee_ids: Iterable[int],
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime | None = None,
) -> int:
    """Recompute the daily records of the employees from first to last (inclusive) and return
    the number of rows written. Days after today are left empty; today is recorded once a
    punch exists and settled once its leaving window has closed. Months a finalised TPP run
    has closed for an employee are skipped, their rows left exactly as they were paid."""
    if last < first:
        return 0
    now = now or timezone.now()
    by_instansi: dict[int, list[int]] = defaultdict(list)
    for ids in _chunks(sorted(set(employee_ids)), _IN_LIMIT):
        for employee_id, instansi_id in Employee.objects.filter(pk__in=ids).values_list(
            "id", "instansi_id"
        ):
            by_instansi[instansi_id].append(employee_id)
    return sum(
        _recompute_instansi(instansi_id, ids, first, last, now)
        for instansi_id, ids in sorted(by_instansi.items())
    )


def request_recompute(
    instansi_id: int, employee_ids: Iterable[int], first: dt.date, last: dt.date
) -> str:
    """Recompute now when the job is small, else enqueue it. Returns "selesai" or "antre"."""
    ids = sorted(set(employee_ids))
    if not ids or last < first:
        return "selesai"
    days = (last - first).days + 1
    if len(ids) * days <= SYNC_LIMIT:
        recompute_attendance(ids, first, last)
        return "selesai"
    from .tasks import run_recompute

    run_recompute.enqueue(instansi_id, ids, first.isoformat(), last.isoformat())
    return "antre"


def open_months_start(today: dt.date) -> dt.date:
    """The first day of the previous month: rule changes reach back this far on their own,
    since the month before is usually still being checked for pay while older ones are done."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def recompute_after_config_change(
    instansi_id: int, since: dt.date, until: dt.date | None = None
) -> str:
    """After a schedule, roster, period, rule or holiday change from ``since`` (to ``until``):
    recompute every in-service employee of the instansi over the open months it touches.
    Older months are recomputed only on request from the recap page."""
    today = timezone.localdate()
    first = max(since, open_months_start(today))
    last = min(until or today, today)
    if last < first:
        return "selesai"
    ids = Employee.objects.filter(instansi_id=instansi_id).in_service().values_list("pk", flat=True)
    return request_recompute(instansi_id, list(ids), first, last)
