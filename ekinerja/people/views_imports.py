"""Pages of the staged import (upload, preview, apply, discard) and the Excel downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ekinerja.core.imports import discard_import
from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import TabularError, xlsx_response
from ekinerja.org.access import units_visible_to
from ekinerja.org.exports import position_export_rows, unit_export_rows
from ekinerja.org.models import Instansi

from . import access, selectors
from .exports import employee_export_rows
from .forms import EmployeeFilterForm
from .forms_imports import ImportUploadForm
from .imports import KINDS, apply_import

ERRORS_PER_PAGE = 200
SAMPLE_ROWS = 20
RECENT_BATCHES = 10


def _importer_instansi(request: HttpRequest) -> int:
    if not access.can_import_master_data(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengimpor data induk.")
    instansi_id = access.roles_for(request.user).instansi_id
    if instansi_id is None:
        raise PermissionDenied("Akun ini tidak terhubung ke instansi.")
    return instansi_id


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(
        ImportBatch, pk=pk, instansi_id=_importer_instansi(request), kind__in=list(KINDS)
    )


def import_start(request: HttpRequest) -> HttpResponse:
    instansi_id = _importer_instansi(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            batch = _preview(request, form, instansi_id)
            if batch is not None:
                return redirect("import-preview", pk=batch.pk)
        status = 400
    else:
        status = 200
    # Only the kinds of this page: other apps keep their own batches (an employee's upload of
    # their daily activities is theirs, not the admin's).
    recent = ImportBatch.objects.filter(instansi_id=instansi_id, kind__in=list(KINDS)).defer(
        "valid_rows", "errors"
    )
    context = {
        "form": form,
        "kinds": list(KINDS.values()),
        "failed_kind": form.data.get("kind") if form.is_bound else "",
        "recent": [(batch, KINDS.get(batch.kind)) for batch in recent[:RECENT_BATCHES]],
    }
    return render(request, "people/imports/start.html", context, status=status)


def _preview(request: HttpRequest, form: ImportUploadForm, instansi_id: int) -> ImportBatch | None:
    kind = KINDS[form.cleaned_data["kind"]]
    upload = form.cleaned_data["file"]
    try:
        return kind.preview(
            actor=request.user,
            instansi=Instansi.objects.get(pk=instansi_id),
            filename=upload.name,
            content=upload.read(),
        )
    except TabularError as error:
        form.add_error("file", str(error))
        return None


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_preview(request, _batch_for(request, pk))


def _render_preview(request: HttpRequest, batch: ImportBatch, status: int = 200) -> HttpResponse:
    kind = KINDS.get(batch.kind)
    if kind is None:
        raise Http404("Jenis impor tidak dikenal.")
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
    return render(request, "people/imports/preview.html", context, status=status)


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        counts = apply_import(actor=request.user, batch=batch)
    except ValidationError as error:
        # Already applied, discarded, or stale against the database: nothing was written.
        messages.error(request, " ".join(error.messages))
        batch.refresh_from_db()
        return _render_preview(request, batch, status=409)
    messages.success(
        request,
        f"Impor diterapkan: {counts['created']} baru, {counts['updated']} diubah, "
        f"{counts['unchanged']} tidak berubah, {counts['skipped_error_rows']} baris "
        "bermasalah dilewati.",
    )
    return redirect("import-preview", pk=batch.pk)


@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    try:
        discard_import(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        batch.refresh_from_db()
        return _render_preview(request, batch, status=409)
    messages.info(request, f"Impor {batch.filename} dibatalkan; tidak ada data yang diubah.")
    return redirect("import-start")


def import_template(request: HttpRequest, kind: str) -> HttpResponseBase:
    _importer_instansi(request)
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("Jenis templat tidak dikenal.")
    return xlsx_response(f"templat-{spec.kind}.xlsx", spec.columns, spec.example_rows())


def _exporter_instansi(request: HttpRequest) -> int:
    # The same roles that may export employees (admins, pimpinan, auditor) may export the tree.
    if not access.can_export_employees(request.user):
        raise PermissionDenied("Anda tidak berhak mengekspor data ini.")
    instansi_id = access.roles_for(request.user).instansi_id
    if instansi_id is None:
        raise PermissionDenied("Akun ini tidak terhubung ke instansi.")
    return instansi_id


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def export_employees(request: HttpRequest) -> HttpResponseBase:
    instansi_id = _exporter_instansi(request)
    form = EmployeeFilterForm(request.GET or None, units=units_visible_to(request.user))
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest("Filter ekspor tidak valid.")
    day = access.today()
    employees = access.employees_visible_to(request.user)
    if form.is_bound:
        employees = selectors.filter_employees(employees, form.to_filter(), instansi_id, day)
    columns = KINDS["pegawai"].columns
    rows = employee_export_rows(employees, day)
    return xlsx_response(f"pegawai-{_stamp()}.xlsx", columns, rows)


def export_units(request: HttpRequest) -> HttpResponseBase:
    instansi_id = _exporter_instansi(request)
    rows = unit_export_rows(instansi_id)
    return xlsx_response(f"unit-{_stamp()}.xlsx", KINDS["unit"].columns, rows)


def export_positions(request: HttpRequest) -> HttpResponseBase:
    instansi_id = _exporter_instansi(request)
    rows = position_export_rows(instansi_id)
    return xlsx_response(f"jabatan-{_stamp()}.xlsx", KINDS["jabatan"].columns, rows)
