"""Self-assessment and 360 input: the services and who may do what, with personas. Ani's
March evaluation is opened by Budi; Intan is her colleague; Ani and Intan are Budi's
subordinates; Eka is Budi's penilai and Ani's atasan penilai."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.appraisal import access, services, services_input
from ekinerja.appraisal.models import (
    AppraisalPolicy,
    PeerFeedback,
    PeerFeedbackItem,
    SelfAssessment,
    SelfAssessmentResult,
)
from ekinerja.appraisal.services_annual import open_annual_evaluation
from ekinerja.appraisal.services_input import ClaimInput, FeedbackItemInput
from ekinerja.appraisal.services_objection import file_objection
from ekinerja.appraisal.tests.helpers import make_period
from ekinerja.appraisal.tests.test_input_setup import NOW, colleague, march, switch
from ekinerja.core.models import AuditEvent

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def period(personas):
    return make_period(personas)


@pytest.fixture
def ani_march(personas, period):
    switch(personas)
    return march(personas, "ani", "budi", period)


@pytest.fixture
def budi_march(personas, period, ani_march):
    return march(personas, "budi", "eka", period)


def result_ids(evaluation) -> list[int]:
    return list(evaluation.results.order_by("id").values_list("pk", flat=True))


def save_self(personas, evaluation, who="ani", **kwargs):
    first, second = result_ids(evaluation)
    values = {
        "claims": {first: ClaimInput("3,5", "Laporan di folder bersama"), second: ClaimInput("2")},
        "reflections": {1: "Melayani permintaan data puskesmas", 7: "Rapat lintas seksi"},
        "catatan": "Bulan yang padat.",
    }
    values.update(kwargs)
    return services_input.save_self_assessment(
        actor=personas.user(who), evaluation=evaluation, **values
    )


def give(personas, evaluation, who="intan", items=None):
    if items is None:
        items = {1: FeedbackItemInput("di_atas", "Cepat membantu"), 2: FeedbackItemInput("sesuai")}
    return services_input.save_peer_feedback(
        actor=personas.user(who), evaluation=evaluation, items=items
    )


def set_ratings(personas, evaluation):
    return services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil="sesuai",
        rating_perilaku="sesuai",
    )  # fmt: skip


# --- self-assessment -------------------------------------------------------------------------


def test_the_employee_saves_and_sends_a_self_assessment(personas, ani_march):
    assessment = save_self(personas, ani_march)
    first, second = result_ids(ani_march)
    claims = dict(assessment.results.values_list("result_id", "realisasi"))
    assert claims == {first: Decimal("3.50"), second: Decimal("2.00")}
    reflections = dict(assessment.behaviours.values_list("nilai", "refleksi"))
    assert len(reflections) == 7 and reflections[1].startswith("Melayani") and reflections[3] == ""
    assert (assessment.status, assessment.catatan) == ("draf", "Bulan yang padat.")

    sent = services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=ani_march)
    assert (sent.status, sent.dikirim_at is not None) == ("dikirim", True)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "object_type"))
    assert actions[-2:] == [
        ("simpan_penilaian_mandiri", "appraisal.selfassessment"),
        ("kirim_penilaian_mandiri", "appraisal.selfassessment"),
    ]
    with pytest.raises(ValidationError, match="sudah dikirim"):
        save_self(personas, ani_march, catatan="Ubah")
    with pytest.raises(ValidationError, match="sudah dikirim"):
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=ani_march)


def test_a_later_save_keeps_what_it_does_not_mention(personas, ani_march):
    save_self(personas, ani_march)
    first, second = result_ids(ani_march)
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=ani_march, claims={second: ClaimInput("", "")},
        reflections={7: ""},
    )  # fmt: skip
    assessment = SelfAssessment.objects.get(evaluation=ani_march)
    assert dict(assessment.results.values_list("result_id", "realisasi")) == {
        first: Decimal("3.50"),
        second: None,
    }
    assert assessment.catatan == "Bulan yang padat."
    assert dict(assessment.behaviours.values_list("nilai", "refleksi"))[7] == ""


def test_sending_needs_every_claim_and_a_saved_draft(personas, ani_march):
    with pytest.raises(ValidationError, match="Simpan penilaian mandiri"):
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=ani_march)
    first, _ = result_ids(ani_march)
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=ani_march, claims={first: ClaimInput("1")}
    )
    with pytest.raises(ValidationError, match="belum diisi untuk 1 indikator"):
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=ani_march)
    assert SelfAssessment.objects.get(evaluation=ani_march).status == "draf"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"claims": {"first": ClaimInput("-1")}}, "tidak negatif"),
        ({"claims": {"first": ClaimInput("dua")}}, "harus berupa angka"),
        ({"claims": {"first": ClaimInput("1,234")}}, "2 angka di belakang koma"),
        ({"claims": {"first": ClaimInput("1", "x" * 2001)}}, "paling panjang 2000"),
        ({"claims": {0: ClaimInput("1")}}, "bukan bagian dari evaluasi ini"),
        ({"reflections": {9: "x"}}, "tidak dikenal"),
        ({"reflections": {2: "x" * 2001}}, "Refleksi Akuntabel paling panjang"),
        ({"catatan": "x" * 5001}, "Catatan umum paling panjang"),
    ],
)
def test_bad_input_changes_nothing(personas, ani_march, change, message):
    first, _ = result_ids(ani_march)
    save_self(personas, ani_march)
    before = list(SelfAssessmentResult.objects.order_by("id").values_list("realisasi", "bukti"))
    events = AuditEvent.objects.count()
    if "claims" in change:
        change = {"claims": {first if k == "first" else k: v for k, v in change["claims"].items()}}
    with pytest.raises(ValidationError, match=message):
        # A valid claim next to the bad one is not written either.
        services_input.save_self_assessment(
            actor=personas.user("ani"), evaluation=ani_march,
            **({"claims": {first: ClaimInput("9")}} | change),
        )  # fmt: skip
    assert list(SelfAssessmentResult.objects.order_by("id").values_list("realisasi", "bukti")) == (
        before
    )
    assert AuditEvent.objects.count() == events


def test_every_problem_is_reported_at_once(personas, ani_march):
    first, second = result_ids(ani_march)
    with pytest.raises(ValidationError) as caught:
        services_input.save_self_assessment(
            actor=personas.user("ani"), evaluation=ani_march,
            claims={first: ClaimInput("-1"), second: ClaimInput("x")}, reflections={8: "?"},
        )  # fmt: skip
    assert len(caught.value.messages) == 3
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize("who", ["budi", "intan", "eka", "citra", "fajar", "dodi", "stranger"])
def test_only_the_evaluated_employee_writes_it(personas, ani_march, who):
    with pytest.raises(PermissionDenied, match="Hanya pegawai yang dievaluasi"):
        save_self(personas, ani_march, who=who)
    assert not access.can_self_assess(personas.user(who), ani_march)
    assert not SelfAssessment.objects.exists()


def test_the_switch_off_refuses_it(personas, period):
    evaluation = march(personas, "ani", "budi", period)  # no policy row: both switches off
    assert not access.can_self_assess(personas.user("ani"), evaluation)
    with pytest.raises(PermissionDenied, match="Penilaian mandiri tidak diaktifkan"):
        save_self(personas, evaluation)
    AppraisalPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), masukan_rekan=True
    )
    with pytest.raises(PermissionDenied, match="Penilaian mandiri tidak diaktifkan"):
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=evaluation)
    assert not SelfAssessment.objects.exists()


def test_a_set_evaluation_closes_it(personas, ani_march):
    assert access.can_self_assess(personas.user("ani"), ani_march)
    save_self(personas, ani_march)
    set_ratings(personas, ani_march)
    ani_march.refresh_from_db()
    assert not access.can_self_assess(personas.user("ani"), ani_march)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        save_self(personas, ani_march)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=ani_march)


# --- 360 input -------------------------------------------------------------------------------


def test_a_colleague_gives_and_changes_360_input(personas, ani_march):
    feedback = give(personas, ani_march)
    assert (feedback.pemberi, feedback.hubungan) == (personas.intan, "rekan")
    items = dict(feedback.items.values_list("nilai", "rating"))
    assert len(items) == 7 and (items[1], items[2], items[3]) == ("di_atas", "sesuai", "")
    give(personas, ani_march, items={2: FeedbackItemInput("di_bawah", "Sering terlambat")})
    assert PeerFeedback.objects.count() == 1  # one per giver and evaluation
    rows = dict(PeerFeedbackItem.objects.values_list("nilai", "rating"))
    assert (rows[1], rows[2]) == ("di_atas", "di_bawah")
    # Audited on the feedback row, never on the evaluation whose history others read.
    events = AuditEvent.objects.filter(action="simpan_masukan_360")
    assert {e.object_type for e in events} == {"appraisal.peerfeedback"}
    assert not AuditEvent.objects.filter(
        object_type="appraisal.evaluation", action__contains="360"
    ).exists()


def test_subordinates_give_360_input_to_their_penilai(personas, budi_march):
    for who in ("ani", "intan"):
        assert access.feedback_relation(personas.user(who), budi_march) == "bawahan"
        assert access.can_give_feedback(personas.user(who), budi_march)
        assert give(personas, budi_march, who=who).hubungan == "bawahan"
    assert PeerFeedback.objects.filter(evaluation=budi_march).count() == 2


@pytest.mark.parametrize(
    "who, message",
    [
        ("ani", "diri sendiri"),
        ("budi", "rekan kerja"),  # the penilai is neither a colleague nor a subordinate
        ("eka", "rekan kerja"),
        ("kadinkes", "rekan kerja"),
        ("citra", "rekan kerja"),
        ("fajar", "rekan kerja"),
        ("dodi", "rekan kerja"),
        ("stranger", "rekan kerja"),
    ],
)
def test_nobody_else_gives_360_input(personas, ani_march, who, message):
    assert not access.can_give_feedback(personas.user(who), ani_march)
    with pytest.raises(PermissionDenied, match=message):
        give(personas, ani_march, who=who)
    assert not PeerFeedback.objects.exists()


def test_the_360_switch_off_refuses_it(personas, period):
    switch(personas, rekan=False)
    evaluation = march(personas, "ani", "budi", period)
    assert access.feedback_relation(personas.user("intan"), evaluation) == "rekan"
    assert not access.can_give_feedback(personas.user("intan"), evaluation)
    with pytest.raises(PermissionDenied, match=r"Masukan rekan dan bawahan \(360\) tidak"):
        give(personas, evaluation)
    assert not PeerFeedback.objects.exists()


def test_a_set_evaluation_takes_no_more_360_input(personas, ani_march):
    give(personas, ani_march)
    set_ratings(personas, ani_march)
    ani_march.refresh_from_db()
    assert not access.can_give_feedback(personas.user("intan"), ani_march)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        give(personas, ani_march, items={3: FeedbackItemInput("di_atas")})
    assert PeerFeedbackItem.objects.get(nilai=3).rating == ""


@pytest.mark.parametrize(
    "items, message",
    [
        ({1: FeedbackItemInput("luar_biasa")}, "tidak dikenal"),
        ({8: FeedbackItemInput("sesuai")}, "Nilai BerAKHLAK 8 tidak dikenal"),
        ({1: FeedbackItemInput("sesuai", "x" * 2001)}, "Komentar Berorientasi Pelayanan"),
        ({1: FeedbackItemInput("", "Hanya komentar")}, "paling sedikit satu"),
        ({}, "paling sedikit satu"),
    ],
)
def test_bad_360_input_changes_nothing(personas, ani_march, items, message):
    with pytest.raises(ValidationError, match=message):
        give(personas, ani_march, items=items)
    assert not PeerFeedback.objects.exists()
    assert not AuditEvent.objects.filter(action="simpan_masukan_360").exists()


def test_360_givers_are_taken_on_the_last_day_of_the_period(personas, period):
    """A colleague who joined on 1 April did not work with Ani in March; one who left at the
    end of March did, and may still say so in April."""
    switch(personas)
    newcomer = colleague(personas, mulai=dt.date(2026, 4, 1))
    leaver = colleague(personas, selesai=dt.date(2026, 3, 31))
    evaluation = march(personas, "ani", "budi", period)
    assert not access.can_give_feedback(newcomer.user, evaluation)
    assert access.feedback_relation(leaver.user, evaluation) == "rekan"
    with pytest.raises(PermissionDenied, match="rekan kerja"):
        services_input.save_peer_feedback(
            actor=newcomer.user, evaluation=evaluation, items={1: FeedbackItemInput("sesuai")}
        )
    feedback = services_input.save_peer_feedback(
        actor=leaver.user, evaluation=evaluation, items={1: FeedbackItemInput("sesuai")}
    )
    assert feedback.hubungan == "rekan"


# --- reading the inputs ----------------------------------------------------------------------


def test_the_penilai_reads_the_inputs_and_the_atasan_once_objected(personas, ani_march):
    readers = ["budi"]
    for who in ("budi", "eka", "ani", "intan", "citra", "kadinkes", "dodi"):
        assert access.can_read_inputs(personas.user(who), ani_march) is (who in readers)
    evaluation = set_ratings(personas, ani_march)
    file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Tidak sesuai")
    evaluation.refresh_from_db()
    for who in ("budi", "eka", "ani", "intan", "citra"):
        assert access.can_read_inputs(personas.user(who), evaluation) is (who == "eka")


def test_the_annual_evaluation_takes_inputs_too(personas, ani_march):
    set_ratings(personas, ani_march)
    annual = open_annual_evaluation(actor=personas.user("budi"), skp=ani_march.skp)
    assert access.can_self_assess(personas.user("ani"), annual)
    save_self(personas, annual)
    services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=annual)
    # Colleagues are taken on the last day of the year (or today, if earlier).
    assert give(personas, annual).hubungan == "rekan"
