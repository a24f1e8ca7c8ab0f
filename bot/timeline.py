"""The two eras side by side: in-universe events by year, range, show or free text.

For All Mankind dates its events (1969 onwards); The Expanse almost never states a year on
screen, so its events are ordered by episode and only appear when no year is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.errors import UserFacingError
from bot.store import Store
from bot.store.records import Fact, Parallel

YEAR_MIN, YEAR_MAX = 1900, 2600
SHOWS = ("both", "fam", "starcity", "expanse")
SPIN_OFFS = {"starcity": "fam"}  # a spin-off's timeline is its universe's, its facts only
MAX_EVENTS = 400


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    show: str = "both"
    search: str | None = None

    def years(self) -> tuple[int | None, int | None]:
        """The asked range, validated; (None, None) when no year was given."""
        if self.year is not None and (self.year_from is not None or self.year_to is not None):
            raise UserFacingError("Give either `year`, or `from` and `to` — not both.")
        for value in (self.year, self.year_from, self.year_to):
            if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
                raise UserFacingError(
                    f"{value} is outside the timeline: pick a year between {YEAR_MIN} and "
                    f"{YEAR_MAX}. For All Mankind runs from 1969; The Expanse is set in the "
                    "23rd century but never states its years on screen."
                )
        if self.year is not None:
            return self.year, self.year
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise UserFacingError(
                f"`from` ({self.year_from}) is after `to` ({self.year_to}); swap them?"
            )
        return self.year_from, self.year_to

    @property
    def universe(self) -> str | None:
        """The one universe (column) asked for, or None for both side by side."""
        return None if self.show == "both" else SPIN_OFFS.get(self.show, self.show)

    def describe(self) -> str:
        parts = []
        low, high = self.years()
        if low is not None and low == high:
            parts.append(str(low))
        elif low is not None or high is not None:
            parts.append(f"{low or '…'}–{high or '…'}")
        if self.search:
            parts.append(f"“{self.search}”")
        return ", ".join(parts) or "everything"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    fact: Fact
    parallels: tuple[Parallel, ...] = ()

    def counterpart(self, parallel: Parallel) -> Fact:
        return parallel.expanse if self.fact.universe == "fam" else parallel.fam


@dataclass(frozen=True, slots=True)
class Timeline:
    query: TimelineQuery
    fam: tuple[TimelineEntry, ...]
    expanse: tuple[TimelineEntry, ...]
    suggestions_years: tuple[int, ...] = ()
    suggestions_terms: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.fam and not self.expanse


def _universes(show: str) -> tuple[str, ...]:
    if show not in SHOWS:
        raise UserFacingError("Pick a show: both, For All Mankind, Star City or The Expanse.")
    return ("fam", "expanse") if show == "both" else (SPIN_OFFS.get(show, show),)


async def build_timeline(store: Store, guild_id: int, query: TimelineQuery) -> Timeline:
    """The events the query asks for, per universe, with their parallels; suggestions if none."""
    low, high = query.years()
    search = (query.search or "").strip()
    if query.search is not None and not search:
        raise UserFacingError("`search` is empty: type a name, place, ship or word to look for.")
    if len(search) > 100:
        raise UserFacingError("Keep `search` under 100 characters.")
    universes = _universes(query.show)
    results: dict[str, list[Fact]] = {}
    notes: dict[str, str] = {}
    for universe in universes:
        if search:
            found = await store.catalog.search_facts(
                guild_id,
                search,
                universe=universe,
                limit=MAX_EVENTS,
                all_words=True,
                include_misconceptions=False,
            )
            if low is not None or high is not None:
                lo, hi = (
                    low if low is not None else YEAR_MIN,
                    high if high is not None else YEAR_MAX,
                )
                found = [
                    f
                    for f in found
                    if f.year_from is not None and f.year_to >= lo and f.year_from <= hi  # type: ignore[operator]
                ]
            found.sort(key=timeline_order)
        else:
            found = await store.catalog.timeline(
                guild_id, universe=universe, year_from=low, year_to=high, limit=MAX_EVENTS
            )
        if query.show in SPIN_OFFS:
            found = [f for f in found if f.show == query.show]
        results[universe] = found
        if universe == "expanse" and (low is not None or high is not None) and not found:
            notes[universe] = (
                "The Expanse never states its years on screen (the pilot says only “the 23rd "
                "century”), so it has no dated events. Leave out the year to see its events "
                "in episode order."
            )
    keys = [f.key for facts in results.values() for f in facts]
    parallels = await store.catalog.parallels(guild_id, fact_keys=keys) if keys else []
    by_fact: dict[str, list[Parallel]] = {}
    for parallel in parallels:
        by_fact.setdefault(parallel.fam.key, []).append(parallel)
        by_fact.setdefault(parallel.expanse.key, []).append(parallel)

    def entries(universe: str) -> tuple[TimelineEntry, ...]:
        return tuple(
            TimelineEntry(f, tuple(by_fact.get(f.key, ()))) for f in results.get(universe, [])
        )

    timeline = Timeline(query, entries("fam"), entries("expanse"), notes=notes)
    if not timeline.empty:
        return timeline
    years, terms = await suggestions(store, guild_id, query, universes)
    return Timeline(query, (), (), years, terms, notes)


def timeline_order(fact: Fact) -> tuple[object, ...]:
    episode = fact.episode
    return (
        fact.year_from is None,
        fact.sort_date,
        episode.season if episode else 99,
        episode.number if episode else 99,
        fact.key,
    )


async def suggestions(
    store: Store, guild_id: int, query: TimelineQuery, universes: tuple[str, ...]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The nearest years that have events, and the closest known names to a search."""
    years: set[int] = set()
    for universe in universes:
        years.update(await store.catalog.event_years(guild_id, universe))
    low, high = query.years()
    nearest: tuple[int, ...] = ()
    if low is not None and years:
        middle = (low + (high if high is not None else low)) / 2
        nearest = tuple(sorted(sorted(years, key=lambda y: abs(y - middle))[:4]))
    terms: tuple[str, ...] = ()
    if query.search:
        tags = await store.catalog.tags(guild_id)
        matches = process.extract(query.search, tags, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
        terms = tuple(match[0] for match in matches)
    return nearest, terms


async def autocomplete_terms(
    store: Store, guild_id: int, current: str, limit: int = 25
) -> list[str]:
    """Names, places, ships and people from the store, best first; never raises."""
    tags = await store.catalog.tags(guild_id)
    current = current.strip()
    if not current:
        return tags[:limit]
    lowered = current.casefold()
    starts = [t for t in tags if t.casefold().startswith(lowered)]
    contains = [t for t in tags if lowered in t.casefold() and t not in starts]
    fuzzy = [
        m[0]
        for m in process.extract(current, tags, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
        if m[0] not in starts and m[0] not in contains
    ]
    return (starts + contains + fuzzy)[:limit]
