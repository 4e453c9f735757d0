"""The evaluation part of the demo region: the ended periods of the year evaluated for every
approved SKP, consistent with what the services write, and a curve report with something in it."""

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ekinerja.activity import demo as activity_demo
from ekinerja.activity.productivity import target_realisation
from ekinerja.appraisal import access, rules, selectors, services
from ekinerja.appraisal import demo as appraisal_demo
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi, StatusKeberatan
from ekinerja.appraisal.models import (
    Evaluation,
    EvaluationBehaviour,
    EvaluationResult,
    Objection,
    UnitPredikat,
)
from ekinerja.attendance import demo as attendance_demo
from ekinerja.core.models import AuditEvent
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people import hierarchy
from ekinerja.people.demo import seed_demo
from ekinerja.people.management.commands.seed_demo import demo_extensions
from ekinerja.people.models import Employee
from ekinerja.planning import demo as planning_demo
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, PeriodTarget, Skp

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
SEED = 5

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        result = seed_demo(employees=120, seed=SEED, today=DAY)
        attendance_demo.extend_demo(result, seed=SEED, today=DAY)
        planning_demo.extend_demo(result, seed=SEED, today=DAY)
        activity_demo.extend_demo(result, seed=SEED, today=DAY)
        summary = appraisal_demo.extend_demo(result, seed=SEED, today=DAY)
        yield result, summary


@pytest.fixture
def period(demo):
    return PerformancePeriod.objects.get(instansi=demo[0].instansi, tahun=DAY.year)


def ratings_of(model) -> dict[int, list[str]]:
    found = defaultdict(list)
    for evaluation_id, rating in model.objects.order_by("id").values_list(
        "evaluation_id", "rating"
    ):
        found[evaluation_id].append(rating)
    return found


def suggestion(ratings: list[str]) -> str:
    suggested = rules.suggest_rating(rules.Rating(r) for r in ratings if r)
    return suggested.value if suggested is not None else ""


def test_every_ended_month_is_evaluated_for_every_approved_skp(demo, period):
    _result, summary = demo
    assert summary.startswith("Evaluasi   : ")
    approved = set(Skp.objects.filter(period=period, status=StatusSkp.DISETUJUI).values_list("pk"))
    assert len(approved) > 50
    by_period = defaultdict(set)
    for skp_id, periode_ke in Evaluation.objects.values_list("skp_id", "periode_ke"):
        by_period[periode_ke].add((skp_id,))
    # October ended before the demo's day, November has not.
    assert sorted(by_period) == list(range(1, 11))
    for periode_ke in range(1, 10):
        assert by_period[periode_ke] == approved
    assert 0.5 * len(approved) < len(by_period[10]) <= len(approved)  # some not opened yet
    assert not Evaluation.objects.exclude(jenis=JenisEvaluasi.PERIODIK).exists()
    assert AuditEvent.objects.filter(action="seed_demo_appraisal").count() == 1


def test_ratings_predikat_and_suggestions_are_what_the_services_would_set(demo, period):
    results, behaviours = ratings_of(EvaluationResult), ratings_of(EvaluationBehaviour)
    heads = {
        (row.unit_id, row.periode_ke): rules.head_rating(row.predikat)
        for row in UnitPredikat.objects.filter(period=period)
    }
    statuses = Counter()
    deviations = 0
    rows = Evaluation.objects.select_related("skp__position").order_by("id")
    for evaluation in rows:
        statuses[evaluation.status] += 1
        assert evaluation.status in StatusEvaluasi.values
        assert len(behaviours[evaluation.pk]) == 7
        required = None
        if evaluation.skp.position.is_unit_head:
            required = heads.get((evaluation.skp.unit_id, evaluation.periode_ke))
        if required is not None and evaluation.status != StatusEvaluasi.DRAF:
            assert evaluation.saran_hasil == required.value
            if evaluation.status != StatusEvaluasi.DIPUTUS:
                assert evaluation.rating_hasil == required.value
        else:
            assert evaluation.saran_hasil == suggestion(results[evaluation.pk])
        assert evaluation.saran_perilaku == suggestion(behaviours[evaluation.pk])
        assert evaluation.created_at <= evaluation.updated_at <= NOW
        if evaluation.status == StatusEvaluasi.DRAF:
            assert (evaluation.predikat, evaluation.rating_hasil, evaluation.identitas) == (
                "",
                "",
                {},
            )
            continue
        assert evaluation.predikat == rules.predikat(
            evaluation.rating_hasil, evaluation.rating_perilaku
        )
        assert evaluation.created_at <= evaluation.ditetapkan_at <= evaluation.updated_at
        assert set(evaluation.identitas) == {"pegawai", "penilai"}
        assert evaluation.identitas["pegawai"]["jabatan"] == evaluation.skp.position.nama
        assert (evaluation.diterima_at is not None) == (
            evaluation.status == StatusEvaluasi.DITERIMA
        )
        if evaluation.status == StatusEvaluasi.DIPUTUS:
            continue  # the atasan changed the ratings; the penilai's reasons stay as they were
        for aspect in ("hasil", "perilaku"):
            saran = getattr(evaluation, f"saran_{aspect}")
            if saran and saran != getattr(evaluation, f"rating_{aspect}"):
                deviations += 1
                assert getattr(evaluation, f"alasan_{aspect}").strip()
    assert statuses[StatusEvaluasi.DITERIMA] > statuses[StatusEvaluasi.DITETAPKAN] > 0
    assert statuses[StatusEvaluasi.DRAF] > 0
    assert (statuses[StatusEvaluasi.KEBERATAN], statuses[StatusEvaluasi.DIPUTUS]) == (1, 1)
    assert 0 < deviations < 0.1 * sum(statuses.values())


def test_the_penilai_is_the_pejabat_penilai_and_named_in_the_document(demo, period):
    penilai = hierarchy.penilai_map(demo[0].instansi.pk, DAY)
    evaluations = Evaluation.objects.select_related("employee", "penilai")
    for evaluation in evaluations.exclude(status=StatusEvaluasi.DRAF)[:200]:
        assert evaluation.penilai_id == penilai[evaluation.employee_id]
        assert evaluation.identitas["penilai"]["nama"] == evaluation.penilai.nama_lengkap
    assert all(e.penilai_id == penilai[e.employee_id] for e in evaluations)


def test_results_hold_the_periods_targets_and_the_approved_output(demo, period):
    skp_indicators = defaultdict(list)
    rows = EvaluationResult.objects.filter(evaluation__periode_ke=10).values_list(
        "evaluation__skp_id", "indikator_id", "target", "realisasi_aktivitas"
    )
    for skp_id, indikator, target, from_activities in rows:
        skp_indicators[skp_id].append((indikator, target, from_activities))
    targets = dict(PeriodTarget.objects.filter(periode_ke=10).values_list("indikator_id", "target"))
    indikator_ids = [i for values in skp_indicators.values() for i, _, _ in values]
    realised = target_realisation(indikator_ids, DAY.year, 10)
    assert any(realised.values())  # the demo's activities reach into October
    for values in skp_indicators.values():
        for indikator, target, from_activities in values:
            assert target == targets.get(indikator)
            assert from_activities == realised[indikator]
    older = EvaluationResult.objects.filter(evaluation__periode_ke=3)
    assert not older.exclude(realisasi_aktivitas=0).exists()  # before the demo's activities
    entered = older.exclude(realisasi=0).exclude(realisasi__isnull=True)
    assert entered.exists() and not entered.filter(bukti="").exists()
    assert not older.filter(umpan_balik="").exists()


def test_a_draft_matches_what_open_evaluation_writes(demo, period):
    draft = (
        Evaluation.objects.filter(status=StatusEvaluasi.DRAF, saran_hasil="", periode_ke=10)
        .select_related("skp__period", "penilai__user")
        .order_by("id")
        .first()
    )
    assert draft is not None
    written = list(
        draft.results.order_by("id").values_list(
            "indikator_id", "target", "realisasi_aktivitas", "realisasi", "rating"
        )
    )
    behaviours = list(draft.behaviours.order_by("nilai").values_list("nilai", "rating"))
    skp, penilai = draft.skp, draft.penilai
    draft.results.all().delete()
    draft.behaviours.all().delete()
    draft.delete()
    with time_machine.travel(NOW, tick=False):
        opened = services.open_evaluation(actor=penilai.user, skp=skp, periode_ke=10)
    assert opened.penilai == penilai
    assert written == list(
        opened.results.order_by("id").values_list(
            "indikator_id", "target", "realisasi_aktivitas", "realisasi", "rating"
        )
    )
    assert behaviours == list(opened.behaviours.order_by("nilai").values_list("nilai", "rating"))


def test_some_penilai_have_the_latest_month_still_to_do(demo, period):
    by_penilai = defaultdict(Counter)
    for penilai_id, status in Evaluation.objects.filter(periode_ke=10).values_list(
        "penilai_id", "status"
    ):
        by_penilai[penilai_id][status == StatusEvaluasi.DRAF] += 1
    late = {pk for pk, counts in by_penilai.items() if not counts[False]}
    assert late and len(late) < len(by_penilai)
    # The demo atasan is one of them whenever their staff have approved SKPs (in a region this
    # small they may not: their other subordinates' SKPs wait in the inbox).
    logins = {login.peran: login for login in demo[0].logins}
    atasan = Employee.objects.get(user__username=logins["Atasan (pejabat penilai)"].username)
    staff = [pk for pk, above in hierarchy.penilai_map(atasan.instansi_id, DAY).items()
             if above == atasan.pk]  # fmt: skip
    if Skp.objects.filter(employee__in=staff, status=StatusSkp.DISETUJUI).exists():
        assert atasan.pk in late
    drafts = Evaluation.objects.filter(penilai_id__in=late, status=StatusEvaluasi.DRAF)
    some = drafts.select_related("penilai__user", "employee")[:20]
    with time_machine.travel(NOW, tick=False):
        assert all(access.can_evaluate(e.penilai.user, e) for e in some)


def test_one_keberatan_waits_and_one_is_decided_by_the_atasan(demo, period):
    waiting = Objection.objects.get(status=StatusKeberatan.DIAJUKAN)
    assert waiting.evaluation.status == StatusEvaluasi.KEBERATAN
    assert waiting.predikat_semula == waiting.evaluation.predikat
    assert waiting.pemutus is None and waiting.alasan
    decided = Objection.objects.exclude(status=StatusKeberatan.DIAJUKAN).get()
    evaluation = decided.evaluation
    assert evaluation.status == StatusEvaluasi.DIPUTUS
    assert (
        decided.predikat_akhir
        == evaluation.predikat
        == rules.predikat(evaluation.rating_hasil, evaluation.rating_perilaku)
    )
    assert decided.predikat_semula != decided.predikat_akhir
    atasan = hierarchy.atasan_pejabat_penilai(evaluation.employee, DAY)
    assert decided.pemutus == atasan.employee
    assert decided.diajukan_at < decided.diputus_at <= NOW and decided.alasan_keputusan


def test_every_opd_has_an_organisational_predikat_and_the_curve_mostly_fits(demo, period):
    opds = set(
        Unit.objects.filter(instansi=demo[0].instansi, jenis__in=JENIS_UNIT_OPD).values_list(
            "pk", flat=True
        )
    )
    rows = UnitPredikat.objects.filter(period=period)
    assert {(u, k) for u, k in rows.values_list("unit_id", "periode_ke")} == {
        (u, k) for u in opds for k in range(1, 11)
    }
    kinds = Counter(rows.values_list("predikat", flat=True))
    assert kinds.most_common(1)[0][0] == rules.PredikatOrganisasi.BAIK
    assert not rows.filter(alasan="").exists()
    report = [row for k in range(1, 10) for row in selectors.curve_report(period, k)]
    assert len(report) == 9 * len(opds)
    fitting = sum(row.sesuai for row in report if row.dinilai >= 5)
    assert fitting >= 0.8 * sum(1 for row in report if row.dinilai >= 5)
    assert all(row.dinilai == row.pegawai for row in report)  # past months are complete


def digest() -> str:
    rows = list(
        Evaluation.objects.order_by("skp_id", "periode_ke").values_list(
            "skp_id", "periode_ke", "status", "saran_hasil", "saran_perilaku", "rating_hasil",
            "rating_perilaku", "alasan_hasil", "predikat", "ditetapkan_at", "diterima_at",
        )
    )  # fmt: skip
    rows += list(
        EvaluationResult.objects.order_by("evaluation__skp_id", "evaluation__periode_ke", "id")
        .values_list("indikator_id", "realisasi", "bukti", "umpan_balik", "rating")
    )  # fmt: skip
    behaviours = EvaluationBehaviour.objects.order_by(
        "evaluation__skp_id", "evaluation__periode_ke", "nilai"
    )
    rows += list(behaviours.values_list("umpan_balik", "rating"))
    rows += list(UnitPredikat.objects.order_by("unit_id", "periode_ke").values_list(
        "unit_id", "periode_ke", "predikat", "alasan"
    ))  # fmt: skip
    rows += list(Objection.objects.order_by("status").values_list(
        "evaluation__skp_id", "evaluation__periode_ke", "status", "predikat_akhir"
    ))  # fmt: skip
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_same_seed_gives_the_same_evaluations(demo):
    result, summary = demo
    first = digest()
    Objection.objects.all().delete()
    EvaluationResult.objects.all().delete()
    EvaluationBehaviour.objects.all().delete()
    Evaluation.objects.all().delete()
    UnitPredikat.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        again = appraisal_demo.extend_demo(result, seed=SEED, today=DAY)
    assert (again, digest()) == (summary, first)


def test_only_ended_periods_count_monthly_or_quarterly():
    period = PerformancePeriod(tahun=2026, siklus_evaluasi="bulanan")
    assert [p.periode_ke for p in appraisal_demo._ended_periods(period, DAY)] == list(range(1, 11))
    assert appraisal_demo._ended_periods(period, dt.date(2026, 1, 31)) == []
    period.siklus_evaluasi = "triwulanan"
    quarters = appraisal_demo._ended_periods(period, DAY)
    assert [(p.periode_ke, p.months, p.label) for p in quarters] == [
        (1, (1, 2, 3), "Triwulan I 2026"),
        (2, (4, 5, 6), "Triwulan II 2026"),
        (3, (7, 8, 9), "Triwulan III 2026"),
    ]


def test_the_seed_command_runs_the_appraisal_demo_after_activity(db):
    extensions = demo_extensions()
    assert extensions.index(appraisal_demo.extend_demo) > extensions.index(
        activity_demo.extend_demo
    )
