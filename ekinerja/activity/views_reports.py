"""Pages under /aktivitas/laporan/: an employee's import of their own activities from Excel, and
the monthly productivity report (page and Excel) with an employee's target realisation."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ekinerja.core.imports import discard_import
from ekinerja.core.models import ImportBatch
from ekinerja.core.params import whole_number
from ekinerja.core.tabular import XLSX_CONTENT_TYPE, Column, TabularError, xlsx_response
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee

from . import access
from . import imports_activities as importer
from . import selectors_reports as reports

ERRORS_PER_PAGE = 200
SAMPLE_ROWS = 20
RECENT_BATCHES = 10
ROWS_PER_PAGE = 50
# Built by the monthly activity pages; linked here by path so the two can grow apart.
MONTH_PAGE = "/aktivitas/bulan/"
SORT_LABELS = {"nama": "Nama", "capaian": "Capaian terendah", "-capaian": "Capaian tertinggi"}


# ---------------------------------------------------------------------------------------------
# Import of one's own activities


class ActivityUploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas aktivitas (.xlsx atau .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_berkas(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["berkas"]
        limit = settings.IMPORT_MAX_BYTES
        # Refused before reading, so an oversized upload is never loaded into memory.
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {limit // (1024 * 1024)} MB."
            )
        return upload


def _employee(request: HttpRequest) -> Employee:
    employee = roles_for(request.user).employee
    if employee is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    return employee


def _own_batch(request: HttpRequest, pk: int) -> ImportBatch:
    _employee(request)
    batch = ImportBatch.objects.filter(
        pk=pk, kind=importer.KIND_ACTIVITY, uploaded_by=request.user
    ).first()
    if batch is None:
        raise Http404("Batch impor tidak ditemukan.")
    return batch


def activity_import(request: HttpRequest) -> HttpResponse:
    _employee(request)
    form = ActivityUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            batch = _stage(request, form)
            if batch is not None:
                return redirect("activity-import-preview", pk=batch.pk)
        status = 400
    recent = ImportBatch.objects.filter(
        kind=importer.KIND_ACTIVITY, uploaded_by=request.user
    ).defer("valid_rows", "errors")[:RECENT_BATCHES]
    context = {
        "form": form,
        "recent": list(recent),
        "columns": [spec.column for spec in importer.ACTIVITY_FIELDS],
        "max_rows": importer.MAX_ROWS,
        "year": today().year,
    }
    return render(request, "activity/reports/import_start.html", context, status=status)


def _stage(request: HttpRequest, form: ActivityUploadForm) -> ImportBatch | None:
    upload = form.cleaned_data["berkas"]
    try:
        return importer.preview_activity_import(
            actor=request.user, filename=upload.name, content=upload.read()
        )
    except TabularError as error:
        form.add_error("berkas", str(error))
        return None


def activity_import_template(request: HttpRequest) -> HttpResponseBase:
    employee = _employee(request)
    year = today().year
    raw = request.GET.get("tahun", "")
    if raw:
        chosen = whole_number(raw)
        if chosen is None or not 2000 <= chosen <= year + 1:
            return HttpResponseBadRequest("Tahun templat tidak valid.")
        year = chosen
    content = importer.template_workbook(employee, year)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=f"templat-aktivitas-{year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )  # fmt: skip


def activity_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_preview(request, _own_batch(request, pk))


def _render_preview(request: HttpRequest, batch: ImportBatch, status: int = 200) -> HttpResponse:
    errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "batch": batch,
        "errors": errors,
        "sample": [_shown(row) for row in batch.valid_rows[:SAMPLE_ROWS]],
        "valid_count": len(batch.valid_rows),
        "plan": batch.result.get("plan", {}),
        "existing_rows": batch.result.get("existing_rows", []),
        "applied": batch.result.get("applied"),
        "refused": batch.result.get("refused", []),
        "ignored": batch.result.get("ignored", []),
    }
    return render(request, "activity/reports/import_preview.html", context, status=status)


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as the preview shows it (the template cannot read the '_row' key)."""
    return {
        "baris": row.get("_row"),
        "tanggal": row.get("tanggal"),
        "jam": f"{row.get('mulai')}-{row.get('selesai')}",
        "uraian": row.get("uraian"),
        "output": f"{row.get('jumlah_output')} {row.get('satuan')}",
        "target": row.get("target") or "Tugas tambahan",
    }


@require_POST
def activity_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    try:
        counts = importer.apply_activity_import(actor=request.user, batch=batch)
    except ValidationError as error:
        # Already saved or discarded: nothing was written.
        messages.error(request, " ".join(error.messages))
        batch.refresh_from_db()
        return _render_preview(request, batch, status=409)
    text = f"{counts['created']} aktivitas disimpan, {counts['unchanged']} sudah ada"
    if counts["refused"] or counts["skipped_error_rows"]:
        skipped = counts["refused"] + counts["skipped_error_rows"]
        text += f", {skipped} baris bermasalah tidak disimpan"
    messages.success(request, text + ".")
    return redirect("activity-import-preview", pk=batch.pk)


@require_POST
def activity_import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    try:
        discard_import(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        batch.refresh_from_db()
        return _render_preview(request, batch, status=409)
    messages.info(request, f"Impor {batch.filename} dibatalkan; tidak ada aktivitas yang disimpan.")
    return redirect("activity-import")


# ---------------------------------------------------------------------------------------------
# Productivity report


@dataclass(frozen=True)
class ReportRequest:
    year: int
    month: int
    unit_id: int | None
    sort: str
    units: list[tuple[int, str]]

    @property
    def bulan(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def _report_request(request: HttpRequest) -> ReportRequest:
    """The report's filters; raises PermissionDenied for a user without a report, and
    ReportInputError for a parameter that cannot be used."""
    if not access.can_view_productivity(request.user):
        raise PermissionDenied(
            "Laporan produktivitas hanya untuk atasan, admin, pimpinan, dan auditor."
        )
    year, month = reports.month_from_param(request.GET.get("bulan"), today())
    units = reports.unit_options(request.user)
    unit_id = _unit_param(request.GET.get("unit", ""), units)
    sort = request.GET.get("urut", "")
    return ReportRequest(year, month, unit_id, sort if sort in reports.SORTS else "nama", units)


def _unit_param(raw: str, units: list[tuple[int, str]]) -> int | None:
    if not raw.strip():
        return None
    unit_id = whole_number(raw)
    if unit_id is None or unit_id not in {pk for pk, _nama in units}:
        raise reports.ReportInputError("Unit tidak dikenal atau di luar cakupan Anda.")
    return unit_id


def _lines(
    request: HttpRequest, filters: ReportRequest, scope: QuerySet[Employee]
) -> list[reports.ReportLine]:
    instansi_id = roles_for(request.user).instansi_id or 0
    if filters.unit_id is not None:
        scope = reports.in_unit(scope, instansi_id, filters.unit_id)
    return reports.productivity_lines(scope, instansi_id, filters.year, filters.month, filters.sort)


def productivity(request: HttpRequest) -> HttpResponse:
    try:
        filters = _report_request(request)
    except reports.ReportInputError as error:
        context = {"problem": str(error), "bulan": request.GET.get("bulan", "")}
        return render(request, "activity/reports/productivity.html", context, status=400)
    # Worked out once: a supervisor's scope walks the position tree.
    scope = access.report_scope(request.user)
    lines = _lines(request, filters, scope)
    page = Paginator(lines, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "filters": filters,
        "bulan": filters.bulan,
        "month_start": filters.first_day,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": reports.with_employees(list(page.object_list), today()),
        "summary": _summary(lines),
        "sort_labels": SORT_LABELS,
        "month_page": MONTH_PAGE,
        **_realisation(request, filters, scope),
    }
    return render(request, "activity/reports/productivity.html", context)


def _summary(lines: list[reports.ReportLine]) -> dict[str, Any]:
    count = len(lines)
    total = sum((line.figures.capaian for line in lines), Decimal(0))
    return {
        "count": count,
        "average": (total / count).quantize(Decimal("0.01")) if count else None,
        "pending": sum(line.figures.pending_minutes for line in lines),
    }


def _realisation(
    request: HttpRequest, filters: ReportRequest, scope: QuerySet[Employee]
) -> dict[str, Any]:
    """The target realisation of the employee chosen with ?pegawai=, if they are in the
    report's scope (404 otherwise, so ids cannot be probed)."""
    raw = request.GET.get("pegawai", "")
    if not raw.strip():
        return {}
    pk = whole_number(raw)
    chosen = scope.filter(pk=pk).first() if pk is not None else None
    if chosen is None:
        raise Http404("Pegawai tidak ditemukan.")
    return {
        "chosen": chosen,
        "realisation": reports.target_realisation_of(chosen.pk, filters.year, filters.month),
    }


EXPORT_COLUMNS = [
    Column("nip", 21, text=True),
    Column("nama", 30),
    Column("unit", 30),
    Column("jabatan", 30),
    Column("menit_disetujui", 15),
    Column("menit_diakui", 13),
    Column("target_menit", 13),
    Column("capaian_persen", 15),
    Column("menit_menunggu", 15),
    Column("menit_ditolak", 14),
]


def _export_row(row: reports.ReportRow) -> list[Any]:
    seat, figures = row.seat, row.figures
    return [
        row.employee.nip or "",
        row.employee.nama_lengkap,
        seat.position.unit.nama if seat else "",
        seat.position.nama if seat else "",
        figures.approved_minutes,
        figures.credited_minutes,
        figures.target_minutes,
        figures.capaian,
        figures.pending_minutes,
        figures.rejected_minutes,
    ]


def productivity_xlsx(request: HttpRequest) -> HttpResponseBase:
    try:
        filters = _report_request(request)
    except reports.ReportInputError as error:
        return HttpResponseBadRequest(str(error))
    lines = _lines(request, filters, access.report_scope(request.user))
    rows = reports.with_employees(lines, today())
    return xlsx_response(
        f"produktivitas-{filters.bulan}.xlsx", EXPORT_COLUMNS, (_export_row(r) for r in rows)
    )
