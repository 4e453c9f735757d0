"""Writes of TPP runs: start (queues the worker), compute (the task body), finalise (closes
the paid months) and reopen (audited, with a reason)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ekinerja.core.closing import month_label
from ekinerja.core.imports import chunked
from ekinerja.core.models import ClosedMonth
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi, Unit

from . import calc
from .access import can_manage_tpp_of
from .choices import JenisRun, ProsesRun, StatusRun
from .inputs import Identity, Month, employee_ids_in_scope, reader_for
from .models import TppLine, TppPolicy, TppRun
from .selectors import policy_in_force
from .services_policy import policy_of

CHUNK_SIZE = 1000


def _refuse_unless_manager(actor: Any, instansi_id: int) -> None:
    if not can_manage_tpp_of(actor, instansi_id):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat menghitung dan memfinalisasi TPP.")


def _check_month(tahun: int, bulan: int, today: dt.date) -> None:
    if not 1 <= bulan <= 12 or not 2000 <= tahun <= 2100:
        raise ValidationError("Bulan atau tahun tidak valid.")
    if (tahun, bulan) > (today.year, today.month):
        raise ValidationError(
            f"{month_label(tahun, bulan)} belum dimulai; TPP belum dapat dihitung."
        )


@transaction.atomic
def start_run(
    *,
    actor: Any,
    instansi: Instansi,
    tahun: int,
    bulan: int,
    unit: Unit | None = None,
    policy: TppPolicy | None = None,
    simulasi: bool = False,
    today: dt.date | None = None,
) -> TppRun:
    """Queue the TPP of a month for the instansi or one OPD.

    An official run uses the policy in force on the 1st; starting it again while it is a draft
    computes it again from scratch (same inputs, same lines). A simulation uses the given
    policy (in force or proposed) and is a new run each time."""
    _refuse_unless_manager(actor, instansi.id)
    _check_month(tahun, bulan, today or timezone.localdate())
    if unit is not None and unit.instansi_id != instansi.id:
        raise ValidationError("OPD tidak ditemukan di instansi ini.")
    first = dt.date(tahun, bulan, 1)
    if simulasi:
        if policy is None or policy.instansi_id != instansi.id:
            raise ValidationError("Pilih kebijakan yang akan disimulasikan.")
        return _start_simulation(actor, instansi, tahun, bulan, unit, policy)
    policy = policy_in_force(instansi.id, first)
    if policy is None:
        raise ValidationError(
            f"Belum ada kebijakan TPP yang berlaku pada {month_label(tahun, bulan)}. "
            "Tambahkan kebijakan di halaman Kebijakan TPP."
        )
    run = _official_run(instansi, tahun, bulan, unit, policy, actor)
    return _enqueue(run, actor, "tpp.dihitung")


def _start_simulation(
    actor: Any, instansi: Instansi, tahun: int, bulan: int, unit: Unit | None, policy: TppPolicy
) -> TppRun:
    """The proposed policy's run, with a baseline run under the policy in force beside it (the
    comparison is then of the same month, scope and inputs)."""
    current = policy_in_force(instansi.id, dt.date(tahun, bulan, 1))
    baseline = None
    if current is not None and current.pk != policy.pk:
        baseline = TppRun.objects.create(
            instansi=instansi, policy=current, unit=unit, tahun=tahun, bulan=bulan,
            jenis=JenisRun.SIMULASI, started_by=_user(actor),
        )  # fmt: skip
    run = TppRun.objects.create(
        instansi=instansi, policy=policy, unit=unit, tahun=tahun, bulan=bulan,
        jenis=JenisRun.SIMULASI, pembanding=baseline, started_by=_user(actor),
    )  # fmt: skip
    if baseline is not None:
        _enqueue(baseline, actor, "tpp.simulasi_dimulai")
    return _enqueue(run, actor, "tpp.simulasi_dimulai")


def _official_run(
    instansi: Instansi, tahun: int, bulan: int, unit: Unit | None, policy: TppPolicy, actor: Any
) -> TppRun:
    runs = TppRun.objects.select_for_update().filter(
        instansi=instansi, tahun=tahun, bulan=bulan, jenis=JenisRun.RESMI
    )
    label = month_label(tahun, bulan)
    others = runs.exclude(unit=unit) if unit is not None else runs.exclude(unit__isnull=True)
    if unit is None and others.exists():
        raise ValidationError(
            f"TPP {label} sudah dihitung per OPD; lanjutkan per OPD atau hapus perhitungan OPD itu."
        )
    if unit is not None and runs.filter(unit__isnull=True).exists():
        raise ValidationError(
            f"TPP {label} sudah dihitung untuk seluruh instansi; hitung ulang perhitungan itu."
        )
    run = (
        runs.filter(unit=unit).first()
        if unit is not None
        else runs.filter(unit__isnull=True).first()
    )
    if run is None:
        return TppRun.objects.create(
            instansi=instansi, policy=policy, unit=unit, tahun=tahun, bulan=bulan,
            started_by=_user(actor),
        )  # fmt: skip
    if run.status == StatusRun.FINAL:
        raise ValidationError(
            f"TPP {label} sudah final. Buka kembali perhitungan itu (dengan alasan) sebelum "
            "menghitung ulang."
        )
    if run.proses == ProsesRun.BERJALAN:
        raise ValidationError("Perhitungan ini sedang berjalan; tunggu sampai selesai.")
    if TppRun.objects.filter(pembanding=run).exists():
        raise ValidationError(
            "Perhitungan ini menjadi pembanding sebuah simulasi; hapus simulasinya saja."
        )
    run.policy = policy
    run.proses = ProsesRun.MENUNGGU
    run.selesai = 0
    run.pesan = ""
    run.started_by = _user(actor)
    run.save(update_fields=["policy", "proses", "selesai", "pesan", "started_by"])
    return run


def _enqueue(run: TppRun, actor: Any, action: str) -> TppRun:
    from .tasks import run_tpp

    record_audit_event(
        actor=actor,
        action=action,
        obj=run,
        instansi_id=run.instansi_id,
        summary=f"TPP {month_label(run.tahun, run.bulan)} ({run.get_jenis_display()})",
        data={"policy_id": run.policy_id, "unit_id": run.unit_id},
    )
    result = run_tpp.enqueue(run.pk)
    # An update, not save(): with an immediate backend the task has already written progress.
    TppRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def compute_run(run: TppRun, *, chunk_size: int = CHUNK_SIZE) -> TppRun:
    """The task body: every employee in scope through `calc.compute`, stored chunk by chunk
    with progress. Lines from an earlier computation are replaced, so a draft run computed
    again from the same inputs gives identical lines. A run that became final while the job
    waited is left alone: paid lines are never rewritten."""
    if TppRun.objects.filter(pk=run.pk, status=StatusRun.FINAL).exists():
        run.refresh_from_db()
        return run
    policy = policy_of(run.policy)
    month = Month.of(run.instansi_id, run.tahun, run.bulan)
    with transaction.atomic():
        TppLine.objects.filter(run=run).delete()
        ids = employee_ids_in_scope(month, run.unit_id)
        TppRun.objects.filter(pk=run.pk).update(
            proses=ProsesRun.BERJALAN, total=len(ids), selesai=0, pesan=""
        )
    reader = reader_for(month)
    done = 0
    try:
        for chunk in chunked(ids, chunk_size):
            with transaction.atomic():
                lines = [
                    _line(run, who, calc.compute(policy, measured))
                    for who, measured in reader.read(chunk)
                ]
                TppLine.objects.bulk_create(lines, batch_size=500)
                done += len(chunk)
                TppRun.objects.filter(pk=run.pk).update(selesai=done)
    except Exception as error:
        TppRun.objects.filter(pk=run.pk).update(
            proses=ProsesRun.GAGAL, pesan=f"Perhitungan gagal: {error}"[:1000]
        )
        raise
    totals = TppLine.objects.filter(run=run).aggregate(bruto=Sum("bruto"), bersih=Sum("bersih"))
    TppRun.objects.filter(pk=run.pk).update(
        proses=ProsesRun.SELESAI,
        jumlah_pegawai=len(ids),
        jumlah_bruto=totals["bruto"] or Decimal(0),
        jumlah_bersih=totals["bersih"] or Decimal(0),
        computed_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _line(run: TppRun, who: Identity, result: calc.Result) -> TppLine:
    return TppLine(
        run=run,
        employee_id=who.employee_id,
        opd_id=who.opd_id,
        nama=who.nama[:200],
        nip=who.nip,
        golongan=who.golongan,
        status_pegawai=who.status,
        jabatan=who.jabatan[:255],
        kelas_jabatan=who.kelas_jabatan,
        besaran=result.besaran,
        kinerja_persen=result.kinerja_persen,
        disiplin_persen=result.disiplin_persen,
        bruto=result.bruto,
        bpjs_pegawai=result.bpjs_pegawai,
        bpjs_pemberi_kerja=result.bpjs_pemberi_kerja,
        pajak=result.pajak,
        bersih=result.bersih,
        rincian=result.as_dict(),
    )


@transaction.atomic
def finalise_run(*, actor: Any, run: TppRun) -> TppRun:
    """Make an official draft run final and close the month of every employee it paid."""
    _refuse_unless_manager(actor, run.instansi_id)
    run = TppRun.objects.select_for_update().get(pk=run.pk)
    if run.jenis != JenisRun.RESMI:
        raise ValidationError("Simulasi tidak dapat difinalisasi.")
    if run.status == StatusRun.FINAL:
        raise ValidationError("Perhitungan ini sudah final.")
    if run.proses != ProsesRun.SELESAI:
        raise ValidationError(
            "Perhitungan belum selesai; finalisasi setelah semua pegawai dihitung."
        )
    employee_ids = list(TppLine.objects.filter(run=run).values_list("employee_id", flat=True))
    taken = ClosedMonth.objects.filter(
        employee_id__in=employee_ids, tahun=run.tahun, bulan=run.bulan
    ).count()
    if taken:
        raise ValidationError(
            f"{taken} pegawai sudah dibayar pada perhitungan final lain untuk bulan ini."
        )
    ClosedMonth.objects.bulk_create(
        [
            ClosedMonth(
                instansi_id=run.instansi_id, employee_id=employee_id, tahun=run.tahun,
                bulan=run.bulan, run_id=run.id,
            )
            for employee_id in employee_ids
        ],
        batch_size=1000,
    )  # fmt: skip
    run.status = StatusRun.FINAL
    run.finalised_at = timezone.now()
    run.finalised_by = _user(actor)
    run.save(update_fields=["status", "finalised_at", "finalised_by"])
    record_audit_event(
        actor=actor,
        action="tpp.difinalisasi",
        obj=run,
        instansi_id=run.instansi_id,
        summary=f"TPP {month_label(run.tahun, run.bulan)} final: {len(employee_ids)} pegawai",
        data={
            "pegawai": len(employee_ids),
            "bruto": str(run.jumlah_bruto),
            "bersih": str(run.jumlah_bersih),
        },
    )
    return run


@transaction.atomic
def reopen_run(*, actor: Any, run: TppRun, alasan: str) -> TppRun:
    """Back to draft, the months open again; the reason is kept in the audit trail."""
    _refuse_unless_manager(actor, run.instansi_id)
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise ValidationError("Tuliskan alasan membuka kembali (paling sedikit 10 karakter).")
    run = TppRun.objects.select_for_update().get(pk=run.pk)
    if run.status != StatusRun.FINAL:
        raise ValidationError("Hanya perhitungan yang final yang dapat dibuka kembali.")
    opened, _ = ClosedMonth.objects.filter(run_id=run.id).delete()
    run.status = StatusRun.DRAF
    run.finalised_at = None
    run.finalised_by = None
    run.save(update_fields=["status", "finalised_at", "finalised_by"])
    record_audit_event(
        actor=actor,
        action="tpp.dibuka_kembali",
        obj=run,
        instansi_id=run.instansi_id,
        summary=f"TPP {month_label(run.tahun, run.bulan)} dibuka kembali: {alasan}",
        data={"alasan": alasan, "pegawai": opened},
    )
    return run


@transaction.atomic
def delete_draft_run(*, actor: Any, run: TppRun) -> None:
    """Remove a draft or simulation run and its lines (a final run must be reopened first)."""
    _refuse_unless_manager(actor, run.instansi_id)
    run = TppRun.objects.select_for_update().get(pk=run.pk)
    if run.status == StatusRun.FINAL:
        raise ValidationError("Perhitungan final tidak dapat dihapus; buka kembali dahulu.")
    if run.proses == ProsesRun.BERJALAN:
        raise ValidationError("Perhitungan ini sedang berjalan; tunggu sampai selesai.")
    if TppRun.objects.filter(pembanding=run).exists():
        raise ValidationError(
            "Perhitungan ini menjadi pembanding sebuah simulasi; hapus simulasinya saja."
        )
    record_audit_event(
        actor=actor,
        action="tpp.dihapus",
        obj=run,
        instansi_id=run.instansi_id,
        summary=f"TPP {month_label(run.tahun, run.bulan)} ({run.get_jenis_display()}) dihapus",
    )
    baseline_id = run.pembanding_id
    run.delete()
    # The baseline was made for this simulation only; without it, it would be an orphan.
    if baseline_id and not TppRun.objects.filter(pembanding_id=baseline_id).exists():
        TppRun.objects.filter(pk=baseline_id, jenis=JenisRun.SIMULASI).delete()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
