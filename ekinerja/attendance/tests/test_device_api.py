"""The device API: token per device, batches stored through the same path as file imports,
idempotent resends, unknown PINs kept, and bad requests refused with nothing stored."""

import datetime as dt
import importlib
import json
import logging

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.urls import reverse

from ekinerja.attendance import access, api
from ekinerja.attendance.models import Device, DevicePin, Punch, SumberPresensi, UnknownPunch
from ekinerja.attendance.services_devices import issue_device_token, set_device_active
from ekinerja.attendance.services_punches import API_LABEL
from ekinerja.core.models import AuditEvent
from ekinerja.people.models import RoleGrant

from .punch_helpers import make_devices, make_foreign_admin, record_recompute

pytestmark = pytest.mark.django_db
URL = "/presensi/mesin/api/"


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def recompute_calls(monkeypatch):
    return record_recompute(monkeypatch)


@pytest.fixture
def devices(personas):
    devices = make_devices(personas)
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.dinkes, pin="7", employee=personas.ani
    )
    DevicePin.objects.create(
        instansi=personas.instansi, device=None, pin="8", employee=personas.budi
    )
    return devices


@pytest.fixture
def token(personas, devices):
    return issue_device_token(actor=personas.user("citra"), device=devices.dinkes)


def send(client, token, body, *, content_type="application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"Authorization": f"Token {token}"} if token is not None else {}
    return client.post(URL, data=data, content_type=content_type, headers=headers)


BATCH = {
    "punches": [
        {"pin": "7", "waktu": "2026-11-02 07:28:11", "status": "0"},
        {"pin": 8, "waktu": "2026-11-02T07:29:00"},
        {"pin": "7", "waktu": "2026-11-02 16:01:00", "status": 1},
        {"pin": "555", "waktu": "2026-11-02 07:30:00"},
    ]
}


def test_url_name_resolves_to_the_documented_path():
    assert reverse("punch-api") == URL


def test_batch_is_stored_once_and_a_resend_adds_nothing(client, personas, devices, token,
                                                        recompute_calls):  # fmt: skip
    first = send(client, token, BATCH)

    assert first.status_code == 200
    assert first.json() == {
        "diterima": 4, "baru": 3, "duplikat": 0, "tak_dikenal": 1, "ditolak": 0,
        "ditolak_final": 0, "pin_tak_dikenal": ["555"],
    }  # fmt: skip
    punches = Punch.objects.order_by("waktu")
    assert [(p.employee, p.sumber, p.device) for p in punches] == [
        (personas.ani, SumberPresensi.API, devices.dinkes),
        (personas.budi, SumberPresensi.API, devices.dinkes),
        (personas.ani, SumberPresensi.API, devices.dinkes),
    ]
    # WIB device: 07:28:11 local is 00:28:11 UTC.
    assert punches[0].waktu == dt.datetime(2026, 11, 2, 0, 28, 11, tzinfo=dt.UTC)
    assert punches[0].state == "0" and punches[2].state == "1"
    unknown = UnknownPunch.objects.get()
    assert (unknown.key, unknown.device, unknown.batch) == ("555", devices.dinkes, API_LABEL)
    devices.dinkes.refresh_from_db()
    assert devices.dinkes.terakhir_kirim_at is not None
    assert recompute_calls == [
        (personas.instansi.pk, {personas.ani.pk, personas.budi.pk},
         dt.date(2026, 11, 2), dt.date(2026, 11, 2)),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="import_presensi_mesin").count() == 1

    again = send(client, token, BATCH)

    assert again.status_code == 200
    assert again.json()["baru"] == 0 and again.json()["duplikat"] == 3
    assert Punch.objects.count() == 3 and UnknownPunch.objects.count() == 1
    # Nothing new: no recompute and no audit row for a device's routine resend.
    assert len(recompute_calls) == 1
    assert AuditEvent.objects.filter(action="import_presensi_mesin").count() == 1


def test_same_punch_by_file_and_by_api_is_stored_once(client, personas, devices, token):
    from ekinerja.attendance.services_punches import import_punch_log

    import_punch_log(
        instansi_id=personas.instansi.pk, data=b"7\t2026-11-02 07:28:11\t0\r\n",
        filename="attlog.dat", device=devices.dinkes, actor=personas.user("citra"),
    )  # fmt: skip

    response = send(client, token, {"punches": [BATCH["punches"][0]]})

    assert response.json()["baru"] == 0 and response.json()["duplikat"] == 1
    assert Punch.objects.get().sumber == SumberPresensi.MESIN


def test_wita_device_times_are_its_own_zone(client, personas, devices):
    devices.dinkes.zona_waktu = "Asia/Makassar"
    devices.dinkes.save()
    token = issue_device_token(actor=personas.user("citra"), device=devices.dinkes)

    send(client, token, {"punches": [{"pin": "7", "waktu": "2026-11-02 07:30:00"}]})

    assert Punch.objects.get().waktu == dt.datetime(2026, 11, 1, 23, 30, tzinfo=dt.UTC)


def test_empty_batch_is_a_heartbeat(client, devices, token):
    response = send(client, token, {"punches": []})

    assert response.status_code == 200 and response.json()["diterima"] == 0
    assert Device.objects.get(pk=devices.dinkes.pk).terakhir_kirim_at is not None


@pytest.mark.parametrize(
    "header",
    [None, "Token salah-sekali", "Bearer {token}", "Token", "token  "],
)
def test_missing_or_wrong_token_is_401(client, devices, token, header):
    headers = {} if header is None else {"Authorization": header.format(token=token)}
    response = client.post(URL, data=json.dumps(BATCH), content_type="application/json",
                           headers=headers)  # fmt: skip

    assert response.status_code == 401
    assert "Token tidak dikenal" in response.json()["galat"]
    assert response["WWW-Authenticate"].startswith("Token")
    assert not Punch.objects.exists() and not UnknownPunch.objects.exists()


def test_inactive_device_and_rotated_token_are_401(client, personas, devices, token):
    set_device_active(actor=None, device=devices.dinkes, aktif=False)
    assert send(client, token, BATCH).status_code == 401

    set_device_active(actor=None, device=devices.dinkes, aktif=True)
    assert send(client, token, {"punches": []}).status_code == 200

    newer = issue_device_token(actor=None, device=devices.dinkes)
    assert send(client, token, BATCH).status_code == 401
    assert send(client, newer, {"punches": []}).status_code == 200
    assert not Punch.objects.exists()


def test_token_never_reaches_the_logs(client, devices, token, caplog):
    with caplog.at_level(logging.DEBUG):
        send(client, token + "x", BATCH)
        send(client, token, "{ rusak")
    assert token not in caplog.text


def test_malformed_json_reports_line_and_column(client, devices, token):
    response = send(client, token, '{"punches": [\n  {"pin": "7", "waktu": }\n]}')

    assert response.status_code == 400
    assert response.json()["galat"] == "JSON tidak valid pada baris 2 kolom 25."
    assert not Punch.objects.exists()


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        ("7", "harus berupa objek"),
        ({"waktu": "2026-11-02 07:00:00"}, "punches[1].pin: wajib diisi"),
        ({"pin": True, "waktu": "2026-11-02 07:00:00"}, "punches[1].pin: wajib diisi"),
        ({"pin": "7", "waktu": "02/11/2026 07:00"}, "punches[1].waktu: '02/11/2026 07:00'"),
        ({"pin": "7", "waktu": "2026-02-30 07:00:00"}, "bukan tanggal dan jam yang valid"),
        ({"pin": "7", "waktu": "2026-11-02 07:00:00+08:00"}, "tidak dikenali"),
        ({"pin": "7" * 33, "waktu": "2026-11-02 07:00:00"}, "paling panjang 32"),
        ({"pin": "7", "waktu": "2026-11-02 07:00:00", "status": [1]}, "punches[1].status"),
        # Year 1 in WIB is before the first UTC instant; it used to be a 500.
        ({"pin": "7", "waktu": "0001-01-01 00:00:00"}, "punches[1].waktu: tahun 1 di luar"),
        ({"pin": "7", "waktu": "1999-12-31 23:59:59"}, "tahun 1999 di luar rentang 2000"),
    ],
)
def test_a_bad_item_refuses_the_whole_batch_with_its_index(client, devices, token, item,
                                                           fragment):  # fmt: skip
    body = {"punches": [BATCH["punches"][0], item, BATCH["punches"][2]]}

    response = send(client, token, body)

    assert response.status_code == 400
    payload = response.json()
    assert "tidak ada yang disimpan" in payload["galat"]
    assert payload["kesalahan"][0]["indeks"] == 1
    assert fragment in payload["kesalahan"][0]["pesan"]
    assert not Punch.objects.exists() and not UnknownPunch.objects.exists()
    devices.dinkes.refresh_from_db()
    assert devices.dinkes.terakhir_kirim_at is None


@pytest.mark.parametrize(
    "body",
    [
        # Past the decoder's own errors: int() refuses 5,000 digits, the parser the nesting.
        '{"punches": [{"pin": ' + "5" * 5000 + ', "waktu": "2026-11-02 07:00:00"}]}',
        "[" * 100_000,
    ],
)
def test_json_the_parser_gives_up_on_is_400(client, devices, token, body):
    response = send(client, token, body)

    assert response.status_code == 400
    assert response.json()["galat"] == "JSON tidak valid."
    assert not Punch.objects.exists() and not UnknownPunch.objects.exists()


@pytest.mark.parametrize("body", [[], {"data": []}, {"punches": {"pin": "7"}}])
def test_body_without_a_punch_list_is_400(client, devices, token, body):
    response = send(client, token, body)
    assert response.status_code == 400
    assert "punches" in response.json()["galat"]


def test_more_than_5000_punches_is_413(client, devices, token):
    items = [{"pin": "7", "waktu": f"2026-11-02 07:{i // 60 % 60:02d}:{i % 60:02d}"}
             for i in range(5001)]  # fmt: skip

    response = send(client, token, {"punches": items})

    assert response.status_code == 413
    assert "Paling banyak 5000 presensi per kiriman" in response.json()["galat"]
    assert not Punch.objects.exists()


def test_oversized_body_is_413_before_reading(client, devices, token, monkeypatch):
    monkeypatch.setattr(api, "MAX_BODY_BYTES", 100)

    response = send(client, token, BATCH)

    assert response.status_code == 413 and "terlalu besar" in response.json()["galat"]
    assert not Punch.objects.exists()


def test_only_post_json_is_accepted(client, devices, token):
    get = client.get(URL, headers={"Authorization": f"Token {token}"})
    assert get.status_code == 405 and get["Allow"] == "POST"

    form = client.post(URL, {"punches": "x"}, headers={"Authorization": f"Token {token}"})
    assert form.status_code == 415 and "application/json" in form.json()["galat"]


def test_rate_limit_per_device_is_429(client, devices, token, monkeypatch):
    monkeypatch.setattr(api, "MAX_REQUESTS_PER_MINUTE", 2)

    statuses = [send(client, token, {"punches": []}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_batch_of_5000_is_accepted_in_a_bounded_number_of_queries(
    client, devices, token, django_assert_max_num_queries
):
    items = [
        {"pin": "7" if i % 2 else "555", "waktu": f"2026-{10 + i // 2500}-0{1 + i // 500 % 5} "
                                                  f"07:{i // 60 % 60:02d}:{i % 60:02d}"}
        for i in range(5000)
    ]  # fmt: skip

    with django_assert_max_num_queries(40):
        response = send(client, token, {"punches": items})

    assert response.status_code == 200
    assert response.json()["baru"] == 2500 and response.json()["tak_dikenal"] == 2500


# --- scope: a token stores what its issuer could upload -----------------------------------------


def by_nip(*employees):
    return {"punches": [{"pin": e.nip, "waktu": "2026-11-02 07:30:00"} for e in employees]}


def test_admin_opd_token_stores_only_his_employees(client, personas, devices):
    token = issue_device_token(actor=personas.user("fajar"), device=devices.dinkes)

    response = send(client, token, by_nip(personas.ani, personas.dodi))

    assert response.status_code == 200
    payload = response.json()
    assert (payload["baru"], payload["ditolak"]) == (1, 1)
    assert payload["kesalahan"] == [{
        "indeks": 1,
        "pesan": f"punches[1]: pegawai dengan PIN/NIP {personas.dodi.nip} di luar unit kerja "
                 "yang Anda kelola; tidak disimpan.",
    }]  # fmt: skip
    assert "peringatan" not in payload
    assert Punch.objects.get().employee == personas.ani
    assert not UnknownPunch.objects.exists()


def test_bkpsdm_token_stores_every_employee_of_the_instansi(client, personas, devices, token):
    response = send(client, token, by_nip(personas.ani, personas.dodi))

    assert (response.json()["baru"], response.json()["ditolak"]) == (2, 0)
    assert {p.employee for p in Punch.objects.all()} == {personas.ani, personas.dodi}


def test_token_without_a_trusted_issuer_stores_nobody(client, personas, devices):
    token = issue_device_token(actor=None, device=devices.dinkes)

    response = send(client, token, BATCH)

    payload = response.json()
    assert response.status_code == 200
    assert (payload["baru"], payload["ditolak"], payload["tak_dikenal"]) == (0, 3, 1)
    assert "Buat token baru" in payload["peringatan"]
    assert not Punch.objects.exists()
    assert UnknownPunch.objects.get().key == "555"
    # A heartbeat stores nothing, so it carries no warning.
    assert "peringatan" not in send(client, token, {"punches": []}).json()


def test_token_stops_storing_when_the_issuer_loses_the_role(client, personas, devices):
    token = issue_device_token(actor=personas.user("fajar"), device=devices.dinkes)
    RoleGrant.objects.filter(user=personas.user("fajar")).delete()

    response = send(client, token, by_nip(personas.ani))

    assert (response.json()["baru"], response.json()["ditolak"]) == (0, 1)
    assert "peringatan" in response.json()
    assert not Punch.objects.exists()


def test_token_stops_storing_when_the_device_leaves_the_issuers_opd(client, personas, devices):
    token = issue_device_token(actor=personas.user("fajar"), device=devices.dinkes)
    devices.dinkes.unit = personas.units["disdik"]
    devices.dinkes.save()

    response = send(client, token, by_nip(personas.ani))

    assert (response.json()["baru"], response.json()["ditolak"]) == (0, 1)


@pytest.mark.parametrize("who", ["citra", "fajar", "ani", "foreign admin"])
def test_manages_device_agrees_with_the_device_list(personas, devices, who):
    user = make_foreign_admin(personas) if who == "foreign admin" else personas.user(who)
    visible = set(access.devices_visible_to(user))
    assert {d for d in Device.objects.all() if access.manages_device(user, d)} == visible


def test_migration_recovers_the_issuer_of_an_older_token_from_the_audit(personas, devices):
    migration = importlib.import_module(
        "ekinerja.attendance.migrations.0005_token_penerbit_tak_dikenal_per_mesin"
    )
    issue_device_token(actor=personas.user("citra"), device=devices.dinkes)
    issue_device_token(actor=personas.user("fajar"), device=devices.dinkes)
    issue_device_token(actor=personas.user("citra"), device=devices.disdik)
    devices.disdik.token_awalan = "lainnya"  # its audit row names another token
    devices.disdik.save()
    Device.objects.update(token_diterbitkan_oleh=None)

    migration.issuer_from_audit(django_apps, None)

    issuers = dict(Device.objects.values_list("pk", "token_diterbitkan_oleh"))
    assert issuers == {
        devices.dinkes.pk: personas.user("fajar").pk, devices.disdik.pk: None,
        devices.pusat.pk: None,
    }  # fmt: skip
