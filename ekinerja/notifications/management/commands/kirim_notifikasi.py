"""Write the day's notifications and send the e-mail digests, synchronously.

The same service the daily task runs (`tasks.kirim_notifikasi_harian`); useful from cron, to
catch up a missed day (`--tanggal`) or for one region (`--instansi`). A second run on the same
day writes and sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ekinerja.org.models import Instansi

from ...rules import tanggal as format_tanggal
from ...services import send_daily_digest


class Command(BaseCommand):
    help = "Buat notifikasi hari ini dan kirim ringkasan surel (bawaan: hari ini, semua instansi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tanggal", help="tanggal TTTT-BB-HH (bawaan: hari ini)")
        parser.add_argument("--instansi", help="kode instansi (bawaan: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["tanggal"]:
            try:
                day = dt.date.fromisoformat(options["tanggal"])
            except ValueError as error:
                raise CommandError(
                    f"Tanggal '{options['tanggal']}' tidak dikenali; gunakan TTTT-BB-HH."
                ) from error
            if day > timezone.localdate():
                raise CommandError("Tanggal tidak boleh di masa depan.")
        instansi = None
        if options["instansi"]:
            instansi = Instansi.objects.filter(kode=options["instansi"]).first()
            if instansi is None:
                raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ada.")
        names = dict(Instansi.objects.values_list("id", "nama"))
        for result in send_daily_digest(tanggal=day, instansi=instansi):
            self.stdout.write(
                f"{names.get(result.instansi_id, result.instansi_id)} "
                f"({format_tanggal(result.tanggal)}): {result.notifikasi_baru} notifikasi baru, "
                f"{result.surel_terkirim} surel terkirim"
            )
