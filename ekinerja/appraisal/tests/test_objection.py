"""The keberatan, with personas: Ani's evaluation is set by Budi (her pejabat penilai); Eka
(Kabid) is her atasan pejabat penilai and alone decides an objection."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.appraisal import services
from ekinerja.appraisal.choices import StatusEvaluasi, StatusKeberatan
from ekinerja.appraisal.services_objection import decide_objection, file_objection
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.core.models import AuditEvent

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0), tick=False):
        yield


@pytest.fixture
def evaluation(personas):
    skp = approved_skp(personas, "ani", make_period(personas))
    evaluation = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=3)
    return services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil="di_bawah",
        rating_perilaku="sesuai",
    )  # fmt: skip


def test_the_atasan_penilai_changes_the_predikat_with_a_reason(personas, evaluation):
    objection = file_objection(
        actor=personas.user("ani"), evaluation=evaluation, alasan="Target bulan ini tercapai."
    )
    evaluation.refresh_from_db()
    assert (evaluation.status, objection.predikat_semula) == (
        StatusEvaluasi.KEBERATAN,
        "butuh_perbaikan",
    )
    decide_objection(
        actor=personas.user("eka"), objection=objection, rating_hasil="sesuai",
        alasan="Bukti laporan lengkap di berkas bidang.",
    )  # fmt: skip
    evaluation.refresh_from_db()
    objection.refresh_from_db()
    assert (evaluation.predikat, evaluation.status) == ("baik", StatusEvaluasi.DIPUTUS)
    assert (objection.status, objection.predikat_akhir) == (StatusKeberatan.DIUBAH, "baik")
    assert objection.pemutus == personas.eka
    event = AuditEvent.objects.get(action="putus_keberatan")
    assert (event.data["sebelum"], event.data["sesudah"]) == ("butuh_perbaikan", "baik")


def test_upholding_keeps_the_predikat(personas, evaluation):
    objection = file_objection(
        actor=personas.user("ani"), evaluation=evaluation, alasan="Tidak adil"
    )
    decide_objection(actor=personas.user("eka"), objection=objection, alasan="Sesuai bukti.")
    objection.refresh_from_db()
    evaluation.refresh_from_db()
    assert (objection.status, evaluation.predikat) == (
        StatusKeberatan.DIPERTAHANKAN,
        "butuh_perbaikan",
    )
    with pytest.raises(ValidationError, match="sudah diputus"):
        decide_objection(actor=personas.user("eka"), objection=objection, alasan="Lagi",
                         rating_hasil="di_atas")  # fmt: skip


@pytest.mark.parametrize("who", ["budi", "ani", "kadinkes", "citra", "dodi"])
def test_nobody_else_decides_it_nor_can_the_penilai_change_it_meanwhile(personas, evaluation, who):
    objection = file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Keliru")
    with pytest.raises(PermissionDenied):
        decide_objection(actor=personas.user(who), objection=objection, alasan="x",
                         rating_hasil="di_atas", rating_perilaku="di_atas")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                             rating_hasil="di_atas", rating_perilaku="di_atas",
                             alasan_hasil="x", alasan_perilaku="y")  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.predikat == "butuh_perbaikan"


def test_only_the_employee_objects_once_with_a_reason(personas, evaluation):
    with pytest.raises(PermissionDenied):
        file_objection(actor=personas.user("intan"), evaluation=evaluation, alasan="Untuk Ani")
    with pytest.raises(ValidationError, match="Tuliskan alasan keberatan"):
        file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan=" ")
    file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Keliru")
    with pytest.raises(ValidationError, match="sudah ditetapkan dan belum diterima"):
        file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Lagi")


def test_an_accepted_evaluation_can_no_longer_be_objected_to(personas, evaluation):
    services.acknowledge(actor=personas.user("ani"), evaluation=evaluation)
    with pytest.raises(ValidationError):
        file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Terlambat")


def test_a_decision_needs_a_reason_and_known_ratings(personas, evaluation):
    objection = file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Keliru")
    with pytest.raises(ValidationError, match="alasan keputusan"):
        decide_objection(actor=personas.user("eka"), objection=objection, alasan="")
    with pytest.raises(ValidationError, match="tidak dikenal"):
        decide_objection(actor=personas.user("eka"), objection=objection, alasan="x",
                         rating_hasil="luar_biasa")  # fmt: skip
    objection.refresh_from_db()
    assert objection.status == StatusKeberatan.DIAJUKAN
