"""Writes of the notifications app: the daily job, read marks and the e-mail preference.

The daily job (`send_daily_digest`) runs per instansi:
1. `selectors.attention` computes every notification due on the day, set-wise;
2. they are inserted with their dedupe keys, so a key already present writes nothing;
3. each user with new, unread, not yet e-mailed notifications, an address and e-mail switched
   on gets one e-mail (plain text and HTML) through Django's mail API over one connection, and
   a `NotificationDigest` row for the day stops a second one;
4. the run is recorded (`DigestRun`, the start of the next run's look-back) and audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi
from ekinerja.people.models import User

from . import rules, selectors
from .choices import URUTAN, JenisNotifikasi
from .models import DigestRun, Notification, NotificationDigest, NotificationPreference

log = logging.getLogger(__name__)

# Decisions are looked for since the previous run, but never further back than this (a job
# that stood still for months should not flood anyone with old news).
MAX_LOOKBACK = dt.timedelta(days=7)
# E-mails are built, recorded and sent this many users at a time, over one connection.
MAIL_CHUNK = 200
# Reminders are rewritten every day, so yesterday's unsent one is stale; decisions are not.
REMINDER_KINDS = frozenset(
    {
        JenisNotifikasi.VALIDASI_AKTIVITAS,
        JenisNotifikasi.PERSETUJUAN_SKP,
        JenisNotifikasi.PERSETUJUAN_CUTI,
        JenisNotifikasi.KEBERATAN,
        JenisNotifikasi.BATAS_SKP,
        JenisNotifikasi.BATAS_AKTIVITAS,
    }
)


@dataclass(frozen=True)
class DigestResult:
    instansi_id: int
    tanggal: dt.date
    notifikasi_baru: int
    surel_terkirim: int


def moment_of(tanggal: dt.date) -> dt.datetime:
    """The clock of a run for `tanggal`: now for today, the day's end for a past day."""
    now = timezone.now()
    if tanggal >= timezone.localdate(now):
        return now
    end = dt.datetime.combine(tanggal, dt.time.max)
    return timezone.make_aware(end)


def send_daily_digest(
    *, tanggal: dt.date | None = None, instansi: Instansi | None = None
) -> list[DigestResult]:
    """The daily job for one instansi or every one. A region that fails does not hold up the
    others; the failure is raised once all have run."""
    tanggal = tanggal or timezone.localdate()
    if tanggal > timezone.localdate():
        raise ValueError("Tanggal notifikasi tidak boleh di masa depan.")
    now = moment_of(tanggal)
    targets = [instansi] if instansi is not None else list(Instansi.objects.order_by("kode"))
    results, failed = [], []
    for item in targets:
        try:
            results.append(digest_instansi(instansi_id=item.pk, tanggal=tanggal, now=now))
        except Exception:
            log.exception("Notifikasi harian %s untuk %s gagal.", tanggal, item.kode)
            failed.append(item.kode)
    if failed:
        raise RuntimeError(f"Notifikasi harian gagal untuk instansi {', '.join(failed)}.")
    return results


def digest_instansi(*, instansi_id: int, tanggal: dt.date, now: dt.datetime) -> DigestResult:
    run, since = _start_run(instansi_id, tanggal, now)
    items = selectors.attention(instansi_id, tanggal, now, since)
    baru = _store(run, items, now)
    terkirim = _mail(instansi_id, tanggal, now)
    _finish_run(run, baru, terkirim)
    return DigestResult(instansi_id, tanggal, baru, terkirim)


@transaction.atomic
def _start_run(
    instansi_id: int, tanggal: dt.date, now: dt.datetime
) -> tuple[DigestRun, dt.datetime]:
    previous = (
        # A run that broke off may have missed decisions: look back from the last whole one.
        DigestRun.objects.filter(
            instansi_id=instansi_id, started_at__lt=now, finished_at__isnull=False
        )
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    start_of_yesterday = timezone.make_aware(
        dt.datetime.combine(tanggal - dt.timedelta(days=1), dt.time.min)
    )
    since = max(previous or start_of_yesterday, now - MAX_LOOKBACK)
    run = DigestRun.objects.create(instansi_id=instansi_id, tanggal=tanggal, started_at=now)
    return run, since


@transaction.atomic
def _store(run: DigestRun, items: list[rules.Item], now: dt.datetime) -> int:
    """Insert the items whose key the user does not have yet; the number inserted."""
    rows = [
        Notification(
            instansi_id=run.instansi_id, run=run, user_id=item.user_id, kind=item.kind,
            title=item.title[:200], body=item.body, url=item.url[:300],
            dedupe_key=item.key[:120], created_at=now,
        )
        for item in items
    ]  # fmt: skip
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(run=run).count()


def _mail(instansi_id: int, tanggal: dt.date, now: dt.datetime) -> int:
    start_of_day = timezone.make_aware(dt.datetime.combine(tanggal, dt.time.min))
    waiting = (
        Notification.objects.filter(
            instansi_id=instansi_id,
            digest__isnull=True,
            read_at__isnull=True,
            created_at__gte=start_of_day - dt.timedelta(days=1),
            created_at__lte=now,
        )
        .filter(Q(created_at__gte=start_of_day) | ~Q(kind__in=REMINDER_KINDS))
        .select_related("user__employee")
        .order_by("user_id", "created_at", "id")
    )
    per_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        per_user.setdefault(notification.user_id, []).append(notification)
    if not per_user:
        return 0
    opted_out = set(
        NotificationPreference.objects.filter(user_id__in=per_user, email_aktif=False).values_list(
            "user_id", flat=True
        )
    )
    done = set(
        NotificationDigest.objects.filter(user_id__in=per_user, tanggal=tanggal).values_list(
            "user_id", flat=True
        )
    )
    outgoing: list[tuple[User, str, list[Notification]]] = []
    for user_id, notifications in per_user.items():
        if user_id in opted_out or user_id in done:
            continue
        user = notifications[0].user
        address = address_of(user)
        if address:
            outgoing.append((user, address, notifications))
    sent = 0
    for start in range(0, len(outgoing), MAIL_CHUNK):
        sent += _send_chunk(instansi_id, tanggal, outgoing[start : start + MAIL_CHUNK])
    return sent


def address_of(user: User) -> str:
    """The account's address, else the employee record's."""
    if user.email:
        return user.email
    employee = getattr(user, "employee", None)
    return employee.email if employee is not None and employee.email else ""


def _send_chunk(
    instansi_id: int, tanggal: dt.date, outgoing: list[tuple[User, str, list[Notification]]]
) -> int:
    # Recorded before sending, so a crash half-way never sends the same digest twice; a
    # refused connection removes the records again and the next run tries once more.
    with transaction.atomic():
        rows = [
            NotificationDigest(
                instansi_id=instansi_id, user=user, tanggal=tanggal, alamat=address,
                jumlah=len(notifications),
            )
            for user, address, notifications in outgoing
        ]  # fmt: skip
        digests = NotificationDigest.objects.bulk_create(rows)
        digest_of = {d.user_id: d.pk for d in digests}
        Notification.objects.filter(
            pk__in=[n.pk for _, _, notifications in outgoing for n in notifications]
        ).update(
            digest_id=Case(
                *[When(user_id=user_id, then=Value(pk)) for user_id, pk in digest_of.items()]
            )
        )
    messages = [_message(user, address, items, tanggal) for user, address, items in outgoing]
    try:
        # One connection for the whole chunk: the backend opens it once and closes it after.
        return mailers.default.send_messages(messages) or 0
    except Exception:
        log.exception("Ringkasan notifikasi %s gagal dikirim; dicoba lagi nanti.", tanggal)
        NotificationDigest.objects.filter(pk__in=digest_of.values()).delete()
        return 0


def _message(
    user: User, address: str, notifications: list[Notification], tanggal: dt.date
) -> EmailMultiAlternatives:
    base = settings.EKINERJA_PUBLIC_URL.rstrip("/")
    labels = dict(JenisNotifikasi.choices)
    items = [
        rules.Item(
            n.user_id, n.kind, n.title, n.body, f"{base}{n.url}" if n.url else "", n.dedupe_key
        )
        for n in notifications
    ]
    employee = getattr(user, "employee", None)
    context = {
        "nama": employee.nama_lengkap if employee is not None else user.get_username(),
        "groups": rules.group(items, URUTAN, labels),
        "jumlah": len(items),
        "tanggal": rules.tanggal(tanggal),
        "halaman": f"{base}/notifikasi/",
    }
    message = EmailMultiAlternatives(
        subject=rules.subject(len(items), tanggal),
        body=render_to_string("notifications/email/ringkasan.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(
        render_to_string("notifications/email/ringkasan.html", context), "text/html"
    )
    return message


@transaction.atomic
def _finish_run(run: DigestRun, baru: int, terkirim: int) -> None:
    DigestRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), notifikasi_baru=baru, surel_terkirim=terkirim
    )
    record_audit_event(
        actor=None,
        action="notifikasi.ringkasan_harian",
        obj=run,
        instansi_id=run.instansi_id,
        summary=f"Notifikasi {rules.tanggal(run.tanggal)}: {baru} baru, {terkirim} surel",
        data={"tanggal": run.tanggal.isoformat(), "baru": baru, "surel": terkirim},
    )


# --- the user's own actions --------------------------------------------------------------------
# Read marks are the user's private bookkeeping, changed nothing anyone else relies on, so they
# are not audited; the e-mail preference is.


@transaction.atomic
def mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionDenied("Notifikasi milik pengguna lain.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_preference(*, user: User, email_aktif: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if preference.email_aktif != email_aktif:
        preference.email_aktif = email_aktif
        preference.save(update_fields=["email_aktif", "updated_at"])
        record_audit_event(
            actor=user,
            action="notifikasi.preferensi_surel",
            obj=preference,
            instansi_id=user.instansi_id,
            summary="Ringkasan surel " + ("diaktifkan" if email_aktif else "dinonaktifkan"),
            data={"email_aktif": email_aktif},
        )
    return preference
