"""Parsing the evaluation forms. The document form has a field group per row (``r<id>-...``
for an indicator, ``b<nilai>-...`` for a BerAKHLAK value), so it is read by hand rather than
with a Django form; every problem is collected and reported at once, in Indonesian."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.http import QueryDict

from . import rules
from .services import BehaviourInput, ResultInput

MAX_TEXT = 2000
MAX_REALISASI = Decimal("999999999999.99")
RATING_VALUES = {r.value for r in rules.Rating}


@dataclass
class DocumentInput:
    results: dict[int, ResultInput] = field(default_factory=dict)
    behaviours: dict[int, BehaviourInput] = field(default_factory=dict)
    rating_hasil: str = ""
    rating_perilaku: str = ""
    alasan_hasil: str = ""
    alasan_perilaku: str = ""
    finalise: bool = False
    errors: list[str] = field(default_factory=list)


def parse_decimal(text: str) -> Decimal | None:
    """A number as typed in Indonesia ("12,5" or "12.5"); None when blank. Raises ValueError."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite() or abs(value) > MAX_REALISASI:
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def _text(data: QueryDict, name: str, label: str, errors: list[str]) -> str:
    value = data.get(name, "").strip()
    if len(value) > MAX_TEXT:
        errors.append(f"{label}: paling banyak {MAX_TEXT} karakter.")
        return value[:MAX_TEXT]
    return value


def _rating(data: QueryDict, name: str, label: str, errors: list[str]) -> str:
    value = data.get(name, "")
    if value and value not in RATING_VALUES:
        errors.append(f"{label}: pilihan '{value}' tidak dikenal.")
        return ""
    return value


def parse_document(
    data: QueryDict, result_ids: list[int], nilai_ids: list[int], labels: dict[str, str]
) -> DocumentInput:
    """The rows of the form that belong to this evaluation; ``labels`` names each row for the
    messages (``r<id>`` and ``b<nilai>``). A row absent from the submission keeps what is
    stored (a client posting only the ratings does not wipe the realisasi)."""
    parsed = DocumentInput(finalise=data.get("aksi") == "tetapkan")
    errors = parsed.errors
    for pk in result_ids:
        key = f"r{pk}"
        if f"{key}-realisasi" not in data:
            continue
        label = labels.get(key, "Indikator")
        try:
            realisasi = parse_decimal(data.get(f"{key}-realisasi", ""))
        except ValueError:
            errors.append(f"{label}: realisasi harus berupa angka, misalnya 12 atau 12,5.")
            realisasi = None
        parsed.results[pk] = ResultInput(
            realisasi=realisasi,
            bukti=_text(data, f"{key}-bukti", label, errors),
            umpan_balik=_text(data, f"{key}-umpan_balik", label, errors),
            rating=_rating(data, f"{key}-rating", label, errors),
        )
    for nilai in nilai_ids:
        key = f"b{nilai}"
        if f"{key}-rating" not in data:
            continue
        label = labels.get(key, "Perilaku")
        parsed.behaviours[nilai] = BehaviourInput(
            umpan_balik=_text(data, f"{key}-umpan_balik", label, errors),
            rating=_rating(data, f"{key}-rating", label, errors),
        )
    parsed.rating_hasil = _rating(data, "rating_hasil", "Rating Hasil Kerja", errors)
    parsed.rating_perilaku = _rating(data, "rating_perilaku", "Rating Perilaku Kerja", errors)
    parsed.alasan_hasil = _text(data, "alasan_hasil", "Alasan rating hasil kerja", errors)
    parsed.alasan_perilaku = _text(data, "alasan_perilaku", "Alasan rating perilaku", errors)
    return parsed


@dataclass
class DecisionInput:
    alasan: str
    rating_hasil: str | None
    rating_perilaku: str | None
    errors: list[str]


def parse_decision(data: QueryDict) -> DecisionInput:
    """The atasan's decision on a keberatan: uphold, or change with new ratings."""
    errors: list[str] = []
    alasan = _text(data, "alasan", "Alasan keputusan", errors)
    if not alasan:
        errors.append("Tuliskan alasan keputusan atas keberatan.")
    keputusan = data.get("keputusan", "")
    if keputusan not in ("pertahankan", "ubah"):
        errors.append("Pilih: pertahankan predikat atau ubah rating.")
        return DecisionInput(alasan, None, None, errors)
    if keputusan == "pertahankan":
        return DecisionInput(alasan, None, None, errors)
    hasil = _rating(data, "rating_hasil", "Rating Hasil Kerja", errors)
    perilaku = _rating(data, "rating_perilaku", "Rating Perilaku Kerja", errors)
    if not (hasil and perilaku):
        errors.append("Untuk mengubah, pilih rating hasil kerja dan rating perilaku kerja.")
    return DecisionInput(alasan, hasil, perilaku, errors)
