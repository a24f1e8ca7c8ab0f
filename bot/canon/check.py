"""check_claim: a fan's claim in, a verdict per universe out, with evidence and parallels.

The server's index (the shipped base plus its overlay) is built off the event loop when
first needed and rebuilt only when the server's facts change; judging a claim is plain
CPU work and runs in a thread too, so other commands keep being answered meanwhile.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.canon.denials import affirmed
from bot.canon.fates import judge_fates, tells_a_death
from bot.canon.judging import (
    DATED,
    HEDGED,
    OTHER_ORDER,
    POLARITY,
    REVERSED,
    SWAPPED,
    TYPED,
    UNNAMED,
    Comparison,
    Judgement,
    compare,
    mention_label,
)
from bot.canon.lexicon import CompiledLexicon, compile_lexicon
from bot.canon.names import Mention
from bot.canon.periods import judge_period, read_told
from bot.canon.results import UNIVERSES, CanonResult, Evidence, UniverseVerdict, Verdict
from bot.canon.retrieval import BaseIndex, ServerIndex, build_base, build_server
from bot.canon.roles import claimed_roles
from bot.canon.slots import Reading, Unit, joined_to_passive, read
from bot.canon.text import (
    BE_WORDS,
    LAST_SEASON,
    STOPWORDS,
    EpisodeRef,
    first_for_beaten,
    open_possessives,
    raw_tokens,
    respell,
)
from bot.canon.verdicts import evidence as evidence_of
from bot.canon.verdicts import judge_fact, verdict_for
from bot.errors import UserFacingError
from bot.fates_data import Fate
from bot.lexicon_data import Lexicon
from bot.periods_data import Period
from bot.store import Store
from bot.store.records import UNIVERSE_LABELS, Fact

CLAIM_MIN, CLAIM_MAX = 3, 300
SHORT_CLAIM = 6  # words: a claim this short is checked for saying anything before the ack
CANDIDATES = 6  # facts read into slots per claim: retrieval's best
PARTNERED = 3  # of those, how many may be completed by a second fact of their episode
SHOW_NAMES = {
    "fam": re.compile(r"\b(?:in|on|from)?\s*(?:for all mankind|fam|star city)\b[:,]?", re.I),
    "expanse": re.compile(r"\b(?:in|on|from)?\s*(?:the expanse|expanse)\b[:,]?", re.I),
}
# 'in this timeline', 'in the show': where every claim is set, so no part of it (not 'in
# the series finale', an episode)
IN_THE_SHOW = re.compile(
    r"\b(?:in|on)\s+(?:this|the|that|its|their|the show's)\s+(?:alt(?:ernate)?\s+)?"
    r"(?:timeline|universe|show|series|reality|history)\b(?!'?s?\s+finale)",
    re.I,
)
SHARED_UNIVERSE_WORDS = frozenset(
    """prequel sequel crossover universe shared share shares connected same timeline future
    spinoff continuity related linked storyline""".split()
)
SHARED_UNIVERSE_TAG = "shared universe"
CROSSING_KINDS = frozenset(
    {"person"}
)  # who cannot wander into the other show (a ship is a setting)
STRANGER_KINDS = frozenset({"person", "craft"})  # only their show has them (a moon is real)
JOINERS = frozenset("and when while after before as because then so but".split())
AS_SUBJECTS = frozenset("he she they it the his her their its".split())  # 'as the ship ...'
# '... and years later', '... and then': the claim's events need not share an episode ...
SEQUENCE_WORDS = frozenset("later then afterwards eventually decades years seasons".split())
# ... unless it ties them to one moment or cause ('X dies when Y blows up')
PURPOSE_SPAN = 7  # words after 'so' where what its purpose heads off begins
TIED_JOINERS = frozenset("when while after before as because so".split())
NAME_JOINERS = frozenset({"and", "n", "&", "or", "but"})  # words that only list names
DOERS = frozenset({"person", "group", "org", "nation", "craft"})  # who may act in a part
QUESTION = re.compile(r"^\s*(?:is it (?:true|canon) that|did|does|do|is|was|were|are)\s+", re.I)


# Discord's markup is no part of a claim: mentions (with their "'s"), channels, custom
# emoji, @everyone/@here; nor are links, which the public reply would repost
DISCORD_MARKUP = re.compile(
    r"(?:<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b)(?:['’]s\b)?"
    r"|\b(?:https?://|www\.|discord\.gg/|discord(?:app)?\.com/invite/)\S*",
    re.I,
)


def validate_claim(claim: str) -> str:
    """The claim, tidied; a friendly error (before anything is shown publicly) when it is
    empty, says nothing checkable, or is too long."""
    # invisible format characters (a right-to-left override, a soft hyphen) are dropped:
    # they would reverse the quoted claim or split a name
    shown = "".join(c for c in claim if unicodedata.category(c) != "Cf")
    text = " ".join(DISCORD_MARKUP.sub(" ", shown).split())
    if len(text) < CLAIM_MIN or not raw_tokens(text):
        raise UserFacingError(
            "Tell me the claim to check, in a few words — for example "
            "`/canon claim: The Soviets landed on the Moon first`."
        )
    if len(text) > CLAIM_MAX:
        raise UserFacingError(
            f"That claim is {len(text)} characters long; keep it under {CLAIM_MAX} so it can "
            "be checked against one fact (split a long claim into several)."
        )
    words = [t for t in raw_tokens(named_universes(text)[0]) if t.isalnum()]
    # a lone letter ('n', what '\\n' leaves) is no word to check; a digit is ('Apollo 1')
    if not [t for t in words if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]:
        raise UserFacingError(
            "I couldn't find anything to check in that claim. Name who, what or when — for "
            "example `/canon claim: Ed Baldwin commands Jamestown`."
        )
    return text


def named_universes(text: str) -> tuple[str, set[str]]:
    """The shows a claim names ('in For All Mankind', 'FAM'), and the claim without them."""
    found = set()
    for universe, pattern in SHOW_NAMES.items():
        if pattern.search(text):
            found.add(universe)
            text = pattern.sub(" ", text)
    return IN_THE_SHOW.sub(" ", text), found


# -- judging (pure: runs in a worker thread) ----------------------------------------------


def about_other(scope: Sequence[str], universe: str) -> str:
    """The note of a show the claim is not about."""
    other = " and ".join(UNIVERSE_LABELS[u] for u in scope)
    return f"The claim is about {other}; {UNIVERSE_LABELS[universe]} has no record of it."


def judge_claim(index: ServerIndex, text: str) -> dict[str, UniverseVerdict]:
    verdicts = judge_denial(index, text, judge_facts(index, text))
    told = read_told(text)
    if told is None:
        return verdicts
    periods = {u: judge_period(told, index.settings, u) for u in UNIVERSES}
    timed_in = [u for u, timed in periods.items() if timed is not None]
    for universe, timed in periods.items():
        if len(timed_in) == 1 and universe not in timed_in:
            # 'Star City is set in the 1980s': a season or show of the other show's
            verdicts[universe] = UniverseVerdict(
                universe, "no_record", (), about_other(timed_in, universe)
            )
            continue
        held = verdicts[universe]
        if timed is None or any(e.relation == "misconception" for e in held.evidence):
            continue
        if timed.relation != "related":
            # 'season 2 is set in 1985': the season's recorded years decide
            decided: Verdict = "canon" if timed.relation == "supports" else "not_canon"
            verdicts[universe] = UniverseVerdict(universe, decided, evidence_of([timed]))
        elif held.verdict == "not_canon" and all(e.reason.startswith(DATED) for e in held.evidence):
            # 'season 2 kicks off in 1983 w/ Reagan as president': 1983 is the season's
            # year, not the one Reagan was elected in
            others = [Judgement(e.fact, "related", "", e.score) for e in held.evidence]
            verdicts[universe] = UniverseVerdict(
                universe,
                "no_record",
                evidence_of([timed, *others], "related"),
                f"{told.label} is when that season is set; I have no record of the rest.",
            )
    return verdicts


def judge_denial(
    index: ServerIndex, text: str, verdicts: dict[str, UniverseVerdict]
) -> dict[str, UniverseVerdict]:
    """'miller never found julie': where nothing decided the denial, the show's record of
    the event it denies does (not canon when the show has it happen)."""
    undecided = [u for u, v in verdicts.items() if v.verdict == "no_record" and not v.note]
    event = affirmed(text) if undecided else None
    if event is None:
        return verdicts
    held = judge_facts(index, event)
    decided = dict(verdicts)
    for universe in undecided:
        shown = [e for e in held[universe].evidence if e.relation == "supports"]
        if held[universe].verdict == "canon" and shown:
            evidence = tuple(Evidence(e.fact, "contradicts", POLARITY, e.score) for e in shown)
            decided[universe] = UniverseVerdict(universe, "not_canon", evidence)
    return decided


def read_claim(index: ServerIndex, text: str) -> tuple[Reading, set[str]]:
    """The claim read for judging (show names, 'is it true that' and typos set aside), and
    the shows it names."""
    stripped, named = named_universes(text)
    question = QUESTION.sub("", stripped).rstrip(" ?") or stripped
    return read(" ".join(respell_claim(index, question)), index.names, index.lexicon), named


def refuse_empty_claim(store: Store, guild_id: int, text: str) -> None:
    """A short claim that says nothing to check ('Miller', 'Ed Ed') is refused privately
    before anything is posted, when the server's index is at hand (no database, no building,
    a few words read: this runs on the event loop before the interaction is acknowledged);
    otherwise the verdicts say so."""
    if len(text.split()) > SHORT_CLAIM:
        return  # a longer claim is read off the event loop, with the rest of the judging
    held = store.derived("canon", _StoreIndexes).servers.get(guild_id)
    if held is None or read_told(text) is not None:
        return  # unknown yet, or when a season is set ('the expanse is set in the 25th c.')
    claim, named = read_claim(held[1], text)
    if not says_something(claim) and not (len(named) == 2 and _shared_words(claim)):
        raise UserFacingError(NOTHING_SAID)


def _shared_words(claim: Reading) -> bool:
    return bool({w.text for w in claim.words} & SHARED_UNIVERSE_WORDS)


def judge_facts(index: ServerIndex, text: str) -> dict[str, UniverseVerdict]:
    """Each universe's verdict from its facts (and its deaths' records)."""
    claim, named = read_claim(index, text)
    if len(named) == 2 and _shared_words(claim):
        return shared_universe(index, claim)
    if not says_something(claim):
        return {u: UniverseVerdict(u, "no_record", (), NOTHING_SAID) for u in UNIVERSES}
    own = universes_of(index, claim)
    if len(named) == 1 and len(own) == 1 and named != own:
        return wrong_show(index, claim, named.pop(), own.pop())
    scope = named or own
    verdicts = {}
    for universe in UNIVERSES:
        if scope and universe not in scope:
            verdicts[universe] = UniverseVerdict(
                universe,
                "no_record",
                (),
                about_other(sorted(scope), universe),
            )
            continue
        strangers = strangers_in(index, claim, universe) if named else []
        if strangers:  # 'in For All Mankind, Amos fixes the Jamestown reactor'
            verdicts[universe] = not_in_show(universe, strangers)
            continue
        verdicts[universe] = judge_universe(index, claim, universe)
    if not named:
        verdicts.update(crossed_shows(index, claim))
        verdicts.update(mixed_shows(index, claim, verdicts))
    return verdicts


NOTHING_SAID = (
    "That doesn't say what happened, so there is nothing to check. Say who did what — for "
    "example “Ed Baldwin lands on Mars”."
)


def says_something(claim: Reading) -> bool:
    """Is the claim a statement, not a word or a heap of them ('speech', 'hatch wrench')?
    It names someone, something or a when (a year, a season) and says a word about it, or
    names two; with no name, it tells an event in at least three words, or a known event
    of someone the data may not name ('clay killed himself')."""
    # 'Miller Miller' names one person twice: still one name
    names = len({m.ids for m in claim.mentions}) + len(claim.episodes) + len(claim.years)
    said = len(claim.units) + len(claim.numbers)
    if names:
        return said >= 1 or names >= 2
    return (said >= 3 and any(u.verb for u in claim.units)) or any(
        u.verb and u.concepts and u.index > 0 and not claim.words[u.index - 1].stop
        for u in claim.units
    )


def strangers_in(index: ServerIndex, claim: Reading, universe: str) -> list[Mention]:
    """The claim's people and ships that only the other show has, written with no word of
    a name this show has ('sojourner' is The Expanse's Sojourner, but also a word of For
    All Mankind's Sojourner 1)."""
    names = index.names
    words = [w.text for w in claim.words]
    return [
        m
        for m in claim.mentions
        if m.kind in STRANGER_KINDS
        and m.start >= 0
        and not m.demonym
        and universe not in names.universes_of(m)
        and not any(
            universe in name.universes
            for word in words[m.start : m.end]
            for _handle, name in names.named_in.get(word, [])
        )
    ]


def mixed_shows(
    index: ServerIndex, claim: Reading, verdicts: dict[str, UniverseVerdict]
) -> dict[str, UniverseVerdict]:
    """'Ed Baldwin executes Dresden after the Thoth Station raid': names that only one
    show has, from both. The show most of them come from is the event's, and there the
    other show's person or ship is a stranger, so it is not canon."""
    own = {
        u: [m for m in claim.mentions if index.names.universes_of(m) == {u} and m.kind != "body"]
        for u in UNIVERSES
    }
    event, other = sorted(UNIVERSES, key=lambda u: -len(own[u]))
    strangers = strangers_in(index, claim, event)
    if not own[other] or len(own[event]) <= len(own[other]) or not strangers:
        return {}
    if verdicts[event].verdict != "no_record":
        return {}
    return {event: not_in_show(event, strangers)}


def not_in_show(universe: str, strangers: Sequence[Mention]) -> UniverseVerdict:
    note = f"{mention_label(strangers)} is not in {UNIVERSE_LABELS[universe]}."
    return UniverseVerdict(universe, "not_canon", (), note)


def wrong_show(
    index: ServerIndex, claim: Reading, named: str, own: str
) -> dict[str, UniverseVerdict]:
    """'In For All Mankind, Eros crashes into Venus': a claim pinned on one show whose names
    are all the other's. Where it holds in its own show, it is not canon in the one it names
    (with the other's evidence); otherwise neither show can say."""
    verdict = judge_universe(index, claim, own)
    strangers = strangers_in(index, claim, named)
    if verdict.verdict != "canon" and strangers:
        # 'In For All Mankind, Avasarala becomes president': she is not in that show
        found = {named: not_in_show(named, strangers), own: verdict}
        return {u: found[u] for u in UNIVERSES}
    if verdict.verdict != "canon":
        note = f"The claim names {UNIVERSE_LABELS[own]}'s people and places, not {UNIVERSE_LABELS[named]}'s."
        found = {
            named: UniverseVerdict(named, "no_record", (), note),
            own: UniverseVerdict(own, "no_record", verdict.evidence, verdict.note),
        }
        return {u: found[u] for u in UNIVERSES}
    reason = f"that is {UNIVERSE_LABELS[own]}, not {UNIVERSE_LABELS[named]}"
    moved = tuple(replace(e, relation="contradicts", reason=reason) for e in verdict.evidence)
    found = {
        named: UniverseVerdict(named, "not_canon", moved[:1], reason.capitalize() + "."),
        own: verdict,
    }
    return {u: found[u] for u in UNIVERSES}


def respell_claim(index: ServerIndex, text: str) -> list[str]:
    """The claim's words with fans' typos of the facts' words corrected (names are
    forgiven by the name index itself)."""
    names = index.names
    return respell(
        open_possessives(first_for_beaten(raw_tokens(text)), names.name_words.__contains__),
        keep=names.name_words.__contains__,
        used=lambda key: index.base.df(key) + index.overlay.df(key),
        known=lambda word: word in names.place_words or index.lexicon.knows(word),
    )


def crossed_shows(index: ServerIndex, claim: Reading) -> dict[str, UniverseVerdict]:
    """'Ed Baldwin captains the Rocinante': a claim that puts a character or ship of one
    show into the other's event. Without the stranger the claim holds in exactly one show:
    there it is not canon; elsewhere no record (when it holds in both, nothing is said)."""
    own_show = {
        u: [m for m in claim.mentions if u in index.names.universes_of(m)] for u in UNIVERSES
    }
    held = {}
    for universe in UNIVERSES:
        strangers = [m for m in claim.mentions if m not in own_show[universe]]
        unique = [m for m in own_show[universe] if len(index.names.universes_of(m)) == 1]
        if not strangers or not unique or any(m.start < 0 for m in strangers):
            continue  # the event must be named by this show's own names ('the Rocinante')
        if any(m.kind not in CROSSING_KINDS for m in strangers):
            continue
        dropped = {i for m in strangers for i in range(m.start, m.end)}
        text = " ".join(w.text for w in claim.words if w.index not in dropped)
        rest = read(text, index.names, index.lexicon)
        if not rest.mentions or any(m.ids & claim.entity_ids != m.ids for m in rest.mentions):
            continue
        verdict = judge_universe(index, rest, universe)
        if verdict.verdict == "canon":
            held[universe] = (verdict, strangers)
    if len(held) != 1:
        return {}
    universe, (verdict, strangers) = next(iter(held.items()))
    label = UNIVERSE_LABELS[universe]
    reason = f"{mention_label(strangers)} is not in {label}"
    evidence = tuple(replace(e, relation="contradicts", reason=reason) for e in verdict.evidence)
    return {universe: UniverseVerdict(universe, "not_canon", evidence[:1], reason + ".")}


def query_keys(claim: Reading) -> list[str]:
    keys = [k for u in claim.units for k in u.keys]
    keys += ["#" + n.id for m in claim.mentions for n in m.names]
    keys += [  # a real place no fact tags ('Mexico') is found by its words
        stem
        for m in claim.mentions
        if m.start >= 0 and any(n.unrecorded for n in m.names)
        for word in claim.words[m.start : m.end]
        for stem in word.stems
    ]
    keys += [f"y:{y}" for y in claim.years]
    return keys


def candidates_for(index: ServerIndex, claim: Reading, universe: str) -> list[Fact]:
    """Retrieval's best facts for a claim (or a part of one), less those that cannot name
    any of its names: a fact that names none of them cannot decide it."""
    keys = query_keys(claim)
    converse = index.lexicon.converse
    # 'Avasarala lost to Gao' is told 'Gao defeats Avasarala': a fact of the other side
    keys += [converse[c] for u in claim.units for c in u.concepts if c in converse]
    candidates = index.search(keys, universe, CANDIDATES)
    if claim.mentions:
        candidates = [f for f in candidates if index.may_name(f, claim.entity_ids)]
    return candidates


def in_last_season(index: ServerIndex, claim: Reading, universe: str) -> Reading:
    """The claim with its 'final season' or 'series finale' made the show's last season
    the data has (dropped when it has none)."""
    if not any(ref.season == LAST_SEASON for ref in claim.episodes):
        return claim
    seasons = [season for show, season in index.finales if show == universe]
    refs = tuple(
        EpisodeRef(max(seasons), ref.episode) if ref.season == LAST_SEASON else ref
        for ref in claim.episodes
        if seasons or ref.season != LAST_SEASON
    )
    return replace(claim, episodes=refs)


def judge_universe(index: ServerIndex, claim: Reading, universe: str) -> UniverseVerdict:
    claim = in_last_season(index, claim, universe)
    candidates = candidates_for(index, claim, universe)
    judgements = [judge_fact(claim, fact, index) for fact in candidates]
    if any(
        universe not in index.names.universes_of(m) and not _real_place(m) for m in claim.mentions
    ):
        # a name this show does not have: it can neither confirm nor deny the claim, nor
        # is the claim about this show's deaths
        judgements = [j for j in judgements if j.relation not in ("contradicts", "misconception")]
    else:
        records = index.fates.get(universe, {})
        fated = judge_fates(claim, records, index.reading, index.names, index.finales)
        if fated is not None and not any(j.relation == "misconception" for j in judgements):
            # 'Miller dies in the season 1 finale': a death's own record decides it
            decided: Verdict = "canon" if fated.relation == "supports" else "not_canon"
            if decided == "canon":
                reading = index.reading(fated.fact)
                told = Comparison(
                    claim, reading, index.lexicon, *index.context(fated.fact, reading)
                )
                reordered = told.ordered_otherwise()
                if reordered:  # 'Alex died of a stroke before the burn': after it
                    fated = Judgement(fated.fact, "contradicts", reordered[0].reason, fated.score)
                    decided = "not_canon"
            return UniverseVerdict(universe, decided, evidence_of([fated]))
    if claim.denies_whole:
        pass  # 'the ship that killed the Cant wasn't the Anubis': no two facts say a denial
    elif not any(j.relation in ("supports", "misconception", "contradicts") for j in judgements):
        joint = joint_support(index, claim, universe, candidates) or episode_support(
            index, claim, universe, candidates
        )
        judgements = [*joint, *judgements]
    elif not any(
        j.relation in ("supports", "misconception") or j.reason == OTHER_ORDER for j in judgements
    ):
        # 'Ted Kennedy beat Nixon in 72 and then lost to Reagan in 76': read whole, the
        # second year stands against the first part's fact; each part has a fact of its own
        # (not when the whole is denied for joining its parts in the other order)
        joint = joint_support(index, claim, universe, candidates)
        denied_by = {j.fact.key for j in judgements if j.relation == "contradicts"}
        swapped_by = {
            j.fact.key
            for j in judgements
            if j.relation == "contradicts" and j.reason.startswith(SWAPPED)
        }
        if (
            joint
            and all(j.relation == "supports" for j in joint)
            and not (_one_moment(claim) and any(j.fact.key in denied_by for j in joint))
            and not any(j.fact.key in swapped_by for j in joint)
        ):  # 'Shed is killed ... when the Canterbury is attacked': the fact telling that
            # moment has the Donnager attacked, whatever else was; a fact whose name the
            # claim swaps ('but Irina is confident it will work') is no support of a part
            judgements = joint

    verdict = verdict_for(universe, judgements)
    if verdict.verdict == "canon" and not tells_a_death(
        claim,
        [index.reading(e.fact) for e in verdict.evidence],
        index.lexicon,
        _deaths_recorded(index, universe, verdict.evidence),
    ):
        # a death no record holds needs a fact that tells it, not one near it
        return UniverseVerdict(universe, "no_record", evidence_of(judgements, "related"))
    ending = any(u.concepts & ONE_WAY_DEEDS for u in claim.units)
    if verdict.verdict == "not_canon" and all(
        e.reason.startswith(SWAPPED) and not (ending and e.reason.endswith(REVERSED))
        for e in verdict.evidence
    ):  # who killed whom goes one way: naming both is no witness of the claim's way round
        swaps = {swap for e in verdict.evidence if (swap := _swap_of(e.reason))}
        witness = next((f for f in candidates if _holds_every_name(index, claim, f, swaps)), None)
        if witness is not None and all(e.fact is not witness for e in verdict.evidence):
            # 'Melba killed Tilly' against 'Melba kills Ren': she may have done both
            return UniverseVerdict(
                universe,
                "no_record",
                evidence_of([Judgement(witness, "related", "", 1.0), *judgements], "related"),
                "The facts I have point both ways, so I won't call it.",
            )
    return verdict


def _deaths_recorded(
    index: ServerIndex, universe: str, evidence: Sequence[Evidence]
) -> frozenset[str]:
    """The people whose death records rest on one of these facts."""
    shown = {e.fact.key for e in evidence}
    return frozenset(
        person
        for person, record in index.fates.get(universe, {}).items()
        if record.fate.fate == "dies" and record.fact.key in shown
    )


ONE_WAY_DEEDS = frozenset({"kill", "destroy", "dismiss"})  # no one does them back
EARTH_SCALES = frozenset({"state", "city"})  # real places either show may put someone in


def _real_place(mention: Mention) -> bool:
    """A real place on Earth ('Texas') one show's facts name is still the other's to
    place someone in ('Holden's family farm is in Texas')."""
    return all(n.scale in EARTH_SCALES for n in mention.names)


def _holds_every_name(
    index: ServerIndex, claim: Reading, fact: Fact, swaps: set[tuple[str, str]]
) -> bool:
    """Does the fact name everyone the claim names, in its text, with the claim's event
    words and nothing typed against the claim (a year, a number, a denial, an opposite)?"""
    if fact.kind == "misconception" or not claim.mentions:
        return False
    reading = index.reading(fact)
    written = reading.written_ids
    if any(not m.ids & written for m in claim.mentions):
        return False
    comparison = Comparison(claim, reading, index.lexicon, *index.context(fact, reading))
    events = [u for u in claim.units if u.verb and not u.concepts & index.lexicon.light]
    if not events or not all(comparison.unit_present(u) for u in events):
        return False
    differences, _ = comparison.differences()
    # not 'on a collision course with Earth': what is only headed for witnesses nothing;
    # nor one that swaps the name the verdict swaps ('Karen sells the Outpost to Sam')
    return not any(
        d.kind in TYPED or d.reason in (UNNAMED, HEDGED) or _swap_of(d.reason) in swaps
        for d in differences
    )


def _swap_of(reason: str) -> tuple[str, str] | None:
    """('Karen Baldwin', 'Sam Cleveland') of 'it was Karen Baldwin who did it, not Sam
    Cleveland' or 'it was Karen Baldwin, not Sam Cleveland': who the fact has, and whom
    the claim has in their place."""
    if not reason.startswith(SWAPPED) or ", not " not in reason:
        return None
    theirs, _, mine = reason[len(SWAPPED) :].rpartition(", not ")
    return theirs.removesuffix(" who did it"), mine


def universes_of(index: ServerIndex, claim: Reading) -> set[str]:
    """When the claim's names belong to one show only, the claim is about that show."""
    found: set[str] = set()
    for mention in claim.mentions:
        universes = set(index.names.universes_of(mention))
        if len(universes) == 1:  # names both shows use (Mars, the Moon) give no hint
            found |= universes
    return found if len(found) == 1 else set()


def shared_universe(index: ServerIndex, claim: Reading) -> dict[str, UniverseVerdict]:
    """'FAM is a prequel to The Expanse': a recorded misconception both ways (different
    studios); a claim denying the link is supported by its correction."""
    verdicts = {}
    for universe in UNIVERSES:
        facts = [
            f
            for f in index.facts_tagged(SHARED_UNIVERSE_TAG, universe)
            if f.kind == "misconception" and SHARED_UNIVERSE_TAG in f.tags
        ]
        if not facts:
            verdicts[universe] = UniverseVerdict(universe, "no_record", ())
        elif claim.negated:
            evidence = tuple(
                Evidence(f, "supports", "as the studios' record shows", 1.0) for f in facts
            )
            verdicts[universe] = UniverseVerdict(universe, "canon", evidence[:3])
        else:
            evidence = tuple(
                Evidence(f, "misconception", "a common fan misconception", 1.0) for f in facts
            )
            verdicts[universe] = UniverseVerdict(universe, "not_canon", evidence[:3])
    return verdicts


def claim_parts(index: ServerIndex, claim: Reading) -> list[Reading]:
    """A claim joining two events ('X dies when Y blows up'), cut at its joining words and
    each part read anew; a part without a name borrows the first part's ('Gordo fixes it
    and dies')."""
    words = [w.text for w in claim.words]
    in_names = {i for m in claim.mentions if m.start >= 0 for i in range(m.start, m.end)}
    starts = {m.start for m in claim.mentions}
    verbs = sorted(u.index for u in claim.units if u.verb)
    cuts: list[int] = []
    for i, w in enumerate(words):
        if w not in JOINERS or (i + 1 < len(words) and joined_to_passive(claim.words, i + 1)):
            continue  # not inside 'is shot and killed': one passive, one subject
        if w == "so" and any(x.headed_off for x in claim.words[i + 1 : i + PURPOSE_SPAN]):
            continue  # 'so he won't fire on Buran': a purpose, no second event
        since = cuts[-1] if cuts else -1
        subject_next = i + 1 in starts or words[i + 1 : i + 2] == [] or words[i + 1] in AS_SUBJECTS
        if w == "as" and not subject_next:
            continue  # 'comes out as gay', 'works as a nurse': no second event
        if (
            w == "and"
            and i - 1 in in_names
            and i + 1 in in_names
            and (not any(since < v < i for v in verbs) or not _verb_next(words, verbs, i, in_names))
        ):
            continue  # 'Gordo and Tracy die': one event's two doers ('loses to Gao and
            # Bobbie takes' has a verb before them: two events); 'recruited Drummer,
            # Ashford and Miller into the OPA': one event's three
        cuts.append(i)
    if not cuts:
        return []
    bounds = [0, *cuts, len(words)]
    texts = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
    parts = [read(t, index.names, index.lexicon) for t in texts]
    parts = [p for p in parts if p.units or p.mentions]
    if len(parts) < 2:
        return []
    parts = [replace(p, episodes=claim.episodes) for p in parts]  # 'in season 2' holds for all
    named = _subject_words(parts[0])
    if not named:
        return parts
    return [p if p.mentions and not _opens_with_be(p) else _said_of(index, p, named) for p in parts]


def _verb_next(words: Sequence[str], verbs: Sequence[int], joiner: int, names: set[int]) -> bool:
    """Is there an event word after the joiner at `joiner`, before the next joiner (not
    one inside a list of names, 'Karen and Molly died')?"""
    end = next(
        (
            j
            for j in range(joiner + 1, len(words))
            if words[j] in JOINERS and not (j - 1 in names and j + 1 in names)
        ),
        len(words),
    )
    return any(joiner < v < end for v in verbs)


def _subject_words(first: Reading) -> str:
    """The first part's subject as the fan wrote it ('' when it names none): whom a part
    with no subject of its own is about."""
    subject = first.mentions[:1]
    if not subject or subject[0].start < 0:
        return ""
    return " ".join(w.text for w in first.words[subject[0].start : subject[0].end])


def _said_of(index: ServerIndex, part: Reading, named: str) -> Reading:
    """The part read again with the first part's subject before it ('and is the pilot'
    -> 'Alex is the pilot'), in the part's seasons."""
    told = read(f"{named} {_without_joiner(part)}", index.names, index.lexicon)
    return replace(told, episodes=part.episodes)


def _without_joiner(part: Reading) -> str:
    """A part's words past the word that joined it ('and is the pilot' -> 'is the pilot'),
    and past the words that only order it ('and later dies' -> 'dies': a later part of the
    story, not after the show's end)."""
    words = [w.text for w in part.words]
    words = words[1:] if words and words[0] in JOINERS else words
    while words and words[0] in SEQUENCE_WORDS:
        words = words[1:]
    return " ".join(words)


def _has_doer(part: Reading) -> bool:
    """Does a part name who acts before its first event word? '... and later survives
    Eros' names only a place: its doer is the first part's subject."""
    first_event = next((u.index for u in part.units if u.verb), len(part.words))
    return any(m.start < first_event and m.kind in DOERS for m in part.mentions)


def _told_of(index: ServerIndex, part: Reading, named: str) -> Reading | None:
    """'... and later rides Eros into Venus', 'then lost to Reagan': a part whose first
    event word has no doer, nor any name before it, read as said of the first part's
    subject (`named`, as the fan wrote it); None for a part with a subject of its own."""
    event = next((u for u in part.units if u.verb), None)
    if not named or event is None or event.actor or _has_doer(part):
        return None
    return _said_of(index, part, named)


def _gerund_lent(part: Reading, first: Reading, named: str) -> bool:
    """'caught Marco for taking the Sojourner and killing its crew': a part that goes on
    with an '-ing' word was lent the first part's subject, who need not be its doer (it is
    Marco who kills), so it may find support but deny nothing."""
    lent = named.split()
    words = [w.text for w in part.words]
    return (
        part is not first
        and bool(lent)
        and words[: len(lent)] == lent
        and words[len(lent) : len(lent) + 1] != []
        and words[len(lent)].endswith("ing")
    )


def _opens_with_be(part: Reading) -> bool:
    """'... and is the Roci's pilot': a part with no subject at all, its names after its
    'is'; what it says is said of the first part's subject."""
    words = [w.text for w in part.words if w.text not in JOINERS]
    return bool(words) and words[0] in BE_WORDS


def _names_only(part: Reading) -> bool:
    """Is the part nothing but names and the words joining them ('Ed Baldwin, Ellen
    Wilson')? Not 'Armstrong and Aldrin are ok', which says how they are."""
    named = {i for m in part.mentions if m.start >= 0 for i in range(m.start, m.end)}
    return not part.units and all(w.index in named or w.text in NAME_JOINERS for w in part.words)


def _one_moment(claim: Reading) -> bool:
    """Does the claim tie its parts to one moment ('X dies when Y is attacked'), not join
    them in a sequence ('X and then Y')?"""
    words = {w.text for w in claim.words}
    return bool(words & TIED_JOINERS) and not words & SEQUENCE_WORDS


def joint_support(
    index: ServerIndex, claim: Reading, universe: str, candidates: Sequence[Fact]
) -> list[Judgement]:
    """A claim joining two events: canon when facts state each part (every word matched),
    of one episode when the claim ties them to one moment ('X dies when Y blows up'), of
    any when it only joins them ('X and Y', '... and years later'); not canon when one
    part holds and a fact contradicts another.
    Each part is also looked up on its own: the whole claim's best facts may miss one."""
    parts = claim_parts(index, claim)
    if not parts or any(_names_only(part) for part in parts):
        return []  # 'Ed Baldwin, Ellen Wilson and ...': a part of names alone says nothing
    words = {w.text for w in claim.words}
    # 'X and Y' says both happened, not together; 'X when Y' ties them to one moment
    apart = bool(words & SEQUENCE_WORDS) or not words & TIED_JOINERS
    supported: list[list[Fact]] = []
    against: list[Judgement] = []
    denials: list[list[Judgement]] = []
    subject = parts[0].mentions[:1]
    named = _subject_words(parts[0])
    records = index.fates.get(universe, {})
    for part in parts:
        supporting: list[Fact] = []
        denied: list[Judgement] = []
        has_doer = _has_doer(part)
        fated = judge_fates(part, records, index.reading, index.names, index.finales)
        if fated is not None and fated.relation == "supports" and has_doer:
            supporting.append(fated.fact)  # 'Shed dies on the Donnager and ...': his record
        if fated is not None and fated.relation == "contradicts" and has_doer:
            # 'Alex survives the s5 finale and ...': a death's record denies that part
            supported.append([])
            denials.append([])
            against = against or [fated]
            continue
        # a part with no doer of its own ('and later survives Eros') is the subject's
        doer = frozenset() if has_doer or not subject else subject[0].ids
        own = candidates_for(index, part, universe)
        # '... and then lost to Reagan': the first part's subject lost, which a fact may
        # say ('Reagan defeats President Kennedy'); read so only to find support, since
        # a doer the fan did not write cannot be the one a fact has swapped
        told = _told_of(index, part, named) if part is not parts[0] else None
        if told is not None:
            own = [*own, *candidates_for(index, told, universe)]
            told_fate = judge_fates(told, records, index.reading, index.names, index.finales)
            if told_fate is not None and told_fate.relation == "supports":
                supporting.append(told_fate.fact)  # '... and later goes down with Eros
        lent = _gerund_lent(part, parts[0], named)
        for fact in dict.fromkeys([*candidates, *own]):
            if fact.kind == "misconception":
                continue
            reading = index.reading(fact)
            context = index.context(fact, reading)
            relation, reason = compare(part, reading, index.lexicon, *context, index.weight)
            if (
                relation != "supports"
                and told is not None
                and compare(told, reading, index.lexicon, *context, index.weight)[0] == "supports"
            ):
                relation = "supports"
            if relation == "supports" and doer <= reading.written_ids:
                supporting.append(fact)
            elif relation == "contradicts" and not lent:
                denied.append(Judgement(fact, "contradicts", reason, 1.0))
        if not supporting and not denied and (told is not None or has_doer):
            # a part no fact states word for word may still be canon asked on its own
            # (its death record, two facts of its episode): 'Gordo and Tracy divorced and
            # later died together on the Moon' (support only: a part read alone may be
            # denied for what the whole claim's other part explains)
            alone = judge_universe(index, told or part, universe)
            if alone.verdict == "canon":
                supporting = [e.fact for e in alone.evidence]
        supported.append(supporting)
        denials.append(denied)
        if not supporting and not against:  # a part a fact states is not denied by another
            against = denied[:1]
    for i, denied in enumerate(denials):
        for judgement in denied:
            if any(judgement.fact in s for j, s in enumerate(supported) if j != i):
                # 'Melba accepts and sends the signal': the fact telling the rest of it says
                # she refuses; another fact's 'Clarissa agrees' is not that moment
                return [judgement]
    if all(supported):
        for first in supported[0]:
            chosen = [first]
            for others in supported[1:]:
                match = next((f for f in others if apart or same_episode(f, first)), None)
                if match is None:
                    break
                chosen.append(match)
            else:
                return [Judgement(f, "supports", "", 1.0) for f in dict.fromkeys(chosen)]
        return []
    if against and (
        sum(1 for s in supported if s) == len(parts) - 1
        or all(j.reason.endswith(REVERSED) for j in against)
    ):  # a part done the other way round denies the whole, whatever the rest says
        return against
    return []


def episode_support(
    index: ServerIndex, claim: Reading, universe: str, candidates: Sequence[Fact]
) -> list[Judgement]:
    """'Shane dies after being hit by a car': one fact tells the accident, another of the
    same episode the death. A fact that holds every name of the claim and conflicts with
    nothing supports it together with a fact of its episode that has the words it lacks
    (and conflicts with nothing either)."""
    if not any(m.kind in DOERS for m in claim.mentions):
        return []  # a claim naming only a place ('... a broadcast from Mars') ties no two
    outcomes = frozenset(index.lexicon.opposites)
    roles = set(claimed_roles(claim))  # a role is said of someone in one fact ('Danny is
    for fact in candidates[:PARTNERED]:  # Ed's father')
        if fact.kind == "misconception" or fact.episode is None:
            continue
        lacking = _lacking(index, claim, fact, names_too=False)
        if not lacking or {u.index for u in lacking} & roles:
            continue
        reading = index.reading(fact)
        own = Comparison(claim, reading, index.lexicon, *index.context(fact, reading))
        if any(own.opposite_present(u, implied=True) for u in lacking):
            continue  # 'the Anubis captain kills Julie' against '... spares Julie Mao'
        keys = [k for u in lacking for k in u.keys]
        keys += ["#" + n.id for m in claim.mentions for n in m.names]
        for partner in index.search(keys, universe, CANDIDATES):
            if (
                partner is fact
                or partner.kind == "misconception"
                or not same_episode(fact, partner)
            ):
                continue
            if not claim.entity_ids & index.reading(partner).entity_ids:
                continue
            still = _lacking(index, claim, partner, names_too=True)
            if still is None or {u.index for u in lacking} & {u.index for u in still}:
                continue
            reading = index.reading(partner)
            comparison = Comparison(claim, reading, index.lexicon, *index.context(partner, reading))
            if any(u.concepts & outcomes for u in lacking) and not (
                comparison.people_written()
                and all(comparison.unit_present(u) for u in claim.units if u.name_like)
            ):
                continue  # an outcome ('alive') must be told of the claim's people themselves
            if (
                all(  # the partner shows the claim's actors doing what the first fact lacks
                    any(  # 'pours Ed three shots' shoots not
                        o.verb and comparison.acted_by(u.actor, o)
                        for o in comparison.unit_matches(u)[:1]
                    )
                    for u in lacking
                    if u.verb and u.actor
                )
                and all(  # and to whom: 'Alex was born' is not 'Travis, born in Texas'
                    any(comparison.done_to(u.patient, o) for o in comparison.unit_matches(u)[:1])
                    for u in lacking
                    if u.verb and u.patient and not u.actor
                )
            ):
                return [Judgement(f, "supports", "", 1.0) for f in (fact, partner)]
    return []


def _lacking(
    index: ServerIndex, claim: Reading, fact: Fact, *, names_too: bool
) -> list[Unit] | None:
    """The claim's words `fact` lacks, or None when it conflicts with the claim (or lacks a
    name, unless `names_too`)."""
    reading = index.reading(fact)
    comparison = Comparison(claim, reading, index.lexicon, *index.context(fact, reading))
    differences, _ = comparison.differences()
    units = {str(u.index): u for u in claim.units}
    lacking = []
    for difference in differences:
        if difference.kind == "unmatched":
            lacking += [units[i] for i in difference.names if i in units]
        elif not (names_too and difference.kind == "missing"):
            return None
    if not names_too and (comparison.roles_reversed() or any(u.name_like for u in lacking)):
        return None  # 'shed' is Shed Garvey, though no name index could tell
    return lacking


def same_episode(one: Fact, other: Fact) -> bool:
    if one is other:
        return True
    if one.episode is None or other.episode is None:
        return False
    return (one.show, one.episode.season, one.episode.number) == (
        other.show,
        other.episode.season,
        other.episode.number,
    )


# -- the server's index, cached -------------------------------------------------------------


# The shipped base's index by its dataset marker (version and content hash): the same
# dataset read by another store of this process (a restart, a test) is not indexed again.
_SHIPPED: dict[str, tuple[CompiledLexicon, BaseIndex]] = {}


@dataclass(slots=True)
class _StoreIndexes:
    lexicon: tuple[str, CompiledLexicon] | None = None
    base: tuple[str, BaseIndex] | None = None
    servers: dict[int, tuple[tuple[str, tuple[int, int]], ServerIndex]] = field(
        default_factory=dict
    )
    results: dict[tuple[int, str], tuple[ServerIndex, dict[str, UniverseVerdict]]] = field(
        default_factory=dict
    )
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


async def server_index(store: Store, guild_id: int) -> ServerIndex:
    """The server's index, rebuilt (in a thread) only when its facts changed."""
    cache = store.derived("canon", _StoreIndexes)
    stamp = await store.facts_stamp(guild_id)
    held = cache.servers.get(guild_id)
    if held is not None and (stamp is None or held[0] == stamp):
        return held[1]
    async with cache.lock:
        held = cache.servers.get(guild_id)
        if held is not None and (stamp is None or held[0] == stamp):
            return held[1]
        marker = stamp[0] if stamp else "?"
        if cache.base is None or cache.base[0] != marker or stamp is None:
            shipped = _SHIPPED.get(marker) if stamp and stamp[0] else None
            if shipped is None:
                lexicon = compile_lexicon(Lexicon.from_json(await store.catalog.lexicon()))
                facts = await store.catalog.base_facts()
                people = await store.catalog.people_names()
                fates = [Fate.from_json(f) for f in await store.catalog.fates()]
                periods = [Period.from_json(p) for p in await store.catalog.periods()]
                shipped = (
                    lexicon,
                    await asyncio.to_thread(build_base, facts, lexicon, people, fates, periods),
                )
                if stamp and stamp[0]:  # a loaded dataset's marker, never a guess
                    _SHIPPED.clear()  # one shipped dataset at a time
                    _SHIPPED[marker] = shipped
            cache.lexicon = (marker, shipped[0])
            cache.base = (marker, shipped[1])
            cache.servers.clear()
            cache.results.clear()
        assert cache.lexicon is not None
        overlay, overridden = await store.catalog.overlay_facts(guild_id)
        index = await asyncio.to_thread(
            build_server, cache.base[1], overlay, overridden, cache.lexicon[1]
        )
        if stamp is not None:
            if len(cache.servers) > 256:
                cache.servers.clear()
            cache.servers[guild_id] = (stamp, index)
        return index


async def check_claim(store: Store, guild_id: int, claim: str) -> CanonResult:
    """Judge `claim` for each universe, with evidence and the parallels it touches.

    A claim asked again (until the server's facts change) is answered from a cache.
    """
    text = validate_claim(claim)
    index = await server_index(store, guild_id)
    cache = store.derived("canon", _StoreIndexes)
    key = (guild_id, " ".join(text.casefold().split()))
    held = cache.results.get(key)
    if held is not None and held[0] is index:
        verdicts = held[1]
    else:
        verdicts = await asyncio.to_thread(judge_claim, index, text)
        if len(cache.results) > 2048:
            cache.results.clear()
        cache.results[key] = (index, verdicts)
    touched = [e.fact.key for v in verdicts.values() for e in v.evidence]
    parallels = await store.catalog.parallels(guild_id, fact_keys=touched) if touched else []
    return CanonResult(text, verdicts, tuple(parallels[:3]))
