"""Backups of a SQLite deployment: one .tar.gz with the database, the media files and a manifest.

Pure file work (no Django), so `manage.py backup` and `restore` stay thin and the round trip is
tested on a throwaway database file. The archive holds:

- `db.sqlite3`: a copy made with SQLite's online backup API, a consistent snapshot even while
  the web process and the worker keep writing (copying the file itself could catch a half
  checkpointed WAL);
- `media/...`: every file under MEDIA_ROOT;
- `manifest.json`: the SHA-256 of every file, the row count of every table, the app version and
  the latest migration of every app.

A restore refuses an archive whose manifest, checksums, integrity check or row counts do not
agree, before it touches anything. PostgreSQL deployments use pg_dump/pg_restore instead
(docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = 1
DB_NAME = "db.sqlite3"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message is for the operator, in Indonesian."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    app_version: str
    files: dict[str, str]  # archive path -> sha256
    tables: dict[str, int]  # table -> rows
    migrations: dict[str, str]  # app -> latest applied migration
    with_media: bool = True  # False: made without media, so a restore leaves media alone

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "created_at": self.created_at,
                "app_version": self.app_version,
                "files": self.files,
                "tables": self.tables,
                "migrations": self.migrations,
                "with_media": self.with_media,
            },
            indent=2,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise BackupError(f"Format manifest {data.get('format')!r} tidak dikenal.")
            return cls(
                created_at=str(data["created_at"]),
                app_version=str(data["app_version"]),
                files={str(k): str(v) for k, v in data["files"].items()},
                tables={str(k): int(v) for k, v in data["tables"].items()},
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                with_media=bool(data.get("with_media", True)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError("Manifest cadangan rusak atau tidak lengkap.") from error

    @property
    def media_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(f"{MEDIA_DIR}/"))


# ---------------------------------------------------------------------------------------------
# SQLite


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live database through SQLite's online backup API."""
    if not source.is_file():
        raise BackupError(f"Berkas basis data {source} tidak ditemukan.")
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # The copy must stand alone: a WAL copy would need its -wal file beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def row_counts(path: Path) -> dict[str, int]:
    connection = _read_only(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
    finally:
        connection.close()


def integrity_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check; an empty list means the file is sound."""
    try:
        connection = _read_only(path)
        try:
            rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def migration_state(path: Path) -> dict[str, str]:
    """The latest applied migration of every app, as recorded in django_migrations."""
    connection = _read_only(path)
    try:
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if found is None:
            return {}
        latest: dict[str, str] = {}
        for app, name in connection.execute(
            "SELECT app, name FROM django_migrations ORDER BY app, id"
        ):
            latest[str(app)] = str(name)
        return latest
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------
# Archive


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _media_files(media_root: Path | None) -> list[tuple[Path, str]]:
    if media_root is None or not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path, f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}"))
    return found


def create_backup(
    *,
    database: Path,
    media_root: Path | None,
    folder: Path,
    app_version: str,
    now: dt.datetime,
) -> tuple[Path, Manifest]:
    """Write `ekinerja-<timestamp>.tar.gz` into `folder` and return its path and manifest.

    The archive appears under its final name only when complete (written beside it, then
    renamed), so a crash never leaves a file that looks like a good backup."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"ekinerja-{now:%Y%m%d-%H%M%S}.tar.gz"
    if target.exists():
        raise BackupError(f"Berkas {target} sudah ada; tunggu satu detik lalu ulangi.")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".cadangan-") as work:
        copy = Path(work) / DB_NAME
        copy_database(database, copy)
        problems = integrity_problems(copy)
        if problems:
            raise BackupError("Salinan basis data tidak utuh: " + "; ".join(problems[:3]))
        media = _media_files(media_root)
        files = {DB_NAME: sha256_of(copy)}
        files.update((name, sha256_of(path)) for path, name in media)
        manifest = Manifest(
            created_at=now.isoformat(),
            app_version=app_version,
            files=files,
            tables=row_counts(copy),
            migrations=migration_state(copy),
            with_media=media_root is not None,
        )
        (Path(work) / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(copy, arcname=DB_NAME)
            for path, name in media:
                archive.add(path, arcname=name)
        os.replace(partial, target)
    return target, manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name in (MANIFEST, DB_NAME) or (path.parts[0] == MEDIA_DIR and len(path.parts) > 1))
    )


def unpack(archive: Path, into: Path) -> Manifest:
    """Extract and check an archive: manifest, every checksum, integrity, row counts.

    Raises BackupError (Indonesian) at the first disagreement; `into` is then left to the
    caller to throw away."""
    if not archive.is_file():
        raise BackupError(f"Berkas cadangan {archive} tidak ditemukan.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not _safe_name(member.name) or not (member.isfile() or member.isdir()):
                    raise BackupError(f"Isi arsip tidak dikenal: {member.name}.")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"Arsip cadangan rusak: {error}.") from error
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError("Arsip cadangan tidak berisi manifest.json.")
    manifest = Manifest.from_json(manifest_path.read_text(encoding="utf-8"))
    _check_files(into, manifest)
    _check_database(into / DB_NAME, manifest)
    return manifest


def _check_files(root: Path, manifest: Manifest) -> None:
    if DB_NAME not in manifest.files:
        raise BackupError("Manifest tidak mencantumkan berkas basis data.")
    present = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()} - {
        MANIFEST
    }
    missing = sorted(set(manifest.files) - present)
    if missing:
        raise BackupError(f"Berkas hilang dari arsip: {', '.join(missing[:5])}.")
    extra = sorted(present - set(manifest.files))
    if extra:
        raise BackupError(f"Berkas di arsip tidak tercantum di manifest: {', '.join(extra[:5])}.")
    for name, expected in sorted(manifest.files.items()):
        if sha256_of(root / name) != expected:
            raise BackupError(f"Checksum {name} tidak cocok dengan manifest; arsip rusak.")


def _check_database(copy: Path, manifest: Manifest) -> None:
    problems = integrity_problems(copy)
    if problems:
        raise BackupError("Basis data di arsip tidak utuh: " + "; ".join(problems[:3]))
    counts = row_counts(copy)
    if counts != manifest.tables:
        differing = sorted(
            table
            for table in set(counts) | set(manifest.tables)
            if counts.get(table) != manifest.tables.get(table)
        )
        raise BackupError(f"Jumlah baris tidak cocok dengan manifest: {', '.join(differing[:5])}.")


def verify_backup(archive: Path) -> Manifest:
    """Re-open a finished archive and check it whole, as a restore would."""
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".periksa-") as work:
        return unpack(archive, Path(work))


def restore_backup(*, archive: Path, database: Path, media_root: Path | None) -> Manifest:
    """Put the archive's database and media in place; nothing changes if the archive is bad.

    The database is copied next to its target and renamed over it (atomic on one file
    system); the old -wal and -shm files are removed first, because SQLite would otherwise
    replay the old write-ahead log onto the restored file. Media are unpacked beside
    MEDIA_ROOT and swapped in by two renames."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".pulih-") as work:
        manifest = unpack(archive, Path(work))
        staged_db = database.parent / f".{database.name}.pulih"
        shutil.copyfile(Path(work) / DB_NAME, staged_db)
        staged_media = None
        if media_root is not None and manifest.with_media:
            staged_media = _stage_media(Path(work) / MEDIA_DIR, media_root)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged_db, database)
        if media_root is not None and staged_media is not None:  # both set together
            _swap_media(staged_media, media_root)
    return manifest


def _stage_media(unpacked: Path, media_root: Path) -> Path:
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=f".{media_root.name}-pulih-"))
    if unpacked.is_dir():
        shutil.copytree(unpacked, staged, dirs_exist_ok=True)
    return staged


def _swap_media(staged: Path, media_root: Path) -> None:
    old = None
    if media_root.exists():
        old = media_root.parent / f".{media_root.name}-lama-{os.getpid()}"
        os.replace(media_root, old)
    os.replace(staged, media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def describe(manifest: Manifest) -> dict[str, Any]:
    """A short summary for the command's output."""
    return {
        "dibuat": manifest.created_at,
        "versi": manifest.app_version,
        "tabel": len(manifest.tables),
        "baris": sum(manifest.tables.values()),
        "berkas_media": manifest.media_count,
    }
