"""Reads of evaluation: the rules in force, and the distribution curve per unit.

A unit's curve counts the set predikat of every employee whose SKP sits in the unit or below
it, since an organisation's achievement covers its bidang and seksi. The report answers in a
fixed number of queries whatever the number of units or employees.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from ekinerja.org.models import Unit
from ekinerja.org.selectors import subtree_from, unit_children_map
from ekinerja.planning.choices import PERIODS_PER_YEAR, StatusSkp
from ekinerja.planning.models import PerformancePeriod, Skp

from . import rules
from .choices import JenisEvaluasi, StatusEvaluasi
from .models import AppraisalPolicy, Evaluation, KoefisienAngkaKredit, UnitPredikat


def policy_on(instansi_id: int, day: dt.date) -> AppraisalPolicy:
    """The rules in force on ``day``; the model's defaults for a region without a row."""
    found = (
        AppraisalPolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )
    return found or AppraisalPolicy(instansi_id=instansi_id, berlaku_mulai=day)


@dataclass
class CurveRow:
    unit_id: int
    unit_nama: str
    predikat_organisasi: rules.PredikatOrganisasi
    pegawai: int  # approved SKPs in the unit's subtree: the people the shares are of
    counts: dict[rules.Predikat, int] = field(default_factory=dict)
    findings: list[rules.CurveFinding] = field(default_factory=list)

    @property
    def dinilai(self) -> int:
        return sum(self.counts.values())

    @property
    def sesuai(self) -> bool:
        return not self.findings


def predikat_counts_by_unit(
    period: PerformancePeriod, periode_ke: int, *, exclude_evaluation: int | None = None
) -> dict[int, Counter[rules.Predikat]]:
    """Set predikat per SKP unit for one period, in one query."""
    rows = Evaluation.objects.filter(
        instansi_id=period.instansi_id, skp__period=period, jenis=JenisEvaluasi.PERIODIK,
        periode_ke=periode_ke,
    ).exclude(status=StatusEvaluasi.DRAF)  # fmt: skip
    if exclude_evaluation is not None:
        rows = rows.exclude(pk=exclude_evaluation)
    counts: dict[int, Counter[rules.Predikat]] = defaultdict(Counter)
    for unit_id, predikat, n in (
        rows.order_by().values_list("skp__unit_id", "predikat").annotate(n=Count("id"))
    ):
        counts[unit_id][rules.Predikat(predikat)] += n
    return counts


def skps_by_unit(period: PerformancePeriod) -> Counter[int]:
    rows = (
        Skp.objects.filter(period=period, status=StatusSkp.DISETUJUI)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("id"))
    )
    return Counter(dict(rows))


@dataclass
class _UnitCurve:
    unit_id: int
    org: rules.PredikatOrganisasi
    members: set[int]  # the unit and the units below it
    counts: Counter[rules.Predikat]
    population: int


def _unit_curves(
    period: PerformancePeriod, periode_ke: int, *, exclude_evaluation: int | None = None
) -> list[_UnitCurve]:
    """Every unit with an organisational predikat for the period, with its subtree's set
    predikat and approved SKPs. Four queries."""
    predikat_of = dict(
        UnitPredikat.objects.filter(period=period, periode_ke=periode_ke).values_list(
            "unit_id", "predikat"
        )
    )
    if not predikat_of:
        return []
    children = unit_children_map(period.instansi_id)
    counts = predikat_counts_by_unit(period, periode_ke, exclude_evaluation=exclude_evaluation)
    people = skps_by_unit(period)
    curves = []
    for unit_id, org in predikat_of.items():
        members = subtree_from(children, [unit_id])
        total: Counter[rules.Predikat] = Counter()
        for member in members:
            total.update(counts.get(member, {}))
        population = sum(people.get(member, 0) for member in members)
        curves.append(
            _UnitCurve(unit_id, rules.PredikatOrganisasi(org), members, total, population)
        )
    return curves


def curve_report(
    period: PerformancePeriod,
    periode_ke: int,
    curve: dict[rules.PredikatOrganisasi, tuple[rules.CurveCheck, ...]] | None = None,
) -> list[CurveRow]:
    """Every unit with an organisational predikat for the period, with its employees'
    predikat and the checks of its curve that they break. Five queries."""
    curves = _unit_curves(period, periode_ke)
    if not curves:
        return []
    names = dict(Unit.objects.filter(pk__in=[c.unit_id for c in curves]).values_list("id", "nama"))
    rows = [
        CurveRow(
            unit_id=c.unit_id, unit_nama=names[c.unit_id], predikat_organisasi=c.org,
            pegawai=c.population, counts=dict(c.counts),
            findings=rules.check_curve(c.org, c.counts, curve or rules.DEFAULT_CURVE,
                                       population=c.population),
        )
        for c in curves
    ]  # fmt: skip
    rows.sort(key=lambda row: row.unit_nama)
    return rows


def curve_ceiling_breaches(
    skp: Skp, periode_ke: int, new: rules.Predikat, *, evaluation_id: int
) -> list[str]:
    """In blocking mode a predikat may not push a unit over a ceiling of its curve (at most
    70 % Baik, no Sangat Baik, ...). Minimums are left to the report: they can only be met
    once the whole unit is evaluated."""
    messages = []
    for c in _unit_curves(skp.period, periode_ke, exclude_evaluation=evaluation_id):
        if skp.unit_id not in c.members:
            continue
        with_new = c.counts + Counter({new: 1})
        for finding in rules.check_curve(c.org, with_new, population=c.population):
            if (
                new in finding.check.predikat
                and finding.high is not None
                and (finding.count > finding.high)
            ):
                messages.append(
                    f"Kurva distribusi unit (predikat organisasi {c.org.label}): "
                    f"{finding.check.text}, yaitu paling banyak {finding.high} dari "
                    f"{finding.total} pegawai; predikat ini akan menjadikannya {finding.count}."
                )
    return messages


FUNGSIONAL = ("fungsional_keahlian", "fungsional_keterampilan")


def koefisien_on(instansi_id: int, jenjang: str, day: dt.date) -> Decimal | None:
    """The region's koefisien for the jenjang on ``day``, else the national default."""
    found = (
        KoefisienAngkaKredit.objects.filter(
            instansi_id=instansi_id, jenjang=jenjang, berlaku_mulai__lte=day
        )
        .order_by("-berlaku_mulai")
        .values_list("koefisien", flat=True)
        .first()
    )
    return found if found is not None else rules.DEFAULT_KOEFISIEN.get(jenjang)


def angka_kredit_of(evaluation: Evaluation) -> Decimal | None:
    """The angka kredit a set evaluation earns a fungsional position: the period's months (12
    for the annual one) over 12, times the predikat's percentage, times the koefisien. None
    for other positions or before the predikat is set."""
    position = evaluation.skp.position
    if position.jenis_jabatan not in FUNGSIONAL or not position.jenjang or not evaluation.predikat:
        return None
    day = timezone.localdate(evaluation.ditetapkan_at or timezone.now())
    koefisien = koefisien_on(evaluation.instansi_id, position.jenjang, day)
    if koefisien is None:
        return None
    if evaluation.jenis == JenisEvaluasi.TAHUNAN:
        months = 12
    else:
        per_year = PERIODS_PER_YEAR[evaluation.skp.period.siklus_evaluasi]
        months = 12 // per_year
    return rules.angka_kredit(rules.Predikat(evaluation.predikat), koefisien, months)
