"""Reads of the self-assessment and the 360 input: what the pejabat penilai sees beside the
evaluation form, the 360 requests waiting for a colleague or subordinate, and an employee's
own self-assessments. Each answers in a fixed number of queries whatever the number of rows.

Who counts as a giver is derived, never typed: on the last day of the evaluated period (or
today, if that is earlier), a colleague is anyone with the same pejabat penilai, and a direct
subordinate is anyone whose pejabat penilai is the evaluated employee (`people.hierarchy`).

The penilai's view never carries who gave which 360 input: counts per rating, the comments
sorted by their text (so their order says nothing about who wrote first) and the number of
givers. The evaluated employee is shown none of it.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee, User
from ekinerja.planning.choices import BERAKHLAK, NILAI_CHOICES
from ekinerja.planning.models import PerformancePeriod, PerilakuExpectation

from . import rules
from .choices import JenisEvaluasi, StatusEvaluasi
from .models import (
    Evaluation,
    EvaluationResult,
    HubunganMasukan,
    PeerFeedback,
    PeerFeedbackItem,
    SelfAssessment,
    SelfAssessmentBehaviour,
    SelfAssessmentResult,
    StatusPenilaianMandiri,
)
from .periods import ANNUAL, last_day_of, periode_label
from .selectors import policy_on

NAMA_NILAI = dict(NILAI_CHOICES)
PANDUAN = {nilai: panduan for nilai, (_, panduan) in enumerate(BERAKHLAK, start=1)}


# --- who may give 360 input ------------------------------------------------------------------


def _periode_ke(evaluation: Evaluation) -> int:
    return ANNUAL if evaluation.jenis == JenisEvaluasi.TAHUNAN else evaluation.periode_ke


def period_name(evaluation: Evaluation) -> str:
    """'Maret 2026', 'Triwulan II 2026' or 'Tahunan 2026' (reads ``evaluation.skp.period``)."""
    period = evaluation.skp.period
    return periode_label(period.siklus_evaluasi, _periode_ke(evaluation), period.tahun)


def reference_day(evaluation: Evaluation, day: dt.date) -> dt.date:
    """The day on which colleagues and subordinates are taken: the last day of the evaluated
    period, or ``day`` (today) while that period is still running."""
    return min(day, last_day_of(evaluation.skp.period, _periode_ke(evaluation)))


def relations_of(employee: Employee, day: dt.date) -> dict[int, str]:
    """Employee id -> how ``employee`` stands to them on ``day``: their direct subordinate (to
    the own pejabat penilai) or their colleague (to everyone else that penilai evaluates). A
    number of queries bounded by the depth of the position tree."""
    penilai = hierarchy.pejabat_penilai(employee, day)
    if penilai is None:
        return {}
    found = {
        pk: HubunganMasukan.REKAN.value
        for pk in hierarchy.subordinate_ids(penilai.employee, day)
        if pk != employee.pk
    }
    found[penilai.employee.pk] = HubunganMasukan.BAWAHAN.value
    return found


def relation_to(employee: Employee, evaluation: Evaluation, day: dt.date) -> str | None:
    """How ``employee`` stands to the evaluated employee in the evaluated period, if at all."""
    if employee.pk == evaluation.employee_id or employee.instansi_id != evaluation.instansi_id:
        return None
    return relations_of(employee, reference_day(evaluation, day)).get(evaluation.employee_id)


# --- the penilai's view ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultInput:
    """One indicator with the employee's claim beside the system's realisasi."""

    result_id: int
    indikator: str
    satuan: str
    target: Decimal | None
    realisasi_aktivitas: Decimal
    klaim: Decimal | None
    bukti: str


@dataclass(frozen=True)
class ValueInput:
    """One BerAKHLAK value: the employee's reflection and the 360 aggregate, without names."""

    nilai: int
    nama: str
    refleksi: str = ""
    di_atas: int = 0
    sesuai: int = 0
    di_bawah: int = 0
    komentar: tuple[str, ...] = ()

    @property
    def dinilai(self) -> int:
        return self.di_atas + self.sesuai + self.di_bawah

    @property
    def saran(self) -> rules.Rating | None:
        """The rounded mean of the 360 ratings (Di Bawah 1, Sesuai 2, Di Atas 3)."""
        ratings = (
            [rules.Rating.DI_ATAS] * self.di_atas
            + [rules.Rating.SESUAI] * self.sesuai
            + [rules.Rating.DI_BAWAH] * self.di_bawah
        )
        return rules.suggest_rating(ratings)


@dataclass(frozen=True)
class PenilaiInputs:
    """What `appraisal/input/_for_penilai.html` shows the pejabat penilai (context `inputs`).
    False when there is nothing to show: both switches off and no input given."""

    evaluation_id: int
    mandiri_aktif: bool
    rekan_aktif: bool
    mandiri_dikirim: bool = False
    dikirim_at: dt.datetime | None = None
    catatan: str = ""
    results: list[ResultInput] = field(default_factory=list)
    values: list[ValueInput] = field(default_factory=list)
    pemberi: int = 0  # how many people gave 360 input
    minimal_pemberi: int = 1  # below this, the 360 counts and comments are withheld

    @property
    def ditahan(self) -> bool:
        return 0 < self.pemberi < self.minimal_pemberi

    @property
    def refleksi_ada(self) -> bool:
        return any(v.refleksi for v in self.values)

    def __bool__(self) -> bool:
        return self.mandiri_aktif or self.rekan_aktif or self.mandiri_dikirim or self.pemberi > 0


def inputs_for_penilai(evaluation: Evaluation, day: dt.date | None = None) -> PenilaiInputs:
    """The employee's sent self-assessment per indicator and value, and the 360 aggregate per
    BerAKHLAK value. Three queries, six once a self-assessment has been sent. The caller
    checks `access.can_read_inputs` first."""
    policy = policy_on(evaluation.instansi_id, day or today())
    sent = SelfAssessment.objects.filter(
        evaluation_id=evaluation.pk, status=StatusPenilaianMandiri.DIKIRIM
    ).first()
    refleksi: dict[int, str] = {}
    results: list[ResultInput] = []
    if sent is not None:
        results = _claims(evaluation, sent)
        refleksi = dict(
            SelfAssessmentBehaviour.objects.filter(self_assessment=sent).values_list(
                "nilai", "refleksi"
            )
        )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    comments: dict[int, list[str]] = defaultdict(list)
    givers: set[int] = set()
    for feedback_id, nilai, rating, komentar in PeerFeedbackItem.objects.filter(
        feedback__evaluation_id=evaluation.pk
    ).values_list("feedback_id", "nilai", "rating", "komentar"):
        givers.add(feedback_id)
        if rating:
            counts[nilai][rating] += 1
        if komentar.strip():
            comments[nilai].append(komentar.strip())
    if 0 < len(givers) < policy.minimal_pemberi_360:
        counts.clear()
        comments.clear()
    values = [
        ValueInput(
            nilai=nilai, nama=nama, refleksi=refleksi.get(nilai, ""),
            di_atas=counts[nilai][rules.Rating.DI_ATAS], sesuai=counts[nilai][rules.Rating.SESUAI],
            di_bawah=counts[nilai][rules.Rating.DI_BAWAH],
            komentar=tuple(sorted(comments[nilai], key=str.casefold)),
        )
        for nilai, nama in NILAI_CHOICES
    ]  # fmt: skip
    return PenilaiInputs(
        evaluation_id=evaluation.pk,
        mandiri_aktif=policy.penilaian_mandiri,
        rekan_aktif=policy.masukan_rekan,
        mandiri_dikirim=sent is not None,
        dikirim_at=sent.dikirim_at if sent is not None else None,
        catatan=sent.catatan if sent is not None else "",
        results=results,
        values=values,
        pemberi=len(givers),
        minimal_pemberi=policy.minimal_pemberi_360,
    )


def _claims(evaluation: Evaluation, assessment: SelfAssessment) -> list[ResultInput]:
    claims = {
        result_id: (realisasi, bukti)
        for result_id, realisasi, bukti in SelfAssessmentResult.objects.filter(
            self_assessment=assessment
        ).values_list("result_id", "realisasi", "bukti")
    }
    rows = (
        EvaluationResult.objects.filter(evaluation_id=evaluation.pk)
        .select_related("indikator")
        .order_by("indikator__rhk__urutan", "indikator__urutan", "id")
    )
    return [
        ResultInput(
            result_id=row.pk, indikator=row.indikator.uraian, satuan=row.indikator.satuan,
            target=row.target, realisasi_aktivitas=row.realisasi_aktivitas,
            klaim=claims.get(row.pk, (None, ""))[0], bukti=claims.get(row.pk, (None, ""))[1],
        )
        for row in rows
    ]  # fmt: skip


# --- the employee's self-assessment ----------------------------------------------------------


@dataclass(frozen=True)
class ClaimRow:
    result: EvaluationResult  # with its indikator
    realisasi: Decimal | None
    bukti: str


@dataclass(frozen=True)
class ReflectionRow:
    nilai: int
    nama: str
    panduan: tuple[str, ...]
    ekspektasi: str
    refleksi: str


@dataclass
class SelfAssessmentView:
    assessment: SelfAssessment | None
    claims: list[ClaimRow]
    reflections: list[ReflectionRow]

    @property
    def dikirim(self) -> bool:
        return (
            self.assessment is not None and self.assessment.status == StatusPenilaianMandiri.DIKIRIM
        )


def self_assessment_of(evaluation: Evaluation) -> SelfAssessmentView:
    """The employee's page: every indicator of the evaluation with the claim made so far, and
    every BerAKHLAK value with its panduan, the SKP's ekspektasi khusus and the reflection.
    Five queries (two before anything is saved)."""
    assessment = SelfAssessment.objects.filter(evaluation_id=evaluation.pk).first()
    results = list(
        EvaluationResult.objects.filter(evaluation_id=evaluation.pk)
        .select_related("indikator__rhk")
        .order_by("indikator__rhk__urutan", "indikator__urutan", "id")
    )
    ekspektasi = dict(
        PerilakuExpectation.objects.filter(skp_id=evaluation.skp_id).values_list(
            "nilai", "ekspektasi_khusus"
        )
    )
    claims: dict[int, tuple[Decimal | None, str]] = {}
    refleksi: dict[int, str] = {}
    if assessment is not None:
        claims = {
            result_id: (realisasi, bukti)
            for result_id, realisasi, bukti in assessment.results.values_list(
                "result_id", "realisasi", "bukti"
            )
        }
        refleksi = dict(assessment.behaviours.values_list("nilai", "refleksi"))
    return SelfAssessmentView(
        assessment=assessment,
        claims=[ClaimRow(row, *claims.get(row.pk, (None, ""))) for row in results],
        reflections=[
            ReflectionRow(
                nilai, nama, PANDUAN[nilai], ekspektasi.get(nilai, ""), refleksi.get(nilai, "")
            )
            for nilai, nama in NILAI_CHOICES
        ],
    )


@dataclass(frozen=True)
class SelfAssessmentRow:
    evaluation: Evaluation  # with skp.period, skp.position and penilai
    periode: str
    status: str  # "", draf or dikirim
    status_label: str
    dikirim_at: dt.datetime | None
    dapat_diisi: bool


def my_self_assessments(user: User, day: dt.date | None = None) -> list[SelfAssessmentRow]:
    """The user's evaluations still in draft (a self-assessment may be written) and those
    with a self-assessment, newest first. Two queries."""
    me = roles_for(user).employee
    if me is None:
        return []
    switched_on = policy_on(me.instansi_id, day or today()).penilaian_mandiri
    evaluations = (
        Evaluation.objects.filter(employee_id=me.pk)
        .filter(Q(status=StatusEvaluasi.DRAF) | Q(self_assessment__isnull=False))
        .select_related("skp__period", "skp__position", "penilai", "self_assessment")
        .order_by("-skp__period__tahun", "jenis", "-periode_ke")
    )
    rows = []
    for evaluation in evaluations:
        assessment = getattr(evaluation, "self_assessment", None)
        status = assessment.status if assessment is not None else ""
        rows.append(
            SelfAssessmentRow(
                evaluation=evaluation,
                periode=period_name(evaluation),
                status=status,
                status_label=assessment.get_status_display() if assessment else "Belum diisi",
                dikirim_at=assessment.dikirim_at if assessment else None,
                dapat_diisi=switched_on
                and evaluation.status == StatusEvaluasi.DRAF
                and status != StatusPenilaianMandiri.DIKIRIM,
            )
        )
    return rows


# --- 360 requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRequest:
    evaluation: Evaluation  # with employee, skp.period and skp.position
    periode: str
    hubungan: str
    hubungan_label: str
    sudah_diisi: bool


def feedback_requests(user: User, day: dt.date) -> list[FeedbackRequest]:
    """Draft evaluations of the user's colleagues and of their own pejabat penilai, where the
    region has 360 input on. Three queries plus the hierarchy's per evaluated period (the
    user's penilai and that penilai's subordinates on the period's last day), whatever the
    number of evaluations."""
    me = roles_for(user).employee
    if me is None or not policy_on(me.instansi_id, day).masukan_rekan:
        return []
    drafts = Evaluation.objects.filter(
        instansi_id=me.instansi_id, status=StatusEvaluasi.DRAF
    ).exclude(employee_id=me.pk)
    periods = drafts.order_by().values_list(
        "skp__period_id", "skp__period__tahun", "skp__period__siklus_evaluasi", "jenis",
        "periode_ke",
    ).distinct()  # fmt: skip
    by_day: dict[dt.date, list[Q]] = defaultdict(list)
    for period_id, tahun, siklus, jenis, periode_ke in periods:
        period = PerformancePeriod(tahun=tahun, siklus_evaluasi=siklus)
        k = ANNUAL if jenis == JenisEvaluasi.TAHUNAN else periode_ke
        by_day[min(day, last_day_of(period, k))].append(
            Q(skp__period_id=period_id, jenis=jenis, periode_ke=periode_ke)
        )
    relation_of: dict[tuple[dt.date, int], str] = {}
    wanted: list[Q] = []
    for ref_day, matches in by_day.items():
        related = relations_of(me, ref_day)
        for pk, hubungan in related.items():
            relation_of[(ref_day, pk)] = hubungan
        if related:
            wanted += [match & Q(employee_id__in=list(related)) for match in matches]
    if not wanted:
        return []
    mine = PeerFeedback.objects.filter(evaluation_id=OuterRef("pk"), pemberi_id=me.pk)
    found = (
        drafts.filter(reduce(operator.or_, wanted))
        .select_related("employee", "skp__period", "skp__position")
        .annotate(sudah_diisi=Exists(mine))
        .order_by("employee__nama", "skp__period__tahun", "jenis", "periode_ke")
    )
    requests = []
    for evaluation in found:
        hubungan = relation_of.get((reference_day(evaluation, day), evaluation.employee_id))
        if hubungan is None:
            continue
        requests.append(
            FeedbackRequest(
                evaluation=evaluation,
                periode=period_name(evaluation),
                hubungan=hubungan,
                hubungan_label=HubunganMasukan(hubungan).label,
                sudah_diisi=evaluation.sudah_diisi,
            )
        )
    return requests


def my_feedback(evaluation: Evaluation, giver: Employee) -> dict[int, tuple[str, str]]:
    """Nilai -> (rating, komentar) of the giver's own 360 input, for their form. One query."""
    return {
        nilai: (rating, komentar)
        for nilai, rating, komentar in PeerFeedbackItem.objects.filter(
            feedback__evaluation_id=evaluation.pk, feedback__pemberi_id=giver.pk
        ).values_list("nilai", "rating", "komentar")
    }
