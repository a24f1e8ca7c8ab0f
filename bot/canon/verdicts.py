"""Weigh a claim against the facts retrieval found: each fact's relation to it (through
its text, or a misconception's text and correction), then one verdict per universe.

`judging` compares one reading with another; this module turns those comparisons into
evidence and a verdict: canon on support, not canon on a contradiction or a repeated
misconception, no record (with the closest facts) otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from bot.canon.judging import (
    IN_SEASON,
    POLARITY,
    SAME_ACTOR,
    SWAPPED,
    Judgement,
    compare,
    coverage,
)
from bot.canon.lexicon import CompiledLexicon
from bot.canon.results import Evidence, Relation, UniverseVerdict
from bot.canon.slots import Reading
from bot.canon.text import EpisodeRef
from bot.store.records import Fact

RELATED_COVERAGE = 0.34
MAX_EVIDENCE = 3


# contradictions (each kind on its own) that a fact showing the claim's own actor outweighs
OUTWEIGHED = (SWAPPED, IN_SEASON)
OUTVOTING = 2  # facts that each support a claim outweigh one that swaps a name in it


def verdict_for(universe: str, judgements: Sequence[Judgement]) -> UniverseVerdict:
    """Canon on support, not canon on a contradiction or a repeated misconception; when
    facts point both ways, or nothing decides, no record with the closest facts."""
    ranked = sorted(judgements, key=lambda j: -j.score)
    supports = [j for j in ranked if j.relation == "supports"]
    mistaken = [j for j in ranked if j.relation == "misconception"]
    against = [j for j in ranked if j.relation == "contradicts"]
    if mistaken:
        return UniverseVerdict(universe, "not_canon", evidence(mistaken))
    confirmed = [j for j in supports if j.reason == SAME_ACTOR]
    if (
        confirmed
        and against
        and any(all(j.reason.startswith(kind) for j in against) for kind in OUTWEIGHED)
    ):
        # 'Ed Baldwin lands on Mars': a fact shows Ed landing; that someone else landed
        # there too does not deny it. A fact of the claimed season shows it; a later one
        # recalls it ('By 1992 the Outpost, sold by Karen to Sam, ...'): the season holds
        return UniverseVerdict(universe, "canon", evidence(confirmed, "supports"))
    if (
        len({j.fact.key for j in supports}) >= OUTVOTING
        and len(against) == 1
        and against[0].reason.startswith(SWAPPED)
    ):
        # 'Ellen came out as a lesbian': five facts tell it; that Will Tyler came out too,
        # which one fact tells, does not deny it
        return UniverseVerdict(universe, "canon", evidence(supports))
    if supports and against:
        return UniverseVerdict(
            universe,
            "no_record",
            evidence([supports[0], against[0]], "related"),
            "The facts point both ways, so I won't call it.",
        )
    if supports:
        return UniverseVerdict(universe, "canon", evidence(supports))
    if against:
        return UniverseVerdict(universe, "not_canon", evidence(against))
    related = [j for j in ranked if j.relation == "related"]
    return UniverseVerdict(universe, "no_record", evidence(related, "related"))


def evidence(items: Iterable[Judgement], relation: Relation | None = None) -> tuple[Evidence, ...]:
    seen: set[str] = set()
    chosen = []
    for j in items:
        if j.fact.key in seen:
            continue
        seen.add(j.fact.key)
        chosen.append(
            Evidence(j.fact, relation or j.relation or "related", j.reason, round(j.score, 3))
        )
    return tuple(chosen[:MAX_EVIDENCE])


class FactSource(Protocol):
    """What judging needs of the index: facts read into slots, and how rare a key is."""

    lexicon: CompiledLexicon

    def reading(self, fact: Fact) -> Reading: ...

    def correction(self, fact: Fact) -> Reading: ...

    def weight(self, key: str) -> float: ...

    def context(
        self, fact: Fact, reading: Reading
    ) -> tuple[frozenset[int], frozenset[EpisodeRef]]: ...


def judge_fact(claim: Reading, fact: Fact, source: FactSource) -> Judgement:
    """How one fact bears on the claim (a misconception through its text and correction)."""
    reading = source.reading(fact)
    score = coverage(claim, reading, source.weight)
    if (
        claim.mentions
        and not claim.entity_ids & reading.entity_ids
        and fact.kind != "misconception"
    ):
        # no name in common: it neither supports nor contradicts (a cheap way out)
        return Judgement(fact, "related" if score >= RELATED_COVERAGE else None, "", score)
    if fact.kind == "misconception" and not reading.episodes:
        # its episode is where the show corrects it, not when the mistaken event would be
        # ('Margo died in the JSC bombing at the end of s3' is still the mistake); one
        # whose own words name a season ('in the Season 1 finale') is weighed with it
        claim = replace(claim, episodes=())
    relation, reason = compare(
        claim, reading, source.lexicon, *source.context(fact, reading), source.weight
    )
    if fact.kind != "misconception":
        if relation:
            return Judgement(fact, relation, reason, score)  # type: ignore[arg-type]
        return Judgement(fact, "related" if score >= RELATED_COVERAGE else None, "", score)
    reason = "" if reason == SAME_ACTOR else reason
    correction = source.correction(fact)
    corrected, corrected_reason = compare(
        claim, correction, source.lexicon, *source.context(fact, correction), source.weight
    )
    if corrected != "supports" and _insisted(reading, source.lexicon.strict) - {
        c for u in claim.units for c in u.concepts
    }:
        # 'Dani made it to Mars' says nothing of who was *first*: neither the misconception
        # nor what its correction says of the first one denies it
        return Judgement(fact, "related" if score >= RELATED_COVERAGE else None, "", score)
    if (
        relation == "supports"
        and (corrected == "contradicts" or repeats_the_mistake(claim, reading, correction))
        and _people_of(reading) <= claim.entity_ids
    ):  # 'someone died in the jsc bombing' repeats no 'Margo died in the JSC bombing'
        return Judgement(fact, "misconception", "a common fan misconception", score)
    if relation == "contradicts" and reason == POLARITY and claim.negated:
        return Judgement(fact, "supports", "fans often get this wrong", score)
    if relation == "supports" and corrected == "supports":
        # it reads as the mistake and as its correction at once: neither can be trusted
        return Judgement(fact, "related" if score >= RELATED_COVERAGE else None, "", score)
    if corrected:
        return Judgement(fact, corrected, corrected_reason, score)  # type: ignore[arg-type]
    return Judgement(fact, "related" if score >= RELATED_COVERAGE else None, "", score)


def _people_of(reading: Reading) -> frozenset[str]:
    """The people a text names in its own words (not its tags)."""
    return frozenset(
        i for m in reading.mentions if m.start >= 0 and m.kind == "person" for i in m.ids
    )


def _insisted(reading: Reading, strict: frozenset[str]) -> set[str]:
    """The words a misconception insists on ('first', 'only', 'every')."""
    return {c for u in reading.units for c in u.concepts & strict}


def repeats_the_mistake(claim: Reading, mistaken: Reading, correction: Reading) -> bool:
    """Does the claim say what makes a misconception wrong (what its correction lacks)?

    'Eros crashes into Venus' is true; only '... in the season 1 finale' is the mistake. A
    misconception whose every word its correction repeats ('Molly Cobb is the first woman
    on the Moon') is repeated by any claim that matches its text.
    """
    denied = {k for u in correction.units if u.negated for k in u.keys}  # 'not on Mars'
    wrong_units = [u for u in mistaken.units if not u.keys & correction.keys or u.keys & denied]
    denied_names = {
        i
        for m in correction.mentions
        if m.start >= 0 and correction.words[m.start].negated
        for i in m.ids
    }
    wrong_names = (mistaken.entity_ids - correction.entity_ids) | (
        mistaken.entity_ids & denied_names
    )
    wrong_numbers = (mistaken.years | {n.value for n in mistaken.numbers}) - (
        correction.years | {n.value for n in correction.numbers}
    )
    wrong_episodes = set(mistaken.episodes) - set(correction.episodes)
    if not (wrong_units or wrong_names or wrong_numbers or wrong_episodes):
        return True
    claimed = {k for u in claim.units for k in u.keys}
    if wrong_units:
        # the mistake is in its words ('stays ... without a break'); a name only its
        # correction leaves out is a pronoun there ('She loses the election'), no mistake,
        # but one it denies is ('not on the Martian surface')
        wrong_names = mistaken.entity_ids & denied_names
    return (
        any(u.keys & claimed for u in wrong_units)
        or bool(wrong_names & claim.entity_ids)
        or bool(wrong_numbers & (claim.years | {n.value for n in claim.numbers}))
        or bool(wrong_episodes & set(claim.episodes))
    )
