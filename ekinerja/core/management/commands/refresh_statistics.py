"""`manage.py refresh_statistics`: bring the query planner's statistics up to date.

SQLite rebuilds a table to add a column and loses its statistics with it; without them it
ignores partial indexes (the validation queue then reads every pending activity of the region).
`make run` calls this after `migrate` and the demo seed. On PostgreSQL autovacuum keeps
statistics; ANALYZE here only hurries it along after a large migration."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Memperbarui statistik perencana kueri basis data (setelah migrasi)."

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # 0x10002: analyse every table that needs it, with the default analysis limit.
                cursor.execute("PRAGMA optimize=0x10002")
            else:
                cursor.execute("ANALYZE")
        if options["verbosity"] > 0:
            self.stdout.write("Statistik basis data diperbarui.")
