"""Is it canon? Judge a fan's claim against the store, per universe, with evidence.

The engine is deliberately cautious: it says **canon** only when one fact covers the claim
(its words, every name it uses, its years and numbers, and its polarity), **not canon**
only when a fact about the same subject says otherwise (another year, number, person or
outcome) or the claim is a recorded fan misconception, and **no record** otherwise, with
the closest facts shown. When unsure between canon and not canon it says no record.

Retrieval is SQLite FTS5 (bm25) over the facts a server sees; scoring is plain Python:
stemmed word overlap weighted by rarity (document frequencies from FTS5's own vocabulary),
and names recognised from the facts' tags, fuzzily (rapidfuzz) so typos still match.
"""

from __future__ import annotations

import asyncio
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from bot.answers import normalise
from bot.errors import UserFacingError
from bot.store import Store
from bot.store.records import UNIVERSE_LABELS, Fact, Parallel

Verdict = Literal["canon", "not_canon", "no_record"]
Relation = Literal["supports", "contradicts", "misconception", "related"]

CLAIM_MIN, CLAIM_MAX = 3, 300
UNIVERSES = ("fam", "expanse")
CANDIDATES_PER_UNIVERSE = 60

SUPPORT_COVERAGE = 0.72  # share of the claim's (weighted) words a fact must contain
CONTRADICTION_COVERAGE = 0.6  # share of the claim's other words that must match
RELATED_COVERAGE = 0.25
MISCONCEPTION_COVERAGE = 0.7
NUMBER_CONFLICT_COVERAGE = 0.5  # share of a misconception's own words the claim must repeat  # below this a fact is not worth showing as "closest"
MAX_EVIDENCE = 3

STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being
    it its this that these those there their they them he she his her him who whom whose
    which what when where while do does did done has have had having into onto about
    over under than then so such also very just really actually ever both either each
    any some all one's i you we me my your our us true false canon claim fact really
    show series season episode happen happens happened does did will would can could
    should may might must shall says said say tell told get gets got getting gotten
    something like around roughly approximately nearly almost basically own whole
    kind sort pretty quite somehow apparently""".split()
)
NEGATIONS = frozenset(
    """not never no didnt doesnt wasnt isnt werent arent hasnt hadnt cannot cant wont
    neither nor nobody nothing fails failed fake fakes faked faking feigns feigned""".split()
)
SHOW_NAMES: dict[str, tuple[str, ...]] = {
    "fam": ("for all mankind", "fam"),
    "expanse": ("the expanse", "expanse"),
}
SHARED_UNIVERSE_WORDS = (
    "prequel sequel crossover universe shared share shares connected same timeline future "
    "spinoff continuity canon related linked storyline"
).split()
SHARED_UNIVERSE_TAG = "shared universe"
IRREGULAR = {
    "became": "become",
    "becomes": "become",
    "won": "win",
    "wins": "win",
    "died": "die",
    "dies": "die",
    "dead": "die",
    "death": "die",
    "killed": "die",
    "kills": "die",
    "kill": "die",
    "murdered": "die",
    "murder": "die",
    "built": "build",
    "led": "lead",
    "flew": "fly",
    "flies": "fly",
    "flown": "fly",
    "took": "take",
    "taken": "take",
    "made": "make",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "left": "leave",
    "ran": "run",
    "met": "meet",
    "wrote": "write",
    "shot": "shoot",
    "fell": "fall",
    "fallen": "fall",
    "lost": "lose",
    "loses": "lose",
    "began": "begin",
    "begun": "begin",
    "sank": "sink",
    "stole": "steal",
    "stolen": "steal",
    "born": "birth",
    "bore": "birth",
    "man": "person",
    "men": "person",
    "human": "person",
    "humans": "person",
    "people": "person",
    "persons": "person",
    "soviets": "soviet",
    "ussr": "soviet",
    "russian": "soviet",
    "russians": "soviet",
    "russia": "soviet",
    "usa": "america",
    "american": "america",
    "americans": "america",
    "walked": "walk",
    "landed": "land",
    "landing": "land",
    "lands": "land",
    "commander": "command",
    "commanded": "command",
    "commands": "command",
    "captain": "command",
    "captained": "command",
    "destroyed": "destroy",
    "destroys": "destroy",
    "destruction": "destroy",
    "married": "marry",
    "marries": "marry",
    "marriage": "marry",
    "wife": "marry",
    "husband": "marry",
    "elected": "elect",
    "election": "elect",
    "president": "presid",
    "presidency": "presid",
    "presidential": "presid",
    "lunar": "moon",
    "martian": "mars",
    "martians": "mars",
    "foot": "walk",
    "assassinated": "die",
    "assassinates": "die",
    "assassinate": "die",
    "beat": "win",
    "beats": "win",
    "beating": "win",
    "defeat": "win",
    "defeats": "win",
    "defeated": "win",
    "spacecraft": "ship",
    "vessel": "ship",
    "starship": "ship",
    "spaceship": "ship",
}
ANTONYMS = (
    ("surviv", "die"),
    ("win", "lose"),
    ("succe", "fail"),
    ("aliv", "die"),
    ("rescu", "die"),
    ("before", "after"),
    ("earth", "mars"),
    ("moon", "mars"),
)
WORD = re.compile(r"[a-z0-9]+")
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
CELESTIAL = frozenset(
    """earth mars venus mercury jupiter saturn uranus neptune pluto moon luna ceres eros
    vesta pallas hygiea ganymede io europa callisto titan enceladus phoebe deimos phobos
    ilus laconia""".split()
)
COMMON_FIRST_NAMES = frozenset(
    "miles will bill mark grace hope rose frank art amber max ray sol sam pat dale june".split()
)
ORDINAL_WORD = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b", re.I
)
GENERIC_NAME_WORDS = frozenset(
    """station base city union program programme agency corporation company republic navy
    moon mars earth belt colony council nations states army force alliance project
    mission hotel ship crew center centre space aerospace administration landing first
    day war incident accord treaty crisis act protocol gate gates ring storm flare
    party movement program initiative league agreement summit conference security
    industries energy charter mercantile group police guard bureau office department
    university institute academy news network marines corps fleet collective council
    foundation enterprises systems technologies motors airlines""".split()
)


def stem(word: str) -> str:
    """A light stemmer: enough to meet 'lands', 'landed' and 'landing' at one form."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                break
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # stopped -> stopp -> stop
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # become -> becom, arrive -> arriv
    return IRREGULAR.get(word, word)


def is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2600


@dataclass(frozen=True, slots=True)
class Text:
    """A claim or a fact reduced to what the engine compares."""

    words: tuple[str, ...]  # normalised words, in order
    stems: frozenset[str]  # content stems (no stopwords, no numbers)
    years: frozenset[int]
    numbers: frozenset[str]  # non-year numbers, as digits
    negated: bool

    @classmethod
    def parse(cls, text: str) -> Text:
        # 'first' is a word here, not the number 1 (normalise would make it a digit)
        text = ORDINAL_WORD.sub(lambda m: "ord" + m.group(0).lower(), text)
        text = POSSESSIVE.sub("", text)  # "Amos's" -> "Amos"
        words = tuple(WORD.findall(normalise(text)))
        stems = frozenset(
            stem(w) for w in words if w not in STOPWORDS and w not in NEGATIONS and not w.isdigit()
        )
        return cls(
            words=words,
            stems=stems,
            years=frozenset(int(w) for w in words if is_year(w)),
            numbers=frozenset(w for w in words if w.isdigit() and not is_year(w)),
            negated=any(w in NEGATIONS for w in words),
        )


@lru_cache(maxsize=50_000)
def parse_cached(text: str) -> Text:
    """Facts are parsed again and again across claims: remember them."""
    return Text.parse(text)


@lru_cache(maxsize=50_000)
def word_ngrams(words: tuple[str, ...], longest: int = 6) -> frozenset[tuple[str, ...]]:
    """Every run of up to `longest` words, so a name's presence is one set look-up."""
    return frozenset(
        words[i : i + size] for size in range(1, longest + 1) for i in range(len(words) - size + 1)
    )


@dataclass(frozen=True, slots=True)
class Name:
    """A name from the facts' tags, and the words that can stand for it in a claim."""

    label: str
    stems: frozenset[str]
    handles: tuple[tuple[str, ...], ...]  # the full name first, then short forms
    kind: str  # 'person', a head noun such as 'station', or '' when unknown


def name_from_tag(tag: str, people: frozenset[str] = frozenset()) -> Name:
    words = tuple(WORD.findall(normalise(tag)))
    handles = [words]
    meaningful = [
        w
        for w in words
        if w not in STOPWORDS and len(w) >= 4 and not w.isdigit() and w not in GENERIC_NAME_WORDS
    ]
    short = meaningful[-1] if meaningful else ""
    if (
        len(words) >= 2
        and short
        and tag[:1].isupper()
        and (looks_like_person(tag) or len(short) >= 5)
    ):
        handles.append((short,))  # a surname, or a station's short name ('Tycho', not 'star')
    person = tag.casefold() in people or looks_like_person(tag)
    first = words[0] if words else ""
    if (
        tag.casefold() in people  # first names only for known characters: not 'Belter Creole'
        and len(words) >= 2
        and len(first) >= 2
        and first not in STOPWORDS | COMMON_FIRST_NAMES
        and (first,) not in handles
    ):
        handles.append((first,))  # 'Amos' for Amos Burton
    capitals = [w for w in tag.split() if w[:1].isupper()]
    if len(words) >= 3 and len(capitals) == len(tag.split()):
        handles.append(("".join(w[0] for w in words),))  # 'jsc' for Johnson Space Center
    stems = frozenset(stem(w) for w in words if w not in STOPWORDS)
    last = words[-1] if words else ""
    if person:
        kind = "person"
    elif len(words) == 1 and last in CELESTIAL:
        kind = "body"
    else:
        kind = last if last in GENERIC_NAME_WORDS else ""
    return Name(tag, stems, tuple(handles), kind)


def looks_like_person(tag: str) -> bool:
    """Two or three capitalised words with no place or organisation word: most likely a person."""
    words = tag.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in GENERIC_NAME_WORDS for w in words)
    )


def _matches(words: Sequence[str], handle: tuple[str, ...]) -> bool:
    size = len(handle)
    for start in range(len(words) - size + 1):
        window = words[start : start + size]
        if all(
            a == b or (len(b) >= 6 and fuzz.ratio(a, b) >= 85)
            for a, b in zip(window, handle, strict=True)
        ):
            return True
    return False


def mentions(words: Sequence[str], name: Name) -> bool:
    """Whether `words` refer to `name`, forgiving a typo in longer words."""
    return any(_matches(words, handle) for handle in name.handles)


class NameIndex:
    """Every known name, indexed by the words of its handles, so a fact is matched fast."""

    def __init__(self, names: Sequence[Name]) -> None:
        self.names = list(names)
        self.by_label = {n.label: n for n in self.names}
        self.by_word: dict[str, list[Name]] = {}
        self._vocabulary: list[str] | None = None
        self._mentioned: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Name]] = {}
        for name in self.names:
            for handle in name.handles:
                self.by_word.setdefault(handle[0], []).append(name)
            if len(name.handles[0]) == 1:
                for stem_ in name.stems:
                    self.by_word.setdefault("stem:" + stem_, []).append(name)

    def candidates_for(self, words: Sequence[str]) -> list[Name]:
        """Names that could be in `words`: by exact word, or a close spelling of a long one.

        The fuzzy look-up runs in rapidfuzz over the handle vocabulary, so a claim is not
        compared with every name in Python.
        """
        if self._vocabulary is None:
            self._vocabulary = [w for w in self.by_word if not w.startswith("stem:")]
        found: dict[str, Name] = {}
        for word in set(words):
            keys = [word]
            if len(word) >= 6:
                keys += [
                    match[0]
                    for match in process.extract(
                        word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=85, limit=8
                    )
                ]
            for key in keys:
                for name in self.by_word.get(key, ()):
                    found[name.label] = name
        ordered = sorted(found.values(), key=lambda n: (-len(n.handles[0]), n.label))
        return ordered

    def mentioned_in(self, body: Text, tags: Sequence[str]) -> list[Name]:
        """The names a fact uses: its tags, full names in its text, unambiguous short forms.

        Remembered per fact text: the same facts come back claim after claim.
        """
        key = (body.words, tuple(tags))
        cached = self._mentioned.get(key)
        if cached is None:
            if len(self._mentioned) > 20_000:
                self._mentioned.clear()
            cached = self._mentioned[key] = self._find_mentioned(body, tags)
        return cached

    def _find_mentioned(self, body: Text, tags: Sequence[str]) -> list[Name]:
        tag_words = {w for tag in tags for w in WORD.findall(normalise(tag))}
        found: dict[str, Name] = {t: self.by_label[t] for t in tags if t in self.by_label}
        candidates: dict[str, Name] = {}
        for word in set(body.words):
            for name in self.by_word.get(word, ()):
                candidates[name.label] = name
        for stem_ in body.stems:
            for name in self.by_word.get("stem:" + stem_, ()):
                candidates[name.label] = name
        grams = word_ngrams(body.words)  # facts are spelled right: exact look-ups suffice
        for label, name in candidates.items():
            if label in found:
                continue
            if (
                name.handles[0] in grams
                or any(h in grams and h[0] not in tag_words for h in name.handles[1:])
                or (len(name.handles[0]) == 1 and name.stems <= body.stems)  # 'lunar' -> Moon
            ):
                found[label] = name
        return list(found.values())


NameGroup = tuple[Name, ...]  # one name in the claim; several when only a surname is given


def recognise_names(words: Sequence[str], names: Sequence[Name]) -> list[NameGroup]:
    """The names a claim uses: full names first; a bare surname stands for every bearer."""
    full = [n for n in names if _matches(words, n.handles[0])]
    full = [n for n in full if not any(n.stems < other.stems for other in full)]
    covered = {w for n in full for w in n.handles[0]}
    groups: list[NameGroup] = [(n,) for n in full]
    by_short: dict[tuple[str, ...], list[Name]] = {}
    for name in names:
        for handle in name.handles[1:]:
            if not set(handle) & covered and _matches(words, handle):
                by_short.setdefault(handle, []).append(name)
    groups.extend(tuple(group) for group in by_short.values())
    return groups


@dataclass(frozen=True, slots=True)
class Evidence:
    fact: Fact
    relation: Relation
    reason: str
    score: float

    @property
    def statement(self) -> str:
        """What the evidence says: a misconception's correction when that is what supports."""
        if self.fact.kind == "misconception" and self.relation == "supports":
            return self.fact.correction
        return self.fact.text

    def to_json(self) -> dict[str, object]:
        episode = self.fact.episode
        return {
            "fact": self.fact.key,
            "show": self.fact.show,
            "text": self.statement,
            "correction": self.fact.correction or None,
            "relation": self.relation,
            "reason": self.reason,
            "when": self.fact.when_label or None,
            "source": self.fact.source_label(),
            "episode": None
            if episode is None
            else {
                "season": episode.season,
                "number": episode.number,
                "title": episode.title,
                "aired": episode.aired.isoformat(),
            },
            "url": self.fact.source_url or None,
        }


@dataclass(frozen=True, slots=True)
class UniverseVerdict:
    universe: str
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return UNIVERSE_LABELS[self.universe]

    def to_json(self) -> dict[str, object]:
        result: dict[str, object] = {
            "verdict": self.verdict,
            "evidence": [e.to_json() for e in self.evidence],
        }
        if self.note:
            result["note"] = self.note
        return result


@dataclass(frozen=True, slots=True)
class CanonResult:
    claim: str
    verdicts: dict[str, UniverseVerdict]
    parallels: tuple[Parallel, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "claim": self.claim,
            **{u: v.to_json() for u, v in self.verdicts.items()},
            "parallels": [
                {
                    "topic": p.topic,
                    "note": p.note,
                    "fam": {"fact": p.fam.key, "text": p.fam.text, "source": p.fam.source_label()},
                    "expanse": {
                        "fact": p.expanse.key,
                        "text": p.expanse.text,
                        "source": p.expanse.source_label(),
                    },
                    "source": p.source_title or "the two facts' sources",
                    "url": p.source_url or None,
                }
                for p in self.parallels
            ],
        }


NOTHING_TO_CHECK = (
    "I couldn't find anything to check in that claim. Name who, what or when — for "
    "example `/canon claim: Ed Baldwin commands Jamestown`."
)


def validate_claim(claim: str) -> str:
    text = " ".join(claim.split())
    if len(text) < CLAIM_MIN or not WORD.search(normalise(text)):
        raise UserFacingError(
            "Tell me the claim to check, in a few words — for example "
            "`/canon claim: The Soviets landed on the Moon first`."
        )
    if len(text) > CLAIM_MAX:
        raise UserFacingError(
            f"That claim is {len(text)} characters long; keep it under {CLAIM_MAX} so it can "
            "be checked against one fact (split a long claim into several)."
        )
    parsed = without_show_names(Text.parse(text))
    if not parsed.stems and not parsed.years and not parsed.numbers:
        # Refused here, before the cog acknowledges publicly, so the refusal stays private.
        raise UserFacingError(NOTHING_TO_CHECK)
    return text


def named_universes(claim: Text) -> set[str]:
    """The shows a claim names explicitly ('in The Expanse', 'FAM')."""
    joined = " " + " ".join(claim.words) + " "
    found = set()
    for universe, names in SHOW_NAMES.items():
        if any(f" {name} " in joined for name in names):
            found.add(universe)
    return found


def without_show_names(claim: Text) -> Text:
    """Drop the shows' names from the claim's words: facts never contain them."""
    show_stems = {stem(w) for names in SHOW_NAMES.values() for n in names for w in n.split()}
    show_stems -= {"all", "the"}
    return Text(
        claim.words,
        frozenset(s for s in claim.stems if s not in show_stems),
        claim.years,
        claim.numbers,
        claim.negated,
    )


@dataclass(frozen=True, slots=True)
class Judgement:
    """How one fact relates to the claim."""

    fact: Fact
    coverage: float
    relation: Relation | None
    reason: str


def universes_of_names(groups: Sequence[NameGroup], tag_universes: dict[str, set[str]]) -> set[str]:
    """When every name in a claim belongs to one show's facts, the claim is about that show."""
    found: set[str] = set()
    for group in groups:
        universes = set().union(*(tag_universes.get(n.label, set()) for n in group))
        if len(universes) == 1:  # names both shows use (Mars, the Moon) give no hint
            found |= universes
    return found if len(found) == 1 else set()


async def weights_for(store: Store, words: Iterable[str]) -> Weights:
    """Document counts of the claim's words, folded onto their stems."""
    content = {w for w in words if w not in STOPWORDS and not w.isdigit()}
    counts, total = await store.catalog.word_document_counts(content)
    by_stem: dict[str, int] = {}
    for word in content:
        key = stem(word)
        by_stem[key] = max(by_stem.get(key, 0), counts.get(word, 0))
    return Weights(by_stem, total)


class Weights:
    """Rarer words weigh more: 'Leonov' tells more than 'first'."""

    def __init__(self, document_counts: dict[str, int], total: int) -> None:
        self.counts = document_counts
        self.total = max(total, 1)

    def __call__(self, stem_: str) -> float:
        count = self.counts.get(stem_, 0)
        return math.log((self.total + 1) / (count + 0.5)) + 0.5


def coverage(claim_stems: Iterable[str], fact_stems: frozenset[str], weight: Weights) -> float:
    stems = list(claim_stems)
    if not stems:
        return 0.0
    total = sum(weight(s) for s in stems)
    return sum(weight(s) for s in stems if s in fact_stems) / total


def repeats_the_mistake(
    claim: Text, claim_names: list[NameGroup], fact: Fact, body: Text, weight: Weights
) -> bool:
    """Does the claim state what makes a misconception wrong (what its correction lacks)?"""
    correction = parse_cached(fact.correction)
    wrong_numbers = (body.years | {int(n) for n in body.numbers}) - (
        correction.years | {int(n) for n in correction.numbers}
    )
    if wrong_numbers:
        return bool(wrong_numbers & (claim.years | {int(n) for n in claim.numbers}))
    claimed = claim.stems | {s for g in claim_names for s in g[0].stems}
    wrong_words = body.stems - correction.stems
    if wrong_words:
        return coverage(wrong_words, claimed, weight) >= 0.3
    return coverage(body.stems, claimed, weight) >= MISCONCEPTION_COVERAGE


def matched_span(claim_stems: Iterable[str], body: Text) -> tuple[int, int] | None:
    """The shortest run of the fact's words holding every claim word it contains."""
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(body.words):
        positions.setdefault(stem(word), []).append(index)
    wanted = [s for s in set(claim_stems) if s in positions]
    if not wanted:
        return None
    events = sorted((index, s) for s in wanted for index in positions[s])
    best: tuple[int, int] = (0, len(body.words))
    counts: dict[str, int] = {}
    left = 0
    for index, s in events:
        counts[s] = counts.get(s, 0) + 1
        while len(counts) == len(wanted):
            start = events[left][0]
            if index - start < best[1] - best[0]:
                best = (start, index)
            first = events[left][1]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            left += 1
    return best


def close_together(claim_stems: Iterable[str], body: Text) -> bool:
    """The claim's words must sit near each other in the fact, not scattered across it.

    Bag-of-words coverage alone would let 'Ed Baldwin was the first man on the Moon' be
    'supported' by a long fact that mentions Ed, a first, and the Moon in three clauses.
    """
    stems = set(claim_stems)
    span = matched_span(stems, body)
    if span is None:
        return True
    found = sum(1 for s in stems if s in {stem(w) for w in body.words[span[0] : span[1] + 1]})
    return found <= 1 or span[1] - span[0] + 1 <= max(8, int(2.5 * found))


def negation_near(claim_stems: Iterable[str], body: Text, reach: int = 3) -> bool:
    """Is a negation in the fact close to the words the claim shares with it?

    "Murtry orders that no one help them, and Amos and Naomi help" denies nothing about
    Naomi being a Belter: a negation counts only next to what the claim is about.
    """
    span = matched_span(claim_stems, body)
    if span is None:
        return False
    start, end = max(0, span[0] - reach), span[1] + reach
    return any(w in NEGATIONS for w in body.words[start : end + 1])


def years_of(fact: Fact, text: Text) -> set[int]:
    years = set(text.years)
    if fact.year_from is not None and fact.year_to is not None and not fact.approximate:
        years.update(range(fact.year_from, fact.year_to + 1))
    return years


def judge(
    claim: Text, claim_names: list[NameGroup], fact: Fact, names: NameIndex, weight: Weights
) -> Judgement:
    """Compare the claim with one fact: does it support, contradict, or merely relate?"""
    is_misconception = fact.kind == "misconception"
    # A misconception's tags also name the people of its correction: judge its text alone.
    tags = () if is_misconception else fact.tags
    body = parse_cached(" ".join([fact.text, *tags]))
    fact_names = names.mentioned_in(body, tags)
    fact_stems = body.stems | {s for n in fact_names for s in n.stems}
    cover = coverage(claim.stems, fact_stems, weight)

    claimed = {n for group in claim_names for n in group}
    missing = [g[0] for g in claim_names if not any(n in fact_names for n in g)]
    extra = [n for n in fact_names if n not in claimed and not mentions(claim.words, n)]
    # One changed detail: exactly one name of the claim is absent, and the fact names
    # another of the same kind (a person for a person, a station for a station).
    swapped = [n for n in extra if len(missing) == 1 and n.kind == missing[0].kind]
    missing_stems = {s for n in missing for s in n.stems}
    plain_claim = [s for s in claim.stems if s not in missing_stems]
    plain_cover = coverage(plain_claim, fact_stems, weight) if plain_claim else cover
    shared_plain = sum(1 for s in plain_claim if s in fact_stems)

    fact_years = years_of(fact, body)
    year_conflict = bool(claim.years and fact_years and not claim.years & fact_years)
    year_unconfirmed = bool(claim.years and not claim.years <= fact_years)
    # a number of the claim is not in the fact, and the fact gives another one instead
    number_conflict = bool(claim.numbers - body.numbers) and bool(body.numbers - claim.numbers)
    number_unconfirmed = bool(claim.numbers and not claim.numbers <= body.numbers)
    polarity_conflict = claim.negated != body.negated
    antonym = next(
        (
            (a, b)
            for a, b in ANTONYMS + tuple((b, a) for a, b in ANTONYMS)
            if any(s.startswith(a) for s in claim.stems)
            and not any(s.startswith(a) for s in fact_stems)
            and any(s.startswith(b) for s in fact_stems)
            and not any(s.startswith(b) for s in claim.stems)
        ),
        None,
    )

    supports = (
        cover >= SUPPORT_COVERAGE
        and bool(plain_claim_without_names(claim, claim_names))  # a bare name claims nothing
        and close_together(claim.stems, body)
        and not missing
        and not someone_else_acts(claim, claim_names, body, extra, weight)
        and not year_unconfirmed
        and not number_unconfirmed
        and not polarity_conflict
        and antonym is None
    )
    if supports:
        if is_misconception:
            # The claim must repeat what makes the misconception wrong: "Eros hits Venus"
            # is true; only "... in the season 1 finale" is the misconception.
            if repeats_the_mistake(claim, claim_names, fact, body, weight):
                return Judgement(fact, cover, "misconception", "a common fan misconception")
            return Judgement(fact, cover, "related", "")
        return Judgement(fact, cover, "supports", "")

    same_subject = plain_cover >= CONTRADICTION_COVERAGE and shared_plain >= 2
    # a year or a number is a precise detail: a looser match on the rest is enough
    same_event = plain_cover >= NUMBER_CONFLICT_COVERAGE and shared_plain >= min(
        2, len(plain_claim)
    )
    reason = ""
    if same_event and not missing and year_conflict:
        shown = ", ".join(
            str(y) for y in sorted({fact.year_from} if fact.year_from else fact_years)
        )
        reason = f"the show dates it {shown}, not {', '.join(map(str, sorted(claim.years)))}"
    elif same_event and not missing and number_conflict:
        reason = (
            f"the number is {', '.join(sorted(body.numbers))}, not "
            f"{', '.join(sorted(claim.numbers))}"
        )
    elif (
        same_subject
        and swapped
        and not year_conflict
        and plain_cover >= swap_threshold(swapped)
        and shared_action(claim, claim_names, fact_stems) >= (1 if swapped[0].kind else 2)
    ):
        reason = f"it was {swapped[0].label}, not {missing[0].label}"
    elif (
        same_subject
        and not missing
        and polarity_conflict
        and cover >= SUPPORT_COVERAGE
        and close_together(claim.stems, body)
        and (claim.negated or negation_near(claim.stems, body))
    ):
        reason = "the show says the opposite"
    elif (
        same_subject
        and not missing
        and antonym is not None
        and cover >= 0.6
        and close_together(claim.stems, body)
    ):
        reason = "the show gives another outcome"
    if reason and not is_misconception:
        return Judgement(fact, cover, "contradicts", reason)
    return Judgement(fact, cover, "related" if cover >= RELATED_COVERAGE else None, "")


def plain_claim_without_names(claim: Text, claim_names: list[NameGroup]) -> list[str]:
    name_stems = {s for g in claim_names for n in g for s in n.stems}
    return [s for s in claim.stems if s not in name_stems]


def shared_action(
    claim: Text, claim_names: list[NameGroup], fact_stems: frozenset[str] | set[str]
) -> int:
    """How many of the claim's words besides its names the fact shares: the event itself."""
    return sum(1 for s in plain_claim_without_names(claim, claim_names) if s in fact_stems)


def swap_threshold(swapped: Sequence[Name]) -> float:
    """People and places of a known kind swap readily; unknown kinds need a closer match."""
    return 0.75 if swapped[0].kind else 0.85


def acting_names(claim: Text, claim_names: list[NameGroup]) -> list[NameGroup]:
    """The names doing the action: before the verb, or after 'by' in a passive claim."""
    name_stems = {s for g in claim_names for n in g for s in n.stems}
    verbs = [
        i for i, w in enumerate(claim.words) if w not in STOPWORDS and stem(w) not in name_stems
    ]
    if not verbs:
        return list(claim_names)
    verb = verbs[0]

    def first_position(group: NameGroup) -> int:
        spots = [
            i
            for n in group
            for h in n.handles
            for i in range(len(claim.words) - len(h) + 1)
            if tuple(claim.words[i : i + len(h)]) == h
        ]
        return min(spots, default=len(claim.words))

    if "by" in claim.words[verb:]:
        by = verb + claim.words[verb:].index("by")
        after = [g for g in claim_names if first_position(g) > by]
        if after:
            return after
    before = [g for g in claim_names if first_position(g) < verb]
    return before or list(claim_names)


def someone_else_acts(
    claim: Text, claim_names: list[NameGroup], body: Text, extra: Sequence[Name], weight: Weights
) -> bool:
    """In the fact, is another name of the same kind nearer the claim's action than the claim's?

    'Deke is killed when the engine fires' against 'Harrison Liu is killed ...; Deke is
    injured': the same words, but the killing is Harrison's.
    """
    actors = acting_names(claim, claim_names)
    kinds = {g[0].kind for g in actors if g[0].kind}
    people = [g for g in actors if g[0].kind in kinds]
    others = [n for n in extra if n.kind in kinds]
    if not people or not others:
        return False
    name_stems = {s for g in claim_names for n in g for s in n.stems}
    actions = [s for s in claim.stems if s not in name_stems]
    positions = {stem(w): i for i, w in reversed(list(enumerate(body.words)))}
    present = [s for s in actions if s in positions]
    if not present:
        return False
    action = max(present, key=weight)
    where = positions[action]

    def distance(name: Name) -> int:
        spots = [
            i
            for handle in name.handles
            for i in range(len(body.words) - len(handle) + 1)
            if tuple(body.words[i : i + len(handle)]) == handle
        ]
        return min((abs(i - where) for i in spots), default=10_000)

    for kind in kinds:  # 'Mars destroys Deimos' against 'Earth destroys Deimos, Mars's moon'
        ours = [distance(n) for g in people if g[0].kind == kind for n in g]
        theirs = [distance(n) for n in others if n.kind == kind]
        if ours and theirs and min(theirs) < min(ours):
            return True
    return False


def judge_misconception_correction(
    claim: Text, claim_names: list[NameGroup], fact: Fact, names: NameIndex, weight: Weights
) -> Judgement | None:
    """A misconception's correction is itself sourced canon: a claim may match it."""
    if fact.kind != "misconception" or not fact.correction:
        return None
    corrected = Fact(**{**_fact_fields(fact), "kind": "fact", "text": fact.correction})
    judgement = judge(claim, claim_names, corrected, names, weight)
    if judgement.relation == "supports":
        return Judgement(fact, judgement.coverage, "supports", "as the show establishes")
    return None


async def judge_shared_universe(store: Store, guild_id: int, text: str, claim: Text) -> CanonResult:
    """Claims that the shows share a universe or storyline: a recorded misconception both ways.

    The shows are made by different studios; the store records the misconception for each
    with a source, and a claim that denies the link is supported by the correction.
    """
    verdicts = {}
    for universe in UNIVERSES:
        facts = [
            f
            for f in await store.catalog.search_facts(
                guild_id, SHARED_UNIVERSE_TAG, universe=universe, limit=5, all_words=True
            )
            if f.kind == "misconception" and SHARED_UNIVERSE_TAG in f.tags
        ]
        if not facts:
            verdicts[universe] = UniverseVerdict(universe, "no_record", ())
        elif claim.negated:
            evidence = tuple(
                Evidence(f, "supports", "as the studios' record shows", 1.0) for f in facts
            )
            verdicts[universe] = UniverseVerdict(universe, "canon", evidence[:MAX_EVIDENCE])
        else:
            evidence = tuple(
                Evidence(f, "misconception", "a common fan misconception", 1.0) for f in facts
            )
            verdicts[universe] = UniverseVerdict(universe, "not_canon", evidence[:MAX_EVIDENCE])
    return CanonResult(text, verdicts, ())


def _fact_fields(fact: Fact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in fact.__dataclass_fields__}


def verdict_for(universe: str, judgements: Sequence[Judgement]) -> UniverseVerdict:
    """Pick the verdict; never canon when a contradiction is nearly as strong."""
    supports = sorted(
        (j for j in judgements if j.relation == "supports"), key=lambda j: -j.coverage
    )
    against = sorted(
        (j for j in judgements if j.relation in ("contradicts", "misconception")),
        key=lambda j: -j.coverage,
    )
    related = sorted((j for j in judgements if j.relation == "related"), key=lambda j: -j.coverage)

    def evidence(
        items: Iterable[Judgement], relation: Relation | None = None
    ) -> tuple[Evidence, ...]:
        seen: set[str] = set()
        chosen = []
        for j in items:
            if j.fact.key in seen:
                continue
            seen.add(j.fact.key)
            chosen.append(
                Evidence(j.fact, relation or j.relation or "related", j.reason, j.coverage)
            )
        return tuple(chosen[:MAX_EVIDENCE])

    mistaken = [j for j in against if j.relation == "misconception"]
    if mistaken:  # a curated misconception, repeated: that settles it
        return UniverseVerdict(universe, "not_canon", evidence(mistaken))
    if supports and (not against or supports[0].coverage >= 0.9 > against[0].coverage):
        return UniverseVerdict(universe, "canon", evidence(supports))
    if against and not supports:
        return UniverseVerdict(universe, "not_canon", evidence(against))
    if supports and against:
        return UniverseVerdict(
            universe,
            "no_record",
            evidence([supports[0], against[0]], "related"),
            "The facts point both ways, so I won't call it.",
        )
    return UniverseVerdict(universe, "no_record", evidence(related, "related"))


def score_universes(
    claim: Text,
    claim_names: list[NameGroup],
    candidates: dict[str, list[Fact]],
    names: NameIndex,
    weight: Weights,
    named: set[str],
) -> dict[str, UniverseVerdict]:
    """Judge every candidate fact and pick a verdict per universe (pure; runs in a thread)."""
    verdicts: dict[str, UniverseVerdict] = {}
    for universe in UNIVERSES:
        if named and universe not in named:
            other = UNIVERSE_LABELS[next(iter(named))]
            verdicts[universe] = UniverseVerdict(
                universe,
                "no_record",
                (),
                f"The claim is about {other}; {UNIVERSE_LABELS[universe]} has no record of it.",
            )
            continue
        judgements = []
        for fact in candidates[universe]:
            judgement = judge(claim, claim_names, fact, names, weight)
            if judgement.relation != "misconception":
                corrected = judge_misconception_correction(claim, claim_names, fact, names, weight)
                judgement = corrected or judgement
            judgements.append(judgement)
        verdicts[universe] = verdict_for(universe, judgements)
    return verdicts


_INDEXES: dict[int, tuple[dict[str, set[str]], NameIndex]] = {}


async def name_index(store: Store, guild_id: int, tag_universes: dict[str, set[str]]) -> NameIndex:
    """The server's names, rebuilt only when its tags change (the catalog caches the dict)."""
    cached = _INDEXES.get(guild_id)
    if cached is not None and cached[0] is tag_universes:
        return cached[1]
    people = frozenset(n.casefold() for n in await store.catalog.people_names())
    show_titles = {n for names_ in SHOW_NAMES.values() for n in names_}
    names = [
        name_from_tag(tag, people)
        for tag in tag_universes
        if " ".join(WORD.findall(normalise(tag))) not in show_titles
    ]
    names.sort(key=lambda n: (-len(n.handles[0]), n.label))
    index = NameIndex(names)
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[guild_id] = (tag_universes, index)
    return index


_RESULTS: weakref.WeakKeyDictionary[Store, dict[tuple[object, ...], CanonResult]] = (
    weakref.WeakKeyDictionary()
)


async def check_claim(store: Store, guild_id: int, claim: str) -> CanonResult:
    """Judge `claim` for each universe, with evidence and the parallels it touches.

    A popular claim asked again (until the server's facts change) is answered from a cache.
    """
    text = validate_claim(claim)
    stamp = await store.catalog.cache_stamp(guild_id)
    cache = _RESULTS.setdefault(store, {})
    key = (stamp, " ".join(text.casefold().split()))
    if stamp is not None and key in cache:
        return cache[key]
    result = await _check_claim(store, guild_id, text)
    if stamp is not None:
        if len(cache) > 1024:
            cache.clear()
        cache[key] = result
    return result


async def _check_claim(store: Store, guild_id: int, text: str) -> CanonResult:
    parsed = Text.parse(text)
    named = named_universes(parsed)
    parsed = without_show_names(parsed)
    query = " ".join(w for w in parsed.words if w not in STOPWORDS)
    if not parsed.stems and not parsed.years and not parsed.numbers:
        raise UserFacingError(NOTHING_TO_CHECK)

    tag_universes = await store.catalog.tag_universes(guild_id)
    names = await name_index(store, guild_id, tag_universes)
    claim_names = recognise_names(parsed.words, names.candidates_for(parsed.words))
    candidates: dict[str, list[Fact]] = {}
    for universe in UNIVERSES:
        found = {
            f.key: f
            for f in await store.catalog.search_facts(
                guild_id, query, universe=universe, limit=CANDIDATES_PER_UNIVERSE
            )
        }
        plain_words = [
            w for w in query.split() if not any(w in g[0].handles[0] for g in claim_names)
        ]
        if plain_words and len(plain_words) < len(query.split()):
            for fact in await store.catalog.search_facts(  # the same event, another name?
                guild_id, " ".join(plain_words), universe=universe, limit=30
            ):
                found.setdefault(fact.key, fact)
        for group in claim_names[:4]:  # make sure facts about each named subject compete
            for fact in await store.catalog.search_facts(
                guild_id, query, universe=universe, limit=20, require=group[0].label
            ):
                found.setdefault(fact.key, fact)
        candidates[universe] = list(found.values())
    weight = await weights_for(
        store, [*parsed.words, *(w for g in claim_names for w in g[0].handles[0])]
    )

    shared_universe_claim = len(named) == 2 and bool(
        parsed.stems & {stem(w) for w in SHARED_UNIVERSE_WORDS}
    )
    if shared_universe_claim:
        return await judge_shared_universe(store, guild_id, text, parsed)
    if not named:
        named = universes_of_names(claim_names, tag_universes)
    # Scoring is plain CPU work: off the event loop, so other commands keep being answered.
    verdicts = await asyncio.to_thread(
        score_universes, parsed, claim_names, candidates, names, weight, named
    )

    touched = [e.fact.key for v in verdicts.values() for e in v.evidence]
    parallels = await store.catalog.parallels(guild_id, fact_keys=touched) if touched else []
    return CanonResult(text, verdicts, tuple(parallels[:3]))
