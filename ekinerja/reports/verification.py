"""Verification codes and content fingerprints of printed documents (pure, mypy-strict).

A code is nine random symbols of Crockford's base 32 (45 bits: a guess hits one of a million
issued documents about once in 35 million tries) and a tenth, a Luhn mod 32 check symbol over
the nine (it catches every single changed symbol and every swap of two neighbours, and stays
in the same alphabet). A mistyped or altered code is then refused as invalid
before any lookup, instead of answering "not found" for a code that never existed. Codes are
printed in groups, ``K7QM-2XD9-A4``, and read back forgivingly: case, spaces and dashes are
ignored, O reads as 0 and I or L as 1.

The fingerprint is SHA-256 over the document's data in a canonical JSON form (sorted keys, no
whitespace), so the same content always gives the same fingerprint and any changed value
gives another.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 9
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_symbol(body: str) -> str:
    base = len(ALPHABET)
    total, factor = 0, 2
    for symbol in reversed(body):
        addend = factor * ALPHABET.index(symbol)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_symbol(body)


def normalise(text: str) -> str:
    """What the reader typed or scanned, as the stored form (upper case, no separators)."""
    return "".join(text.split()).replace("-", "").upper().translate(_READS_AS)


def is_well_formed(code: str) -> bool:
    """Ten symbols of the alphabet whose last is the check symbol of the first nine."""
    if len(code) != BODY_LENGTH + 1:
        return False
    body, check = code[:BODY_LENGTH], code[BODY_LENGTH]
    if any(symbol not in ALPHABET for symbol in body):
        return False
    return check_symbol(body) == check


def printed(code: str) -> str:
    """K7QM2XD9A4 -> K7QM-2XD9-A4, easier to read aloud and to type."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def fingerprint(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
