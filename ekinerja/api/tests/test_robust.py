"""No input reaches a 500: huge ids, bad dates, wrong types and junk bodies are 4xx."""

import pytest

from .helpers import Api, secret_for

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"/pegawai/{HUGE}",
        f"/skp/{HUGE}",
        f"/aktivitas/{HUGE}",
        f"/cuti/{HUGE}",
        f"/evaluasi/{HUGE}",
        f"/tpp/runs/{HUGE}/lines",
        "/pegawai/0",
        "/pegawai/-1",
        "/pegawai/abc",
        "/pegawai?unit=" + HUGE,
        "/pegawai?limit=0",
        "/pegawai?offset=-5",
        "/pegawai?q=" + "x" * 500,
        "/aktivitas?dari=2026-13-45",
        "/aktivitas?sampai=kemarin",
        "/skp?tahun=99999",
        "/cuti?pegawai=" + HUGE,
        "/pegawai?q=a%00b",
        "/cuti?status=%00",
    ],
)
def test_bad_reads_are_4xx(client, personas, path):
    api = Api(client, secret_for(personas.user("citra")))
    response = client.get("/api/v1" + path, headers=api.headers)
    assert 400 <= response.status_code < 500, response.content
    assert "galat" in response.json()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/aktivitas", {}),
        ("/aktivitas", []),
        ("/aktivitas", "bukan json"),
        ("/aktivitas", {"tanggal": "0000-01-01"}),
        ("/validasi", {"ids": [], "keputusan": "setujui"}),
        ("/validasi", {"ids": [int(HUGE)], "keputusan": "setujui"}),
        ("/validasi", {"ids": [1], "keputusan": "x" * 50}),
        ("/cuti", {"jenis": "tahunan", "mulai": "9999-12-31", "selesai": "9999-12-31"}),
        (f"/cuti/{HUGE}/keputusan", {"keputusan": "setujui"}),
        ("/validasi", {"ids": [1], "keputusan": "tolak", "alasan": "a\x00b"}),
        (
            "/aktivitas",
            {
                "tanggal": "2026-03-10",
                "mulai": "08:00",
                "selesai": "09:00",
                "uraian": "a\x00",
                "jumlah_output": "1",
                "satuan": "x",
            },
        ),
    ],
)
def test_bad_writes_are_4xx(client, personas, path, body):
    api = Api(client, secret_for(personas.user("ani")))
    response = api.post(path, body)
    assert 400 <= response.status_code < 500, response.content
    assert "galat" in response.json()
