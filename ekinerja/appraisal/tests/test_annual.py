"""The annual evaluation: suggestions from the periods under each regional rule, realisasi
summed over the periods, and the usual access and deviation rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.appraisal import services
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
from ekinerja.appraisal.models import AppraisalPolicy, Evaluation
from ekinerja.appraisal.rules import Rating
from ekinerja.appraisal.services_annual import annual_suggestion, open_annual_evaluation
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.planning.models import Indikator, Rhk

pytestmark = [pytest.mark.django_db]


@pytest.mark.parametrize(
    ("periodic", "rule", "expected"),
    [
        ([(1, "di_atas"), (2, "sesuai"), (12, "di_bawah")], "periode_akhir", Rating.DI_BAWAH),
        ([(12, "di_bawah"), (1, "di_atas")], "periode_akhir", Rating.DI_BAWAH),  # by period
        ([(1, "di_atas"), (2, "di_atas"), (3, "di_bawah")], "rata_rata", Rating.SESUAI),
        ([(1, "di_atas"), (2, "sesuai")], "rata_rata", Rating.DI_ATAS),  # 2.5 rounds up
        ([(1, "")], "rata_rata", None),
        ([], "periode_akhir", None),
    ],
)
def test_annual_suggestion(periodic, rule, expected):
    assert annual_suggestion(periodic, rule) == expected


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 12, 28, 9, 0), tick=False):
        yield


@pytest.fixture
def skp(personas):
    skp = approved_skp(personas, "ani", make_period(personas, "triwulanan"))
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Laporan surveilans")
    Indikator.objects.create(rhk=rhk, urutan=1, aspek="kuantitas", uraian="Laporan",
                             target_min=48, satuan="dokumen")  # fmt: skip
    return skp


def quarter(personas, skp, k, hasil, perilaku, realisasi):
    budi = personas.user("budi")
    evaluation = services.open_evaluation(actor=budi, skp=skp, periode_ke=k)
    row = evaluation.results.get()
    services.record_feedback(actor=budi, evaluation=evaluation, results={
        row.pk: services.ResultInput(realisasi=Decimal(realisasi), rating=hasil)},
        behaviours={n: services.BehaviourInput(rating=perilaku) for n in range(1, 8)})  # fmt: skip
    return services.set_ratings(actor=budi, evaluation=evaluation, rating_hasil=hasil,
                                rating_perilaku=perilaku)  # fmt: skip


def test_the_final_periods_rating_is_suggested_and_realisasi_summed(personas, skp):
    quarter(personas, skp, 1, "di_atas", "di_atas", 14)
    quarter(personas, skp, 2, "sesuai", "sesuai", 12)
    quarter(personas, skp, 4, "sesuai", "di_atas", 11)
    draft = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=3)
    annual = open_annual_evaluation(actor=personas.user("budi"), skp=skp)
    assert (annual.jenis, annual.periode_ke) == (JenisEvaluasi.TAHUNAN, 0)
    assert (annual.saran_hasil, annual.saran_perilaku) == ("sesuai", "di_atas")
    row = annual.results.get()
    assert (row.target, row.realisasi) == (48, 37)  # the draft third quarter is left out
    assert draft.status == StatusEvaluasi.DRAF
    # Feedback on the annual document keeps the suggestion from the periods.
    services.record_feedback(actor=personas.user("budi"), evaluation=annual, results={
        row.pk: services.ResultInput(realisasi=Decimal(37), rating="di_bawah")})  # fmt: skip
    annual.refresh_from_db()
    assert annual.saran_hasil == "sesuai"
    with pytest.raises(ValidationError, match="berbeda dari saran sistem"):
        services.set_ratings(actor=personas.user("budi"), evaluation=annual,
                             rating_hasil="di_atas", rating_perilaku="di_atas")  # fmt: skip
    services.set_ratings(actor=personas.user("budi"), evaluation=annual,
                         rating_hasil="sesuai", rating_perilaku="di_atas")  # fmt: skip
    annual.refresh_from_db()
    assert annual.predikat == "baik"
    assert open_annual_evaluation(actor=personas.user("budi"), skp=skp).pk == annual.pk


def test_a_region_may_take_the_mean_of_the_periods(personas, skp):
    AppraisalPolicy.objects.create(instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1),
                                   predikat_tahunan="rata_rata")  # fmt: skip
    quarter(personas, skp, 1, "di_atas", "di_bawah", 10)
    quarter(personas, skp, 2, "di_atas", "di_bawah", 10)
    quarter(personas, skp, 3, "di_bawah", "di_atas", 10)
    annual = open_annual_evaluation(actor=personas.user("budi"), skp=skp)
    assert (annual.saran_hasil, annual.saran_perilaku) == ("sesuai", "sesuai")


def test_no_annual_evaluation_without_a_set_period_or_by_someone_else(personas, skp):
    with pytest.raises(ValidationError, match="Belum ada evaluasi periodik"):
        open_annual_evaluation(actor=personas.user("budi"), skp=skp)
    quarter(personas, skp, 1, "sesuai", "sesuai", 10)
    for who in ("ani", "eka", "dodi"):
        with pytest.raises(PermissionDenied):
            open_annual_evaluation(actor=personas.user(who), skp=skp)
    assert not Evaluation.objects.filter(jenis=JenisEvaluasi.TAHUNAN).exists()
