"""GET /skp and /skp/{id}: own SKPs, the penilai's subordinates', RHK with targets."""

import pytest

from ekinerja.people.access import today

from .helpers import Api, count_queries, make_period, make_skp, secret_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def skps(personas):
    period = make_period(personas.instansi, today().year)
    return {"ani": make_skp(personas.ani, period), "dodi": make_skp(personas.dodi, period)}


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def test_owner_reads_her_skp_with_rhk_indikator_and_targets(client, personas, skps):
    ani = call(client, personas, "ani")
    assert [row["id"] for row in ani.get("/skp").json()["hasil"]] == [skps["ani"].pk]
    body = ani.get(f"/skp/{skps['ani'].pk}").json()
    indikator = body["rhk"][0]["indikator"][0]
    assert indikator["uraian"] == "Jumlah laporan"
    assert [t["periode_ke"] for t in indikator["target_periode"]] == [1, 2, 3, 4]


def test_penilai_reads_subordinate_and_outsiders_get_404(client, personas, skps):
    assert call(client, personas, "budi").get(f"/skp/{skps['ani'].pk}").status_code == 200
    assert call(client, personas, "intan").get(f"/skp/{skps['ani'].pk}").status_code == 404
    assert call(client, personas, "stranger").get(f"/skp/{skps['ani'].pk}").status_code == 404
    assert call(client, personas, "budi").get(f"/skp/{skps['dodi'].pk}").status_code == 404


def test_skp_list_queries_do_not_grow(client, personas, skps, django_assert_num_queries):
    citra = call(client, personas, "citra")
    citra.get("/skp")
    before = count_queries(lambda: citra.get("/skp"))
    period = make_period(personas.instansi, today().year + 1)
    for who in ("intan", "budi", "eka"):
        make_skp(getattr(personas, who), period)
    with django_assert_num_queries(before):
        assert citra.get("/skp").json()["jumlah"] == 5
