"""Read and validate data/lexicon.toml: the words "Is it canon?" needs to read fans' claims.

The file is part of the dataset (format: data/README.md): concepts (words that name the
same event or thing, with what they imply and their opposites), the kind of each name the
facts use (a person, a craft, a place...), nicknames and other names, and demonyms. Like
every dataset file it is validated strictly, each problem reported with its entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONCEPT_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SYNSET_NAME = re.compile(r"^[a-z0-9_'.-]+\.[nvasr]\.\d\d$")
PHRASE = re.compile(r"^[a-z0-9]+(?:[ '-][a-z0-9]+)*$")
NAME_KINDS = (
    "person",  # a character or a real person
    "group",  # people taken together: Belters, the Marines
    "org",  # an agency, company, navy, party
    "nation",  # a state or a political power
    "place",  # a station, base, city, crater, region
    "setting",  # a kind of place, not one place ('Moon base', 'mining site'): it rivals none
    "body",  # a planet, moon or asteroid
    "craft",  # a ship, spacecraft or mission flown
    "event",  # a war, a scandal, an election
    "thing",  # a substance, device, technology
    "work",  # a film, book, episode, song
    "title",  # an office or a post
)

PLACE_SCALES = {  # the classes of real places the generated [places] table knows
    "state": "place",  # a state of the United States
    "city": "place",
    "country": "place",
    "planet": "body",
    "moon": "body",
    "asteroid": "body",
}

Problem = Callable[[str, str], None]  # (entry, message)


@dataclass(frozen=True, slots=True)
class ConceptEntry:
    """Words that name one event, state or thing in a claim.

    `words` come from WordNet (the synsets in `wordnet`); `added` were added by a reviewer
    (fan slang, phrasal verbs); `forms` match only as written ('spaced', not 'space').
    """

    id: str
    words: tuple[str, ...]
    added: tuple[str, ...]
    forms: tuple[str, ...]
    implies: tuple[str, ...]
    opposite: tuple[str, ...]
    converse: str
    light: bool
    wordnet: tuple[str, ...]
    note: str
    strict: bool = False
    apart: bool = False  # its words meet no WordNet synonym outside it ('cosmonaut')

    @property
    def all_words(self) -> tuple[str, ...]:
        return self.words + self.added


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """Other names for a name the facts use (a nickname, a maiden name, an acronym)."""

    name: str
    aliases: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class DemonymEntry:
    """Words for the people or things of a place: 'martian' -> Mars."""

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameKind:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    concepts: tuple[ConceptEntry, ...] = ()
    kinds: tuple[NameKind, ...] = ()
    aliases: tuple[AliasEntry, ...] = ()
    demonyms: tuple[DemonymEntry, ...] = ()
    # word -> (its first WordNet sense, that sense's hypernyms), generated (tools/)
    verbs: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    nouns: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # a real place as written ('Ohio') -> its scale ('state'), generated (tools/)
    places: Mapping[str, str] = field(default_factory=dict)
    # a real place no fact tags ('China') -> words for its people ('chinese'), generated
    peoples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "concepts": len(self.concepts),
            "words": sum(len(c.all_words) + len(c.forms) for c in self.concepts),
            "kinds": len(self.kinds),
            "aliases": sum(len(a.aliases) for a in self.aliases),
            "demonyms": sum(len(d.words) for d in self.demonyms),
            "verbs": len(self.verbs),
            "nouns": len(self.nouns),
            "places": len(self.places),
            "peoples": len(self.peoples),
        }

    def to_json(self) -> dict[str, Any]:
        """A plain form the store keeps beside the facts it was loaded with."""
        return {
            "concepts": [
                {
                    "id": c.id,
                    "words": list(c.words),
                    "added": list(c.added),
                    "forms": list(c.forms),
                    "implies": list(c.implies),
                    "opposite": list(c.opposite),
                    "converse": c.converse,
                    "light": c.light,
                    "strict": c.strict,
                    "apart": c.apart,
                    "wordnet": list(c.wordnet),
                    "note": c.note,
                }
                for c in self.concepts
            ],
            "kinds": {k.name: k.kind for k in self.kinds},
            "aliases": [{"name": a.name, "aliases": list(a.aliases)} for a in self.aliases],
            "demonyms": [{"name": d.name, "words": list(d.words)} for d in self.demonyms],
            "verbs": {v: [sense, *parents] for v, (sense, parents) in self.verbs.items()},
            "nouns": {v: [sense, *parents] for v, (sense, parents) in self.nouns.items()},
            "places": dict(self.places),
            "peoples": {p: list(words) for p, words in self.peoples.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Lexicon:
        concepts = tuple(
            ConceptEntry(
                c["id"],
                tuple(c["words"]),
                tuple(c["added"]),
                tuple(c["forms"]),
                tuple(c["implies"]),
                tuple(c["opposite"]),
                c["converse"],
                bool(c["light"]),
                tuple(c["wordnet"]),
                c.get("note", ""),
                bool(c.get("strict", False)),
                bool(c.get("apart", False)),
            )
            for c in data.get("concepts", [])
        )
        return cls(
            concepts=concepts,
            kinds=tuple(NameKind(n, k) for n, k in data.get("kinds", {}).items()),
            aliases=tuple(
                AliasEntry(a["name"], tuple(a["aliases"]), "") for a in data.get("aliases", [])
            ),
            demonyms=tuple(
                DemonymEntry(d["name"], tuple(d["words"])) for d in data.get("demonyms", [])
            ),
            verbs={v: (s[0], tuple(s[1:])) for v, s in data.get("verbs", {}).items() if s},
            nouns={v: (s[0], tuple(s[1:])) for v, s in data.get("nouns", {}).items() if s},
            places=dict(data.get("places", {})),
            peoples={p: tuple(w) for p, w in data.get("peoples", {}).items()},
        )


def _phrases(raw: Mapping[str, Any], key: str, label: str, problem: Problem) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, str) and PHRASE.match(v) for v in value
    ):
        problem(label, f"{key} must be a list of lower-case words or phrases")
        return ()
    return tuple(value)


def _concept(raw: Mapping[str, Any], problem: Problem) -> ConceptEntry | None:
    key = raw.get("id")
    label = f"concept {key!r}"
    if not isinstance(key, str) or not CONCEPT_KEY.match(key):
        problem(label, "id missing or malformed (lowercase, digits, hyphens)")
        return None
    words, added, forms = (_phrases(raw, k, label, problem) for k in ("words", "added", "forms"))
    implies, opposite = (_phrases(raw, k, label, problem) for k in ("implies", "opposite"))
    synsets = raw.get("wordnet", [])
    if not isinstance(synsets, list) or not all(
        isinstance(s, str) and SYNSET_NAME.match(s) for s in synsets
    ):
        problem(label, "wordnet must list synset names such as 'kill.v.01'")
        return None
    if words and not synsets:
        problem(label, "words come from WordNet: name their synsets in wordnet")
        return None
    if not words and not added and not forms:
        problem(label, "has no words")
        return None
    converse, note = raw.get("converse", ""), raw.get("note", "")
    light, strict = raw.get("light", False), raw.get("strict", False)
    apart = raw.get("apart", False)
    if not isinstance(converse, str) or not isinstance(note, str):
        problem(label, "converse and note must be text")
        return None
    if not isinstance(light, bool) or not isinstance(strict, bool) or (light and strict):
        problem(label, "light and strict are true or false, and not both true")
        return None
    if not isinstance(apart, bool):
        problem(label, "apart is true or false")
        return None
    return ConceptEntry(
        key,
        words,
        added,
        forms,
        implies,
        opposite,
        converse,
        light,
        tuple(synsets),
        note,
        strict,
        apart,
    )


def load_lexicon(data: Mapping[str, Any], tags: Collection[str], problem: Problem) -> Lexicon:
    """Validate the parsed lexicon file against the tags the facts use."""
    concepts: list[ConceptEntry] = []
    for raw in data.get("concept", []):
        concept = _concept(raw, problem)
        if concept is None:
            continue
        if any(c.id == concept.id for c in concepts):
            problem(f"concept {concept.id!r}", "duplicate id")
            continue
        concepts.append(concept)
    known = {c.id for c in concepts}
    for concept in concepts:
        for other in (*concept.implies, *concept.opposite, *filter(None, [concept.converse])):
            if other not in known:
                problem(f"concept {concept.id!r}", f"refers to unknown concept {other!r}")

    kinds: list[NameKind] = []
    raw_kinds = data.get("kinds", {})
    if not isinstance(raw_kinds, dict):
        problem("kinds", "must be a table of kind = [names]")
        raw_kinds = {}
    seen: dict[str, str] = {}
    for kind, names in raw_kinds.items():
        if kind not in NAME_KINDS:
            problem(f"kinds.{kind}", f"unknown kind (one of {', '.join(NAME_KINDS)})")
            continue
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problem(f"kinds.{kind}", "must be a list of names")
            continue
        for name in names:
            if name not in tags:
                problem(f"kinds.{kind}", f"{name!r} is not a tag of any fact")
            elif name in seen:
                problem(f"kinds.{kind}", f"{name!r} is already a {seen[name]}")
            else:
                seen[name] = kind
                kinds.append(NameKind(name, kind))

    aliases: list[AliasEntry] = []
    for raw in data.get("alias", []):
        name, names = raw.get("name"), raw.get("aliases", [])
        label = f"alias {name!r}"
        if name not in tags:
            problem(label, "name must be a tag of some fact")
            continue
        if (
            not names
            or not isinstance(names, list)
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            problem(label, "aliases must be a non-empty list of names")
            continue
        if any(_reads_as_negation(n) for n in names):
            problem(label, "a bare contraction ('Cant') reads as 'can not' in fans' text")
            continue
        aliases.append(AliasEntry(name, tuple(names), str(raw.get("note", ""))))

    demonyms: list[DemonymEntry] = []
    for raw in data.get("demonym", []):
        name = raw.get("name")
        label = f"demonym {name!r}"
        words = _phrases(raw, "words", label, problem)
        if name not in tags:
            problem(label, "name must be a tag of some fact")
        elif words:
            demonyms.append(DemonymEntry(name, words))
    verbs = _senses(data, "verbs", problem)
    nouns = _senses(data, "nouns", problem)
    places = _places(data, problem)
    peoples = _peoples(data, places, problem)
    return Lexicon(
        tuple(concepts),
        tuple(kinds),
        tuple(aliases),
        tuple(demonyms),
        verbs,
        nouns,
        places,
        peoples,
    )


def _peoples(
    data: Mapping[str, Any], places: Mapping[str, str], problem: Problem
) -> dict[str, tuple[str, ...]]:
    """The generated `[peoples]` table: real place = [words for its people]."""
    out: dict[str, tuple[str, ...]] = {}
    raw = data.get("peoples", {})
    if not isinstance(raw, dict):
        problem("peoples", "must be a table of place = [words]")
        return out
    for place, words in raw.items():
        if place not in places:
            problem(f"peoples.{place}", "must be a place of the [places] table")
        elif not isinstance(words, list) or not all(
            isinstance(w, str) and PHRASE.match(w) for w in words
        ):
            problem(f"peoples.{place}", "must be a list of lower-case words")
        else:
            out[place] = tuple(words)
    return out


def _places(data: Mapping[str, Any], problem: Problem) -> dict[str, str]:
    """The generated `[places]` table: scale = [real places of that scale, as written]."""
    out: dict[str, str] = {}
    raw = data.get("places", {})
    if not isinstance(raw, dict):
        problem("places", "must be a table of scale = [places]")
        return out
    for scale, names in raw.items():
        if scale not in PLACE_SCALES:
            problem(f"places.{scale}", f"unknown scale (one of {', '.join(PLACE_SCALES)})")
            continue
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            problem(f"places.{scale}", "must be a list of names")
            continue
        for name in names:
            if name in out:
                problem(f"places.{scale}", f"{name!r} is already a {out[name]}")
            else:
                out[name] = scale
    return out


def _senses(
    data: Mapping[str, Any], table: str, problem: Problem
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The generated `[verbs]` or `[nouns]` table: word = [sense, ^hypernym, ...]."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    raw = data.get(table, {})
    if not isinstance(raw, dict):
        problem(table, "must be a table of word = [sense, ^hypernym, ...]")
        return out
    for word, senses in raw.items():
        if not (
            isinstance(senses, list)
            and senses
            and all(isinstance(x, str) and x.strip("^").count(".") >= 2 for x in senses)
            and not senses[0].startswith("^")
            and all(x.startswith("^") for x in senses[1:])
        ):
            problem(f"{table}.{word}", "must be [sense, ^hypernym, ...] of WordNet synset names")
            continue
        out[word] = (senses[0], tuple(x[1:] for x in senses[1:]))
    return out


def read_lexicon(path: Path, data: Mapping[str, Any], tags: Collection[str], problems) -> Lexicon:
    """`load_lexicon` reporting through the dataset's problem collector."""
    return load_lexicon(data, tags, lambda entry, message: problems.add(path, entry, message))


def _reads_as_negation(alias: str) -> bool:
    """Does the claim reader open this alias into a negation ('Cant' -> 'can not')? Then it
    would name every "can't" fans type without the apostrophe."""
    # imported here: bot.canon's package imports this module for the Lexicon type
    from bot.canon.text import NEGATORS, raw_tokens

    return any(t in NEGATORS for t in raw_tokens(alias)) and not any(
        w in NEGATORS for w in alias.lower().split()
    )
