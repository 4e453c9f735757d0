from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ekinerja.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"
