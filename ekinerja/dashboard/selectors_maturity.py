"""The counts behind each OPD's maturity level (docs/maturity.md), read for the whole instansi
at once: a fixed number of queries however many OPDs, employees or activities there are.

An employee belongs to the OPD of their latest definitif seat of the month (as in the TPP run,
allowance.inputs); the L1 and L6 populations are the counted employees of the month's
`EmployeeMonth` rows, written by the monitoring job before this runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, CatalogItem
from ekinerja.allowance.choices import JenisRun, StatusRun
from ekinerja.allowance.inputs import SET_STATUSES
from ekinerja.allowance.models import TppLine
from ekinerja.appraisal.choices import JenisEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.periods import last_day_of, periode_label
from ekinerja.core.closing import month_label
from ekinerja.org.choices import JenisJabatan
from ekinerja.org.models import Position, Unit
from ekinerja.people.choices import STATUS_ASN, JenisPenugasan
from ekinerja.people.models import Assignment
from ekinerja.people.selectors import opd_of_units
from ekinerja.planning.choices import PERIODS_PER_YEAR, JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PeriodTarget,
    PerjanjianKinerja,
    Rhk,
    Skp,
)

from .maturity import Assessment, OpdMeasures, assess, validate_thresholds
from .models import EmployeeMonth, OpdMonth
from .selectors_policy import policy_on


@dataclass
class _Tally:
    """Mutable counts of one OPD while the rows are read; frozen into OpdMeasures at the end."""

    isian: list[tuple[int, int]] = field(default_factory=list)
    counted: set[int] = field(default_factory=set)
    aktivitas: int = 0
    aktivitas_terkait: int = 0
    skp: int = 0
    skp_lengkap: int = 0
    pk: bool = False
    rhk: int = 0
    rhk_terhubung: int = 0
    jabatan: int = 0
    jabatan_abk: int = 0
    rhk_jpt: int = 0
    rhk_jpt_renstra: int = 0
    dievaluasi: int = 0
    tpp: set[tuple[int, int]] = field(default_factory=set)


def _month_bounds(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    first = dt.date(tahun, bulan, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def _previous(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)


def _employee_opds(
    instansi_id: int, first: dt.date, last: dt.date, opd_by_unit: dict[int, int]
) -> dict[int, int]:
    """employee id -> OPD unit id, by the latest definitif seat of the month. One query."""
    latest: dict[int, tuple[dt.date, int]] = {}
    seats = (
        Assignment.objects.overlapping(first, last)
        .filter(
            jenis=JenisPenugasan.DEFINITIF,
            employee__instansi_id=instansi_id,
            employee__status__in=STATUS_ASN,
        )
        .values_list("employee_id", "mulai", "position__unit_id")
    )
    for employee_id, mulai, unit_id in seats:
        if employee_id not in latest or mulai >= latest[employee_id][0]:
            latest[employee_id] = (mulai, unit_id)
    return {
        employee_id: opd_by_unit[unit_id]
        for employee_id, (_, unit_id) in latest.items()
        if unit_id in opd_by_unit
    }


def _evaluation_period(
    periods: dict[int, PerformancePeriod], tahun: int, last: dt.date, day: dt.date
) -> tuple[PerformancePeriod, int] | None:
    """The latest evaluation period that ended before `day` and not after the month: this
    year's, or in January the previous year's last one."""
    for year in (tahun, tahun - 1):
        period = periods.get(year)
        if period is None:
            continue
        for periode_ke in range(PERIODS_PER_YEAR[period.siklus_evaluasi], 0, -1):
            end = last_day_of(period, periode_ke)
            if end < day and end <= last:
                return period, periode_ke
    return None


def measures_for_opds(
    instansi_id: int, tahun: int, bulan: int, day: dt.date
) -> dict[int, OpdMeasures]:
    """OPD unit id -> its measures for the month, for every OPD of the instansi. Eleven
    queries."""
    first, last = _month_bounds(tahun, bulan)
    opd_by_unit = {unit_id: opd.id for unit_id, opd in opd_of_units(instansi_id).items()}
    tallies: dict[int, _Tally] = {opd_id: _Tally() for opd_id in set(opd_by_unit.values())}
    opd_of = _employee_opds(instansi_id, first, last, opd_by_unit)

    # L1 (and the L6 population): the counted employees of the month.
    for employee_id, opd_id, filled, days in EmployeeMonth.objects.filter(
        instansi_id=instansi_id, tahun=tahun, bulan=bulan, pengecualian=""
    ).values_list("employee_id", "opd_id", "hari_terisi", "hari_wajib"):
        if opd_id in tallies:
            tallies[opd_id].isian.append((filled, days))
            tallies[opd_id].counted.add(employee_id)

    # L2: approved activities of the month, per employee.
    for employee_id, total, linked in (
        Activity.objects.filter(
            instansi_id=instansi_id,
            tanggal__range=(first, last),
            status=StatusAktivitas.DISETUJUI,
        )
        .order_by()
        .values("employee_id")
        .annotate(total=Count("id"), linked=Count("id", filter=Q(indikator__isnull=False)))
        .values_list("employee_id", "total", "linked")
    ):
        if employee_id in opd_of:
            tally = tallies[opd_of[employee_id]]
            tally.aktivitas += total
            tally.aktivitas_terkait += linked

    periods = {
        p.tahun: p
        for p in PerformancePeriod.objects.filter(
            instansi_id=instansi_id, tahun__in=(tahun, tahun - 1)
        )
    }
    period = periods.get(tahun)
    siklus = period.siklus_evaluasi if period else "bulanan"

    if period is not None:
        _read_skps(period, opd_of, tallies)
        _read_rhk(period, opd_of, tallies)

    # L4: a Perjanjian Kinerja of the year made by any unit of the OPD.
    for unit_id in PerjanjianKinerja.objects.filter(
        instansi_id=instansi_id, tahun=tahun
    ).values_list("unit_id", flat=True):
        if unit_id in opd_by_unit:
            tallies[opd_by_unit[unit_id]].pk = True

    # L5: filled positions with a workload analysis.
    with_abk = CatalogItem.objects.filter(
        position=OuterRef("pk"), aktif=True, volume_tahunan__isnull=False
    )
    held = Assignment.objects.overlapping(first, last).filter(
        position=OuterRef("pk"), jenis=JenisPenugasan.DEFINITIF
    )
    for unit_id, has_abk in (
        Position.objects.filter(instansi_id=instansi_id, aktif=True)
        .exclude(jenis_jabatan=JenisJabatan.KEPALA_DAERAH)
        .filter(Exists(held))
        .annotate(has_abk=Exists(with_abk))
        .values_list("unit_id", "has_abk")
    ):
        if unit_id in opd_by_unit:
            tally = tallies[opd_by_unit[unit_id]]
            tally.jabatan += 1
            tally.jabatan_abk += bool(has_abk)

    # L6: set evaluations of the latest ended period, and final official TPP runs.
    evaluation = _evaluation_period(periods, tahun, last, day)
    if evaluation is not None:
        evaluated_period, periode_ke = evaluation
        evaluated = set(
            Evaluation.objects.filter(
                instansi_id=instansi_id,
                skp__period=evaluated_period,
                jenis=JenisEvaluasi.PERIODIK,
                periode_ke=periode_ke,
                status__in=SET_STATUSES,
            ).values_list("employee_id", flat=True)
        )
        for tally in tallies.values():
            tally.dievaluasi = len(tally.counted & evaluated)
        evaluation_label = periode_label(
            evaluated_period.siklus_evaluasi, periode_ke, evaluated_period.tahun
        )
    else:
        evaluation_label = ""

    before = _previous(tahun, bulan)
    months = Q(run__tahun=tahun, run__bulan=bulan) | Q(run__tahun=before[0], run__bulan=before[1])
    for opd_id, run_year, run_month in (
        TppLine.objects.filter(
            months,
            run__instansi_id=instansi_id,
            run__jenis=JenisRun.RESMI,
            run__status=StatusRun.FINAL,
        )
        .values_list("opd_id", "run__tahun", "run__bulan")
        .distinct()
    ):
        if opd_id in tallies:
            tallies[opd_id].tpp.add((run_year, run_month))

    sought = f"{month_label(tahun, bulan)} atau {month_label(*before)}"
    return {
        opd_id: _freeze(tally, tahun, siklus, evaluation_label, sought)
        for opd_id, tally in tallies.items()
    }


def _read_skps(
    period: PerformancePeriod, opd_of: dict[int, int], tallies: dict[int, _Tally]
) -> None:
    """L3: approved SKPs, and whether each has every indikator's period targets. Three grouped
    queries: correlated subqueries per SKP took minutes on PostgreSQL at 10,000 SKPs."""
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    approved = {"rhk__skp__period": period, "rhk__skp__status": StatusSkp.DISETUJUI}
    indikators = Counter(
        dict(
            Indikator.objects.filter(**approved)
            .order_by()
            .values_list("rhk__skp_id")
            .annotate(n=Count("id"))
        )
    )
    complete = Counter(
        skp_id
        for skp_id, _n in PeriodTarget.objects.filter(
            **{f"indikator__{key}": value for key, value in approved.items()},
            periode_ke__lte=per_year,
        )
        .order_by()
        .values_list("indikator__rhk__skp_id", "indikator_id")
        .annotate(n=Count("id"))
        .filter(n__gte=per_year)
        .values_list("indikator__rhk__skp_id", "n")
    )
    for skp_id, employee_id in Skp.objects.filter(
        period=period, status=StatusSkp.DISETUJUI
    ).values_list("pk", "employee_id"):
        if employee_id in opd_of:
            tally = tallies[opd_of[employee_id]]
            tally.skp += 1
            total = indikators.get(skp_id, 0)
            tally.skp_lengkap += bool(total and complete.get(skp_id, 0) >= total)


def _read_rhk(
    period: PerformancePeriod, opd_of: dict[int, int], tallies: dict[int, _Tally]
) -> None:
    """L4 and L5: RHK utama of approved SKPs linked upward, and JPT ones from a sasaran
    strategis. One query."""
    upward = Q(rhk_atasan__isnull=False) | Q(sasaran_strategis__isnull=False)
    for employee_id, form, total, linked, renstra in (
        Rhk.objects.filter(
            skp__period=period, skp__status=StatusSkp.DISETUJUI, jenis=JenisRhk.UTAMA
        )
        .order_by()
        .values("skp__employee_id", "skp__jenis_form")
        .annotate(
            total=Count("id"),
            linked=Count("id", filter=upward),
            renstra=Count("id", filter=Q(sasaran_strategis__isnull=False)),
        )
        .values_list("skp__employee_id", "skp__jenis_form", "total", "linked", "renstra")
    ):
        if employee_id in opd_of:
            tally = tallies[opd_of[employee_id]]
            tally.rhk += total
            tally.rhk_terhubung += linked
            if form == JenisForm.JPT:
                tally.rhk_jpt += total
                tally.rhk_jpt_renstra += renstra


def _freeze(tally: _Tally, tahun: int, siklus: str, evaluation: str, sought: str) -> OpdMeasures:
    latest_tpp = max(tally.tpp) if tally.tpp else None
    return OpdMeasures(
        isian_pegawai=tuple(sorted(tally.isian)),
        aktivitas_disetujui=tally.aktivitas,
        aktivitas_terkait=tally.aktivitas_terkait,
        skp_disetujui=tally.skp,
        skp_target_lengkap=tally.skp_lengkap,
        siklus=siklus,
        tahun=tahun,
        ada_perjanjian_kinerja=tally.pk,
        rhk_utama=tally.rhk,
        rhk_terhubung=tally.rhk_terhubung,
        jabatan_terisi=tally.jabatan,
        jabatan_ber_abk=tally.jabatan_abk,
        rhk_jpt=tally.rhk_jpt,
        rhk_jpt_renstra=tally.rhk_jpt_renstra,
        pegawai_wajib_evaluasi=len(tally.counted),
        pegawai_dievaluasi=tally.dievaluasi,
        periode_evaluasi=evaluation,
        tpp_final=month_label(*latest_tpp) if latest_tpp else "",
        tpp_dicari=sought,
    )


def assess_opds(instansi_id: int, tahun: int, bulan: int, day: dt.date) -> dict[int, Assessment]:
    """OPD unit id -> its maturity for the month, under the thresholds in force on `day`.
    Twelve queries."""
    policy = policy_on(instansi_id, day)
    thresholds, _ = validate_thresholds(policy.ambang_kematangan)
    return {
        opd_id: assess(measures, thresholds)
        for opd_id, measures in measures_for_opds(instansi_id, tahun, bulan, day).items()
    }


def stored_levels(
    instansi_id: int, tahun: int, bulan: int, unit_ids: frozenset[int] | None = None
) -> list[OpdMonth]:
    """The month's stored OPD rows with their level, in the unit tree's order; only the OPDs
    in `unit_ids` when given (an admin OPD's subtree). One query."""
    rows = OpdMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return list(
        rows.select_related("unit")
        .only(
            "id", "unit_id", "unit__nama", "unit__kode", "unit__urutan", "tahun", "bulan",
            "dihitung_at", "tingkat_kematangan", "kematangan",
        )
        .order_by("unit__urutan", "unit__nama")
    )  # fmt: skip


def stored_level(instansi_id: int, unit_id: int, tahun: int, bulan: int) -> OpdMonth | None:
    """One OPD's stored row for the month, if the month was computed. One query."""
    return OpdMonth.objects.filter(
        instansi_id=instansi_id, unit_id=unit_id, tahun=tahun, bulan=bulan
    ).first()


def unit_of_instansi(instansi_id: int, unit_id: int) -> Unit | None:
    """The unit, when it belongs to the instansi: other ids are refused as if absent."""
    return Unit.objects.filter(pk=unit_id, instansi_id=instansi_id).first()
