"""Opening next year's SKP period for the whole demo region from last year's SKPs (< 30 s).

Preparation (not timed, kept across runs): the previous year's period with one approved SKP per
employee, about 6 RHK each with 1-2 indicators, linked to the supervisor's RHK where the
supervisor has one. It is built with the opening service itself (sumber "templat", from a
generated SkpTemplate per position), then linked and approved in bulk. A later run finds it and
only tops it up.

Timed: `open_period` for the whole instansi with sumber "sebelumnya", called directly (no worker),
inside a transaction that is rolled back so the dataset stays as it was.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction

from bench.dataset import Context, Result, ensure_dataset

NAME = "open_period"
TARGET = TARGET_S = 30.0
UNIT = "s"
# Years of their own: the demo region already has a 2026 period with its own cascaded SKPs
# (ekinerja/planning/demo.py), which would make the copied volume depend on the demo's shares.
PREVIOUS_YEAR = 2030
NEW_YEAR = PREVIOUS_YEAR + 1
RHK_PER_SKP = 6
READY_SHARE = 0.95  # reuse the preparation when this share of the candidates has an approved SKP
MARKER = "bench open_period: SKP tahun sebelumnya"


def _period(instansi: Any, tahun: int, status: str):
    import datetime as dt

    from ekinerja.planning.models import PerformancePeriod

    period, _ = PerformancePeriod.objects.get_or_create(
        instansi=instansi,
        tahun=tahun,
        defaults={
            "mulai": dt.date(tahun, 1, 1),
            "selesai": dt.date(tahun, 12, 31),
            "batas_input_skp": dt.date(tahun, 1, 31),
            "batas_persetujuan": dt.date(tahun, 2, 28),
            "status": status,
        },
    )
    return period


def _template_rhk(position: Any) -> list[dict]:
    from ekinerja.planning.choices import Aspek, Perspektif

    perspektif = list(Perspektif.values)
    rhk = []
    for index in range(1, RHK_PER_SKP + 1):
        indicators = [
            {
                "aspek": Aspek.KUANTITAS,
                "uraian": f"Jumlah keluaran {index} {position.nama}",
                "target_min": 10 * index,
                "target_max": 10 * index,
                "satuan": "dokumen",
            }
        ]
        if index % 2:
            indicators.append(
                {
                    "aspek": Aspek.KUALITAS,
                    "uraian": f"Persentase keluaran {index} sesuai standar",
                    "target_min": 90,
                    "target_max": 100,
                    "satuan": "persen",
                }
            )
        rhk.append(
            {
                "jenis": "tambahan" if index == RHK_PER_SKP else "utama",
                "teks": f"Terlaksananya hasil kerja {index} {position.nama}",
                "perspektif": perspektif[index % len(perspektif)] if position.is_jpt else "",
                "indikator": indicators,
            }
        )
    return rhk


def _ensure_templates(instansi: Any) -> int:
    from ekinerja.org.models import Position
    from ekinerja.planning.models import SkpTemplate

    missing = Position.objects.filter(instansi=instansi, skp_template__isnull=True)
    templates = [
        SkpTemplate(instansi=instansi, position=position, rhk=_template_rhk(position))
        for position in missing
    ]
    SkpTemplate.objects.bulk_create(templates)
    return len(templates)


def _link_to_supervisors(period: Any, skp_ids: list[int]) -> int:
    """Point each RHK at an RHK of the supervisor's SKP in the same period (set-wise)."""
    from django.utils import timezone

    from ekinerja.org.models import Position
    from ekinerja.people.hierarchy import MAX_TREE_DEPTH, RANK
    from ekinerja.people.models import Assignment
    from ekinerja.planning.models import Rhk, Skp
    from ekinerja.planning.opening import opening_day

    day = opening_day(period, timezone.localdate())
    parent = dict(
        Position.objects.filter(instansi_id=period.instansi_id).values_list("id", "reports_to_id")
    )
    holders: dict[int, tuple] = {}
    for position_id, employee_id, jenis, mulai, pk in (
        Assignment.objects.active_on(day)
        .filter(position__instansi_id=period.instansi_id)
        .values_list("position_id", "employee_id", "jenis", "mulai", "id")
    ):
        key = (RANK.get(jenis, 9), mulai, pk, employee_id)
        if position_id not in holders or key < holders[position_id]:
            holders[position_id] = key
    skp_of = dict(Skp.objects.filter(period=period).values_list("employee_id", "id"))
    rhk_of: dict[int, list[int]] = {}
    for rhk_id, skp_id in (
        Rhk.objects.filter(skp__period=period)
        .order_by("skp_id", "urutan")
        .values_list("id", "skp_id")
    ):
        rhk_of.setdefault(skp_id, []).append(rhk_id)
    links: list[Rhk] = []
    for skp_id, employee_id, position_id in Skp.objects.filter(pk__in=skp_ids).values_list(
        "id", "employee_id", "position_id"
    ):
        current, steps, target = parent.get(position_id), 0, None
        while current is not None and steps < MAX_TREE_DEPTH:
            steps += 1
            holder = holders.get(current)
            if holder and holder[-1] != employee_id and skp_of.get(holder[-1]) in rhk_of:
                target = rhk_of[skp_of[holder[-1]]]
                break
            current = parent.get(current)
        if target:
            for index, rhk_id in enumerate(rhk_of.get(skp_id, ())):
                links.append(Rhk(pk=rhk_id, rhk_atasan_id=target[index % len(target)]))
    Rhk.objects.bulk_update(links, ["rhk_atasan"], batch_size=1000)
    return len(links)


def ensure_previous_year(instansi: Any, actor: Any) -> str:
    """The approved SKPs of PREVIOUS_YEAR; built (or topped up) only when missing."""
    from django.db.models import Max
    from django.utils import timezone

    from ekinerja.planning.choices import StatusPeriode, StatusSkp, SumberDraf
    from ekinerja.planning.models import PerilakuExpectation, PeriodOpening, Skp
    from ekinerja.planning.opening import candidate_seats, open_period, opening_day

    period = _period(instansi, PREVIOUS_YEAR, StatusPeriode.DIBUKA)
    probe = PeriodOpening(instansi=instansi, period=period, unit=None)
    candidates = len(candidate_seats(probe, opening_day(period, timezone.localdate())))
    approved = Skp.objects.filter(period=period, status=StatusSkp.DISETUJUI).count()
    if approved >= READY_SHARE * candidates:
        return f"reused {approved} approved SKPs of {PREVIOUS_YEAR}"
    start = time.perf_counter()
    with transaction.atomic():
        templates = _ensure_templates(instansi)
        last_id = Skp.objects.aggregate(last=Max("pk"))["last"] or 0
        opening = PeriodOpening.objects.create(
            instansi=instansi, period=period, sumber=SumberDraf.TEMPLAT, started_by=actor
        )
        open_period(opening)
        PeriodOpening.objects.filter(pk=opening.pk).update(pesan=MARKER)
        new = Skp.objects.filter(period=period, pk__gt=last_id, status=StatusSkp.DRAFT)
        new_ids = list(new.values_list("pk", flat=True))
        links = _link_to_supervisors(period, new_ids)
        PerilakuExpectation.objects.filter(skp_id__in=new_ids, nilai__in=[1, 3]).update(
            ekspektasi_khusus="Ekspektasi khusus pimpinan tahun lalu"
        )
        new.update(
            status=StatusSkp.DISETUJUI,
            disetujui_at=timezone.now(),
            dukungan_sumber_daya="Anggaran dan aplikasi kerja",
            skema_pertanggungjawaban="Laporan bulanan kepada atasan",
            konsekuensi="Sesuai ketentuan",
        )
        period.status = StatusPeriode.DITUTUP
        period.save(update_fields=["status"])
    return (
        f"built {len(new_ids)} approved SKPs of {PREVIOUS_YEAR} ({templates} templates, "
        f"{links} RHK linked) in {time.perf_counter() - start:.1f} s"
    )


def run(ctx: Context) -> Result:
    from ekinerja.org.models import Instansi
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import RoleGrant
    from ekinerja.planning.choices import StatusPembukaan, StatusPeriode, SumberDraf
    from ekinerja.planning.models import Indikator, PerilakuExpectation, PeriodOpening, Rhk, Skp
    from ekinerja.planning.opening import open_period

    ensure_dataset()
    grant = RoleGrant.objects.filter(peran=Peran.ADMIN_BKPSDM).select_related("user").first()
    if grant is None:
        raise RuntimeError("The demo dataset has no admin BKPSDM to open the period as.")
    instansi = Instansi.objects.get(pk=grant.instansi_id)
    preparation = ensure_previous_year(instansi, grant.user)
    with transaction.atomic():
        period = _period(instansi, NEW_YEAR, StatusPeriode.PERSIAPAN)
        opening = PeriodOpening.objects.create(
            instansi=instansi,
            period=period,
            sumber=SumberDraf.SKP_SEBELUMNYA,
            started_by=grant.user,
        )
        start = time.perf_counter()
        opening = open_period(opening)
        elapsed = time.perf_counter() - start
        skps = Skp.objects.filter(period=period)
        counts = {
            "skp": skps.count(),
            "rhk": Rhk.objects.filter(skp__period=period).count(),
            "indikator": Indikator.objects.filter(rhk__skp__period=period).count(),
            "rhk_linked": Rhk.objects.filter(
                skp__period=period, rhk_atasan__skp__period=period
            ).count(),
            "perilaku": PerilakuExpectation.objects.filter(skp__period=period).count(),
            "perilaku_copied": PerilakuExpectation.objects.filter(skp__period=period)
            .exclude(ekspektasi_khusus="")
            .count(),
        }
        transaction.set_rollback(True)
    complete = opening.status == StatusPembukaan.SELESAI and opening.selesai == opening.total
    return Result(
        value=elapsed,
        unit=UNIT,
        target=TARGET_S,
        target_text=f"< {TARGET_S:.0f} s",
        met=elapsed < TARGET_S and complete and opening.dibuat > 0,
        notes=(
            f"{opening.dibuat} SKPs (of {opening.total} candidates, {opening.dilewati} skipped), "
            f"{counts['rhk']} RHK, {counts['indikator']} indicators, {counts['perilaku']} "
            f"perilaku rows created; {counts['rhk_linked']} RHK re-linked to the supervisor's "
            f"copy; preparation: {preparation}"
        ),
        extra={**counts, "total": opening.total, "dilewati": opening.dilewati},
    )
