"""The SIASN page under /siasn/: pick a year and period, see how many results are set, and
download them laid out for upload to BKN. Access and data are in `siasn.py`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from ekinerja.core.tabular import xlsx_response

from . import siasn


def _refuse_outsiders(request: HttpRequest) -> None:
    if not request.user.is_authenticated or not siasn.can_export(request.user):
        raise PermissionDenied("Hanya admin BKPSDM dan admin OPD yang dapat mengekspor ke SIASN.")


def siasn_page(request: HttpRequest) -> HttpResponse:
    _refuse_outsiders(request)
    periods = list(siasn.periods_for(request.user))
    periode = request.GET.get("periode", "")
    ke = request.GET.get("ke", "")
    context: dict[str, object] = {
        "periods": [(p, range(1, siasn.periode_count(p) + 1)) for p in periods],
        "chosen": {"periode": periode, "ke": ke},
    }
    status = 200
    if periode or ke:
        try:
            choice = siasn.parse_choice(request.user, periode, ke)
        except ValidationError as error:
            context["errors"] = error.messages
            status = 400
        else:
            context["choice"] = choice
            context["count"] = siasn.evaluations_for(request.user, choice).count()
    return render(request, "reports/siasn.html", context, status=status)


def siasn_download(request: HttpRequest) -> HttpResponseBase:
    _refuse_outsiders(request)
    try:
        choice = siasn.parse_choice(
            request.user, request.GET.get("periode", ""), request.GET.get("ke", "")
        )
    except ValidationError as error:
        return HttpResponse(
            " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    rows = siasn.export_rows(request.user, choice)
    return xlsx_response(choice.filename, siasn.SIASN_COLUMNS, rows, sheet_name="Kinerja")
