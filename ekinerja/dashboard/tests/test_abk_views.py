"""The ABK pages over HTTP with personas, on 2 November 2026 in Kabupaten Uji.

Dinas Kesehatan (go-live 1 September 2026, so 63 days of evidence to 2 November):
  Pengelola Data Surveilans: 1,000 x 60 + 900 x 100 = 150,000 min -> need 2; Ani alone holds it
    now (Intan moved to Setda on 1 October) -> -1; EJ 2.00 A; approved minutes 240 + 180 (Ani)
    + 300 (Intan, in September, still in the seat) = 720.
  Kepala Seksi Surveilans: 500 x 300 = 150,000 -> need 2; Budi -> -1; EJ 2.00 A; 360 minutes.
  Kepala Bidang P2P: 100 x 60 = 6,000 -> need 0; Eka -> +1; EJ 0.08 E.
  Kepala Dinas: no ABK (Kadinkes counted apart).
  OPD: 3 of 4 positions with ABK, need 4, present 3, short 2, surplus 1, EJ 306,000 / 225,000
  = 1.36 A; evidence 1,080 minutes in 63 days.
Dinas Pendidikan: Pengadministrasi Umum 15,000 x 5 = 75,000 -> need 1; Dodi -> 0.
"""

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

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, CatalogItem
from ekinerja.dashboard import selectors_abk
from ekinerja.dashboard.models import MonitoringPolicy, OpdGoLive
from ekinerja.org.choices import JenisJabatan, JenisUnit
from ekinerja.org.models import Unit
from ekinerja.people.choices import JenisPenugasan, Kedudukan, StatusKepegawaian
from ekinerja.people.models import Assignment
from ekinerja.people.testing import make_employee, make_position

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
D = dt.date
REGION = reverse("dashboard:abk")
REGION_XLSX = reverse("dashboard:abk-export")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def item(position, uraian, norma, volume, aktif=True):
    return CatalogItem.objects.create(
        instansi=position.instansi, position=position, uraian=uraian, norma_waktu=norma,
        satuan_hasil="laporan", volume_tahunan=volume, aktif=aktif,
    )  # fmt: skip


def activity(employee, day, menit, status=StatusAktivitas.DISETUJUI):
    end = 7 * 60 + menit
    return Activity.objects.create(
        instansi=employee.instansi, employee=employee, tanggal=day, mulai=dt.time(7, 0),
        selesai=dt.time(end // 60, end % 60), menit=menit, uraian="Pekerjaan", jumlah_output=1,
        satuan="laporan", status=status,
    )  # fmt: skip


@pytest.fixture
def data(personas):
    p = personas.positions
    item(p["staf"], "Menginput data surveilans", 60, 1000)
    item(p["staf"], "Menyusun laporan surveilans", 100, 900)
    item(p["staf"], "Tugas lama", 30, 5000, aktif=False)  # inactive: not in the ABK
    item(p["staf"], "Tugas tanpa volume", 45, None)  # no volume: not in the ABK
    item(p["kasi"], "Memeriksa laporan", 300, 500)
    item(p["kabid"], "Memimpin rapat", 60, 100)
    item(p["staf_disdik"], "Mengarsipkan surat", 5, 15000)

    Assignment.objects.filter(employee=personas.intan).update(selesai=D(2026, 9, 30))
    Assignment.objects.create(
        employee=personas.intan, position=p["staf_setda"], mulai=D(2026, 10, 1)
    )
    OpdGoLive.objects.create(
        instansi=personas.instansi,
        unit=personas.units["dinkes"],
        gelombang=1,
        tanggal_mulai=D(2026, 9, 1),
    )
    activity(personas.ani, D(2026, 10, 5), 240)
    activity(personas.ani, D(2026, 10, 6), 180)
    activity(personas.ani, D(2026, 10, 7), 120, StatusAktivitas.DIAJUKAN)
    activity(personas.ani, D(2026, 10, 8), 60, StatusAktivitas.DITOLAK)
    activity(personas.ani, D(2025, 11, 20), 200)  # before the 12 months
    activity(personas.ani, D(2026, 11, 3), 100)  # after the reference day
    activity(personas.intan, D(2026, 9, 15), 300)  # still Pengelola Data then
    activity(personas.intan, D(2026, 10, 15), 200)  # Setda by then
    activity(personas.budi, D(2026, 10, 5), 360)
    return personas


def opd_url(unit, name="dashboard:abk-opd"):
    return reverse(name, args=[unit.pk])


def position_url(position):
    return reverse("dashboard:abk-position", args=[position.pk])


def read_xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


# ---------------------------------------------------------------------------------------------
# Figures


def test_the_opd_figures_by_hand(data):
    ctx = selectors_abk.context_for(data.instansi.pk, 2026, D(2026, 11, 2))
    assert (ctx.hari, ctx.jendela_mulai, ctx.jke) == (D(2026, 11, 2), D(2025, 12, 1), 75_000)
    dinkes = selectors_abk.opd(ctx, data.units["dinkes"])
    rows = {r.kode: r.hasil for r in dinkes.jabatan}
    assert list(rows) == ["KADINKES", "KABID-P2P", "KASI-SURV", "PDS"]

    staf = rows["PDS"]
    assert (staf.jumlah_tugas, staf.beban_menit, staf.kebutuhan_bulat, staf.ada) == (
        2,
        150_000,
        2,
        1,
    )
    assert (staf.selisih, staf.ej, staf.pj.kode) == (-1, Decimal("2.00"), "A")
    assert staf.bukti_menit == 720
    # 720 x 365 / 63 = 4,171.43 minutes a year -> 0.0556 of a person
    assert staf.kebutuhan_bukti.quantize(Decimal("0.0001")) == Decimal("0.0556")
    kasi, kabid, kadinkes = rows["KASI-SURV"], rows["KABID-P2P"], rows["KADINKES"]
    assert (kasi.kebutuhan_bulat, kasi.ada, kasi.selisih, kasi.bukti_menit) == (2, 1, -1, 360)
    assert (kabid.kebutuhan_bulat, kabid.selisih, kabid.ej, kabid.pj.kode) == (
        0,
        1,
        Decimal("0.08"),
        "E",
    )
    assert (kadinkes.punya_abk, kadinkes.selisih, kadinkes.ada) == (False, None, 1)

    total = dinkes.hasil
    assert (total.jabatan_abk, total.jabatan_total, total.hari_cakupan) == (3, 4, 63)
    assert (total.kebutuhan_bulat, total.ada, total.kurang, total.lebih, total.selisih) == (
        4,
        3,
        2,
        1,
        -1,
    )
    assert (total.ada_tanpa_abk, total.ej, total.pj.kode, total.bukti_menit) == (
        1,
        Decimal("1.36"),
        "A",
        1080,
    )


def test_staff_present_are_definitif_asn_in_service_on_the_day(data):
    staf = data.positions["staf"]
    make_employee(data.instansi, "Putri PPPK", position=staf, status=StatusKepegawaian.PPPK)
    make_employee(data.instansi, "Candra CPNS", position=staf, status=StatusKepegawaian.CPNS)
    make_employee(data.instansi, "Pelaksana Tugas", position=staf, jenis=JenisPenugasan.PLT)
    pensiun = make_employee(data.instansi, "Sudah Pensiun", position=staf)
    pensiun.kedudukan = Kedudukan.PENSIUN
    pensiun.save()
    later = make_employee(data.instansi, "Belum Mulai")
    Assignment.objects.create(employee=later, position=staf, mulai=D(2026, 12, 1))

    ctx = selectors_abk.context_for(data.instansi.pk, 2026, D(2026, 11, 2))
    rows = {r.kode: r.hasil for r in selectors_abk.opd(ctx, data.units["dinkes"]).jabatan}
    assert rows["PDS"].ada == 3  # Ani, the PPPK and the CPNS
    assert rows["PDS"].selisih == 1


def test_a_past_year_counts_on_31_december_with_that_years_evidence(data):
    ctx = selectors_abk.context_for(data.instansi.pk, 2025, D(2026, 11, 2))
    assert (ctx.hari, ctx.jendela_mulai) == (D(2025, 12, 31), D(2025, 1, 1))
    dinkes = selectors_abk.opd(ctx, data.units["dinkes"])
    staf = next(r.hasil for r in dinkes.jabatan if r.kode == "PDS")
    assert (staf.ada, staf.selisih, staf.bukti_menit) == (2, 0, 200)  # Intan was still there
    # Before the OPD's go-live nothing is scaled: the activities of a pilot are not a year.
    assert dinkes.hasil.hari_cakupan == 0 and staf.kebutuhan_bukti == 0


def test_without_go_live_the_evidence_runs_from_the_first_approved_activity(data):
    ctx = selectors_abk.context_for(data.instansi.pk, 2026, D(2026, 11, 2))
    setda = selectors_abk.opd(ctx, data.units["setda"])
    staf_setda = next(r.hasil for r in setda.jabatan if r.kode == "PU-SETDA")
    assert staf_setda.bukti_menit == 200  # Intan's October activity goes to her new seat
    assert setda.hasil.hari_cakupan == 19  # 15 October to 2 November
    assert setda.hasil.cakupan_pendek


def test_the_policy_sets_jke_and_bands(data):
    MonitoringPolicy.objects.create(
        instansi=data.instansi,
        berlaku_mulai=D(2026, 1, 1),
        jke_menit_tahunan=72_000,
        pita_prestasi_jabatan={
            "pita": [
                {"kode": "A", "nama": "Tinggi", "minimal": "2.5"},
                {"kode": "B", "nama": "Rendah", "minimal": "0"},
            ]
        },
    )
    ctx = selectors_abk.context_for(data.instansi.pk, 2026, D(2026, 11, 2))
    staf = next(
        r.hasil for r in selectors_abk.opd(ctx, data.units["dinkes"]).jabatan if r.kode == "PDS"
    )
    # 150,000 / 72,000 = 2.083 -> 2; EJ 2.08 -> B Rendah under these bands
    assert (staf.kebutuhan_bulat, staf.ej, staf.pj.nama) == (2, Decimal("2.08"), "Rendah")


def test_stored_bands_that_cannot_be_used_give_way_to_the_defaults_and_the_page_says_so(
    data, login
):
    MonitoringPolicy.objects.create(
        instansi=data.instansi,
        berlaku_mulai=D(2026, 1, 1),
        pita_prestasi_jabatan={"pita": [{"kode": "A", "nama": "Satu", "minimal": "x"}]},
    )
    page = login(data.user("citra")).get(REGION).content.decode()
    assert 'data-testid="pita-galat"' in page
    assert "Daftar pita harus berisi 2 sampai 10 pita." in page
    assert "A Sangat Baik" in page


# ---------------------------------------------------------------------------------------------
# Region page


@pytest.mark.parametrize("name", ["citra", "gita", "hadi"])
def test_region_wide_roles_see_every_opd(data, login, name):
    response = login(data.user(name)).get(REGION)
    assert response.status_code == 200
    report = response.context["report"]
    assert [o.kode for o in report.opds] == ["01", "02", "03", "04"]
    dinkes = next(o for o in report.opds if o.kode == "03")
    assert (dinkes.hasil.kebutuhan_bulat, dinkes.hasil.ada, dinkes.hasil.kurang) == (4, 3, 2)
    total = report.total
    assert (total.kebutuhan_bulat, total.ada, total.kurang, total.lebih, total.selisih) == (
        5,
        4,
        2,
        1,
        -1,
    )
    page = response.content.decode()
    assert "Dinas Kesehatan" in page and "1 kurang" in page  # the Jumlah row
    assert reverse("dashboard:abk-opd", args=[data.units["dinkes"].pk]) in page


def test_an_admin_opd_sees_only_their_opd(data, login):
    response = login(data.user("fajar")).get(REGION)
    assert response.status_code == 200
    assert [o.kode for o in response.context["report"].opds] == ["03"]
    assert "Dinas Pendidikan" not in response.content.decode()


@pytest.mark.parametrize("name", ["ani", "budi", "dodi", "stranger"])
def test_others_get_404(data, login, name):
    client = login(data.user(name))
    assert client.get(REGION).status_code == 404
    assert client.get(REGION_XLSX).status_code == 404
    assert client.get(opd_url(data.units["dinkes"])).status_code == 404
    assert client.get(position_url(data.positions["staf"])).status_code == 404


@pytest.mark.parametrize("tahun", ["abc", "1999", "2027", "20261"])
def test_a_bad_year_is_refused_with_a_message(data, login, tahun):
    client = login(data.user("citra"))
    for url in (REGION, REGION_XLSX, opd_url(data.units["dinkes"])):
        response = client.get(url, {"tahun": tahun})
        assert response.status_code == 400
        assert "pilih tahun 2021 sampai 2026" in response.content.decode()


def test_the_year_selector_offers_the_last_years(data, login):
    response = login(data.user("citra")).get(REGION, {"tahun": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="2025" selected>' in page and '<option value="2021"' in page
    assert response.context["ctx"].hari == D(2025, 12, 31)


def extra_opd(personas, n: int) -> None:
    """Another OPD with n positions, each with two tasks, a holder and approved activities."""
    unit = Unit.objects.create(
        instansi=personas.instansi, kode=f"09-{n}", nama=f"Dinas Tambahan {n}",
        jenis=JenisUnit.DINAS, parent=personas.units["pimpinan"],
    )  # fmt: skip
    for i in range(n):
        position = make_position(unit, f"T{n}-{i}", f"Staf {i}", JenisJabatan.PELAKSANA, 5, None)
        item(position, "Tugas satu", 30, 1000 + i)
        item(position, "Tugas dua", 60, 500)
        holder = make_employee(personas.instansi, f"Pegawai {n}-{i}", position=position)
        activity(holder, D(2026, 10, 1), 200)
        activity(holder, D(2026, 10, 2), 150)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_region_queries_do_not_grow_with_positions(data, login, django_assert_num_queries):
    client = login(data.user("gita"))
    extra_opd(data, 1)
    client.get(REGION)  # the first request warms the session
    # as the OPD page, without the OPD's own row and the admin OPD's subtree, plus the OPD list
    with django_assert_num_queries(15):
        client.get(REGION)
    extra_opd(data, 6)
    with django_assert_num_queries(15):
        client.get(REGION)


# ---------------------------------------------------------------------------------------------
# OPD page


def test_the_opd_page_lists_every_position(data, login):
    response = login(data.user("fajar")).get(opd_url(data.units["dinkes"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pengelola Data Surveilans" in page and "belum ada ABK" in page
    assert "-1 kurang" in page and "+1 lebih" in page
    assert position_url(data.positions["staf"]) in page


@pytest.mark.parametrize("name", ["citra", "gita", "hadi"])
def test_region_wide_roles_open_any_opd(data, login, name):
    assert login(data.user(name)).get(opd_url(data.units["disdik"])).status_code == 200


def test_an_admin_opd_cannot_open_another_opd_nor_a_unit_that_is_not_an_opd(data, login):
    client = login(data.user("fajar"))
    assert client.get(opd_url(data.units["disdik"])).status_code == 404
    assert client.get(opd_url(data.units["disdik"], "dashboard:abk-opd-export")).status_code == 404
    citra = login(data.user("citra"))
    assert citra.get(opd_url(data.units["p2p"])).status_code == 404
    other = Unit.objects.get(instansi=data.other_instansi)
    assert citra.get(opd_url(other)).status_code == 404


def test_opd_queries_do_not_grow_with_positions(data, login, django_assert_num_queries):
    client = login(data.user("fajar"))
    url = opd_url(data.units["dinkes"])
    client.get(url)
    small = count_queries(client, url)
    # session, user, roles (employee, grants, team, subtree), policy, the OPD, units, positions,
    # catalogue, staff, evidence, go-live, and the page's own employee lookup
    assert small == 17
    staf_unit = data.units["surveilans"]
    for i in range(8):
        position = make_position(staf_unit, f"X{i}", f"Staf {i}", JenisJabatan.PELAKSANA, 5, None)
        item(position, "Tugas", 30, 2000)
        activity(make_employee(data.instansi, f"Baru {i}", position=position), D(2026, 10, 1), 90)
    assert count_queries(client, url) == small
    with django_assert_num_queries(small):
        client.get(url)


# ---------------------------------------------------------------------------------------------
# Position page


def test_the_position_page_lists_its_tasks(data, login):
    response = login(data.user("fajar")).get(position_url(data.positions["staf"]))
    assert response.status_code == 200
    tasks = [(t.uraian, t.volume, t.norma_waktu, t.beban_menit) for t in response.context["tugas"]]
    assert tasks == [
        ("Menginput data surveilans", 1000, 60, 60_000),
        ("Menyusun laporan surveilans", 900, 100, 90_000),
    ]
    assert response.context["baris"].hasil.selisih == -1
    page = response.content.decode()
    assert "Tugas lama" not in page and "Tugas tanpa volume" not in page
    assert "90.000" in page


def test_a_position_outside_the_users_scope_or_any_opd_is_404(data, login):
    fajar = login(data.user("fajar"))
    assert fajar.get(position_url(data.positions["staf_disdik"])).status_code == 404
    citra = login(data.user("citra"))
    assert citra.get(position_url(data.positions["bupati"])).status_code == 404
    stranger_position = data.stranger.assignments.get().position
    assert citra.get(position_url(stranger_position)).status_code == 404
    assert citra.get(position_url(data.positions["staf_disdik"])).status_code == 200


# ---------------------------------------------------------------------------------------------
# Excel


def test_the_opd_table_downloads_as_excel(data, login):
    client = login(data.user("fajar"))
    rows = read_xlsx(client.get(opd_url(data.units["dinkes"], "dashboard:abk-opd-export")))
    assert rows[0][:4] == ("Kode jabatan", "Jabatan", "Unit", "Tugas dengan volume")
    assert [r[0] for r in rows[1:]] == ["KADINKES", "KABID-P2P", "KASI-SURV", "PDS"]
    staf = rows[4]
    assert staf[3:12] == (2, 150000, 2, 2, 1, -1, 2, "A (Sangat Baik)", 720)
    assert rows[1][4] is None and rows[1][8] is None  # no ABK: no beban, no gap


def test_the_region_table_downloads_as_excel_for_the_opds_the_user_sees(data, login):
    rows = read_xlsx(login(data.user("citra")).get(REGION_XLSX))
    assert [r[0] for r in rows[1:5]] == ["01", "02", "03", "04"]
    dinkes = rows[3]
    assert dinkes[1] == "Dinas Kesehatan"
    assert dinkes[2:12] == (3, 4, 306000, 4.08, 4, 3, 2, 1, -1, 1.36)
    assert rows[5][1] == "Jumlah" and rows[5][6:11] == (5, 4, 2, 1, -1)

    fajar_rows = read_xlsx(login(data.user("fajar")).get(REGION_XLSX))
    assert [r[1] for r in fajar_rows[1:]] == ["Dinas Kesehatan", "Jumlah"]


# ---------------------------------------------------------------------------------------------
# The demo region


def test_the_demo_region_shows_shortages_and_surpluses(db):
    from ekinerja.activity import demo as activity_demo
    from ekinerja.attendance import demo as attendance_demo
    from ekinerja.people.demo import seed_demo
    from ekinerja.planning import demo as planning_demo

    day = D(2026, 11, 1)
    result = seed_demo(employees=120, seed=5, today=day)
    attendance_demo.extend_demo(result, seed=5, today=day)
    planning_demo.extend_demo(result, seed=5, today=day)
    activity_demo.extend_demo(result, seed=5, today=day)
    with_volume = CatalogItem.objects.filter(volume_tahunan__isnull=False)
    assert with_volume.exists() and CatalogItem.objects.filter(volume_tahunan=None).exists()

    instansi_id = result.instansi.pk
    ctx = selectors_abk.context_for(instansi_id, 2026, D(2026, 11, 2))
    report = selectors_abk.region(ctx, selectors_abk.opds_of(instansi_id), whole_instansi=True)
    assert report.total.kurang > 0 and report.total.lebih > 0
    assert report.total.bukti_menit > 0 and report.total.kebutuhan_bukti_bulat > 0
