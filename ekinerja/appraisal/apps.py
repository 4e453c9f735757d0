from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "ekinerja.appraisal"
    label = "appraisal"
    verbose_name = "Evaluasi kinerja"
