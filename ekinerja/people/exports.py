"""Employees as spreadsheet rows, in the import layout, so an export re-imports unchanged.

Rows are produced in chunks: one query per chunk of employees and one for their seats, so an
export of 10,000 employees never holds them all in memory at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import batched
from typing import Any

from django.db.models import QuerySet

from . import hierarchy
from .choices import JenisPenugasan
from .imports import EMPLOYEE_FIELDS
from .models import Assignment, Employee

CHUNK = 2000


def employee_export_rows(employees: QuerySet[Employee], day: dt.date) -> Iterator[list[Any]]:
    # Holders of political office have no NIP and cannot be imported, so they are left out.
    qs = employees.filter(nip__isnull=False).order_by("nama", "id")
    for chunk in batched(qs.iterator(chunk_size=CHUNK), CHUNK):
        seats = hierarchy.seats_for([employee.pk for employee in chunk], day)
        for employee in chunk:
            yield _row(employee, seats.get(employee.pk))


def _row(employee: Employee, seat: Assignment | None) -> list[Any]:
    # Only a definitif seat is exported: importing kode_jabatan makes a definitif assignment,
    # so writing a Plt or Plh seat there would change it on re-import.
    definitif = seat if seat is not None and seat.jenis == JenisPenugasan.DEFINITIF else None
    record = {
        "nip": employee.nip,
        "nama": employee.nama,
        "gelar_depan": employee.gelar_depan,
        "gelar_belakang": employee.gelar_belakang,
        "tempat_lahir": employee.tempat_lahir,
        "tanggal_lahir": employee.tanggal_lahir,
        "jenis_kelamin": employee.jenis_kelamin,
        "status": employee.status,
        "golongan": employee.golongan,
        "kategori": employee.kategori,
        "kedudukan": employee.kedudukan,
        "kode_jabatan": definitif.position.kode if definitif else "",
        "tmt_jabatan": definitif.mulai if definitif else None,
        "email": employee.email,
        "telepon": employee.telepon,
    }
    return [record[spec.name] for spec in EMPLOYEE_FIELDS]
