"""The personal API token pages (/api/v1/token-saya/) and the Swagger UI files for /api/v1/docs."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import ninja
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken

_ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
_ASSET_NAMES = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}


def _page(request: HttpRequest, form: TokenForm, *, secret: str = "", errors=(), status=200):
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "tokens": tokens, "secret": secret, "errors": list(errors)}
    return render(request, "api/tokens.html", context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return _page(request, form, errors=errors, status=400)
    try:
        _, secret = services.issue_token(
            actor=request.user,
            nama=form.cleaned_data["nama"],
            berlaku_hari=form.cleaned_data["berlaku_hari"],
        )
    except ValidationError as error:
        return _page(request, form, errors=error.messages, status=400)
    # Shown on this response only: the secret is not stored and cannot be shown again.
    return _page(request, TokenForm(), secret=secret, status=201)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's token is a 404, so ids cannot be probed.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_token(actor=request.user, token=token)
    except ValidationError as error:
        return _page(request, TokenForm(), errors=error.messages, status=400)
    messages.success(request, f"Token {token.nama} dicabut.")
    return redirect("api-token-list")


@require_GET
@login_not_required
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in _ASSET_NAMES:
        raise Http404("Berkas tidak ditemukan.")
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse((_ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
