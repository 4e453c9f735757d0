"""Splitting an indicator's annual target across the months or quarters of the year. Pure.

Additive aspects (kuantitas, biaya) are split so that the parts add up exactly to the annual
target; level aspects (kualitas, waktu) carry the annual target into every period.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


class TargetSplitError(ValueError):
    """A split that cannot be accepted; the message is for the user, in Indonesian."""


def split_evenly(total: Decimal, periods: int) -> list[Decimal]:
    """Equal parts; whole targets stay whole, the remainder goes to the first periods."""
    if periods < 1:
        raise TargetSplitError("Jumlah periode harus minimal 1.")
    if total < 0:
        raise TargetSplitError("Target tidak boleh negatif.")
    unit = Decimal(1) if total == total.to_integral_value() else CENT
    base = (total / periods).quantize(unit, rounding=ROUND_DOWN)
    parts = [base] * periods
    remainder = total - base * periods
    index = 0
    while remainder > 0:
        step = min(unit, remainder)
        parts[index % periods] += step
        remainder -= step
        index += 1
    return parts


def carry_level(target: Decimal, periods: int) -> list[Decimal]:
    return [target] * periods


def check_split(total: Decimal, parts: list[Decimal], periods: int) -> None:
    """Raise TargetSplitError unless there is one non-negative part per period adding up."""
    if len(parts) != periods:
        raise TargetSplitError(f"Harus ada {periods} target periodik, bukan {len(parts)}.")
    if any(part < 0 for part in parts):
        raise TargetSplitError("Target periodik tidak boleh negatif.")
    added = sum(parts, Decimal(0))
    if added != total:
        raise TargetSplitError(
            f"Jumlah target periodik ({_fmt(added)}) harus sama dengan target tahunan "
            f"({_fmt(total)})."
        )


def _fmt(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.removesuffix(",00")


def angka(value: Decimal | None, *, grouped: bool = True) -> str:
    """A decimal the Indonesian way, without trailing zeros: 12.50 -> "12,5", 100.00 -> "100";
    grouped for reading, 1250000.5 -> "1.250.000,5". The ungrouped form is what the forms'
    number fields read back."""
    if value is None:
        return ""
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    if grouped:
        sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        whole = sign + f"{int(digits or 0):,}".replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def target_text(
    annual: Decimal | None,
    low: Decimal | None,
    high: Decimal | None,
    *,
    is_range: bool,
    satuan: str,
    empty: str = "",
) -> str:
    """An indicator's annual target as printed: "12 laporan", a range "80–90 persen"."""
    if annual is None:
        return empty
    text = f"{angka(low)}–{angka(high)}" if is_range else angka(annual)
    return f"{text} {satuan}".strip()
