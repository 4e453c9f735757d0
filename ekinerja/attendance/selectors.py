"""Reads of leave and daily attendance that other apps use. Set-based: one query per call,
whatever the number of employees or days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .choices import AT_WORK, NOT_WORKING, StatusPengajuan
from .models import DailyAttendance, LeaveRequest


@dataclass(frozen=True)
class DayRecord:
    status: str
    jam_datang: dt.time | None
    jam_pulang: dt.time | None

    @property
    def at_work(self) -> bool:
        return self.status in AT_WORK

    @property
    def attended_minutes(self) -> int | None:
        """Minutes between arrival and leaving; None while either punch is missing."""
        if self.jam_datang is None or self.jam_pulang is None:
            return None
        start = self.jam_datang.hour * 60 + self.jam_datang.minute
        end = self.jam_pulang.hour * 60 + self.jam_pulang.minute
        return max(0, end - start)


def leave_days(
    employee_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, dict[dt.date, str]]:
    """Per employee, the days in [first, last] covered by approved full-day leave during which
    they do not work, with the kind of leave."""
    wanted = set(employee_ids)
    if not wanted:
        return {}
    rows = LeaveRequest.objects.filter(
        employee_id__in=wanted,
        status=StatusPengajuan.DISETUJUI,
        sehari_penuh=True,
        jenis__in=NOT_WORKING,
        mulai__lte=last,
        selesai__gte=first,
    ).values_list("employee_id", "jenis", "mulai", "selesai")
    found: dict[int, dict[dt.date, str]] = defaultdict(dict)
    for employee_id, jenis, mulai, selesai in rows:
        day = max(mulai, first)
        while day <= min(selesai, last):
            found[employee_id][day] = jenis
            day += dt.timedelta(days=1)
    return dict(found)


def attendance_records(
    employee_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date], DayRecord]:
    wanted = set(employee_ids)
    if not wanted:
        return {}
    rows = DailyAttendance.objects.filter(
        employee_id__in=wanted, tanggal__range=(first, last)
    ).values_list("employee_id", "tanggal", "status", "jam_datang", "jam_pulang")
    return {(e, t): DayRecord(s, d, p) for e, t, s, d, p in rows}
