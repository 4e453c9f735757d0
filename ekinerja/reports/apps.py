from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ekinerja.reports"
    verbose_name = "Dokumen dan laporan"
