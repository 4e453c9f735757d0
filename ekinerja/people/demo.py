"""The demo Pemda service: writes the Kabupaten Sukamaju that `demo_plan` decides, and finds the
demo logins again.

Rows go in with bulk inserts, level by level, so ten thousand employees take seconds rather than
the minutes that per-row services would need.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JenisInstansi, ZonaWaktu
from ekinerja.org.models import Instansi, Position, Unit

from . import demo_data as data
from . import hierarchy
from .choices import JenisPenugasan, Peran
from .demo_plan import (
    DEMO_PEGAWAI_KODE,
    DemoError,
    DemoPlan,
    PersonPlan,
    SeatPlan,
    UnitPlan,
    build_plan,
)
from .models import Assignment, Employee, RoleGrant, User

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_PEGAWAI_KODE",
    "DemoError",
    "DemoLogin",
    "DemoResult",
    "build_plan",
    "demo_logins",
    "seed_demo",
]

DEMO_INSTANSI_KODE = "3299"
DEMO_PASSWORD = "demo12345"
# The demo is drawn as of this date (or today, if earlier), so one seed gives the same people,
# NIPs and logins whatever day it runs; the README can then list the demo logins.
DEMO_REFERENCE_DATE = dt.date(2026, 11, 1)


def demo_plan_date(today: dt.date) -> dt.date:
    return min(today, DEMO_REFERENCE_DATE)


BUPATI_USERNAME = "bupati"
SUPERUSER_USERNAME = "admin"
BATCH_SIZE = 1000


@dataclass(frozen=True)
class DemoLogin:
    peran: str
    username: str
    password: str
    nama: str
    keterangan: str


@dataclass
class DemoResult:
    instansi: Instansi
    units: int
    positions: int
    employees: int
    by_status: dict[str, int]
    by_kategori: dict[str, int]
    vacant: list[str]
    plt: str
    logins: list[DemoLogin] = field(default_factory=list)


# --- writing -----------------------------------------------------------------------------------


def _depths(parents: dict[str, str | None]) -> dict[str, int]:
    depths: dict[str, int] = {}

    def depth(kode: str) -> int:
        if kode not in depths:
            parent = parents[kode]
            depths[kode] = 0 if parent is None else depth(parent) + 1
        return depths[kode]

    for kode in parents:
        depth(kode)
    return depths


def _by_level[T: (UnitPlan, SeatPlan)](
    items: list[T], parent_of: dict[str, str | None]
) -> list[list[T]]:
    """Items grouped so that every item's parent sits in an earlier group."""
    depths = _depths(parent_of)
    levels: dict[int, list[T]] = defaultdict(list)
    for item in items:
        levels[depths[item.kode]].append(item)
    return [levels[d] for d in sorted(levels)]


def _create_instansi() -> Instansi:
    return Instansi.objects.create(
        kode=DEMO_INSTANSI_KODE,
        nama="Pemerintah Kabupaten Sukamaju",
        jenis=JenisInstansi.KABUPATEN,
        nama_daerah="Kabupaten Sukamaju",
        ibu_kota="Sukamaju",
        alamat="Jl. Pahlawan No. 1, Sukamaju",
        zona_waktu=ZonaWaktu.WIB,
    )


def _create_units(instansi: Instansi, plans: list[UnitPlan]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for level in _by_level(plans, {u.kode: u.parent for u in plans}):
        rows = [
            Unit(
                instansi=instansi,
                parent=units[plan.parent] if plan.parent else None,
                kode=plan.kode,
                nama=plan.nama,
                singkatan=plan.singkatan,
                jenis=plan.jenis,
                zona_waktu=ZonaWaktu.WIB,
                alamat=plan.office.alamat if plan.office else "",
                latitude=plan.office.latitude if plan.office else None,
                longitude=plan.office.longitude if plan.office else None,
                radius_m=plan.office.radius_m if plan.office else None,
                urutan=plan.urutan,
            )
            for plan in level
        ]
        for unit in Unit.objects.bulk_create(rows, batch_size=BATCH_SIZE):
            units[unit.kode] = unit
    return units


def _create_positions(
    instansi: Instansi, plans: list[SeatPlan], units: dict[str, Unit]
) -> dict[str, Position]:
    positions: dict[str, Position] = {}
    for level in _by_level(plans, {s.kode: s.reports_to for s in plans}):
        rows = [
            Position(
                instansi=instansi,
                unit=units[plan.unit],
                reports_to=positions[plan.reports_to] if plan.reports_to else None,
                kode=plan.kode,
                nama=plan.nama,
                jenis_jabatan=plan.jenis,
                jenjang=plan.jenjang,
                kelas_jabatan=plan.kelas,
                eselon=plan.eselon,
                is_unit_head=plan.head,
            )
            for plan in level
        ]
        for position in Position.objects.bulk_create(rows, batch_size=BATCH_SIZE):
            positions[position.kode] = position
    return positions


def _create_employees(
    instansi: Instansi, people: list[PersonPlan], password: str
) -> list[Employee]:
    users = User.objects.bulk_create(
        [
            User(
                username=person.nip or BUPATI_USERNAME,
                first_name=person.nama[:150],
                instansi=instansi,
                password=password,
            )
            for person in people
        ],
        batch_size=BATCH_SIZE,
    )
    return Employee.objects.bulk_create(
        [
            Employee(
                instansi=instansi,
                user=user,
                nip=person.nip,
                nama=person.nama,
                gelar_depan=person.gelar_depan,
                gelar_belakang=person.gelar_belakang,
                tempat_lahir=person.tempat_lahir,
                tanggal_lahir=person.tanggal_lahir,
                jenis_kelamin=person.jenis_kelamin,
                status=person.status,
                golongan=person.golongan,
                kategori=person.kategori,
                kedudukan=person.kedudukan,
            )
            for person, user in zip(people, users, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )


def _create_assignments(
    plan: DemoPlan,
    people: list[PersonPlan],
    employees: list[Employee],
    positions: dict[str, Position],
) -> None:
    rows = [
        Assignment(
            employee=employee,
            position=positions[person.seat],
            jenis=JenisPenugasan.DEFINITIF,
            mulai=person.mulai,
            nomor_sk=person.nomor_sk,
        )
        for person, employee in zip(people, employees, strict=True)
    ]
    holder = _first_holders(people, employees)[plan.plt.holder_seat]
    rows.append(
        Assignment(
            employee=holder,
            position=positions[plan.plt.position],
            jenis=JenisPenugasan.PLT,
            mulai=plan.plt.mulai,
            nomor_sk=plan.plt.nomor_sk,
        )
    )
    Assignment.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _first_holders(people: list[PersonPlan], employees: list[Employee]) -> dict[str, Employee]:
    first: dict[str, Employee] = {}
    for person, employee in zip(people, employees, strict=True):
        first.setdefault(person.seat, employee)
    return first


def _grant_demo_roles(
    instansi: Instansi,
    plan: DemoPlan,
    first_holders: dict[str, Employee],
    units: dict[str, Unit],
) -> None:
    def user_of(role: str) -> User:
        user = first_holders[plan.roles[role]].user
        assert user is not None
        return user

    def grant(role: str, peran: str, unit: Unit | None = None) -> RoleGrant:
        return RoleGrant(user=user_of(role), peran=peran, instansi=instansi, unit=unit)

    dinkes = units[data.OPD_KODE[data.DINAS_KESEHATAN]]
    RoleGrant.objects.bulk_create(
        [
            grant("admin_opd", Peran.ADMIN_OPD, dinkes),
            grant("admin_bkpsdm", Peran.ADMIN_BKPSDM),
            grant("pimpinan", Peran.PIMPINAN),
            grant("auditor", Peran.AUDITOR),
        ]
    )


def _create_superuser(instansi: Instansi, password: str) -> None:
    # An existing "admin" belongs to whoever made it; the demo leaves it and its password alone.
    if User.objects.filter(username=SUPERUSER_USERNAME).exists():
        return
    User.objects.create(
        username=SUPERUSER_USERNAME,
        first_name="Administrator",
        password=password,
        is_staff=True,
        is_superuser=True,
        instansi=instansi,
    )


@transaction.atomic
def seed_demo(*, employees: int, seed: int, today: dt.date) -> DemoResult:
    """Create the demo Kabupaten Sukamaju with `employees` ASN, reproducibly from `seed`."""
    if Instansi.objects.filter(kode=DEMO_INSTANSI_KODE).exists():
        raise DemoError("Kabupaten Sukamaju sudah ada; kosongkan basis data untuk membuat ulang.")
    plan = build_plan(employees=employees, seed=seed, today=today)
    instansi = _create_instansi()
    units = _create_units(instansi, plan.units)
    positions = _create_positions(instansi, plan.seats, units)
    # One hash for every account: hashing ten thousand passwords would take minutes.
    password = make_password(DEMO_PASSWORD)
    everyone = [plan.bupati, *plan.people]
    created = _create_employees(instansi, everyone, password)
    _create_assignments(plan, everyone, created, positions)
    _grant_demo_roles(instansi, plan, _first_holders(everyone, created), units)
    _create_superuser(instansi, password)
    result = _result(instansi, plan, positions, created)
    record_audit_event(
        actor=None,
        action="seed_demo",
        obj=instansi,
        instansi_id=instansi.pk,
        summary=f"Data demo {instansi.nama}: {result.employees} ASN, seed {seed}",
        data={
            "seed": seed,
            "employees": employees,
            "today": today.isoformat(),
            "units": result.units,
            "positions": result.positions,
            "by_status": result.by_status,
            "by_kategori": result.by_kategori,
        },
    )
    result.logins = demo_logins(instansi, today=today)
    return result


def _result(
    instansi: Instansi, plan: DemoPlan, positions: dict[str, Position], created: list[Employee]
) -> DemoResult:
    holder = _first_holders([plan.bupati, *plan.people], created)[plan.plt.holder_seat]
    acting = positions[plan.plt.position]
    return DemoResult(
        instansi=instansi,
        units=len(plan.units),
        positions=len(plan.seats),
        employees=len(plan.people),
        by_status=dict(Counter(p.status for p in plan.people)),
        by_kategori=dict(Counter(p.kategori for p in plan.people)),
        vacant=[positions[kode].nama for kode in plan.vacant],
        plt=f"{holder.nama_lengkap} sebagai Plt {acting.nama}",
    )


# --- demo logins -------------------------------------------------------------------------------


def demo_logins(instansi: Instansi, *, today: dt.date | None = None) -> list[DemoLogin]:
    """The demo accounts, one per role, found again from the database (no extra bookkeeping)."""
    today = today or timezone.localdate()
    return [
        *_derived_logins(instansi, today),
        *_granted_logins(instansi),
        *_official_logins(instansi),
    ]


def _derived_logins(instansi: Instansi, today: dt.date) -> list[DemoLogin]:
    """Pegawai and atasan: roles that follow from the position tree, not from a grant."""
    pegawai = _demo_pegawai(instansi, today)
    if pegawai is None:
        return []
    logins = [_login("Pegawai", pegawai, "Data diri, SKP dan aktivitas harian sendiri")]
    penilai = hierarchy.pejabat_penilai(pegawai, today)
    if penilai is not None:
        seen = f"Bawahan langsung sebagai {penilai.position.nama}"
        logins.append(_login("Atasan (pejabat penilai)", penilai.employee, seen))
    return logins


def _granted_logins(instansi: Instansi) -> list[DemoLogin]:
    granted = (
        (Peran.ADMIN_OPD, "Pegawai {unit} beserta unit di bawahnya"),
        (Peran.ADMIN_BKPSDM, "Seluruh pegawai dan data induk instansi"),
        (Peran.PIMPINAN, "Ringkasan dan laporan seluruh instansi (baca saja)"),
        (Peran.AUDITOR, "Seluruh data instansi untuk pemeriksaan (baca saja)"),
    )
    logins = []
    for peran, seen in granted:
        grant = (
            RoleGrant.objects.filter(instansi=instansi, peran=peran, user__employee__isnull=False)
            .select_related("user__employee", "unit")
            .order_by("id")
            .first()
        )
        if grant is not None:
            scope = grant.unit.nama if grant.unit else instansi.nama
            logins.append(_login(Peran(peran).label, grant.user.employee, seen.format(unit=scope)))
    return logins


def _official_logins(instansi: Instansi) -> list[DemoLogin]:
    """The Bupati and the Django superuser, both known by a fixed username."""
    logins = []
    bupati = Employee.objects.filter(instansi=instansi, user__username=BUPATI_USERNAME).first()
    if bupati is not None:
        logins.append(_login("Kepala Daerah", bupati, "Penilai Sekretaris Daerah"))
    superuser = User.objects.filter(
        username=SUPERUSER_USERNAME, instansi=instansi, is_superuser=True
    ).exists()
    if superuser:
        seen = "Halaman admin Django (/admin/)"
        logins.append(
            DemoLogin("Superuser", SUPERUSER_USERNAME, DEMO_PASSWORD, "Administrator", seen)
        )
    return logins


def _demo_pegawai(instansi: Instansi, today: dt.date) -> Employee | None:
    # Two plain lookups by indexed keys: a join through a subquery here could get a nested-loop
    # plan on PostgreSQL right after the bulk seed, before the table statistics catch up.
    seat = (
        Assignment.objects.active_on(today)
        .filter(
            position__instansi=instansi,
            position__kode=DEMO_PEGAWAI_KODE,
            jenis=JenisPenugasan.DEFINITIF,
        )
        .order_by("mulai", "id")
        .values_list("employee_id", flat=True)
        .first()
    )
    if seat is None:
        return None
    return Employee.objects.select_related("user").get(pk=seat)


def _login(peran: str, employee: Employee, keterangan: str) -> DemoLogin:
    username = employee.user.username if employee.user else ""
    return DemoLogin(peran, username, DEMO_PASSWORD, employee.nama_lengkap, keterangan)
