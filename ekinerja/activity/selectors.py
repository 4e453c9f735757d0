"""Reads for activities: the rules in force on a day."""

from __future__ import annotations

import datetime as dt

from .models import ActivityPolicy
from .rules import Rules


def policy_on(instansi_id: int, day: dt.date) -> ActivityPolicy:
    """The instansi's rules in force on the day; a region without its own row gets the model's
    default values (the usual regional figures) until its admin sets them."""
    row = (
        ActivityPolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )
    return row or ActivityPolicy(instansi_id=instansi_id, berlaku_mulai=day)


def rules_on(instansi_id: int, day: dt.date) -> Rules:
    return rules_of(policy_on(instansi_id, day))


def rules_of(policy: ActivityPolicy) -> Rules:
    """The entry rules of a policy row already read (pages need both, one query)."""
    return Rules(
        mundur_hari=policy.mundur_hari,
        bulan_sama=policy.bulan_sama,
        tanggal_tutup=policy.tanggal_tutup,
        batas_menit_harian=policy.batas_menit_harian,
    )
