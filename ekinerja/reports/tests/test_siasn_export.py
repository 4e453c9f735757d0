"""The SIASN export of evaluation results: set ones only, BKN's names, scoped by the admin."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.planning.models import PerformancePeriod
from ekinerja.reports.siasn import SIASN_COLUMNS

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
PAGE = reverse("siasn")
DOWNLOAD = reverse("siasn-download")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB), tick=False):
        yield


def evaluation(personas, skp, *, penilai, periode_ke=3, status="ditetapkan", **ratings):
    values = {"rating_hasil": "sesuai", "rating_perilaku": "di_atas", "predikat": "baik"}
    values.update(ratings)
    if status == "draf":
        values = {"rating_hasil": "", "rating_perilaku": "", "predikat": ""}
    penilai_employee = getattr(personas, penilai)
    return Evaluation.objects.create(
        instansi=personas.instansi,
        skp=skp,
        employee=skp.employee,
        penilai=penilai_employee,
        jenis="tahunan" if periode_ke == 0 else "periodik",
        periode_ke=periode_ke,
        status=status,
        identitas={
            "penilai": {
                "nama": penilai_employee.nama_lengkap,
                "nip": penilai_employee.nip_tampil,
                "pangkat": "Penata Tingkat I, III/d",
                "jabatan": "Kepala Seksi Surveilans",
                "unit": "Seksi Surveilans",
            }
        },
        **values,
    )


@pytest.fixture
def world(personas):
    """Quarter 3 of 2026: Ani set (Baik), Intan accepted (Kurang/Misconduct), Budi a draft,
    Dodi of Dinas Pendidikan set (Sangat Baik); Ani's annual evaluation set too."""
    period = make_period(personas, "triwulanan")
    skps = {who: approved_skp(personas, who, period) for who in ("ani", "intan", "budi", "dodi")}
    evaluation(personas, skps["ani"], penilai="budi")
    evaluation(
        personas, skps["intan"], penilai="budi", status="diterima",
        rating_hasil="di_bawah", rating_perilaku="di_bawah", predikat="kurang",
    )  # fmt: skip
    evaluation(personas, skps["budi"], penilai="eka", status="draf")
    evaluation(
        personas, skps["dodi"], penilai="kadisdik",
        rating_hasil="di_atas", rating_perilaku="di_atas", predikat="sangat_baik",
    )  # fmt: skip
    evaluation(personas, skps["ani"], penilai="budi", periode_ke=0, predikat="baik")
    return period


def read(response) -> list[dict]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [column.name for column in SIASN_COLUMNS]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_bkpsdm_downloads_the_set_results_of_the_whole_instansi(login, personas, world):
    client = login(personas.user("citra"))
    response = client.get(DOWNLOAD, {"periode": world.pk, "ke": 3})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"siasn-kinerja-2026-periode-03.xlsx"')
    rows = read(response)
    by_nip = {row["NIP"]: row for row in rows}
    assert set(by_nip) == {personas.ani.nip, personas.intan.nip, personas.dodi.nip}
    assert [row["NIP"] for row in rows] == sorted(by_nip)  # NIP order, budi's draft left out
    ani = by_nip[personas.ani.nip]
    assert ani["NAMA"] == "Ani Lestari" and ani["TAHUN"] == 2026
    assert (ani["JENIS_PENILAIAN"], ani["PERIODE_KE"]) == ("Periodik", 3)
    assert (ani["BULAN_MULAI"], ani["BULAN_SELESAI"]) == (7, 9)
    assert ani["RATING_HASIL_KERJA"] == "Sesuai Ekspektasi"
    assert ani["RATING_PERILAKU_KERJA"] == "Di Atas Ekspektasi"
    assert ani["PREDIKAT_KINERJA"] == "Baik"
    assert (ani["STATUS_PENILAI"], ani["NIP_PENILAI"]) == ("ASN", personas.budi.nip)
    assert ani["NAMA_PENILAI"] == "Budi Santoso"
    assert ani["JABATAN_PENILAI"] == "Kepala Seksi Surveilans"
    assert (ani["NIP_ATASAN_PENILAI"], ani["NAMA_ATASAN_PENILAI"]) == (
        personas.eka.nip, "Eka Saputra"
    )  # fmt: skip
    assert by_nip[personas.intan.nip]["PREDIKAT_KINERJA"] == "Kurang/Misconduct"
    assert by_nip[personas.dodi.nip]["PREDIKAT_KINERJA"] == "Sangat Baik"
    assert by_nip[personas.dodi.nip]["NIP_ATASAN_PENILAI"] == personas.sekda.nip


def test_annual_results_are_their_own_file(login, personas, world):
    client = login(personas.user("citra"))
    rows = read(client.get(DOWNLOAD, {"periode": world.pk, "ke": 0}))
    assert len(rows) == 1
    row = rows[0]
    assert (row["NIP"], row["JENIS_PENILAIAN"], row["PERIODE_KE"]) == (
        personas.ani.nip, "Tahunan", 0
    )  # fmt: skip
    assert (row["BULAN_MULAI"], row["BULAN_SELESAI"], row["PREDIKAT_KINERJA"]) == (1, 12, "Baik")


def test_admin_opd_gets_their_opd_only(login, personas, world):
    rows = read(login(personas.user("fajar")).get(DOWNLOAD, {"periode": world.pk, "ke": 3}))
    assert {row["NIP"] for row in rows} == {personas.ani.nip, personas.intan.nip}


@pytest.mark.parametrize("name", ["ani", "budi", "gita", "hadi", "stranger"])
def test_everyone_else_is_refused(login, personas, world, name):
    client = login(personas.user(name))
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD, {"periode": world.pk, "ke": 3}).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    for url in (PAGE, DOWNLOAD):
        response = client.get(url, {"periode": world.pk, "ke": 3})
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_another_instansi_period_is_not_found(login, personas, world):
    other = PerformancePeriod.objects.create(
        instansi=personas.other_instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28),
    )  # fmt: skip
    response = login(personas.user("citra")).get(DOWNLOAD, {"periode": other.pk, "ke": 1})
    assert response.status_code == 400
    assert "Periode SKP tidak ditemukan." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Pilih tahun periode SKP."),
        ({"ke": "1"}, "Pilih tahun periode SKP."),
        ({"ke": "5"}, "Periode penilaian harus 0 (tahunan) sampai 4."),
        ({"ke": "x"}, "Periode penilaian harus 0 (tahunan) sampai 4."),
    ],
)
def test_bad_choices_are_400_in_indonesian(login, personas, world, params, message):
    client = login(personas.user("citra"))
    if params.get("ke") in ("5", "x"):
        params = {**params, "periode": world.pk}
    response = client.get(DOWNLOAD, params)
    assert response.status_code == 400 and message in response.content.decode()
    if params:
        page = client.get(PAGE, params)
        assert page.status_code == 400 and message in page.content.decode()


def test_page_shows_the_count_and_the_download_link(login, personas, world):
    client = login(personas.user("fajar"))
    page = client.get(PAGE)
    assert page.status_code == 200 and "Ekspor hasil kinerja ke SIASN" in page.content.decode()
    html = client.get(PAGE, {"periode": world.pk, "ke": 3}).content.decode()
    assert "<strong>2</strong> hasil evaluasi" in html and DOWNLOAD in html


def test_query_count_does_not_grow_with_rows(login, personas, world, django_assert_num_queries):
    client = login(personas.user("citra"))
    params = {"periode": world.pk, "ke": 3}
    client.get(PAGE)  # the session and roles of a warm client
    # session, user, roles (employee, grants, hierarchy: 3), period, evaluations, positions,
    # seats, atasan
    with django_assert_num_queries(12) as first:
        assert len(read(client.get(DOWNLOAD, params))) == 3
    skps = [approved_skp(personas, who, world) for who in ("eka", "kadinkes", "citra")]
    for skp in skps:
        evaluation(personas, skp, penilai="sekda")
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(read(client.get(DOWNLOAD, params))) == 6
