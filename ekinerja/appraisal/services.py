"""Writes of the Dokumen Evaluasi: opening it for a period, the penilai's realisasi and
feedback, setting the ratings (the predikat follows the matrix), and the employee's
acknowledgement. Each write locks the evaluation row and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.activity.productivity import target_realisation
from ekinerja.core.closing import refuse_if_closed
from ekinerja.core.services import record_audit_event
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for
from ekinerja.people.models import User
from ekinerja.planning.choices import NILAI_CHOICES, PERIODS_PER_YEAR, StatusSkp
from ekinerja.planning.models import Indikator, PeriodTarget, Skp
from ekinerja.planning.services import identity

from . import access, rules, selectors
from .choices import JenisEvaluasi, ModeKurva, StatusEvaluasi
from .models import Evaluation, EvaluationBehaviour, EvaluationResult, UnitPredikat
from .periods import ANNUAL


@dataclass(frozen=True)
class ResultInput:
    realisasi: Decimal | None
    bukti: str = ""
    umpan_balik: str = ""
    rating: str = ""


@dataclass(frozen=True)
class BehaviourInput:
    umpan_balik: str = ""
    rating: str = ""


def months_of(skp: Skp, periode_ke: int) -> list[int]:
    """The calendar months a period covers: one for a monthly cycle, three for a quarter."""
    per_year = PERIODS_PER_YEAR[skp.period.siklus_evaluasi]
    length = 12 // per_year
    return list(range((periode_ke - 1) * length + 1, periode_ke * length + 1))


def closing_days(skp: Skp, periode_ke: int) -> list[dt.date]:
    """A day in each month whose closing by a TPP run locks the evaluation of the period: its
    own months, or for the annual evaluation December alone, since the earlier
    months are normally paid before the year is evaluated."""
    months = [12] if periode_ke == ANNUAL else months_of(skp, periode_ke)
    return [dt.date(skp.period.tahun, month, 1) for month in months]


def refuse_if_period_closed(evaluation: Evaluation) -> None:
    """Raise the closed-month message when a month of the evaluation's period is paid."""
    refuse_if_closed([evaluation.employee_id], closing_days(evaluation.skp, evaluation.periode_ke))


def _audit(actor: User | None, evaluation: Evaluation, action: str, summary: str,
           data: dict | None = None) -> None:  # fmt: skip
    record_audit_event(
        actor=actor, action=action, obj=evaluation, instansi_id=evaluation.instansi_id,
        summary=summary, data=data or {},
    )  # fmt: skip


def check_can_open(actor: User, skp: Skp) -> None:
    """Raise unless ``actor`` may open an evaluation of ``skp`` (periodic or annual)."""
    if not access.can_open_evaluation(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai pegawai ini yang dapat mengevaluasi.")
    if skp.status != StatusSkp.DISETUJUI:
        raise ValidationError("SKP ini belum disetujui, sehingga belum dapat dievaluasi.")


@transaction.atomic
def open_evaluation(*, actor: User, skp: Skp, periode_ke: int) -> Evaluation:
    """The periodic evaluation of an approved SKP, created with a row per indicator (target
    of the period, realisasi from the approved activities of its months) and per BerAKHLAK
    value; opening it again returns the same document."""
    check_can_open(actor, skp)
    per_year = PERIODS_PER_YEAR[skp.period.siklus_evaluasi]
    if not 1 <= periode_ke <= per_year:
        raise ValidationError(f"Periode evaluasi harus 1 sampai {per_year}.")
    existing = Evaluation.objects.filter(
        skp=skp, jenis=JenisEvaluasi.PERIODIK, periode_ke=periode_ke
    ).first()
    if existing is not None:
        return existing
    refuse_if_closed([skp.employee_id], closing_days(skp, periode_ke))
    evaluation = Evaluation.objects.create(
        instansi_id=skp.instansi_id, skp=skp, employee=skp.employee,
        penilai=roles_for(actor).employee, jenis=JenisEvaluasi.PERIODIK, periode_ke=periode_ke,
    )  # fmt: skip
    _create_rows(evaluation, skp, periode_ke)
    _audit(actor, evaluation, "buka_evaluasi", f"Evaluasi periode {periode_ke} dibuka.")
    return evaluation


def _create_rows(evaluation: Evaluation, skp: Skp, periode_ke: int) -> None:
    indikator_ids = list(
        Indikator.objects.filter(rhk__skp=skp).order_by("rhk__urutan", "urutan", "id")
        .values_list("pk", flat=True)
    )  # fmt: skip
    targets = dict(
        PeriodTarget.objects.filter(indikator_id__in=indikator_ids, periode_ke=periode_ke)
        .values_list("indikator_id", "target")
    )  # fmt: skip
    realised = dict.fromkeys(indikator_ids, Decimal(0))
    for month in months_of(skp, periode_ke):
        for indikator_id, total in target_realisation(
            indikator_ids, skp.period.tahun, month
        ).items():
            realised[indikator_id] += total
    EvaluationResult.objects.bulk_create(
        EvaluationResult(
            evaluation=evaluation, indikator_id=indikator_id, target=targets.get(indikator_id),
            realisasi_aktivitas=realised[indikator_id], realisasi=realised[indikator_id],
        )
        for indikator_id in indikator_ids
    )  # fmt: skip
    create_behaviours(evaluation)


def create_behaviours(evaluation: Evaluation) -> None:
    """One row per BerAKHLAK value, waiting for the penilai's feedback."""
    EvaluationBehaviour.objects.bulk_create(
        EvaluationBehaviour(evaluation=evaluation, nilai=nilai) for nilai, _ in NILAI_CHOICES
    )


def _locked_for_penilai(actor: User, evaluation: Evaluation) -> Evaluation:
    locked = Evaluation.objects.select_for_update().select_related("employee").get(pk=evaluation.pk)
    if not access.can_evaluate(actor, locked):
        raise PermissionDenied("Evaluasi ini tidak dapat Anda ubah.")
    refuse_if_period_closed(locked)
    return locked


def _rating_or_blank(value: str, where: str) -> str:
    if value in ("", *rules.Rating):
        return value
    raise ValidationError(f"{where}: umpan balik '{value}' tidak dikenal.")


@transaction.atomic
def record_feedback(
    *,
    actor: User,
    evaluation: Evaluation,
    results: Mapping[int, ResultInput] | None = None,
    behaviours: Mapping[int, BehaviourInput] | None = None,
) -> Evaluation:
    """Realisasi, evidence and feedback per indicator (keyed by EvaluationResult id) and per
    BerAKHLAK value (keyed by nilai 1..7); the suggested ratings follow the feedback. All or
    nothing: an id of another evaluation or an unknown rating changes nothing."""
    evaluation = _locked_for_penilai(actor, evaluation)
    rows = {row.pk: row for row in evaluation.results.all()}
    values = {row.nilai: row for row in evaluation.behaviours.all()}
    for pk, given in (results or {}).items():
        if pk not in rows:
            raise ValidationError("Indikator tersebut bukan bagian dari evaluasi ini.")
        if given.realisasi is not None and given.realisasi < 0:
            raise ValidationError("Realisasi tidak boleh negatif.")
        row = rows[pk]
        row.realisasi, row.bukti = given.realisasi, given.bukti.strip()
        row.umpan_balik = given.umpan_balik.strip()
        row.rating = _rating_or_blank(given.rating, "Hasil kerja")
    for nilai, feedback in (behaviours or {}).items():
        if nilai not in values:
            raise ValidationError(f"Nilai BerAKHLAK {nilai} tidak dikenal.")
        value = values[nilai]
        value.umpan_balik = feedback.umpan_balik.strip()
        value.rating = _rating_or_blank(feedback.rating, "Perilaku kerja")
    EvaluationResult.objects.bulk_update(
        rows.values(), ["realisasi", "bukti", "umpan_balik", "rating"]
    )
    EvaluationBehaviour.objects.bulk_update(values.values(), ["umpan_balik", "rating"])
    if evaluation.jenis == JenisEvaluasi.PERIODIK:
        # The annual suggestion comes from the periods (services_annual), not this feedback.
        evaluation.saran_hasil = _suggestion(row.rating for row in rows.values())
        evaluation.saran_perilaku = _suggestion(value.rating for value in values.values())
    evaluation.save(update_fields=["saran_hasil", "saran_perilaku", "updated_at"])
    return evaluation


def _suggestion(ratings) -> str:
    suggested = rules.suggest_rating(rules.Rating(r) for r in ratings if r)
    return suggested.value if suggested is not None else ""


@transaction.atomic
def set_ratings(
    *,
    actor: User,
    evaluation: Evaluation,
    rating_hasil: str,
    rating_perilaku: str,
    alasan_hasil: str = "",
    alasan_perilaku: str = "",
) -> Evaluation:
    """The penilai's ratings; the predikat is the matrix cell. A rating other than the
    suggestion needs its reason; both problems are reported at once."""
    evaluation = _locked_for_penilai(actor, evaluation)
    try:
        hasil, perilaku = rules.Rating(rating_hasil), rules.Rating(rating_perilaku)
    except ValueError as error:
        raise ValidationError("Pilih rating hasil kerja dan rating perilaku kerja.") from error
    head_org = organisation_of_head(evaluation)
    if head_org is not None:
        required = rules.head_rating(head_org)
        if hasil != required:
            raise ValidationError(
                f"Rating Hasil Kerja kepala unit mengikuti predikat kinerja organisasi "
                f"({head_org.label}): {required.label}."
            )
        evaluation.saran_hasil = required.value
    problems = [
        message
        for message in (
            rules.check_rating(chosen=hasil, suggested=_stored(evaluation.saran_hasil),
                               reason=alasan_hasil, aspect="Hasil Kerja"),
            rules.check_rating(chosen=perilaku, suggested=_stored(evaluation.saran_perilaku),
                               reason=alasan_perilaku, aspect="Perilaku Kerja"),
        )
        if message is not None
    ]  # fmt: skip
    if problems:
        raise ValidationError(problems)
    new = rules.predikat(hasil, perilaku)
    policy = selectors.policy_on(evaluation.instansi_id, timezone.localdate())
    if policy.mode_kurva == ModeKurva.BLOKIR and evaluation.jenis == JenisEvaluasi.PERIODIK:
        breaches = selectors.curve_ceiling_breaches(
            evaluation.skp, evaluation.periode_ke, new, evaluation_id=evaluation.pk
        )
        if breaches:
            raise ValidationError(breaches)
    before = _ratings_of(evaluation)
    evaluation.rating_hasil, evaluation.rating_perilaku = hasil.value, perilaku.value
    evaluation.alasan_hasil = alasan_hasil.strip()
    evaluation.alasan_perilaku = alasan_perilaku.strip()
    evaluation.predikat = new.value
    evaluation.status, evaluation.ditetapkan_at = StatusEvaluasi.DITETAPKAN, timezone.now()
    # Both sides as they are on the day the rating is set, for the printed document.
    seat = hierarchy.pejabat_penilai(evaluation.employee, timezone.localdate())
    evaluation.penilai = seat.employee if seat is not None else roles_for(actor).employee
    evaluation.identitas = {
        "pegawai": identity(evaluation.employee, evaluation.skp.position),
        "penilai": identity(seat.employee, seat.position) if seat is not None else {},
    }
    evaluation.save()
    _audit(
        actor, evaluation, "tetapkan_evaluasi",
        f"Predikat {rules.Predikat(evaluation.predikat).label} ditetapkan.",
        {"sebelum": before, "sesudah": _ratings_of(evaluation)},
    )  # fmt: skip
    return evaluation


def organisation_of_head(evaluation: Evaluation) -> rules.PredikatOrganisasi | None:
    """The organisational predikat of the unit the evaluated employee heads, if set: the
    organisation's achievement is the head's Rating Hasil Kerja (SE MenPANRB 3/2023)."""
    skp = evaluation.skp
    if evaluation.jenis != JenisEvaluasi.PERIODIK or not skp.position.is_unit_head:
        return None
    value = (
        UnitPredikat.objects.filter(
            unit_id=skp.unit_id, period_id=skp.period_id, periode_ke=evaluation.periode_ke
        )
        .values_list("predikat", flat=True)
        .first()
    )
    return rules.PredikatOrganisasi(value) if value else None


def _ratings_of(evaluation: Evaluation) -> dict[str, str]:
    return {
        "rating_hasil": evaluation.rating_hasil,
        "rating_perilaku": evaluation.rating_perilaku,
        "predikat": evaluation.predikat,
    }


def _stored(value: str) -> rules.Rating | None:
    return rules.Rating(value) if value else None


@transaction.atomic
def acknowledge(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """The employee confirms having seen the result; from then on only a keberatan through
    the atasan pejabat penilai can change it."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not access.is_evaluated_employee(actor, evaluation):
        raise PermissionDenied("Hanya pegawai yang dievaluasi yang dapat menerima hasilnya.")
    if evaluation.status != StatusEvaluasi.DITETAPKAN:
        raise ValidationError("Evaluasi ini belum ditetapkan atau sudah diterima.")
    refuse_if_period_closed(evaluation)
    evaluation.status, evaluation.diterima_at = StatusEvaluasi.DITERIMA, timezone.now()
    evaluation.save(update_fields=["status", "diterima_at", "updated_at"])
    _audit(actor, evaluation, "terima_evaluasi", "Hasil evaluasi diterima pegawai.")
    return evaluation


def suggested_ratings(evaluation: Evaluation) -> tuple[str, str]:
    """The ratings the page proposes: the feedback's (or the periods', for the annual one),
    except that a unit head's Rating Hasil Kerja is the organisation's achievement."""
    hasil = evaluation.saran_hasil
    head_org = organisation_of_head(evaluation)
    if head_org is not None:
        hasil = rules.head_rating(head_org).value
    return hasil, evaluation.saran_perilaku


@transaction.atomic
def save_document(
    *,
    actor: User,
    evaluation: Evaluation,
    results: Mapping[int, ResultInput],
    behaviours: Mapping[int, BehaviourInput],
    finalise: bool,
    rating_hasil: str = "",
    rating_perilaku: str = "",
    alasan_hasil: str = "",
    alasan_perilaku: str = "",
) -> Evaluation:
    """The penilai's form in one step: the feedback is saved and, when ``finalise``, the
    ratings are set (a blank rating takes the suggestion). If setting fails nothing is kept,
    so the page shows exactly what was submitted with the reason it was refused."""
    evaluation = record_feedback(
        actor=actor, evaluation=evaluation, results=results, behaviours=behaviours
    )
    if not finalise:
        return evaluation
    saran_hasil, saran_perilaku = suggested_ratings(evaluation)
    hasil, perilaku = rating_hasil or saran_hasil, rating_perilaku or saran_perilaku
    missing = [
        f"Rating {aspect} belum dapat disarankan: beri umpan balik per butir atau pilih ratingnya."
        for aspect, value in (("Hasil Kerja", hasil), ("Perilaku Kerja", perilaku))
        if not value
    ]
    if missing:
        raise ValidationError(missing)
    return set_ratings(
        actor=actor, evaluation=evaluation, rating_hasil=hasil, rating_perilaku=perilaku,
        alasan_hasil=alasan_hasil, alasan_perilaku=alasan_perilaku,
    )  # fmt: skip
