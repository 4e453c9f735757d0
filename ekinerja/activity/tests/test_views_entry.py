"""The employee's own activity pages over HTTP, with personas: Ani enters, Budi (her pejabat
penilai) may look, Intan (her colleague) and Dodi (another OPD) may not."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.activity import daysheet, services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy, CatalogItem
from ekinerja.activity.services import ActivityInput
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, Rhk, Skp

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 2, tzinfo=WIB)  # a Tuesday
DAY = dt.date(2026, 3, 10)
T = dt.time
DAY_URL = reverse("activity-day")
CREATE_URL = reverse("activity-create")
MONTH_URL = reverse("activity-month")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_data(**extra) -> dict:
    data = {
        "tanggal": "2026-03-10", "mulai": "08:00", "selesai": "09:30", "indikator": "",
        "catalog_item": "", "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1",
        "satuan": "laporan", "bukti_tautan": "", "halaman": "2026-03-10",
    }  # fmt: skip
    data.update(extra)
    return data


def record(personas, who="ani", day=10, start=(8, 0), end=(9, 30), **extra) -> Activity:
    values = {
        "tanggal": dt.date(2026, 3, day), "mulai": T(*start), "selesai": T(*end),
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return services.record_activity(actor=personas.user(who), data=ActivityInput(**values))


def approve(personas, activities, verdict="setujui", alasan=""):
    services.validate_activities(
        actor=personas.user("budi"), activities=activities, verdict=verdict, alasan=alasan
    )


def ani_targets(personas) -> tuple[Indikator, Indikator]:
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 15),
    )  # fmt: skip
    skp = Skp.objects.create(
        instansi=personas.instansi, period=period, employee=personas.ani,
        status=StatusSkp.DISETUJUI, position=personas.positions["staf"],
        unit=personas.units["surveilans"], jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    first = Indikator.objects.create(rhk=rhk, uraian="Jumlah laporan rekap", satuan="laporan")
    second = Indikator.objects.create(rhk=rhk, uraian="Jumlah kunjungan", satuan="kunjungan")
    return first, second


def field_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S)
    assert match, name
    return match.group(1).strip()


def selected(html: str, name: str) -> str:
    block = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    assert block, name
    option = re.search(r'<option value="([^"]*)"[^>]*selected', block.group(0))
    return option.group(1) if option else ""


# --- the pure day and month arithmetic -------------------------------------------------------


def test_suggested_times_follow_the_last_entry_and_the_clock():
    now = dt.datetime(2026, 3, 10, 16, 58)
    assert daysheet.suggested_start([]) == T(7, 30)
    assert daysheet.suggested_start([T(9, 30), T(11, 0)]) == T(11, 0)
    assert daysheet.suggested_end(T(11, 0), tanggal=now.date(), now=now) == T(16, 55)
    assert daysheet.suggested_end(T(17, 0), tanggal=now.date(), now=now) is None
    assert daysheet.suggested_end(T(8, 0), tanggal=dt.date(2026, 3, 9), now=now) is None
    assert daysheet.suggested_end(T(8, 0), tanggal=now.date(), now=now, minutes=45) == T(8, 45)
    assert daysheet.suggested_end(T(23, 30), tanggal=now.date(), now=now, minutes=90) == T(23, 59)


def test_the_month_grid_runs_monday_to_sunday_with_a_tone_per_day():
    per_day = {dt.date(2026, 3, 2): (300, 0), dt.date(2026, 3, 3): (60, 30)}
    weeks = daysheet.month_weeks(2026, 3, per_day, target=300, today=dt.date(2026, 3, 10))
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].tanggal == dt.date(2026, 2, 23) and weeks[0][0].tone == "outside"
    tones = {c.tanggal.day: c.tone for week in weeks for c in week if c.in_month}
    assert tones[1] == "weekend" and tones[2] == "filled" and tones[3] == "partly"
    assert tones[4] == "empty" and tones[11] == "future"
    totals = daysheet.day_totals(
        [("disetujui", 240), ("diajukan", 120), ("ditolak", 60)], target=300, cap=420
    )
    assert (totals.approved, totals.pending, totals.rejected) == (240, 120, 60)
    assert totals.approved_percent == 80 and totals.pending_percent == 20


# --- the day page ----------------------------------------------------------------------------


def test_the_day_lists_activities_in_time_order_with_status_and_reason(personas, login):
    late = record(personas, start=(13, 0), end=(14, 0), uraian="Rapat koordinasi")
    early = record(personas, start=(8, 0), end=(9, 30))
    returned = record(personas, start=(10, 0), end=(11, 0), uraian="Entri data kasus")
    approve(personas, [early])
    approve(personas, [returned], "kembalikan", "Lampirkan daftar kasus")
    record(personas, who="intan", uraian="Pekerjaan Intan")

    response = login(personas.user("ani")).get(DAY_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("08:00–09:30") < html.index("10:00–11:00") < html.index("13:00–14:00")
    assert "Pekerjaan Intan" not in html and late.uraian in html
    assert "Dikembalikan untuk diperbaiki" in html and "Lampirkan daftar kasus" in html
    assert 'data-testid="menit-disetujui">90<' in html
    assert 'data-testid="menit-menunggu">120<' in html
    # The form continues after the last entry and ends now, on a five-minute mark.
    assert field_value(html, "mulai") == "14:00" and field_value(html, "selesai") == "17:00"
    assert field_value(html, "tanggal") == "2026-03-10"


def test_an_empty_day_starts_at_half_past_seven_and_other_days_are_reachable(personas, login):
    client = login(personas.user("ani"))
    html = client.get(DAY_URL, {"tanggal": "2026-03-09"}).content.decode()
    assert field_value(html, "mulai") == "07:30" and field_value(html, "selesai") == ""
    assert "?tanggal=2026-03-08" in html and "?tanggal=2026-03-10" in html

    response = client.get(DAY_URL, {"tanggal": "10-03-2026"})
    assert response.status_code == 400
    assert "Tanggal harus berformat TTTT-BB-HH" in response.content.decode()


def test_the_target_select_groups_my_indicators_by_rhk(personas, login):
    first, _ = ani_targets(personas)
    CatalogItem.objects.create(
        instansi=personas.instansi, position=personas.positions["staf"],
        uraian="Mengentri data kasus", norma_waktu=30, satuan_hasil="dokumen",
    )  # fmt: skip
    html = login(personas.user("ani")).get(DAY_URL).content.decode()
    assert '<optgroup label="RHK utama: Tersusunnya rekap surveilans">' in html
    assert f'<option value="{first.pk}">Jumlah laporan rekap</option>' in html
    assert '<option value="" selected>Tugas tambahan / lainnya</option>' in html
    assert 'data-satuan="dokumen"' in html and "30 menit per dokumen" in html


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(DAY_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- create ----------------------------------------------------------------------------------


def test_an_entry_is_stored_and_the_page_goes_back_to_its_day(personas, login):
    first, _ = ani_targets(personas)
    client = login(personas.user("ani"))
    response = client.post(CREATE_URL, post_data(indikator=str(first.pk), jumlah_output="2,5"))

    assert response.status_code == 302 and response["Location"].endswith("?tanggal=2026-03-10")
    activity = Activity.objects.get()
    assert activity.employee == personas.ani and activity.menit == 90
    assert activity.indikator == first and activity.jumlah_output == Decimal("2.5")
    assert "tersimpan dan menunggu validasi" in client.get(response["Location"]).content.decode()


def test_with_htmx_the_answer_is_a_fresh_form_with_the_list_out_of_band(personas, login):
    response = login(personas.user("ani")).post(CREATE_URL, post_data(), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="entry-form"')
    assert 'id="day-list" hx-swap-oob="true"' in html and "08:00–09:30" in html
    assert field_value(html, "mulai") == "09:30"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"selesai": "17:30"}, "Jam selesai belum terlewati."),
        ({"tanggal": "2026-03-11", "halaman": "2026-03-11"}, "tanggal yang akan datang"),
        ({"uraian": ""}, "Bagian ini wajib diisi."),
        ({"jumlah_output": "banyak"}, "Jumlah output harus berupa angka"),
        ({"mulai": "jam sembilan"}, "Jam mulai harus berformat JJ:MM"),
        ({"bukti_tautan": "bukan tautan"}, "Tautan bukti harus berupa alamat web"),
        ({"indikator": "999999"}, "Pilih target dari daftar yang tersedia."),
    ],
)
def test_bad_entries_come_back_with_a_message_and_nothing_is_stored(
    personas, login, changes, message
):
    client = login(personas.user("ani"))
    for extra in ({}, HTMX):
        response = client.post(CREATE_URL, post_data(**changes), **extra)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_an_overlap_is_refused_with_the_services_message(personas, login):
    record(personas, start=(8, 0), end=(9, 0))
    response = login(personas.user("ani")).post(CREATE_URL, post_data(mulai="08:30"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 400 and html.lstrip().startswith('<div id="entry-form"')
    assert "Waktu bertumpuk dengan aktivitas lain pukul 08:00-09:00." in html
    assert field_value(html, "mulai") == "08:30"  # what was typed stays
    assert Activity.objects.count() == 1


def test_a_target_of_someone_elses_skp_cannot_be_chosen(personas, login):
    first, _ = ani_targets(personas)
    response = login(personas.user("intan")).post(CREATE_URL, post_data(indikator=str(first.pk)))
    assert response.status_code == 400
    assert "Pilih target dari daftar yang tersedia." in response.content.decode()
    assert not Activity.objects.exists()


def test_an_account_without_an_employee_has_no_activity_pages(personas, login, django_user_model):
    admin = django_user_model.objects.create_user(username="operator", password="x-12345678")
    assert login(admin).get(DAY_URL).status_code == 403
    assert login(admin).post(CREATE_URL, post_data()).status_code == 403


# --- edit and delete -------------------------------------------------------------------------


def test_the_owner_edits_an_entry_and_it_goes_back_to_validation(personas, login):
    activity = record(personas)
    approve(personas, [activity], "kembalikan", "Perbaiki uraian")
    client = login(personas.user("ani"))
    url = reverse("activity-edit", args=[activity.pk])

    page = client.get(url).content.decode()
    assert textarea(page, "uraian") == "Menyusun rekap data surveilans"
    assert "Perbaiki uraian" in page
    response = client.post(url, post_data(mulai="07:30", uraian="Menyusun rekap lengkap"))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.mulai == T(7, 30) and activity.menit == 120
    assert activity.status == StatusAktivitas.DIAJUKAN and activity.alasan == ""


def test_with_htmx_the_edit_form_opens_in_place(personas, login):
    activity = record(personas)
    url = reverse("activity-edit", args=[activity.pk])
    response = login(personas.user("ani")).get(url, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="entry-form"') and "Ubah aktivitas" in html
    assert f'hx-post="{url}"' in html


def test_only_the_owner_may_change_an_activity(personas, login):
    activity = record(personas)
    edit = reverse("activity-edit", args=[activity.pk])
    delete = reverse("activity-delete", args=[activity.pk])
    # Budi sees his staff's work but cannot change it; the others cannot even see it.
    assert login(personas.user("budi")).get(edit).status_code == 403
    assert login(personas.user("budi")).post(delete).status_code == 403
    for outsider in ("intan", "dodi"):
        assert login(personas.user(outsider)).get(edit).status_code == 404
        assert login(personas.user(outsider)).post(edit, post_data()).status_code == 404
        assert login(personas.user(outsider)).post(delete).status_code == 404
    activity.refresh_from_db()
    assert activity.mulai == T(8, 0)


def test_a_validated_activity_cannot_be_edited_or_deleted(personas, login):
    activity = record(personas)
    approve(personas, [activity])
    client = login(personas.user("ani"))
    edit = reverse("activity-edit", args=[activity.pk])

    page = client.get(edit)
    assert page.status_code == 400 and "sudah disetujui tidak dapat diubah" in page.content.decode()
    response = client.post(edit, post_data(mulai="07:00"))
    assert response.status_code == 400
    assert "Aktivitas yang sudah divalidasi tidak dapat diubah." in response.content.decode()
    response = client.post(reverse("activity-delete", args=[activity.pk]))
    assert response.status_code == 400
    assert "Aktivitas yang sudah divalidasi tidak dapat dihapus." in response.content.decode()
    activity.refresh_from_db()
    assert activity.mulai == T(8, 0) and activity.status == StatusAktivitas.DISETUJUI
    assert "bi-trash" not in client.get(DAY_URL).content.decode()


def test_the_owner_deletes_a_pending_entry(personas, login):
    kept = record(personas, start=(10, 0), end=(11, 0))
    gone = record(personas)
    client = login(personas.user("ani"))
    response = client.post(reverse("activity-delete", args=[gone.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="day-list"')
    assert "Aktivitas 08:00–09:30 dihapus." in html and "10:00–11:00" in html
    response = client.post(reverse("activity-delete", args=[kept.pk]))
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_a_closed_month_refuses_entries_edits_and_deletions(personas, login):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), bulan_sama=False,
        mundur_hari=30,
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 2, 17, 0, tzinfo=WIB), tick=False):
        february = record(personas, tanggal=dt.date(2026, 2, 27))
    client = login(personas.user("ani"))
    closed = "Bulan 02/2026 sudah ditutup; aktivitas pada bulan itu tidak dapat ditambah"

    response = client.post(CREATE_URL, post_data(tanggal="2026-02-26"))
    assert response.status_code == 400 and closed in response.content.decode()
    response = client.post(reverse("activity-edit", args=[february.pk]), post_data(
        tanggal="2026-02-27", mulai="13:00", selesai="14:00"))  # fmt: skip
    assert response.status_code == 400 and closed in response.content.decode()
    response = client.post(reverse("activity-delete", args=[february.pk]))
    assert response.status_code == 400 and closed in response.content.decode()
    assert Activity.objects.get().mulai == T(8, 0)

    page = client.get(DAY_URL, {"tanggal": "2026-02-27"}).content.decode()
    assert 'data-testid="bulan-ditutup"' in page and "bi-trash" not in page
    assert "Aktivitas tidak dapat diisi untuk tanggal ini" in page


# --- repeat an earlier activity --------------------------------------------------------------


def test_repeating_an_activity_fills_the_form_with_its_work_and_duration(personas, login):
    first, _ = ani_targets(personas)
    earlier = record(
        personas, day=9, start=(8, 0), end=(8, 45), indikator_id=first.pk,
        uraian="Validasi data kasus", jumlah_output="3", satuan="dokumen",
    )  # fmt: skip
    record(personas, start=(8, 0), end=(10, 0))
    html = login(personas.user("ani")).get(DAY_URL, {"ulang": earlier.pk}).content.decode()
    assert textarea(html, "uraian") == "Validasi data kasus"
    assert selected(html, "indikator") == str(first.pk)
    assert field_value(html, "jumlah_output") == "3" and field_value(html, "satuan") == "dokumen"
    assert field_value(html, "mulai") == "10:00" and field_value(html, "selesai") == "10:45"
    assert "Mengulang aktivitas 09-03-2026" in html


def test_only_my_own_activities_can_be_repeated(personas, login):
    theirs = record(personas, who="intan")
    assert login(personas.user("ani")).get(DAY_URL, {"ulang": theirs.pk}).status_code == 404
    assert login(personas.user("ani")).get(DAY_URL, {"ulang": "abc"}).status_code == 200


def test_recent_activities_are_distinct_newest_first_and_skip_rejected_ones(personas, login):
    first, _ = ani_targets(personas)
    record(personas, day=3, start=(8, 0), end=(9, 0), uraian="Rapat mingguan")
    record(personas, day=4, start=(8, 0), end=(9, 0), uraian="Rapat mingguan")
    record(personas, day=4, start=(9, 0), end=(10, 0), uraian="Rapat mingguan",
           indikator_id=first.pk)  # fmt: skip
    refused = record(personas, day=5, start=(8, 0), end=(9, 0), uraian="Pekerjaan ditolak")
    approve(personas, [refused], "tolak", "Bukan tugas jabatan")
    for minute in range(12):
        record(personas, day=9, start=(8, minute * 4), end=(8, minute * 4 + 3),
               uraian=f"Entri ke-{minute}")  # fmt: skip

    html = login(personas.user("ani")).get(DAY_URL).content.decode()
    block = html[html.index('data-testid="ulangi"') :]
    shown = re.findall(r'<div class="text-truncate">([^<]*)</div>', block)
    assert len(shown) == 10 and shown[0] == "Entri ke-11"
    assert "Pekerjaan ditolak" not in shown


# --- evidence files --------------------------------------------------------------------------


def test_an_evidence_file_is_stored_with_the_entry_and_served_to_those_who_may_see_it(
    personas, login
):
    upload = SimpleUploadedFile("foto kegiatan.png", PNG, content_type="image/png")
    client = login(personas.user("ani"))
    response = client.post(CREATE_URL, {**post_data(), "bukti_berkas": upload})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.bukti_berkas.name.startswith("bukti/2026/03/foto")

    url = reverse("activity-evidence", args=[activity.pk])
    response = client.get(url)
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("inline")
    assert login(personas.user("budi")).get(url).status_code == 200
    assert login(personas.user("dodi")).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("besar.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "Berkas bukti paling besar 5 MB."),
        ("catatan.txt", b"hanya teks", "Berkas bukti harus berupa PDF, JPG, atau PNG."),
        ("palsu.png", b"MZ\x90\x00 bukan gambar", "Isi berkas bukti tidak sesuai dengan jenisnya"),
    ],
)
def test_evidence_files_are_limited_in_size_and_type(personas, login, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = login(personas.user("ani")).post(CREATE_URL, {**post_data(), "bukti_berkas": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Activity.objects.exists()


def test_evidence_from_other_paths_is_never_active_content(personas, login, tmp_path):
    activity = record(personas)
    (tmp_path / "bukti").mkdir()
    (tmp_path / "bukti" / "x.html").write_text("<script>alert(1)</script>")
    Activity.objects.filter(pk=activity.pk).update(
        bukti_berkas="bukti/x.html", bukti_tautan="javascript:alert(1)"
    )
    client = login(personas.user("ani"))
    response = client.get(reverse("activity-evidence", args=[activity.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert 'href="javascript:' not in client.get(DAY_URL).content.decode()


def test_an_edit_replaces_or_removes_the_evidence_file(
    personas, login, tmp_path, django_capture_on_commit_callbacks
):
    client = login(personas.user("ani"))
    client.post(CREATE_URL, {**post_data(), "bukti_berkas": SimpleUploadedFile("a.png", PNG)})
    activity = Activity.objects.get()
    old = tmp_path / activity.bukti_berkas.name
    assert old.exists()
    url = reverse("activity-edit", args=[activity.pk])

    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 isi")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**post_data(), "bukti_berkas": pdf}).status_code == 302
    activity.refresh_from_db()
    assert activity.bukti_berkas.name.endswith(".pdf") and not old.exists()
    replaced = tmp_path / activity.bukti_berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, post_data(hapus_berkas="on")).status_code == 302
    activity.refresh_from_db()
    assert not activity.bukti_berkas and not replaced.exists()


# --- the month -------------------------------------------------------------------------------


def test_the_month_shows_credited_minutes_capaian_and_a_calendar(personas, login):
    approved = [
        record(personas, day=3, start=(7, 0), end=(15, 0)),  # 480 min, 420 credited
        record(personas, day=4, start=(8, 0), end=(10, 0)),
    ]
    approve(personas, approved)
    refused = record(personas, day=5, start=(8, 0), end=(9, 0))
    approve(personas, [refused], "tolak", "Tidak sesuai")
    record(personas, day=9, start=(8, 0), end=(8, 30))

    response = login(personas.user("ani")).get(MONTH_URL, {"bulan": "2026-03"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<strong>540</strong> dari target <strong>6750</strong> menit" in html
    assert "8%" in html  # 540 / 6750 = 8 %
    assert 'data-testid="menit-menunggu">30<' in html and 'data-testid="menit-ditolak">60<' in html
    tones = re.findall(r'data-tone="(\w+)"', html)
    assert len(tones) % 7 == 0 and tones.count("filled") == 1 and tones.count("partly") == 2
    assert f"{DAY_URL}?tanggal=2026-03-03" in html
    assert 'data-testid="bulan-ditutup"' not in html and 'data-testid="baca-saja"' not in html


def test_the_supervisor_reads_a_subordinates_month_and_outsiders_get_404(personas, login):
    record(personas, day=9)
    params = {"bulan": "2026-03", "pegawai": personas.ani.pk}
    response = login(personas.user("budi")).get(MONTH_URL, params)
    html = response.content.decode()
    assert response.status_code == 200 and "Ani Lestari" in html
    assert 'data-testid="baca-saja"' in html and f"{DAY_URL}?tanggal=" not in html
    for outsider in ("dodi", "intan"):
        assert login(personas.user(outsider)).get(MONTH_URL, params).status_code == 404
    assert login(personas.user("budi")).get(MONTH_URL, {"pegawai": "x"}).status_code == 404


def test_a_closed_month_says_so_and_a_bad_month_is_refused(personas, login):
    client = login(personas.user("ani"))
    html = client.get(MONTH_URL, {"bulan": "2026-02"}).content.decode()
    assert 'data-testid="bulan-ditutup"' in html and "Februari 2026 sudah ditutup" in html
    response = client.get(MONTH_URL, {"bulan": "2026-13"})
    assert response.status_code == 400
    assert "Bulan harus berformat TTTT-BB" in response.content.decode()


# --- query counts ----------------------------------------------------------------------------


def _fill(personas, days: range, per_day: int) -> None:
    """Many activities, written directly: only the number of rows matters here."""
    rows = [
        Activity(
            instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 3, day),
            mulai=T(7 + i, 0), selesai=T(7 + i, 30), menit=30, uraian=f"Kegiatan {day}-{i}",
            jumlah_output=1, satuan="laporan",
            status=StatusAktivitas.DISETUJUI if i % 2 else StatusAktivitas.DIAJUKAN,
        )
        for day in days
        for i in range(per_day)
    ]  # fmt: skip
    Activity.objects.bulk_create(rows)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_day_page_runs_the_same_queries_however_many_activities(personas, login):
    ani_targets(personas)
    client = login(personas.user("ani"))
    _fill(personas, range(9, 11), 2)
    small = _queries(client, DAY_URL, {})
    _fill(personas, range(1, 9), 12)
    _fill(personas, range(10, 11), 10)
    large = _queries(client, DAY_URL, {})
    assert small == large


def test_the_month_page_runs_the_same_queries_however_many_activities(personas, login):
    client = login(personas.user("budi"))
    params = {"bulan": "2026-03", "pegawai": personas.ani.pk}
    _fill(personas, range(2, 3), 2)
    small = _queries(client, MONTH_URL, params)
    _fill(personas, range(3, 11), 14)
    large = _queries(client, MONTH_URL, params)
    assert small == large
