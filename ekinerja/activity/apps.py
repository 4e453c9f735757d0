from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "ekinerja.activity"
    label = "activity"
    verbose_name = "Aktivitas harian"
