"""Batch printing pages: start one from a TPP run, watch its progress, download the ZIP."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ekinerja.allowance import access as tpp_access
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for
from ekinerja.planning.models import PerformancePeriod

from .choices import StatusBatch
from .models import PrintBatch
from .services_batch import start_skp_batch, start_slip_batch


@require_POST
def run_slips(request: HttpRequest, pk: int) -> HttpResponse:
    run = tpp_access.get_run_for_user(request.user, pk)
    opd_id = request.POST.get("opd") or ""
    opd = tpp_access.get_opd_for_user(request.user, run, int(opd_id)) if opd_id.isdigit() else None
    try:
        batch = start_slip_batch(actor=request.user, run=run, opd=opd)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = redirect("tpp-run", run.pk)
        response.status_code = 303
        return response
    return redirect("print-batch", batch.pk)


def _own_batch(request: HttpRequest, pk: int) -> PrintBatch:
    """A batch is its requester's: it holds the documents they could read when they asked."""
    batch = PrintBatch.objects.filter(pk=pk, requested_by=request.user).first()
    if batch is None:
        raise Http404("Cetak massal tidak ditemukan.")
    return batch


def _context(batch: PrintBatch) -> dict[str, object]:
    done = batch.status in (StatusBatch.SELESAI, StatusBatch.GAGAL)
    percent = 100 if batch.status == StatusBatch.SELESAI else (
        int(batch.selesai * 100 / batch.total) if batch.total else 0
    )  # fmt: skip
    return {"batch": batch, "done": done, "percent": percent}


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/batch.html", _context(_own_batch(request, pk)))


def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/_batch_progress.html", _context(_own_batch(request, pk)))


def batch_download(request: HttpRequest, pk: int) -> FileResponse:
    batch = _own_batch(request, pk)
    if batch.status != StatusBatch.SELESAI or not batch.berkas:
        raise Http404("Berkas belum siap.")
    return FileResponse(
        batch.berkas.open("rb"),
        as_attachment=True,
        filename=f"{batch.get_jenis_display().replace(' ', '-').lower()}-{batch.pk}.zip",
        content_type="application/zip",
    )


def _opds_for(request: HttpRequest):  # type: ignore[no-untyped-def]
    roles = roles_for(request.user)
    opds = Unit.objects.filter(instansi_id=roles.instansi_id, jenis__in=JENIS_UNIT_OPD)
    if not roles.sees_whole_instansi:
        opds = opds.filter(pk__in=roles.opd_subtree)
    return opds.order_by("nama")


def skp_batch(request: HttpRequest) -> HttpResponse:
    """Every SKP of one OPD for a period, for admin BKPSDM (any OPD), pimpinan and auditor, and
    admin OPD (their own)."""
    roles = roles_for(request.user)
    if not (roles.sees_whole_instansi or roles.is_admin_opd):
        raise PermissionDenied("Cetak SKP per OPD hanya untuk admin OPD dan BKPSDM.")
    periods = PerformancePeriod.objects.filter(instansi_id=roles.instansi_id).order_by("-tahun")
    opds = _opds_for(request)
    errors: list[str] = []
    if request.method == "POST":
        period = periods.filter(pk=_number(request.POST.get("periode"))).first()
        opd = opds.filter(pk=_number(request.POST.get("opd"))).first()
        if period is None:
            errors.append("Pilih periode SKP.")
        if opd is None:
            errors.append("Pilih OPD.")
        if not errors:
            try:
                batch = start_skp_batch(actor=request.user, period=period, opd=opd)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                return redirect("print-batch", batch.pk)
    return render(
        request,
        "reports/skp_batch.html",
        {"periods": periods, "opds": opds, "errors": errors, "chosen": request.POST},
        status=400 if errors else 200,
    )


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None
