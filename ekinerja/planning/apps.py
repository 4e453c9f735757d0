from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ekinerja.planning"
    label = "planning"
    verbose_name = "Perencanaan kinerja (SKP)"
