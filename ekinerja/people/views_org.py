"""The unit tree browser and the unit page. They live in people (not org) because they show
who holds each position, and org may not import people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekinerja.org.access import get_unit_for_user
from ekinerja.org.selectors import unit_ancestors, unit_tree

from . import access as people_access
from .selectors import employee_counts_per_unit, positions_with_holders


def unit_tree_view(request: HttpRequest) -> HttpResponse:
    roles = people_access.roles_for(request.user)
    instansi_id = roles.instansi_id or 0
    counts = employee_counts_per_unit(instansi_id, people_access.today())
    context = {
        "roots": unit_tree(instansi_id, counts),
        # The tree's spreadsheets (units, positions) go to those who may export employees.
        "can_export": people_access.can_export_employees(request.user),
    }
    return render(request, "people/org/unit_tree.html", context)


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    day = people_access.today()
    visible = set(
        people_access.employees_visible_to(request.user)
        .filter(assignments__position__unit=unit)
        .values_list("pk", flat=True)
    )
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit),
        "children": list(unit.children.order_by("urutan", "nama")),
        "positions": positions_with_holders(unit, day),
        "visible_ids": visible,
    }
    return render(request, "people/org/unit_detail.html", context)
