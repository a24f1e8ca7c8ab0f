"""The schedule: server events, announcement settings, the announcement outbox, and the
Discord scheduled events created for official premieres.

Official release dates are not stored here: they come from the catalogue (the shipped
dataset), so a data update is picked up on the next read. Every row is scoped by the guild
id the caller took from the interaction; times go in and out as aware UTC datetimes and are
kept as unix seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.marked import new_marker
from bot.store.database import Database

OUTBOX_STATES = ("pending", "sending", "sent", "skipped", "failed")
#: The longest server event title, in characters: the one limit that `/schedule add`'s option
#: (so Discord stops a longer one as it is typed), the friendly check in
#: `bot/server_events.py` and this store read. The `server_events` table's CHECK in migration
#: 0003 holds the same number (a migration cannot import it; tests/store keeps them equal).
EVENT_TITLE_MAX = 100
DEFAULT_LEADS = (1440, 60, 0)


def _ts(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("the schedule stores aware datetimes only")
    return int(moment.timestamp())


def _dt(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


@dataclass(frozen=True, slots=True)
class ServerEvent:
    id: int
    guild_id: int
    title: str
    show: str | None
    starts_at: dt.datetime
    zone: str
    created_by: int
    created_at: dt.datetime

    @property
    def key(self) -> str:
        return f"event:{self.id}"


class EventClash(Exception):
    """A server event with the same title already starts at the same moment."""

    def __init__(self, existing: ServerEvent) -> None:
        super().__init__(f"same title and start as event {existing.id}")
        self.existing = existing


@dataclass(frozen=True, slots=True)
class AnnounceSettings:
    guild_id: int
    channel_id: int | None
    leads: tuple[int, ...]
    role_id: int | None
    since: dt.datetime
    premiere_events: bool

    @property
    def announcing(self) -> bool:
        return self.channel_id is not None


@dataclass(frozen=True, slots=True)
class PlannedAnnouncement:
    target_key: str
    lead_minutes: int
    due_at: dt.datetime
    target_at: dt.datetime


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    guild_id: int
    target_key: str
    lead_minutes: int
    due_at: dt.datetime
    target_at: dt.datetime
    marker: str
    state: str
    channel_id: int | None
    cursor: int | None
    message_id: int | None
    attempts: int
    note: str


@dataclass(frozen=True, slots=True)
class PremiereLink:
    guild_id: int
    target_key: str
    marker: str
    state: str
    event_id: int | None
    starts_at: dt.datetime


def _event(row: aiosqlite.Row) -> ServerEvent:
    return ServerEvent(
        row["id"],
        row["guild_id"],
        row["title"],
        row["show"],
        _dt(row["starts_at"]),
        row["zone"],
        row["created_by"],
        _dt(row["created_at"]),
    )


def _settings(row: aiosqlite.Row) -> AnnounceSettings:
    leads = tuple(int(part) for part in row["leads"].split(",") if part.strip())
    return AnnounceSettings(
        row["guild_id"],
        row["channel_id"],
        leads,
        row["role_id"],
        _dt(row["since"]),
        bool(row["premiere_events"]),
    )


def _entry(row: aiosqlite.Row) -> OutboxEntry:
    return OutboxEntry(
        row["id"],
        row["guild_id"],
        row["target_key"],
        row["lead_minutes"],
        _dt(row["due_at"]),
        _dt(row["target_at"]),
        row["marker"],
        row["state"],
        row["channel_id"],
        row["cursor"],
        row["message_id"],
        row["attempts"],
        row["note"],
    )


def _link(row: aiosqlite.Row) -> PremiereLink:
    return PremiereLink(
        row["guild_id"],
        row["target_key"],
        row["marker"],
        row["state"],
        row["event_id"],
        _dt(row["starts_at"]),
    )


EVENT_COLUMNS = "id, guild_id, title, show, starts_at, zone, created_by, created_at"
OUTBOX_COLUMNS = (
    "id, guild_id, target_key, lead_minutes, due_at, target_at, marker, state, channel_id, "
    "cursor, message_id, attempts, note"
)
SETTINGS_COLUMNS = "guild_id, channel_id, leads, role_id, since, premiere_events"
LINK_COLUMNS = "guild_id, target_key, marker, state, event_id, starts_at"


class Schedule:
    def __init__(self, database: Database) -> None:
        self.db = database

    # -- server events ----------------------------------------------------------------

    async def add_event(
        self,
        guild_id: int,
        *,
        title: str,
        show: str | None,
        starts_at: dt.datetime,
        zone: str,
        created_by: int,
        now: dt.datetime,
        max_upcoming: int,
    ) -> ServerEvent | None:
        """Add an event, or return None when the server already has `max_upcoming` upcoming.
        An event of the server with the same title (case and spacing aside) starting at the
        same moment raises EventClash, and nothing is written: checked in the insert's own
        transaction, so two adds at once cannot both pass (each would post every reminder).
        A title over EVENT_TITLE_MAX is a caller's bug (bot/server_events.py refuses it in
        words first): ValueError, and nothing is written."""
        if not 1 <= len(title) <= EVENT_TITLE_MAX:
            raise ValueError(
                f"an event title is 1 to {EVENT_TITLE_MAX} characters, not {len(title)}"
            )
        async with self.db.transaction() as tx:
            async with tx.execute(
                f"SELECT {EVENT_COLUMNS} FROM server_events WHERE guild_id = ? AND starts_at = ? "
                "ORDER BY id",
                (guild_id, _ts(starts_at)),
            ) as cursor:
                same_time = [_event(row) for row in await cursor.fetchall()]
            wanted = " ".join(title.casefold().split())
            for other in same_time:
                if " ".join(other.title.casefold().split()) == wanted:
                    raise EventClash(other)
            async with tx.execute(
                "SELECT count(*) FROM server_events WHERE guild_id = ? AND starts_at >= ?",
                (guild_id, _ts(now)),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row[0] >= max_upcoming:
                return None
            async with tx.execute(
                "INSERT INTO server_events (guild_id, title, show, starts_at, zone, created_by, "
                f"created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {EVENT_COLUMNS}",
                (guild_id, title, show, _ts(starts_at), zone, created_by, _ts(now)),
            ) as cursor:
                created = await cursor.fetchone()
        assert created is not None
        return _event(created)

    async def remove_event(self, guild_id: int, event_id: int) -> ServerEvent | None:
        """Delete an event and its not-yet-sent announcements; sent ones stay on record."""
        async with self.db.transaction() as tx:
            async with tx.execute(
                f"DELETE FROM server_events WHERE guild_id = ? AND id = ? RETURNING {EVENT_COLUMNS}",
                (guild_id, event_id),
            ) as cursor:
                removed = await cursor.fetchone()
            if removed is None:
                return None
            await tx.execute(
                "DELETE FROM announce_outbox WHERE guild_id = ? AND target_key = ? "
                "AND state = 'pending'",
                (guild_id, f"event:{event_id}"),
            )
        return _event(removed)

    async def event(self, guild_id: int, event_id: int) -> ServerEvent | None:
        row = await self.db.fetch_one(
            f"SELECT {EVENT_COLUMNS} FROM server_events WHERE guild_id = ? AND id = ?",
            (guild_id, event_id),
        )
        return _event(row) if row else None

    async def upcoming_events(
        self, guild_id: int, after: dt.datetime, *, limit: int = 100
    ) -> list[ServerEvent]:
        """Events starting at or after `after`, soonest first."""
        rows = await self.db.fetch_all(
            f"SELECT {EVENT_COLUMNS} FROM server_events WHERE guild_id = ? AND starts_at >= ? "
            "ORDER BY starts_at, id LIMIT ?",
            (guild_id, _ts(after), limit),
        )
        return [_event(row) for row in rows]

    # -- announcement settings --------------------------------------------------------

    async def settings(self, guild_id: int) -> AnnounceSettings | None:
        row = await self.db.fetch_one(
            f"SELECT {SETTINGS_COLUMNS} FROM announce_settings WHERE guild_id = ?", (guild_id,)
        )
        return _settings(row) if row else None

    async def set_announcements(
        self,
        guild_id: int,
        *,
        channel_id: int,
        leads: Sequence[int],
        role_id: int | None,
        now: dt.datetime,
    ) -> AnnounceSettings:
        """Turn announcements on (or change them). Pending rows are re-planned from scratch;
        `since` moves to `now` only when announcements were off, so nothing older is posted."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO announce_settings (guild_id, channel_id, leads, role_id, since) "
                "VALUES (:guild, :channel, :leads, :role, :now) ON CONFLICT (guild_id) DO UPDATE "
                "SET since = CASE WHEN channel_id IS NULL THEN :now ELSE since END, "
                "channel_id = :channel, leads = :leads, role_id = :role",
                {
                    "guild": guild_id,
                    "channel": channel_id,
                    "leads": ",".join(str(lead) for lead in leads),
                    "role": role_id,
                    "now": _ts(now),
                },
            )
            await tx.execute(
                "DELETE FROM announce_outbox WHERE guild_id = ? AND state = 'pending'", (guild_id,)
            )
            async with tx.execute(
                f"SELECT {SETTINGS_COLUMNS} FROM announce_settings WHERE guild_id = ?", (guild_id,)
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _settings(row)

    async def turn_off(self, guild_id: int) -> bool:
        """Stop announcing: forget the channel and role, drop what was still pending."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE announce_settings SET channel_id = NULL, role_id = NULL "
                "WHERE guild_id = ? AND channel_id IS NOT NULL",
                (guild_id,),
            )
            changed = cursor.rowcount > 0
            await tx.execute(
                "DELETE FROM announce_outbox WHERE guild_id = ? AND state = 'pending'", (guild_id,)
            )
        return changed

    async def set_premiere_events(self, guild_id: int, enabled: bool) -> AnnounceSettings:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO announce_settings (guild_id, premiere_events) VALUES (?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET premiere_events = excluded.premiere_events",
                (guild_id, int(enabled)),
            )
            async with tx.execute(
                f"SELECT {SETTINGS_COLUMNS} FROM announce_settings WHERE guild_id = ?", (guild_id,)
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _settings(row)

    async def announcing(self) -> list[AnnounceSettings]:
        """Every server with announcements on (the background loop serves them all)."""
        rows = await self.db.fetch_all(
            f"SELECT {SETTINGS_COLUMNS} FROM announce_settings WHERE channel_id IS NOT NULL "
            "ORDER BY guild_id"
        )
        return [_settings(row) for row in rows]

    async def premiere_event_guilds(self) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT guild_id FROM announce_settings WHERE premiere_events = 1 ORDER BY guild_id"
        )
        return [row[0] for row in rows]

    # -- the outbox -------------------------------------------------------------------

    async def plan(
        self, guild_id: int, planned: Sequence[PlannedAnnouncement], now: dt.datetime
    ) -> int:
        """Add outbox rows that do not exist yet; an existing (guild, target, lead) row, in
        whatever state, is never replaced. Returns how many rows were added."""
        if not planned:
            return 0
        async with self.db.transaction() as tx:
            before = tx.total_changes
            await tx.executemany(
                "INSERT INTO announce_outbox (guild_id, target_key, lead_minutes, due_at, "
                "target_at, marker, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (guild_id, target_key, lead_minutes) DO NOTHING",
                [
                    (
                        guild_id,
                        p.target_key,
                        p.lead_minutes,
                        _ts(p.due_at),
                        _ts(p.target_at),
                        new_marker(),
                        _ts(now),
                    )
                    for p in planned
                ],
            )
            return tx.total_changes - before

    async def due(self, guild_id: int, now: dt.datetime) -> list[OutboxEntry]:
        """Pending rows whose time has come, grouped by target, smallest lead first."""
        rows = await self.db.fetch_all(
            f"SELECT {OUTBOX_COLUMNS} FROM announce_outbox WHERE guild_id = ? "
            "AND state = 'pending' AND due_at <= ? ORDER BY target_at, target_key, lead_minutes",
            (guild_id, _ts(now)),
        )
        return [_entry(row) for row in rows]

    async def in_flight(self) -> list[OutboxEntry]:
        """Rows left in 'sending': a crash or an unanswered send; to be reconciled."""
        rows = await self.db.fetch_all(
            f"SELECT {OUTBOX_COLUMNS} FROM announce_outbox WHERE state = 'sending' ORDER BY id"
        )
        return [_entry(row) for row in rows]

    async def outbox(self, guild_id: int) -> list[OutboxEntry]:
        rows = await self.db.fetch_all(
            f"SELECT {OUTBOX_COLUMNS} FROM announce_outbox WHERE guild_id = ? ORDER BY due_at, id",
            (guild_id,),
        )
        return [_entry(row) for row in rows]

    async def claim(
        self,
        guild_id: int,
        entry_id: int,
        *,
        channel_id: int,
        cursor: int | None,
        now: dt.datetime,
    ) -> bool:
        """pending → sending, recording where it goes; False if it was not pending."""
        async with self.db.transaction() as tx:
            result = await tx.execute(
                "UPDATE announce_outbox SET state = 'sending', channel_id = ?, cursor = ?, "
                "attempts = attempts + 1, updated_at = ? "
                "WHERE guild_id = ? AND id = ? AND state = 'pending'",
                (channel_id, cursor, _ts(now), guild_id, entry_id),
            )
            return result.rowcount == 1

    async def mark_sent(
        self,
        guild_id: int,
        entry_id: int,
        *,
        message_id: int | None,
        now: dt.datetime,
        note: str = "",
    ) -> bool:
        """sending → sent, with the message that carries the marker (None: not known)."""
        async with self.db.transaction() as tx:
            result = await tx.execute(
                "UPDATE announce_outbox SET state = 'sent', message_id = ?, note = ?, "
                "updated_at = ? WHERE guild_id = ? AND id = ? AND state = 'sending'",
                (message_id, note, _ts(now), guild_id, entry_id),
            )
            return result.rowcount == 1

    async def release(self, guild_id: int, entry_id: int, *, now: dt.datetime, note: str) -> bool:
        """sending → pending: the channel was read and the message is not there."""
        async with self.db.transaction() as tx:
            result = await tx.execute(
                "UPDATE announce_outbox SET state = 'pending', note = ?, updated_at = ? "
                "WHERE guild_id = ? AND id = ? AND state = 'sending'",
                (note, _ts(now), guild_id, entry_id),
            )
            return result.rowcount == 1

    async def close(
        self, guild_id: int, entry_id: int, *, state: str, note: str, now: dt.datetime
    ) -> bool:
        """pending/sending → skipped or failed, with the reason."""
        if state not in ("skipped", "failed"):
            raise ValueError(f"cannot close an outbox row as {state!r}")
        async with self.db.transaction() as tx:
            result = await tx.execute(
                "UPDATE announce_outbox SET state = ?, note = ?, updated_at = ? "
                "WHERE guild_id = ? AND id = ? AND state IN ('pending', 'sending')",
                (state, note, _ts(now), guild_id, entry_id),
            )
            return result.rowcount == 1

    # -- Discord scheduled events for premieres ---------------------------------------

    async def premiere_link(self, guild_id: int, target_key: str) -> PremiereLink | None:
        row = await self.db.fetch_one(
            f"SELECT {LINK_COLUMNS} FROM premiere_events WHERE guild_id = ? AND target_key = ?",
            (guild_id, target_key),
        )
        return _link(row) if row else None

    async def premiere_links(self, guild_id: int) -> list[PremiereLink]:
        rows = await self.db.fetch_all(
            f"SELECT {LINK_COLUMNS} FROM premiere_events WHERE guild_id = ? ORDER BY starts_at",
            (guild_id,),
        )
        return [_link(row) for row in rows]

    async def begin_premiere_link(
        self, guild_id: int, target_key: str, *, starts_at: dt.datetime, now: dt.datetime
    ) -> PremiereLink:
        """The row for this premiere, created in state 'creating' if there is none yet."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO premiere_events (guild_id, target_key, marker, starts_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, target_key) DO NOTHING",
                (guild_id, target_key, new_marker(), _ts(starts_at), _ts(now)),
            )
            async with tx.execute(
                f"SELECT {LINK_COLUMNS} FROM premiere_events WHERE guild_id = ? AND target_key = ?",
                (guild_id, target_key),
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _link(row)

    async def record_premiere_link(
        self,
        guild_id: int,
        target_key: str,
        *,
        event_id: int,
        starts_at: dt.datetime,
        now: dt.datetime,
    ) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE premiere_events SET state = 'created', event_id = ?, starts_at = ?, "
                "updated_at = ? WHERE guild_id = ? AND target_key = ?",
                (event_id, _ts(starts_at), _ts(now), guild_id, target_key),
            )
