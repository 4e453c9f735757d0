"""Pages under /talenta/: the talent map (9-box) of a unit and year, an employee's competence
records with their add, edit and delete forms, and the import of competence files.

Every view goes through ``talent.access``: outside the user's scope a unit, an employee or a
record is not found (404); inside it, a write the user may not make is refused (403). A refused
form answers 400 with the messages and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ekinerja.core.imports import discard_import
from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import Column, TabularError, xlsx_response
from ekinerja.org.models import Instansi
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee

from . import access, selectors, services
from .forms import RECORD_FORMS, CompetenceUploadForm, MapFilterForm
from .imports import KINDS, SPECS, apply_competence_import
from .models import CompetencyAssessment, Education, Training

ROWS_PER_PAGE = 50
NAMES_PER_BOX = 20
ERRORS_PER_PAGE = 200
SAMPLE_ROWS = 20
RECENT_BATCHES = 10

NOT_ALLOWED_MAP = "Peta talenta hanya untuk atasan, admin OPD, admin BKPSDM, pimpinan, dan auditor."
NOT_ALLOWED_IMPORT = "Hanya admin BKPSDM atau admin OPD yang dapat mengimpor data kompetensi."

RECORD_MODELS: dict[str, type[models.Model]] = {
    "pendidikan": Education,
    "diklat": Training,
    "asesmen": CompetencyAssessment,
}
RECORD_TITLES = {
    "pendidikan": "riwayat pendidikan",
    "diklat": "riwayat diklat",
    "asesmen": "hasil penilaian kompetensi",
}


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- the talent map ---------------------------------------------------------------------------


def _map_selection(request: HttpRequest) -> dict[str, Any]:
    """The unit, year and box the query string asks for, within the user's scope (403 or 404
    outside it), with the map and the entries listed; "problems" when the filter is invalid."""
    if not access.can_open_talent_map(request.user):
        raise PermissionDenied(NOT_ALLOWED_MAP)
    units = list(
        access.talent_units(request.user).order_by("kode").values_list("pk", "kode", "nama")
    )
    form = MapFilterForm(request.GET)
    base = {"units": units, "year": today().year, "form": form}
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        return {**base, "problems": problems}
    unit_pk = form.cleaned_data.get("unit")
    if unit_pk is not None:
        unit = access.get_unit_for_talent(request.user, unit_pk)
    else:
        unit = access.default_unit_for(request.user)
        if unit is None:
            raise Http404("Unit tidak ditemukan.")
    year = form.cleaned_data.get("tahun") or today().year
    kotak = form.cleaned_data.get("kotak")
    talent = selectors.talent_map(request.user, unit, year)
    if kotak is None:
        listed = talent.entries
    elif kotak == 0:
        listed = talent.belum_dinilai
    else:
        listed = talent.boxes[kotak].entries
    return {**base, "unit": unit, "year": year, "kotak": kotak, "talent": talent, "listed": listed}


def talent_map_view(request: HttpRequest) -> HttpResponse:
    chosen = _map_selection(request)
    base = {name: chosen[name] for name in ("units", "year", "form")}
    if "problems" in chosen:
        return render(request, "talent/map.html", chosen, status=400)
    unit, year, kotak = chosen["unit"], chosen["year"], chosen["kotak"]
    talent, listed = chosen["talent"], chosen["listed"]
    page = Paginator(listed, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    grid = [
        {
            "potensi": row[0].kotak.potensi.label,
            "cells": [
                {
                    "box": box,
                    "shown": box.entries[:NAMES_PER_BOX],
                    "more": box.count - NAMES_PER_BOX,
                }
                for box in row
            ],
        }
        for row in talent.grid
    ]
    context = {
        **base,
        "talent": talent,
        "unit": unit,
        "year": year,
        "kotak": kotak,
        "grid": grid,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "belum_shown": talent.belum_dinilai[:NAMES_PER_BOX],
        "belum_more": len(talent.belum_dinilai) - NAMES_PER_BOX,
        "kinerja_columns": ["Di bawah ekspektasi", "Sesuai ekspektasi", "Di atas ekspektasi"],
        "can_import": access.can_import_competence(request.user),
    }
    return render(request, "talent/map.html", context)


MAP_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Nama", 30),
    Column("Predikat", 20),
    Column("Sumber predikat", 14),
    Column("Skor potensi", 12),
    Column("Potensi", 12),
    Column("Kotak", 8),
]


def talent_map_export(request: HttpRequest) -> HttpResponseBase:
    """The listed employees of the map as Excel: same unit, year and box, same scope."""
    chosen = _map_selection(request)
    if "problems" in chosen:
        return HttpResponseBadRequest(" ".join(chosen["problems"]))
    rows = (
        (
            entry.nip,
            entry.nama,
            entry.predikat.label if entry.predikat else "belum dinilai",
            entry.sumber,
            entry.potensi.skor,
            entry.potensi.level.label,
            entry.kotak.nomor if entry.kotak else None,
        )
        for entry in chosen["listed"]
    )
    name = f"peta-talenta-{chosen['unit'].kode}-{chosen['year']}.xlsx"
    return xlsx_response(name, MAP_COLUMNS, rows)


# --- one employee's competence records --------------------------------------------------------


def employee_competence(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access.get_employee_for_competence(request.user, pk)
    year = today().year
    context = {
        "employee": employee,
        "records": selectors.competence_records(employee, year),
        "year": year,
        "can_edit": access.can_edit_competence(request.user, employee),
        "can_open_map": access.can_open_talent_map(request.user),
    }
    return render(request, "talent/employee.html", context)


def _editable_employee(request: HttpRequest, pk: int) -> Employee:
    employee = access.get_employee_for_competence(request.user, pk)
    if not access.can_edit_competence(request.user, employee):
        raise PermissionDenied(services.NOT_ALLOWED)
    return employee


def _record_for(request: HttpRequest, jenis: str, pk: int) -> Any:
    """A record the user may change: 404 outside their read scope, 403 inside it."""
    model = RECORD_MODELS[jenis]
    instansi_id = roles_for(request.user).instansi_id
    record = (
        model.objects.filter(pk=pk, instansi_id=instansi_id).select_related("employee").first()  # type: ignore[attr-defined]
        if instansi_id is not None
        else None
    )
    if (
        record is None
        or not access.competence_readers_scope(request.user).filter(pk=record.employee_id).exists()
    ):
        raise Http404("Data kompetensi tidak ditemukan.")
    if not access.can_edit_competence(request.user, record.employee):
        raise PermissionDenied(services.NOT_ALLOWED)
    return record


def _save_record(
    request: HttpRequest, jenis: str, employee: Employee, form: forms.Form, record: Any
) -> Any:
    data = dict(form.cleaned_data)
    writers = {
        "pendidikan": services.record_education,
        "diklat": services.record_training,
        "asesmen": services.record_assessment,
    }
    return writers[jenis](actor=request.user, employee=employee, record=record, **data)


def _initial(record: Any, form_class: type[forms.Form]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in form_class.base_fields}


def _record_page(request: HttpRequest, jenis: str, employee: Employee, record: Any) -> HttpResponse:
    form_class = RECORD_FORMS[jenis]
    initial = _initial(record, form_class) if record is not None else None
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = _save_record(request, jenis, employee, form, record)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                verb = "disimpan" if record is not None else "ditambahkan"
                messages.success(request, f"{RECORD_TITLES[jenis].capitalize()} {saved} {verb}.")
                return redirect("talent-employee", pk=employee.pk)
        status = 400
    context = {
        "employee": employee,
        "form": form,
        "record": record,
        "jenis": jenis,
        "title": RECORD_TITLES[jenis],
    }
    return render(request, "talent/record_form.html", context, status=status)


def record_add(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    return _record_page(request, jenis, _editable_employee(request, pk), None)


def record_edit(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    record = _record_for(request, jenis, pk)
    return _record_page(request, jenis, record.employee, record)


@require_POST
def record_delete(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    record = _record_for(request, jenis, pk)
    employee, shown = record.employee, str(record)
    services.delete_competence_record(actor=request.user, record=record)
    messages.info(request, f"{RECORD_TITLES[jenis].capitalize()} {shown} dihapus.")
    return redirect("talent-employee", pk=employee.pk)


# --- import -----------------------------------------------------------------------------------


def _importer(request: HttpRequest) -> int:
    if not access.can_import_competence(request.user):
        raise PermissionDenied(NOT_ALLOWED_IMPORT)
    instansi_id = roles_for(request.user).instansi_id
    assert instansi_id is not None  # can_import_competence requires it
    return instansi_id


def _batches(request: HttpRequest) -> Any:
    """The competence batches of the instansi for admin BKPSDM; one's own for an admin OPD."""
    batches = ImportBatch.objects.filter(instansi_id=_importer(request), kind__in=list(SPECS))
    if not roles_for(request.user).is_admin_bkpsdm:
        batches = batches.filter(uploaded_by=request.user)
    return batches


def import_start(request: HttpRequest) -> HttpResponse:
    instansi_id = _importer(request)
    form = CompetenceUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = KINDS[form.cleaned_data["kind"]].preview(
                    actor=request.user,
                    instansi=Instansi.objects.get(pk=instansi_id),
                    filename=upload.name,
                    content=upload.read(),
                )
            except TabularError as error:
                form.add_error("file", str(error))
            else:
                return redirect("talent-import-preview", pk=batch.pk)
        status = 400
    recent = _batches(request).defer("valid_rows", "errors")[:RECENT_BATCHES]
    context = {
        "form": form,
        "kinds": list(KINDS.values()),
        "recent": [(batch, KINDS.get(batch.kind)) for batch in recent],
        "is_bkpsdm": roles_for(request.user).is_admin_bkpsdm,
    }
    return render(request, "talent/import_start.html", context, status=status)


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    batch = _batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404("Batch impor tidak ditemukan.")
    return batch


def _render_preview(request: HttpRequest, batch: ImportBatch, status: int = 200) -> HttpResponse:
    kind = KINDS[batch.kind]
    columns, sample = kind.sample_table(batch.valid_rows[:SAMPLE_ROWS])
    errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "batch": batch,
        "kind": kind,
        "errors": errors,
        "sample_columns": columns,
        "sample": sample,
        "valid_count": len(batch.valid_rows),
        "plan": batch.result.get("plan", {}),
        "applied": batch.result.get("applied"),
        "ignored": batch.result.get("ignored", []),
    }
    return render(request, "talent/import_preview.html", context, status=status)


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_preview(request, _batch_for(request, pk))


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        counts = apply_competence_import(actor=request.user, batch=batch)
    except ValidationError as error:
        # Bad rows, already applied or discarded, or stale: nothing was written.
        messages.error(request, " ".join(error.messages))
        batch.refresh_from_db()
        return _render_preview(request, batch, status=409)
    messages.success(
        request,
        f"Impor diterapkan: {counts['created']} baru, {counts['updated']} diubah, "
        f"{counts['unchanged']} tidak berubah.",
    )
    return redirect("talent-import-preview", pk=batch.pk)


@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        discard_import(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_preview(request, batch, status=409)
    messages.info(request, "Batch impor dibatalkan; tidak ada data yang diubah.")
    return redirect("talent-import")


def import_template(request: HttpRequest, kind: str) -> HttpResponseBase:
    _importer(request)
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("Jenis templat tidak dikenal.")
    return xlsx_response(f"templat-{spec.kind}.xlsx", spec.columns, spec.example_rows())
