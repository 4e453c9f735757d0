"""Recomputing a month of daily attendance for the whole region (issue 5: 10,000 employees in
< 15 s): `services_daily.recompute_attendance` over a full month of stored punches (two a
working day for everyone, kept across runs), with the region's schedules, rosters, leave,
holidays and rules; median of three runs after one warm-up."""

from __future__ import annotations

import statistics

from bench.dataset import Context, Result, attendance_month, ensure_attendance_month, timed

NAME = "attendance_recompute"
TARGET = 15.0
UNIT = "s"


def run(ctx: Context) -> Result:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ekinerja.attendance.models import DailyAttendance
    from ekinerja.attendance.services_daily import recompute_attendance
    from ekinerja.people.models import Employee

    punches = ensure_attendance_month()
    first, last, _days = attendance_month()
    ids = list(Employee.objects.in_service().values_list("pk", flat=True))
    now = timezone.now()
    written: list[int] = []

    def compute() -> None:
        written.append(recompute_attendance(ids, first, last, now=now))

    compute()
    runs = [timed(compute) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        compute()
    value = statistics.median(runs)
    statuses = dict(
        DailyAttendance.objects.filter(tanggal__range=(first, last))
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return Result(
        value=value, unit=UNIT, target=TARGET, target_text=f"< {TARGET:.0f} s",
        met=value < TARGET and len(ids) >= 10_000,
        notes=(
            f"{first:%Y-%m}: {len(ids):,} employees, {written[-1]:,} daily rows, "
            f"{len(queries)} queries, {punches:,} punches in the month; {statuses}"
        ),
        extra={"employees": len(ids), "rows": written[-1], "queries": len(queries)},
    )  # fmt: skip
