"""Downloads of a TPP run under /tpp/: the daftar nominatif (Excel for any scope, PDF per
OPD), the summary per OPD, the lines as CSV, and one line's slip. Access is the allowance
app's: the same runs and lines its pages show."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from ekinerja.allowance import access, selectors
from ekinerja.allowance.models import TppRun

from . import tpp_documents as docs


def _lines(request: HttpRequest, run: TppRun):  # type: ignore[no-untyped-def]
    lines = access.lines_visible_to(request.user, run).select_related(None)
    opd_id = request.GET.get("opd") or ""
    opd = None
    if opd_id.isdigit():
        opd = access.get_opd_for_user(request.user, run, int(opd_id))
        lines = lines.filter(opd_id=opd.pk)
    return lines.order_by(*selectors.LINE_ORDER), opd


def run_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    run = access.get_run_for_user(request.user, pk)
    lines, opd = _lines(request, run)
    return docs.nominatif_xlsx_response(run, lines, opd)


def run_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    lines, opd = _lines(request, run)
    if opd is None:
        return HttpResponse(
            "Pilih satu OPD: daftar nominatif PDF dicetak per OPD.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return docs.nominatif_pdf_response(run, list(lines), opd, request.user)


def run_summary_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    run = access.get_run_for_user(request.user, pk)
    totals = selectors.totals_per_opd(access.lines_visible_to(request.user, run))
    return docs.summary_xlsx_response(run, totals)


def run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    lines, _ = _lines(request, run)
    return docs.lines_csv_response(run, lines)


def line_slip(request: HttpRequest, pk: int) -> HttpResponse:
    line = access.get_line_for_user(request.user, pk)
    return docs.slip_pdf_response(line, request.user)
