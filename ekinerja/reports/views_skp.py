"""The SKP as an official PDF, for whoever may read the SKP (planning.access)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ekinerja.planning import access as planning_access

from .skp_documents import skp_pdf_response


def skp_document(request: HttpRequest, pk: int) -> HttpResponse:
    skp = planning_access.get_skp_for_user(request.user, pk)
    return skp_pdf_response(skp, request.user)
