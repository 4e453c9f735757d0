"""Rebuilding the daily attendance record from punches, leave, schedules and the calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Up to this many employee-days are recomputed inside the request that changed something;
# larger jobs (a month of machine logs) go to the background worker.
SYNC_LIMIT = 400


def recompute_attendance(employee_ids: Iterable[int], first: dt.date, last: dt.date) -> int:
    """Recompute the daily records of the employees from first to last; returns rows written."""
    return 0  # filled in by the recompute work (in progress)


def request_recompute(
    instansi_id: int, employee_ids: Iterable[int], first: dt.date, last: dt.date
) -> str:
    """Recompute now when the job is small, else enqueue it. Returns "selesai" or "antre"."""
    ids = sorted(set(employee_ids))
    if not ids or last < first:
        return "selesai"
    days = (last - first).days + 1
    if len(ids) * days <= SYNC_LIMIT:
        recompute_attendance(ids, first, last)
        return "selesai"
    from .tasks import run_recompute

    run_recompute.enqueue(instansi_id, ids, first.isoformat(), last.isoformat())
    return "antre"
