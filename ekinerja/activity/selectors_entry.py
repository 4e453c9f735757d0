"""Reads for the employee's own activity pages (the day and the month). Each function is one or
two queries whatever the number of activities, and every read of activities goes through the
(employee, tanggal) index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Max, Sum, Value, When

from ekinerja.people.choices import JenisPenugasan
from ekinerja.people.models import Assignment, Employee
from ekinerja.planning.models import Indikator, Rhk
from ekinerja.planning.selectors import live_skp, period_for_year

from .choices import StatusAktivitas
from .models import Activity, ActivityFavorite, CatalogItem

RECENT_DAYS = 14
RECENT_LIMIT = 10


def day_activities(employee_id: int, day: dt.date) -> list[Activity]:
    return list(
        Activity.objects.filter(employee_id=employee_id, tanggal=day)
        .select_related("indikator__rhk", "catalog_item")
        .order_by("mulai", "id")
    )


@dataclass
class TargetGroup:
    rhk: Rhk
    indicators: list[Indikator]


def target_groups(employee: Employee, year: int) -> list[TargetGroup]:
    """The indicators of the employee's live SKP of the year, grouped by RHK in SKP order."""
    period = period_for_year(employee.instansi_id, year)
    skp = live_skp(employee, period) if period else None
    if skp is None:
        return []
    groups: dict[int, TargetGroup] = {}
    indicators = (
        Indikator.objects.filter(rhk__skp=skp)
        .select_related("rhk")
        .order_by("rhk__jenis", "rhk__urutan", "rhk__id", "urutan", "id")
    )
    for indikator in indicators:
        group = groups.setdefault(indikator.rhk_id, TargetGroup(indikator.rhk, []))
        group.indicators.append(indikator)
    return list(groups.values())


def catalog_options(employee: Employee, day: dt.date) -> list[CatalogItem]:
    """Active catalogue items of every position the employee holds on the day: someone acting
    as Plt or Plh also does the work of that position. Their own seat's items come first."""
    seats = Assignment.objects.active_on(day).filter(employee=employee)
    rank = Case(
        When(position__in=seats.filter(jenis=JenisPenugasan.DEFINITIF).values("position_id"),
             then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )  # fmt: skip
    return list(
        CatalogItem.objects.filter(aktif=True, position__in=seats.values("position_id"))
        .annotate(rank=rank)
        .order_by("rank", "uraian", "id")
    )


def recent_distinct(employee_id: int, today: dt.date) -> list[Activity]:
    """The newest entry of each (uraian, target) pair of the last two weeks, newest first, for
    "Ulangi aktivitas sebelumnya". Rejected work is not worth repeating."""
    newest = (
        Activity.objects.filter(
            employee_id=employee_id,
            tanggal__range=(today - dt.timedelta(days=RECENT_DAYS), today),
        )
        .exclude(status=StatusAktivitas.DITOLAK)
        .order_by()
        .values("uraian", "indikator_id")
        .annotate(last=Max("id"))
        .order_by("-last")
        .values_list("last", flat=True)[:RECENT_LIMIT]
    )
    ids = list(newest)
    if not ids:
        return []
    rows = Activity.objects.filter(pk__in=ids).select_related("indikator", "catalog_item")
    return sorted(rows, key=lambda a: -a.pk)


def favorites_of(employee_id: int) -> list[ActivityFavorite]:
    return list(ActivityFavorite.objects.filter(employee_id=employee_id).order_by("nama", "id"))


def own_activity(employee_id: int, pk: int) -> Activity | None:
    return (
        Activity.objects.filter(pk=pk, employee_id=employee_id)
        .select_related("indikator__rhk", "catalog_item")
        .first()
    )


def own_favorite(employee_id: int, pk: int) -> ActivityFavorite | None:
    return ActivityFavorite.objects.filter(pk=pk, employee_id=employee_id).first()


PENDING = (StatusAktivitas.DIAJUKAN, StatusAktivitas.DIKEMBALIKAN)


def month_minutes(
    employee_id: int, first: dt.date, last: dt.date
) -> dict[dt.date, tuple[int, int]]:
    """(approved, pending) minutes per day of the range, summed in the database."""
    grouped = (
        Activity.objects.filter(employee_id=employee_id, tanggal__range=(first, last))
        .exclude(status=StatusAktivitas.DITOLAK)
        .order_by()
        .values("tanggal", "status")
        .annotate(total=Sum("menit"))
        .values_list("tanggal", "status", "total")
    )
    days: dict[dt.date, tuple[int, int]] = {}
    for tanggal, status, total in grouped:
        approved, pending = days.get(tanggal, (0, 0))
        if status in PENDING:
            pending += int(total or 0)
        else:
            approved += int(total or 0)
        days[tanggal] = (approved, pending)
    return days
