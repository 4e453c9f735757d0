"""Arithmetic of the employee's day and month pages: the times suggested for the next entry, the
day's minutes against its target, and the month as a calendar grid. Pure: plain values in and
out, so the pages stay thin and these rules are tested without a database."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# Most regions start the working day at 07:30; an empty day suggests that start.
DEFAULT_START = dt.time(7, 30)
LAST_MINUTE = 23 * 60 + 59


def _minute_of(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _time_at(minute: int) -> dt.time:
    minute = max(0, min(LAST_MINUTE, minute))
    return dt.time(minute // 60, minute % 60)


def round_down(value: dt.time, step: int = 5) -> dt.time:
    minute = _minute_of(value)
    return _time_at(minute - minute % step)


def suggested_start(ends: Iterable[dt.time]) -> dt.time:
    """Work usually continues where the day's last entry stopped."""
    return max(ends, default=DEFAULT_START)


def suggested_end(
    start: dt.time, *, tanggal: dt.date, now: dt.datetime, minutes: int | None = None
) -> dt.time | None:
    """The end of a repeated entry keeps its duration; a fresh entry for today ends now, on a
    five-minute mark, since people usually record what they just finished. Other days have no
    sensible guess."""
    if minutes:
        return _time_at(_minute_of(start) + minutes)
    if tanggal != now.date():
        return None
    end = round_down(now.time())
    return end if end > start else None


def duration(start: dt.time, end: dt.time) -> int:
    return _minute_of(end) - _minute_of(start)


@dataclass(frozen=True)
class DayTotals:
    approved: int
    pending: int
    rejected: int
    target: int
    cap: int

    @property
    def credited(self) -> int:
        return min(self.cap, self.approved)

    @property
    def approved_percent(self) -> int:
        return _share(self.approved, self.target)

    @property
    def pending_percent(self) -> int:
        # The bar never runs past 100 %, so pending gets only what approved left over.
        return min(_share(self.pending, self.target), 100 - self.approved_percent)

    @property
    def over_cap(self) -> bool:
        return self.approved + self.pending > self.cap


def _share(part: int, whole: int) -> int:
    if whole <= 0:
        return 100 if part else 0
    return min(100, part * 100 // whole)


APPROVED = "disetujui"
REJECTED = "ditolak"


def day_totals(rows: Iterable[tuple[str, int]], *, target: int, cap: int) -> DayTotals:
    """Minutes of the day by status: (status, minutes) pairs in. Returned activities count as
    pending, since they come back to the validator once fixed."""
    approved = pending = rejected = 0
    for status, minutes in rows:
        if status == APPROVED:
            approved += minutes
        elif status == REJECTED:
            rejected += minutes
        else:
            pending += minutes
    return DayTotals(approved, pending, rejected, target, cap)


@dataclass(frozen=True)
class DayCell:
    tanggal: dt.date
    in_month: bool
    approved: int
    pending: int
    tone: str  # filled, partly, empty, weekend, future or outside

    @property
    def minutes(self) -> int:
        return self.approved + self.pending


def day_tone(tanggal: dt.date, minutes: int, *, target: int, today: dt.date) -> str:
    if tanggal > today:
        return "future"
    if target > 0 and minutes >= target:
        return "filled"
    if minutes > 0:
        return "partly"
    return "weekend" if tanggal.weekday() >= 5 else "empty"


def month_weeks(
    year: int,
    month: int,
    per_day: dict[dt.date, tuple[int, int]],
    *,
    target: int,
    today: dt.date,
) -> list[list[DayCell]]:
    """Weeks from Monday to Sunday; `per_day` holds (approved, pending) minutes. Days of the
    neighbouring months fill the first and last week, blank."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(DayCell(day, False, 0, 0, "outside"))
                continue
            approved, pending = per_day.get(day, (0, 0))
            tone = day_tone(day, approved + pending, target=target, today=today)
            row.append(DayCell(day, True, approved, pending, tone))
        weeks.append(row)
    return weeks


def neighbour_months(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    return before, after
