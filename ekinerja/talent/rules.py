"""The talent map of the merit system (manajemen talenta ASN), pure.

- potensi: a score 0-100 from an employee's competence records (highest education, training
  hours of the year against the yearly target, the latest competency assessment), weighted by
  the region's policy, and its level (rendah, menengah, tinggi) by the policy's thresholds.
  No national formula for this score was found (domain.md is silent on it), so the weights,
  thresholds, education scores and the yearly training target are all data (`PotensiPolicy`,
  stored per region as `TalentPolicy`); the values below are only the defaults.
- kinerja: the level from the employee's predikat of the year (Sangat Baik -> tinggi, Baik ->
  menengah, the rest -> rendah: the three columns "di atas / sesuai / di bawah ekspektasi"),
  and which evaluation of the year gives that predikat (the annual one, else the latest
  periodic one).
- the 9-box cell of kinerja against potensi, with its number.

Plain values in and out; no Django, so every cell and edge is tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ekinerja.appraisal.rules import Predikat

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Level(StrEnum):
    RENDAH = "rendah"
    MENENGAH = "menengah"
    TINGGI = "tinggi"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {Level.RENDAH: "Rendah", Level.MENENGAH: "Menengah", Level.TINGGI: "Tinggi"}
LEVELS_ASCENDING = (Level.RENDAH, Level.MENENGAH, Level.TINGGI)


# --- education --------------------------------------------------------------------------------


class Jenjang(StrEnum):
    """Jenjang pendidikan formal, lowest first (the declaration order is the ranking)."""

    SD = "sd"
    SMP = "smp"
    SMA = "sma"
    D1 = "d1"
    D2 = "d2"
    D3 = "d3"
    D4 = "d4"
    S1 = "s1"
    S2 = "s2"
    S3 = "s3"

    @property
    def label(self) -> str:
        return JENJANG_LABELS[self]


JENJANG_LABELS = {
    Jenjang.SD: "SD/sederajat",
    Jenjang.SMP: "SMP/sederajat",
    Jenjang.SMA: "SMA/SMK/sederajat",
    Jenjang.D1: "D-I",
    Jenjang.D2: "D-II",
    Jenjang.D3: "D-III",
    Jenjang.D4: "D-IV",
    Jenjang.S1: "S-1",
    Jenjang.S2: "S-2",
    Jenjang.S3: "S-3",
}
JENJANG_RANK = {jenjang: rank for rank, jenjang in enumerate(Jenjang)}

# Default score of each highest jenjang (regional choice, [U]: no national table was found).
# D-IV sits with S-1, as both are the same level (KKNI 6) for ASN appointments.
DEFAULT_SKOR_PENDIDIKAN: Mapping[Jenjang, int] = {
    Jenjang.SD: 10,
    Jenjang.SMP: 20,
    Jenjang.SMA: 40,
    Jenjang.D1: 45,
    Jenjang.D2: 50,
    Jenjang.D3: 60,
    Jenjang.D4: 75,
    Jenjang.S1: 75,
    Jenjang.S2: 90,
    Jenjang.S3: 100,
}


def highest_jenjang(values: Iterable[str]) -> Jenjang | None:
    """The highest of the given jenjang codes; None when there is none."""
    found = [Jenjang(value) for value in values]
    return max(found, key=JENJANG_RANK.__getitem__) if found else None


# --- the policy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PotensiPolicy:
    """How potensi is computed. Weights are whole percentages adding up to 100; a score at or
    above ``batas_tinggi`` is tinggi, at or above ``batas_menengah`` menengah, else rendah.

    ``target_jp`` is the training hours (jam pelajaran) a year that earn the full training
    score: 20 JP by default, the yearly minimum of competence development commonly cited from
    PP 11/2017 as amended by PP 17/2020 (not in domain.md, so [U] and a regional value)."""

    bobot_pendidikan: int = 30
    bobot_diklat: int = 20
    bobot_asesmen: int = 50
    batas_menengah: Decimal = Decimal(60)
    batas_tinggi: Decimal = Decimal(80)
    target_jp: int = 20
    skor_pendidikan: Mapping[str, int] = field(
        default_factory=lambda: {str(k): v for k, v in DEFAULT_SKOR_PENDIDIKAN.items()}
    )


def policy_errors(policy: PotensiPolicy) -> dict[str, str]:
    """Field -> Indonesian message for every rule the policy breaks; empty when usable."""
    errors: dict[str, str] = {}
    weights = {
        "bobot_pendidikan": policy.bobot_pendidikan,
        "bobot_diklat": policy.bobot_diklat,
        "bobot_asesmen": policy.bobot_asesmen,
    }
    for name, value in weights.items():
        if not 0 <= value <= 100:
            errors[name] = f"Bobot harus 0 sampai 100, bukan {value}."
    if not errors and sum(weights.values()) != 100:
        errors["bobot_asesmen"] = (
            f"Jumlah bobot pendidikan, diklat dan asesmen harus 100, bukan {sum(weights.values())}."
        )
    if not 0 < policy.batas_menengah < HUNDRED:
        errors["batas_menengah"] = "Batas potensi menengah harus lebih dari 0 dan kurang dari 100."
    elif not policy.batas_menengah < policy.batas_tinggi <= HUNDRED:
        errors["batas_tinggi"] = (
            "Batas potensi tinggi harus lebih dari batas menengah dan paling tinggi 100."
        )
    if policy.target_jp < 1:
        errors["target_jp"] = "Target jam pelajaran setahun paling sedikit 1 JP."
    unknown = sorted(set(policy.skor_pendidikan) - {str(j) for j in Jenjang})
    bad = sorted(k for k, v in policy.skor_pendidikan.items() if not _is_score(v))
    if unknown:
        errors["skor_pendidikan"] = "Jenjang tidak dikenal: " + ", ".join(unknown) + "."
    elif bad:
        errors["skor_pendidikan"] = (
            "Skor pendidikan harus bilangan bulat 0 sampai 100 (jenjang " + ", ".join(bad) + ")."
        )
    return errors


def _is_score(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100


# --- potensi ----------------------------------------------------------------------------------


class Komponen(StrEnum):
    PENDIDIKAN = "pendidikan"
    DIKLAT = "diklat"
    ASESMEN = "asesmen"

    @property
    def label(self) -> str:
        return KOMPONEN_LABELS[self]


KOMPONEN_LABELS = {
    Komponen.PENDIDIKAN: "pendidikan",
    Komponen.DIKLAT: "diklat",
    Komponen.ASESMEN: "penilaian kompetensi",
}


@dataclass(frozen=True)
class CompetenceFacts:
    """What the records say for one employee and year."""

    pendidikan: Jenjang | None = None  # the highest jenjang completed by the year
    jam_pelajaran: int = 0  # training hours completed in the year
    nilai_asesmen: Decimal | None = None  # the latest assessment up to the year's end, 0-100


@dataclass(frozen=True)
class Potensi:
    skor: Decimal
    level: Level
    skor_pendidikan: Decimal
    skor_diklat: Decimal
    skor_asesmen: Decimal
    # Components without any record: they count as 0, and the page says so.
    tanpa_data: tuple[Komponen, ...] = ()

    @property
    def lengkap(self) -> bool:
        return not self.tanpa_data


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def training_score(jam_pelajaran: int, target_jp: int) -> Decimal:
    """The share of the yearly target reached, as 0-100 (capped: more hours add nothing)."""
    if jam_pelajaran <= 0:
        return Decimal(0).quantize(CENT)
    return _cents(min(HUNDRED, Decimal(jam_pelajaran) * HUNDRED / Decimal(target_jp)))


def potensi_level(skor: Decimal, policy: PotensiPolicy) -> Level:
    if skor >= policy.batas_tinggi:
        return Level.TINGGI
    if skor >= policy.batas_menengah:
        return Level.MENENGAH
    return Level.RENDAH


def potensi(facts: CompetenceFacts, policy: PotensiPolicy) -> Potensi:
    """The weighted score (to two decimals, half up) and its level. A component without any
    record scores 0: potensi is what the records show, and missing records are listed."""
    pendidikan = (
        Decimal(policy.skor_pendidikan.get(str(facts.pendidikan), 0))
        if facts.pendidikan is not None
        else Decimal(0)
    )
    diklat = training_score(facts.jam_pelajaran, policy.target_jp)
    asesmen = facts.nilai_asesmen if facts.nilai_asesmen is not None else Decimal(0)
    if not 0 <= asesmen <= HUNDRED:
        raise ValueError(f"Nilai asesmen harus 0 sampai 100, bukan {asesmen}.")
    skor = _cents(
        (
            pendidikan * policy.bobot_pendidikan
            + diklat * policy.bobot_diklat
            + asesmen * policy.bobot_asesmen
        )
        / HUNDRED
    )
    missing = tuple(
        part
        for part, absent in (
            (Komponen.PENDIDIKAN, facts.pendidikan is None),
            (Komponen.DIKLAT, facts.jam_pelajaran <= 0),
            (Komponen.ASESMEN, facts.nilai_asesmen is None),
        )
        if absent
    )
    return Potensi(
        skor=skor,
        level=potensi_level(skor, policy),
        skor_pendidikan=_cents(pendidikan),
        skor_diklat=diklat,
        skor_asesmen=_cents(asesmen),
        tanpa_data=missing,
    )


# --- kinerja ----------------------------------------------------------------------------------

# The predikat's place on the kinerja axis: Sangat Baik is above expectation, Baik meets it,
# and Butuh Perbaikan, Kurang/Misconduct and Sangat Kurang fall below it. Sangat Baik needs both
# ratings Di Atas Ekspektasi and Baik at least Sesuai for both (domain.md 1.5), which is why
# this fold is used; the talent regulation names the axis by expectation, not by predikat.
KINERJA_OF_PREDIKAT: Mapping[Predikat, Level] = {
    Predikat.SANGAT_BAIK: Level.TINGGI,
    Predikat.BAIK: Level.MENENGAH,
    Predikat.BUTUH_PERBAIKAN: Level.RENDAH,
    Predikat.KURANG: Level.RENDAH,
    Predikat.SANGAT_KURANG: Level.RENDAH,
}
KINERJA_WORDS = {
    Level.RENDAH: "di bawah ekspektasi",
    Level.MENENGAH: "sesuai ekspektasi",
    Level.TINGGI: "di atas ekspektasi",
}


def kinerja_level(predikat: str) -> Level:
    return KINERJA_OF_PREDIKAT[Predikat(predikat)]


class Sumber(StrEnum):
    """The kind of evaluation a predikat comes from: the values of appraisal's JenisEvaluasi."""

    TAHUNAN = "tahunan"
    PERIODIK = "periodik"


@dataclass(frozen=True)
class SetEvaluation:
    """A set (not draft) evaluation of the year, as the talent map reads it."""

    jenis: Sumber
    periode_ke: int  # 0 for the annual evaluation
    predikat: Predikat
    urutan: int = 0  # a later row of the same period wins (the evaluation id)


def kinerja_evaluation(evaluations: Iterable[SetEvaluation]) -> SetEvaluation | None:
    """The evaluation whose predikat stands for the year: the annual one when it is set, else
    the set periodic evaluation of the latest period. None: the employee is not yet evaluated."""
    rows = list(evaluations)
    annual = [row for row in rows if row.jenis == Sumber.TAHUNAN]
    if annual:
        return max(annual, key=lambda row: row.urutan)
    periodic = [row for row in rows if row.jenis == Sumber.PERIODIK]
    if periodic:
        return max(periodic, key=lambda row: (row.periode_ke, row.urutan))
    return None


# --- the 9-box --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kotak:
    nomor: int
    kinerja: Level
    potensi: Level

    @property
    def label(self) -> str:
        return f"Kinerja {KINERJA_WORDS[self.kinerja]} dan potensi {self.potensi.label.lower()}"


# The numbering of PermenPANRB 3/2020 tentang Manajemen Talenta ASN (Lampiran: the nine boxes of
# kinerja against potensi), counting up from kinerja di bawah ekspektasi and potensi rendah (1)
# to kinerja di atas ekspektasi and potensi tinggi (9). domain.md does not cover the talent
# regulation: this numbering and the box names are the ones Indonesian regional talent systems
# use in their code [I], and match the Lampiran as we know it [U]. It names the boxes only; who
# lands in which box follows from the two levels alone.
NOMOR_KOTAK: Mapping[tuple[Level, Level], int] = {
    # (kinerja, potensi): nomor
    (Level.RENDAH, Level.RENDAH): 1,
    (Level.MENENGAH, Level.RENDAH): 2,
    (Level.RENDAH, Level.MENENGAH): 3,
    (Level.TINGGI, Level.RENDAH): 4,
    (Level.MENENGAH, Level.MENENGAH): 5,
    (Level.RENDAH, Level.TINGGI): 6,
    (Level.TINGGI, Level.MENENGAH): 7,
    (Level.MENENGAH, Level.TINGGI): 8,
    (Level.TINGGI, Level.TINGGI): 9,
}
KOTAK: Mapping[tuple[Level, Level], Kotak] = {
    key: Kotak(nomor, key[0], key[1]) for key, nomor in NOMOR_KOTAK.items()
}
KOTAK_BY_NOMOR: Mapping[int, Kotak] = {box.nomor: box for box in KOTAK.values()}

# The grid as drawn: potensi tinggi on the top row, kinerja rising from left to right.
GRID: tuple[tuple[Kotak, ...], ...] = tuple(
    tuple(KOTAK[(kinerja, potensi)] for kinerja in LEVELS_ASCENDING)
    for potensi in reversed(LEVELS_ASCENDING)
)


def kotak(kinerja: Level, potensi: Level) -> Kotak:
    return KOTAK[(Level(kinerja), Level(potensi))]
