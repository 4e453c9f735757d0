"""The verdict on one employee's day: from the hours that applied, the calendar, approved
leave and the punches to the status, times, minutes and TL/PSW codes of the daily record.

Pure, like `timing` which it builds on: the services load the data, this decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from . import timing
from .choices import JenisCuti, StatusKehadiran

# Leave kinds that are work done away from the office without punches.
_DUTY_ELSEWHERE = frozenset({JenisCuti.DINAS_LUAR, JenisCuti.DIKLAT})
_STATUS_OF_LEAVE = {
    JenisCuti.SAKIT: StatusKehadiran.SAKIT,
    JenisCuti.IZIN: StatusKehadiran.IZIN,
}


@dataclass(frozen=True)
class Rules:
    """The attendance rules in force on a day; the defaults are domain.md's."""

    toleransi_terlambat: int = 0
    toleransi_pulang_cepat: int = 0
    windows: timing.PunchWindows = timing.DEFAULT_WINDOWS
    tl_bands: tuple[timing.Band, ...] = timing.DEFAULT_TL_BANDS
    psw_bands: tuple[timing.Band, ...] = timing.DEFAULT_PSW_BANDS
    radius_bawaan_m: int = 100
    akurasi_maks_m: int = 150
    jatah_cuti_tahunan: int = 12
    batas_cuti_satu_tahun: int = 18
    batas_cuti_dua_tahun: int = 24
    cuti_bersama_mengurangi: bool = False


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class DayInput:
    day: dt.date
    hours: timing.DaySchedule | None
    schedule_name: str
    shift: bool
    zone: str
    holiday: str | None = None  # the holiday's name
    leave: str | None = None  # JenisCuti of approved full-day leave or duty
    partial_permission: bool = False  # an approved izin of a few hours


@dataclass(frozen=True)
class DayOutcome:
    status: str
    schedule_name: str
    scheduled_start: dt.time | None = None
    scheduled_end: dt.time | None = None
    arrival: dt.time | None = None
    leaving: dt.time | None = None
    late: int | None = None
    early: int | None = None
    tl_code: str = ""
    psw_code: str = ""
    missing_in: bool = False
    missing_out: bool = False
    leave: str = ""
    note: str = ""
    used: frozenset[dt.datetime] = frozenset()


def decide_day(
    item: DayInput, punches: Iterable[dt.datetime], rules: Rules, now: dt.datetime
) -> DayOutcome | None:
    """The day's record, or None when there is nothing to record: a day off in the schedule,
    a day still in the future, or today before any punch."""
    hours = item.hours
    if hours is None:
        return None
    zone = timing.resolve_zone(item.zone)
    local_now = now.astimezone(zone)
    if item.day > local_now.date():
        return None
    base = DayOutcome(
        status="",
        schedule_name=item.schedule_name,
        scheduled_start=hours.start,
        scheduled_end=hours.end,
    )
    # 24-hour services work through holidays on their roster; the office week does not.
    if item.holiday is not None and not item.shift:
        return replace(base, status=StatusKehadiran.LIBUR, note=item.holiday)
    if item.leave is not None and item.leave in _DUTY_ELSEWHERE:
        return replace(base, status=StatusKehadiran.DINAS_LUAR, leave=item.leave)
    if item.leave is not None and item.leave != JenisCuti.WFH:
        status = _STATUS_OF_LEAVE.get(JenisCuti(item.leave), StatusKehadiran.CUTI)
        return replace(base, status=status, leave=item.leave)
    return _measured(item, hours, punches, rules, local_now, base)


def _measured(
    item: DayInput,
    hours: timing.DaySchedule,
    punches: Iterable[dt.datetime],
    rules: Rules,
    local_now: dt.datetime,
    base: DayOutcome,
) -> DayOutcome | None:
    result = timing.evaluate_day(
        hours,
        punches,
        item.zone,
        rules.tl_bands,
        rules.psw_bands,
        rules.toleransi_terlambat,
        day=item.day,
        windows=rules.windows,
        early_grace=rules.toleransi_pulang_cepat,
    )
    _, end = hours.bounds(item.day, item.zone)
    # Until the leaving window has closed a missing leaving punch is not yet missing.
    settled = local_now >= end + rules.windows.leaving_closes_after_end
    leave = item.leave or ""
    used = frozenset(p for p in (result.arrival_at, result.leaving_at) if p is not None)
    if result.arrival_at is None and result.leaving_at is None:
        if not settled:
            return None
        return replace(
            base,
            status=StatusKehadiran.TANPA_KETERANGAN,
            missing_in=True,
            missing_out=True,
            leave=leave,
        )
    missing_out = result.leaving_at is None and settled
    tl_code = result.tl_code or ""
    psw_code = (result.psw_code or "") if (result.leaving_at is not None or settled) else ""
    note = ""
    if item.partial_permission:
        # An approved permission of a few hours excuses the minutes it covers.
        tl_code = psw_code = ""
        note = "Izin sebagian hari"
    if result.arrival_at is None or (result.late or 0) > 0:
        status = StatusKehadiran.TERLAMBAT
    elif missing_out or (result.early or 0) > 0:
        status = StatusKehadiran.PULANG_CEPAT
    else:
        status = StatusKehadiran.HADIR
    if item.partial_permission:
        status = StatusKehadiran.HADIR
    # Built directly rather than by replace(): this runs for every employee-day of a month.
    return DayOutcome(
        status=status,
        schedule_name=base.schedule_name,
        scheduled_start=base.scheduled_start,
        scheduled_end=base.scheduled_end,
        arrival=result.arrival,
        leaving=result.leaving,
        late=result.late,
        early=result.early,
        tl_code=tl_code,
        psw_code=psw_code,
        missing_in=result.arrival_at is None,
        missing_out=missing_out,
        leave=leave,
        note=note,
        used=used,
    )
