from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "ekinerja.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"

    def ready(self) -> None:
        # The master-data import page belongs to people, which may not import talent; the
        # competence record kinds join that page's list from here.
        from ekinerja.people.imports import register_import_kind

        from .imports import IMPORT_KINDS, write_competence

        for kind in IMPORT_KINDS:
            register_import_kind(kind, write_competence)
