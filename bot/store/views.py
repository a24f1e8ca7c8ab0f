"""The state behind persistent buttons: what a message's view needs after a restart."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class ViewState:
    message_id: int
    guild_id: int
    kind: str
    owner_id: int
    state: dict[str, Any]
    created_at: dt.datetime


class ViewStates:
    def __init__(self, database: Database) -> None:
        self.db = database

    async def save(
        self,
        guild_id: int,
        message_id: int,
        *,
        kind: str,
        owner_id: int,
        state: dict[str, Any],
        at: dt.datetime,
        prune_before: dt.datetime | None = None,
    ) -> None:
        """Keep `state` for `message_id`; drop states older than `prune_before` meanwhile."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO view_states (message_id, guild_id, kind, owner_id, state, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
                "state = excluded.state",
                (
                    message_id,
                    guild_id,
                    kind,
                    owner_id,
                    json.dumps(state, sort_keys=True),
                    at.astimezone(dt.UTC).isoformat(),
                ),
            )
            if prune_before is not None:
                await tx.execute(
                    "DELETE FROM view_states WHERE created_at < ?",
                    (prune_before.astimezone(dt.UTC).isoformat(),),
                )

    async def get(self, guild_id: int, message_id: int, kind: str) -> ViewState | None:
        row = await self.db.fetch_one(
            "SELECT message_id, guild_id, kind, owner_id, state, created_at FROM view_states "
            "WHERE message_id = ? AND guild_id = ? AND kind = ?",
            (message_id, guild_id, kind),
        )
        return None if row is None else _view_state(row)

    async def lapsed(self, kind: str, now: dt.datetime) -> list[ViewState]:
        """States of `kind`, in every server, still open (not "answered") whose "expires"
        moment has come: what a sweep closes, also after a restart."""
        rows = await self.db.fetch_all(
            "SELECT message_id, guild_id, kind, owner_id, state, created_at FROM view_states "
            "WHERE kind = ? AND json_extract(state, '$.answered') = 0 "
            "AND json_extract(state, '$.expires') IS NOT NULL ORDER BY created_at",
            (kind,),
        )
        states = [_view_state(row) for row in rows]
        return [v for v in states if dt.datetime.fromisoformat(v.state["expires"]) <= now]

    async def claim(
        self, guild_id: int, message_id: int, kind: str, *, as_kind: str
    ) -> ViewState | None:
        """Take the state of `kind` once: it becomes `as_kind` and is returned; a second
        claim (a double click, a click after a restart) finds nothing and gets None."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE view_states SET kind = ? WHERE message_id = ? AND guild_id = ? "
                "AND kind = ? RETURNING message_id, guild_id, kind, owner_id, state, created_at",
                (as_kind, message_id, guild_id, kind),
            )
            row = await cursor.fetchone()
        return None if row is None else _view_state(row)

    async def replace(
        self,
        guild_id: int,
        message_id: int,
        kind: str,
        expected: dict[str, Any],
        state: dict[str, Any],
    ) -> bool:
        """Swap `message_id`'s state for `state` if it still is `expected`: of two presses
        that read the same state, only one wins (a quick trivia answer counts once)."""
        async with self.db.transaction() as tx:
            return await swap_state(tx, guild_id, message_id, kind, expected, state)


async def swap_state(
    tx: aiosqlite.Connection,
    guild_id: int,
    message_id: int,
    kind: str,
    expected: dict[str, Any],
    state: dict[str, Any],
) -> bool:
    """Inside `tx`: the state swapped if it still is `expected` (True), else nothing."""
    cursor = await tx.execute(
        "UPDATE view_states SET state = ? WHERE message_id = ? AND guild_id = ? "
        "AND kind = ? AND state = ?",
        (
            json.dumps(state, sort_keys=True),
            message_id,
            guild_id,
            kind,
            json.dumps(expected, sort_keys=True),
        ),
    )
    return cursor.rowcount == 1


def _view_state(row: Any) -> ViewState:
    return ViewState(
        int(row[0]),
        int(row[1]),
        str(row[2]),
        int(row[3]),
        json.loads(row[4]),
        dt.datetime.fromisoformat(row[5]),
    )
