"""Reads of the self-assessment and 360 input: what the penilai sees (aggregated, without
names), the 360 requests of a colleague or subordinate, and the employee's own list; each in
the same number of queries for one row as for many."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string

from ekinerja.appraisal import selectors_input, services, services_input
from ekinerja.appraisal.models import AppraisalPolicy
from ekinerja.appraisal.services_input import ClaimInput, FeedbackItemInput
from ekinerja.appraisal.tests.helpers import make_period
from ekinerja.appraisal.tests.test_input_setup import NOW, colleague, march, switch
from ekinerja.people.access import roles_for

pytestmark = [pytest.mark.django_db]
A, S, B = "di_atas", "sesuai", "di_bawah"


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def period(personas):
    switch(personas)
    return make_period(personas)


def give(user, evaluation, ratings: dict[int, str], komentar: dict[int, str] | None = None):
    komentar = komentar or {}
    items = {
        nilai: FeedbackItemInput(ratings.get(nilai, ""), komentar.get(nilai, ""))
        for nilai in set(ratings) | set(komentar)
    }
    return services_input.save_peer_feedback(actor=user, evaluation=evaluation, items=items)


def send_self(personas, evaluation, refleksi: str = "Saya melayani dengan cepat"):
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=evaluation,
        claims={pk: ClaimInput("2", f"Bukti {pk}") for pk in
                evaluation.results.values_list("pk", flat=True)},
        reflections={1: refleksi}, catatan="Catatan Ani",
    )  # fmt: skip
    services_input.submit_self_assessment(actor=personas.user("ani"), evaluation=evaluation)


# --- the penilai's view ----------------------------------------------------------------------


def test_the_penilai_sees_counts_and_comments_without_names(personas, period):
    evaluation = march(personas, "ani", "budi", period)
    other = colleague(personas)
    give(personas.user("intan"), evaluation, {1: A, 2: S}, {1: "Zaman sekarang cepat", 2: "Teliti"})
    give(other.user, evaluation, {1: A, 2: B}, {1: "apik sekali"})
    inputs = selectors_input.inputs_for_penilai(evaluation)
    assert inputs and inputs.pemberi == 2
    first, second, third = inputs.values[:3]
    assert (first.di_atas, first.sesuai, first.di_bawah, first.saran) == (2, 0, 0, A)
    assert (second.di_atas, second.sesuai, second.di_bawah, second.dinilai) == (0, 1, 1, 2)
    assert third.dinilai == 0 and third.saran is None
    # Sorted by text, not by who wrote first.
    assert first.komentar == ("apik sekali", "Zaman sekarang cepat")
    # Nothing in what the penilai receives names or identifies a giver.
    text = repr(inputs)
    for giver in (personas.intan, other):
        assert giver.nama not in text and giver.nip not in text
    assert "pemberi_id" not in text and "feedback_id" not in text
    # The self-assessment is not shown while it is a draft.
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=evaluation, catatan="Masih draf"
    )
    assert not selectors_input.inputs_for_penilai(evaluation).mandiri_dikirim


def test_the_sent_self_assessment_is_shown_per_indicator_and_value(personas, period):
    evaluation = march(personas, "ani", "budi", period, indicators=2)
    send_self(personas, evaluation)
    inputs = selectors_input.inputs_for_penilai(evaluation)
    assert inputs.mandiri_dikirim and inputs.catatan == "Catatan Ani"
    assert [(r.indikator, str(r.klaim)) for r in inputs.results] == [
        ("Indikator 1", "2.00"),
        ("Indikator 2", "2.00"),
    ]
    assert inputs.values[0].refleksi == "Saya melayani dengan cepat" and inputs.refleksi_ada
    html = render_to_string("appraisal/input/_for_penilai.html", {"inputs": inputs})
    assert "Indikator 2" in html and "Saya melayani dengan cepat" in html
    assert "Pegawai belum mengirim" not in html


def test_nothing_to_show_when_both_switches_are_off(personas):
    period = make_period(personas)  # no policy row
    evaluation = march(personas, "ani", "budi", period)
    assert not selectors_input.inputs_for_penilai(evaluation)


def test_the_partial_renders_the_aggregate_without_names(personas, period):
    AppraisalPolicy.objects.update(minimal_pemberi_360=1)  # a region that accepts one giver
    evaluation = march(personas, "ani", "budi", period)
    give(personas.user("intan"), evaluation, {4: B}, {4: "Kurang menghargai pendapat"})
    html = render_to_string(
        "appraisal/input/_for_penilai.html",
        {"inputs": selectors_input.inputs_for_penilai(evaluation)},
    )
    assert "Kurang menghargai pendapat" in html and "1 rekan/bawahan" in html
    assert "Pegawai belum mengirim penilaian mandiri" in html
    assert personas.intan.nama not in html


@pytest.mark.parametrize("many", [False, True])
def test_the_penilai_view_takes_a_fixed_number_of_queries(
    personas, period, django_assert_num_queries, many
):
    evaluation = march(personas, "ani", "budi", period, indicators=5 if many else 1)
    givers = [personas.intan, *(colleague(personas) for _ in range(3 if many else 0))]
    for giver in givers:
        give(giver.user, evaluation, dict.fromkeys(range(1, 8), S), {1: f"Komentar {giver.pk}"})
    send_self(personas, evaluation)
    with django_assert_num_queries(6):
        inputs = selectors_input.inputs_for_penilai(evaluation)
    assert inputs.pemberi == len(givers) and len(inputs.results) == (5 if many else 1)


# --- the 360 requests ------------------------------------------------------------------------


def test_requests_of_a_colleague_and_a_subordinate(personas, period):
    ani = march(personas, "ani", "budi", period)
    budi = march(personas, "budi", "eka", period)
    intan = personas.user("intan")
    rows = selectors_input.feedback_requests(intan, dt.date(2026, 4, 6))
    assert [(r.evaluation, r.hubungan, r.periode, r.sudah_diisi) for r in rows] == [
        (ani, "rekan", "Maret 2026", False),
        (budi, "bawahan", "Maret 2026", False),
    ]
    give(intan, ani, {1: S})
    rows = selectors_input.feedback_requests(intan, dt.date(2026, 4, 6))
    assert [r.sudah_diisi for r in rows] == [True, False]
    # Ani is not asked about herself; Budi is the penilai, not a colleague; Eka's staff are
    # not asked about Ani.
    rows = selectors_input.feedback_requests(personas.user("ani"), NOW.date())
    assert [r.evaluation for r in rows] == [budi]
    for who in ("budi", "eka", "dodi", "citra", "stranger"):
        assert selectors_input.feedback_requests(personas.user(who), NOW.date()) == []
    # A set evaluation leaves the list.
    services.set_ratings(actor=personas.user("budi"), evaluation=ani, rating_hasil=S,
                         rating_perilaku=S)  # fmt: skip
    assert [r.evaluation for r in selectors_input.feedback_requests(intan, NOW.date())] == [budi]


def test_no_requests_with_the_switch_off(personas):
    switch(personas, rekan=False)
    period = make_period(personas)
    march(personas, "ani", "budi", period)
    assert selectors_input.feedback_requests(personas.user("intan"), NOW.date()) == []


def test_requests_of_several_periods(personas, period):
    """Each evaluated period takes colleagues on its own last day."""
    february = march(personas, "ani", "budi", period, periode_ke=2)
    newcomer = colleague(personas, mulai=dt.date(2026, 3, 1))
    skp = february.skp
    march_evaluation = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=3)
    rows = selectors_input.feedback_requests(newcomer.user, NOW.date())
    assert [r.evaluation for r in rows] == [march_evaluation]
    rows = selectors_input.feedback_requests(personas.user("intan"), NOW.date())
    assert [r.periode for r in rows] == ["Februari 2026", "Maret 2026"]


@pytest.mark.parametrize("many", [False, True])
def test_requests_take_a_fixed_number_of_queries(personas, period, django_assert_num_queries, many):
    march(personas, "ani", "budi", period)
    if many:
        for number in range(4):
            colleague(personas, attr=f"rekan{number}")
            march(personas, f"rekan{number}", "budi", period)
        march(personas, "budi", "eka", period)
    intan = personas.user("intan")
    roles_for(intan)
    with django_assert_num_queries(10):
        rows = selectors_input.feedback_requests(intan, NOW.date())
    assert len(rows) == (6 if many else 1)


# --- the employee's own list -----------------------------------------------------------------


def test_my_self_assessments(personas, period):
    february = march(personas, "ani", "budi", period, periode_ke=2)
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=february, catatan="Draf Februari"
    )
    services.set_ratings(actor=personas.user("budi"), evaluation=february, rating_hasil=S,
                         rating_perilaku=S)  # fmt: skip
    march_evaluation = services.open_evaluation(
        actor=personas.user("budi"), skp=february.skp, periode_ke=3
    )
    rows = selectors_input.my_self_assessments(personas.user("ani"))
    assert [(r.evaluation, r.periode, r.status, r.dapat_diisi) for r in rows] == [
        (march_evaluation, "Maret 2026", "", True),
        (february, "Februari 2026", "draf", False),  # set: closed, but still readable
    ]
    assert selectors_input.my_self_assessments(personas.user("intan")) == []


@pytest.mark.parametrize("many", [False, True])
def test_my_list_takes_a_fixed_number_of_queries(personas, period, django_assert_num_queries, many):
    evaluation = march(personas, "ani", "budi", period, periode_ke=1)
    for k in range(2, 7 if many else 2):
        services.open_evaluation(actor=personas.user("budi"), skp=evaluation.skp, periode_ke=k)
    services_input.save_self_assessment(
        actor=personas.user("ani"), evaluation=evaluation, catatan="x"
    )
    ani = personas.user("ani")
    roles_for(ani)
    with django_assert_num_queries(2):
        rows = selectors_input.my_self_assessments(ani)
    assert len(rows) == (6 if many else 1)


def test_below_the_regions_minimum_of_givers_the_360_is_withheld(personas, period):
    AppraisalPolicy.objects.update(minimal_pemberi_360=3)
    evaluation = march(personas, "ani", "budi", period)
    give(personas.user("intan"), evaluation, {1: A, 2: S}, {1: "Cepat", 2: "Teliti"})
    give(colleague(personas).user, evaluation, {1: A}, {1: "Rapi"})
    inputs = selectors_input.inputs_for_penilai(evaluation)
    assert inputs.pemberi == 2 and inputs.ditahan
    assert all(v.dinilai == 0 and not v.komentar for v in inputs.values)
    html = render_to_string("appraisal/input/_for_penilai.html", {"inputs": inputs})
    assert "paling sedikit 3 orang" in html and "Cepat" not in html
