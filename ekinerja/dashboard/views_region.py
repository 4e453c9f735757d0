"""The region's monitoring pages: the dashboard per OPD for a month, drilling down to a unit and
its employees, the employees left out of compliance, the rollout waves, and asking for a fresh
computation. They read the stored month figures only (see services.compute_month)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ekinerja.core.closing import month_label
from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for

from . import access, compliance, params, selectors_region, services
from .forms import BULAN, GoLiveForm, MonthForm
from .jobs import months_kept_fresh
from .models import OpdGoLive
from .selectors_policy import policy_on


def _month(request: HttpRequest) -> tuple[int, int] | HttpResponse:
    """The month asked for, or a 400 page saying what is wrong with it."""
    asked = params.month_asked(request.GET, timezone.localdate())
    if isinstance(asked, str):
        return _bad_month(request, asked)
    return asked


def _bad_month(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "dashboard/bad_month.html", {"message": message}, status=400)


def _export_scope(request: HttpRequest) -> tuple[int, int, int] | HttpResponse:
    """(instansi, tahun, bulan) of a download, or the 400 page."""
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    return params.instansi_of(request.user), *month


def _base_context(request: HttpRequest, tahun: int, bulan: int) -> dict[str, Any]:
    instansi_id = params.instansi_of(request.user)
    now = timezone.now()
    state = selectors_region.refresh_state(instansi_id, tahun, bulan)
    can_manage = access.can_manage_monitoring(request.user)
    kept_fresh = (tahun, bulan) in months_kept_fresh(timezone.localdate())
    if state.stale(now) and state.pending is None and (kept_fresh or can_manage):
        # Nobody computed this month in the last 15 minutes: queue it; the page polls. Older
        # months are history: only an admin BKPSDM's visit (or button) computes them again.
        pending = services.request_refresh(instansi_id=instansi_id, tahun=tahun, bulan=bulan)
        state = selectors_region.RefreshState(latest=state.latest, pending=pending)
    policy = policy_on(instansi_id, timezone.localdate())
    return {
        "instansi_id": instansi_id,
        "tahun": tahun,
        "bulan": bulan,
        "bulan_label": month_label(tahun, bulan),
        "bulan_pilihan": BULAN,
        "state": state,
        "policy": policy,
        "thresholds": selectors_region.thresholds_of(policy),
        "can_manage": can_manage,
        "query": f"tahun={tahun}&bulan={bulan}",
    }


def region(request: HttpRequest) -> HttpResponse:
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    context = _base_context(request, *month)
    rows = selectors_region.opd_rows(
        context["instansi_id"], *month, context["thresholds"], params.opd_scope(request.user)
    )
    only_failing = request.GET.get("tidak_patuh") == "1"
    context.update(
        rows=[row for row in rows if row.live_not_complying] if only_failing else rows,
        only_failing=only_failing,
        total=selectors_region.region_figures(rows, context["thresholds"]),
        failing=sum(row.live_not_complying for row in rows),
        not_live=sum(not row.month.sudah_live for row in rows),
        chart=selectors_region.chart_data(rows),
    )
    context["has_predikat"] = any(n for _, n in context["chart"]["predikat"])
    # Three bars per OPD need about 30 px each to stay readable.
    context["chart_height"] = max(240, 30 * len(context["chart"]["opd"]) + 60)
    return render(request, "dashboard/region.html", context)


def _percent(value: object) -> object:
    return float(value) if value is not None else None  # type: ignore[arg-type]


REGION_COLUMNS = [
    Column("Perangkat daerah", 40), Column("Go-live", 12), Column("Gelombang", 10),
    Column("Pegawai dihitung", 10), Column("Dikecualikan", 10), Column("SKP disetujui (%)", 12),
    Column("Pengisian aktivitas (%)", 12), Column("Kehadiran (%)", 12),
    Column("Tunggakan validasi", 12), Column("Tingkat kematangan", 10),
    Column("TPP diterima (Rp)", 16), Column("Status", 40),
]  # fmt: skip


def region_export(request: HttpRequest) -> HttpResponseBase:
    scope = _export_scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    instansi_id, *month = scope
    thresholds = selectors_region.thresholds_of(policy_on(instansi_id, timezone.localdate()))
    rows = selectors_region.opd_rows(
        instansi_id, *month, thresholds, params.opd_scope(request.user)
    )
    waves = dict(
        OpdGoLive.objects.filter(instansi_id=instansi_id).values_list("unit_id", "gelombang")
    )
    return xlsx_response(
        f"pantauan-{month[0]}-{month[1]:02d}.xlsx",
        REGION_COLUMNS,
        (
            [
                row.month.unit.nama,
                row.month.go_live,
                waves.get(row.month.unit_id),
                row.figures.counts.pegawai,
                row.figures.dikecualikan,
                _percent(row.figures.skp_persen),
                _percent(row.figures.isian_persen),
                _percent(row.figures.presensi_persen),
                row.figures.counts.tunggakan,
                row.month.tingkat_kematangan,
                int(row.month.tpp_total),
                _status_text(row),
            ]
            for row in rows
        ),
    )


def _status_text(row: selectors_region.OpdRow) -> str:
    if not row.month.sudah_live:
        return "Belum go-live"
    if row.figures.status.patuh:
        return "Patuh"
    return "Tidak patuh: " + "; ".join(row.figures.status.alasan)


def _opd_unit(request: HttpRequest, unit_id: int) -> Unit:
    instansi_id = roles_for(request.user).instansi_id
    access.require_monitoring(request.user)
    access.require_unit(request.user, unit_id)
    return get_object_or_404(Unit, pk=unit_id, instansi_id=instansi_id)


def opd(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _opd_unit(request, unit_id)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    context = _base_context(request, *month)
    found = selectors_region.opd_rows(
        context["instansi_id"], *month, context["thresholds"], frozenset({unit.pk})
    )
    row = found[0] if found else None
    if row is None and context["state"].latest is not None:
        raise Http404  # the month is computed, and this unit is not an OPD
    units = selectors_region.unit_rows(row.month, context["thresholds"]) if row else []
    context.update(unit=unit, row=row, units=units)
    return render(request, "dashboard/opd.html", context)


def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _opd_unit(request, unit_id)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    context = _base_context(request, *month)
    rows = list(selectors_region.employee_rows(unit.pk, *month))
    context.update(
        unit=unit,
        # An admin of a unit below an OPD does not see the OPD itself.
        opd=rows[0].opd if rows and access.can_view_unit(request.user, rows[0].opd_id) else None,
        rows=rows,
        labels=compliance.EXCEPTION_LABELS,
    )
    return render(request, "dashboard/unit.html", context)


def exceptions(request: HttpRequest) -> HttpResponse:
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    context = _base_context(request, *month)
    rows = list(
        selectors_region.exception_rows(
            context["instansi_id"], *month, params.opd_scope(request.user)
        )
    )
    context.update(
        rows=rows,
        counts=selectors_region.exception_counts(rows),
        labels=compliance.EXCEPTION_LABELS,
    )
    return render(request, "dashboard/exceptions.html", context)


EXCEPTION_COLUMNS = [
    Column("NIP", 20, text=True), Column("Nama", 36), Column("Perangkat daerah", 36),
    Column("Unit", 36), Column("Dikecualikan karena", 30),
]  # fmt: skip


def exceptions_export(request: HttpRequest) -> HttpResponseBase:
    scope = _export_scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    instansi_id, *month = scope
    rows = selectors_region.exception_rows(instansi_id, *month, params.opd_scope(request.user))
    return xlsx_response(
        f"pengecualian-{month[0]}-{month[1]:02d}.xlsx",
        EXCEPTION_COLUMNS,
        (
            [
                r.employee.nip or "",
                r.employee.nama_lengkap,
                r.opd.nama,
                r.unit.nama,
                compliance.EXCEPTION_LABELS.get(r.pengecualian, r.pengecualian),
            ]
            for r in rows
        ),
    )


# --- rollout ----------------------------------------------------------------------------------


def rollout(request: HttpRequest) -> HttpResponse:
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    context = _base_context(request, *month)
    scope = params.opd_scope(request.user)
    opds = Unit.objects.filter(
        instansi_id=context["instansi_id"], jenis__in=JENIS_UNIT_OPD, aktif=True
    ).select_related("go_live")
    if scope is not None:
        opds = opds.filter(pk__in=scope)
    rows = selectors_region.opd_rows(context["instansi_id"], *month, context["thresholds"], scope)
    context.update(
        opds=sorted(
            opds,
            key=lambda u: (
                getattr(getattr(u, "go_live", None), "tanggal_mulai", dt.date.max),
                u.nama,
            ),
        ),
        failing=[row for row in rows if row.live_not_complying],
        form=GoLiveForm(),
    )
    return render(request, "dashboard/rollout.html", context)


@require_POST
def rollout_set(request: HttpRequest, unit_id: int) -> HttpResponse:
    access.require_monitoring(request.user)
    unit = get_object_or_404(
        Unit, pk=unit_id, instansi_id=roles_for(request.user).instansi_id, jenis__in=JENIS_UNIT_OPD
    )
    if not access.can_view_unit(request.user, unit.pk):
        raise Http404
    if not access.can_manage_monitoring(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengatur jadwal penerapan.")
    if request.POST.get("hapus") == "1":
        services.remove_go_live(actor=request.user, unit=unit)
        messages.success(request, f"Jadwal penerapan {unit.nama} dihapus.")
        return redirect("dashboard:rollout")
    form = GoLiveForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return render(
            request, "dashboard/bad_month.html", {"message": f"{unit.nama}: {message}"}, status=400
        )
    try:
        services.set_go_live(actor=request.user, unit=unit, **form.cleaned_data)
    except ValidationError as error:
        return render(
            request, "dashboard/bad_month.html", {"message": " ".join(error.messages)}, status=400
        )
    messages.success(request, f"Jadwal penerapan {unit.nama} disimpan.")
    return redirect("dashboard:rollout")


# --- computing --------------------------------------------------------------------------------


@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    access.require_monitoring(request.user)
    if not access.can_manage_monitoring(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat meminta penghitungan ulang.")
    month = _month_from(request.POST)
    if isinstance(month, str):
        return render(request, "dashboard/bad_month.html", {"message": month}, status=400)
    instansi_id = params.instansi_of(request.user)
    services.request_refresh(instansi_id=instansi_id, tahun=month[0], bulan=month[1])
    messages.info(request, f"Penghitungan {month_label(*month)} sedang dijalankan.")
    return redirect(f"{reverse('dashboard:region')}?tahun={month[0]}&bulan={month[1]}")


def _month_from(data: Any) -> tuple[int, int] | str:
    form = MonthForm(data)
    if not form.is_valid():
        return form.message()
    return form.cleaned_data["tahun"], form.cleaned_data["bulan"]


def refresh_status(request: HttpRequest) -> HttpResponse:
    """Polled by the page while a computation waits or runs; reloads the page when done."""
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, HttpResponse):
        return month
    instansi_id = params.instansi_of(request.user)
    state = selectors_region.refresh_state(instansi_id, *month)
    response = render(
        request,
        "dashboard/_refresh_status.html",
        {"state": state, "query": f"tahun={month[0]}&bulan={month[1]}"},
    )
    if state.pending is None and request.GET.get("menunggu") == "1":
        response["HX-Refresh"] = "true"
    return response
