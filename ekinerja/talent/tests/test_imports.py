"""Importing competence records: row errors in the preview, a file with errors refused whole,
creating, an idempotent re-import, updating, the admin OPD's scope, and both import pages."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.core.models import AuditEvent, ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.people.imports import KINDS as PEOPLE_KINDS
from ekinerja.people.imports import WRITERS
from ekinerja.talent.imports import (
    KIND_ASESMEN,
    KIND_DIKLAT,
    KIND_PENDIDIKAN,
    SPECS,
    apply_competence_import,
    preview_competence_import,
    write_competence,
)
from ekinerja.talent.models import CompetencyAssessment, Education, Training

pytestmark = pytest.mark.django_db


def workbook(kind: str, rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or [spec.name for spec in SPECS[kind].fields]
    return xlsx_bytes([Column(h) for h in headers], ([r.get(h, "") for h in headers] for r in rows))


def preview(personas, kind: str, rows: list[dict], who: str = "citra", **kw) -> ImportBatch:
    return preview_competence_import(
        kind, actor=personas.user(who), instansi=personas.instansi, filename="kompetensi.xlsx",
        content=workbook(kind, rows, **kw),
    )  # fmt: skip


def apply(personas, batch: ImportBatch, who: str = "citra") -> dict:
    return apply_competence_import(actor=personas.user(who), batch=batch)


def errors_of(batch: ImportBatch) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for error in batch.errors:
        found.setdefault(error["row"], []).append((error["column"], error["message"]))
    return found


def snapshot(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def education_rows(personas) -> list[dict]:
    return [
        {"nip": personas.ani.nip, "jenjang": "S-1", "jurusan": "Kesehatan Masyarakat",
         "nama_institusi": "Universitas Hasanuddin", "tahun_lulus": 2012},
        {"nip": personas.ani.nip, "jenjang": "S2", "jurusan": "Epidemiologi", "tahun_lulus": 2018},
        {"nip": personas.dodi.nip, "jenjang": "SLTA", "jurusan": "IPS", "tahun_lulus": 2008},
        {"nip": personas.intan.nip, "jenjang": "smp", "tahun_lulus": 2004},
    ]  # fmt: skip


def test_a_clean_file_is_applied_and_a_second_import_changes_nothing(personas):
    batch = preview(personas, KIND_PENDIDIKAN, education_rows(personas))
    assert batch.errors == [] and batch.result["plan"] == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
    }
    assert not Education.objects.exists()  # nothing before applying

    counts = apply(personas, batch)
    assert counts == {"created": 4, "updated": 0, "unchanged": 0, "skipped_error_rows": 0}
    ani = Education.objects.filter(employee=personas.ani).order_by("tahun_lulus")
    assert [(e.jenjang, e.jurusan, e.tahun_lulus) for e in ani] == [
        ("s1", "Kesehatan Masyarakat", 2012), ("s2", "Epidemiologi", 2018),
    ]  # fmt: skip
    assert Education.objects.get(employee=personas.dodi).jenjang == "sma"
    assert Education.objects.get(employee=personas.intan).jurusan == ""
    audit = AuditEvent.objects.get(action=f"import_{KIND_PENDIDIKAN}", object_id=str(batch.pk))
    assert audit.data["created"] == 4

    before = snapshot(Education)
    again = preview(personas, KIND_PENDIDIKAN, education_rows(personas))
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert apply(personas, again)["unchanged"] == 4
    assert snapshot(Education) == before  # not even updated_at moved


def test_a_changed_value_updates_only_that_record(personas):
    apply(personas, preview(personas, KIND_PENDIDIKAN, education_rows(personas)))
    before = {row["id"]: row for row in snapshot(Education)}
    rows = education_rows(personas)
    rows[1]["nama_institusi"] = "Universitas Gadjah Mada"
    batch = preview(personas, KIND_PENDIDIKAN, rows)
    assert batch.result["plan"] == {"created": 0, "updated": 1, "unchanged": 3}
    apply(personas, batch)
    after = {row["id"]: row for row in snapshot(Education)}
    changed = [pk for pk in after if after[pk] != before[pk]]
    assert len(changed) == 1 and after[changed[0]]["nama_institusi"] == "Universitas Gadjah Mada"


def test_bad_rows_are_reported_and_the_file_is_refused_whole(personas):
    rows = [
        *education_rows(personas),
        {"nip": "199901012020011999", "jenjang": "S1", "tahun_lulus": 2020},  # row 6
        {"nip": personas.stranger.nip, "jenjang": "S1", "tahun_lulus": 2020},  # another instansi
        {"nip": personas.dodi.nip, "jenjang": "S4", "tahun_lulus": 2020},
        {"nip": personas.dodi.nip, "jenjang": "D3", "tahun_lulus": 2030},
        {"nip": personas.dodi.nip, "jenjang": "D3", "jurusan": "Akuntansi", "tahun_lulus": "dua"},
        {"nip": personas.ani.nip, "jenjang": "S1", "jurusan": "Kesehatan Masyarakat",
         "tahun_lulus": 2013},  # row 11: the same record as row 2
        {"nip": "", "jenjang": "S1", "tahun_lulus": 2010},
    ]  # fmt: skip
    batch = preview(personas, KIND_PENDIDIKAN, rows)
    assert errors_of(batch) == {
        2: [("jenjang", "NIP, jenjang dan jurusan ganda di baris 11.")],
        6: [("nip", "Pegawai dengan NIP 199901012020011999 tidak ditemukan.")],
        7: [("nip", f"Pegawai dengan NIP {personas.stranger.nip} tidak ditemukan.")],
        8: [("jenjang", "'S4' tidak dikenal; gunakan salah satu dari: SD, SMP, SMA, D1, D2, D3, "
                        "D4, S1, S2, S3.")],
        9: [("tahun_lulus", "Tahun lulus 2030 belum terjadi.")],
        10: [("tahun_lulus", "'dua' bukan bilangan bulat.")],
        11: [("jenjang", "NIP, jenjang dan jurusan ganda di baris 2.")],
        12: [("nip", "Wajib diisi.")],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="8 baris bermasalah, jadi tidak ada yang diterapkan"):
        apply(personas, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and not Education.objects.exists()


def test_trainings_are_matched_by_name_and_start_and_count_on_their_end(personas):
    rows = [
        {"nip": personas.ani.nip, "nama_diklat": "Pelatihan Kepemimpinan Pengawas",
         "jenis": "Pelatihan kepemimpinan", "penyelenggara": "BPSDM Provinsi",
         "tanggal_mulai": "03-03-2025", "tanggal_selesai": "2025-06-20", "jam_pelajaran": 300},
        {"nip": personas.ani.nip, "nama_diklat": "Bimtek SKP", "tanggal_mulai": "2026-02-10",
         "jam_pelajaran": 8},
        {"nip": personas.ani.nip, "nama_diklat": "Bimtek terbalik", "tanggal_mulai": "2026-02-10",
         "tanggal_selesai": "2026-02-01", "jam_pelajaran": 0},
    ]  # fmt: skip
    batch = preview(personas, KIND_DIKLAT, rows)
    assert errors_of(batch) == {4: [("jam_pelajaran", "Nilai harus 1 sampai 2000, bukan 0.")]}
    batch = preview(personas, KIND_DIKLAT, rows[:2])
    apply(personas, batch)
    bimtek = Training.objects.get(nama="Bimtek SKP")
    assert (bimtek.tanggal_selesai, bimtek.jenis) == (dt.date(2026, 2, 10), "teknis")
    assert Training.objects.get(jam_pelajaran=300).jenis == "kepemimpinan"
    before = snapshot(Training)
    again = preview(personas, KIND_DIKLAT, rows[:2])
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 2}
    apply(personas, again)
    assert snapshot(Training) == before

    wrong = [{**rows[2], "jam_pelajaran": 8}]
    assert errors_of(preview(personas, KIND_DIKLAT, wrong)) == {
        2: [("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    }


def test_assessment_scores_take_a_decimal_comma(personas):
    rows = [
        {"nip": personas.ani.nip, "tanggal": "2025-09-18", "lembaga": "UPT Penilaian Kompetensi",
         "metode": "AC", "nilai": "82,5", "rekomendasi": "Memenuhi syarat."},
        {"nip": personas.intan.nip, "tanggal": "2025-09-18", "lembaga": "Kanreg BKN",
         "metode": "CAT", "nilai": "100,5"},
    ]  # fmt: skip
    batch = preview(personas, KIND_ASESMEN, rows)
    assert errors_of(batch) == {3: [("nilai", "Nilai harus 0 sampai 100, bukan 100,5.")]}
    rows[1]["nilai"] = 71
    apply(personas, preview(personas, KIND_ASESMEN, rows))
    ani = CompetencyAssessment.objects.get(employee=personas.ani)
    assert (ani.nilai, ani.metode) == (Decimal("82.50"), "assessment_center")
    assert CompetencyAssessment.objects.get(employee=personas.intan).metode == "cat"
    again = preview(personas, KIND_ASESMEN, rows)
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 2}


def test_an_admin_opd_imports_only_the_employees_of_their_opd(personas):
    rows = education_rows(personas)
    batch = preview(personas, KIND_PENDIDIKAN, rows, who="fajar")
    assert errors_of(batch) == {
        4: [("nip", f"Pegawai dengan NIP {personas.dodi.nip} di luar OPD yang Anda kelola.")]
    }
    fine = preview(personas, KIND_PENDIDIKAN, [r for r in rows if r["nip"] != personas.dodi.nip],
                   who="fajar")  # fmt: skip
    assert apply(personas, fine, who="fajar")["created"] == 3
    assert not Education.objects.filter(employee=personas.dodi).exists()


def test_a_batch_whose_uploader_lost_the_role_is_refused(personas):
    batch = preview(personas, KIND_PENDIDIKAN, education_rows(personas)[:2], who="fajar")
    personas.user("fajar").role_grants.all().delete()
    with pytest.raises(ValidationError, match="berubah sejak pratinjau"):
        write_competence(ImportBatch.objects.get(pk=batch.pk))
    assert not Education.objects.exists()


def test_the_kinds_join_the_master_data_import_page(personas):
    for kind in (KIND_PENDIDIKAN, KIND_DIKLAT, KIND_ASESMEN):
        assert kind in PEOPLE_KINDS and WRITERS[kind] is write_competence


def upload(client, url: str, kind: str, content: bytes):
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile("k.xlsx", content)})


def test_citra_imports_through_the_master_data_page(login, personas):
    client = login(personas.user("citra"))
    page = client.get(reverse("import-start")).content.decode()
    assert "Kompetensi: pendidikan" in page and "Kompetensi: penilaian kompetensi" in page
    response = upload(client, reverse("import-start"), KIND_PENDIDIKAN,
                      workbook(KIND_PENDIDIKAN, education_rows(personas)))  # fmt: skip
    batch = ImportBatch.objects.get(kind=KIND_PENDIDIKAN)
    assert response["Location"] == reverse("import-preview", args=[batch.pk])
    response = client.post(reverse("import-apply", args=[batch.pk]))
    assert response.status_code == 302 and Education.objects.count() == 4


def test_the_master_data_page_refuses_a_file_with_bad_rows(login, personas):
    client = login(personas.user("citra"))
    rows = [*education_rows(personas), {"nip": "1", "jenjang": "S1", "tahun_lulus": 2010}]
    upload(client, reverse("import-start"), KIND_PENDIDIKAN, workbook(KIND_PENDIDIKAN, rows))
    batch = ImportBatch.objects.get(kind=KIND_PENDIDIKAN)
    response = client.post(reverse("import-apply", args=[batch.pk]))
    assert response.status_code == 409
    assert "1 baris bermasalah" in response.content.decode()
    assert not Education.objects.exists()


def test_fajar_imports_through_the_talent_page(login, personas):
    client = login(personas.user("fajar"))
    assert client.get(reverse("import-start")).status_code == 403  # the master-data page
    assert client.get(reverse("talent-import")).status_code == 200
    rows = [r for r in education_rows(personas) if r["nip"] != personas.dodi.nip]
    response = upload(client, reverse("talent-import"), KIND_PENDIDIKAN,
                      workbook(KIND_PENDIDIKAN, rows))  # fmt: skip
    batch = ImportBatch.objects.get(kind=KIND_PENDIDIKAN)
    assert response["Location"] == reverse("talent-import-preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-valid">3<' in page
    response = client.post(reverse("talent-import-apply", args=[batch.pk]))
    assert response.status_code == 302 and Education.objects.count() == 3
    assert client.post(reverse("talent-import-apply", args=[batch.pk])).status_code == 409

    bad = upload(client, reverse("talent-import"), KIND_PENDIDIKAN,
                 workbook(KIND_PENDIDIKAN, education_rows(personas)))  # fmt: skip
    refused = ImportBatch.objects.filter(kind=KIND_PENDIDIKAN).order_by("-pk").first()
    assert bad.status_code == 302
    page = client.get(reverse("talent-import-preview", args=[refused.pk])).content.decode()
    assert "di luar OPD yang Anda kelola" in page and 'data-testid="berkas-ditolak"' in page
    assert client.post(reverse("talent-import-apply", args=[refused.pk])).status_code == 409
    assert Education.objects.count() == 3


def test_the_talent_import_page_checks_its_input_and_its_users(login, personas):
    client = login(personas.user("fajar"))
    response = client.post(reverse("talent-import"), {"kind": "lain"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Jenis data tidak dikenal." in text and "Pilih berkas yang akan diimpor." in text
    template = client.get(reverse("talent-import-template", args=[KIND_DIKLAT]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [spec.name for spec in SPECS[KIND_DIKLAT].fields] and len(rows) == 3
    assert client.get(reverse("talent-import-template", args=["x"])).status_code == 404

    batch = preview(personas, KIND_PENDIDIKAN, education_rows(personas)[:1])  # citra's
    assert client.get(reverse("talent-import-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("talent-import-apply", args=[batch.pk])).status_code == 404
    for name in ("budi", "gita", "ani", "stranger"):
        other = login(personas.user(name))
        assert other.get(reverse("talent-import")).status_code == 403
        assert other.post(reverse("talent-import-apply", args=[batch.pk])).status_code == 403
    assert not Education.objects.exists()


def test_a_batch_is_discarded_without_writing(login, personas):
    batch = preview(personas, KIND_PENDIDIKAN, education_rows(personas))
    client = login(personas.user("citra"))
    response = client.post(reverse("talent-import-discard", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and not Education.objects.exists()


def test_the_import_page_does_not_offer_to_apply_part_of_a_competence_file(personas, client):
    rows = [
        {"nip": personas.ani.nip, "nama_diklat": "Bimtek SKP", "tanggal_mulai": "2026-02-10",
         "jam_pelajaran": 8},
        {"nip": personas.ani.nip, "nama_diklat": "Bimtek nol", "tanggal_mulai": "2026-02-10",
         "jam_pelajaran": 0},
    ]  # fmt: skip
    batch = preview(personas, KIND_DIKLAT, rows)
    client.force_login(personas.user("citra"))
    page = client.get(reverse("import-preview", args=[batch.pk])).content.decode()
    assert 'data-testid="semua-atau-tidak"' in page
    assert "Baris bermasalah tidak ikut diterapkan" not in page
    button = page[page.index("Terapkan 1 baris valid") - 200 : page.index("Terapkan 1 baris valid")]
    assert "disabled" in button
