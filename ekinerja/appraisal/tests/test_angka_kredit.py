"""Angka kredit of a set evaluation: Ani's position made a fungsional Ahli Pertama."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from ekinerja.appraisal import services
from ekinerja.appraisal.models import KoefisienAngkaKredit
from ekinerja.appraisal.selectors import angka_kredit_of
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.org.models import Position
from ekinerja.planning.models import PerformancePeriod, Skp

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0), tick=False):
        yield


def set_evaluation(personas, siklus="bulanan", hasil="sesuai", perilaku="sesuai"):
    skp = approved_skp(personas, "ani", make_period(personas, siklus))
    evaluation = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=1)
    return services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                                rating_hasil=hasil, rating_perilaku=perilaku)  # fmt: skip


def make_fungsional(personas, jenjang="ahli_pertama"):
    Position.objects.filter(pk=personas.positions["staf"].pk).update(
        jenis_jabatan="fungsional_keahlian", jenjang=jenjang
    )


def test_a_month_of_baik_for_an_ahli_pertama(personas):
    make_fungsional(personas)
    assert angka_kredit_of(set_evaluation(personas)) == Decimal("1.042")  # 1/12 x 100% x 12.5


def test_a_quarter_of_sangat_baik(personas):
    make_fungsional(personas)
    evaluation = set_evaluation(personas, siklus="triwulanan", hasil="di_atas", perilaku="di_atas")
    assert angka_kredit_of(evaluation) == Decimal("4.688")  # 3/12 x 150% x 12.5


def test_the_regions_koefisien_replaces_the_national_default(personas):
    make_fungsional(personas, "ahli_muda")
    for koefisien, year in (("24", 2026), ("30", 2027)):  # the later row is not yet in force
        KoefisienAngkaKredit.objects.create(
            instansi=personas.instansi,
            jenjang="ahli_muda",
            koefisien=Decimal(koefisien),
            berlaku_mulai=dt.date(year, 1, 1),
        )
    assert angka_kredit_of(set_evaluation(personas)) == Decimal("2.000")  # 1/12 x 100% x 24


def test_no_angka_kredit_for_a_pelaksana_or_a_draft(personas):
    assert angka_kredit_of(set_evaluation(personas)) is None
    make_fungsional(personas)
    period = PerformancePeriod.objects.get()
    skp = Skp.objects.get(period=period)
    draft = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=2)
    assert angka_kredit_of(draft) is None
