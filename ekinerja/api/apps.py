from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ekinerja.api"
    label = "api"
    verbose_name = "API"
