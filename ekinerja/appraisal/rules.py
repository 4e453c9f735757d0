"""The rules of performance evaluation (PermenPANRB 6/2022, SE MenPANRB 3/2023), pure.

- the predikat of an employee from the two ratings (the 3 by 3 matrix, domain.md 1.5, [V]);
- the rating the system suggests from per-item feedback, and the rule that a penilai who
  picks another rating writes why (the suggestion's arithmetic is [I]: a parameter);
- the distribution curve of employee predikat a unit may show for its organisational predikat,
  as a table of checks that a region may replace (the SE's table is the default);
- the unit head's Rating Hasil Kerja from the organisation's achievement ([U] mapping: data);
- angka kredit of a fungsional position from the predikat (PermenPANRB 1/2023, [V]).

Plain values in and out; no Django, so every cell and edge is tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Rating(StrEnum):
    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS = {
    Rating.DI_ATAS: "Di Atas Ekspektasi",
    Rating.SESUAI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH: "Di Bawah Ekspektasi",
}


class Predikat(StrEnum):
    """Employee predikat, best to worst."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return PREDIKAT_LABELS[self]


PREDIKAT_LABELS = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}


class PredikatOrganisasi(StrEnum):
    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return ORG_LABELS[self]


ORG_LABELS = {
    PredikatOrganisasi.ISTIMEWA: "Istimewa",
    PredikatOrganisasi.BAIK: "Baik",
    PredikatOrganisasi.BUTUH_PERBAIKAN: "Butuh Perbaikan/Cukup",
    PredikatOrganisasi.KURANG: "Kurang",
    PredikatOrganisasi.SANGAT_KURANG: "Sangat Kurang",
}


class EvaluationError(ValueError):
    """A rule was broken; the message is for the user, in Indonesian."""


# --- the predikat matrix ----------------------------------------------------------------------

# Rows: Rating Hasil Kerja; columns: Rating Perilaku Kerja (domain.md 1.5, national).
PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    return PREDIKAT_MATRIX[(Rating(hasil_kerja), Rating(perilaku))]


# --- suggested ratings from feedback ----------------------------------------------------------

FEEDBACK_SCORE = {Rating.DI_BAWAH: 1, Rating.SESUAI: 2, Rating.DI_ATAS: 3}
_RATING_OF_SCORE = {score: rating for rating, score in FEEDBACK_SCORE.items()}


def suggest_rating(feedback: Iterable[Rating]) -> Rating | None:
    """The mean of the per-item feedback (Di Bawah 1, Sesuai 2, Di Atas 3) rounded half up,
    as the rating the system proposes; None without any feedback yet."""
    scores = [FEEDBACK_SCORE[Rating(item)] for item in feedback]
    if not scores:
        return None
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    return _RATING_OF_SCORE[int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))]


def check_rating(
    *, chosen: Rating, suggested: Rating | None, reason: str, aspect: str
) -> str | None:
    """None when the chosen rating may stand; otherwise the message to show. A rating that
    differs from the system's suggestion must say why, so the decision stays accountable."""
    if suggested is None or Rating(chosen) == Rating(suggested):
        return None
    if reason.strip():
        return None
    return (
        f"Rating {aspect} ({Rating(chosen).label}) berbeda dari saran sistem "
        f"({Rating(suggested).label}); tuliskan alasannya."
    )


# --- the distribution curve -------------------------------------------------------------------


@dataclass(frozen=True)
class CurveCheck:
    """One requirement on the share of a unit's employees whose predikat is in ``predikat``:
    at least ``min_share`` and at most ``max_share`` (fractions of the unit), at least
    ``min_count`` people. Shares become whole people by rounding half up, since the SE does
    not say how a unit of seven takes 70 %."""

    predikat: frozenset[Predikat]
    min_share: Decimal | None = None
    max_share: Decimal | None = None
    min_count: int = 0
    text: str = ""


def _check(
    *kinds: Predikat,
    min_share: str | None = None,
    max_share: str | None = None,
    min_count: int = 0,
    text: str,
) -> CurveCheck:
    return CurveCheck(
        predikat=frozenset(kinds),
        min_share=Decimal(min_share) if min_share is not None else None,
        max_share=Decimal(max_share) if max_share is not None else None,
        min_count=min_count,
        text=text,
    )


P = Predikat
# SE MenPANRB 3/2023 (domain.md 1.5). "Sebagian besar (maksimal 70%)" is read as its ceiling;
# the rest of each row ("may be ...") allows, so it needs no check.
DEFAULT_CURVE: Mapping[PredikatOrganisasi, tuple[CurveCheck, ...]] = {
    PredikatOrganisasi.ISTIMEWA: (
        _check(P.SANGAT_BAIK, max_share="0.70", text="Sangat Baik paling banyak 70%"),
    ),
    PredikatOrganisasi.BAIK: (
        _check(P.BAIK, max_share="0.70", text="Baik paling banyak 70%"),
        _check(
            P.BUTUH_PERBAIKAN, P.KURANG, min_count=1,
            text="harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang",
        ),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        _check(P.BUTUH_PERBAIKAN, min_share="0.60", text="Butuh Perbaikan paling sedikit 60%"),
        _check(P.SANGAT_BAIK, max_share="0.10", text="Sangat Baik paling banyak 10%"),
    ),
    PredikatOrganisasi.KURANG: (
        _check(P.KURANG, min_share="0.60", text="Kurang paling sedikit 60%"),
        _check(P.BUTUH_PERBAIKAN, min_share="0.10", text="Butuh Perbaikan paling sedikit 10%"),
        _check(P.SANGAT_BAIK, max_share="0.10", text="Sangat Baik paling banyak 10%"),
    ),
    PredikatOrganisasi.SANGAT_KURANG: (
        _check(P.SANGAT_KURANG, min_share="0.60", text="Sangat Kurang paling sedikit 60%"),
        _check(
            P.KURANG, P.BUTUH_PERBAIKAN, min_share="0.10",
            text="Kurang dan/atau Butuh Perbaikan paling sedikit 10%",
        ),
        _check(P.SANGAT_BAIK, max_share="0", text="tidak boleh ada Sangat Baik"),
    ),
}  # fmt: skip


def whole_people(share: Decimal, total: int) -> int:
    """A share of ``total`` people as whole people, rounded half up."""
    return int((share * total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class CurveFinding:
    check: CurveCheck
    count: int
    total: int
    low: int  # the fewest people the check allows
    high: int | None  # the most, or None without a ceiling

    @property
    def message(self) -> str:
        if self.high is not None and self.count > self.high:
            bound = f"paling banyak {self.high} orang"
        else:
            bound = f"paling sedikit {self.low} orang"
        return (
            f"Kurva distribusi: {self.check.text} ({bound} dari {self.total}); "
            f"saat ini {self.count} orang."
        )


def check_curve(
    org: PredikatOrganisasi,
    counts: Mapping[Predikat, int],
    curve: Mapping[PredikatOrganisasi, Sequence[CurveCheck]] = DEFAULT_CURVE,
    *,
    population: int | None = None,
) -> list[CurveFinding]:
    """The checks of ``org``'s row that the unit's employee predikat break; empty when the
    distribution fits. Shares are of ``population`` (the unit's employees, evaluated or not)
    when given, else of the employees counted."""
    total = max(sum(counts.values()), population or 0)
    findings = []
    for check in curve[PredikatOrganisasi(org)]:
        count = sum(counts.get(kind, 0) for kind in check.predikat)
        low = max(check.min_count, whole_people(check.min_share, total) if check.min_share else 0)
        high = whole_people(check.max_share, total) if check.max_share is not None else None
        if count < low or (high is not None and count > high):
            findings.append(CurveFinding(check, count, total, low, high))
    return findings


# --- the unit head ----------------------------------------------------------------------------

# The organisation's achievement is the head's Rating Hasil Kerja (SE 3/2023); how the five
# organisational predikat fold into three ratings is not written down [U], so it is data.
DEFAULT_HEAD_RATING: Mapping[PredikatOrganisasi, Rating] = {
    PredikatOrganisasi.ISTIMEWA: Rating.DI_ATAS,
    PredikatOrganisasi.BAIK: Rating.SESUAI,
    PredikatOrganisasi.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
    PredikatOrganisasi.KURANG: Rating.DI_BAWAH,
    PredikatOrganisasi.SANGAT_KURANG: Rating.DI_BAWAH,
}


def head_rating(
    org: PredikatOrganisasi, mapping: Mapping[PredikatOrganisasi, Rating] = DEFAULT_HEAD_RATING
) -> Rating:
    return mapping[PredikatOrganisasi(org)]


# --- angka kredit -----------------------------------------------------------------------------

# PermenPANRB 1/2023 and Peraturan BKN 3/2023 (domain.md 1.6, national).
ANGKA_KREDIT_PERCENT: Mapping[Predikat, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("1.50"),
    Predikat.BAIK: Decimal("1.00"),
    Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
    Predikat.KURANG: Decimal("0.50"),
    Predikat.SANGAT_KURANG: Decimal("0.25"),
}


# Yearly koefisien per jenjang (domain.md 1.6): Ahli Pertama and Ahli Madya verified, the rest
# unverified, hence overridable per region (`KoefisienAngkaKredit`).
DEFAULT_KOEFISIEN: Mapping[str, Decimal] = {
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
}


def angka_kredit(predikat_pegawai: Predikat, koefisien: Decimal, months: int = 12) -> Decimal:
    """months/12 x the predikat's percentage x the yearly koefisien of the jenjang, to three
    decimals (half up). Kept to three so that monthly credits add up to the year's figure within
    rounding; documents print two, as BKN's example does (2/12 x 100% x 12.5 = 2.08)."""
    if not 1 <= months <= 12:
        raise EvaluationError(f"Jumlah bulan harus 1 sampai 12, bukan {months}.")
    if koefisien < 0:
        raise EvaluationError("Koefisien angka kredit tidak boleh negatif.")
    value = Decimal(months) / 12 * ANGKA_KREDIT_PERCENT[Predikat(predikat_pegawai)] * koefisien
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
