"""The monthly documents of one employee (issue 8): the activity report and the attendance
recap, built from the personas, rendered, read back.

Ani (Pengelola Data Surveilans) <- Budi (Kasi, her pejabat penilai); Citra is admin BKPSDM.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.attendance.choices import JenisCuti, StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.planning import services
from ekinerja.planning.models import Indikator, PerformancePeriod, Rhk
from ekinerja.reports.activity_report import activity_report_data, activity_report_pdf
from ekinerja.reports.attendance_recap import attendance_recap_data, attendance_recap_pdf
from ekinerja.reports.testing import flat, pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
    ),
]

WIB = ZoneInfo("Asia/Jakarta")
HOSTILE = "#set page(width: 1cm) $x$ *b* [a] \\ @label <script>alert(1)</script>"
T = dt.time


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 30, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def indikator(personas):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28), status="dibuka",
    )  # fmt: skip
    skp = services.start_skp(actor=None, employee=personas.ani, period=period)
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Laporan surveilans tersusun")
    return Indikator.objects.create(
        rhk=rhk, aspek="kuantitas", uraian="Jumlah laporan surveilans", target_min=12,
        satuan="laporan",
    )  # fmt: skip


def activity(personas, day: int, start: int, *, uraian="Menyusun laporan surveilans",
             status=StatusAktivitas.DISETUJUI, indikator=None, month=1) -> Activity:  # fmt: skip
    return Activity.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, month, day),
        mulai=T(start, 0), selesai=T(start + 1, 30), menit=90, indikator=indikator,
        uraian=uraian, jumlah_output=Decimal("2.5"), satuan="dokumen", status=status,
    )  # fmt: skip


def render_activity(caplog, year=2026, month=1, personas=None) -> tuple[dict, list[str]]:
    data = activity_report_data(personas.ani, year, month)
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = activity_report_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert not caplog.records
    return data, pages(pdf)


def test_activity_report(personas, indikator, caplog):
    activity(personas, 5, 8, indikator=indikator)
    activity(personas, 5, 10, uraian="Rapat koordinasi lintas program")
    activity(personas, 6, 8, status=StatusAktivitas.DITOLAK, uraian="Kegiatan yang ditolak")
    data, text = render_activity(caplog, personas=personas)
    assert data["status"] == "final"
    page = flat(text[0])
    assert "LAPORAN KINERJA HARIAN PEGAWAI" in page and "BULAN JANUARI 2026" in page
    assert personas.ani.nama_lengkap in page and personas.budi.nama_lengkap in page
    assert "Senin, 5 Januari 2026" in page and "Selasa, 6 Januari 2026" in page
    assert "08.00–09.30" in page and "2,5 dokumen" in page
    assert "Laporan surveilans tersusun" in page and "Jumlah laporan surveilans" in page
    assert "Rapat koordinasi lintas program" in page and "Ditolak" in page
    ringkasan = data["ringkasan"]
    assert ringkasan["disetujui"] == "180" and ringkasan["ditolak"] == "90"
    assert f"Capaian menit efektif terhadap target {ringkasan['capaian']}" in flat(text[-1])
    assert "Pejabat Penilai Kinerja" in flat(text[-1])
    assert "31 Januari 2026" in flat(text[-1])


def test_running_month_is_a_draft(personas, caplog):
    activity(personas, 2, 8, month=2, status=StatusAktivitas.DIAJUKAN)
    data, text = render_activity(caplog, month=2, personas=personas)
    assert data["status"] == "draf"
    assert "DRAF" in flat(text[0]) and "Menunggu validasi" in flat(text[0])


def test_long_month_repeats_the_header(personas, caplog):
    for day in range(1, 32):
        for start in (7, 9, 11, 13):
            activity(personas, day, start, uraian=f"Kegiatan panjang hari {day} jam {start} " * 3)
    data, text = render_activity(caplog, personas=personas)
    assert len(text) > 2
    for page in text[1:]:
        assert "Uraian Kegiatan" in flat(page) and "Laporan Kinerja Harian" in flat(page)
    assert data["ringkasan"]["jumlah_aktivitas"] == "124"


def test_hostile_activity_prints_literally(personas, caplog):
    activity(personas, 5, 8, uraian=HOSTILE)
    personas.ani.nama = HOSTILE
    personas.ani.save()
    _, text = render_activity(caplog, personas=personas)
    # A long word may wrap inside its narrow cell: compare without the spaces.
    whole = flat(" ".join(text)).replace(" ", "")
    assert whole.count(HOSTILE.replace(" ", "")) >= 2


def test_activity_data_uses_a_fixed_number_of_queries(personas, indikator):
    counts = []
    for n in (1, 40):
        Activity.objects.all().delete()
        for i in range(n):
            activity(personas, 1 + i % 28, 7 + (i // 28) * 2, indikator=indikator)
        with CaptureQueriesContext(connection) as queries:
            activity_report_data(personas.ani, 2026, 1)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- attendance ---------------------------------------------------------------------------------


def day_record(personas, day: int, status, **values) -> DailyAttendance:
    return DailyAttendance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 1, day),
        status=status, **values,
    )  # fmt: skip


def january(personas, *, hostile=False) -> None:
    schedule = {"jadwal": "Reguler", "jam_masuk_jadwal": T(7, 30), "jam_pulang_jadwal": T(16, 0)}
    day_record(personas, 5, StatusKehadiran.HADIR, jam_datang=T(7, 20), jam_pulang=T(16, 5),
               keterangan=HOSTILE if hostile else "", **schedule)  # fmt: skip
    day_record(personas, 6, StatusKehadiran.TERLAMBAT, jam_datang=T(7, 52), jam_pulang=T(16, 1),
               menit_terlambat=22, kode_tl="TL1", **schedule)  # fmt: skip
    day_record(personas, 7, StatusKehadiran.PULANG_CEPAT, jam_datang=T(7, 25),
               jam_pulang=T(15, 0), menit_pulang_cepat=60, kode_psw="PSW2", **schedule)  # fmt: skip
    day_record(personas, 8, StatusKehadiran.TANPA_KETERANGAN, **schedule)
    day_record(personas, 9, StatusKehadiran.CUTI, jenis_cuti=JenisCuti.TAHUNAN, **schedule)
    day_record(personas, 10, StatusKehadiran.LIBUR)


def render_recap(personas, caplog) -> tuple[dict, list[str]]:
    data = attendance_recap_data(personas.ani, 2026, 1)
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = attendance_recap_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert not caplog.records
    return data, pages(pdf)


def test_attendance_recap(personas, caplog):
    january(personas)
    data, text = render_recap(personas, caplog)
    assert data["status"] == "final" and len(data["hari"]) == 31
    whole = flat(" ".join(text))
    assert "REKAPITULASI PRESENSI PEGAWAI" in whole and "BULAN JANUARI 2026" in whole
    assert personas.ani.nama_lengkap in whole and personas.budi.nama_lengkap in whole
    assert "07.52" in whole and "Terlambat 22 menit (TL1)" in whole
    assert "Pulang cepat 60 menit (PSW2)" in whole and "Tanpa keterangan" in whole
    assert "Cuti tahunan" in whole and "Libur" in whole
    totals = dict(data["ringkasan"])
    assert totals["Terlambat"] == "1" and totals["Menit terlambat"] == "22"
    assert totals["Tanpa keterangan (TK)"] == "1" and totals["Cuti"] == "1"
    assert "Menit terlambat 22" in whole and "31 Januari 2026" in whole


def test_attendance_hostile_text_prints_literally(personas, caplog):
    january(personas, hostile=True)
    personas.ani.nama = HOSTILE
    personas.ani.save()
    _, text = render_recap(personas, caplog)
    # A long word may wrap inside its narrow cell: compare without the spaces.
    whole = flat(" ".join(text)).replace(" ", "")
    assert whole.count(HOSTILE.replace(" ", "")) >= 2


def test_attendance_data_uses_a_fixed_number_of_queries(personas):
    counts = []
    for full in (False, True):
        if full:
            january(personas)
        with CaptureQueriesContext(connection) as queries:
            attendance_recap_data(personas.ani, 2026, 1)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the pages that serve them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "jenis", "prefix"),
    [
        ("activity-report-pdf", "laporan_aktivitas", "aktivitas"),
        ("attendance-recap-pdf", "rekap_presensi", "presensi"),
    ],
)
def test_the_monthly_pdfs_by_persona(personas, login, name, jenis, prefix):
    from ekinerja.reports.models import IssuedDocument

    activity(personas, 5, 8)
    january(personas)
    url = reverse(name, args=[personas.ani.pk, 2026, 1])
    for who in ("ani", "budi", "citra"):  # the owner, her penilai, admin BKPSDM
        response = login(personas.user(who)).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    document = IssuedDocument.objects.get()  # three prints of one content: one code
    assert (document.jenis, document.sumber) == (jenis, f"{prefix}:{personas.ani.pk}:2026-01")
    text = flat(" ".join(pages(response.content)))
    assert "Kode verifikasi" in text and document.sidik[:16] in text
    for who in ("dodi", "stranger"):
        assert login(personas.user(who)).get(url).status_code == 404
    bad = reverse(name, args=[personas.ani.pk, 2026, 13])
    assert login(personas.user("ani")).get(bad).status_code == 404


def test_the_month_pages_link_to_their_pdf(personas, login):
    client = login(personas.user("ani"))
    page = client.get(reverse("activity-month"), {"bulan": "2026-01"}).content.decode()
    assert f'href="{reverse("activity-report-pdf", args=[personas.ani.pk, 2026, 1])}"' in page
    recap = reverse("recap-employee", args=[personas.ani.pk])
    page = client.get(recap, {"bulan": "2026-01"}).content.decode()
    assert f'href="{reverse("attendance-recap-pdf", args=[personas.ani.pk, 2026, 1])}"' in page
    assert client.get(recap, {"bulan": "2026-13"}).status_code == 400  # no link, no error
