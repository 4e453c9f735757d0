"""manage.py seed_demo: the demo Kabupaten Sukamaju, for trying the application."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from ekinerja.org.models import Instansi
from ekinerja.people.choices import Kategori, StatusKepegawaian
from ekinerja.people.demo import (
    DEMO_INSTANSI_KODE,
    DemoError,
    DemoLogin,
    DemoResult,
    demo_logins,
    demo_plan_date,
    seed_demo,
)


def demo_extensions() -> list[Callable[..., str | None]]:
    """`extend_demo(result, *, seed, today)` of every later app's `demo` module, in app order.

    People cannot import the apps above it, so each of them adds its own demo data this way.
    """
    found = []
    for config in apps.get_app_configs():
        if config.name == "ekinerja.people":
            continue
        name = f"{config.name}.demo"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # an app that is a single module, not a package
            continue
        if spec is None:
            continue
        extend = getattr(importlib.import_module(name), "extend_demo", None)
        if callable(extend):
            found.append(extend)
    return found


class Command(BaseCommand):
    help = "Membuat Pemerintah Kabupaten Sukamaju (data demo) beserta akun demo per peran."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=1500, help="jumlah ASN (bawaan 1500)")
        parser.add_argument("--seed", type=int, default=2026, help="benih acak (bawaan 2026)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="lewati bila sudah ada instansi (untuk make run)",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="izinkan tanpa DJANGO_DEBUG (hanya untuk basis data tolok ukur)",
        )

    def handle(self, *args: str, **options: Any) -> None:
        if options["if_empty"] and Instansi.objects.exists():
            self.stdout.write("Data sudah ada, seed_demo dilewati.")
            demo = Instansi.objects.filter(kode=DEMO_INSTANSI_KODE).first()
            if demo is not None:
                self._write_logins(demo_logins(demo))
            return
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_demo membuat akun dengan kata sandi yang diketahui umum; jalankan hanya "
                "dengan DJANGO_DEBUG=1, atau tambahkan --allow-production untuk tolok ukur."
            )
        started = time.monotonic()
        seed: int = options["seed"]
        today: dt.date = demo_plan_date(timezone.localdate())
        try:
            with transaction.atomic():
                result = seed_demo(employees=options["employees"], seed=seed, today=today)
                summaries = [extend(result, seed=seed, today=today) for extend in demo_extensions()]
        except DemoError as error:
            raise CommandError(str(error)) from error
        self._write_summary(result, time.monotonic() - started)
        for summary in summaries:
            if summary:
                self.stdout.write(f"  {summary}")
        self._write_logins(result.logins)

    def _write_summary(self, result: DemoResult, seconds: float) -> None:
        status = ", ".join(
            f"{StatusKepegawaian(key).label} {count}"
            for key, count in sorted(result.by_status.items())
        )
        kategori = ", ".join(
            f"{Kategori(key).label} {count}" for key, count in sorted(result.by_kategori.items())
        )
        self.stdout.write(
            self.style.SUCCESS(f"{result.instansi.nama} dibuat dalam {seconds:.1f} detik.")
        )
        self.stdout.write(f"  Unit kerja : {result.units}")
        self.stdout.write(f"  Jabatan    : {result.positions}")
        self.stdout.write(f"  ASN        : {result.employees} ({status})")
        self.stdout.write(f"  Kategori   : {kategori}")
        self.stdout.write(f"  Kosong     : {', '.join(result.vacant)}")
        self.stdout.write(f"  Plt        : {result.plt}")

    def _write_logins(self, logins: list[DemoLogin]) -> None:
        if not logins:
            return
        header = ("Peran", "Nama pengguna", "Kata sandi", "Nama", "Yang dilihat")
        rows = [header] + [
            (login.peran, login.username, login.password, login.nama, login.keterangan)
            for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Akun demo:")
        for index, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
