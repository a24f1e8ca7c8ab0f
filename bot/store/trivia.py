"""Trivia's tables: when each server last saw each question, nights and their rounds, and
every point won (leaderboards are sums over the points).

Every method takes the guild id the caller read from the interaction (or from a night
the store itself returned), and every row it reads or writes is scoped by it. Times go in
and out as aware UTC datetimes and are kept as ISO text, which sorts in time order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.store.database import Database
from bot.store.views import swap_state

NIGHT_STATUSES = ("scheduled", "running", "finished", "cancelled")


def _ts(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("trivia stores aware datetimes only")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _dt(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class NightRecord:
    id: int
    guild_id: int
    channel_id: int
    host_id: int
    status: str
    rounds: int
    seconds: int
    show: str | None
    difficulty: str | None
    max_season: int | None
    hints: bool
    current_round: int
    starts_at: dt.datetime | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    end_reason: str
    event_id: int | None
    created_at: dt.datetime
    # The final scores: owed and not yet confirmed posted ('pending', 'sending'), 'posted',
    # or None (none owed); the marker and cursor recorded before they were posted.
    scores_state: str | None = None
    scores_marker: str | None = None
    scores_cursor: int | None = None


@dataclass(frozen=True, slots=True)
class RoundRecord:
    night_id: int
    number: int
    question_key: str
    question: str  # JSON snapshot of the question as asked
    message_id: int | None
    opened_at: dt.datetime
    status: str
    winner_id: int | None
    winner_ms: int | None
    players: int
    revealed: bool = False
    first_message_id: int | None = None
    # Recorded just before the reveal was posted (bot/marked.py): a crash before it was
    # marked revealed is settled by finding the marker in the channel after the cursor.
    reveal_marker: str | None = None
    reveal_cursor: int | None = None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One counted guess of a night's round, as it arrived."""

    user_id: int
    snowflake: int
    text: str
    via: str
    received_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # competition ranking: equal points share a rank (1, 2, 2, 4)
    user_id: int
    points: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    entries: tuple[Standing, ...]  # this page
    page: int  # 0-based, clamped to what exists
    pages: int
    players: int
    own: Standing | None  # the asking member, wherever they are


_NIGHT_COLUMNS = (
    "id, guild_id, channel_id, host_id, status, rounds, seconds, show, difficulty, max_season, "
    "hints, current_round, starts_at, started_at, ended_at, end_reason, event_id, created_at, "
    "scores_state, scores_marker, scores_cursor"
)
_ROUND_COLUMNS = (
    "night_id, number, question_key, question, message_id, opened_at, status, winner_id, "
    "winner_ms, players, revealed_at, first_message_id, reveal_marker, reveal_cursor"
)


def _night(row: aiosqlite.Row) -> NightRecord:
    return NightRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        host_id=row["host_id"],
        status=row["status"],
        rounds=row["rounds"],
        seconds=row["seconds"],
        show=row["show"],
        difficulty=row["difficulty"],
        max_season=row["max_season"],
        hints=bool(row["hints"]),
        current_round=row["current_round"],
        starts_at=_dt(row["starts_at"]),
        started_at=_dt(row["started_at"]),
        ended_at=_dt(row["ended_at"]),
        end_reason=row["end_reason"],
        event_id=row["event_id"],
        created_at=_dt(row["created_at"]),  # type: ignore[arg-type]
        scores_state=row["scores_state"],
        scores_marker=row["scores_marker"],
        scores_cursor=row["scores_cursor"],
    )


def _round(row: aiosqlite.Row) -> RoundRecord:
    return RoundRecord(
        night_id=row["night_id"],
        number=row["number"],
        question_key=row["question_key"],
        question=row["question"],
        message_id=row["message_id"],
        opened_at=_dt(row["opened_at"]),  # type: ignore[arg-type]
        status=row["status"],
        winner_id=row["winner_id"],
        winner_ms=row["winner_ms"],
        players=row["players"],
        revealed=row["revealed_at"] is not None,
        first_message_id=row["first_message_id"],
        reveal_marker=row["reveal_marker"],
        reveal_cursor=row["reveal_cursor"],
    )


class Trivia:
    def __init__(self, database: Database) -> None:
        self.db = database

    # -- what the bank needs besides the catalogue ------------------------------------

    async def people(self) -> list[tuple[str, str]]:
        """(show, name) of every character in the shipped dataset, for wrong options."""
        rows = await self.db.fetch_all("SELECT show, name FROM people ORDER BY show, name")
        return [(row[0], row[1]) for row in rows]

    async def actors(self) -> list[tuple[str, str]]:
        """(show, actor) of every character in the shipped dataset with a recorded actor:
        the wrong options of a question about the cast."""
        rows = await self.db.fetch_all(
            "SELECT show, actor FROM people WHERE actor != '' ORDER BY show, actor"
        )
        return [(row[0], row[1]) for row in rows]

    async def roles(self) -> list[tuple[str, str]]:
        """(character, actor) of every character with a recorded actor: an actor is first
        seen where their character is."""
        rows = await self.db.fetch_all(
            "SELECT name, actor FROM people WHERE actor != '' ORDER BY show, name"
        )
        return [(row[0], row[1]) for row in rows]

    async def first_episodes(self) -> list[tuple[str, str, tuple[int, int]]]:
        """(show, name, (season, episode)) of every character whose first episode the cast
        list records: where trivia may first offer them as an option."""
        rows = await self.db.fetch_all(
            "SELECT show, name, first_season, first_number FROM people"
            " WHERE first_season IS NOT NULL AND first_number IS NOT NULL ORDER BY show, name"
        )
        return [(row[0], row[1], (row[2], row[3])) for row in rows]

    # -- least recently asked ---------------------------------------------------------

    async def asked_times(self, guild_id: int) -> dict[str, dt.datetime]:
        rows = await self.db.fetch_all(
            "SELECT question_key, asked_at FROM trivia_asked WHERE guild_id = ?", (guild_id,)
        )
        return {row[0]: dt.datetime.fromisoformat(row[1]) for row in rows}

    async def mark_asked(self, guild_id: int, question_key: str, at: dt.datetime) -> None:
        async with self.db.transaction() as tx:
            await _mark_asked(tx, guild_id, question_key, at)

    # -- points -----------------------------------------------------------------------

    async def award(
        self, guild_id: int, user_id: int, points: int, at: dt.datetime, question_key: str
    ) -> None:
        """Points from quick trivia (no night)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO trivia_points (guild_id, user_id, points, earned_at, question_key) "
                "VALUES (?, ?, ?, ?, ?)",
                (guild_id, user_id, points, _ts(at), question_key),
            )

    async def answer_quick(
        self,
        guild_id: int,
        message_id: int,
        expected: dict[str, Any],
        state: dict[str, Any],
        *,
        award: tuple[int, int, dt.datetime, str] | None,
    ) -> bool:
        """A quick question's answer in one transaction: its view state swapped from
        `expected` to `state` (of two presses only one wins) and, for a right answer, the
        `award` (user, points, at, question key). False when another answer came first;
        if the points can't be written, the question stays unanswered."""
        async with self.db.transaction() as tx:
            if not await swap_state(tx, guild_id, message_id, "quiz", expected, state):
                return False
            if award is not None:
                user_id, points, at, question_key = award
                await tx.execute(
                    "INSERT INTO trivia_points "
                    "(guild_id, user_id, points, earned_at, question_key) VALUES (?, ?, ?, ?, ?)",
                    (guild_id, user_id, points, _ts(at), question_key),
                )
        return True

    async def leaderboard(
        self,
        guild_id: int,
        *,
        since: dt.datetime | None = None,
        night_id: int | None = None,
        page: int = 0,
        per_page: int = 10,
        user_id: int | None = None,
    ) -> Leaderboard:
        """A page of standings (all time, since a moment, or for one night), ties sharing
        a rank, plus the asking member's own standing."""
        parameters: dict[str, Any] = {
            "guild": guild_id,
            "since": _ts(since) if since else None,
            "night": night_id,
        }
        totals = """
            WITH totals AS (
                SELECT user_id, SUM(points) AS points FROM trivia_points
                WHERE guild_id = :guild
                  AND (:since IS NULL OR earned_at >= :since)
                  AND (:night IS NULL OR night_id = :night)
                GROUP BY user_id
            ),
            ranked AS (
                SELECT user_id, points, RANK() OVER (ORDER BY points DESC) AS rank FROM totals
            )
        """
        players = int(
            await self.db.fetch_value(f"{totals} SELECT count(*) FROM ranked", parameters)
        )
        pages = max(1, math.ceil(players / per_page))
        page = min(max(page, 0), pages - 1)
        rows = await self.db.fetch_all(
            f"{totals} SELECT rank, user_id, points FROM ranked ORDER BY rank, user_id "
            "LIMIT :limit OFFSET :offset",
            parameters | {"limit": per_page, "offset": page * per_page},
        )
        own = None
        if user_id is not None:
            row = await self.db.fetch_one(
                f"{totals} SELECT rank, user_id, points FROM ranked WHERE user_id = :user",
                parameters | {"user": user_id},
            )
            own = Standing(*row) if row else None
        return Leaderboard(tuple(Standing(*row) for row in rows), page, pages, players, own)

    # -- nights -----------------------------------------------------------------------

    async def start_night(
        self,
        guild_id: int,
        channel_id: int,
        host_id: int,
        *,
        rounds: int,
        seconds: int,
        show: str | None,
        difficulty: str | None,
        max_season: int | None,
        hints: bool,
        at: dt.datetime,
    ) -> NightRecord | None:
        """A running night, or None when this server already has one running."""
        async with self.db.transaction() as tx:
            if await _running_id(tx, guild_id) is not None:
                return None
            night_id = await _insert_night(
                tx,
                guild_id,
                channel_id,
                host_id,
                status="running",
                time_column="started_at",
                time=at,
                at=at,
                rounds=rounds,
                seconds=seconds,
                show=show,
                difficulty=difficulty,
                max_season=max_season,
                hints=hints,
            )
        return await self.night(guild_id, night_id)

    async def schedule_night(
        self,
        guild_id: int,
        channel_id: int,
        host_id: int,
        *,
        starts_at: dt.datetime,
        rounds: int,
        seconds: int,
        show: str | None,
        difficulty: str | None,
        max_season: int | None,
        hints: bool,
        at: dt.datetime,
        length_of: Callable[[int, int], dt.timedelta],
    ) -> NightRecord:
        """Plan a night, unless another planned night of the server would still be running
        when it starts, or be starting while it runs (`length_of(rounds, seconds)`): then
        NightClash, and nothing is written."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE guild_id = ? "
                "AND status = 'scheduled' ORDER BY starts_at",
                (guild_id,),
            )
            mine = length_of(rounds, seconds)
            for row in await cursor.fetchall():
                other = _night(row)
                assert other.starts_at is not None
                theirs = length_of(other.rounds, other.seconds)
                if other.starts_at - mine < starts_at < other.starts_at + theirs:
                    raise NightClash(other)
            night_id = await _insert_night(
                tx,
                guild_id,
                channel_id,
                host_id,
                status="scheduled",
                time_column="starts_at",
                time=starts_at,
                at=at,
                rounds=rounds,
                seconds=seconds,
                show=show,
                difficulty=difficulty,
                max_season=max_season,
                hints=hints,
            )
        night = await self.night(guild_id, night_id)
        assert night is not None
        return night

    async def set_event(self, guild_id: int, night_id: int, event_id: int) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_nights SET event_id = ? WHERE id = ? AND guild_id = ?",
                (event_id, night_id, guild_id),
            )

    async def night(self, guild_id: int, night_id: int) -> NightRecord | None:
        row = await self.db.fetch_one(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE id = ? AND guild_id = ?",
            (night_id, guild_id),
        )
        return _night(row) if row else None

    async def running_night(self, guild_id: int) -> NightRecord | None:
        row = await self.db.fetch_one(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE guild_id = ? AND status = 'running'",
            (guild_id,),
        )
        return _night(row) if row else None

    async def latest_night(self, guild_id: int) -> NightRecord | None:
        """The night running now, or else the one that started last."""
        row = await self.db.fetch_one(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE guild_id = ? "
            "AND status IN ('running', 'finished') AND started_at IS NOT NULL "
            "ORDER BY status = 'running' DESC, started_at DESC, id DESC LIMIT 1",
            (guild_id,),
        )
        return _night(row) if row else None

    async def scheduled_nights(self, guild_id: int) -> list[NightRecord]:
        rows = await self.db.fetch_all(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE guild_id = ? "
            "AND status = 'scheduled' ORDER BY starts_at, id",
            (guild_id,),
        )
        return [_night(row) for row in rows]

    async def running_nights_everywhere(self) -> list[NightRecord]:
        """Every server's running night: what a restarted bot resumes (or ends)."""
        rows = await self.db.fetch_all(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE status = 'running' ORDER BY id"
        )
        return [_night(row) for row in rows]

    async def due_nights_everywhere(self, now: dt.datetime) -> list[NightRecord]:
        """Scheduled nights whose start time has come, in every server."""
        rows = await self.db.fetch_all(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE status = 'scheduled' "
            "AND starts_at <= ? ORDER BY starts_at, id",
            (_ts(now),),
        )
        return [_night(row) for row in rows]

    async def claim_scheduled(
        self, guild_id: int, night_id: int, at: dt.datetime
    ) -> NightRecord | None:
        """Turn a scheduled night into the running one, exactly once.

        Returns the night if this call started it; None if it was already started or
        cancelled, or if another night was running then (it is cancelled as 'busy').
        """
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "SELECT status FROM trivia_nights WHERE id = ? AND guild_id = ?",
                (night_id, guild_id),
            )
            row = await cursor.fetchone()
            if row is None or row[0] != "scheduled":
                return None
            if await _running_id(tx, guild_id) is not None:
                await tx.execute(
                    "UPDATE trivia_nights SET status = 'cancelled', ended_at = ?, "
                    "end_reason = 'busy' WHERE id = ? AND guild_id = ?",
                    (_ts(at), night_id, guild_id),
                )
                return None
            await tx.execute(
                "UPDATE trivia_nights SET status = 'running', started_at = ? "
                "WHERE id = ? AND guild_id = ? AND status = 'scheduled'",
                (_ts(at), night_id, guild_id),
            )
        return await self.night(guild_id, night_id)

    async def cancel_scheduled(self, guild_id: int, night_id: int, at: dt.datetime) -> bool:
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE trivia_nights SET status = 'cancelled', ended_at = ?, "
                "end_reason = 'cancelled' WHERE id = ? AND guild_id = ? AND status = 'scheduled'",
                (_ts(at), night_id, guild_id),
            )
            return cursor.rowcount == 1

    async def finish_night(
        self,
        guild_id: int,
        night_id: int,
        at: dt.datetime,
        reason: str,
        *,
        scores_owed: bool = False,
    ) -> bool:
        """End a running night (scores are kept). False if it was not running.
        `scores_owed`: its final scores are still to be posted in its channel (a restart
        posts them if this process cannot)."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE trivia_nights SET status = 'finished', ended_at = ?, end_reason = ?, "
                "scores_state = ? WHERE id = ? AND guild_id = ? AND status = 'running'",
                (_ts(at), reason, "pending" if scores_owed else None, night_id, guild_id),
            )
            return cursor.rowcount == 1

    async def nights_owing_scores(self) -> list[NightRecord]:
        """Finished nights, in every server, whose final scores are not known to be posted."""
        rows = await self.db.fetch_all(
            f"SELECT {_NIGHT_COLUMNS} FROM trivia_nights WHERE status = 'finished' "
            "AND scores_state IN ('pending', 'sending') ORDER BY id"
        )
        return [_night(row) for row in rows]

    async def claim_scores(
        self, guild_id: int, night_id: int, *, marker: str, cursor: int | None
    ) -> None:
        """About to post the final scores, carrying `marker`; `cursor` is the channel's
        last message id now."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_nights SET scores_state = 'sending', scores_marker = ?, "
                "scores_cursor = ? WHERE id = ? AND guild_id = ? "
                "AND scores_state IN ('pending', 'sending')",
                (marker, cursor, night_id, guild_id),
            )

    async def scores_posted(self, guild_id: int, night_id: int) -> None:
        """The final scores are in the channel (or can never be): not posted again."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_nights SET scores_state = 'posted' "
                "WHERE id = ? AND guild_id = ? AND scores_state IS NOT NULL",
                (night_id, guild_id),
            )

    # -- rounds -----------------------------------------------------------------------

    async def open_round(
        self,
        guild_id: int,
        night_id: int,
        number: int,
        *,
        question_key: str,
        question: str,
        opened_at: dt.datetime,
    ) -> bool:
        """Record round `number` as asked (and the question as asked in this server).

        False when the night is no longer running or the round exists already.
        """
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE trivia_nights SET current_round = ? "
                "WHERE id = ? AND guild_id = ? AND status = 'running' AND current_round = ?",
                (number, night_id, guild_id, number - 1),
            )
            if cursor.rowcount != 1:
                return False
            await tx.execute(
                "INSERT INTO trivia_rounds (night_id, guild_id, number, question_key, question, "
                "opened_at) VALUES (?, ?, ?, ?, ?, ?)",
                (night_id, guild_id, number, question_key, question, _ts(opened_at)),
            )
            await _mark_asked(tx, guild_id, question_key, opened_at)
        return True

    async def set_round_message(
        self,
        guild_id: int,
        night_id: int,
        number: int,
        message_id: int,
        opened_at: dt.datetime,
    ) -> None:
        """The message that asks the round (again, after a restart) and when it went out."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_rounds SET message_id = ?, opened_at = ?, "
                "first_message_id = coalesce(first_message_id, ?) "
                "WHERE night_id = ? AND guild_id = ? AND number = ? AND status = 'open'",
                (message_id, _ts(opened_at), message_id, night_id, guild_id, number),
            )

    async def record_answer(
        self,
        guild_id: int,
        night_id: int,
        number: int,
        *,
        user_id: int,
        snowflake: int,
        text: str,
        via: str,
        at: dt.datetime,
    ) -> None:
        """Keep one counted guess, so that a restart replays it into the round."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO trivia_answers (night_id, guild_id, number, user_id, snowflake, "
                "text, via, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (night_id, guild_id, number, user_id, snowflake, text, via, _ts(at)),
            )

    async def round_answers(self, guild_id: int, night_id: int, number: int) -> list[AnswerRecord]:
        rows = await self.db.fetch_all(
            "SELECT user_id, snowflake, text, via, received_at FROM trivia_answers "
            "WHERE night_id = ? AND guild_id = ? AND number = ? ORDER BY id",
            (night_id, guild_id, number),
        )
        return [
            AnswerRecord(r[0], r[1], r[2], r[3], _dt(r[4]))  # type: ignore[arg-type]
            for r in rows
        ]

    async def claim_reveal(
        self, guild_id: int, night_id: int, number: int, *, marker: str, cursor: int | None
    ) -> None:
        """About to post the round's reveal, carrying `marker`; `cursor` is the channel's
        last message id now."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_rounds SET reveal_marker = ?, reveal_cursor = ? "
                "WHERE night_id = ? AND guild_id = ? AND number = ? AND revealed_at IS NULL",
                (marker, cursor, night_id, guild_id, number),
            )

    async def mark_revealed(
        self, guild_id: int, night_id: int, number: int, at: dt.datetime
    ) -> None:
        """The round's answer was posted: a restart will not post it again."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE trivia_rounds SET revealed_at = ? "
                "WHERE night_id = ? AND guild_id = ? AND number = ? AND revealed_at IS NULL",
                (_ts(at), night_id, guild_id, number),
            )

    async def close_round(
        self,
        guild_id: int,
        night_id: int,
        number: int,
        *,
        winner_id: int | None,
        winner_ms: int | None,
        points: int,
        players: int,
        at: dt.datetime,
    ) -> bool:
        """Close an open round and award its points in one transaction, exactly once."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE trivia_rounds SET status = 'closed', winner_id = ?, winner_ms = ?, "
                "players = ?, closed_at = ? "
                "WHERE night_id = ? AND guild_id = ? AND number = ? AND status = 'open' "
                "RETURNING question_key",
                (winner_id, winner_ms, players, _ts(at), night_id, guild_id, number),
            )
            row = await cursor.fetchone()
            if row is None:
                return False
            if winner_id is not None and points > 0:
                await tx.execute(
                    "INSERT INTO trivia_points (guild_id, user_id, points, earned_at, night_id, "
                    "round_number, question_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (guild_id, winner_id, points, _ts(at), night_id, number, row[0]),
                )
        return True

    async def rounds(self, guild_id: int, night_id: int) -> list[RoundRecord]:
        rows = await self.db.fetch_all(
            f"SELECT {_ROUND_COLUMNS} FROM trivia_rounds WHERE night_id = ? AND guild_id = ? "
            "ORDER BY number",
            (night_id, guild_id),
        )
        return [_round(row) for row in rows]

    async def open_round_of(self, guild_id: int, night_id: int) -> RoundRecord | None:
        rows = await self.db.fetch_all(
            f"SELECT {_ROUND_COLUMNS} FROM trivia_rounds WHERE night_id = ? AND guild_id = ? "
            "AND status = 'open' ORDER BY number DESC LIMIT 1",
            (night_id, guild_id),
        )
        return _round(rows[0]) if rows else None

    async def last_activity(self, guild_id: int, night_id: int) -> dt.datetime | None:
        """When the night last did something: its start, or its latest round opening/close."""
        value = await self.db.fetch_value(
            "SELECT max(coalesce(n.started_at, ''), coalesce(max(r.opened_at), ''), "
            "coalesce(max(r.closed_at), '')) FROM trivia_nights n "
            "LEFT JOIN trivia_rounds r ON r.night_id = n.id "
            "WHERE n.id = ? AND n.guild_id = ?",
            (night_id, guild_id),
        )
        return _dt(value) if value else None


class NightClash(Exception):
    """A night would overlap another planned night of the same server."""

    def __init__(self, other: NightRecord) -> None:
        super().__init__(f"overlaps night {other.id}")
        self.other = other


async def _running_id(tx: aiosqlite.Connection, guild_id: int) -> int | None:
    cursor = await tx.execute(
        "SELECT id FROM trivia_nights WHERE guild_id = ? AND status = 'running'", (guild_id,)
    )
    row = await cursor.fetchone()
    return None if row is None else int(row[0])


async def _mark_asked(
    tx: aiosqlite.Connection, guild_id: int, question_key: str, at: dt.datetime
) -> None:
    await tx.execute(
        "INSERT INTO trivia_asked (guild_id, question_key, asked_at) VALUES (?, ?, ?) "
        "ON CONFLICT (guild_id, question_key) DO UPDATE SET asked_at = excluded.asked_at, "
        "times = times + 1",
        (guild_id, question_key, _ts(at)),
    )


__all__: Sequence[str] = (
    "Leaderboard",
    "NightClash",
    "NightRecord",
    "RoundRecord",
    "Standing",
    "Trivia",
)


async def _insert_night(
    tx: aiosqlite.Connection,
    guild_id: int,
    channel_id: int,
    host_id: int,
    *,
    status: str,
    time_column: str,
    time: dt.datetime,
    at: dt.datetime,
    rounds: int,
    seconds: int,
    show: str | None,
    difficulty: str | None,
    max_season: int | None,
    hints: bool,
) -> int:
    """One trivia_nights row: running (started_at) or scheduled (starts_at); returns its id."""
    assert time_column in ("started_at", "starts_at")  # a column name, never user input
    cursor = await tx.execute(
        "INSERT INTO trivia_nights (guild_id, channel_id, host_id, status, rounds, seconds, "
        f"show, difficulty, max_season, hints, {time_column}, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            guild_id,
            channel_id,
            host_id,
            status,
            rounds,
            seconds,
            show,
            difficulty,
            max_season,
            int(hints),
            _ts(time),
            _ts(at),
        ),
    )
    row = await cursor.fetchone()
    assert row is not None
    return int(row[0])
