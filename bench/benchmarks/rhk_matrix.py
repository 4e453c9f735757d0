"""GET /kinerja/matriks/ as a supervisor with 40 subordinates on the 10,000-employee region:
median of warm requests (< 150 ms), and the query count at 10 and at 40 subordinates (equal).

The supervisor is made for the run, inside a transaction that is rolled back at the end (the
shared dataset stays as seed_demo left it): a Kepala Seksi grafted under the first OPD head, with
an SKP of four RHK, and staff on one position reporting to them, each with a live SKP whose two
RHK intervene the supervisor's. The staff are added ten first, then thirty more, so the same page
is counted at both sizes. The period is the demo's (created too if the dataset predates it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.dataset import Context, Result, ensure_dataset, median_ms

NAME = "rhk_matrix"
TARGET_MS = 150.0
TARGET = TARGET_MS
UNIT = "ms"
FEW, MANY = 10, 40
URL = "/kinerja/matriks/"
SUPERVISOR_RHK = (
    "Tersedianya data surveilans penyakit menular yang mutakhir",
    "Terlaksananya respons cepat terhadap kejadian luar biasa",
    "Meningkatnya cakupan imunisasi dasar lengkap",
    "Tersusunnya laporan kinerja seksi",
)
STATUSES = ("disetujui", "diajukan", "draft", "dikembalikan")


@dataclass
class Setup:
    instansi: Any
    period: Any
    staff_position: Any
    supervisor_user: Any
    rhk: list[Any]
    staff: int = 0


def demo_instansi() -> Any:
    from ekinerja.org.models import Instansi
    from ekinerja.people.demo import DEMO_INSTANSI_KODE

    return Instansi.objects.filter(kode=DEMO_INSTANSI_KODE).first() or Instansi.objects.first()


def period_for(instansi: Any, day: dt.date) -> Any:
    from ekinerja.planning.models import PerformancePeriod
    from ekinerja.planning.selectors import current_period

    found = current_period(instansi.pk, day)
    if found is not None:
        return found
    return PerformancePeriod.objects.create(
        instansi=instansi, tahun=day.year, mulai=dt.date(day.year, 1, 1),
        selesai=dt.date(day.year, 12, 31), batas_input_skp=dt.date(day.year, 1, 31),
        batas_persetujuan=dt.date(day.year, 2, 28), status="dibuka",
    )  # fmt: skip


def free_nips(count: int) -> list[str]:
    """NIPs no employee has: born 1975 onwards, appointed 2005-01, sequence 001."""
    from ekinerja.people.models import Employee

    candidates = [
        f"{dt.date(1975, 1, 1) + dt.timedelta(days=i):%Y%m%d}2005011001" for i in range(count * 2)
    ]
    taken = set(Employee.objects.filter(nip__in=candidates).values_list("nip", flat=True))
    return [nip for nip in candidates if nip not in taken][:count]


def arrange(day: dt.date) -> Setup:
    from ekinerja.org.choices import JENIS_UNIT_OPD, Eselon
    from ekinerja.org.models import Position, Unit
    from ekinerja.people.models import Assignment, Employee, User
    from ekinerja.planning.models import Rhk, Skp

    instansi = demo_instansi()
    period = period_for(instansi, day)
    unit = Unit.objects.filter(instansi=instansi, jenis__in=JENIS_UNIT_OPD).order_by("kode").first()
    head = Position.objects.filter(unit=unit, is_unit_head=True).first()
    seksi = Position.objects.create(
        instansi=instansi, unit=unit, reports_to=head, kode="BENCH-MPH-KASI",
        nama="Kepala Seksi Tolok Ukur", jenis_jabatan="pengawas", kelas_jabatan=9,
        eselon=Eselon.IV_A, is_unit_head=False,
    )  # fmt: skip
    staff_position = Position.objects.create(
        instansi=instansi, unit=unit, reports_to=seksi, kode="BENCH-MPH-STAF",
        nama="Pengolah Data Tolok Ukur", jenis_jabatan="pelaksana", kelas_jabatan=7,
    )  # fmt: skip
    user = User.objects.create(username="bench-mph-kasi", instansi=instansi)
    [nip] = free_nips(1)
    supervisor = Employee.objects.create(
        instansi=instansi, user=user, nip=nip, nama="Kasi Tolok Ukur", jenis_kelamin="L",
        status="PNS", golongan="III/d",
    )  # fmt: skip
    Assignment.objects.create(
        employee=supervisor, position=seksi, jenis="definitif", mulai=dt.date(day.year - 1, 1, 1)
    )
    skp = Skp.objects.create(
        instansi=instansi, period=period, employee=supervisor, status="disetujui",
        position=seksi, unit=unit, jenis_form="ja_jf",
    )  # fmt: skip
    rhk = Rhk.objects.bulk_create(
        Rhk(skp=skp, jenis="utama", urutan=i, teks=teks)
        for i, teks in enumerate(SUPERVISOR_RHK, start=1)
    )
    return Setup(instansi, period, staff_position, user, rhk)


def add_staff(setup: Setup, count: int, day: dt.date) -> None:
    """`count` more subordinates, each with a live SKP of two RHK intervening the supervisor's."""
    from ekinerja.people.models import Assignment, Employee
    from ekinerja.planning.models import Rhk, Skp

    start = setup.staff
    nips = free_nips(count)
    people = Employee.objects.bulk_create(
        Employee(
            instansi=setup.instansi,
            nip=nip,
            nama=f"Staf Tolok Ukur {start + i + 1:02d}",
            jenis_kelamin="P" if i % 2 else "L",
            status="PNS",
            golongan="III/a",
        )
        for i, nip in enumerate(nips)
    )
    position = setup.staff_position
    Assignment.objects.bulk_create(
        Assignment(employee=e, position=position, jenis="definitif", mulai=day.replace(day=1))
        for e in people
    )
    skps = Skp.objects.bulk_create(
        Skp(
            instansi=setup.instansi,
            period=setup.period,
            employee=e,
            status=STATUSES[(start + i) % len(STATUSES)],
            position=position,
            unit=position.unit,
            jenis_form="ja_jf",
        )
        for i, e in enumerate(people)
    )
    rows = []
    for i, skp in enumerate(skps):
        for urutan in (1, 2):
            target = setup.rhk[(start + i + urutan) % len(setup.rhk)]
            teks = f"Hasil kerja {urutan} staf {start + i + 1} untuk {target.teks.lower()}"
            rows.append(Rhk(skp=skp, jenis="utama", urutan=urutan, teks=teks, rhk_atasan=target))
    Rhk.objects.bulk_create(rows)
    setup.staff += count


def count_queries(client: Client, expected_columns: int) -> int:
    """Queries of one request, after checking the page shows the full matrix without gaps."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    columns = html.count('data-testid="mph-column"')
    assert columns == expected_columns, columns
    assert html.count('data-testid="mph-row"') == len(SUPERVISOR_RHK)
    for gap in ("mph-unsupported-count", "mph-idle-count"):
        assert f'data-testid="{gap}">0<' in html, gap
    assert "Belum ada SKP" not in html
    return len(ctx)


def run(ctx: Context) -> Result:
    from ekinerja.people.access import today

    ensure_dataset()
    day = today()
    with transaction.atomic():
        setup = arrange(day)
        client = Client()
        client.force_login(setup.supervisor_user)
        add_staff(setup, FEW, day)
        few = count_queries(client, FEW)
        add_staff(setup, MANY - FEW, day)
        many = count_queries(client, MANY)

        def page() -> None:
            response = client.get(URL)
            assert response.status_code == 200

        median = median_ms(page, warm=3, runs=30)
        transaction.set_rollback(True)
    return Result(
        value=median,
        unit="ms",
        target=TARGET_MS,
        target_text=f"< {TARGET_MS:.0f} ms, same queries at {FEW} and {MANY} subordinates",
        met=median < TARGET_MS and few == many,
        notes=f"{MANY} subordinates x {len(SUPERVISOR_RHK)} RHK; queries {FEW}/{MANY}: "
        f"{few}/{many}",
        extra={f"queries_{FEW}": few, f"queries_{MANY}": many},
    )
