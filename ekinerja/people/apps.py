from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ekinerja.people"
    label = "people"
    verbose_name = "Kepegawaian"

    def ready(self) -> None:
        from .imports_siasn import register  # the SIASN file joins the import page's kinds

        register()
