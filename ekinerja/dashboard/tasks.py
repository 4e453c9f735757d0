"""Background jobs of the monitoring app. Each task only loads its row and calls a service."""

from __future__ import annotations

from django.tasks import task

from .models import MonitoringRefresh
from .services import compute_refresh


@task
def refresh_monitoring(refresh_id: int) -> dict[str, int]:
    """Compute a month's monitoring figures (enqueued by services.request_refresh)."""
    refresh = compute_refresh(MonitoringRefresh.objects.get(pk=refresh_id))
    return {"pegawai": refresh.jumlah_pegawai, "durasi_ms": refresh.durasi_ms}
