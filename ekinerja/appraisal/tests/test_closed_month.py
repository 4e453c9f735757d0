"""Evaluations of a period a finalised TPP run has closed (core.ClosedMonth) refuse every
write with the Indonesian message until the month is reopened. On 6 April 2026 Budi evaluates
Ani's March (monthly cycle); Intan is her colleague, Eka her atasan pejabat penilai."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ekinerja.appraisal import services, services_input, services_objection
from ekinerja.appraisal.choices import StatusEvaluasi
from ekinerja.appraisal.models import (
    Evaluation,
    EvaluationResult,
    Objection,
    PeerFeedback,
    SelfAssessment,
)
from ekinerja.appraisal.periods import ANNUAL
from ekinerja.appraisal.services import BehaviourInput, ResultInput
from ekinerja.appraisal.services_annual import open_annual_evaluation
from ekinerja.appraisal.services_input import ClaimInput, FeedbackItemInput
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.appraisal.tests.test_input_setup import NOW, march, switch
from ekinerja.core.closing import closed_message
from ekinerja.core.models import ClosedMonth
from ekinerja.planning.models import Skp

pytestmark = pytest.mark.django_db
S = "sesuai"
MARCH = closed_message(2026, 3)
DECEMBER = closed_message(2026, 12)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def period(personas):
    return make_period(personas)


@pytest.fixture
def draft(personas, period):
    """Ani's March evaluation, opened before the month was closed, with the switches on."""
    switch(personas)
    return march(personas, "ani", "budi", period)


def close(employee, bulan=3) -> ClosedMonth:
    return ClosedMonth.objects.create(
        instansi_id=employee.instansi_id, employee_id=employee.pk, tahun=2026, bulan=bulan,
        run_id=1,
    )  # fmt: skip


def reopen() -> None:
    ClosedMonth.objects.all().delete()


def refused(message: str = MARCH):
    return pytest.raises(ValidationError, match=re.escape(message))


def state(evaluation) -> tuple:
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    results = EvaluationResult.objects.filter(evaluation=evaluation).order_by("pk")
    return (
        evaluation.status, evaluation.predikat, evaluation.saran_hasil,
        list(results.values_list("realisasi", "rating")),
    )  # fmt: skip


def feedback(personas, evaluation):
    return services.record_feedback(
        actor=personas.user("budi"), evaluation=evaluation,
        results={row.pk: ResultInput(realisasi=Decimal(5), rating=S)
                 for row in evaluation.results.all()},
        behaviours={nilai: BehaviourInput(rating=S) for nilai in range(1, 8)},
    )  # fmt: skip


def set_march(personas, evaluation):
    feedback(personas, evaluation)
    return services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil=S, rating_perilaku=S
    )


# --- which months lock which period ----------------------------------------------------------


def test_a_period_is_locked_by_its_own_months_and_the_year_by_december(personas):
    monthly = approved_skp(personas, "ani", make_period(personas))
    assert services.closing_days(monthly, 3) == [dt.date(2026, 3, 1)]
    assert services.closing_days(monthly, ANNUAL) == [dt.date(2026, 12, 1)]
    monthly.period.siklus_evaluasi = "triwulanan"
    assert services.closing_days(monthly, 2) == [dt.date(2026, m, 1) for m in (4, 5, 6)]


# --- the services ----------------------------------------------------------------------------


def test_opening_a_closed_period_is_refused_and_creates_nothing(personas, period):
    switch(personas)
    close(personas.ani)
    with refused():
        march(personas, "ani", "budi", period)
    assert not Evaluation.objects.exists()
    march(personas, "intan", "budi", period)  # another employee
    ani_skp = Skp.objects.get(employee=personas.ani)
    services.open_evaluation(actor=personas.user("budi"), skp=ani_skp, periode_ke=2)  # February
    reopen()
    services.open_evaluation(actor=personas.user("budi"), skp=ani_skp, periode_ke=3)
    assert Evaluation.objects.filter(employee=personas.ani).count() == 2


def test_a_quarter_is_refused_when_any_of_its_months_is_closed(personas):
    skp = approved_skp(personas, "ani", make_period(personas, "triwulanan"))
    close(personas.ani, bulan=2)
    with refused(closed_message(2026, 2)):
        services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=1)
    services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=2)


def test_the_annual_evaluation_is_refused_only_when_december_is_closed(personas):
    skp = approved_skp(personas, "ani", make_period(personas, "triwulanan"))
    set_march(
        personas, services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=4)
    )
    close(personas.ani, bulan=12)
    with refused(DECEMBER):
        open_annual_evaluation(actor=personas.user("budi"), skp=skp)
    assert not Evaluation.objects.filter(periode_ke=ANNUAL).exists()
    reopen()
    close(personas.ani, bulan=11)  # an earlier month of the year does not lock it
    annual = open_annual_evaluation(actor=personas.user("budi"), skp=skp)
    close(personas.ani, bulan=12)
    with refused(DECEMBER):
        services.set_ratings(
            actor=personas.user("budi"), evaluation=annual, rating_hasil=S, rating_perilaku=S
        )


def test_the_penilai_cannot_fill_save_or_set_a_closed_period(personas, draft):
    close(personas.ani)
    before = state(draft)
    with refused():
        feedback(personas, draft)
    with refused():
        services.save_document(
            actor=personas.user("budi"), evaluation=draft, results={}, behaviours={},
            finalise=False,
        )  # fmt: skip
    with refused():
        services.set_ratings(
            actor=personas.user("budi"), evaluation=draft, rating_hasil=S, rating_perilaku=S,
            alasan_hasil="x", alasan_perilaku="y",
        )  # fmt: skip
    assert state(draft) == before
    reopen()
    set_march(personas, draft)
    assert state(draft)[0] == StatusEvaluasi.DITETAPKAN


def test_acknowledging_and_objecting_are_refused(personas, draft):
    set_march(personas, draft)
    close(personas.ani)
    with refused():
        services.acknowledge(actor=personas.user("ani"), evaluation=draft)
    with refused():
        services_objection.file_objection(actor=personas.user("ani"), evaluation=draft, alasan="x")
    assert state(draft)[0] == StatusEvaluasi.DITETAPKAN and not Objection.objects.exists()
    reopen()
    services.acknowledge(actor=personas.user("ani"), evaluation=draft)
    assert state(draft)[0] == StatusEvaluasi.DITERIMA


def test_deciding_an_objection_is_refused(personas, draft):
    set_march(personas, draft)
    objection = services_objection.file_objection(
        actor=personas.user("ani"), evaluation=draft, alasan="Target tercapai."
    )
    close(personas.ani)
    with refused():
        services_objection.decide_objection(
            actor=personas.user("eka"), objection=objection, alasan="Bukti lengkap",
            rating_hasil="di_atas",
        )  # fmt: skip
    objection.refresh_from_db()
    assert objection.status == "diajukan" and state(draft)[0] == StatusEvaluasi.KEBERATAN
    reopen()
    services_objection.decide_objection(
        actor=personas.user("eka"), objection=objection, alasan="Bukti lengkap"
    )
    assert state(draft)[0] == StatusEvaluasi.DIPUTUS


def test_self_assessment_and_360_input_are_refused(personas, draft):
    close(personas.ani)
    claims = {pk: ClaimInput("2") for pk in draft.results.values_list("pk", flat=True)}
    with refused():
        services_input.save_self_assessment(
            actor=personas.user("ani"), evaluation=draft, claims=claims
        )
    with refused():
        services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=draft)
    with refused():
        services_input.save_peer_feedback(
            actor=personas.user("intan"), evaluation=draft, items={1: FeedbackItemInput(S)}
        )
    assert not SelfAssessment.objects.exists() and not PeerFeedback.objects.exists()
    reopen()
    services_input.save_self_assessment(actor=personas.user("ani"), evaluation=draft, claims=claims)
    services_input.save_peer_feedback(
        actor=personas.user("intan"), evaluation=draft, items={1: FeedbackItemInput(S)}
    )


def test_another_employees_closed_month_does_not_lock_this_evaluation(personas, draft):
    close(personas.intan)
    close(personas.ani, bulan=2)
    set_march(personas, draft)
    services.acknowledge(actor=personas.user("ani"), evaluation=draft)


# --- what the user sees ------------------------------------------------------------------------


def form_data(evaluation) -> dict:
    data = {"aksi": "tetapkan"}
    for row in evaluation.results.all():
        data[f"r{row.pk}-realisasi"], data[f"r{row.pk}-rating"] = "1", S
    for nilai in range(1, 8):
        data[f"b{nilai}-rating"] = S
    return data


def test_the_document_form_answers_400_with_the_message(personas, draft, login):
    close(personas.ani)
    response = login(personas.user("budi")).post(
        reverse("evaluation-save", args=[draft.pk]), form_data(draft)
    )
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert state(draft)[0] == StatusEvaluasi.DRAF


def test_opening_from_the_sheet_answers_400_with_the_message(personas, period, login):
    approved_skp(personas, "ani", period)
    close(personas.ani)
    response = login(personas.user("budi")).post(
        reverse("evaluation-open"), {"tahun": 2026, "periode": "3", "pegawai": personas.ani.pk}
    )
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_employee_and_the_atasan_get_400_with_the_message(personas, draft, login):
    set_march(personas, draft)
    close(personas.ani)
    ani = login(personas.user("ani"))
    for name, data in (("evaluation-acknowledge", {}), ("evaluation-object", {"alasan": "x"})):
        response = ani.post(reverse(name, args=[draft.pk]), data)
        assert response.status_code == 400 and MARCH in response.content.decode()
    reopen()
    services_objection.file_objection(actor=personas.user("ani"), evaluation=draft, alasan="x")
    close(personas.ani)
    decision = {"keputusan": "pertahankan", "alasan": "Sudah sesuai"}
    response = login(personas.user("eka")).post(
        reverse("evaluation-decide", args=[draft.pk]), decision
    )
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert state(draft)[0] == StatusEvaluasi.KEBERATAN


def test_the_input_forms_answer_400_with_the_message(personas, draft, login):
    close(personas.ani)
    data = {"aksi": "simpan", "catatan": "Catatan"}
    for pk in draft.results.values_list("pk", flat=True):
        data[f"realisasi_{pk}"] = "2"
    mine = login(personas.user("ani")).post(reverse("self-assessment-form", args=[draft.pk]), data)
    assert mine.status_code == 400 and MARCH in mine.content.decode()
    given = login(personas.user("intan")).post(
        reverse("peer-feedback-form", args=[draft.pk]), {"rating_1": S}
    )
    assert given.status_code == 400 and MARCH in given.content.decode()
    assert not SelfAssessment.objects.exists() and not PeerFeedback.objects.exists()
