"""Evaluation periods of a performance year: their names and which one a page opens on.

A monthly cycle has twelve periods, a quarterly one four; period 0 stands for the annual
evaluation. The default is the latest period that has ended, since a period is evaluated after
its last day (a January evaluation is written in early February).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ekinerja.planning.choices import PERIODS_PER_YEAR, SiklusEvaluasi
from ekinerja.planning.models import PerformancePeriod

MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
QUARTER_NAMES = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
ANNUAL = 0


@dataclass(frozen=True)
class PeriodChoice:
    periode_ke: int
    label: str
    ended: bool


def periode_label(siklus: str, periode_ke: int, tahun: int | None = None) -> str:
    if periode_ke == ANNUAL:
        name = "Tahunan"
    elif siklus == SiklusEvaluasi.TRIWULANAN:
        name = QUARTER_NAMES[periode_ke - 1]
    else:
        name = MONTH_NAMES[periode_ke - 1]
    return f"{name} {tahun}" if tahun else name


def last_day_of(period: PerformancePeriod, periode_ke: int) -> dt.date:
    """The last calendar day of a period (for the annual one, the year's)."""
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    if periode_ke == ANNUAL:
        return dt.date(period.tahun, 12, 31)
    last_month = periode_ke * (12 // per_year)
    if last_month == 12:
        return dt.date(period.tahun, 12, 31)
    return dt.date(period.tahun, last_month + 1, 1) - dt.timedelta(days=1)


def choices_for(period: PerformancePeriod, day: dt.date) -> list[PeriodChoice]:
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    periods = [
        PeriodChoice(k, periode_label(period.siklus_evaluasi, k), last_day_of(period, k) < day)
        for k in range(1, per_year + 1)
    ]
    annual = PeriodChoice(ANNUAL, "Tahunan", last_day_of(period, ANNUAL) < day)
    return [*periods, annual]


def default_periode(period: PerformancePeriod, day: dt.date) -> int:
    """The latest ended period; the first one while none has ended yet."""
    ended = [c.periode_ke for c in choices_for(period, day) if c.ended and c.periode_ke]
    return ended[-1] if ended else 1


def parse_periode(value: str | None, period: PerformancePeriod, day: dt.date) -> int | None:
    """The period asked for in a query string; None when the value is not one of the year's."""
    if value in (None, ""):
        return default_periode(period, day)
    if value == "tahunan":
        return ANNUAL
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    if value.isdigit() and 1 <= int(value) <= per_year:
        return int(value)
    return None
