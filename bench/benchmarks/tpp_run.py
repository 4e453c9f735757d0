"""The TPP of a whole month for the 10,000-employee region (issue 7: < 20 s, peak memory
< 500 MB): `allowance.services.compute_run` called directly (the worker's task body, no queue)
for every ASN in scope, storing one TppLine per employee with its JSON breakdown.

The month is the one `attendance_recompute` uses (three months back): its punches (two a
working day for everyone) and its daily attendance (computed once by `recompute_attendance`,
kept across runs), inside the year of ten million activities of `ensure_activity_year`
(kept), with the demo's own set evaluations of that month (predikat of about 7,200 employees,
those with an approved SKP). The policy is docs/tpp-examples/kebijakan-60-40-menit.yaml when
that file exists and parses, with any kategori exclusion lifted (the example leaves guru out,
whose lines would be stored empty, without any computation), else BENCH_POLICY below (kelas
1-17); it is saved once through `save_policy` as a proposal (usulan; the demo has its own
policy in force) and updated in place when its text changes.

Each measured computation runs in a fresh Python process (`python -m bench.benchmarks.tpp_run
RUN_ID`, as a worker would): wall time around `compute_run`, and the process's peak resident
memory (VmHWM of /proc/self/status, the same figure as getrusage's ru_maxrss) — the whole
process, Django included, not a tracemalloc count of Python objects. One warm-up, then the
median of three; each run (a simulation with that proposal, so no official run of the month
is touched; `compute_run` is the same for both kinds) is deleted with its lines afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.dataset import (
    EMPLOYEES,
    Context,
    Result,
    attendance_month,
    ensure_activity_year,
    ensure_attendance_month,
)

NAME = "tpp_run"
TARGET = 20.0
UNIT = "s"
MEMORY_MB = 500.0
RUNS = 3
ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "docs" / "tpp-examples" / "kebijakan-60-40-menit.yaml"
# Where the fresh figure is left for tpp_run_sql_floor (run right after, same database).
LAST_FIGURE = ROOT / "bench" / ".work" / "tpp_run.{database}.json"
MARKER = "bench:tpp_run"

# A full 60/40 policy: every kelas 1-17, two components, minutes for performance, BKN-style
# lateness bands, TK days, status and kedudukan rates, PPh 21 by golongan, BPJS with a cap.
BENCH_POLICY = """\
versi_skema: 1
nama: Kebijakan tolok ukur 60/40 menit
berlaku_mulai: 2026-01-01
besaran:
  per_kelas:
    1: {beban_kerja: 1500000}
    2: {beban_kerja: 1650000}
    3: {beban_kerja: 1800000}
    4: {beban_kerja: 2000000}
    5: {beban_kerja: 2250000}
    6: {beban_kerja: 2500000}
    7: {beban_kerja: 2800000}
    8: {beban_kerja: 3200000, kondisi_kerja: 300000}
    9: {beban_kerja: 3800000, kondisi_kerja: 400000}
    10: {beban_kerja: 4500000, kondisi_kerja: 500000}
    11: {beban_kerja: 5500000, kondisi_kerja: 600000}
    12: {beban_kerja: 7000000, kondisi_kerja: 750000}
    13: {beban_kerja: 8500000, kondisi_kerja: 900000}
    14: {beban_kerja: 10500000, kondisi_kerja: 1000000}
    15: {beban_kerja: 13000000, kondisi_kerja: 1250000}
    16: {beban_kerja: 17000000, kondisi_kerja: 1500000}
    17: {beban_kerja: 22000000, kondisi_kerja: 2000000}
komponen:
  beban_kerja: {kinerja: 60, disiplin: 40}
  kondisi_kerja: {kinerja: 0, disiplin: 0}
kinerja:
  metode: menit
  menit: {cara: proporsional}
disiplin:
  terlambat: [[1, 0.5], [31, 1], [61, 1.25], [91, 1.5]]
  pulang_cepat: [[1, 0.5], [31, 1], [61, 1.25], [91, 1.5]]
  tanpa_presensi_masuk: 1.5
  tanpa_presensi_pulang: 1.5
  tanpa_keterangan: {per_hari: 3, penuh_setelah_hari: 10}
  lainnya: {tidak_apel: 1}
  maksimal: 100
hukuman_disiplin: {ringan: 10, sedang: 25, berat: 100}
status:
  cpns: 80
  pppk: 100
  kedudukan: {tugas_belajar: 0, cltn: 0}
  cuti_tanpa_tpp: [besar, cltn]
  pro_rata: true
  plt_setingkat: 20
  plh: 20
pajak:
  ditanggung_pemerintah: false
  tarif: {I: 0, II: 0, III: 5, IV: 15, V: 0, VII: 5, VIII: 5, IX: 5, X: 5, XI: 5, XII: 5, XIII: 5}
bpjs: {pemberi_kerja: 4, pegawai: 1, batas_dasar: 12000000}
"""


def policy_text() -> tuple[str, str]:
    """The policy to run with and where it came from: the example file when it parses."""
    from django.core.exceptions import ValidationError

    from ekinerja.allowance.services_policy import read_yaml, validated

    if EXAMPLE.exists():
        text = EXAMPLE.read_text(encoding="utf-8")
        try:
            validated(read_yaml(text))
        except ValidationError as error:
            return BENCH_POLICY, f"BENCH_POLICY ({EXAMPLE.name} does not parse: {error})"[:300]
        return text, f"docs/tpp-examples/{EXAMPLE.name}"
    return BENCH_POLICY, "BENCH_POLICY (kelas 1-17; no docs/tpp-examples/ file yet)"


def _instansi_and_actor():
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import RoleGrant

    grant = RoleGrant.objects.filter(peran=Peran.ADMIN_BKPSDM).select_related("user").first()
    if grant is None:
        raise RuntimeError("The demo dataset has no admin BKPSDM.")
    return grant.instansi, grant.user


def ensure_policy(instansi, actor, first: dt.date):
    """The bench policy saved (kept across runs; its document updated when the text changed)
    as a proposal (usulan): the demo has its own policy in force from January, and a proposal
    is what a simulation run computes with. Starts on the 1st of January of the month's year
    at the latest."""
    import yaml

    from ekinerja.allowance.choices import StatusKebijakan
    from ekinerja.allowance.models import TppPolicy
    from ekinerja.allowance.policy import to_document
    from ekinerja.allowance.services_policy import read_yaml, save_policy, validated

    text, source = policy_text()
    document = read_yaml(text)
    parsed = validated(document)
    changed = []
    if parsed.berlaku_mulai > first:
        document["berlaku_mulai"] = first.replace(month=1, day=1)
        changed.append(f"in force from {document['berlaku_mulai']}")
    # Every employee computed in full: a kategori the policy leaves out (the example leaves
    # out guru, 4,700 of the 10,000) would get an empty line without any computation.
    excluded = sorted(k for k, rule in parsed.kategori.items() if rule.dikecualikan)
    for key in excluded:
        document["kategori"][key]["dikecualikan"] = False
    if excluded:
        changed.append(f"kategori {', '.join(excluded)} not excluded")
    if changed:
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        parsed = validated(document)
        source += f" ({'; '.join(changed)})"
    wanted = json.loads(json.dumps(to_document(parsed)))
    row = TppPolicy.objects.filter(instansi=instansi, catatan=MARKER).order_by("pk").first()
    usulan = StatusKebijakan.USULAN
    if row is not None and row.dokumen == wanted and row.status == usulan:
        return row, f"{source}, reused"
    row = save_policy(
        actor=actor, instansi=instansi, text=text, status=usulan, catatan=MARKER, policy=row
    )
    return row, f"{source}, saved"


def ensure_punches() -> int:
    """`ensure_attendance_month`, guarded: its check counts the month in UTC, which misses the
    arrivals before 07:00 WIB on the 1st, so on a kept database it finds the month short,
    deletes the UTC span and re-inserts into the WIB punches it left (a unique-key error).
    Counted here over the month in local time; when short, that whole span is cleared first."""
    from zoneinfo import ZoneInfo

    from ekinerja.attendance.models import Punch

    first, last, days = attendance_month()
    wib = ZoneInfo("Asia/Jakarta")
    span = (
        dt.datetime.combine(first, dt.time(), tzinfo=wib),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=wib),
    )
    stored = Punch.objects.filter(waktu__gte=span[0], waktu__lt=span[1]).count()
    if stored >= EMPLOYEES * len(days) * 2:
        return stored
    Punch.objects.filter(waktu__gte=span[0], waktu__lt=span[1]).delete()
    return ensure_attendance_month()


def ensure_month() -> tuple[dt.date, dt.date, str]:
    """The attendance month with its inputs in place: the activity year (kept), the punches
    (kept) and the daily attendance computed from them (kept; recomputed only when missing)."""
    from django.core.management import call_command
    from django.db.models import Max, Min
    from django.utils import timezone

    from ekinerja.activity.models import Activity
    from ekinerja.attendance.calendar import working_days
    from ekinerja.attendance.models import DailyAttendance
    from ekinerja.attendance.services_daily import recompute_attendance
    from ekinerja.people.models import Employee

    activity_rows = ensure_activity_year()
    punches = ensure_punches()
    first, last, _days = attendance_month()
    bounds = Activity.objects.aggregate(first=Min("tanggal"), last=Max("tanggal"))
    if not (bounds["first"] <= first and last <= bounds["last"]):
        raise RuntimeError(
            f"The activity year ({bounds['first']}..{bounds['last']}) does not cover "
            f"{first:%Y-%m}; rebuild bench/.work (make clean) so the dataset is reseeded."
        )
    ids = list(Employee.objects.in_service().values_list("pk", flat=True))
    some = Employee.objects.values_list("instansi_id", flat=True).first()
    expected = len(ids) * len(working_days(some, first, last))
    stored = DailyAttendance.objects.filter(tanggal__range=(first, last)).count()
    if stored < 0.9 * expected:
        written = recompute_attendance(ids, first, last, now=timezone.now())
        daily = f"daily attendance computed now ({written:,} rows)"
        call_command("refresh_statistics", verbosity=0)
    else:
        daily = f"daily attendance reused ({stored:,} rows)"
    return first, last, f"{activity_rows:,} activity rows, {punches:,} punches, {daily}"


def _vm(field: str) -> float:
    """A VmXXX figure of /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(run_id: int) -> dict:
    """Inside the fresh process: compute the run as the task does, timed, with the peak RSS.
    BENCH_TPP_PROFILE=path writes a cProfile of compute_run there instead of a clean timing."""
    import resource
    import time

    from django.db import connection

    from ekinerja.allowance.models import TppRun
    from ekinerja.allowance.services import compute_run

    run = TppRun.objects.select_related("policy").get(pk=run_id)
    connection.ensure_connection()
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    before = _vm("VmRSS")
    profile_path = os.environ.get("BENCH_TPP_PROFILE")
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        if profile_path:
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(compute_run, run)
            profiler.dump_stats(profile_path)
        else:
            compute_run(run)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_mb": _vm("VmHWM"),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": queries[0],
    }


def _child(run_id: int) -> dict:
    child = subprocess.run(
        [sys.executable, "-m", "bench.benchmarks.tpp_run", str(run_id)],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
    )  # fmt: skip
    if child.returncode != 0:
        sys.stderr.write(child.stdout[-4000:] + child.stderr[-8000:])
        raise RuntimeError(f"the TPP run in a child process failed ({child.returncode})")
    return json.loads(child.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> Result:
    from django.db.models import Count, Q, Sum

    from ekinerja.allowance.choices import JenisRun, ProsesRun
    from ekinerja.allowance.inputs import Month, employee_ids_in_scope
    from ekinerja.allowance.models import TppLine, TppRun
    from ekinerja.allowance.selectors import policy_in_force

    first, _last, prepared = ensure_month()
    instansi, actor = _instansi_and_actor()
    policy, policy_note = ensure_policy(instansi, actor, first)
    in_force = policy_in_force(instansi.id, first)
    # Leftovers of an interrupted earlier run of this benchmark.
    TppRun.objects.filter(policy=policy, jenis=JenisRun.SIMULASI).delete()
    scope = len(employee_ids_in_scope(Month.of(instansi.id, first.year, first.month)))

    measured: list[dict] = []
    for _ in range(1 + RUNS):  # a warm-up, then the measured runs
        row = TppRun.objects.create(
            instansi=instansi, policy=policy, tahun=first.year, bulan=first.month,
            jenis=JenisRun.SIMULASI, started_by=actor,
        )  # fmt: skip
        try:
            figures = _child(row.pk)
            row.refresh_from_db()
            lines = TppLine.objects.filter(run=row)
            figures.update(
                lines=lines.count(),
                proses=row.proses,
                jumlah_pegawai=row.jumlah_pegawai,
                **lines.aggregate(
                    total_bruto=Sum("bruto"),
                    total_bersih=Sum("bersih"),
                    nol=Count("id", filter=Q(bruto=0)),
                ),
            )
            sample = lines.exclude(bruto=0).values_list("rincian", flat=True).first() or {}
            figures["steps"] = len(sample.get("langkah", ()))
            measured.append(figures)
        finally:
            row.delete()
    runs = measured[1:]
    value = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in measured)
    last = runs[-1]
    complete = all(
        r["lines"] == scope == r["jumlah_pegawai"] and r["proses"] == ProsesRun.SELESAI
        for r in measured
    )
    spread = ", ".join(f"{r['seconds']:.1f}" for r in runs)
    LAST_FIGURE.parent.mkdir(parents=True, exist_ok=True)
    Path(str(LAST_FIGURE).format(database=ctx.database)).write_text(
        json.dumps({"seconds": value, "peak_mb": peak, "lines": last["lines"]})
    )
    return Result(
        value=value, unit=UNIT, target=TARGET,
        target_text=f"< {TARGET:.0f} s and peak < {MEMORY_MB:.0f} MB",
        met=value < TARGET and peak < MEMORY_MB and complete and scope >= 0.95 * EMPLOYEES,
        notes=(
            f"{first:%Y-%m}: {last['lines']:,} lines for {scope:,} ASN in scope (a definitif "
            f"seat in the month; the others of the {EMPLOYEES:,} start later) "
            f"(runs {spread} s after a "
            f"{measured[0]['seconds']:.1f} s warm-up); peak memory {peak:.0f} MB = VmHWM "
            f"(max RSS) of the worker process, Django included, {last['rss_before_mb']:.0f} MB "
            f"before compute_run; {last['queries']} queries; bruto Rp {last['total_bruto']:,}, "
            f"bersih Rp {last['total_bersih']:,}, {last['nol']:,} lines at Rp 0, "
            f"{last['steps']} steps in a paid line's breakdown; policy: "
            f"{policy_note}, as a proposal for simulation runs (in force: "
            f"{in_force.nama if in_force else 'none'}); "
            f"inputs: {prepared}"
        ),
        extra={
            "peak_mb": round(peak, 1), "lines": last["lines"], "scope": scope,
            "queries": last["queries"], "runs_s": [round(r["seconds"], 3) for r in runs],
            "rss_before_mb": round(last["rss_before_mb"], 1),
        },
    )  # fmt: skip


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(measure(int(sys.argv[1]))))
