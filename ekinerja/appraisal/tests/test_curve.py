"""Organisational predikat and the distribution curve, with personas: Seksi Surveilans is
headed by Budi (evaluated by Eka) and staffed by Ani and Intan; Citra is admin BKPSDM."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.appraisal import selectors, services
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
from ekinerja.appraisal.models import AppraisalPolicy, Evaluation, UnitPredikat
from ekinerja.appraisal.rules import Predikat, PredikatOrganisasi
from ekinerja.appraisal.services_unit import set_unit_predikat
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.core.models import AuditEvent

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0), tick=False):
        yield


@pytest.fixture
def period(personas):
    return make_period(personas)


@pytest.fixture
def skps(personas, period):
    return {who: approved_skp(personas, who, period) for who in ("budi", "ani", "intan")}


def set_evaluation(skp, predikat: str, periode_ke=3) -> Evaluation:
    return Evaluation.objects.create(
        instansi_id=skp.instansi_id, skp=skp, employee_id=skp.employee_id,
        jenis=JenisEvaluasi.PERIODIK, periode_ke=periode_ke, status=StatusEvaluasi.DITETAPKAN,
        rating_hasil="sesuai", rating_perilaku="sesuai", predikat=predikat,
    )  # fmt: skip


def unit_predikat(personas, period, predikat, unit="surveilans", periode_ke=3):
    return set_unit_predikat(
        actor=personas.user("citra"), unit=personas.units[unit], period=period,
        periode_ke=periode_ke, predikat=predikat, alasan="Capaian IKU 95%",
    )  # fmt: skip


@pytest.mark.parametrize("who", ["eka", "citra"])
def test_the_heads_penilai_or_bkpsdm_set_the_organisational_predikat(personas, period, who):
    row = set_unit_predikat(
        actor=personas.user(who), unit=personas.units["surveilans"], period=period,
        periode_ke=3, predikat="baik", alasan="Capaian IKU 92%",
    )  # fmt: skip
    assert (row.predikat, row.ditetapkan_oleh) == ("baik", personas.user(who))
    assert AuditEvent.objects.filter(action="tetapkan_predikat_organisasi").count() == 1


@pytest.mark.parametrize("who", ["budi", "ani", "kadisdik", "stranger"])
def test_others_may_not_set_it(personas, period, who):
    with pytest.raises(PermissionDenied):
        set_unit_predikat(
            actor=personas.user(who), unit=personas.units["surveilans"], period=period,
            periode_ke=3, predikat="istimewa", alasan="Saya sendiri",
        )  # fmt: skip
    assert not UnitPredikat.objects.exists()


@pytest.mark.parametrize(
    ("predikat", "alasan", "periode_ke", "message"),
    [
        ("luar_biasa", "x", 3, "Pilih predikat kinerja organisasi"),
        ("baik", "  ", 3, "Tuliskan dasar penetapan"),
        ("baik", "x", 13, "Periode evaluasi harus 1 sampai 12"),
    ],
)
def test_bad_input_is_refused(personas, period, predikat, alasan, periode_ke, message):
    with pytest.raises(ValidationError, match=message):
        set_unit_predikat(
            actor=personas.user("citra"), unit=personas.units["surveilans"], period=period,
            periode_ke=periode_ke, predikat=predikat, alasan=alasan,
        )  # fmt: skip
    assert not UnitPredikat.objects.exists()


def test_setting_again_replaces_it(personas, period):
    unit_predikat(personas, period, "baik")
    unit_predikat(personas, period, "istimewa")
    assert list(UnitPredikat.objects.values_list("predikat", flat=True)) == ["istimewa"]


def test_the_report_counts_the_subtree_and_names_what_breaks(personas, period, skps):
    unit_predikat(personas, period, "baik")  # the seksi
    unit_predikat(personas, period, "istimewa", unit="dinkes")  # the dinas above it
    set_evaluation(skps["ani"], "baik")
    set_evaluation(skps["intan"], "baik")
    draft = set_evaluation(skps["budi"], "sangat_baik")
    Evaluation.objects.filter(pk=draft.pk).update(status=StatusEvaluasi.DRAF)  # not counted
    rows = {row.unit_nama: row for row in selectors.curve_report(period, 3)}
    seksi, dinas = rows["Seksi Surveilans"], rows["Dinas Kesehatan"]
    assert (seksi.pegawai, seksi.dinilai, seksi.counts) == (3, 2, {Predikat.BAIK: 2})
    assert [f.check.text for f in seksi.findings] == [
        "harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang"
    ]
    assert dinas.predikat_organisasi is PredikatOrganisasi.ISTIMEWA
    assert (dinas.dinilai, dinas.sesuai) == (2, True)
    assert selectors.curve_report(period, 4) == []


def test_the_report_costs_the_same_queries_for_more_units_and_people(
    personas, period, skps, django_assert_num_queries
):
    unit_predikat(personas, period, "baik")
    set_evaluation(skps["ani"], "baik")
    with django_assert_num_queries(5):
        selectors.curve_report(period, 3)
    unit_predikat(personas, period, "istimewa", unit="dinkes")
    unit_predikat(personas, period, "baik", unit="disdik")
    set_evaluation(approved_skp(personas, "dodi", period), "butuh_perbaikan")
    set_evaluation(skps["intan"], "kurang")
    with django_assert_num_queries(5):
        assert len(selectors.curve_report(period, 3)) == 3


def evaluate_budi(personas, skps, rating_hasil="di_atas", rating_perilaku="di_atas"):
    evaluation = services.open_evaluation(
        actor=personas.user("eka"), skp=skps["budi"], periode_ke=3
    )
    return services.set_ratings(
        actor=personas.user("eka"), evaluation=evaluation, rating_hasil=rating_hasil,
        rating_perilaku=rating_perilaku,
    )  # fmt: skip


def test_the_heads_rating_hasil_follows_the_organisation(personas, period, skps):
    unit_predikat(personas, period, "baik")
    with pytest.raises(ValidationError, match=r"mengikuti predikat kinerja organisasi \(Baik\)"):
        evaluate_budi(personas, skps, rating_hasil="di_atas")
    evaluation = evaluate_budi(personas, skps, rating_hasil="sesuai", rating_perilaku="di_atas")
    assert (evaluation.saran_hasil, evaluation.predikat) == ("sesuai", "baik")


def test_without_an_organisational_predikat_the_head_is_rated_freely(personas, period, skps):
    assert evaluate_budi(personas, skps).predikat == "sangat_baik"


def test_blocking_mode_refuses_a_predikat_over_the_ceiling(personas, period, skps):
    AppraisalPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), mode_kurva="blokir"
    )
    unit_predikat(personas, period, "istimewa")  # at most 70% of 3 -> 2 Sangat Baik
    set_evaluation(skps["ani"], "sangat_baik")
    set_evaluation(skps["intan"], "sangat_baik")
    with pytest.raises(ValidationError) as error:
        evaluate_budi(personas, skps)
    assert error.value.messages == [
        "Kurva distribusi unit (predikat organisasi Istimewa): Sangat Baik paling banyak 70%, "
        "yaitu paling banyak 2 dari 3 pegawai; predikat ini akan menjadikannya 3."
    ]
    assert Evaluation.objects.get(skp=skps["budi"]).status == StatusEvaluasi.DRAF
    assert evaluate_budi(personas, skps, rating_perilaku="sesuai").predikat == "baik"


def test_warning_mode_lets_it_through_and_the_report_shows_it(personas, period, skps):
    unit_predikat(personas, period, "istimewa")
    set_evaluation(skps["ani"], "sangat_baik")
    set_evaluation(skps["intan"], "sangat_baik")
    assert evaluate_budi(personas, skps).predikat == "sangat_baik"
    [row] = selectors.curve_report(period, 3)
    assert [f.message for f in row.findings] == [
        "Kurva distribusi: Sangat Baik paling banyak 70% (paling banyak 2 orang dari 3); "
        "saat ini 3 orang."
    ]
