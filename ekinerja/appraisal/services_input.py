"""Writes of the optional inputs to an evaluation: the employee's self-assessment and the 360
input of colleagues and direct subordinates (issue 6 item 2).

Both are allowed only while the evaluation is a draft and only where the region switched them
on (`AppraisalPolicy.penilaian_mandiri`, `.masukan_rekan`). Each write locks the evaluation row
(so it cannot cross the penilai setting the ratings), checks everything before it writes (bad
input changes nothing) and is audited. A 360 input is audited on its own row, never on the
evaluation, so the evaluation's history does not name who gave it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import User
from ekinerja.planning.choices import NILAI_CHOICES

from . import access, rules
from .choices import StatusEvaluasi
from .models import (
    Evaluation,
    HubunganMasukan,
    PeerFeedback,
    PeerFeedbackItem,
    SelfAssessment,
    SelfAssessmentBehaviour,
    SelfAssessmentResult,
    StatusPenilaianMandiri,
)
from .selectors import policy_on
from .services import refuse_if_period_closed

MANDIRI_OFF = "Penilaian mandiri tidak diaktifkan untuk instansi ini."
REKAN_OFF = "Masukan rekan dan bawahan (360) tidak diaktifkan untuk instansi ini."
NOT_EMPLOYEE = "Hanya pegawai yang dievaluasi yang dapat mengisi penilaian mandiri."
NOT_RELATED = (
    "Masukan 360 hanya dapat diberikan oleh rekan kerja (dengan pejabat penilai yang sama) "
    "atau bawahan langsung pegawai ini."
)
NOT_SELF = "Anda tidak dapat memberi masukan 360 untuk diri sendiri."
NO_EMPLOYEE = "Akun ini tidak terhubung dengan data pegawai."
MANDIRI_CLOSED = (
    "Evaluasi ini sudah ditetapkan pejabat penilai; penilaian mandiri tidak dapat diubah lagi."
)
REKAN_CLOSED = "Evaluasi ini sudah ditetapkan pejabat penilai; masukan 360 tidak dapat diubah lagi."
ALREADY_SENT = "Penilaian mandiri sudah dikirim ke pejabat penilai dan tidak dapat diubah lagi."
MAX_TEXT = 2000
MAX_NOTE = 5000
MAX_NUMBER = Decimal("999999999999.99")  # what the 14-digit, 2-decimal column holds
NILAI = dict(NILAI_CHOICES)


@dataclass(frozen=True)
class ClaimInput:
    """The employee's claim on one indicator: realisasi as typed (a comma or a dot as the
    decimal separator; blank for no claim) and its explanation or evidence."""

    realisasi: object = None
    bukti: str = ""


@dataclass(frozen=True)
class FeedbackItemInput:
    """One BerAKHLAK value of a 360 input: di_bawah, sesuai, di_atas or blank, and a comment."""

    rating: str = ""
    komentar: str = ""


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__period")
        .get(pk=evaluation.pk)
    )


def _decimal(value: object, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(f"{label} harus berupa angka, misalnya 12 atau 12,5.") from error
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{label} harus berupa angka tidak negatif.")
    if number > MAX_NUMBER:
        raise ValidationError(f"{label} terlalu besar.")
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(f"{label} paling banyak 2 angka di belakang koma.")
    return number.quantize(Decimal("0.01"))


def _text(value: str, label: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError(f"{label} paling panjang {limit} karakter.")
    return text


# --- self-assessment -------------------------------------------------------------------------


def _check_self(actor: User, evaluation: Evaluation) -> SelfAssessment | None:
    """Raise unless the actor may still write the self-assessment; return it if it exists."""
    if not access.is_evaluated_employee(actor, evaluation):
        raise PermissionDenied(NOT_EMPLOYEE)
    if not policy_on(evaluation.instansi_id, today()).penilaian_mandiri:
        raise PermissionDenied(MANDIRI_OFF)
    if evaluation.status != StatusEvaluasi.DRAF:
        raise ValidationError(MANDIRI_CLOSED)
    refuse_if_period_closed(evaluation)
    assessment = SelfAssessment.objects.filter(evaluation=evaluation).first()
    if assessment is not None and assessment.status == StatusPenilaianMandiri.DIKIRIM:
        raise ValidationError(ALREADY_SENT)
    return assessment


@transaction.atomic
def save_self_assessment(
    *,
    actor: User,
    evaluation: Evaluation,
    claims: Mapping[int, ClaimInput] | None = None,
    reflections: Mapping[int, str] | None = None,
    catatan: str | None = None,
) -> SelfAssessment:
    """The draft self-assessment: claims keyed by EvaluationResult id, reflections keyed by
    BerAKHLAK nilai 1..7, and the overall note; what is not given keeps its value. Every
    problem is reported at once and then nothing is written."""
    evaluation = _locked(evaluation)
    assessment = _check_self(actor, evaluation)
    result_ids = set(evaluation.results.values_list("pk", flat=True))
    problems: list[str] = []
    parsed: dict[int, tuple[Decimal | None, str]] = {}
    for position, (pk, claim) in enumerate((claims or {}).items(), start=1):
        if pk not in result_ids:
            problems.append("Indikator tersebut bukan bagian dari evaluasi ini.")
            continue
        try:
            parsed[pk] = (
                _decimal(claim.realisasi, f"Klaim realisasi indikator {position}"),
                _text(claim.bukti, f"Bukti dukung indikator {position}"),
            )
        except ValidationError as error:
            problems += error.messages
    texts: dict[int, str] = {}
    for nilai, text in (reflections or {}).items():
        if nilai not in NILAI:
            problems.append(f"Nilai BerAKHLAK {nilai} tidak dikenal.")
            continue
        try:
            texts[nilai] = _text(text, f"Refleksi {NILAI[nilai]}")
        except ValidationError as error:
            problems += error.messages
    note = None
    if catatan is not None:
        try:
            note = _text(catatan, "Catatan umum", MAX_NOTE)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)

    created = assessment is None
    if assessment is None:
        assessment = SelfAssessment.objects.create(
            instansi_id=evaluation.instansi_id, evaluation=evaluation
        )
    if note is not None:
        assessment.catatan = note
    assessment.save(update_fields=["catatan", "updated_at"])
    _store_claims(assessment, result_ids, parsed)
    _store_reflections(assessment, texts)
    record_audit_event(
        actor=actor, action="simpan_penilaian_mandiri", obj=assessment,
        instansi_id=assessment.instansi_id, summary="Penilaian mandiri disimpan sebagai draf.",
        data={"evaluasi": evaluation.pk, "baru": created},
    )  # fmt: skip
    return assessment


def _store_claims(
    assessment: SelfAssessment,
    result_ids: set[int],
    parsed: Mapping[int, tuple[Decimal | None, str]],
) -> None:
    """One row per indicator of the evaluation, so a later read needs no outer join."""
    rows = {row.result_id: row for row in assessment.results.all()}
    for pk, (realisasi, bukti) in parsed.items():
        if pk in rows:
            rows[pk].realisasi, rows[pk].bukti = realisasi, bukti
    SelfAssessmentResult.objects.bulk_update(
        [rows[pk] for pk in parsed if pk in rows], ["realisasi", "bukti"]
    )
    SelfAssessmentResult.objects.bulk_create(
        SelfAssessmentResult(
            self_assessment=assessment, result_id=pk,
            realisasi=parsed.get(pk, (None, ""))[0], bukti=parsed.get(pk, (None, ""))[1],
        )
        for pk in sorted(result_ids - rows.keys())
    )  # fmt: skip


def _store_reflections(assessment: SelfAssessment, texts: Mapping[int, str]) -> None:
    rows = {row.nilai: row for row in assessment.behaviours.all()}
    for nilai, text in texts.items():
        if nilai in rows:
            rows[nilai].refleksi = text
    SelfAssessmentBehaviour.objects.bulk_update([rows[n] for n in texts if n in rows], ["refleksi"])
    SelfAssessmentBehaviour.objects.bulk_create(
        SelfAssessmentBehaviour(self_assessment=assessment, nilai=nilai,
                                refleksi=texts.get(nilai, ""))
        for nilai in NILAI
        if nilai not in rows
    )  # fmt: skip


@transaction.atomic
def submit_self_assessment(*, actor: User, evaluation: Evaluation) -> SelfAssessment:
    """Send the self-assessment to the pejabat penilai. Every indicator needs its realisasi
    claim; from then on the employee can no longer change it."""
    evaluation = _locked(evaluation)
    assessment = _check_self(actor, evaluation)
    if assessment is None:
        raise ValidationError("Simpan penilaian mandiri terlebih dahulu sebelum mengirimnya.")
    claimed = set(
        assessment.results.filter(realisasi__isnull=False).values_list("result_id", flat=True)
    )
    open_count = evaluation.results.exclude(pk__in=claimed).count()
    if open_count:
        raise ValidationError(
            f"Klaim realisasi belum diisi untuk {open_count} indikator. Isi semuanya sebelum "
            "mengirim penilaian mandiri."
        )
    assessment.status = StatusPenilaianMandiri.DIKIRIM
    assessment.dikirim_at = timezone.now()
    assessment.save(update_fields=["status", "dikirim_at", "updated_at"])
    record_audit_event(
        actor=actor, action="kirim_penilaian_mandiri", obj=assessment,
        instansi_id=assessment.instansi_id, summary="Penilaian mandiri dikirim ke pejabat penilai.",
        data={"evaluasi": evaluation.pk},
    )  # fmt: skip
    return assessment


# --- 360 input -------------------------------------------------------------------------------


@transaction.atomic
def save_peer_feedback(
    *, actor: User, evaluation: Evaluation, items: Mapping[int, FeedbackItemInput]
) -> PeerFeedback:
    """The actor's 360 input on the evaluated employee, keyed by BerAKHLAK nilai 1..7; a value
    not given keeps what was saved before. The giver may change it while the evaluation is a
    draft; at least one value must carry a rating."""
    evaluation = _locked(evaluation)
    me = roles_for(actor).employee
    if me is None:
        raise PermissionDenied(NO_EMPLOYEE)
    if me.pk == evaluation.employee_id:
        raise PermissionDenied(NOT_SELF)
    relation = access.feedback_relation(actor, evaluation)
    if relation is None:
        raise PermissionDenied(NOT_RELATED)
    if not policy_on(evaluation.instansi_id, today()).masukan_rekan:
        raise PermissionDenied(REKAN_OFF)
    if evaluation.status != StatusEvaluasi.DRAF:
        raise ValidationError(REKAN_CLOSED)
    refuse_if_period_closed(evaluation)
    problems: list[str] = []
    given: dict[int, tuple[str, str]] = {}
    for nilai, item in items.items():
        if nilai not in NILAI:
            problems.append(f"Nilai BerAKHLAK {nilai} tidak dikenal.")
            continue
        if item.rating not in ("", *rules.Rating):
            problems.append(f"{NILAI[nilai]}: penilaian '{item.rating}' tidak dikenal.")
            continue
        try:
            given[nilai] = (item.rating, _text(item.komentar, f"Komentar {NILAI[nilai]}"))
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    feedback = PeerFeedback.objects.filter(evaluation=evaluation, pemberi=me).first()
    rows = {row.nilai: row for row in feedback.items.all()} if feedback is not None else {}
    after = {
        nilai: (rows[nilai].rating, rows[nilai].komentar) if nilai in rows else ("", "")
        for nilai in NILAI
    } | given
    if not any(rating for rating, _ in after.values()):
        raise ValidationError(
            "Pilih penilaian untuk paling sedikit satu nilai BerAKHLAK (di bawah, sesuai, "
            "atau di atas ekspektasi)."
        )
    created = feedback is None
    if feedback is None:
        feedback = PeerFeedback.objects.create(
            instansi_id=evaluation.instansi_id, evaluation=evaluation, pemberi=me,
            hubungan=relation,
        )  # fmt: skip
    else:
        feedback.hubungan = relation
        feedback.save(update_fields=["hubungan", "updated_at"])
    for nilai, (rating, komentar) in after.items():
        if nilai in rows:
            rows[nilai].rating, rows[nilai].komentar = rating, komentar
    PeerFeedbackItem.objects.bulk_update(rows.values(), ["rating", "komentar"])
    PeerFeedbackItem.objects.bulk_create(
        PeerFeedbackItem(feedback=feedback, nilai=nilai, rating=rating, komentar=komentar)
        for nilai, (rating, komentar) in after.items()
        if nilai not in rows
    )
    # Audited on the feedback row (the giver is the actor), not on the evaluation, whose
    # history the penilai and the employee read.
    record_audit_event(
        actor=actor, action="simpan_masukan_360", obj=feedback, instansi_id=feedback.instansi_id,
        summary=f"Masukan 360 ({HubunganMasukan(relation).label.lower()}) disimpan.",
        data={"evaluasi": evaluation.pk, "hubungan": relation, "baru": created},
    )  # fmt: skip
    return feedback
