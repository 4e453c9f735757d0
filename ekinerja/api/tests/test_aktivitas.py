"""Activities through the API: the entry rules and messages of the page, own edits only,
and the penilai's queue with all-or-nothing decisions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ekinerja.activity import services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.services import ActivityInput

from .helpers import Api, count_queries, secret_for

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def body(**extra):
    values = {
        "tanggal": "2026-03-10", "mulai": "08:00", "selesai": "09:30",
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return values


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def stored(personas, who="ani", start=8, **extra):
    data = {
        "tanggal": dt.date(2026, 3, 10), "mulai": dt.time(start, 0),
        "selesai": dt.time(start, 30), "uraian": "Rekap", "jumlah_output": "1", "satuan": "x",
    }  # fmt: skip
    data.update(extra)
    return services.record_activity(actor=personas.user(who), data=ActivityInput(**data))


def test_owner_records_and_lists_her_activity(client, personas):
    ani = call(client, personas, "ani")
    response = ani.post("/aktivitas", body())
    assert response.status_code == 201, response.content
    assert response.json()["menit"] == 90 and response.json()["status"] == "diajukan"
    listed = ani.get("/aktivitas", dari="2026-03-01", sampai="2026-03-31").json()
    assert listed["jumlah"] == 1
    assert ani.get("/aktivitas", dari="2026-04-01").json()["jumlah"] == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tanggal": "2026-03-11"}, "akan datang"),
        ({"mulai": "09:00", "selesai": "08:00"}, "setelah jam mulai"),
        ({"jumlah_output": "banyak"}, "angka"),
        ({"bukti_tautan": "bukan alamat"}, "alamat web"),
        ({"indikator_id": 999999}, "Pilih target"),
    ],
)
def test_bad_entries_get_400_in_indonesian_and_nothing_is_stored(client, personas, extra, message):
    response = call(client, personas, "ani").post("/aktivitas", body(**extra))
    assert response.status_code == 400, response.content
    assert message in response.json()["galat"]
    assert not Activity.objects.exists()


def test_bad_types_get_422(client, personas):
    response = call(client, personas, "ani").post("/aktivitas", body(tanggal="10/03/2026"))
    assert response.status_code == 422 and "tanggal" in response.json()["galat"]


def test_an_account_without_employee_gets_403(client, personas):
    from ekinerja.people.models import User

    admin = User.objects.create_user(username="tanpa-pegawai", password="x")
    response = Api(client, secret_for(admin)).post("/aktivitas", body())
    assert response.status_code == 403


def test_edit_and_delete_own_reader_403_outsider_404(client, personas):
    activity = stored(personas)
    path = f"/aktivitas/{activity.pk}"
    assert call(client, personas, "budi").put(path, body()).status_code == 403
    assert call(client, personas, "intan").put(path, body()).status_code == 404
    assert call(client, personas, "stranger").delete(path).status_code == 404
    ani = call(client, personas, "ani")
    response = ani.put(path, body(uraian="Diubah"))
    assert response.status_code == 200 and response.json()["uraian"] == "Diubah"
    assert ani.delete(path).status_code == 204
    assert not Activity.objects.exists()


def test_a_validated_activity_cannot_be_changed(client, personas):
    activity = stored(personas)
    services.validate_activities(
        actor=personas.user("budi"), activities=[activity], verdict="setujui"
    )
    response = call(client, personas, "ani").delete(f"/aktivitas/{activity.pk}")
    assert response.status_code == 400 and "divalidasi" in response.json()["galat"]


def test_penilai_queue_and_decision(client, personas):
    first, second = stored(personas), stored(personas, start=10)
    budi = call(client, personas, "budi")
    queue = budi.get("/validasi").json()
    assert {row["id"] for row in queue["hasil"]} == {first.pk, second.pk}
    assert call(client, personas, "intan").get("/validasi").json()["jumlah"] == 0
    refused = budi.post("/validasi", {"ids": [first.pk], "keputusan": "tolak", "alasan": " "})
    assert refused.status_code == 400 and "Alasan wajib" in refused.json()["galat"]
    done = budi.post("/validasi", {"ids": [first.pk, second.pk], "keputusan": "setujui"})
    assert done.status_code == 200 and done.json()["jumlah"] == 2
    assert set(Activity.objects.values_list("status", flat=True)) == {StatusAktivitas.DISETUJUI}


def test_validation_is_all_or_nothing(client, personas):
    ani_activity = stored(personas)
    intan_activity = stored(personas, who="intan")
    # Intan's penilai is Budi too; Eka may read both but validates neither.
    response = call(client, personas, "eka").post(
        "/validasi", {"ids": [ani_activity.pk, intan_activity.pk], "keputusan": "setujui"}
    )
    assert response.status_code == 403
    missing = call(client, personas, "budi").post(
        "/validasi", {"ids": [ani_activity.pk, 10**9], "keputusan": "setujui"}
    )
    assert missing.status_code == 404
    outsider = call(client, personas, "stranger").post(
        "/validasi", {"ids": [ani_activity.pk], "keputusan": "setujui"}
    )
    assert outsider.status_code == 404
    assert set(Activity.objects.values_list("status", flat=True)) == {StatusAktivitas.DIAJUKAN}


def test_lists_do_not_grow_in_queries(client, personas, django_assert_num_queries):
    stored(personas)
    ani, budi = call(client, personas, "ani"), call(client, personas, "budi")
    ani.get("/aktivitas")
    budi.get("/validasi")
    own, queue = (
        count_queries(lambda: ani.get("/aktivitas")),
        count_queries(lambda: budi.get("/validasi")),
    )
    for start in (10, 11, 12):
        stored(personas, start=start)
    with django_assert_num_queries(own):
        assert ani.get("/aktivitas").json()["jumlah"] == 4
    with django_assert_num_queries(queue):
        assert budi.get("/validasi").json()["jumlah"] == 4
