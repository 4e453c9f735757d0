"""Reads behind the evaluation pages: the penilai's sheet of subordinates for a period, the
Dokumen Evaluasi with its rows, the employee's own evaluations and the atasan's keberatan inbox.
Each answers in a fixed number of queries whatever the number of people or rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from ekinerja.people import hierarchy
from ekinerja.people.models import Employee
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, PerilakuExpectation, Skp

from .choices import JenisEvaluasi, StatusEvaluasi, StatusKeberatan
from .models import Evaluation, EvaluationBehaviour, EvaluationResult, Objection
from .periods import ANNUAL


@dataclass
class TeamRow:
    employee: Employee
    skp: Skp | None  # the approved SKP; without one the period cannot be evaluated
    evaluation: Evaluation | None
    items: int = 0  # indicators and BerAKHLAK values to give feedback on
    rated: int = 0

    @property
    def percent(self) -> int:
        if self.evaluation is None:
            return 0
        if self.evaluation.status != StatusEvaluasi.DRAF:
            return 100
        return round(100 * self.rated / self.items) if self.items else 0

    @property
    def is_set(self) -> bool:
        return self.evaluation is not None and self.evaluation.status != StatusEvaluasi.DRAF


@dataclass
class TeamSheet:
    rows: list[TeamRow]

    @property
    def evaluable(self) -> list[TeamRow]:
        return [row for row in self.rows if row.skp is not None]

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.is_set)

    @property
    def percent(self) -> int:
        total = len(self.evaluable)
        return round(100 * self.done / total) if total else 0

    def next_after(self, evaluation_id: int) -> Evaluation | None:
        """The next evaluation still in draft after this one, in the sheet's order (wrapping),
        so the penilai goes from one subordinate to the next without the list."""
        drafts = [
            r.evaluation
            for r in self.rows
            if r.evaluation is not None and r.evaluation.status == StatusEvaluasi.DRAF
        ]
        ids = [e.pk for e in drafts]
        if not drafts:
            return None
        if evaluation_id not in ids:
            return drafts[0]
        position = ids.index(evaluation_id)
        rest = drafts[position + 1 :] + drafts[:position]
        return rest[0] if rest else None


def _jenis_of(periode_ke: int) -> str:
    return JenisEvaluasi.TAHUNAN if periode_ke == ANNUAL else JenisEvaluasi.PERIODIK


def team_sheet(subordinate_ids: set[int] | frozenset[int], period: PerformancePeriod,
               periode_ke: int) -> TeamSheet:  # fmt: skip
    """Every current subordinate with their approved SKP and the period's evaluation, those
    still to do first. Three queries."""
    people = list(Employee.objects.filter(pk__in=subordinate_ids).order_by("nama"))
    skps = {
        skp.employee_id: skp
        for skp in Skp.objects.filter(
            period=period, employee_id__in=subordinate_ids, status=StatusSkp.DISETUJUI
        ).select_related("position")
    }
    evaluations = {
        e.skp_id: e
        for e in Evaluation.objects.filter(
            skp_id__in=[s.pk for s in skps.values()], jenis=_jenis_of(periode_ke),
            periode_ke=periode_ke,
        ).annotate(
            n_results=Count("results", distinct=True),
            n_behaviours=Count("behaviours", distinct=True),
            rated_results=Count("results", filter=~Q(results__rating=""), distinct=True),
            rated_behaviours=Count("behaviours", filter=~Q(behaviours__rating=""), distinct=True),
        )
    }  # fmt: skip
    rows = []
    for person in people:
        skp = skps.get(person.pk)
        evaluation = evaluations.get(skp.pk) if skp is not None else None
        row = TeamRow(person, skp, evaluation)
        if evaluation is not None:
            row.items = evaluation.n_results + evaluation.n_behaviours
            row.rated = evaluation.rated_results + evaluation.rated_behaviours
        rows.append(row)
    rows.sort(key=_team_order)
    return TeamSheet(rows)


def _team_order(row: TeamRow) -> tuple[int, str]:
    if row.skp is None:
        rank = 3
    elif row.evaluation is None or row.evaluation.status == StatusEvaluasi.DRAF:
        rank = 0
    elif row.evaluation.status == StatusEvaluasi.DITETAPKAN:
        rank = 1
    else:
        rank = 2
    return rank, row.employee.nama


@dataclass
class BehaviourRow:
    row: EvaluationBehaviour
    ekspektasi: str


@dataclass
class Document:
    evaluation: Evaluation
    results: list[EvaluationResult]
    behaviours: list[BehaviourRow]
    objection: Objection | None
    periodic: list[Evaluation] = field(default_factory=list)  # for the annual one: its periods


def evaluation_for_page(pk: int) -> Evaluation | None:
    return (
        Evaluation.objects.select_related(
            "employee", "penilai", "skp__period", "skp__position__unit", "skp__unit"
        )
        .filter(pk=pk)
        .first()
    )


def document(evaluation: Evaluation) -> Document:
    """The rows of a Dokumen Evaluasi with what the page shows beside them. Four queries
    (five for an annual evaluation, which lists its periods)."""
    results = list(
        evaluation.results.select_related("indikator__rhk").order_by(
            "indikator__rhk__jenis", "indikator__rhk__urutan", "indikator__urutan", "id"
        )
    )
    expectations = dict(
        PerilakuExpectation.objects.filter(skp_id=evaluation.skp_id).values_list(
            "nilai", "ekspektasi_khusus"
        )
    )
    behaviours = [
        BehaviourRow(row, expectations.get(row.nilai, ""))
        for row in evaluation.behaviours.order_by("nilai")
    ]
    objection = Objection.objects.filter(evaluation=evaluation).select_related("pemutus").first()
    periodic = []
    if evaluation.jenis == JenisEvaluasi.TAHUNAN:
        periodic = list(
            Evaluation.objects.filter(skp_id=evaluation.skp_id, jenis=JenisEvaluasi.PERIODIK)
            .exclude(status=StatusEvaluasi.DRAF)
            .order_by("periode_ke")
        )
    return Document(evaluation, results, behaviours, objection, periodic)


def my_evaluations(employee: Employee) -> list[Evaluation]:
    """The employee's evaluations, newest year first; drafts are listed without their content
    (the page says the penilai is still at work). One query."""
    return list(
        Evaluation.objects.filter(employee=employee)
        .select_related("skp__period", "penilai")
        .order_by("-skp__period__tahun", "jenis", "-periode_ke")
    )


def objections_for_atasan(subordinate_ids: set[int] | frozenset[int],
                          day: dt.date) -> list[Objection]:  # fmt: skip
    """Pending keberatan of the employees whose pejabat penilai is one of my subordinates,
    i.e. those I decide as atasan pejabat penilai. Bounded by the depth of the position tree."""
    second_line = hierarchy.subordinate_ids_of_many(set(subordinate_ids), day)
    return list(
        Objection.objects.filter(
            status=StatusKeberatan.DIAJUKAN, evaluation__employee_id__in=second_line
        )
        .select_related("evaluation__employee", "evaluation__penilai", "evaluation__skp__period")
        .order_by("diajukan_at")
    )
