"""Background jobs of planning. Each task only loads its row and calls a service."""

from __future__ import annotations

from django.tasks import task

from .models import PeriodOpening
from .opening import open_period


@task
def run_period_opening(opening_id: int) -> dict[str, int]:
    """Run a bulk period opening (enqueued by services_periods.start_period_opening)."""
    opening = PeriodOpening.objects.select_related("period", "started_by").get(pk=opening_id)
    opening = open_period(opening)
    return {
        "total": opening.total,
        "selesai": opening.selesai,
        "dibuat": opening.dibuat,
        "dilewati": opening.dilewati,
    }
