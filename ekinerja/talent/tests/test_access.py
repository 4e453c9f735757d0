"""Who sees which unit's talent map and whose competence records, and who may change them:
the owner, the allowed others and the refused outsiders (another OPD, another instansi)."""

from __future__ import annotations

import pytest

from ekinerja.talent import access

pytestmark = pytest.mark.django_db

ASN = [
    "sekda", "kadinkes", "eka", "budi", "ani", "intan", "kadisdik", "dodi", "citra", "fajar",
    "gita", "hadi", "stranger",
]  # fmt: skip
UNITS = ["pimpinan", "setda", "bkpsdm", "dinkes", "p2p", "surveilans", "disdik"]


@pytest.mark.parametrize(
    ("name", "visible"),
    [
        ("citra", set(UNITS)),  # admin BKPSDM
        ("gita", set(UNITS)),  # pimpinan
        ("hadi", set(UNITS)),  # auditor
        ("fajar", {"dinkes", "p2p", "surveilans"}),  # admin OPD of Dinas Kesehatan
        ("kadinkes", {"dinkes", "p2p", "surveilans"}),  # atasan: the unit they lead and below
        ("eka", {"p2p", "surveilans"}),
        ("budi", {"surveilans"}),
        ("kadisdik", {"disdik"}),
        ("ani", set()),  # no subordinates, no role
        ("dodi", set()),
        ("stranger", set()),  # another instansi
    ],
)
def test_whose_talent_map_a_user_sees(personas, name, visible):
    user = personas.user(name)
    seen = {key for key in UNITS if access.can_view_talent_map(user, personas.units[key])}
    assert seen == visible
    assert access.can_open_talent_map(user) is bool(visible)
    assert {u.pk for u in access.talent_units(user)} >= {personas.units[k].pk for k in visible}


def test_nobody_sees_the_units_of_another_instansi(personas):
    from ekinerja.org.models import Unit

    other = Unit.objects.get(instansi=personas.other_instansi)
    for name in ("citra", "fajar", "budi"):
        assert not access.can_view_talent_map(personas.user(name), other)
    assert access.can_view_talent_map(personas.user("stranger"), other) is False


def test_the_page_opens_on_the_users_own_unit(personas):
    assert access.default_unit_for(personas.user("citra")) == personas.units["pimpinan"]
    assert access.default_unit_for(personas.user("fajar")) == personas.units["dinkes"]
    assert access.default_unit_for(personas.user("budi")) == personas.units["surveilans"]
    assert access.default_unit_for(personas.user("ani")) is None


@pytest.mark.parametrize(
    ("name", "readable"),
    [
        ("ani", {"ani"}),  # the owner
        ("budi", {"budi", "ani", "intan"}),  # atasan, over their unit
        ("fajar", {"fajar", "kadinkes", "eka", "budi", "ani", "intan"}),  # admin OPD
        ("citra", set(ASN) - {"stranger"}),  # admin BKPSDM: every ASN of the instansi
        ("dodi", {"dodi"}),
        ("stranger", {"stranger"}),
    ],
)
def test_whose_competence_records_a_user_reads(personas, name, readable):
    names = [
        "bupati", "sekda", "kadinkes", "eka", "budi", "ani", "intan", "kadisdik", "dodi",
        "citra", "fajar", "gita", "hadi", "stranger",
    ]  # fmt: skip
    scope = set(access.competence_readers_scope(personas.user(name)).values_list("pk", flat=True))
    assert {n for n in names if getattr(personas, n).pk in scope} == readable


@pytest.mark.parametrize(
    ("name", "employee", "allowed"),
    [
        ("citra", "ani", True),  # admin BKPSDM: anyone of the instansi
        ("citra", "dodi", True),
        ("citra", "stranger", False),  # another instansi
        ("citra", "bupati", False),  # the Kepala Daerah is not an ASN
        ("fajar", "ani", True),  # admin OPD: their own OPD
        ("fajar", "dodi", False),  # another OPD
        ("budi", "ani", False),  # an atasan reads, but does not edit
        ("ani", "ani", False),  # nor does the employee
        ("gita", "ani", False),  # pimpinan reads only
        ("stranger", "stranger", False),
    ],
)
def test_who_changes_competence_records(personas, name, employee, allowed):
    user = personas.user(name)
    assert access.can_edit_competence(user, getattr(personas, employee)) is allowed


def test_only_admins_import(personas):
    assert access.can_import_competence(personas.user("citra"))
    assert access.can_import_competence(personas.user("fajar"))
    for name in ("gita", "hadi", "budi", "ani", "stranger"):
        assert not access.can_import_competence(personas.user(name))
