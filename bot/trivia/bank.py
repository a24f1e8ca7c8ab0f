"""The question bank: curated questions from the store plus those generated from dated
facts, filtered for a night and picked least recently asked first; built once per
dataset and server, off the event loop, and cached per store."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answers import KnownNames, normalise
from bot.lexicon_data import Lexicon
from bot.shows import FAM
from bot.spoilers import WHOLE_SEASON
from bot.store.records import Fact, Question
from bot.trivia.choices import ChoicePools, choice_pools
from bot.trivia.names import known_names
from bot.trivia.questions import (
    TriviaQuestion,
    question_from_curated,
    season_question,
    year_question,
)

if TYPE_CHECKING:
    from bot.store import Store
    from bot.trivia.nights import NightConfig


def build_bank(
    curated: Iterable[Question],
    facts: Iterable[Fact],
    seasons: Mapping[str, Sequence[int]],
) -> list[TriviaQuestion]:
    """Every question trivia can ask: curated ones, then those generated from facts.

    A generated question that a curated one already asks (same show, same answer, and the
    curated prompt names one of the fact's tags) is left out.
    """
    bank = [question_from_curated(q) for q in curated]
    by_answer: dict[tuple[str, str], list[str]] = {}
    for question in bank:
        for answer in {normalise(a) for a in question.answers}:
            by_answer.setdefault((question.show, answer), []).append(question.prompt.lower())
    seen = {q.key for q in bank}
    generated: list[TriviaQuestion] = []
    for fact in facts:
        for made in (year_question(fact), season_question(fact, seasons.get(fact.show, ()))):
            if made is None or made.key in seen:
                continue
            prompts = by_answer.get((made.show, normalise(made.answer)), [])
            if any(tag.lower() in prompt for prompt in prompts for tag in fact.tags):
                continue
            seen.add(made.key)
            generated.append(made)
    return bank + generated


def filter_bank(
    bank: Iterable[TriviaQuestion],
    *,
    show: str | None = None,
    difficulty: str | None = None,
    max_season: int | None = None,
) -> list[TriviaQuestion]:
    """Questions for `show` (None = any), `difficulty` (None = any), and, with max_season,
    only those whose source episode is in that season or earlier (page-only sources,
    which cannot be placed, are left out)."""
    return [
        q
        for q in bank
        if (show is None or q.show == show)
        and (difficulty is None or q.difficulty == difficulty)
        and (max_season is None or (q.season is not None and q.season <= max_season))
    ]


def before_progress(
    bank: Iterable[TriviaQuestion], watched: Mapping[str, tuple[int, int]]
) -> list[TriviaQuestion]:
    """What a member who has watched a show up to (season, episode) can be asked without a
    spoiler: of that show, questions from the episodes they have seen (a question the data
    places in a season only, from the seasons before the one they are in; a page-only one
    cannot be placed); other shows' questions all."""
    return [
        q
        for q in bank
        if q.show not in watched
        or (q.season is not None and (q.season, q.episode or WHOLE_SEASON) <= watched[q.show])
    ]


def before_window(
    bank: Iterable[TriviaQuestion], window: Mapping[str, tuple[int, int]] | None
) -> list[TriviaQuestion]:
    """What a public post can ask without a spoiler: questions from the episodes before the
    server's spoiler window (`window`: per show, the last (season, episode) a public reply
    may name unwrapped, see SpoilerContext.before_window). A question that cannot be placed
    is left out, as a fact that cannot be placed is wrapped; with no window (None: none set,
    or the server's spoiler channel) every question."""
    if window is None:
        return list(bank)
    return [
        q
        for q in bank
        if q.season is not None
        and (q.season, q.episode or WHOLE_SEASON) <= window.get(q.show, (0, 0))
    ]


def in_window(question: TriviaQuestion, window: Mapping[str, tuple[int, int]] | None) -> bool:
    """A public post of `question` would name what lies inside the server's spoiler window
    (`window` as for before_window; None: this post wraps nothing), so its question, hint
    and answer go behind spoiler tags, as a fact in the window does. Only a night whose host
    opted in with max_season asks such a question in public."""
    return window is not None and not before_window([question], window)


def night_questions(
    candidates: Iterable[TriviaQuestion],
    config: NightConfig,
    window: Mapping[str, tuple[int, int]] | None,
) -> list[TriviaQuestion]:
    """Of a night's candidates (its show, difficulty and max_season: Bank.filtered), what
    it may ask in public: with a max_season the host set, all of them (their explicit
    choice, inside the spoiler window too); without one, those from before the server's
    spoiler window."""
    candidates = list(candidates)
    return candidates if config.max_season is not None else before_window(candidates, window)


# Among questions asked equally long ago (or never), how often each family is drawn, so
# the hundreds of generated season questions do not crowd out the curated ones.
FAMILY_WEIGHTS = {"curated": 6, "year": 2, "season": 2}


def pick_question(
    candidates: Sequence[TriviaQuestion],
    asked_at: Mapping[str, dt.datetime],
    *,
    exclude: Iterable[str] = (),
    rng: random.Random | None = None,
) -> TriviaQuestion | None:
    """The least recently asked candidate (never asked first).

    `exclude` holds keys or origins already used (a night never asks about the same fact
    twice, as a year and as a season question). Ties are broken at random, first choosing
    a family by FAMILY_WEIGHTS, then a question within it.
    """
    rng = rng or random.Random()
    excluded = set(exclude)
    pool = [q for q in candidates if q.key not in excluded and q.origin not in excluded]
    if not pool:
        return None
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    oldest = min(asked_at.get(q.key, never) for q in pool)
    tier = [q for q in pool if asked_at.get(q.key, never) == oldest]
    families: dict[str, list[TriviaQuestion]] = {}
    for question in tier:
        families.setdefault(question.family, []).append(question)
    names = sorted(families)
    family = rng.choices(names, weights=[FAMILY_WEIGHTS.get(n, 1) for n in names])[0]
    return rng.choice(families[family])


@dataclass(frozen=True, slots=True)
class Bank:
    questions: tuple[TriviaQuestion, ...]
    pools: ChoicePools
    known: KnownNames = field(default_factory=KnownNames)  # every name, for fair judging

    def filtered(
        self,
        *,
        show: str | None = None,
        difficulty: str | None = None,
        max_season: int | None = None,
    ) -> list[TriviaQuestion]:
        return filter_bank(self.questions, show=show, difficulty=difficulty, max_season=max_season)


MAX_CACHED_BANKS = 32


@dataclass(slots=True)
class _Banks:
    """Building the bank decodes every dated fact and runs a few regexes on each (tens of
    ms, seconds under load), so each store keeps the banks it built (`Store.derived`), per
    scope (0 = the shipped base, shared by every server that changed no fact; else the
    server's id), stamped with the store's facts stamp."""

    built: dict[int, tuple[tuple[object, ...], Bank]] = field(default_factory=dict)
    building: dict[int, asyncio.Lock] = field(default_factory=dict)


async def load_bank(
    store: Store,
    guild_id: int,
    *,
    before_build: Callable[[], Awaitable[object]] | None = None,
) -> Bank:
    """The questions this server can be asked (its own fact edits included).

    Cached until the dataset or this server's facts change. `before_build` is awaited
    only when the bank has to be built (e.g. to acknowledge an interaction first); one
    build runs per scope at a time, and concurrent callers wait for it.
    """
    facts = await store.facts_stamp(guild_id)
    if facts is None:  # a write is in progress on the connection: read, never cache
        return await _build(store, guild_id)
    marker, overlay = facts
    scope = guild_id if overlay[1] else 0
    stamp = (marker, overlay if scope else None)
    held = store.derived("trivia banks", _Banks)
    banks = held.built
    cached = banks.get(scope)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if before_build is not None:
        await before_build()
    async with held.building.setdefault(scope, asyncio.Lock()):
        cached = banks.get(scope)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        bank = await _build(store, guild_id)
        if len(banks) >= MAX_CACHED_BANKS:
            banks.clear()
        banks[scope] = (stamp, bank)
        return bank


async def _build(store: Store, guild_id: int) -> Bank:
    curated = await store.catalog.questions()
    facts = await store.catalog.timeline(guild_id, limit=100_000)
    seasons: dict[str, list[int]] = {}
    for season in await store.catalog.seasons():
        if season.status in ("aired", "airing"):
            seasons.setdefault(season.show, []).append(season.number)
    people = await store.trivia.people()
    actors = await store.trivia.actors()
    firsts = await store.trivia.first_episodes()
    roles = await store.trivia.roles()
    event_years = await store.catalog.event_years(guild_id, FAM)
    tags = await store.catalog.tag_universes(guild_id)
    shows = await store.catalog.shows()
    universes = {show.code: show.universe for show in shows}
    # every fact sourced to an episode (timeless ones too), for where names are first seen
    # and what the facts' wording says of people
    sourced = {fact.key: fact for fact in facts}
    for show in shows:
        sourced.update((f.key, f) for f in await store.catalog.episode_facts(guild_id, show.code))
    lexicon = Lexicon.from_json(await store.catalog.lexicon())
    aliases = {entry.name: entry.aliases for entry in lexicon.aliases}
    name_kinds = {entry.name: entry.kind for entry in lexicon.kinds}

    def build() -> Bank:
        questions = build_bank(curated, facts, seasons)
        pools = choice_pools(
            questions,
            people=people,
            actors=actors,
            event_years=event_years,
            facts=sourced.values(),
            aliases=aliases,
            name_kinds=name_kinds,
            people_first=firsts,
            roles=roles,
        )
        known = known_names(people=people, tags=tags, questions=curated, universes=universes)
        return Bank(tuple(questions), pools, known)

    return await asyncio.to_thread(build)  # plain CPU work: off the event loop


async def load_known_names(store: Store, guild_id: int) -> KnownNames:
    """Every name this server's trivia knows (shipped data and its own facts), as cached
    with its bank."""
    return (await load_bank(store, guild_id)).known
