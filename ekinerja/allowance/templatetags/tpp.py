from decimal import Decimal, InvalidOperation

from django import template

from ekinerja.allowance.calc import persen as _persen
from ekinerja.allowance.calc import rupiah as _rupiah

register = template.Library()


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def rupiah(value: object) -> str:
    number = _decimal(value)
    return "" if number is None else _rupiah(number)


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
