"""Employee import and export: the staged preview, idempotent apply, access, and the round trip."""

import datetime as dt
import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.core.models import AuditEvent, ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.people.choices import JenisPenugasan
from ekinerja.people.imports import EMPLOYEE_FIELDS, apply_import, preview_employee_import
from ekinerja.people.models import Assignment, Employee, User

pytestmark = pytest.mark.django_db

HEADERS = [spec.name for spec in EMPLOYEE_FIELDS]
BAD_ROWS = {10: "short_nip", 40: "impossible_birth", 70: "gender_mismatch"}  # index -> defect


def employee_row(index: int, defect: str = "", **overrides) -> dict:
    # Born 1960-1979 and appointed in 1998, so every generated NIP passes the age rule.
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=index * 37 % 7300)
    gender = "1" if index % 2 else "2"
    nip = f"{birth:%Y%m%d}199803{gender}{index % 1000:03d}"
    jenis_kelamin = "L" if gender == "1" else "P"
    if defect == "short_nip":
        nip = nip[:17]
    elif defect == "impossible_birth":
        nip = f"19750231199803{gender}{index:03d}"
    elif defect == "gender_mismatch":
        jenis_kelamin = "P" if gender == "1" else "L"
    row = {
        "nip": nip,
        "nama": f"Pegawai Uji {index:03d}",
        "tempat_lahir": "Samarinda",
        "tanggal_lahir": "" if defect == "impossible_birth" else birth.isoformat(),
        "jenis_kelamin": jenis_kelamin,
        "status": "PNS",
        "golongan": "III/a",
        "kategori": "Umum",
        "kedudukan": "Aktif",
        "kode_jabatan": "PDS",
        "tmt_jabatan": "2025-01-02",
        "email": f"pegawai{index}@example.go.id",
    }
    row.update(overrides)
    return row


def workbook(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    return xlsx_bytes(
        [Column(name) for name in headers], ([r.get(h, "") for h in headers] for r in rows)
    )


def hundred_rows() -> list[dict]:
    return [employee_row(i, BAD_ROWS.get(i, "")) for i in range(100)]


def preview(personas, content: bytes, filename: str = "pegawai.xlsx") -> ImportBatch:
    return preview_employee_import(
        actor=personas.user("citra"), instansi=personas.instansi, filename=filename, content=content
    )


def snapshot() -> tuple[list[dict], list[dict]]:
    return (
        list(Employee.objects.order_by("pk").values()),
        list(Assignment.objects.order_by("pk").values()),
    )


def messages_by_row(batch: ImportBatch) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in batch.errors:
        found.setdefault(error["row"], []).append(error["message"])
    return found


# ---------------------------------------------------------------------------------------------
# The acceptance criteria


def test_three_bad_rows_are_listed_with_reasons_and_nothing_is_written(personas):
    before = snapshot()
    batch = preview(personas, workbook(hundred_rows()))
    assert snapshot() == before
    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.total_rows == 100 and len(batch.valid_rows) == 97
    assert messages_by_row(batch) == {
        12: ["NIP harus 18 digit, bukan 17."],
        42: ["Tanggal lahir 31-02-1975 pada NIP tidak ada."],
        72: ["Jenis kelamin tidak sesuai digit ke-15 NIP."],
    }
    assert batch.result["plan"] == {"created": 97, "updated": 0, "unchanged": 0}


def test_apply_creates_97_and_a_second_import_changes_nothing(personas):
    content = workbook(hundred_rows())
    employees, assignments = Employee.objects.count(), Assignment.objects.count()
    counts = apply_import(actor=personas.user("citra"), batch=preview(personas, content))
    assert counts["created"] == 97 and counts["skipped_error_rows"] == 3
    assert Employee.objects.count() == employees + 97
    assert Assignment.objects.filter(position__kode="PDS", mulai=dt.date(2025, 1, 2)).count() == 97
    assert Assignment.objects.count() == assignments + 97

    before = snapshot()
    again = preview(personas, content)
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 97}
    counts = apply_import(actor=personas.user("citra"), batch=again)
    assert counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 97,
        "skipped_error_rows": 3,
        "assignments_created": 0,
        "assignments_ended": 0,
    }
    assert snapshot() == before


def test_apply_creates_no_accounts(personas):
    users = User.objects.count()
    apply_import(actor=personas.user("citra"), batch=preview(personas, workbook(hundred_rows())))
    assert User.objects.count() == users
    assert not Employee.objects.filter(nip=employee_row(0)["nip"], user__isnull=False).exists()


def test_apply_is_refused_when_the_database_moved_since_the_preview(personas):
    row = employee_row(1)
    batch = preview(personas, workbook([row]))
    Employee.objects.create(
        instansi=personas.other_instansi, nip=row["nip"], nama="Sudah Pindah", status="PNS"
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="Data induk berubah sejak pratinjau"):
        apply_import(actor=personas.user("citra"), batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and snapshot() == before


def test_each_apply_is_audited_once_and_a_batch_cannot_be_applied_twice(personas):
    batch = preview(personas, workbook(hundred_rows()[:5]))
    apply_import(actor=personas.user("citra"), batch=batch)
    event = AuditEvent.objects.get(action="import_pegawai")
    assert event.data["created"] == 5 and event.object_id == str(batch.pk)
    with pytest.raises(ValidationError, match="sudah diterapkan"):
        apply_import(actor=personas.user("citra"), batch=batch)
    assert AuditEvent.objects.filter(action="import_pegawai").count() == 1


# ---------------------------------------------------------------------------------------------
# Row rules


def test_birth_date_and_gender_are_taken_from_the_nip_when_empty(personas):
    row = employee_row(1, tanggal_lahir="", jenis_kelamin="")
    batch = preview(personas, workbook([row]))
    apply_import(actor=personas.user("citra"), batch=batch)
    employee = Employee.objects.get(nip=row["nip"])
    assert employee.tanggal_lahir == dt.date(1960, 2, 7) and employee.jenis_kelamin == "L"


def test_birth_date_must_match_the_nip(personas):
    batch = preview(personas, workbook([employee_row(1, tanggal_lahir="08-02-1960")]))
    assert messages_by_row(batch) == {
        2: ["Tanggal lahir tidak sama dengan tanggal lahir pada NIP."]
    }


def test_labels_codes_and_day_first_dates_are_accepted(personas):
    row = employee_row(
        3,
        tanggal_lahir="21-04-1960",
        kategori="tenaga_kesehatan",
        kedudukan="TUGAS BELAJAR",
        golongan="iii-b",
        jenis_kelamin="Laki-laki",
    )
    apply_import(actor=personas.user("citra"), batch=preview(personas, workbook([row])))
    employee = Employee.objects.get(nip=row["nip"])
    assert (employee.kategori, employee.kedudukan, employee.golongan) == (
        "tenaga_kesehatan",
        "tugas_belajar",
        "III/b",
    )


def test_golongan_must_suit_the_status(personas):
    pppk_nip = "199207152023211004"
    rows = [
        employee_row(1, golongan="IX"),
        employee_row(2, nip=pppk_nip, status="PPPK", golongan="III/a", tanggal_lahir=""),
        employee_row(3, nip="199207152023211005", status="PPPK", golongan="IX", tanggal_lahir=""),
    ]
    rows[2]["jenis_kelamin"] = "L"
    rows[1]["jenis_kelamin"] = "L"
    batch = preview(personas, workbook(rows))
    assert messages_by_row(batch) == {
        2: ["Golongan IX bukan golongan PNS/CPNS (I/a sampai IV/e)."],
        3: ["Golongan III/a bukan golongan PPPK (I sampai XVII)."],
    }


def test_duplicate_nip_unknown_position_and_other_instansi_are_errors(personas):
    first = employee_row(1)
    rows = [
        first,
        employee_row(2, kode_jabatan="TIDAK-ADA"),
        dict(first, nama="Kembar"),
        employee_row(4, nip=personas.stranger.nip, tanggal_lahir="", jenis_kelamin=""),
    ]
    batch = preview(personas, workbook(rows))
    assert messages_by_row(batch) == {
        2: ["NIP ganda di baris 4."],
        3: ["Kode jabatan TIDAK-ADA tidak ditemukan."],
        4: ["NIP ganda di baris 2."],
        5: ["NIP ini terdaftar pada instansi lain."],
    }


def test_missing_required_cells_and_bad_choices_are_reported_per_column(personas):
    rows = [employee_row(1, nama="", status="Honorer", email="bukan-surel")]
    errors = preview(personas, workbook(rows)).errors
    assert {(e["column"], e["message"].split(";")[0]) for e in errors} == {
        ("nama", "Wajib diisi."),
        ("status", "'Honorer' tidak dikenal"),
        ("email", "Alamat surel 'bukan-surel' tidak valid."),
    }


def test_a_nip_excel_turned_into_a_number_is_reported(personas):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["nip", "nama", "status"])
    sheet.write_number(1, 0, 198501012010011001)
    sheet.write_row(1, 1, ["Angka Ilmiah", "PNS"])
    book.close()
    batch = preview(personas, buffer.getvalue())
    assert messages_by_row(batch) == {
        2: ["NIP tertulis sebagai angka ilmiah; format kolom sebagai Teks."]
    }


def test_semicolon_csv_with_bom_is_read(personas):
    row = employee_row(5)
    lines = [";".join(HEADERS), ";".join(row.get(h, "") for h in HEADERS)]
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    batch = preview(personas, content, filename="pegawai.csv")
    assert batch.errors == [] and batch.result["plan"]["created"] == 1


def test_only_the_columns_in_the_file_are_compared(personas):
    ani = personas.ani
    Employee.objects.filter(pk=ani.pk).update(email="ani@example.go.id")
    content = workbook(
        [{"nip": ani.nip, "nama": "Ani Lestari", "status": "PNS"}], ["nip", "nama", "status"]
    )
    batch = preview(personas, content)
    assert batch.result["plan"] == {"created": 0, "updated": 0, "unchanged": 1}
    apply_import(actor=personas.user("citra"), batch=batch)
    assert Employee.objects.get(pk=ani.pk).email == "ani@example.go.id"


def test_a_changed_row_is_updated_and_stamped(personas):
    ani = personas.ani
    stamp = Employee.objects.get(pk=ani.pk).updated_at
    content = workbook(
        [{"nip": ani.nip, "nama": "Ani Lestari Putri", "status": "PNS"}], ["nip", "nama", "status"]
    )
    counts = apply_import(actor=personas.user("citra"), batch=preview(personas, content))
    assert counts["updated"] == 1
    ani.refresh_from_db()
    assert ani.nama == "Ani Lestari Putri" and ani.updated_at > stamp
    assert Employee.objects.get(pk=personas.intan.pk).updated_at < ani.updated_at


# ---------------------------------------------------------------------------------------------
# Assignments


def move_ani(personas, kode: str, tmt: str) -> ImportBatch:
    row = {"nip": personas.ani.nip, "nama": "Ani Lestari", "status": "PNS"}
    row.update(kode_jabatan=kode, tmt_jabatan=tmt)
    return preview(
        personas, workbook([row], ["nip", "nama", "status", "kode_jabatan", "tmt_jabatan"])
    )


def test_a_new_position_ends_the_previous_definitif_seat(personas):
    batch = move_ani(personas, "ASN-BKPSDM", "2026-01-01")
    counts = apply_import(actor=personas.user("citra"), batch=batch)
    assert (counts["updated"], counts["assignments_created"], counts["assignments_ended"]) == (
        1,
        1,
        1,
    )
    seats = list(
        Assignment.objects.filter(employee=personas.ani)
        .order_by("mulai")
        .values_list("position__kode", "jenis", "mulai", "selesai")
    )
    assert seats == [
        ("PDS", JenisPenugasan.DEFINITIF, dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
        ("ASN-BKPSDM", JenisPenugasan.DEFINITIF, dt.date(2026, 1, 1), None),
    ]
    again = move_ani(personas, "ASN-BKPSDM", "2026-01-01")
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 1}


def test_holding_the_position_already_changes_nothing_whatever_the_tmt(personas):
    batch = move_ani(personas, "PDS", "2025-06-01")
    assert batch.result["plan"]["unchanged"] == 1


def test_new_seat_must_start_after_the_current_one(personas):
    batch = move_ani(personas, "ASN-BKPSDM", "2023-12-31")
    assert messages_by_row(batch) == {
        2: ["TMT jabatan harus sesudah TMT jabatan sekarang (01-01-2024)."]
    }


def test_a_head_position_takes_one_definitif_holder(personas):
    batch = move_ani(personas, "KASI-SURV", "2026-01-01")
    budi = personas.budi.nip
    assert messages_by_row(batch) == {
        2: [f"Jabatan KASI-SURV masih dipegang pegawai NIP {budi} secara definitif."]
    }


# ---------------------------------------------------------------------------------------------
# Pages and access


def upload(client, content: bytes, kind: str = "pegawai", name: str = "pegawai.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("import-start"), {"kind": kind, "file": file})


def test_citra_uploads_previews_and_applies(login, personas):
    client = login(personas.user("citra"))
    assert client.get(reverse("import-start")).status_code == 200
    response = upload(client, workbook(hundred_rows()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "import-preview", args=[batch.pk]
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Terapkan 97 baris valid" in html and "NIP harus 18 digit, bukan 17." in html
    assert len(page.context["sample"]) == 20 and page.context["errors"].paginator.count == 3

    employees = Employee.objects.count()
    response = client.post(reverse("import-apply", args=[batch.pk]))
    assert response.status_code == 302 and Employee.objects.count() == employees + 97
    html = client.get(reverse("import-preview", args=[batch.pk])).content.decode()
    assert "97 baru" in html and "Hasil penerapan" in html
    again = client.post(reverse("import-apply", args=[batch.pk]))
    assert again.status_code == 409
    assert "Batch impor ini sudah diterapkan." in again.content.decode()
    assert Employee.objects.count() == employees + 97


def test_discard_closes_the_batch_without_writing(login, personas):
    client = login(personas.user("citra"))
    upload(client, workbook(hundred_rows()[:3]))
    batch = ImportBatch.objects.get()
    before = snapshot()
    response = client.post(reverse("import-discard", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("import-start")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and snapshot() == before
    client.post(reverse("import-apply", args=[batch.pk]))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"nip,nama\n1,2\n", "pegawai.txt", "Jenis berkas tidak didukung"),
        (b"", "pegawai.xlsx", "kosong"),
        (
            b"nip;nama\n198501012010011001;Tanpa Status\n",
            "pegawai.csv",
            "Kolom wajib tidak ada: status.",
        ),
        (b"nip,nama,status\n", "pegawai.csv", "Berkas tidak berisi baris data."),
        (b"bukan zip", "pegawai.xlsx", "Berkas Excel tidak dapat dibaca"),
    ],
)
def test_a_bad_upload_is_refused_with_400_and_writes_nothing(
    login, personas, content, name, message
):
    response = upload(login(personas.user("citra")), content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["fajar", "ani", "gita"])
def test_only_admin_bkpsdm_may_import(login, personas, name):
    client = login(personas.user(name))
    assert client.get(reverse("import-start")).status_code == 403
    assert upload(client, workbook(hundred_rows()[:2])).status_code == 403
    assert client.get(reverse("import-template", args=["pegawai"])).status_code == 403
    assert not ImportBatch.objects.exists()


def test_other_importers_cannot_see_or_apply_a_batch(login, personas):
    batch = preview(personas, workbook(hundred_rows()[:2]))
    client = login(personas.user("fajar"))
    assert client.get(reverse("import-preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("import-apply", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_anonymous_is_sent_to_login(client):
    for url in [reverse("import-start"), reverse("export-employees"), reverse("export-units")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_preview_page_query_count_does_not_grow_with_rows(login, personas):
    client = login(personas.user("citra"))
    small = preview(personas, workbook(hundred_rows()[:5]))
    rows = [employee_row(i, "short_nip" if i % 2 else "") for i in range(600)]
    large = preview(personas, workbook(rows))
    assert large.error_row_count == 300
    counts = []
    for batch in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("import-preview", args=[batch.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_preview_page_has_a_fixed_number_of_queries(login, personas, django_assert_max_num_queries):
    client = login(personas.user("citra"))
    batch = preview(personas, workbook([employee_row(i, "short_nip") for i in range(450)]))
    # Session and user (2), the roles of the signed-in user (7), the batch (1), the menu (1).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("import-preview", args=[batch.pk]), {"halaman": 3})
    assert response.context["errors"].number == 3 and len(response.context["errors"]) == 50


def test_template_download_has_the_columns_and_two_examples(login, personas):
    response = login(personas.user("citra")).get(reverse("import-template", args=["pegawai"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 3
    assert rows[1][0] == "198503122010012003"  # text, not a number


def test_template_examples_are_valid_rows(login, personas):
    """The examples refer to KADINKES/EPID-MUDA, so only the position references may fail."""
    response = login(personas.user("citra")).get(reverse("import-template", args=["pegawai"]))
    batch = preview(personas, b"".join(response.streaming_content))
    assert {e["column"] for e in batch.errors} <= {"kode_jabatan"}


def test_unknown_template_kind_is_404(login, personas):
    response = login(personas.user("citra")).get(reverse("import-template", args=["gaji"]))
    assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# Export


def export(client, **params) -> bytes:
    response = client.get(reverse("export-employees"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def exported_nips(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_export_then_reimport_changes_nothing(login, personas):
    client = login(personas.user("citra"))
    # A Plt seat and a filled-in profile must survive the round trip too.
    Employee.objects.filter(pk=personas.ani.pk).update(
        gelar_belakang="S.Kom.", email="ani@example.go.id", telepon="0812345678"
    )
    Assignment.objects.create(
        employee=personas.intan,
        position=personas.positions["kasi"],
        jenis=JenisPenugasan.PLT,
        mulai=dt.date(2025, 1, 1),
    )
    content = export(client)
    before = snapshot()
    batch = preview(personas, content, filename="ekspor.xlsx")
    in_instansi = Employee.objects.filter(instansi=personas.instansi, nip__isnull=False).count()
    assert batch.errors == []
    assert batch.result["plan"] == {"created": 0, "updated": 0, "unchanged": in_instansi}
    apply_import(actor=personas.user("citra"), batch=batch)
    assert snapshot() == before


def test_export_respects_visibility_and_filters(login, personas):
    fajar = login(personas.user("fajar"))
    dinkes = {e.nip for e in (personas.kadinkes, personas.eka, personas.budi, personas.ani)}
    dinkes |= {personas.intan.nip, personas.fajar.nip}
    assert exported_nips(export(fajar)) == dinkes
    assert exported_nips(export(fajar, q="Lestari")) == {personas.ani.nip}
    citra = login(personas.user("citra"))
    surveilans = personas.units["surveilans"].pk
    assert exported_nips(export(citra, unit=surveilans)) == {
        personas.budi.nip,
        personas.ani.nip,
        personas.intan.nip,
    }
    assert personas.stranger.nip not in exported_nips(export(citra))


def test_plain_employee_cannot_export(login, personas):
    client = login(personas.user("ani"))
    assert client.get(reverse("export-employees")).status_code == 403
    assert client.get(reverse("export-units")).status_code == 403


def test_export_query_count_does_not_grow_with_rows(login, personas):
    client = login(personas.user("citra"))
    with CaptureQueriesContext(connection) as few:
        export(client)
    rows = [employee_row(i) for i in range(150)]
    apply_import(actor=personas.user("citra"), batch=preview(personas, workbook(rows)))
    with CaptureQueriesContext(connection) as many:
        content = export(client)
    assert len(exported_nips(content)) == 150 + 12
    assert len(many) == len(few) <= 11
