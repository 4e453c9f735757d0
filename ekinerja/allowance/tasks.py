"""Background jobs of the allowance app. Each task only loads its row and calls a service."""

from __future__ import annotations

from django.tasks import task

from .models import TppRun
from .services import compute_run


@task
def run_tpp(run_id: int) -> dict[str, int]:
    """Compute a TPP run (enqueued by services.start_run)."""
    run = compute_run(TppRun.objects.select_related("policy").get(pk=run_id))
    return {"total": run.total, "selesai": run.selesai}
