"""The planning part of the demo region: period, goals, Perjanjian Kinerja and cascaded SKPs."""

import datetime as dt
import hashlib
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum

from ekinerja.org.choices import JENIS_JPT, JENIS_UNIT_OPD
from ekinerja.org.models import Instansi, Position, Unit
from ekinerja.people import hierarchy
from ekinerja.people.demo import DEMO_PEGAWAI_KODE, seed_demo
from ekinerja.people.management.commands.seed_demo import demo_extensions
from ekinerja.people.models import Assignment, Employee
from ekinerja.planning import demo as planning_demo
from ekinerja.planning.choices import (
    Aspek,
    JenisForm,
    JenisRhk,
    JenisSasaranDaerah,
    StatusPeriode,
    StatusSkp,
)
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    PeriodTarget,
    PerjanjianKinerja,
    RegionalGoal,
    Rhk,
    SasaranStrategis,
    Skp,
)
from ekinerja.planning.services import submission_problems

DAY = dt.date(2026, 11, 1)
SMALL = 150


def seed(seed_value: int = 7):
    result = seed_demo(employees=SMALL, seed=seed_value, today=DAY)
    planning_demo.extend_demo(result, seed=seed_value, today=DAY)
    return result


@pytest.fixture
def demo(db):
    return seed()


def pegawai_and_atasan(demo) -> tuple[Employee, Employee]:
    logins = {login.peran: login for login in demo.logins}
    pegawai = Employee.objects.get(user__username=logins["Pegawai"].username)
    atasan = Employee.objects.get(user__username=logins["Atasan (pejabat penilai)"].username)
    return pegawai, atasan


def planning_digest() -> str:
    rows: list = list(
        RegionalGoal.objects.order_by("kode").values_list("kode", "jenis", "uraian", "parent__kode")
    )
    rows += list(
        SasaranStrategis.objects.order_by("kode").values_list(
            "kode", "uraian", "regional_goal__kode", "perjanjian__unit__kode"
        )
    )
    rows += list(
        Skp.objects.order_by("employee__nip").values_list(
            "employee__nip", "status", "jenis_form", "position__kode", "penilai__nip",
            "alasan_pengembalian", "disetujui_at", "dukungan_sumber_daya",
        )
    )  # fmt: skip
    rows += list(
        Rhk.objects.order_by("skp__employee__nip", "jenis", "urutan").values_list(
            "skp__employee__nip", "jenis", "urutan", "teks", "perspektif",
            "rhk_atasan__skp__employee__nip", "rhk_atasan__urutan", "sasaran_strategis__kode",
        )
    )  # fmt: skip
    rows += list(
        Indikator.objects.order_by("rhk__skp__employee__nip", "rhk__jenis", "rhk__urutan", "urutan")
        .annotate(total=Sum("targets__target"), parts=Count("targets"))
        .values_list("aspek", "uraian", "target_max", "satuan", "total", "parts")
    )
    rows += list(
        PerilakuExpectation.objects.exclude(ekspektasi_khusus="")
        .order_by("skp__employee__nip", "nilai")
        .values_list("skp__employee__nip", "nilai", "ekspektasi_khusus")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed_and_digest(seed_value: int) -> str:
    with transaction.atomic():
        seed(seed_value)
        digest = planning_digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_plans_the_same_skps():
    first = seed_and_digest(7)
    assert Skp.objects.count() == 0
    assert seed_and_digest(7) == first
    assert seed_and_digest(8) != first


def test_the_period_of_the_year_is_open(demo):
    period = PerformancePeriod.objects.get(instansi=demo.instansi)
    assert (period.tahun, period.mulai, period.selesai) == (
        2026,
        dt.date(2026, 1, 1),
        DAY.replace(month=12, day=31),
    )
    assert (period.batas_input_skp, period.batas_persetujuan) == (
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
    )
    assert period.status == StatusPeriode.DIBUKA and period.siklus_evaluasi == "bulanan"


def test_rpjmd_has_tujuan_and_sasaran(demo):
    tujuan = RegionalGoal.objects.filter(jenis=JenisSasaranDaerah.TUJUAN)
    sasaran = RegionalGoal.objects.filter(jenis=JenisSasaranDaerah.SASARAN)
    assert 2 <= tujuan.count() <= 3 and 5 <= sasaran.count() <= 6
    assert all(goal.parent.jenis == JenisSasaranDaerah.TUJUAN for goal in sasaran)
    assert set(tujuan.values_list("tahun_mulai", "tahun_selesai")) == {(2025, 2029)}


def test_every_opd_has_a_perjanjian_kinerja_with_sasaran_and_indicators(demo):
    opds = Unit.objects.filter(instansi=demo.instansi, jenis__in=JENIS_UNIT_OPD)
    agreements = PerjanjianKinerja.objects.filter(tahun=2026)
    assert set(agreements.values_list("unit", flat=True)) == set(opds.values_list("pk", flat=True))
    for pk in agreements.prefetch_related("sasaran__indikator"):
        sasaran = list(pk.sasaran.all())
        assert 2 <= len(sasaran) <= 3, pk.unit.nama
        for item in sasaran:
            assert item.regional_goal.jenis == JenisSasaranDaerah.SASARAN
            assert 1 <= len(item.indikator.all()) <= 2


def test_opd_heads_take_their_rhk_from_their_perjanjian_kinerja(demo):
    heads = Position.objects.filter(
        instansi=demo.instansi, is_unit_head=True, unit__jenis__in=JENIS_UNIT_OPD,
        jenis_jabatan__in=JENIS_JPT,
    ).select_related("unit")  # fmt: skip
    assert heads.count() >= 19
    for head in heads:
        leader = hierarchy.person_in_charge(head, DAY).employee
        skp = Skp.objects.get(employee=leader)
        assert skp.status == StatusSkp.DISETUJUI and skp.jenis_form == JenisForm.JPT
        assert not submission_problems(skp, DAY), head.nama
        from_pk = skp.rhk.filter(sasaran_strategis__perjanjian__unit=head.unit)
        assert 2 <= from_pk.count() <= 3, head.nama
        assert all(r.perspektif for r in skp.rhk.all())


def test_a_plt_head_keeps_their_own_rhk_beside_those_of_the_opd_they_lead(demo):
    plt = Assignment.objects.get(jenis="plt")
    skp = Skp.objects.get(employee=plt.employee)
    assert skp.position == hierarchy.primary_assignment(plt.employee, DAY).position
    units = set(skp.rhk.values_list("sasaran_strategis__perjanjian__unit", flat=True))
    assert plt.position.unit_id in units and len(units) == 2


def test_ja_jf_rhk_intervene_an_rhk_of_their_current_pejabat_penilai(demo):
    skps = list(Skp.objects.filter(jenis_form=JenisForm.JA_JF).select_related("employee"))
    assert len(skps) > 80
    for skp in random.Random(3).sample(skps, 40):
        penilai = hierarchy.pejabat_penilai(skp.employee, DAY)
        utama = list(skp.rhk.filter(jenis=JenisRhk.UTAMA).select_related("rhk_atasan__skp"))
        assert 2 <= len(utama) <= 4, skp.employee.nama
        for rhk in utama:
            assert rhk.rhk_atasan.skp.employee_id == penilai.employee.pk, rhk.teks
            assert rhk.rhk_atasan.skp.period_id == skp.period_id


def test_indicators_targets_and_expectations(demo):
    rhk = Rhk.objects.count()
    assert (
        Indikator.objects.filter(aspek=Aspek.KUANTITAS).count()
        >= rhk - Rhk.objects.filter(skp__jenis_form=JenisForm.JPT).count()
    )
    quantities = Indikator.objects.filter(aspek=Aspek.KUANTITAS).annotate(
        total=Sum("targets__target"), parts=Count("targets")
    )
    for indikator in quantities:
        assert indikator.target_max == indikator.target_max.to_integral_value()
        assert indikator.satuan in {"dokumen", "laporan", "kegiatan", "orang"}
        assert (indikator.parts, indikator.total) == (12, indikator.target_max)
    assert set(Indikator.objects.filter(aspek=Aspek.WAKTU).values_list("satuan", flat=True)) <= {
        "bulan"
    }
    assert (
        not Indikator.objects.filter(aspek=Aspek.KUALITAS)
        .exclude(target_max__lte=Decimal(100))
        .exists()
    )
    per_skp = set(Skp.objects.annotate(n=Count("perilaku")).values_list("n", flat=True))
    assert per_skp == {7}
    assert not Skp.objects.filter(konsekuensi="").exists()
    assert PeriodTarget.objects.exists()


def test_statuses_are_mixed_and_approved_ones_carry_the_snapshots(demo):
    statuses = set(Skp.objects.values_list("status", flat=True))
    assert statuses == {
        StatusSkp.DRAFT,
        StatusSkp.DIAJUKAN,
        StatusSkp.DISETUJUI,
        StatusSkp.DIKEMBALIKAN,
    }
    approved = Skp.objects.filter(status=StatusSkp.DISETUJUI)
    assert approved.count() > Skp.objects.count() / 2
    for skp in approved.select_related("employee", "penilai")[:30]:
        assert skp.penilai == hierarchy.pejabat_penilai(skp.employee, DAY).employee
        assert skp.identitas["pegawai"]["nip"] == skp.employee.nip_tampil
        assert skp.identitas["penilai"]["nama"] == skp.penilai.nama_lengkap
        assert skp.diajukan_at < skp.disetujui_at and skp.disetujui_at.year == 2026
    returned = Skp.objects.filter(status=StatusSkp.DIKEMBALIKAN)
    assert returned.exists() and not returned.filter(alasan_pengembalian="").exists()
    assert not Skp.objects.filter(status=StatusSkp.DRAFT, diajukan_at__isnull=False).exists()


def test_nobody_is_approved_before_their_penilai(demo):
    approved = Skp.objects.filter(status=StatusSkp.DISETUJUI)
    early = Rhk.objects.filter(skp__in=approved, rhk_atasan__isnull=False).exclude(
        rhk_atasan__skp__status=StatusSkp.DISETUJUI
    )
    assert not early.exists()


def test_demo_pegawai_starts_without_skp_and_the_atasan_has_an_approved_one(demo):
    pegawai, atasan = pegawai_and_atasan(demo)
    assert hierarchy.primary_assignment(pegawai, DAY).position.kode == DEMO_PEGAWAI_KODE
    assert not Skp.objects.filter(employee=pegawai).exists()
    theirs = Skp.objects.get(employee=atasan)
    assert (
        theirs.status == StatusSkp.DISETUJUI
        and theirs.rhk.filter(jenis=JenisRhk.UTAMA).count() >= 2
    )
    waiting = Skp.objects.filter(
        employee_id__in=hierarchy.subordinate_ids(atasan, DAY), status=StatusSkp.DIAJUKAN
    )
    assert waiting.exists()


def test_staff_on_leave_have_no_skp(demo):
    away = Employee.objects.exclude(kedudukan="aktif")
    assert away.exists() and not Skp.objects.filter(employee__in=away).exists()


def test_the_seed_demo_command_runs_the_planning_extension():
    assert planning_demo.extend_demo in demo_extensions()


@pytest.mark.django_db
def test_the_command_seeds_people_and_planning_in_one_go():
    out = StringIO()
    call_command("seed_demo", "--employees", str(SMALL), "--allow-production", stdout=out)
    assert "SKP 20" in out.getvalue()
    instansi = Instansi.objects.get()
    assert PerformancePeriod.objects.filter(instansi=instansi).count() == 1
    pegawai = Assignment.objects.get(position__kode=DEMO_PEGAWAI_KODE).employee
    assert not Skp.objects.filter(employee=pegawai).exists()
    assert Skp.objects.count() > SMALL * 0.9


@pytest.mark.django_db
def test_a_failing_extension_rolls_back_the_whole_demo(monkeypatch):
    def broken(result, *, seed, today):
        raise RuntimeError("rusak")

    monkeypatch.setattr(planning_demo, "extend_demo", broken)
    with pytest.raises(RuntimeError):
        call_command(
            "seed_demo", "--employees", str(SMALL), "--allow-production", stdout=StringIO()
        )
    assert not Instansi.objects.exists() and not Employee.objects.exists()
