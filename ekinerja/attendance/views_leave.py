"""Leave pages: the employee's "Cuti & izin" page (balance, form, own requests), the detail of
a request with its attachment, and the atasan's inbox to approve or reject.

Each view parses, checks access through `attendance.access`, calls a service or a selector and
responds. Bad input answers 400 with the page and its messages, nothing stored; a success
redirects with a message, so a reload never sends a form twice.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.params import whole_number
from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.core.uploads import serve_document
from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee

from . import access, selectors_leave, services_leave
from .choices import ANNUAL, StatusPengajuan
from .forms_leave import LeaveForm, RejectForm
from .models import LeaveRequest

NO_EMPLOYEE = "Akun ini tidak terhubung dengan data pegawai, sehingga tidak memiliki cuti/izin."
YEARS = range(2000, 2101)


def _me(request: HttpRequest) -> Employee:
    employee = roles_for(request.user).employee
    if employee is None:
        raise PermissionDenied(NO_EMPLOYEE)
    return employee


def _form_messages(form) -> list[str]:
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


# --- the employee's page -----------------------------------------------------------------------


def _home(request: HttpRequest, me: Employee, *, form: LeaveForm | None = None,
          errors: list[str] | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    today = timezone.localdate()
    year, problems = today.year, []
    wanted = request.GET.get("tahun")
    if wanted:
        parsed = whole_number(wanted)
        if parsed is None or parsed not in YEARS:
            problems.append("Tahun harus berupa angka, misalnya 2026.")
            status = 400
        else:
            year = parsed
    if form is None:
        form = LeaveForm(status=me.status, initial={"mulai": today, "selesai": today})
    requests = list(selectors_leave.own_requests(me.pk)[:100])
    for leave in requests:
        leave.cancellable = leave.status == StatusPengajuan.DIAJUKAN or (
            leave.status == StatusPengajuan.DISETUJUI and leave.mulai > today
        )
    context = {
        "me": me,
        "year": year,
        "balance": selectors_leave.annual_balance(me, year),
        "form": form,
        "errors": (errors or []) + problems,
        "requests": requests,
    }
    return render(request, "attendance/leave/home.html", context, status=status)


@require_GET
def leave_home(request: HttpRequest) -> HttpResponse:
    return _home(request, _me(request))


@require_POST
def leave_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = LeaveForm(request.POST, request.FILES, status=me.status)
    if not form.is_valid():
        return _home(request, me, form=form, errors=_form_messages(form), status=400)
    data = form.cleaned_data
    try:
        leave = services_leave.submit_leave(
            actor=request.user,
            data=services_leave.LeaveInput(
                jenis=data["jenis"],
                mulai=data["mulai"],
                selesai=data["selesai"],
                sehari_penuh=not data["sebagian_hari"],
                keterangan=data["keterangan"],
                alamat_selama_cuti=data["alamat_selama_cuti"],
            ),
            lampiran=data["lampiran"],
        )
    except ValidationError as error:
        return _home(request, me, form=form, errors=error.messages, status=400)
    messages.success(
        request,
        f"{leave.get_jenis_display()} {leave.jumlah_hari} hari kerja diajukan dan menunggu "
        "persetujuan atasan.",
    )
    return redirect("leave-home")


@require_POST
def leave_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    leave = access.get_leave_for_user(request.user, pk)
    if not access.is_leave_owner(request.user, leave):
        raise PermissionDenied("Hanya pegawai yang mengajukan yang dapat membatalkannya.")
    try:
        services_leave.cancel_leave(actor=request.user, leave=leave)
    except ValidationError as error:
        return _home(request, _me(request), errors=error.messages, status=400)
    messages.success(request, f"{leave.get_jenis_display()} {leave} dibatalkan.")
    return redirect("leave-home")


# --- one request -----------------------------------------------------------------------------


def _detail(request: HttpRequest, leave: LeaveRequest, *, reject_form: RejectForm | None = None,
            errors: list[str] | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    can_decide = leave.status == StatusPengajuan.DIAJUKAN and access.can_decide_leave(
        request.user, leave
    )
    balance = None
    if leave.jenis in ANNUAL and (can_decide or access.is_leave_owner(request.user, leave)):
        balance = selectors_leave.annual_balance(leave.employee, leave.mulai.year)
    context = {
        "leave": leave,
        "can_decide": can_decide,
        "own": access.is_leave_owner(request.user, leave),
        "balance": balance,
        "reject_form": reject_form or RejectForm(),
        "errors": errors or [],
        "attachment_name": os.path.basename(leave.lampiran.name) if leave.lampiran else "",
    }
    return render(request, "attendance/leave/detail.html", context, status=status)


@require_GET
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_leave_for_user(request.user, pk))


@require_GET
def leave_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The attachment, for whoever may read the request; uploads are never public files."""
    leave = access.get_leave_for_user(request.user, pk)
    return serve_document(leave.lampiran, "Berkas lampiran tidak ditemukan.")


# --- the approver ----------------------------------------------------------------------------


@require_GET
def leave_inbox(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    context = {"me": me, "requests": selectors_leave.pending_inbox(me)}
    return render(request, "attendance/leave/inbox.html", context)


INBOX_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Pegawai", 30),
    Column("Jenis", 20),
    Column("Mulai", 12),
    Column("Selesai", 12),
    Column("Sehari penuh", 12),
    Column("Hari kerja", 10),
    Column("Keterangan", 50),
    Column("Lampiran", 10),
    Column("Diajukan", 18, text=True),
]


@require_GET
def leave_inbox_export(request: HttpRequest) -> HttpResponseBase:
    """The inbox as Excel: the same pending requests the page lists, and the same refusal."""
    me = _me(request)
    rows = (
        (
            r.employee.nip or "",
            r.employee.nama_lengkap,
            r.get_jenis_display(),
            r.mulai,
            r.selesai,
            r.sehari_penuh,
            r.jumlah_hari,
            r.keterangan,
            bool(r.lampiran),
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
        )
        for r in selectors_leave.pending_inbox(me)
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(f"persetujuan-cuti-{stamp}.xlsx", INBOX_COLUMNS, rows)


def _decidable(request: HttpRequest, pk: int) -> LeaveRequest:
    """404 for those who may not see the request, 403 for those who see but do not decide."""
    leave = access.get_leave_for_user(request.user, pk)
    if not access.can_decide_leave(request.user, leave):
        raise PermissionDenied("Hanya atasan (pejabat penilai) pegawai ini yang dapat memutuskan.")
    return leave


def _after_decision(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("leave-inbox"))


@require_POST
def leave_approve(request: HttpRequest, pk: int) -> HttpResponse:
    leave = _decidable(request, pk)
    try:
        leave = services_leave.approve_leave(actor=request.user, leave=leave)
    except ValidationError as error:
        return _detail(request, leave, errors=error.messages, status=400)
    messages.success(request, f"{leave.get_jenis_display()} {leave.employee} disetujui.")
    return _after_decision(request)


@require_POST
def leave_reject(request: HttpRequest, pk: int) -> HttpResponse:
    leave = _decidable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, leave, reject_form=form, errors=_form_messages(form), status=400)
    try:
        leave = services_leave.reject_leave(
            actor=request.user, leave=leave, alasan=form.cleaned_data["alasan"]
        )
    except ValidationError as error:
        return _detail(request, leave, reject_form=form, errors=error.messages, status=400)
    messages.success(request, f"{leave.get_jenis_display()} {leave.employee} ditolak.")
    return _after_decision(request)
