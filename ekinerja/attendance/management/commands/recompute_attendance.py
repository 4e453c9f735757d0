"""Write the daily attendance records of days that nothing else touched.

Punches, leave decisions and rule changes recompute the days they affect, but a day on which
an employee never punched changes nothing, so somebody has to close it: run this every night
after midnight (cron or a systemd timer), e.g. `manage.py recompute_attendance`, which
recomputes yesterday and today for every in-service employee of every instansi.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ekinerja.org.models import Instansi
from ekinerja.people.models import Employee

from ...services_daily import recompute_attendance


class Command(BaseCommand):
    help = "Hitung ulang kehadiran harian (bawaan: kemarin dan hari ini, semua instansi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dari", help="tanggal awal TTTT-BB-HH (bawaan: kemarin)")
        parser.add_argument("--sampai", help="tanggal akhir TTTT-BB-HH (bawaan: hari ini)")
        parser.add_argument("--instansi", help="kode instansi (bawaan: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        first = self._date(options["dari"], today - dt.timedelta(days=1))
        last = min(self._date(options["sampai"], today), today)
        if last < first:
            raise CommandError("Tanggal awal harus sebelum atau sama dengan tanggal akhir.")
        instansi = Instansi.objects.all()
        if options["instansi"]:
            instansi = instansi.filter(kode=options["instansi"])
            if not instansi.exists():
                raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ada.")
        for item in instansi.order_by("kode"):
            ids = list(
                Employee.objects.filter(instansi=item).in_service().values_list("pk", flat=True)
            )
            written = recompute_attendance(ids, first, last)
            self.stdout.write(
                f"{item.nama}: {len(ids)} pegawai, {written} catatan harian "
                f"({first:%d-%m-%Y} s.d. {last:%d-%m-%Y})"
            )

    @staticmethod
    def _date(raw: str | None, default: dt.date) -> dt.date:
        if not raw:
            return default
        try:
            return dt.date.fromisoformat(raw)
        except ValueError as error:
            raise CommandError(f"Tanggal '{raw}' tidak dikenali; gunakan TTTT-BB-HH.") from error
