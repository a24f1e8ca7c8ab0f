"""Per-server and per-member settings, as small typed key/value pairs.

Server settings are always addressed by the guild id taken from the interaction, so one
server can never read or change another's.

Both tables are small and only this process writes them, so each is read once into memory
(on first use) and kept there, changed together with the row: a moderator check or a
member's time zone never waits for the database, which is what lets every command
acknowledge at once however busy the connection is.
"""

from __future__ import annotations

import asyncio

from bot.store.database import Database

MOD_ROLE = "mod_role_id"
TRIVIA_HOST_ROLE = "trivia_host_role_id"


class _Cached:
    """A whole key/value table in memory, loaded once; writes update both."""

    table = ""
    owner = ""

    def __init__(self, database: Database) -> None:
        self.db = database
        self._values: dict[tuple[int, str], str] | None = None
        self._loading: asyncio.Lock = asyncio.Lock()

    async def _all(self) -> dict[tuple[int, str], str]:
        if self._values is None:
            async with self._loading:
                if self._values is None:
                    rows = await self.db.fetch_all(
                        f"SELECT {self.owner}, key, value FROM {self.table}"
                    )
                    self._values = {(int(r[0]), str(r[1])): str(r[2]) for r in rows}
        return self._values

    async def preload(self) -> None:
        await self._all()

    async def _remember(self, owner: int, key: str, value: str | None) -> None:
        values = await self._all()
        if value is None:
            values.pop((owner, key), None)
        else:
            values[(owner, key)] = value


class GuildSettings(_Cached):
    table, owner = "guild_settings", "guild_id"

    async def get(self, guild_id: int, key: str) -> str | None:
        return (await self._all()).get((guild_id, key))

    async def get_int(self, guild_id: int, key: str) -> int | None:
        value = await self.get(guild_id, key)
        return int(value) if value is not None and value.lstrip("-").isdigit() else None

    async def set(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Store `value`, or forget the setting when it is None."""
        async with self.db.transaction() as tx:
            if value is None:
                await tx.execute(
                    "DELETE FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, key)
                )
            else:
                await tx.execute(
                    "INSERT INTO guild_settings (guild_id, key, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value",
                    (guild_id, key, str(value)),
                )
        await self._remember(guild_id, key, None if value is None else str(value))


class MemberSettings(_Cached):
    table, owner = "member_settings", "user_id"

    async def get(self, user_id: int, key: str) -> str | None:
        return (await self._all()).get((user_id, key))

    async def set(self, user_id: int, key: str, value: str | None) -> None:
        async with self.db.transaction() as tx:
            if value is None:
                await tx.execute(
                    "DELETE FROM member_settings WHERE user_id = ? AND key = ?", (user_id, key)
                )
            else:
                await tx.execute(
                    "INSERT INTO member_settings (user_id, key, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value",
                    (user_id, key, value),
                )
        await self._remember(user_id, key, value)
