"""Who may see or change a notification: only the user it was written for. Anything else is a
404, so ids cannot be probed."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ekinerja.people.models import User

from .models import Notification


def notifications_visible_to(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk)


def get_notification_for_user(user: User, pk: int) -> Notification:
    notification = notifications_visible_to(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("Notifikasi tidak ditemukan.")
    return notification
