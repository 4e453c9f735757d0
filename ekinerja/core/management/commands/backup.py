"""manage.py backup: the SQLite database and MEDIA_ROOT into one verified .tar.gz.

For a pilot on SQLite. The copy goes through SQLite's online backup API, so the site can keep
running; run it from a systemd timer or cron (docs/deploy.md). PostgreSQL deployments use
pg_dump instead, and the command says so."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from ekinerja.core.backup import BackupError, create_backup, describe, verify_backup


def configured_sqlite_path() -> Path:
    """The default database file; CommandError on PostgreSQL or an in-memory database."""
    db = connections["default"].settings_dict
    if db["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandError(
            "Basis data ini bukan SQLite. Untuk PostgreSQL gunakan pg_dump -Fc dan pg_restore "
            "(lihat docs/deploy.md, bagian Cadangan)."
        )
    name = str(db["NAME"])
    if name == ":memory:" or name.startswith("file:memory") or "mode=memory" in name:
        raise CommandError("Basis data SQLite di memori tidak dapat dicadangkan.")
    return Path(name)


def app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "tidak diketahui"


class Command(BaseCommand):
    help = "Mencadangkan basis data SQLite dan berkas media ke satu arsip .tar.gz."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--folder",
            default=str(Path(settings.BASE_DIR) / "var" / "backup"),
            help="Folder tujuan (bawaan var/backup/).",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Buka ulang arsip: checksum, PRAGMA integrity_check, dan jumlah baris.",
        )
        parser.add_argument(
            "--tanpa-media", action="store_true", help="Hanya basis data, tanpa MEDIA_ROOT."
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        database = configured_sqlite_path()
        media = None if options["tanpa_media"] else Path(settings.MEDIA_ROOT)
        try:
            archive, manifest = create_backup(
                database=database,
                media_root=media,
                folder=Path(options["folder"]),
                app_version=app_version(),
                now=timezone.localtime(),
            )
            summary = describe(manifest)
            self.stdout.write(
                f"Cadangan dibuat: {archive} ({summary['tabel']} tabel, {summary['baris']} "
                f"baris, {summary['berkas_media']} berkas media)."
            )
            if options["verify"]:
                verify_backup(archive)
                self.stdout.write("Verifikasi berhasil: checksum, integritas, jumlah baris cocok.")
        except BackupError as error:
            raise CommandError(str(error)) from error
