"""Background jobs of the reports app. Each task only loads its row and calls a service."""

from __future__ import annotations

from django.tasks import task

from .models import PrintBatch
from .services_batch import build_batch


@task
def print_batch(batch_id: int) -> dict[str, int]:
    """Print a batch of documents into one ZIP (enqueued by services_batch)."""
    batch = build_batch(PrintBatch.objects.select_related("requested_by").get(pk=batch_id))
    return {"total": batch.total, "selesai": batch.selesai}
