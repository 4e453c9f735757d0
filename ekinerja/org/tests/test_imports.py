"""Unit and position import and export: parents in the same file, loops, re-import, round trip."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.org.imports import (
    POSITION_FIELDS,
    UNIT_FIELDS,
    apply_import,
    preview_position_import,
    preview_unit_import,
)
from ekinerja.org.models import Position, Unit

pytestmark = pytest.mark.django_db

UNIT_HEADERS = [spec.name for spec in UNIT_FIELDS]
POSITION_HEADERS = [spec.name for spec in POSITION_FIELDS]


def workbook(headers: list[str], rows: list[dict]) -> bytes:
    return xlsx_bytes([Column(h) for h in headers], ([r.get(h, "") for h in headers] for r in rows))


def preview_units(personas, rows: list[dict], headers=UNIT_HEADERS) -> ImportBatch:
    return preview_unit_import(
        actor=personas.user("citra"),
        instansi=personas.instansi,
        filename="unit.xlsx",
        content=workbook(headers, rows),
    )


def preview_positions(personas, rows: list[dict], headers=POSITION_HEADERS) -> ImportBatch:
    return preview_position_import(
        actor=personas.user("citra"),
        instansi=personas.instansi,
        filename="jabatan.xlsx",
        content=workbook(headers, rows),
    )


def unit(kode: str, nama: str, jenis: str = "Bidang", induk: str = "", **extra) -> dict:
    return {
        "kode_unit": kode,
        "nama_unit": nama,
        "jenis_unit": jenis,
        "kode_unit_induk": induk,
        **extra,
    }


def position(kode: str, unit_kode: str, atasan: str = "", **extra) -> dict:
    row = {
        "kode_jabatan": kode,
        "nama_jabatan": f"Jabatan {kode}",
        "jenis_jabatan": "Pelaksana",
        "kelas_jabatan": "7",
        "kode_unit": unit_kode,
        "kode_jabatan_atasan": atasan,
        "kepala_unit": "tidak",
    }
    return {**row, **extra}


def errors_of(batch: ImportBatch) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in batch.errors:
        found.setdefault(error["row"], []).append(error["message"])
    return found


def snapshot() -> tuple[list[dict], list[dict]]:
    return list(Unit.objects.order_by("pk").values()), list(
        Position.objects.order_by("pk").values()
    )


def apply(personas, batch: ImportBatch) -> dict:
    return apply_import(actor=personas.user("citra"), batch=batch)


# ---------------------------------------------------------------------------------------------
# Units


def test_units_with_parents_later_in_the_file_are_created_and_reimport_changes_nothing(personas):
    rows = [
        unit("05.01.01", "Seksi Jalan", "seksi", "05.01"),
        unit("05.01", "Bidang Bina Marga", "Bidang", "05"),
        unit("05", "Dinas PUPR", "DINAS", "00", zona_waktu="WITA", lintang="-0,5", bujur="117.15"),
    ]
    rows[2]["radius_m"] = "150"
    batch = preview_units(personas, rows)
    assert batch.errors == [] and batch.result["plan"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert not Unit.objects.filter(kode__startswith="05").exists()

    assert apply(personas, batch)["created"] == 3
    dinas = Unit.objects.get(instansi=personas.instansi, kode="05")
    seksi = Unit.objects.get(instansi=personas.instansi, kode="05.01.01")
    assert dinas.parent == personas.units["pimpinan"] and dinas.zona_waktu == "Asia/Makassar"
    assert (dinas.latitude, dinas.longitude, dinas.radius_m) == (
        Decimal("-0.5"),
        Decimal("117.15"),
        150,
    )
    assert seksi.parent.kode == "05.01" and seksi.parent.parent == dinas
    assert seksi.zona_waktu == personas.instansi.zona_waktu

    before = snapshot()
    again = preview_units(personas, rows)
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert apply(personas, again)["unchanged"] == 3
    assert snapshot() == before


def test_a_changed_unit_is_updated_and_can_move_under_a_new_parent(personas):
    rows = [
        unit("03.01", "Bidang P2P Baru", "bidang", "03.02"),
        unit("03.02", "Bidang Baru", "bidang", "03"),
    ]
    batch = preview_units(personas, rows)
    assert batch.result["plan"] == {"created": 1, "updated": 1, "unchanged": 0}
    apply(personas, batch)
    p2p = Unit.objects.get(pk=personas.units["p2p"].pk)
    assert p2p.nama == "Bidang P2P Baru" and p2p.parent.kode == "03.02"


def test_a_loop_of_parents_is_an_error_on_every_row_in_it(personas):
    rows = [
        unit("07", "Satu", "bidang", "08"),
        unit("08", "Dua", "bidang", "09"),
        unit("09", "Tiga", "bidang", "07"),
        unit("10", "Bebas", "bidang", "00"),
    ]
    batch = preview_units(personas, rows)
    loop = {2, 3, 4}
    assert set(errors_of(batch)) == loop
    assert "Unit induk membentuk lingkaran: 07 → 08 → 09 → 07." in errors_of(batch)[2]
    assert [row["kode"] for row in batch.valid_rows] == ["10"]


def test_a_loop_through_stored_units_is_found(personas):
    # Dinas Kesehatan (03) under its own grandchild (03.01.01).
    batch = preview_units(personas, [unit("03", "Dinas Kesehatan", "Dinas", "03.01.01")])
    assert list(errors_of(batch)) == [2]
    assert "lingkaran" in errors_of(batch)[2][0]


def test_unknown_parent_self_parent_and_a_parent_row_in_error(personas):
    rows = [
        unit("20", "Tanpa Induk", "bidang", "99"),
        unit("21", "Diri Sendiri", "bidang", "21"),
        unit("22", "Induk Rusak", "bukan-jenis"),
        unit("23", "Anak", "bidang", "22"),
    ]
    batch = preview_units(personas, rows)
    assert errors_of(batch)[2] == ["Kode unit induk 99 tidak ditemukan."]
    assert errors_of(batch)[3] == ["Kode unit induk sama dengan kodenya sendiri."]
    assert errors_of(batch)[4][0].startswith(
        "'bukan-jenis' tidak dikenal; gunakan salah satu dari:"
    )
    assert errors_of(batch)[5] == ["Baris 4 (unit induk 22) bermasalah."]
    assert batch.valid_rows == []


def test_parents_are_looked_up_in_the_same_instansi_only(personas):
    # "01" exists in the other instansi (Setda Lain) and in this one; "01-LAIN" only elsewhere.
    Unit.objects.create(
        instansi=personas.other_instansi, kode="01-LAIN", nama="Lain", jenis="bidang"
    )
    batch = preview_units(personas, [unit("30", "Anak", "bidang", "01-LAIN")])
    assert errors_of(batch) == {2: ["Kode unit induk 01-LAIN tidak ditemukan."]}


def test_unit_location_rules(personas):
    rows = [
        unit("40", "Hanya Lintang", lintang="-6.2"),
        unit("41", "Radius Tanpa Lokasi", radius_m="100"),
        unit("42", "Lintang Ngawur", lintang="-91", bujur="100"),
    ]
    batch = preview_units(personas, rows)
    assert errors_of(batch) == {
        2: ["Lintang dan bujur harus diisi berdua atau kosong berdua."],
        3: ["Radius presensi memerlukan lintang dan bujur."],
        4: ["Nilai harus -90 sampai 90, bukan -91."],
    }


def test_duplicate_unit_codes_are_errors(personas):
    batch = preview_units(personas, [unit("50", "A"), unit("50", "B")])
    assert errors_of(batch) == {
        2: ["Kode unit ganda di baris 3."],
        3: ["Kode unit ganda di baris 2."],
    }


def test_units_from_a_semicolon_csv(personas):
    text = (
        "\ufeffKode Unit;Nama Unit;Jenis Unit;Kode Unit Induk;Zona Waktu\n"
        "60;Kecamatan Satu;Kecamatan;00;wit\n"
    )
    batch = preview_unit_import(
        actor=personas.user("citra"),
        instansi=personas.instansi,
        filename="u.csv",
        content=text.encode(),
    )
    assert batch.errors == [] and batch.valid_rows[0]["zona_waktu"] == "Asia/Jayapura"
    assert batch.valid_rows[0]["jenis"] == "kecamatan"


# ---------------------------------------------------------------------------------------------
# Positions


def test_positions_with_superiors_later_in_the_file_and_reimport_unchanged(personas):
    rows = [
        position("EPID", "03.01", "KABID-BARU", jenis_jabatan="Fungsional Keahlian"),
        position("KABID-BARU", "03.01", "KADINKES", jenis_jabatan="administrator", eselon="III/b"),
    ]
    rows[0].update(jenjang="ahli_muda", kelas_jabatan="9")
    rows[1].update(kelas_jabatan="11", kepala_unit="ya")
    batch = preview_positions(personas, rows)
    assert batch.errors == [] and batch.result["plan"]["created"] == 2
    assert apply(personas, batch)["created"] == 2
    epid = Position.objects.get(instansi=personas.instansi, kode="EPID")
    kabid = epid.reports_to
    assert (epid.jenjang, epid.kelas_jabatan, epid.unit) == ("ahli_muda", 9, personas.units["p2p"])
    assert kabid.kode == "KABID-BARU" and kabid.eselon == "III.b" and kabid.is_unit_head
    assert kabid.reports_to == personas.positions["kadinkes"]

    before = snapshot()
    again = preview_positions(personas, rows)
    assert again.result["plan"] == {"created": 0, "updated": 0, "unchanged": 2}
    apply(personas, again)
    assert snapshot() == before


def test_position_cross_field_rules_come_from_the_model(personas):
    rows = [
        position("F1", "03", jenis_jabatan="Fungsional Keahlian"),
        position("F2", "03", jenjang="Ahli Muda"),
        position("F3", "03", kelas_jabatan=""),
        position("KD2", "00", jenis_jabatan="kepala_daerah", kelas_jabatan="5"),
    ]
    assert errors_of(preview_positions(personas, rows)) == {
        2: ["Jabatan fungsional wajib memiliki jenjang yang sesuai jenisnya."],
        3: ["Jenjang hanya untuk jabatan fungsional."],
        4: ["Kelas jabatan harus 1 sampai 17."],
        5: ["Kepala Daerah tidak memiliki kelas jabatan."],
    }


def test_position_unknown_unit_unknown_superior_bad_jenis_and_loop(personas):
    rows = [
        position("P1", "99"),
        position("P2", "03", "TIDAK-ADA"),
        position("P3", "03", jenis_jabatan="Honorer"),
        position("P4", "03", "P5"),
        position("P5", "03", "P4"),
    ]
    errors = errors_of(preview_positions(personas, rows))
    assert errors[2] == ["Kode unit 99 tidak ditemukan."]
    assert errors[3] == ["Kode jabatan atasan TIDAK-ADA tidak ditemukan."]
    assert errors[4][0].startswith("'Honorer' tidak dikenal")
    assert errors[5] == ["Jabatan atasan membentuk lingkaran: P4 → P5 → P4."]
    assert errors[6] == ["Jabatan atasan membentuk lingkaran: P5 → P4 → P5."]


def test_moving_a_position_to_another_unit_and_superior(personas):
    row = position(
        "PDS", "03.01", "KABID-P2P", nama_jabatan="Pengelola Data Surveilans", kelas_jabatan="8"
    )
    batch = preview_positions(personas, [row])
    assert batch.result["plan"] == {"created": 0, "updated": 1, "unchanged": 0}
    apply(personas, batch)
    pds = Position.objects.get(pk=personas.positions["staf"].pk)
    assert (pds.unit, pds.reports_to, pds.kelas_jabatan) == (
        personas.units["p2p"],
        personas.positions["kabid"],
        8,
    )


# ---------------------------------------------------------------------------------------------
# Export round trip and pages


def download(client, name: str) -> bytes:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("export_name", "previewer"),
    [("export-units", preview_unit_import), ("export-positions", preview_position_import)],
)
def test_export_then_reimport_changes_nothing(login, personas, export_name, previewer):
    Unit.objects.filter(pk=personas.units["dinkes"].pk).update(
        latitude=Decimal("-0.502106"),
        longitude=Decimal("117.153709"),
        radius_m=120,
        alamat="Jl. Sehat",
    )
    Position.objects.filter(pk=personas.positions["kabid"].pk).update(eselon="III.a")
    content = download(login(personas.user("citra")), export_name)
    before = snapshot()
    batch = previewer(
        actor=personas.user("citra"), instansi=personas.instansi, filename="e.xlsx", content=content
    )
    stored = Unit if export_name == "export-units" else Position
    count = stored.objects.filter(instansi=personas.instansi).count()
    assert batch.errors == []
    assert batch.result["plan"] == {"created": 0, "updated": 0, "unchanged": count}
    apply(personas, batch)
    assert snapshot() == before


def test_upload_of_units_through_the_page(login, personas):
    client = login(personas.user("citra"))
    file = io.BytesIO(workbook(UNIT_HEADERS, [unit("70", "Bidang Baru", "bidang", "03")]))
    file.name = "unit.xlsx"
    response = client.post(reverse("import-start"), {"kind": "unit", "file": file})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.kind == "unit"
    client.post(reverse("import-apply", args=[batch.pk]))
    assert (
        Unit.objects.get(instansi=personas.instansi, kode="70").parent == personas.units["dinkes"]
    )


def test_missing_required_position_columns_are_refused(login, personas):
    client = login(personas.user("citra"))
    file = io.BytesIO(
        workbook(["kode_jabatan", "nama_jabatan"], [{"kode_jabatan": "X", "nama_jabatan": "Y"}])
    )
    file.name = "jabatan.xlsx"
    response = client.post(reverse("import-start"), {"kind": "jabatan", "file": file})
    assert response.status_code == 400
    assert "Kolom wajib tidak ada: jenis_jabatan, kode_unit." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["fajar", "ani"])
def test_only_admin_bkpsdm_may_import_units(login, personas, name):
    client = login(personas.user(name))
    file = io.BytesIO(workbook(UNIT_HEADERS, [unit("70", "Bidang Baru", "bidang", "03")]))
    file.name = "unit.xlsx"
    assert client.post(reverse("import-start"), {"kind": "unit", "file": file}).status_code == 403
    assert not Unit.objects.filter(kode="70").exists()


def test_admin_opd_may_export_the_tree_but_not_a_plain_employee(login, personas):
    assert login(personas.user("fajar")).get(reverse("export-positions")).status_code == 200
    assert login(personas.user("ani")).get(reverse("export-positions")).status_code == 403
