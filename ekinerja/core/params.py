"""Reading values typed into query strings and form fields, shared by every app's views."""

from __future__ import annotations

# Digits of the largest bigint key is 19; 18 keeps every accepted value inside it.
MAX_ID_DIGITS = 18


def whole_number(raw: object) -> int | None:
    """A whole number typed in ASCII digits and small enough for a database key, else None.
    `str.isdigit` alone lets through digits such as "²" that `int` then refuses."""
    text = raw.strip() if isinstance(raw, str) else ""
    if text and text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
