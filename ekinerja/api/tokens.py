"""Pure helpers for API token secrets: generation and hashing."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "ek_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
