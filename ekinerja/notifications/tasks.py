"""Background job of the notifications app: the daily digest. The task only calls the service.

The periodic scheduler (`core.schedule`, registered in `apps.py` as "notifikasi-harian" at
`DAILY_AT`) queues it once a day through `daily_digest_job`; anything else may call
`enqueue_daily_digest()`. Running it twice on a day writes and sends nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import TaskResult, task
from django.utils import timezone

from ekinerja.org.models import Instansi

from .services import send_daily_digest

# Early enough to reach people before work, late enough that yesterday's decisions are in.
DAILY_AT = dt.time(6, 0)


@task
def kirim_notifikasi_harian(
    tanggal: str | None = None, instansi_kode: str | None = None
) -> dict[str, int]:
    """Notifications and e-mail digests of a day (ISO date, default today) for one instansi
    (by kode) or every one."""
    day = dt.date.fromisoformat(tanggal) if tanggal else None
    instansi = Instansi.objects.get(kode=instansi_kode) if instansi_kode else None
    results = send_daily_digest(tanggal=day, instansi=instansi)
    return {
        "instansi": len(results),
        "notifikasi_baru": sum(r.notifikasi_baru for r in results),
        "surel_terkirim": sum(r.surel_terkirim for r in results),
    }


def enqueue_daily_digest(
    tanggal: dt.date | None = None, instansi_kode: str | None = None
) -> TaskResult[[str | None, str | None], dict[str, int]]:
    """Queue today's (or the given day's) digest; what the scheduler calls every morning."""
    return kirim_notifikasi_harian.enqueue(tanggal.isoformat() if tanggal else None, instansi_kode)


def daily_digest_job(now: dt.datetime) -> TaskResult[[str | None, str | None], dict[str, int]]:
    """The scheduler's job: the digest of the day `now` falls on, for every instansi."""
    day = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return enqueue_daily_digest(day)
