"""Small key/value bookkeeping of the bot itself (e.g. the hash of the last command sync)."""

from __future__ import annotations

from bot.store.database import Database


class Meta:
    def __init__(self, database: Database) -> None:
        self.db = database

    async def get(self, key: str) -> str | None:
        return await self.db.fetch_value("SELECT value FROM meta WHERE key = ?", (key,))

    async def set(self, key: str, value: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
