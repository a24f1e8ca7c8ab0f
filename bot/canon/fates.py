"""Deaths judged by their slots: "Miller dies in the season 1 finale", "Amos executed
Dresden", "Naomi dies", "Alex is still alive at the end".

A fact's sentence tells a death in many ways ("stays behind to set it off himself"), and
fans ask about deaths more than anything, so each recorded death (data/fates/) says whose
it is, in which episode, by whose hand, where and how. A claim that tells a person's fate
is weighed against their record: a wrong killer, season, year or place, someone else's
death, a death of someone alive at the show's end or the survival of someone who died, is
not canon; a death the record holds in every detail the claim gives is canon. Anything the
claim says that neither the record nor its fact tells leaves the verdict to the rest of
the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.canon.judging import (
    IN_SEASON,
    Judgement,
    comparable_places,
    predicated,
    subject_before,
)
from bot.canon.lexicon import FATES, CompiledLexicon
from bot.canon.names import Mention, NameIndex
from bot.canon.slots import Reading, Unit, lemmas_of, prep_before, read
from bot.canon.text import BE_WORDS
from bot.fates_data import Fate
from bot.store.records import Fact

KILLING = "kill"
DEATH = frozenset({"die", KILLING})
# killings that say someone meant them: a death no one is recorded doing does not hold them
MANNERS = frozenset(
    "execute murder assassinate slaughter massacre butcher strangle smother liquidate".split()
)
# 'Doris tells him Mei is dead', 'reporting that she died': said, not shown
REPORTS = frozenset("tells told telling report reports reported reporting claims claimed".split())
# 'everyone thinks Naomi died', 'Holden fears Naomi is dead': a belief, not a fate
BELIEFS = frozenset(
    """think thinks thought believe believes believed presume presumes presumed assume
    assumes assumed fear fears feared rumor rumored rumoured seem seems seemed appear
    appears appeared fake fakes faked faking pretend pretends pretended dream dreams
    dreamed vision visions hallucinate hallucinates hallucinated book books novel novels
    if""".split()
)
# 'Anna stopped Amos from killing Clarissa', 'Holden saves Naomi from dying', 'casts the
# vote to execute Marco': a fate kept from happening, or only willed
UNDONE = frozenset(
    """stop stops stopped stopping prevent prevents prevented keep keeps kept save saves
    saved spare spares spared talk talks talked vote votes voted""".split()
)
# 'Avasarala dies of old age years later': after the show's end, where no record reaches
AFTERWARDS = frozenset("later eventually afterwards afterward old age decades future".split())
# what a claim of someone's survival may say besides it ('still alive at the end of the show')
SURVIVAL_FRAME = frozenset(
    """end show series finale season seasons whole way make makes made making through
    last still alive survive survives survived surviving entire run""".split()
)
PLACE_KINDS = frozenset({"place", "body", "craft"})
KILLER_KINDS = frozenset({"person", "group", "org", "nation"})


@dataclass(frozen=True, slots=True)
class Record:
    """A fate with the fact it rests on, as this server sees it."""

    fate: Fate
    fact: Fact
    cause_keys: frozenset[str]  # what its `how` words match ('explosion': blew up)
    by_ids: frozenset[str] | None
    at: tuple[tuple[str, str], ...]  # (name id, kind) of where they die


@dataclass(frozen=True, slots=True)
class Told:
    """What a claim tells of one person's fate."""

    person: Mention
    dies: bool  # a death, or (False) their survival ('Naomi never dies' too)
    unit: Unit
    killers: tuple[Mention, ...]


def build_records(
    fates: Sequence[tuple[Fate, Fact]],
    overridden: frozenset[str],
    names: NameIndex,
    lexicon: CompiledLexicon,
) -> dict[str, dict[str, Record]]:
    """Each show's fates by their person's name id; a fate whose fact the server hid or
    edited, or whose names the index does not know, is left out (its slots may no longer
    hold)."""
    records: dict[str, dict[str, Record]] = {}
    for fate, fact in fates:
        person = names.by_tag.get(fate.person)
        if fact.key in overridden or person is None:
            continue
        by = None if fate.by is None else [names.by_tag.get(t) for t in fate.by]
        at = [names.by_tag.get(t) for t in fate.at]
        if (by is not None and None in by) or None in at:
            continue
        how = read(" ".join(fate.how), names, lexicon).units if fate.how else ()
        records.setdefault(fact.universe, {})[person.id] = Record(
            fate,
            fact,
            frozenset(k for u in how for k in u.keys if not k.startswith("wn")),
            frozenset(n.id for n in by if n) if by is not None else None,
            tuple((n.id, n.kind) for n in at if n),
        )
    return records


def told_fates(claim: Reading, lexicon: CompiledLexicon) -> list[Told] | None:
    """The fates a claim tells; None when it tells one as a belief, a report or a book's
    ('everyone thinks Naomi died', 'reports that she died', 'like in the books'), or
    after the show ('years later')."""
    words = [w.text for w in claim.words]
    if set(words) & (BELIEFS | REPORTS | AFTERWARDS):
        return None
    told = []
    for unit in claim.units:
        concepts = lexicon.close(unit.concepts)
        if unit.hedged or not concepts & FATES or concepts >= FATES:
            continue  # 'almost dies', 'would have killed', 'a near-death'
        if set(words[: unit.index]) & UNDONE:
            continue  # 'stopped Amos from killing Clarissa'
        victims, killers = _victims(claim, unit, concepts)
        if unit.negated and killers:
            continue  # 'Ed didn't kill Karen' says who did not, not that she lived
        dies = "die" in concepts
        told += [Told(p, dies != unit.negated, unit, killers) for p in victims]
    return told


def tells_a_death(
    claim: Reading,
    facts: Sequence[Reading],
    lexicon: CompiledLexicon,
    recorded: frozenset[str] = frozenset(),
) -> bool:
    """When the claim tells a person's death, does one of the facts tell it, and not
    someone else's? 'Ellen dies' is not held by 'after his death makes her acting
    administrator', nor 'Prax dies' by 'how many people he has killed'. A death whose
    record rests on one of the facts (`recorded`: their name ids) is told by it ('Miller
    shoots him in the head' is the record of Dresden's death)."""
    dead = [t.person.ids for t in told_fates(claim, lexicon) or () if t.dies]
    return all(
        ids & recorded or any(_dies_in(ids, fact, lexicon) for fact in facts) for ids in dead
    )


def _reported(fact: Reading, unit: Unit) -> bool:
    """Is the death only told by someone ('Doris tells him that Mei is dead')? Not when it
    is the teller's own next deed, after ', and' ('says that he himself is, and kills
    Strickland')."""
    words = fact.words
    if not any(w.text in BELIEFS | REPORTS for w in words[: unit.index]):
        return False
    joined = words[unit.index - 1] if unit.index >= 2 else None
    return not (joined is not None and joined.text == "and" and joined.after_comma)


def _dies_in(person: frozenset[str], fact: Reading, lexicon: CompiledLexicon) -> bool:
    """Does the fact tell this person's death, or a death it cannot say whose?"""
    for unit in fact.units:
        concepts = lexicon.close(unit.concepts)
        if not concepts & DEATH or unit.negated or unit.hedged:
            continue
        if _reported(fact, unit):
            continue  # 'Doris tells him that Mei is dead', 'reporting that she died'
        victims, killers = _victims(fact, unit, concepts)
        if victims:
            if any(person & v.ids for v in victims):
                return True
            continue
        doers = {i for m in (*unit.actor, *killers) for i in m.ids}
        previous = fact.words[unit.index - 1].text if unit.index else ""
        if person & doers or unit.unnamed_actor:
            continue  # 'he has killed'
        after_name = any(m.end == unit.index and m.kind == "person" for m in fact.mentions)
        if (unit.verb and previous in BE_WORDS) or (not unit.verb and after_name):
            # the reader cannot tell whose: 'is killed in the explosion', 'find Danny
            # Stevens dead'; not 'his death', 'a burial for the dead', 'in death'
            return True
    return False


def _victims(
    claim: Reading, unit: Unit, concepts: frozenset[str]
) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """Whose fate the word tells, and who kills them: 'Amos executed Dresden' (Dresden, by
    Amos), 'Ellen was the one killed', 'Miller dies', 'Alex is still alive'."""
    previous = claim.words[unit.index - 1].text if unit.index else ""
    if unit.verb and KILLING in concepts:
        if unit.patient:
            killers = tuple(m for m in unit.actor if m.kind in KILLER_KINDS)
            return _people(unit.patient), killers
        if unit.actor and (previous in BE_WORDS or previous == "one"):
            return _people(unit.actor), ()
        return (), ()
    if unit.verb:
        return _people(unit.actor or unit.patient), ()
    if not (predicated(claim, unit) or previous == "s"):
        return (), ()  # only 'Alex is still alive', 'Naomi's death': not 'Amos offs Strickland'
    if KILLING in concepts and previous != "s":
        return (), _people(subject_before(claim, unit))  # 'Fred is the Butcher of Anderson'
    return _people(subject_before(claim, unit)), ()


def _keys_told_of_all(readings: Sequence[Reading], people: Sequence[frozenset[str]]) -> set[str]:
    """What the records' facts tell of everyone the claim names: 'Danny and Tracy die after
    fixing the reactor' is told by Tracy's record alone, not by Danny's; a fact naming them
    all tells it of all of them."""
    own = [{k for k in r.keys if not k.startswith("wn")} for r in readings]
    if len(own) < 2:
        return own[0] if own else set()
    everyone = frozenset().union(*people)
    told = set.intersection(*own)
    for reading, words in zip(readings, own, strict=True):
        if everyone <= reading.entity_ids:
            told |= words
    return told


def _people(mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    return tuple(m for m in mentions if m.kind == "person")


@dataclass(slots=True)
class _Weighing:
    """One claim against the records of one show: what conflicts, what is left unsaid."""

    claim: Reading
    records: Mapping[str, Record]
    reading: Callable[[Fact], Reading]
    names: NameIndex
    finales: Mapping[tuple[str, int], int]
    conflicts: list[tuple[Record, str]] = field(default_factory=list)
    unexplained: bool = False

    def weigh(self, told: Sequence[Told]) -> Judgement | None:
        used: set[int] = set()
        held: list[Record] = []
        survivals: list[Record] = []
        for person in told:
            used.update(range(person.person.start, person.person.end))
            used.add(person.unit.index)
            for killer in person.killers:
                used.update(range(killer.start, killer.end))
            record = self._record(person.person)
            if record is None:
                self.unexplained = True
                continue
            held.append(record)
            if record.fate.fate == "survives":
                if person.dies:
                    self._conflict(record, f"{record.fate.person} is alive at the end of the show")
            elif not person.dies:
                survivals.append(record)  # decided once the rest is known
            else:
                self._death(person, record)
        bare = self._residue(held, used)
        for record in survivals:
            if bare and not self.claim.episodes and not self.claim.years:
                fate = record.fate
                when = f" in season {fate.season}" if fate.season else ""
                self._conflict(record, f"{fate.person} dies{when}")
            else:
                self.unexplained = True  # 'survives season 1', 'didn't die on the Donnager'
        if self.conflicts:
            record, reason = self.conflicts[0]
            return Judgement(record.fact, "contradicts", reason, 1.0)
        if held and not self.unexplained:
            return Judgement(held[0].fact, "supports", "", 1.0)
        return None

    def _record(self, person: Mention) -> Record | None:
        universe = next(iter(self.records.values())).fact.universe
        return self.records.get(self.names.the_one(person, universe))

    def _conflict(self, record: Record, reason: str) -> None:
        self.conflicts.append((record, reason))

    def _death(self, told: Told, record: Record) -> None:
        """A death the record holds too: are its killer, season and year the claim's?"""
        fate = record.fate
        named = self.reading(record.fact).entity_ids
        if "suicide" in told.unit.concepts and not any(h.startswith("suicide") for h in fate.how):
            # 'Karen kills herself' against the JSC bombing; 'Sergei killed himself' against
            # a murder staged to look like one
            if fate.how:
                self._conflict(record, f"it was {' and '.join(fate.how)}, not suicide")
            else:
                self.unexplained = True
        if not record.by_ids and MANNERS & set(lemmas_of(told.unit.text).get("VERB", ())):
            self.unexplained = True  # 'Gordo was executed': a death no one is recorded doing
        for killer in told.killers:
            if killer.ids & (record.by_ids or frozenset()):
                continue
            if record.by_ids is None or killer.kind != "person" or killer.ids & named:
                self.unexplained = True  # 'the Belters killed him', 'Marco's people': maybe
            else:
                by = " and ".join(fate.by or ())
                said = killer.names[0].id
                self._conflict(
                    record, f"it was {by}, not {said}" if by else f"no one killed {fate.person}"
                )
        if len(self.claim.episodes) > 1:
            self.unexplained = True  # 'rescue Molly in s1 and then die in s2': whose season?
        for ref in self.claim.episodes[:1] if len(self.claim.episodes) == 1 else ():
            finale = self.finales.get((fate.show, fate.season))
            if not fate.season:
                self.unexplained = True
            elif ref.season != fate.season:
                self._conflict(record, f"{IN_SEASON} season {fate.season}")
            elif (ref.episode == -1 and finale != fate.episode) or (
                ref.episode > 0 and ref.episode != fate.episode
            ):
                self._conflict(record, f"{IN_SEASON} season {fate.season}, episode {fate.episode}")
        if self.claim.years:
            fact = record.fact
            known = {fate.year} if fate.year else set()
            if not known and fact.year_from is not None and fact.year_to is not None:
                known = set(range(fact.year_from, fact.year_to + 1))
            if not known:
                self.unexplained = True
            elif not self.claim.years & known:
                self._conflict(record, f"it was {min(known)}")

    def _ids_of(self, held: Sequence[Record]) -> list[frozenset[str]]:
        """The claim's names of each held record's person."""
        people = [m for m in self.claim.mentions if m.kind == "person"]
        return [frozenset(i for m in people if self._record(m) is r for i in m.ids) for r in held]

    def _residue(self, held: Sequence[Record], used: set[int]) -> bool:
        """Is everything else the claim says told by the records' facts? A place of the
        record's kind that is not its place conflicts, and so do details that tell how
        someone else died ('Kuznetsov died in the JSC bombing')."""
        readings = [self.reading(r.fact) for r in held]
        keys = _keys_told_of_all(readings, self._ids_of(held))
        named = {i for r in readings for i in r.entity_ids}
        at = {i for r in held for i, _ in r.at}
        one = held[0] if len(held) == 1 else None
        located = {
            m.start for u in self.claim.units if u.index in used for g, m in u.preps if g == "loc"
        }
        left: list[tuple[frozenset[str], frozenset[str], int]] = []  # keys, ids, clause
        for mention in self.claim.mentions:
            if mention.start in used or mention.ids & at:
                continue
            kinds = {kind for _, kind in one.at} if one else set()
            if (
                one
                and mention.start in located
                and mention.kind in kinds & PLACE_KINDS
                and not any(_located(r, mention.ids) for r in readings)
                and comparable_places([mention], self._places_of(one))
            ):
                # 'Miller dies on Earth': Earth is in the fact ('turn away from Earth'), not
                # as where anything happens; he dies on Eros. Not 'Houston' when the fact
                # says 'at the Johnson Space Center in Houston'
                where = " and ".join(one.fate.at)
                self._conflict(one, f"it was {where}, not {mention.names[0].id}")
            if mention.ids & named:
                continue
            left.append((frozenset(), mention.ids, self.claim.words[mention.start].clause))
        for unit in self.claim.units:
            found = frozenset(k for k in unit.keys if not k.startswith("wn"))
            if unit.index in used or unit.text in SURVIVAL_FRAME or found & keys:
                continue
            if unit.concepts & self.names.lexicon.light or (one and found & one.cause_keys):
                continue
            left.append((found, frozenset(), unit.clause))
        told_numbers = {n.value for r in readings for n in r.numbers}
        bare = not left and all(n.value in told_numbers for n in self.claim.numbers)
        if one and len(left) >= 2 and len({clause for *_, clause in left}) == 1:
            self._someone_elses(one, left)
        if not bare:
            self.unexplained = True
        return bare

    def _places_of(self, record: Record) -> list[Mention]:
        """Where the record's person dies, as names ('Johnson Space Center')."""
        found = [self.names.by_tag.get(t) for t in record.fate.at]
        return [Mention((n,), -1, -1) for n in found if n is not None]

    def _someone_elses(
        self, record: Record, left: Sequence[tuple[frozenset[str], frozenset[str], int]]
    ) -> None:
        """Is what the record's fact leaves unsaid all told by another death's fact? Then
        the claim gave this person someone else's death ('Tracy died crashing the lunar
        landing trainer')."""
        named = self.claim.entity_ids
        for other_id, other in self.records.items():
            if other.fact.key == record.fact.key or other.fate.fate != "dies" or other_id in named:
                continue
            reading = self.reading(other.fact)
            if all(keys & reading.keys or ids & reading.entity_ids for keys, ids, _ in left):
                self._conflict(record, f"that is how {other.fate.person} died")
                return


def judge_fates(
    claim: Reading,
    records: Mapping[str, Record],
    reading: Callable[[Fact], Reading],
    names: NameIndex,
    finales: Mapping[tuple[str, int], int],
) -> Judgement | None:
    """How one show's recorded fates bear on the claim: a contradiction, a support, or
    nothing."""
    told = told_fates(claim, names.lexicon)
    if not told or not records:
        return None
    return _Weighing(claim, records, reading, names, finales).weigh(told)


def _located(reading: Reading, ids: frozenset[str]) -> bool:
    """Does the fact name the place as where something happens ('in Houston')?"""
    return any(
        m.start >= 0 and m.ids & ids and prep_before(reading.words, m.start) == "loc"
        for m in reading.mentions
    )
