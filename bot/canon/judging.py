"""Judge a claim against one fact by its slots, and pick a verdict per universe.

A fact **supports** a claim when it names everything the claim names, has a word (or a
word the lexicon relates) for each of the claim's words, agrees on years, numbers and
polarity, and no slot conflicts: the claim's actor, acted-on and places are the fact's
for the same event. It **contradicts** when it is the same event (a shared event word and
a shared name) and exactly one thing differs: a year, a number, the polarity, an opposite
outcome, or the name in one slot ('it was Miller, not Holden'). A misconception's text
matched by a claim that repeats what makes it wrong is the fans' mistake; its correction
supports like any fact. Anything else is at most **related**.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein

from bot.canon.lexicon import FATES, CompiledLexicon
from bot.canon.names import GENERIC_WORDS, PLACE_PREPS, Mention, is_english
from bot.canon.results import Relation
from bot.canon.roles import Role, apposed, claimed_possessions, claimed_roles, said_of
from bot.canon.slots import (
    BLOWING,
    ERGATIVE,
    KINDS_OF_THINGS,
    PARTICLES,
    SKIPPABLE,
    Number,
    Reading,
    Unit,
    after_passive_aux,
    is_adjective,
    is_possessor,
    is_verb,
    lemmas_of,
    noun_or_unknown,
    prep_before,
)
from bot.canon.text import BE_WORDS, HEDGES, EpisodeRef, Word, spoken_number
from bot.store.records import Fact

SUPPORT_SLACK = 1.7  # how much more spread out a fact may be when it supports
SIDES = frozenset({"org", "nation", "group", "body"})  # who may be blamed, fought, allied with
SWAPPABLE = frozenset({"person", "craft"})  # kinds one of which cannot stand in for another
TYPO_LENGTH = 5  # shorter words are too close to each other to forgive a typo
QUALIFIERS = frozenset({"first", "last", "only"})
PARAPHRASE_LOSS = 0.4  # the most of a claim's weight a paraphrase may put in other words
TYPED = frozenset({"year", "number", "polarity", "opposite", "slot", "season"})

Weight = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Difference:
    kind: str  # year | number | polarity | opposite | slot | missing | unmatched | unconfirmed
    reason: str = ""
    names: frozenset[str] = frozenset()  # for a slot: the claim's names the fact replaces


@dataclass(frozen=True, slots=True)
class Judgement:
    fact: Fact
    relation: Relation | None
    reason: str
    score: float
    statement: str = ""  # what the evidence shows, when not the fact's text


def mention_label(mentions: Sequence[Mention]) -> str:
    labels = [m.names[0].id for m in mentions]
    return " and ".join(labels)


@dataclass(slots=True)
class Comparison:
    """How a claim's reading lines up with a fact's."""

    claim: Reading
    fact: Reading
    lexicon: CompiledLexicon
    fact_years: frozenset[int]
    fact_episodes: frozenset[EpisodeRef]
    linked: set[str] = field(default_factory=set)  # claim names the fact's slots hold
    _roles: dict[int, Role] = field(default_factory=dict, init=False)

    _had: dict[int, frozenset[str]] = field(default_factory=dict, init=False)
    # what owners' things are named ('NASA's ship is Sojourner 1'): the claim's, the fact's
    _pairs: list[tuple[Mention, Mention]] = field(default_factory=list, init=False)
    _their_pairs: list[tuple[Mention, Mention]] = field(default_factory=list, init=False)
    _their_owned: list[tuple[Mention, list[Unit]]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._roles = claimed_roles(self.claim)  # whom the claim gives a role, read once
        self._had = claimed_possessions(self.claim)
        self._pairs = _owned_names(self.claim)
        self._their_pairs = _owned_names(self.fact) if self._pairs else []

    def mention_present(self, mention: Mention) -> bool:
        if mention.ids & self.fact.entity_ids:
            return True
        # 'the martian ship' against 'flagship of the Martian Congressional Republic Navy':
        # the demonym is in the fact, inside another name
        if not mention.demonym or mention.start < 0:
            return False
        said = {w.text for w in self.claim.words[mention.start : mention.end]}
        return said <= {w.text for w in self.fact.words}

    def unit_matches(self, unit: Unit) -> list[Unit]:
        return [
            f
            for f in self.fact.units
            if unit.keys & f.keys or _typo_of(unit, f) or self._converse(unit, f)
        ]

    def unit_present(self, unit: Unit) -> bool:
        return bool(unit.keys & self.fact.keys) or any(
            _typo_of(unit, f) or self._converse(unit, f) for f in self.fact.units
        )

    def opposite_present(self, unit: Unit, *, implied: bool = False) -> str:
        """The fact's word for the other outcome ('dies' for 'survives'); not a converse
        ('loses to Gao' is what 'Gao wins' says from the other side). `implied`: of what
        the word implies too ('killed' is a death, so 'survive' is its other outcome)."""
        for concept in self.lexicon.close(unit.concepts) if implied else unit.concepts:
            for other in self.lexicon.opposites.get(concept, ()):
                if self.lexicon.converse.get(concept) == other:
                    continue
                if (
                    other in self.fact.keys
                    and concept not in self.fact.keys
                    and not self._only_an_epithet(other)
                    and not self._only_hedged(other)
                ):
                    return other
        return ""

    def _only_owners(self, patients: Sequence[Mention]) -> bool:
        """Does the fact write each of these names only as an owner ('Avasarala's son')?"""
        ids = _ids(patients)
        written = [m for m in self.fact.mentions if m.start >= 0 and m.ids & ids]
        return bool(written) and all(is_possessor(self.fact.words, m) for m in written)

    def _only_hedged(self, key: str) -> bool:
        """'disarms the torpedo that would have killed Marco': an outcome the fact only
        supposes is not the one it tells."""
        found = [u for u in self.fact.units if key in u.keys]
        return bool(found) and all(u.hedged for u in found)

    def _only_an_epithet(self, key: str) -> bool:
        """'the dead Julie Mao': an outcome the fact only puts before a name is how it
        calls her at some time, not the fact's event ('kept Julie alive' may still hold)."""
        found = [u for u in self.fact.units if key in u.keys]
        starts = {m.start for m in self.fact.mentions}
        words = self.fact.words
        return bool(found) and all(
            not u.verb
            and u.index + 1 in starts
            # 'the dead Julie Mao', not 'the captain of the Anubis spares Julie Mao'
            and not (words[u.index].text.endswith("s") and lemmas_of(u.text).get("VERB"))
            for u in found
        )

    # -- slots --------------------------------------------------------------------

    def slot_conflict(self, claim_unit: Unit, fact_unit: Unit) -> Difference | None:
        """Does the fact's occurrence of this word give another name in one slot?"""
        actor, patient = _seen_from(claim_unit, self._converse(claim_unit, fact_unit))
        if (
            actor
            and patient
            and _ids(actor) <= _ids(fact_unit.patient)
            and _ids(patient) <= _ids(fact_unit.actor)
            and not _ids(actor) & _ids(fact_unit.actor)  # not 'Marco raised by Marco'
        ):
            return Difference(
                "slot",
                f"it was {mention_label(fact_unit.actor)} who did it to "
                f"{mention_label(fact_unit.patient)}, {REVERSED}",
                _ids(actor) | _ids(patient),
            )
        if (
            actor
            and patient
            and not fact_unit.patient
            and _ids(patient) <= _ids(fact_unit.actor)
            and not _ids(actor) & _ids(fact_unit.actor)
            and self._word_after(fact_unit) in ("him", "her")  # a person, not 'save it'
            and _ids(actor) <= self.fact.written_ids
            and all(m.kind == "person" for m in actor)
        ):  # 'Roma beats up Amos' against 'Roma refuses ..., so Amos beats him'
            return Difference(
                "slot",
                f"it was {mention_label(fact_unit.actor)} who did it to {mention_label(actor)}, "
                f"{REVERSED}",
                _ids(actor) | _ids(patient),
            )
        mine_to, theirs_to = _people_in_preps(claim_unit), _people_in_preps(fact_unit)
        if (
            actor
            and mine_to
            and _ids(actor) <= theirs_to
            and mine_to <= _ids(fact_unit.actor)
            and not _ids(actor) & _ids(fact_unit.actor)
        ):  # 'Sam sells the Outpost to Karen' against 'sold by Karen to Sam'
            return Difference(
                "slot",
                f"it was {mention_label(fact_unit.actor)} who did it, not {mention_label(actor)}",
                _ids(actor),
            )
        if (
            patient
            and _ids(patient) & _ids(fact_unit.actor)
            and (not actor or not _ids(patient) & _ids(fact_unit.patient))
        ):
            # 'Cotyar was killed' against 'Cotyar kills Theo', 'Avasarala is arrested' against
            # 'Avasarala halts ...', 'Holden shoots Alex' against 'Holden and Alex fire at his
            # forces': another event, which neither confirms nor denies it
            return Difference("unconfirmed", DONE_BY_THEM)
        pairs = ((actor, fact_unit.actor), (patient, fact_unit.patient))
        for (mine, theirs), (other, others) in zip(pairs, reversed(pairs), strict=True):
            conflict = _filler_conflict(
                mine,
                theirs,
                sides=mine is patient,
                partial=not self.lexicon.close(claim_unit.concepts) & FATES,  # its records'
            )
            agrees = bool(_ids(other) & _ids(others)) or (
                # 'Miller shoots him in the head' of Dresden, whom the fact names; 'shot and
                # killed Miller's friend Sematimba', named just after the event
                other is patient
                and not others
                and (
                    (self._pronoun_for(fact_unit, other) and _ids(other) <= self.fact.written_ids)
                    or self._acted_on_after(fact_unit, _ids(other))
                )
            )
            if agrees and not _ids(other) & _ids(others):
                self.linked |= _ids(other)  # the pronoun holds it, however far its name is
            if conflict and (
                (other and not agrees)
                or (mine is patient and not actor and fact_unit.actor)
                or (mine is patient and self._done_to_many(claim_unit))
                or (mine is actor and self._done_by_many(claim_unit))
                # 'Gao runs against Avasarala': the claim's one has another part in it
                or _ids(mine) & _people_in_preps(fact_unit)
                or _ids(theirs) & self.claim.entity_ids
                or self._owns(mine, theirs)
            ):
                # not the same event unless the other slot agrees ('Michio killed Karal'
                # against 'Marco spaces a crewman'), nor when the fact's name there is one
                # the claim gives another part ('Karen hooked up with Danny' against
                # 'Danny is hooked on oxycodone'), nor when the claim names no one doing it
                # ('Fred Johnson is killed' against 'Miller killed Dresden'): it neither
                # confirms nor denies
                return Difference("unconfirmed", conflict.reason, conflict.names)
            if conflict:
                return conflict
        for group, mention in claim_unit.preps:
            theirs = tuple(m for g, m in fact_unit.preps if g == group)
            if (
                group == "with"
                and mention.ids & self.fact.entity_ids
                and _ids(theirs) <= self.claim.entity_ids
            ):
                continue  # 'Margo is on the phone with Paine': 'with' goes both ways
            conflict = _filler_conflict((mention,), theirs)
            if conflict:
                return conflict
        return None

    def _people_said_of(self, mention: Mention) -> bool:
        """'Holden is a Belter': a fact calls Holden one ('a Belter ship' does not)."""
        role = self._roles[mention.start]
        said = [w.text for w in self.claim.words[mention.start : mention.end]]
        words = [w.text for w in self.fact.words]
        spans = [  # the fact's people, not its place ('On Mars Danny Stevens ...')
            (m.start, m.end)
            for m in self.fact.mentions
            if m.start >= 0 and m.ids & mention.ids and (m.demonym or not mention.demonym)
        ]
        spans += [  # 'Martian' inside 'the Martian Marine Corps'
            (i, i + len(said)) for i in range(len(words)) if words[i : i + len(said)] == said
        ]
        return not role.subject & self.fact.entity_ids or any(
            said_of(self.fact, role, start, end) for start, end in spans
        )

    def _others_in_clause(self, ids: frozenset[str], occurrence: Unit) -> bool:
        """Does the fact name other people, and none of these, in the occurrence's clause or
        just before it ('Ed, who had to abort Phoenix's landing'; not 'Refusing to evacuate
        ..., Avasarala makes')?"""
        words = self.fact.words
        here = [
            m
            for m in self.fact.mentions
            if m.start >= 0 and words[m.start].clause == occurrence.clause
        ]
        if any(m.ids & ids for m in here):
            return False
        before = [
            m
            for m in self.fact.mentions
            if 0 <= m.start < occurrence.index <= m.start + NEAR_BEFORE and m.kind == "person"
        ]
        return any(m.kind == "person" for m in here) or bool(before)

    def _same_hedge(self) -> bool:
        """Do the claim and the fact hedge with the same word ('plan', 'tries'), so that
        one denies what the other says was planned or tried?"""
        mine = {k for w in self.claim.words if w.text in HEDGES for k in w.stems}
        return bool(mine) and any(w.text in HEDGES and w.stems & mine for w in self.fact.words)

    def _fact_owned(self) -> list[tuple[Mention, list[Unit]]]:
        """The fact's owners and their things, read when first asked for (most
        comparisons never ask)."""
        if self._their_owned is None:
            self._their_owned = _owned(self.fact)
        return self._their_owned

    def _owned_by_others(self, occurrence: Unit, ids: frozenset[str]) -> bool:
        """Is the fact's event noun someone else's ('Danny Stevens's wedding'), whose owner
        is the one it befalls, not these names?"""
        if occurrence.verb or _doer_noun(occurrence.text):
            return False
        owners = [m for m, things in self._fact_owned() if occurrence in things]
        return bool(owners) and all(
            m.kind == "person" and not m.ids & ids and not m.ids & self.claim.entity_ids
            for m in owners
        )

    def _doers_named(self, occurrence: Unit, ids: frozenset[str]) -> bool:
        """Does a fact's doer noun ('survivors', 'killer') stand for these names: set beside
        it ('the survivors Holden and Naomi', 'Sakai, the killer'), not owning it ('the
        Canterbury's survivors', 'the Canterbury survivors') nor named elsewhere? Any
        other word than a doer noun stands for no one."""
        if occurrence.verb or not _doer_noun(occurrence.text):
            return True
        words = self.fact.words
        at = occurrence.index
        return any(
            m.ids & ids
            and (
                (0 < m.start - at <= 3 and not prep_before(words, m.start))
                or (0 < at - m.end <= 3 and not is_possessor(words, m) and m.end != at)
            )
            for m in self.fact.mentions
            if m.start >= 0
        )

    def _whose(self, unit: Unit, occurrence: Unit) -> bool:
        """A claim of one event ('Margo gets married', 'Karen sleeps with Danny', 'Eros is
        destroyed') rests wholly on that event being its names': each in the fact's event
        slot of its own, or (where the fact gives none) written where that slot stands.
        Not 'Sergei ..., married to an American woman', not 'The man Karen slept with is
        Danny, Gordo's son' for Gordo, not 'Holden destroys the Marasmus ... on Eros'."""
        claim = self.claim
        if len(claim.units) != 1 or unit.index in self._roles:
            return True  # a role is weighed as a role ('Julie was the pilot of the Scopuli')
        where = _ids(  # where, not to whom ('married to Kelly', 'sells it to Sam')
            m for g, m in unit.preps if g in ("loc", "goal", "source") and m.kind in LOCATIONS
        ) | _ids(
            m  # 'the Blue Falcon hotel *on Eros*': a place, not one taking part
            for m in claim.mentions
            if m.kind in LOCATIONS and prep_before(claim.words, m.start) in ("loc", "goal")
        )
        named = [  # nor 'as Lionel Polanski': a name they go by
            m
            for m in claim.mentions
            if not m.ids & where and not (m.start > 0 and claim.words[m.start - 1].text == "as")
        ]
        if len(named) > 2:
            return True
        named = [m for m in named if m.ids & self.fact.entity_ids]  # else weighed as a swap
        if not unit.verb and not any(m.kind in HOLDER_KINDS for m in named):
            return True  # 'Laconia is planet 2 of Ring 673': no one's event
        words = self.fact.words
        slotted = _ids(occurrence.patient) | _ids(m for _, m in occurrence.preps)
        acted_on = [m for m in _acted_on_named(self.fact, occurrence) if not m.demonym][:1]
        # the first, not 'Gordo's son'; not the Martian of 'poisons Martian minister Korshunov'
        verbs = {u.index for u in self.fact.units if u.verb}
        slotted |= _ids(  # 'shot and killed Miller's friend Sematimba', not 'except Alex'
            m  # nor the doer of what follows ('With Drummer badly injured, ... Ashford takes')
            for m in acted_on
            if not any(w.text in EXCEPTING for w in words[occurrence.index : m.start])
            and not (m.end in verbs and not words[m.end].after_comma)
        )
        if (  # 'Miller shoots him', of Dresden, whom it names
            occurrence.verb
            and self._pronoun_for(occurrence, unit.patient)
            and not self._unnamed_thing_before(occurrence)
        ):
            slotted |= _ids(unit.patient) & self.fact.written_ids
        placed = _ids(m for _, m in occurrence.preps) | _ids(
            m
            for m in _named_after(self.fact, occurrence, PLACE_AFTER)
            if prep_before(words, m.start) and not is_possessor(words, m)
        )
        born = _ids(  # 'born on Mars', 'grew up on Ceres': where it happens is the point
            m
            for g, m in unit.preps
            if g in ("loc", "source")
            and m.kind in LOCATIONS | {"nation"}
            and (unit.concepts & ORIGINS or unit.text in ORIGIN_WORDS)
        )
        if self._unplaced(unit, born, placed):
            return False  # 'Alex was born on Ganymede' against 'ride ... to Ganymede, Alex pilots'
        doers = _ids(m for m in occurrence.actor if not m.demonym)  # not 'American' of
        return all(  # 'the first American woman to walk on the Moon'
            m.ids & slotted
            or (m.ids & doers if doers else self._attached(m.ids, occurrence))
            or (m in unit.patient and self._called_after(m, occurrence))
            for m in named
        )

    def _called_after(self, mention: Mention, occurrence: Unit) -> bool:
        """Is the name the fact gives in full elsewhere called by its last word just after
        the event ('the Anderson Station protest ... Fred Johnson's assault on *the
        station*')?"""
        heads = {full[-1] for n in mention.names for full in n.full if len(full) > 1}
        words = self.fact.words
        end = min(len(words), occurrence.index + 4)
        return bool(mention.ids & self.fact.written_ids) and any(
            words[k].text in heads and words[k - 1].text == "the"
            for k in range(occurrence.index + 2, end)
        )

    def _unplaced(self, unit: Unit, where: frozenset[str], placed: frozenset[str]) -> bool:
        """Does the claim put its event somewhere ('born on Mars', 'grew up on Ceres') that
        the fact names, but not as where its event happens?"""
        wanted = where & self.fact.written_ids
        return bool(wanted) and not wanted <= placed

    def _attached(self, ids: frozenset[str], occurrence: Unit) -> bool:
        """Is the name written as one who takes part in the fact's slotless event: the
        name nearest before it in its clause (not owning another thing, not the doer of
        another verb that governs it), its owner ('Ed and Karen's marriage'), the subject
        of its sentence when it is said with 'is', or named just after it?"""
        words = self.fact.words
        written = [m for m in self.fact.mentions if m.start >= 0 and not m.demonym]
        before = [
            m
            for m in written
            if m.end <= occurrence.index
            and words[m.start].clause == occurrence.clause
            and m.kind not in LOCATIONS  # not 'on the Moon, landing in ...'
            # nor where it happens: 'Nemeroff's death aboard the Thomas Prince is that his
            # gun went off' (but 'dies in the Polaris disaster', 'in Fred Johnson's
            # assault': it names the event, or owns it)
            and (
                prep_before(words, m.start) not in ("loc", "goal", "source")
                or m.end == occurrence.index
                or is_possessor(words, m)
            )
        ]
        if before:
            nearest = max(before, key=lambda m: m.start)
            governed = any(  # 'Avasarala halts the pick-up': her deed is the halting
                u.verb
                and nearest.end <= u.index < occurrence.index
                and not (u.index + 1 < len(words) and words[u.index + 1].text == "as")
                for u in self.fact.units  # not 'is known as the Butcher'
            ) and not _by(words, occurrence.index)  # 'Shed is killed by a railgun shot'
            owning = is_possessor(words, nearest) and all(  # 'Ed and Karen's marriage', not
                words[k].text in SKIPPABLE or is_adjective(words[k].text)  # 'Gordo's wife,
                for k in range(nearest.end + 1, occurrence.index)  # becomes a candidate'
            )
            owners = _owners(words, written, nearest) if owning else []
            other_owner = is_possessor(words, nearest) and not owning  # owns another thing
            if (
                not other_owner
                and not governed
                and (
                    (nearest.ids & ids and not owners)
                    or (not occurrence.verb and any(m.ids & ids for m in owners))
                )
            ):
                return True
        if not occurrence.verb:  # 'Sam Cleveland, Karen Baldwin's husband and ...': Sam's
            head = apposed(self.fact, occurrence.index)
            if head is not None and head.ids & ids:
                return True
        holders = [m for m in written if m.kind in HOLDER_KINDS]
        opener = min(holders, key=lambda m: m.start, default=None)
        if (
            opener is not None
            and not any(u.verb and u.index < opener.start for u in self.fact.units)
            and occurrence.index > 0
            and (
                words[occurrence.index - 1].text in BE_WORDS or words[occurrence.index].after_comma
            )
            # not 'Filip takes Naomi to Marco's ship, where *she* is locked up'
            and not (occurrence.index > 1 and words[occurrence.index - 2].text in SUBJECTS)
        ):
            # 'Gene Kranz, who had walked out to the pad ..., is killed', 'Leonov becomes the
            # first human on the Moon, landing in the LK': the sentence's subject
            return bool(opener.ids & ids)
        words_after = range(occurrence.index + 1, occurrence.index + 4)
        return any(  # named just after a deed ('rescue Molly'); after a noun, only with 'of'
            m.ids & ids  # or 'by' ('the rescue of Ed'), never as what the noun is ('his son
            for m in written  # Danny', 'the captured cosmonaut Mikhail')
            if m.start in words_after
            and (
                occurrence.verb
                or any(words[k].text in ("of", "by") for k in range(occurrence.index + 1, m.start))
            )
        )

    def _placed(self) -> bool:
        """A claim that only puts someone somewhere ('Margo goes to Mars', its verb too
        light to match): does the fact put them there, the place named after a verb's 'on',
        'to' or 'in' (or opening the clause) in their clause ('Ed and Danny land on Mars',
        'On Mars, Bobbie ...'), not as part of another thing ('in Mars orbit', 'the Mars
        colony', 'war on Mars')?"""
        holders = _ids(m for m in self.claim.mentions if m.kind in HOLDER_KINDS)
        places = _ids(
            m for m in self.claim.mentions if m.kind in LOCATIONS | {"nation"} and not m.demonym
        )
        inside = not holders  # 'Jamestown is on Mars': a place put in another
        if inside:
            after_preposition = [
                m
                for m in self.claim.mentions
                if prep_before(self.claim.words, m.start) in ("loc", "goal")
            ]
            holders = _ids(m for m in self.claim.mentions if m not in after_preposition)
            places = _ids(after_preposition) - holders
        if not holders or not places:
            return True
        origin = any(  # 'Amos is from Baltimore': where someone comes from, not where they go
            prep_before(self.claim.words, m.start) == "source" and m.ids & places
            for m in self.claim.mentions
        )
        words = self.fact.words
        verbs = {u.index for u in self.fact.units if u.verb}
        written = [m for m in self.fact.mentions if m.start >= 0]
        for place in written:
            if not place.ids & places:
                continue
            if inside and self._names_a_site(place, holders):
                return True  # 'Jamestown, NASA's first Moon base'
            if place.demonym:
                continue
            group = prep_before(words, place.start)
            if origin and not _origin(words, place.start):
                continue  # 'launch it from Tycho' is no one's home
            if not origin and group not in ("loc", "goal"):
                continue
            following = words[place.end] if place.end < len(words) else None
            if (
                following
                and not (following.stop or following.after_comma)
                and following.clause == words[place.start].clause
            ):
                continue  # 'in Mars orbit': Mars names another thing
            j = place.start - 1
            while j >= 0 and words[j].text in SKIPPABLE:
                j -= 1
            k = j - 1  # the word the preposition follows: an event, or nothing
            follows = k >= 0 and words[k].clause == words[j].clause and not words[j].after_comma
            named = any(  # one of the claim's own: 'reunited with Mei on Io'
                m.start <= k < m.end and m.ids & holders for m in written
            )
            if follows and k not in verbs and not named and not is_adjective(words[k].text):
                continue  # 'war on Mars', 'life on Mars'; not 'lands on', 'alive in'
            clause = words[place.start].clause
            if any(
                m.ids & holders and words[m.start].clause == clause and not is_possessor(words, m)
                for m in written
            ):
                return True
        return False

    def _names_a_site(self, place: Mention, holders: frozenset[str]) -> bool:
        """Does the fact write the place next to a word for a site ('Moon base', 'the lunar
        surface', 'the only base on Mars'), in a clause that names the claim's other place?"""
        words = self.fact.words
        before = place.start - 1
        while before >= 0 and words[before].text in SKIPPABLE:
            before -= 1  # 'a base on *the* Moon'
        site_after = any(  # 'Moon base', 'Mars landing site'
            words[k].text in SITE_WORDS
            for k in range(place.end, min(place.end + 2, len(words)))
            if not words[k].after_comma
        )
        site_before = (
            before >= 1
            and words[before].text in PLACE_PREPS
            and words[before - 1].text in SITE_WORDS
        )
        if not site_after and not site_before:
            return False
        clause = words[place.start].clause
        return any(
            m.ids & holders and m.start >= 0 and words[m.start].clause == clause
            for m in self.fact.mentions
        )

    def _in_names(self, unit: Unit) -> bool:
        """Is the claim's word found in the fact inside a name, where no event of the fact
        is ('Marine' in 'the Martian Marine Corps')?"""
        spans = [range(m.start, m.end) for m in self.fact.mentions if m.start >= 0]
        return any(
            any(i in span for span in spans)
            for key in unit.keys
            for i in self.fact.positions.get(key, ())
        )

    def _name_said_of(self, unit: Unit) -> bool:
        """A role the claim gives, found only inside a name of the fact: is that name
        said of the claim's subject ('Bobbie Draper is a Gunnery Sergeant in the Martian
        Marine Corps', not 'Avasarala addresses the families of the 12 UN marines')?"""
        role = self._roles.get(unit.index)
        if not role or not role.subject & self.fact.entity_ids:
            return True
        words = self.fact.words
        return any(
            said_of(self.fact, role, m.start, m.end)
            for m in self.fact.mentions
            if m.start >= 0 and any(words[k].stems & unit.keys for k in range(m.start, m.end))
        )

    @property
    def _denies_no_event(self) -> bool:
        """Does the claim deny a thing or a state, not an event ('Bobbie is not a marine',
        not 'never got renamed in the timeline', where the denial is the event's)?"""
        units = self.claim.units
        return any(u.negated for u in units) and not any(u.negated and u.verb for u in units)

    def _converse(self, claim_unit: Unit, fact_unit: Unit) -> bool:
        """Does the fact tell the claim's event from the other side? Only an event whose
        slots the fact fills can say who won ('a landslide' cannot)."""
        if not (fact_unit.actor or fact_unit.patient):
            return False
        for concept in claim_unit.concepts:
            other = self.lexicon.converse.get(concept)
            if other and other in fact_unit.keys and concept not in fact_unit.keys:
                return True
        return False

    def best_occurrence(self, unit: Unit) -> tuple[Unit | None, list[Difference]]:
        """The fact's occurrence of `unit` that differs least (polarity and slots)."""
        best: tuple[Unit | None, list[Difference]] = (None, [])
        for occurrence in self.unit_matches(unit):
            differences = []
            if (
                occurrence.negated != unit.negated
                and (unit.verb or occurrence.verb or self._denies_no_event)
                # 'would have killed' neither says nor denies a killing; a plan denied
                # ('the plan wasn't to use the Nauvoo') denies the plan the fact tells
                and (not unit.hedged or (occurrence.hedged and self._same_hedge()))
            ):
                # 'is not an astronaut' against 'astronauts' (a claim denying no event): a
                # denied word found undenied confirms nothing; only an event's own actor
                # makes it the opposite
                doers = occurrence.actor
                if unit.concepts and unit.concepts <= FATES and "kill" in occurrence.concepts:
                    doers = occurrence.patient  # 'Dawes never dies' against 'he killed Athena'
                main = unit.verb and (
                    (unit.actor and _ids(unit.actor) & _ids(doers))
                    or (  # 'Danny never got arrested' against 'Danny ... is arrested'
                        not unit.actor
                        and unit.patient
                        and not occurrence.actor
                        and _ids(unit.patient) & _ids(occurrence.patient)
                    )
                )
                differences.append(Difference("polarity" if main else "unconfirmed", POLARITY))
            had_by = self._had.get(unit.index)
            if (
                had_by
                and not occurrence.verb
                and said_of(self.fact, Role(had_by), occurrence.index, occurrence.index + 1)
            ):  # 'Danny had kids' against 'Danny Stevens is the son of Gordo'
                differences.append(Difference("unconfirmed", "they are one, not have one"))
            role_of = self._roles.get(unit.index)
            if (
                role_of
                and role_of.subject & self.fact.entity_ids  # else a swapped name says it
                and (  # 'Murtry is a captain' is not 'Holden and Murtry lead the settlers'
                    occurrence.verb
                    or not said_of(self.fact, role_of, occurrence.index, occurrence.index + 1)
                )
            ):
                differences.append(Difference("unconfirmed", SAID_OF_OTHERS))
            if occurrence.hedged and not unit.hedged:
                differences.append(Difference("unconfirmed", HEDGED))
            if unit.hedged and not unit.headed_off and occurrence.negated and not unit.negated:
                # 'tried to kill herself' against 'was escaping, not killing herself'
                differences.append(Difference("unconfirmed", POLARITY))
            if unit.headed_off and not (occurrence.headed_off or occurrence.negated):
                # 'so he won't fire on Buran' is told by 'to stop him firing' or 'avoids
                # capture', never by a firing or by 'so that Gordo can return'
                differences.append(Difference("unconfirmed", HEADED_OFF))
            mine, theirs = _particle(self.claim, unit), _particle(self.fact, occurrence)
            if mine and theirs and mine != theirs:  # 'walked away' is not 'walked out'
                differences.append(Difference("unconfirmed", f"{theirs}, not {mine}"))
            if unit.actor and occurrence.unnamed_actor:
                differences.append(Difference("unconfirmed", UNNAMED))
            if (
                unit.verb
                and unit.actor
                and not unit.patient
                and occurrence.patient
                and not occurrence.actor
                and _ids(unit.actor) <= _ids(occurrence.patient)
                and not self.lexicon.close(unit.concepts) & FATES
                and occurrence.text not in ERGATIVE | BLOWING  # 'Eros crashes': it befalls Eros
            ):  # 'Alex has a baby' against 'Alex Kamal was born'
                differences.append(Difference("unconfirmed", "done to them, not by them"))

            if (
                unit.negated
                and occurrence.negated
                and unit.actor
                and not self.acted_by(unit.actor, occurrence)
                and self._others_in_clause(_ids(unit.actor), occurrence)
            ):  # 'the North Korean never landed' against 'Ed had to abort the landing'
                differences.append(Difference("unconfirmed", SAID_OF_OTHERS))
            if unit.verb and unit.actor and self._owned_by_others(occurrence, _ids(unit.actor)):
                # 'Dani gets married' against 'comes to Danny Stevens's wedding'
                differences.append(Difference("unconfirmed", "it is someone else's"))
            if unit.verb and unit.actor and not self._doers_named(occurrence, _ids(unit.actor)):
                # 'the Canterbury survives' against 'the Canterbury survivors', 'the Donnager
                # survives' against 'After escaping the Donnager ..., the survivors find'
                differences.append(Difference("unconfirmed", "its doers are others"))
            if (
                unit.patient
                and not occurrence.patient
                and self.lexicon.close(unit.concepts) & FATES  # a killing is a death
                and self._only_owners(unit.patient)
            ):
                # 'Belters killed Avasarala' against 'Avasarala's son ... died', 'her father
                # was assassinated': the fact's event befalls someone of hers, not her
                differences.append(Difference("unconfirmed", "it befalls someone of theirs"))
            if unit.patient and not occurrence.patient and self._word_after(occurrence) == "that":
                # 'find that neither Mei nor Strickland is dead' finds no one
                differences.append(Difference("unconfirmed", "what is found is a statement"))
            conflict = self.slot_conflict(unit, occurrence) or self.object_conflict(
                unit, occurrence
            )
            if conflict and unit.negated and conflict.kind == "slot":
                # 'Amos didn't kill Filip' is no less true for 'Holden did not kill him'
                # or 'Prax killed him'
                conflict = Difference("unconfirmed", conflict.reason, conflict.names)
            if conflict:
                differences.append(conflict)
            elif not self._whose(unit, occurrence):
                differences.append(Difference("unconfirmed", SAID_OF_OTHERS))
            if best[0] is None or self._closer(unit, occurrence, differences, best):
                best = (occurrence, differences)
            if not differences:
                self.linked |= _linked(unit, occurrence)
                break
        return best

    def _closer(
        self,
        unit: Unit,
        occurrence: Unit,
        differences: list[Difference],
        best: tuple[Unit | None, list[Difference]],
    ) -> bool:
        """Is this occurrence a better reading of the claim's word than the best so far?
        The one that differs least; but for a denied deed, the claim's own doer doing it
        ('Ellen never comes out': 'Ellen Wilson publicly comes out as gay') before a noun
        the fact merely names."""
        if unit.negated and unit.verb and best[0] is not None:
            mine, theirs = self._same_deed(unit, occurrence), self._same_deed(unit, best[0])
            if mine != theirs:
                return mine
        return _weight_of(differences) < _weight_of(best[1])

    def _same_deed(self, unit: Unit, occurrence: Unit) -> bool:
        """Is the fact's word a deed done by the claim's doer, or (with none) to the one
        the claim has it done to ('Danny never got arrested': 'Danny ... is arrested')?"""
        if not occurrence.verb:
            return False
        if unit.actor:
            return self.acted_by(unit.actor, occurrence)
        return bool(unit.patient) and bool(_ids(unit.patient) & _ids(occurrence.patient))

    # -- the whole claim ----------------------------------------------------------

    def differences(self) -> tuple[list[Difference], set[str]]:
        """Every way the fact departs from the claim, and the claim names slots explain."""
        differences: list[Difference] = []
        explained: set[str] = set()
        absent = [u for u in self.claim.units if not self.unit_present(u)]
        main_clauses: set[int] = set()  # the fact's clauses that tell the claim's own events
        for unit in self.claim.units:
            if unit in absent:
                continue
            occurrence, found = self.best_occurrence(unit)
            if occurrence is not None and not unit.hedged:
                main_clauses.add(occurrence.clause)
            if occurrence is None:  # only in the fact's names ('Martian Marine Corps')
                if len(self.claim.units) == 1 and not self._in_names(unit):
                    # the claim's one event must be an event of the fact: 'Marco commands
                    # Ceres' is not 'Marco grew up on Ceres, as he tells Filip'
                    differences.append(
                        Difference("unmatched", unit.text, frozenset({str(unit.index)}))
                    )
                    continue
                if unit.negated:
                    differences.append(Difference("polarity", POLARITY))
                if not self._name_said_of(unit):  # 'Avasarala ... the UN Marines killed'
                    differences.append(Difference("unconfirmed", SAID_OF_OTHERS))
                continue
            for difference in found:
                differences.append(difference)
                explained |= difference.names
        for unit in absent:
            if str(unit.index) in explained:
                continue
            opposite = self.opposite_present(unit)
            fated = self._fated(unit)
            if opposite and (
                (fated and self._others_fate(_ids(fated), opposite))
                or self._no_fate_of_things(unit, opposite)
                or self._done_to_others(unit, opposite)
            ):
                differences.append(Difference("unconfirmed", "someone else's fate"))
            elif opposite and not (unit.negated or unit.hedged):  # 'almost dies' agrees
                differences.append(
                    Difference("opposite", f"the show says {opposite}, not {unit.text}")
                )
            elif not unit.concepts & self.lexicon.light:
                differences.append(Difference("unmatched", unit.text, frozenset({str(unit.index)})))
        sites_only = all(not u.verb and u.text in SITE_WORDS for u in self.claim.units)
        if sites_only and not self._placed():  # 'Ceres is a station on Mars'
            differences.append(Difference("unconfirmed", NOT_PLACED))
        for mention in self.claim.mentions:
            if (
                not self.mention_present(mention)
                and not mention.ids & explained
                and not self._said_without(mention)
            ):
                differences.append(Difference("missing", mention.names[0].id))
            elif mention.start in self._roles and not self._people_said_of(mention):
                differences.append(Difference("unconfirmed", SAID_OF_OTHERS))
        differences.extend(self._headed_off_elsewhere(main_clauses))
        differences.extend(self._number_differences())
        differences.extend(self._episode_differences())
        differences.extend(self.paired_otherwise())
        differences.extend(self.owned_otherwise())
        differences.extend(self._quantified_otherwise())
        differences.extend(self._first_narrowed())
        differences.extend(self.ordered_otherwise())
        differences.extend(self._qualifier_swapped())
        return differences, explained

    def _qualifier_swapped(self) -> list[Difference]:
        """'Julie Mao gets put on the *Miller* case' against 'the Julie Mao case': the name
        the claim puts before a noun is another of the claim's names where the fact writes
        that noun."""
        nouns = {u.index: u for u in self.claim.units if not u.verb}
        found: list[Difference] = []
        words, fact_words = self.claim.words, self.fact.words
        for mine in self.claim.mentions:
            noun = nouns.get(mine.end)
            if noun is None or not _the_person(words, mine):
                continue
            others = self.claim.entity_ids - mine.ids
            theirs = [
                m
                for o in self.unit_matches(noun)
                if not o.verb
                for m in self.fact.mentions
                if m.end == o.index and _the_person(fact_words, m)
            ]
            if theirs and all(m.ids <= others for m in theirs):
                found.append(_swap(theirs[0], mine))
        return found

    def _headed_off_elsewhere(self, main_clauses: set[int]) -> list[Difference]:
        """A name in what the claim's purpose heads off ('so he won't fire on *Buran*') must
        be in the clause of the fact that tells the claim's own event, not in another
        ('...; Ed instead shoots down *Sea Dragon*')."""
        words = self.fact.words
        for mention in self.claim.mentions:
            if mention.start < 0 or not self.claim.words[mention.start].headed_off:
                continue
            if not any(
                theirs.start >= 0
                and theirs.ids & mention.ids
                and words[theirs.start].clause in main_clauses
                for theirs in self.fact.mentions
            ):
                return [Difference("unconfirmed", HEADED_OFF)]
        return []

    def _quantified_otherwise(self) -> list[Difference]:
        """'shot down *every* hybrid pod' against 'uses up the *entire* supply of rounds,
        shooting at the hybrid pods': the fact's 'all' must be of what the claim's is of."""
        out = []
        for unit in self.claim.units:
            if not unit.concepts & QUANTIFIERS or unit.negated:
                continue
            # the word after it, past 'single' ('every single hybrid pod')
            scope = next((u for u in self.claim.units if u.index > unit.index), None)
            if scope is None or scope.verb or scope.index - unit.index > 2:
                continue
            occurrences = [o for o in self.unit_matches(unit) if not o.negated]
            if occurrences and not any(self._scoped(o, scope) for o in occurrences):
                out.append(Difference("unmatched", unit.text, frozenset({str(unit.index)})))
        return out

    def _first_narrowed(self) -> list[Difference]:
        """'Helios was first to Mars' against 'the first *private* space mission', 'the
        first woman on the Moon was American' against 'the first *American* woman': a
        fact's 'first' narrowed by a people's or a kind's word is first only among those,
        which the claim must say beside its own 'first'."""
        out = []
        for unit in self.claim.units:
            if "first" not in unit.concepts or unit.negated:
                continue
            mine = set().union(*(w.stems for w in _words_after(self.claim.words, unit.index)))
            for occurrence in self.unit_matches(unit):
                theirs = [
                    w
                    for w in _words_after(self.fact.words, occurrence.index)
                    if self._narrows_first(w.text) and not w.stems & mine
                ]
                if theirs:
                    out.append(Difference("unconfirmed", f"first only among {theirs[0].text}"))
                    break
        return out

    def _narrows_first(self, word: str) -> bool:
        """Is it a people's word or a kind ('private', 'woman') that narrows a 'first'?"""
        return word in NARROWING or any(word in w for w in self.lexicon.demonyms.values())

    def ordered_otherwise(self) -> list[Difference]:
        """'Alex died of a stroke before the high-g burn' against 'dies of a stroke ...
        after the punishing high-g burn': the fact orders the same two events the other
        way round in time."""
        mine = _time_order(self.claim)  # most claims order nothing: the fact is not read
        theirs = [
            ({u.index for u in before}, {u.index for u in after})
            for before, after in (_time_order(self.fact) if mine else ())
        ]
        for earlier, later in mine if theirs else ():
            for first in earlier:
                first_at = {o.index for o in self.unit_matches(first)}
                for then in later:
                    then_at = {o.index for o in self.unit_matches(then)}
                    if (
                        then_at
                        and first_at
                        and any(then_at <= before and first_at <= after for before, after in theirs)
                    ):  # each word on one side only ('the Soviet woman lands' ... 'land')
                        return [Difference("opposite", OTHER_ORDER)]
        return []

    def _scoped(self, occurrence: Unit, scope: Unit) -> bool:
        """Is the claim's quantified word among the few after the fact's quantifier?"""
        return any(
            f.index - occurrence.index in range(1, QUANTIFIER_REACH + 1) and scope.keys & f.keys
            for f in self.fact.units
        )

    def paired_alike(self) -> bool:
        """Does the fact pair each owner the claim pairs with the same name ('NASA's ship is
        Sojourner 1' against '..., NASA's is Sojourner-1 and ...')?"""
        theirs = {(o, n) for a, b in self._their_pairs for o in a.ids for n in b.ids}
        return bool(self._pairs) and all(
            any((o, n) in theirs for o in a.ids for n in b.ids) for a, b in self._pairs
        )

    def paired_otherwise(self) -> list[Difference]:
        """'NASA's Mars ship was the Mars-94' against 'the Soviet ship is Mars-94, NASA's is
        Sojourner-1': what the claim says one owner's thing is, the fact says is another."""
        out = []
        for owner, named in self._pairs:
            for their_owner, their_named in self._their_pairs:
                if (
                    owner.ids & their_owner.ids
                    and named.kind == their_named.kind
                    and not named.ids & their_named.ids
                ):
                    reason = (
                        f"{SWAPPED}{mention_label([their_named])}, not {mention_label([named])}"
                    )
                    out.append(Difference("slot", reason, named.ids))
        return out

    def owned_otherwise(self) -> list[Difference]:
        """'Cotyar smuggled Julie Mao's power armour' against 'Bobbie Draper's power
        armour', 'their next target is Klaes Ashford' against '... is Marco Inaros': what
        the claim gives one name, the fact gives another of the same kind."""
        out = []
        mine = _owned(self.claim)
        theirs = self._fact_owned() if mine else []
        for owner, things in mine:
            others = [o for o, t in theirs if _keys(t) & _keys(things)]
            if (
                others
                and not any(o.ids & owner.ids for o in others)
                and all(o.kind == owner.kind for o in others)
            ):
                reason = f"{SWAPPED}{mention_label(others[:1])}, not {mention_label([owner])}"
                out.append(Difference("slot", reason, owner.ids))
        return out

    def _said_without(self, mention: Mention) -> bool:
        """'the *Cant* survivors' against 'the survivors': a name qualifying the noun after
        it, which the fact writes bare (with no other name before it), is the fact's too."""
        words = self.claim.words
        if mention.start < 0 or mention.end >= len(words) or mention.kind == "person":
            return False
        if mention.demonym:
            return False  # 'the Belter ship Tachi' says whose ship: never said without
        noun = next((u for u in self.claim.units if u.index == mention.end), None)
        if noun is None or noun.verb or mention.start in self._roles or noun.index in self._roles:
            return False
        if not noun_or_unknown(noun.text) or noun.text in QUALIFIERS:
            return False  # 'landed on the Moon before everyone', '... on the Moon first'
        before = [w.text for w in words[max(0, mention.start - 3) : mention.start]]
        if any(t in BE_WORDS for t in before) and any(t in ("a", "an") for t in before):
            return False  # 'was a *Martian navy* ship': what it is, the claim's point
        fact_words = self.fact.words
        return any(  # 'the survivors', not 'the Tachi survivors', nor 'his crash landing'
            u.keys & noun.keys
            and not u.verb
            and u.index >= 1
            and fact_words[u.index - 1].text in SKIPPABLE
            and fact_words[u.index - 1].text not in OWNING_PRONOUNS
            for u in self.fact.units
        )

    def object_conflict(self, claim_unit: Unit, fact_unit: Unit) -> Difference | None:
        """'dies of a heart attack' against the fact's 'dies of a stroke'."""
        units = {u.index: u for u in self.claim.units}
        for group, index in claim_unit.objects:
            mine = _phrase(self.claim.units, index)
            if any(self.unit_present(u) for u in mine):
                continue
            theirs = [i for g, i in fact_unit.objects if g == group]
            if theirs and index in units:
                words = " ".join(u.text for u in mine)
                their_words = " ".join(u.text for u in _phrase(self.fact.units, theirs[0]))
                return Difference(
                    "slot",
                    f"it was {their_words}, not {words}",
                    frozenset(str(u.index) for u in mine),
                )
        return None

    def _episode_differences(self) -> list[Difference]:
        out = []
        for ref in self.claim.episodes:
            if any(
                f.season == ref.season and ref.episode in (0, f.episode) for f in self.fact_episodes
            ):
                continue
            seasons = sorted({f.season for f in self.fact_episodes})
            if seasons:
                shown = ", ".join(f"season {n}" for n in seasons)
                out.append(Difference("season", f"{IN_SEASON} {shown}"))
            else:
                out.append(Difference("unconfirmed", "season"))
        return out

    def _misdated(self, asked: str) -> Difference:
        """The fact's years against the claim's when ('the show dates it 1972, not 1976')."""
        shown = ", ".join(str(y) for y in sorted(self.fact_years)[:3])
        return Difference("year", f"{DATED}{shown}, not {asked}")

    def _number_differences(self) -> list[Difference]:
        out = []
        decades = self.claim.decades
        if decades and not any(y // 10 * 10 in decades for y in self.fact_years):
            if self.fact_years:  # 'Molly has a guide dog in the 90s' against a 1992 fact
                out.append(self._misdated(", ".join(f"the {d}s" for d in sorted(decades))))
            else:
                out.append(Difference("unconfirmed", "year"))
        claim_years = self.claim.years
        if claim_years and not claim_years <= self.fact_years:
            if self.fact_years and not claim_years & self.fact_years:
                out.append(self._misdated(", ".join(str(y) for y in sorted(claim_years))))
            else:
                out.append(Difference("unconfirmed", "year"))
        fact_values = {n.value for n in self.fact.numbers if not n.partial}
        for number in self.claim.numbers:
            if number.value in fact_values:
                spans = [n for n in self.fact.numbers if n.value == number.value]
                mine = number.counts & TIME_UNITS
                if mine and all(n.counts & TIME_UNITS - mine for n in spans):
                    # 'ahead by 8 months' against 'by eight days': another length of time
                    theirs = sorted(spans[0].counts & TIME_UNITS)[0]
                    out.append(
                        Difference(
                            "number",
                            f"it was {spoken_number(number.value)} {theirs}s, "
                            f"not {spoken_number(number.value)} "
                            f"{sorted(mine)[0]}s",
                        )
                    )
                    continue
                counted = [n for n in self.fact.numbers if n.counts & number.counts]
                if (
                    counted
                    and all(n.counts and not n.counts & number.counts for n in spans)
                    and not any(n.allows(number.value) or number.allows(n.value) for n in counted)
                ):
                    # 'houses four astronauts' against 'houses three astronauts; its four
                    # descent engines': the fact's four counts something else
                    out.append(self._miscounted(counted[0], number))
                continue
            same_noun = [n for n in self.fact.numbers if n.counts & number.counts and number.counts]
            if any(n.allows(number.value) or number.allows(n.value) for n in same_noun):
                out.append(Difference("unconfirmed", "number"))  # 'more than 700' holds 800
            elif same_noun:
                out.append(self._miscounted(same_noun[0], number))
            else:
                out.append(Difference("unconfirmed", "number"))
        return out

    @staticmethod
    def _miscounted(theirs: Number, mine: Number) -> Difference:
        return Difference(
            "number",
            f"the number is {spoken_number(theirs.value)}, not {spoken_number(mine.value)}",
        )

    def compact(self, slack: float = 1.0, leave_out: frozenset[str] = frozenset()) -> bool:
        """The claim's parts sit together in the fact, not scattered across its clauses
        (`leave_out`: names not to look for, such as the one a slot gives wrongly)."""
        spots: list[list[int]] = []
        for unit in self.claim.units:
            places = sorted({i for k in unit.keys for i in self.fact.positions.get(k, ())})
            if places:
                spots.append(places)
        for mention in self.claim.mentions:
            if mention.ids & (self.linked | leave_out):
                continue  # the fact's own slot holds it, however far away it is written
            places = sorted(
                {i for n in mention.names for i in self.fact.positions.get("#" + n.id, ())}
            )
            if places:
                spots.append(places)
        if len(spots) < 2:
            return True
        start, end = _smallest_window(spots)
        content = sum(1 for w in self.fact.words[start : end + 1] if not w.stop)
        return content <= slack * max(2 * len(spots) + 2, int(2.5 * len(spots)))

    def qualified_differently(self) -> bool:
        """'The first woman' against the fact's 'the first American woman'."""
        for unit in self.claim.units:
            if unit.text not in QUALIFIERS:
                continue
            following = _next_unit(self.claim.units, unit)
            if following is None:
                continue
            for occurrence in self.unit_matches(unit):
                head = next(
                    (
                        f
                        for f in self.fact.units
                        if f.index > occurrence.index and f.keys & following.keys
                    ),
                    None,
                )
                if head is None:
                    continue
                between = [
                    w
                    for w in self.fact.words[occurrence.index + 1 : head.index]
                    if not w.stop and not w.stems & self.claim_keys
                ]
                if not between:
                    return False
            return True
        return False

    def people_written(self) -> bool:
        """Does the fact's text name every person the claim names? A person only in its
        tags ('Ed Baldwin' on Grigory's first landing) is not shown doing anything."""
        written = self.fact.written_ids
        return all(m.ids & written for m in self.claim.mentions if m.kind == "person")

    def deeds_confirmed(self) -> bool:
        """Does the fact show each deed a person does in the claim to a person or a craft
        ('Prax found Mei', 'Ed shot down the Buran') done by that person? 'find footage'
        with other finders is not it."""
        deeds = all(
            any(
                self.acted_by(u.actor, o) and self.done_to(u.patient, o)
                for o in self.unit_matches(u)
            )
            for u in self.claim.units
            if u.verb
            and any(m.kind == "person" for m in u.actor)
            and any(m.kind in ("person", "craft") for m in u.patient)
            and self.unit_present(u)
        )
        return deeds and self._polities_confirmed() and self.fates_confirmed()

    def _polities_confirmed(self) -> bool:
        """A deed a world or a nation does in the claim ('Mars launched the asteroids at
        Earth'): where the fact has people doing it, one of them must be of that world or
        nation ('Soviet cosmonaut Alexei Leonov lands'), not merely near its word ('Marco
        Inaros launches asteroids painted with Martian stealth technology')."""
        return all(
            any(self.acted_by(u.actor, o) or self._of_their_people(u.actor, o) for o in found)
            for u in self.claim.units
            if u.verb
            and u.actor
            and all(m.kind in POLITIES for m in u.actor)
            and (found := [o for o in self.unit_matches(u) if o.verb])
            and all(any(m.kind == "person" for m in o.actor) for o in found)
        )

    def _of_their_people(self, polity: Sequence[Mention], occurrence: Unit) -> bool:
        """Is a doer of the fact's event called one of this polity's people just before
        their name ('Soviet cosmonaut Alexei Leonov', 'North Korean astronaut Lee')?"""
        ids = _ids(polity)
        doers = [m for m in occurrence.actor if m.kind == "person" and m.start >= 0]
        return any(
            m.ids & ids and m.demonym and 0 <= d.start - m.end <= DEMONYM_REACH
            for m in self.fact.mentions
            for d in doers
        )

    def fates_confirmed(self) -> bool:
        """A person's fate in the claim ('Miller dies', 'Ellen is killed'): is the fact's
        dying theirs? The one who dies, or is killed, in its slots; with none filled, the
        name nearest before it ('find Julie Mao dead' is not Miller's death)."""
        for unit in self.claim.units:
            fated = self._fated(unit)
            if not (fated and self.unit_present(unit)):
                continue
            if not any(self._fate_of(_ids(fated), o) for o in self.unit_matches(unit)):
                return False
        return True

    def _no_fate_of_things(self, unit: Unit, key: str) -> bool:
        """'The Knight survived' against 'the attack killed 50': a ship's outcome is not
        the people's; the fact's other outcome holds none of the claim's things."""
        things = unit.actor or unit.patient
        if key not in FATES or not things or any(m.kind == "person" for m in things):
            return False  # 'the heist fails' against 'the heist succeeds' is no one's fate
        found = [o for o in self.fact.units if key in o.keys]
        return all(not _ids(things) & _ids(o.actor + o.patient) for o in found)

    def _done_to_others(self, unit: Unit, key: str) -> bool:
        """'The Anubis captain spares Julie Mao' against 'its crew kill Julie Mao's
        associates Wan and Darren': the fact's other outcome is done to other people."""
        mine = unit.patient or tuple(_acted_on_named(self.claim, unit)[:1])
        if not mine or any(m.kind != "person" for m in mine):
            return False
        found = [o for o in self.fact.units if key in o.keys]
        people = [self._people_at(o) for o in found]
        return bool(found) and all(them and not _ids(mine) & _ids(them) for them in people)

    def _others_fate(self, ids: frozenset[str], key: str) -> bool:
        """'Julie is still alive' against 'the Anubis kills Wan and Darren': the fact's
        other outcome is told, in its slots, of other people only, or of people it does not
        name at all."""
        found = [o for o in self.fact.units if key in o.keys]
        written = self.fact.written_ids
        if found and not any(m.kind == "person" and m.ids & written for m in self.fact.mentions):
            return True  # 'the fighting leaves about 3,000 dead' tells no one's fate by name
        people = [self._people_at(o) for o in found]
        return bool(found) and all(them and not ids & _ids(them) for them in people)

    def _people_at(self, occurrence: Unit) -> list[Mention]:
        """The people in a fact's event slots; with none, those named just after it, not
        as owners ('kill Julie Mao's associates Wan and Darren' kills Wan and Darren)."""
        slotted = _slotted_people(occurrence)
        if slotted:
            return slotted
        return [m for m in _acted_on_named(self.fact, occurrence) if m.kind == "person"]

    def _fated(self, unit: Unit) -> tuple[Mention, ...]:
        """The people whose fate a claim's word tells ('Miller dies', 'Alex is alive')."""
        if unit.hedged or not self.lexicon.close(unit.concepts) & FATES:
            return ()  # 'it would have killed Filip' tells no fate
        fated = unit.patient if not unit.actor else () if unit.patient else unit.actor
        if not unit.verb:  # 'Alex is (still) alive': the person before it
            fated = subject_before(self.claim, unit) if predicated(self.claim, unit) else ()
        return tuple(m for m in fated if m.kind == "person")

    def _fate_of(self, ids: frozenset[str], occurrence: Unit) -> bool:
        if self._word_after(occurrence) == "s":
            return False  # 'survivor's guilt' tells no one's fate
        people = _slotted_people(occurrence)
        if people:  # 'Sakai kills Fred Johnson': Fred Johnson's fate
            return bool(ids & _ids(people))
        words = self.fact.words
        named = [m for m in self.fact.mentions if 0 <= m.start < occurrence.index]
        before = [m for m in named if words[m.start].clause == occurrence.clause]
        if before and not occurrence.actor:  # 'find Julie Mao dead'
            return bool(ids & max(before, key=lambda m: m.start).ids)
        # no one of its own ('Sam Cleveland, Karen's husband and Polaris partner, dies'; 'they
        # save Jamestown but die'): the person the sentence opens with
        first = [m for m in named if m.kind == "person" and words[m.start].clause == 0]
        return bool(first) and bool(ids & _ids(first))

    def actors_confirmed(self) -> bool:
        """Does the fact show the claim's actors doing the claim's events themselves?"""
        acting = [u for u in self.claim.units if u.verb and u.actor]
        return bool(acting) and all(_ids(u.actor) <= self.linked for u in acting)

    def tolerable(
        self,
        unmatched: Sequence[Difference],
        weight: Weight,
        *,
        contradiction: bool = False,
        swap: bool = False,
    ) -> bool:
        """May these claim words go unmatched? Not an event word whose outcome the fact
        could state otherwise, not a negated word, not most of the claim."""
        units = {str(u.index): u for u in self.claim.units}
        missing = [units[i] for d in unmatched for i in d.names if i in units]
        # 'survives her training *crash*' against 'dies in a training accident'
        detail = contradiction and len(missing) == 1 and self._detail(missing[0])
        if not detail and any(not self._may_go_unmatched(u) for u in missing):
            return False
        matched_events = [  # a hedged event ('was going to hit') is no event of the claim's
            u
            for u in self.claim.units
            if u.verb
            and u not in missing
            and not u.hedged
            and not u.concepts & self.lexicon.light
            and self.unit_present(u)  # not the outcome the fact states otherwise
        ]
        if contradiction and (
            (len(missing) > 1 and any(u.verb for u in missing))
            or any(u.verb and u.concepts & set(self.lexicon.opposites) for u in missing)
        ):
            return False  # one more detail may go unsaid, not another outcome
        slotted = [u for u in matched_events if u.actor or u.patient]
        if slotted and not any(self._slots_agree(u) for u in slotted):
            return False  # the claim's event is in the fact, but done by or to others
        if not matched_events and any(
            u.verb and (u.concepts or self._fact_tells_events()) for u in missing
        ):
            return False  # the claim's event is not in the fact, which tells another
        if not contradiction and (self._unnamed_subject(missing) or self._subject_acted_on()):
            return False
        for unit in missing:
            if unit.verb and (self._outcome_nearby(unit) or self._other_deed(unit)):
                return False
            if not contradiction and _deed_between_people(unit):
                return False  # 'Danny slaps Karen': the claim's own event, not an extra word
        if self.roles_reversed() or (
            (not detail or swap) and any(self._complements(u) for u in missing)
        ):  # a swapped name's event must be done to the same thing ('keeps a *cat*')
            return False
        words = sum(_unit_weight(u, weight) for u in self.claim.units)
        total = words + sum(_mention_weight(m, weight) for m in self.claim.mentions)
        lost = sum(_unit_weight(u, weight) for u in missing)
        # names weigh much: most of what the claim says besides them must be there too
        return (
            total > 0 and lost / total <= (0.35 if contradiction else 0.5) and lost <= 0.75 * words
        )

    def paraphrased(self, unmatched: Sequence[Difference], weight: Weight) -> bool:
        """Fans tell an event in their own words ('bugged Jamestown' for 'placed a listening
        device at Jamestown'). The fact may use other words for the claim's event when it
        holds everything else the claim says: every name, most of its weight, and none of
        what could make the claim's words a changed detail (an outcome the fact states
        otherwise, a name the fact lacks, a negated or insisted word, other slots)."""
        if self.claim.negated or self._denies_a_part():
            return False  # a denial (the claim's or the fact's) is weighed word by word
        units = {str(u.index): u for u in self.claim.units}
        missing = [units[i] for d in unmatched for i in d.names if i in units]
        for unit in missing:
            if unit.negated or unit.concepts & self.lexicon.strict or unit.name_like:
                return False
            if unit.verb and (self._outcome_nearby(unit) or self._other_deed(unit)):
                return False
            if self._outcome(unit) or self._measures(unit):
                return False  # an outcome ('survives', 'kills': a death) the fact leaves out
            if self._narrows(unit) or self._head_lacking(unit) or self._role_given(unit):
                return False
            if unit.index in self._had:
                return False  # 'Holden has the stroke': what one has is no other wording
            if _deed_between_people(unit):
                return False  # 'puts Miller on the case' is not 'asks her about the case'
        matched = [u for u in self.claim.units if u not in missing and self.unit_present(u)]
        anchors = len(self.claim.mentions) + len(matched)
        if len(self.claim.mentions) < 1 or anchors < 3:
            return False
        for unit in matched:  # who does the claim's event: the fact may not show others at it
            occurrences = self.unit_matches(unit)
            if (
                unit.verb
                and unit.actor
                and not any(self.acted_by(unit.actor, o) for o in occurrences)
                and any(o.actor or o.patient for o in occurrences)
            ):
                return False
        if self.roles_reversed() or any(self._complements(u) for u in missing):
            return False
        if self._unnamed_subject(missing) or self._subject_acted_on():
            return False
        words = sum(_unit_weight(u, weight) for u in self.claim.units)
        total = words + sum(_mention_weight(m, weight) for m in self.claim.mentions)
        lost = sum(_unit_weight(u, weight) for u in missing)
        return lost <= PARAPHRASE_LOSS * total and lost <= 0.5 * words

    def _subject_acted_on(self) -> bool:
        """Is the person the claim opens on only acted on in the fact, by someone the claim
        does not name ('Alex got the crew to the docks' against 'Naomi leads Alex and Amos
        to the docks')? Then the fact tells another's deed, not the claim's."""
        words = self.claim.words
        subject = next((m for m in self.claim.mentions if m.start >= 0), None)
        if (
            subject is None
            or subject.kind != "person"
            or is_possessor(words, subject)
            or not all(w.stop for w in words[: subject.start])
        ):
            return False
        ids = subject.ids
        after = [w.text for w in words[subject.end : subject.end + 2]]
        if after[:1] and after[0] in BE_WORDS and after[1:] and after[1] not in SKIPPABLE:
            return False  # 'Danny was found dead': the claim has him acted on too
        if any(ids & _ids(u.actor) for u in self.fact.units):
            return False
        return any(
            u.verb
            and ids & (_ids(u.patient) | _ids(m for _, m in u.preps))
            and any(m.kind == "person" and not m.ids & self.claim.entity_ids for m in u.actor)
            for u in self.fact.units
        )

    def _unnamed_subject(self, missing: Sequence[Unit]) -> bool:
        """Does the claim give its event a doer in words the fact lacks, where the fact
        names someone else doing it ('zork watches a video from her late mother Karen'
        against 'Kelly Baldwin watches ...')?"""
        gone = {u.index for u in missing}
        words = self.claim.words
        for unit in self.claim.units:
            if unit.actor or unit.index in gone:  # a claim of unknown words may read no verb
                continue
            before = [
                u for u in self.claim.units if u.index < unit.index and u.clause == unit.clause
            ]
            if not before or any(
                u.verb or u.index not in gone or not noun_or_unknown(u.text) for u in before
            ):
                continue
            if any(
                0 <= m.start < unit.index and words[m.start].clause == unit.clause
                for m in self.claim.mentions
            ):
                continue
            passive = after_passive_aux(words, unit.index)
            slots = [o.patient if passive else o.actor for o in self.unit_matches(unit) if o.verb]
            if slots and all(
                any(m.kind == "person" for m in s) and not _ids(s) & self.claim.entity_ids
                for s in slots
            ):
                return True
        return False

    def only_a_setting_missing(self, hard: Sequence[Difference]) -> bool:
        """Is one of these differences a place or an organisation the fact does not name
        (where or for whom, not who)?"""
        missing = [d for d in hard if d.kind == "missing"]
        kinds = {m.kind for m in self.claim.mentions for d in missing if m.names[0].id == d.reason}
        return len(missing) == 1 and bool(kinds) and not kinds & HOLDER_KINDS

    def _denies_a_part(self) -> bool:
        """Does the fact deny a name or a word the claim says ('Leningrad, which never
        reverted to the name St. Petersburg')? Not a denial elsewhere in it ('to show
        they are not a threat')."""
        words = self.fact.words
        ids = self.claim.entity_ids
        if any(m.start >= 0 and m.ids & ids and words[m.start].negated for m in self.fact.mentions):
            return True
        return any(o.negated for u in self.claim.units for o in self.unit_matches(u))

    def _detail(self, unit: Unit) -> bool:
        """A word that may go unsaid beside a contradiction: no name, no denial, no word
        the lexicon insists on, no outcome of its own."""
        return (
            _free_word(unit)
            and not unit.negated
            and not unit.concepts & self.lexicon.strict
            and not unit.concepts & set(self.lexicon.opposites)
        )

    def _may_go_unmatched(self, unit: Unit) -> bool:
        """Not a negated word, not a word the lexicon insists on ('every', 'first'), not a
        known event ('killed'), not an unknown word (most likely a name: 'callisto'), not
        an adjective narrowing a matched word ('biological daughter')."""
        if unit.negated or unit.concepts & self.lexicon.strict:
            return False
        if unit.concepts - self.lexicon.light and (unit.verb or is_verb(unit.text)):
            return False  # a known event ('kills'), however it is used; not 'lives'
        if self._outcome(unit) or self._measures(unit):
            return False  # an outcome ('alive', 'kills'), which the fact may state otherwise
        if not _free_word(unit) or self._role_given(unit) or unit.index in self._had:
            return False  # 'Holden has *the stroke*': what one has is the claim's point
        return not (self._narrows(unit) or self._head_lacking(unit))

    def _role_given(self, unit: Unit) -> bool:
        """'works *as a nurse*', 'is a nurse': the role the claim gives someone is its point,
        never a word a fact may leave out (not 'married him as cover': a role takes an
        article)."""
        nouns = {u.index for u in self.claim.units if not u.verb}
        if unit.verb or unit.index + 1 in nouns:
            return False  # 'the *mission* commander': the role is the word it qualifies
        j = unit.index - 1
        while j in nouns:  # 'a chess *champ*': the role is the compound's head
            j -= 1
        words = self.claim.words
        if j < 1 or words[j].text not in ("a", "an", "the"):
            return False
        if words[j - 1].text in ("and", "but"):  # 'is alive *and a* traitor'
            j -= 2
            while j >= 0 and (j in nouns or is_adjective(words[j].text)):
                j -= 1
        while j >= 0 and (words[j].text in SKIPPABLE or words[j].text.endswith("ly")):
            j -= 1  # 'was *originally* a boxer', 'is actually a spy'
        return j >= 0 and words[j].text in ROLE_GIVERS

    def acted_by(self, actor: Sequence[Mention], occurrence: Unit) -> bool:
        """Does the fact's event have this actor: in its slot, or (when the fact's reading
        found no slots for it) named before it in its clause, not as a possessor?"""
        if occurrence.actor or occurrence.patient:  # 'is killed': who dies is acted on
            return bool(_ids(actor) & _ids(occurrence.actor + occurrence.patient))
        ids, words = _ids(actor), self.fact.words
        return any(  # a subject: before the event word, in its clause, no possessor
            0 <= m.start < occurrence.index
            and m.ids & ids
            and words[m.start].clause == occurrence.clause
            and not is_possessor(words, m)
            for m in self.fact.mentions
        )

    def _owns(self, mine: Sequence[Mention], theirs: Sequence[Mention]) -> bool:
        """Is the claim's name written as the owner of the fact's ('Apollo 11's Eagle')?
        A part may stand for its whole: no other name."""
        starts = {m.start for m in theirs}
        words = self.fact.words
        return any(
            m.ids & _ids(mine)
            and m.end + 1 < len(words)
            and is_possessor(words, m)
            and m.end + 1 in starts
            for m in self.fact.mentions
            if m.start >= 0
        )

    def _pronoun_after(self, occurrence: Unit) -> bool:
        return self._word_after(occurrence) in PRONOUNS

    def _pronoun_for(self, occurrence: Unit, named: Sequence[Mention]) -> bool:
        """May the pronoun after the fact's event stand for these names: one named before it
        ('Alex saves her, and Naomi counsels her' is no saving of Naomi), and no person
        for an 'it' ('convinces Holden to save it')?"""
        pronoun = self._word_after(occurrence)
        if pronoun not in PRONOUNS:
            return False
        if pronoun == "it" and any(m.kind == "person" for m in named):
            return False
        ids = _ids(named)
        return any(0 <= m.start < occurrence.index and m.ids & ids for m in self.fact.mentions)

    def done_to(self, patient: Sequence[Mention], occurrence: Unit) -> bool:
        """May the fact's event be done to this patient? Not when the fact names another
        there: in its slot (a demonym is no one: 'poisons Martian minister Korshunov'),
        or, with none filled, right after it ('shoots down Sea Dragon' is not done to the
        Buran). A pronoun ('kills her') leaves it open."""
        ids, words = _ids(patient), self.fact.words
        if ids & _ids(occurrence.actor + occurrence.patient):
            return True
        after = _named_after(self.fact, occurrence, len(words))
        if any(m.ids & ids for m in after):
            return True
        if any(not m.demonym for m in occurrence.patient):
            return False
        if self._pronoun_after(occurrence):
            return not self._unnamed_thing_before(occurrence)
        end = min(
            (u.index for u in self.fact.units if u.verb and u.index > occurrence.index),
            default=len(words),
        )
        return not any(m.start < end for m in after)

    def _unnamed_thing_before(self, occurrence: Unit) -> bool:
        """'launch a weaponised *shuttle* at the Rocinante; Alex destroys it': an 'it' after
        a thing the fact does not name may be that thing, never surely a named one."""
        if self._word_after(occurrence) != "it":
            return False
        words = self.fact.words
        named = {i for m in self.fact.mentions if m.start >= 0 for i in range(m.start, m.end)}
        return any(
            words[k].text in UNNAMED_THINGS and k not in named and k + 1 not in named
            for k in range(occurrence.index)
        )

    def _measures(self, unit: Unit) -> bool:
        """Does the word say what the claim's number measures ('*worth* around 2 trillion'
        against 'will cost two trillion')? Then it is the claim's point, not a fan's extra."""
        return any(0 < n.index - unit.index <= 3 for n in self.claim.numbers)

    def _outcome(self, unit: Unit) -> bool:
        """A word with an opposite ('alive'), or an event implying one ('kills': a death)."""
        concepts = self.lexicon.close(unit.concepts) if unit.verb else unit.concepts
        return bool(concepts & self.lexicon.opposites.keys())

    def _head_lacking(self, unit: Unit) -> bool:
        """Is this the head noun of a compound whose modifier matched ('pet *cat*' against
        'robot pet')? The claim then speaks of another thing."""
        if unit.verb or "NOUN" not in lemmas_of(unit.text):
            return False
        if self.claim.words[unit.index].after_comma:
            return False
        if self.lexicon.close(unit.concepts) - unit.concepts & self.fact.keys:
            return False  # 'the SG *election*' against 'defeats', which an election implies
        before = [u for u in self.claim.units if u.index == unit.index - 1]
        return (
            bool(before)
            and not before[0].verb
            and not is_adjective(before[0].text)
            and "ADJ" not in lemmas_of(before[0].text)
            and self.unit_present(before[0])
        )

    def _narrows(self, unit: Unit) -> bool:
        """Is this an adjective narrowing the matched word after it ('biological daughter'),
        or a noun naming which institution ('air force academy' against 'Naval Academy')?"""
        following = _next_unit(self.claim.units, unit)
        return (
            following is not None
            and unit.text not in FOND_WORDS
            and following.index == unit.index + 1
            and self.unit_present(following)
            and (
                is_adjective(unit.text)
                or "ADJ" in lemmas_of(unit.text)
                or (not unit.verb and unit.text.endswith("ing"))  # 'racing ship'
                or (
                    not (unit.verb or following.verb)
                    and following.text in GENERIC_WORDS
                    and "NOUN" in lemmas_of(unit.text)  # not 'secretly first'
                )
            )
        )

    def _slots_agree(self, unit: Unit) -> bool:
        """Does the fact have this event with the claim's names in its slots, or at
        least with no one else there ('to execute Marco' against 'getting Belters
        killed' does not agree)?"""
        for occurrence in self.unit_matches(unit):
            actor, patient = _seen_from(unit, self._converse(unit, occurrence))
            if all(
                not mine or not theirs or _ids(mine) & _ids(theirs)
                for mine, theirs in ((actor, occurrence.actor), (patient, occurrence.patient))
            ):
                return True
        return False

    def _fact_tells_events(self) -> bool:
        """Does the fact tell events of its own (not only what someone is)? Then a claim
        verb it lacks may be that event changed ('builds' for 'destroys')."""
        return any(
            u.verb and not u.concepts & self.lexicon.light and not u.hedged for u in self.fact.units
        )

    def swapped_name(self, missing: str) -> Difference | None:
        """'Oksana killed Karal' against a fact where Drummer does: the one name the fact
        lacks, where the fact writes exactly one other name of the same kind (a person
        for a person, a ship for a ship) the claim does not use, and every event word of
        the claim is in the fact with its slots agreeing."""
        mine = next((m for m in self.claim.mentions if m.names[0].id == missing), None)
        if mine is not None and mine.kind in LOCATIONS and not mine.demonym:
            return self._swapped_place(mine)
        if mine is None or mine.kind not in SWAPPABLE or mine.demonym:
            return None
        if mine.kind == "craft" and any(
            mine.ids & _ids(m for _, m in u.preps) for u in self.claim.units
        ):
            return self._swapped_vehicle(mine)
        events = [u for u in self.claim.units if u.verb and not u.concepts & self.lexicon.light]
        holder = None if events else self._role_holder(mine) or self._role_owner(mine)
        if holder is not None:  # 'Avasarala was captain of the Behemoth'
            return _swap(holder, mine)
        theirs = [
            m
            for m in self.fact.mentions
            if m.start >= 0
            and m.kind == mine.kind
            and not m.ids & self.claim.entity_ids
            and not m.demonym
        ]
        if len({i for m in theirs for i in m.ids}) > 1:
            theirs = self._in_my_slot(mine, theirs, events)
        if len({i for m in theirs for i in m.ids}) != 1:
            return None
        if not events:
            # 'Tracy Stevens became the first American woman on the Moon': no event word,
            # but a title only one can hold, every word of it in the fact
            if not self.unique_title():
                return None
        elif not all(self.unit_present(u) and self._slots_agree(u) for u in events):
            return None
        elif not any(self._fills_slot(u, mine.ids, theirs) for u in events):
            return None  # 'She loses to Gao ... Paster's cabinet': Paster did not lose
        return _swap(theirs[0], mine)

    def _in_my_slot(
        self, mine: Mention, theirs: Sequence[Mention], events: Sequence[Unit]
    ) -> list[Mention]:
        """Of the fact's other names, those its reading puts in the slot the claim gives
        `mine` ('Kelly got shot in the riot' against 'during the riot, the gun Lee Jung-gil
        once had goes off and Danielle Poole is shot': the one shot is Danielle). Only a
        deed done to someone, with the claim's other slot the same in the fact: many die
        on Earth, and one shot in a riot is that riot's."""
        slotted: set[str] = set()
        for unit in events:
            for occurrence in self.unit_matches(unit):
                if mine.ids & _ids(unit.patient) and not unit.actor:
                    slotted |= _ids(occurrence.patient)
                elif mine.ids & _ids(unit.actor) and unit.patient:
                    if _ids(unit.patient) & _ids(occurrence.patient):
                        slotted |= _ids(occurrence.actor)
                elif mine.ids & _ids(unit.patient) and _ids(unit.actor) & _ids(occurrence.actor):
                    slotted |= _ids(occurrence.patient)
        return [m for m in theirs if m.ids & slotted]

    def _swapped_place(self, mine: Mention) -> Difference | None:
        """'Julie checked into the Blue Falcon on Ceres' against 'checks into the Blue
        Falcon Hotel on Eros': where the claim's event happens (a place after it, with 'on',
        'in', 'at'), the fact's same event, done by the same people, happens at the one other
        place it names so, with every other word of the claim in the fact."""
        events = [u for u in self.claim.units if u.verb and not u.concepts & self.lexicon.light]
        located = [
            u for u in events if mine.ids <= _places_after(self.claim, u) and (u.actor or u.patient)
        ]
        if not located or not all(self.unit_present(u) and self._slots_agree(u) for u in events):
            return None
        for unit in located:
            for occurrence in self.unit_matches(unit):
                places = _places_after(self.fact, occurrence) - self.claim.entity_ids
                if len(places) == 1:
                    theirs = next(m for m in self.fact.mentions if m.ids == places)
                    return self._place_swapped(mine, theirs)
        # 'kept Mei on Callisto' against 'Mei is alive on Io, kept in stasis': the one
        # place of the fact, of the claim's place's kind, where nothing else is placed
        others = [
            m
            for m in self.fact.mentions
            if m.start >= 0 and m.kind in LOCATIONS and not m.ids & self.claim.entity_ids
        ]
        if len({i for m in others for i in m.ids}) == 1 and others[0].kind == mine.kind:
            return self._place_swapped(mine, others[0])
        return None

    def _role_words(self) -> list[tuple[Unit, Role]]:
        """The claim's role words with whom it gives each ('captain' of Avasarala)."""
        units = {u.index: u for u in self.claim.units}
        return [(units[i], role) for i, role in self._roles.items() if i in units]

    def _role_holder(self, mine: Mention) -> Mention | None:
        """'Avasarala was captain of the Behemoth' against '... the Behemoth, commanded by
        Captain Camina Drummer': the one other person the fact gives the claim's role of
        the same thing, where the claim gives it to a person the fact does not name."""
        if mine.kind != "person":
            return None
        for unit, role in self._role_words():
            if not role.of or not role.subject & mine.ids:
                continue
            nouns = {u.index for u in self.fact.units if not u.verb}
            holders = {
                i: m
                for occurrence in self.unit_matches(unit)
                if occurrence.index + 1 not in nouns  # not 'the command module pilot'
                for m in self.fact.mentions
                if m.start >= 0
                and m.kind == "person"
                and not m.ids & self.claim.entity_ids
                and said_of(
                    self.fact,
                    Role(m.ids, role.owner, role.of),
                    occurrence.index,
                    occurrence.index + 1,
                )
                for i in m.ids
            }
            for occurrence in self.unit_matches(unit):  # 'Ellen Waverly commands Apollo 24'
                if occurrence.verb and role.of <= _ids(occurrence.patient):
                    holders.update(
                        (i, m)
                        for m in occurrence.actor
                        if m.kind == "person" and not m.ids & self.claim.entity_ids
                        for i in m.ids
                    )
            if len(holders) == 1:
                return next(iter(holders.values()))
        return None

    def _role_owner(self, mine: Mention) -> Mention | None:
        """'Mei is Strickland's daughter' against '... leading Prax's daughter Mei': the one
        other person whose the fact makes the claim's role of the same subject, where the
        claim makes it `mine`'s."""
        if mine.kind != "person":
            return None
        for unit, role in self._role_words():
            if not role.owner & mine.ids or not role.subject & self.fact.entity_ids:
                continue
            words = self.fact.words
            owners = [
                m
                for occurrence in self.unit_matches(unit)
                if not occurrence.verb  # nor 'Marco and *their* son Filip': Naomi's too
                and not any(
                    w.text in OWNING_PRONOUNS
                    for w in words[occurrence.index - 2 : occurrence.index]
                )
                for m in self.fact.mentions
                if m.start >= 0
                and m.kind == "person"
                and not m.ids & role.subject
                and said_of(
                    self.fact, Role(role.subject, m.ids), occurrence.index, occurrence.index + 1
                )
            ]
            if any(m.ids & mine.ids for m in owners):
                return None  # 'the son of Naomi Nagata and Marco Inaros' is Naomi's son
            # ... and not Holden's; but 'Gordo's son Danny' leaves Tracy his mother: one
            # owner denies another only when the fact names the claim's elsewhere
            if len({i for m in owners for i in m.ids}) >= 2 or (
                owners and mine.ids & self.fact.entity_ids
            ):
                return owners[0]
        return None

    def owner_swapped(self) -> Difference | None:
        """The claim's owner of a role swapped for the fact's ('Strickland's daughter')."""
        for mine in self.claim.mentions:
            theirs = self._role_owner(mine)
            if theirs is not None:
                return _swap(theirs, mine)
        return None

    def role_reversed(self) -> bool:
        """'Naomi is Filip and Marco's kid' against 'Filip Inaros is the son of Naomi
        Nagata and Marco Inaros': a role that does not go both ways (a child, a parent, a
        spouse) the fact gives the claim's owner, owned by the claim's subject."""
        for unit, role in self._role_words():
            if not role.owner or unit.text not in ONE_WAY_ROLES:
                continue
            if role.subject & role.owner:
                continue
            if any(
                not occurrence.verb
                and said_of(
                    self.fact,
                    Role(role.owner, role.subject),
                    occurrence.index,
                    occurrence.index + 1,
                )
                for occurrence in self.unit_matches(unit)
            ):
                return True
        return False

    def role_swapped(self, names: frozenset[str]) -> bool:
        """Is the claim's role holder or owner (of these names) swapped for another the fact
        names?"""
        mine = next((m for m in self.claim.mentions if m.ids == names), None)
        return mine is not None and (
            self._role_holder(mine) is not None or self._role_owner(mine) is not None
        )

    def _swapped_vehicle(self, mine: Mention) -> Difference | None:
        """'Bobbie and Avasarala escape on the Rocinante' against '... escape aboard Julie
        Mao's racing ship, the Razorback': the craft the claim's event rides in, where the
        fact's same event, done by the same people, names one other craft after it."""
        events = [u for u in self.claim.units if u.verb and not u.concepts & self.lexicon.light]
        riding = [u for u in events if mine.ids & _ids(m for _, m in u.preps) and u.actor]
        if not riding or not all(self.unit_present(u) and self._slots_agree(u) for u in events):
            return None
        words = self.fact.words
        for unit in riding:
            for occurrence in self.unit_matches(unit):
                if not self.acted_by(unit.actor, occurrence):
                    continue
                crafts = [
                    m
                    for m in _named_after(self.fact, occurrence, PLACE_AFTER)
                    if m.kind == "craft"
                    and not m.ids & self.claim.entity_ids
                    and not is_possessor(words, m)
                ]
                if len({i for m in crafts for i in m.ids}) == 1:
                    return _swap(crafts[0], mine)
        return None

    def _place_swapped(self, mine: Mention, theirs: Mention) -> Difference | None:
        if not comparable_places([mine], [theirs]):
            return None
        return _swap(theirs, mine)

    def unique_title(self) -> bool:
        """Does the claim give someone a title only one can hold ('the first American
        woman on the Moon'), every word of it in the fact?"""
        units = self.claim.units
        qualified = any(u.concepts & self.lexicon.strict for u in units)
        return qualified and len(units) >= 2 and all(self.unit_present(u) for u in units)

    def _fills_slot(self, unit: Unit, mine: frozenset[str], theirs: Sequence[Mention]) -> bool:
        """Does the fact's event hold `theirs` (in a slot, or in its clause when the fact's
        reading found none), where the claim's holds `mine`? A name outside the claim's
        event slots ('turns on Marco') is not swapped by it."""
        if _ids(unit.actor) & mine:
            if self._done_by_many(unit):
                return False  # 'Karen saves Molly' against 'Tracy rescues Molly': both may
            return any(self.acted_by(theirs, o) for o in self.unit_matches(unit))
        if not _ids(unit.patient) & mine:
            return False
        if self._done_to_many(unit) and any(
            self.acted_by(unit.actor, o) for o in self.unit_matches(unit)
        ):
            return False
        # the claim's acted-on swapped: the fact's must be acted on too ('Molly saves Ellen'
        # is not 'Tracy rescues Molly' with one name changed)
        ids, doers = _ids(theirs), _ids(unit.actor)
        return any(
            ids & _ids(o.patient)
            if o.actor or o.patient
            else (self._acted_on_after(o, ids) or self.acted_by(theirs, o))
            and not self._acted_on_after(o, doers)
            for o in self.unit_matches(unit)
        )

    def _done_by_many(self, unit: Unit) -> bool:
        """A deed many may do to one ('Clarissa saves Bobbie' does not deny that someone
        else saved her another time): another doer in the fact is no changed detail."""
        deeds = self.lexicon.close(unit.concepts)
        return bool(deeds & DONE_BY_MANY) and not deeds & ENDING_DEEDS

    def _done_to_many(self, unit: Unit) -> bool:
        """A deed one may do to many (one killer may have many victims, one rescuer save
        many): another one done to in the fact ('Melba killed Tilly' against 'Melba kills
        Ren') is no changed detail. Not a destruction, though it is an attack: 'Earth
        destroys Phobos' against 'Earth destroys Deimos' changes what was destroyed."""
        deeds = self.lexicon.close(unit.concepts)
        return bool(deeds & DONE_TO_MANY) and "destroy" not in deeds

    def _complements(self, unit: Unit) -> bool:
        """Is this word what a matched event of the claim is done to or where it happens
        ('finds Julie's *body*', 'sits at the Moon's *north pole*')? The first content
        word after the event word in its clause, no placed name between them. Not when the
        word names what the fact's event implies ('loses the *election*' against 'defeats')."""
        if self.lexicon.close(unit.concepts) - unit.concepts & self.fact.keys:
            return False
        readings = lemmas_of(unit.text)
        if readings and readings.keys() <= {"ADV"}:
            return False  # 'came out *publicly*': how, not what to
        before = [u for u in self.claim.units if u.index < unit.index and u.clause == unit.clause]
        if not before:
            return False
        head = before[-1]
        if not (head.verb and self.unit_present(head)):
            return False
        words = self.claim.words
        goal = prep_before(words, unit.index) == "goal"  # 'crash Eros *into Mercury*'
        qualifying = {  # 'the *Soviet* engine plans'
            k
            for m in self.claim.mentions
            if m.kind != "person" and m.start >= 0
            for k in range(m.start, m.end)
        }
        # 'handed Margo the Soviet engine *plans*': one given to, then what is given
        given_to = next(
            (
                m
                for m in self.claim.mentions
                if m.kind == "person"
                and m.start == head.index + 1
                and all(
                    words[k].text in SKIPPABLE or is_adjective(words[k].text) or k in qualifying
                    for k in range(m.end, unit.index)
                )
            ),
            None,
        )
        for mention in self.claim.mentions:
            possessor = is_possessor(words, mention)
            given = given_to is not None and (
                mention is given_to or (mention.start >= given_to.end and mention.kind != "person")
            )
            if head.index < mention.start < unit.index and not (possessor or goal or given):
                return False
        return unit.index - head.index <= 5

    def _acted_on_after(self, occurrence: Unit, ids: frozenset[str]) -> bool:
        """Does the fact name all of `ids` within a few words after its event word, in its
        clause, not as an owner?"""
        named = _ids(_acted_on_named(self.fact, occurrence))
        return bool(ids) and ids <= named

    def _word_after(self, occurrence: Unit) -> str:
        """The fact's word right after its event word ('finds *that*', 'shoots *him*')."""
        following = occurrence.index + 1
        words = self.fact.words
        return words[following].text if following < len(words) else ""

    def _other_deed(self, unit: Unit) -> bool:
        """Does the fact tell another deed of the claim's actor to the claim's acted-on
        ('Holden lets Lucia go' against 'Holden handed Lucia over')? Then the claim's
        unmatched verb may be that deed changed, not said in other words."""
        if not (unit.verb and unit.actor and unit.patient):
            return False
        mine_a, mine_p = _ids(unit.actor), _ids(unit.patient)
        return any(
            o.verb and mine_a & _ids(o.actor) and mine_p & _ids(o.patient) for o in self.fact.units
        )

    def _outcome_nearby(self, unit: Unit) -> bool:
        """Does the fact state an outcome (a word with an opposite) for the same actor? Then
        an unmatched claim verb may be that outcome flipped ('survives' for 'dies'); not
        when the claim tells that outcome itself ('went splat *trying* to fly')."""
        mine = _ids(unit.actor)
        told = {  # the outcome the claim gives the same people
            o.index
            for u in self.claim.units
            if u is not unit and mine and _ids(u.actor + u.patient) == mine
            for o in self.unit_matches(u)
        }
        for occurrence in self.fact.units:
            if not occurrence.verb or occurrence.index in told:
                continue
            if unit.actor and not _ids(unit.actor) & _ids(occurrence.actor + occurrence.patient):
                continue
            if any(c in self.lexicon.opposites for c in occurrence.concepts):
                return True
        return False

    def roles_reversed(self, *, any_event: bool = True) -> bool:
        """'Naomi spaces Marco' against any event of the fact where Marco acts on Naomi
        (unless `any_event` is off); 'the cosmonaut took Ed prisoner' against the capture Ed
        does ('Ed held him captive'), unless the fact also has that event done to Ed."""
        for unit in self.claim.units:
            if not (unit.verb and unit.patient):
                continue
            mine_a, mine_p = _ids(unit.actor), _ids(unit.patient)
            same_event = [  # its word, or a noun of its clause ('took Ed *prisoner*')
                o
                for u in self.claim.units
                if u is unit or (u.clause == unit.clause and not u.verb)
                for o in self.unit_matches(u)
            ]
            if any(mine_p & _ids(o.patient) for o in same_event):
                continue
            people = _ids(m for m in unit.patient if m.kind == "person")
            for occurrence in self.fact.units:
                actor, patient = _ids(occurrence.actor), _ids(occurrence.patient)
                acts = bool(mine_p & actor) and not mine_a & actor
                if acts and (
                    (any_event and mine_a & patient)
                    or (people & actor and occurrence in same_event)
                ):
                    return True
        return False

    def nouns_reversed(self) -> bool:
        """'The cosmonauts shot two marines' against 'Marines ... shoot two Soviet
        cosmonauts': where no name fills the claim's event, the nouns around it, the fact
        having the claim's doer after its event and the one acted on before it."""
        units = self.claim.units
        if self._noun_doer_reversed():
            return True
        for unit in units:
            if not unit.verb or unit.actor or unit.patient:
                continue
            before = _nouns_beside(units, unit, after=False)
            after = _nouns_beside(units, unit, after=True)
            if not before or not after:
                continue
            for occurrence in self.unit_matches(unit):
                theirs_before = _keys_beside(self.fact.units, occurrence, after=False)
                theirs_after = _keys_beside(self.fact.units, occurrence, after=True)
                if (
                    before.keys & theirs_after
                    and after.keys & theirs_before
                    and not before.keys & theirs_before
                ):
                    return True
        return False

    def _noun_doer_reversed(self) -> bool:
        """'The cosmonaut takes Ed prisoner' against 'Ed Baldwin binds the captured
        cosmonaut Mikhail': the claim's doer, a noun, is acted on just after a deed of the
        one the claim has it act on, with the claim's event in the fact."""
        units = self.claim.units
        words = self.fact.words
        for unit in units:
            if not unit.verb or unit.actor or not unit.patient:
                continue
            doer = _nouns_beside(units, unit, after=False)
            if doer is None or prep_before(self.claim.words, doer.index):
                continue  # not 'dies of a stroke rescuing Naomi'
            if not any(
                self.unit_present(u) for u in units if u is not doer and u.clause == unit.clause
            ):
                continue
            mine = _ids(unit.patient)
            for deed in self.fact.units:
                if not deed.verb or not mine & _ids(deed.actor) or mine & _ids(deed.patient):
                    continue
                after = {
                    k
                    for u in self.fact.units
                    if deed.index < u.index <= deed.index + NAMED_AFTER
                    and words[u.index].clause == words[deed.index].clause
                    and not u.verb
                    for k in u.keys
                }
                if doer.keys & after:
                    return True
        return False

    @property
    def claim_keys(self) -> frozenset[str]:
        return self.claim.keys


def _particle(reading: Reading, unit: Unit) -> str:
    """The particle of a phrasal verb ('walked *away*'), or ''."""
    following = unit.index + 1
    if not unit.verb or following >= len(reading.words):
        return ""
    word = reading.words[following].text
    return word if word in PARTICLES else ""


def _seen_from(unit: Unit, converse: bool) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The claim word's (actor, acted-on), or, against a fact telling the event from the
    other side, swapped: 'Avasarala loses to Gao' is 'Gao defeats Avasarala'."""
    if not converse:
        return unit.actor, unit.patient
    other = unit.patient or tuple(m for group, m in unit.preps if group == "goal")
    return other, unit.actor


def _owned_names(reading: Reading) -> list[tuple[Mention, Mention]]:
    """(owner, name) for "NASA's [Mars ship] is Sojourner-1" and "the Soviet ship is
    Mars-94": an owner, a few words of the thing owned, 'is' or 'was', then its name."""
    words = reading.words
    starts = {m.start: m for m in reading.mentions if m.start >= 0}
    pairs = []
    for owner in starts.values():
        j = owner.end
        if j < len(words) and words[j].text == "s":
            j += 1
        elif not (owner.demonym or owner.kind in OWNER_KINDS):
            continue
        limit = j + OWNED_REACH
        while j < min(limit, len(words)) and words[j].text not in BE_WORDS:
            if words[j].after_comma or words[j].text in CLAUSE_JOINERS:
                break
            j = starts[j].end if j in starts else j + 1
        if j >= len(words) or words[j].text not in ("is", "was", "are", "were"):
            continue
        j += 1
        while j < len(words) and words[j].text in ("the", "a", "an"):
            j += 1
        named = starts.get(j)
        if named is not None and named.kind in OWNED_KINDS:
            pairs.append((owner, named))
    return pairs


def _typo_of(unit: Unit, fact_unit: Unit) -> bool:
    """'kiled' for 'killed', 'sceince' for 'science': a word no dictionary knows, one
    edit (or one swap of neighbours) away from a word of the fact at least as long."""
    mine, theirs = unit.text, fact_unit.text
    if len(mine) < TYPO_LENGTH or len(theirs) < TYPO_LENGTH or is_english(mine):
        return False
    return DamerauLevenshtein.distance(mine, theirs, score_cutoff=1) <= 1


def _people_in_preps(unit: Unit) -> frozenset[str]:
    """The people an event is done to or with by a preposition ('sells it to Karen',
    'pulls a gun on Sally Ride')."""
    return frozenset(i for _group, m in unit.preps if m.kind == "person" for i in m.ids)


def _deed_between_people(unit: Unit) -> bool:
    return (
        unit.verb
        and any(m.kind == "person" for m in unit.actor)
        and any(m.kind == "person" for m in unit.patient)
    )


def _free_word(unit: Unit) -> bool:
    """An English word that is no one's first name: a fan's word a fact may lack."""
    return is_english(unit.text) and not unit.name_like


def _named_after(reading: Reading, unit: Unit, reach: int) -> list[Mention]:
    """The names written within `reach` words after a word, in its clause."""
    words = reading.words
    return [
        m
        for m in reading.mentions
        if unit.index < m.start <= unit.index + reach and words[m.start].clause == unit.clause
    ]


def _acted_on_named(reading: Reading, unit: Unit) -> list[Mention]:
    """The names just after an event word, in its clause, not written as owners: where
    a fact names the one its event is done to ('shot and killed Miller's friend
    Sematimba')."""
    return [
        m for m in _named_after(reading, unit, NAMED_AFTER) if not is_possessor(reading.words, m)
    ]


def _slotted_people(unit: Unit) -> list[Mention]:
    """The people an event is done to, or with no one acted on, the people doing it."""
    return [m for m in unit.patient or unit.actor if m.kind == "person"]


def _places_after(reading: Reading, unit: Unit) -> frozenset[str]:
    """The places named after an event word, in its clause, with 'on', 'in' or 'at'."""
    return frozenset(
        i
        for m in _named_after(reading, unit, PLACE_AFTER)
        if m.kind in LOCATIONS and not m.demonym and prep_before(reading.words, m.start) == "loc"
        for i in m.ids
    )


def comparable_places(mine: Sequence[Mention], theirs: Sequence[Mention]) -> bool:
    """A real place no fact names stands against a place of its own scale only: 'Ohio'
    against 'Iowa', never against 'Garden City', which may be in Ohio."""
    names = [n for m in (*mine, *theirs) for n in m.names]
    if not any(n.unrecorded for n in names):
        return True
    scales = {n.scale for m in mine for n in m.names} & {n.scale for m in theirs for n in m.names}
    return bool(scales - {""})


def predicated(reading: Reading, unit: Unit) -> bool:
    """Is the word said of its subject with 'is' or 'was' ('is still alive')?"""
    words = reading.words
    return any(w.text in BE_WORDS for w in words[max(0, unit.index - 3) : unit.index])


def subject_before(reading: Reading, unit: Unit) -> tuple[Mention, ...]:
    """The last name before the word in its clause: whom 'is still alive' is said of."""
    words = reading.words
    before = [
        m
        for m in reading.mentions
        if 0 <= m.start < unit.index and words[m.start].clause == unit.clause
    ]
    return (max(before, key=lambda m: m.start),) if before else ()


def _origin(words: Sequence[Word], start: int) -> bool:
    """Is the place named as where someone comes from ('is from Baltimore', 'grew up on
    Ceres', 'born in Texas')?"""
    before = [w.text for w in words[max(0, start - 4) : start] if w.text not in SKIPPABLE]
    if before[-1:] == ["from"]:
        return len(before) > 1 and before[-2] in ORIGIN_VERBS | BE_WORDS
    return any(w in ORIGIN_WORDS for w in before)


def _by(words: Sequence[Word], index: int) -> bool:
    """Is the word what a passive is done 'by' ('killed by a railgun *shot*')?"""
    k = index - 1
    while k >= 0 and k >= index - 3 and (words[k].text in SKIPPABLE or not words[k].stop):
        k -= 1  # 'by a railgun shot'
    return k >= 0 and words[k].text == "by"


def _beside(units: Sequence[Unit], event: Unit, *, after: bool) -> list[Unit]:
    """The words of the event's clause on one side of it."""
    return [
        u
        for u in units
        if u.clause == event.clause and (u.index > event.index if after else u.index < event.index)
    ]


def _nouns_beside(units: Sequence[Unit], event: Unit, *, after: bool) -> Unit | None:
    """The noun right before an event word in its clause (its doer, 'the *cosmonauts*
    shot'), or the first after it (what it is done to, 'shot two *marines*')."""
    side = _beside(units, event, after=after)
    if not side:
        return None
    nearest = min(side, key=lambda u: abs(u.index - event.index))
    return None if nearest.verb else nearest


def _keys_beside(units: Sequence[Unit], event: Unit, *, after: bool) -> frozenset[str]:
    """The keys of the nouns of the event's clause on one side of it."""
    return frozenset(k for u in _beside(units, event, after=after) if not u.verb for k in u.keys)


def _weight_of(differences: Sequence[Difference]) -> tuple[int, int]:
    """How far an occurrence departs: the fewest differences, then the fewest that deny
    ('done by someone else' before 'it was Ed, not Karen')."""
    return len(differences), sum(d.kind != "unconfirmed" for d in differences)


def _owners(words: Sequence[Word], written: Sequence[Mention], last: Mention) -> list[Mention]:
    """The names owning what follows, joined by 'and' ('Ed and Karen Baldwin's')."""
    owners = [last]
    for m in sorted(written, key=lambda m: -m.start):
        first = owners[-1]
        if m.end < first.start and m.end + 1 == first.start and words[m.end].text == "and":
            owners.append(m)
    return owners


def _owned(reading: Reading) -> list[tuple[Mention, list[Unit]]]:
    """Each name with the things it owns ('Bobbie Draper's power armour') or that it is
    ('their next target is Marco Inaros'); not an owner's people ('Marco's son Filip':
    Naomi's son too)."""
    nouns = {u.index: u for u in reading.units if not u.verb}
    starts = {m.start for m in reading.mentions if m.kind == "person"}
    out = []
    for m in reading.mentions:
        if m.start < 0 or not is_possessor(reading.words, m):
            continue
        things = []
        i = m.end + 1
        while i in nouns:
            things.append(nouns[i])
            i += 1
        if things and i not in starts:
            out.append((m, things))
    ends = {m.end for m in reading.mentions}
    for m in reading.mentions:  # 'their next target is Marco Inaros'; not 'the Soviet
        j = m.start - 1  # ship is Mars-94, NASA's is Sojourner-1': an owner's, paired so
        while j >= 0 and reading.words[j].text in ("a", "an", "the"):
            j -= 1
        if j >= 1 and reading.words[j].text in BE_WORDS and j - 1 in nouns and j - 1 not in ends:
            out.append((m, [nouns[j - 1]]))
    return out


def _time_order(reading: Reading) -> list[tuple[list[Unit], list[Unit]]]:
    """What a text says happened first and what then, by its 'after' and 'before': 'X after
    Y' and 'After Y, X' have Y first; 'X before Y' has X first. Each pair is (earlier
    words, later words); 'before everyone' orders no two events."""
    words, units = reading.words, reading.units
    pairs = []
    for word in words:
        if word.text not in TIME_ORDER or word.index + 1 >= len(words):
            continue
        if words[word.index + 1].text in ORDERLESS_AFTER:
            continue
        p, clause = word.index, word.clause
        comma = next(
            (w.index for w in words[p + 1 :] if w.after_comma or w.clause != clause), len(words)
        )
        phrase = [u for u in units if p < u.index < comma and u.clause == clause]
        opening = p == 0 or all(w.stop for w in words[:p])
        if opening:  # 'After Y, X': X follows the comma
            rest = [u for u in units if u.index >= comma and u.clause == clause]
        else:  # 'X after Y': X is the clause the phrase hangs on
            rest = [u for u in units if u.index < p and u.clause == words[p - 1].clause]
        if phrase and rest:
            pairs.append((phrase, rest) if word.text == "after" else (rest, phrase))
    return pairs


def _words_after(words: Sequence[Word], index: int) -> list[Word]:
    """The few words after a 'first' in its clause, up to a preposition or a verb's 'to'."""
    out = []
    for word in words[index + 1 : index + 1 + FIRST_REACH]:
        if word.clause != words[index].clause or word.text in ("to", "on", "in", "of", "at"):
            break
        out.append(word)
    return out


def _keys(units: Sequence[Unit]) -> frozenset[str]:
    return frozenset(k for u in units for k in u.keys)


def _doer_noun(word: str) -> bool:
    """A noun for one who does something ('survivor', 'killer', 'rescuers')."""
    readings = lemmas_of(word)  # lemminflect lacks some ('survivor'): the plural's singular
    for noun in readings.get("NOUN", ()) if readings else (word.removesuffix("s"),):
        if noun.endswith(("er", "or")) and len(noun) > 4:
            root = noun[:-2]
            if any("VERB" in lemmas_of(v) for v in (root, root + "e", root[:-1])):
                return True
    return False


def _ids(mentions: Iterable[Mention]) -> frozenset[str]:
    return frozenset(i for m in mentions for i in m.ids)


def _filler_conflict(
    mine: Sequence[Mention],
    theirs: Sequence[Mention],
    *,
    sides: bool = False,
    partial: bool = False,
) -> Difference | None:
    """Another name in the same slot: of the same kind, or (`sides`, for the one acted on)
    both sides in a conflict ('blames the OPA' against 'blaming Mars')."""
    if not mine or not theirs:
        return None
    if _ids(mine) & _ids(theirs):
        if not partial:
            return None
        # 'Julie and Bobbie flee' against 'Bobbie Draper and Avasarala escape': one of
        # the claim's doers is another person the fact has there
        left = [m for m in mine if m.kind == "person" and not m.ids & _ids(theirs)]
        others = [t for t in theirs if t.kind == "person" and not t.ids & _ids(mine)]
        if left and others:
            return Difference(
                "slot", f"it was {mention_label(others)}, not {mention_label(left)}", _ids(left)
            )
        return None
    if not comparable_places(mine, theirs):
        return None
    kinds = {m.kind for m in mine if m.kind} & {m.kind for m in theirs if m.kind}
    demonyms = all(m.demonym for m in mine) and any(m.demonym for m in theirs)
    sides = sides and all(m.kind in SIDES for m in (*mine, *theirs))
    if not kinds and not demonyms and not sides:
        return None
    return Difference(
        "slot", f"it was {mention_label(theirs)}, not {mention_label(mine)}", _ids(mine)
    )


def _swap(theirs: Mention, mine: Mention) -> Difference:
    """The fact has another name where the claim has `mine` ('it was Drummer, not Oksana')."""
    return Difference(
        "slot", f"{SWAPPED}{mention_label([theirs])}, not {mention_label([mine])}", mine.ids
    )


def _the_person(words: Sequence[Word], mention: Mention) -> bool:
    """A person's name after 'the', qualifying what follows ('the Julie Mao case')."""
    return (
        mention.kind == "person"
        and not mention.demonym
        and mention.start >= 1
        and words[mention.start - 1].text == "the"
    )


def _unit_weight(unit: Unit, weight: Weight) -> float:
    return max((weight(k) for k in unit.keys if not k.startswith("wn")), default=1.0)


def _mention_weight(mention: Mention, weight: Weight) -> float:
    return 2 * max((weight("#" + n.id) for n in mention.names), default=1.0)


def _linked(claim_unit: Unit, fact_unit: Unit) -> set[str]:
    linked: set[str] = set()
    for mine, theirs in (
        (claim_unit.actor, fact_unit.actor),
        (claim_unit.patient, fact_unit.patient),
    ):
        shared = _ids(mine) & _ids(theirs)
        linked |= shared
    return linked


def _phrase(units: Sequence[Unit], start: int) -> list[Unit]:
    """The run of content words starting at word `start` ('heart attack')."""
    run: list[Unit] = []
    for unit in units:
        if unit.index == start + len(run):
            run.append(unit)
        elif run:
            break
    return run


def _next_unit(units: Sequence[Unit], unit: Unit) -> Unit | None:
    later = [u for u in units if u.index > unit.index]
    return later[0] if later else None


def _smallest_window(spots: list[list[int]]) -> tuple[int, int]:
    """The narrowest (start, end) word positions holding one place of every spot."""
    events = sorted((p, k) for k, places in enumerate(spots) for p in places)
    counts: dict[int, int] = {}
    best = (0, math.inf)
    left = 0
    for position, key in events:
        counts[key] = counts.get(key, 0) + 1
        while len(counts) == len(spots):
            start, first = events[left]
            if position - start < best[1] - best[0]:
                best = (start, position)
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            left += 1
    return int(best[0]), int(best[1])


def coverage(claim: Reading, fact: Reading, weight: Weight) -> float:
    """Share of the claim (weighted by rarity) the fact mentions at all."""
    total = got = 0.0
    for unit in claim.units:
        w = _unit_weight(unit, weight)
        total += w
        got += w if unit.keys & fact.keys else 0.0
    for mention in claim.mentions:
        w = 2 * max((weight("#" + n.id) for n in mention.names), default=1.0)
        total += w
        got += w if mention.ids & fact.entity_ids else 0.0
    return got / total if total else 0.0


def compare(
    claim: Reading,
    fact: Reading,
    lexicon: CompiledLexicon,
    years: frozenset[int],
    episodes: frozenset[EpisodeRef],
    weight: Weight = lambda key: 1.0,
    *,
    tolerant: bool = True,
) -> tuple[str, str]:
    """('supports'|'contradicts'|'', reason) for one claim reading and one fact reading.

    Fans add words a fact lacks ('straight up executes', 'lol', 'thru the smuggler
    tunnels'): words that are not the claim's event may go unmatched when the rest holds
    (every name, number and year, an event word found with the same actor, most of the
    claim's weight) and nothing in the fact stands against them.
    """
    comparison = Comparison(claim, fact, lexicon, years, episodes)
    differences, _explained = comparison.differences()
    if not claim.units and len(claim.mentions) < 2:
        return "", ""  # a bare name claims nothing
    if claim.denies_whole:
        return "", ""  # what it denies is in no word a fact could hold
    unmatched = [d for d in differences if d.kind == "unmatched"]
    # one difference found twice ('it was Montana, not Texas' by its slot and its place)
    hard = list({(d.kind, d.reason): d for d in differences if d.kind != "unmatched"}.values())
    if len(hard) > 1 and all(d.kind == "opposite" for d in hard):
        hard = hard[:1]  # one outcome said twice ('made it back inside alive'): one denial
    paired, alike = comparison.paired_otherwise(), comparison.paired_alike()
    if paired or alike:  # the owner's thing said of another owner is that same finding
        hard = [d for d in hard if d.reason != SAID_OF_OTHERS]
    # a fact may tell the claim's event in a longer sentence than it takes to contradict it
    shape_ok = comparison.compact(SUPPORT_SLACK) and not comparison.qualified_differently()
    shape_ok = shape_ok and comparison.people_written()
    # 'the cosmonauts shot two marines' against 'Marines ... shoot two cosmonauts'
    nouns_reversed = not hard and shape_ok and comparison.nouns_reversed()
    if (
        not hard
        and shape_ok
        and (not unmatched or (tolerant and comparison.tolerable(unmatched, weight)))
        and comparison.deeds_confirmed()
        and not comparison.roles_reversed(any_event=False)
        and not nouns_reversed
    ):
        return "supports", SAME_ACTOR if comparison.actors_confirmed() else ""
    if (
        not hard
        and shape_ok
        and tolerant
        and comparison.paraphrased(unmatched, weight)
        and comparison.deeds_confirmed()
        and not nouns_reversed
    ):
        return "supports", ""
    if (
        not hard
        and not unmatched
        and alike
        and all(comparison.unit_present(u) for u in claim.units)
    ):
        return "supports", ""  # the owner's thing named as the fact names it
    if nouns_reversed and (not unmatched or comparison.tolerable(unmatched, weight)):
        return "contradicts", "the show has it the other way round"
    if (
        hard
        and all(d.reason == DONE_BY_THEM for d in hard)
        and not unmatched
        and comparison._noun_doer_reversed()
    ):  # 'the cosmonaut takes Ed prisoner' against 'Ed ... takes him prisoner'
        return "contradicts", "the show has it the other way round"
    if (
        len(hard) == 1
        and hard[0].kind == "missing"
        and (
            not unmatched or comparison.tolerable(unmatched, weight, contradiction=True, swap=True)
        )
    ):
        swapped = comparison.swapped_name(hard[0].reason)
        hard = [swapped] if swapped else hard
    if (
        not unmatched
        and all(d.reason == SAID_OF_OTHERS for d in hard)
        and comparison.role_reversed()
    ):
        return "contradicts", "the show has it the other way round"  # 'Naomi is Filip's kid'
    owner_swap = (
        comparison.owner_swapped()
        if not unmatched and any(d.reason == SAID_OF_OTHERS for d in hard)
        else None
    )
    if owner_swap is not None and all(
        d.reason == SAID_OF_OTHERS
        or d.names == owner_swap.names
        or (d.kind == "missing" and d.reason in owner_swap.reason)
        for d in hard
    ):  # 'Mei is Strickland's daughter', 'Danny is Ed's son'
        hard = [owner_swap]
    reversed_ = [d for d in hard if d.kind == "slot" and d.reason.endswith(REVERSED)]
    if reversed_ and len(hard) == 2 and comparison.only_a_setting_missing(hard):
        hard = reversed_  # 'Aleida mentored Margo at NASA': the roles decide, not NASA
    typed = [d for d in hard if d.kind in TYPED]
    if len(hard) != 1 or len(typed) != 1:
        return "", ""
    if unmatched and not (
        tolerant
        and (
            comparison.tolerable(unmatched, weight, contradiction=True)
            or comparison.paraphrased(unmatched, weight)
        )
    ):
        return "", ""
    # the same event: its word is in the fact, or the difference is in the event itself
    # (its outcome flipped, the count of the same thing changed)
    anchored = (
        any(
            u.verb and comparison.unit_present(u) and not u.concepts & lexicon.light
            for u in claim.units
        )
        or typed[0].kind in ("opposite", "number")
        or (typed[0].kind == "slot" and comparison.unique_title())
        or (typed[0].kind == "slot" and comparison.role_swapped(typed[0].names))
        or (  # 'Holden's family farm is in Texas' against 'his family's farm in Montana'
            typed[0].kind == "slot"
            and any(m.kind in LOCATIONS and m.ids <= typed[0].names for m in claim.mentions)
            and any(not u.verb for u in claim.units)
            and all(comparison.unit_present(u) for u in claim.units)
        )
        or (typed[0].kind == "year" and any(comparison.unit_present(u) for u in claim.units))
        or (typed[0].kind == "slot" and bool(paired))
    )
    shared = any(comparison.mention_present(m) for m in claim.mentions)
    if typed[0].kind == "season" and not comparison.fates_confirmed():
        return "", ""  # 'Deke dies in the s1 finale' against a season 1 fact of Patty's death
    wrong = typed[0].names if typed[0].kind == "slot" else frozenset()
    placed = (
        bool(paired)  # the owner and its thing are where the fact pairs them
        or comparison.compact(leave_out=wrong)
        or (
            # a count is placed by the words it counts ('within eight nautical miles'),
            # however far before them the fact writes the names
            typed[0].kind == "number" and comparison.compact(leave_out=claim.entity_ids)
        )
        or (
            # 'Dani dies from the gunshot in the Happy Valley riot' against 'Danielle Poole
            # survives the shooting and returns home ..., and command of Happy Valley is
            # lost': the outcome of the same event, wherever the fact names its place
            typed[0].kind == "opposite"
            and comparison.compact(leave_out=_ids(m for m in claim.mentions if m.kind in LOCATIONS))
        )
    )
    if anchored and shared and placed:
        return "contradicts", typed[0].reason
    return "", ""


LOCATIONS = frozenset({"place", "body"})  # kinds of names an event happens at
# words for a site on a world: 'Jamestown, NASA's first Moon base'
SITE_WORDS = frozenset(
    "base bases colony station settlement outpost city habitat surface site".split()
)
PLACE_AFTER = 8  # words after a fact's event where the place it happens may be named
NAMED_AFTER = 6  # words after a fact's event where the one it is done to may be named
ROLE_GIVERS = frozenset("as is was becomes became".split())  # '... as a nurse', 'is a nurse'
PRONOUNS = frozenset("her him them it herself himself themselves".split())
OWNING_PRONOUNS = frozenset("his her their its".split())
# roles that do not go both ways: one's child is not one's parent ('Naomi is Filip's kid')
ONE_WAY_ROLES = frozenset(
    """son sons daughter daughters child children kid kids baby father mother dad mom
    mum parent parents husband wife grandson granddaughter grandfather grandmother""".split()
)
SUBJECTS = frozenset("he she they it".split())  # a pronoun that is its clause's own subject
# things an 'it' may stand for when the fact does not name them ('a weaponised shuttle')
UNNAMED_THINGS = KINDS_OF_THINGS | frozenset("torpedo missile nuke bomb warhead".split())
FOND_WORDS = frozenset(
    "little young poor dear sweet beloved tiny old".split()
)  # "a little boy", "her old racer"
# deeds one may do to many (another one done to is no changed detail: _done_to_many)
DONE_TO_MANY = frozenset(
    {"kill", "rescue", "help", "shoot", "attack", "capture", "kidnap", "torture", "blackmail"}
    | {"betray", "sabotage", "walk-on", "pilot", "survive", "dismiss", "affair", "birth"}
)
# deeds that end their victim: one doer each ('Holden shot Dresden' against 'Miller shoots
# Dresden'); the others many may do to one, again and again (_done_by_many)
ENDING_DEEDS = frozenset({"kill", "shoot", "destroy", "dismiss"})  # (a firing ends a post)
DONE_BY_MANY = DONE_TO_MANY - ENDING_DEEDS
TIME_UNITS = frozenset("second minut hour day week month year decad centuri".split())  # stems
POLARITY = "the show says the opposite"
REVERSED = "not the other way round"
DONE_BY_THEM = "done by them, not to them"
# kinds that narrow a 'first' ('the first private mission', 'the first woman in space')
NARROWING = frozenset(
    "private commercial civilian woman women female black manned crewed unmanned".split()
)
TIME_ORDER = frozenset({"after", "before"})
# 'before everyone', 'before anyone else': who was first, not which event came first
ORDERLESS_AFTER = frozenset("everyone anyone everybody anybody all long".split())
OTHER_ORDER = "the show has them the other way round in time"
POLITIES = frozenset({"nation", "body"})  # worlds and nations that act through people
DEMONYM_REACH = 2  # words between a people's word and the name it qualifies ('Soviet cosmonaut')
FIRST_REACH = 3  # words after 'first' that may narrow it ('the first American woman')
QUANTIFIERS = frozenset({"all"})  # 'every', 'all', 'whole': of the word after them
QUANTIFIER_REACH = 3  # words after a fact's 'all' where what it quantifies may be
NEAR_BEFORE = 8  # words back to a name a relative clause's event is told of
SWAPPED = "it was "  # how a swapped name's contradiction begins ('it was Drummer, not ...')
OWNED_REACH = 4  # words between an owner and the 'is' that names what it owns
OWNED_KINDS = frozenset({"craft", "person", "place"})  # its ship, its leader, its base
CLAUSE_JOINERS = frozenset({"and", "but", "while", "who", "which", "that"})
OWNER_KINDS = frozenset({"nation", "org"})  # 'the Soviet ship is Mars-94')
UNNAMED = "done by someone it does not name"
HEDGED = "only asked for or planned"
HEADED_OFF = "the fact heads off something else"
SAID_OF_OTHERS = "the fact says it of someone else"
NOT_PLACED = "the fact does not put them there"
ORIGIN_VERBS = frozenset("come comes came hail hails hailed".split())  # 'came from Kenya'
ORIGINS = frozenset({"birth"})  # the concept of where someone comes from
ORIGIN_WORDS = frozenset(
    "born grew grow grows raised native".split()
)  # 'grew up as orphans on Ceres'
EXCEPTING = frozenset({"except", "besides", "but", "without"})  # 'everyone except Alex'
HOLDER_KINDS = frozenset({"person", "craft", "group"})  # who a claim may put somewhere
IN_SEASON = "the show has it in"
SAME_ACTOR = "the show has them do it"
DATED = "the show dates it "
