"""Writes of the security app: failed logins, lockouts and the second factor. Each is audited."""

from __future__ import annotations

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.people.models import User

from . import selectors, totp
from .models import LoginAttempt, TotpDevice

ATTEMPTS_KEPT = dt.timedelta(days=1)


def _instansi_of_username(username: str) -> int | None:
    # Recorded for the instansi's auditors; the answer never reaches the person logging in.
    return User.objects.filter(username=username).values_list("instansi_id", flat=True).first()


@transaction.atomic
def record_failed_login(*, username: str, ip: str, tahap: str = "sandi") -> dt.datetime | None:
    """Count a failure; return the end of the lockout it starts, if it starts one."""
    # Rows older than any lockout window are dead weight (the audit trail keeps the history);
    # pruning here keeps the table small without a scheduled job.
    LoginAttempt.objects.filter(created_at__lt=timezone.now() - ATTEMPTS_KEPT).delete()
    attempt = LoginAttempt.objects.create(username=username[:150], ip=ip[:45], tahap=tahap)
    instansi_id = _instansi_of_username(username)
    record_audit_event(
        actor=None,
        action="login.gagal" if tahap == "sandi" else "login.kode_salah",
        obj=attempt,
        instansi_id=instansi_id,
        summary=f"Percobaan masuk gagal untuk {username[:60]} dari {ip or '-'}",
        data={"username": username[:150], "ip": ip, "tahap": tahap},
    )
    until = selectors.locked_until(username=username, ip=ip)
    if until is not None:
        record_audit_event(
            actor=None,
            action="login.dikunci",
            obj=attempt,
            instansi_id=instansi_id,
            summary=f"Login {username[:60]} dikunci sampai {timezone.localtime(until):%H:%M}",
            data={"username": username[:150], "ip": ip, "sampai": until.isoformat()},
        )
    return until


@transaction.atomic
def clear_failures(*, username: str) -> None:
    """A successful login starts the username's count afresh; the address keeps its count."""
    LoginAttempt.objects.filter(username=username).delete()


@transaction.atomic
def start_enrolment(*, user: User) -> TotpDevice:
    """A fresh, unconfirmed secret; an already confirmed device must be switched off first."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise ValidationError("Verifikasi dua langkah sudah aktif.")
    if device is None:
        device = TotpDevice(user=user)
    device.secret = totp.new_secret()
    device.last_step = 0
    device.recovery_hashes = []
    device.save()
    return device


@transaction.atomic
def confirm_device(*, user: User, code: str, now: float | None = None) -> list[str]:
    """Activate the device with a first valid code; return the recovery codes, shown once."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.is_confirmed:
        raise ValidationError("Mulai pendaftaran verifikasi dua langkah terlebih dahulu.")
    step = totp.matching_step(
        device.secret, totp.normalize_code(code), now or time.time(), device.last_step
    )
    if step is None:
        raise ValidationError("Kode tidak cocok. Periksa jam ponsel Anda lalu coba lagi.")
    codes = totp.new_recovery_codes()
    device.last_step = step
    device.confirmed_at = timezone.now()
    device.recovery_hashes = [totp.hash_recovery_code(c) for c in codes]
    device.save()
    record_audit_event(
        actor=user,
        action="2fa.aktif",
        obj=device,
        instansi_id=user.instansi_id,
        summary=f"Verifikasi dua langkah diaktifkan untuk {user.username}",
    )
    return [totp.format_recovery_code(c) for c in codes]


def _accept_code(device: TotpDevice, code: str, now: float) -> str | None:
    """Which kind of code was accepted ("totp" or "pemulihan"), updating the device; or None."""
    normalized = totp.normalize_code(code)
    step = totp.matching_step(device.secret, normalized, now, device.last_step)
    if step is not None:
        device.last_step = step
        device.save(update_fields=["last_step"])
        return "totp"
    digest = totp.hash_recovery_code(normalized)
    if len(normalized) == 10 and digest in device.recovery_hashes:
        device.recovery_hashes = [h for h in device.recovery_hashes if h != digest]
        device.save(update_fields=["recovery_hashes"])
        return "pemulihan"
    return None


@transaction.atomic
def disable_device(*, user: User, code: str, now: float | None = None) -> None:
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or not device.is_confirmed:
        raise ValidationError("Verifikasi dua langkah belum aktif.")
    if _accept_code(device, code, now or time.time()) is None:
        raise ValidationError("Kode tidak cocok.")
    record_audit_event(
        actor=user,
        action="2fa.nonaktif",
        obj=device,
        instansi_id=user.instansi_id,
        summary=f"Verifikasi dua langkah dinonaktifkan untuk {user.username}",
    )
    device.delete()


@transaction.atomic
def verify_second_factor(*, user: User, code: str, now: float | None = None) -> bool:
    """Check a login's second step; a used recovery code is spent and audited."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or not device.is_confirmed:
        return False
    kind = _accept_code(device, code, now or time.time())
    if kind == "pemulihan":
        record_audit_event(
            actor=user,
            action="2fa.kode_pemulihan",
            obj=device,
            instansi_id=user.instansi_id,
            summary=f"Kode pemulihan dipakai oleh {user.username}; "
            f"sisa {len(device.recovery_hashes)}",
        )
    return kind is not None
