"""Set-up shared by the self-assessment and 360 tests (no tests of its own).

Kabupaten Uji on 2026-04-06, the March 2026 evaluations: Ani's is opened by Budi (her pejabat
penilai), whose own is opened by Eka. Intan is Ani's colleague (same penilai); Ani and Intan
are Budi's direct subordinates. Eka is Ani's atasan pejabat penilai.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

from ekinerja.appraisal import services
from ekinerja.appraisal.models import AppraisalPolicy, Evaluation
from ekinerja.appraisal.tests.helpers import approved_skp
from ekinerja.people.models import Employee
from ekinerja.people.testing import make_employee
from ekinerja.planning.models import Indikator, PerformancePeriod, PeriodTarget, Rhk

NOW = dt.datetime(2026, 4, 6, 9, 0)
MARCH = 3
_names = count(1)


def switch(personas, *, mandiri: bool = True, rekan: bool = True,
           minimal: int = 2) -> AppraisalPolicy:  # fmt: skip
    """The region's switches; two givers are enough by default, so that the tests' pair of
    colleagues is shown."""
    return AppraisalPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1),
        penilaian_mandiri=mandiri, masukan_rekan=rekan, minimal_pemberi_360=minimal,
    )  # fmt: skip


def march(personas, who: str, penilai: str, period: PerformancePeriod, indicators: int = 2,
          periode_ke: int = MARCH) -> Evaluation:  # fmt: skip
    """The evaluation of ``who``'s approved SKP with ``indicators`` indicators, opened by
    ``penilai``."""
    skp = approved_skp(personas, who, period)
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Laporan surveilans")
    for urutan in range(1, indicators + 1):
        indikator = Indikator.objects.create(
            rhk=rhk, urutan=urutan, aspek="kuantitas", uraian=f"Indikator {urutan}",
            target_min=12, satuan="dokumen",
        )  # fmt: skip
        PeriodTarget.objects.create(indikator=indikator, periode_ke=periode_ke, target=1)
    return services.open_evaluation(actor=personas.user(penilai), skp=skp, periode_ke=periode_ke)


def colleague(personas, *, mulai: dt.date | None = None, selesai: dt.date | None = None,
              attr: str = "") -> Employee:  # fmt: skip
    """Another Pengelola Data Surveilans under Budi (Ani's and Intan's colleague); with
    ``attr`` the employee is also set on ``personas`` so `approved_skp` finds them."""
    employee = make_employee(
        personas.instansi, f"Rekan {next(_names)}", position=personas.positions["staf"]
    )
    if mulai or selesai:
        employee.assignments.update(
            **{k: v for k, v in (("mulai", mulai), ("selesai", selesai)) if v}
        )
    if attr:
        setattr(personas, attr, employee)
    return employee
