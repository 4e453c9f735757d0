"""Leave through the API: own request with the page's rules, the approver decides."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ekinerja.attendance import services_daily
from ekinerja.attendance.choices import StatusPengajuan
from ekinerja.attendance.models import LeaveRequest

from .helpers import Api, count_queries, secret_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Monday
REQUEST = {"jenis": "tahunan", "mulai": "2026-11-09", "selesai": "2026-11-10"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(services_daily, "request_recompute", lambda *args: "selesai")
    with time_machine.travel(NOW, tick=False):
        yield


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def test_owner_requests_and_approver_decides(client, personas):
    ani = call(client, personas, "ani")
    response = ani.post("/cuti", REQUEST)
    assert response.status_code == 201, response.content
    leave_id = response.json()["id"]
    assert response.json()["jumlah_hari"] == 2
    assert [row["id"] for row in ani.get("/cuti").json()["hasil"]] == [leave_id]
    # Ani sees her request but does not decide it; Intan does not see it at all.
    assert ani.post(f"/cuti/{leave_id}/keputusan", {"keputusan": "setujui"}).status_code == 403
    intan = call(client, personas, "intan")
    assert intan.post(f"/cuti/{leave_id}/keputusan", {"keputusan": "setujui"}).status_code == 404
    assert call(client, personas, "stranger").get(f"/cuti/{leave_id}").status_code == 404
    budi = call(client, personas, "budi")
    refused = budi.post(f"/cuti/{leave_id}/keputusan", {"keputusan": "tolak", "alasan": ""})
    assert refused.status_code == 400 and "Alasan penolakan wajib" in refused.json()["galat"]
    done = budi.post(f"/cuti/{leave_id}/keputusan", {"keputusan": "setujui"})
    assert done.status_code == 200 and done.json()["status"] == StatusPengajuan.DISETUJUI


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"jenis": "liburan"}, "Pilih jenis"),
        ({"mulai": "2026-11-10", "selesai": "2026-11-09"}, ""),
    ],
)
def test_bad_requests_get_400_and_nothing_is_stored(client, personas, extra, message):
    response = call(client, personas, "ani").post("/cuti", {**REQUEST, **extra})
    assert response.status_code == 400 and message in response.json()["galat"]
    assert not LeaveRequest.objects.exists()


def test_leave_list_queries_do_not_grow(client, personas, django_assert_num_queries):
    ani = call(client, personas, "ani")
    ani.post("/cuti", REQUEST)
    before = count_queries(lambda: ani.get("/cuti"))
    ani.post("/cuti", {**REQUEST, "mulai": "2026-11-16", "selesai": "2026-11-16"})
    ani.post("/cuti", {**REQUEST, "mulai": "2026-11-17", "selesai": "2026-11-17"})
    with django_assert_num_queries(before):
        assert ani.get("/cuti").json()["jumlah"] == 3
