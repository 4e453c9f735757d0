"""Import of a SIASN employee export: column mapping, row errors, warnings, idempotent apply."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.people.imports import apply_import
from ekinerja.people.imports_siasn import KIND_SIASN, preview_siasn_import, status_of
from ekinerja.people.models import Assignment, Employee

pytestmark = pytest.mark.django_db

HEADERS = [
    "PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BLAKANG",
    "TEMPAT_LAHIR_NAMA", "TGL_LHR", "JENIS_KELAMIN", "JENIS_PEGAWAI_NAMA", "STATUS_CPNS_PNS",
    "KEDUDUKAN_HUKUM_NAMA", "GOL_AKHIR_NAMA", "TMT_GOLONGAN", "JABATAN_NAMA", "UNOR_NAMA",
    "INSTANSI_KERJA_NAMA", "EMAIL", "NOMOR_HP",
]  # fmt: skip


def siasn_rows(personas) -> list[dict]:
    """As SIASN writes them: upper-case names, DD-MM-YYYY dates, M/F, 'III/a'."""
    ani = personas.ani
    base = {
        "INSTANSI_KERJA_NAMA": "Pemerintah Kab. Uji",
        "KEDUDUKAN_HUKUM_NAMA": "Aktif",
        "JENIS_PEGAWAI_NAMA": "PNS Daerah",
        "STATUS_CPNS_PNS": "P",
    }
    return [
        {  # row 2: Ani, known; SIASN has her titles, phone and a new golongan
            **base,
            "PNS_ID": "A8ACA7B0F2A63912E040640A040269BB",
            "NIP_BARU": ani.nip,
            "NAMA": ani.nama,
            "GELAR_BLAKANG": "S.KM.",
            "TEMPAT_LAHIR_NAMA": "Samarinda",
            "TGL_LHR": "01-01-1990",
            "JENIS_KELAMIN": "F",
            "GOL_AKHIR_NAMA": "III/B",
            "TMT_GOLONGAN": "01-04-2025",
            "JABATAN_NAMA": "Pengelola Data Surveilans",
            "UNOR_NAMA": "Seksi Surveilans",
            "EMAIL": "ani@example.go.id",
            "NOMOR_HP": "081234567890",
        },
        {  # row 3: a new PNS
            **base,
            "NIP_BARU": "198503122010012003",
            "NAMA": "SITI AMINAH",
            "GELAR_DEPAN": "dr.",
            "TEMPAT_LAHIR_NAMA": "Balikpapan",
            "TGL_LHR": "12-03-1985",
            "JENIS_KELAMIN": "F",
            "GOL_AKHIR_NAMA": "IV/a",
            "JABATAN_NAMA": "Dokter Ahli Madya",  # unknown here: a warning only
            "UNOR_NAMA": "RSUD Uji",  # unknown here: a warning only
        },
        {  # row 4: a new CPNS
            **base,
            "NIP_BARU": "199806022024031001",
            "NAMA": "RIZKY PRATAMA",
            "TGL_LHR": "02-06-1998",
            "JENIS_KELAMIN": "M",
            "JENIS_PEGAWAI_NAMA": "CPNS Daerah",
            "STATUS_CPNS_PNS": "C",
            "GOL_AKHIR_NAMA": "III/a",
            "UNOR_NAMA": "Dinas Kesehatan",
        },
        {  # row 5: a new PPPK, status from JENIS_PEGAWAI_NAMA
            **base,
            "NIP_BARU": "199207152023211004",
            "NAMA": "RUDI HARTONO",
            "GELAR_BLAKANG": "S.Kom.",
            "TGL_LHR": "15-07-1992",
            "JENIS_KELAMIN": "M",
            "JENIS_PEGAWAI_NAMA": "PPPK",
            "STATUS_CPNS_PNS": "",
            "GOL_AKHIR_NAMA": "IX",
            "KEDUDUKAN_HUKUM_NAMA": "CLTN",
        },
        {**base, "NIP_BARU": "19850312201001200", "NAMA": "NIP PENDEK"},  # row 6
        {  # row 7: gender against the NIP's 15th digit
            **base,
            "NIP_BARU": "198701012012121001",
            "NAMA": "SALAH KELAMIN",
            "JENIS_KELAMIN": "F",
        },
        {  # row 8: nobody knows the status
            **base,
            "NIP_BARU": "198701012012122001",
            "NAMA": "TANPA STATUS",
            "JENIS_PEGAWAI_NAMA": "Honorer",
            "STATUS_CPNS_PNS": "",
        },
        {**base, "NIP_BARU": "198701012012122002", "NAMA": "GOL", "GOL_AKHIR_NAMA": "V/z"},  # 9
        {**base, "NIP_BARU": personas.stranger.nip, "NAMA": "ORANG LAIN"},  # row 10
        {  # row 11: a date SIASN never writes
            **base,
            "NIP_BARU": "198701012012122003",
            "NAMA": "TANGGAL",
            "TGL_LHR": "31-02-1987",
        },
    ]


def csv_bytes(rows: list[dict]) -> bytes:
    lines = [";".join(HEADERS)]
    lines += [";".join(str(row.get(h, "")) for h in HEADERS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_file(rows: list[dict]) -> bytes:
    columns = [Column(h, text=True) for h in HEADERS]
    return xlsx_bytes(columns, ([row.get(h, "") for h in HEADERS] for row in rows))


def preview(personas, content: bytes, filename: str) -> ImportBatch:
    return preview_siasn_import(
        actor=personas.user("citra"), instansi=personas.instansi, filename=filename, content=content
    )


def errors_by_row(batch: ImportBatch) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for item in batch.errors:
        found.setdefault(item["row"], []).append((item["column"], item["message"]))
    return found


def snapshot():
    return list(Employee.objects.order_by("pk").values()), Assignment.objects.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_preview_maps_siasn_columns_reports_bad_rows_and_writes_nothing(personas, fmt):
    rows = siasn_rows(personas)
    content = csv_bytes(rows) if fmt == "csv" else xlsx_file(rows)
    before = snapshot()
    batch = preview(personas, content, f"siasn.{fmt}")
    assert snapshot() == before
    assert batch.kind == KIND_SIASN and batch.total_rows == 10
    errors = errors_by_row(batch)
    assert set(errors) == {6, 7, 8, 9, 10, 11}
    assert errors[6] == [("nip_baru", "NIP harus 18 digit, bukan 17.")]
    assert errors[7] == [("jenis_kelamin", "Jenis kelamin tidak sesuai digit ke-15 NIP.")]
    assert errors[8][0][0] == "jenis_pegawai_nama"
    assert "Status kepegawaian tidak dapat ditentukan" in errors[8][0][1]
    assert errors[9] == [("gol_akhir_nama", "Golongan 'V/z' tidak dikenal.")]
    assert errors[10] == [("nip_baru", "NIP ini terdaftar pada instansi lain.")]
    assert errors[11][0][0] == "tgl_lhr"
    assert batch.result["plan"] == {"created": 3, "updated": 1, "unchanged": 0}
    warnings = {(w["row"], w["column"]) for w in batch.result["warnings"]}
    assert warnings == {(3, "jabatan_nama"), (3, "unor_nama")}
    assert "tidak ada di data induk" in batch.result["warnings"][0]["message"]


def test_apply_upserts_by_nip_and_a_second_import_changes_nothing(personas):
    rows = siasn_rows(personas)
    citra = personas.user("citra")
    seats = Assignment.objects.count()
    counts = apply_import(actor=citra, batch=preview(personas, csv_bytes(rows), "siasn.csv"))
    assert counts["created"] == 3 and counts["updated"] == 1 and counts["skipped_error_rows"] == 6
    assert Assignment.objects.count() == seats  # SIASN never seats anyone

    ani = Employee.objects.get(pk=personas.ani.pk)
    assert (ani.gelar_belakang, ani.golongan, ani.email, ani.telepon) == (
        "S.KM.", "III/b", "ani@example.go.id", "081234567890"
    )  # fmt: skip
    siti = Employee.objects.get(nip="198503122010012003")
    assert (siti.nama, siti.gelar_depan, siti.tanggal_lahir, siti.jenis_kelamin) == (
        "SITI AMINAH", "dr.", dt.date(1985, 3, 12), "P"
    )  # fmt: skip
    assert (siti.status, siti.golongan, siti.kedudukan) == ("PNS", "IV/a", "aktif")
    assert Employee.objects.get(nip="199806022024031001").status == "CPNS"
    rudi = Employee.objects.get(nip="199207152023211004")
    assert (rudi.status, rudi.golongan, rudi.kedudukan) == ("PPPK", "IX", "cltn")

    before = snapshot()
    again = preview(personas, xlsx_file(rows), "siasn.xlsx")
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 4}
    counts = apply_import(actor=citra, batch=again)
    assert (counts["created"], counts["updated"]) == (0, 0)
    assert snapshot() == before  # not even updated_at moved


def test_blank_cells_keep_what_is_stored(personas):
    personas.ani.email, personas.ani.telepon = "lama@example.go.id", "0811"
    personas.ani.save()
    row = {**siasn_rows(personas)[0], "EMAIL": "", "NOMOR_HP": "", "KEDUDUKAN_HUKUM_NAMA": ""}
    apply_import(actor=personas.user("citra"), batch=preview(personas, csv_bytes([row]), "s.csv"))
    ani = Employee.objects.get(pk=personas.ani.pk)
    assert (ani.email, ani.telepon, ani.kedudukan) == ("lama@example.go.id", "0811", "aktif")


def test_missing_nip_column_refuses_the_file(login, personas):
    client = login(personas.user("citra"))
    content = b"NAMA;TGL_LHR\nSITI;12-03-1985\n"
    file = io.BytesIO(content)
    file.name = "siasn.csv"
    response = client.post(reverse("import-start"), {"kind": KIND_SIASN, "file": file})
    assert response.status_code == 400
    assert "Kolom wajib tidak ada: nip_baru." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("jenis", "status", "expected"),
    [
        ("PNS Daerah", "P", "PNS"),
        ("PNS Daerah", "C", "CPNS"),
        ("CPNS Daerah", "", "CPNS"),
        ("PPPK", "", "PPPK"),
        ("P3K Daerah", "P", "PPPK"),
        ("Honorer", "", None),
    ],
)
def test_status_from_jenis_and_status_columns(jenis, status, expected):
    assert status_of(jenis, status) == expected


def test_only_admin_bkpsdm_uploads_the_siasn_file(login, personas):
    content = csv_bytes(siasn_rows(personas)[:1])
    for name, expected in (("citra", 302), ("fajar", 403), ("ani", 403), ("stranger", 403)):
        file = io.BytesIO(content)
        file.name = "siasn.csv"
        client = login(personas.user(name))
        response = client.post(reverse("import-start"), {"kind": KIND_SIASN, "file": file})
        assert response.status_code == expected, name
    batch = ImportBatch.objects.get()
    assert batch.kind == KIND_SIASN and batch.instansi_id == personas.instansi.pk
    template = login(personas.user("citra")).get(reverse("import-template", args=[KIND_SIASN]))
    assert template.status_code == 200
