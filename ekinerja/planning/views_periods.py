"""Pages of performance periods: the list, create/edit, the bulk opening and its progress.

Everyone in the instansi may read the list; only admin BKPSDM (`access.can_manage_periods`)
creates, edits and opens periods and follows the openings.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for, today

from . import access, services_periods
from .choices import StatusPembukaan, StatusSkp
from .forms_periods import OpeningForm, PeriodForm
from .models import PerformancePeriod, PeriodOpening

RECENT_OPENINGS = 10


def _instansi_id(request: HttpRequest) -> int:
    instansi_id = roles_for(request.user).instansi_id
    if instansi_id is None:
        raise PermissionDenied("Akun ini tidak terhubung ke instansi.")
    return instansi_id


def _require_manager(request: HttpRequest) -> int:
    instansi_id = _instansi_id(request)
    if not access.can_manage_periods(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengelola periode SKP.")
    return instansi_id


def _managed_period(request: HttpRequest, pk: int) -> PerformancePeriod:
    period = access.get_period_for_user(request.user, pk)  # 404 outside the instansi
    _require_manager(request)
    return period


def _managed_opening(request: HttpRequest, pk: int) -> PeriodOpening:
    instansi_id = _instansi_id(request)
    opening = (
        PeriodOpening.objects.filter(pk=pk, instansi_id=instansi_id)
        .select_related("period", "unit", "started_by__employee")
        .first()
    )
    if opening is None:
        raise Http404("Pembukaan periode tidak ditemukan.")
    _require_manager(request)
    return opening


def _listed_periods(instansi_id: int) -> QuerySet[PerformancePeriod]:
    """The instansi's periods, newest first, with how many employees have an SKP in each."""
    return (
        PerformancePeriod.objects.filter(instansi_id=instansi_id)
        .annotate(
            pegawai_ber_skp=Count(
                "skps__employee", filter=~Q(skps__status=StatusSkp.DIGANTI), distinct=True
            )
        )
        .order_by("-tahun")  # Meta.ordering does not apply to a grouped query
    )


def period_list(request: HttpRequest) -> HttpResponse:
    instansi_id = _instansi_id(request)
    periods = _listed_periods(instansi_id)
    can_manage = access.can_manage_periods(request.user)
    openings = []
    if can_manage:
        recent = PeriodOpening.objects.filter(instansi_id=instansi_id)
        openings = list(recent.select_related("period", "unit")[:RECENT_OPENINGS])
    context = {"periods": periods, "can_manage": can_manage, "openings": openings}
    return render(request, "planning/periods/list.html", context)


PERIOD_COLUMNS = [
    Column("Tahun", 8),
    Column("Mulai", 12),
    Column("Selesai", 12),
    Column("Batas pengisian SKP", 14),
    Column("Batas persetujuan", 14),
    Column("Siklus evaluasi", 16),
    Column("Status", 12),
    Column("Pegawai ber-SKP", 12),
]


@require_GET
def period_list_export(request: HttpRequest) -> HttpResponseBase:
    """The period list as Excel, to everyone of the instansi who reads the page."""
    rows = (
        (
            period.tahun,
            period.mulai,
            period.selesai,
            period.batas_input_skp,
            period.batas_persetujuan,
            period.get_siklus_evaluasi_display(),
            period.get_status_display(),
            period.pegawai_ber_skp,
        )
        for period in _listed_periods(_instansi_id(request))
    )
    return xlsx_response(f"periode-skp-{today():%Y%m%d}.xlsx", PERIOD_COLUMNS, rows)


def _period_form_page(
    request: HttpRequest, form: PeriodForm, period: PerformancePeriod | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "period": period}
    return render(request, "planning/periods/form.html", context, status=status)


def period_create(request: HttpRequest) -> HttpResponse:
    instansi_id = _require_manager(request)
    if request.method != "POST":
        return _period_form_page(request, PeriodForm(initial=PeriodForm.initial_for(today())), None)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            period = services_periods.create_period(
                actor=request.user, instansi_id=instansi_id, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Periode SKP {period.tahun} dibuat.")
            return redirect("period-list")
    return _period_form_page(request, form, None, status=400)


def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = _managed_period(request, pk)
    if request.method != "POST":
        form = PeriodForm(initial=PeriodForm.initial_from(period))
        return _period_form_page(request, form, period)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            period = services_periods.update_period(
                actor=request.user, period=period, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Periode SKP {period.tahun} disimpan.")
            return redirect("period-list")
    return _period_form_page(request, form, period, status=400)


def _opd_units(instansi_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(instansi_id=instansi_id, jenis__in=JENIS_UNIT_OPD).order_by(
        "urutan", "nama"
    )


def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    period = _managed_period(request, pk)
    units = _opd_units(period.instansi_id)
    form = OpeningForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                opening = services_periods.start_period_opening(
                    actor=request.user,
                    period=period,
                    sumber=form.cleaned_data["sumber"],
                    unit=form.cleaned_data["unit"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                if error.code == services_periods.BUSY:
                    status = 409
            else:
                return redirect("period-opening", pk=opening.pk)
    openings = PeriodOpening.objects.filter(period=period).select_related("unit")
    context = {"period": period, "form": form, "openings": openings[:RECENT_OPENINGS]}
    return render(request, "planning/periods/open.html", context, status=status)


def _progress_context(opening: PeriodOpening) -> dict[str, Any]:
    done = opening.status in (StatusPembukaan.SELESAI, StatusPembukaan.GAGAL)
    waiting = opening.status == StatusPembukaan.MENUNGGU
    return {
        "opening": opening,
        "done": done,
        "percent": 0 if waiting else opening.percent,
        "failed": opening.status == StatusPembukaan.GAGAL,
    }


def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    return render(request, "planning/periods/opening.html", _progress_context(opening))


def opening_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled fragment; once the opening is done it comes back without the poll trigger."""
    opening = _managed_opening(request, pk)
    return render(request, "planning/periods/_progress.html", _progress_context(opening))


@require_POST
def opening_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    try:
        services_periods.rerun_period_opening(actor=request.user, opening=opening)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        opening.refresh_from_db()
        status = 409
        return render(
            request, "planning/periods/opening.html", _progress_context(opening), status=status
        )
    messages.info(request, "Pembukaan dijalankan ulang; pegawai yang sudah punya SKP dilewati.")
    return redirect("period-opening", pk=opening.pk)
