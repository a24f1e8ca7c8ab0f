"""The two eras side by side: in-universe events by year, range, show or free text.

For All Mankind dates its events (1969 onwards); The Expanse almost never states a year on
screen, so its events are ordered by episode and only appear when no year is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.errors import UserFacingError
from bot.shows import (
    EXPANSE,
    FAM,
    SHOW_CODES,
    SHOW_TITLES,
    UNIVERSE_CODES,
    is_spin_off,
    titles_sentence,
    universe_of,
)
from bot.store import Store
from bot.store.records import Fact, Parallel

YEAR_MIN, YEAR_MAX = 1900, 2600
BOTH = "both"  # the universes side by side
SHOWS = (BOTH, *SHOW_CODES)
MAX_EVENTS = 400
NEARBY_YEARS = 5  # a year with no events suggests years with events this close, if any
EXPANSE_UNDATED = (
    "The Expanse never states its years on screen (the pilot says only “the 23rd "
    "century”), so it has no dated events. Leave out the year to see its events "
    "in episode order."
)
WORD = re.compile(r"\w+")
# Words a search can leave out without changing what it asks for.
FILLER_WORDS = frozenset("a an and at by for from in into is of on or the to with".split())


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
        return None if self.show == BOTH else universe_of(self.show)

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

    def filters(self) -> str:
        """The filters besides `search`, in words ("in 1990, For All Mankind only"), or ""."""
        parts = []
        low, high = self.years()
        if low is not None and low == high:
            parts.append(f"in {low}")
        elif low is not None and high is not None:
            parts.append(f"from {low} to {high}")
        elif low is not None:
            parts.append(f"from {low} on")
        elif high is not None:
            parts.append(f"up to {high}")
        if self.show != BOTH:
            parts.append(f"{SHOW_TITLES.get(self.show, self.show)} only")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    fact: Fact
    parallels: tuple[Parallel, ...] = ()

    def counterpart(self, parallel: Parallel) -> Fact:
        return parallel.expanse if self.fact.universe == FAM else parallel.fam


@dataclass(frozen=True, slots=True)
class Timeline:
    query: TimelineQuery
    fam: tuple[TimelineEntry, ...]
    expanse: tuple[TimelineEntry, ...]
    suggestions_years: tuple[int, ...] = ()
    suggestions_terms: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    #: For an empty answer: the range of years that do have events, and for a filtered
    #: search, how many events the same search finds without its filters, in which years.
    known_years: tuple[int, int] | None = None
    unfiltered: int = 0
    unfiltered_years: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.fam and not self.expanse


def _universes(show: str) -> tuple[str, ...]:
    if show not in SHOWS:
        raise UserFacingError(f"Pick a show: both, {titles_sentence()}.")
    return UNIVERSE_CODES if show == BOTH else (universe_of(show),)


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
            found = [
                f
                for f in await search_events(store, guild_id, search, universe)
                if _within(f, low, high)
            ]
        else:
            found = await store.catalog.timeline(
                guild_id, universe=universe, year_from=low, year_to=high, limit=MAX_EVENTS
            )
        if is_spin_off(query.show):  # a spin-off's timeline is its universe's, its facts only
            found = [f for f in found if f.show == query.show]
        results[universe] = sorted(found, key=timeline_order)
        if universe == EXPANSE and (low is not None or high is not None) and not found:
            notes[universe] = EXPANSE_UNDATED
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

    timeline = Timeline(query, entries(FAM), entries(EXPANSE), notes=notes)
    if not timeline.empty:
        return timeline
    return await _empty(store, guild_id, query, universes, notes)


def _within(fact: Fact, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    if fact.year_from is None or fact.year_to is None:
        return False
    return fact.year_to >= (low if low is not None else YEAR_MIN) and fact.year_from <= (
        high if high is not None else YEAR_MAX
    )


async def _empty(
    store: Store,
    guild_id: int,
    query: TimelineQuery,
    universes: tuple[str, ...],
    notes: dict[str, str],
) -> Timeline:
    """Nothing matched: say what exists near the asked years, and what the search finds
    without its filters."""
    years, terms = await suggestions(store, guild_id, query, universes)
    known = await _event_years(store, guild_id, query, FAM) if FAM in universes else []
    unfiltered: list[Fact] = []
    if query.search and query.filters():
        for universe in UNIVERSE_CODES:
            unfiltered += await search_events(store, guild_id, query.search.strip(), universe)
    return Timeline(
        query,
        (),
        (),
        years,
        terms,
        notes,
        known_years=(known[0], known[-1]) if known else None,
        unfiltered=len(unfiltered),
        unfiltered_years=tuple(sorted({f.year_from for f in unfiltered if f.year_from})),
    )


def timeline_order(fact: Fact) -> tuple[object, ...]:
    """In-universe order: by year; within a year the events with a date (day or month)
    first, in date order, then those with only the year, in episode order, so a year
    reads as a story. Undated events (The Expanse) follow, by episode."""
    episode = fact.episode
    month, day = _month_day(fact.sort_date)
    return (
        fact.year_from is None,
        fact.year_from or 0,
        month == 0,
        month,
        day == 0,
        day,
        episode.season if episode else 99,
        episode.number if episode else 99,
        fact.key,
    )


def _month_day(sort_date: str) -> tuple[int, int]:
    parts = sort_date.split("-")
    try:
        return (int(parts[1]) if len(parts) > 1 else 0, int(parts[2]) if len(parts) > 2 else 0)
    except ValueError:
        return 0, 0


# -- searching --------------------------------------------------------------------------


def search_words(text: str) -> list[str]:
    """The words a search asks for (lower case, without filler words)."""
    words = [w for w in WORD.findall(text.casefold()) if w not in FILLER_WORDS]
    return words or WORD.findall(text.casefold())


def _root(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and not word.endswith("ses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_meet(asked: str, written: str) -> bool:
    """One search word against one word of a text: the same word, its plural, or another
    form of it ("independence" and "independent", "colony" and "colonies")."""
    if asked == written or _root(asked) == _root(written):
        return True
    common = 0
    for a, b in zip(asked, written, strict=False):
        if a != b:
            break
        common += 1
    return common >= 5 and common >= 0.75 * max(len(asked), len(written))


def covers(words: Iterable[str], text: str) -> bool:
    """Whether every search word meets some word of `text`."""
    written = set(WORD.findall(text.casefold()))
    return all(any(words_meet(word, other) for other in written) for word in words)


def _fact_words(fact: Fact) -> str:
    return " ".join((fact.text, " ".join(fact.tags), fact.when_text))


async def search_events(store: Store, guild_id: int, search: str, universe: str) -> list[Fact]:
    """What `/timeline search:` finds in one universe: facts with every word (full-text
    search over text and tags), events and dated facts with every word in another form,
    and both facts of each parallel whose topic or note has every word.

    Remembered until the facts change: comparing every word of every fact is CPU work
    (milliseconds at a thousand facts) that fans asking the same thing at once should not
    pay again."""
    key = ("timeline search", guild_id, " ".join(search.casefold().split()), universe)
    found = await store.db.memo(
        key, lambda: _search_events(store, guild_id, search, universe), content=True
    )
    return list(found)


async def _search_events(store: Store, guild_id: int, search: str, universe: str) -> list[Fact]:
    found = {
        f.key: f
        for f in await store.catalog.search_facts(
            guild_id,
            search,
            universe=universe,
            limit=MAX_EVENTS,
            all_words=True,
            include_misconceptions=False,
        )
    }
    words = search_words(search)
    if words:
        for fact in await store.catalog.timeline(guild_id, universe=universe, limit=MAX_EVENTS):
            if fact.key not in found and covers(words, _fact_words(fact)):
                found[fact.key] = fact
        for parallel in await store.catalog.parallels(guild_id):
            if covers(words, f"{parallel.topic} {parallel.note}"):
                for fact in (parallel.fam, parallel.expanse):
                    if fact.universe == universe and fact.kind != "misconception":
                        found.setdefault(fact.key, fact)
    return list(found.values())


async def _event_years(
    store: Store, guild_id: int, query: TimelineQuery, universe: str
) -> list[int]:
    """The years with events for the query's show: a spin-off's own (its timeline holds
    only its facts), else its universe's. Star City's "1970" had suggested For All
    Mankind's years, the asked one among them."""
    show = query.show if is_spin_off(query.show) else None
    return await store.catalog.event_years(guild_id, universe, show=show)


async def suggestions(
    store: Store, guild_id: int, query: TimelineQuery, universes: tuple[str, ...]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Years with events close to the asked ones (none when nothing is close), and the
    closest known names to a search."""
    years: set[int] = set()
    for universe in universes:
        years.update(await _event_years(store, guild_id, query, universe))
    low, high = query.years()
    nearest: tuple[int, ...] = ()
    if low is not None or high is not None:
        first = low if low is not None else high
        last = high if high is not None else low
        assert first is not None and last is not None
        close = [
            y
            for y in years
            if first - NEARBY_YEARS <= y <= last + NEARBY_YEARS and not first <= y <= last
        ]
        middle = (first + last) / 2
        nearest = tuple(sorted(sorted(close, key=lambda y: abs(y - middle))[:4]))
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
