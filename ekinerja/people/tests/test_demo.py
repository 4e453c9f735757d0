import datetime as dt
import hashlib
import random
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q

from ekinerja.core.models import AuditEvent
from ekinerja.org.choices import JENIS_UNIT_OPD, Eselon, JenisJabatan, JenisUnit, ZonaWaktu
from ekinerja.org.models import Instansi, Position, Unit, position_field_errors
from ekinerja.people import hierarchy
from ekinerja.people.choices import (
    GOLONGAN_PPPK,
    PANGKAT_PNS,
    JenisPenugasan,
    Kategori,
    Kedudukan,
    Peran,
    StatusKepegawaian,
)
from ekinerja.people.demo import (
    DEMO_PASSWORD,
    DEMO_PEGAWAI_KODE,
    DemoError,
    build_plan,
    demo_logins,
    seed_demo,
)
from ekinerja.people.models import Assignment, Employee, RoleGrant
from ekinerja.people.nip import parse_ni_pppk, parse_nip

DAY = dt.date(2026, 11, 2)
SMALL = 200
OPD_NAMES = {
    "Sekretariat Daerah",
    "Sekretariat Dewan Perwakilan Rakyat Daerah",
    "Inspektorat Daerah",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Rumah Sakit Umum Daerah Sukamaju",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Satuan Polisi Pamong Praja",
    "Dinas Perhubungan",
    "Dinas Pertanian",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Komunikasi dan Informatika",
    "Dinas Lingkungan Hidup",
}


@pytest.fixture
def demo(db):
    return seed_demo(employees=SMALL, seed=7, today=DAY)


def asn() -> list[Employee]:
    return list(Employee.objects.exclude(status=StatusKepegawaian.PEJABAT_NEGARA).order_by("nip"))


def holder_of(kode: str) -> Employee:
    return Assignment.objects.get(position__kode=kode, jenis=JenisPenugasan.DEFINITIF).employee


def region_digest() -> str:
    seats = Assignment.objects.order_by("position__kode", "employee__nip", "jenis")
    rows = list(seats.values_list("employee__nip", "employee__nama", "position__kode", "jenis"))
    rows += list(Unit.objects.order_by("kode").values_list("kode", "nama", "parent__kode"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed_and_digest(seed: int) -> str:
    with transaction.atomic():
        seed_demo(employees=SMALL, seed=seed, today=DAY)
        digest = region_digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_region():
    first = seed_and_digest(7)
    assert Instansi.objects.count() == 0
    assert seed_and_digest(7) == first
    assert seed_and_digest(8) != first


def test_the_region_grows_with_the_number_of_employees():
    small = build_plan(employees=SMALL, seed=1, today=DAY)
    large = build_plan(employees=10_000, seed=1, today=DAY)

    def units(plan, jenis: str) -> int:
        return sum(1 for unit in plan.units if unit.jenis == jenis)

    assert len(small.people) == SMALL and len(large.people) == 10_000
    assert units(large, JenisUnit.SEKOLAH) >= 300 and units(small, JenisUnit.SEKOLAH) >= 3
    assert units(large, JenisUnit.PUSKESMAS) >= 20 and units(small, JenisUnit.PUSKESMAS) >= 1
    assert units(large, JenisUnit.KECAMATAN) >= 15 and units(large, JenisUnit.KELURAHAN) >= 20
    assert units(large, JenisUnit.BIDANG) > units(small, JenisUnit.BIDANG)
    share = {s: sum(p.status == s for p in large.people) / 10_000 for s in StatusKepegawaian}
    assert 0.65 <= share[StatusKepegawaian.PNS] <= 0.75
    assert 0.03 <= share[StatusKepegawaian.CPNS] <= 0.07
    assert 0.20 <= share[StatusKepegawaian.PPPK] <= 0.30
    guru = sum(p.kategori == Kategori.GURU for p in large.people) / 10_000
    assert 0.40 <= guru <= 0.55


def test_too_few_employees_are_refused():
    with pytest.raises(DemoError):
        build_plan(employees=20, seed=1, today=DAY)


def test_every_asn_has_a_login_and_the_bupati_none_of_a_nip(demo):
    people = asn()
    assert len(people) == SMALL
    assert all(e.user.username == e.nip and e.user.instansi_id == demo.instansi.pk for e in people)
    bupati = Employee.objects.get(status=StatusKepegawaian.PEJABAT_NEGARA)
    assert bupati.nip is None and bupati.user.username == "bupati"


def test_every_nip_is_valid_and_matches_the_person(demo):
    for employee in asn():
        pppk = employee.status == StatusKepegawaian.PPPK
        parts = (parse_ni_pppk if pppk else parse_nip)(employee.nip, today=DAY)
        assert parts.tanggal_lahir == employee.tanggal_lahir
        assert parts.jenis_kelamin == employee.jenis_kelamin
        assert employee.golongan in (GOLONGAN_PPPK if pppk else PANGKAT_PNS)
        if employee.status == StatusKepegawaian.CPNS:
            months = (
                (DAY.year - parts.tahun_pengangkatan) * 12 + DAY.month - parts.bulan_pengangkatan
            )
            assert 0 <= months < 12


def test_golongan_fits_the_position(demo):
    expected = {
        JenisJabatan.JPT_PRATAMA: {"IV/c", "IV/d"},
        JenisJabatan.ADMINISTRATOR: {"IV/a", "IV/b"},
        JenisJabatan.PENGAWAS: {"III/c", "III/d", "IV/a"},
    }
    seats = Assignment.objects.filter(jenis=JenisPenugasan.DEFINITIF).select_related(
        "employee", "position"
    )
    checked = 0
    for seat in seats:
        allowed = expected.get(seat.position.jenis_jabatan)
        if allowed:
            assert seat.employee.golongan in allowed, seat.position.nama
            checked += 1
    assert checked > 20


def test_every_asn_holds_exactly_one_definitif_seat(demo):
    definitif = Q(
        assignments__jenis=JenisPenugasan.DEFINITIF,
        assignments__mulai__lte=DAY,
        assignments__selesai__isnull=True,
    )
    counts = Employee.objects.annotate(seats=Count("assignments", filter=definitif))
    assert set(counts.values_list("seats", flat=True)) == {1}


def test_sampled_employees_have_a_pejabat_penilai(demo):
    for employee in random.Random(1).sample(asn(), 30):
        penilai = hierarchy.pejabat_penilai(employee, DAY)
        assert penilai is not None and penilai.employee != employee, employee.nama


def test_the_sekda_is_evaluated_by_the_bupati(demo):
    sekda = holder_of("01-01")
    penilai = hierarchy.pejabat_penilai(sekda, DAY)
    assert penilai.employee.status == StatusKepegawaian.PEJABAT_NEGARA
    assert penilai.position.jenis_jabatan == JenisJabatan.KEPALA_DAERAH
    assert hierarchy.pejabat_penilai(penilai.employee, DAY) is None


def test_a_plt_leads_a_vacant_head_position_and_keeps_their_own_seat(demo):
    plt = Assignment.objects.get(jenis=JenisPenugasan.PLT)
    assert plt.position.is_unit_head
    assert not plt.position.assignments.filter(jenis=JenisPenugasan.DEFINITIF).exists()
    assert hierarchy.person_in_charge(plt.position, DAY) == plt
    own = hierarchy.primary_assignment(plt.employee, DAY)
    assert own.jenis == JenisPenugasan.DEFINITIF and own.position != plt.position
    vacant = Position.objects.filter(is_unit_head=True).exclude(
        assignments__jenis=JenisPenugasan.DEFINITIF
    )
    assert vacant.count() == 2 and vacant.exclude(pk=plt.position_id).get().assignments.count() == 0


def test_the_demo_logins_play_their_roles(demo):
    logins = {login.peran: login for login in demo.logins}
    assert set(logins) == {
        "Pegawai",
        "Atasan (pejabat penilai)",
        "Admin OPD",
        "Admin BKPSDM",
        "Pimpinan",
        "Auditor",
        "Kepala Daerah",
        "Superuser",
    }
    users = {}
    for peran, login in logins.items():
        users[peran] = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert users[peran] is not None, peran
    pegawai = users["Pegawai"].employee
    assert hierarchy.primary_assignment(pegawai, DAY).position.kode == DEMO_PEGAWAI_KODE
    assert pegawai.status == StatusKepegawaian.PNS and pegawai.kedudukan == Kedudukan.AKTIF
    atasan = hierarchy.pejabat_penilai(pegawai, DAY)
    assert atasan.employee.user == users["Atasan (pejabat penilai)"] and not atasan.acting
    admin_opd = RoleGrant.objects.get(user=users["Admin OPD"])
    assert admin_opd.peran == Peran.ADMIN_OPD and admin_opd.unit.nama == "Dinas Kesehatan"
    assert RoleGrant.objects.get(user=users["Admin BKPSDM"]).peran == Peran.ADMIN_BKPSDM
    assert RoleGrant.objects.get(user=users["Auditor"]).peran == Peran.AUDITOR
    assert users["Pimpinan"].employee == holder_of("01-01")
    assert users["Superuser"].is_superuser and users["Superuser"].is_staff


def test_role_holders_work_where_their_role_belongs(demo):
    def opd_kode(peran: str) -> str:
        employee = RoleGrant.objects.get(peran=peran).user.employee
        return hierarchy.primary_assignment(employee, DAY).position.unit.kode.split(".")[0]

    assert opd_kode(Peran.ADMIN_OPD) == "09"  # Dinas Kesehatan
    assert opd_kode(Peran.ADMIN_BKPSDM) == "07"
    assert opd_kode(Peran.AUDITOR) == "03"  # Inspektorat


def test_demo_logins_can_be_rebuilt_from_the_database(demo):
    assert demo_logins(demo.instansi, today=DAY) == demo.logins


def test_every_opd_exists_with_someone_in_charge(demo):
    opds = Unit.objects.filter(jenis__in=JENIS_UNIT_OPD).exclude(jenis=JenisUnit.KECAMATAN)
    assert set(opds.values_list("nama", flat=True)) == OPD_NAMES
    assert Unit.objects.filter(jenis=JenisUnit.KECAMATAN).count() >= 2
    for unit in Unit.objects.filter(jenis__in=JENIS_UNIT_OPD):
        head = unit.positions.get(is_unit_head=True)
        assert hierarchy.person_in_charge(head, DAY) is not None, unit.nama


def test_offices_have_a_location_in_wib(demo):
    assert set(Unit.objects.values_list("zona_waktu", flat=True)) == {ZonaWaktu.WIB}
    offices = Unit.objects.filter(
        jenis__in=[*JENIS_UNIT_OPD, JenisUnit.UPT, JenisUnit.SEKOLAH, JenisUnit.PUSKESMAS]
    )
    assert offices.count() > 20
    for unit in offices:
        assert unit.has_location and 100 <= unit.radius_m <= 300, unit.nama
        assert -8 < unit.latitude < -6.5 and 107.5 < unit.longitude < 108.5


def test_positions_carry_plausible_kelas_and_eselon(demo):
    for position in Position.objects.all():
        errors = position_field_errors(
            jenis_jabatan=position.jenis_jabatan,
            jenjang=position.jenjang,
            kelas_jabatan=position.kelas_jabatan,
        )
        assert not errors, (position.nama, errors)
        structural = position.jenis_jabatan in {
            JenisJabatan.JPT_PRATAMA,
            JenisJabatan.ADMINISTRATOR,
            JenisJabatan.PENGAWAS,
        }
        assert bool(position.eselon) == structural, position.nama
    sekda = Position.objects.get(kode="01-01")
    assert (sekda.jenis_jabatan, sekda.eselon, sekda.kelas_jabatan) == (
        JenisJabatan.JPT_PRATAMA,
        Eselon.II_A,
        15,
    )
    kadis = Position.objects.filter(nama__startswith="Kepala Dinas ", is_unit_head=True)
    assert {(p.eselon, p.kelas_jabatan) for p in kadis} == {(Eselon.II_B, 14)}
    guru = Position.objects.filter(nama__startswith="Guru Ahli")
    assert guru.exists() and all(
        p.unit.jenis == JenisUnit.SEKOLAH and p.jenis_jabatan == JenisJabatan.FUNGSIONAL_KEAHLIAN
        for p in guru.select_related("unit")
    )


def test_kategori_follows_the_work(demo):
    seats = Assignment.objects.filter(jenis=JenisPenugasan.DEFINITIF).select_related(
        "employee", "position"
    )
    for seat in seats:
        if seat.position.nama.startswith("Guru "):
            assert seat.employee.kategori == Kategori.GURU
        if seat.position.nama.startswith(("Perawat ", "Bidan ", "Dokter ")):
            assert seat.employee.kategori == Kategori.TENAGA_KESEHATAN
    kedudukan = set(Employee.objects.values_list("kedudukan", flat=True))
    assert {Kedudukan.AKTIF, Kedudukan.TUGAS_BELAJAR, Kedudukan.CLTN} == kedudukan


def test_the_seed_is_audited_once(demo):
    event = AuditEvent.objects.get(action="seed_demo")
    assert event.instansi_id == demo.instansi.pk and event.data["employees"] == SMALL


def test_a_second_seed_is_refused(demo):
    with pytest.raises(DemoError):
        seed_demo(employees=SMALL, seed=7, today=DAY)


@pytest.mark.django_db
def test_command_if_empty_seeds_once_then_only_prints_the_logins():
    first = StringIO()
    call_command(
        "seed_demo", "--employees", str(SMALL), "--if-empty", "--allow-production", stdout=first
    )
    employees = Employee.objects.count()
    assert employees == SMALL + 1
    second = StringIO()
    call_command(
        "seed_demo", "--employees", str(SMALL), "--if-empty", "--allow-production", stdout=second
    )
    assert "Data sudah ada, seed_demo dilewati" in second.getvalue()
    pegawai = Assignment.objects.get(position__kode=DEMO_PEGAWAI_KODE).employee
    assert pegawai.nip in first.getvalue() and pegawai.nip in second.getvalue()
    assert Instansi.objects.count() == 1 and Employee.objects.count() == employees
    with pytest.raises(CommandError):
        call_command(
            "seed_demo", "--employees", str(SMALL), "--allow-production", stdout=StringIO()
        )


@pytest.mark.django_db
def test_command_refuses_without_debug_unless_allowed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo", "--employees", str(SMALL), stdout=StringIO())
    assert not Instansi.objects.exists()
