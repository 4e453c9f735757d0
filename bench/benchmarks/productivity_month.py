"""The monthly productivity of every employee of the 10,000-employee region, on ten million
activity rows (a year): approved minutes per day, capped, against the month's target, with the
capaian %. `activity.productivity.monthly_productivity` for the whole instansi, median of three
runs after one warm-up (< 10 s)."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.dataset import Context, Result, ensure_activity_year, timed

NAME = "productivity_month"
TARGET = 10.0
UNIT = "s"


def full_month() -> tuple[int, int]:
    """A month in the middle of the generated year, so every working day is filled."""
    from django.db.models import Max, Min

    from ekinerja.activity.models import Activity

    bounds = Activity.objects.aggregate(first=Min("tanggal"), last=Max("tanggal"))
    middle = bounds["first"] + (bounds["last"] - bounds["first"]) / 2
    middle = middle if isinstance(middle, dt.date) else bounds["first"]
    return middle.year, middle.month


def run(ctx: Context) -> Result:
    from ekinerja.activity.productivity import monthly_productivity
    from ekinerja.org.models import Instansi
    from ekinerja.people.demo import DEMO_INSTANSI_KODE

    rows_total = ensure_activity_year()
    instansi = Instansi.objects.get(kode=DEMO_INSTANSI_KODE)
    year, month = full_month()
    found: list = []

    def compute() -> None:
        found[:] = monthly_productivity(instansi.pk, year, month)

    compute()
    runs = [timed(compute) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        compute()
    value = statistics.median(runs)
    met_target = sum(1 for row in found if row.capaian >= 100)
    return Result(
        value=value, unit=UNIT, target=TARGET, target_text=f"< {TARGET:.0f} s",
        met=value < TARGET and len(found) >= 10_000,
        notes=(
            f"{year}-{month:02d}: {len(found)} employees, {len(queries)} queries, "
            f"{met_target} at 100%; {rows_total:,} activity rows in the table"
        ),
        extra={"employees": len(found), "queries": len(queries), "activity_rows": rows_total},
    )  # fmt: skip
