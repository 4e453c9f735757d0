"""The Dokumen Evaluasi services with personas: Ani (staff) is evaluated by Budi (Kasi, her
pejabat penilai); Eka (Kabid) is Budi's own penilai, Dodi works elsewhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.activity.models import Activity
from ekinerja.appraisal import services
from ekinerja.appraisal.choices import StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.services import BehaviourInput, ResultInput
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.core.models import AuditEvent
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import Indikator, PeriodTarget, Rhk, Skp

pytestmark = [pytest.mark.django_db]
A, S, B = "di_atas", "sesuai", "di_bawah"


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0), tick=False):
        yield


@pytest.fixture
def skp(personas):
    """Ani's approved SKP with two indicators, their March targets and approved activities."""
    skp = approved_skp(personas, "ani", make_period(personas))
    Skp.objects.filter(pk=skp.pk).update(penilai=personas.budi)
    skp.refresh_from_db()
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Laporan surveilans")
    for urutan, (uraian, target) in enumerate([("Laporan", 4), ("Rapat", 2)], start=1):
        ind = Indikator.objects.create(
            rhk=rhk, urutan=urutan, aspek="kuantitas", uraian=uraian, target_min=target * 12,
            satuan="dokumen",
        )  # fmt: skip
        PeriodTarget.objects.create(indikator=ind, periode_ke=3, target=target)
    return skp


def activity(personas, indikator, day, jumlah, status="disetujui"):
    return Activity.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=day, mulai=dt.time(8),
        selesai=dt.time(9), menit=60, indikator=indikator, uraian="Menyusun laporan",
        jumlah_output=Decimal(jumlah), satuan="dokumen", status=status,
    )  # fmt: skip


def open_march(personas, skp) -> Evaluation:
    return services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=3)


def test_opening_prefills_targets_and_approved_output_of_the_month(personas, skp):
    laporan = Indikator.objects.get(uraian="Laporan")
    activity(personas, laporan, dt.date(2026, 3, 3), 2)
    activity(personas, laporan, dt.date(2026, 3, 20), 1)
    activity(personas, laporan, dt.date(2026, 3, 21), 5, status="diajukan")  # not yet approved
    activity(personas, laporan, dt.date(2026, 2, 27), 7)  # another month
    evaluation = open_march(personas, skp)
    rows = {row.indikator.uraian: row for row in evaluation.results.select_related("indikator")}
    assert (rows["Laporan"].target, rows["Laporan"].realisasi_aktivitas) == (4, 3)
    assert rows["Laporan"].realisasi == 3
    assert (rows["Rapat"].target, rows["Rapat"].realisasi) == (2, 0)
    assert sorted(evaluation.behaviours.values_list("nilai", flat=True)) == list(range(1, 8))
    assert evaluation.penilai == personas.budi
    assert open_march(personas, skp).pk == evaluation.pk  # opening again: the same document


def test_quarterly_cycles_sum_three_months(personas, skp):
    skp.period.siklus_evaluasi = "triwulanan"
    skp.period.save()
    assert services.months_of(skp, 1) == [1, 2, 3]
    assert services.months_of(skp, 4) == [10, 11, 12]
    laporan = Indikator.objects.get(uraian="Laporan")
    activity(personas, laporan, dt.date(2026, 1, 5), 1)
    activity(personas, laporan, dt.date(2026, 3, 5), 2)
    evaluation = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=1)
    assert evaluation.results.get(indikator=laporan).realisasi_aktivitas == 3


@pytest.mark.parametrize("who", ["ani", "eka", "dodi"])
def test_only_the_pejabat_penilai_opens_and_fills(personas, skp, who):
    with pytest.raises(PermissionDenied):
        services.open_evaluation(actor=personas.user(who), skp=skp, periode_ke=3)
    evaluation = open_march(personas, skp)
    with pytest.raises(PermissionDenied):
        services.set_ratings(actor=personas.user(who), evaluation=evaluation,
                             rating_hasil=S, rating_perilaku=S)  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.status == StatusEvaluasi.DRAF


def test_a_draft_skp_or_a_period_outside_the_cycle_is_refused(personas, skp):
    with pytest.raises(ValidationError, match="Periode evaluasi harus 1 sampai 12"):
        services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=13)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DRAFT)
    skp.refresh_from_db()
    with pytest.raises(ValidationError, match="belum disetujui"):
        open_march(personas, skp)
    assert not Evaluation.objects.exists()


def fill(personas, evaluation, result_ratings, behaviour_ratings):
    rows = list(evaluation.results.order_by("id"))
    return services.record_feedback(
        actor=personas.user("budi"), evaluation=evaluation,
        results={row.pk: ResultInput(realisasi=Decimal(3), umpan_balik="Tepat waktu", rating=r)
                 for row, r in zip(rows, result_ratings, strict=True)},
        behaviours={nilai: BehaviourInput(umpan_balik="Baik", rating=r)
                    for nilai, r in enumerate(behaviour_ratings, start=1)},
    )  # fmt: skip


def test_feedback_gives_the_suggestions(personas, skp):
    evaluation = fill(personas, open_march(personas, skp), [A, A], [S, S, S, A, A, A, A])
    assert (evaluation.saran_hasil, evaluation.saran_perilaku) == (A, A)  # 3.0 and 2.57


def test_ratings_as_suggested_set_the_predikat_and_are_audited(personas, skp):
    evaluation = fill(personas, open_march(personas, skp), [A, S], [A] * 7)
    evaluation = services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil=A, rating_perilaku=A
    )
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.predikat) == (StatusEvaluasi.DITETAPKAN, "sangat_baik")
    assert evaluation.identitas["penilai"]["nama"] == personas.budi.nama_lengkap
    assert evaluation.identitas["pegawai"]["nip"] == personas.ani.nip_tampil
    event = AuditEvent.objects.get(action="tetapkan_evaluasi")
    assert event.data["sesudah"]["predikat"] == "sangat_baik"


def test_a_deviation_without_a_reason_is_refused_and_changes_nothing(personas, skp):
    evaluation = fill(personas, open_march(personas, skp), [S, S], [S] * 7)
    with pytest.raises(ValidationError) as error:
        services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                             rating_hasil=A, rating_perilaku=B)  # fmt: skip
    assert error.value.messages == [
        "Rating Hasil Kerja (Di Atas Ekspektasi) berbeda dari saran sistem (Sesuai Ekspektasi); "
        "tuliskan alasannya.",
        "Rating Perilaku Kerja (Di Bawah Ekspektasi) berbeda dari saran sistem "
        "(Sesuai Ekspektasi); tuliskan alasannya.",
    ]
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.predikat) == (StatusEvaluasi.DRAF, "")
    services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil=A, rating_perilaku=B,
        alasan_hasil="Menyelesaikan laporan tambahan", alasan_perilaku="Dua kali teguran",
    )  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.predikat == "kurang"


def test_feedback_for_another_evaluation_or_an_unknown_rating_changes_nothing(personas, skp):
    evaluation = open_march(personas, skp)
    row = evaluation.results.first()
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.record_feedback(
            actor=personas.user("budi"), evaluation=evaluation,
            results={row.pk: ResultInput(realisasi=Decimal(9), rating="luar_biasa")},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="bukan bagian dari evaluasi ini"):
        services.record_feedback(
            actor=personas.user("budi"), evaluation=evaluation,
            results={row.pk + 1000: ResultInput(realisasi=Decimal(9))},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="tidak boleh negatif"):
        services.record_feedback(
            actor=personas.user("budi"), evaluation=evaluation,
            results={row.pk: ResultInput(realisasi=Decimal(-1))},
        )  # fmt: skip
    row.refresh_from_db()
    assert (row.realisasi, row.rating) == (0, "")


def test_the_employee_acknowledges_and_then_the_penilai_can_no_longer_change_it(personas, skp):
    evaluation = fill(personas, open_march(personas, skp), [S, S], [S] * 7)
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        services.acknowledge(actor=personas.user("ani"), evaluation=evaluation)
    services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                         rating_hasil=S, rating_perilaku=S)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=personas.user("budi"), evaluation=evaluation)
    services.acknowledge(actor=personas.user("ani"), evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == StatusEvaluasi.DITERIMA
    with pytest.raises(PermissionDenied):
        services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                             rating_hasil=A, rating_perilaku=A, alasan_hasil="x",
                             alasan_perilaku="y")  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.predikat == "baik"
