from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ekinerja.people"
    label = "people"
    verbose_name = "Kepegawaian"
