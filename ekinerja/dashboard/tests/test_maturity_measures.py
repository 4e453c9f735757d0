"""Maturity measures from hand-made rows for two OPDs (Dinas Kesehatan, Dinas Pendidikan) in
March 2026, read on 10 April 2026, and their fixed query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, CatalogItem
from ekinerja.allowance.choices import JenisRun, StatusKebijakan, StatusRun
from ekinerja.allowance.models import TppLine, TppPolicy, TppRun
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.dashboard.maturity import OpdMeasures
from ekinerja.dashboard.models import EmployeeMonth, MonitoringPolicy
from ekinerja.dashboard.selectors_maturity import assess_opds, measures_for_opds
from ekinerja.people.testing import make_employee, make_position
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PeriodTarget,
    PerjanjianKinerja,
    Rhk,
    SasaranStrategis,
    Skp,
)

DAY = dt.date(2026, 4, 10)
MARCH = dt.date(2026, 3, 10)
QUERIES = 13


def employee_month(p, who, opd, filled, days, pengecualian=""):  # type: ignore[no-untyped-def]
    return EmployeeMonth.objects.create(
        instansi=p.instansi, employee=who, opd=p.units[opd], unit=p.units[opd], tahun=2026,
        bulan=3, hari_terisi=filled, hari_wajib=days, pengecualian=pengecualian,
    )  # fmt: skip


def activity(p, who, *, indikator=None, status=StatusAktivitas.DISETUJUI, day=MARCH):  # type: ignore[no-untyped-def]
    return Activity.objects.create(
        instansi=p.instansi, employee=who, tanggal=day, mulai=dt.time(8), selesai=dt.time(9),
        menit=60, indikator=indikator, uraian="Kerja", jumlah_output=1, satuan="dokumen",
        status=status,
    )  # fmt: skip


def skp(p, period, who, position, *, status=StatusSkp.DISETUJUI, jpt=False):  # type: ignore[no-untyped-def]
    return Skp.objects.create(
        instansi=p.instansi, period=period, employee=who, position=p.positions[position],
        unit=p.positions[position].unit, status=status,
        jenis_form=JenisForm.JPT if jpt else JenisForm.JA_JF,
    )  # fmt: skip


def rhk(the_skp, *, atasan=None, sasaran=None, jenis=JenisRhk.UTAMA, targets=12):  # type: ignore[no-untyped-def]
    row = Rhk.objects.create(
        skp=the_skp, jenis=jenis, teks="Hasil", rhk_atasan=atasan, sasaran_strategis=sasaran
    )
    indikator = Indikator.objects.create(rhk=row, uraian="Indikator", target_min=12)
    PeriodTarget.objects.bulk_create(
        PeriodTarget(indikator=indikator, periode_ke=k, target=1) for k in range(1, targets + 1)
    )
    return row, indikator


def evaluation(p, the_skp, status, periode_ke=3):  # type: ignore[no-untyped-def]
    return Evaluation.objects.create(
        instansi=p.instansi, skp=the_skp, employee=the_skp.employee, jenis=JenisEvaluasi.PERIODIK,
        periode_ke=periode_ke, status=status,
        predikat="" if status == StatusEvaluasi.DRAF else "baik",
    )  # fmt: skip


def tpp_run(p, policy, *, bulan=3, status=StatusRun.FINAL, unit=None):  # type: ignore[no-untyped-def]
    return TppRun.objects.create(
        instansi=p.instansi, policy=policy, tahun=2026, bulan=bulan, status=status, unit=unit,
        jenis=JenisRun.RESMI,
    )  # fmt: skip


def tpp_line(run, who, opd):  # type: ignore[no-untyped-def]
    zero = Decimal(0)
    return TppLine.objects.create(
        run=run, employee=who, opd=opd, nama=who.nama, besaran=zero, kinerja_persen=zero,
        disiplin_persen=zero, bruto=zero, bpjs_pegawai=zero, bpjs_pemberi_kerja=zero,
        pajak=zero, bersih=zero,
    )  # fmt: skip


@pytest.fixture
def world(personas):  # type: ignore[no-untyped-def]
    p = personas
    u = p.units
    period = PerformancePeriod.objects.create(
        instansi=p.instansi, tahun=2026, mulai=dt.date(2026, 1, 1), selesai=dt.date(2026, 12, 31),
        batas_input_skp=dt.date(2026, 1, 31), batas_persetujuan=dt.date(2026, 2, 15),
    )  # fmt: skip
    rudi = make_employee(p.instansi, "Rudi Tugas Belajar", position=p.positions["staf"])

    # L1: Dinkes 4 of 5 counted employees at >= 80% (Rudi is excluded); Disdik 1 of 2.
    for who, filled in ((p.ani, 20), (p.intan, 18), (p.budi, 10), (p.eka, 20), (p.kadinkes, 16)):
        employee_month(p, who, "dinkes", filled, 20)
    employee_month(p, rudi, "dinkes", 0, 20, pengecualian="tugas_belajar")
    employee_month(p, p.kadisdik, "disdik", 20, 20)
    employee_month(p, p.dodi, "disdik", 5, 20)

    # L4/L5: Dinkes has a PK with a sasaran strategis; Disdik only one of last year.
    pk = PerjanjianKinerja.objects.create(instansi=p.instansi, unit=u["dinkes"], tahun=2026)
    sasaran = SasaranStrategis.objects.create(perjanjian=pk, uraian="Menurunkan stunting")
    PerjanjianKinerja.objects.create(instansi=p.instansi, unit=u["disdik"], tahun=2025)

    # L3/L4/L5 SKPs: Kadinkes (JPT, from the sasaran), Budi (11 monthly targets: incomplete),
    # Ani (linked to Budi's RHK, plus an unlinked tambahan that does not count); Eka's is a
    # draft; Dodi's RHK is linked to nothing.
    skp_kadinkes = skp(p, period, p.kadinkes, "kadinkes", jpt=True)
    rhk_kadinkes, _ = rhk(skp_kadinkes, sasaran=sasaran)
    skp_budi = skp(p, period, p.budi, "kasi")
    rhk_budi, _ = rhk(skp_budi, atasan=rhk_kadinkes, targets=11)
    skp_ani = skp(p, period, p.ani, "staf")
    _, indikator_ani = rhk(skp_ani, atasan=rhk_budi)
    rhk(skp_ani, jenis=JenisRhk.TAMBAHAN)
    rhk(skp(p, period, p.eka, "kabid", status=StatusSkp.DRAFT))
    skp_dodi = skp(p, period, p.dodi, "staf_disdik")
    rhk(skp_dodi)
    skp_rudi = skp(p, period, rudi, "staf")

    # L2: Ani 3 of 4 approved activities linked (a pending and an April one do not count);
    # Dodi 0 of 2.
    for _ in range(3):
        activity(p, p.ani, indikator=indikator_ani)
    activity(p, p.ani)
    activity(p, p.ani, indikator=indikator_ani, status=StatusAktivitas.DIAJUKAN)
    activity(p, p.ani, indikator=indikator_ani, day=dt.date(2026, 4, 1))
    activity(p, p.dodi)
    activity(p, p.dodi)

    # L5: ABK on the staf and kadinkes seats; a vacant seat with ABK does not count.
    vacant = make_position(u["dinkes"], "KOSONG", "Jabatan Kosong", "pelaksana", 6, None)
    for position in (p.positions["staf"], p.positions["kadinkes"], vacant):
        CatalogItem.objects.create(
            instansi=p.instansi, position=position, uraian="Tugas", norma_waktu=30,
            satuan_hasil="dokumen", volume_tahunan=100,
        )  # fmt: skip
    CatalogItem.objects.create(
        instansi=p.instansi, position=p.positions["kasi"], uraian="Tanpa volume",
        norma_waktu=30, satuan_hasil="dokumen",
    )  # fmt: skip

    # L6: March evaluations: Ani set, Kadinkes accepted, Budi a draft, Rudi (excluded) set;
    # Dodi set for February only.
    evaluation(p, skp_ani, StatusEvaluasi.DITETAPKAN)
    evaluation(p, skp_kadinkes, StatusEvaluasi.DITERIMA)
    evaluation(p, skp_budi, StatusEvaluasi.DRAF)
    evaluation(p, skp_rudi, StatusEvaluasi.DITETAPKAN)
    evaluation(p, skp_dodi, StatusEvaluasi.DITETAPKAN, periode_ke=2)

    # TPP: the instansi's final February run pays Dinkes; Disdik's March run is a draft.
    policy = TppPolicy.objects.create(
        instansi=p.instansi, nama="Uji", berlaku_mulai=dt.date(2026, 1, 1),
        status=StatusKebijakan.BERLAKU, dokumen={},
    )  # fmt: skip
    tpp_line(tpp_run(p, policy, bulan=2), p.ani, u["dinkes"])
    tpp_line(tpp_run(p, policy, status=StatusRun.DRAF, unit=u["disdik"]), p.dodi, u["disdik"])
    return p


def test_measures_of_two_opds(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = world
    with django_assert_num_queries(QUERIES):
        measures = measures_for_opds(p.instansi.id, 2026, 3, DAY)
    assert measures[p.units["dinkes"].id] == OpdMeasures(
        isian_pegawai=((10, 20), (16, 20), (18, 20), (20, 20), (20, 20)),
        aktivitas_disetujui=4,
        aktivitas_terkait=3,
        skp_disetujui=4,
        skp_target_lengkap=2,
        siklus="bulanan",
        tahun=2026,
        ada_perjanjian_kinerja=True,
        rhk_utama=3,
        rhk_terhubung=3,
        jabatan_terisi=4,
        jabatan_ber_abk=2,
        rhk_jpt=1,
        rhk_jpt_renstra=1,
        pegawai_wajib_evaluasi=5,
        pegawai_dievaluasi=2,
        periode_evaluasi="Maret 2026",
        tpp_final="Februari 2026",
        tpp_dicari="Maret 2026 atau Februari 2026",
    )
    assert measures[p.units["disdik"].id] == OpdMeasures(
        isian_pegawai=((5, 20), (20, 20)),
        aktivitas_disetujui=2,
        aktivitas_terkait=0,
        skp_disetujui=1,
        skp_target_lengkap=1,
        siklus="bulanan",
        tahun=2026,
        ada_perjanjian_kinerja=False,
        rhk_utama=1,
        rhk_terhubung=0,
        jabatan_terisi=2,
        jabatan_ber_abk=0,
        rhk_jpt=0,
        rhk_jpt_renstra=0,
        pegawai_wajib_evaluasi=2,
        pegawai_dievaluasi=0,
        periode_evaluasi="Maret 2026",
        tpp_final="",
        tpp_dicari="Maret 2026 atau Februari 2026",
    )


def test_rudi_skp_counts_but_not_his_evaluation(world) -> None:  # type: ignore[no-untyped-def]
    # Rudi (tugas belajar) is out of the L1/L6 population, but his approved SKP, with no
    # indikator, is one of Dinkes' SKPs: 4 SKPs, 2 complete.
    measures = measures_for_opds(world.instansi.id, 2026, 3, DAY)[world.units["dinkes"].id]
    assert measures.skp_disetujui == 4 and measures.skp_target_lengkap == 2


def test_evaluation_period_follows_the_day(world) -> None:  # type: ignore[no-untyped-def]
    # On 20 March the latest ended period is February: Dodi's evaluation is the one that counts.
    measures = measures_for_opds(world.instansi.id, 2026, 3, dt.date(2026, 3, 20))
    assert measures[world.units["disdik"].id].periode_evaluasi == "Februari 2026"
    assert measures[world.units["disdik"].id].pegawai_dievaluasi == 1
    assert measures[world.units["dinkes"].id].pegawai_dievaluasi == 0


def test_no_period_yet(personas) -> None:  # type: ignore[no-untyped-def]
    measures = measures_for_opds(personas.instansi.id, 2026, 1, dt.date(2026, 1, 20))
    dinkes = measures[personas.units["dinkes"].id]
    assert dinkes.periode_evaluasi == "" and dinkes.skp_disetujui == 0
    assert dinkes.jabatan_terisi == 4  # the seats are filled all the same


def test_query_count_does_not_grow(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = world
    period = PerformancePeriod.objects.get(instansi=p.instansi, tahun=2026)
    for number in range(15):
        who = make_employee(p.instansi, f"Tambahan {number}", position=p.positions["staf"])
        employee_month(p, who, "dinkes", 20, 20)
        _, indikator = rhk(skp(p, period, who, "staf"))
        activity(p, who, indikator=indikator)
        evaluation(p, Skp.objects.get(employee=who), StatusEvaluasi.DITETAPKAN)
    with django_assert_num_queries(QUERIES):
        measures = measures_for_opds(p.instansi.id, 2026, 3, DAY)
    dinkes = measures[p.units["dinkes"].id]
    assert len(dinkes.isian_pegawai) == 20 and dinkes.pegawai_dievaluasi == 17


def test_assessment_uses_the_region_thresholds(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = world
    dinkes, disdik = p.units["dinkes"].id, p.units["disdik"].id
    with django_assert_num_queries(QUERIES + 1):
        levels = assess_opds(p.instansi.id, 2026, 3, DAY)
    # Dinkes: L1 4/5, L2 3/4 = 75% >= 70%, L3 2/4 = 50% < 80%.
    assert levels[dinkes].tingkat == 2
    assert levels[disdik].tingkat == 0
    MonitoringPolicy.objects.create(
        instansi=p.instansi, berlaku_mulai=dt.date(2026, 1, 1),
        ambang_kematangan={"skp_target_periodik": 50, "pegawai_terbiasa": 50},
    )  # fmt: skip
    levels = assess_opds(p.instansi.id, 2026, 3, DAY)
    # L3 now passes; L4 passes (PK, 3/3 linked); L5 fails on ABK (2/4).
    assert levels[dinkes].tingkat == 4
    assert levels[disdik].tingkat == 1
    check = levels[dinkes].check("jabatan_ber_abk")
    assert check is not None
    assert check.alasan == (
        "2 dari 4 jabatan terisi (50%) memiliki analisis beban kerja; ambang 80%."
    )
