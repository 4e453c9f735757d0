"""Unknown PINs: reported by every import, grouped on a page, then mapped to an employee, which
moves the waiting punches into punches exactly once. And the PIN list with delete."""

import datetime as dt

import pytest
from django.urls import reverse

from ekinerja.attendance.models import DevicePin, Punch, SumberPresensi, UnknownPunch
from ekinerja.attendance.services_devices import map_pin
from ekinerja.attendance.services_punches import API_LABEL, import_punch_log
from ekinerja.core.models import AuditEvent

from .punch_helpers import attlog, make_devices, make_foreign_admin, record_recompute

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def devices(personas):
    return make_devices(personas)


@pytest.fixture
def recompute_calls(monkeypatch):
    return record_recompute(monkeypatch)


def imported(personas, content, device=None, filename="attlog.dat"):
    return import_punch_log(
        instansi_id=personas.instansi.pk, data=content, filename=filename, device=device,
        actor=personas.user("citra"),
    )  # fmt: skip


LOG = attlog(
    "42\t2026-11-02 07:28:11\t0",
    "42\t2026-11-02 16:05:00\t1",
    "42\t2026-11-04 07:10:00\t0",
)


def map_post(client, *, pin, nip, mesin=None, kembali="tak-dikenal"):
    data = {"pin": pin, "nip": nip, "mesin": mesin.pk if mesin else "", "kembali": kembali}
    return client.post(reverse("punch-pin-map"), data)


def test_unknown_pin_is_reported_then_mapped_and_moved_once(
    login, personas, devices, recompute_calls
):
    result = imported(personas, LOG, devices.dinkes)
    assert (result.new, result.unknown, result.unknown_keys) == (0, 3, ["42"])
    client = login(personas.user("fajar"))

    page = client.get(reverse("punch-unknown-list"))
    [row] = page.context["rows"]
    assert (row.device, row.key, row.jumlah) == (devices.dinkes, "42", 3)
    assert row.pertama == dt.datetime(2026, 11, 2, 0, 28, 11, tzinfo=UTC)
    assert row.terakhir == dt.datetime(2026, 11, 4, 0, 10, tzinfo=UTC)

    response = map_post(client, pin="42", nip=personas.ani.nip, mesin=devices.dinkes)

    assert response.status_code == 302
    assert not UnknownPunch.objects.exists()
    assert Punch.objects.filter(employee=personas.ani, device=devices.dinkes).count() == 3
    assert set(Punch.objects.values_list("sumber", flat=True)) == {SumberPresensi.MESIN}
    mapping = DevicePin.objects.get()
    assert (mapping.device, mapping.pin, mapping.employee) == (devices.dinkes, "42", personas.ani)
    assert recompute_calls == [
        (personas.instansi.pk, {personas.ani.pk}, dt.date(2026, 11, 2), dt.date(2026, 11, 4))
    ]
    followed = client.get(response["Location"])
    assert "3 presensi tak dikenal dipindahkan" in followed.content.decode()
    assert AuditEvent.objects.filter(action="petakan_pin_mesin").count() == 1

    # Mapping again, and re-importing the same log, change nothing.
    again = map_post(client, pin="42", nip=personas.ani.nip, mesin=devices.dinkes)
    assert again.status_code == 302
    assert "memang sudah dipetakan" in client.get(again["Location"]).content.decode()
    assert DevicePin.objects.count() == 1 and Punch.objects.count() == 3
    assert AuditEvent.objects.filter(action="petakan_pin_mesin").count() == 1
    second = imported(personas, LOG, devices.dinkes)
    assert (second.new, second.duplicate, second.unknown) == (0, 3, 0)
    assert not UnknownPunch.objects.exists() and len(recompute_calls) == 1


def test_mapping_to_somebody_else_is_a_409_and_changes_nothing(login, personas, devices):
    imported(personas, LOG, devices.dinkes)
    client = login(personas.user("citra"))
    map_post(client, pin="42", nip=personas.ani.nip, mesin=devices.dinkes)
    UnknownPunch.objects.create(
        instansi=personas.instansi, key="42", waktu=dt.datetime(2026, 11, 9, tzinfo=UTC),
        device=devices.dinkes, line=1,
    )  # fmt: skip

    response = map_post(client, pin="42", nip=personas.intan.nip, mesin=devices.dinkes)

    assert response.status_code == 409
    assert "sudah dipetakan ke Ani Lestari" in response.content.decode()
    assert DevicePin.objects.get().employee == personas.ani
    assert UnknownPunch.objects.count() == 1
    assert not Punch.objects.filter(employee=personas.intan).exists()


def test_instansi_wide_mapping_moves_every_device_but_respects_device_pins(
    login, personas, devices, recompute_calls
):
    imported(personas, attlog("42\t2026-11-02 07:00:00\t0"), devices.dinkes)
    imported(personas, attlog("42\t2026-11-02 07:01:00\t0"), devices.disdik)
    imported(personas, b"42,2026-11-02 07:02:00\n", None, filename="manual.csv")
    imported(personas, attlog("42\t2026-11-02 07:03:00\t0"), devices.pusat)
    # The Pusat machine's own PIN 42 is Dodi's; registered after its row was read.
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.pusat, pin="42", employee=personas.dodi
    )
    assert UnknownPunch.objects.count() == 4

    response = map_post(login(personas.user("citra")), pin="42", nip=personas.budi.nip)

    assert response.status_code == 302
    assert not UnknownPunch.objects.exists()
    owners = {p.waktu.minute: p.employee for p in Punch.objects.all()}
    assert owners == {0: personas.budi, 1: personas.budi, 2: personas.budi, 3: personas.dodi}
    assert DevicePin.objects.get(device__isnull=True).employee == personas.budi
    assert recompute_calls[0][1] == {personas.budi.pk, personas.dodi.pk}


def test_same_pin_and_second_on_two_machines_are_two_people(personas, devices, recompute_calls):
    line = attlog("5\t2026-11-02 07:00:00\t0")
    imported(personas, line, devices.dinkes)
    second = imported(personas, line, devices.disdik)

    assert second.unknown == 1
    assert set(UnknownPunch.objects.values_list("device", flat=True)) == {
        devices.dinkes.pk, devices.disdik.pk,
    }  # fmt: skip
    # Without a machine, the same PIN and second is still the same punch.
    imported(personas, b"5,2026-11-02 07:00:00\n", None, filename="a.csv")
    imported(personas, b"5,2026-11-02 07:00:00\n", None, filename="b.csv")
    assert UnknownPunch.objects.filter(device__isnull=True).count() == 1

    result = map_pin(actor=personas.user("citra"), instansi_id=personas.instansi.pk,
                     device=devices.disdik, pin="5", employee=personas.dodi)  # fmt: skip

    assert result.moved == 1
    punch = Punch.objects.get()
    assert (punch.employee, punch.device) == (personas.dodi, devices.disdik)
    assert punch.waktu == dt.datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    assert set(UnknownPunch.objects.values_list("device", flat=True)) == {devices.dinkes.pk, None}


def test_punch_already_stored_counts_as_duplicate_when_moved(personas, devices):
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.disdik, pin="5", employee=personas.ani
    )
    imported(personas, attlog("5\t2026-11-02 07:00:00\t0"), devices.disdik)
    imported(personas, attlog("42\t2026-11-02 07:00:00\t0"), devices.dinkes)

    result = map_pin(actor=None, instansi_id=personas.instansi.pk, device=devices.dinkes,
                     pin="42", employee=personas.ani)  # fmt: skip

    assert (result.created, result.moved, result.duplicate) == (True, 0, 1)
    assert Punch.objects.count() == 1 and not UnknownPunch.objects.exists()


def test_unknown_punches_from_the_api_keep_their_source(personas, devices):
    UnknownPunch.objects.create(
        instansi=personas.instansi, key="77", waktu=dt.datetime(2026, 11, 2, tzinfo=UTC),
        device=devices.dinkes, line=0, batch=API_LABEL,
    )  # fmt: skip

    map_pin(actor=None, instansi_id=personas.instansi.pk, device=devices.dinkes, pin=" 7 7 ",
            employee=personas.ani)  # fmt: skip

    assert Punch.objects.get().sumber == SumberPresensi.API
    assert DevicePin.objects.get().pin == "77"


@pytest.mark.parametrize(
    ("who", "pin_device", "nip_of", "message"),
    [
        ("fajar", None, "ani", "hanya dapat dipetakan oleh admin BKPSDM"),
        ("fajar", "disdik", "ani", "tidak ditemukan di antara mesin yang Anda kelola"),
        ("fajar", "dinkes", "dodi", "tidak ditemukan di antara pegawai yang Anda kelola"),
        ("citra", "dinkes", "stranger", "tidak ditemukan di antara pegawai yang Anda kelola"),
        ("citra", "dinkes", None, "tidak boleh kosong"),
    ],
)
def test_refused_mappings_are_400_and_move_nothing(login, personas, devices, who, pin_device,
                                                   nip_of, message):  # fmt: skip
    imported(personas, LOG, devices.dinkes)
    client = login(personas.user(who))
    nip = getattr(personas, nip_of).nip if nip_of else ""

    response = map_post(client, pin="42", nip=nip, mesin=getattr(devices, pin_device or "", None))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DevicePin.objects.exists() and not Punch.objects.exists()
    assert UnknownPunch.objects.count() == 3


@pytest.mark.parametrize("who", ["ani", "dodi", "stranger"])
def test_non_admins_cannot_map(login, personas, devices, who):
    imported(personas, LOG, devices.dinkes)
    response = map_post(login(personas.user(who)), pin="42", nip=personas.ani.nip,
                        mesin=devices.dinkes)  # fmt: skip
    assert response.status_code == 403
    assert not DevicePin.objects.exists() and UnknownPunch.objects.count() == 3


def test_unknown_page_is_scoped_and_grouped_in_fixed_queries(
    login, personas, devices, django_assert_max_num_queries
):
    lines = [f"{pin}\t2026-11-0{day} 07:0{pin % 10}:00\t0" for pin in range(200, 240)
             for day in (2, 3)]  # fmt: skip
    imported(personas, attlog(*lines), devices.dinkes)
    imported(personas, attlog("900\t2026-11-02 07:00:00\t0"), devices.disdik)
    imported(personas, b"901,2026-11-02 07:00\n", None, filename="manual.csv")
    citra = login(personas.user("citra"))
    citra.get(reverse("punch-unknown-list"))

    # 42 groups on the page; a query per group or per device would blow far past this.
    with django_assert_max_num_queries(12):
        response = citra.get(reverse("punch-unknown-list"))

    assert response.context["page"].paginator.count == 42
    assert all(row.jumlah == 2 for row in response.context["rows"] if row.key < "900")

    fajar = login(personas.user("fajar")).get(reverse("punch-unknown-list"))
    keys = {group["key"] for group in fajar.context["page"].paginator.object_list}
    assert "900" not in keys and "901" not in keys and len(keys) == 40


# --- PIN list -----------------------------------------------------------------------------------


@pytest.fixture
def pins(personas, devices):
    def pin(device, number, employee):
        return DevicePin.objects.create(
            instansi=personas.instansi, device=device, pin=number, employee=employee
        )

    return {
        "dinkes": pin(devices.dinkes, "1", personas.ani),
        "disdik": pin(devices.disdik, "1", personas.dodi),
        "instansi": pin(None, "9", personas.budi),
    }


def test_pin_list_scopes_and_filters(login, personas, devices, pins,
                                     django_assert_max_num_queries):  # fmt: skip
    for number in range(40):
        DevicePin.objects.create(
            instansi=personas.instansi, device=devices.dinkes, pin=f"5{number:02d}",
            employee=personas.intan,
        )  # fmt: skip
    citra = login(personas.user("citra"))
    citra.get(reverse("punch-pin-list"))

    with django_assert_max_num_queries(12):
        everything = citra.get(reverse("punch-pin-list"))
    assert everything.context["page"].paginator.count == 43
    instansi = citra.get(reverse("punch-pin-list"), {"mesin": "instansi"})
    assert [p.pin for p in instansi.context["page"]] == ["9"]
    one = citra.get(reverse("punch-pin-list"), {"mesin": devices.disdik.pk})
    assert [p.employee for p in one.context["page"]] == [personas.dodi]

    fajar = login(personas.user("fajar"))
    mine = fajar.get(reverse("punch-pin-list")).context["page"].paginator.object_list
    assert {p.device for p in mine} == {devices.dinkes}
    assert fajar.get(reverse("punch-pin-list"), {"mesin": devices.disdik.pk}).status_code == 404


def test_pin_list_form_maps_a_new_pin(login, personas, devices, pins):
    client = login(personas.user("fajar"))

    response = map_post(client, pin="3", nip=personas.intan.nip, mesin=devices.dinkes,
                        kembali="pin")  # fmt: skip

    assert response.status_code == 302 and response["Location"] == reverse("punch-pin-list")
    assert DevicePin.objects.get(pin="3").employee == personas.intan


@pytest.mark.parametrize(
    ("who", "pin", "status"),
    [
        ("citra", "instansi", 302), ("citra", "disdik", 302), ("fajar", "dinkes", 302),
        ("fajar", "disdik", 404), ("fajar", "instansi", 404), ("ani", "dinkes", 403),
        ("dodi", "disdik", 403), ("stranger", "dinkes", 404),
    ],
)  # fmt: skip
def test_pin_delete_access(login, personas, devices, pins, who, pin, status):
    target = pins[pin]

    response = login(personas.user(who)).post(reverse("punch-pin-delete", args=[target.pk]))

    assert response.status_code == status
    assert DevicePin.objects.filter(pk=target.pk).exists() == (status != 302)
    assert AuditEvent.objects.filter(action="hapus_pin_mesin").exists() == (status == 302)


def test_foreign_admin_sees_no_pins_or_unknowns_of_ours(login, personas, devices, pins):
    imported(personas, LOG, devices.dinkes)
    client = login(make_foreign_admin(personas))

    assert client.get(reverse("punch-pin-list")).context["page"].paginator.count == 0
    assert client.get(reverse("punch-unknown-list")).context["rows"] == []
    assert client.post(reverse("punch-pin-delete", args=[pins["dinkes"].pk])).status_code == 404
    response = map_post(client, pin="42", nip=personas.ani.nip, mesin=devices.dinkes)
    assert response.status_code == 400
    assert UnknownPunch.objects.count() == 3
