"""The monitoring rules in force for an instansi on a day."""

from __future__ import annotations

import datetime as dt

from .models import MonitoringPolicy


def policy_on(instansi_id: int, day: dt.date) -> MonitoringPolicy:
    """The rules in force on ``day``; the model's defaults for a region without a row."""
    found = (
        MonitoringPolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )
    return found or MonitoringPolicy(instansi_id=instansi_id, berlaku_mulai=day)
