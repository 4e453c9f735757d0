"""The maturity pages under /pantauan/kematangan/: who sees which OPD, the stored levels and
their reasons, "Belum dihitung", bad months, query counts and the Excel download."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.dashboard.maturity import OpdMeasures, assess
from ekinerja.dashboard.models import OpdMonth
from ekinerja.org.models import Unit

URL = reverse("dashboard:kematangan")
EXPORT = reverse("dashboard:kematangan-export")
MARCH = {"tahun": 2026, "bulan": 3}
COMPUTED = dt.datetime(2026, 4, 1, 2, 30, tzinfo=dt.UTC)

# Dinkes at L2 (L3 fails: 1 of 4 SKPs complete); Disdik at 0 (1 of 2 employees habitual).
DINKES = OpdMeasures(
    isian_pegawai=((20, 20), (18, 20), (16, 20), (10, 20)),
    aktivitas_disetujui=10, aktivitas_terkait=8, skp_disetujui=4, skp_target_lengkap=1,
    tahun=2026, ada_perjanjian_kinerja=True, rhk_utama=4, rhk_terhubung=4,
)  # fmt: skip
DISDIK = OpdMeasures(isian_pegawai=((20, 20), (5, 20)), tahun=2026)


def store(unit: Unit, measures: OpdMeasures, bulan: int = 3) -> OpdMonth:
    assessment = assess(measures)
    return OpdMonth.objects.create(
        instansi=unit.instansi, unit=unit, tahun=2026, bulan=bulan, dihitung_at=COMPUTED,
        tingkat_kematangan=assessment.tingkat, kematangan=assessment.as_json(),
    )  # fmt: skip


@pytest.fixture
def stored(personas):  # type: ignore[no-untyped-def]
    store(personas.units["dinkes"], DINKES)
    store(personas.units["disdik"], DISDIK)
    return personas


def more_opds(p, count: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        unit = Unit.objects.create(
            instansi=p.instansi, kode=f"9{number:02d}", nama=f"Badan Uji {number:02d}",
            jenis="badan", parent=p.units["pimpinan"],
        )  # fmt: skip
        store(unit, dataclasses.replace(DINKES, skp_target_lengkap=4))


# --- overview ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["citra", "gita", "hadi"])
def test_region_roles_see_every_opd(stored, login, who) -> None:  # type: ignore[no-untyped-def]
    response = login(stored.user(who)).get(URL, MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" in html
    assert response.context["chart"]["counts"] == [1, 0, 1, 0, 0, 0, 0]
    assert "Dihitung pada 1 April 2026" in html
    # the reasons are on the page
    assert "1 dari 4 SKP disetujui (25%) memiliki target bulanan untuk setiap indikator" in html
    assert "1 dari 2 pegawai (50%) mengisi aktivitas pada ≥80% hari kerja; ambang 75%." in html
    # the chart data is a JSON element, never an inline script
    assert '<script id="kematangan-data" type="application/json">' in html
    assert "dashboard/kematangan.js" in html and "chart.umd.min.js" in html


def test_admin_opd_sees_only_their_opd(stored, login) -> None:  # type: ignore[no-untyped-def]
    response = login(stored.user("fajar")).get(URL, MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" not in html
    assert [row.unit_id for row in response.context["rows"]] == [stored.units["dinkes"].id]
    assert response.context["chart"]["counts"] == [0, 0, 1, 0, 0, 0, 0]


@pytest.mark.parametrize("who", ["ani", "budi", "dodi", "stranger"])
def test_outsiders_are_refused(stored, login, who) -> None:  # type: ignore[no-untyped-def]
    client = login(stored.user(who))
    assert client.get(URL, MARCH).status_code == 404
    assert client.get(EXPORT, MARCH).status_code == 404
    detail = reverse("dashboard:kematangan-opd", args=[stored.units["dinkes"].id])
    assert client.get(detail, MARCH).status_code == 404


def test_anonymous_is_sent_to_login(stored, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL, MARCH)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_month_not_computed_says_so(stored, login) -> None:  # type: ignore[no-untyped-def]
    response = login(stored.user("citra")).get(URL, {"tahun": 2026, "bulan": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Belum dihitung" in html
    assert "Dinas Kesehatan" not in html and "kematangan-data" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tahun": "dua ribu", "bulan": 3}, "Tahun harus berupa angka"),
        ({"tahun": 2026, "bulan": 13}, "Bulan harus 1 sampai 12"),
        ({"tahun": 2099, "bulan": 1}, "belum berjalan"),
    ],
)
def test_bad_month_is_a_400(stored, login, params, message) -> None:  # type: ignore[no-untyped-def]
    client = login(stored.user("citra"))
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    export = client.get(EXPORT, params)
    assert export.status_code == 400 and message in export.content.decode()


def test_overview_query_count_does_not_grow(stored, login, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(stored.user("citra"))
    client.get(URL, MARCH)  # warm the session
    with django_assert_num_queries(QUERIES):
        assert client.get(URL, MARCH).status_code == 200
    more_opds(stored, 12)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL, MARCH)
    assert len(response.context["rows"]) == 14
    # the new OPDs pass L1 to L4 and stop at L5 (no filled position with ABK)
    assert response.context["chart"]["counts"] == [1, 0, 1, 0, 12, 0, 0]


QUERIES = 9


# --- one OPD -------------------------------------------------------------------------------


def test_opd_page_explains_the_level(stored, login) -> None:  # type: ignore[no-untyped-def]
    dinkes = stored.units["dinkes"].id
    response = login(stored.user("fajar")).get(
        reverse("dashboard:kematangan-opd", args=[dinkes]), MARCH
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dinas Kesehatan" in html and "Aktivitas terhubung ke target SKP" in html
    assert "8 dari 10 aktivitas disetujui (80%) terhubung ke indikator SKP; ambang 70%." in html
    assert "Belum ada Perjanjian Kinerja" not in html  # L4's PK passes
    assert "≥ 80%" in html


def test_admin_opd_is_refused_another_opd(stored, login) -> None:  # type: ignore[no-untyped-def]
    disdik = stored.units["disdik"].id
    client = login(stored.user("fajar"))
    assert client.get(reverse("dashboard:kematangan-opd", args=[disdik]), MARCH).status_code == 404


def test_opd_page_of_a_month_not_computed(stored, login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("dashboard:kematangan-opd", args=[stored.units["dinkes"].id])
    response = login(stored.user("citra")).get(url, {"tahun": 2026, "bulan": 1})
    assert response.status_code == 200 and "Belum dihitung" in response.content.decode()


def test_unit_of_another_instansi_is_a_404(stored, login) -> None:  # type: ignore[no-untyped-def]
    other = Unit.objects.filter(instansi=stored.other_instansi).first()
    url = reverse("dashboard:kematangan-opd", args=[other.id])
    assert login(stored.user("citra")).get(url, MARCH).status_code == 404


# --- the partial, from the stored dict alone ----------------------------------------------


def test_partial_renders_from_the_dict_alone(stored) -> None:  # type: ignore[no-untyped-def]
    row = OpdMonth.objects.get(unit=stored.units["disdik"])
    # through a JSON round trip, as another page reads it from the database
    html = render_to_string(
        "dashboard/_maturity_checks.html", {"kematangan": json.loads(json.dumps(row.kematangan))}
    )
    assert "Belum L1" in html
    assert html.count("<tr") == 1 + 9  # header + every check of the six levels
    assert "Tidak ada jabatan aktif yang terisi." in html
    empty = render_to_string("dashboard/_maturity_checks.html", {"kematangan": {}})
    assert "belum dihitung" in empty


# --- Excel ---------------------------------------------------------------------------------


def test_excel_download(stored, login) -> None:  # type: ignore[no-untyped-def]
    response = login(stored.user("citra")).get(EXPORT, MARCH)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('kematangan-2026-03.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["Kode unit", "Perangkat daerah", "Tingkat", "Keterangan tingkat"]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    dinkes = by_name["Dinas Kesehatan"]
    assert dinkes["Tingkat"] == 2
    assert dinkes["Keterangan tingkat"] == "L2 · Aktivitas terhubung ke target SKP"
    assert Decimal(str(dinkes["Pegawai rutin mengisi aktivitas"])) == Decimal(75)
    assert dinkes["Perjanjian Kinerja tersedia"] == "ya"
    assert dinkes["Yang belum terpenuhi"].startswith("1 dari 4 SKP disetujui (25%)")
    assert by_name["Dinas Pendidikan"]["Tingkat"] == 0
    assert by_name["Dinas Pendidikan"]["TPP resmi final"] == "tidak"


def test_excel_of_an_admin_opd_has_only_their_opd(stored, login) -> None:  # type: ignore[no-untyped-def]
    response = login(stored.user("fajar")).get(EXPORT, MARCH)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["Dinas Kesehatan"]
