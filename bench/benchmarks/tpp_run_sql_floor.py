"""The floor beside `tpp_run` (issue 7): the same month's inputs for every ASN in scope of the
10,000-employee region aggregated by ONE plain SQL statement, executed with a cursor and
fetched whole, so the ratio tpp_run / floor shows how close the run comes to the database's
own speed. No target: an informational figure (`met` only says every ASN in scope came back,
one row each).

Per employee, joined and grouped by employee: the definitif seat of the month (position, kelas
jabatan), approved activity minutes of the month and the minutes credited after the daily cap
(grouped by day first), the occurrences and minutes of lateness and early leaving, the days
without a punch in or out, TK days, days at work and leave days from the daily attendance
table, and the predikat of the month's set evaluation. The inputs are tpp_run's (same month,
kept across runs; prepared here too when this runs alone). Median of three after a warm-up.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from bench.dataset import EMPLOYEES, Context, Result, timed

NAME = "tpp_run_sql_floor"
TARGET = 0.0
UNIT = "ms"
WARM, RUNS = 1, 3

FLOOR_SQL = """
SELECT e.id, e.nama, e.nip, e.golongan, e.status, e.kategori, e.kedudukan,
       p.nama, p.kode, p.kelas_jabatan, p.unit_id,
       COALESCE(act.disetujui, 0), COALESCE(act.dikreditkan, 0),
       COALESCE(att.kali_terlambat, 0), COALESCE(att.menit_terlambat, 0),
       COALESCE(att.kali_pulang_cepat, 0), COALESCE(att.menit_pulang_cepat, 0),
       COALESCE(att.tanpa_masuk, 0), COALESCE(att.tanpa_pulang, 0),
       COALESCE(att.tanpa_keterangan, 0), COALESCE(att.hadir, 0), COALESCE(att.cuti, 0),
       ev.predikat
FROM people_employee e
JOIN people_assignment a
  ON a.employee_id = e.id AND a.jenis = %(definitif)s
 AND a.mulai <= %(last)s AND (a.selesai IS NULL OR a.selesai >= %(first)s)
JOIN org_position p ON p.id = a.position_id
LEFT JOIN (
    SELECT employee_id, SUM(menit) AS disetujui,
           SUM(CASE WHEN menit > %(cap)s THEN %(cap)s ELSE menit END) AS dikreditkan
    FROM (
        SELECT employee_id, tanggal, SUM(menit) AS menit
        FROM activity_activity
        WHERE instansi_id = %(instansi)s AND tanggal BETWEEN %(first)s AND %(last)s
          AND status = %(disetujui)s
        GROUP BY employee_id, tanggal
    ) per_day
    GROUP BY employee_id
) act ON act.employee_id = e.id
LEFT JOIN (
    SELECT employee_id,
           SUM(CASE WHEN menit_terlambat > 0 THEN 1 ELSE 0 END) AS kali_terlambat,
           SUM(COALESCE(menit_terlambat, 0)) AS menit_terlambat,
           SUM(CASE WHEN menit_pulang_cepat > 0 THEN 1 ELSE 0 END) AS kali_pulang_cepat,
           SUM(COALESCE(menit_pulang_cepat, 0)) AS menit_pulang_cepat,
           SUM(CASE WHEN tanpa_presensi_masuk THEN 1 ELSE 0 END) AS tanpa_masuk,
           SUM(CASE WHEN tanpa_presensi_pulang THEN 1 ELSE 0 END) AS tanpa_pulang,
           SUM(CASE WHEN status = %(tk)s THEN 1 ELSE 0 END) AS tanpa_keterangan,
           SUM(CASE WHEN status IN %(at_work)s THEN 1 ELSE 0 END) AS hadir,
           SUM(CASE WHEN status IN %(leave)s AND jenis_cuti <> '' THEN 1 ELSE 0 END) AS cuti
    FROM attendance_dailyattendance
    WHERE instansi_id = %(instansi)s AND tanggal BETWEEN %(first)s AND %(last)s
    GROUP BY employee_id
) att ON att.employee_id = e.id
LEFT JOIN appraisal_evaluation ev
  ON ev.employee_id = e.id AND ev.jenis = %(periodik)s AND ev.periode_ke = %(periode_ke)s
 AND ev.status IN %(set_statuses)s
 AND ev.skp_id IN (SELECT id FROM planning_skp WHERE period_id = %(period)s)
WHERE e.instansi_id = %(instansi)s AND e.status IN %(asn)s
ORDER BY e.id
"""


def floor_statement(instansi_id: int, first, last) -> tuple[str, dict]:
    """The statement and its parameters for the month (tuples spelled out for IN lists)."""
    from ekinerja.activity.choices import StatusAktivitas
    from ekinerja.activity.selectors import policy_on
    from ekinerja.allowance.inputs import LEAVE_STATUSES, SET_STATUSES
    from ekinerja.appraisal.choices import JenisEvaluasi
    from ekinerja.attendance.choices import AT_WORK, StatusKehadiran
    from ekinerja.people.choices import STATUS_ASN, JenisPenugasan
    from ekinerja.planning.choices import SiklusEvaluasi
    from ekinerja.planning.models import PerformancePeriod

    period = PerformancePeriod.objects.filter(instansi_id=instansi_id, tahun=first.year).first()
    quarterly = period is not None and period.siklus_evaluasi == SiklusEvaluasi.TRIWULANAN
    params: dict = {
        "instansi": instansi_id,
        "first": first,
        "last": last,
        "definitif": JenisPenugasan.DEFINITIF.value,
        "disetujui": StatusAktivitas.DISETUJUI.value,
        "cap": policy_on(instansi_id, first).batas_menit_harian,
        "tk": StatusKehadiran.TANPA_KETERANGAN.value,
        "periodik": JenisEvaluasi.PERIODIK.value,
        "periode_ke": (first.month - 1) // 3 + 1 if quarterly else first.month,
        "period": period.pk if period is not None else 0,
    }
    sql = FLOOR_SQL
    lists = {
        "at_work": sorted(str(s) for s in AT_WORK),
        "leave": sorted(str(s) for s in LEAVE_STATUSES),
        "set_statuses": sorted(str(s) for s in SET_STATUSES),
        "asn": sorted(str(s) for s in STATUS_ASN),
    }
    for name, values in lists.items():
        names = [f"{name}_{i}" for i in range(len(values))]
        sql = sql.replace(f"%({name})s", "(" + ", ".join(f"%({n})s" for n in names) + ")")
        params.update(zip(names, values, strict=True))
    return sql, params


def run(ctx: Context) -> Result:
    from django.db import connection

    from bench.benchmarks.tpp_run import LAST_FIGURE, _instansi_and_actor, ensure_month

    first, last, prepared = ensure_month()
    instansi, _actor = _instansi_and_actor()
    sql, params = floor_statement(instansi.id, first, last)
    rows: list = []

    def query() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows[:] = cursor.fetchall()

    for _ in range(WARM):
        query()
    runs = [timed(query) * 1000 for _ in range(RUNS)]
    value = statistics.median(runs)
    employees = len({row[0] for row in rows})
    with_predikat = sum(1 for row in rows if row[-1])
    late = sum(row[13] for row in rows)
    tk = sum(row[19] for row in rows)

    figure_file = Path(str(LAST_FIGURE).format(database=ctx.database))
    if figure_file.exists():
        tpp = json.loads(figure_file.read_text())
        ratio = (
            f"tpp_run / floor = {tpp['seconds'] * 1000 / value:.1f}x "
            f"({tpp['seconds']:.2f} s for {tpp['lines']:,} lines)"
        )
    else:
        ratio = "tpp_run not measured on this database yet: no ratio"
    return Result(
        value=value, unit=UNIT, target=TARGET, target_text="floor, no target",
        met=employees >= 0.95 * EMPLOYEES and len(rows) == employees,
        notes=(
            f"{ratio}; {first:%Y-%m}: one statement, {len(rows):,} rows for {employees:,} ASN "
            f"({with_predikat:,} with a set predikat, {late:,} late arrivals, {tk:,} TK days); "
            f"runs {', '.join(f'{r:.0f}' for r in runs)} ms; inputs: {prepared}"
        ),
        extra={"rows": len(rows), "runs_ms": [round(r, 1) for r in runs]},
    )  # fmt: skip
