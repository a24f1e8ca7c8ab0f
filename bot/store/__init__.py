"""The store: the only code that holds SQL. Features use its typed repositories."""

from __future__ import annotations

from pathlib import Path

from bot.store.catalog import Catalog
from bot.store.database import MIGRATIONS_DIR, Database, MigrationReport, StoreError
from bot.store.meta import Meta
from bot.store.settings import GuildSettings, MemberSettings

__all__ = ["Database", "MigrationReport", "Store", "StoreError"]


class Store:
    """Opens the database (backup, then migrations) and hands out one repository per feature."""

    def __init__(self, path: Path, migrations_dir: Path = MIGRATIONS_DIR) -> None:
        self.db = Database(path, migrations_dir)
        self.catalog = Catalog(self.db)
        self.meta = Meta(self.db)
        self.guild_settings = GuildSettings(self.db)
        self.member_settings = MemberSettings(self.db)
        # Feature repositories are registered below, one line each.

    @property
    def path(self) -> Path:
        return self.db.path

    async def open(self) -> MigrationReport:
        return await self.db.open()

    async def close(self) -> None:
        await self.db.close()

    async def backup_to(self, target: Path) -> None:
        await self.db.backup_to(target)
