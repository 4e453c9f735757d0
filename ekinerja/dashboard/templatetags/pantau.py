"""Number formats of the monitoring pages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def rasio(value: object) -> str:
    """A percentage with a decimal comma (85,3%), or a dash when there is nothing to divide."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "–"
    return f"{number:.1f}".replace(".", ",") + "%"


@register.filter
def nada(value: object, ambang: object) -> str:
    """A Bootstrap text colour for a rate against its threshold: below it is a warning."""
    try:
        number, limit = Decimal(str(value)), Decimal(str(ambang))
    except (InvalidOperation, ValueError):
        return "text-body-secondary"
    return "text-success" if number >= limit else "text-danger"
