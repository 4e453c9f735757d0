"""A small policy for tests of the run, pages and commands (the full examples live in
docs/tpp-examples/), and the fixtures the allowance and reports tests share (a pytest plugin,
registered in the root conftest). The `tpp_*` fixtures build on `people.testing.personas`."""

import pytest

from ekinerja.allowance import services
from ekinerja.allowance.choices import StatusKebijakan
from ekinerja.allowance.models import TppLine
from ekinerja.allowance.services_policy import save_policy
from ekinerja.people.choices import Peran
from ekinerja.people.models import RoleGrant
from ekinerja.people.testing import make_employee

SIMPLE_POLICY = """\
versi_skema: 1
nama: Kebijakan Uji 60/40
berlaku_mulai: 2026-01-01
besaran:
  per_kelas:
    5: {beban_kerja: 2000000}
    7: {beban_kerja: 3000000}
    9: {beban_kerja: 4000000, kondisi_kerja: 500000}
    11: {beban_kerja: 6000000}
    14: {beban_kerja: 10000000}
    16: {beban_kerja: 15000000}
komponen:
  beban_kerja: {kinerja: 60, disiplin: 40}
  kondisi_kerja: {kinerja: 0, disiplin: 0}
kinerja:
  metode: menit
  menit: {cara: proporsional}
disiplin:
  terlambat: [[1, 0.5], [31, 1], [61, 1.5], [91, 2]]
  pulang_cepat: [[1, 0.5], [31, 1], [61, 1.5], [91, 2]]
  tanpa_keterangan: {per_hari: 4}
status:
  cpns: 80
pajak: {ditanggung_pemerintah: true}
bpjs: {pemberi_kerja: 4, pegawai: 1, batas_dasar: 12000000}
"""

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PROPOSED_POLICY = SIMPLE_POLICY.replace("3000000", "3500000").replace("Uji 60/40", "Usulan")


def start(p, bulan=3, **kwargs):  # type: ignore[no-untyped-def]
    """Citra (admin BKPSDM) runs a month of 2026; the task runs at once under tpp_world."""
    return services.start_run(
        actor=p.citra.user, instansi=p.instansi, tahun=2026, bulan=bulan, **kwargs
    )


def line_of(run, who):  # type: ignore[no-untyped-def]
    return TppLine.objects.get(run=run, employee=who)


def hire(p, count):  # type: ignore[no-untyped-def]
    """More staff in the Seksi Surveilans (kelas 7), so pages have more lines to show."""
    for number in range(count):
        make_employee(p.instansi, f"Pegawai Tambahan {number:03d}", position=p.positions["staf"])


@pytest.fixture
def tpp_world(personas, settings):  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE_TASKS
    save_policy(actor=personas.citra.user, instansi=personas.instansi, text=SIMPLE_POLICY)
    return personas


@pytest.fixture
def tpp_march(tpp_world):  # type: ignore[no-untyped-def]
    return start(tpp_world)


@pytest.fixture
def tpp_proposed(tpp_world):  # type: ignore[no-untyped-def]
    return save_policy(
        actor=tpp_world.citra.user, instansi=tpp_world.instansi, text=PROPOSED_POLICY,
        status=StatusKebijakan.USULAN,
    )  # fmt: skip


@pytest.fixture
def tpp_simulation(tpp_world, tpp_march, tpp_proposed):  # type: ignore[no-untyped-def]
    return start(tpp_world, policy=tpp_proposed, simulasi=True)


@pytest.fixture
def tpp_foreign_admin(tpp_world):  # type: ignore[no-untyped-def]
    """The stranger made admin BKPSDM of his own region: a manager, but not of these rows."""
    user = tpp_world.user("stranger")
    RoleGrant.objects.create(user=user, peran=Peran.ADMIN_BKPSDM, instansi=tpp_world.other_instansi)
    return user
