"""Password rules of our own, next to Django's validators listed in settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .nip import normalize_nip


def _nip_of(user: Any) -> str:
    # Accounts of employees are named by their NIP; the linked employee is not consulted so
    # that a new, unsaved account is checked the same way.
    digits = normalize_nip(str(getattr(user, "username", "") or ""))
    return digits if len(digits) == 18 and digits.isdigit() else ""


class NoNipValidator:
    """A password must not contain the NIP nor its date of birth: both are printed on documents."""

    def validate(self, password: str, user: Any = None) -> None:
        nip = _nip_of(user)
        if not nip:
            return
        compact = "".join(ch for ch in password if ch.isdigit())
        if nip in compact or nip[:8] in compact:
            raise ValidationError(
                "Kata sandi tidak boleh memuat NIP atau tanggal lahir dari NIP.",
                code="password_contains_nip",
            )

    def get_help_text(self) -> str:
        return "Kata sandi tidak boleh memuat NIP atau tanggal lahir dari NIP."
