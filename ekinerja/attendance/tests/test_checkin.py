"""Phone check-ins: the verdict stored on the punch, what exempts it, the unit's local date,
idempotency, refusals, and the page over HTTP. Ani (Seksi Surveilans, under Dinas Kesehatan)
and Intan check in; refused are a login without an employee record and the Bupati (pejabat
negara, who keeps no attendance)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ekinerja.attendance import geo, services_checkin
from ekinerja.attendance.choices import JenisCuti, StatusKehadiran, StatusPengajuan
from ekinerja.attendance.models import (
    AttendancePolicy,
    DailyAttendance,
    LeaveRequest,
    Punch,
    SumberPresensi,
)
from ekinerja.org.choices import ZonaWaktu
from ekinerja.people.models import User

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 7, 21, 5, 400_000, tzinfo=WIB)  # a Tuesday morning
DAY = dt.date(2026, 3, 10)
OFFICE = (Decimal("-6.200000"), Decimal("106.800000"))
PAGE = reverse("checkin-today")
RECORD = reverse("checkin-record")
JSON = {"HTTP_ACCEPT": "application/json"}


def north(metres: float) -> str:
    """The latitude ``metres`` north of the office, as the page sends it (six places)."""
    return f"{float(OFFICE[0]) + metres / 111_195.08:.6f}"


@pytest.fixture
def office(personas):
    """Dinas Kesehatan has the coordinates; Ani's seksi has none and inherits them."""
    dinkes = personas.units["dinkes"]
    dinkes.latitude, dinkes.longitude = OFFICE
    dinkes.save()
    return dinkes


@pytest.fixture
def recomputed(monkeypatch):
    calls = []
    real = services_checkin.request_recompute

    def spy(instansi_id, employee_ids, first, last):
        calls.append((instansi_id, list(employee_ids), first, last))
        return real(instansi_id, employee_ids, first, last)

    monkeypatch.setattr(services_checkin, "request_recompute", spy)
    return calls


def check_in(personas, metres=20.0, accuracy="12.5", kunci="kunci-1", now=NOW, who="ani"):
    return services_checkin.record_web_punch(
        actor=personas.user(who), latitude=north(metres), longitude=str(OFFICE[1]),
        accuracy=accuracy, kunci=kunci, now=now,
    )  # fmt: skip


def leave(personas, jenis, status=StatusPengajuan.DISETUJUI, day=DAY):
    return LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=jenis, mulai=day, selesai=day,
        status=status,
    )  # fmt: skip


# --- the verdict stored on the punch ---------------------------------------------------------


def test_inside_the_radius_is_stored_unflagged_with_location_and_accuracy(
    personas, office, recomputed
):
    result = check_in(personas, metres=20, accuracy="12.5")
    punch = Punch.objects.get()
    assert result.created and result.punch == punch
    assert punch.employee == personas.ani and punch.instansi == personas.instansi
    assert punch.sumber == SumberPresensi.WEB and punch.kunci == "kunci-1"
    # Stored to the second, as machines do.
    assert punch.waktu == NOW.replace(microsecond=0)
    assert (punch.latitude, punch.longitude) == (Decimal(north(20)), OFFICE[1])
    assert (punch.jarak_m, punch.akurasi_m, punch.di_luar_lokasi) == (20, 13, False)
    # The seksi has no point of its own: Dinas Kesehatan's and the default radius apply.
    assert punch.keterangan_lokasi == (
        "Di dalam radius kantor (20 m dari titik kantor, radius 100 m)."
    )
    assert recomputed == [(personas.instansi.pk, [personas.ani.pk], DAY, DAY)]


def test_outside_the_radius_is_flagged(personas, office):
    check_in(personas, metres=1_500)
    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.di_luar_lokasi) == (1_500, True)
    assert punch.keterangan_lokasi == (
        "Di luar radius kantor (1.500 m dari titik kantor, radius 100 m)."
    )


def test_the_units_own_radius_and_the_policys_limits_apply(personas, office):
    office.radius_m = 2_000
    office.save()
    AttendancePolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), akurasi_maks_m=50
    )
    check_in(personas, metres=1_500, accuracy="60", kunci="a")
    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.di_luar_lokasi) == (1_500, True)
    assert punch.keterangan_lokasi == "Akurasi lokasi ±60 m melebihi batas ±50 m."


def test_an_absurd_accuracy_is_capped_and_a_zero_policy_radius_still_judges(personas, office):
    AttendancePolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), radius_bawaan_m=0
    )
    vague = check_in(personas, metres=0, accuracy="1e400", kunci="a").punch
    assert (vague.jarak_m, vague.akurasi_m, vague.di_luar_lokasi) == (0, geo.MAX_ACCURACY_M, True)
    at_point = check_in(personas, metres=0, kunci="b", now=NOW + dt.timedelta(minutes=1)).punch
    assert at_point.keterangan_lokasi == (
        "Di dalam radius kantor (0 m dari titik kantor, radius 1 m)."
    )


def test_the_seats_own_point_wins_over_the_ancestors(personas, office):
    seksi = personas.units["surveilans"]
    seksi.latitude, seksi.longitude = Decimal(north(1_500)), OFFICE[1]
    seksi.radius_m = 50
    seksi.save()
    check_in(personas, metres=1_510)
    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.di_luar_lokasi) == (10, False)
    assert "radius 50 m" in punch.keterangan_lokasi


def test_without_any_office_point_the_punch_is_stored_and_flagged(personas):
    check_in(personas, metres=0)
    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.di_luar_lokasi) == (None, True)
    assert punch.keterangan_lokasi == "Lokasi kantor belum diatur."


@pytest.mark.parametrize(
    ("jenis", "label"),
    [(JenisCuti.WFH, "Kerja dari rumah (WFH)"), (JenisCuti.DINAS_LUAR, "Dinas luar")],
)
def test_outside_but_covered_by_approved_wfh_or_dinas_luar_is_not_flagged(
    personas, office, jenis, label
):
    leave(personas, jenis)
    check_in(personas, metres=8_000)
    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.di_luar_lokasi) == (8_000, False)
    assert punch.keterangan_lokasi == (
        f"{label} disetujui; di luar radius kantor (8.000 m dari titik kantor, radius 100 m)."
    )


@pytest.mark.parametrize(
    "status", [StatusPengajuan.DIAJUKAN, StatusPengajuan.DITOLAK, StatusPengajuan.DIBATALKAN]
)
def test_wfh_not_approved_still_flags(personas, office, status):
    leave(personas, JenisCuti.WFH, status=status)
    check_in(personas, metres=8_000)
    assert Punch.objects.get().di_luar_lokasi


def test_other_leave_kinds_and_other_days_do_not_exempt(personas, office):
    leave(personas, JenisCuti.IZIN)
    leave(personas, JenisCuti.WFH, day=DAY + dt.timedelta(days=1))
    check_in(personas, metres=8_000)
    assert Punch.objects.get().di_luar_lokasi


def test_a_wita_unit_uses_its_own_date_around_midnight(personas, office, recomputed):
    """23:30 WIB on the 10th is 00:30 WITA on the 11th: a WITA office's punch belongs to the
    11th, so a WFH approved for the 11th covers it and the 11th is recomputed."""
    seksi = personas.units["surveilans"]
    seksi.zona_waktu = ZonaWaktu.WITA
    seksi.save()
    leave(personas, JenisCuti.WFH, day=dt.date(2026, 3, 11))
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=WIB)
    result = check_in(personas, metres=8_000, now=late)
    assert (result.local_day, result.zone) == (dt.date(2026, 3, 11), "Asia/Makassar")
    assert not result.punch.di_luar_lokasi
    assert recomputed[-1][2:] == (dt.date(2026, 3, 11), dt.date(2026, 3, 11))

    # The same instant in a WIB office is still the 10th, which the WFH does not cover.
    seksi.zona_waktu = ZonaWaktu.WIB
    seksi.save()
    result = check_in(personas, metres=8_000, now=late + dt.timedelta(seconds=5), kunci="b")
    assert result.local_day == DAY
    assert result.punch.di_luar_lokasi


# --- idempotency ----------------------------------------------------------------------------


def test_the_same_key_twice_is_stored_once(personas, office, recomputed):
    first = check_in(personas, metres=20, kunci="sama")
    # A resend after a dropped connection, read a little later and from elsewhere.
    again = check_in(personas, metres=900, kunci="sama", now=NOW + dt.timedelta(seconds=40))
    assert Punch.objects.count() == 1
    assert (again.created, again.punch.pk) == (False, first.punch.pk)
    assert not again.punch.di_luar_lokasi
    assert len(recomputed) == 1


def test_the_same_second_twice_is_stored_once_whatever_the_key(personas, office):
    check_in(personas, kunci="satu")
    again = check_in(personas, kunci="dua", now=NOW.replace(microsecond=900_000))
    assert not again.created
    assert Punch.objects.count() == 1


def test_a_new_tap_later_is_a_second_punch(personas, office):
    check_in(personas, kunci="masuk")
    check_in(personas, kunci="pulang", now=NOW + dt.timedelta(hours=9))
    assert Punch.objects.count() == 2


def test_keys_are_per_employee(personas, office):
    check_in(personas, kunci="sama")
    check_in(personas, kunci="sama", who="intan")
    assert Punch.objects.count() == 2


# --- over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def form(metres=20.0, **extra):
    data = {"latitude": north(metres), "longitude": str(OFFICE[1]), "akurasi": "9",
            "kunci": "0b7e2a9c-4f1d-4a57-9c55-1f3e7d1a2b3c"}  # fmt: skip
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.usefixtures("clock")
def test_json_check_in_answers_with_the_message_and_the_list(personas, office, login):
    client = login(personas.user("ani"))
    response = client.post(RECORD, form(), **JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] and body["baru"] and not body["di_luar_lokasi"]
    assert body["pesan"].startswith("Presensi pukul 07:21:05 WIB tercatat.")
    assert body["tombol"] == "Presensi pulang"
    assert "07:21:05" in body["html"] and "20 m dari kantor" in body["html"]

    again = client.post(RECORD, form(), **JSON)
    assert again.status_code == 200
    assert again.json()["pesan"] == (
        "Presensi ini sudah tercatat pukul 07:21:05 WIB; tidak dicatat dua kali."
    )
    assert Punch.objects.count() == 1


@pytest.mark.usefixtures("clock")
def test_web_check_in_outside_the_radius_is_flagged(personas, office, login):
    client = login(personas.user("ani"))
    response = client.post(RECORD, form(metres=3_000), **JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["di_luar_lokasi"] and body["nada"] == "warning"
    assert "ditandai di luar lokasi: Di luar radius kantor (3.000 m" in body["pesan"]
    assert 'data-testid="presensi-ditandai"' in body["html"]
    assert Punch.objects.get().di_luar_lokasi


@pytest.mark.usefixtures("clock")
def test_a_plain_form_post_redirects_back_with_the_message(personas, office, login):
    client = login(personas.user("ani"))
    response = client.post(RECORD, form(metres=3_000), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "ditandai di luar lokasi" in response.content.decode()


@pytest.mark.usefixtures("clock")
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(latitude=None, longitude=None), "Lokasi tidak terkirim."),
        (form(latitude=""), "Lokasi tidak terkirim."),
        (form(latitude="91"), "Lintang harus di antara -90 dan 90."),
        (form(latitude="-90.5"), "Lintang harus di antara -90 dan 90."),
        (form(longitude="180.000001"), "Bujur harus di antara -180 dan 180."),
        (form(longitude="timur"), "Bujur harus berupa angka desimal"),
        (form(latitude="NaN"), "Lintang harus di antara -90 dan 90."),
        (form(akurasi="0"), "Akurasi lokasi harus lebih dari 0 meter."),
        (form(akurasi="-3"), "Akurasi lokasi harus lebih dari 0 meter."),
        (form(akurasi="Infinity"), "Akurasi lokasi harus lebih dari 0 meter."),
        (form(akurasi="dekat"), "Akurasi lokasi harus berupa angka"),
        (form(akurasi=None), "Akurasi lokasi tidak terkirim"),
        (form(kunci="<script>"), "Kunci presensi tidak valid."),
        (form(kunci="x" * 65), "Kunci presensi tidak valid."),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_nothing_is_stored(
    personas, office, login, data, message
):
    client = login(personas.user("ani"))
    response = client.post(RECORD, data, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert not body["ok"]
    assert any(text.startswith(message) for text in body["pesan"]), body["pesan"]

    page = client.post(RECORD, data)
    assert page.status_code == 400
    assert 'data-testid="pesan-galat"' in page.content.decode()
    assert not Punch.objects.exists()


@pytest.mark.usefixtures("clock")
def test_a_login_without_an_employee_record_is_refused(personas, client):
    user = User.objects.create_user(username="operator", password="x", instansi=personas.instansi)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(RECORD, form(), **JSON).status_code == 403
    assert not Punch.objects.exists()


@pytest.mark.usefixtures("clock")
def test_the_kepala_daerah_does_not_punch(personas, office, login):
    client = login(personas.user("bupati"))
    assert client.get(PAGE).status_code == 403
    assert client.post(RECORD, form(), **JSON).status_code == 403
    assert not Punch.objects.exists()


def test_anonymous_is_sent_to_log_in(client, personas):
    for response in (client.get(PAGE), client.post(RECORD, form())):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Punch.objects.exists()


def test_get_only_on_the_record_url_and_post_only_to_it(personas, office, login):
    client = login(personas.user("ani"))
    assert client.get(RECORD).status_code == 405
    assert client.post(PAGE, form()).status_code == 405


@pytest.mark.usefixtures("clock")
def test_the_page_shows_todays_punches_only_own_in_few_queries(
    personas, office, login, django_assert_max_num_queries
):
    leave(personas, JenisCuti.DINAS_LUAR)
    check_in(personas, metres=20, kunci="a", now=NOW - dt.timedelta(hours=1))
    check_in(personas, metres=2_500, kunci="b")
    check_in(personas, metres=20, kunci="c", now=NOW - dt.timedelta(days=1))  # yesterday
    check_in(personas, metres=20, kunci="d", who="intan")
    DailyAttendance.objects.update_or_create(
        employee=personas.ani, tanggal=DAY,
        defaults={"instansi": personas.instansi, "status": StatusKehadiran.DINAS_LUAR,
                  "jadwal": "Normal", "jam_masuk_jadwal": dt.time(7, 30),
                  "jam_pulang_jadwal": dt.time(16)},
    )  # fmt: skip
    client = login(personas.user("ani"))
    with django_assert_max_num_queries(14):
        response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Presensi hari ini" in html and "Selasa, 10 Maret 2026" in html
    assert html.count('data-testid="presensi"') == 2
    assert "06:21:05" in html and "07:21:05" in html and "2.500 m dari kantor" in html
    assert "Jam kerja 07:30–16:00 WIB (Normal)" in html
    assert "Lokasi kantor: Dinas Kesehatan, radius 100 m" in html
    assert "Dinas luar yang disetujui" in html
    assert "Presensi pulang" in html
    # Without a script the page says why nothing can be done.
    assert "<noscript>" in html and "membutuhkan lokasi" in html
    assert "attendance/checkin.js" in html


@pytest.mark.usefixtures("clock")
def test_the_page_before_any_punch_and_without_an_office_point(personas, login):
    html = login(personas.user("ani")).get(PAGE).content.decode()
    assert "Belum ada presensi hari ini." in html
    assert "Presensi masuk" in html
    assert "Lokasi kantor unit Anda belum diatur" in html
