from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "ekinerja.activity"
    label = "activity"
    verbose_name = "Aktivitas harian"

    def ready(self) -> None:
        # The import page belongs to people, which may not import activity; the catalogue
        # joins that page's list from here.
        from ekinerja.people.imports import register_import_kind

        from .imports import CATALOG_IMPORT_KIND, write_catalog

        register_import_kind(CATALOG_IMPORT_KIND, write_catalog)
