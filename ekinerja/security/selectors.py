"""Reads of the security app: failures that matter for a lockout, and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from ekinerja.core.models import AuditEvent

from . import lockout
from .models import LoginAttempt, TotpDevice


def username_policy() -> lockout.Policy:
    return lockout.Policy(
        max_failures=settings.EKINERJA_LOGIN_MAX_GAGAL,
        window=dt.timedelta(minutes=settings.EKINERJA_LOGIN_JENDELA_MENIT),
        lockout=dt.timedelta(minutes=settings.EKINERJA_LOGIN_KUNCI_MENIT),
    )


def ip_policy() -> lockout.Policy:
    return lockout.Policy(
        max_failures=settings.EKINERJA_LOGIN_MAX_GAGAL_IP,
        window=dt.timedelta(minutes=settings.EKINERJA_LOGIN_JENDELA_MENIT),
        lockout=dt.timedelta(minutes=settings.EKINERJA_LOGIN_KUNCI_MENIT),
    )


def locked_until(*, username: str, ip: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """The end of the lockout on this username or this address, whichever lasts longer."""
    now = now or timezone.now()
    by_user, by_ip = username_policy(), ip_policy()
    since = now - max(by_user.lookback, by_ip.lookback)
    rows = list(
        LoginAttempt.objects.filter(created_at__gte=since)
        .filter(Q(username=username) | Q(ip=ip) if ip else Q(username=username))
        .values_list("username", "ip", "created_at")
    )
    ends = [
        lockout.locked_until([t for u, _, t in rows if u == username], by_user, now),
        lockout.locked_until([t for _, a, t in rows if ip and a == ip], by_ip, now),
    ]
    found = [end for end in ends if end is not None]
    return max(found) if found else None


def confirmed_device(user_id: int) -> TotpDevice | None:
    return TotpDevice.objects.filter(user_id=user_id, confirmed_at__isnull=False).first()


@dataclass(frozen=True)
class AuditFilter:
    dari: dt.date | None = None
    sampai: dt.date | None = None
    aksi: str = ""
    pelaku: str = ""
    jenis_objek: str = ""


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(instansi_id: int, flt: AuditFilter) -> QuerySet[AuditEvent]:
    """The instansi's audit trail, newest first, one query for a page of rows with their actors."""
    qs = AuditEvent.objects.filter(instansi_id=instansi_id).select_related("actor__employee")
    # Bounds as aware datetimes rather than __date lookups: portable and index-friendly.
    if flt.dari:
        qs = qs.filter(created_at__gte=_start_of(flt.dari))
    if flt.sampai:
        qs = qs.filter(created_at__lt=_start_of(flt.sampai + dt.timedelta(days=1)))
    if flt.aksi:
        qs = qs.filter(action__startswith=flt.aksi)
    if flt.jenis_objek:
        qs = qs.filter(object_type=flt.jenis_objek)
    if flt.pelaku:
        qs = qs.filter(
            Q(actor__username__icontains=flt.pelaku)
            | Q(actor__first_name__icontains=flt.pelaku)
            | Q(actor__employee__nama__icontains=flt.pelaku)
        )
    return qs.order_by("-created_at", "-id")
