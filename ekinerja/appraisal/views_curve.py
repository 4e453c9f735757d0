"""The distribution curve report per unit, and setting a unit's organisational predikat."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for, today
from ekinerja.planning.models import PerformancePeriod

from . import access, rules, selectors
from .forms_evaluation import MAX_TEXT
from .periods import ANNUAL, choices_for, parse_periode, periode_label
from .services_unit import set_unit_predikat
from .views_evaluation import period_from

PAGE = "appraisal/curve.html"
PREDIKAT_ORDER = list(rules.Predikat)


def _context(request: HttpRequest, periode_value: str | None) -> tuple[dict, int]:
    roles = roles_for(request.user)
    context: dict = {"period": None, "rows": [], "errors": [], "units": []}
    if roles.instansi_id is None:
        return context, 200
    period = period_from(request, roles.instansi_id)
    if period is None:
        return context, 200
    day = today()
    periode_ke = parse_periode(periode_value, period, day)
    status = 200
    if periode_ke in (None, ANNUAL):
        # The curve is checked per evaluation period; the annual predikat follows them.
        context["errors"] = ["Pilih salah satu periode evaluasi."]
        periode_ke, status = parse_periode(None, period, day), 400
    assert periode_ke is not None
    scope = access.curve_scope(request.user, day)
    rows = [
        row
        for row in selectors.curve_report(period, periode_ke)
        if scope is None or row.unit_id in scope
    ]
    policy = selectors.policy_on(roles.instansi_id, day)
    context.update(
        period=period,
        periode_ke=periode_ke,
        periode_nama=periode_label(period.siklus_evaluasi, periode_ke, period.tahun),
        choices=[c for c in choices_for(period, day) if c.periode_ke != ANNUAL],
        rows=[_row(row) for row in rows],
        breaking=sum(1 for row in rows if not row.sesuai),
        policy=policy,
        units=access.units_for_predikat(request.user, day),
        org_options=[(p.value, p.label) for p in rules.PredikatOrganisasi],
        predikat_heads=[p.label for p in PREDIKAT_ORDER],
    )
    return context, status


def _row(row: selectors.CurveRow) -> dict:
    return {
        "row": row,
        "counts": [row.counts.get(p, 0) for p in PREDIKAT_ORDER],
        "messages": [finding.message for finding in row.findings],
    }


@require_GET
def curve_page(request: HttpRequest) -> HttpResponse:
    context, status = _context(request, request.GET.get("periode"))
    return render(request, PAGE, context, status=status)


@require_GET
def curve_export(request: HttpRequest) -> HttpResponseBase:
    """The report table as Excel: the same period and the same units the page shows."""
    context, status = _context(request, request.GET.get("periode"))
    if status != 200:
        return HttpResponseBadRequest(" ".join(context["errors"]))
    columns = [
        Column("Unit", 40),
        Column("Predikat organisasi", 20),
        Column("Pegawai", 10),
        Column("Dinilai", 10),
        *(Column(p.label, 14) for p in PREDIKAT_ORDER),
        Column("Kesesuaian", 60),
    ]
    rows = (
        (
            item["row"].unit_nama,
            item["row"].predikat_organisasi.label,
            item["row"].pegawai,
            item["row"].dinilai,
            *item["counts"],
            "; ".join(item["messages"]) or "Sesuai",
        )
        for item in context["rows"]
    )
    period = context["period"]
    name = f"kurva-{period.tahun}-{context['periode_ke']}" if period else "kurva"
    return xlsx_response(f"{name}.xlsx", columns, rows)


@require_POST
def unit_predikat(request: HttpRequest) -> HttpResponse:
    context, status = _context(request, request.POST.get("periode") or "x")
    if status != 200 or context["period"] is None:
        return render(request, PAGE, context, status=400)
    period: PerformancePeriod = context["period"]
    unit_id = request.POST.get("unit", "")
    unit = next((u for u in context["units"] if str(u.pk) == unit_id), None)
    if unit is None:
        if not Unit.objects.filter(pk=unit_id if unit_id.isdigit() else 0).exists():
            context["errors"] = ["Pilih unit kerja."]
            return render(request, PAGE, context, status=400)
        raise PermissionDenied(
            "Predikat organisasi ditetapkan oleh penilai kepala unit atau admin BKPSDM."
        )
    alasan = request.POST.get("alasan", "")
    if len(alasan) > MAX_TEXT:
        context["errors"] = [f"Dasar penetapan paling banyak {MAX_TEXT} karakter."]
        return render(request, PAGE, context, status=400)
    try:
        saved = set_unit_predikat(
            actor=request.user, unit=unit, period=period, periode_ke=context["periode_ke"],
            predikat=request.POST.get("predikat", ""), alasan=alasan,
        )  # fmt: skip
    except ValidationError as error:
        context["errors"] = error.messages
        context["posted"] = request.POST
        return render(request, PAGE, context, status=400)
    label = rules.PredikatOrganisasi(saved.predikat).label
    messages.success(request, f"Predikat organisasi {unit.nama}: {label}.")
    url = reverse("curve-report")
    return redirect(f"{url}?tahun={period.tahun}&periode={context['periode_ke']}")
