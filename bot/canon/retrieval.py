"""Finding the facts a claim may be about: an in-memory BM25 index per server.

The shipped base is indexed once per loaded dataset and shared by every server; a
server's own edits form a small overlay index, and base facts the server edited or hid
are skipped. Facts are indexed by stems, lexicon concepts (so 'murdered' finds 'killed'),
names (tags) and years. A fact is read into slots only when a claim first needs it, and
that reading is kept, so the index builds fast and claims stay fast at 100k facts.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.canon.fates import Record, build_records
from bot.canon.lexicon import CompiledLexicon
from bot.canon.names import NameIndex
from bot.canon.periods import Setting, build_settings, resting_facts
from bot.canon.slots import Reading, read
from bot.canon.text import EpisodeRef, analyse_words, is_year
from bot.fates_data import Fate
from bot.periods_data import Period
from bot.store.records import Fact

K1, B = 1.2, 0.75
READ_AHEAD = 5000  # a base this small is read into slots when indexed, not claim by claim
COMMON_SHARE = 0.01  # keys in more facts than this only rank what rarer keys found
ENOUGH_FOUND = 50  # fewer facts than this found by rarer keys: a common key is walked too
WALK_LIMIT = 2000  # a claim with no rarer key walks only a common key's best facts
UNIVERSES = ("fam", "expanse")


def fact_years(fact: Fact, reading: Reading) -> frozenset[int]:
    years = set(reading.years)
    if fact.year_from is not None and fact.year_to is not None:
        years.update(range(fact.year_from, fact.year_to + 1))
    return frozenset(years)


def index_keys(fact: Fact, names: NameIndex, lexicon: CompiledLexicon) -> Counter[str]:
    """What a fact is found by (cheap: no slots)."""
    keys: Counter[str] = Counter()
    text = f"{fact.text} {fact.correction}" if fact.kind == "misconception" else fact.text
    words = analyse_words(text)
    for i, word in enumerate(words):
        concepts, _span = lexicon.concepts_at(words, i)
        if not word.stop:
            keys.update(word.stems)
        keys.update(lexicon.close(concepts))
        if is_year(word.text):
            keys["y:" + word.text] += 1
    for tag in fact.tags:
        name = names.by_tag.get(tag)
        if name is not None:
            keys["#" + name.id] += 2
    if fact.year_from is not None:
        keys[f"y:{fact.year_from}"] += 1
    return keys


@dataclass(slots=True)
class FactIndex:
    """BM25 over one set of facts, per universe. Each posting holds the key's BM25 weight
    in that fact before its idf (length-normalised against `average`), worked out once at
    build, so a claim only multiplies and adds."""

    facts: list[Fact]
    postings: dict[str, dict[str, dict[int, float]]]  # universe -> key -> {fact number: weight}
    average: float = 1.0  # the fact length the weights are normalised against
    names: dict[str, frozenset[str]] = field(default_factory=dict)  # fact key -> tag ids
    readings: dict[str, Reading] = field(default_factory=dict)
    corrections: dict[str, Reading] = field(default_factory=dict)
    frequency: dict[str, int] = field(default_factory=dict)  # key -> facts holding it
    # (universe, key) -> its WALK_LIMIT best weighted facts, for keys in more facts than that
    heads: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        facts: Sequence[Fact],
        names: NameIndex,
        lexicon: CompiledLexicon,
        average: float | None = None,
    ) -> FactIndex:
        """`average`: the base's mean fact length, for a server's overlay, so that its facts
        and the base's rank on one scale."""
        found = [index_keys(fact, names, lexicon) for fact in facts]
        lengths = [sum(keys.values()) for keys in found]
        if average is None:
            average = sum(lengths) / len(lengths) if lengths else 1.0
        postings: dict[str, dict[str, dict[int, float]]] = {}
        frequency: Counter[str] = Counter()
        tagged: dict[str, frozenset[str]] = {}
        for doc, (fact, keys) in enumerate(zip(facts, found, strict=True)):
            tagged[fact.key] = frozenset(k[1:] for k in keys if k.startswith("#"))
            frequency.update(keys.keys())
            norm = K1 * (1 - B) + K1 * B * lengths[doc] / average
            mine = postings.setdefault(fact.universe, {})
            for key, count in keys.items():
                mine.setdefault(key, {})[doc] = count * (K1 + 1) / (count + norm)
        heads = {
            (universe, key): dict(
                heapq.nlargest(WALK_LIMIT, docs.items(), key=lambda pair: (pair[1], -pair[0]))
            )
            for universe, keys in postings.items()
            for key, docs in keys.items()
            if len(docs) > WALK_LIMIT
        }  # only a catalogue far beyond the shipped one has keys this common
        return cls(list(facts), postings, average, tagged, frequency=dict(frequency), heads=heads)

    def df(self, key: str) -> int:
        return self.frequency.get(key, 0)

    def scores(
        self, keys: Iterable[str], universe: str, idf: Callable[[str], float]
    ) -> dict[int, float]:
        """BM25 of each fact of `universe` for `keys`, with the server-wide `idf`. A key
        in more than COMMON_SHARE of the facts only ranks what rarer keys found, looked up
        fact by fact (so its long list is never walked)."""
        if not self.facts:
            return {}
        # ties broken by the key itself: the order of the float sums, and so the ranking,
        # must not depend on the process's string hashing
        ranked = sorted(set(keys), key=lambda key: (self.df(key), key))
        common = max(50, int(COMMON_SHARE * len(self.facts)))
        scores: dict[int, float] = {}
        postings = self.postings.get(universe, {})
        for position, key in enumerate(ranked):
            posting = postings.get(key)
            if not posting:
                continue
            weight = idf(key)
            if len(posting) <= common or position < 1 or len(scores) < ENOUGH_FOUND:
                pairs: Iterable[tuple[int, float]] = self.heads.get(
                    (universe, key), posting
                ).items()
            elif len(posting) < len(scores):  # walk the shorter of the two
                pairs = [(d, w) for d, w in posting.items() if d in scores]
            else:
                pairs = [(d, posting[d]) for d in scores if d in posting]
            for doc, part in pairs:
                scores[doc] = scores.get(doc, 0.0) + weight * part
        return scores


@dataclass(slots=True)
class ServerIndex:
    """What one server's /canon searches: the base, its overlay, its names."""

    base: FactIndex
    overlay: FactIndex
    overridden: frozenset[str]
    names: NameIndex
    lexicon: CompiledLexicon
    tag_universes: dict[str, set[str]]
    shared_names: bool = True  # the base's names: base readings may be shared
    finales: dict[tuple[str, int], int] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    # universe -> person's name id -> their fate
    fates: dict[str, dict[str, Record]] = field(default_factory=dict)
    settings: tuple[Setting, ...] = ()  # when each season is set

    def idf(self, key: str) -> float:
        total = len(self.base.facts) + len(self.overlay.facts)
        df = self.base.df(key) + self.overlay.df(key)
        return math.log(1 + (total - df + 0.5) / (df + 0.5))

    def search(self, keys: Sequence[str], universe: str, limit: int) -> list[Fact]:
        """The best facts of `universe` for `keys`, the base and the overlay ranked as one."""
        found: list[tuple[float, Fact]] = []
        for index in (self.base, self.overlay):
            scores = index.scores(keys, universe, self.idf)
            hidden = self.overridden if index is self.base else frozenset()
            # the best few, ties broken by key as in a full sort (never cut inside a tie)
            cut = heapq.nlargest(limit + len(hidden), scores.values())
            floor = cut[-1] if len(cut) > limit + len(hidden) - 1 and cut else -math.inf
            for doc, score in scores.items():
                if score >= floor and index.facts[doc].key not in hidden:
                    found.append((score, index.facts[doc]))
        best = heapq.nsmallest(limit, found, key=lambda pair: (-pair[0], pair[1].key))
        return [fact for _, fact in best]

    def may_name(self, fact: Fact, ids: frozenset[str]) -> bool:
        """Could the fact name any of `ids`? A base fact names its tags; a server's own
        fact may name people in its text alone, so it is always read."""
        if fact.guild_id or fact.kind == "misconception":
            return True
        return bool(ids & self.base.names.get(fact.key, frozenset()))

    def facts_tagged(self, tag: str, universe: str) -> list[Fact]:
        name = self.names.by_tag.get(tag)
        if name is None:
            return []
        return self.search(["#" + name.id], universe, 20)

    def _cache(self, fact: Fact) -> FactIndex:
        return self.base if not fact.guild_id and self.shared_names else self.overlay

    def reading(self, fact: Fact) -> Reading:
        cache = self._cache(fact).readings
        reading = cache.get(fact.key)
        if reading is None:
            tags = () if fact.kind == "misconception" else fact.tags
            reading = cache[fact.key] = read(fact.text, self.names, self.lexicon, tags=tags)
        return reading

    def correction(self, fact: Fact) -> Reading:
        cache = self._cache(fact).corrections
        reading = cache.get(fact.key)
        if reading is None:
            # its own names only: a misconception's tags mix the wrong and the right ones
            reading = cache[fact.key] = read(fact.correction, self.names, self.lexicon, tags=())
        return reading

    def context(self, fact: Fact, reading: Reading) -> tuple[frozenset[int], frozenset[EpisodeRef]]:
        """The years a fact covers, and the seasons and episodes it is in or names."""
        episodes = set(reading.episodes)
        if fact.episode is not None:
            season, number = fact.episode.season, fact.episode.number
            episodes.add(EpisodeRef(season, number))
            if self.finales.get((fact.show, season)) == number:
                episodes.add(EpisodeRef(season, -1))
        return fact_years(fact, reading), frozenset(episodes)

    def weight(self, key: str) -> float:
        """Rarer keys weigh more ('Leonov' tells more than 'first'); remembered per key."""
        known = self.weights.get(key)
        if known is None:
            total = len(self.base.facts) + len(self.overlay.facts)
            df = self.base.df(key) + self.overlay.df(key)
            known = self.weights[key] = math.log((total + 1) / (df + 0.5)) + 0.5
        return known


def tag_counts(facts: Iterable[Fact]) -> dict[str, int]:
    counts: Counter[str] = Counter(t for f in facts for t in f.tags)
    return dict(counts)


def tag_universes(facts: Iterable[Fact]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for fact in facts:
        for tag in fact.tags:
            out.setdefault(tag, set()).add(fact.universe)
    return out


@dataclass(slots=True)
class BaseIndex:
    index: FactIndex
    names: NameIndex
    tag_universes: dict[str, set[str]]
    people: tuple[str, ...]
    finales: dict[tuple[str, int], int]
    counts: dict[str, int]
    fates: tuple[tuple[Fate, Fact], ...] = ()  # each with the shipped fact it rests on
    settings: tuple[Setting, ...] = ()  # each season's period with the facts it rests on


def build_base(
    facts: Sequence[Fact],
    lexicon: CompiledLexicon,
    people: Sequence[str],
    fates: Sequence[Fate] = (),
    periods: Sequence[Period] = (),
) -> BaseIndex:
    universes = tag_universes(facts)
    counts = tag_counts(facts)
    names = NameIndex(universes, lexicon, people, counts)
    finales: dict[tuple[str, int], int] = {}
    for fact in facts:
        if fact.episode is not None:
            key = (fact.show, fact.episode.season)
            finales[key] = max(finales.get(key, 0), fact.episode.number)
    index = FactIndex.build(facts, names, lexicon)
    wanted = {fate.fact for fate in fates}
    wanted |= {key for p in periods for key in (*p.facts, p.epilogue_fact)}
    found = {f.key: f for f in facts if f.key in wanted}
    resting = tuple((fate, found[fate.fact]) for fate in fates if fate.fact in found)
    settings = resting_facts(periods, found)
    return BaseIndex(index, names, universes, tuple(people), finales, counts, resting, settings)


def read_ahead(server: ServerIndex) -> None:
    """Read every base fact into slots now (in the builder's thread), so that no claim
    pays for a first reading; only for bases of up to READ_AHEAD facts."""
    if len(server.base.facts) <= READ_AHEAD and server.shared_names:
        for fact in server.base.facts:
            server.reading(fact)
            if fact.kind == "misconception":
                server.correction(fact)


def build_server(
    base: BaseIndex, overlay: Sequence[Fact], overridden: frozenset[str], lexicon: CompiledLexicon
) -> ServerIndex:
    """The server's view: the shared base plus its own facts (names rebuilt only when the
    overlay brings tags the base does not have)."""
    names, universes = base.names, base.tag_universes
    extra = tag_universes(overlay)
    if any(tag not in universes or not extra[tag] <= universes[tag] for tag in extra):
        universes = {tag: set(u) for tag, u in universes.items()}
        for tag, found in extra.items():
            universes.setdefault(tag, set()).update(found)
        counts = dict(base.counts)
        for tag, n in tag_counts(overlay).items():
            counts[tag] = counts.get(tag, 0) + n
        names = NameIndex(universes, lexicon, base.people, counts)
    server = ServerIndex(
        base.index,
        FactIndex.build(overlay, names, lexicon, average=base.index.average),
        overridden,
        names,
        lexicon,
        universes,
        names is base.names,
        base.finales,
    )
    server.fates = build_records(base.fates, overridden, names, lexicon)
    server.settings = build_settings(base.settings, overridden)
    read_ahead(server)
    return server
