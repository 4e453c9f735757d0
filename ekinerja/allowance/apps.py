from django.apps import AppConfig


class AllowanceConfig(AppConfig):
    name = "ekinerja.allowance"
    verbose_name = "TPP"
