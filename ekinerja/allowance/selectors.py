"""Reads of TPP: the policy in force, runs and their lines, per-OPD summaries, comparisons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from ekinerja.org.models import Unit

from .choices import JenisRun, StatusKebijakan
from .models import TppLine, TppPolicy, TppRun

# The order of lines on every page and document: by OPD, the highest kelas first, then name.
LINE_ORDER = ("opd__nama", "opd_id", "-kelas_jabatan", "nama", "id")


def policy_in_force(instansi_id: int, day: dt.date) -> TppPolicy | None:
    return (
        TppPolicy.objects.filter(
            instansi_id=instansi_id, status=StatusKebijakan.BERLAKU, berlaku_mulai__lte=day
        )
        .order_by("-berlaku_mulai", "-id")
        .first()
    )


def official_run_for(instansi_id: int, tahun: int, bulan: int, employee_id: int) -> TppLine | None:
    """The employee's line in the official run of the month, if any."""
    return (
        TppLine.objects.filter(
            employee_id=employee_id,
            run__instansi_id=instansi_id,
            run__tahun=tahun,
            run__bulan=bulan,
            run__jenis=JenisRun.RESMI,
        )
        .select_related("run", "run__policy")
        .first()
    )


@dataclass
class OpdTotal:
    opd_id: int | None
    nama: str
    pegawai: int
    besaran: Decimal
    bruto: Decimal
    bpjs_pegawai: Decimal
    pajak: Decimal
    bersih: Decimal


def totals_per_opd(lines) -> list[OpdTotal]:  # type: ignore[no-untyped-def]
    """Sums of a set of lines per OPD, by OPD name. Two queries."""
    rows = (
        lines.values("opd_id")
        .annotate(
            pegawai=Count("id"),
            besaran=Sum("besaran"),
            bruto=Sum("bruto"),
            bpjs=Sum("bpjs_pegawai"),
            pajak=Sum("pajak"),
            bersih=Sum("bersih"),
        )
        .order_by()
    )
    rows = list(rows)
    names = dict(
        Unit.objects.filter(id__in=[r["opd_id"] for r in rows if r["opd_id"]]).values_list(
            "id", "nama"
        )
    )
    totals = [
        OpdTotal(
            opd_id=row["opd_id"],
            nama=names.get(row["opd_id"], "Tanpa OPD"),
            pegawai=row["pegawai"],
            besaran=row["besaran"] or Decimal(0),
            bruto=row["bruto"] or Decimal(0),
            bpjs_pegawai=row["bpjs"] or Decimal(0),
            pajak=row["pajak"] or Decimal(0),
            bersih=row["bersih"] or Decimal(0),
        )
        for row in rows
    ]
    return sorted(totals, key=lambda t: t.nama)


@dataclass
class Comparison:
    opd_id: int | None
    nama: str
    pegawai: int
    berlaku: Decimal
    usulan: Decimal

    @property
    def selisih(self) -> Decimal:
        return self.usulan - self.berlaku


def compare_runs(current: TppRun, proposed: TppRun) -> tuple[list[Comparison], Comparison]:
    """Per-OPD bruto of two runs of the same month side by side, and the total. Four queries."""
    left = {t.opd_id: t for t in totals_per_opd(TppLine.objects.filter(run=current))}
    right = {t.opd_id: t for t in totals_per_opd(TppLine.objects.filter(run=proposed))}
    rows = []
    for opd_id in left.keys() | right.keys():
        a, b = left.get(opd_id), right.get(opd_id)
        rows.append(
            Comparison(
                opd_id=opd_id,
                nama=(a or b).nama,  # type: ignore[union-attr]
                pegawai=max(a.pegawai if a else 0, b.pegawai if b else 0),
                berlaku=a.bruto if a else Decimal(0),
                usulan=b.bruto if b else Decimal(0),
            )
        )
    rows.sort(key=lambda c: c.nama)
    total = Comparison(
        None,
        "Jumlah",
        sum(c.pegawai for c in rows),
        sum((c.berlaku for c in rows), Decimal(0)),
        sum((c.usulan for c in rows), Decimal(0)),
    )
    return rows, total


def grand_total(totals: list[OpdTotal]) -> OpdTotal:
    return OpdTotal(
        opd_id=None,
        nama="Jumlah",
        pegawai=sum(t.pegawai for t in totals),
        besaran=sum((t.besaran for t in totals), Decimal(0)),
        bruto=sum((t.bruto for t in totals), Decimal(0)),
        bpjs_pegawai=sum((t.bpjs_pegawai for t in totals), Decimal(0)),
        pajak=sum((t.pajak for t in totals), Decimal(0)),
        bersih=sum((t.bersih for t in totals), Decimal(0)),
    )
