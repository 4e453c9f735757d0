"""Pages of organisational performance: the RPJMD -> PK overview and the PK page of an OPD.

Every signed-in user of the instansi reads them (public planning information). Admin BKPSDM edits
the RPJMD goals; admin BKPSDM and the admin OPD of the unit edit a PK. Edits are htmx posts that
answer with the re-rendered fragment (400 with the message when the input is refused); a plain
post redirects back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.params import whole_number
from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.access import get_unit_for_user
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for, today

from . import selectors_goals as selectors
from . import services_goals as services
from .access import can_edit_perjanjian_kinerja, can_edit_regional_goals
from .choices import JenisSasaranDaerah
from .forms_goals import (
    IndikatorForm,
    RegionalGoalForm,
    SasaranStrategisForm,
    TahunForm,
    error_list,
)
from .models import IndikatorKinerjaOrganisasi, RegionalGoal, SasaranStrategis
from .targets import angka


@dataclass
class Editable:
    """An object shown on a page with its edit form; `open` when that form was just refused."""

    obj: Any
    form: forms.Form
    open: bool = False
    errors: list[str] = field(default_factory=list)
    children: list[Editable] = field(default_factory=list)
    new_form: forms.Form | None = None
    new_open: bool = False
    new_errors: list[str] = field(default_factory=list)
    text: str = ""  # a display value (an indicator's target as written in Indonesian)


@dataclass
class Refused:
    """Which form was refused (kind, object id), the bound form and its messages."""

    kind: str
    pk: int | None = None
    form: forms.Form | None = None
    errors: list[str] = field(default_factory=list)
    placed: bool = False  # set once a page put the form back in its place, open

    def matches(self, kind: str, pk: int | None = None) -> bool:
        found = self.kind == kind and self.pk == pk
        self.placed = self.placed or found
        return found


def _instansi_id(request: HttpRequest) -> int:
    instansi_id = roles_for(request.user).instansi_id
    if instansi_id is None:
        raise Http404("Instansi tidak ditemukan.")
    return instansi_id


def _valid_tahun(tahun: int) -> int:
    if not services.TAHUN_MIN <= tahun <= services.TAHUN_MAX:
        raise Http404("Tahun tidak valid.")
    return tahun


def _shown_tahun(request: HttpRequest) -> tuple[int, list[str]]:
    """The year asked for in ?tahun=, or this year; with the message when it was unreadable."""
    form = TahunForm(request.GET)
    if not form.is_valid():
        return today().year, error_list(form)
    return form.cleaned_data.get("tahun") or today().year, []


def _year_choices(tahun: int) -> list[int]:
    return sorted({*range(tahun - 3, tahun + 4), today().year})


# --- Overview: RPJMD tree and the PK status of every OPD ---------------------------------


def _goal_initial(goal: RegionalGoal) -> dict:
    return {
        "kode": goal.kode,
        "uraian": goal.uraian,
        "indikator": goal.indikator,
        "tahun_mulai": goal.tahun_mulai,
        "tahun_selesai": goal.tahun_selesai,
        "parent": goal.parent_id,
    }


def _tree_context(
    request: HttpRequest, instansi_id: int, tahun: int, refused: Refused | None = None
) -> dict:
    can_edit = can_edit_regional_goals(request.user)
    tree = selectors.regional_goal_tree(instansi_id, tahun)
    refused = refused or Refused("")

    def editable(obj: Any, goal: RegionalGoal) -> Editable:
        if not can_edit:
            return Editable(obj, forms.Form())
        if refused.matches("goal", goal.pk):
            return Editable(obj, refused.form, open=True, errors=refused.errors)  # type: ignore[arg-type]
        initial = _goal_initial(goal)
        return Editable(
            obj, RegionalGoalForm(initial=initial, instansi_id=instansi_id, with_jenis=False)
        )

    blocks: list[Editable] = []
    for node in tree:
        block = editable(node, node.goal)
        block.children = [editable(child, child.goal) for child in node.sasaran]
        if can_edit and refused.matches("new-sasaran", node.goal.pk):
            block.new_form, block.new_open, block.new_errors = refused.form, True, refused.errors
        elif can_edit:
            block.new_form = RegionalGoalForm(
                initial={
                    "jenis": JenisSasaranDaerah.SASARAN,
                    "parent": node.goal.pk,
                    "tahun_mulai": node.goal.tahun_mulai,
                    "tahun_selesai": node.goal.tahun_selesai,
                },
                instansi_id=instansi_id,
            )
        blocks.append(block)
    context: dict = {
        "tahun": tahun,
        "tujuan_blocks": blocks,
        "can_edit_goals": can_edit,
        "tujuan_options": [node.goal for node in tree],
        "refused": refused,
    }
    if can_edit:
        if refused.matches("new-tujuan"):
            context["new_tujuan_form"] = refused.form
            context["new_tujuan_open"] = True
            context["new_tujuan_errors"] = refused.errors
        else:
            context["new_tujuan_form"] = RegionalGoalForm(
                initial={
                    "jenis": JenisSasaranDaerah.TUJUAN,
                    "tahun_mulai": tahun,
                    "tahun_selesai": tahun + 4,
                },
                instansi_id=instansi_id,
            )
    return context


def _overview_context(request: HttpRequest, instansi_id: int, tahun: int) -> dict:
    context = _tree_context(request, instansi_id, tahun)
    rows = selectors.opd_pk_status(instansi_id, tahun)
    context["opd_rows"] = rows
    context["opd_with_pk"] = sum(1 for row in rows if row.jumlah_sasaran)
    context["year_choices"] = _year_choices(tahun)
    context["this_year"] = today().year
    return context


def overview(request: HttpRequest) -> HttpResponse:
    instansi_id = _instansi_id(request)
    tahun, errors = _shown_tahun(request)
    context = _overview_context(request, instansi_id, tahun)
    context["tahun_errors"] = errors
    status = 400 if errors else 200
    if request.htmx and request.htmx.target == "goals-body":
        return render(request, "planning/goals/_overview_body.html", context, status=status)
    return render(request, "planning/goals/overview.html", context, status=status)


PK_STATUS_COLUMNS = [
    Column("OPD", 40),
    Column("Status PK", 14),
    Column("Sasaran", 10),
    Column("Indikator", 10),
    Column("Belum terkait RPJMD", 12),
]


@require_GET
def overview_export(request: HttpRequest) -> HttpResponseBase:
    """The PK status of every OPD for the year of the page, as Excel, to the same readers."""
    instansi_id = _instansi_id(request)
    tahun, errors = _shown_tahun(request)
    if errors:
        return HttpResponseBadRequest(" ".join(errors))

    def status_of(row: Any) -> str:
        if row.jumlah_sasaran:
            return "Terisi"
        return "PK kosong" if row.perjanjian else "Belum ada PK"

    rows = (
        (
            row.unit.nama,
            status_of(row),
            row.jumlah_sasaran,
            row.jumlah_indikator,
            row.tanpa_rpjmd,
        )
        for row in selectors.opd_pk_status(instansi_id, tahun)
    )
    return xlsx_response(f"perjanjian-kinerja-{tahun}.xlsx", PK_STATUS_COLUMNS, rows)


def _tree_response(
    request: HttpRequest,
    instansi_id: int,
    tahun: int,
    *,
    notice: str = "",
    refused: Refused | None = None,
) -> HttpResponse:
    status = 400 if refused else 200
    if request.htmx:
        context = _tree_context(request, instansi_id, tahun, refused)
        context["notice"] = notice
        return render(request, "planning/goals/_rpjmd_tree.html", context, status=status)
    if refused is None:
        messages.success(request, notice)
        return redirect(f"{reverse('goals-overview')}?tahun={tahun}")
    context = _overview_context(request, instansi_id, tahun)
    context.update(_tree_context(request, instansi_id, tahun, refused))
    return render(request, "planning/goals/overview.html", context, status=status)


def _require_goal_editor(request: HttpRequest) -> int:
    instansi_id = _instansi_id(request)
    if not can_edit_regional_goals(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengubah tujuan dan sasaran RPJMD.")
    return instansi_id


def _goal_notice(goal: RegionalGoal, verb: str, tahun: int) -> str:
    text = f"{goal.get_jenis_display()} {goal.kode} {verb}."
    if not goal.tahun_mulai <= tahun <= goal.tahun_selesai:
        text += f" Berlaku {goal.tahun_mulai}–{goal.tahun_selesai}, "
        text += f"jadi tidak tampil pada tahun {tahun}."
    return text


@require_POST
def regional_goal_create(request: HttpRequest) -> HttpResponse:
    instansi_id = _require_goal_editor(request)
    tahun, _ = _shown_tahun(request)
    form = RegionalGoalForm(request.POST, instansi_id=instansi_id)
    # Which form to reopen if refused: the new-sasaran form of its tujuan, or the new-tujuan one.
    parent_pk = request.POST.get("parent", "")
    is_sasaran = request.POST.get("jenis") == JenisSasaranDaerah.SASARAN
    kind = "new-sasaran" if is_sasaran else "new-tujuan"
    refused_pk = whole_number(parent_pk) if is_sasaran else None
    if form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.create_regional_goal(
                actor=request.user,
                instansi_id=instansi_id,
                jenis=data["jenis"],
                kode=data["kode"],
                uraian=data["uraian"],
                indikator=data["indikator"],
                tahun_mulai=data["tahun_mulai"],
                tahun_selesai=data["tahun_selesai"],
                parent=data["parent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _tree_response(
                request, instansi_id, tahun, notice=_goal_notice(goal, "ditambahkan", tahun)
            )
    refused = Refused(kind, refused_pk, form, error_list(form))
    return _tree_response(request, instansi_id, tahun, refused=refused)


def _goal_or_404(instansi_id: int, pk: int) -> RegionalGoal:
    goal = selectors.regional_goal_in_instansi(instansi_id, pk)
    if goal is None:
        raise Http404("Tujuan/sasaran RPJMD tidak ditemukan.")
    return goal


@require_POST
def regional_goal_update(request: HttpRequest, pk: int) -> HttpResponse:
    instansi_id = _require_goal_editor(request)
    goal = _goal_or_404(instansi_id, pk)
    tahun, _ = _shown_tahun(request)
    form = RegionalGoalForm(request.POST, instansi_id=instansi_id, with_jenis=False)
    if form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.update_regional_goal(
                actor=request.user,
                goal=goal,
                kode=data["kode"],
                uraian=data["uraian"],
                indikator=data["indikator"],
                tahun_mulai=data["tahun_mulai"],
                tahun_selesai=data["tahun_selesai"],
                parent=data["parent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _tree_response(
                request, instansi_id, tahun, notice=_goal_notice(goal, "disimpan", tahun)
            )
    refused = Refused("goal", goal.pk, form, error_list(form))
    return _tree_response(request, instansi_id, tahun, refused=refused)


@require_POST
def regional_goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    instansi_id = _require_goal_editor(request)
    goal = _goal_or_404(instansi_id, pk)
    tahun, _ = _shown_tahun(request)
    try:
        services.delete_regional_goal(actor=request.user, goal=goal)
    except ValidationError as error:
        refused = Refused("delete", goal.pk, None, list(error.messages))
        return _tree_response(request, instansi_id, tahun, refused=refused)
    notice = f"{goal.get_jenis_display()} {goal.kode} dihapus."
    return _tree_response(request, instansi_id, tahun, notice=notice)


# --- PK page of a unit and year -----------------------------------------------------------


def _sasaran_initial(sasaran: SasaranStrategis) -> dict:
    return {
        "kode": sasaran.kode,
        "uraian": sasaran.uraian,
        "regional_goal": sasaran.regional_goal_id,
    }


def _pk_context(
    request: HttpRequest, unit: Unit, tahun: int, refused: Refused | None = None
) -> dict:
    is_opd = unit.jenis in JENIS_UNIT_OPD
    can_edit = is_opd and can_edit_perjanjian_kinerja(request.user, unit)
    perjanjian = selectors.perjanjian_with_details(unit, tahun)
    refused = refused or Refused("")
    instansi_id = unit.instansi_id
    blocks: list[Editable] = []
    for sasaran in perjanjian.sasaran.all() if perjanjian else []:
        block = Editable(sasaran, forms.Form())
        if can_edit:
            if refused.matches("sasaran", sasaran.pk):
                block.form, block.open, block.errors = refused.form, True, refused.errors  # type: ignore[assignment]
            else:
                block.form = SasaranStrategisForm(
                    initial=_sasaran_initial(sasaran), instansi_id=instansi_id
                )
            if refused.matches("new-indikator", sasaran.pk):
                block.new_form, block.new_open, block.new_errors = (
                    refused.form,
                    True,
                    refused.errors,
                )
            else:
                block.new_form = IndikatorForm()
        for indikator in sasaran.indikator.all():
            row = Editable(indikator, forms.Form(), text=angka(indikator.target))
            if can_edit:
                if refused.matches("indikator", indikator.pk):
                    row.form, row.open, row.errors = refused.form, True, refused.errors  # type: ignore[assignment]
                else:
                    row.form = IndikatorForm(initial=IndikatorForm.initial_for(indikator))
            block.children.append(row)
        blocks.append(block)
    context: dict = {
        "unit": unit,
        "tahun": tahun,
        "is_opd": is_opd,
        "opd": None if is_opd else selectors.opd_of_unit(unit),
        "perjanjian": perjanjian,
        "blocks": blocks,
        "jumlah_indikator": sum(len(b.children) for b in blocks),
        "can_edit": can_edit,
        "refused": refused,
        "regional_options": (
            selectors.regional_sasaran_options(instansi_id, tahun) if can_edit else []
        ),
    }
    if can_edit:
        if refused.matches("new-sasaran"):
            context["new_sasaran_form"] = refused.form
            context["new_sasaran_open"] = True
            context["new_sasaran_errors"] = refused.errors
        else:
            context["new_sasaran_form"] = SasaranStrategisForm(instansi_id=instansi_id)
    return context


def perjanjian_kinerja(request: HttpRequest, unit_id: int, tahun: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    context = _pk_context(request, unit, _valid_tahun(tahun))
    return render(request, "planning/goals/pk.html", context)


def _pk_response(
    request: HttpRequest,
    unit: Unit,
    tahun: int,
    *,
    notice: str = "",
    refused: Refused | None = None,
) -> HttpResponse:
    status = 400 if refused else 200
    if refused is None and not request.htmx:
        messages.success(request, notice)
        return redirect("goals-pk", unit_id=unit.pk, tahun=tahun)
    context = _pk_context(request, unit, tahun, refused)
    context["notice"] = notice
    template = "planning/goals/_pk_table.html" if request.htmx else "planning/goals/pk.html"
    return render(request, template, context, status=status)


def _require_pk_editor(request: HttpRequest, unit: Unit) -> None:
    if not can_edit_perjanjian_kinerja(request.user, unit):
        raise PermissionDenied("Anda tidak berwenang mengubah Perjanjian Kinerja unit ini.")


def _sasaran_or_404(request: HttpRequest, pk: int) -> SasaranStrategis:
    sasaran = selectors.sasaran_in_instansi(roles_for(request.user).instansi_id, pk)
    if sasaran is None:
        raise Http404("Sasaran strategis tidak ditemukan.")
    _require_pk_editor(request, sasaran.perjanjian.unit)
    return sasaran


def _indikator_or_404(request: HttpRequest, pk: int) -> IndikatorKinerjaOrganisasi:
    indikator = selectors.indikator_in_instansi(roles_for(request.user).instansi_id, pk)
    if indikator is None:
        raise Http404("Indikator kinerja tidak ditemukan.")
    _require_pk_editor(request, indikator.sasaran.perjanjian.unit)
    return indikator


@require_POST
def sasaran_add(request: HttpRequest, unit_id: int, tahun: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    tahun = _valid_tahun(tahun)
    _require_pk_editor(request, unit)
    form = SasaranStrategisForm(request.POST, instansi_id=unit.instansi_id)
    if form.is_valid():
        try:
            services.add_sasaran_strategis(
                actor=request.user,
                unit=unit,
                tahun=tahun,
                uraian=form.cleaned_data["uraian"],
                kode=form.cleaned_data["kode"],
                regional_goal=form.cleaned_data["regional_goal"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _pk_response(request, unit, tahun, notice="Sasaran strategis ditambahkan.")
    refused = Refused("new-sasaran", None, form, error_list(form))
    return _pk_response(request, unit, tahun, refused=refused)


@require_POST
def sasaran_update(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    unit, tahun = sasaran.perjanjian.unit, sasaran.perjanjian.tahun
    form = SasaranStrategisForm(request.POST, instansi_id=unit.instansi_id)
    if form.is_valid():
        try:
            services.update_sasaran_strategis(
                actor=request.user,
                sasaran=sasaran,
                uraian=form.cleaned_data["uraian"],
                kode=form.cleaned_data["kode"],
                regional_goal=form.cleaned_data["regional_goal"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _pk_response(request, unit, tahun, notice="Sasaran strategis disimpan.")
    refused = Refused("sasaran", sasaran.pk, form, error_list(form))
    return _pk_response(request, unit, tahun, refused=refused)


@require_POST
def sasaran_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    unit, tahun = sasaran.perjanjian.unit, sasaran.perjanjian.tahun
    try:
        services.delete_sasaran_strategis(actor=request.user, sasaran=sasaran)
    except ValidationError as error:
        refused = Refused("delete", sasaran.pk, None, list(error.messages))
        return _pk_response(request, unit, tahun, refused=refused)
    return _pk_response(request, unit, tahun, notice="Sasaran strategis dihapus.")


@require_POST
def indikator_add(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    unit, tahun = sasaran.perjanjian.unit, sasaran.perjanjian.tahun
    form = IndikatorForm(request.POST)
    if form.is_valid():
        try:
            services.add_indikator(actor=request.user, sasaran=sasaran, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _pk_response(request, unit, tahun, notice="Indikator kinerja ditambahkan.")
    refused = Refused("new-indikator", sasaran.pk, form, error_list(form))
    return _pk_response(request, unit, tahun, refused=refused)


@require_POST
def indikator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_or_404(request, pk)
    perjanjian = indikator.sasaran.perjanjian
    form = IndikatorForm(request.POST)
    if form.is_valid():
        try:
            services.update_indikator(actor=request.user, indikator=indikator, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _pk_response(
                request, perjanjian.unit, perjanjian.tahun, notice="Indikator kinerja disimpan."
            )
    refused = Refused("indikator", indikator.pk, form, error_list(form))
    return _pk_response(request, perjanjian.unit, perjanjian.tahun, refused=refused)


@require_POST
def indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_or_404(request, pk)
    perjanjian = indikator.sasaran.perjanjian
    services.delete_indikator(actor=request.user, indikator=indikator)
    return _pk_response(
        request, perjanjian.unit, perjanjian.tahun, notice="Indikator kinerja dihapus."
    )
