"""Writes of the monitoring app: computing a month's figures (the job behind the dashboards),
asking for a fresh computation, and each OPD's go-live date."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.appraisal import rules as appraisal_rules
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Unit

from . import access, compliance
from .models import (
    EmployeeMonth,
    MonitoringRefresh,
    OpdGoLive,
    OpdMonth,
    StatusPenyegaran,
)
from .selectors_compliance import EmployeeFigures, MonthFigures, OpdInfo, read_month
from .selectors_policy import policy_on

# A request for the same month while one waits or runs is the same request: a page opened by
# fifty admins at once queues one job, not fifty. Older unfinished ones are taken as lost.
PENDING_WINDOW = dt.timedelta(minutes=30)
BATCH_SIZE = 2000


def request_refresh(
    *, instansi_id: int, tahun: int, bulan: int, now: dt.datetime | None = None
) -> MonitoringRefresh:
    """Queue a computation of the month unless one is already waiting or running."""
    from .tasks import refresh_monitoring

    now = now or timezone.now()
    with transaction.atomic():
        waiting = (
            MonitoringRefresh.objects.select_for_update()
            .filter(
                instansi_id=instansi_id,
                tahun=tahun,
                bulan=bulan,
                status__in=[StatusPenyegaran.MENUNGGU, StatusPenyegaran.BERJALAN],
                diminta_at__gte=now - PENDING_WINDOW,
            )
            .first()
        )
        if waiting is not None:
            return waiting
        refresh = MonitoringRefresh.objects.create(
            instansi_id=instansi_id, tahun=tahun, bulan=bulan, diminta_at=now
        )
    # Enqueued after commit so the worker finds the row.
    refresh_monitoring.enqueue(refresh.pk)
    refresh.refresh_from_db()
    return refresh


def compute_refresh(refresh: MonitoringRefresh) -> MonitoringRefresh:
    """The job body: read the month, replace its stored figures, record how long it took."""
    started = time.perf_counter()
    MonitoringRefresh.objects.filter(pk=refresh.pk).update(status=StatusPenyegaran.BERJALAN)
    try:
        count = compute_month(
            instansi_id=refresh.instansi_id, tahun=refresh.tahun, bulan=refresh.bulan
        )
    except Exception as error:
        MonitoringRefresh.objects.filter(pk=refresh.pk).update(
            status=StatusPenyegaran.GAGAL, pesan=str(error)[:2000]
        )
        raise
    MonitoringRefresh.objects.filter(pk=refresh.pk).update(
        status=StatusPenyegaran.SELESAI,
        dihitung_at=timezone.now(),
        durasi_ms=int((time.perf_counter() - started) * 1000),
        jumlah_pegawai=count,
    )
    refresh.refresh_from_db()
    return refresh


def refresh_now(*, instansi_id: int, tahun: int, bulan: int) -> MonitoringRefresh:
    """Compute a month in this process (the command line, the demo and the benchmark)."""
    refresh = MonitoringRefresh.objects.create(
        instansi_id=instansi_id, tahun=tahun, bulan=bulan, diminta_at=timezone.now()
    )
    return compute_refresh(refresh)


def compute_month(
    *, instansi_id: int, tahun: int, bulan: int, now: dt.datetime | None = None
) -> int:
    """Read and store the month's figures for every employee and OPD; returns the employees
    measured. The old rows of the month are replaced in one transaction, so a dashboard never
    sees half a month."""
    now = now or timezone.now()
    policy = policy_on(instansi_id, timezone.localdate(now))
    figures = read_month(instansi_id, tahun, bulan, now=now, hari_tunggakan=policy.hari_tunggakan)
    with transaction.atomic():
        EmployeeMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan).delete()
        EmployeeMonth.objects.bulk_create(
            (_employee_row(instansi_id, tahun, bulan, row) for row in figures.employees),
            batch_size=BATCH_SIZE,
        )
        OpdMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan).delete()
        OpdMonth.objects.bulk_create(_opd_rows(instansi_id, figures, now), batch_size=BATCH_SIZE)
        _store_maturity(instansi_id, tahun, bulan, now)
    return len(figures.employees)


def _employee_row(instansi_id: int, tahun: int, bulan: int, row: EmployeeFigures) -> EmployeeMonth:
    return EmployeeMonth(
        instansi_id=instansi_id,
        employee_id=row.employee_id,
        opd_id=row.opd_id,
        unit_id=row.unit_id,
        tahun=tahun,
        bulan=bulan,
        pengecualian=row.pengecualian,
        skp_disetujui=row.skp_disetujui,
        hari_wajib=row.hari_wajib,
        hari_terisi=row.hari_terisi,
        presensi_wajib=row.presensi_wajib,
        presensi_hadir=row.presensi_hadir,
        aktivitas_diajukan=row.aktivitas_diajukan,
        tunggakan=row.tunggakan,
        menit_disetujui=row.menit_disetujui,
        predikat=row.predikat,
        tpp=row.tpp,
    )


def _opd_rows(instansi_id: int, figures: MonthFigures, now: dt.datetime) -> list[OpdMonth]:
    by_opd: dict[int, list[EmployeeFigures]] = defaultdict(list)
    for row in figures.employees:
        by_opd[row.opd_id].append(row)
    rows = []
    for opd_id, info in figures.opds.items():
        members = by_opd.get(opd_id, [])
        if not members and not info.is_opd:
            continue  # the region's top unit, holding only the Kepala Daerah
        counted = [row for row in members if not row.pengecualian]
        rows.append(
            OpdMonth(
                instansi_id=instansi_id,
                unit_id=opd_id,
                tahun=figures.month.tahun,
                bulan=figures.month.bulan,
                dihitung_at=now,
                go_live=info.go_live,
                sudah_live=compliance.is_live(
                    info.go_live, figures.month.last, uses_waves=figures.uses_waves
                ),
                pegawai=len(counted),
                dikecualikan=len(members) - len(counted),
                skp_disetujui=sum(row.skp_disetujui for row in counted),
                hari_wajib=sum(row.hari_wajib for row in counted),
                hari_terisi=sum(row.hari_terisi for row in counted),
                presensi_wajib=sum(row.presensi_wajib for row in counted),
                presensi_hadir=sum(row.presensi_hadir for row in counted),
                aktivitas_diajukan=sum(row.aktivitas_diajukan for row in counted),
                tunggakan=sum(row.tunggakan for row in counted),
                menit_disetujui=sum(row.menit_disetujui for row in counted),
                predikat=_predikat_summary(info, counted),
                # Pay is everyone's, excepted or not: the total is what the OPD costs.
                tpp_total=sum((row.tpp or Decimal(0) for row in members), Decimal(0)),
                tpp_status=figures.tpp_status,
            )
        )
    return rows


def _predikat_summary(info: OpdInfo, counted: list[EmployeeFigures]) -> dict[str, Any]:
    """The predikat counts of the OPD's counted employees and, when the OPD has its own
    organisational predikat, the curve checks they break (SE MenPANRB 3/2023)."""
    counts: Counter[appraisal_rules.Predikat] = Counter(
        appraisal_rules.Predikat(row.predikat) for row in counted if row.predikat
    )
    findings: list[str] = []
    if info.predikat_organisasi:
        findings = [
            finding.message
            for finding in appraisal_rules.check_curve(
                appraisal_rules.PredikatOrganisasi(info.predikat_organisasi),
                counts,
                population=sum(row.skp_disetujui for row in counted),
            )
        ]
    return {
        "jumlah": {str(kind): n for kind, n in counts.items()},
        "organisasi": info.predikat_organisasi,
        "temuan": findings,
    }


def _store_maturity(instansi_id: int, tahun: int, bulan: int, now: dt.datetime) -> None:
    """Each OPD's maturity level, from the rows just written (level 1 reads them)."""
    from .selectors_maturity import assess_opds

    assessments = assess_opds(instansi_id, tahun, bulan, timezone.localdate(now))
    rows = list(OpdMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan))
    for row in rows:
        assessment = assessments.get(row.unit_id)
        if assessment is not None:
            row.tingkat_kematangan = assessment.level
            row.kematangan = assessment.as_json()
    OpdMonth.objects.bulk_update(rows, ["tingkat_kematangan", "kematangan"], batch_size=BATCH_SIZE)


# --- rollout ----------------------------------------------------------------------------------


def _refuse_unless_manager(actor: Any, instansi_id: int) -> None:
    if (
        not access.can_manage_monitoring(actor)
        or access.roles_for(actor).instansi_id != instansi_id
    ):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengatur jadwal penerapan.")


@transaction.atomic
def set_go_live(
    *, actor: Any, unit: Unit, gelombang: int, tanggal_mulai: dt.date, catatan: str = ""
) -> OpdGoLive:
    """Set or change an OPD's wave and go-live date."""
    _refuse_unless_manager(actor, unit.instansi_id)
    if gelombang < 1:
        raise ValidationError("Gelombang dimulai dari 1.")
    row, created = OpdGoLive.objects.update_or_create(
        unit=unit,
        defaults={
            "instansi_id": unit.instansi_id,
            "gelombang": gelombang,
            "tanggal_mulai": tanggal_mulai,
            "catatan": catatan.strip()[:255],
        },
    )
    record_audit_event(
        actor=actor,
        action="pantauan.go_live" if created else "pantauan.go_live_diubah",
        obj=row,
        instansi_id=unit.instansi_id,
        summary=f"{unit.nama}: gelombang {gelombang}, mulai {tanggal_mulai:%d-%m-%Y}",
        data={"gelombang": gelombang, "tanggal_mulai": tanggal_mulai.isoformat()},
    )
    return row


@transaction.atomic
def remove_go_live(*, actor: Any, unit: Unit) -> None:
    _refuse_unless_manager(actor, unit.instansi_id)
    row = OpdGoLive.objects.filter(unit=unit).first()
    if row is None:
        return
    record_audit_event(
        actor=actor,
        action="pantauan.go_live_dihapus",
        obj=row,
        instansi_id=unit.instansi_id,
        summary=f"{unit.nama}: jadwal penerapan dihapus",
    )
    row.delete()
