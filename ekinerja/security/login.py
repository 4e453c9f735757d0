"""What the login page of `people` asks of the security app, in one place."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ekinerja.people.models import User

from . import lockout, selectors
from .services import clear_failures, record_failed_login

__all__ = [
    "begin_second_step",
    "clear_failures",
    "client_ip",
    "locked_message",
    "locked_until",
    "needs_second_step",
    "record_failed_login",
]

PENDING_KEY = "security_pending_login"
# The second step must follow the password promptly; a stale half-login is forgotten.
PENDING_SECONDS = 300


def client_ip(request: HttpRequest | None) -> str:
    # The connection's address unless settings name a header the proxy overwrites: a header the
    # client could set itself would let anyone dodge the per-address count.
    if request is None:
        return ""
    header = settings.EKINERJA_LOGIN_IP_HEADER
    forwarded = str(request.META.get(header, "")).strip() if header else ""
    return (forwarded or str(request.META.get("REMOTE_ADDR", "")))[:45]


def locked_until(*, username: str, ip: str) -> dt.datetime | None:
    return selectors.locked_until(username=username, ip=ip)


def locked_message(until: dt.datetime | None = None) -> str:
    minutes = (
        lockout.minutes_left(until, timezone.now())
        if until is not None
        else settings.EKINERJA_LOGIN_KUNCI_MENIT
    )
    return lockout.LOCKED_MESSAGE.format(menit=minutes)


def needs_second_step(user: User) -> bool:
    return selectors.confirmed_device(user.pk) is not None


def begin_second_step(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember who passed the password step; the session is not logged in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "at": time.time(),
    }


def pending_login(request: HttpRequest) -> dict | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    return pending


def forget_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
