"""Writes of performance periods: create, edit, and start (or re-run) a bulk opening.

Every function is keyword-only, validates before writing (raising ValidationError with Indonesian
messages and writing nothing), and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Unit

from .choices import SiklusEvaluasi, StatusPembukaan, StatusPeriode, SumberDraf
from .models import PerformancePeriod, PeriodOpening, Skp

TAHUN_MIN = 2000
TAHUN_MAX = 2100
ACTIVE_OPENING = (StatusPembukaan.MENUNGGU, StatusPembukaan.BERJALAN)
# The code of the ValidationError raised when another opening of the period is still running.
BUSY = "pembukaan_berjalan"

PERIOD_FIELDS = (
    "tahun", "mulai", "selesai", "batas_input_skp", "batas_persetujuan", "siklus_evaluasi",
    "status",
)  # fmt: skip


def period_errors(
    *,
    instansi_id: int,
    tahun: int,
    mulai: dt.date,
    selesai: dt.date,
    batas_input_skp: dt.date,
    batas_persetujuan: dt.date,
    siklus_evaluasi: str,
    status: str,
    period: PerformancePeriod | None = None,
) -> dict[str, list[str]]:
    """Every rule a period's fields break, by field. `period` is the row being edited, if any."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        add("tahun", f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAX}.")
    elif mulai.year != tahun:
        add("mulai", f"Tanggal mulai harus berada pada tahun {tahun}.")
    if selesai <= mulai:
        add("selesai", "Tanggal selesai harus setelah tanggal mulai.")
    if batas_input_skp < mulai:
        add("batas_input_skp", "Batas pengisian SKP tidak boleh sebelum periode dimulai.")
    if batas_persetujuan < mulai:
        add("batas_persetujuan", "Batas persetujuan SKP tidak boleh sebelum periode dimulai.")
    elif batas_persetujuan < batas_input_skp:
        add(
            "batas_persetujuan",
            "Batas persetujuan SKP tidak boleh sebelum batas pengisian SKP.",
        )
    if siklus_evaluasi not in SiklusEvaluasi.values:
        add("siklus_evaluasi", "Siklus evaluasi tidak dikenal.")
    if status not in StatusPeriode.values:
        add("status", "Status periode tidak dikenal.")
    same_year = PerformancePeriod.objects.filter(instansi_id=instansi_id, tahun=tahun)
    if period is not None:
        same_year = same_year.exclude(pk=period.pk)
    if "tahun" not in errors and same_year.exists():
        add(
            "tahun",
            f"Periode SKP tahun {tahun} sudah ada; satu instansi hanya punya satu periode per "
            "tahun. Ubah periode yang ada.",
        )
    changes_fixed_fields = period is not None and (
        siklus_evaluasi != period.siklus_evaluasi or tahun != period.tahun
    )
    if changes_fixed_fields and Skp.objects.filter(period=period).exists():
        assert period is not None
        if siklus_evaluasi != period.siklus_evaluasi:
            add(
                "siklus_evaluasi",
                "Siklus evaluasi tidak dapat diubah karena sudah ada SKP pada periode ini; "
                "target periodik SKP disusun menurut siklus tersebut.",
            )
        if tahun != period.tahun:
            add("tahun", "Tahun tidak dapat diubah karena sudah ada SKP pada periode ini.")
    return errors


def _check(**fields: Any) -> None:
    errors = period_errors(**fields)
    if errors:
        raise ValidationError(errors)


def _duplicate_year(tahun: int) -> ValidationError:
    return ValidationError({"tahun": [f"Periode SKP tahun {tahun} sudah ada."]})


def _audit_fields(period: PerformancePeriod) -> dict[str, Any]:
    values = {name: getattr(period, name) for name in PERIOD_FIELDS}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


@transaction.atomic
def create_period(
    *,
    actor: Any,
    instansi_id: int,
    tahun: int,
    mulai: dt.date,
    selesai: dt.date,
    batas_input_skp: dt.date,
    batas_persetujuan: dt.date,
    siklus_evaluasi: str = SiklusEvaluasi.BULANAN,
    status: str = StatusPeriode.PERSIAPAN,
) -> PerformancePeriod:
    fields = {
        "tahun": tahun,
        "mulai": mulai,
        "selesai": selesai,
        "batas_input_skp": batas_input_skp,
        "batas_persetujuan": batas_persetujuan,
        "siklus_evaluasi": siklus_evaluasi,
        "status": status,
    }
    _check(instansi_id=instansi_id, **fields)
    try:
        with transaction.atomic():
            period = PerformancePeriod.objects.create(instansi_id=instansi_id, **fields)
    except IntegrityError as error:  # a concurrent request created the same year
        raise _duplicate_year(tahun) from error
    record_audit_event(
        actor=actor,
        action="create_period",
        obj=period,
        instansi_id=instansi_id,
        summary=f"Periode SKP {tahun} dibuat",
        data=_audit_fields(period),
    )
    return period


@transaction.atomic
def update_period(
    *,
    actor: Any,
    period: PerformancePeriod,
    tahun: int,
    mulai: dt.date,
    selesai: dt.date,
    batas_input_skp: dt.date,
    batas_persetujuan: dt.date,
    siklus_evaluasi: str,
    status: str,
) -> PerformancePeriod:
    """Edit a period. The evaluation cycle and the year are fixed once SKPs exist in it."""
    period = PerformancePeriod.objects.select_for_update().get(pk=period.pk)
    fields = {
        "tahun": tahun,
        "mulai": mulai,
        "selesai": selesai,
        "batas_input_skp": batas_input_skp,
        "batas_persetujuan": batas_persetujuan,
        "siklus_evaluasi": siklus_evaluasi,
        "status": status,
    }
    _check(instansi_id=period.instansi_id, period=period, **fields)
    before = _audit_fields(period)
    for name, value in fields.items():
        setattr(period, name, value)
    try:
        with transaction.atomic():
            period.save(update_fields=list(fields))
    except IntegrityError as error:
        raise _duplicate_year(tahun) from error
    after = _audit_fields(period)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record_audit_event(
        actor=actor,
        action="update_period",
        obj=period,
        instansi_id=period.instansi_id,
        summary=f"Periode SKP {period.tahun} diubah",
        data={"changed": changed},
    )
    return period


def _refuse_if_busy(period: PerformancePeriod, exclude: PeriodOpening | None = None) -> None:
    running = PeriodOpening.objects.filter(period=period, status__in=ACTIVE_OPENING)
    if exclude is not None:
        running = running.exclude(pk=exclude.pk)
    if running.exists():
        raise ValidationError(
            "Pembukaan lain untuk periode ini masih berjalan; tunggu sampai selesai.", code=BUSY
        )


def _enqueue(opening: PeriodOpening) -> PeriodOpening:
    from .tasks import run_period_opening

    result = run_period_opening.enqueue(opening.pk)
    # An update, not save(): with an immediate backend the task has already written progress.
    PeriodOpening.objects.filter(pk=opening.pk).update(task_id=str(result.id)[:64])
    opening.refresh_from_db()
    return opening


@transaction.atomic
def start_period_opening(
    *,
    actor: Any,
    period: PerformancePeriod,
    sumber: str = SumberDraf.SKP_SEBELUMNYA,
    unit: Unit | None = None,
) -> PeriodOpening:
    """Record a bulk opening (whole instansi, or `unit` and its subtree) and enqueue its task.

    The opening row and the queued task are written in one transaction, so the worker never sees
    a task without its row, and a refused request leaves neither.
    """
    period = PerformancePeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == StatusPeriode.DITUTUP:
        raise ValidationError("Periode sudah ditutup; SKP tidak dapat dibuka lagi.")
    if sumber not in SumberDraf.values:
        raise ValidationError("Sumber draf SKP tidak dikenal.")
    if unit is not None and unit.instansi_id != period.instansi_id:
        raise ValidationError("Unit tidak ditemukan pada instansi ini.")
    _refuse_if_busy(period)
    opening = PeriodOpening.objects.create(
        instansi_id=period.instansi_id,
        period=period,
        unit=unit,
        sumber=sumber,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return _enqueue(opening)


@transaction.atomic
def rerun_period_opening(*, actor: Any, opening: PeriodOpening) -> PeriodOpening:
    """Queue a failed opening again; it continues where it stopped (existing SKPs are skipped)."""
    opening = PeriodOpening.objects.select_for_update().get(pk=opening.pk)
    if opening.status != StatusPembukaan.GAGAL:
        raise ValidationError("Hanya pembukaan yang gagal yang dapat dijalankan ulang.")
    if opening.period.status == StatusPeriode.DITUTUP:
        raise ValidationError("Periode sudah ditutup; SKP tidak dapat dibuka lagi.")
    _refuse_if_busy(opening.period, exclude=opening)
    opening.status = StatusPembukaan.MENUNGGU
    opening.pesan = ""
    opening.finished_at = None
    opening.save(update_fields=["status", "pesan", "finished_at"])
    record_audit_event(
        actor=actor,
        action="rerun_period_opening",
        obj=opening,
        instansi_id=opening.instansi_id,
        summary=f"Pembukaan periode SKP {opening.period.tahun} dijalankan ulang",
    )
    return _enqueue(opening)
