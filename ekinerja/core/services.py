"""Writes every app shares."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def record_audit_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    instansi_id: int | None,
    summary: str = "",
    data: dict | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        instansi_id=instansi_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:255],
        data=data or {},
    )
