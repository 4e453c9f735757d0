"""The monthly productivity report (page and Excel) and an employee's target realisation, with
personas on 10 March 2026: Ani and Intan enter activities, Budi validates them."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.activity import services, views_reports
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.selectors_reports import (
    ReportInputError,
    month_from_param,
    period_of_month,
    realisation_percent,
)
from ekinerja.activity.services import ActivityInput
from ekinerja.people.testing import make_employee
from ekinerja.planning.choices import Aspek, JenisForm, JenisRhk, SiklusEvaluasi, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, PeriodTarget, Rhk, Skp

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time
URL = reverse("activity-productivity")
XLSX = reverse("activity-productivity-xlsx")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def record(personas, who="ani", day=9, start=(8, 0), end=(9, 0), **extra):
    values = {
        "tanggal": dt.date(2026, 3, day), "mulai": T(*start), "selesai": T(*end),
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return services.record_activity(actor=personas.user(who), data=ActivityInput(**values))


def judge(personas, activities, verdict="setujui"):
    alasan = "" if verdict == "setujui" else "Tidak sesuai"
    services.validate_activities(
        actor=personas.user("budi"), activities=activities, verdict=verdict, alasan=alasan
    )


@pytest.fixture
def month(personas):
    """Ani: 120 approved, 60 rejected, 30 pending minutes. Intan: 500 approved on one day, of
    which 420 are credited."""
    judge(personas, [record(personas, start=(8, 0), end=(10, 0))])
    judge(personas, [record(personas, start=(10, 0), end=(11, 0))], "tolak")
    record(personas, day=10, start=(8, 0), end=(8, 30))
    judge(personas, [record(personas, "intan", start=(7, 0), end=(15, 20))])


def names_in(html: str, personas, *who: str) -> list[str]:
    """The personas among `who` that the report lists, in the order it lists them."""
    found = [(html.find(f'pegawai={getattr(personas, w).pk}"'), w) for w in who]
    return [w for position, w in sorted(found) if position >= 0]


EVERYONE = ("sekda", "kadinkes", "eka", "budi", "ani", "intan", "kadisdik", "dodi", "citra",
            "fajar", "gita", "hadi", "bupati", "stranger")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Who sees whom


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("budi", {"ani", "intan"}),
        ("eka", {"budi", "ani", "intan"}),  # as atasan penilai, Budi's team too
        ("fajar", {"kadinkes", "eka", "budi", "ani", "intan"}),  # admin OPD Dinas Kesehatan
        ("citra", set(EVERYONE) - {"bupati", "stranger"}),
        ("gita", set(EVERYONE) - {"bupati", "stranger"}),
        ("hadi", set(EVERYONE) - {"bupati", "stranger"}),
    ],
)
def test_each_role_sees_the_employees_in_its_charge(login, personas, viewer, expected):
    response = login(personas.user(viewer)).get(URL, {"bulan": "2026-03"})
    assert response.status_code == 200
    assert set(names_in(response.content.decode(), personas, *EVERYONE)) == expected


@pytest.mark.parametrize("viewer", ["ani", "dodi", "stranger"])
def test_employees_without_a_team_or_role_are_refused(login, personas, viewer):
    client = login(personas.user(viewer))
    assert client.get(URL).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_admins_narrow_the_report_to_a_unit_and_its_subunits(login, personas):
    client = login(personas.user("citra"))
    response = client.get(URL, {"unit": personas.units["p2p"].pk})
    assert set(names_in(response.content.decode(), personas, *EVERYONE)) == {
        "eka", "budi", "ani", "intan"
    }  # fmt: skip
    # Fajar may narrow within his OPD only.
    fajar = login(personas.user("fajar"))
    response = fajar.get(URL, {"unit": personas.units["disdik"].pk})
    assert response.status_code == 400
    assert "Unit tidak dikenal atau di luar cakupan Anda." in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Figures, order, pages, links


def test_the_month_figures_of_each_employee_are_shown(login, personas, month):
    html = login(personas.user("budi")).get(URL, {"bulan": "2026-03"}).content.decode()
    ani = html[html.find(f'pegawai={personas.ani.pk}"') :].split("</tr>")[0]
    cells = [cell.split("<")[0] for cell in ani.split('<td class="text-end')[1:]]
    assert [cell.split(">")[1] for cell in cells[:6]] == [
        "120", "120", "6.750", "1,78%", "30", "60"
    ]  # fmt: skip
    assert f'href="/aktivitas/bulan/?bulan=2026-03&amp;pegawai={personas.ani.pk}"' in html
    assert "2 pegawai · rata-rata capaian 4,00%" in html


def test_the_report_defaults_to_the_current_month_and_sorts_by_capaian(login, personas, month):
    client = login(personas.user("budi"))
    by_name = client.get(URL).content.decode()
    assert 'value="2026-03"' in by_name
    assert names_in(by_name, personas, "ani", "intan") == ["ani", "intan"]
    highest = client.get(URL, {"urut": "-capaian"}).content.decode()
    assert names_in(highest, personas, "ani", "intan") == ["intan", "ani"]
    lowest = client.get(URL, {"urut": "capaian"}).content.decode()
    assert names_in(lowest, personas, "ani", "intan") == ["ani", "intan"]


def test_the_report_is_paginated(login, personas, monkeypatch):
    monkeypatch.setattr(views_reports, "ROWS_PER_PAGE", 5)
    client = login(personas.user("citra"))
    first = client.get(URL).content.decode()
    last = client.get(URL, {"halaman": 3}).content.decode()
    assert len(names_in(first, personas, *EVERYONE)) == 5
    assert len(names_in(last, personas, *EVERYONE)) == 2
    assert "12 pegawai" in first and "halaman 3 dari 3" in last


def test_an_earlier_month_shows_that_months_figures(login, personas, month):
    Activity.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 2, 27),
        mulai=T(8, 0), selesai=T(9, 0), menit=60, uraian="Rekap", jumlah_output=Decimal(1),
        satuan="laporan", status=StatusAktivitas.DISETUJUI,
    )  # fmt: skip
    html = login(personas.user("budi")).get(URL, {"bulan": "2026-02"}).content.decode()
    assert "Februari 2026" in html and "rata-rata capaian 0,44%" in html


@pytest.mark.parametrize(
    ("bulan", "message"),
    [
        ("2026-13", "Bulan &#x27;2026-13&#x27; tidak dikenali; gunakan format TTTT-BB."),
        ("maret", "Bulan &#x27;maret&#x27; tidak dikenali; gunakan format TTTT-BB."),
        ("2026-04", "Bulan 04/2026 belum berjalan."),
    ],
)
def test_a_bad_month_is_a_400_with_a_message(login, personas, bulan, message):
    client = login(personas.user("budi"))
    response = client.get(URL, {"bulan": bulan})
    assert response.status_code == 400 and message in response.content.decode()
    assert client.get(XLSX, {"bulan": bulan}).status_code == 400


def test_month_parameter_parsing():
    today = dt.date(2026, 3, 10)
    assert month_from_param("", today) == (2026, 3)
    assert month_from_param(" 2025-7 ", today) == (2025, 7)
    with pytest.raises(ReportInputError):
        month_from_param("1999-12", today)


# ---------------------------------------------------------------------------------------------
# Excel


def test_the_excel_export_has_the_same_rows_and_figures(login, personas, month):
    response = login(personas.user("budi")).get(XLSX, {"bulan": "2026-03", "urut": "-capaian"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="produktivitas-2026-03.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(column.name for column in views_reports.EXPORT_COLUMNS)
    assert rows[1:] == [
        (personas.intan.nip, "Intan Permata", "Seksi Surveilans", "Pengelola Data Surveilans",
         500, 420, 6750, 6.22, 0, 0),
        (personas.ani.nip, "Ani Lestari", "Seksi Surveilans", "Pengelola Data Surveilans",
         120, 120, 6750, 1.78, 30, 60),
    ]  # fmt: skip


def test_the_export_follows_the_unit_filter(login, personas):
    response = login(personas.user("citra")).get(XLSX, {"unit": personas.units["disdik"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Dodi Pratama", "Kadisdik Uji"
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Target realisation


def anis_skp(personas, siklus=SiklusEvaluasi.BULANAN):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 15), siklus_evaluasi=siklus,
    )  # fmt: skip
    skp = Skp.objects.create(
        instansi=personas.instansi, period=period, employee=personas.ani,
        status=StatusSkp.DISETUJUI, position=personas.positions["staf"],
        unit=personas.units["surveilans"], jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    laporan = Indikator.objects.create(
        rhk=rhk, urutan=1, aspek=Aspek.KUANTITAS, uraian="Jumlah laporan rekap",
        satuan="laporan", target_min=Decimal(48),
    )  # fmt: skip
    akurasi = Indikator.objects.create(
        rhk=rhk, urutan=2, aspek=Aspek.KUALITAS, uraian="Akurasi data", satuan="persen",
        target_min=Decimal(95),
    )  # fmt: skip
    periods = 12 if siklus == SiklusEvaluasi.BULANAN else 4
    for n in range(1, periods + 1):
        PeriodTarget.objects.create(indikator=laporan, periode_ke=n, target=Decimal(48 / periods))
        PeriodTarget.objects.create(indikator=akurasi, periode_ke=n, target=Decimal(95))
    return laporan, akurasi


def test_the_realisation_of_a_chosen_employee_lists_each_indicator(login, personas):
    laporan, akurasi = anis_skp(personas)
    judge(personas, [
        record(personas, day=5, indikator_id=laporan.pk, jumlah_output="2"),
        record(personas, day=6, indikator_id=laporan.pk, jumlah_output="1,5"),
        record(personas, day=6, start=(9, 0), end=(10, 0), indikator_id=akurasi.pk,
               jumlah_output="97"),
    ])  # fmt: skip
    record(personas, day=9, indikator_id=laporan.pk, jumlah_output="5")  # pending: not counted

    html = login(personas.user("budi")).get(URL, {"pegawai": personas.ani.pk}).content.decode()

    section = html[html.find('id="tabel-realisasi"') :]
    assert "Realisasi target: Ani Lestari · Maret 2026" in html
    rows = section.split("<tr>")[2:4]
    assert "A1.1" in rows[0] and "Jumlah laporan rekap" in rows[0]
    assert ">48 laporan<" in rows[0] and ">4 laporan<" in rows[0]  # annual and March target
    assert ">3,50 laporan<" in rows[0] and ">87,50%<" in rows[0]
    # A quality level is not summed into a share.
    assert "A1.2" in rows[1] and ">97 persen<" in rows[1] and ">–<" in rows[1]


def test_a_quarterly_skp_shows_the_quarter_target_without_a_share(login, personas):
    laporan, _akurasi = anis_skp(personas, siklus=SiklusEvaluasi.TRIWULANAN)
    judge(personas, [record(personas, day=5, indikator_id=laporan.pk, jumlah_output="2")])
    html = login(personas.user("budi")).get(URL, {"pegawai": personas.ani.pk}).content.decode()
    section = html[html.find('id="tabel-realisasi"') :]
    assert "Target triwulan I<" in section and ">12 laporan<" in section
    assert "%</td>" not in section


def test_an_employee_without_an_skp_says_so(login, personas):
    html = login(personas.user("budi")).get(URL, {"pegawai": personas.intan.pk}).content.decode()
    assert "Pegawai ini belum memiliki SKP tahun 2026." in html


@pytest.mark.parametrize(("viewer", "who"), [("budi", "dodi"), ("fajar", "dodi"), ("eka", "citra")])
def test_the_realisation_of_someone_outside_ones_charge_is_a_404(login, personas, viewer, who):
    client = login(personas.user(viewer))
    assert client.get(URL, {"pegawai": getattr(personas, who).pk}).status_code == 404
    assert client.get(URL, {"pegawai": "x"}).status_code == 404


def test_pure_helpers_of_the_realisation():
    assert period_of_month(SiklusEvaluasi.TRIWULANAN, 11) == (4, "Target triwulan IV")
    assert period_of_month(SiklusEvaluasi.BULANAN, 11) == (11, "Target bulan ini")
    assert realisation_percent(Decimal(3), Decimal(4)) == Decimal("75.00")
    assert realisation_percent(Decimal(3), Decimal(0)) is None


# ---------------------------------------------------------------------------------------------
# Query counts: the same at two data sizes


def add_staff(personas, count: int) -> None:
    """More pelaksana under Budi, each with an approved and a pending activity this month."""
    for n in range(count):
        employee = make_employee(
            personas.instansi, f"Staf Tambahan {n:02d}", position=personas.positions["staf"],
            with_login=False,
        )  # fmt: skip
        for day, status in ((5, StatusAktivitas.DISETUJUI), (6, StatusAktivitas.DIAJUKAN)):
            Activity.objects.create(
                instansi=personas.instansi, employee=employee, tanggal=dt.date(2026, 3, day),
                mulai=T(8, 0), selesai=T(10, 0), menit=120, uraian="Entri data",
                jumlah_output=Decimal(1), satuan="data", status=status,
            )  # fmt: skip


def queries_for(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["citra", "budi", "fajar"])
def test_the_page_and_the_export_cost_the_same_at_two_sizes(login, personas, month, viewer):
    client = login(personas.user(viewer))
    counts = []
    for extra in (2, 20):
        add_staff(personas, extra)
        counts.append(
            (
                queries_for(client, URL, {"bulan": "2026-03", "urut": "-capaian"}),
                queries_for(client, XLSX, {"bulan": "2026-03"}),
            )
        )
    assert counts[0] == counts[1]


def test_the_realisation_costs_the_same_however_many_indicators(login, personas):
    laporan, _akurasi = anis_skp(personas)
    client = login(personas.user("citra"))
    small = queries_for(client, URL, {"pegawai": personas.ani.pk})
    for n in range(15):
        extra = Indikator.objects.create(rhk=laporan.rhk, urutan=3 + n, uraian=f"IKI {n}")
        PeriodTarget.objects.create(indikator=extra, periode_ke=3, target=Decimal(1))
    judge(personas, [record(personas, day=5, indikator_id=extra.pk)])
    assert queries_for(client, URL, {"pegawai": personas.ani.pk}) == small


# ---------------------------------------------------------------------------------------------
# Numbers that are not plain numbers


# "²" passes str.isdigit() but int() refuses it; twenty digits overflow the database integer.
NOT_NUMBERS = ["²", "99999999999999999999", "١٢", " ", "-1"]


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_a_unit_that_is_not_a_plain_number_is_a_400_with_a_message(login, personas, raw):
    client = login(personas.user("citra"))
    response = client.get(URL, {"unit": raw})
    if raw.strip():
        assert response.status_code == 400
        assert "Unit tidak dikenal atau di luar cakupan Anda." in response.content.decode()
        assert client.get(XLSX, {"unit": raw}).status_code == 400
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_a_chosen_employee_that_is_not_a_plain_number_is_a_404(login, personas, raw):
    response = login(personas.user("budi")).get(URL, {"pegawai": raw})
    assert response.status_code == (200 if not raw.strip() else 404)


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, "1999", "2028"])
def test_a_template_year_that_is_not_a_plain_number_is_a_400(login, personas, raw):
    response = login(personas.user("ani")).get(reverse("activity-import-template"), {"tahun": raw})
    assert response.status_code == 400
    assert "Tahun templat tidak valid." in response.content.decode()


def test_a_template_year_in_range_is_served(login, personas):
    response = login(personas.user("ani")).get(
        reverse("activity-import-template"), {"tahun": "2027"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="templat-aktivitas-2027.xlsx"')
