"""Limit/offset pages of a queryset: two queries, the count and the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .schemas import Halaman


def page_of(qs: QuerySet, page: Halaman) -> dict[str, Any]:
    return {"jumlah": qs.count(), "hasil": list(qs[page.offset : page.offset + page.limit])}
