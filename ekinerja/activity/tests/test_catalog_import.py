"""Catalogue import: row errors in the preview, create, idempotent re-import, update, duplicates,
and the same through the master-data import page."""

import dataclasses
import io

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.activity.imports import (
    CATALOG_FIELDS,
    CATALOG_IMPORT_KIND,
    KIND_CATALOG,
    apply_catalog_import,
    preview_catalog_import,
    write_catalog,
)
from ekinerja.activity.models import CatalogItem
from ekinerja.core.models import AuditEvent, ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.people.imports import KINDS, WRITERS, register_import_kind

pytestmark = pytest.mark.django_db

HEADERS = [spec.name for spec in CATALOG_FIELDS]


def workbook(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    return xlsx_bytes([Column(h) for h in headers], ([r.get(h, "") for h in headers] for r in rows))


def item(kode: str, uraian: str, norma: object = 30, satuan: str = "Laporan", **extra) -> dict:
    return {
        "kode_jabatan": kode,
        "uraian_tugas": uraian,
        "norma_waktu": norma,
        "satuan_hasil": satuan,
        **extra,
    }


def preview(personas, rows: list[dict], headers: list[str] = HEADERS) -> ImportBatch:
    return preview_catalog_import(
        actor=personas.user("citra"),
        instansi=personas.instansi,
        filename="katalog.xlsx",
        content=workbook(rows, headers),
    )


def apply(personas, batch: ImportBatch) -> dict:
    return apply_catalog_import(actor=personas.user("citra"), batch=batch)


def errors_of(batch: ImportBatch) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for error in batch.errors:
        found.setdefault(error["row"], []).append((error["column"], error["message"]))
    return found


def snapshot() -> list[dict]:
    return list(CatalogItem.objects.order_by("pk").values())


def ten_rows() -> list[dict]:
    """Rows 2..11 of the sheet; row 5 names an unknown jabatan, row 9 has norma waktu 0."""
    return [
        item("PDS", "Menghimpun data surveilans mingguan", 45),
        item("PDS", "Mengentri data kasus ke aplikasi", 10, "Data"),
        item("PDS", "Menyusun laporan bulanan surveilans", 120, aktif="ya"),
        item("TIDAK-ADA", "Tugas jabatan yang tidak ada", 30),
        item("KASI-SURV", "Memeriksa laporan surveilans", 60, aktif="tidak"),
        item("KASI-SURV", "Membagi tugas kepada staf", 15, "Kegiatan"),
        item("KABID-P2P", "Menyusun rencana kerja bidang", 240, "Dokumen"),
        item("KABID-P2P", "Memimpin rapat koordinasi", 0, "Kegiatan"),
        item("PU-DISDIK", "Mengarsipkan surat masuk", 5, "Surat"),
        item("PU-DISDIK", "Menggandakan dokumen", 3, "Dokumen", aktif=""),
    ]


def test_preview_lists_exactly_the_bad_rows_and_writes_nothing(personas):
    batch = preview(personas, ten_rows())

    assert batch.kind == KIND_CATALOG and batch.total_rows == 10
    assert errors_of(batch) == {
        5: [("kode_jabatan", "Kode jabatan TIDAK-ADA tidak ditemukan.")],
        9: [("norma_waktu", "Norma waktu harus bilangan bulat lebih dari 0, bukan '0'.")],
    }
    assert len(batch.valid_rows) == 8
    assert batch.result["plan"] == {"created": 8, "updated": 0, "unchanged": 0}
    assert not CatalogItem.objects.exists()


def test_apply_creates_the_valid_rows_and_reimport_changes_nothing(personas):
    batch = preview(personas, ten_rows())
    counts = apply(personas, batch)

    assert counts == {"created": 8, "updated": 0, "unchanged": 0, "skipped_error_rows": 2}
    assert CatalogItem.objects.filter(instansi=personas.instansi).count() == 8
    laporan = CatalogItem.objects.get(
        position=personas.positions["staf"], uraian="Menyusun laporan bulanan surveilans"
    )
    assert (laporan.norma_waktu, laporan.satuan_hasil, laporan.aktif) == (120, "Laporan", True)
    periksa = CatalogItem.objects.get(
        position=personas.positions["kasi"], uraian="Memeriksa laporan surveilans"
    )
    assert periksa.aktif is False
    gandakan = CatalogItem.objects.get(uraian="Menggandakan dokumen")
    assert gandakan.position == personas.positions["staf_disdik"] and gandakan.aktif is True
    audit = AuditEvent.objects.get(action="import_katalog", object_id=str(batch.pk))
    assert audit.data["created"] == 8 and audit.instansi_id == personas.instansi.pk

    before = snapshot()
    again = preview(personas, ten_rows())
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 8}
    assert apply(personas, again)["unchanged"] == 8
    assert snapshot() == before


def test_a_batch_is_applied_only_once(personas):
    batch = preview(personas, ten_rows())
    apply(personas, batch)
    with pytest.raises(ValidationError, match="sudah diterapkan"):
        apply(personas, batch)
    assert CatalogItem.objects.count() == 8


def test_a_changed_norma_waktu_updates_only_that_row(personas):
    apply(personas, preview(personas, ten_rows()))
    before = {row["id"]: row for row in snapshot()}

    rows = ten_rows()
    rows[1]["norma_waktu"] = 12
    batch = preview(personas, rows)
    assert batch.result["plan"] == {"created": 0, "updated": 1, "unchanged": 7}
    assert apply(personas, batch)["updated"] == 1

    after = {row["id"]: row for row in snapshot()}
    changed = [pk for pk in after if after[pk] != before[pk]]
    assert len(changed) == 1 and set(after) == set(before)
    entri = CatalogItem.objects.get(pk=changed[0])
    assert (entri.uraian, entri.norma_waktu) == ("Mengentri data kasus ke aplikasi", 12)


def test_a_file_without_the_aktif_column_keeps_the_stored_flag(personas):
    apply(personas, preview(personas, ten_rows()))
    before = snapshot()
    headers = [h for h in HEADERS if h != "aktif"]
    batch = preview(personas, ten_rows(), headers)
    assert batch.result["plan"] == {"created": 0, "updated": 0, "unchanged": 8}
    apply(personas, batch)
    assert snapshot() == before


def test_a_duplicate_key_in_the_file_is_an_error_on_both_rows(personas):
    rows = [
        item("PDS", "Menghimpun data surveilans mingguan", 45),
        item("PDS", "Menghimpun data surveilans mingguan", 50),
        item("KASI-SURV", "Menghimpun data surveilans mingguan", 45),  # another jabatan: fine
    ]
    batch = preview(personas, rows)

    errors = errors_of(batch)
    assert set(errors) == {2, 3}
    assert errors[2] == [("uraian_tugas", "Kode jabatan dan uraian tugas ganda di baris 3.")]
    assert errors[3] == [("uraian_tugas", "Kode jabatan dan uraian tugas ganda di baris 2.")]
    assert apply(personas, batch)["created"] == 1
    assert list(CatalogItem.objects.values_list("position__kode", flat=True)) == ["KASI-SURV"]


def test_positions_of_another_instansi_are_not_found(personas):
    batch = preview(personas, [item("X", "Tugas di instansi lain")])
    assert errors_of(batch) == {2: [("kode_jabatan", "Kode jabatan X tidak ditemukan.")]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Wajib diisi."),
        ("-5", "Norma waktu harus bilangan bulat lebih dari 0, bukan '-5'."),
        ("1,5", "Norma waktu harus bilangan bulat lebih dari 0, bukan '1,5'."),
        ("abc", "Norma waktu harus bilangan bulat lebih dari 0, bukan 'abc'."),
    ],
)
def test_norma_waktu_must_be_a_positive_whole_number(personas, value, message):
    batch = preview(personas, [item("PDS", "Tugas", value)])
    assert errors_of(batch) == {2: [("norma_waktu", message)]}


def test_a_batch_of_another_kind_is_refused(personas):
    batch = preview(personas, ten_rows())
    batch.kind = "unit"
    with pytest.raises(ValidationError, match="bukan impor katalog"):
        apply(personas, batch)
    assert not CatalogItem.objects.exists()


# ---------------------------------------------------------------------------------------------
# Through the master-data import page (/impor/), where ActivityConfig.ready() registers the kind


def upload(client, content: bytes):
    file = SimpleUploadedFile("katalog.xlsx", content)
    return client.post(reverse("import-start"), {"kind": KIND_CATALOG, "file": file})


def test_the_import_page_offers_the_catalogue_with_its_template(login, personas):
    client = login(personas.user("citra"))
    page = client.get(reverse("import-start")).content.decode()
    assert "Katalog aktivitas" in page
    assert reverse("import-template", args=[KIND_CATALOG]) in page

    response = client.get(reverse("import-template", args=[KIND_CATALOG]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 3
    assert rows[1][:4] == ("EPID-MUDA", "Menyusun laporan surveilans mingguan", 90, "Laporan")


def test_citra_previews_applies_and_a_second_import_changes_nothing(login, personas):
    client = login(personas.user("citra"))
    response = upload(client, workbook(ten_rows()))
    batch = ImportBatch.objects.get(kind=KIND_CATALOG)
    assert response.status_code == 302
    assert response["Location"] == reverse("import-preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Kode jabatan TIDAK-ADA tidak ditemukan." in page and 'id="count-valid">8<' in page
    assert not CatalogItem.objects.exists()

    response = client.post(reverse("import-apply", args=[batch.pk]))
    assert response.status_code == 302 and CatalogItem.objects.count() == 8

    before = snapshot()
    upload(client, workbook(ten_rows()))
    again = ImportBatch.objects.filter(kind=KIND_CATALOG).order_by("-pk").first()
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 8}
    client.post(reverse("import-apply", args=[again.pk]))
    again.refresh_from_db()
    assert again.result["applied"]["unchanged"] == 8 and snapshot() == before


@pytest.mark.parametrize("name", ["fajar", "ani", "gita"])
def test_only_admin_bkpsdm_imports_the_catalogue(login, personas, name):
    client = login(personas.user(name))
    assert client.get(reverse("import-template", args=[KIND_CATALOG])).status_code == 403
    assert upload(client, workbook(ten_rows())).status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_registry_accepts_the_same_kind_again_but_not_another_under_its_name():
    register_import_kind(CATALOG_IMPORT_KIND, write_catalog)  # ready() running twice is harmless
    assert KINDS[KIND_CATALOG] is CATALOG_IMPORT_KIND and WRITERS[KIND_CATALOG] is write_catalog
    other = dataclasses.replace(CATALOG_IMPORT_KIND, label="Katalog lain")
    with pytest.raises(ImproperlyConfigured):
        register_import_kind(other, write_catalog)
    assert KINDS[KIND_CATALOG] is CATALOG_IMPORT_KIND


# ---------------------------------------------------------------------------------------------
# volume_tahunan: the ABK beban kerja, an optional column added after the first templates


OLD_HEADERS = [h for h in HEADERS if h != "volume_tahunan"]


def test_volume_tahunan_is_imported_updated_and_cleared(personas):
    rows = [
        item("PDS", "Menghimpun data surveilans mingguan", 45, volume_tahunan=52),
        item("PDS", "Mengentri data kasus ke aplikasi", 10, "Data", volume_tahunan="1200"),
        item("KASI-SURV", "Memeriksa laporan surveilans", 60),  # empty: no ABK yet
    ]
    assert apply(personas, preview(personas, rows))["created"] == 3
    volumes = dict(CatalogItem.objects.values_list("uraian", "volume_tahunan"))
    assert volumes == {
        "Menghimpun data surveilans mingguan": 52,
        "Mengentri data kasus ke aplikasi": 1200,
        "Memeriksa laporan surveilans": None,
    }
    assert preview(personas, rows).result["plan"] == {"created": 0, "updated": 0, "unchanged": 3}

    rows[0]["volume_tahunan"] = 48
    rows[1]["volume_tahunan"] = ""  # a present but empty cell clears the volume
    batch = preview(personas, rows)
    assert batch.result["plan"] == {"created": 0, "updated": 2, "unchanged": 1}
    apply(personas, batch)
    volumes = dict(CatalogItem.objects.values_list("uraian", "volume_tahunan"))
    assert volumes["Menghimpun data surveilans mingguan"] == 48
    assert volumes["Mengentri data kasus ke aplikasi"] is None


def test_an_older_file_without_volume_tahunan_imports_unchanged_and_keeps_stored_volumes(
    personas,
):
    old = preview(personas, ten_rows(), OLD_HEADERS)
    assert errors_of(old) == {
        5: [("kode_jabatan", "Kode jabatan TIDAK-ADA tidak ditemukan.")],
        9: [("norma_waktu", "Norma waktu harus bilangan bulat lebih dari 0, bukan '0'.")],
    }
    assert apply(personas, old)["created"] == 8
    assert not CatalogItem.objects.filter(volume_tahunan__isnull=False).exists()

    CatalogItem.objects.filter(uraian="Mengarsipkan surat masuk").update(volume_tahunan=3000)
    before = snapshot()
    again = preview(personas, ten_rows(), OLD_HEADERS)
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 8}
    apply(personas, again)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Volume per tahun harus bilangan bulat lebih dari 0 atau kosong, bukan '0'."),
        ("-3", "Volume per tahun harus bilangan bulat lebih dari 0 atau kosong, bukan '-3'."),
        ("1,5", "Volume per tahun harus bilangan bulat lebih dari 0 atau kosong, bukan '1,5'."),
        ("abc", "Volume per tahun harus bilangan bulat lebih dari 0 atau kosong, bukan 'abc'."),
        ("10000001", "Volume per tahun paling banyak 10000000, bukan 10000001."),
    ],
)
def test_volume_tahunan_must_be_a_positive_whole_number_or_empty(personas, value, message):
    batch = preview(personas, [item("PDS", "Tugas", 30, volume_tahunan=value)])
    assert errors_of(batch) == {2: [("volume_tahunan", message)]}
    assert apply(personas, batch)["created"] == 0 and not CatalogItem.objects.exists()


def test_the_template_offers_volume_tahunan_last(login, personas):
    response = login(personas.user("citra")).get(reverse("import-template", args=[KIND_CATALOG]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "volume_tahunan" and rows[1][-1] == 52
