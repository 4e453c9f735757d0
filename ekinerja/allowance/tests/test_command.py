"""manage.py tpp: the policy, run, finalise, export and reopen flow from the command line, with
the actor's access rules and clear errors on bad input."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ekinerja.allowance.choices import ProsesRun, StatusKebijakan, StatusRun
from ekinerja.allowance.models import TppLine, TppPolicy, TppRun
from ekinerja.allowance.testing import SIMPLE_POLICY
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.models import AuditEvent, ClosedMonth
from ekinerja.people.testing import personas  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NOW = dt.datetime(2026, 4, 5, 9, 0)
BAD_POLICY = """\
versi_skema: 2
nama: Kebijakan Rusak
berlaku_mulai: 2026-01-01
besaran:
  per_kelas:
    7: {beban_kerja: 3000000}
komponen:
  beban_kerja: {kinerja: 80, disiplin: 40}
kinerja:
  metode: menit
"""

pytestmark = pytest.mark.django_db


def tpp(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("tpp", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, str]:
    """The message of the CommandError and what was written to stderr before it."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised, time_machine.travel(NOW, tick=False):
        call_command("tpp", *args, stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    return str(raised.value), err.getvalue()


@pytest.fixture
def world(personas, settings, tmp_path):  # noqa: F811
    settings.TASKS = IMMEDIATE
    policy_file = tmp_path / "kebijakan.yaml"
    policy_file.write_text(SIMPLE_POLICY, encoding="utf-8")
    personas.policy_file = str(policy_file)
    personas.admin = personas.citra.user.username
    return personas


@pytest.fixture
def loaded(world):
    tpp("muat-kebijakan", world.policy_file, "--instansi", "9999", "--nip", world.admin)
    return world


def computed_run(p) -> TppRun:
    tpp("hitung", "--bulan", "2026-03", "--instansi", "9999", "--nip", p.admin)
    return TppRun.objects.get()


def test_the_whole_flow_load_run_finalise_export_reopen(world, tmp_path):
    out, _ = tpp("muat-kebijakan", world.policy_file, "--instansi", "9999", "--nip", world.admin)
    policy = TppPolicy.objects.get()
    assert policy.status == StatusKebijakan.BERLAKU
    assert f"Kebijakan 'Kebijakan Uji 60/40' (ID {policy.pk}) disimpan" in out
    assert AuditEvent.objects.get(action="tpp.kebijakan_dibuat").actor == world.citra.user

    # Ani was 45 minutes late once in March: discipline 99%.
    DailyAttendance.objects.create(
        instansi=world.instansi, employee=world.ani, tanggal=dt.date(2026, 3, 10),
        status=StatusKehadiran.TERLAMBAT, menit_terlambat=45,
    )  # fmt: skip
    world.dodi.nama = '=HYPERLINK("http://x") Dodi'
    world.dodi.save(update_fields=["nama"])
    out, _ = tpp("hitung", "--bulan", "2026-03", "--instansi", "9999", "--nip", world.admin)
    run = TppRun.objects.get()
    assert run.proses == ProsesRun.SELESAI and run.status == StatusRun.DRAF
    assert run.started_by == world.citra.user
    assert f"perhitungan ID {run.pk}" in out
    assert "Pegawai : 12" in out
    assert f"Bruto   : Rp {int(run.jumlah_bruto):,}".replace(",", ".") in out
    assert f"Bersih  : Rp {int(run.jumlah_bersih):,}".replace(",", ".") in out
    assert run.jumlah_bruto > 0

    out, _ = tpp("finalisasi", str(run.pk), "--nip", world.admin)
    run.refresh_from_db()
    assert run.status == StatusRun.FINAL and run.finalised_by == world.citra.user
    assert ClosedMonth.objects.filter(run_id=run.pk).count() == 12
    assert "Maret 2026" in out and "final" in out

    target = tmp_path / "tpp-2026-03.csv"
    tpp("ekspor-csv", str(run.pk), "--nip", world.admin, "-o", str(target))
    text = target.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].startswith("nip,nama,golongan,jabatan,kelas_jabatan,opd,")
    assert len(rows) == 12
    ani = next(row for row in rows if row["nip"] == world.ani.nip)
    assert ani["nama"] == "Ani Lestari"
    assert ani["jabatan"] == "Pengelola Data Surveilans" and ani["kelas_jabatan"] == "7"
    assert ani["opd"] == "Dinas Kesehatan"
    # Kelas 7: 3,000,000 x 40% x 99% = 1,188,000; BPJS 1% and 4%; PPh 21 borne by the Pemda.
    assert Decimal(ani["besaran"]) == Decimal("3000000")
    assert Decimal(ani["kinerja_persen"]) == 0 and Decimal(ani["disiplin_persen"]) == 99
    assert Decimal(ani["bruto"]) == Decimal("1188000")
    assert Decimal(ani["bpjs_pegawai"]) == Decimal("11880")
    assert Decimal(ani["bpjs_pemberi_kerja"]) == Decimal("47520")
    assert Decimal(ani["bersih"]) == Decimal("1176120")
    line = TppLine.objects.get(run=run, employee=world.ani)
    assert Decimal(ani["pajak"]) == line.pajak
    # A name a spreadsheet would run as a formula is written as text.
    dodi = next(row for row in rows if row["nip"] == world.dodi.nip)
    assert dodi["nama"] == '\'=HYPERLINK("http://x") Dodi'

    refused_msg, _ = refused("buka-kembali", str(run.pk), "--nip", world.admin, "--alasan", "x")
    assert "alasan" in refused_msg
    reason = "Koreksi presensi Maret dari BKD"
    out, _ = tpp("buka-kembali", str(run.pk), "--alasan", reason, "--nip", world.admin)
    run.refresh_from_db()
    assert run.status == StatusRun.DRAF
    assert not ClosedMonth.objects.exists()
    event = AuditEvent.objects.get(action="tpp.dibuka_kembali")
    assert event.data["alasan"] == reason and event.actor == world.citra.user
    assert "dibuka kembali" in out


def test_a_policy_exports_as_yaml_that_loads_back(loaded, tmp_path):
    policy = TppPolicy.objects.get()
    out, _ = tpp("ekspor-kebijakan", str(policy.pk), "--nip", loaded.admin)
    assert yaml.safe_load(out) == policy.dokumen
    target = tmp_path / "keluar.yaml"
    tpp("ekspor-kebijakan", str(policy.pk), "--nip", loaded.admin, "-o", str(target))
    # The exported file is a valid proposal of its own (same date, status usulan).
    out, _ = tpp(
        "muat-kebijakan", str(target), "--instansi", "9999", "--nip", loaded.admin, "--usulan"
    )
    assert TppPolicy.objects.filter(status=StatusKebijakan.USULAN).count() == 1
    assert "status Usulan" in out
    # --ganti replaces the document of a version instead of making a new one.
    target.write_text(SIMPLE_POLICY.replace("Uji 60/40", "Uji Revisi"), encoding="utf-8")
    tpp(
        "muat-kebijakan", str(target), "--instansi", "9999", "--nip", loaded.admin,
        "--ganti", str(policy.pk),
    )  # fmt: skip
    policy.refresh_from_db()
    assert policy.nama == "Kebijakan Uji Revisi"
    assert TppPolicy.objects.count() == 2


def test_a_bad_policy_file_prints_every_error_and_writes_nothing(world, tmp_path):
    bad = tmp_path / "rusak.yaml"
    bad.write_text(BAD_POLICY, encoding="utf-8")
    message, err = refused("muat-kebijakan", str(bad), "--instansi", "9999", "--nip", world.admin)
    assert "Kebijakan tidak disimpan" in message
    lines = err.splitlines()
    assert "versi_skema: harus 1" in lines
    assert "komponen.beban_kerja: porsi kinerja + disiplin melebihi 100" in lines
    assert not TppPolicy.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="tpp.").exists()

    bad.write_text("nama: [tidak ditutup\n", encoding="utf-8")
    _, err = refused("muat-kebijakan", str(bad), "--instansi", "9999", "--nip", world.admin)
    assert "baris" in err and "YAML" in err
    message, _ = refused(
        "muat-kebijakan", str(tmp_path / "tidak-ada.yaml"), "--instansi", "9999",
        "--nip", world.admin,
    )  # fmt: skip
    assert "tidak ditemukan" in message
    assert not TppPolicy.objects.exists()


def test_a_non_admin_nip_is_refused_and_nothing_is_written(loaded):
    budi = loaded.budi.user.username
    message, _ = refused("muat-kebijakan", loaded.policy_file, "--instansi", "9999", "--nip", budi)
    assert "bukan admin BKPSDM" in message
    message, _ = refused("hitung", "--bulan", "2026-03", "--instansi", "9999", "--nip", budi)
    assert "bukan admin BKPSDM" in message
    assert TppPolicy.objects.count() == 1 and not TppRun.objects.exists()

    run = computed_run(loaded)
    for args in (("finalisasi", str(run.pk)), ("buka-kembali", str(run.pk), "--alasan", "x" * 20)):
        message, _ = refused(*args, "--nip", budi)
        assert "bukan admin BKPSDM" in message
    message, _ = refused("ekspor-csv", str(run.pk), "--nip", budi)
    assert "tidak berhak membaca" in message
    run.refresh_from_db()
    assert run.status == StatusRun.DRAF

    # An admin OPD reads the lines of their subtree only; an auditor reads every line.
    fajar, hadi = loaded.fajar.user.username, loaded.hadi.user.username
    out, _ = tpp("ekspor-csv", str(run.pk), "--nip", fajar)
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5
    out, _ = tpp("ekspor-csv", str(run.pk), "--nip", hadi)
    assert len(list(csv.DictReader(io.StringIO(out)))) == 12
    message, _ = refused("finalisasi", str(run.pk), "--nip", hadi)
    assert "bukan admin BKPSDM" in message


def test_unknown_ids_nips_and_regions_are_clear_errors(loaded):
    run = computed_run(loaded)
    message, _ = refused("finalisasi", "999999", "--nip", loaded.admin)
    assert message == "Perhitungan TPP dengan ID 999999 tidak ditemukan."
    message, _ = refused("ekspor-csv", "abc", "--nip", loaded.admin)
    assert "harus bilangan bulat" in message
    message, _ = refused("ekspor-kebijakan", "424242", "--nip", loaded.admin)
    assert message == "Kebijakan TPP dengan ID 424242 tidak ditemukan."
    message, _ = refused("finalisasi", str(run.pk), "--nip", "199001012015011999")
    assert "NIP 199001012015011999 tidak ditemukan" in message
    message, _ = refused("finalisasi", str(run.pk))
    assert message == "--nip wajib diisi."
    # Another region: its code is refused, and its runs are not found.
    message, _ = refused(
        "hitung", "--bulan", "2026-03", "--instansi", "9998", "--nip", loaded.admin
    )
    assert "bukan admin BKPSDM Pemerintah Kota Lain" in message
    other = TppRun.objects.create(
        instansi=loaded.other_instansi, policy=run.policy, tahun=2026, bulan=3
    )
    message, _ = refused("finalisasi", str(other.pk), "--nip", loaded.admin)
    assert "tidak ditemukan" in message


def test_bad_months_and_units_are_refused(loaded):
    base = ("--instansi", "9999", "--nip", loaded.admin)
    message, _ = refused("hitung", "--bulan", "2026-13", *base)
    assert "gunakan TTTT-BB" in message
    message, _ = refused("hitung", *base)
    assert message == "--bulan wajib diisi."
    message, _ = refused("hitung", "--bulan", "2026-05", *base)
    assert "belum dimulai" in message
    message, _ = refused("hitung", "--bulan", "2025-12", *base)
    assert "Belum ada kebijakan" in message
    message, _ = refused("hitung", "--bulan", "2026-03", "--opd", "77", *base)
    assert "kode unit 77" in message
    message, _ = refused("hitung", "--bulan", "2026-03", "--opd", "03.01", *base)
    assert "bukan OPD" in message
    assert not TppRun.objects.exists()


def test_an_opd_run(loaded):
    out, _ = tpp(
        "hitung", "--bulan", "2026-03", "--instansi", "9999", "--opd", "03", "--nip", loaded.admin
    )
    run = TppRun.objects.get()
    assert run.unit == loaded.units["dinkes"] and run.jumlah_pegawai == 5
    assert "Dinas Kesehatan" in out and "Pegawai : 5" in out


def test_without_a_worker_the_command_takes_the_queued_job_and_computes_it(loaded, settings):
    settings.TASKS = DATABASE
    out, _ = tpp("hitung", "--bulan", "2026-03", "--instansi", "9999", "--nip", loaded.admin)
    run = TppRun.objects.get()
    assert run.proses == ProsesRun.SELESAI and run.jumlah_pegawai == 12
    assert "dihitung langsung" in out and "Pegawai : 12" in out
    # The job is closed, so a worker started later does not compute the run again.
    job = DBTaskResult.objects.get(pk=run.task_id)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == {"total": 12, "selesai": 12}
    assert not DBTaskResult.objects.ready().exists()


def test_waiting_for_a_worker_that_is_not_running_ends_with_a_clear_error(loaded, settings):
    settings.TASKS = DATABASE
    message, _ = refused(
        "hitung", "--bulan", "2026-03", "--instansi", "9999", "--nip", loaded.admin,
        "--tunggu", "--batas-waktu", "0",
    )  # fmt: skip
    assert "belum selesai setelah 0 detik" in message and "db_worker" in message
    run = TppRun.objects.get()
    assert run.proses == ProsesRun.MENUNGGU
    # The job stays queued for the worker.
    assert DBTaskResult.objects.get(pk=run.task_id).status == TaskResultStatus.READY
