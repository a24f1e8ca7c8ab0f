"""Moderators' changes to a server's facts, and their append-only revision log.

Each change writes the server's row in `facts` (its overlay on the shipped base) and
appends one row to `fact_revisions`, in one transaction: after any crash the row equals
the `after` of the last revision of its fact. Every statement is scoped by the guild id
the caller took from the interaction; the shipped base (guild 0) is only ever read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import aiosqlite

from bot.dataset import parse_when
from bot.facts_admin import (
    OPERATOR_ID,
    AlreadyApplied,
    ChangeRefused,
    EditConflict,
    FactState,
    ImportPlan,
    OverlayEntry,
    Revision,
    Rules,
    Source,
    action_for,
    effective,
    format_at,
    new_key,
    parse_at,
    state_from_text,
    state_to_text,
)
from bot.shows import title as show_title
from bot.store.database import Database

ROW_COLUMNS = (
    "show, kind, text, correction, when_text, tags, episode_season, episode_number, "
    "source_title, source_url, spoiler, hidden"
)
REVISION_COLUMNS = "id, guild_id, fact_key, action, actor, at, before, after, undoes"
_ANY: Any = object()  # "no expectation" for the optimistic check


@dataclass(frozen=True, slots=True)
class ImportReport:
    revisions_added: int
    revisions_known: int
    facts_changed: int
    facts_unchanged: int


def _state(row: aiosqlite.Row | None) -> FactState | None:
    if row is None:
        return None
    season, number = row["episode_season"], row["episode_number"]
    return FactState(
        show=row["show"],
        kind=row["kind"],
        text=row["text"],
        correction=row["correction"],
        when=row["when_text"],
        tags=tuple(json.loads(row["tags"])),
        episode=(season, number) if season is not None else None,
        source_title=row["source_title"],
        source_url=row["source_url"],
        spoiler=bool(row["spoiler"]),
        hidden=bool(row["hidden"]),
    )


def _revision(row: aiosqlite.Row) -> Revision:
    return Revision(
        id=row["id"],
        guild_id=row["guild_id"],
        fact_key=row["fact_key"],
        action=row["action"],
        actor=row["actor"],
        at=parse_at(row["at"]),
        before=state_from_text(row["before"]),
        after=state_from_text(row["after"]),
        undoes=row["undoes"],
    )


def _check_guild(guild_id: int) -> None:
    if not isinstance(guild_id, int) or guild_id <= 0:
        raise ValueError(f"a server's changes need its guild id, not {guild_id!r}")


class FactEdits:
    """The overlay rows of each server and the log of every change made to them."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # -- reading ----------------------------------------------------------------------

    async def rules(self) -> Rules:
        """The shows and episodes a fact may cite, for validation (remembered until a write)."""
        return await self.db.memo("rules", self._read_rules, content=True)

    async def _read_rules(self) -> Rules:
        shows = await self.db.fetch_all("SELECT code, universe FROM shows")
        episodes = await self.db.fetch_all("SELECT show, season, number, title FROM episodes")
        return Rules(
            {row[0]: row[1] for row in shows},
            frozenset((row[0], row[1], row[2]) for row in episodes),
            {(row[0], row[1], row[2]): row[3] for row in episodes},
        )

    async def base_keys(self) -> set[str]:
        return {
            row[0] for row in await self.db.fetch_all("SELECT key FROM facts WHERE guild_id = 0")
        }

    async def base_state(self, key: str) -> FactState | None:
        """The shipped fact `key`, as a version (None when the base has no such fact)."""
        return _state(
            await self.db.fetch_one(
                f"SELECT {ROW_COLUMNS} FROM facts WHERE guild_id = 0 AND key = ?", (key,)
            )
        )

    async def overlay_state(self, guild_id: int, key: str) -> FactState | None:
        """The server's own row for `key` (hidden or not), or None."""
        _check_guild(guild_id)
        return _state(
            await self.db.fetch_one(
                f"SELECT {ROW_COLUMNS} FROM facts WHERE guild_id = ? AND key = ?", (guild_id, key)
            )
        )

    async def current(self, guild_id: int, key: str) -> tuple[FactState | None, FactState | None]:
        """(the server's row, the shipped fact) for `key`."""
        return await self.overlay_state(guild_id, key), await self.base_state(key)

    async def known(self, guild_id: int, key: str) -> bool:
        """Whether `key` means anything to this server: shipped, its own, or in its log."""
        _check_guild(guild_id)
        return bool(
            await self.db.fetch_value(
                "SELECT EXISTS (SELECT 1 FROM facts WHERE key = :key AND guild_id IN (0, :g)) "
                "OR EXISTS (SELECT 1 FROM fact_revisions WHERE guild_id = :g AND fact_key = :key)",
                {"key": key, "g": guild_id},
            )
        )

    async def overlay(
        self, guild_id: int, *, limit: int = 1000, offset: int = 0
    ) -> list[OverlayEntry]:
        """The facts this server changed against the base, most recently changed first."""
        _check_guild(guild_id)
        rows = await self.db.fetch_all(
            f"""SELECT o.key, {", ".join("o." + c.strip() for c in ROW_COLUMNS.split(","))},
                       (SELECT max(r.id) FROM fact_revisions r
                         WHERE r.guild_id = o.guild_id AND r.fact_key = o.key) AS last_id
                FROM facts o WHERE o.guild_id = ?
                ORDER BY last_id IS NULL, last_id DESC, o.key LIMIT ? OFFSET ?""",
            (guild_id, limit, offset),
        )
        keys = [row["key"] for row in rows]
        bases = await self._base_states(keys)
        last_ids = [row["last_id"] for row in rows if row["last_id"] is not None]
        revisions = {r.id: r for r in await self._revisions_by_id(guild_id, last_ids)}
        entries = []
        for row in rows:
            state = _state(row)
            assert state is not None
            entries.append(
                OverlayEntry(
                    row["key"], state, bases.get(row["key"]), revisions.get(row["last_id"])
                )
            )
        return entries

    async def overlay_revision(self, guild_id: int) -> tuple[int, int] | None:
        """A cheap stamp of this server's overlay, for caches of what it sees: (the id of
        its latest revision, its number of rows); (0, 0) for a server that changed nothing.

        Every change appends a revision in the same transaction as its row, so the stamp
        moves with every committed change. None while a transaction is open on the
        connection: a read then may see rows that are rolled back, so it must not be cached.
        """
        if self.db.content_open:
            return None
        row = await self.db.memo(
            ("overlay_revision", guild_id),
            lambda: self.db.fetch_one(
                "SELECT (SELECT coalesce(max(id), 0) FROM fact_revisions WHERE guild_id = :g), "
                "(SELECT count(*) FROM facts WHERE guild_id = :g AND :g <> 0)",
                {"g": guild_id},
            ),
            content=True,
        )
        assert row is not None
        return int(row[0]), int(row[1])

    # -- the audit outbox ---------------------------------------------------------------

    async def pending_audits(self) -> list[tuple[int, int, int]]:
        """(guild_id, revision_id, attempts) of every change whose audit post is not made
        yet, oldest first, across servers (for the deliverer)."""
        rows = await self.db.fetch_all(
            "SELECT guild_id, revision_id, attempts FROM audit_outbox ORDER BY revision_id"
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def audit_done(self, guild_id: int, revision_id: int) -> None:
        """The post is made, or can never be: the change leaves the outbox."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "DELETE FROM audit_outbox WHERE guild_id = ? AND revision_id = ?",
                (guild_id, revision_id),
            )

    async def audit_failed(self, guild_id: int, revision_id: int, note: str) -> int:
        """A transient failure: counted, kept for another try. Returns the attempts so far."""
        async with self.db.transaction() as tx:
            row = await _one(
                tx,
                "UPDATE audit_outbox SET attempts = attempts + 1, note = ? "
                "WHERE guild_id = ? AND revision_id = ? RETURNING attempts",
                (note[:200], guild_id, revision_id),
            )
        return int(row[0]) if row else 0

    async def overlay_count(self, guild_id: int) -> int:
        _check_guild(guild_id)
        return await self.db.fetch_value(
            "SELECT count(*) FROM facts WHERE guild_id = ?", (guild_id,)
        )

    async def _base_states(self, keys: Sequence[str]) -> dict[str, FactState]:
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        rows = await self.db.fetch_all(
            f"SELECT key, {ROW_COLUMNS} FROM facts WHERE guild_id = 0 AND key IN ({marks})",
            list(keys),
        )
        return {row["key"]: state for row in rows if (state := _state(row)) is not None}

    async def _revisions_by_id(self, guild_id: int, ids: Sequence[int]) -> list[Revision]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = await self.db.fetch_all(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND id IN ({marks})",
            [guild_id, *ids],
        )
        return [_revision(row) for row in rows]

    async def revision(self, guild_id: int, revision_id: int) -> Revision | None:
        """Revision `revision_id` if it belongs to this server (ids of others are unknown)."""
        _check_guild(guild_id)
        row = await self.db.fetch_one(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND id = ?",
            (guild_id, revision_id),
        )
        return _revision(row) if row else None

    async def latest_revision(self, guild_id: int, key: str) -> Revision | None:
        _check_guild(guild_id)
        row = await self.db.fetch_one(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND fact_key = ? "
            "ORDER BY id DESC LIMIT 1",
            (guild_id, key),
        )
        return _revision(row) if row else None

    async def request_revision(self, guild_id: int, request: str) -> Revision | None:
        """The change a request key (a /fact form's id) made on this server, if any."""
        _check_guild(guild_id)
        row = await self.db.fetch_one(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND request = ?",
            (guild_id, request),
        )
        return _revision(row) if row else None

    async def history(
        self, guild_id: int, key: str, *, limit: int = 5, offset: int = 0
    ) -> list[Revision]:
        """The changes to one fact on this server, newest first."""
        _check_guild(guild_id)
        rows = await self.db.fetch_all(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND fact_key = ? "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            (guild_id, key, limit, offset),
        )
        return [_revision(row) for row in rows]

    async def history_count(self, guild_id: int, key: str) -> int:
        _check_guild(guild_id)
        return await self.db.fetch_value(
            "SELECT count(*) FROM fact_revisions WHERE guild_id = ? AND fact_key = ?",
            (guild_id, key),
        )

    async def revisions(self, guild_id: int) -> list[Revision]:
        """This server's whole log, oldest first (for export)."""
        _check_guild(guild_id)
        rows = await self.db.fetch_all(
            f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [_revision(row) for row in rows]

    async def suggest(
        self, guild_id: int, typed: str, *, changed_only: bool = False, limit: int = 25
    ) -> list[tuple[str, str]]:
        """(key, text) pairs for autocomplete: facts the server sees, or (with `changed_only`)
        keys it has its own row or history for, matching `typed` in the key or the text."""
        _check_guild(guild_id)
        pattern = (
            "%" + typed.strip().lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        )
        if changed_only:
            sql = """
                SELECT k.key, coalesce(o.text, b.text, '') FROM (
                    SELECT key FROM facts WHERE guild_id = :g
                    UNION SELECT fact_key FROM fact_revisions WHERE guild_id = :g) k
                LEFT JOIN facts o ON o.guild_id = :g AND o.key = k.key
                LEFT JOIN facts b ON b.guild_id = 0 AND b.key = k.key
                WHERE lower(k.key) LIKE :p OR lower(coalesce(o.text, b.text, '')) LIKE :p
                ORDER BY k.key LIMIT :limit"""
        else:
            sql = """
                SELECT f.key, f.text FROM facts f
                WHERE f.hidden = 0 AND (f.guild_id = :g OR (f.guild_id = 0 AND NOT EXISTS (
                    SELECT 1 FROM facts o WHERE o.guild_id = :g AND o.key = f.key)))
                  AND (lower(f.key) LIKE :p OR lower(f.text) LIKE :p)
                ORDER BY f.guild_id = 0, f.key LIMIT :limit"""
        rows = await self.db.fetch_all(sql, {"g": guild_id, "p": pattern, "limit": limit})
        return [(row[0], row[1]) for row in rows]

    # -- changing ---------------------------------------------------------------------

    async def add(
        self,
        guild_id: int,
        state: FactState,
        *,
        actor: int,
        at: dt.datetime,
        request: str | None = None,
    ) -> Revision:
        """A new fact of this server's own, under a fresh `srv-` key.

        `request` (the id of the /fact form it came from) makes it idempotent: a second add
        with the same key in the same server (the form submitted twice, each preview
        confirmed) raises AlreadyApplied instead of adding another fact.
        """
        _check_guild(guild_id)
        if state.hidden:
            raise ValueError("a new fact cannot be hidden")
        async with self.db.transaction(content=True) as tx:
            if request is not None:
                done = await _one(
                    tx,
                    "SELECT id, fact_key FROM fact_revisions WHERE guild_id = ? AND request = ?",
                    (guild_id, request),
                )
                if done is not None:
                    raise AlreadyApplied(int(done[0]), str(done[1]))
            taken = {
                row[0]
                for row in await _all(
                    tx,
                    "SELECT key FROM facts WHERE guild_id IN (0, :g) AND key LIKE 'srv-%' "
                    "UNION SELECT fact_key FROM fact_revisions WHERE guild_id = :g",
                    {"g": guild_id},
                )
            }
            key = new_key(state.text, taken)
            return await self._apply(tx, guild_id, key, state, "add", actor, at, request=request)

    async def edit(
        self,
        guild_id: int,
        key: str,
        state: FactState,
        *,
        actor: int,
        at: dt.datetime,
        expected: FactState | None = _ANY,
    ) -> Revision:
        """Replace what the server sees for `key` (a shipped fact or its own) with `state`."""
        _check_guild(guild_id)
        if state.hidden:
            raise ValueError("use remove() to hide a fact")
        async with self.db.transaction(content=True) as tx:
            before, base = await _row(tx, guild_id, key), await _row(tx, 0, key)
            current = effective(before, base)
            if current is None:
                raise ChangeRefused(_missing(key, before))
            if state == current:
                raise ChangeRefused("That is what the fact already says; nothing was changed.")
            return await self._apply(tx, guild_id, key, state, "edit", actor, at, expected=expected)

    async def remove(
        self,
        guild_id: int,
        key: str,
        source: Source,
        *,
        actor: int,
        at: dt.datetime,
        expected: FactState | None = _ANY,
    ) -> Revision:
        """Hide `key` on this server; `source` (kept on the hidden row) says why."""
        _check_guild(guild_id)
        async with self.db.transaction(content=True) as tx:
            before, base = await _row(tx, guild_id, key), await _row(tx, 0, key)
            current = effective(before, base)
            if current is None:
                raise ChangeRefused(_missing(key, before))
            after = replace(current.with_source(source), hidden=True)
            return await self._apply(
                tx, guild_id, key, after, "remove", actor, at, expected=expected
            )

    async def revert(
        self,
        guild_id: int,
        key: str,
        *,
        actor: int,
        at: dt.datetime,
        expected: FactState | None = _ANY,
    ) -> Revision:
        """Drop the server's own row for `key`: the shipped fact shows again."""
        _check_guild(guild_id)
        async with self.db.transaction(content=True) as tx:
            if await _row(tx, guild_id, key) is None:
                raise ChangeRefused(
                    f"This server has no version of its own of `{key}`; there is nothing to revert."
                )
            return await self._apply(
                tx, guild_id, key, None, "revert", actor, at, expected=expected
            )

    async def undo(
        self,
        guild_id: int,
        key: str,
        *,
        actor: int,
        at: dt.datetime,
        revision_id: int | None = None,
        expected_latest: int | None = None,
    ) -> Revision:
        """Restore the version from before `revision_id` (default: the fact's latest change).

        The undo is itself a revision, so undoing it again is a redo; nothing is deleted.
        """
        _check_guild(guild_id)
        async with self.db.transaction(content=True) as tx:
            latest = await _latest(tx, guild_id, key)
            if latest is None:
                raise ChangeRefused(f"`{key}` has no changes on this server to undo.")
            if expected_latest is not None and latest.id != expected_latest:
                raise EditConflict()
            target = latest
            if revision_id is not None and revision_id != latest.id:
                row = await _one(
                    tx,
                    f"SELECT {REVISION_COLUMNS} FROM fact_revisions "
                    "WHERE guild_id = ? AND fact_key = ? AND id = ?",
                    (guild_id, key, revision_id),
                )
                if row is None:
                    raise ChangeRefused(
                        f"This server has no change #{revision_id} to `{key}`; "
                        "see /fact history for its changes."
                    )
                target = _revision(row)
            if await _row(tx, guild_id, key) == target.before:
                raise ChangeRefused(
                    f"`{key}` is already the version from before #{target.id}; nothing to undo."
                )
            return await self._apply(
                tx, guild_id, key, target.before, "undo", actor, at, undoes=target.id
            )

    async def import_plan(self, plan: ImportPlan, *, at: dt.datetime) -> ImportReport:
        """Make the server's overlay what `plan` says and merge its log, all or nothing.

        Revisions already in the log (same fact, action, actor, time and versions) are
        not added twice. A fact whose row ends up different from the last logged version
        gets a revision by the operator (actor 0), so the log still explains every row.
        """
        guild_id = plan.guild_id
        _check_guild(guild_id)
        async with self.db.transaction(content=True) as tx:
            known: dict[tuple[Any, ...], int] = {}
            for row in await _all(
                tx,
                f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? ORDER BY id",
                (guild_id,),
            ):
                known.setdefault(_signature(_revision(row)), row["id"])
            id_map: dict[int, int] = {}
            added = 0
            for revision in plan.revisions:
                signature = _signature(revision)
                if signature in known:
                    id_map[revision.id] = known[signature]
                    continue
                new_id = await _insert_revision(
                    tx,
                    guild_id,
                    revision.fact_key,
                    revision.action,
                    revision.actor,
                    format_at(revision.at),
                    revision.before,
                    revision.after,
                    id_map.get(revision.undoes) if revision.undoes is not None else None,
                )
                id_map[revision.id] = new_id
                known[signature] = new_id
                added += 1
            own_keys = {
                row[0]
                for row in await _all(tx, "SELECT key FROM facts WHERE guild_id = ?", (guild_id,))
            }
            changed = unchanged = 0
            for key in sorted(own_keys | set(plan.facts)):
                target = plan.facts.get(key)
                current = await _row(tx, guild_id, key)
                latest = await _latest(tx, guild_id, key)
                shipped = await _row(tx, 0, key) is not None
                if current == target:
                    unchanged += 1
                    if latest is not None and latest.after != target:  # merged history ends
                        action = action_for(latest.after, target, shipped)  # elsewhere: say so
                        await self._apply(tx, guild_id, key, target, action, OPERATOR_ID, at)
                    continue
                changed += 1
                if latest is not None and latest.after == target:
                    await self._write_row(tx, guild_id, key, target)  # the log already says so
                    continue
                action = action_for(current, target, shipped)
                await self._apply(tx, guild_id, key, target, action, OPERATOR_ID, at)
        return ImportReport(added, len(plan.revisions) - added, changed, unchanged)

    # -- the one write path -------------------------------------------------------------

    async def _apply(
        self,
        tx: aiosqlite.Connection,
        guild_id: int,
        key: str,
        after: FactState | None,
        action: str,
        actor: int,
        at: dt.datetime,
        *,
        undoes: int | None = None,
        expected: FactState | None = _ANY,
        request: str | None = None,
    ) -> Revision:
        """Write the server's row for `key` and append the revision, inside `tx`."""
        before = await _row(tx, guild_id, key)
        if expected is not _ANY and before != expected:
            raise EditConflict()
        await self._write_row(tx, guild_id, key, after)
        stamp = format_at(at)
        revision_id = await _insert_revision(
            tx, guild_id, key, action, actor, stamp, before, after, undoes, request
        )
        await tx.execute(
            "INSERT INTO audit_outbox (revision_id, guild_id) VALUES (?, ?)",
            (revision_id, guild_id),
        )
        return Revision(
            revision_id, guild_id, key, action, actor, parse_at(stamp), before, after, undoes
        )

    async def _write_row(
        self, tx: aiosqlite.Connection, guild_id: int, key: str, state: FactState | None
    ) -> None:
        if state is None:
            await tx.execute("DELETE FROM facts WHERE guild_id = ? AND key = ?", (guild_id, key))
            return
        universe = await _one(tx, "SELECT universe FROM shows WHERE code = ?", (state.show,))
        if universe is None:
            raise ChangeRefused(f"{show_title(state.show)} is not in the catalogue.")
        when = parse_when(state.when) if state.when else None
        await tx.execute(
            "INSERT INTO facts (key, guild_id, show, universe, kind, text, correction, when_text, "
            "year_from, year_to, sort_date, approximate, tags, episode_season, episode_number, "
            "source_title, source_url, spoiler, hidden) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (guild_id, key) DO UPDATE SET show = excluded.show, "
            "universe = excluded.universe, kind = excluded.kind, text = excluded.text, "
            "correction = excluded.correction, when_text = excluded.when_text, "
            "year_from = excluded.year_from, year_to = excluded.year_to, "
            "sort_date = excluded.sort_date, approximate = excluded.approximate, "
            "tags = excluded.tags, episode_season = excluded.episode_season, "
            "episode_number = excluded.episode_number, source_title = excluded.source_title, "
            "source_url = excluded.source_url, spoiler = excluded.spoiler, hidden = excluded.hidden",
            (
                key,
                guild_id,
                state.show,
                universe[0],
                state.kind,
                state.text,
                state.correction,
                when.text if when else "",
                when.year_from if when else None,
                when.year_to if when else None,
                when.sort_key if when else "",
                int(bool(when and when.approximate)),
                json.dumps(list(state.tags), ensure_ascii=False),
                state.episode[0] if state.episode else None,
                state.episode[1] if state.episode else None,
                state.source_title,
                state.source_url,
                int(state.spoiler),
                int(state.hidden),
            ),
        )


# -- helpers that run inside a transaction -------------------------------------------------


async def _one(
    tx: aiosqlite.Connection, sql: str, parameters: Iterable[Any] | dict[str, Any] = ()
) -> aiosqlite.Row | None:
    async with tx.execute(sql, parameters) as cursor:
        return await cursor.fetchone()


async def _all(
    tx: aiosqlite.Connection, sql: str, parameters: Iterable[Any] | dict[str, Any] = ()
) -> list[aiosqlite.Row]:
    async with tx.execute(sql, parameters) as cursor:
        return list(await cursor.fetchall())


async def _row(tx: aiosqlite.Connection, guild_id: int, key: str) -> FactState | None:
    return _state(
        await _one(
            tx, f"SELECT {ROW_COLUMNS} FROM facts WHERE guild_id = ? AND key = ?", (guild_id, key)
        )
    )


async def _latest(tx: aiosqlite.Connection, guild_id: int, key: str) -> Revision | None:
    row = await _one(
        tx,
        f"SELECT {REVISION_COLUMNS} FROM fact_revisions WHERE guild_id = ? AND fact_key = ? "
        "ORDER BY id DESC LIMIT 1",
        (guild_id, key),
    )
    return _revision(row) if row else None


async def _insert_revision(
    tx: aiosqlite.Connection,
    guild_id: int,
    key: str,
    action: str,
    actor: int,
    at: str,
    before: FactState | None,
    after: FactState | None,
    undoes: int | None,
    request: str | None = None,
) -> int:
    row = await _one(
        tx,
        "INSERT INTO fact_revisions "
        "(guild_id, fact_key, action, actor, at, before, after, undoes, request) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            guild_id,
            key,
            action,
            actor,
            at,
            state_to_text(before),
            state_to_text(after),
            undoes,
            request,
        ),
    )
    assert row is not None
    return int(row[0])


def _signature(revision: Revision) -> tuple[Any, ...]:
    return (
        revision.fact_key,
        revision.action,
        revision.actor,
        format_at(revision.at),
        state_to_text(revision.before),
        state_to_text(revision.after),
    )


def _missing(key: str, overlay: FactState | None) -> str:
    if overlay is not None and overlay.hidden:
        return (
            f"`{key}` is removed on this server. Use /fact undo to bring it back, or "
            "/fact revert to show the shipped version again."
        )
    return f"This server has no fact `{key}`. Pick one from the list (or use /fact search)."
