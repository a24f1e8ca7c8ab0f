"""The store: the only code that holds SQL. Features use its typed repositories."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock, system_clock
from bot.store.catalog import Catalog
from bot.store.database import MIGRATIONS_DIR, Database, MigrationReport, StoreError
from bot.store.edits import FactEdits
from bot.store.meta import Meta
from bot.store.schedule import Schedule
from bot.store.settings import GuildSettings, MemberSettings
from bot.store.trivia import Trivia
from bot.store.views import ViewStates

__all__ = ["Database", "MigrationReport", "Store", "StoreError"]


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
