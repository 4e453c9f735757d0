"""The Dokumen Evaluasi as an official PDF, for whoever may read the evaluation
(appraisal.access: the employee once it is set, the penilai, the atasan, admin and auditor)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ekinerja.appraisal import access as appraisal_access
from ekinerja.appraisal.selectors_evaluation import evaluation_for_page

from .evaluation_documents import evaluation_pdf_response


@require_GET
def evaluation_document(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_for_page(pk)
    if evaluation is None or not appraisal_access.can_view_evaluation(request.user, evaluation):
        raise Http404("Evaluasi tidak ditemukan.")
    return evaluation_pdf_response(evaluation, request.user)
