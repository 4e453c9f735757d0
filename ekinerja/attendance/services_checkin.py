"""Phone check-ins from the browser (issue 5): the location is judged on the server against the
office of the employee's unit, and the punch is stored with its verdict.

A phone on a bad network resends; a finger taps twice. Both must land once, so a check-in is
idempotent twice over: by the key the page generates for one tap (``Punch.kunci``, the same
key returns the stored punch) and by the employee and the instant to the second (the
constraint machine imports rely on too). The employee's row is locked for the duration, so
two copies of one request arriving together are serialised rather than raced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ekinerja.core.closing import refuse_if_closed
from ekinerja.people.models import Employee, User

from . import access, geo
from . import selectors_checkin as places
from .models import Punch, SumberPresensi
from .services_daily import request_recompute

NO_LOCATION = (
    "Lokasi tidak terkirim. Presensi dari ponsel membutuhkan lokasi: izinkan akses lokasi "
    "pada peramban, lalu tekan tombol presensi lagi."
)
NOT_AN_EMPLOYEE = "Presensi hanya untuk pegawai; akun ini tidak terhubung dengan data pegawai."
BAD_KEY = "Kunci presensi tidak valid. Muat ulang halaman, lalu coba lagi."
_KEY_MAX = Punch._meta.get_field("kunci").max_length or 64
# crypto.randomUUID() on the page; other clients may send any token of this shape.
_KEY_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{1,{_KEY_MAX}}}")
_REASON_MAX = Punch._meta.get_field("keterangan_lokasi").max_length or 200
_SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class CheckinResult:
    punch: Punch
    created: bool
    local_day: dt.date
    zone: str


def _degrees(raw: object, label: str, limit: int, errors: list[str]) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors.append(f"{label} harus berupa angka desimal, misalnya -6.175392.")
        return None
    if not value.is_finite() or not -limit <= value <= limit:
        errors.append(f"{label} harus di antara -{limit} dan {limit}.")
        return None
    # The column keeps six places (about 11 cm); rounding here keeps what is judged and what
    # is stored the same number.
    return value.quantize(_SIX_PLACES)


def _accuracy(raw: object, errors: list[str]) -> float | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors.append("Akurasi lokasi harus berupa angka dalam meter.")
        return None
    if not value.is_finite() or value <= 0:
        errors.append("Akurasi lokasi harus lebih dari 0 meter.")
        return None
    # "1e400" is a finite Decimal but an infinite float; no reading is vaguer than the planet.
    return float(min(value, Decimal(geo.MAX_ACCURACY_M)))


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _parse(
    latitude: object, longitude: object, accuracy: object, kunci: str
) -> tuple[geo.Point, Decimal, Decimal, float]:
    if _blank(latitude) or _blank(longitude):
        raise ValidationError(NO_LOCATION)
    errors: list[str] = []
    lat = _degrees(latitude, "Lintang", 90, errors)
    lon = _degrees(longitude, "Bujur", 180, errors)
    acc = None
    if _blank(accuracy):
        errors.append("Akurasi lokasi tidak terkirim; coba lagi.")
    else:
        acc = _accuracy(accuracy, errors)
    if kunci and not _KEY_SHAPE.fullmatch(kunci):
        errors.append(BAD_KEY)
    if errors or lat is None or lon is None or acc is None:
        raise ValidationError(errors)
    return geo.Point(float(lat), float(lon)), lat, lon, acc


def _checker(actor: User) -> Employee:
    employee = access.checkin_employee(actor)
    if employee is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    return employee


@transaction.atomic
def record_web_punch(
    *,
    actor: User,
    latitude: object,
    longitude: object,
    accuracy: object,
    kunci: str = "",
    now: dt.datetime | None = None,
) -> CheckinResult:
    """Store the actor's check-in at ``now`` (the server's clock; the phone's is never
    trusted) with the verdict on its location.

    Raises ``PermissionDenied`` for a user who is not an employee and ``ValidationError``
    (Indonesian messages) for a missing or impossible location, or a day in a month already
    finalised for TPP payment; nothing is stored then.
    Returns the stored punch with ``created=False`` when this tap (same ``kunci``) or a punch
    at the same second was already stored.
    """
    employee = _checker(actor)
    kunci = (kunci or "").strip()
    point, lat, lon, acc = _parse(latitude, longitude, accuracy, kunci)
    # Stored to the second, as machines record them, so a double tap within one second meets
    # the (employee, waktu) constraint instead of making two punches.
    instant = (now or timezone.now()).replace(microsecond=0)

    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    place, day = places.place_of(employee, instant)
    if kunci:
        earlier = Punch.objects.filter(employee=employee, kunci=kunci).first()
        if earlier is not None:
            earlier_day = places.local_day(earlier.waktu, place.zone)
            return CheckinResult(earlier, False, earlier_day, place.zone)
    same_second = Punch.objects.filter(employee=employee, waktu=instant).first()
    if same_second is not None:
        return CheckinResult(same_second, False, day, place.zone)
    # After the resend answers, which store nothing: a new punch in a paid month is refused.
    refuse_if_closed([employee.pk], [day])

    limits = places.limits_on(employee.instansi_id, day)
    verdict = geo.judge(
        office=place.office,
        # A policy may say 0 m; read as "at the point itself" rather than failing the tap.
        radius_m=max(1, place.radius_m or limits.radius_m),
        phone=point,
        accuracy_m=acc,
        max_accuracy_m=limits.max_accuracy_m,
        covered_by=places.location_exemption(employee.pk, day),
    )
    punch = Punch(
        instansi_id=employee.instansi_id,
        employee=employee,
        waktu=instant,
        sumber=SumberPresensi.WEB,
        latitude=lat,
        longitude=lon,
        akurasi_m=verdict.accuracy_m,
        jarak_m=verdict.distance_m,
        di_luar_lokasi=verdict.flagged,
        keterangan_lokasi=verdict.reason[:_REASON_MAX],
        kunci=kunci,
    )
    try:
        # A savepoint, so a punch that slipped in between the checks and here (another
        # process without the row lock, such as a machine import) leaves the outer
        # transaction usable for reading it back.
        with transaction.atomic():
            punch.save()
    except IntegrityError:
        existing = Punch.objects.filter(employee=employee, waktu=instant).first()
        if existing is None and kunci:
            existing = Punch.objects.filter(employee=employee, kunci=kunci).first()
        if existing is None:
            raise
        return CheckinResult(existing, False, day, place.zone)
    request_recompute(employee.instansi_id, [employee.pk], day, day)
    return CheckinResult(punch, True, day, place.zone)
