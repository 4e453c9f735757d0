"""Constraint helpers shared by the apps' models."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def unique_with_optional(
    fields: list[str], optional: str, *, name_without: str, name_with: str
) -> list[models.BaseConstraint]:
    """`fields` unique together, where `optional` (one of them) is a nullable field and NULL
    counts as one value.

    A plain unique index never sees two NULLs as equal, so rows without `optional` get their own
    partial constraint on the other fields; this works the same on SQLite and PostgreSQL (where
    `nulls_distinct=False` would not)."""
    others = [name for name in fields if name != optional]
    return [
        models.UniqueConstraint(
            fields=others, condition=Q(**{f"{optional}__isnull": True}), name=name_without
        ),
        models.UniqueConstraint(
            fields=fields, condition=Q(**{f"{optional}__isnull": False}), name=name_with
        ),
    ]
