from decimal import Decimal, InvalidOperation

from django import template

from ekinerja.allowance.calc import AFTER_BRUTO
from ekinerja.allowance.calc import persen as _persen
from ekinerja.allowance.calc import rupiah as _rupiah

register = template.Library()


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


NBSP = "\u00a0"


@register.filter
def rupiah(value: object) -> str:
    """Rp 1.234.567 that never breaks after "Rp" in a narrow column."""
    number = _decimal(value)
    return "" if number is None else _rupiah(number).replace("Rp ", "Rp" + NBSP)


@register.filter
def rumus(text: object) -> str:
    return str(text or "").replace("Rp ", "Rp" + NBSP)


@register.filter
def angka(value: object) -> str:
    """Whole numbers with the Indonesian thousands separator: 6.750."""
    number = _decimal(value)
    return "" if number is None else f"{number:,.0f}".replace(",", ".")


@register.filter
def komponen(steps: object) -> list[dict[str, object]]:
    """The steps that make up the bruto."""
    return [s for s in _steps(steps) if s.get("kode") not in AFTER_BRUTO]


@register.filter
def potongan(steps: object) -> list[dict[str, object]]:
    """The steps taken from the bruto (the employee's BPJS, PPh 21)."""
    return [s for s in _steps(steps) if s.get("kode") in AFTER_BRUTO]


def _steps(steps: object) -> list[dict[str, object]]:
    if not isinstance(steps, list | tuple):
        return []
    return [_as_dict(step) for step in steps]


def _as_dict(step: object) -> dict[str, object]:
    if isinstance(step, dict):
        return step
    return {name: getattr(step, name) for name in ("kode", "uraian", "rumus", "jumlah")}


@register.filter
def persen(value: object) -> str:
    number = _decimal(value)
    return "" if number is None else _persen(number)


@register.filter
def get_item(mapping: object, key: object) -> object:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def negatif(value: object) -> bool:
    number = _decimal(value)
    return number is not None and number < 0


@register.filter
def kali(value: object, factor: object) -> Decimal | str:
    number, times = _decimal(value), _decimal(factor)
    return "" if number is None or times is None else number * times
