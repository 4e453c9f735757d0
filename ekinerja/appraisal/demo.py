"""Evaluations for the demo Kabupaten Sukamaju: the periods of the demo year that have ended,
for every employee with an approved SKP, and the organisational predikat of every OPD.

Called by `manage.py seed_demo` after planning and activity (the command looks for
`extend_demo` in every app's `demo` module); everything is drawn from `random.Random(seed + 6)`.

What the services would have left behind, written in bulk (a region of 10,000 employees has
some 70,000 evaluations and 800,000 feedback rows, which one call per evaluation could not
write within the seed's time):
- a result row per indicator of the SKP (the period's target; `realisasi_aktivitas` is the
  approved output of the period's months, as `open_evaluation` reads it; the demo's activities
  cover only the last 30 days, so for older months the penilai entered the realisasi from
  evidence) and a row per BerAKHLAK value, each with the penilai's feedback;
- suggested ratings that are the rounded mean of that feedback (`rules.suggest_rating`), the
  chosen ratings (the suggestion, except for a few with a written reason), the predikat of the
  matrix, and both sides' identities;
- the organisational predikat of every OPD (mostly Baik, some Istimewa or Butuh Perbaikan),
  which fixes the Rating Hasil Kerja of the OPD's head and shapes the curve of its employees:
  an employee's standing is stable from month to month, and each OPD's shares are cut to its
  curve (`rules.DEFAULT_CURVE`), except for a few OPD-months that break it, as regions do;
- older periods mostly acknowledged; in the most recent ended period about a third of the
  penilai (the demo atasan among them) have not finished, so their staff's documents are
  drafts, half-filled or not yet opened; one keberatan waits for the atasan pejabat penilai and
  one has been decided.
One audit event records the run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.core.bulk import insert_rows
from ekinerja.core.imports import chunked
from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Position, Unit
from ekinerja.org.selectors import opd_id_of
from ekinerja.people import hierarchy
from ekinerja.people.choices import Peran
from ekinerja.people.demo import DemoResult
from ekinerja.people.demo_plan import DEMO_PEGAWAI_KODE
from ekinerja.people.hierarchy import penilai_seats_from, seats_and_holders
from ekinerja.people.models import Employee, RoleGrant
from ekinerja.planning.choices import BERAKHLAK, PERIODS_PER_YEAR, Aspek, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, PeriodTarget, Rhk, Skp
from ekinerja.planning.services import identity

from . import rules
from .choices import JenisEvaluasi, StatusEvaluasi, StatusKeberatan
from .models import Evaluation, EvaluationBehaviour, EvaluationResult, Objection, UnitPredikat

R = rules.Rating
P = rules.Predikat
Org = rules.PredikatOrganisasi

# In the most recent ended period this share of the penilai has not finished yet; their staff's
# documents are, in these shares, not opened, opened but empty, or filled for the results only.
SHARE_LATE_PENILAI = 0.35
LATE_SHARES = (0.15, 0.35)
# Acknowledged by the employee: older periods, and the most recent one.
SHARE_ACCEPTED = 0.96
SHARE_ACCEPTED_RECENT = 0.55
# A rating other than the suggestion (with a reason), per aspect.
SHARE_DEVIATION = 0.03
# OPD-months whose employee predikat were drawn without regard to the curve.
SHARE_OFF_CURVE = 0.08

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
TRIWULAN = ("I", "II", "III", "IV")

# --- texts -------------------------------------------------------------------------------------

HASIL_PEMBUKA = {
    R.DI_ATAS: (
        "Capaian melampaui target periode ini.",
        "Hasil kerja di atas target dan tepat waktu.",
        "Keluaran lebih banyak dari yang direncanakan dengan mutu terjaga.",
        "Target terlampaui berkat inisiatif sendiri.",
        "Realisasi melebihi target tanpa mengurangi kualitas.",
        "Kinerja sangat baik pada indikator ini.",
    ),
    R.SESUAI: (
        "Target periode ini tercapai.",
        "Hasil kerja sesuai rencana.",
        "Keluaran sesuai target dan dapat dipertanggungjawabkan.",
        "Capaian sesuai ekspektasi.",
        "Pekerjaan selesai sesuai jadwal.",
        "Realisasi sesuai target yang disepakati.",
    ),
    R.DI_BAWAH: (
        "Capaian masih di bawah target.",
        "Sebagian keluaran belum diselesaikan.",
        "Realisasi belum memenuhi target periode ini.",
        "Beberapa pekerjaan terlambat diselesaikan.",
        "Hasil kerja perlu diperbaiki sebelum diserahkan.",
        "Target belum tercapai.",
    ),
}
HASIL_SARAN = {
    R.DI_ATAS: (
        "Pertahankan dan bagikan cara kerjanya kepada rekan.",
        "Dapat menjadi contoh bagi tim.",
        "Siap diberi tanggung jawab yang lebih besar.",
        "Dokumentasikan praktik baiknya.",
        "",
    ),
    R.SESUAI: (
        "Pertahankan.",
        "Tingkatkan kerapian dokumentasi bukti dukung.",
        "Perhatikan ketepatan waktu pelaporan.",
        "Koordinasikan lebih awal bila ada kendala.",
        "",
        "",
    ),
    R.DI_BAWAH: (
        "Susun rencana tindak lanjut bersama atasan.",
        "Laporkan kendala lebih awal agar dapat dibantu.",
        "Perlu pendampingan pada bulan berikutnya.",
        "Prioritaskan penyelesaian pekerjaan yang tertunda.",
        "Ikuti bimbingan teknis yang dijadwalkan.",
    ),
}
PERILAKU_TEMPLAT = {
    R.DI_ATAS: (
        "Menonjol dalam hal {p}; menjadi teladan bagi rekan kerja.",
        "Sangat baik: {p}, bahkan di luar tugas pokoknya.",
        "Konsisten {p} dan mendorong rekan melakukan hal yang sama.",
    ),
    R.SESUAI: (
        "Sudah {p} sesuai ekspektasi.",
        "Cukup konsisten {p}.",
        "{P} dalam keseharian; pertahankan.",
        "Tidak ada catatan; {p} sesuai harapan.",
    ),
    R.DI_BAWAH: (
        "Perlu ditingkatkan: {p}.",
        "Belum konsisten {p}; akan dibahas dalam pembinaan.",
        "Ada catatan dari rekan kerja soal {p}.",
    ),
}
ALASAN_DEVIASI = {
    ("hasil", +1): (
        "Ada penugasan tambahan dari pimpinan yang diselesaikan dengan sangat baik dan tidak "
        "tercermin dalam indikator.",
        "Kualitas keluaran jauh melampaui ukuran kuantitatifnya; diapresiasi oleh pengguna "
        "layanan.",
    ),
    ("hasil", -1): (
        "Jumlah keluaran tercapai, tetapi beberapa dokumen harus diperbaiki berulang kali.",
        "Sebagian keluaran diserahkan setelah batas waktu yang disepakati.",
    ),
    ("perilaku", +1): (
        "Menggerakkan tim menyelesaikan pekerjaan mendesak di luar jam kerja.",
        "Berinisiatif membimbing pegawai baru sepanjang bulan ini.",
    ),
    ("perilaku", -1): (
        "Beberapa kali tidak hadir rapat koordinasi tanpa pemberitahuan.",
        "Terdapat keluhan pengguna layanan yang sudah dikonfirmasi.",
    ),
}
BUKTI = (
    "Laporan bulanan {periode}",
    "Rekap keluaran {periode} dari aplikasi unit",
    "Daftar hadir dan notula kegiatan {periode}",
    "Berita acara serah terima hasil pekerjaan {periode}",
    "Tangkapan layar sistem informasi unit, {periode}",
)
BUKTI_KOREKSI = (
    "Dikoreksi: sebagian keluaran belum dicatat sebagai aktivitas; lihat laporan {periode}",
    "Dikoreksi sesuai berita acara {periode}",
)
ALASAN_ORGANISASI = {
    Org.ISTIMEWA: "Capaian indikator kinerja utama {periode} {capaian}% dari target; seluruh "
    "sasaran strategis tercapai.",
    Org.BAIK: "Capaian indikator kinerja utama {periode} {capaian}% dari target.",
    Org.BUTUH_PERBAIKAN: "Capaian indikator kinerja utama {periode} baru {capaian}% dari "
    "target; beberapa kegiatan tertunda.",
}
CAPAIAN_ORGANISASI = {Org.ISTIMEWA: (104, 115), Org.BAIK: (90, 103), Org.BUTUH_PERBAIKAN: (70, 89)}
KEBERATAN = (
    "Target triwulan dialihkan ke kegiatan lain atas perintah pimpinan, sehingga capaian saya "
    "tidak dapat dinilai dengan target semula.",
    "Bukti dukung kegiatan sudah saya unggah tetapi belum dipertimbangkan dalam penilaian.",
)
KEPUTUSAN = (
    "Bukti dukung yang dilampirkan sah; penugasan dari pimpinan mengubah target periode, "
    "sehingga Rating Hasil Kerja menjadi Sesuai Ekspektasi."
)


# --- the region ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Skp:
    pk: int
    employee_id: int
    unit_id: int
    opd_id: int | None
    heads_opd: bool  # the head of the OPD, whose Rating Hasil Kerja follows its predikat
    penilai_id: int | None
    identitas: Any  # prepared for the database, shared by all the SKP's evaluations
    indicators: list[tuple[int, str, str]] = field(default_factory=list)  # pk, aspek, satuan
    standing: float = 0.0  # how well the employee works, month after month


@dataclass(eq=False, slots=True)
class _Plan:
    skp: _Skp
    periode_ke: int
    status: str
    draft: str = ""  # "kosong" or "hasil" for a draft
    predikat: str = ""
    hasil: str = ""
    perilaku: str = ""
    saran_hasil: str = ""
    saran_perilaku: str = ""
    alasan_hasil: str = ""
    alasan_perilaku: str = ""
    objection: str = ""  # "diajukan" or "diputus"


@dataclass
class _Region:
    skps: list[_Skp]
    population: Counter[int | None]  # approved SKPs per OPD
    head_user_of_opd: dict[int, int | None]  # who sets each OPD's predikat
    demo_atasan: int | None


# Reads here are single-table queries joined in memory, by chunks of ids. Right after a flush
# PostgreSQL may hold statistics of empty tables while this transaction has filled them, and a
# join of indicators to RHK then got a nested-loop plan that ran for many minutes.
CHUNK = 5000


def _load_region(instansi_id: int, period: PerformancePeriod, today: dt.date) -> _Region:
    unit_rows = {u.pk: u for u in Unit.objects.filter(instansi_id=instansi_id)}
    units = {pk: (u.parent_id, u.jenis) for pk, u in unit_rows.items()}
    positions = {p.pk: p for p in Position.objects.filter(instansi_id=instansi_id)}
    for position in positions.values():
        position.unit = unit_rows[position.unit_id]
    employees = {e.pk: e for e in Employee.objects.filter(instansi_id=instansi_id)}
    seat_of, in_charge = seats_and_holders(instansi_id, today)
    reports_to = {pk: p.reports_to_id for pk, p in positions.items()}
    penilai = penilai_seats_from(seat_of, in_charge, reports_to)
    prepare = Evaluation._meta.get_field("identitas").get_db_prep_save
    skps: list[_Skp] = []
    by_pk: dict[int, _Skp] = {}
    rows = (
        Skp.objects.filter(period=period, status=StatusSkp.DISETUJUI)
        .order_by("pk")
        .values_list("pk", "employee_id", "position_id", "unit_id")
    )
    for pk, employee_id, position_id, unit_id in rows:
        position = positions[position_id]
        opd = opd_id_of(unit_id, units)
        above = penilai.get(employee_id)
        snapshot = {
            "pegawai": identity(employees[employee_id], position),
            "penilai": identity(employees[above[0]], positions[above[1]]) if above else {},
        }
        skp = _Skp(
            pk, employee_id, unit_id, opd, position.is_unit_head and unit_id == opd,
            above[0] if above else None, prepare(snapshot, connection),
        )  # fmt: skip
        skps.append(skp)
        by_pk[pk] = skp
    rhk: dict[int, tuple[int, int]] = {}  # rhk -> (skp, urutan)
    for chunk in chunked(list(by_pk), CHUNK):
        for pk, skp_id, urutan in (
            Rhk.objects.filter(skp_id__in=chunk).order_by().values_list("pk", "skp_id", "urutan")
        ):
            rhk[pk] = (skp_id, urutan)
    found = []
    for chunk in chunked(sorted(rhk), CHUNK):
        for rhk_id, pk, urutan, aspek, satuan in (
            Indikator.objects.filter(rhk_id__in=chunk)
            .order_by()
            .values_list("rhk_id", "pk", "urutan", "aspek", "satuan")
        ):
            skp_id, rhk_urutan = rhk[rhk_id]
            found.append((skp_id, rhk_urutan, urutan, pk, aspek, satuan))
    # The order `open_evaluation` gives the rows: RHK, then indicator, then id.
    for skp_id, _rhk_urutan, _urutan, pk, aspek, satuan in sorted(found):
        by_pk[skp_id].indicators.append((pk, aspek, satuan))
    head_user: dict[int, int | None] = {}
    admin = (
        RoleGrant.objects.filter(instansi_id=instansi_id, peran=Peran.ADMIN_BKPSDM)
        .order_by("id")
        .values_list("user_id", flat=True)
        .first()
    )
    for position in positions.values():
        if (
            position.is_unit_head
            and position.unit_id in units
            and position.unit.jenis in JENIS_UNIT_OPD
        ):
            head = in_charge.get(position.pk)
            above = penilai.get(head) if head is not None else None
            user = employees[above[0]].user_id if above else None
            head_user.setdefault(position.unit_id, user or admin)
    for unit_id, (_parent, jenis) in units.items():
        if jenis in JENIS_UNIT_OPD:
            head_user.setdefault(unit_id, admin)
    demo_seat = next((p.pk for p in positions.values() if p.kode == DEMO_PEGAWAI_KODE), None)
    demo_pegawai = in_charge.get(demo_seat) if demo_seat is not None else None
    demo_atasan = penilai[demo_pegawai][0] if demo_pegawai in penilai else None
    population = Counter(skp.opd_id for skp in skps)
    return _Region(skps, population, head_user, demo_atasan)


# --- periods and the organisational predikat ---------------------------------------------------


@dataclass(frozen=True)
class _Period:
    periode_ke: int
    months: tuple[int, ...]
    last_day: dt.date
    label: str


def _ended_periods(period: PerformancePeriod, today: dt.date) -> list[_Period]:
    """The evaluation periods of the year (months or quarters) that ended before ``today``."""
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    length = 12 // per_year
    found = []
    for periode_ke in range(1, per_year + 1):
        months = tuple(range((periode_ke - 1) * length + 1, periode_ke * length + 1))
        last = dt.date(period.tahun, months[-1], calendar.monthrange(period.tahun, months[-1])[1])
        if last >= today:
            break
        label = (
            f"{BULAN[months[0] - 1]} {period.tahun}"
            if length == 1
            else f"Triwulan {TRIWULAN[periode_ke - 1]} {period.tahun}"
        )
        found.append(_Period(periode_ke, months, last, label))
    return found


def _organisation_predikat(
    opd_ids: list[int], periods: list[_Period], rng: random.Random
) -> dict[tuple[int, int], Org]:
    """Each OPD's predikat per period: its usual level, now and then one step away."""
    ladder = (Org.ISTIMEWA, Org.BAIK, Org.BUTUH_PERBAIKAN)
    found = {}
    for opd in opd_ids:
        draw = rng.random()
        usual = 0 if draw < 0.12 else (1 if draw < 0.9 else 2)
        for p in periods:
            level = usual
            if rng.random() < 0.12:
                level = min(2, max(0, usual + rng.choice((-1, 1))))
            found[opd, p.periode_ke] = ladder[level]
    return found


# --- who gets which predikat ---------------------------------------------------------------

ORDER = (P.SANGAT_BAIK, P.BAIK, P.BUTUH_PERBAIKAN, P.KURANG, P.SANGAT_KURANG)
# Shares (low, high) of the people evaluated, per organisational predikat; Baik takes the rest.
SHARES: dict[Org | None, dict[P, tuple[float, float]]] = {
    Org.ISTIMEWA: {
        P.SANGAT_BAIK: (0.35, 0.6), P.BUTUH_PERBAIKAN: (0.0, 0.05), P.KURANG: (0.0, 0.02),
    },
    Org.BAIK: {
        P.SANGAT_BAIK: (0.18, 0.3), P.BUTUH_PERBAIKAN: (0.06, 0.12), P.KURANG: (0.0, 0.03),
        P.SANGAT_KURANG: (0.0, 0.006),
    },
    Org.BUTUH_PERBAIKAN: {
        P.SANGAT_BAIK: (0.0, 0.08), P.BUTUH_PERBAIKAN: (0.6, 0.7), P.KURANG: (0.02, 0.06),
    },
    None: {P.SANGAT_BAIK: (0.15, 0.3), P.BUTUH_PERBAIKAN: (0.05, 0.12), P.KURANG: (0.0, 0.03)},
}  # fmt: skip
# Shares that ignore the curve (Baik above 70 %, nobody needing improvement, ...).
OFF_CURVE: dict[P, tuple[float, float]] = {P.SANGAT_BAIK: (0.1, 0.2)}


def _quotas(
    org: Org | None, evaluated: int, population: int, rng: random.Random, *, off_curve: bool
) -> Counter[P]:
    """How many of the ``evaluated`` people get each predikat. Cut to the curve of ``org``
    (shares of the ``population``, as `rules.check_curve` counts them) unless ``off_curve``."""
    shares = OFF_CURVE if off_curve else SHARES[org]
    quota: Counter[P] = Counter()
    for kind, (low, high) in shares.items():
        quota[kind] = round(evaluated * rng.uniform(low, high))
    while sum(quota.values()) > evaluated:
        quota[max(quota, key=lambda k: quota[k])] -= 1
    quota[P.BAIK] = evaluated - sum(quota.values())
    if off_curve or org is None or evaluated < 3:
        return quota
    # Ceilings are of everyone with an approved SKP, as the report counts them; floors of the
    # people evaluated so far, so a period still in progress keeps a plausible spread.
    total = max(population, evaluated)
    if org == Org.ISTIMEWA:
        excess = quota[P.SANGAT_BAIK] - rules.whole_people(Decimal("0.70"), total)
        if excess > 0:
            quota[P.SANGAT_BAIK] -= excess
            quota[P.BAIK] += excess
    elif org == Org.BAIK:
        if quota[P.BUTUH_PERBAIKAN] + quota[P.KURANG] == 0:
            quota[P.BAIK] -= 1
            quota[P.BUTUH_PERBAIKAN] += 1
        excess = quota[P.BAIK] - rules.whole_people(Decimal("0.70"), total)
        if excess > 0:
            quota[P.BAIK] -= excess
            quota[P.SANGAT_BAIK] += excess
    elif org == Org.BUTUH_PERBAIKAN:
        excess = quota[P.SANGAT_BAIK] - rules.whole_people(Decimal("0.10"), total)
        if excess > 0:
            quota[P.SANGAT_BAIK] -= excess
            quota[P.BAIK] += excess
        short = rules.whole_people(Decimal("0.60"), evaluated) - quota[P.BUTUH_PERBAIKAN]
        moved = min(max(short, 0), quota[P.BAIK])
        quota[P.BAIK] -= moved
        quota[P.BUTUH_PERBAIKAN] += moved
    return quota


# The cells of the matrix that give each predikat, with how often a penilai lands in each.
CELLS: dict[P, tuple[tuple[tuple[R, R], ...], tuple[float, ...]]] = {
    P.SANGAT_BAIK: (((R.DI_ATAS, R.DI_ATAS),), (1,)),
    P.BAIK: (
        ((R.SESUAI, R.SESUAI), (R.SESUAI, R.DI_ATAS), (R.DI_ATAS, R.SESUAI)),
        (0.75, 0.15, 0.1),
    ),
    P.BUTUH_PERBAIKAN: (((R.DI_BAWAH, R.SESUAI), (R.DI_BAWAH, R.DI_ATAS)), (0.85, 0.15)),
    P.KURANG: (((R.SESUAI, R.DI_BAWAH), (R.DI_ATAS, R.DI_BAWAH)), (0.8, 0.2)),
    P.SANGAT_KURANG: (((R.DI_BAWAH, R.DI_BAWAH),), (1,)),
}


def _head_predikat(org: Org, rng: random.Random) -> P:
    """The OPD head's predikat: Rating Hasil Kerja is the organisation's, perilaku is free."""
    if org == Org.ISTIMEWA:
        return P.SANGAT_BAIK if rng.random() < 0.7 else P.BAIK
    if org == Org.BAIK:
        return P.BAIK
    return P.BUTUH_PERBAIKAN


def _ratings(plan: _Plan, predikat: P, required: R | None, rng: random.Random) -> None:
    """The chosen ratings for ``predikat``, the suggestion (the same, or one step away with
    a reason) and the predikat of the matrix."""
    cells, weights = CELLS[predikat]
    if required is not None:
        kept = [(c, w) for c, w in zip(cells, weights, strict=True) if c[0] == required]
        if not kept:  # cannot happen with `_head_predikat`; keep the matrix honest anyway
            kept = [((required, p), 1.0) for p in R if rules.predikat(required, p) == predikat]
        cells, weights = tuple(c for c, _ in kept), tuple(w for _, w in kept)
    hasil, perilaku = cells[0] if len(cells) == 1 else rng.choices(cells, weights)[0]
    plan.hasil, plan.perilaku = hasil.value, perilaku.value
    plan.predikat = rules.predikat(hasil, perilaku).value
    plan.saran_hasil, plan.saran_perilaku = hasil.value, perilaku.value
    if not plan.skp.indicators and required is None:
        plan.saran_hasil = ""  # no feedback on results to suggest from
    elif required is None and rng.random() < SHARE_DEVIATION:
        plan.saran_hasil, plan.alasan_hasil = _deviation("hasil", hasil, rng)
    if rng.random() < SHARE_DEVIATION:
        plan.saran_perilaku, plan.alasan_perilaku = _deviation("perilaku", perilaku, rng)


STEP = {R.DI_BAWAH: 1, R.SESUAI: 2, R.DI_ATAS: 3}
OF_STEP = {score: rating for rating, score in STEP.items()}
VALUE_OF_STEP = {score: rating.value for score, rating in OF_STEP.items()}


def _deviation(aspect: str, chosen: R, rng: random.Random) -> tuple[str, str]:
    """A suggestion one step from the chosen rating, and the penilai's reason for the step."""
    score = STEP[chosen]
    suggested = score + rng.choice((-1, 1)) if score == 2 else 2
    direction = 1 if score > suggested else -1
    return OF_STEP[suggested].value, rng.choice(ALASAN_DEVIASI[aspect, direction])


# --- the plans -----------------------------------------------------------------------------


def _plan_evaluations(
    region: _Region, periods: list[_Period], org_of: dict[tuple[int, int], Org],
    rng: random.Random,
) -> list[_Plan]:  # fmt: skip
    for skp in region.skps:
        skp.standing = rng.gauss(0, 1)
    penilai_ids = sorted({s.penilai_id for s in region.skps if s.penilai_id is not None})
    late = {pk for pk in penilai_ids if rng.random() < SHARE_LATE_PENILAI}
    if region.demo_atasan is not None:
        late.add(region.demo_atasan)
    plans: list[_Plan] = []
    recent = periods[-1].periode_ke
    for p in periods:
        groups: dict[int | None, list[_Plan]] = defaultdict(list)
        for skp in region.skps:
            if skp.penilai_id is None:
                continue  # nobody to evaluate them
            if p.periode_ke == recent and skp.penilai_id in late:
                draw = rng.random()
                if draw < LATE_SHARES[0]:
                    continue  # not opened yet
                draft = "kosong" if draw < LATE_SHARES[0] + LATE_SHARES[1] else "hasil"
                plan = _Plan(skp, p.periode_ke, StatusEvaluasi.DRAF, draft=draft)
                if draft == "hasil" and skp.indicators:
                    hasil = rng.choices((R.DI_ATAS, R.SESUAI, R.DI_BAWAH), (0.2, 0.7, 0.1))[0]
                    plan.saran_hasil = hasil.value
                plans.append(plan)
                continue
            accepted = SHARE_ACCEPTED_RECENT if p.periode_ke == recent else SHARE_ACCEPTED
            status = StatusEvaluasi.DITERIMA if rng.random() < accepted else None
            plan = _Plan(skp, p.periode_ke, status or StatusEvaluasi.DITETAPKAN)
            groups[skp.opd_id].append(plan)
            plans.append(plan)
        for opd_id in sorted(groups, key=lambda k: (k is None, k or 0)):
            _assign_predikat(
                groups[opd_id], org_of.get((opd_id, p.periode_ke)) if opd_id else None,
                region.population[opd_id], rng,
            )  # fmt: skip
    return plans


def _assign_predikat(
    members: list[_Plan], org: Org | None, population: int, rng: random.Random
) -> None:
    """Cut the group to its quotas: the head first (their Rating Hasil Kerja is the
    organisation's), then the others by their standing this period, best first."""
    off_curve = org is not None and rng.random() < SHARE_OFF_CURVE
    quota = _quotas(org, len(members), population, rng, off_curve=off_curve)
    required = rules.head_rating(org) if org is not None else None
    rest = []
    for plan in members:
        if plan.skp.heads_opd and org is not None:
            kind = _head_predikat(org, rng)
            taken = kind if quota[kind] > 0 else max(quota, key=lambda k: quota[k])
            quota[taken] -= 1
            _ratings(plan, kind, required, rng)
        else:
            rest.append(plan)
    scored = sorted(rest, key=lambda plan: plan.skp.standing + rng.gauss(0, 0.6), reverse=True)
    tokens = [kind for kind in ORDER for _ in range(max(quota[kind], 0))]
    for plan, kind in zip(scored, tokens, strict=False):
        _ratings(plan, kind, None, rng)


def _pick_objections(plans: list[_Plan], region: _Region, periods: list[_Period],
                     rng: random.Random) -> list[_Plan]:  # fmt: skip
    """One keberatan still waiting (against an evaluation of the demo atasan's staff when one
    fits) and one decided, both against a low predikat of a period before the most recent."""
    recent = periods[-1].periode_ke
    low = (P.BUTUH_PERBAIKAN, P.KURANG)
    candidates = [
        plan for plan in plans
        if plan.status != StatusEvaluasi.DRAF and plan.predikat in low
        and plan.periode_ke < recent and not plan.skp.heads_opd
    ]  # fmt: skip
    if not candidates:
        return []
    latest = max(plan.periode_ke for plan in candidates)
    waiting_pool = [
        plan for plan in candidates
        if plan.periode_ke == latest and plan.skp.penilai_id == region.demo_atasan
    ] or [plan for plan in candidates if plan.periode_ke == latest]  # fmt: skip
    waiting = rng.choice(waiting_pool)
    waiting.objection, waiting.status = StatusKeberatan.DIAJUKAN, StatusEvaluasi.KEBERATAN
    # Upholding the objection turns Butuh Perbaikan into Baik: only where another low predikat
    # stays, so an OPD rated Baik keeps somebody needing improvement.
    lows = Counter((plan.skp.opd_id, plan.periode_ke) for plan in candidates)
    decided_pool = [
        plan for plan in candidates
        if plan is not waiting and plan.predikat == P.BUTUH_PERBAIKAN
        and plan.skp.employee_id != waiting.skp.employee_id
        and lows[plan.skp.opd_id, plan.periode_ke] >= 2
    ]  # fmt: skip
    chosen = [waiting]
    if decided_pool:
        decided = rng.choice(decided_pool)
        decided.objection, decided.status = "diputus", StatusEvaluasi.DIPUTUS
        chosen.append(decided)
    return chosen


# --- writing -------------------------------------------------------------------------------

EVALUATION_COLUMNS = (
    "instansi_id", "skp_id", "employee_id", "penilai_id", "jenis", "periode_ke", "status",
    "saran_hasil", "saran_perilaku", "rating_hasil", "rating_perilaku", "alasan_hasil",
    "alasan_perilaku", "predikat", "identitas", "ditetapkan_at", "diterima_at", "created_at",
    "updated_at",
)  # fmt: skip
RESULT_COLUMNS = (
    "evaluation_id", "indikator_id", "target", "realisasi_aktivitas", "realisasi", "bukti",
    "umpan_balik", "rating",
)  # fmt: skip
BEHAVIOUR_COLUMNS = ("evaluation_id", "nilai", "umpan_balik", "rating")
PERCENT = frozenset({"%", "persen"})
ZERO = Decimal(0)


def _spread(rng: random.Random, count: int, rating: str) -> list[str]:
    """Feedback on ``count`` items whose rounded mean (`rules.suggest_rating`) is ``rating``:
    mostly that rating, some a step either side."""
    score = STEP[rating]  # a StrEnum member and its value are the same key
    draw = rng.random
    scores = [
        min(3, max(1, score + (1 if draw() < 0.5 else -1))) if draw() < 0.3 else score
        for _ in range(count)
    ]
    total = sum(scores)
    # Rounded half up, the mean is `score` while score - 1/2 <= mean < score + 1/2.
    while not (2 * total >= (2 * score - 1) * count and 2 * total < (2 * score + 1) * count):
        index = next(i for i, s in enumerate(scores) if s != score)
        total += score - scores[index]
        scores[index] = score
    return [VALUE_OF_STEP[s] for s in scores]


def _realisasi(
    aspek: str, satuan: str, target: Decimal | None, rating: str, rng: random.Random
) -> Decimal | None:
    """What the penilai records for an indicator rated ``rating`` against its target."""
    if target is None:
        return None
    t = float(target)
    if aspek == Aspek.WAKTU:  # months to finish: fewer is better
        step = {R.DI_ATAS: -1, R.SESUAI: 0, R.DI_BAWAH: 1}[rating]
        return Decimal(max(1, round(t) + step))
    if aspek == Aspek.KUALITAS:
        low, high = {R.DI_ATAS: (2, 8), R.SESUAI: (0, 2), R.DI_BAWAH: (-15, -5)}[rating]
        value = t + rng.uniform(low, high)
        if satuan in PERCENT:
            value = min(100.0, value)
        return Decimal(max(0, round(value)))
    low, high = {R.DI_ATAS: (1.1, 1.4), R.SESUAI: (0.97, 1.05), R.DI_BAWAH: (0.5, 0.85)}[rating]
    value = round(t * rng.uniform(low, high))
    if rating == R.DI_ATAS:
        value = max(value, math.floor(t) + 1)  # small targets: above means at least one more
    elif rating == R.DI_BAWAH:
        value = min(value, math.ceil(t) - 1)
    return Decimal(max(0, value))


def _pick(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    """`rng.choice` at a fraction of its cost: it runs for every one of 800,000 rows."""
    return items[int(rng.random() * len(items))]


def _days(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _datetime_adapter() -> Any:
    """`adapt_datetimefield_value` of the database, without its per-call checks on SQLite
    (a quarter of a million timestamps): naive UTC text, as Django stores it there."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value

    def adapt(value: dt.datetime) -> str:
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))

    return adapt


class _Writer:
    def __init__(self, instansi_id: int, period: PerformancePeriod, rng: random.Random) -> None:
        self.instansi_id = instansi_id
        self.period = period
        self.rng = rng
        self.now = timezone.now()
        self.adapt = _datetime_adapter()
        self.targets: dict[tuple[int, int], Decimal] = {}
        self.realised: dict[tuple[int, int], Decimal] = {}
        self.result_texts = {
            r: [f"{a} {b}".strip() for a in HASIL_PEMBUKA[r] for b in HASIL_SARAN[r]] for r in R
        }
        self.behaviour_texts = {
            (nilai, r): [
                template.replace("{p}", guide[:1].lower() + guide[1:]).replace("{P}", guide)
                for template in PERILAKU_TEMPLAT[r]
                for guide in guides
            ]
            for nilai, (_name, guides) in enumerate(BERAKHLAK, start=1)
            for r in R
        }
        self.ids: dict[int, int] = {}  # id(plan) of an objection -> evaluation id
        # A draft has no identities yet: `set_ratings` records them.
        self.no_identity = Evaluation._meta.get_field("identitas").get_db_prep_save({}, connection)

    def load(self, skps: list[_Skp], periods: list[_Period]) -> None:
        """Targets of the periods and the approved output of their months, per indicator."""
        last = periods[-1]
        indicators = sorted(pk for s in skps for pk, _aspek, _satuan in s.indicators)
        for chunk in chunked(indicators, CHUNK):
            # No ordering: the model's default joins up to the employee, which PostgreSQL
            # plans badly for a long IN list.
            rows = (
                PeriodTarget.objects.filter(indikator_id__in=chunk, periode_ke__lte=last.periode_ke)
                .order_by()
                .values_list("indikator_id", "periode_ke", "target")
            )
            self.targets.update(((i, k), target) for i, k, target in rows)
        period_of_month = {m: p.periode_ke for p in periods for m in p.months}
        realised: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        sums = (
            Activity.objects.filter(
                instansi_id=self.instansi_id, status=StatusAktivitas.DISETUJUI,
                indikator__isnull=False,
                tanggal__range=(dt.date(self.period.tahun, 1, 1), last.last_day),
            )
            .order_by()
            .annotate(bulan=ExtractMonth("tanggal"))
            .values_list("indikator_id", "bulan")
            .annotate(total=Sum("jumlah_output"))
        )  # fmt: skip
        for indikator, month, total in sums:
            realised[indikator, period_of_month[month]] += Decimal(total or 0)
        self.realised = dict(realised)

    def _moment(self, starts: list[dt.datetime], day: int) -> dt.datetime:
        minutes = int(self.rng.random() * 511)
        moment = starts[min(day, len(starts) - 1)] + dt.timedelta(minutes=minutes)
        return min(moment, self.now)

    def write_period(self, p: _Period, plans: list[_Plan]) -> tuple[int, int]:
        rng, adapt = self.rng, self.adapt
        first = p.last_day + dt.timedelta(days=1)
        starts = [
            timezone.make_aware(dt.datetime.combine(first + dt.timedelta(days=d), dt.time(7, 30)))
            for d in range(25)
        ]
        rows = []
        for plan in plans:
            opened_day = _days(rng, 0, 5)
            opened = self._moment(starts, opened_day)
            set_at = accepted = None
            updated = opened
            hasil, perilaku, predikat = plan.hasil, plan.perilaku, plan.predikat
            if plan.status != StatusEvaluasi.DRAF:
                set_day = opened_day + _days(rng, 1, 6)
                set_at = max(self._moment(starts, set_day), opened)
                updated = set_at
                if plan.status == StatusEvaluasi.DITERIMA:
                    accepted = max(self._moment(starts, set_day + _days(rng, 0, 5)), set_at)
                    updated = accepted
                elif plan.objection:
                    updated = max(self._moment(starts, set_day + _days(rng, 1, 4)), set_at)
                if plan.objection == "diputus":
                    hasil = R.SESUAI.value
                    predikat = rules.predikat(R(hasil), R(perilaku)).value
            elif plan.draft == "hasil":
                updated = max(self._moment(starts, opened_day + 1), opened)
            rows.append((
                self.instansi_id, plan.skp.pk, plan.skp.employee_id, plan.skp.penilai_id,
                JenisEvaluasi.PERIODIK.value, p.periode_ke, plan.status, plan.saran_hasil,
                plan.saran_perilaku, hasil, perilaku, plan.alasan_hasil, plan.alasan_perilaku,
                predikat, plan.skp.identitas if set_at else self.no_identity,
                adapt(set_at) if set_at else None, adapt(accepted) if accepted else None,
                adapt(opened), adapt(updated),
            ))  # fmt: skip
        # Written without RETURNING (COPY on PostgreSQL; binding 70,000 rows as arrays for
        # RETURNING took seconds there), then the ids read back by the unique (SKP, periode).
        insert_rows(Evaluation, EVALUATION_COLUMNS, rows)
        id_of = dict(
            Evaluation.objects.filter(
                instansi_id=self.instansi_id, jenis=JenisEvaluasi.PERIODIK,
                periode_ke=p.periode_ke,
            ).values_list("skp_id", "pk")
        )  # fmt: skip
        ids = [id_of[plan.skp.pk] for plan in plans]
        results: list[tuple[Any, ...]] = []
        behaviours: list[tuple[Any, ...]] = []
        for plan, evaluation_id in zip(plans, ids, strict=True):
            if plan.objection:
                self.ids[id(plan)] = evaluation_id
            results += self._results(plan, evaluation_id, p)
            behaviours += self._behaviours(plan, evaluation_id)
        insert_rows(EvaluationResult, RESULT_COLUMNS, results)
        insert_rows(EvaluationBehaviour, BEHAVIOUR_COLUMNS, behaviours)
        return len(results), len(behaviours)

    def _results(self, plan: _Plan, evaluation_id: int, p: _Period) -> list[tuple[Any, ...]]:
        rng, k = self.rng, p.periode_ke
        indicators = plan.skp.indicators
        ratings = (
            _spread(rng, len(indicators), plan.saran_hasil)
            if plan.saran_hasil and indicators
            else [""] * len(indicators)
        )
        rows = []
        for (indikator, aspek, satuan), rating in zip(indicators, ratings, strict=True):
            target = self.targets.get((indikator, k))
            from_activities = self.realised.get((indikator, k), ZERO)
            realisasi: Decimal | None = from_activities
            bukti = text = ""
            if rating:
                text = _pick(rng, self.result_texts[rating])
                if not (from_activities and rng.random() < 0.8):
                    realisasi = _realisasi(aspek, satuan, target, rating, rng)
                    if realisasi is None:
                        realisasi = from_activities
                    elif realisasi != from_activities:
                        bank = BUKTI_KOREKSI if from_activities else BUKTI
                        bukti = _pick(rng, bank).format(periode=p.label)
            rows.append(
                (evaluation_id, indikator, target, from_activities, realisasi, bukti, text, rating)
            )
        return rows

    def _behaviours(self, plan: _Plan, evaluation_id: int) -> list[tuple[Any, ...]]:
        if plan.status == StatusEvaluasi.DRAF or not plan.saran_perilaku:
            return [(evaluation_id, nilai, "", "") for nilai in range(1, 8)]
        ratings = _spread(self.rng, 7, plan.saran_perilaku)
        return [
            (evaluation_id, nilai, _pick(self.rng, self.behaviour_texts[nilai, rating]), rating)
            for nilai, rating in enumerate(ratings, start=1)
        ]

    def write_objections(self, chosen: list[_Plan], today: dt.date) -> list[str]:
        """The keberatan rows, with the atasan pejabat penilai as the one who decided."""
        rows = []
        statuses = []
        for plan in chosen:
            evaluation = Evaluation.objects.select_related("employee").get(pk=self.ids[id(plan)])
            filed = evaluation.updated_at
            row: dict[str, Any] = {
                "instansi_id": self.instansi_id, "evaluation_id": evaluation.pk,
                "alasan": self.rng.choice(KEBERATAN), "status": StatusKeberatan.DIAJUKAN.value,
                "pemutus_id": None, "alasan_keputusan": "", "predikat_semula": plan.predikat,
                "predikat_akhir": "", "diajukan_at": self.adapt(filed), "diputus_at": None,
            }  # fmt: skip
            if plan.objection == "diputus":
                atasan = hierarchy.atasan_pejabat_penilai(evaluation.employee, today)
                decided = min(filed + dt.timedelta(days=self.rng.randint(3, 9)), self.now)
                row.update(
                    status=StatusKeberatan.DIUBAH.value,
                    pemutus_id=atasan.employee.pk if atasan else None,
                    alasan_keputusan=KEPUTUSAN, predikat_akhir=evaluation.predikat,
                    diputus_at=self.adapt(decided),
                )  # fmt: skip
                Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=decided)
            rows.append(tuple(row[column] for column in OBJECTION_COLUMNS))
            statuses.append(row["status"])
        if rows:
            insert_rows(Objection, OBJECTION_COLUMNS, rows)
        return statuses

    def write_unit_predikat(
        self, org_of: dict[tuple[int, int], Org], periods: list[_Period], region: _Region
    ) -> int:
        rows = []
        for p in periods:
            first = p.last_day + dt.timedelta(days=1)
            start = timezone.make_aware(dt.datetime.combine(first, dt.time(8, 0)))
            for (opd, periode_ke), org in sorted(org_of.items()):
                if periode_ke != p.periode_ke:
                    continue
                low, high = CAPAIAN_ORGANISASI[org]
                alasan = ALASAN_ORGANISASI[org].format(
                    periode=p.label, capaian=self.rng.randint(low, high)
                )
                moment = min(start + dt.timedelta(minutes=self.rng.randint(0, 2 * 24 * 60)),
                             self.now)  # fmt: skip
                rows.append((
                    self.instansi_id, opd, self.period.pk, periode_ke, org.value, alasan,
                    region.head_user_of_opd.get(opd), self.adapt(moment),
                ))  # fmt: skip
        insert_rows(UnitPredikat, UNIT_PREDIKAT_COLUMNS, rows)
        return len(rows)


OBJECTION_COLUMNS = (
    "instansi_id", "evaluation_id", "alasan", "status", "pemutus_id", "alasan_keputusan",
    "predikat_semula", "predikat_akhir", "diajukan_at", "diputus_at",
)  # fmt: skip
UNIT_PREDIKAT_COLUMNS = (
    "instansi_id", "unit_id", "period_id", "periode_ke", "predikat", "alasan",
    "ditetapkan_oleh_id", "updated_at",
)  # fmt: skip


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Evaluate the ended periods of the demo year for a fresh demo region; returns a summary."""
    rng = random.Random(seed + 6)
    instansi_id = result.instansi.pk
    period = PerformancePeriod.objects.filter(instansi_id=instansi_id, tahun=today.year).first()
    if period is None:
        return ""
    periods = _ended_periods(period, today)
    if not periods:
        return f"Evaluasi   : belum ada periode {period.tahun} yang berakhir"
    region = _load_region(instansi_id, period, today)
    opd_ids = sorted(opd for opd in region.head_user_of_opd)
    org_of = _organisation_predikat(opd_ids, periods, rng)
    plans = _plan_evaluations(region, periods, org_of, rng)
    chosen = _pick_objections(plans, region, periods, rng)
    writer = _Writer(instansi_id, period, rng)
    writer.load(region.skps, periods)
    by_period: dict[int, list[_Plan]] = defaultdict(list)
    for plan in plans:
        by_period[plan.periode_ke].append(plan)
    results = behaviours = 0
    for p in periods:
        added = writer.write_period(p, by_period[p.periode_ke])
        results, behaviours = results + added[0], behaviours + added[1]
    objections = writer.write_objections(chosen, today)
    units = writer.write_unit_predikat(org_of, periods, region)
    statuses = Counter(plan.status for plan in plans)
    predikat = Counter(
        plan.predikat if plan.objection != "diputus" else P.BAIK.value
        for plan in plans
        if plan.predikat
    )
    span = periods[0].label if len(periods) == 1 else f"{periods[0].label}–{periods[-1].label}"
    record_audit_event(
        actor=None, action="seed_demo_appraisal", obj=period, instansi_id=instansi_id,
        summary=f"Data demo evaluasi {span}: {len(plans)} evaluasi, seed {seed}",
        data={
            "seed": seed, "periode": [p.periode_ke for p in periods], "evaluasi": len(plans),
            "hasil_kerja": results, "perilaku": behaviours,
            "status": dict(sorted(statuses.items())), "predikat": dict(sorted(predikat.items())),
            "keberatan": objections, "predikat_organisasi": units,
        },
    )  # fmt: skip
    detail = ", ".join(f"{StatusEvaluasi(s).label} {n}" for s, n in sorted(statuses.items()))
    return (
        f"Evaluasi   : {len(plans)} evaluasi {span} ({detail}); {len(objections)} keberatan; "
        f"predikat organisasi {len(opd_ids)} OPD"
    )
