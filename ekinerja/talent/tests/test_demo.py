"""The talent part of the demo region: every ASN has an education fitting their rank, some
trainings and assessments, all valid records, drawn the same way from the same seed."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.demo import seed_demo
from ekinerja.people.management.commands.seed_demo import demo_extensions
from ekinerja.people.models import Employee
from ekinerja.talent import demo as talent_demo
from ekinerja.talent import selectors
from ekinerja.talent.models import CompetencyAssessment, Education, Training
from ekinerja.talent.rules import (
    JENJANG_RANK,
    CompetenceFacts,
    Jenjang,
    PotensiPolicy,
    highest_jenjang,
    potensi,
)

from .helpers import DAY


@pytest.fixture
def demo(db):
    result = seed_demo(employees=120, seed=5, today=DAY)
    return result, talent_demo.extend_demo(result, seed=5, today=DAY)


def test_every_asn_gets_an_education_fitting_their_rank(demo):
    result, summary = demo
    asn = Employee.objects.filter(instansi=result.instansi).exclude(
        status=StatusKepegawaian.PEJABAT_NEGARA
    )
    highest: dict[int, list[str]] = {}
    for employee_id, jenjang in Education.objects.values_list("employee_id", "jenjang"):
        highest.setdefault(employee_id, []).append(jenjang)
    assert set(highest) == set(asn.values_list("pk", flat=True))
    for employee in asn.filter(status=StatusKepegawaian.PNS, golongan__startswith="IV"):
        assert JENJANG_RANK[highest_jenjang(highest[employee.pk])] >= JENJANG_RANK[Jenjang.S1]
    assert not Education.objects.filter(tahun_lulus__gt=DAY.year).exists()
    assert "pendidikan" in summary and "penilaian kompetensi" in summary


def test_trainings_and_assessments_are_valid_records(demo):
    result, _summary = demo
    trainings = Training.objects.filter(instansi=result.instansi)
    assert trainings.count() > 100
    assert not trainings.filter(tanggal_selesai__gte=DAY).exists()
    assert all(t.tanggal_selesai >= t.tanggal_mulai for t in trainings)
    assessments = CompetencyAssessment.objects.filter(instansi=result.instansi)
    assert 10 < assessments.count() < 120
    assert not assessments.filter(tanggal__gt=DAY).exists()
    assert all(0 <= a.nilai <= 100 and a.rekomendasi for a in assessments)


def test_the_demo_map_spreads_potensi(demo):
    result, _summary = demo
    from ekinerja.org.models import Unit

    top = Unit.objects.get(instansi=result.instansi, parent__isnull=True)
    employees = selectors.employees_of_unit(top)
    facts = selectors.competence_facts(employees, DAY.year)
    levels = Counter(
        potensi(facts.get(pk, CompetenceFacts()), PotensiPolicy()).level
        for pk in employees.values_list("pk", flat=True)
    )
    assert len(levels) >= 2  # not everybody in one row of the map


def test_the_same_seed_draws_the_same_records(demo):
    result, _summary = demo
    employees = list(
        Employee.objects.filter(instansi=result.instansi)
        .exclude(status=StatusKepegawaian.PEJABAT_NEGARA)
        .order_by("pk")
        .values_list("pk", "tanggal_lahir", "golongan", "status")
    )
    first = talent_demo._rows(employees, result.instansi.pk, DAY, random.Random(12))
    again = talent_demo._rows(employees, result.instansi.pk, DAY, random.Random(12))
    other = talent_demo._rows(employees, result.instansi.pk, DAY, random.Random(13))

    def without_times(rows):
        return [[row[:-2] for row in part] for part in rows]

    assert without_times(first) == without_times(again) != without_times(other)


def test_seed_demo_runs_the_talent_extension():
    assert talent_demo.extend_demo in demo_extensions()
