"""Reads of SKPs for pages: the live version, the editor bundle, options, inbox and matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ekinerja.core.models import AuditEvent
from ekinerja.people import hierarchy
from ekinerja.people.models import Employee

from .choices import StatusSkp
from .models import Indikator, PerformancePeriod, PeriodTarget, Rhk, Skp


def period_for_year(instansi_id: int, tahun: int) -> PerformancePeriod | None:
    return PerformancePeriod.objects.filter(instansi_id=instansi_id, tahun=tahun).first()


def current_period(instansi_id: int, day: dt.date) -> PerformancePeriod | None:
    """The period containing the day, else the latest one."""
    periods = PerformancePeriod.objects.filter(instansi_id=instansi_id)
    return periods.filter(mulai__lte=day, selesai__gte=day).first() or periods.first()


def live_skp(employee: Employee | int, period: PerformancePeriod) -> Skp | None:
    """The newest version still in play (a draft of v2 wins over the approved v1)."""
    employee_id = employee if isinstance(employee, int) else employee.pk
    return (
        Skp.objects.live()
        .filter(employee_id=employee_id, period=period)
        .order_by("-version")
        .first()
    )


def approved_skp(employee_id: int, period: PerformancePeriod) -> Skp | None:
    return Skp.objects.filter(
        employee_id=employee_id, period=period, status=StatusSkp.DISETUJUI
    ).first()


def rhk_with_indicators(skp_ids: list[int]) -> QuerySet[Rhk]:
    targets = Prefetch("targets", queryset=PeriodTarget.objects.order_by("periode_ke"))
    indicators = Prefetch(
        "indikator", queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(targets)
    )
    return (
        Rhk.objects.filter(skp_id__in=skp_ids)
        .select_related("rhk_atasan__skp__employee", "sasaran_strategis")
        .prefetch_related(indicators)
        .order_by("jenis", "urutan", "id")
    )


@dataclass
class SkpBundle:
    skp: Skp
    utama: list[Rhk]
    tambahan: list[Rhk]
    perilaku: dict[int, str]
    history: list[AuditEvent]
    versions: list[Skp]


def skp_bundle(skp: Skp) -> SkpBundle:
    rhk = list(rhk_with_indicators([skp.pk]))
    versions = list(
        Skp.objects.filter(employee_id=skp.employee_id, period_id=skp.period_id)
        .only("id", "version", "status", "disetujui_at")
        .order_by("-version")
    )
    history = list(
        AuditEvent.objects.filter(
            object_type="planning.skp", object_id__in=[str(v.pk) for v in versions]
        ).select_related("actor")
    )
    return SkpBundle(
        skp=skp,
        utama=[r for r in rhk if r.jenis == "utama"],
        tambahan=[r for r in rhk if r.jenis == "tambahan"],
        perilaku=dict(skp.perilaku.values_list("nilai", "ekspektasi_khusus")),
        history=history,
        versions=versions,
    )


def penilai_rhk_options(skp: Skp, day: dt.date) -> list[Rhk]:
    """RHK of the employee's current pejabat penilai in the same period, for intervention."""
    return rhk_options_of(hierarchy.pejabat_penilai(skp.employee, day), skp.period)


def rhk_options_of(penilai: hierarchy.Superior | None, period: PerformancePeriod) -> list[Rhk]:
    """The RHK a subordinate of `penilai` may intervene in the period."""
    if penilai is None:
        return []
    # Link to the version in force; a draft v2 is relinked automatically when it is approved.
    theirs = approved_skp(penilai.employee.pk, period) or live_skp(penilai.employee, period)
    if theirs is None:
        return []
    return list(theirs.rhk.order_by("jenis", "urutan", "id"))


@dataclass
class InboxRow:
    employee: Employee
    skp: Skp | None


def subordinate_skps(employee: Employee, period: PerformancePeriod, day: dt.date) -> list[InboxRow]:
    """Every current subordinate with their live SKP (or none), submitted ones first."""
    ids = hierarchy.subordinate_ids(employee, day)
    people = list(Employee.objects.filter(pk__in=ids).order_by("nama"))
    live: dict[int, Skp] = {}
    for skp in (
        Skp.objects.live()
        .filter(period=period, employee_id__in=ids)
        .order_by("employee", "version")
    ):
        live[skp.employee_id] = skp  # the highest version wins
    rows = [InboxRow(person, live.get(person.pk)) for person in people]
    order = {StatusSkp.DIAJUKAN: 0, StatusSkp.DIKEMBALIKAN: 1, StatusSkp.DRAFT: 2}
    return sorted(rows, key=lambda r: order.get(r.skp.status, 3) if r.skp else 4)


@dataclass
class Matrix:
    skp: Skp | None
    rows: list[Rhk]
    columns: list[InboxRow]
    cells: dict[tuple[int, int], list[Rhk]]
    unsupported: set[int]  # supervisor RHK ids nobody intervenes
    idle: set[int]  # subordinate employee ids whose SKP has no RHK intervening any row

    def cell(self, rhk_id: int, employee_id: int) -> list[Rhk]:
        return self.cells.get((rhk_id, employee_id), [])


def role_result_matrix(employee: Employee, period: PerformancePeriod, day: dt.date) -> Matrix:
    """Matriks peran hasil: the supervisor's RHK (rows) by subordinates (columns).

    A fixed number of queries whatever the number of subordinates.
    """
    skp = live_skp(employee, period)
    rows = list(skp.rhk.order_by("jenis", "urutan", "id")) if skp else []
    columns = subordinate_skps(employee, period, day)
    skp_ids = [c.skp.pk for c in columns if c.skp]
    row_ids = {r.pk for r in rows}
    cells: dict[tuple[int, int], list[Rhk]] = {}
    supported: set[int] = set()
    contributing: set[int] = set()
    for rhk in Rhk.objects.filter(skp_id__in=skp_ids, rhk_atasan_id__in=row_ids).select_related(
        "skp"
    ):
        cells.setdefault((rhk.rhk_atasan_id, rhk.skp.employee_id), []).append(rhk)
        supported.add(rhk.rhk_atasan_id)
        contributing.add(rhk.skp.employee_id)
    return Matrix(
        skp=skp,
        rows=rows,
        columns=columns,
        cells=cells,
        unsupported=row_ids - supported,
        idle={c.employee.pk for c in columns} - contributing,
    )
