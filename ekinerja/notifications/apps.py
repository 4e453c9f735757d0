from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ekinerja.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        from ekinerja.core import schedule

        from .tasks import DAILY_AT, daily_digest_job

        schedule.register(schedule.Job("notifikasi-harian", daily_digest_job, daily_at=DAILY_AT))
