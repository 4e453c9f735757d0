"""Reads of talent management: the rules in force, an employee's competence records, and the
talent map (9-box) of a unit.

The talent map reads in a fixed number of queries whatever the number of employees: the unit
tree, the employees seated in the subtree, their set evaluations of the year, and one query per
kind of competence record, each for the whole set at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum

from ekinerja.appraisal.choices import StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.rules import Predikat
from ekinerja.org.models import Unit
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people.access import seated_in_units, today
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.models import Employee, User

from . import access, rules
from .models import CompetencyAssessment, Education, TalentPolicy, Training


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def policy_for_year(instansi_id: int, year: int) -> TalentPolicy:
    """The rules in force at the end of ``year``; the model's defaults without a row."""
    day = year_end(year)
    found = (
        TalentPolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )
    return found or TalentPolicy(instansi_id=instansi_id, berlaku_mulai=day)


# --- the facts of a set of employees ----------------------------------------------------------


def competence_facts(employees: QuerySet[Employee], year: int) -> dict[int, rules.CompetenceFacts]:
    """Per employee id: the highest education finished by ``year``, the training hours that
    ended in it, and the latest assessment up to its end (three queries)."""
    ids = employees.values("pk")
    jenjang: dict[int, list[str]] = defaultdict(list)
    for employee_id, code in Education.objects.filter(
        employee__in=ids, tahun_lulus__lte=year
    ).values_list("employee_id", "jenjang"):
        jenjang[employee_id].append(code)
    hours = dict(
        Training.objects.filter(
            employee__in=ids, tanggal_selesai__range=(dt.date(year, 1, 1), year_end(year))
        )
        .order_by()
        .values("employee_id")
        .annotate(jp=Sum("jam_pelajaran"))
        .values_list("employee_id", "jp")
    )
    latest: dict[int, Decimal] = {}
    for employee_id, nilai in (
        CompetencyAssessment.objects.filter(employee__in=ids, tanggal__lte=year_end(year))
        .order_by("employee_id", "tanggal", "id")
        .values_list("employee_id", "nilai")
    ):
        latest[employee_id] = nilai  # ordered by date: the last one stays
    found = set(jenjang) | set(hours) | set(latest)
    return {
        pk: rules.CompetenceFacts(
            pendidikan=rules.highest_jenjang(jenjang.get(pk, ())),
            jam_pelajaran=int(hours.get(pk) or 0),
            nilai_asesmen=latest.get(pk),
        )
        for pk in found
    }


def kinerja_of(employees: QuerySet[Employee], year: int) -> dict[int, rules.SetEvaluation]:
    """Per employee id, the set evaluation whose predikat stands for ``year`` (one query):
    the annual one, else the latest set periodic one. Drafts do not count."""
    rows: dict[int, list[rules.SetEvaluation]] = defaultdict(list)
    for employee_id, jenis, periode_ke, predikat, pk in (
        Evaluation.objects.filter(employee__in=employees.values("pk"), skp__period__tahun=year)
        .exclude(status=StatusEvaluasi.DRAF)
        .exclude(predikat="")
        .values_list("employee_id", "jenis", "periode_ke", "predikat", "pk")
    ):
        rows[employee_id].append(
            rules.SetEvaluation(rules.Sumber(jenis), periode_ke, Predikat(predikat), pk)
        )
    chosen = {pk: rules.kinerja_evaluation(found) for pk, found in rows.items()}
    return {pk: evaluation for pk, evaluation in chosen.items() if evaluation is not None}


# --- the talent map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TalentEntry:
    employee_id: int
    nama: str
    nip: str
    potensi: rules.Potensi
    evaluation: rules.SetEvaluation | None
    kotak: rules.Kotak | None

    @property
    def predikat(self) -> Predikat | None:
        return self.evaluation.predikat if self.evaluation else None

    @property
    def sumber(self) -> str:
        """Where the predikat comes from, for the page: 'tahunan' or 'periode 3'."""
        if self.evaluation is None:
            return ""
        if self.evaluation.jenis == rules.Sumber.TAHUNAN:
            return "tahunan"
        return f"periode {self.evaluation.periode_ke}"


@dataclass
class Box:
    kotak: rules.Kotak
    entries: list[TalentEntry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class TalentMap:
    unit: Unit
    year: int
    policy: rules.PotensiPolicy
    boxes: dict[int, Box]  # by kotak number, 1..9
    belum_dinilai: list[TalentEntry]
    entries: list[TalentEntry]  # everyone, by name

    @property
    def grid(self) -> list[list[Box]]:
        """The boxes as drawn: potensi tinggi on top, kinerja rising left to right."""
        return [[self.boxes[kotak.nomor] for kotak in row] for row in rules.GRID]

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def dinilai(self) -> int:
        return self.total - len(self.belum_dinilai)


def employees_of_unit(unit: Unit) -> QuerySet[Employee]:
    """ASN in service seated today in the unit or a unit below it (one query for the tree)."""
    subtree = unit_subtree_ids(unit.instansi_id, [unit.pk])
    return (
        Employee.objects.filter(instansi_id=unit.instansi_id)
        .in_service()
        .exclude(status=StatusKepegawaian.PEJABAT_NEGARA)
        .filter(seated_in_units(subtree, today()))
    )


def talent_map(user: User, unit: Unit, year: int) -> TalentMap:
    """The 9-box of the unit's subtree for ``year``. Employees without a set evaluation of the
    year are listed as not yet evaluated (with their potensi), never dropped. Refuses a user who
    may not see the unit's map."""
    if not access.can_view_talent_map(user, unit):
        raise PermissionDenied("Peta talenta unit ini di luar cakupan Anda.")
    employees = employees_of_unit(unit)
    policy = policy_for_year(unit.instansi_id, year).as_rules()
    facts = competence_facts(employees, year)
    kinerja = kinerja_of(employees, year)
    boxes = {kotak.nomor: Box(kotak) for kotak in rules.KOTAK.values()}
    entries: list[TalentEntry] = []
    belum: list[TalentEntry] = []
    empty = rules.CompetenceFacts()
    for pk, nama, gelar_depan, gelar_belakang, nip in employees.order_by("nama", "id").values_list(
        "pk", "nama", "gelar_depan", "gelar_belakang", "nip"
    ):
        potensi = rules.potensi(facts.get(pk, empty), policy)
        evaluation = kinerja.get(pk)
        kotak = (
            rules.kotak(rules.kinerja_level(evaluation.predikat), potensi.level)
            if evaluation is not None
            else None
        )
        named = Employee(nama=nama, gelar_depan=gelar_depan, gelar_belakang=gelar_belakang)
        entry = TalentEntry(pk, named.nama_lengkap, nip or "", potensi, evaluation, kotak)
        entries.append(entry)
        if kotak is None:
            belum.append(entry)
        else:
            boxes[kotak.nomor].entries.append(entry)
    return TalentMap(unit, year, policy, boxes, belum, entries)


# --- one employee -----------------------------------------------------------------------------


@dataclass
class CompetenceRecords:
    educations: list[Education]
    trainings: list[Training]
    assessments: list[CompetencyAssessment]
    potensi: rules.Potensi
    jp_tahun_ini: int
    policy: rules.PotensiPolicy


def competence_records(employee: Employee, year: int) -> CompetenceRecords:
    """An employee's records, newest first, and their potensi for ``year``."""
    one = Employee.objects.filter(pk=employee.pk)
    policy = policy_for_year(employee.instansi_id, year).as_rules()
    facts = competence_facts(one, year).get(employee.pk, rules.CompetenceFacts())
    return CompetenceRecords(
        educations=list(
            Education.objects.filter(employee=employee).order_by("-tahun_lulus", "-id")
        ),
        trainings=list(
            Training.objects.filter(employee=employee).order_by("-tanggal_selesai", "-id")
        ),
        assessments=list(
            CompetencyAssessment.objects.filter(employee=employee).order_by("-tanggal", "-id")
        ),
        potensi=rules.potensi(facts, policy),
        jp_tahun_ini=facts.jam_pelajaran,
        policy=policy,
    )
