"""Security pages: the second factor (enrol, switch off, login step) and the audit trail."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people.models import User

from . import access, login, selectors, services, totp
from .forms import AuditFilterForm, CodeForm
from .models import TotpDevice

AUDIT_PAGE_SIZE = 50


def second_factor(request: HttpRequest) -> HttpResponse:
    access.require_second_factor_user(request.user)
    user = request.user
    form = CodeForm(request.POST or None)
    action = request.POST.get("aksi", "") if request.method == "POST" else ""
    if action == "mulai":
        try:
            services.start_enrolment(user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("security-2fa")
    if action in {"konfirmasi", "nonaktif"} and form.is_valid():
        try:
            if action == "konfirmasi":
                codes = services.confirm_device(user=user, code=form.cleaned_data["code"])
                return render(request, "security/recovery_codes.html", {"codes": codes})
            services.disable_device(user=user, code=form.cleaned_data["code"])
            messages.success(request, "Verifikasi dua langkah telah dinonaktifkan.")
            return redirect("security-2fa")
        except ValidationError as error:
            form.add_error("code", error)
    elif request.method == "POST" and action not in {"konfirmasi", "nonaktif"}:
        form.add_error(None, "Permintaan tidak dikenal.")
    device = TotpDevice.objects.filter(user=user).first()
    context: dict = {"device": device, "form": form if request.method == "POST" else CodeForm()}
    if device is not None and not device.is_confirmed:
        uri = totp.provisioning_uri(device.secret, user.get_username())
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(scale=5)
        context["secret"] = device.secret
    status = 400 if request.method == "POST" else 200
    return render(request, "security/second_factor.html", context, status=status)


def _safe_next(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else settings.LOGIN_REDIRECT_URL


@login_not_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    pending = login.pending_login(request)
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first() if pending else None
    if pending is None or user is None:
        login.forget_pending(request)
        messages.error(request, "Sesi masuk berakhir. Silakan masuk kembali.")
        return redirect("login")
    username, ip = user.get_username(), login.client_ip(request)
    until = selectors.locked_until(username=username, ip=ip)
    if until is not None:
        login.forget_pending(request)
        context = {"form": None, "locked": login.locked_message(until)}
        return render(request, "security/verify.html", context, status=429)
    form = CodeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "security/verify.html", {"form": form})
    if form.is_valid() and services.verify_second_factor(user=user, code=form.cleaned_data["code"]):
        auth_login(request, user, backend=pending.get("backend") or None)
        login.forget_pending(request)
        services.clear_failures(username=username)
        return redirect(_safe_next(request, pending.get("next", "")))
    until = services.record_failed_login(username=username, ip=ip, tahap="kode")
    if until is not None:
        login.forget_pending(request)
        context = {"form": None, "locked": login.locked_message(until)}
        return render(request, "security/verify.html", context, status=429)
    form.errors.clear()
    form.add_error("code", "Kode tidak cocok.")
    return render(request, "security/verify.html", {"form": form}, status=400)


AUDIT_COLUMNS = [
    Column("Waktu", 20, text=True),
    Column("Aksi", 24, text=True),
    Column("Jenis objek", 24, text=True),
    Column("ID objek", 10, text=True),
    Column("NIP/nama pengguna pelaku", 22, text=True),
    Column("Nama pelaku", 28, text=True),
    Column("Ringkasan", 60, text=True),
]


def _audit_rows(qs):
    values = qs.values_list(
        "created_at",
        "action",
        "object_type",
        "object_id",
        "actor__username",
        "actor__employee__nama",
        "summary",
    )
    for created, *rest in values.iterator(chunk_size=2000):
        yield [f"{timezone.localtime(created):%Y-%m-%d %H:%M:%S}", *rest]


def audit_trail(request: HttpRequest) -> HttpResponse:
    instansi_id = access.audit_instansi_for(request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "page": None}
        return render(request, "security/audit_list.html", context, status=400)
    flt = form.to_filter() if form.is_bound else selectors.AuditFilter()
    qs = selectors.audit_events(instansi_id, flt)
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localdate().isoformat()
        return xlsx_response(f"jejak-audit-{stamp}.xlsx", AUDIT_COLUMNS, _audit_rows(qs))
    page = Paginator(qs, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "querystring": params.urlencode(),
    }
    return render(request, "security/audit_list.html", context)
