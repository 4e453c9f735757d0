"""The employee's month view on the ten-million-row table: `GET /aktivitas/bulan/?bulan=` for a
full month (about 90 activities) as that employee, median of warm requests (< 150 ms), and the
query count for that month and for a month without any activity, which must be equal."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.benchmarks.productivity_month import full_month
from bench.dataset import Context, Result, ensure_activity_year, median_ms

NAME = "activity_month_view"
TARGET = 150.0
UNIT = "ms"
URL = "/aktivitas/bulan/"


def count_queries(client: Client, bulan: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"bulan": bulan})
    assert response.status_code == 200, response.status_code
    return len(ctx)


def run(ctx: Context) -> Result:
    from ekinerja.activity.models import Activity
    from ekinerja.people.models import Employee

    rows = ensure_activity_year()
    year, month = full_month()
    bulan = f"{year}-{month:02d}"
    employee = Employee.objects.filter(user__isnull=False).order_by("pk")[500]
    in_month = Activity.objects.filter(
        employee=employee, tanggal__year=year, tanggal__month=month
    ).count()
    client = Client()
    client.force_login(employee.user)

    def page() -> None:
        assert client.get(URL, {"bulan": bulan}).status_code == 200

    median = median_ms(page, warm=3, runs=30)
    empty = f"{year - 3}-{month:02d}"
    q_full, q_empty = count_queries(client, bulan), count_queries(client, empty)
    return Result(
        value=median, unit=UNIT, target=TARGET,
        target_text=f"< {TARGET:.0f} ms, same queries for a full and an empty month",
        met=median < TARGET and q_full == q_empty and in_month > 0,
        notes=(
            f"{bulan}: {in_month} activities; queries full/empty month {q_full}/{q_empty}; "
            f"{rows:,} activity rows"
        ),
        extra={"queries_full": q_full, "queries_empty": q_empty, "activity_rows": rows},
    )  # fmt: skip
