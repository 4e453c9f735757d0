"""The annual evaluation: the year's Dokumen Evaluasi, whose suggested ratings come from the
periodic ones under the region's rule (the final period's, or the rounded mean of all), and
whose realisasi per indicator is the sum of the periods'. The penilai sets the final ratings
with `services.set_ratings`, so a deviation from the suggestion needs its reason there too."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.closing import refuse_if_closed
from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for
from ekinerja.people.models import User
from ekinerja.planning.models import Indikator, Skp

from . import rules, selectors
from .choices import JenisEvaluasi, PredikatTahunan, StatusEvaluasi
from .models import Evaluation, EvaluationResult
from .periods import ANNUAL
from .services import check_can_open, closing_days, create_behaviours


def annual_suggestion(periodic: list[tuple[int, str]], rule: str) -> rules.Rating | None:
    """From (periode_ke, rating) of the set periodic evaluations: the last period's rating, or
    the rounded mean of them all."""
    rated = sorted((k, rating) for k, rating in periodic if rating)
    if not rated:
        return None
    if rule == PredikatTahunan.PERIODE_AKHIR:
        return rules.Rating(rated[-1][1])
    return rules.suggest_rating(rules.Rating(rating) for _, rating in rated)


@transaction.atomic
def open_annual_evaluation(*, actor: User, skp: Skp) -> Evaluation:
    check_can_open(actor, skp)
    existing = Evaluation.objects.filter(skp=skp, jenis=JenisEvaluasi.TAHUNAN).first()
    if existing is not None:
        return existing
    refuse_if_closed([skp.employee_id], closing_days(skp, ANNUAL))
    periodic = list(
        Evaluation.objects.filter(skp=skp, jenis=JenisEvaluasi.PERIODIK)
        .exclude(status=StatusEvaluasi.DRAF)
        .order_by("periode_ke")
    )
    if not periodic:
        raise ValidationError("Belum ada evaluasi periodik yang ditetapkan untuk SKP ini.")
    rule = selectors.policy_on(skp.instansi_id, timezone.localdate()).predikat_tahunan
    hasil = annual_suggestion([(e.periode_ke, e.rating_hasil) for e in periodic], rule)
    perilaku = annual_suggestion([(e.periode_ke, e.rating_perilaku) for e in periodic], rule)
    evaluation = Evaluation.objects.create(
        instansi_id=skp.instansi_id, skp=skp, employee=skp.employee,
        penilai=roles_for(actor).employee, jenis=JenisEvaluasi.TAHUNAN, periode_ke=0,
        saran_hasil=_value(hasil), saran_perilaku=_value(perilaku),
    )  # fmt: skip
    _create_annual_rows(evaluation, skp, [e.pk for e in periodic])
    record_audit_event(
        actor=actor, action="buka_evaluasi_tahunan", obj=evaluation,
        instansi_id=evaluation.instansi_id, summary="Evaluasi tahunan dibuka.",
        data={"aturan": rule, "periode": [e.periode_ke for e in periodic]},
    )  # fmt: skip
    return evaluation


def _value(rating: rules.Rating | None) -> str:
    return rating.value if rating is not None else ""


def _create_annual_rows(evaluation: Evaluation, skp: Skp, periodic_ids: list[int]) -> None:
    indikator = list(
        Indikator.objects.filter(rhk__skp=skp).order_by("rhk__urutan", "urutan", "id")
        .values_list("pk", "target_min")
    )  # fmt: skip
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for indikator_id, realisasi in EvaluationResult.objects.filter(
        evaluation_id__in=periodic_ids, realisasi__isnull=False
    ).values_list("indikator_id", "realisasi"):
        sums[indikator_id] += realisasi
    EvaluationResult.objects.bulk_create(
        EvaluationResult(
            evaluation=evaluation, indikator_id=pk, target=target,
            realisasi_aktivitas=sums[pk], realisasi=sums[pk],
        )
        for pk, target in indikator
    )  # fmt: skip
    create_behaviours(evaluation)
