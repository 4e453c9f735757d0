"""Reads for the machine pages: devices with their counts, unknown PINs grouped, PIN lists.

Each function takes an already scoped queryset from ``attendance.access`` and returns rows for
one page in a fixed number of queries, whatever the number of devices, PINs or punches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ekinerja.people.models import Employee

from .models import Device, DevicePin, UnknownPunch


def _count_of(model: type[DevicePin] | type[UnknownPunch]) -> Coalesce:
    # A subquery per count: two joined Counts would multiply each other's rows.
    counted = (
        model.objects.filter(device=OuterRef("pk"))
        .order_by()
        .values("device")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def device_rows(devices: QuerySet[Device]) -> QuerySet[Device]:
    """Devices with their unit, number of PINs (``jumlah_pin``) and of punches waiting for an
    unknown PIN (``jumlah_tak_dikenal``)."""
    return (
        devices.select_related("unit")
        .annotate(jumlah_pin=_count_of(DevicePin), jumlah_tak_dikenal=_count_of(UnknownPunch))
        .order_by("nama", "pk")
    )


@dataclass(frozen=True)
class UnknownGroup:
    device: Device | None
    key: str
    jumlah: int
    pertama: dt.datetime
    terakhir: dt.datetime


def unknown_groups(rows: QuerySet[UnknownPunch]) -> QuerySet:
    """Unknown punches grouped by (device, key) with their count and first and last time,
    the most recent first. Values rows, so a paginator can count and slice in SQL."""
    return (
        rows.order_by()
        .values("device_id", "key")
        .annotate(jumlah=Count("pk"), pertama=Min("waktu"), terakhir=Max("waktu"))
        .order_by("-terakhir", "key", "device_id")
    )


def attach_devices(groups: list[dict], devices: QuerySet[Device]) -> list[UnknownGroup]:
    """The page's groups with their device objects, in one query for the whole page."""
    wanted = {group["device_id"] for group in groups if group["device_id"] is not None}
    by_pk = {device.pk: device for device in devices.filter(pk__in=wanted)}
    return [
        UnknownGroup(
            device=by_pk.get(group["device_id"]),
            key=group["key"],
            jumlah=group["jumlah"],
            pertama=group["pertama"],
            terakhir=group["terakhir"],
        )
        for group in groups
    ]


def pin_rows(pins: QuerySet[DevicePin]) -> QuerySet[DevicePin]:
    return pins.select_related("employee", "device").order_by("device__nama", "pin", "pk")


def employee_by_nip(employees: QuerySet[Employee], nip: str) -> Employee | None:
    """The employee with this NIP among those the user manages; spaces of a printed NIP
    ("19850101 201001 1 001") are ignored."""
    cleaned = "".join(nip.split())
    if not cleaned:
        return None
    return employees.filter(nip=cleaned).first()
