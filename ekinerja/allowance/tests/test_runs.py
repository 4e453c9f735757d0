import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.allowance import services
from ekinerja.allowance.choices import JenisRun, ProsesRun, StatusKebijakan, StatusRun
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.allowance.services_policy import save_policy
from ekinerja.allowance.testing import SIMPLE_POLICY
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.closing import refuse_if_closed
from ekinerja.core.models import AuditEvent, ClosedMonth
from ekinerja.people.testing import personas  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, settings):  # noqa: F811
    settings.TASKS = IMMEDIATE
    save_policy(actor=personas.citra.user, instansi=personas.instansi, text=SIMPLE_POLICY)
    return personas


def _start(p, **kwargs):
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        return services.start_run(
            actor=p.citra.user, instansi=p.instansi, tahun=2026, bulan=3, **kwargs
        )


def _lines(run):
    return {
        line.employee_id: (line.bruto, line.bersih, line.rincian)
        for line in TppLine.objects.filter(run=run)
    }


def test_a_run_computes_every_asn_of_the_instansi(world):
    run = _start(world)
    assert run.proses == ProsesRun.SELESAI
    lines = TppLine.objects.filter(run=run)
    # 12 ASN; the Bupati is a pejabat negara and the stranger is in another instansi.
    assert lines.count() == 12 == run.jumlah_pegawai
    ani = lines.get(employee=world.ani)
    # Kelas 7: 3,000,000 x 40% discipline (no lateness) = 1,200,000; no minutes approved.
    assert ani.bruto == Decimal("1200000")
    assert ani.bpjs_pegawai == Decimal("12000")
    assert ani.bersih == Decimal("1188000")
    assert ani.rincian["langkah"][0]["kode"] == "beban_kerja.kinerja"
    assert run.jumlah_bruto == sum(line.bruto for line in lines)


def test_lateness_and_absence_are_read_from_daily_attendance(world):
    day = dt.date(2026, 3, 10)
    DailyAttendance.objects.create(
        instansi=world.instansi, employee=world.ani, tanggal=day,
        status=StatusKehadiran.TERLAMBAT, menit_terlambat=45,
    )  # fmt: skip
    DailyAttendance.objects.create(
        instansi=world.instansi, employee=world.ani, tanggal=day + dt.timedelta(days=1),
        status=StatusKehadiran.TANPA_KETERANGAN,
    )  # fmt: skip
    run = _start(world)
    ani = TppLine.objects.get(run=run, employee=world.ani)
    # Discipline 100 - 1 (TL 31-60) - 4 (one TK day) = 95%: 3,000,000 x 40% x 95% = 1,140,000.
    assert ani.disiplin_persen == Decimal("95")
    assert ani.bruto == Decimal("1140000")


def test_running_a_draft_again_gives_identical_lines(world):
    first = _lines(_start(world))
    run = _start(world)
    assert TppRun.objects.filter(jenis=JenisRun.RESMI).count() == 1
    assert _lines(run) == first


def test_finalising_closes_the_month_and_reopening_is_audited(world):
    run = _start(world)
    services.finalise_run(actor=world.citra.user, run=run)
    assert ClosedMonth.objects.filter(run_id=run.id).count() == 12
    with pytest.raises(ValidationError, match="sudah difinalisasi"):
        refuse_if_closed([world.ani.id], [dt.date(2026, 3, 15)])
    with pytest.raises(ValidationError, match="sudah final"):
        _start(world)
    with pytest.raises(ValidationError, match="alasan"):
        services.reopen_run(actor=world.citra.user, run=run, alasan="")
    services.reopen_run(actor=world.citra.user, run=run, alasan="Koreksi presensi Maret dari BKD")
    run.refresh_from_db()
    assert run.status == StatusRun.DRAF
    assert not ClosedMonth.objects.exists()
    event = AuditEvent.objects.get(action="tpp.dibuka_kembali")
    assert event.data["alasan"] == "Koreksi presensi Maret dari BKD"


def test_only_admin_bkpsdm_runs_finalises_and_reopens(world):
    for persona in (world.budi, world.fajar, world.gita):
        with pytest.raises(PermissionDenied):
            _start(world.__class__(**{**world.__dict__, "citra": persona}))
    run = _start(world)
    with pytest.raises(PermissionDenied):
        services.finalise_run(actor=world.fajar.user, run=run)


def test_an_opd_run_covers_its_subtree_only(world):
    run = _start(world, unit=world.units["dinkes"])
    ids = set(TppLine.objects.filter(run=run).values_list("employee_id", flat=True))
    assert ids == {world.kadinkes.id, world.eka.id, world.budi.id, world.ani.id, world.intan.id}
    with pytest.raises(ValidationError, match="per OPD"):
        _start(world)


def test_a_simulation_uses_the_proposed_policy_and_cannot_be_finalised(world):
    proposed = save_policy(
        actor=world.citra.user,
        instansi=world.instansi,
        text=SIMPLE_POLICY.replace("3000000", "3500000").replace("Uji 60/40", "Usulan"),
        status=StatusKebijakan.USULAN,
    )
    run = _start(world, policy=proposed, simulasi=True)
    assert TppLine.objects.get(run=run, employee=world.ani).bruto == Decimal("1400000")
    with pytest.raises(ValidationError, match="Simulasi"):
        services.finalise_run(actor=world.citra.user, run=run)


def test_a_month_without_a_policy_or_in_the_future_is_refused(world):
    february = time_machine.travel(dt.datetime(2026, 2, 5, 9, 0), tick=False)
    with february, pytest.raises(ValidationError, match="belum dimulai"):
        services.start_run(actor=world.citra.user, instansi=world.instansi, tahun=2026, bulan=3)
    april = time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False)
    with april, pytest.raises(ValidationError, match="Belum ada kebijakan"):
        services.start_run(actor=world.citra.user, instansi=world.instansi, tahun=2025, bulan=12)
