from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "ekinerja.dashboard"
    label = "dashboard"
    verbose_name = "Pemantauan"

    def ready(self) -> None:
        from ekinerja.core import schedule

        from .jobs import EVERY, refresh_current_months

        schedule.register(
            schedule.Job("pantauan-bulan-berjalan", refresh_current_months, every=EVERY)
        )
