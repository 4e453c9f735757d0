"""Pantauan saya (the employee's own month) and Pantauan tim (a supervisor's direct
subordinates), each as a page and as a compact panel that the home page loads with htmx.

Access: the personal pages need the user's own employee row, the team pages direct
subordinates (`people.access.roles_for`); anyone else gets a 404. The panels answer a plain
(non-htmx) visit with a redirect to their page, since a bare fragment is no page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ekinerja.core.closing import month_label
from ekinerja.people.access import Roles, roles_for, today

from .selectors_personal import personal_dashboard, team_dashboard


def _own(request: HttpRequest) -> Roles:
    roles = roles_for(request.user)
    if roles.employee is None:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    return roles


def _team(request: HttpRequest) -> Roles:
    roles = roles_for(request.user)
    if roles.employee is None or not roles.is_atasan:
        raise Http404("Anda tidak memiliki bawahan langsung.")
    return roles


def _personal_context(request: HttpRequest, *, ringkas: bool) -> dict[str, Any]:
    roles = _own(request)
    assert roles.employee is not None
    day = today()
    data = personal_dashboard(roles.employee, day, ringkas=ringkas)
    return {"d": data, "bulan_label": month_label(day.year, day.month), "today": day}


def _team_context(request: HttpRequest) -> dict[str, Any]:
    _team(request)
    day = today()
    data = team_dashboard(request.user, day)
    return {"t": data, "bulan_label": month_label(day.year, day.month), "today": day}


@require_GET
def saya(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/saya.html", _personal_context(request, ringkas=False))


@require_GET
def saya_ringkas(request: HttpRequest) -> HttpResponse:
    if not request.htmx:
        _own(request)
        return redirect("dashboard:saya")
    return render(request, "dashboard/_saya_ringkas.html", _personal_context(request, ringkas=True))


@require_GET
def tim(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/tim.html", _team_context(request))


@require_GET
def tim_ringkas(request: HttpRequest) -> HttpResponse:
    if not request.htmx:
        _team(request)
        return redirect("dashboard:tim")
    return render(request, "dashboard/_tim_ringkas.html", _team_context(request))
