"""Who a role or a people is said of: 'Ed Baldwin is a cosmonaut' needs a fact calling Ed
a cosmonaut, not one where Ed binds 'the captured cosmonaut Mikhail'.

A claim gives its subject a role with 'is', 'was' or 'became' ('Holden is a Belter', 'Ellen
became president'). A fact says a role of someone as a title before the name ('President
Reagan', 'the captured cosmonaut Mikhail') or after it, with nothing but a comma, an article,
'is' or a describing word between ('Private Travis, a Martian Marine', 'Ed Baldwin becomes
commander'); a role anywhere else in the fact ('refusing to fire on a Belter ship') is said
of no one the claim names. A role may have an owner ('Kelly is Ed's daughter', 'the son of
Gordo'): the fact must give the same one ('Ed's', 'his', of the one doing the deed). And
having one is not being one: 'Danny had kids' is not 'Danny Stevens is the son of Gordo'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.canon.lexicon import FATES
from bot.canon.names import Mention
from bot.canon.slots import (
    ADVERBS,
    PREPOSITIONS,
    SKIPPABLE,
    Reading,
    is_adjective,
    is_possessor,
    prep_before,
    word_before,
)
from bot.canon.text import is_participle, lemmas_of

COPULAS = frozenset(
    """is are was were be been being am become becomes became becoming remain remains
    remained""".split()
)  # not 'got': 'Holden got every ship to go dark' gives no one a role
HAVING = frozenset("has have had having".split())  # 'Danny had kids'
HOLDERS = frozenset({"person", "craft"})  # whom a claim gives a role or a people
PEOPLES = frozenset({"nation", "group"})  # what a claim may say someone is ('Russian')
# what is said may speak of others: 'Dev says her mother Karen ...' is Kelly's mother
SAYING = frozenset(
    "says said tells told asks asked claims admits reveals learns thinks believes".split()
)
DESCRIBING = 4  # words that may describe a role between it and its name
LINKS = COPULAS | SKIPPABLE | ADVERBS | {"who", "now", "former", "later", "as", "not", "never"}


@dataclass(frozen=True, slots=True)
class Role:
    """Whom a claim's role word is said of, and whose it is ('Kelly is Ed's daughter':
    Kelly's, owned by Ed; no owner for 'Ed is a cosmonaut')."""

    subject: frozenset[str]
    owner: frozenset[str] = frozenset()  # a person: 'Ed's daughter'
    of: frozenset[str] = frozenset()  # a thing: 'commander of Apollo 10'


def claimed_roles(claim: Reading) -> dict[int, Role]:
    """The claim's words that say what its subject is, by word index: 'cosmonaut' in 'Ed
    Baldwin is a cosmonaut', 'russian' in 'Molly Cobb is Russian', 'wife' (owned by Gordo)
    in 'Tracy is Gordo's wife'."""
    roles: dict[int, Role] = {}
    if not any(w.text in COPULAS for w in claim.words):
        return roles  # most claims tell an event, not what someone is
    holders, others = _split(claim)
    nouns = [  # a role is a noun: 'is alive', 'the only survivor' are fates, told elsewhere
        u for u in claim.units if not u.verb and not is_adjective(u.text) and not u.concepts & FATES
    ]
    # 'Ed's flight instructor': 'instructor' is owned from before 'flight'
    heads = [(u.index, _compound_start(claim, u.index), u.index + 1) for u in nouns]
    heads += [(m.start, m.start, m.end) for m in others if m.demonym or m.kind in PEOPLES]
    for key, start, end in heads:
        owner = _owner(claim, holders, start) or _owner_after(claim, holders, end)
        others_than_owner = [m for m in holders if not (owner and m.ids <= owner.ids)]
        before_owner = owner.start if owner and owner.start < start else start
        owner_ids = owner.ids if owner else frozenset()
        for m in sorted(holders, key=lambda m: -m.start):  # 'Prax Meng's': both names his
            if owner and m.ids <= owner.ids and m.end == before_owner:
                before_owner = m.start
            elif owner and m.end + 1 == before_owner and claim.words[m.end].text == "and":
                before_owner, owner_ids = m.start, owner_ids | m.ids  # 'Filip and Marco's kid'
        subject = _last_before(
            [m for m in others_than_owner if not m.ids <= owner_ids], before_owner
        )  # not 'Prax' of 'Prax Meng's'
        if subject is None or is_possessor(claim.words, subject):
            continue  # 'Laconia is planet 2 of Ring 673': a place's rank, not a role
        if any(u.verb and u.index < subject.start for u in claim.units):
            continue  # 'the torpedo that missed the Pella was a dud': the torpedo was
        between = range(subject.end, before_owner)
        if _predicated(claim, between, others):
            if owner is None:
                roles[key] = Role(subject.ids)
            elif owner.kind == "person":
                roles[key] = Role(subject.ids, owner_ids)
            else:
                roles[key] = Role(subject.ids, of=owner_ids)
    return roles


def claimed_possessions(claim: Reading) -> dict[int, frozenset[str]]:
    """The claim's nouns its subject is said to have ('Danny had kids', 'Ed has a son'),
    by word index, with the subject's ids: having one is not being one."""
    found: dict[int, frozenset[str]] = {}
    words = claim.words
    holders, _ = _split(claim)
    for unit in claim.units:
        if unit.verb:
            continue
        k = unit.index - 1
        while k >= 0 and (
            words[k].text in SKIPPABLE or is_adjective(words[k].text) or words[k].text.isdigit()
        ):
            k -= 1
        if k < 0 or words[k].text not in HAVING:
            continue
        subject = _last_before(holders, k)
        if subject is not None and not is_possessor(words, subject):
            found[unit.index] = subject.ids
    return found


def _owner(reading: Reading, holders: Sequence[Mention], start: int) -> Mention | None:
    """The name owning a role word, written just before it ('Gordo's wife', 'Ed and
    Karen's adopted daughter')."""
    words = reading.words
    k = start - 1
    while k >= 0 and (words[k].text in SKIPPABLE or is_adjective(words[k].text)):
        k -= 1
    if k < 0 or words[k].text != "s":
        return None
    return next((m for m in holders if m.end == k and is_possessor(words, m)), None)


def _owned_by_subject(
    reading: Reading, holders: Sequence[Mention], start: int, owner: frozenset[str]
) -> bool:
    """'Cara sneaks out with her dead brother Xan's body', 'Ed invites his daughter Kelly':
    'her', 'his' is the name nearest before it, the one doing the deed."""
    words = reading.words
    k = start - 1
    while k >= 0 and (words[k].text in ("the", "a", "an") or is_adjective(words[k].text)):
        k -= 1
    if k < 0 or words[k].text not in ("his", "her", "their"):
        return False
    doer = _last_before(holders, k)
    return (
        doer is not None
        and not is_possessor(words, doer)
        and words[doer.start].clause == words[k].clause
        and not any(words[j].text in SAYING for j in range(doer.end, k))
        and bool(doer.ids & owner)
    )


def _owner_after(reading: Reading, holders: Sequence[Mention], end: int) -> Mention | None:
    """The name owning a role word, written after it with 'of' ('the son of Gordo')."""
    words = reading.words
    k = end
    if k >= len(words) or words[k].text != "of":
        return None
    first = k + 1
    return next(  # 'the pilot of the OPA ship Scopuli': through the title before the name
        (
            m
            for m in holders
            if first <= m.start <= first + 3
            and all(_titled(reading, j, []) for j in range(first + 1, m.start + 1))
        ),
        None,
    )


def _predicated(claim: Reading, between: range, others: Sequence[Mention]) -> bool:
    """'is a (Martian) marine', 'was never the commander': a copula, then only articles,
    adverbs, denials, peoples and describing words; not 'was found', a passive."""
    words = claim.words
    if not between or not any(words[k].text in COPULAS for k in between):
        return False
    last = words[between[-1]].text
    head = between[-1] + 1
    if last in COPULAS and is_participle(words[head].text) and not is_adjective(words[head].text):
        return False  # 'Danny was found dead': an event, told by its verb; not 'was captain'
    return all(
        words[k].text in LINKS or _in_place(k, others) or is_adjective(words[k].text)
        for k in between
    )


def said_of(fact: Reading, role: Role, start: int, end: int) -> bool:
    """Is the fact's role word (at start..end) said of the role's subject, and owned by its
    owner when the claim names one?"""
    holders, others = _split(fact)
    words = fact.words
    start = _compound_start(fact, start)  # 'a Soviet ground control engineer'
    owner = _owner(fact, holders, start)
    later = _owner_after(fact, holders, end)
    owners = [m for m in (owner, later) if m is not None]
    for m in sorted(holders, key=lambda m: m.start):  # 'the son of Gordo and Tracy Stevens'
        if later and owners[-1].end + 1 == m.start and words[owners[-1].end].text == "and":
            owners.append(m)
    lead = owner.start if owner else start  # where the role's words open
    for m in sorted(holders, key=lambda m: -m.start):  # 'Ed and Karen Baldwin's daughter'
        if owner and m.end + 1 == lead and words[m.end].text == "and":
            owners.append(m)
            lead = m.start
    if (
        role.owner
        and not any(m.ids & role.owner for m in owners)
        and not _owned_by_subject(fact, holders, start, role.owner)
    ):
        return False  # 'a Vietnamese daughter': no owner the claim's
    if role.of and not any(  # 'Sojourner 1's crew under commander Danielle Poole'
        m.ids & role.of and words[m.start].clause == words[start].clause for m in fact.mentions
    ):
        return False
    ids = role.subject
    after = min((m for m in holders if m.start >= end), key=lambda m: m.start, default=None)
    if (
        after is not None
        and all(_titled(fact, k, others) for k in range(end, after.start + 1))
        and not prep_before(words, lead)  # not 'on Mars Danny'
    ):
        return bool(after.ids & ids)  # 'President Reagan', 'the captured cosmonaut Mikhail'
    head = _apposition_head(fact, holders, others, lead)
    if head is not None and head.ids & ids:
        return True  # 'Kenzo, the stowaway ... fleeing the OPA, is really a UN spy'
    before = _last_before(holders, lead)
    if (
        before is not None
        and not is_possessor(fact.words, before)
        and _linking(fact, range(before.end, lead), others)
    ):
        return bool(before.ids & ids)  # 'Travis, a Martian Marine', 'Tracy, Gordo's wife'
    # 'As chief of the astronaut office, Ed Baldwin plays golf': the name after the comma
    if word_before(words, start) != "as" or any(m.start < start for m in holders):
        return False
    main = next((m for m in holders if m.start >= end and words[m.start].after_comma), None)
    return main is not None and bool(main.ids & ids)


def _apposition_head(
    fact: Reading, holders: Sequence[Mention], others: Sequence[Mention], start: int
) -> Mention | None:
    """The name an apposition stands after, when only linking words join the apposition's
    closing comma to the role at `start`: 'Kenzo, the stowaway who claims ..., is really a
    UN spy' says it of Kenzo."""
    words = fact.words
    commas = [k for k in range(1, start) if words[k].after_comma]  # the word after each
    if len(commas) < 2 or not _linking(fact, range(commas[-1], start), others):
        return None
    opening = commas[-2]
    head = next((m for m in holders if m.end == opening), None)
    if head is None or words[head.start].clause != words[start].clause:
        return None
    return head


def apposed(fact: Reading, index: int) -> Mention | None:
    """The name a noun is set beside, in the comma phrase that opens right after it, with
    only an owner and linking words between ('Sam Cleveland, Karen Baldwin's husband and
    Polaris partner, dies': the husband is Sam)."""
    words = fact.words
    opening = next((k for k in range(index, 0, -1) if words[k].after_comma), None)
    if opening is None or words[opening].clause != words[index].clause:
        return None
    holders, _ = _split(fact)
    head = next((m for m in holders if m.end == opening), None)
    if head is None:
        return None
    owners = {k for m in holders if opening <= m.start < index for k in range(m.start, m.end)}
    between = [k for k in range(opening, index) if k not in owners]
    if any(words[k].text not in LINKS and words[k].text != "s" for k in between):
        return None
    return head


def _compound_start(reading: Reading, index: int) -> int:
    """Where the compound noun ending at `index` starts ('flight instructor', 'ground
    control engineer'): its role word's owner and subject are named before all of it."""
    nouns = {u.index for u in reading.units if not u.verb and "NOUN" in lemmas_of(u.text)}
    start = index
    while start in nouns and start - 1 in nouns:
        start -= 1
    return start


def _split(reading: Reading) -> tuple[list[Mention], list[Mention]]:
    """The written names that may hold a role (people, ships) and the others (peoples,
    nations, places, organisations), which may be one."""
    written = [m for m in reading.mentions if m.start >= 0]
    holders = [m for m in written if not m.demonym and {n.kind for n in m.names} & HOLDERS]
    return holders, [m for m in written if m not in holders]


def _last_before(mentions: Sequence[Mention], index: int) -> Mention | None:
    earlier = [m for m in mentions if m.end <= index]
    return max(earlier, key=lambda m: m.start) if earlier else None


AS_REACH = 4  # words from a verb to its 'as': 'ran for president as'


def _linking(reading: Reading, between: range, places: Sequence[Mention]) -> bool:
    """Only linking words between a name and its role: commas, articles, 'is', describing
    words and peoples ('Travis, a Martian Marine'), no event and no other phrase."""
    verbs = {u.index for u in reading.units if u.verb}
    described = 0  # 'a Gunnery Sergeant in the ...', not 'of implicit bias against Black ...'
    skip_to = -1
    for k in between:
        word = reading.words[k]
        if k <= skip_to or word.text in LINKS or _in_place(k, places):
            continue
        if k in verbs and (found := _as_after(reading, k, between, verbs)) is not None:
            skip_to = found  # 'was recruited as pilot', 'ran for president as a Democrat'
            continue
        if word.text in ("of", "in") and described and _noun(reading, k - 1, verbs):
            continue  # 'a Gunnery Sergeant in the Martian Marine Corps'
        if word.stop or k in verbs or word.text in PREPOSITIONS or not word.text.isalpha():
            return False
        described += 1
    return described <= DESCRIBING


def _as_after(reading: Reading, k: int, between: range, verbs: set[int]) -> int | None:
    """Where 'as' follows the verb at k, at once or after a short phrase with no event of
    its own ('serves as', 'ran for president as'), inside `between`."""
    words = reading.words
    for j in range(k + 1, min(k + 1 + AS_REACH, between.stop)):
        if words[j].text == "as":
            return j
        if j in verbs or words[j].after_comma:
            return None
    return None


def _noun(reading: Reading, k: int, verbs: set[int]) -> bool:
    word = reading.words[k]
    return not word.stop and k not in verbs and word.text.isalpha()


def _titled(reading: Reading, k: int, places: Sequence[Mention]) -> bool:
    """A word of a title before a name, up to the name's first word ('the captured
    cosmonaut Mikhail'): no comma, no new clause, no event between."""
    word = reading.words[k]
    if word.after_comma or word.clause != reading.words[k - 1].clause:
        return False  # 'After the shooting of the cosmonauts, Tracy Stevens asks ...'
    if word.text in SKIPPABLE or _in_place(k, places):
        return True
    verb = any(u.index == k and u.verb for u in reading.units)
    return not (word.stop or verb) and word.text.isalpha()


def _in_place(k: int, places: Sequence[Mention]) -> bool:
    return any(m.start <= k < m.end for m in places)
