from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "ekinerja.dashboard"
    label = "dashboard"
    verbose_name = "Pemantauan"
