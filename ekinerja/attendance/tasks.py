"""Background jobs of attendance. Each task only parses its arguments and calls a service."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from .services_daily import recompute_attendance


@task
def run_recompute(instansi_id: int, employee_ids: list[int], first: str, last: str) -> int:
    """Recompute daily attendance after a large change (a machine log, a schedule change)."""
    return recompute_attendance(
        employee_ids, dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    )
