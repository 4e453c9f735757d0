"""The user's notifications page, read marks, the e-mail preference and the navbar bell."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import access, selectors, services
from .forms import PreferenceForm


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), selectors.PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    form = PreferenceForm(initial={"email_aktif": selectors.email_enabled(request.user)})
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "form": form,
            "belum_dibaca": selectors.unread_count(request.user),
            "alamat": services.address_of(request.user),
        },
    )


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access.get_notification_for_user(request.user, pk)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if (
        request.POST.get("buka")
        and target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    return redirect(_back(request))


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    return redirect("notifications:list")


@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Pilihan surel tidak dikenali.", status=400)
    services.set_email_preference(user=request.user, email_aktif=form.cleaned_data["email_aktif"])
    if form.cleaned_data["email_aktif"]:
        messages.success(request, "Ringkasan harian akan dikirim ke surel Anda.")
    else:
        messages.success(request, "Ringkasan harian tidak lagi dikirim ke surel Anda.")
    return redirect("notifications:list")


@login_not_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The navbar bell, loaded by htmx after the page, so no page pays for the count. After
    the session ends it answers 204 and htmx leaves the navbar as it is (instead of swapping
    the login page into it)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    # Rendered without the request: the context processors (roles) would cost more queries
    # than the count itself.
    html = render_to_string(
        "notifications/_bell.html", {"jumlah": selectors.unread_count(request.user)}
    )
    return HttpResponse(html)


def _back(request: HttpRequest) -> str:
    page = request.POST.get("halaman", "")
    base = reverse("notifications:list")
    return f"{base}?halaman={page}" if page.isdigit() else base
