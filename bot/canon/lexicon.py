"""The dataset's lexicon (data/lexicon.toml), compiled for fast look-ups.

Concept words are matched by stems, so 'blew up', 'blows up' and 'blowing up' all meet
the phrase 'blow up'; `forms` match only as written. Implications are closed once
('murder' -> kill -> die), so a fact's words carry everything they entail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.canon.text import Word, raw_tokens, stem
from bot.lexicon_data import Lexicon

Phrase = tuple[str, ...]


FATES = frozenset({"die", "survive"})  # the concepts a person's fate is told in


@dataclass(frozen=True, slots=True)
class CompiledLexicon:
    phrases: dict[str, list[tuple[Phrase, frozenset[str]]]]  # first stem -> phrases
    forms: dict[str, frozenset[str]]  # a word as written -> concepts
    implied: dict[str, frozenset[str]]  # concept -> itself and all it implies
    opposites: dict[str, frozenset[str]]
    converse: dict[str, str]
    light: frozenset[str]
    strict: frozenset[str]
    kinds: dict[str, str]  # tag -> kind
    aliases: dict[str, tuple[str, ...]]  # tag -> its other names
    demonyms: dict[str, tuple[str, ...]]  # tag -> words for its people
    concept_ids: frozenset[str] = field(default_factory=frozenset)
    verbs: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    nouns: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # real place -> its scale
    peoples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # place -> its people
    apart: frozenset[str] = frozenset()  # words kept from their WordNet synonyms
    vocabulary: frozenset[str] = frozenset()  # stems of every concept's words

    def knows(self, word: str) -> bool:
        """Is this a word of the lexicon's ('splat' in 'go splat'), not a typo to correct?"""
        return word in self.forms or stem(word) in self.vocabulary

    def sense_keys(
        self, words: Sequence[Word], index: int, lemmas: Sequence[str], *, verb: bool, fact: bool
    ) -> frozenset[str]:
        """WordNet keys of a verb or noun: a claim's word meets a fact's when one's sense
        is the other's sense or hypernym ('executes' -> 'kills', 'mom' -> 'parent'), never
        two hyponyms of one class ('win' and 'lose'). A fact's word gives `wn=sense` and
        `wn^hypernym`; a claim's `wn=sense`, `wn=hypernym` and `wn^sense`."""
        table = self.verbs if verb else self.nouns
        following = words[index + 1].text if index + 1 < len(words) else ""
        keys: set[str] = set()
        for lemma in lemmas:
            if lemma in self.apart:
                continue  # 'cosmonaut' is no 'astronaut' here, whatever WordNet says
            for phrase in (f"{lemma} {following}", lemma):
                entry = table.get(phrase)
                if entry is None:
                    continue
                sense, parents = entry
                keys.add("wn=" + sense)
                if fact:
                    keys.update("wn^" + p for p in parents)
                else:
                    keys.add("wn^" + sense)
                    keys.update("wn=" + p for p in parents)
                break
        return frozenset(keys)

    def concepts_at(self, words: Sequence[Word], index: int) -> tuple[frozenset[str], int]:
        """The concepts a phrase starting at `index` names, and how many words it spans."""
        word = words[index]
        matches: list[tuple[int, frozenset[str]]] = []
        if word.text in self.forms:
            matches.append((1, self.forms[word.text]))
        for first in word.stems:
            for phrase, concepts in self.phrases.get(first, ()):
                span = _phrase_span(phrase, words, index)
                if span:
                    matches.append((span, concepts))
        if not matches:
            return frozenset(), 1
        span = max(length for length, _ in matches)
        return frozenset(c for length, cs in matches if length == span for c in cs), span

    def close(self, concepts: frozenset[str]) -> frozenset[str]:
        """Concepts with everything they imply."""
        if not concepts:
            return concepts
        out: set[str] = set()
        for concept in concepts:
            out |= self.implied.get(concept, {concept})
        return frozenset(out)


OWNERS = frozenset("his her their its my your our".split())  # 'lose *her* sight'


def _phrase_span(phrase: tuple[str, ...], words: Sequence[Word], index: int) -> int:
    """How many words the phrase spans from `index`, 0 if it is not there. An owner's word
    inside it is part of it: 'loses her sight' is 'lose sight', 'took his own life'."""
    j = index + 1
    for part in phrase[1:]:
        if j < len(words) and words[j].text in OWNERS and part not in words[j].stems:
            j += 1
        if j >= len(words) or part not in words[j].stems:
            return 0
        j += 1
    return j - index


def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    phrases: dict[str, list[tuple[Phrase, frozenset[str]]]] = {}
    by_phrase: dict[Phrase, set[str]] = {}
    forms: dict[str, set[str]] = {}
    vocabulary: set[str] = set()
    for concept in lexicon.concepts:
        for text in concept.all_words:
            phrase = tuple(stem(t) for t in raw_tokens(text))
            if phrase:
                by_phrase.setdefault(phrase, set()).add(concept.id)
                vocabulary.update(phrase)
        for form in concept.forms:
            forms.setdefault(form, set()).add(concept.id)
    for phrase, concepts in by_phrase.items():
        phrases.setdefault(phrase[0], []).append((phrase, frozenset(concepts)))
    for entries in phrases.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    implies = {c.id: set(c.implies) for c in lexicon.concepts}
    implied: dict[str, frozenset[str]] = {}
    for start in implies:
        seen, todo = {start}, [start]
        while todo:
            for other in implies.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        implied[start] = frozenset(seen)
    opposites: dict[str, set[str]] = {}
    for concept in lexicon.concepts:
        for other in concept.opposite:
            opposites.setdefault(concept.id, set()).add(other)
            opposites.setdefault(other, set()).add(concept.id)
    aliases: dict[str, tuple[str, ...]] = {}
    for entry in lexicon.aliases:
        aliases[entry.name] = aliases.get(entry.name, ()) + entry.aliases
    demonyms: dict[str, tuple[str, ...]] = {}
    for demonym in lexicon.demonyms:
        demonyms[demonym.name] = demonyms.get(demonym.name, ()) + demonym.words
    return CompiledLexicon(
        phrases=phrases,
        forms={k: frozenset(v) for k, v in forms.items()},
        implied=implied,
        opposites={k: frozenset(v) for k, v in opposites.items()},
        converse={c.id: c.converse for c in lexicon.concepts if c.converse},
        light=frozenset(c.id for c in lexicon.concepts if c.light),
        strict=frozenset(c.id for c in lexicon.concepts if c.strict),
        kinds={k.name: k.kind for k in lexicon.kinds},
        aliases=aliases,
        demonyms=demonyms,
        concept_ids=frozenset(c.id for c in lexicon.concepts),
        apart=frozenset(w for c in lexicon.concepts if c.apart for w in c.all_words),
        verbs=dict(lexicon.verbs),
        nouns=dict(lexicon.nouns),
        places=dict(lexicon.places),
        peoples=dict(lexicon.peoples),
        vocabulary=frozenset(vocabulary),
    )
