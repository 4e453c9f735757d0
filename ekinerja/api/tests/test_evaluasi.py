"""Evaluations: own once set, the penilai's team, outsiders 404."""

import pytest

from ekinerja.people.access import today

from .helpers import Api, count_queries, make_evaluation, make_period, make_skp, secret_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(personas):
    return make_period(personas.instansi, today().year)


def call(client, personas, who):
    return Api(client, secret_for(personas.user(who)))


def test_owner_penilai_and_outsiders(client, personas, period):
    evaluation = make_evaluation(make_skp(personas.ani, period))
    path = f"/evaluasi/{evaluation.pk}"
    assert call(client, personas, "ani").get(path).status_code == 200
    assert call(client, personas, "budi").get(path).status_code == 200
    assert call(client, personas, "eka").get(path).status_code == 200
    assert call(client, personas, "intan").get(path).status_code == 404
    assert call(client, personas, "stranger").get(path).status_code == 404
    assert call(client, personas, "budi").get("/evaluasi").json()["jumlah"] == 1


def test_a_draft_is_hidden_from_its_employee(client, personas, period):
    draft = make_evaluation(make_skp(personas.ani, period), status="draf")
    ani = call(client, personas, "ani")
    assert ani.get(f"/evaluasi/{draft.pk}").status_code == 404
    assert ani.get("/evaluasi").json()["jumlah"] == 0
    assert call(client, personas, "budi").get(f"/evaluasi/{draft.pk}").status_code == 200


def test_list_queries_do_not_grow(client, personas, period, django_assert_num_queries):
    make_evaluation(make_skp(personas.ani, period))
    citra = call(client, personas, "citra")
    citra.get("/evaluasi")
    before = count_queries(lambda: citra.get("/evaluasi"))
    for who in ("intan", "dodi"):
        make_evaluation(make_skp(getattr(personas, who), period))
    with django_assert_num_queries(before):
        assert citra.get("/evaluasi").json()["jumlah"] == 3
