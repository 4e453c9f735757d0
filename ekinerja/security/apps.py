from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "ekinerja.security"
    label = "security"
    verbose_name = "Keamanan"
