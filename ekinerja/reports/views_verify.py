"""The public verification page of printed documents (no login: whoever holds the paper, a
bank or another office, checks it). It answers only for a well-formed code and shows only
what the document itself printed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import verification
from .models import IssuedDocument
from .services_verification import verification_url


@login_not_required
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    typed = (request.GET.get("kode") or "").strip()
    if typed:
        return redirect("document-verify", verification.normalise(typed)[:40] or "-")
    return render(request, "reports/verify.html", {"state": "form"})


@login_not_required
@require_GET
def verify(request: HttpRequest, kode: str) -> HttpResponse:
    code = verification.normalise(kode)
    if not verification.is_well_formed(code):
        return render(
            request, "reports/verify.html", {"state": "invalid", "typed": kode[:40]}, status=400
        )
    document = IssuedDocument.objects.select_related("instansi").filter(kode=code).first()
    if document is None:
        return render(
            request,
            "reports/verify.html",
            {"state": "unknown", "typed": verification.printed(code)},
            status=404,
        )
    return render(
        request,
        "reports/verify.html",
        {
            "state": "found",
            "document": document,
            "printed_code": verification.printed(document.kode),
            "url": verification_url(document),
        },
    )
