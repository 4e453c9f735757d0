"""Ani imports her own activities from Excel (10 March 2026, 17:00 WIB): template, preview with
row errors under every entry rule, save through record_activity, idempotent re-upload, limits
and who may see a batch."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.activity import services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.imports_activities import (
    ACTIVITY_FIELDS,
    KIND_ACTIVITY,
    MAX_ROWS,
    Jam,
    apply_activity_import,
    preview_activity_import,
)
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import LeaveRequest
from ekinerja.core.imports import CellError
from ekinerja.core.models import AuditEvent, ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.people.models import User
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, Rhk, Skp

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time
HEADERS = [spec.name for spec in ACTIVITY_FIELDS]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def line(day=9, start="08:00", end="09:00", uraian="Menyusun rekap surveilans", **extra):
    values = {
        "tanggal": dt.date(2026, 3, day) if isinstance(day, int) else day,
        "jam_mulai": start, "jam_selesai": end, "uraian": uraian,
        "jumlah_output": 1, "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return values


def workbook(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes([Column(h) for h in headers], ([r.get(h, "") for h in headers] for r in rows))


def upload(client, content: bytes, name: str = "aktivitas.xlsx"):
    return client.post(reverse("activity-import"), {"berkas": SimpleUploadedFile(name, content)})


def preview(personas, rows, who="ani") -> ImportBatch:
    return preview_activity_import(
        actor=personas.user(who), filename="aktivitas.xlsx", content=workbook(rows)
    )


def errors_of(batch: ImportBatch) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for error in batch.errors:
        found.setdefault(error["row"], []).append((error["column"], error["message"]))
    return found


def stored(personas, day=9, start=(13, 0), end=(14, 0), uraian="Rapat koordinasi"):
    return services.record_activity(
        actor=personas.user("ani"),
        data=services.ActivityInput(
            tanggal=dt.date(2026, 3, day), mulai=T(*start), selesai=T(*end), uraian=uraian,
            jumlah_output="1", satuan="kegiatan",
        ),
    )  # fmt: skip


@pytest.fixture
def skp(personas):
    """Ani's approved SKP 2026: RHK utama 1 with two indicators, RHK tambahan 1 with one."""
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
    # Created tambahan first: the codes follow the printed order, not the order of creation.
    extra = Rhk.objects.create(skp=skp, jenis=JenisRhk.TAMBAHAN, teks="Terlaksananya piket")
    main = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    return {
        "A1.1": Indikator.objects.create(
            rhk=main, urutan=1, uraian="Jumlah laporan rekap", satuan="laporan",
            target_min=Decimal(12),
        ),
        "A1.2": Indikator.objects.create(
            rhk=main, urutan=2, uraian="Jumlah data terentri", satuan="data",
            target_min=Decimal(1200),
        ),
        "B1.1": Indikator.objects.create(rhk=extra, uraian="Jumlah piket", satuan="kali"),
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Template


def test_the_template_lists_the_columns_and_anis_indicators_with_their_codes(login, personas, skp):
    response = login(personas.user("ani")).get(reverse("activity-import-template"))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="templat-aktivitas-2026.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Aktivitas", "Target SKP", "Petunjuk"]
    data = list(book["Aktivitas"].iter_rows(values_only=True))
    assert data == [tuple(HEADERS)]  # no example rows: an unchanged upload enters nothing
    targets = list(book["Target SKP"].iter_rows(values_only=True))
    assert [row[0] for row in targets] == ["kode", "A1.1", "A1.2", "B1.1"]
    assert targets[1][1:] == (
        "Utama", "Tersusunnya rekap surveilans", "Jumlah laporan rekap", 12, "laporan"
    )  # fmt: skip


def test_without_an_skp_the_template_says_to_leave_the_target_empty(login, personas):
    response = login(personas.user("ani")).get(reverse("activity-import-template"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book["Target SKP"].iter_rows(values_only=True))
    assert rows[1][0] == "Belum ada SKP tahun 2026; kosongkan kolom target_skp."


def test_a_filled_template_is_imported(login, personas, skp):
    client = login(personas.user("ani"))
    response = client.get(reverse("activity-import-template"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Aktivitas"]
    # Real Excel date and time cells, as someone typing into the template produces.
    sheet.append([dt.date(2026, 3, 9), T(8, 0), T(9, 30), "Rekap mingguan", 2, "laporan", "a1.1"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(client, buffer.getvalue())
    batch = ImportBatch.objects.get(kind=KIND_ACTIVITY)
    assert response.status_code == 302 and batch.errors == []
    client.post(reverse("activity-import-apply", args=[batch.pk]))

    activity = Activity.objects.get()
    assert (activity.mulai, activity.selesai, activity.menit) == (T(8, 0), T(9, 30), 90)
    assert activity.indikator == skp["A1.1"] and activity.jumlah_output == Decimal(2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("08:30", T(8, 30)), ("8.30", T(8, 30)), ("08:30:00", T(8, 30)), ("07:59:59.999", T(8, 0)),
     ("0.354166666666667", T(8, 30)), ("0.25", T(6, 0)), ("1900-01-01 13:05:00", T(13, 5))],
)  # fmt: skip
def test_times_are_read_as_people_and_excel_write_them(raw, expected):
    assert Jam().parse(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "8", "8.5", "jam 8", "1.5"])
def test_unreadable_times_are_refused(raw):
    with pytest.raises(CellError, match="tidak dikenali"):
        Jam().parse(raw)


# ---------------------------------------------------------------------------------------------
# Preview


def test_the_preview_reports_each_bad_row_under_every_entry_rule_and_writes_nothing(personas, skp):
    stored(personas)  # 13:00-14:00 on 9 March
    LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.TAHUNAN,
        mulai=dt.date(2026, 3, 6), selesai=dt.date(2026, 3, 6), status=StatusPengajuan.DISETUJUI,
    )  # fmt: skip
    rows = [
        line(),  # 2: fine
        line(day=11),  # 3: future date
        line(day=2),  # 4: more than 7 days back
        line(day=dt.date(2026, 2, 27)),  # 5: February closed on 10 March
        line(start="25:00"),  # 6: unreadable time
        line(start="10:00", end="11:00"),  # 7: overlaps row 8
        line(start="10:30", end="11:30", uraian="Entri data"),  # 8: overlaps row 7
        line(start="13:30", end="14:30"),  # 9: overlaps the stored 13:00-14:00
        line(day=10, target_skp="Z9.9"),  # 10: unknown target
        line(day=10, start="09:00", end="10:00", jumlah_output="banyak"),  # 11
        line(day=10, start="11:00", end="10:00"),  # 12: end before start
        line(day=10, start="12:00", end="13:00", uraian=""),  # 13: uraian missing
        line(day=10, start="16:00", end="18:00"),  # 14: ends after 17:00 today
        line(day=6),  # 15: approved annual leave
        line(day=10, start="13:00", end="14:00", tautan_bukti="bukan-tautan"),  # 16
        line(day=5, target_skp="A1.2", uraian="Entri data kasus"),  # 17: fine, by code
        line(
            day=5, start="10:00", end="11:00", target_skp="jumlah  LAPORAN rekap"
        ),  # 18: by uraian
    ]
    before = list(Activity.objects.values_list("pk", flat=True))

    batch = preview(personas, rows)

    assert errors_of(batch) == {
        3: [("", "Aktivitas tidak boleh diisi untuk tanggal yang akan datang.")],
        4: [("", "Aktivitas hanya dapat diisi paling lambat 7 hari ke belakang.")],
        5: [("", "Bulan 02/2026 sudah ditutup; aktivitas pada bulan itu tidak dapat ditambah "
                 "atau diubah.")],
        6: [("jam_mulai", "Jam '25:00' tidak dikenali; gunakan JJ:MM, mis. 08:30.")],
        7: [("jam_mulai", "Waktu bertumpuk dengan baris 8 (10:30-11:30).")],
        8: [("jam_mulai", "Waktu bertumpuk dengan baris 7 (10:00-11:00).")],
        9: [("", "Waktu bertumpuk dengan aktivitas lain pukul 13:00-14:00.")],
        10: [("target_skp", "Target 'Z9.9' tidak ada di SKP Anda tahun 2026; lihat lembar "
                            "'Target SKP' pada templat.")],
        11: [("jumlah_output", "'banyak' bukan angka.")],
        12: [("", "Jam selesai harus setelah jam mulai.")],
        13: [("uraian", "Wajib diisi.")],
        14: [("", "Jam selesai belum terlewati.")],
        15: [("", "Tanggal 06-03-2026 tercatat cuti tahunan yang disetujui.")],
        16: [("tautan_bukti", "Tautan 'bukan-tautan' bukan alamat http(s) yang valid.")],
    }  # fmt: skip
    assert batch.total_rows == 17 and len(batch.valid_rows) == 3
    assert batch.result["plan"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert [row["indikator_id"] for row in batch.valid_rows] == [
        None, skp["A1.2"].pk, skp["A1.1"].pk
    ]  # fmt: skip
    assert list(Activity.objects.values_list("pk", flat=True)) == before


def test_attendance_rule_of_the_region_applies_to_imported_rows(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), wajib_presensi=True
    )
    batch = preview(personas, [line()])
    assert errors_of(batch) == {
        2: [("", "Aktivitas hanya dapat diisi pada hari dengan catatan kehadiran.")]
    }


def test_an_ambiguous_uraian_of_a_target_asks_for_the_code(personas, skp):
    skp["B1.1"].uraian = "Jumlah laporan rekap"
    skp["B1.1"].save()
    batch = preview(personas, [line(target_skp="Jumlah laporan rekap")])
    assert errors_of(batch) == {
        2: [("target_skp", "Uraian target cocok dengan beberapa indikator (A1.1, B1.1); tulis "
                           "kodenya.")]
    }  # fmt: skip


def test_identical_rows_in_one_file_are_both_errors(personas):
    batch = preview(personas, [line(), line(day=10), line()])
    assert errors_of(batch) == {
        2: [("jam_mulai", "Sama dengan baris 4; hapus salah satunya.")],
        4: [("jam_mulai", "Sama dengan baris 2; hapus salah satunya.")],
    }


def test_a_row_identical_to_a_stored_activity_is_already_there_not_an_overlap(personas):
    kept = stored(personas, uraian="Rapat koordinasi")
    rejected = stored(personas, day=10, start=(8, 0), end=(9, 0), uraian="Apel pagi")
    services.validate_activities(
        actor=personas.user("budi"), activities=[rejected], verdict="tolak", alasan="Bukan kerja"
    )
    rows = [
        line(start="13:00", end="14:00", uraian="  Rapat koordinasi "),
        line(day=10, start="08:00", end="09:00", uraian="Apel pagi"),
        line(start="13:00", end="14:00", uraian="Rapat lain"),  # same time, another uraian
    ]

    batch = preview(personas, rows)

    assert batch.result["existing_rows"] == [2, 3]
    assert batch.result["plan"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert errors_of(batch) == {
        4: [("", "Waktu bertumpuk dengan aktivitas lain pukul 13:00-14:00.")]
    }
    assert list(Activity.objects.order_by("pk")) == [kept, rejected]


# ---------------------------------------------------------------------------------------------
# Save


def month_rows() -> list[dict]:
    """Seven rows over four days; rows 5 and 6 overlap, so five are valid."""
    return [
        line(day=5, start="08:00", end="10:00", uraian="Validasi data kasus", target_skp="A1.2",
             jumlah_output="40"),
        line(day=5, start="10:00", end="12:00", uraian="Menyusun rekap mingguan",
             target_skp="A1.1"),
        line(day=6, start="07:30", end="09:00", uraian="Piket posko", target_skp="B1.1",
             tautan_bukti="https://drive.example.go.id/piket.jpg"),
        line(day=6, start="09:00", end="10:30", uraian="Rapat koordinasi lintas program"),
        line(day=6, start="10:00", end="11:00", uraian="Bertumpuk"),
        line(day=9, start="08:00", end="12:00", uraian="Pelatihan aplikasi", jumlah_output="1,5",
             satuan="kegiatan"),
        line(day=10, start="13:00", end="16:30", uraian="Menyusun laporan bulanan"),
    ]  # fmt: skip


def test_ani_saves_the_valid_rows_and_uploading_the_same_file_again_adds_nothing(
    login, personas, skp
):
    client = login(personas.user("ani"))
    assert client.get(reverse("activity-import")).status_code == 200
    content = workbook(month_rows())

    response = upload(client, content)
    batch = ImportBatch.objects.get(kind=KIND_ACTIVITY)
    assert response.status_code == 302
    assert response["Location"] == reverse("activity-import-preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-valid">5<' in page and 'id="count-errors">2<' in page
    assert "Waktu bertumpuk dengan baris 6 (10:00-11:00)." in page
    assert not Activity.objects.exists()

    response = client.post(reverse("activity-import-apply", args=[batch.pk]))
    assert response.status_code == 302

    activities = list(Activity.objects.order_by("tanggal", "mulai"))
    assert len(activities) == 5
    assert {a.status for a in activities} == {StatusAktivitas.DIAJUKAN}
    assert {a.employee_id for a in activities} == {personas.ani.pk}
    first, second, piket, pelatihan, laporan = activities
    assert (first.menit, first.indikator, first.jumlah_output) == (120, skp["A1.2"], Decimal(40))
    assert piket.bukti_tautan == "https://drive.example.go.id/piket.jpg"
    assert (pelatihan.jumlah_output, pelatihan.satuan) == (Decimal("1.5"), "kegiatan")
    assert laporan.indikator is None and second.indikator == skp["A1.1"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.result["applied"] == {
        "created": 5, "updated": 0, "unchanged": 0, "refused": 0, "skipped_error_rows": 2
    }  # fmt: skip
    audit = AuditEvent.objects.get(action="import_aktivitas")
    assert audit.object_id == str(batch.pk) and audit.data["created"] == 5

    # The fixed file: row 6 moved to the afternoon. Only rows 5 and 6 are new.
    fixed = month_rows()
    fixed[4].update(jam_mulai="13:00", jam_selesai="14:00")
    upload(client, workbook(fixed))
    again = ImportBatch.objects.filter(kind=KIND_ACTIVITY).order_by("-pk").first()
    assert again.result["existing_rows"] == [2, 3, 4, 7, 8] and again.errors == []
    client.post(reverse("activity-import-apply", args=[again.pk]))
    assert Activity.objects.count() == 7

    # And the same file once more changes nothing at all.
    before = list(Activity.objects.order_by("pk").values())
    upload(client, workbook(fixed))
    third = ImportBatch.objects.filter(kind=KIND_ACTIVITY).order_by("-pk").first()
    assert third.valid_rows == [] and len(third.result["existing_rows"]) == 7
    page = client.get(reverse("activity-import-preview", args=[third.pk])).content.decode()
    assert 'id="count-existing">7<' in page and "Simpan 0 aktivitas" in page
    assert list(Activity.objects.order_by("pk").values()) == before


def test_two_previews_of_one_file_saved_one_after_the_other_store_it_once(personas, skp):
    first, second = preview(personas, month_rows()), preview(personas, month_rows())
    assert apply_activity_import(actor=personas.user("ani"), batch=first)["created"] == 5
    counts = apply_activity_import(actor=personas.user("ani"), batch=second)
    assert (counts["created"], counts["unchanged"]) == (0, 5)
    assert Activity.objects.count() == 5


def test_a_row_that_lost_its_slot_since_the_preview_is_reported_and_the_rest_saved(
    login, personas, skp
):
    client = login(personas.user("ani"))
    upload(client, workbook(month_rows()))
    batch = ImportBatch.objects.get(kind=KIND_ACTIVITY)
    stored(personas, day=9, start=(11, 0), end=(12, 30), uraian="Entri lewat formulir")

    client.post(reverse("activity-import-apply", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.result["applied"]["created"] == 4 and batch.result["applied"]["refused"] == 1
    message = "Waktu bertumpuk dengan aktivitas lain pukul 11:00-12:30."
    assert batch.result["refused"] == [{"row": 7, "column": "", "message": message}]
    page = client.get(reverse("activity-import-preview", args=[batch.pk])).content.decode()
    assert "Ditolak saat disimpan (1)" in page
    assert Activity.objects.count() == 5


def test_a_batch_is_saved_once_and_a_discarded_batch_not_at_all(login, personas, skp):
    client = login(personas.user("ani"))
    upload(client, workbook(month_rows()[:2]))
    batch = ImportBatch.objects.get(kind=KIND_ACTIVITY)
    client.post(reverse("activity-import-apply", args=[batch.pk]))
    again = client.post(reverse("activity-import-apply", args=[batch.pk]))
    assert again.status_code == 409 and "sudah diterapkan" in again.content.decode()
    assert Activity.objects.count() == 2

    upload(client, workbook([line(day=10)]))
    other = ImportBatch.objects.filter(kind=KIND_ACTIVITY).order_by("-pk").first()
    response = client.post(reverse("activity-import-discard", args=[other.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("activity-import")
    assert client.post(reverse("activity-import-apply", args=[other.pk])).status_code == 409
    assert Activity.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# Files refused as a whole


def test_more_rows_than_the_limit_are_refused_with_400_and_nothing_kept(login, personas):
    client = login(personas.user("ani"))
    rows = [line(day=9, start="08:00", end="08:01") for _ in range(MAX_ROWS + 1)]
    response = upload(client, workbook(rows))
    assert response.status_code == 400
    assert (
        f"Berkas berisi lebih dari {MAX_ROWS} baris aktivitas; bagi menjadi beberapa berkas."
        in response.content.decode()
    )
    assert not ImportBatch.objects.exists() and not Activity.objects.exists()
    # Exactly the limit is fine: 500 one-minute activities from 06:00 on 9 March.
    start = dt.datetime(2026, 3, 9, 6, 0)
    slots = [(start + dt.timedelta(minutes=n), start + dt.timedelta(minutes=n + 1))
             for n in range(MAX_ROWS)]  # fmt: skip
    full = [line(start=f"{a:%H:%M}", end=f"{b:%H:%M}", uraian=f"Entri {a:%H:%M}") for a, b in slots]
    batch = preview(personas, full)
    assert batch.total_rows == MAX_ROWS and len(batch.valid_rows) == MAX_ROWS


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"tanggal;uraian\n2026-03-09;Rekap\n", "a.csv", "Kolom wajib tidak ada: jam_mulai"),
        (workbook([]), "a.xlsx", "Berkas tidak berisi baris aktivitas."),
        (b"bukan excel", "a.xlsx", "Berkas Excel tidak dapat dibaca"),
        (b"x", "a.pdf", "Jenis berkas tidak didukung"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_400(login, personas, content, name, message):
    response = upload(login(personas.user("ani")), content, name)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_semicolon_csv_is_read(personas):
    content = (
        "\ufefftanggal;jam_mulai;jam_selesai;uraian;jumlah_output;satuan\n"
        "09/03/2026;08.00;09.15;Rekap data;2,5;laporan\n"
    ).encode()
    batch = preview_activity_import(actor=personas.user("ani"), filename="a.csv", content=content)
    assert batch.errors == [] and batch.valid_rows[0]["jumlah_output"] == "2.50"


# ---------------------------------------------------------------------------------------------
# Who sees what


def test_only_the_uploader_sees_and_saves_a_batch(login, personas, skp):
    batch = preview(personas, month_rows()[:2])
    for name in ("budi", "citra", "intan"):
        other = login(personas.user(name))
        assert other.get(reverse("activity-import-preview", args=[batch.pk])).status_code == 404
        assert other.post(reverse("activity-import-apply", args=[batch.pk])).status_code == 404
        assert other.post(reverse("activity-import-discard", args=[batch.pk])).status_code == 404
    # Nor does it appear on, or open from, the admin's master-data import page.
    citra = login(personas.user("citra"))
    assert batch.filename not in citra.get(reverse("import-start")).content.decode()
    assert citra.get(reverse("import-preview", args=[batch.pk])).status_code == 404
    assert citra.post(reverse("import-apply", args=[batch.pk])).status_code == 404
    assert not Activity.objects.exists()


def test_an_account_without_an_employee_is_refused(login, personas):
    user = User.objects.create_user(username="operator", password="x", instansi=personas.instansi)
    client = login(user)
    assert client.get(reverse("activity-import")).status_code == 403
    assert client.get(reverse("activity-import-template")).status_code == 403
    assert upload(client, workbook([line()])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("activity-import"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_bad_template_year_is_a_400(login, personas):
    client = login(personas.user("ani"))
    assert client.get(reverse("activity-import-template"), {"tahun": "abc"}).status_code == 400


# ---------------------------------------------------------------------------------------------
# Query counts


def test_the_preview_page_costs_the_same_however_many_rows_and_errors(login, personas):
    client = login(personas.user("ani"))
    small = preview(personas, [line(), line(day=11)])
    big_rows = [line(day=9, start=f"{h:02d}:00", end=f"{h:02d}:30") for h in range(6, 17)]
    big = preview(personas, big_rows + [line(day=11, uraian=f"x{n}") for n in range(30)])
    counts = []
    for batch in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("activity-import-preview", args=[batch.pk])).status_code == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_start_page_costs_the_same_however_many_uploads(login, personas):
    client = login(personas.user("ani"))
    counts = []
    for uploads in (1, 6):
        for _ in range(uploads):
            preview(personas, [line()])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("activity-import")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
