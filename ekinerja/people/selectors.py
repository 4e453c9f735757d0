"""Reads of personnel data for pages: filtered lists, profiles and workforce summaries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ekinerja.org.models import Position, Unit
from ekinerja.org.selectors import chain_to_opd, unit_subtree_ids

from . import hierarchy
from .choices import KEDUDUKAN_MASIH_BEKERJA, STATUS_ASN, JenisPenugasan, StatusKepegawaian
from .models import Assignment, Employee

STATUS_ORDER = (StatusKepegawaian.PNS, StatusKepegawaian.CPNS, StatusKepegawaian.PPPK)


@dataclass(frozen=True)
class EmployeeFilter:
    q: str = ""
    unit_id: int | None = None
    status: str = ""
    kategori: str = ""
    kedudukan: str = ""
    jenis_jabatan: str = ""


def filter_employees(
    qs: QuerySet[Employee], flt: EmployeeFilter, instansi_id: int, day: dt.date
) -> QuerySet[Employee]:
    if flt.q:
        digits = "".join(ch for ch in flt.q if ch.isdigit())
        match = Q(nama__icontains=flt.q.strip())
        if len(digits) >= 4:
            match |= Q(nip__startswith=digits)
        qs = qs.filter(match)
    for name in ("status", "kategori", "kedudukan"):
        value = getattr(flt, name)
        if value:
            qs = qs.filter(**{name: value})
    seat_filter = Q()
    if flt.unit_id:
        seat_filter &= Q(position__unit_id__in=unit_subtree_ids(instansi_id, [flt.unit_id]))
    if flt.jenis_jabatan:
        seat_filter &= Q(position__jenis_jabatan=flt.jenis_jabatan)
    if seat_filter:
        seats = Assignment.objects.active_on(day).filter(seat_filter, employee_id=OuterRef("pk"))
        qs = qs.filter(Exists(seats))
    return qs.order_by("nama", "id")


@dataclass
class EmployeeRow:
    employee: Employee
    seat: Assignment | None


def rows_with_seats(employees: list[Employee], day: dt.date) -> list[EmployeeRow]:
    seats = hierarchy.seats_for([e.pk for e in employees], day)
    return [EmployeeRow(e, seats.get(e.pk)) for e in employees]


@dataclass
class Profile:
    employee: Employee
    seat: Assignment | None
    assignments_now: list[Assignment]
    penilai: hierarchy.Superior | None
    atasan_penilai: hierarchy.Superior | None
    subordinates: list[EmployeeRow]
    history: list[Assignment]


def employee_profile(employee: Employee, day: dt.date, *, with_history: bool = True) -> Profile:
    now = hierarchy.active_assignments(employee, day)
    sub_ids = hierarchy.subordinate_ids(employee, day)
    subordinates = list(Employee.objects.filter(pk__in=sub_ids).order_by("nama"))
    history = (
        list(employee.assignments.select_related("position__unit").order_by("-mulai", "-id"))
        if with_history
        else []
    )
    return Profile(
        employee=employee,
        seat=now[0] if now else None,
        assignments_now=now,
        penilai=hierarchy.pejabat_penilai(employee, day),
        atasan_penilai=hierarchy.atasan_pejabat_penilai(employee, day),
        subordinates=rows_with_seats(subordinates, day),
        history=history,
    )


def opd_of_units(instansi_id: int) -> dict[int, Unit]:
    """unit id -> the OPD (Perangkat Daerah) it belongs to, for every unit of the instansi;
    a unit outside any OPD-typed unit belongs to its topmost unit below the region."""
    units = {u.id: u for u in Unit.objects.filter(instansi_id=instansi_id)}
    parents = {u.id: (u.parent_id, u.jenis) for u in units.values()}
    return {unit_id: units[chain_to_opd(unit_id, parents)[-1]] for unit_id in units}


@dataclass
class OpdCount:
    unit: Unit
    employees: int


@dataclass
class VacantPosition:
    position: Position
    acting: Assignment | None


@dataclass
class WorkforceSummary:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_kategori: dict[str, int] = field(default_factory=dict)
    per_opd: list[OpdCount] = field(default_factory=list)
    without_seat: int = 0
    vacant_heads: list[VacantPosition] = field(default_factory=list)


def workforce_summary(
    instansi_id: int, day: dt.date, unit_ids: set[int] | frozenset[int] | None = None
) -> WorkforceSummary:
    """Head counts for a home page: the instansi, or the given unit subtree. Fixed query count."""
    # Head counts are of ASN; the Kepala Daerah (a pejabat negara) sits in the tree but is not one.
    in_service = Employee.objects.filter(
        instansi_id=instansi_id, kedudukan__in=KEDUDUKAN_MASIH_BEKERJA, status__in=STATUS_ASN
    )
    seats = Assignment.objects.active_on(day).filter(
        jenis=JenisPenugasan.DEFINITIF,
        position__instansi_id=instansi_id,
        employee__status__in=STATUS_ASN,
    )
    if unit_ids is not None:
        seats = seats.filter(position__unit_id__in=unit_ids)
        in_service = in_service.filter(Exists(seats.filter(employee_id=OuterRef("pk"))))
    summary = WorkforceSummary()
    statuses = Counter(in_service.values_list("status", flat=True))
    summary.by_status = {
        StatusKepegawaian(s).label: statuses[s] for s in STATUS_ORDER if statuses[s]
    }
    summary.by_kategori = dict(Counter(in_service.values_list("kategori", flat=True)))
    summary.total = sum(summary.by_status.values())
    if unit_ids is None:
        seated = Exists(Assignment.objects.active_on(day).filter(employee_id=OuterRef("pk")))
        summary.without_seat = in_service.exclude(seated).count()
    opd_map = opd_of_units(instansi_id)
    per_opd: Counter[int] = Counter()
    for row in seats.values("position__unit_id").annotate(n=Count("id")):
        per_opd[opd_map[row["position__unit_id"]].id] += row["n"]
    units = {u.id: u for u in opd_map.values()}
    summary.per_opd = sorted(
        (OpdCount(units[uid], n) for uid, n in per_opd.items()), key=lambda c: -c.employees
    )
    summary.vacant_heads = vacant_head_positions(instansi_id, day, unit_ids)
    return summary


def vacant_head_positions(
    instansi_id: int, day: dt.date, unit_ids: set[int] | frozenset[int] | None = None
) -> list[VacantPosition]:
    definitive = Assignment.objects.active_on(day).filter(
        position_id=OuterRef("pk"), jenis=JenisPenugasan.DEFINITIF
    )
    qs = Position.objects.filter(instansi_id=instansi_id, is_unit_head=True, aktif=True).exclude(
        Exists(definitive)
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    positions = list(qs.select_related("unit")[:50])
    acting: dict[int, Assignment] = {}
    for assignment in (
        Assignment.objects.active_on(day)
        .filter(position__in=positions)
        .select_related("employee")
        .order_by("jenis", "mulai")
    ):
        acting.setdefault(assignment.position_id, assignment)
    return [VacantPosition(p, acting.get(p.id)) for p in positions]


def employee_counts_per_unit(instansi_id: int, day: dt.date) -> dict[int, int]:
    rows = (
        Assignment.objects.active_on(day)
        .filter(jenis=JenisPenugasan.DEFINITIF, position__instansi_id=instansi_id)
        .values("position__unit_id")
        .annotate(n=Count("id"))
    )
    return {row["position__unit_id"]: row["n"] for row in rows}


@dataclass
class PositionHolders:
    position: Position
    holders: list[Assignment]

    @property
    def vacant(self) -> bool:
        return not any(a.jenis == JenisPenugasan.DEFINITIF for a in self.holders)


def positions_with_holders(unit: Unit, day: dt.date) -> list[PositionHolders]:
    positions = list(
        Position.objects.filter(unit=unit)
        .select_related("reports_to")
        .order_by("-is_unit_head", "-kelas_jabatan", "nama")
    )
    holders: dict[int, list[Assignment]] = {p.id: [] for p in positions}
    for assignment in (
        Assignment.objects.active_on(day)
        .filter(position__unit=unit)
        .select_related("employee")
        .order_by("jenis", "employee__nama")
    ):
        holders[assignment.position_id].append(assignment)
    return [PositionHolders(p, holders[p.id]) for p in positions]
