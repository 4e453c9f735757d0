"""Evaluation results laid out for upload to SIASN (BKN): one row per employee and period.

Only set evaluations leave (ditetapkan, diterima, keberatan, diputus: the statuses TPP also
pays on). The penilai is the one stored on the evaluation when it was set, with the identity
kept then; the atasan pejabat penilai is not stored, so it is derived from the unit tree on the
last day of the evaluated period (or today, if that day is still ahead), the rule the evaluation
pages use. The columns and their meaning are in docs/siasn.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from ekinerja.allowance.inputs import SET_STATUSES
from ekinerja.appraisal.choices import JenisEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.rules import PREDIKAT_LABELS, RATING_LABELS, Predikat, Rating
from ekinerja.core.tabular import Column
from ekinerja.people.access import Roles, roles_for
from ekinerja.people.hierarchy import penilai_map
from ekinerja.people.models import Employee
from ekinerja.planning.choices import PERIODS_PER_YEAR, SiklusEvaluasi
from ekinerja.planning.models import PerformancePeriod

TAHUNAN = 0  # periode_ke of the annual evaluation

SIASN_COLUMNS = [
    Column("NIP", 21, text=True),
    Column("NAMA", 32),
    Column("TAHUN", 8),
    Column("JENIS_PENILAIAN", 16),
    Column("PERIODE_KE", 11),
    Column("BULAN_MULAI", 12),
    Column("BULAN_SELESAI", 14),
    Column("RATING_HASIL_KERJA", 22),
    Column("RATING_PERILAKU_KERJA", 24),
    Column("PREDIKAT_KINERJA", 20),
    Column("STATUS_PENILAI", 15),
    Column("NIP_PENILAI", 21, text=True),
    Column("NAMA_PENILAI", 32),
    Column("PANGKAT_PENILAI", 26),
    Column("JABATAN_PENILAI", 32),
    Column("UNOR_PENILAI", 32),
    Column("NIP_ATASAN_PENILAI", 21, text=True),
    Column("NAMA_ATASAN_PENILAI", 32),
]


@dataclass(frozen=True)
class Choice:
    """What to export: a year's period and which evaluation of it (0 is the annual one)."""

    period: PerformancePeriod
    periode_ke: int

    @property
    def months(self) -> tuple[int, int]:
        """First and last month the evaluation covers."""
        if self.periode_ke == TAHUNAN:
            return 1, 12
        span = 12 // PERIODS_PER_YEAR[SiklusEvaluasi(self.period.siklus_evaluasi)]
        return (self.periode_ke - 1) * span + 1, self.periode_ke * span

    @property
    def last_day(self) -> dt.date:
        month = self.months[1]
        year = self.period.tahun
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def label(self) -> str:
        if self.periode_ke == TAHUNAN:
            return f"Tahunan {self.period.tahun}"
        return f"Periode {self.periode_ke} tahun {self.period.tahun}"

    @property
    def filename(self) -> str:
        part = "tahunan" if self.periode_ke == TAHUNAN else f"periode-{self.periode_ke:02d}"
        return f"siasn-kinerja-{self.period.tahun}-{part}.xlsx"


def can_export(user: Any) -> bool:
    roles = roles_for(user)
    return roles.instansi_id is not None and (roles.is_admin_bkpsdm or roles.is_admin_opd)


def _roles_of_exporter(user: Any) -> Roles:
    if not can_export(user):
        raise PermissionDenied("Hanya admin BKPSDM dan admin OPD yang dapat mengekspor ke SIASN.")
    return roles_for(user)


def periods_for(user: Any) -> QuerySet[PerformancePeriod]:
    roles = _roles_of_exporter(user)
    return PerformancePeriod.objects.filter(instansi_id=roles.instansi_id).order_by("-tahun")


def periode_count(period: PerformancePeriod) -> int:
    return PERIODS_PER_YEAR[SiklusEvaluasi(period.siklus_evaluasi)]


def parse_choice(user: Any, periode: str, ke: str) -> Choice:
    """The user's choice from the query string; ValidationError (Indonesian) when unusable."""
    if not periode.isdigit():
        raise ValidationError("Pilih tahun periode SKP.")
    period = periods_for(user).filter(pk=int(periode)).first()
    if period is None:
        raise ValidationError("Periode SKP tidak ditemukan.")
    if not ke.isdigit() or int(ke) > periode_count(period):
        raise ValidationError(
            f"Periode penilaian harus 0 (tahunan) sampai {periode_count(period)}."
        )
    return Choice(period, int(ke))


def evaluations_for(user: Any, choice: Choice) -> QuerySet[Evaluation]:
    """Set evaluations of the choice: the whole instansi for admin BKPSDM, the SKPs of units
    in their OPD subtree for admin OPD (the unit the SKP was made in, so a later move does not
    hide a result from the OPD that evaluated it)."""
    roles = _roles_of_exporter(user)
    jenis = JenisEvaluasi.TAHUNAN if choice.periode_ke == TAHUNAN else JenisEvaluasi.PERIODIK
    qs = Evaluation.objects.filter(
        instansi_id=roles.instansi_id,
        skp__period=choice.period,
        jenis=jenis,
        periode_ke=choice.periode_ke,
        status__in=SET_STATUSES,
    )
    if not roles.is_admin_bkpsdm:
        qs = qs.filter(skp__unit_id__in=roles.opd_subtree)
    return qs


def export_rows(user: Any, choice: Choice) -> Iterator[list[Any]]:
    """The rows of the SIASN file, in NIP order; four queries whatever the number of rows."""
    evaluations = list(
        evaluations_for(user, choice)
        .select_related("employee", "penilai")
        .only(
            "rating_hasil", "rating_perilaku", "predikat", "identitas", "penilai_id",
            "employee__nip", "employee__nama", "penilai__nip", "penilai__nama",
            "penilai__status",
        )
        .order_by("employee__nip", "pk")
    )  # fmt: skip
    atasan = _atasan_of_penilai(choice, evaluations)
    first, last = choice.months
    jenis = "Tahunan" if choice.periode_ke == TAHUNAN else "Periodik"
    for evaluation in evaluations:
        penilai = evaluation.penilai
        shown = (evaluation.identitas or {}).get("penilai") or {}
        boss = atasan.get(evaluation.penilai_id) if evaluation.penilai_id else None
        yield [
            evaluation.employee.nip,
            evaluation.employee.nama,
            choice.period.tahun,
            jenis,
            choice.periode_ke,
            first,
            last,
            RATING_LABELS[Rating(evaluation.rating_hasil)],
            RATING_LABELS[Rating(evaluation.rating_perilaku)],
            PREDIKAT_LABELS[Predikat(evaluation.predikat)],
            _status_penilai(penilai),
            penilai.nip if penilai and penilai.nip else "",
            shown.get("nama") or (penilai.nama if penilai else ""),
            shown.get("pangkat", ""),
            shown.get("jabatan", ""),
            shown.get("unit", ""),
            boss.nip if boss and boss.nip else "",
            boss.nama_lengkap if boss else "",
        ]


def _status_penilai(penilai: Employee | None) -> str:
    # SIASN asks whether the penilai is ASN: a Kepala Daerah evaluating the Sekda is not.
    if penilai is None:
        return ""
    return "NON ASN" if not penilai.nip else "ASN"


def _atasan_of_penilai(choice: Choice, evaluations: list[Evaluation]) -> dict[int, Employee]:
    """Penilai id -> their own pejabat penilai on the period's last day (three queries)."""
    penilai_ids = {e.penilai_id for e in evaluations if e.penilai_id}
    if not penilai_ids:
        return {}
    day = min(choice.last_day, timezone.localdate())
    above = penilai_map(choice.period.instansi_id, day)
    wanted = {above[pid] for pid in penilai_ids if pid in above}
    people = Employee.objects.filter(pk__in=wanted).only(
        "nip", "nama", "gelar_depan", "gelar_belakang"
    )
    by_id = {person.pk: person for person in people}
    return {pid: by_id[above[pid]] for pid in penilai_ids if above.get(pid) in by_id}
