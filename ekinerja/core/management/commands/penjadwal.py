"""manage.py penjadwal: run the registered periodic jobs (core/schedule.py) on the clock.

`make run` starts it beside the web server and the worker. In production run it as one more
systemd service, or call it with --sekali from a timer every few minutes."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from ekinerja.core import schedule


class Command(BaseCommand):
    help = "Menjalankan pekerjaan berkala (penghitungan pantauan, ringkasan notifikasi)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--sekali",
            action="store_true",
            help="Jalankan pekerjaan yang jatuh tempo, lalu keluar.",
        )
        parser.add_argument(
            "--jeda", type=int, default=30, help="Detik antara pemeriksaan jadwal (bawaan 30)."
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        last_run: dict = {}
        jobs = schedule.registered()
        self.stdout.write("Pekerjaan berkala: " + ", ".join(job.name for job in jobs))
        while True:
            now = timezone.localtime()
            for job in schedule.due(jobs, last_run, now):
                try:
                    job.run(now)
                except Exception as error:  # one failing job must not stop the others
                    self.stderr.write(f"{job.name} gagal: {error}")
                last_run[job.name] = now
                self.stdout.write(f"{now:%Y-%m-%d %H:%M} {job.name}")
            if options["sekali"]:
                return
            time.sleep(options["jeda"])
