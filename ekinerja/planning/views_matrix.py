"""The matriks peran hasil: a supervisor's RHK (rows) by their current subordinates (columns).

Each cell lists the subordinate's RHK that intervene that row, so that the supervisor sees which
of their RHK nobody supports and which subordinates support none of them (domain.md 1.3).
By default the page shows the signed-in employee's own matrix; `?pegawai=<id>` shows another
supervisor's, for whoever may see that employee (their atasan, admins, pimpinan, auditor).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ekinerja.people import hierarchy
from ekinerja.people.access import get_employee_for_user, roles_for, today
from ekinerja.people.models import Assignment, Employee

from . import selectors
from .choices import StatusSkp
from .models import PerformancePeriod, Rhk, Skp

# Badge colours of SKP statuses, as on the SKP pages.
STATUS_CSS: dict[str, str] = {
    StatusSkp.DRAFT: "text-bg-secondary",
    StatusSkp.DIAJUKAN: "text-bg-warning",
    StatusSkp.DISETUJUI: "text-bg-success",
    StatusSkp.DIKEMBALIKAN: "text-bg-danger",
    StatusSkp.DIGANTI: "text-bg-dark",
}


@dataclass(frozen=True)
class Badge:
    label: str
    css: str

    @classmethod
    def of(cls, skp: Skp) -> Badge:
        return cls(skp.get_status_display(), STATUS_CSS.get(skp.status, "text-bg-secondary"))


LEGEND = [
    Badge(StatusSkp(s).label, STATUS_CSS[s])
    for s in (StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DISETUJUI, StatusSkp.DIKEMBALIKAN)
]


@dataclass
class Column:
    row: selectors.InboxRow
    seat: Assignment | None
    idle: bool
    badge: Badge | None


@dataclass(frozen=True)
class Item:
    """A subordinate's RHK in a cell: its text, the SKP it belongs to and that SKP's status."""

    teks: str
    skp_id: int
    badge: Badge


@dataclass
class Row:
    rhk: Rhk
    unsupported: bool
    cells: list[tuple[Column, list[Item]]]


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as error:
        raise Http404(f"Parameter {name} tidak valid.") from error


def _subject(request: HttpRequest) -> Employee | None:
    """Whose matrix: the employee asked for, if the user may see them; else the user."""
    pk = _int_param(request, "pegawai")
    if pk is None:
        return roles_for(request.user).employee
    return get_employee_for_user(request.user, pk)


def _items(rhk: list[Rhk]) -> list[Item]:
    return [Item(r.teks, r.skp_id, Badge.of(r.skp)) for r in rhk]


def role_result_matrix(request: HttpRequest) -> HttpResponse:
    employee = _subject(request)
    context: dict[str, object] = {"employee": employee, "viewing_other": False}
    if employee is None:
        return render(request, "planning/matrix/matrix.html", context)
    me = roles_for(request.user).employee
    context["viewing_other"] = me is None or me.pk != employee.pk
    day = today()
    periods = list(
        PerformancePeriod.objects.filter(instansi_id=employee.instansi_id).only("id", "tahun")
    )
    tahun = _int_param(request, "tahun")
    if tahun is None:
        period = selectors.current_period(employee.instansi_id, day)
    else:
        period = next((p for p in periods if p.tahun == tahun), None)
    context.update(periods=periods, period=period, tahun=tahun)
    if period is None:
        return render(request, "planning/matrix/matrix.html", context)
    matrix = selectors.role_result_matrix(employee, period, day)
    seat = hierarchy.primary_assignment(employee, day)
    people = sorted(matrix.columns, key=lambda c: (c.employee.nama, c.employee.pk))
    seats = hierarchy.seats_for([c.employee.pk for c in people], day)
    columns = [
        Column(
            row=c,
            seat=seats.get(c.employee.pk),
            idle=c.employee.pk in matrix.idle,
            badge=Badge.of(c.skp) if c.skp else None,
        )
        for c in people
    ]
    rows = [
        Row(
            rhk=rhk,
            unsupported=rhk.pk in matrix.unsupported,
            cells=[(col, _items(matrix.cell(rhk.pk, col.row.employee.pk))) for col in columns],
        )
        for rhk in matrix.rows
    ]
    context.update(
        matrix=matrix,
        seat=seat,
        columns=columns,
        rows=rows,
        legend_badges=LEGEND,
        unsupported_count=len(matrix.unsupported),
        idle_count=len(matrix.idle),
    )
    return render(request, "planning/matrix/matrix.html", context)
