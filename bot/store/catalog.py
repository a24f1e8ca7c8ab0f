"""Shows, episodes, facts and parallels: the shipped base plus each server's overlay.

A fact is visible to a server when it is the server's own row, or a base row (guild 0)
that the server has not overridden; rows with `hidden = 1` hide what they override.
Every query that returns facts takes the guild id, so no feature can forget the overlay.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from bot.dataset import Dataset, SourceRef
from bot.store.database import Database
from bot.store.records import (
    CatalogCounts,
    Episode,
    Fact,
    Parallel,
    Question,
    Season,
    Show,
)

DATASET_MARKER = "dataset_marker"
LEXICON = "dataset_lexicon"  # the shipped lexicon (JSON), kept beside the facts it reads
FATES = "dataset_fates"  # who dies in each show, in slots (JSON), resting on shipped facts
PERIODS = "dataset_periods"  # the years each season is set in (JSON), resting on shipped facts

# Facts visible to :guild (0 = the shipped base only).
VISIBLE_FACTS = """
    f.hidden = 0 AND (
        f.guild_id = :guild
        OR (f.guild_id = 0 AND NOT EXISTS (
            SELECT 1 FROM facts o WHERE o.guild_id = :guild AND o.key = f.key AND :guild <> 0))
    )
"""
FACT_SELECT = """
    SELECT f.key, f.guild_id, f.show, f.universe, f.kind, f.text, f.correction, f.when_text,
           f.year_from, f.year_to, f.sort_date, f.approximate, f.tags, f.episode_season,
           f.episode_number, f.source_title, f.source_url, f.spoiler,
           e.title AS episode_title, e.aired AS episode_aired, e.source_url AS episode_url
    FROM facts f
    LEFT JOIN episodes e
      ON e.show = f.show AND e.season = f.episode_season AND e.number = f.episode_number
"""
TIMELINE_ORDER = (
    "ORDER BY f.year_from IS NULL, f.sort_date, f.episode_season, f.episode_number, f.key"
)
FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str, *, prefix_last: bool = False, all_words: bool = False) -> str:
    """Turn free text into a safe FTS5 query: each word quoted, so no syntax leaks in."""
    words = FTS_WORD.findall(text.lower())
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    if prefix_last:
        quoted[-1] += "*"
    return (" AND " if all_words else " OR ").join(quoted)


def _episode_from(row: aiosqlite.Row, season_col: str, number_col: str) -> Episode | None:
    if row[season_col] is None or row["episode_title"] is None:
        return None
    return Episode(
        row["show"],
        row[season_col],
        row[number_col],
        row["episode_title"],
        dt.date.fromisoformat(row["episode_aired"]),
        row["episode_url"] or "",
    )


def fact_from_row(row: aiosqlite.Row) -> Fact:
    return Fact(
        key=row["key"],
        guild_id=row["guild_id"],
        show=row["show"],
        universe=row["universe"],
        kind=row["kind"],
        text=row["text"],
        correction=row["correction"],
        when_text=row["when_text"],
        year_from=row["year_from"],
        year_to=row["year_to"],
        sort_date=row["sort_date"],
        approximate=bool(row["approximate"]),
        tags=tuple(json.loads(row["tags"])),
        episode=_episode_from(row, "episode_season", "episode_number"),
        source_title=row["source_title"],
        source_url=row["source_url"],
        spoiler=bool(row["spoiler"]),
    )


def _source_columns(source: SourceRef) -> tuple[Any, ...]:
    return (source.season, source.episode, source.title, source.url)


class Catalog:
    """Reads of the catalogue, and the one write that replaces the shipped base."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self._tags_cache: dict[int, tuple[int, list[str]]] = {}
        self._tag_universes_cache: dict[int, tuple[int, dict[str, set[str]]]] = {}
        self._timeline_cache: dict[tuple[Any, ...], tuple[int, list[Fact]]] = {}
        self._parallels_cache: dict[int, tuple[int, list[Parallel]]] = {}
        self._episode_facts_cache: dict[tuple[int, str], tuple[int, list[Fact]]] = {}

    async def _changes(self) -> int | None:
        """The cache stamp: the database's `content_stamp`, which moves with every change to
        facts, episodes or questions, and is read from memory (never waits on the database).

        None while such a change is open on the connection (reads share it, so they could
        see rows that are then rolled back): nothing read then is cached.
        """
        if self.db.content_open:
            return None
        return self.db.content_stamp

    async def _stamp(self, guild_id: int) -> tuple[int, int] | None:
        """(content stamp, scope) for the fact caches; scope is 0 for a server without
        overlay rows, which sees exactly the shipped base, so such servers share one entry."""
        if self.db.content_open:
            return None
        stamp = self.db.content_stamp
        scope = await self.scope(guild_id)
        if self.db.content_stamp != stamp:
            return None
        return stamp, scope

    async def scope(self, guild_id: int) -> int:
        """`guild_id` if that server has facts of its own, else 0 (it sees the shipped base),
        from one set of such servers kept in memory until the facts change."""
        if not guild_id:
            return 0
        return guild_id if guild_id in await self.overlay_guilds() else 0

    async def overlay_guilds(self) -> frozenset[int]:
        """The servers with facts of their own (kept in memory until the facts change)."""
        return await self.db.memo("overlay-guilds", self._overlay_guilds, content=True)

    async def _overlay_guilds(self) -> frozenset[int]:
        rows = await self.db.fetch_all("SELECT DISTINCT guild_id FROM facts WHERE guild_id <> 0")
        return frozenset(int(row[0]) for row in rows)

    async def cache_stamp(self, guild_id: int) -> tuple[int, int] | None:
        """A stamp that changes whenever what `guild_id` sees may have changed (None: don't
        cache now). Lets features cache results derived from the catalogue."""
        return await self._stamp(guild_id)

    # -- the shipped base -------------------------------------------------------------

    async def loaded_marker(self) -> str | None:
        return await self.db.memo(
            "loaded_marker",
            lambda: self.db.fetch_value("SELECT value FROM meta WHERE key = ?", (DATASET_MARKER,)),
            content=True,
        )

    async def replace_base(self, dataset: Dataset) -> bool:
        """Load `dataset` as the shipped base unless that exact dataset is already loaded.

        Runs in one transaction: a crash leaves the previous base intact. Server rows
        (guild_id <> 0) are never touched. Returns whether anything was loaded.
        """
        if await self.loaded_marker() == dataset.marker:
            return False
        async with self.db.transaction(content=True) as tx:
            await tx.execute("DELETE FROM facts WHERE guild_id = 0")
            for table in ("parallels", "questions", "people", "episodes", "seasons"):
                await tx.execute(f"DELETE FROM {table}")
            await tx.executemany(
                "INSERT INTO shows (code, title, network, universe, status, summary) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET title = excluded.title, "
                "network = excluded.network, universe = excluded.universe, "
                "status = excluded.status, summary = excluded.summary",
                [
                    (s.code, s.title, s.network, s.universe, s.status, s.summary)
                    for s in dataset.shows
                ],
            )
            await tx.executemany(
                "INSERT INTO seasons (show, number, status, note, premiere, finale, episode_count, "
                "source_title, source_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.show,
                        s.number,
                        s.status,
                        s.note,
                        s.premiere,
                        s.finale,
                        s.episode_count,
                        s.source_title,
                        s.source_url,
                    )
                    for s in dataset.seasons
                ],
            )
            await tx.executemany(
                "INSERT INTO episodes (show, season, number, title, aired, source_url) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (e.show, e.season, e.number, e.title, e.aired, e.source_url)
                    for s in dataset.seasons
                    for e in s.episodes
                ],
            )
            await tx.executemany(
                "INSERT INTO facts (key, guild_id, show, universe, kind, text, correction, "
                "when_text, year_from, year_to, sort_date, approximate, tags, episode_season, "
                "episode_number, source_title, source_url, spoiler) "
                "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        f.key,
                        f.show,
                        f.universe,
                        f.kind,
                        f.text,
                        f.correction,
                        f.when.text if f.when else "",
                        f.when.year_from if f.when else None,
                        f.when.year_to if f.when else None,
                        f.when.sort_key if f.when else "",
                        int(bool(f.when and f.when.approximate)),
                        json.dumps(list(f.tags), ensure_ascii=False),
                        *_source_columns(f.source),
                        int(f.spoiler),
                    )
                    for f in dataset.facts
                ],
            )
            await tx.executemany(
                "INSERT INTO parallels (key, fam_fact, expanse_fact, topic, note, source_title, "
                "source_url) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.key,
                        p.fam_fact,
                        p.expanse_fact,
                        p.topic,
                        p.note,
                        p.source_title,
                        p.source_url,
                    )
                    for p in dataset.parallels
                ],
            )
            await tx.executemany(
                "INSERT INTO questions (key, show, question, answers, choices, difficulty, "
                "episode_season, episode_number, source_title, source_url) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        q.key,
                        q.show,
                        q.question,
                        json.dumps(list(q.answers), ensure_ascii=False),
                        json.dumps(list(q.choices), ensure_ascii=False),
                        q.difficulty,
                        *_source_columns(q.source),
                    )
                    for q in dataset.questions
                ],
            )
            await tx.executemany(
                "INSERT INTO people (key, show, name, actor, first_season, first_number, "
                "last_season, last_number, affiliation, source_title, source_url) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.key,
                        p.show,
                        p.name,
                        p.actor,
                        *(p.first or (None, None)),
                        *(p.last or (None, None)),
                        p.affiliation,
                        p.source.title,
                        p.source.url,
                    )
                    for p in dataset.people
                ],
            )
            await tx.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [
                    (DATASET_MARKER, dataset.marker),
                    (LEXICON, json.dumps(dataset.lexicon.to_json(), ensure_ascii=False)),
                    (FATES, json.dumps([f.to_json() for f in dataset.fates], ensure_ascii=False)),
                    (PERIODS, json.dumps([p.to_json() for p in dataset.periods])),
                ],
            )
        return True

    # -- shows and episodes -----------------------------------------------------------

    async def shows(self) -> list[Show]:
        rows = await self.db.fetch_all(
            "SELECT code, title, network, universe, status, summary FROM shows ORDER BY rowid"
        )
        return [Show(*row) for row in rows]

    async def seasons(self, show: str | None = None) -> list[Season]:
        rows = await self.db.fetch_all(
            "SELECT s.show, s.number, s.status, s.note, s.source_title, s.source_url, "
            "(SELECT count(*) FROM episodes e WHERE e.show = s.show AND e.season = s.number), "
            "s.premiere, s.finale, s.episode_count FROM seasons s WHERE :show IS NULL OR s.show = :show ORDER BY s.show, s.number",
            {"show": show},
        )
        seasons = []
        for row in rows:
            code, number, status, note, title, url, listed, premiere, finale, count = row
            seasons.append(
                Season(
                    code,
                    number,
                    status,
                    note,
                    title,
                    url,
                    listed,
                    premiere=_date_or_none(premiere),
                    finale=_date_or_none(finale),
                    episode_count=count,
                )
            )
        return seasons

    async def episodes(self, show: str | None = None) -> list[Episode]:
        rows = await self.db.fetch_all(
            "SELECT show, season, number, title, aired, source_url FROM episodes "
            "WHERE :show IS NULL OR show = :show ORDER BY aired, show, season, number",
            {"show": show},
        )
        return [_episode(row) for row in rows]

    async def episode(self, show: str, season: int, number: int) -> Episode | None:
        row = await self.db.fetch_one(
            "SELECT show, season, number, title, aired, source_url FROM episodes "
            "WHERE show = ? AND season = ? AND number = ?",
            (show, season, number),
        )
        return _episode(row) if row else None

    def counts_in_memory(self, guild_id: int = 0) -> CatalogCounts | None:
        """`counts` when it is in memory (answered at once), else None."""
        hit, value = self.db.remembered(("counts", guild_id), content=True)
        return value if hit else None

    async def counts(self, guild_id: int = 0) -> CatalogCounts:
        """How much the catalogue holds as `guild_id` sees it (kept until the facts change)."""
        return await self.db.memo(
            ("counts", guild_id), lambda: self._counts(guild_id), content=True
        )

    async def _counts(self, guild_id: int) -> CatalogCounts:
        episodes: dict[str, dict[int, int]] = {}
        for row in await self.db.fetch_all(
            "SELECT show, season, count(*) FROM episodes GROUP BY show, season ORDER BY show, season"
        ):
            episodes.setdefault(row[0], {})[row[1]] = row[2]
        facts = {
            row[0]: row[1]
            for row in await self.db.fetch_all(
                f"SELECT f.show, count(*) FROM facts f WHERE {VISIBLE_FACTS} GROUP BY f.show",
                {"guild": guild_id},
            )
        }
        return CatalogCounts(
            episodes=episodes,
            facts=facts,
            parallels=await self.db.fetch_value("SELECT count(*) FROM parallels"),
            questions=await self.db.fetch_value("SELECT count(*) FROM questions"),
            people=await self.db.fetch_value("SELECT count(*) FROM people"),
            seasons=tuple(await self.seasons()),
            show_order=tuple(show.code for show in await self.shows()),
        )

    # -- facts ------------------------------------------------------------------------

    async def _facts(self, where: str, parameters: dict[str, Any], tail: str = "") -> list[Fact]:
        rows = await self.db.fetch_all(
            f"{FACT_SELECT} WHERE {VISIBLE_FACTS} AND {where} {tail}", parameters
        )
        return [fact_from_row(row) for row in rows]

    async def fact(self, guild_id: int, key: str) -> Fact | None:
        found = await self._facts("f.key = :key", {"guild": guild_id, "key": key})
        return found[0] if found else None

    async def facts_by_keys(self, guild_id: int, keys: Iterable[str]) -> dict[str, Fact]:
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        marks = ", ".join(f":k{i}" for i in range(len(wanted)))
        parameters: dict[str, Any] = {"guild": guild_id} | {
            f"k{i}": key for i, key in enumerate(wanted)
        }
        return {f.key: f for f in await self._facts(f"f.key IN ({marks})", parameters)}

    async def timeline(
        self,
        guild_id: int,
        *,
        universe: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        limit: int = 500,
    ) -> list[Fact]:
        """Events and dated facts in in-universe order; undated events follow by episode.

        Cached until the next write on the connection, like `tags` (the decoding of
        hundreds of rows was most of /timeline's and /trivia's time).
        """
        stamp = await self._stamp(guild_id)
        cache_key = (stamp[1] if stamp else guild_id, universe, year_from, year_to, limit)
        cached = self._timeline_cache.get(cache_key)
        if cached is not None and stamp is not None and cached[0] == stamp[0]:
            return list(cached[1])
        where = ["f.kind <> 'misconception'", "(:universe IS NULL OR f.universe = :universe)"]
        if year_from is not None or year_to is not None:
            where.append("f.year_from IS NOT NULL AND f.year_to >= :lo AND f.year_from <= :hi")
        else:
            where.append("(f.kind = 'event' OR f.year_from IS NOT NULL)")
        facts = await self._facts(
            " AND ".join(where),
            {
                "guild": guild_id,
                "universe": universe,
                "lo": year_from if year_from is not None else -9999,
                "hi": year_to if year_to is not None else 9999,
                "limit": limit,
            },
            f"{TIMELINE_ORDER} LIMIT :limit",
        )
        if stamp is not None:
            if len(self._timeline_cache) > 64:
                self._timeline_cache.clear()
            self._timeline_cache[cache_key] = (stamp[0], facts)
        return list(facts)

    async def episode_facts(self, guild_id: int, show: str) -> list[Fact]:
        """Every fact of `show` sourced to one of its episodes (misconceptions aside), as
        `guild_id` sees them: by season and episode, then in the dataset's own order (a
        server's edit of a shipped fact keeps that fact's place). Cached like `timeline`."""
        stamp = await self._stamp(guild_id)
        cache = self._episode_facts_cache
        cache_key = (stamp[1] if stamp else guild_id, show)
        if stamp is not None and cache_key in cache and cache[cache_key][0] == stamp[0]:
            return list(cache[cache_key][1])
        facts = await self._facts(
            "f.show = :show AND f.kind <> 'misconception' AND f.episode_season IS NOT NULL",
            {"guild": guild_id, "show": show},
            "ORDER BY f.episode_season, f.episode_number, coalesce("
            "(SELECT b.id FROM facts b WHERE b.guild_id = 0 AND b.key = f.key), f.id)",
        )
        if stamp is not None:
            if len(cache) > 64:
                cache.clear()
            cache[cache_key] = (stamp[0], facts)
        return list(facts)

    async def search_facts(
        self,
        guild_id: int,
        text: str,
        *,
        universe: str | None = None,
        limit: int = 50,
        all_words: bool = False,
        include_misconceptions: bool = True,
        require: str | None = None,
    ) -> list[Fact]:
        """Full-text search (FTS5, bm25 ranking, diacritics folded), best match first.

        `require` narrows the search to facts that contain all of its words (e.g. a name).
        """
        query = fts_query(text, all_words=all_words)
        if require:
            required = fts_query(require, all_words=True)
            query = f"({required}) AND ({query})" if query and required else required or query
        if not query:
            return []
        rows = await self.db.fetch_all(
            f"""{FACT_SELECT}
            JOIN facts_fts ON facts_fts.rowid = f.id
            WHERE facts_fts MATCH :query AND {VISIBLE_FACTS}
              AND (:universe IS NULL OR f.universe = :universe)
              AND (:misconceptions OR f.kind <> 'misconception')
            ORDER BY bm25(facts_fts, 1.0, 2.0, 0.5) LIMIT :limit""",
            {
                "query": query,
                "guild": guild_id,
                "universe": universe,
                "limit": limit,
                "misconceptions": int(include_misconceptions),
            },
        )
        return [fact_from_row(row) for row in rows]

    async def tags(self, guild_id: int) -> list[str]:
        """Every tag on a visible fact, for autocomplete and for recognising names in claims.

        Cached until the next write on the connection (`total_changes()` moves on every one).
        """
        changes = await self._changes()
        cached = self._tags_cache.get(guild_id)
        if cached is not None and changes is not None and cached[0] == changes:
            return cached[1]
        rows = await self.db.fetch_all(
            f"SELECT DISTINCT j.value FROM facts f, json_each(f.tags) j WHERE {VISIBLE_FACTS} "
            "ORDER BY j.value COLLATE NOCASE",
            {"guild": guild_id},
        )
        tags = [row[0] for row in rows]
        if changes is not None:
            if len(self._tags_cache) > 256:
                self._tags_cache.clear()
            self._tags_cache[guild_id] = (changes, tags)
        return tags

    async def tag_universes(self, guild_id: int) -> dict[str, set[str]]:
        """Each tag on a visible fact, with the universes whose facts use it (cached like tags)."""
        changes = await self._changes()
        cached = self._tag_universes_cache.get(guild_id)
        if cached is not None and changes is not None and cached[0] == changes:
            return cached[1]
        rows = await self.db.fetch_all(
            f"SELECT DISTINCT j.value, f.universe FROM facts f, json_each(f.tags) j "
            f"WHERE {VISIBLE_FACTS}",
            {"guild": guild_id},
        )
        result: dict[str, set[str]] = {}
        for tag, universe in rows:
            result.setdefault(tag, set()).add(universe)
        if changes is not None:
            if len(self._tag_universes_cache) > 256:
                self._tag_universes_cache.clear()
            self._tag_universes_cache[guild_id] = (changes, result)
        return result

    async def people_names(self) -> list[str]:
        rows = await self.db.fetch_all("SELECT name FROM people ORDER BY name")
        return [row[0] for row in rows]

    async def event_years(
        self, guild_id: int, universe: str | None = None, *, show: str | None = None
    ) -> list[int]:
        """The years in which the server's dated facts begin, of one universe or one show."""
        rows = await self.db.fetch_all(
            f"SELECT DISTINCT f.year_from FROM facts f WHERE {VISIBLE_FACTS} "
            "AND f.year_from IS NOT NULL AND (:universe IS NULL OR f.universe = :universe) "
            "AND (:show IS NULL OR f.show = :show) ORDER BY 1",
            {"guild": guild_id, "universe": universe, "show": show},
        )
        return [row[0] for row in rows]

    async def base_facts(self) -> list[Fact]:
        """Every fact of the shipped base (guild 0), misconceptions included."""
        return await self._facts("f.guild_id = 0 AND f.hidden = 0", {"guild": 0})

    async def overlay_facts(self, guild_id: int) -> tuple[list[Fact], frozenset[str]]:
        """A server's own visible facts, and the keys of every row it has (edited, added or
        hidden): base facts with those keys are not what the server sees."""
        if not guild_id:
            return [], frozenset()
        keys = await self.db.fetch_all("SELECT key FROM facts WHERE guild_id = ?", (guild_id,))
        facts = await self._facts("f.guild_id = :guild", {"guild": guild_id})
        return facts, frozenset(row[0] for row in keys)

    async def lexicon(self) -> dict[str, Any]:
        """The lexicon loaded with the shipped base (empty before any dataset is loaded)."""
        value = await self.db.fetch_value("SELECT value FROM meta WHERE key = ?", (LEXICON,))
        return json.loads(value) if value else {}

    async def fates(self) -> list[dict[str, Any]]:
        """The fates loaded with the shipped base (none before any dataset is loaded)."""
        value = await self.db.fetch_value("SELECT value FROM meta WHERE key = ?", (FATES,))
        return list(json.loads(value)) if value else []

    async def periods(self) -> list[dict[str, Any]]:
        """The seasons' in-universe years loaded with the shipped base (none before any
        dataset is loaded)."""
        value = await self.db.fetch_value("SELECT value FROM meta WHERE key = ?", (PERIODS,))
        return list(json.loads(value)) if value else []

    # -- parallels --------------------------------------------------------------------

    async def parallels(self, guild_id: int, *, fact_keys: Sequence[str] = ()) -> list[Parallel]:
        """All parallels, or those touching `fact_keys`, with both facts as the server sees them.

        The server's whole list is decoded once and cached until the next write on the
        connection, like `tags`.
        """
        stamp = await self._stamp(guild_id)
        scope = stamp[1] if stamp else guild_id
        cached = self._parallels_cache.get(scope)
        if cached is not None and stamp is not None and cached[0] == stamp[0]:
            found = cached[1]
        else:
            found = await self._all_parallels(guild_id)
            if stamp is not None:
                if len(self._parallels_cache) > 64:
                    self._parallels_cache.clear()
                self._parallels_cache[scope] = (stamp[0], found)
        if not fact_keys:
            return list(found)
        wanted = set(fact_keys)
        return [p for p in found if p.fam.key in wanted or p.expanse.key in wanted]

    async def _all_parallels(self, guild_id: int) -> list[Parallel]:
        rows = await self.db.fetch_all(
            "SELECT key, fam_fact, expanse_fact, topic, note, source_title, source_url "
            "FROM parallels ORDER BY topic, key"
        )
        facts = await self.facts_by_keys(
            guild_id, [r["fam_fact"] for r in rows] + [r["expanse_fact"] for r in rows]
        )
        return [
            Parallel(
                row["key"],
                row["topic"],
                row["note"],
                facts[row["fam_fact"]],
                facts[row["expanse_fact"]],
                row["source_title"],
                row["source_url"],
            )
            for row in rows
            if row["fam_fact"] in facts and row["expanse_fact"] in facts
        ]

    # -- questions --------------------------------------------------------------------

    async def questions(self, show: str | None = None) -> list[Question]:
        rows = await self.db.fetch_all(
            """SELECT q.key, q.show, q.question, q.answers, q.choices, q.difficulty,
                      q.episode_season, q.episode_number, q.source_title, q.source_url,
                      e.title AS episode_title, e.aired AS episode_aired,
                      e.source_url AS episode_url
               FROM questions q LEFT JOIN episodes e
                 ON e.show = q.show AND e.season = q.episode_season
                AND e.number = q.episode_number
               WHERE :show IS NULL OR q.show = :show ORDER BY q.key""",
            {"show": show},
        )
        return [
            Question(
                row["key"],
                row["show"],
                row["question"],
                tuple(json.loads(row["answers"])),
                tuple(json.loads(row["choices"])),
                row["difficulty"],
                _episode_from(row, "episode_season", "episode_number"),
                row["source_title"],
                row["source_url"],
            )
            for row in rows
        ]


def _date_or_none(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _episode(row: aiosqlite.Row) -> Episode:
    return Episode(row[0], row[1], row[2], row[3], dt.date.fromisoformat(row[4]), row[5] or "")
