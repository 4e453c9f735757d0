"""Pantauan saya and Pantauan tim (issue 9 item 5), with personas on Tuesday 10 March 2026:
Ani and Intan report to Budi (their pejabat penilai), Budi to Eka (the atasan pejabat penilai
of Ani and Intan). Dodi is in another OPD; Citra has no subordinates; an operator login has no
employee row."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.rules import normalise_uraian
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import DailyAttendance, LeaveRequest, Punch
from ekinerja.attendance.selectors import DayRecord
from ekinerja.dashboard.selectors_personal import Kehadiran, kehadiran_of, target_sejauh_ini
from ekinerja.people.models import User
from ekinerja.people.testing import make_employee
from ekinerja.planning.choices import Aspek, JenisForm, JenisRhk, SiklusEvaluasi, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, PeriodTarget, Rhk, Skp

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
TODAY = NOW.date()
T = dt.time
SAYA = reverse("dashboard:saya")
SAYA_RINGKAS = reverse("dashboard:saya-ringkas")
TIM = reverse("dashboard:tim")
TIM_RINGKAS = reverse("dashboard:tim-ringkas")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def activity(employee, day=10, start=(8, 0), end=(9, 0), **extra):
    """Written directly: these tests are about what the dashboards read, not entry rules."""
    values = {
        "instansi_id": employee.instansi_id, "employee": employee,
        "tanggal": dt.date(2026, 3, day), "mulai": T(*start), "selesai": T(*end),
        "menit": (end[0] * 60 + end[1]) - (start[0] * 60 + start[1]),
        "uraian": f"Menyusun rekap data {day} {start[0]}", "jumlah_output": 1,
        "satuan": "laporan", "diajukan_at": NOW - dt.timedelta(hours=1),
    }  # fmt: skip
    values.update(extra)
    values["uraian_norm"] = normalise_uraian(values["uraian"])
    return Activity.objects.create(**values)


def attendance(employee, status="hadir", day=TODAY, **extra):
    return DailyAttendance.objects.create(
        instansi_id=employee.instansi_id, employee=employee, tanggal=day, status=status, **extra
    )


def operator(personas):
    return User.objects.create_user(username="operator", password="x", instansi=personas.instansi)


def anis_skp(personas, status=StatusSkp.DISETUJUI, siklus=SiklusEvaluasi.BULANAN):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 15), siklus_evaluasi=siklus,
    )  # fmt: skip
    skp = Skp.objects.create(
        instansi=personas.instansi, period=period, employee=personas.ani, status=status,
        position=personas.positions["staf"], unit=personas.units["surveilans"],
        jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    laporan = Indikator.objects.create(
        rhk=rhk, urutan=1, aspek=Aspek.KUANTITAS, uraian="Jumlah laporan rekap",
        target_min=Decimal(48), target_max=Decimal(48), satuan="laporan",
    )  # fmt: skip
    akurasi = Indikator.objects.create(
        rhk=rhk, urutan=2, aspek=Aspek.KUALITAS, uraian="Akurasi data",
        target_min=Decimal(95), target_max=Decimal(95), satuan="persen",
    )  # fmt: skip
    for n in range(1, 13):
        PeriodTarget.objects.create(indikator=laporan, periode_ke=n, target=Decimal(4))
        PeriodTarget.objects.create(indikator=akurasi, periode_ke=n, target=Decimal(95))
    return skp, laporan, akurasi


ABSENT = DayRecord("tanpa_keterangan", None, None)


# --- the pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "leave", "punched", "working", "expected"),
    [
        (None, "tahunan", True, True, Kehadiran("cuti", "Cuti tahunan")),
        (DayRecord("terlambat", T(8, 10), None), None, True, True, Kehadiran("hadir", "Terlambat")),
        (None, None, True, True, Kehadiran("hadir", "Sudah presensi")),
        (ABSENT, None, True, True, Kehadiran("hadir", "Sudah presensi")),
        (ABSENT, None, False, True, Kehadiran("absen", "Tanpa keterangan")),
        (DayRecord("sakit", None, None), None, False, True, Kehadiran("cuti", "Sakit")),
        (DayRecord("libur", None, None), None, False, True, Kehadiran("libur", "Libur")),
        (None, None, False, False, Kehadiran("libur", "Hari libur")),
        (None, None, False, True, Kehadiran("belum", "Belum presensi")),
    ],
)  # fmt: skip
def test_todays_presence_is_decided_in_order(record, leave, punched, working, expected):
    assert kehadiran_of(record, leave, punched, working) == expected


@pytest.mark.parametrize(
    ("periode", "additive", "expected"),
    [(3, True, Decimal(12)), (1, True, Decimal(4)), (3, False, Decimal(95)), (13, False, None)],
)
def test_target_so_far_adds_counts_and_carries_levels(periode, additive, expected):
    targets = {n: (Decimal(4) if additive else Decimal(95)) for n in range(1, 13)}
    assert target_sejauh_ini(targets, periode, additive) == expected


def test_target_so_far_without_any_period_target_is_none():
    assert target_sejauh_ini({}, 3, True) is None


# --- Pantauan saya -------------------------------------------------------------------------------


def test_ani_sees_her_month_today_and_skp(login, personas):
    skp, laporan, _ = anis_skp(personas)
    activity(personas.ani, day=2, status=StatusAktivitas.DISETUJUI, indikator=laporan,
             jumlah_output=3)  # fmt: skip
    activity(personas.ani, day=3, start=(8, 0), end=(10, 0), status=StatusAktivitas.DISETUJUI)
    activity(personas.ani, day=4, status=StatusAktivitas.DITOLAK)  # a rejected day is empty
    activity(personas.ani, day=10, start=(8, 0), end=(9, 30))  # today, waiting
    activity(personas.ani, day=2, start=(10, 0), end=(11, 0))  # waiting
    # February's approved output counts towards the year so far.
    feb = activity(personas.ani, day=9, status=StatusAktivitas.DISETUJUI, indikator=laporan,
                   jumlah_output=5)  # fmt: skip
    Activity.objects.filter(pk=feb.pk).update(tanggal=dt.date(2026, 2, 9))
    activity(personas.intan, day=10)  # a colleague's day is not hers
    attendance(personas.ani, "terlambat", jam_datang=T(7, 45))

    response = login(personas.user("ani")).get(SAYA)

    assert response.status_code == 200
    d = response.context["d"]
    assert d.employee == personas.ani
    assert (d.produktivitas.approved_minutes, d.produktivitas.pending_minutes) == (180, 150)
    assert d.produktivitas.rejected_minutes == 60 and d.produktivitas.target_minutes == 6750
    assert d.bulan.hari_kerja_sejauh_ini == 7  # 2-6 and 9-10 March
    assert d.pengisian.hari_terisi == 3  # 2, 3 and 10 March; the 4th was rejected
    assert d.pengisian.menit_hari_ini == 90 and d.pengisian.terisi_hari_ini
    assert d.kehadiran == Kehadiran("hadir", "Terlambat")
    assert d.estimasi is None  # no TPP policy in force
    assert d.skp.skp == skp
    lines = {line.kode: line for line in d.skp.lines}
    assert (lines["A1.1"].realisasi, lines["A1.1"].target_sejauh_ini) == (Decimal(8), Decimal(12))
    assert lines["A1.1"].persen == Decimal("66.67")
    assert lines["A1.2"].target_sejauh_ini == Decimal(95) and lines["A1.2"].persen is None
    page = response.content.decode()
    assert "Pantauan saya" in page and "Jumlah laporan rekap" in page
    assert "Terlambat" in page and "Sudah mengisi" in page
    assert "Perkiraan TPP belum tersedia" in page
    for url in (reverse("activity-day"), reverse("activity-month"), reverse("tpp-saya"),
                reverse("skp-detail", args=[skp.pk])):  # fmt: skip
        assert f'href="{url}"' in page


def test_ani_without_entries_today_or_skp_is_told_so(login, personas):
    response = login(personas.user("ani")).get(SAYA)
    assert response.status_code == 200
    d = response.context["d"]
    assert not d.pengisian.terisi_hari_ini and d.kehadiran == Kehadiran("belum", "Belum presensi")
    assert d.skp.skp is None
    page = response.content.decode()
    assert "Belum mengisi" in page and "Belum ada SKP untuk tahun 2026" in page
    assert f'href="{reverse("skp-home")}"' in page


def test_the_tpp_estimate_so_far_carries_its_caveat(login, tpp_world):
    activity(tpp_world.ani, day=2, start=(8, 0), end=(15, 0), status=StatusAktivitas.DISETUJUI)
    response = login(tpp_world.user("ani")).get(SAYA)
    estimate = response.context["d"].estimasi
    assert estimate is not None and (estimate.tahun, estimate.bulan) == (2026, 3)
    assert estimate.result.besaran == Decimal("3000000")
    page = response.content.decode()
    assert "Data sampai 10 Maret 2026, belum final." in page
    assert 'data-testid="perkiraan-diterima"' in page


def test_a_leave_day_and_a_punch_count_as_todays_presence(login, personas):
    LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.intan, jenis=JenisCuti.TAHUNAN,
        mulai=TODAY, selesai=TODAY, status=StatusPengajuan.DISETUJUI,
    )  # fmt: skip
    Punch.objects.create(
        instansi=personas.instansi, employee=personas.ani, sumber="web",
        waktu=dt.datetime(2026, 3, 10, 7, 20, tzinfo=WIB),
    )  # fmt: skip
    # Yesterday's punch says nothing about today.
    Punch.objects.create(
        instansi=personas.instansi, employee=personas.budi, sumber="web",
        waktu=dt.datetime(2026, 3, 9, 23, 50, tzinfo=WIB),
    )  # fmt: skip
    assert login(personas.user("ani")).get(SAYA).context["d"].kehadiran.label == "Sudah presensi"
    assert login(personas.user("intan")).get(SAYA).context["d"].kehadiran.label == "Cuti tahunan"
    assert login(personas.user("budi")).get(SAYA).context["d"].kehadiran.jenis == "belum"


def test_a_login_without_an_employee_gets_404_for_the_personal_pages(login, personas):
    client = login(operator(personas))
    assert client.get(SAYA).status_code == 404
    assert client.get(SAYA_RINGKAS, **HTMX).status_code == 404
    assert client.get(SAYA_RINGKAS).status_code == 404


def test_the_personal_page_shows_only_ones_own_figures(login, personas):
    activity(personas.ani, day=10)
    for name in ("dodi", "stranger", "budi"):
        d = login(personas.user(name)).get(SAYA).context["d"]
        assert d.employee == getattr(personas, name)
        assert d.pengisian.menit_hari_ini == 0 and d.produktivitas.pending_minutes == 0


def test_the_personal_pages_need_a_login(client):
    for url in (SAYA, SAYA_RINGKAS, TIM, TIM_RINGKAS):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_compact_personal_panel_is_a_fragment_for_htmx(login, personas):
    activity(personas.ani, day=10)
    client = login(personas.user("ani"))
    response = client.get(SAYA_RINGKAS, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'data-testid="panel-saya"' in page
    assert response.context["d"].skp is None and response.context["d"].estimasi is None
    plain = client.get(SAYA_RINGKAS)
    assert plain.status_code == 302 and plain.url == SAYA


def test_the_personal_pages_answer_only_get(login, personas):
    client = login(personas.user("ani"))
    assert client.post(SAYA).status_code == 405
    assert client.post(TIM).status_code == 405


def _saya_queries(client, url, extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(("url", "extra", "most"), [(SAYA, {}, 35), (SAYA_RINGKAS, HTMX, 15)])
def test_the_personal_page_query_count_does_not_grow_with_data(login, tpp_world, url, extra, most):
    skp, laporan, _ = anis_skp(tpp_world)
    client = login(tpp_world.user("ani"))
    activity(tpp_world.ani, day=2, status=StatusAktivitas.DISETUJUI, indikator=laporan)
    small = _saya_queries(client, url, extra)
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.TAMBAHAN, teks="Tugas tambahan")
    for n in range(5):
        extra_indikator = Indikator.objects.create(
            rhk=rhk, urutan=n, uraian=f"Output {n}", satuan="dok"
        )
        PeriodTarget.objects.create(indikator=extra_indikator, periode_ke=3, target=Decimal(2))
        for day in (2, 3, 4, 5, 6, 9):
            activity(tpp_world.ani, day=day, start=(8 + n, 0), end=(9 + n, 0),
                     status=StatusAktivitas.DISETUJUI, indikator=extra_indikator)  # fmt: skip
    attendance(tpp_world.ani)
    large = _saya_queries(client, url, extra)
    print("SAYA", url, small, large)
    assert small == large
    # The full page reads the SKP realisation one query per month of the year so far (three in
    # March) and the TPP estimate through the run's own reader; the panel skips both.
    assert large <= most


# --- Pantauan tim ------------------------------------------------------------------------------


def test_budi_sees_who_has_not_filled_today_first(login, personas):
    activity(personas.ani, day=10, start=(8, 0), end=(10, 0))
    activity(personas.ani, day=9, status=StatusAktivitas.DISETUJUI)
    activity(personas.intan, day=9, start=(8, 0), end=(8, 30))
    attendance(personas.ani)
    attendance(personas.intan, "tanpa_keterangan")
    activity(personas.dodi, day=10)  # another OPD: never in Budi's team

    response = login(personas.user("budi")).get(TIM)

    assert response.status_code == 200
    t = response.context["t"]
    assert [m.employee for m in t.anggota] == [personas.intan, personas.ani]
    intan, ani = t.anggota
    assert not intan.pengisian.terisi_hari_ini and intan.perlu_perhatian
    assert intan.kehadiran == Kehadiran("absen", "Tanpa keterangan")
    assert (intan.pengisian.hari_terisi, intan.pengisian.menunggu) == (1, 1)
    assert ani.pengisian.menit_hari_ini == 120 and ani.kehadiran.hadir
    assert (ani.pengisian.hari_terisi, ani.pengisian.menunggu) == (2, 1)
    assert (ani.produktivitas.approved_minutes, ani.produktivitas.target_minutes) == (60, 6750)
    assert (t.belum_mengisi, t.hadir, t.bulan.hari_kerja_sejauh_ini) == (1, 1, 7)
    assert t.antrean.jumlah == 2 and t.antrean.eskalasi == 0
    page = response.content.decode()
    assert page.index("Intan Permata") < page.index("Ani Lestari")
    assert "Dodi" not in page
    assert f"{reverse('activity-month')}?pegawai={personas.ani.pk}" in page
    assert f"{reverse('activity-queue')}?pegawai={personas.intan.pk}" in page
    assert f'href="{reverse("activity-queue")}"' in page


def test_those_away_today_come_after_those_expected_at_work(login, personas):
    attendance(personas.ani, "cuti", jenis_cuti=JenisCuti.TAHUNAN)
    t = login(personas.user("budi")).get(TIM).context["t"]
    assert [m.employee for m in t.anggota] == [personas.intan, personas.ani]
    assert [m.perlu_perhatian for m in t.anggota] == [True, False]
    assert t.anggota[1].kehadiran == Kehadiran("cuti", "Cuti")


def test_pending_validations_show_their_age_and_escalation(login, personas):
    activity(personas.ani, day=2, diajukan_at=NOW - dt.timedelta(days=8))  # past 5 days
    activity(personas.ani, day=9, diajukan_at=NOW - dt.timedelta(days=1))
    activity(personas.intan, day=6, diajukan_at=NOW - dt.timedelta(days=3))

    budi = login(personas.user("budi")).get(TIM)
    antrean = budi.context["t"].antrean
    assert (antrean.jumlah, antrean.eskalasi, antrean.dialihkan) == (2, 0, 1)
    assert budi.context["t"].umur_tertua == 3
    assert "lewat 5 hari dan kini divalidasi atasan Anda" in budi.content.decode()

    eka = login(personas.user("eka")).get(TIM)
    t = eka.context["t"]
    assert [m.employee for m in t.anggota] == [personas.budi]
    assert (t.antrean.jumlah, t.antrean.eskalasi, t.umur_eskalasi) == (1, 1, 8)
    assert "dialihkan kepada Anda sebagai atasan pejabat penilai" in eka.content.decode()


@pytest.mark.parametrize("name", ["ani", "intan", "dodi", "citra", "gita", "stranger"])
def test_users_without_subordinates_get_404_for_the_team_pages(login, personas, name):
    client = login(personas.user(name))
    assert client.get(TIM).status_code == 404
    assert client.get(TIM_RINGKAS, **HTMX).status_code == 404
    assert client.get(TIM_RINGKAS).status_code == 404


def test_a_login_without_an_employee_gets_404_for_the_team_pages(login, personas):
    client = login(operator(personas))
    assert client.get(TIM).status_code == 404
    assert client.get(TIM_RINGKAS, **HTMX).status_code == 404


def test_the_compact_team_panel_names_who_has_not_filled(login, personas):
    activity(personas.ani, day=10)
    client = login(personas.user("budi"))
    response = client.get(TIM_RINGKAS, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'data-testid="panel-tim"' in page
    assert "Belum mengisi: Intan Permata" in page and "Ani Lestari" not in page
    plain = client.get(TIM_RINGKAS)
    assert plain.status_code == 302 and plain.url == TIM


def _grow_team(personas, count):
    """More staff under Budi, each with a month of entries, attendance and a punch today."""
    staf = personas.positions["staf"]
    rows, records, punches = [], [], []
    for i in range(count):
        person = make_employee(personas.instansi, f"Staf {i:03d}", position=staf, with_login=False)
        for day in (2, 3, 9, 10):
            for hour, status in ((8, "diajukan"), (10, "disetujui"), (13, "ditolak")):
                rows.append(Activity(
                    instansi=personas.instansi, employee=person, tanggal=dt.date(2026, 3, day),
                    mulai=T(hour, 0), selesai=T(hour + 1, 0), menit=60, uraian=f"Rekap {hour}",
                    uraian_norm=f"rekap {hour}", jumlah_output=1, satuan="laporan",
                    status=status, diajukan_at=NOW - dt.timedelta(days=day % 7),
                ))  # fmt: skip
        if i % 2:
            records.append(DailyAttendance(
                instansi=personas.instansi, employee=person, tanggal=TODAY, status="hadir",
            ))  # fmt: skip
        else:
            punches.append(Punch(
                instansi=personas.instansi, employee=person, sumber="web",
                waktu=dt.datetime(2026, 3, 10, 7, i, tzinfo=WIB),
            ))  # fmt: skip
    Activity.objects.bulk_create(rows)
    DailyAttendance.objects.bulk_create(records)
    Punch.objects.bulk_create(punches)


def _queries(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx), response


@pytest.mark.parametrize(("url", "extra"), [(TIM, {}), (TIM_RINGKAS, HTMX)])
def test_team_query_count_is_the_same_for_two_and_six_subordinates(login, personas, url, extra):
    client = login(personas.user("budi"))
    activity(personas.ani, day=10)
    two, response = _queries(client, url, **extra)
    assert len(response.context["t"].anggota) == 2
    _grow_team(personas, 4)
    client = login(personas.user("budi"))  # a fresh request computes the new team
    six, response = _queries(client, url, **extra)
    t = response.context["t"]
    assert len(t.anggota) == 6 and t.hadir == 4 and t.antrean.jumlah > 0
    print("TIM", url, two, six)
    assert two == six
    # Bounded by the depth of the position tree (who reports to whom), not by the team.
    assert six <= 34


# --- the home page -------------------------------------------------------------------------------


def test_home_loads_the_personal_panel_for_employees_and_the_team_panel_for_atasan(login, personas):
    ani = login(personas.user("ani")).get(reverse("home")).content.decode()
    assert f'hx-get="{SAYA_RINGKAS}"' in ani and TIM_RINGKAS not in ani
    budi = login(personas.user("budi")).get(reverse("home")).content.decode()
    assert f'hx-get="{SAYA_RINGKAS}"' in budi and f'hx-get="{TIM_RINGKAS}"' in budi
    alone = login(operator(personas)).get(reverse("home")).content.decode()
    assert SAYA_RINGKAS not in alone and TIM_RINGKAS not in alone


def test_home_reads_nothing_of_the_dashboards_itself(login, personas):
    _grow_team(personas, 2)
    client = login(personas.user("budi"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    tables = (Activity._meta.db_table, Punch._meta.db_table, DailyAttendance._meta.db_table)
    assert not [q["sql"] for q in ctx if any(f'"{table}"' in q["sql"] for table in tables)]


def test_a_political_office_holder_keeps_no_attendance_and_gets_no_tpp(login, tpp_world):
    client = login(tpp_world.user("bupati"))
    d = client.get(SAYA).context["d"]
    assert d.kehadiran == Kehadiran("tanpa_presensi", "Tidak wajib presensi")
    assert not d.ada_tpp and d.estimasi is None
    t = client.get(TIM).context["t"]
    assert [m.employee for m in t.anggota] == [tpp_world.sekda]
