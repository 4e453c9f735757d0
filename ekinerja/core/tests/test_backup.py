"""manage.py backup and restore on a throwaway SQLite file: a verified round trip, and damaged
archives refused with nothing changed. The test database itself is never touched."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ekinerja.core import backup
from ekinerja.core.management.commands import backup as backup_command


@pytest.fixture
def site(tmp_path, monkeypatch, settings):
    """A SQLite database in WAL mode (as settings.py runs it) with a little data, and media."""
    database = tmp_path / "data" / "db.sqlite3"
    database.parent.mkdir()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.executescript(
        """
        CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT);
        INSERT INTO django_migrations (app, name) VALUES
            ('people', '0001_initial'), ('people', '0002_pegawai'), ('core', '0001_initial');
        CREATE TABLE pegawai (id INTEGER PRIMARY KEY, nip TEXT, nama TEXT);
        INSERT INTO pegawai (nip, nama) VALUES
            ('199001012015011001', 'Ani Lestari'), ('198503122010012003', 'Siti Aminah');
        """
    )
    connection.commit()
    connection.close()
    media = tmp_path / "media"
    (media / "bukti" / "2026").mkdir(parents=True)
    (media / "bukti" / "2026" / "foto.jpg").write_bytes(b"\xff\xd8jpeg")
    (media / "logo.png").write_bytes(b"\x89PNGlogo")
    monkeypatch.setattr(backup_command, "configured_sqlite_path", lambda: database)
    settings.MEDIA_ROOT = media
    return database, media, tmp_path / "cadangan"


def rows(database: Path) -> list[tuple]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT id, nip, nama FROM pegawai ORDER BY id").fetchall()
    finally:
        connection.close()


def media_files(media: Path) -> dict[str, bytes]:
    return {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }


def make_backup(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--folder", str(folder), "--verify", stdout=out)
    assert "Verifikasi berhasil" in out.getvalue()
    (archive,) = folder.glob("ekinerja-*.tar.gz")
    return archive


def test_round_trip_restores_the_backed_up_data_and_media(site):
    database, media, folder = site
    before_rows, before_media = rows(database), media_files(media)
    archive = make_backup(folder)

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names == {"manifest.json", "db.sqlite3", "media/bukti/2026/foto.jpg", "media/logo.png"}
    assert manifest["tables"] == {"django_migrations": 3, "pegawai": 2}
    assert manifest["migrations"] == {"core": "0001_initial", "people": "0002_pegawai"}
    assert manifest["app_version"] and set(manifest["files"]) == names - {"manifest.json"}

    # Life goes on after the backup: rows change, media come and go.
    connection = sqlite3.connect(database)
    connection.execute("UPDATE pegawai SET nama = 'Diubah' WHERE id = 1")
    connection.execute("INSERT INTO pegawai (nip, nama) VALUES ('x', 'Baru')")
    connection.commit()
    connection.close()
    (media / "logo.png").write_bytes(b"lain")
    (media / "baru.txt").write_text("baru")

    with pytest.raises(CommandError, match="ulangi dengan --ya"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert len(rows(database)) == 3  # no confirmation, nothing restored

    out = io.StringIO()
    call_command("restore", str(archive), "--ya", stdout=out)
    assert "Pemulihan selesai" in out.getvalue()
    assert rows(database) == before_rows
    assert media_files(media) == before_media
    assert not Path(f"{database}-wal").exists()
    assert backup.integrity_problems(database) == []


def test_backup_without_media_leaves_media_alone_on_restore(site):
    _database, media, folder = site
    call_command("backup", "--folder", str(folder), "--tanpa-media", stdout=io.StringIO())
    (archive,) = folder.glob("*.tar.gz")
    (media / "baru.txt").write_text("baru")
    call_command("restore", str(archive), "--ya", stdout=io.StringIO())
    assert (media / "baru.txt").read_text() == "baru"


def rewrite(archive: Path, change) -> Path:
    """A copy of the archive with one member's bytes changed by `change(name, data)`."""
    damaged = archive.with_name("rusak.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return damaged


def flip_media(name, data):
    return b"dirusak" if name == "media/logo.png" else data


def drop_media(name, data):
    return None if name == "media/logo.png" else data


def lie_about_rows(name, data):
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["tables"]["pegawai"] = 5
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (flip_media, "Checksum media/logo.png tidak cocok"),
        (drop_media, "Berkas hilang dari arsip: media/logo.png"),
        (lie_about_rows, "Jumlah baris tidak cocok dengan manifest: pegawai"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(site, change, message):
    database, media, folder = site
    archive = make_backup(folder)
    damaged = rewrite(archive, change)
    connection = sqlite3.connect(database)
    connection.execute("UPDATE pegawai SET nama = 'Sesudah cadangan' WHERE id = 1")
    connection.commit()
    connection.close()
    before_rows, before_media = rows(database), media_files(media)
    with pytest.raises(CommandError, match="Pemulihan ditolak, tidak ada yang diubah") as error:
        call_command("restore", str(damaged), "--ya", stdout=io.StringIO())
    assert message in str(error.value)
    assert rows(database) == before_rows and media_files(media) == before_media


def test_truncated_and_foreign_archives_are_refused(site, tmp_path):
    database, _media, folder = site
    archive = make_backup(folder)
    truncated = tmp_path / "potong.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:200])
    foreign = tmp_path / "asing.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    before = rows(database)
    for bad, message in ((truncated, "Arsip cadangan rusak"), (foreign, "Isi arsip tidak dikenal")):
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(bad), "--ya", stdout=io.StringIO())
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada.tar.gz"), "--ya", stdout=io.StringIO())
    assert rows(database) == before


def test_postgresql_is_told_to_use_pg_restore(monkeypatch):
    from django.db import connections

    fake = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.postgresql"}
    monkeypatch.setattr(connections["default"], "settings_dict", fake)
    for command in ("backup", "restore"):
        args = ["x.tar.gz", "--ya"] if command == "restore" else []
        with pytest.raises(CommandError, match="pg_restore"):
            call_command(command, *args, stdout=io.StringIO())
