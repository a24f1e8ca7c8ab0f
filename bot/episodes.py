"""The episode guide: find an episode, and what the data holds about it.

Plain, typed logic behind /episode (cogs/episode.py); no discord import.

- *Labels*: one way to name an episode, `The Expanse S2E5 · Home · 22 Feb 2017`, shared by
  /episode (its autocomplete shows exactly this), trivia sources and /canon evidence, so a
  fan can paste what a verdict cites into /episode.
- *Finding*: an episode by its code ("s2e5", "2x05", "S02E05", or a pasted label), by its
  title (typos forgiven: "leviathen wakes"), or by a few words of what happens in it,
  matched against that episode's facts ("eros venus").
- *Slots*: a season's running order, listed episodes and those whose titles the data does
  not hold yet (For All Mankind season 5, most of Star City), with what is known of them.
- *The guide*: an episode's facts in order, the parallels that touch them, how many trivia
  questions it feeds, its neighbours, and the sources of the episode list.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from bot.errors import UserFacingError
from bot.shows import SHOW_TITLES, titles_sentence
from bot.spoilers import EPISODE_CODE, SEASON_ONLY
from bot.store.records import Episode, Fact, Parallel, Season
from bot.timezones import day_label, span_label

if TYPE_CHECKING:
    from bot.store import Store

MAX_CHOICES = 25  # Discord's cap on autocomplete choices
UNTITLED = "title not in the data yet"

# A code inside longer text: a pasted label ("The Expanse S2E5 · Home"), "season 2 episode 5".
CODE_IN_TEXT = re.compile(
    r"\bS(?:eason)?\s*0*(\d{1,2})\s*,?\s*E(?:p(?:isode)?)?\s*0*(\d{1,3})\b", re.IGNORECASE
)
SEASON_WORDS = re.compile(r"^\s*(?:season\s*0*(\d{1,2})|s0*(\d{1,2})\s*e)\s*$", re.IGNORECASE)
WORD = re.compile(r"[a-z0-9]+")
# How fans name an episode by what happens in it: "the one where …", "the episode when …",
# "ep where …". The lead-in says nothing about the episode, and its "the" and "one" made a
# fuzzy title match on any title holding "the" ("the one where gordo and tracy die" was
# "He Built the Saturn V"), so it is dropped before matching. "The One-Eyed Man" keeps its
# words: the lead-in needs "where", "when", "with", "in which" or "about" after it.
LEAD_IN = re.compile(
    r"^\s*(?:(?:the|that|this)\s+)?(?:one|episode|ep)\s+"
    r"(?:where|when|with|in\s+which|about)\s+(?=\S)",
    re.IGNORECASE,
)
# Words that say nothing about an episode's events.
STOP_WORDS = frozenset(
    "a an and are as at be by for from he her his in into is it its of on or she the their "
    "they to was were with who what when where which episode ep".split()
)
TITLE_STRONG, TITLE_WEAK = 85.0, 70.0  # rapidfuzz WRatio cut-offs for a title match
WORD_FUZZ = 85.0  # one typo in a word of five letters or more


# -- labels ---------------------------------------------------------------------------------


def show_title(show: str) -> str:
    return SHOW_TITLES.get(show, show)


def episode_code(season: int, number: int) -> str:
    return f"S{season}E{number}"


def episode_label(episode: Episode) -> str:
    """'The Expanse S2E5 · Home · 22 Feb 2017': how every reply names an episode."""
    return (
        f"{show_title(episode.show)} {episode.code} · {episode.title} · {day_label(episode.aired)}"
    )


def source_label(episode: Episode | None, page_title: str) -> str:
    """The episode's label and/or the cited page: what trivia and /canon show as a source."""
    parts = [episode_label(episode)] if episode is not None else []
    if page_title:
        parts.append(page_title)
    return " · ".join(parts) if parts else "no source recorded"


def release_verb(day: dt.date, today: dt.date) -> str:
    return "released" if day <= today else "releases"


# -- a show's episodes ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """One place in a season's running order: a listed episode, or one the data has no title
    for yet (its season's release facts still say when it came out)."""

    show: str
    season: int
    number: int
    episode: Episode | None = None

    @property
    def code(self) -> str:
        return episode_code(self.season, self.number)

    @property
    def key(self) -> tuple[int, int]:
        return self.season, self.number

    def label(self) -> str:
        if self.episode is not None:
            return episode_label(self.episode)
        return f"{show_title(self.show)} {self.code} · {UNTITLED}"


@dataclass(frozen=True, slots=True)
class ShowEpisodes:
    """A show's seasons, its listed episodes in running order, and the facts of each."""

    show: str
    seasons: tuple[Season, ...]
    episodes: tuple[Episode, ...]
    facts: dict[tuple[int, int], tuple[Fact, ...]] = field(default_factory=dict)

    def season(self, number: int) -> Season | None:
        return next((s for s in self.seasons if s.number == number), None)

    def season_numbers(self) -> str:
        numbers = [s.number for s in self.seasons]
        return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])

    def slots(self, season_number: int) -> list[Slot]:
        """The season's running order: 1 … its episode count, titled where listed."""
        season = self.season(season_number)
        if season is None:
            return []
        listed = {e.number: e for e in self.episodes if e.season == season_number}
        count = max([season.episode_count or 0, *listed])
        return [
            Slot(self.show, season_number, number, listed.get(number))
            for number in range(1, count + 1)
        ]

    def slot(self, season: int, number: int) -> Slot | None:
        return next((s for s in self.slots(season) if s.number == number), None)

    def neighbours(self, season: int, number: int) -> tuple[Episode | None, Episode | None]:
        """The listed episodes just before and just after (season, number), across seasons."""
        before = [e for e in self.episodes if (e.season, e.number) < (season, number)]
        after = [e for e in self.episodes if (e.season, e.number) > (season, number)]
        return (before[-1] if before else None), (after[0] if after else None)

    def all_slots(self) -> list[Slot]:
        return [slot for season in self.seasons for slot in self.slots(season.number)]


async def load_show(
    store: Store,
    guild_id: int,
    show: str,
    *,
    before_read: Callable[[], Awaitable[object]] | None = None,
) -> ShowEpisodes:
    """What /episode needs of one show, as `guild_id` sees its facts (cached by the store)."""
    if show not in SHOW_TITLES:
        raise UserFacingError(f"Pick a show: {titles_sentence()}.")
    # Remembered until the next write, so that a bad episode is refused before the
    # acknowledgement without waiting for a busy database.
    scope = await store.catalog.scope(guild_id)  # servers without own facts share one index
    return await store.db.memo(
        ("episode-index", scope, show),
        lambda: _read_show(store, scope, show),
        content=True,
        before_compute=before_read,  # not in memory: the caller may acknowledge first
    )


async def _read_show(store: Store, guild_id: int, show: str) -> ShowEpisodes:
    episodes = sorted(await store.catalog.episodes(show), key=lambda e: (e.season, e.number))
    facts: dict[tuple[int, int], list[Fact]] = {}
    for fact in await store.catalog.episode_facts(guild_id, show):
        if fact.episode is not None:
            facts.setdefault((fact.episode.season, fact.episode.number), []).append(fact)
    return ShowEpisodes(
        show,
        tuple(await store.catalog.seasons(show)),
        tuple(episodes),
        {key: tuple(found) for key, found in facts.items()},
    )


# -- what is known of seasons and of episodes without a title ------------------------------


def season_summary(index: ShowEpisodes, season: Season, today: dt.date) -> str:
    """'10 episodes, aired 27 Mar – 29 May 2026; their titles are not in the data yet'."""
    if season.premiere is None or season.finale is None:
        return undated_summary(season)
    slots = index.slots(season.number)
    span = span_label(season.premiere, season.finale)
    if season.finale < today:
        when = f"aired {span}"
    elif season.premiere > today:
        when = f"airs {span}"
    else:
        when = f"airing {span}"
    count = len(slots)
    text = f"{count} episode{'s' if count != 1 else ''}, {when}"
    missing = [s.code for s in slots if s.episode is None]
    if missing and len(missing) == count:
        return f"{text}; their titles are not in the data yet"
    if missing:
        listed = count - len(missing)
        return (
            f"{text}; {listed} listed, the titles of {', '.join(missing)} are not in the data yet"
        )
    return text


def undated_summary(season: Season) -> str:
    """'announced, no release date yet. <the season's note>'."""
    note = f" {season.note}" if season.note else ""
    return f"{season.status}, no release date yet.{note}"


def between(low: dt.date, high: dt.date) -> str:
    """'between 29 May and 5 Jun 2026' (both years when they differ)."""
    first = f"{low.day} {low:%b}" if low.year == high.year else day_label(low)
    return f"between {first} and {day_label(high)}"


def weekly_release(
    premiere: dt.date, finale: dt.date, count: int, listed: Sequence[Episode], number: int
) -> dt.date | None:
    """An untitled episode's date when the season is weekly after a premiere of several
    episodes: Star City's 8 episodes over 7 Fridays, with episode 3 a week after the
    premiere, put episodes 1 and 2 on the premiere and episode 4 two weeks after it. None
    unless the premiere, the finale and every listed episode fit that one pattern."""
    weeks, rest = divmod((finale - premiere).days, 7)
    together = count - weeks  # episodes out on the premiere day
    if rest or weeks < 1 or together < 1:
        return None

    def date_of(n: int) -> dt.date:
        return premiere + dt.timedelta(weeks=max(0, n - together))

    if any(e.aired != date_of(e.number) for e in listed):
        return None
    return date_of(number)


def slot_release(index: ShowEpisodes, slot: Slot, today: dt.date) -> str:
    """When an episode came out: its date, or for one without a title what the season's
    premiere and finale and the listed episodes around it bound it to."""
    if slot.episode is not None:
        return f"{release_verb(slot.episode.aired, today)} {day_label(slot.episode.aired)}"
    season = index.season(slot.season)
    if season is None or season.premiere is None or season.finale is None:
        return "no release date yet"
    count = len(index.slots(slot.season))
    listed = [e for e in index.episodes if e.season == slot.season]
    weekly = weekly_release(season.premiere, season.finale, count, listed, slot.number)
    if weekly is not None:
        return f"{release_verb(weekly, today)} {day_label(weekly)}"
    low = max([season.premiere, *(e.aired for e in listed if e.number < slot.number)])
    high = min([season.finale, *(e.aired for e in listed if e.number > slot.number)])
    if slot.number == 1:
        high = season.premiere
    if slot.number == count:
        low = season.finale
    verb = release_verb(high, today)
    if low >= high:
        return f"{verb} {day_label(high)}"
    return f"{verb} {between(low, high)}"


# -- finding an episode ---------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words with accents and apostrophes folded away ("Abaddon's" → "abaddons")."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return WORD.findall(folded.replace("'", "").replace("’", ""))


def strip_lead_in(text: str) -> str:
    """What follows a lead-in such as "the one where" ("the one where Gordo and Tracy die"
    → "Gordo and Tracy die"); the text unchanged when it has none."""
    return LEAD_IN.sub("", text, count=1)


def parse_code(text: str, season: int | None = None) -> tuple[int, int] | None:
    """(season, episode) from "s2e5", "2x05", "S02E05", a pasted label, "season 2 episode 5",
    or a bare episode number when the season is given."""
    match = EPISODE_CODE.match(text) or CODE_IN_TEXT.search(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    stripped = text.strip()
    if season is not None and stripped.isdigit() and len(stripped) <= 3:
        return season, int(stripped)
    return None


def parse_season(text: str) -> int | None:
    """A whole season: "s2", "2", "season 2", or "s2e" (a code still being typed)."""
    match = SEASON_ONLY.match(text) or SEASON_WORDS.match(text)
    return int(next(g for g in match.groups() if g)) if match else None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A fact's words, as a set (exact look-ups) and sorted (prefix look-ups by bisection)."""

    words: frozenset[str]
    ordered: tuple[str, ...]

    def holds(self, word: str, *, last: bool) -> bool:
        """Exact, as a prefix (the word being typed, or a stem: "crash" → "crashes"), or
        with one typo in a longer word."""
        if word in self.words:
            return True
        if last or len(word) >= 4:
            at = bisect.bisect_left(self.ordered, word)
            if at < len(self.ordered) and self.ordered[at].startswith(word):
                return True
        return (
            len(word) >= 5
            and process.extractOne(word, self.ordered, scorer=fuzz.ratio, score_cutoff=WORD_FUZZ)
            is not None
        )


@functools.lru_cache(maxsize=4096)
def _vocabulary(fact: Fact) -> Vocabulary:
    found = frozenset(words(" ".join([fact.text, *fact.tags])))
    return Vocabulary(found, tuple(sorted(found)))


def _event_score(query: Sequence[str], facts: Sequence[Fact]) -> tuple[int, int] | None:
    """How well the episode's facts hold the query's words: (facts holding them all, facts
    holding any); None when a word is in none of them."""
    last = len(query) - 1
    found = [[_vocabulary(f).holds(w, last=i == last) for i, w in enumerate(query)] for f in facts]
    if not all(any(row[i] for row in found) for i in range(len(query))):
        return None
    return sum(all(row) for row in found), sum(any(row) for row in found)


def find_episodes(
    index: ShowEpisodes, text: str, *, season: int | None = None, limit: int = MAX_CHOICES
) -> list[Slot]:
    """The episodes `text` points at, best first: by code, by season, by title (typos
    forgiven), then by words of what happens in them. `season` narrows to one season."""
    text = strip_lead_in(text.strip()[:200]).strip()
    if season is not None and index.season(season) is None:
        return []
    slots = [s for s in index.all_slots() if season is None or s.season == season]
    if not text:
        listed = [s for s in slots if s.episode is not None]
        return (listed or slots)[:limit]
    code = parse_code(text, season)
    if code is not None:
        return [s for s in slots if s.key == code][:1]
    whole_season = parse_season(text)
    if whole_season is not None:
        return [s for s in slots if s.season == whole_season][:limit]
    listed = [s for s in slots if s.episode is not None]
    titles = [
        fuzz.WRatio(text, e.title, processor=utils.default_process)
        for e in (s.episode for s in listed)
        if e is not None
    ]
    strong = sorted((-score, n) for n, score in enumerate(titles) if score >= TITLE_STRONG)
    found = [listed[n] for _, n in strong]
    if len(found) >= limit:
        return found[:limit]  # a title settles it: no need to read what happens
    query = [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]
    events: list[tuple[int, int, int]] = []
    weak: list[tuple[float, int]] = []
    for n, slot in enumerate(listed):
        if titles[n] >= TITLE_STRONG:
            continue
        score = _event_score(query, index.facts.get(slot.key, ())) if query else None
        if score is not None:
            events.append((-score[0], -score[1], n))
        elif titles[n] >= TITLE_WEAK:
            weak.append((-titles[n], n))
    found += [listed[n] for *_, n in sorted(events)]
    found += [listed[n] for _, n in sorted(weak)]
    return found[:limit]


def autocomplete_choices(
    index: ShowEpisodes, text: str, *, season: int | None = None
) -> list[tuple[str, str]]:
    """(label, value) pairs for Discord: at most 25, names within 100 characters; the value
    is the episode's code, which the command reads back exactly."""
    return [
        (clip_label(slot.label()), slot.code)
        for slot in find_episodes(index, text, season=season, limit=MAX_CHOICES)
    ]


def clip_label(label: str, limit: int = 100) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def resolve_slot(index: ShowEpisodes, text: str, *, season: int | None = None) -> Slot:
    """The one episode a command means; a friendly error when nothing (or no such) fits."""
    title = show_title(index.show)
    if season is not None and index.season(season) is None:
        raise UserFacingError(f"{title} has no season {season} (seasons {index.season_numbers()}).")
    code = parse_code(text, season)
    if code is not None:
        known = index.season(code[0])
        if known is None:
            raise UserFacingError(
                f"{title} has no season {code[0]} (seasons {index.season_numbers()})."
            )
        slot = index.slot(*code)
        if slot is None:
            count = len(index.slots(code[0]))
            if not count:
                raise UserFacingError(f"{title} season {code[0]}: {undated_summary(known)}")
            raise UserFacingError(f"{title} season {code[0]} has {count} episodes; pick 1–{count}.")
        return slot
    found = find_episodes(index, text, season=season, limit=1)
    if not found:
        raise UserFacingError(
            f"No episode of {title} matches “{clip_label(text.strip(), 80)}”. Try its title, a "
            "code like `S2E5`, or a few words of what happens in it."
        )
    return found[0]


# -- the guide ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EpisodeGuide:
    """Everything /episode shows about one episode (or one slot without a title)."""

    slot: Slot
    season: Season
    released: str  # "released 22 Feb 2017", or what bounds an untitled episode's date
    season_known: str  # for a season whose titles are not all listed: what is known
    facts: tuple[Fact, ...]
    parallels: tuple[Parallel, ...]
    trivia_questions: int
    previous: Episode | None
    next: Episode | None


@dataclass(frozen=True, slots=True)
class SeasonListing:
    """A season at a glance: its running order, premiere and finale."""

    show: str
    season: Season
    slots: tuple[Slot, ...]
    summary: str
    releases: dict[tuple[int, int], str]  # slot key -> when it came out


@dataclass(frozen=True, slots=True)
class ShowOverview:
    show: str
    seasons: tuple[tuple[Season, str], ...]  # each season and its summary


def _needs_summary(index: ShowEpisodes, season: Season) -> bool:
    return any(slot.episode is None for slot in index.slots(season.number)) or not index.slots(
        season.number
    )


async def trivia_questions_about(
    store: Store, guild_id: int, episode: Episode, facts: Sequence[Fact]
) -> int:
    """How many trivia questions take their answer from this episode: curated ones that
    cite it, and those generated from its facts."""
    # bot.trivia names its sources with this module's labels, so it is imported here.
    from bot.trivia import load_bank

    curated = {
        q.key
        for q in await store.catalog.questions(episode.show)
        if q.episode is not None and q.episode.code == episode.code
    }
    keys = {f.key for f in facts}
    bank = await load_bank(store, guild_id)
    return sum(
        1
        for q in bank.questions
        if q.show == episode.show and (q.key in curated or (q.generated and q.origin in keys))
    )


def release_moment(day: dt.date) -> dt.datetime:
    """A release date as a Discord `<t:…:D>` moment: noon UTC falls on the same calendar day
    from UTC−11 to UTC+11, so nearly every reader sees the date the data gives."""
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def label_show(text: str) -> str | None:
    """The show a pasted label names ("The Expanse S2E5 · Home …"), if any."""
    folded = text.strip().casefold()
    return next((c for c, t in SHOW_TITLES.items() if folded.startswith(t.casefold())), None)


async def episode_guide(
    store: Store, guild_id: int, index: ShowEpisodes, slot: Slot, today: dt.date
) -> EpisodeGuide:
    """What /episode shows about `slot` (found with `resolve_slot` on the same index)."""
    known = index.season(slot.season)
    if known is None:
        raise UserFacingError(f"{show_title(index.show)} has no season {slot.season}.")
    facts = index.facts.get(slot.key, ())
    parallels: list[Parallel] = []
    trivia = 0
    if facts:
        parallels = await store.catalog.parallels(guild_id, fact_keys=[f.key for f in facts])
    if slot.episode is not None:
        trivia = await trivia_questions_about(store, guild_id, slot.episode, facts)
    previous, following = index.neighbours(slot.season, slot.number)
    return EpisodeGuide(
        slot=slot,
        season=known,
        released=slot_release(index, slot, today),
        season_known=season_summary(index, known, today) if _needs_summary(index, known) else "",
        facts=facts,
        parallels=tuple(parallels),
        trivia_questions=trivia,
        previous=previous,
        next=following,
    )


def season_listing(index: ShowEpisodes, season: int, today: dt.date) -> SeasonListing:
    known = index.season(season)
    if known is None:
        raise UserFacingError(
            f"{show_title(index.show)} has no season {season} (seasons {index.season_numbers()})."
        )
    slots = index.slots(season)
    return SeasonListing(
        index.show,
        known,
        tuple(slots),
        season_summary(index, known, today),
        {slot.key: slot_release(index, slot, today) for slot in slots},
    )


def show_overview(index: ShowEpisodes, today: dt.date) -> ShowOverview:
    return ShowOverview(
        index.show,
        tuple((season, season_summary(index, season, today)) for season in index.seasons),
    )
