"""The store: the only code that holds SQL. Features use its typed repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from bot.clock import Clock, system_clock
from bot.store.catalog import Catalog
from bot.store.database import MIGRATIONS_DIR, Database, MigrationReport, StoreError
from bot.store.edits import FactEdits
from bot.store.meta import Meta
from bot.store.schedule import Schedule
from bot.store.settings import GuildSettings, MemberSettings
from bot.store.trivia import Trivia
from bot.store.views import ViewStates

__all__ = ["Database", "FactsStamp", "MigrationReport", "Store", "StoreError"]

FactsStamp = tuple[str, tuple[int, int]]  # (loaded dataset marker, the server's overlay stamp)
T = TypeVar("T")


class Store:
    """Opens the database (backup, then migrations) and hands out one repository per feature."""

    def __init__(
        self, path: Path, migrations_dir: Path = MIGRATIONS_DIR, *, clock: Clock = system_clock
    ) -> None:
        self.db = Database(path, migrations_dir, clock=clock)
        self.catalog = Catalog(self.db)
        self.meta = Meta(self.db)
        self.guild_settings = GuildSettings(self.db)
        self.member_settings = MemberSettings(self.db)
        # Feature repositories are registered below, one line each.
        self.trivia = Trivia(self.db)
        self.edits = FactEdits(self.db)
        self.schedule = Schedule(self.db)
        self.views = ViewStates(self.db)
        # What features derive from the facts (the canon index, the trivia bank), kept with
        # the store they came from, each checked against `facts_stamp`.
        self._derived: dict[str, Any] = {}

    def derived(self, name: str, make: type[T]) -> T:
        """The cache `name` that a feature keeps on this store, made on first use."""
        held = self._derived.get(name)
        if held is None:
            held = self._derived[name] = make()
        return held

    async def facts_stamp(self, guild_id: int) -> FactsStamp | None:
        """The one stamp of what a server's facts are: the loaded dataset's marker and the
        server's overlay revision. It moves with every write that changes them; None while
        a change is being written (read, but cache nothing)."""
        overlay = await self.edits.overlay_revision(guild_id)
        if overlay is None:
            return None
        return (await self.catalog.loaded_marker() or ""), overlay

    @property
    def path(self) -> Path:
        return self.db.path

    async def open(self) -> MigrationReport:
        return await self.db.open()

    async def warm(self) -> None:
        """Read the small tables kept in memory now, before any command needs them."""
        await self.guild_settings.preload()
        await self.member_settings.preload()

    async def close(self) -> None:
        await self.db.close()

    async def backup_to(self, target: Path) -> None:
        await self.db.backup_to(target)

    async def digest(self) -> dict[str, int]:
        """A cheap fingerprint of the data, for tests that check "nothing changed".

        The row count of every table (by name), plus `total_changes`: SQLite's count of
        rows inserted, updated or deleted on this connection since it opened, so an UPDATE
        that keeps the counts still shows. Compare two digests taken on the same open store.
        """
        names = await self.db.fetch_all(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
        counts = [
            "SELECT ?, count(*) FROM " + '"' + str(row[0]).replace('"', '""') + '"' for row in names
        ]
        rows = await self.db.fetch_all(
            " UNION ALL ".join([*counts, "SELECT 'total_changes', total_changes()"]),
            [str(row[0]) for row in names],
            writer=True,  # total_changes() counts the writer connection's changes
        )
        return {str(name): int(count) for name, count in rows}
