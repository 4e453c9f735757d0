"""The supervisor's validation queue on the ten-million-row table: `GET /aktivitas/validasi/`
as the pejabat penilai with the most subordinates in the region, median of warm requests
(< 150 ms), and the query count with one day and with a week of their subordinates' activities
waiting, which must be equal (the page does not grow its queries with the data). The count for a
supervisor with two subordinates is reported beside it: it may differ by the depth of the tree
below them, which is the shape of the organisation, not the amount of data.

Set-up inside a transaction rolled back at the end: the subordinates' activities of the last
day, then of the last week, are put back to "menunggu validasi", submitted an hour ago, so the
queue is full whenever the dataset was built."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.dataset import Context, Result, ensure_activity_year, median_ms

NAME = "validation_queue"
TARGET = 150.0
UNIT = "ms"
URL = "/aktivitas/validasi/"
MAX_SUBORDINATES = 60


def supervisors(instansi_id: int) -> tuple[int, int, dict[int, list[int]]]:
    """(busiest penilai, a penilai with two subordinates, penilai -> subordinates)."""
    from ekinerja.people.hierarchy import penilai_map

    mapping = penilai_map(instansi_id, timezone.localdate())
    teams: dict[int, list[int]] = {}
    for employee, penilai in mapping.items():
        teams.setdefault(penilai, []).append(employee)
    sizes = Counter({p: len(t) for p, t in teams.items() if p in mapping})
    busiest = next(p for p, n in sizes.most_common() if n <= MAX_SUBORDINATES)
    small = next(p for p, n in sorted(sizes.items()) if n == 2)
    return busiest, small, teams


def refill_queue(employee_ids: list[int], days: int) -> int:
    from ekinerja.activity.models import Activity

    last = Activity.objects.filter(employee_id__in=employee_ids).aggregate(last=Max("tanggal"))
    since = last["last"] - dt.timedelta(days=days - 1)
    return Activity.objects.filter(employee_id__in=employee_ids, tanggal__gte=since).update(
        status="diajukan", diajukan_at=timezone.now() - dt.timedelta(hours=1)
    )


def count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    return len(ctx)


def run(ctx: Context) -> Result:
    from ekinerja.org.models import Instansi
    from ekinerja.people.demo import DEMO_INSTANSI_KODE
    from ekinerja.people.models import Employee

    rows = ensure_activity_year()
    instansi = Instansi.objects.get(kode=DEMO_INSTANSI_KODE)
    with transaction.atomic():
        busiest, small, teams = supervisors(instansi.pk)
        many, few = Client(), Client()
        many.force_login(Employee.objects.get(pk=busiest).user)
        few.force_login(Employee.objects.get(pk=small).user)
        pending_day = refill_queue(teams[busiest], days=1)
        q_day = count_queries(many)
        pending_week = refill_queue(teams[busiest], days=7)
        refill_queue(teams[small], days=7)

        def page() -> None:
            assert many.get(URL).status_code == 200

        median = median_ms(page, warm=3, runs=25)
        q_week, q_few = count_queries(many), count_queries(few)
        transaction.set_rollback(True)
    return Result(
        value=median, unit=UNIT, target=TARGET,
        target_text=f"< {TARGET:.0f} ms, same queries for a day and a week waiting",
        met=median < TARGET and q_day == q_week,
        notes=(
            f"{len(teams[busiest])} subordinates; queries with {pending_day} waiting: {q_day}, "
            f"with {pending_week}: {q_week}; a supervisor of 2: {q_few}; {rows:,} activity rows"
        ),
        extra={"queries_day": q_day, "queries_week": q_week, "queries_two": q_few,
               "activity_rows": rows},
    )  # fmt: skip
