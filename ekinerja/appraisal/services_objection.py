"""The keberatan: the employee objects to a set evaluation instead of accepting it; the atasan
pejabat penilai upholds the predikat or sets other ratings, with a reason. Nobody else can
change a predikat once it is set, and every step is audited with the before and after."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for
from ekinerja.people.models import User

from . import access, rules
from .choices import StatusEvaluasi, StatusKeberatan
from .models import Evaluation, Objection
from .services import refuse_if_period_closed


@transaction.atomic
def file_objection(*, actor: User, evaluation: Evaluation, alasan: str) -> Objection:
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not access.is_evaluated_employee(actor, evaluation):
        raise PermissionDenied("Hanya pegawai yang dievaluasi yang dapat mengajukan keberatan.")
    if evaluation.status != StatusEvaluasi.DITETAPKAN:
        raise ValidationError(
            "Keberatan hanya dapat diajukan atas evaluasi yang sudah ditetapkan dan belum diterima."
        )
    refuse_if_period_closed(evaluation)
    if not alasan.strip():
        raise ValidationError("Tuliskan alasan keberatan.")
    objection = Objection.objects.create(
        instansi_id=evaluation.instansi_id, evaluation=evaluation, alasan=alasan.strip(),
        predikat_semula=evaluation.predikat,
    )  # fmt: skip
    evaluation.status = StatusEvaluasi.KEBERATAN
    evaluation.save(update_fields=["status", "updated_at"])
    record_audit_event(
        actor=actor, action="ajukan_keberatan", obj=objection, instansi_id=objection.instansi_id,
        summary=f"Keberatan atas predikat {rules.Predikat(evaluation.predikat).label}.",
        data={"alasan": objection.alasan},
    )  # fmt: skip
    return objection


@transaction.atomic
def decide_objection(
    *,
    actor: User,
    objection: Objection,
    alasan: str,
    rating_hasil: str | None = None,
    rating_perilaku: str | None = None,
) -> Objection:
    """Without new ratings the predikat is upheld; with them the predikat becomes their
    matrix cell. Either way the reason is required and the decision is final."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    evaluation = (
        Evaluation.objects.select_for_update()
        .select_related("employee")
        .get(pk=objection.evaluation_id)
    )
    if not access.is_current_atasan_penilai(actor, evaluation.employee):
        raise PermissionDenied("Keberatan diputus oleh atasan pejabat penilai.")
    if objection.status != StatusKeberatan.DIAJUKAN:
        raise ValidationError("Keberatan ini sudah diputus.")
    refuse_if_period_closed(evaluation)
    if not alasan.strip():
        raise ValidationError("Tuliskan alasan keputusan atas keberatan.")
    before = evaluation.predikat
    if rating_hasil or rating_perilaku:
        try:
            hasil = rules.Rating(rating_hasil or evaluation.rating_hasil)
            perilaku = rules.Rating(rating_perilaku or evaluation.rating_perilaku)
        except ValueError as error:
            raise ValidationError("Rating yang dipilih tidak dikenal.") from error
        evaluation.rating_hasil, evaluation.rating_perilaku = hasil.value, perilaku.value
        evaluation.predikat = rules.predikat(hasil, perilaku).value
    changed = evaluation.predikat != before
    objection.status = StatusKeberatan.DIUBAH if changed else StatusKeberatan.DIPERTAHANKAN
    objection.pemutus = roles_for(actor).employee
    objection.alasan_keputusan = alasan.strip()
    objection.predikat_akhir = evaluation.predikat
    objection.diputus_at = timezone.now()
    objection.save()
    evaluation.status = StatusEvaluasi.DIPUTUS
    evaluation.save(update_fields=["rating_hasil", "rating_perilaku", "predikat", "status",
                                   "updated_at"])  # fmt: skip
    record_audit_event(
        actor=actor, action="putus_keberatan", obj=objection, instansi_id=objection.instansi_id,
        summary=f"Keberatan {objection.get_status_display().lower()}: "
        f"{rules.Predikat(before).label} menjadi {rules.Predikat(evaluation.predikat).label}.",
        data={"sebelum": before, "sesudah": evaluation.predikat,
              "alasan": objection.alasan_keputusan},
    )  # fmt: skip
    return objection
