"""Reads of organisational performance: the RPJMD tree with the OPD sasaran that support it, the
PK status of every OPD, one PK with its indicators, and the sasaran an SKP may derive from.

Every function runs a fixed number of queries, whatever the number of goals or indicators."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.org.selectors import chain_to_opd, opd_id_of, unit_parents

from .choices import JenisSasaranDaerah
from .models import (
    IndikatorKinerjaOrganisasi,
    PerjanjianKinerja,
    RegionalGoal,
    SasaranStrategis,
)


@dataclass
class SasaranNode:
    goal: RegionalGoal
    pendukung: list[SasaranStrategis] = field(default_factory=list)


@dataclass
class TujuanNode:
    goal: RegionalGoal
    sasaran: list[SasaranNode] = field(default_factory=list)


def regional_goals_for_year(instansi_id: int, tahun: int) -> QuerySet[RegionalGoal]:
    return RegionalGoal.objects.filter(
        instansi_id=instansi_id, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun
    )


def regional_goal_tree(instansi_id: int, tahun: int) -> list[TujuanNode]:
    """RPJMD tujuan -> sasaran in force in the year, each sasaran with the OPD sasaran strategis
    of that year's PKs that support it. Two queries."""
    goals = list(regional_goals_for_year(instansi_id, tahun).order_by("kode", "id"))
    tujuan = {g.pk: TujuanNode(g) for g in goals if g.jenis == JenisSasaranDaerah.TUJUAN}
    sasaran = {g.pk: SasaranNode(g) for g in goals if g.jenis == JenisSasaranDaerah.SASARAN}
    for node in sasaran.values():
        parent = tujuan.get(node.goal.parent_id or 0)
        if parent is not None:
            parent.sasaran.append(node)
    if sasaran:
        pendukung = (
            SasaranStrategis.objects.filter(
                regional_goal_id__in=list(sasaran),
                perjanjian__tahun=tahun,
                perjanjian__instansi_id=instansi_id,
            )
            .select_related("perjanjian__unit")
            .order_by("perjanjian__unit__urutan", "perjanjian__unit__nama", "urutan", "id")
        )
        for item in pendukung:
            sasaran[item.regional_goal_id].pendukung.append(item)
    return list(tujuan.values())


@dataclass
class OpdPkRow:
    unit: Unit
    perjanjian: PerjanjianKinerja | None = None
    jumlah_sasaran: int = 0
    jumlah_indikator: int = 0
    tanpa_rpjmd: int = 0


def opd_units(instansi_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(instansi_id=instansi_id, jenis__in=JENIS_UNIT_OPD, aktif=True)


def opd_pk_status(instansi_id: int, tahun: int) -> list[OpdPkRow]:
    """Every active OPD with the size of its PK for the year (two queries)."""
    rows = {u.pk: OpdPkRow(u) for u in opd_units(instansi_id).order_by("urutan", "nama")}
    perjanjian = (
        PerjanjianKinerja.objects.filter(instansi_id=instansi_id, tahun=tahun)
        .select_related("unit")
        .annotate(
            n_sasaran=Count("sasaran", distinct=True),
            n_indikator=Count("sasaran__indikator", distinct=True),
            n_tanpa_rpjmd=Count(
                "sasaran", filter=Q(sasaran__regional_goal__isnull=True), distinct=True
            ),
        )
    )
    for pk in perjanjian:
        # A PK of a unit since deactivated or re-typed is still listed, after the OPDs.
        row = rows.setdefault(pk.unit_id, OpdPkRow(pk.unit))
        row.perjanjian = pk
        row.jumlah_sasaran = pk.n_sasaran
        row.jumlah_indikator = pk.n_indikator
        row.tanpa_rpjmd = pk.n_tanpa_rpjmd
    return list(rows.values())


def perjanjian_with_details(unit: Unit, tahun: int) -> PerjanjianKinerja | None:
    """The unit's PK of the year with sasaran (and their RPJMD sasaran) and indicators: three
    queries."""
    sasaran = SasaranStrategis.objects.select_related("regional_goal").prefetch_related(
        Prefetch("indikator", queryset=IndikatorKinerjaOrganisasi.objects.order_by("id"))
    )
    return (
        PerjanjianKinerja.objects.filter(unit=unit, tahun=tahun)
        .prefetch_related(Prefetch("sasaran", queryset=sasaran.order_by("urutan", "id")))
        .first()
    )


def regional_sasaran_options(instansi_id: int, tahun: int) -> list[RegionalGoal]:
    """The RPJMD sasaran a sasaran strategis of a PK of that year may support."""
    return list(
        regional_goals_for_year(instansi_id, tahun)
        .filter(jenis=JenisSasaranDaerah.SASARAN)
        .order_by("kode", "id")
    )


def opd_of_unit(unit: Unit) -> Unit | None:
    """The OPD-level unit that contains the unit (itself included), or None (two queries)."""
    pk = opd_id_of(unit.pk, unit_parents(unit.instansi_id))
    return Unit.objects.filter(pk=pk).first() if pk is not None else None


def sasaran_options_for_unit(unit: Unit, tahun: int) -> list[SasaranStrategis]:
    """The sasaran strategis an SKP of someone in `unit` may derive an RHK from: those of the PK
    of the year of the nearest unit, walking up from `unit` to its OPD, that has one.

    Two queries. Each sasaran comes with `perjanjian__unit` and `regional_goal` loaded."""
    chain = chain_to_opd(unit.pk, unit_parents(unit.instansi_id))
    found = list(
        SasaranStrategis.objects.filter(perjanjian__unit_id__in=chain, perjanjian__tahun=tahun)
        .select_related("perjanjian__unit", "regional_goal")
        .order_by("urutan", "id")
    )
    if not found:
        return []
    nearest = min(chain.index(s.perjanjian.unit_id) for s in found)
    return [s for s in found if s.perjanjian.unit_id == chain[nearest]]


def regional_goal_in_instansi(instansi_id: int | None, pk: int) -> RegionalGoal | None:
    return RegionalGoal.objects.filter(pk=pk, instansi_id=instansi_id).first()


def sasaran_in_instansi(instansi_id: int | None, pk: int) -> SasaranStrategis | None:
    return (
        SasaranStrategis.objects.filter(pk=pk, perjanjian__instansi_id=instansi_id)
        .select_related("perjanjian__unit")
        .first()
    )


def indikator_in_instansi(instansi_id: int | None, pk: int) -> IndikatorKinerjaOrganisasi | None:
    return (
        IndikatorKinerjaOrganisasi.objects.filter(
            pk=pk, sasaran__perjanjian__instansi_id=instansi_id
        )
        .select_related("sasaran__perjanjian__unit")
        .first()
    )
