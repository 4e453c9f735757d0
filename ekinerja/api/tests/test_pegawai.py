"""GET /pegawai and /pegawai/{id}: the people scope of people.access."""

import pytest

from ekinerja.people.testing import make_employee

from .helpers import Api, count_queries, secret_for

pytestmark = pytest.mark.django_db


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def test_employee_sees_only_herself(client, personas):
    body = call(client, personas, "ani").get("/pegawai").json()
    assert [row["id"] for row in body["hasil"]] == [personas.ani.pk] and body["jumlah"] == 1


def test_penilai_sees_subordinates_and_outsiders_get_404(client, personas):
    budi = call(client, personas, "budi")
    assert budi.get(f"/pegawai/{personas.ani.pk}").status_code == 200
    assert budi.get(f"/pegawai/{personas.dodi.pk}").status_code == 404
    assert budi.get(f"/pegawai/{personas.stranger.pk}").status_code == 404


def test_admin_opd_filters_by_unit_and_name(client, personas):
    fajar = call(client, personas, "fajar")
    body = fajar.get("/pegawai", unit=personas.units["surveilans"].pk).json()
    names = {row["nama"] for row in body["hasil"]}
    assert personas.ani.nama in names and personas.dodi.nama not in names
    body = fajar.get("/pegawai", q=personas.intan.nama[:4]).json()
    assert [row["id"] for row in body["hasil"]] == [personas.intan.pk]


def test_pagination_and_limit_cap(client, personas):
    citra = call(client, personas, "citra")
    body = citra.get("/pegawai", limit=2, offset=1).json()
    assert len(body["hasil"]) == 2 and body["jumlah"] > 2
    assert citra.get("/pegawai", limit=201).status_code == 422


def test_list_queries_do_not_grow_with_rows(client, personas, django_assert_num_queries):
    citra = call(client, personas, "citra")
    citra.get("/pegawai")  # first use records last_used_at
    before = count_queries(lambda: citra.get("/pegawai"))
    for i in range(5):
        make_employee(personas.instansi, f"Pegawai Tambahan {i}")
    with django_assert_num_queries(before):
        assert citra.get("/pegawai").json()["jumlah"] >= 5
