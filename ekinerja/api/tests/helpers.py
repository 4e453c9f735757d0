"""Helpers for the API tests: tokens, calls with a bearer token, SKPs and evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.api import services
from ekinerja.appraisal.models import Evaluation
from ekinerja.people import hierarchy
from ekinerja.people.access import today
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusPeriode, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, PeriodTarget, Rhk, Skp

BASE = "/api/v1"


def secret_for(user, nama: str = "HP", **kwargs: Any) -> str:
    return services.issue_token(actor=user, nama=nama, berlaku_hari=kwargs.get("hari"))[1]


class Api:
    """A test client calling the API with one user's bearer token."""

    def __init__(self, client, secret: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body: Any):
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def put(self, path: str, body: Any):
        return self.client.put(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def delete(self, path: str):
        return self.client.delete(BASE + path, headers=self.headers)


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def make_period(instansi, tahun: int) -> PerformancePeriod:
    return PerformancePeriod.objects.create(
        instansi=instansi, tahun=tahun, mulai=dt.date(tahun, 1, 1),
        selesai=dt.date(tahun, 12, 31), batas_input_skp=dt.date(tahun, 1, 31),
        batas_persetujuan=dt.date(tahun, 2, 28), status=StatusPeriode.DIBUKA,
    )  # fmt: skip


def make_skp(employee, period, *, status=StatusSkp.DISETUJUI) -> Skp:
    seat = hierarchy.primary_assignment(employee, today()).position
    skp = Skp.objects.create(
        instansi=employee.instansi, period=period, employee=employee, status=status,
        position=seat, unit=seat.unit, jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, urutan=1, teks="Tersedianya data")
    indikator = Indikator.objects.create(
        rhk=rhk, urutan=1, uraian="Jumlah laporan", target_min=12, target_max=12, satuan="laporan"
    )
    for ke in (1, 2, 3, 4):
        PeriodTarget.objects.create(indikator=indikator, periode_ke=ke, target=3)
    return skp


def make_evaluation(skp: Skp, status: str = "ditetapkan") -> Evaluation:
    return Evaluation.objects.create(
        instansi_id=skp.instansi_id, skp=skp, employee=skp.employee, penilai=None,
        jenis="periodik", periode_ke=1, status=status,
        predikat="" if status == "draf" else "baik",
    )  # fmt: skip
