"""Per-server and per-member settings: typed records over two small key/value tables.

The keys and how each value is written ("weeks:4", "S3E4") are known here only: features
read a `GuildConfig` or a member's zone and progress, and change them with named setters.

Server settings are always addressed by the guild id taken from the interaction, so one
server can never read or change another's.

Both tables are small and only this process writes them, so each is read once into memory
(on first use) and kept there, changed together with the row: a moderator check or a
member's time zone never waits for the database, which is what lets every command
acknowledge at once however busy the connection is.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from bot.shows import SHOW_CODES
from bot.store.database import Database
from bot.text import plural

# guild_settings keys
MOD_ROLE = "mod_role_id"
TRIVIA_HOST_ROLE = "trivia_host_role_id"
AUDIT_CHANNEL = "fact_audit_channel_id"  # where changes to facts are logged
SPOILER_WINDOW = "spoiler_window"  # "newest" (default), "off", or "weeks:N"
SPOILER_CHANNEL = "spoiler_channel_id"
# member_settings keys
TIMEZONE = "timezone"  # an IANA zone name
PROGRESS = "watched:{show}"  # "S3E4"
_PROGRESS_VALUE = re.compile(r"^\s*S?(\d{1,2})\s*[E:x.\s-]\s*(\d{1,2})\s*$", re.IGNORECASE)
DEFAULT_WINDOW = "newest"


@dataclass(frozen=True, slots=True)
class SpoilerWindow:
    """What a server counts as too recent to show plainly."""

    mode: str  # "newest", "weeks" or "off"
    weeks: int = 0

    @classmethod
    def parse(cls, text: str | None) -> SpoilerWindow:
        text = (text or DEFAULT_WINDOW).strip().lower()
        if text in ("newest", "off"):
            return cls(text)
        if text.startswith("weeks:") and text[6:].isdigit():
            return cls("weeks", int(text[6:]))
        return cls(DEFAULT_WINDOW)

    def store_value(self) -> str:
        return f"weeks:{self.weeks}" if self.mode == "weeks" else self.mode

    def describe(self) -> str:
        if self.mode == "off":
            return "off (nothing is hidden in public replies)"
        if self.mode == "weeks":
            return f"anything that aired in the last {plural(self.weeks, 'week')}"
        return "anything from each show's newest season"


@dataclass(frozen=True, slots=True)
class GuildConfig:
    """One server's settings, each unset (None) until a moderator sets it."""

    mod_role_id: int | None = None
    trivia_host_role_id: int | None = None
    audit_channel_id: int | None = None
    spoiler_window: SpoilerWindow = SpoilerWindow(DEFAULT_WINDOW)
    spoiler_channel_id: int | None = None

    def moderator_roles(self, *, trivia_hosts: bool = False) -> set[int]:
        """The roles that count as moderators (with the trivia host role, if asked)."""
        roles = {self.mod_role_id}
        if trivia_hosts:
            roles.add(self.trivia_host_role_id)
        return {role for role in roles if role is not None}


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


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


class GuildSettings(_Cached):
    table, owner = "guild_settings", "guild_id"

    async def get_config(self, guild_id: int) -> GuildConfig:
        values = await self._all()

        def value(key: str) -> str | None:
            return values.get((guild_id, key))

        return GuildConfig(
            mod_role_id=_int(value(MOD_ROLE)),
            trivia_host_role_id=_int(value(TRIVIA_HOST_ROLE)),
            audit_channel_id=_int(value(AUDIT_CHANNEL)),
            spoiler_window=SpoilerWindow.parse(value(SPOILER_WINDOW)),
            spoiler_channel_id=_int(value(SPOILER_CHANNEL)),
        )

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None:
        await self._set(guild_id, MOD_ROLE, role_id)

    async def set_trivia_host_role(self, guild_id: int, role_id: int | None) -> None:
        await self._set(guild_id, TRIVIA_HOST_ROLE, role_id)

    async def set_audit_channel(self, guild_id: int, channel_id: int | None) -> None:
        await self._set(guild_id, AUDIT_CHANNEL, channel_id)

    async def set_spoiler_window(self, guild_id: int, window: SpoilerWindow) -> None:
        await self._set(guild_id, SPOILER_WINDOW, window.store_value())

    async def set_spoiler_channel(self, guild_id: int, channel_id: int | None) -> None:
        await self._set(guild_id, SPOILER_CHANNEL, channel_id)

    async def _set(self, guild_id: int, key: str, value: str | int | None) -> None:
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

    async def timezone(self, user_id: int) -> str | None:
        """The zone name the member saved, if any (not checked against the tz database)."""
        return (await self._all()).get((user_id, TIMEZONE))

    async def set_timezone(self, user_id: int, zone: str | None) -> None:
        await self._set(user_id, TIMEZONE, zone)

    async def progress(self, user_id: int) -> dict[str, tuple[int, int]]:
        """How far the member has watched each show: (season, episode), shows unset left out."""
        values = await self._all()
        watched = {}
        for show in SHOW_CODES:
            match = _PROGRESS_VALUE.match(values.get((user_id, PROGRESS.format(show=show)), ""))
            if match:
                watched[show] = (int(match.group(1)), int(match.group(2)))
        return watched

    async def set_progress(self, user_id: int, show: str, watched: tuple[int, int] | None) -> None:
        value = None if watched is None else f"S{watched[0]}E{watched[1]}"
        await self._set(user_id, PROGRESS.format(show=show), value)

    async def clear_progress(self, user_id: int) -> None:
        for show in SHOW_CODES:
            await self._set(user_id, PROGRESS.format(show=show), None)

    async def _set(self, user_id: int, key: str, value: str | None) -> None:
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
