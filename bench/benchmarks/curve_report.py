"""The distribution-curve report for the whole instansi (issue 6: 10,000 employees in < 1 s):
`appraisal.selectors.curve_report` for one period in which every employee of the region has a
set evaluation, with an organisational predikat on the root unit (the Pemda) and on every OPD;
median of warm runs, and the query count.

Preparation (not timed, kept across runs): the benchmark year of `open_period` (2030: an
approved SKP for every employee, built there and reused), one set evaluation per SKP for
PERIODE_KE (predikat drawn from `random.Random(SEED)` with plausible shares, ratings from the
matrix; only the Evaluation rows, which is all the report reads) and the units' predikat. The
demo's own year (2026) is not used: its evaluations cover the employees with an approved SKP,
about 7,200 of the 10,000.

Also in the notes, in a rolled-back transaction: the same report when every unit of the region
(some 750) has an organisational predikat.
"""

from __future__ import annotations

import random
import statistics

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.dataset import SEED, Context, Result, ensure_dataset, timed

NAME = "curve_report"
TARGET = 1000.0
UNIT = "ms"
PERIODE_KE = 6
WARM, RUNS = 2, 15
# (rating hasil, rating perilaku) -> share of the employees; the predikat is the matrix cell.
CELLS = (
    (("di_atas", "di_atas"), 0.22),
    (("sesuai", "sesuai"), 0.50),
    (("sesuai", "di_atas"), 0.08),
    (("di_atas", "sesuai"), 0.05),
    (("di_bawah", "sesuai"), 0.11),
    (("sesuai", "di_bawah"), 0.03),
    (("di_bawah", "di_bawah"), 0.01),
)


def _instansi_and_actor():
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import RoleGrant

    grant = RoleGrant.objects.filter(peran=Peran.ADMIN_BKPSDM).select_related("user").first()
    if grant is None:
        raise RuntimeError("The demo dataset has no admin BKPSDM.")
    return grant.instansi, grant.user


def ensure_evaluations(period) -> str:
    """A set evaluation of PERIODE_KE for every approved SKP of ``period`` (kept across runs)."""
    from django.utils import timezone

    from ekinerja.appraisal import rules
    from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
    from ekinerja.appraisal.models import Evaluation
    from ekinerja.core.bulk import insert_rows
    from ekinerja.planning.choices import StatusSkp
    from ekinerja.planning.models import Skp

    skps = list(
        Skp.objects.filter(period=period, status=StatusSkp.DISETUJUI)
        .order_by("pk")
        .values_list("pk", "employee_id", "penilai_id")
    )
    mine = Evaluation.objects.filter(
        skp__period=period, jenis=JenisEvaluasi.PERIODIK, periode_ke=PERIODE_KE
    )
    if mine.exclude(status=StatusEvaluasi.DRAF).count() >= len(skps):
        return f"reused {len(skps)} evaluations"
    mine.delete()
    rng = random.Random(SEED)
    cells = [cell for cell, _ in CELLS]
    weights = [share for _, share in CELLS]
    adapt = connection.ops.adapt_datetimefield_value
    identitas = Evaluation._meta.get_field("identitas").get_db_prep_save({}, connection)
    now = adapt(timezone.now())
    rows = []
    for (skp_id, employee_id, penilai_id), (hasil, perilaku) in zip(
        skps, rng.choices(cells, weights, k=len(skps)), strict=True
    ):
        status = StatusEvaluasi.DITERIMA if rng.random() < 0.9 else StatusEvaluasi.DITETAPKAN
        predikat = rules.predikat(rules.Rating(hasil), rules.Rating(perilaku)).value
        rows.append((
            period.instansi_id, skp_id, employee_id, penilai_id, JenisEvaluasi.PERIODIK.value,
            PERIODE_KE, status.value, hasil, perilaku, hasil, perilaku, predikat, identitas,
            now, now if status == StatusEvaluasi.DITERIMA else None, now, now,
        ))  # fmt: skip
    columns = (
        "instansi_id", "skp_id", "employee_id", "penilai_id", "jenis", "periode_ke", "status",
        "saran_hasil", "saran_perilaku", "rating_hasil", "rating_perilaku", "predikat",
        "identitas", "ditetapkan_at", "diterima_at", "created_at", "updated_at",
    )  # fmt: skip
    with transaction.atomic():
        insert_rows(Evaluation, columns, rows)
    return f"created {len(rows)} evaluations"


def unit_predikat(period, unit_ids, actor) -> None:
    """An organisational predikat for each unit (mostly Baik), unless it has one already."""
    from ekinerja.appraisal.models import UnitPredikat

    rng = random.Random(SEED + len(unit_ids))
    kinds = ("baik",) * 7 + ("istimewa", "istimewa", "butuh_perbaikan")
    rows = [
        UnitPredikat(
            instansi_id=period.instansi_id, unit_id=unit_id, period=period,
            periode_ke=PERIODE_KE, predikat=rng.choice(kinds),
            alasan="Capaian indikator kinerja utama (tolok ukur)", ditetapkan_oleh=actor,
        )
        for unit_id in sorted(unit_ids)
    ]  # fmt: skip
    UnitPredikat.objects.bulk_create(rows, ignore_conflicts=True)


def run(ctx: Context) -> Result:
    from django.core.management import call_command

    from bench.benchmarks.open_period import PREVIOUS_YEAR, ensure_previous_year
    from ekinerja.appraisal.selectors import curve_report
    from ekinerja.org.choices import JENIS_UNIT_OPD
    from ekinerja.org.models import Unit
    from ekinerja.people.models import Employee
    from ekinerja.planning.models import PerformancePeriod

    ensure_dataset()
    instansi, actor = _instansi_and_actor()
    skps_note = ensure_previous_year(instansi, actor)
    period = PerformancePeriod.objects.get(instansi=instansi, tahun=PREVIOUS_YEAR)
    evaluations_note = ensure_evaluations(period)
    units = dict(Unit.objects.filter(instansi=instansi).values_list("pk", "jenis"))
    roots = set(
        Unit.objects.filter(instansi=instansi, parent__isnull=True).values_list("pk", flat=True)
    )
    whole = roots | {pk for pk, jenis in units.items() if jenis in JENIS_UNIT_OPD}
    unit_predikat(period, whole, actor)
    call_command("refresh_statistics", verbosity=0)
    found: list = []

    def report() -> None:
        found[:] = curve_report(period, PERIODE_KE)

    for _ in range(WARM):
        report()
    runs = [timed(report) * 1000 for _ in range(RUNS)]
    with CaptureQueriesContext(connection) as queries:
        report()
    value = statistics.median(runs)
    rows = list(found)
    evaluated = max(row.dinilai for row in rows)
    population = max(row.pegawai for row in rows)
    breaking = sum(1 for row in rows if not row.sesuai)
    with transaction.atomic():  # every unit of the region with a predikat, then rolled back
        unit_predikat(period, set(units), actor)
        for _ in range(WARM):
            report()
        every_unit = statistics.median(timed(report) * 1000 for _ in range(RUNS))
        every_unit_rows = len(found)
        transaction.set_rollback(True)
    employees = Employee.objects.filter(instansi=instansi).count()
    return Result(
        value=value, unit=UNIT, target=TARGET, target_text=f"< {TARGET:.0f} ms (1 s)",
        met=value < TARGET and evaluated >= 10_000,
        notes=(
            f"{PREVIOUS_YEAR} periode {PERIODE_KE}: {len(rows)} units (the Pemda and every OPD), "
            f"{evaluated:,} set evaluations of {population:,} approved SKPs "
            f"({employees:,} employees), {breaking} units off their curve; "
            f"{len(queries)} queries; every unit with a predikat ({every_unit_rows} units): "
            f"{every_unit:.1f} ms; preparation: {skps_note}, {evaluations_note}"
        ),
        extra={
            "queries": len(queries), "units": len(rows), "evaluated": evaluated,
            "every_unit_ms": round(every_unit, 3), "every_unit_rows": every_unit_rows,
        },
    )  # fmt: skip
