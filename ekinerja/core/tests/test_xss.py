"""Hostile text in every free-text field a user types and others see (issue 10): escaped in the
HTML pages, printed literally in the PDFs, and inert in the Excel downloads.

The text is written straight into the rows (how it got there, a form or an import, is each app's
own test); what is checked here is every place that shows it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.allowance.models import TppLine, TppPolicy
from ekinerja.allowance.testing import IMMEDIATE_TASKS
from ekinerja.appraisal.models import EvaluationResult, Objection
from ekinerja.attendance.models import LeaveRequest
from ekinerja.dashboard.models import OpdGoLive
from ekinerja.notifications.models import Notification
from ekinerja.org.models import Unit
from ekinerja.people.models import Employee
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import Indikator, Rhk, Skp
from ekinerja.reports.testing import flat, pages

from .matrix_world import NOW, World, build_world

SCRIPT = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&gt;&lt;img src=x onerror=alert(1)&gt;"
FORMULA = '=HYPERLINK("http://x")'
RAW_MARKERS = ("<script>alert(1)", "<img src=x")


def hostile(label: str) -> str:
    """The payload tagged with the field it went into, so a failure names the field."""
    return f"{label} {SCRIPT}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """The matrix world with hostile text in each field, built once and rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(TASKS=IMMEDIATE_TASKS, MEDIA_ROOT=str(media)),
        time_machine.travel(NOW, tick=False),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield poison(build_world())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def poison(w: World) -> World:
    o, p = w.objects, w.personas
    Activity.objects.filter(pk=o["activity"].pk).update(uraian=hostile("uraian"))
    o["returned"] = Activity.objects.create(
        instansi=p.instansi, employee=p.ani, tanggal=NOW.date(), mulai=dt.time(10),
        selesai=dt.time(11), menit=60, uraian="Rapat koordinasi", jumlah_output=1,
        satuan="kegiatan", status=StatusAktivitas.DIKEMBALIKAN, diajukan_at=NOW,
        alasan=hostile("alasan-aktivitas"),
    )  # fmt: skip
    o["approved"] = Activity.objects.create(
        instansi=p.instansi, employee=p.ani, tanggal=dt.date(2026, 4, 2), mulai=dt.time(8),
        selesai=dt.time(9), menit=60, uraian=hostile("uraian-disetujui"), jumlah_output=1,
        satuan="dokumen", status=StatusAktivitas.DISETUJUI, diajukan_at=NOW,
    )  # fmt: skip
    # Only a returned SKP shows why: Budi's own, so Ani's stays approved for her evaluation.
    Skp.objects.filter(pk=o["budi_skp"].pk).update(
        status=StatusSkp.DIKEMBALIKAN, alasan_pengembalian=hostile("alasan-skp")
    )
    Rhk.objects.filter(pk=o["rhk"].pk).update(teks=hostile("rhk"))
    Indikator.objects.filter(pk=o["indikator"].pk).update(uraian=hostile("indikator"))
    LeaveRequest.objects.filter(pk=o["leave"].pk).update(keterangan=hostile("keterangan-cuti"))
    EvaluationResult.objects.filter(evaluation=o["evaluation"]).update(
        umpan_balik=hostile("umpan-balik")
    )
    o["objection"] = Objection.objects.create(
        instansi=p.instansi, evaluation=o["evaluation"], alasan=hostile("keberatan"),
        predikat_semula="baik",
    )  # fmt: skip
    Unit.objects.filter(pk=p.units["surveilans"].pk).update(nama=hostile("unit"))
    Employee.objects.filter(pk=p.intan.pk).update(nama=hostile("pegawai"))
    TppPolicy.objects.filter(pk=o["tpp_policy"].pk).update(nama=hostile("kebijakan"))
    TppLine.objects.filter(pk=o["tpp_line"].pk).update(jabatan=hostile("jabatan-slip"))
    OpdGoLive.objects.create(
        instansi=p.instansi, unit=p.units["dinkes"], gelombang=1,
        tanggal_mulai=dt.date(2026, 1, 5), catatan=hostile("catatan"),
    )  # fmt: skip
    Notification.objects.filter(pk=o["notification"].pk).update(
        title=hostile("judul-notifikasi"), body=hostile("isi-notifikasi")
    )
    return w


def client_for(w: World, who: str) -> Client:
    client = Client()
    client.force_login(w.personas.user(who))
    return client


def get(w: World, who: str, name: str, **kwargs: Any) -> Any:
    params = {key: w.pk(value) for key, value in kwargs.items()}
    response = client_for(w, who).get(reverse(name, kwargs=params))
    assert response.status_code == 200, f"{name} as {who}: {response.status_code}"
    return response


# (page, persona, its path parameters as world keys, the labels of the fields it shows)
HTML_PAGES = [
    ("activity-day", "ani", {}, ["uraian", "alasan-aktivitas"]),
    ("activity-queue", "budi", {}, ["uraian"]),
    ("skp-detail", "ani", {"pk": "skp"}, ["rhk", "indikator"]),
    ("skp-detail", "budi", {"pk": "budi_skp"}, ["alasan-skp"]),
    ("skp-detail", "budi", {"pk": "skp"}, ["rhk", "indikator"]),
    ("leave-detail", "ani", {"pk": "leave"}, ["keterangan-cuti"]),
    ("leave-inbox", "budi", {}, ["keterangan-cuti"]),
    ("evaluation-detail", "budi", {"pk": "evaluation"}, ["umpan-balik"]),
    ("employee-list", "citra", {}, ["pegawai"]),
    ("unit-tree", "citra", {}, ["unit"]),
    ("tpp-policies", "citra", {}, ["kebijakan"]),
    ("dashboard:rollout", "citra", {}, ["catatan"]),
    ("notifications:list", "ani", {}, ["judul-notifikasi", "isi-notifikasi"]),
]


@pytest.mark.parametrize(
    ("name", "who", "params", "labels"), HTML_PAGES, ids=[f"{n}-{w}" for n, w, *_ in HTML_PAGES]
)
def test_html_pages_show_the_text_escaped(world, db, name, who, params, labels):
    html = get(world, who, name, **params).content.decode()
    for marker in RAW_MARKERS:
        assert marker not in html, f"{name} as {who} shows raw markup"
    for label in labels:
        assert f"{label} {ESCAPED}" in html, f"{name} as {who} does not show {label!r} escaped"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def squeeze(text: str) -> str:
    """Without any whitespace: a PDF line may break the payload anywhere."""
    return "".join(flat(text).split())


PDFS = [
    ("skp-pdf", "ani", {"pk": "skp"}, ["rhk", "indikator"]),
    ("evaluation-pdf", "budi", {"pk": "evaluation"}, ["umpan-balik"]),
    (
        "activity-report-pdf",
        "ani",
        {"employee_id": "ani", "tahun": 2026, "bulan": 4},
        ["uraian-disetujui"],
    ),
    ("tpp-line-slip", "ani", {"pk": "tpp_line"}, ["jabatan-slip"]),
]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize(
    ("name", "who", "params", "labels"), PDFS, ids=[f"{n}-{w}" for n, w, *_ in PDFS]
)
def test_pdfs_print_the_text_literally(world, db, name, who, params, labels):
    kwargs = {k: world.pk(v) if isinstance(v, str) else v for k, v in params.items()}
    response = client_for(world, who).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, f"{name} as {who}: {response.status_code}"
    content = body(response)
    assert content.startswith(b"%PDF-")
    text = squeeze(" ".join(pages(content)))
    for label in labels:
        assert squeeze(hostile(label)) in text, f"{name} does not print {label!r} literally"


def set_formula(w: World, field: str) -> None:
    """The field, in this test's savepoint only, holding a formula instead of markup."""
    o, p = w.objects, w.personas
    model, pk, column = {
        "uraian": (Activity, o["activity"].pk, "uraian"),
        "keterangan-cuti": (LeaveRequest, o["leave"].pk, "keterangan"),
        "pegawai": (Employee, p.intan.pk, "nama"),
        "unit": (Unit, p.units["surveilans"].pk, "nama"),
        "kebijakan": (TppPolicy, o["tpp_policy"].pk, "nama"),
    }[field]
    model.objects.filter(pk=pk).update(**{column: FORMULA})


EXCEL = [
    ("activity-queue-export", "budi", "uraian"),
    ("export-employees", "citra", "pegawai"),
    ("export-units", "citra", "unit"),
    ("tpp-policies-export", "citra", "kebijakan"),
    ("leave-inbox-export", "budi", "keterangan-cuti"),
]


@pytest.mark.parametrize(("name", "who", "field"), EXCEL, ids=[f"{n}-{f}" for n, _, f in EXCEL])
def test_excel_downloads_keep_formulas_inert(world, db, name, who, field):
    set_formula(world, field)
    response = client_for(world, who).get(reverse(name))
    assert response.status_code == 200, f"{name} as {who}: {response.status_code}"
    book = load_workbook(io.BytesIO(body(response)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], f"{name}: formula cell"
    found = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert found, f"{name} does not show the {field!r} field"
    for cell in found:
        assert cell.value == f"'{FORMULA}" and cell.data_type == "s", (name, cell.value)


def test_excel_downloads_carry_markup_as_plain_text(world, db):
    """Markup needs no escaping in a cell, but it must arrive whole, not stripped or mangled."""
    response = client_for(world, "budi").get(reverse("activity-queue-export"))
    book = load_workbook(io.BytesIO(body(response)))
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert hostile("uraian") in values
