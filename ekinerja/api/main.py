"""The REST API: one NinjaAPI whose routers call the apps' services, selectors and access
functions, the same ones the pages use. Every error answers ``{"galat": "..."}`` in Indonesian."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase

from .auth import USER_AUTH

UNAUTHENTICATED = (
    "Autentikasi diperlukan: kirim header Authorization: Bearer <token> atau masuk lewat peramban."
)
CSRF_FAILED = "Token CSRF tidak valid; muat ulang halaman lalu coba lagi."


class LocalSwagger(DocsBase):
    """Swagger UI from the files ninja ships, served by our own view: the default page loads
    them from a CDN, and no request may leave the server's origin."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            # The address of any one file, without its name: ".../docs/aset/".
            "asset_base": reverse("api-docs-asset", args=["x"])[:-1],
        }
        return render(request, "api/docs.html", context)


api = NinjaAPI(
    title="E-Kinerja API",
    version="1",
    description="API E-Kinerja untuk aplikasi seluler dan integrasi. Lihat docs/api.md.",
    urls_namespace="api",
    auth=USER_AUTH,
    docs=LocalSwagger(),
)


def _galat(request: HttpRequest, status: int, message: str, details: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"galat": message}
    if details:
        body["kesalahan"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _galat(request, 404, str(exc) or "Data tidak ditemukan.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _galat(request, 403, str(exc) or "Anda tidak berhak melakukan ini.")


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    messages = exc.messages
    return _galat(request, 400, " ".join(messages) or "Data tidak valid.", messages)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _galat(request, 401, UNAUTHENTICATED)
    response["WWW-Authenticate"] = 'Bearer realm="e-kinerja"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        message = CSRF_FAILED
    return _galat(request, exc.status_code, message)


def _where(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [{"lokasi": _where(error), "pesan": _pesan(error)} for error in exc.errors[:20]]
    first = details[0] if details else {"lokasi": "", "pesan": ""}
    return _galat(
        request, 422, f"Data permintaan tidak valid: {first['lokasi']}: {first['pesan']}", details
    )


_PESAN = {
    "missing": "wajib diisi",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "date_from_datetime_parsing": "tanggal harus berformat TTTT-BB-HH",
    "date_parsing": "tanggal harus berformat TTTT-BB-HH",
    "date_type": "tanggal harus berformat TTTT-BB-HH",
    "time_parsing": "jam harus berformat JJ:MM",
    "time_type": "jam harus berformat JJ:MM",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
    "string_too_long": "terlalu panjang",
    "string_too_short": "terlalu pendek",
    "too_short": "terlalu sedikit isian",
    "too_long": "terlalu banyak isian",
    "string_type": "harus teks",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "list_type": "harus berupa daftar",
    "model_attributes_type": "harus berupa objek JSON",
    "dict_type": "harus berupa objek JSON",
    "json_invalid": "JSON tidak valid",
    "value_error": "berisi karakter yang tidak diizinkan",
}


def _pesan(error: dict) -> str:
    return _PESAN.get(str(error.get("type", "")), "nilai tidak valid")


def _register_routers() -> None:
    from .routers import aktivitas, cuti, evaluasi, pegawai, presensi, skp, tpp

    api.add_router("/pegawai", pegawai.router)
    api.add_router("/skp", skp.router)
    api.add_router("/", aktivitas.router)
    api.add_router("/cuti", cuti.router)
    api.add_router("/evaluasi", evaluasi.router)
    api.add_router("/tpp", tpp.router)
    api.add_router("/presensi", presensi.router)


_register_routers()
