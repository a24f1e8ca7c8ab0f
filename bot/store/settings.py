"""Per-server and per-member settings, as small typed key/value pairs.

Server settings are always addressed by the guild id taken from the interaction, so one
server can never read or change another's.
"""

from __future__ import annotations

from bot.store.database import Database

MOD_ROLE = "mod_role_id"
TRIVIA_HOST_ROLE = "trivia_host_role_id"


class GuildSettings:
    def __init__(self, database: Database) -> None:
        self.db = database

    async def get(self, guild_id: int, key: str) -> str | None:
        return await self.db.fetch_value(
            "SELECT value FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, key)
        )

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


class MemberSettings:
    def __init__(self, database: Database) -> None:
        self.db = database

    async def get(self, user_id: int, key: str) -> str | None:
        return await self.db.fetch_value(
            "SELECT value FROM member_settings WHERE user_id = ? AND key = ?", (user_id, key)
        )

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
