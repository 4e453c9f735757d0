"""Reads behind phone check-ins: where the employee's office is, which rules apply, what
covers the day, and the day's punches. Shared by the check-in service and its page so both
judge and show the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from ekinerja.org.choices import ZonaWaktu
from ekinerja.org.models import Unit
from ekinerja.people.hierarchy import primary_assignment
from ekinerja.people.models import Employee

from . import geo
from .choices import JenisCuti, StatusPengajuan
from .models import AttendancePolicy, DailyAttendance, LeaveRequest, Punch

# Work that is meant to happen away from the office; a check-in elsewhere is then expected.
# Diklat is left out on purpose: it is usually held at a fixed venue with its own attendance.
LOCATION_EXEMPT = (JenisCuti.WFH, JenisCuti.DINAS_LUAR)
DEFAULT_ZONE = ZonaWaktu.WIB.value
ZONE_LABELS = {zone.value: zone.label for zone in ZonaWaktu}


@dataclass(frozen=True)
class Place:
    """The employee's seat on the day and the office point their check-ins are judged against.

    ``office_unit`` is the unit whose coordinates are used (the seat's own, or the nearest
    ancestor's); ``radius_m`` is that unit's radius, None when it has none (the policy's
    default then applies)."""

    unit: Unit | None
    zone: str
    office: geo.Point | None
    office_unit: str
    radius_m: int | None

    @property
    def zone_label(self) -> str:
        return ZONE_LABELS.get(self.zone, self.zone)


@dataclass(frozen=True)
class Limits:
    radius_m: int
    max_accuracy_m: int


def local_day(now: dt.datetime, zone: str) -> dt.date:
    return now.astimezone(ZoneInfo(zone)).date()


def _seat_unit(employee: Employee, day: dt.date) -> Unit | None:
    seat = primary_assignment(employee, day)
    return None if seat is None else seat.position.unit


def place_of(employee: Employee, now: dt.datetime) -> tuple[Place, dt.date]:
    """The place and the local date of ``now`` in the seat's zone.

    The seat is looked up on the server's date first; only when the unit's own date differs
    (a WITA or WIT office just after its midnight) is it looked up again on that date, so a
    transfer that starts at midnight is honoured."""
    guess = timezone.localdate(now)
    unit = _seat_unit(employee, guess)
    zone = unit.zona_waktu if unit is not None else DEFAULT_ZONE
    day = local_day(now, zone)
    if day != guess:
        unit = _seat_unit(employee, day)
        zone = unit.zona_waktu if unit is not None else DEFAULT_ZONE
        day = local_day(now, zone)
    return _place(unit, zone), day


def _place(unit: Unit | None, zone: str) -> Place:
    if unit is None:
        return Place(None, zone, None, "", None)
    if unit.latitude is not None and unit.longitude is not None:
        point = geo.Point(float(unit.latitude), float(unit.longitude))
        return Place(unit, zone, point, unit.nama, unit.radius_m)
    # The whole tree in one query, walked in memory: a seksi usually sits in its dinas's
    # building, so the nearest ancestor with coordinates stands in for it.
    rows = {
        pk: (parent, lat, lon, radius, nama)
        for pk, parent, lat, lon, radius, nama in Unit.objects.filter(
            instansi_id=unit.instansi_id
        ).values_list("id", "parent_id", "latitude", "longitude", "radius_m", "nama")
    }
    seen: set[int] = set()
    current = unit.parent_id
    while current is not None and current not in seen and current in rows:
        seen.add(current)
        parent, lat, lon, radius, nama = rows[current]
        if lat is not None and lon is not None:
            return Place(unit, zone, geo.Point(float(lat), float(lon)), nama, radius)
        current = parent
    return Place(unit, zone, None, "", None)


def limits_on(instansi_id: int, day: dt.date) -> Limits:
    """The default radius and the worst accepted accuracy of the policy in force on ``day``;
    the model's defaults when the instansi has no policy yet."""
    row = (
        AttendancePolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .values_list("radius_bawaan_m", "akurasi_maks_m")
        .first()
    )
    if row is None:
        meta = AttendancePolicy._meta
        return Limits(
            meta.get_field("radius_bawaan_m").get_default(),
            meta.get_field("akurasi_maks_m").get_default(),
        )
    return Limits(*row)


def location_exemption(employee_id: int, day: dt.date) -> str | None:
    """The label of an approved WFH or dinas luar covering ``day``, else None. A part-day
    request counts too: the employee is expected away for part of the day."""
    jenis = (
        LeaveRequest.objects.filter(
            employee_id=employee_id,
            status=StatusPengajuan.DISETUJUI,
            jenis__in=LOCATION_EXEMPT,
            mulai__lte=day,
            selesai__gte=day,
        )
        .order_by("mulai", "pk")
        .values_list("jenis", flat=True)
        .first()
    )
    return None if jenis is None else JenisCuti(jenis).label


def day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def punches_on(employee_id: int, day: dt.date, zone: str) -> list[Punch]:
    """Every punch of the local day, by any route (machine, web), oldest first."""
    start, end = day_bounds(day, zone)
    return list(
        Punch.objects.filter(employee_id=employee_id, waktu__gte=start, waktu__lt=end).order_by(
            "waktu", "pk"
        )
    )


def scheduled_hours(employee_id: int, day: dt.date) -> tuple[str, dt.time, dt.time] | None:
    """The day's schedule as the daily record last measured it (name, start, end), if any.
    Read from the record rather than re-derived, so the page never disagrees with the recap."""
    row = (
        DailyAttendance.objects.filter(employee_id=employee_id, tanggal=day)
        .values_list("jadwal", "jam_masuk_jadwal", "jam_pulang_jadwal")
        .first()
    )
    if row is None or row[1] is None or row[2] is None:
        return None
    return row[0], row[1], row[2]
