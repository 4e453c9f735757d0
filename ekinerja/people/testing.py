"""Test personas, one place for every app's tests (architecture.md section 5).

Kabupaten Uji, on 2026-11-02:
  Bupati (Kepala Daerah, non-ASN) <- Sekda <- Kadinkes <- Kabid P2P (Eka) <- Kasi Surveilans (Budi)
  <- Pengelola Data Surveilans (Ani, and her colleague Intan).
  Dinas Pendidikan: Kadisdik <- Pengadministrasi Umum (Dodi, the outsider).
  Citra is admin BKPSDM, Fajar admin OPD of Dinas Kesehatan, Gita pimpinan, Hadi auditor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

import pytest

from ekinerja.org.choices import JenisJabatan, JenisUnit
from ekinerja.org.models import Instansi, Position, Unit

from .choices import JenisKelamin, JenisPenugasan, Peran, StatusKepegawaian
from .models import Assignment, Employee, RoleGrant, User

PASSWORD = "rahasia-uji-123"
START = dt.date(2024, 1, 1)
_sequence = count(1)


def make_nip(birth: str = "19900101", tmt: str = "201501", gender: str = "1") -> str:
    return f"{birth}{tmt}{gender}{next(_sequence) % 1000:03d}"


def make_employee(
    instansi: Instansi,
    nama: str,
    *,
    position: Position | None = None,
    jenis: str = JenisPenugasan.DEFINITIF,
    gender: str = "1",
    status: str = StatusKepegawaian.PNS,
    golongan: str = "III/a",
    with_login: bool = True,
) -> Employee:
    nip = None if status == StatusKepegawaian.PEJABAT_NEGARA else make_nip(gender=gender)
    user = None
    if with_login:
        user = User.objects.create_user(
            username=nip or nama.lower().replace(" ", ""), password=PASSWORD, instansi=instansi
        )
    employee = Employee.objects.create(
        instansi=instansi,
        user=user,
        nip=nip,
        nama=nama,
        tanggal_lahir=dt.date(1990, 1, 1),
        jenis_kelamin=JenisKelamin.LAKI_LAKI if gender == "1" else JenisKelamin.PEREMPUAN,
        status=status,
        golongan="" if status == StatusKepegawaian.PEJABAT_NEGARA else golongan,
    )
    if position is not None:
        Assignment.objects.create(employee=employee, position=position, jenis=jenis, mulai=START)
    return employee


def make_position(
    unit: Unit,
    kode: str,
    nama: str,
    jenis: str,
    kelas: int | None,
    reports_to: Position | None,
    head: bool = False,
) -> Position:
    return Position.objects.create(
        instansi=unit.instansi, unit=unit, kode=kode, nama=nama, jenis_jabatan=jenis,
        kelas_jabatan=kelas, reports_to=reports_to, is_unit_head=head,
    )  # fmt: skip


@dataclass
class Personas:
    instansi: Instansi
    other_instansi: Instansi
    units: dict[str, Unit]
    positions: dict[str, Position]
    bupati: Employee
    sekda: Employee
    kadinkes: Employee
    eka: Employee
    budi: Employee
    ani: Employee
    intan: Employee
    kadisdik: Employee
    dodi: Employee
    citra: Employee
    fajar: Employee
    gita: Employee
    hadi: Employee
    stranger: Employee

    def user(self, name: str) -> User:
        user = getattr(self, name).user
        assert user is not None
        return user


def build_personas() -> Personas:
    inst = Instansi.objects.create(
        kode="9999", nama="Pemerintah Kabupaten Uji", jenis="kabupaten", nama_daerah="Kabupaten Uji"
    )
    other = Instansi.objects.create(
        kode="9998", nama="Pemerintah Kota Lain", jenis="kota", nama_daerah="Kota Lain"
    )

    def unit(kode: str, nama: str, jenis: str, parent: Unit | None = None) -> Unit:
        return Unit.objects.create(instansi=inst, kode=kode, nama=nama, jenis=jenis, parent=parent)

    u = {"pimpinan": unit("00", "Pimpinan Daerah", JenisUnit.PIMPINAN_DAERAH)}
    u["setda"] = unit("01", "Sekretariat Daerah", JenisUnit.SEKRETARIAT, u["pimpinan"])
    u["bkpsdm"] = unit("02", "BKPSDM", JenisUnit.BADAN, u["pimpinan"])
    u["dinkes"] = unit("03", "Dinas Kesehatan", JenisUnit.DINAS, u["pimpinan"])
    u["p2p"] = unit("03.01", "Bidang P2P", JenisUnit.BIDANG, u["dinkes"])
    u["surveilans"] = unit("03.01.01", "Seksi Surveilans", JenisUnit.SEKSI, u["p2p"])
    u["disdik"] = unit("04", "Dinas Pendidikan", JenisUnit.DINAS, u["pimpinan"])

    J = JenisJabatan
    p = {"bupati": make_position(u["pimpinan"], "KD", "Bupati", J.KEPALA_DAERAH, None, None, True)}
    p["sekda"] = make_position(
        u["setda"], "SEKDA", "Sekretaris Daerah", J.JPT_MADYA, 16, p["bupati"], True
    )
    p["kadinkes"] = make_position(
        u["dinkes"], "KADINKES", "Kepala Dinas Kesehatan", J.JPT_PRATAMA, 14, p["sekda"], True
    )
    p["kabid"] = make_position(
        u["p2p"], "KABID-P2P", "Kepala Bidang P2P", J.ADMINISTRATOR, 11, p["kadinkes"], True
    )
    p["kasi"] = make_position(
        u["surveilans"], "KASI-SURV", "Kepala Seksi Surveilans", J.PENGAWAS, 9, p["kabid"], True
    )
    p["staf"] = make_position(
        u["surveilans"], "PDS", "Pengelola Data Surveilans", J.PELAKSANA, 7, p["kasi"]
    )
    p["kadisdik"] = make_position(
        u["disdik"], "KADISDIK", "Kepala Dinas Pendidikan", J.JPT_PRATAMA, 14, p["sekda"], True
    )
    p["staf_disdik"] = make_position(
        u["disdik"], "PU-DISDIK", "Pengadministrasi Umum", J.PELAKSANA, 5, p["kadisdik"]
    )
    p["analis_bkpsdm"] = make_position(
        u["bkpsdm"], "ASN-BKPSDM", "Analis SDM Aparatur", J.PELAKSANA, 7, None
    )
    p["staf_setda"] = make_position(u["setda"], "PU-SETDA", "Pengadministrasi Umum", J.PELAKSANA, 5, p["sekda"])  # fmt: skip

    people = {
        "bupati": make_employee(inst, "Bupati Uji", position=p["bupati"], status=StatusKepegawaian.PEJABAT_NEGARA),
        "sekda": make_employee(inst, "Sekda Uji", position=p["sekda"], golongan="IV/c"),
        "kadinkes": make_employee(inst, "Kadinkes Uji", position=p["kadinkes"], golongan="IV/b"),
        "eka": make_employee(inst, "Eka Saputra", position=p["kabid"], golongan="IV/a"),
        "budi": make_employee(inst, "Budi Santoso", position=p["kasi"], golongan="III/d"),
        "ani": make_employee(inst, "Ani Lestari", position=p["staf"], gender="2"),
        "intan": make_employee(inst, "Intan Permata", position=p["staf"], gender="2"),
        "kadisdik": make_employee(inst, "Kadisdik Uji", position=p["kadisdik"], golongan="IV/b"),
        "dodi": make_employee(inst, "Dodi Pratama", position=p["staf_disdik"], golongan="II/c"),
        "citra": make_employee(inst, "Citra Dewi", position=p["analis_bkpsdm"], gender="2"),
        "fajar": make_employee(inst, "Fajar Nugroho", position=p["staf_setda"]),
        "gita": make_employee(inst, "Gita Maharani", position=p["staf_setda"], gender="2"),
        "hadi": make_employee(inst, "Hadi Wijaya", position=p["staf_setda"]),
    }  # fmt: skip
    stranger_unit = Unit.objects.create(
        instansi=other, kode="01", nama="Setda Lain", jenis="sekretariat"
    )
    stranger_pos = Position.objects.create(
        instansi=other, unit=stranger_unit, kode="X", nama="Staf", jenis_jabatan=J.PELAKSANA, kelas_jabatan=5
    )  # fmt: skip
    stranger = make_employee(other, "Orang Lain", position=stranger_pos)
    RoleGrant.objects.create(user=people["citra"].user, peran=Peran.ADMIN_BKPSDM, instansi=inst)
    RoleGrant.objects.create(
        user=people["fajar"].user, peran=Peran.ADMIN_OPD, instansi=inst, unit=u["dinkes"]
    )
    RoleGrant.objects.create(user=people["gita"].user, peran=Peran.PIMPINAN, instansi=inst)
    RoleGrant.objects.create(user=people["hadi"].user, peran=Peran.AUDITOR, instansi=inst)  # fmt: skip
    return Personas(inst, other, u, p, stranger=stranger, **people)


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()


@pytest.fixture
def login(client):
    """login(user) signs the test client in and returns it."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
