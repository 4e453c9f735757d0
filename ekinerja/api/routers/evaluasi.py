"""GET /evaluasi, /evaluasi/{id}: evaluations the user may read. The detail goes through
appraisal.access.can_view_evaluation; the list is its set-wise form (see evaluations_for)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from ekinerja.appraisal import access
from ekinerja.appraisal.choices import StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.people.access import employees_visible_to, roles_for
from ekinerja.planning.access import indirect_subordinate_ids

from ..pagination import page_of
from ..schemas import ERRORS_READ, MAX_ID, EvaluasiList, EvaluasiOut, Id, PageQuery

router = Router(tags=["evaluasi"])


class EvaluasiFilter(Schema):
    pegawai: int | None = Field(None, ge=1, le=MAX_ID)


def evaluations_for(user) -> QuerySet[Evaluation]:
    """can_view_evaluation as one query: the employees the user sees (the penilai sees their
    subordinates there), the atasan penilai's indirect subordinates, and not one's own drafts."""
    roles = roles_for(user)
    if roles.instansi_id is None:
        return Evaluation.objects.none()
    allowed = Q(employee__in=employees_visible_to(user).values("pk"))
    if roles.is_atasan:
        allowed |= Q(employee_id__in=indirect_subordinate_ids(user))
    qs = Evaluation.objects.filter(instansi_id=roles.instansi_id).filter(allowed)
    if roles.employee is not None:
        qs = qs.exclude(employee_id=roles.employee.pk, status=StatusEvaluasi.DRAF)
    return qs


@router.get("", response={200: EvaluasiList, **ERRORS_READ}, summary="Daftar evaluasi")
def daftar_evaluasi(request: HttpRequest, page: PageQuery, filters: Query[EvaluasiFilter]):
    qs = evaluations_for(request.user)
    if filters.pegawai is not None:
        qs = qs.filter(employee_id=filters.pegawai)
    result = page_of(qs.order_by("-created_at", "-id"), page)
    result["hasil"] = [_out(e) for e in result["hasil"]]
    return result


def _out(evaluation: Evaluation) -> dict:
    return {
        "id": evaluation.pk,
        "pegawai_id": evaluation.employee_id,
        "skp_id": evaluation.skp_id,
        "jenis": evaluation.jenis,
        "periode_ke": evaluation.periode_ke,
        "status": evaluation.status,
        "rating_hasil": evaluation.rating_hasil or "",
        "rating_perilaku": evaluation.rating_perilaku or "",
        "predikat": evaluation.predikat or "",
    }


@router.get("/{id}", response={200: EvaluasiOut, **ERRORS_READ}, summary="Rincian evaluasi")
def rincian_evaluasi(request: HttpRequest, id: Id):
    roles = roles_for(request.user)
    evaluation = (
        Evaluation.objects.filter(pk=id, instansi_id=roles.instansi_id)
        .select_related("employee")
        .first()
        if roles.instansi_id is not None
        else None
    )
    if evaluation is None or not access.can_view_evaluation(request.user, evaluation):
        raise Http404("Evaluasi tidak ditemukan.")
    return _out(evaluation)
