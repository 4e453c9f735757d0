"""TPP lines: one's own official lines; a run's lines for BKPSDM, pimpinan, auditor (all) and
admin OPD (their OPD); everyone else 404."""

import pytest

from ekinerja.allowance.testing import hire, start

from .helpers import Api, count_queries, secret_for

pytestmark = pytest.mark.django_db


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def test_own_lines(client, tpp_world, tpp_march):
    body = call(client, tpp_world, "ani").get("/tpp/saya").json()
    assert [row["pegawai_id"] for row in body["hasil"]] == [tpp_world.ani.pk]


def test_run_lines_by_role(client, tpp_world, tpp_march):
    path = f"/tpp/runs/{tpp_march.pk}/lines"
    everyone = call(client, tpp_world, "citra").get(path, limit=200).json()["jumlah"]
    assert call(client, tpp_world, "gita").get(path).json()["jumlah"] == everyone
    assert call(client, tpp_world, "hadi").get(path).json()["jumlah"] == everyone
    fajar = call(client, tpp_world, "fajar").get(path, limit=200).json()
    assert 0 < fajar["jumlah"] < everyone
    assert tpp_world.dodi.pk not in {row["pegawai_id"] for row in fajar["hasil"]}
    assert call(client, tpp_world, "ani").get(path).status_code == 404
    assert call(client, tpp_world, "stranger").get(path).status_code == 404


def test_a_simulation_is_hidden_from_admin_opd(client, tpp_world, tpp_simulation):
    path = f"/tpp/runs/{tpp_simulation.pk}/lines"
    assert call(client, tpp_world, "fajar").get(path).status_code == 404
    assert call(client, tpp_world, "citra").get(path).status_code == 200


def test_run_lines_queries_do_not_grow(client, tpp_world, django_assert_num_queries):
    first = start(tpp_world, bulan=3)
    citra = call(client, tpp_world, "citra")
    citra.get("/tpp/saya")
    before = count_queries(lambda: citra.get(f"/tpp/runs/{first.pk}/lines"))
    hire(tpp_world, 3)
    second = start(tpp_world, bulan=4)
    with django_assert_num_queries(before):
        citra.get(f"/tpp/runs/{second.pk}/lines")
