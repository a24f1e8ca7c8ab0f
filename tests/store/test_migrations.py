"""Migrations: from empty, from an old file (backup first, data kept), and rollback on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store import Store, StoreError
from bot.store.database import MIGRATIONS_DIR, discover_migrations

LATEST = discover_migrations()[-1].version


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


async def test_migrates_an_empty_database_without_a_backup(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.sqlite3")
    report = await store.open()
    await store.close()
    assert (report.from_version, report.to_version) == (0, LATEST)
    assert report.backup_path is None
    assert user_version(tmp_path / "new.sqlite3") == LATEST


async def test_pragmas_protect_acknowledged_writes(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.sqlite3")
    await store.open()
    assert await store.db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await store.db.fetch_value("PRAGMA synchronous") == 2  # FULL
    assert await store.db.fetch_value("PRAGMA foreign_keys") == 1
    await store.close()


async def test_a_v0_file_is_backed_up_and_its_data_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:  # a pre-migration file some operator kept
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("INSERT INTO notes VALUES ('keep me')")
    store = Store(path)
    report = await store.open()
    assert report.from_version == 0 and report.to_version == LATEST
    assert report.backup_path is not None and report.backup_path.exists()
    assert await store.db.fetch_value("SELECT body FROM notes") == "keep me"
    await store.close()
    with sqlite3.connect(report.backup_path) as backup:
        assert backup.execute("SELECT body FROM notes").fetchone() == ("keep me",)
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 0


async def test_upgrading_from_v1_backs_up_and_keeps_rows(tmp_path: Path) -> None:
    first_only = tmp_path / "migrations-v1"
    first_only.mkdir()
    (first_only / "0001-base.sql").write_text((MIGRATIONS_DIR / "0001-base.sql").read_text())
    path = tmp_path / "v1.sqlite3"
    store = Store(path, migrations_dir=first_only)
    await store.open()
    async with store.db.transaction() as tx:
        await tx.execute("INSERT INTO meta (key, value) VALUES ('hello', 'world')")
    await store.close()
    assert user_version(path) == 1

    store = Store(path)
    report = await store.open()
    assert report.from_version == 1 and report.to_version == LATEST
    assert report.backup_path is not None
    assert await store.meta.get("hello") == "world"
    await store.close()


async def test_a_failing_migration_rolls_back_and_leaves_the_file_usable(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001-base.sql").write_text((MIGRATIONS_DIR / "0001-base.sql").read_text())
    path = tmp_path / "db.sqlite3"
    store = Store(path, migrations_dir=migrations)
    await store.open()
    await store.meta.set("survivor", "yes")
    await store.close()

    (migrations / "0002-broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n"
    )
    broken = Store(path, migrations_dir=migrations)
    with pytest.raises(StoreError, match="rolled back"):
        await broken.open()
    assert user_version(path) == 1
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
        assert "half_done" not in tables
        assert connection.execute("SELECT value FROM meta WHERE key = 'survivor'").fetchone() == (
            "yes",
        )
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    (migrations / "0002-broken.sql").unlink()
    again = Store(path, migrations_dir=migrations)
    await again.open()
    assert await again.meta.get("survivor") == "yes"
    await again.close()


async def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST + 5}")
    with pytest.raises(StoreError, match="newer than this Parallax"):
        await Store(path).open()


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in discover_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_a_gap_in_migration_numbers_is_refused(tmp_path: Path) -> None:
    (tmp_path / "0001-a.sql").write_text("SELECT 1;")
    (tmp_path / "0003-c.sql").write_text("SELECT 1;")
    with pytest.raises(StoreError, match="0003"):
        discover_migrations(tmp_path)
