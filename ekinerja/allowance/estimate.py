"""The live estimate of an employee's TPP during the month: the month so far through the same
reader and calculation as the run, with the policy in force. Nothing is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ekinerja.people.models import Employee

from . import calc
from .inputs import Month, reader_for
from .selectors import policy_in_force
from .services_policy import policy_of


@dataclass(frozen=True)
class Estimate:
    tahun: int
    bulan: int
    sampai: dt.date
    policy_nama: str
    result: calc.Result
    measured: calc.EmployeeMonth

    @property
    def menit_kurang(self) -> int:
        """Minutes still to be approved for a full capaian this month."""
        return max(0, self.measured.target_menit - self.measured.menit_kredit)


def live_estimate(employee: Employee, today: dt.date) -> Estimate | None:
    row = policy_in_force(employee.instansi_id, today.replace(day=1))
    if row is None:
        return None
    month = Month.of(employee.instansi_id, today.year, today.month)
    rows = reader_for(month).read([employee.id])
    if not rows:
        return None
    _, measured = rows[0]
    return Estimate(
        tahun=today.year,
        bulan=today.month,
        sampai=today,
        policy_nama=row.nama,
        result=calc.compute(policy_of(row), measured),
        measured=measured,
    )
