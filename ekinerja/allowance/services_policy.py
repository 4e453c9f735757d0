"""Writes of TPP policy versions: from a YAML document (docs/tpp-policy.md), validated whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi

from .access import can_manage_tpp_of
from .choices import StatusKebijakan, StatusRun
from .models import TppPolicy
from .policy import Policy, PolicyError, parse_policy, to_document


def read_yaml(text: str) -> Any:
    """The document in a YAML (or JSON) text; a syntax error names its line."""
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        raise ValidationError(f"Berkas YAML tidak dapat dibaca:{where}: {error.problem}.") from None
    except yaml.YAMLError:
        raise ValidationError("Berkas YAML tidak dapat dibaca.") from None


def validated(document: Any) -> Policy:
    try:
        return parse_policy(document)
    except PolicyError as error:
        raise ValidationError(error.errors) from None


def policy_of(row: TppPolicy) -> Policy:
    """The stored document of a version as a Policy (it was validated when saved)."""
    return parse_policy(row.dokumen)


def as_yaml(row: TppPolicy) -> str:
    return yaml.safe_dump(row.dokumen, allow_unicode=True, sort_keys=False, width=100)


@transaction.atomic
def save_policy(
    *,
    actor: Any,
    instansi: Instansi,
    text: str,
    status: str = StatusKebijakan.BERLAKU,
    catatan: str = "",
    policy: TppPolicy | None = None,
) -> TppPolicy:
    """Create a version, or replace the document of `policy`, from YAML text.

    A version that a final run has paid with is never changed: a new version is made instead,
    so every paid line can be explained by the rules it was computed with."""
    if not can_manage_tpp_of(actor, instansi.id):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengubah kebijakan TPP.")
    if status not in StatusKebijakan.values:
        raise ValidationError("Status kebijakan tidak dikenal.")
    parsed = validated(read_yaml(text))
    document = to_document(parsed)
    if policy is not None:
        policy = TppPolicy.objects.select_for_update().get(pk=policy.pk, instansi=instansi)
        if policy.runs.filter(status=StatusRun.FINAL).exists():
            raise ValidationError(
                "Kebijakan ini sudah dipakai perhitungan TPP yang final dan tidak dapat diubah. "
                "Buat versi baru dengan tanggal berlaku yang baru."
            )
    _refuse_same_start(instansi, parsed.berlaku_mulai, status, policy)
    action = "tpp.kebijakan_diubah" if policy else "tpp.kebijakan_dibuat"
    if policy is None:
        policy = TppPolicy(instansi=instansi, created_by=_user(actor))
    policy.nama = parsed.nama
    policy.berlaku_mulai = parsed.berlaku_mulai
    policy.status = status
    policy.dokumen = document
    policy.catatan = catatan.strip()
    policy.save()
    record_audit_event(
        actor=actor,
        action=action,
        obj=policy,
        instansi_id=instansi.id,
        summary=(
            f"{policy.nama}, berlaku {policy.berlaku_mulai:%d-%m-%Y} "
            f"({policy.get_status_display()})"
        ),
        data={"status": status, "berlaku_mulai": policy.berlaku_mulai.isoformat()},
    )
    return policy


def _refuse_same_start(
    instansi: Instansi, start: dt.date, status: str, policy: TppPolicy | None
) -> None:
    if status != StatusKebijakan.BERLAKU:
        return
    clash = TppPolicy.objects.filter(
        instansi=instansi, berlaku_mulai=start, status=StatusKebijakan.BERLAKU
    )
    if policy is not None:
        clash = clash.exclude(pk=policy.pk)
    if clash.exists():
        raise ValidationError(
            f"Sudah ada kebijakan berlaku mulai {start:%d-%m-%Y}. Ubah versi itu atau pakai "
            "tanggal lain."
        )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
