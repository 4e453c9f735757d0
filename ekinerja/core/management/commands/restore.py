"""manage.py restore FILE --ya: put a `manage.py backup` archive back in place (SQLite only).

The archive is checked whole first (manifest, checksums, integrity, row counts); a damaged one
is refused and nothing changes. Stop the web server, the db_worker and the penjadwal before
restoring: they hold the database open (docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ekinerja.core.backup import BackupError, describe, restore_backup, verify_backup

# Looked up on each call, so there is one definition of which file is the database.
from . import backup as backup_command


class Command(BaseCommand):
    help = "Memulihkan basis data SQLite dan berkas media dari arsip manage.py backup."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("berkas", help="Arsip .tar.gz hasil manage.py backup.")
        parser.add_argument(
            "--ya",
            action="store_true",
            help="Konfirmasi: basis data dan media sekarang akan ditimpa.",
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        database = backup_command.configured_sqlite_path()
        archive = Path(options["berkas"])
        try:
            manifest = verify_backup(archive)
        except BackupError as error:
            raise CommandError(f"Pemulihan ditolak, tidak ada yang diubah. {error}") from error
        summary = describe(manifest)
        self.stdout.write(
            f"Arsip sah: dibuat {summary['dibuat']}, versi {summary['versi']}, "
            f"{summary['tabel']} tabel, {summary['baris']} baris, "
            f"{summary['berkas_media']} berkas media."
        )
        if not options["ya"]:
            raise CommandError(
                f"Pemulihan akan menimpa {database} dan {settings.MEDIA_ROOT}. "
                "Hentikan layanan web, db_worker, dan penjadwal, lalu ulangi dengan --ya."
            )
        connections.close_all()  # our own handle must not keep the replaced file open
        try:
            restore_backup(archive=archive, database=database, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(f"Pemulihan ditolak, tidak ada yang diubah. {error}") from error
        self.stdout.write(
            f"Pemulihan selesai: {database}. Jalankan manage.py migrate bila kode lebih baru "
            "dari cadangan, lalu nyalakan kembali layanan."
        )
