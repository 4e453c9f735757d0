"""Who is calling the API: a personal token (``Authorization: Bearer``) or the session of a
signed-in browser (with CSRF on unsafe methods, through ninja's SessionAuth)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken
from .tokens import hash_secret

# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough for the owner to see which token is in use.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
_MAX_SECRET = 200


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > _MAX_SECRET:
            return None
        found = (
            ApiToken.objects.select_related("user").filter(token_hash=hash_secret(token)).first()
        )
        now = timezone.now()
        if found is None or not found.is_usable(now) or not found.user.is_active:
            return None
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        return user


token_auth = TokenAuth()
session_auth = ActiveSessionAuth()
USER_AUTH = [token_auth, session_auth]
