"""TOTP codes and recovery codes. Pure apart from the clock passed in."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp

ISSUER = "E-Kinerja"
STEP_SECONDS = 30
RECOVERY_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isalnum()).lower()


def matching_step(secret: str, code: str, now: float, last_step: int) -> int | None:
    """The time step the 6-digit code belongs to (one step of clock drift either way), or None.

    Steps at or before `last_step` are refused, so a code seen over a shoulder is useless."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if step > last_step and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_COUNT)
    ]


def hash_recovery_code(code: str) -> str:
    # Codes are random with ~49 bits each, so a plain digest is enough; no slow hash needed.
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"
