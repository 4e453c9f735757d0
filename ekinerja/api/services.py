"""Writes of personal API tokens: issue and revoke, both audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for
from ekinerja.people.models import User

from .models import ApiToken
from .tokens import hash_secret, new_secret

# Enough for a phone, a tablet and a few scripts; more usually means forgotten tokens.
MAX_ACTIVE_TOKENS = 20
MAX_DAYS = 366


@transaction.atomic
def issue_token(*, actor: User, nama: str, berlaku_hari: int | None) -> tuple[ApiToken, str]:
    """A new token of the actor and its plain secret, returned this once only."""
    nama = nama.strip()
    if not nama:
        raise ValidationError("Nama token wajib diisi.")
    if len(nama) > 80:
        raise ValidationError("Nama token paling banyak 80 karakter.")
    if berlaku_hari is not None and not 1 <= berlaku_hari <= MAX_DAYS:
        raise ValidationError(f"Masa berlaku harus antara 1 dan {MAX_DAYS} hari.")
    # Lock the user's row so two parallel requests cannot both pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    now = timezone.now()
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            f"Paling banyak {MAX_ACTIVE_TOKENS} token aktif; cabut token yang tidak dipakai."
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=actor,
        nama=nama,
        token_hash=hash_secret(secret),
        awalan=secret[:8],
        expires_at=now + dt.timedelta(days=berlaku_hari) if berlaku_hari else None,
    )
    record_audit_event(
        actor=actor,
        action="api_token:issue",
        obj=token,
        instansi_id=roles_for(actor).instansi_id,
        summary=f"Token API {token} dibuat",
        data={"expires_at": token.expires_at.isoformat() if token.expires_at else None},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise PermissionDenied("Hanya pemilik token yang dapat mencabutnya.")
    if token.revoked_at is not None:
        raise ValidationError("Token ini sudah dicabut.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_audit_event(
        actor=actor,
        action="api_token:revoke",
        obj=token,
        instansi_id=roles_for(actor).instansi_id,
        summary=f"Token API {token} dicabut",
    )
    return token
