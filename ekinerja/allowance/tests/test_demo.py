"""The TPP part of the demo region: a policy in force and a proposal, sanctions and tidak apel
counts, and the official run of the last month with attendance and activities, computed in
process (nothing queued), with lines and totals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from ekinerja.activity import demo as activity_demo
from ekinerja.allowance import demo as allowance_demo
from ekinerja.allowance.choices import JenisRun, ProsesRun, StatusKebijakan, StatusRun
from ekinerja.allowance.models import CatatanBulanan, HukumanDisiplin, TppLine, TppPolicy, TppRun
from ekinerja.allowance.policy import parse_policy
from ekinerja.allowance.selectors import policy_in_force
from ekinerja.attendance import demo as attendance_demo
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.models import AuditEvent, ClosedMonth
from ekinerja.people.demo import DemoResult, seed_demo
from ekinerja.people.management.commands.seed_demo import demo_extensions
from ekinerja.people.testing import personas  # noqa: F401
from ekinerja.planning import demo as planning_demo

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 1)  # the demo's plan date (DEMO_REFERENCE_DATE)
NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=WIB)  # attendance and activities: 3 Nov - 3 Dec
SEED = 5


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        result = seed_demo(employees=120, seed=SEED, today=DAY)
        attendance_demo.extend_demo(result, seed=SEED, today=DAY)
        planning_demo.extend_demo(result, seed=SEED, today=DAY)
        activity_demo.extend_demo(result, seed=SEED, today=DAY)
        summary = allowance_demo.extend_demo(result, seed=SEED, today=DAY)
        yield result, summary


def test_the_demo_computes_the_last_month_with_data(demo):
    result, summary = demo
    run = TppRun.objects.get(instansi=result.instansi)
    assert (run.tahun, run.bulan, run.jenis) == (2026, 11, JenisRun.RESMI)
    assert run.proses == ProsesRun.SELESAI and run.status == StatusRun.DRAF
    lines = TppLine.objects.filter(run=run)
    assert lines.count() == run.jumlah_pegawai == run.total > 100
    assert run.jumlah_bruto > run.jumlah_bersih > 0
    assert run.jumlah_bruto == sum(line.bruto for line in lines)
    # Approved minutes pay performance; lateness and absences cut discipline for some.
    assert lines.filter(kinerja_persen__gt=0).count() > lines.count() // 2
    assert lines.filter(disiplin_persen__lt=100, disiplin_persen__gt=50).exists()
    # Computed here, not queued for a worker; no month is closed.
    assert not DBTaskResult.objects.exists()
    assert not ClosedMonth.objects.exists()
    assert summary.startswith("TPP        : ")
    assert "(docs/tpp-examples/" in summary or "(dokumen demo)" in summary
    assert "November 2026 draf" in summary and f"{run.jumlah_pegawai} pegawai" in summary


def test_the_policies_and_the_monthly_inputs(demo):
    result, _ = demo
    in_force = policy_in_force(result.instansi.pk, dt.date(2026, 11, 1))
    assert in_force is not None and in_force.berlaku_mulai == dt.date(2026, 1, 1)
    assert policy_in_force(result.instansi.pk, dt.date(2026, 1, 1)) == in_force
    proposal = TppPolicy.objects.get(instansi=result.instansi, status=StatusKebijakan.USULAN)
    assert proposal.dokumen["kinerja"]["metode"] == "predikat"
    assert proposal.dokumen["komponen"]["beban_kerja"] == {"kinerja": 70, "disiplin": 30}
    assert parse_policy(proposal.dokumen).berlaku_mulai == dt.date(2027, 1, 1)
    # Saved through the service by the demo's admin BKPSDM: audited.
    assert AuditEvent.objects.filter(action="tpp.kebijakan_dibuat").count() == 2

    run = TppRun.objects.get(instansi=result.instansi)
    sanctioned = set(HukumanDisiplin.objects.values_list("employee_id", flat=True))
    assert len(sanctioned) == allowance_demo.SANCTIONS
    cut = [
        line
        for line in TppLine.objects.filter(run=run, employee_id__in=sanctioned)
        if any(step["kode"] == "hukuman_disiplin" for step in line.rincian["langkah"])
    ]
    assert cut, "a sanction in force in November cuts the TPP"
    counted = CatatanBulanan.objects.filter(tahun=2026, bulan=11, kode="tidak_apel")
    assert counted.count() == round(run.jumlah_pegawai * allowance_demo.APEL_SHARE)
    assert "tidak_apel" in in_force.dokumen["disiplin"]["lainnya"]
    missed = TppLine.objects.filter(
        run=run, employee_id__in=counted.values("employee_id"), bruto__gt=0
    )
    assert missed and all(
        any(
            factor["uraian"].startswith("Tidak apel") for factor in line.rincian["rincian_disiplin"]
        )
        for line in missed
    )
    # December (the month in progress) has its counts too, for the estimate of TPP saya.
    assert CatatanBulanan.objects.filter(tahun=2026, bulan=12).exists()


def test_a_month_with_full_attendance_before_the_last_one_is_finalised(personas):  # noqa: F811
    """A region whose attendance covers January and February, on 2 March: January final,
    February a draft, through the same services as the pages."""
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(59)]
    DailyAttendance.objects.bulk_create(
        DailyAttendance(
            instansi=personas.instansi, employee=personas.ani, tanggal=day,
            status=StatusKehadiran.HADIR,
        )
        for day in days
    )  # fmt: skip
    result = DemoResult(
        instansi=personas.instansi, units=0, positions=0, employees=0, by_status={},
        by_kategori={}, vacant=[], plt="",
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB), tick=False):
        summary = allowance_demo.extend_demo(result, seed=1, today=dt.date(2026, 3, 2))
    january = TppRun.objects.get(tahun=2026, bulan=1)
    february = TppRun.objects.get(tahun=2026, bulan=2)
    assert january.status == StatusRun.FINAL and january.finalised_by == personas.citra.user
    assert ClosedMonth.objects.filter(run_id=january.pk).count() == january.jumlah_pegawai == 12
    assert february.status == StatusRun.DRAF and february.jumlah_bersih > 0
    assert "Januari 2026 final" in summary


def test_without_an_admin_bkpsdm_the_demo_adds_no_tpp(personas):  # noqa: F811
    personas.citra.user.role_grants.all().delete()
    result = DemoResult(
        instansi=personas.instansi, units=0, positions=0, employees=0, by_status={},
        by_kategori={}, vacant=[], plt="",
    )  # fmt: skip
    summary = allowance_demo.extend_demo(result, seed=1, today=dt.date(2026, 3, 2))
    assert "tidak ditambahkan" in summary
    assert not TppPolicy.objects.exists()


@pytest.mark.parametrize(
    ("end", "first", "last", "target", "earlier"),
    [
        # The usual case: 30 days back reach into the previous month only.
        (dt.date(2026, 12, 3), dt.date(2026, 11, 3), dt.date(2026, 12, 3), (2026, 11), None),
        # On the 31st the window holds none of the previous month: the current one.
        (dt.date(2026, 12, 31), dt.date(2026, 12, 1), dt.date(2026, 12, 31), (2026, 12), None),
        # A window over two whole months: the earlier one is finalised.
        (dt.date(2026, 3, 2), dt.date(2026, 1, 1), dt.date(2026, 3, 2), (2026, 2), (2026, 1)),
        # Two days of January are not enough to finalise it.
        (dt.date(2026, 3, 1), dt.date(2026, 1, 30), dt.date(2026, 3, 1), (2026, 2), None),
        # Across a year.
        (dt.date(2027, 1, 10), dt.date(2026, 12, 11), dt.date(2027, 1, 10), (2026, 12), None),
    ],
)
def test_pick_months(end, first, last, target, earlier):
    attended = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    assert allowance_demo.pick_months(end, attended) == (target, earlier)


def test_the_fallback_documents_are_valid_and_a_broken_example_is_not_used(tmp_path, monkeypatch):
    start = dt.date(2026, 1, 1)
    document = allowance_demo.demo_policy_document(start)
    policy = parse_policy(document)
    assert set(policy.per_kelas) == set(range(1, 18))
    assert policy.pajak.tarif["IX"] == 5 and policy.pajak.tarif["IV/a"] == 15
    parse_policy(allowance_demo.proposal_document(document, dt.date(2027, 1, 1)))
    broken = tmp_path / "kebijakan.yaml"
    broken.write_text("versi_skema: 9\n", encoding="utf-8")
    monkeypatch.setattr(allowance_demo, "EXAMPLE_POLICY", broken)
    assert allowance_demo.policy_in_force_document(start) == (document, "dokumen demo")
    monkeypatch.setattr(allowance_demo, "EXAMPLE_POLICY", tmp_path / "tidak-ada.yaml")
    assert allowance_demo.policy_in_force_document(start)[1] == "dokumen demo"


def test_the_demo_runs_after_the_apps_it_reads():
    extensions = demo_extensions()
    position = extensions.index(allowance_demo.extend_demo)
    assert position > extensions.index(attendance_demo.extend_demo)
    assert position > extensions.index(activity_demo.extend_demo)
