"""The machine pages with personas: devices, tokens, uploads. Citra (admin BKPSDM) manages the
whole instansi, Fajar (admin OPD Dinkes) only devices and employees of his OPD, Ani and Dodi are
refused, and ids of our instansi are not found for anybody from another one."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.attendance.models import Device, DevicePin, Punch, UnknownPunch
from ekinerja.core.models import AuditEvent

from .punch_helpers import attlog, make_devices, make_foreign_admin, record_recompute

pytestmark = pytest.mark.django_db
PAGES = ["punch-device-list", "punch-device-create", "punch-upload", "punch-unknown-list",
         "punch-pin-list"]  # fmt: skip


@pytest.fixture
def devices(personas):
    return make_devices(personas)


@pytest.fixture
def recompute_calls(monkeypatch):
    return record_recompute(monkeypatch)


def upload(client, content, *, name="attlog.dat", device=None):
    data = {"berkas": SimpleUploadedFile(name, content), "mesin": device.pk if device else ""}
    return client.post(reverse("punch-upload"), data)


def page_text(response) -> str:
    return response.content.decode()


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("who", "status"), [("citra", 200), ("fajar", 200), ("ani", 403),
                                             ("dodi", 403), ("stranger", 403)])  # fmt: skip
def test_pages_open_to_admins_only(login, personas, devices, name, who, status):
    assert login(personas.user(who)).get(reverse(name)).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("punch-device-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "device", "status"),
    [
        ("citra", "dinkes", 200), ("citra", "disdik", 200), ("citra", "pusat", 200),
        ("fajar", "dinkes", 200), ("fajar", "disdik", 404), ("fajar", "pusat", 404),
        ("ani", "dinkes", 403), ("dodi", "disdik", 403), ("stranger", "dinkes", 404),
    ],
)  # fmt: skip
def test_device_page_access(login, personas, devices, who, device, status):
    url = reverse("punch-device-edit", args=[getattr(devices, device).pk])
    assert login(personas.user(who)).get(url).status_code == status


def test_admin_of_another_instansi_finds_none_of_ours(login, personas, devices):
    client = login(make_foreign_admin(personas))

    assert list(client.get(reverse("punch-device-list")).context["page"]) == []
    for name in ("punch-device-edit",):
        assert client.get(reverse(name, args=[devices.dinkes.pk])).status_code == 404
    for name in ("punch-device-token", "punch-device-deactivate"):
        assert client.post(reverse(name, args=[devices.dinkes.pk])).status_code == 404
    devices.dinkes.refresh_from_db()
    assert devices.dinkes.aktif and not devices.dinkes.token_hash


def test_device_list_is_scoped_and_counts_in_fixed_queries(
    login, personas, devices, django_assert_max_num_queries
):
    for number in range(30):
        device = Device.objects.create(
            instansi=personas.instansi, nama=f"Puskesmas {number:02d}", serial=f"PKM-{number}",
            unit=personas.units["dinkes"],
        )  # fmt: skip
        DevicePin.objects.create(
            instansi=personas.instansi, device=device, pin="1", employee=personas.ani
        )
    client = login(personas.user("citra"))
    client.get(reverse("punch-device-list"))  # warm the session

    with django_assert_max_num_queries(10):
        response = client.get(reverse("punch-device-list"))

    assert response.context["page"].paginator.count == 33
    row = next(d for d in response.context["page"] if d.serial == "PKM-0")
    assert row.jumlah_pin == 1 and row.jumlah_tak_dikenal == 0

    fajar = login(personas.user("fajar")).get(reverse("punch-device-list"))
    serials = {d.serial for d in fajar.context["page"].paginator.object_list}
    assert "ZK-DISDIK" not in serials and "ZK-PUSAT" not in serials
    assert "ZK-DINKES" in serials and len(serials) == 31


# --- devices ------------------------------------------------------------------------------------


def test_citra_registers_a_wita_device_without_unit(login, personas):
    client = login(personas.user("citra"))
    data = {"nama": "Mesin UPT", "serial": "ZK-9", "unit": "", "zona_waktu": "Asia/Makassar"}

    response = client.post(reverse("punch-device-create"), data)

    assert response.status_code == 302
    device = Device.objects.get(serial="ZK-9")
    assert (device.unit, device.zona_waktu, device.instansi) == (
        None, "Asia/Makassar", personas.instansi,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="buat_mesin_presensi").count() == 1


@pytest.mark.parametrize(
    ("unit", "message"),
    [("", "Bidang ini tidak boleh kosong"), ("disdik", "Masukkan pilihan yang valid")],
)
def test_fajar_must_place_a_device_in_his_opd(login, personas, unit, message):
    client = login(personas.user("fajar"))
    unit_pk = personas.units[unit].pk if unit else ""
    data = {"nama": "Mesin", "serial": "ZK-F", "unit": unit_pk, "zona_waktu": "Asia/Jakarta"}

    response = client.post(reverse("punch-device-create"), data)

    assert response.status_code == 400
    assert message in page_text(response)
    assert not Device.objects.exists()

    data["unit"] = personas.units["surveilans"].pk
    assert client.post(reverse("punch-device-create"), data).status_code == 302


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"serial": "ZK-DISDIK"}, "Nomor seri ZK-DISDIK sudah terdaftar pada mesin lain."),
        ({"zona_waktu": "Europe/Berlin"}, "Masukkan pilihan yang valid"),
        ({"nama": ""}, "Bidang ini tidak boleh kosong"),
    ],
)
def test_bad_device_edit_is_400_and_changes_nothing(login, personas, devices, change, message):
    client = login(personas.user("citra"))
    data = {"nama": "Baru", "serial": "ZK-DINKES", "unit": personas.units["p2p"].pk,
            "zona_waktu": "Asia/Jakarta", **change}  # fmt: skip

    response = client.post(reverse("punch-device-edit", args=[devices.dinkes.pk]), data)

    assert response.status_code == 400 and message in page_text(response)
    devices.dinkes.refresh_from_db()
    assert devices.dinkes.nama == "Mesin Dinkes"


def test_fajar_edits_his_device_but_cannot_move_it_out(login, personas, devices):
    client = login(personas.user("fajar"))
    url = reverse("punch-device-edit", args=[devices.dinkes.pk])
    data = {"nama": "Mesin Dinkes 2", "serial": "ZK-DINKES", "zona_waktu": "Asia/Jayapura",
            "unit": personas.units["disdik"].pk}  # fmt: skip

    assert client.post(url, data).status_code == 400

    data["unit"] = personas.units["dinkes"].pk
    assert client.post(url, data).status_code == 302
    devices.dinkes.refresh_from_db()
    assert (devices.dinkes.nama, devices.dinkes.zona_waktu) == ("Mesin Dinkes 2", "Asia/Jayapura")


def test_token_is_shown_once_and_only_its_hash_is_kept(login, personas, devices):
    client = login(personas.user("fajar"))
    url = reverse("punch-device-token", args=[devices.dinkes.pk])

    response = client.post(url)

    token = response.context["token"]
    assert response.status_code == 200 and token in page_text(response)
    assert "no-store" in response["Cache-Control"]
    devices.dinkes.refresh_from_db()
    assert devices.dinkes.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert devices.dinkes.token_awalan == token[:8]
    assert token not in str(AuditEvent.objects.get(action="token_mesin_presensi").data)

    listing = page_text(client.get(reverse("punch-device-list")))
    assert token[:8] in listing and token not in listing

    rotated = client.post(url).context["token"]
    devices.dinkes.refresh_from_db()
    assert rotated != token
    assert devices.dinkes.token_hash == hashlib.sha256(rotated.encode()).hexdigest()
    assert client.get(url).status_code == 405


def test_fajar_cannot_touch_a_device_outside_his_opd(login, personas, devices):
    client = login(personas.user("fajar"))
    for name in ("punch-device-token", "punch-device-deactivate"):
        assert client.post(reverse(name, args=[devices.disdik.pk])).status_code == 404
    devices.disdik.refresh_from_db()
    assert devices.disdik.aktif and not devices.disdik.token_hash


def test_deactivate_and_activate(login, personas, devices):
    client = login(personas.user("citra"))

    client.post(reverse("punch-device-deactivate", args=[devices.pusat.pk]))
    devices.pusat.refresh_from_db()
    assert not devices.pusat.aktif
    client.post(reverse("punch-device-activate", args=[devices.pusat.pk]))
    devices.pusat.refresh_from_db()
    assert devices.pusat.aktif
    assert AuditEvent.objects.filter(action__endswith="aktifkan_mesin_presensi").count() == 2
    assert login(personas.user("ani")).post(
        reverse("punch-device-deactivate", args=[devices.pusat.pk])
    ).status_code == 403  # fmt: skip


# --- upload -------------------------------------------------------------------------------------


@pytest.fixture
def pins(personas, devices):
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.dinkes, pin="1", employee=personas.ani
    )
    DevicePin.objects.create(
        instansi=personas.instansi, device=None, pin="2", employee=personas.budi
    )


LOG = attlog(
    "1\t2026-11-02 07:28:11\t0\t1\t0\t0",
    "2\t2026-11-02 07:30:00\t0\t1\t0\t0",
    "1\t2026-11-03 16:02:00\t1\t1\t0\t0",
    "1\t2026-11-03 16:02:00\t1\t1\t0\t0",
    "99\t2026-11-02 07:40:00\t0\t1\t0\t0",
    "bukan baris presensi",
)


def test_upload_reports_counts_and_the_same_file_twice_stores_once(
    login, personas, devices, pins, recompute_calls
):
    client = login(personas.user("citra"))

    first = upload(client, LOG, device=devices.dinkes)

    assert first.status_code == 200
    result = first.context["result"]
    assert (result.total_lines, result.new, result.duplicate, result.unknown) == (6, 3, 1, 1)
    html = page_text(first)
    assert "Baris 6:" in html and "<code>99</code>" in html
    assert Punch.objects.count() == 3 and UnknownPunch.objects.get().key == "99"
    assert recompute_calls == [
        (personas.instansi.pk, {personas.ani.pk, personas.budi.pk},
         result.first_day, result.last_day),
    ]  # fmt: skip
    assert (str(result.first_day), str(result.last_day)) == ("2026-11-02", "2026-11-03")

    second = upload(client, LOG, device=devices.dinkes)

    result = second.context["result"]
    assert (result.new, result.duplicate, result.unknown) == (0, 4, 1)
    assert Punch.objects.count() == 3 and UnknownPunch.objects.count() == 1
    assert len(recompute_calls) == 1


def test_csv_without_device_is_wib_and_matches_nip(login, personas, pins):
    client = login(personas.user("citra"))
    csv = f"nip;waktu\n{personas.dodi.nip};02/11/2026 07:15\n2;2026-11-02 07:16\n".encode()

    response = upload(client, csv, name="presensi.csv")

    assert response.context["result"].new == 2
    assert {p.employee for p in Punch.objects.all()} == {personas.dodi, personas.budi}
    assert Punch.objects.filter(device__isnull=True).count() == 2


def test_fajar_stores_only_his_employees_and_is_told_about_the_rest(login, personas, pins):
    client = login(personas.user("fajar"))
    csv = f"{personas.ani.nip},2026-11-02 07:15\n{personas.dodi.nip},2026-11-02 07:16\n".encode()

    response = upload(client, csv, name="presensi.csv")

    result = response.context["result"]
    assert (result.new, len(result.problems)) == (1, 1)
    assert "di luar unit kerja yang Anda kelola" in result.problems[0].message
    assert Punch.objects.get().employee == personas.ani


def test_fajar_cannot_upload_for_a_device_outside_his_opd(login, personas, devices, pins):
    response = upload(login(personas.user("fajar")), LOG, device=devices.disdik)

    assert response.status_code == 400
    assert "tidak ditemukan di antara mesin yang Anda kelola" in page_text(response)
    assert not Punch.objects.exists() and not UnknownPunch.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("presensi.xlsx", b"PK\x03\x04isi", "Jenis berkas tidak didukung"),
        ("laporan.pdf", b"%PDF-1.7", "Jenis berkas tidak didukung"),
        ("attlog.txt", b"PK\x03\x04\x00\x00buku kerja", "Isi berkas bukan teks"),
        ("attlog.dat", b"\x00\x01\x02\x03" * 10, "Isi berkas bukan teks"),
        ("attlog.dat", b"", "Berkas kosong"),
        ("attlog.dat", b"\r\n   \r\n", "Berkas kosong"),
    ],
)
def test_bad_files_are_400_in_indonesian_and_store_nothing(login, personas, devices, pins, name,
                                                           content, message):  # fmt: skip
    response = upload(login(personas.user("citra")), content, name=name, device=devices.dinkes)

    assert response.status_code == 400
    assert message in page_text(response)
    assert not Punch.objects.exists() and not UnknownPunch.objects.exists()
    assert not AuditEvent.objects.filter(action="import_presensi_mesin").exists()


def test_oversized_file_is_refused(login, personas, devices, pins, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = LOG * (1024 * 1024 // len(LOG) + 1)

    response = upload(login(personas.user("citra")), content, device=devices.dinkes)

    assert response.status_code == 400
    assert "Berkas terlalu besar; batasnya 1 MB" in page_text(response)
    assert not Punch.objects.exists()


def test_missing_file_is_400(login, personas):
    response = login(personas.user("citra")).post(reverse("punch-upload"), {"mesin": ""})
    assert response.status_code == 400
    assert "Pilih berkas log presensi" in page_text(response)


def test_utf16_export_is_read(login, personas, devices, pins):
    content = "1\t2026-11-02 07:28:11\t0\r\n".encode("utf-16")

    response = upload(login(personas.user("citra")), content, device=devices.dinkes)

    assert response.status_code == 200 and response.context["result"].new == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Year 1 in WIB is before the first UTC instant; it used to be a 500.
        ("attlog.dat", attlog("1\t0001-01-01 00:00:00\t0\t1\t0\t0", "1\t2026-11-02 07:28:11\t0"),
         "tahun 1 di luar rentang"),
        # Beyond the csv module's field size limit, which used to escape as a 500.
        ("presensi.csv", b"2;" + b"9" * 131073 + b"\n2;2026-11-02 07:30\n",
         "tidak dapat dibaca sebagai CSV"),
    ],
)  # fmt: skip
def test_unreadable_lines_are_reported_and_the_rest_stored(login, personas, devices, pins, name,
                                                           content, message):  # fmt: skip
    response = upload(login(personas.user("citra")), content, name=name, device=devices.dinkes)

    assert response.status_code == 200
    result = response.context["result"]
    assert (result.new, len(result.problems)) == (1, 1)
    assert "Baris 1:" in result.problems[0].message and message in result.problems[0].message
    assert Punch.objects.count() == 1


# --- the PIN list as Excel ----------------------------------------------------------------------

PIN_EXPORT = reverse("punch-pin-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("who", ["citra", "fajar"])
@pytest.mark.parametrize("mesin", ["", "instansi", "dinkes"])
def test_pin_export_has_the_rows_of_the_page(login, personas, devices, pins, who, mesin):
    client = login(personas.user(who))
    params = {"mesin": devices.dinkes.pk if mesin == "dinkes" else mesin}
    page = client.get(reverse("punch-pin-list"), params)
    if page.status_code != 200:  # a filter the page refuses is refused alike
        assert client.get(PIN_EXPORT, params).status_code == page.status_code
        return
    shown = [(pin.pin, pin.employee.nama) for pin in page.context["page"]]
    rows = _sheet(client.get(PIN_EXPORT, params))
    assert rows[0] == ("PIN", "Berlaku di", "Pegawai", "NIP")
    assert [(r[0], r[2]) for r in rows[1:]] == shown


def test_pin_export_writes_formulas_as_text_in_fixed_queries(
    login, personas, devices, pins, django_assert_num_queries
):
    from ekinerja.people.models import Employee

    Employee.objects.filter(pk=personas.ani.pk).update(nama="=1+1")
    client = login(personas.user("citra"))
    assert PIN_EXPORT in client.get(reverse("punch-pin-list")).content.decode()
    with django_assert_num_queries(QUERIES_PIN_EXPORT):
        rows = _sheet(client.get(PIN_EXPORT))
    by_pin = {r[0]: r for r in rows[1:]}
    assert by_pin["1"][:3] == ("1", "Mesin Dinkes", "'=1+1")  # text, never a formula
    for n in range(3, 13):
        DevicePin.objects.create(
            instansi=personas.instansi, device=devices.pusat, pin=str(n), employee=personas.intan
        )
    with django_assert_num_queries(QUERIES_PIN_EXPORT):
        assert len(_sheet(client.get(PIN_EXPORT))) == 1 + 12


@pytest.mark.parametrize("who", ["ani", "dodi", "stranger"])
def test_pin_export_is_refused_as_the_page_is(login, personas, devices, pins, who):
    assert login(personas.user(who)).get(PIN_EXPORT).status_code == 403


def test_pin_export_of_a_device_of_another_opd_is_not_found(login, personas, devices, pins):
    response = login(personas.user("fajar")).get(PIN_EXPORT, {"mesin": devices.disdik.pk})
    assert response.status_code == 404


QUERIES_PIN_EXPORT = 8


# --- the device list as Excel -------------------------------------------------------------------

DEVICE_EXPORT = reverse("punch-device-export")


@pytest.mark.parametrize("who", ["citra", "fajar"])
def test_device_export_has_the_devices_of_the_page(login, personas, devices, pins, who):
    client = login(personas.user(who))
    page = client.get(reverse("punch-device-list"))
    assert DEVICE_EXPORT in page.content.decode()
    rows = _sheet(client.get(DEVICE_EXPORT))
    assert rows[0][:3] == ("Nama", "Nomor seri", "Unit kerja")
    assert [r[1] for r in rows[1:]] == [d.serial for d in page.context["page"]]


@pytest.mark.parametrize("who", ["ani", "dodi", "stranger"])
def test_device_export_is_refused_as_the_page_is(login, personas, devices, who):
    assert login(personas.user(who)).get(DEVICE_EXPORT).status_code == 403


def test_device_export_writes_formulas_as_text_in_fixed_queries(
    login, personas, devices, django_assert_num_queries
):
    Device.objects.filter(pk=devices.dinkes.pk).update(nama="=1+1")
    client = login(personas.user("citra"))
    with django_assert_num_queries(QUERIES_DEVICE_EXPORT):
        rows = _sheet(client.get(DEVICE_EXPORT))
    assert "'=1+1" in [r[0] for r in rows[1:]]  # text, never a formula
    for number in range(10):
        Device.objects.create(
            instansi=personas.instansi, nama=f"Puskesmas {number:02d}", serial=f"PKM-{number}",
            unit=personas.units["dinkes"],
        )  # fmt: skip
    with django_assert_num_queries(QUERIES_DEVICE_EXPORT):
        assert len(_sheet(client.get(DEVICE_EXPORT))) == 1 + 13


QUERIES_DEVICE_EXPORT = 8


# --- the unknown PINs as Excel ------------------------------------------------------------------

UNKNOWN_EXPORT = reverse("punch-unknown-export")


def _unknown(personas, device, key, count=1):
    import datetime as dt

    for n in range(count):
        UnknownPunch.objects.create(
            instansi=personas.instansi, key=key, device=device, line=n,
            waktu=dt.datetime(2026, 11, 2, 0, n, tzinfo=dt.UTC),
        )  # fmt: skip


@pytest.mark.parametrize("who", ["citra", "fajar"])
def test_unknown_export_has_the_groups_of_the_page_as_text(login, personas, devices, who):
    _unknown(personas, devices.dinkes, "=1+1", count=2)
    _unknown(personas, devices.disdik, "77")
    client = login(personas.user(who))
    page = client.get(reverse("punch-unknown-list"))
    assert UNKNOWN_EXPORT in page.content.decode()
    rows = _sheet(client.get(UNKNOWN_EXPORT))
    assert rows[0] == ("Mesin", "PIN/NIP", "Presensi", "Pertama", "Terakhir")
    shown = [(row.key, row.jumlah) for row in page.context["rows"]]
    assert [(r[1].removeprefix("'"), r[2]) for r in rows[1:]] == shown
    assert ("Mesin Dinkes", "'=1+1", 2) in [r[:3] for r in rows[1:]]  # text, never a formula


@pytest.mark.parametrize("who", ["ani", "dodi", "stranger"])
def test_unknown_export_is_refused_as_the_page_is(login, personas, devices, who):
    assert login(personas.user(who)).get(UNKNOWN_EXPORT).status_code == 403


def test_unknown_export_reads_in_fixed_queries(login, personas, devices, django_assert_num_queries):
    _unknown(personas, devices.dinkes, "1")
    client = login(personas.user("citra"))
    with django_assert_num_queries(QUERIES_UNKNOWN_EXPORT):
        _sheet(client.get(UNKNOWN_EXPORT))
    for n in range(2, 12):
        _unknown(personas, devices.pusat if n % 2 else devices.disdik, str(n), count=2)
    with django_assert_num_queries(QUERIES_UNKNOWN_EXPORT):
        assert len(_sheet(client.get(UNKNOWN_EXPORT))) == 1 + 11


QUERIES_UNKNOWN_EXPORT = 9
