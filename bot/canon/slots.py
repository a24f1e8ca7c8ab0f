"""A claim or a fact read into slots: its names, its content words and who does what.

For each content word (an event such as 'kills', or a noun such as 'manager') the reading
notes the names that fill its slots: the actor (the nearest name before it in its clause,
with names joined by 'and'), the patient (the first name after it), and names after a
preposition ('on Io', 'of Tycho Station'). A passive ('Sakai is killed by Fred Johnson'
/ 'Fred Johnson is killed by Sakai') swaps actor and patient, so active and passive
claims compare alike. Years, numbers (with the word they count) and negation come along.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from lemminflect import getInflection

from bot.canon.lexicon import FATES, CompiledLexicon
from bot.canon.names import Mention, NameIndex, is_english
from bot.canon.text import (
    BE_WORDS,
    NEGATORS,
    EpisodeRef,
    Word,
    analyse_words,
    decade_of,
    doer_stem,
    episode_refs,
    is_participle,
    is_year,
    lemmas_of,
)

PREPOSITIONS = {
    "on": "loc",
    "in": "loc",
    "at": "loc",
    "aboard": "loc",
    "inside": "loc",
    "onto": "loc",
    "near": "loc",
    "over": "loc",
    "across": "loc",
    "through": "loc",
    "along": "loc",
    "outside": "loc",
    "to": "goal",
    "into": "goal",
    "toward": "goal",
    "towards": "goal",
    "from": "source",
    "off": "source",
    "of": "of",
    "with": "with",
    "against": "against",
    "for": "for",
}
SKIPPABLE = frozenset("the a an his her their its own".split())
SUBJECT_PRONOUNS = frozenset("he she they who".split())
TOGETHER = frozenset({"affair", "marry"})  # done by two together, whoever is named first
TELLING = frozenset("tells told says said admits reveals explains insists".split())
PLURAL_PEOPLE = frozenset("people men women children".split())  # plurals without an -s
ADVERBS = frozenset(
    """really actually just also even still then finally eventually basically literally
    later already soon quickly secretly immediately instead again""".split()
)
HONORIFICS = frozenset("dr mr mrs ms".split())
DETERMINERS = SKIPPABLE | HONORIFICS
OWNED_AFTER = DETERMINERS | {"s"}  # words before a name that make it no subject
PARTICLES = frozenset({"down", "up", "out", "away"})  # of phrasal verbs
PLACE_HEADS = frozenset("crater station base valley city colony moon planet".split())
TITLE_WORDS = 3  # nouns of a title before a name ('Defense Minister Korshunov')
VERB_CUES = frozenset("to not did does do will would can could never must may might".split())
CAUSATIVES = frozenset("has had have having gets got get getting".split())  # 'has X killed'
LETTING = frozenset("lets let letting makes made making".split())  # 'makes the crew leave'
TITLES = frozenset(
    """captain detective inspector commander colonel admiral general sergeant lieutenant
    major corporal private agent doctor professor president senator secretary minister
    director administrator ambassador chief deputy officer pastor""".split()
)  # words before a name that are its title ('captain Shaddid'), not a verb
INFINITIVE_LINKS = frozenset("go come try help".split())  # 'to go save', 'to try and'
ASKING = frozenset(
    """tell ask order persuade force convince urge want allow let help get need expect send
    hire invite beg command instruct warn remind encourage lead push pressure train teach
    trust pay bribe blackmail recruit assign dispatch choose pick select enable permit
    require compel talk sway inspire cause""".split()
)  # verbs whose object does what the infinitive after them says ('tells Ed to go')
# words after a name that make it the subject of what follows, though no event word
# themselves ('and Bobbie *ends up* punching Travis', 'and Fred *later* dies')
SUBJECT_AFTER = BE_WORDS | frozenset(
    "ends ended gets got goes went becomes became makes made has had does did then later also".split()
)
# words before a participle saying it is done to the subject ('is killed', 'becomes hooked')
PASSIVE_AUX = BE_WORDS | frozenset("become becomes became becoming".split())
KINDS_OF_THINGS = frozenset(
    """ship station freighter shuttle base colony hauler probe craft vessel frigate
    destroyer corvette cruiser battleship rover lander module capsule hotel rocket""".split()
)  # words before a name that say what it is ('the ship Marasmus'), not a verb
# words that, after 'the', refer back to the one name of their kind before them
# (not 'the ship': a crew's ship is referred to while other ships are about)
REFERRING = dict.fromkeys(("asteroid", "planet"), frozenset({"body"}))
AT_LEAST = frozenset({"more than", "over", "at least", "upwards of", "above", "beyond"})
AT_MOST = frozenset({"less than", "fewer than", "under", "at most", "up to", "below"})
ABOUT = frozenset("about around roughly nearly almost approximately some like circa".split())
NOT_COUNTED = frozenset("other more additional extra further".split())  # '11 other men'
# verbs said of what they befall when nothing follows them ('the Rocinante blew up')
ERGATIVE = frozenset(
    """explode explodes exploded exploding crash crashes crashed crashing sink sinks sank
    sunk sinking disintegrate disintegrates disintegrated""".split()
)
BLOWING = frozenset("blow blows blew blown blowing".split())  # with 'up'
SLOT_REACH = 6  # words between a content word and a name filling one of its slots


@dataclass(frozen=True, slots=True)
class Unit:
    """A content word of a text (or the head of a phrase) and its slots."""

    index: int
    text: str
    keys: frozenset[str]  # stems and concepts: what it matches
    concepts: frozenset[str]
    negated: bool
    clause: int
    verb: bool
    actor: tuple[Mention, ...] = ()
    patient: tuple[Mention, ...] = ()
    preps: tuple[tuple[str, Mention], ...] = ()
    objects: tuple[tuple[str, int], ...] = ()  # (preposition group, unit index) for nouns
    hedged: bool = False
    name_like: bool = False  # a claim's word that is some person's first name ('shed')
    unnamed_actor: bool = False  # done by a 'he', 'she' or 'they' no name was found for
    headed_off: bool = False  # what a purpose heads off ('to stop him *firing*')


@dataclass(frozen=True, slots=True)
class Number:
    value: int
    index: int
    counts: frozenset[str]  # keys of the word it counts ('17 people' -> person)
    bound: str = ""  # 'min' (more than 700), 'max' (fewer than 10), 'about' (about eight)
    partial: bool = False  # '11 other men': some of them, never how many in all

    def allows(self, value: int) -> bool:
        """May another text's `value` be this number ('more than 700 days': 800 may)?"""
        if self.bound == "min":
            return value >= self.value
        if self.bound == "max":
            return value <= self.value
        if self.bound == "about":
            return self.value * 0.8 <= value <= self.value * 1.25
        return value == self.value


@dataclass(frozen=True, slots=True)
class Reading:
    words: tuple[Word, ...]
    units: tuple[Unit, ...]
    mentions: tuple[Mention, ...]
    years: frozenset[int]
    numbers: tuple[Number, ...]
    keys: frozenset[str] = field(default_factory=frozenset)  # every word's keys
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)  # key -> indexes
    episodes: tuple[EpisodeRef, ...] = ()  # seasons and episodes the text names
    entity_ids: frozenset[str] = frozenset()
    decades: frozenset[int] = frozenset()  # 'in the 90s': 1990

    def __post_init__(self) -> None:
        ids = frozenset(i for m in self.mentions for i in m.ids)
        object.__setattr__(self, "entity_ids", ids)

    @property
    def negated(self) -> bool:
        return any(u.negated for u in self.units)

    @property
    def written_ids(self) -> frozenset[str]:
        """The names the text itself writes (a fact's tags aside)."""
        return frozenset(i for m in self.mentions if m.start >= 0 for i in m.ids)

    @property
    def denies_whole(self) -> bool:
        """Denied as a whole: the negation falls on no content word ('Filip didn't make it
        off the Pella', 'the handshake never happened')."""
        return not self.negated and any(w.negated for w in self.words)


def is_verb(word: str) -> bool:
    return "VERB" in lemmas_of(word) and word not in BE_WORDS


def is_adjective(word: str) -> bool:
    lemmas = lemmas_of(word)
    return "ADJ" in lemmas and "NOUN" not in lemmas and "VERB" not in lemmas


def is_possessor(words: Sequence[Word], mention: Mention) -> bool:
    """Is the name written as an owner ("Miller's friend", "Apollo 11's Eagle")?"""
    return mention.end < len(words) and words[mention.end].text == "s"


def _apposed(words: tuple[Word, ...], j: int, verbs: dict[int, bool]) -> bool:
    """A word naming what the following name is ('the ship Marasmus', 'the technician
    Theo', 'Martian Defense Minister Korshunov'): no verb, no preposition, no 'and'."""
    word = words[j]
    return (
        not verbs.get(j, False)
        and not word.stop
        and word.text not in PREPOSITIONS
        and word.text not in ("and", "or")
    )


REMAINING_BEFORE = frozenset({"just", "only"})  # 'only two of them left'
REMAINING_AFTER = frozenset({"aboard", "onboard", "alive", "on", "in", "at", "standing"})


def _remaining(words: Sequence[Word], index: int) -> bool:
    """Is 'left' what remains ('just Ellen and Deke left aboard'), said after 'just' or
    'only' in its clause and before nothing it could leave?"""
    clause = words[index].clause
    opened = any(
        w.text in REMAINING_BEFORE and w.clause == clause for w in words[max(0, index - 6) : index]
    )
    following = words[index + 1].text if index + 1 < len(words) else ""
    return opened and (not following or following in REMAINING_AFTER)


def used_as_verb(
    words: tuple[Word, ...],
    index: int,
    mentions_end: dict[int, int],
    starts: AbstractSet[int] = frozenset(),
    people: AbstractSet[int] = frozenset(),
) -> bool:
    """'shoots' and 'landed' are verbs; 'head' in 'in the head' is not, 'land' after a
    name or 'to' is. `starts`: where names start; `people`: where people's names do."""
    word = words[index].text
    readings = lemmas_of(word)
    lemmas = readings.get("VERB")
    if not readings and word.endswith("ed") and len(word) > 4:
        return True  # 'offed', 'yeeted'
    if not readings and word.endswith("s") and index in mentions_end and index + 1 in starts:
        return True  # 'Amos offs Strickland': a word no dictionary has, between two names
    if not lemmas or word in BE_WORDS:
        return False
    if word in TITLES and index + 1 in people:
        return False  # 'canned by captain Shaddid', 'to Captain Shaddid': a title, no verb
    if word == "left" and _remaining(words, index):
        return False  # 'just Ellen and Deke left aboard': who remains, no one departing
    if word in KINDS_OF_THINGS and index + 1 in starts:
        return False  # 'the aid ship Weeping Somnambulist', 'the colony ship Sojourner'
    j = index - 1
    while j > 0 and index - j < 3 and _adverb(words[j].text):
        j -= 1  # 'did not really die', 'publicly comes out'
    previous = words[j].text if j >= 0 else ""
    plural_noun = "NOUN" in readings and word.endswith("s")
    if word not in lemmas and not plural_noun:
        # 'landed', 'shot', 'dying'; not after a determiner: 'the crashed ship', 'a railgun
        # shot' (a noun too, after a determiner and a word that is no verb), unless what it
        # does follows it: 'the marines shot 2 cosmonauts', 'the marines shot the cosmonauts'
        next_word = words[index + 1].text if index + 1 < len(words) else ""
        if (
            j + 1 == index
            and previous not in SKIPPABLE
            and (next_word.isdigit() or next_word in DETERMINERS or index + 1 in starts)
        ):
            return True
        return not (
            j + 1 == index
            and (
                previous in SKIPPABLE
                or previous == "s"  # "Danny's wedding"
                or (
                    "NOUN" in readings
                    and not word.endswith("ing")  # 'the one beating Amos' acts
                    and index >= 2
                    and words[index - 2].text in SKIPPABLE
                    and "VERB" not in lemmas_of(previous)
                )
            )
        )
    if j + 1 != index and "VERB" in readings and _closes_apposition(words, j + 1, mentions_end):
        return True  # 'Reagan, a former governor of California, narrowly defeats'
    if index in mentions_end or (j + 1 != index and j + 1 in mentions_end):
        # 'Holden shoots', 'Ellen Wilson publicly comes out'; but 'the Eros docks' is a
        # place and 'commander of Jamestown base' is one too
        start = mentions_end[index if index in mentions_end else j + 1]
        if j + 1 == index and _noun_after_one_name(words, index, start, readings, mentions_end):
            return False  # 'Karen's husband and Polaris partner', 'the Rocinante crew'
        while start > 0 and words[start - 1].text in HONORIFICS | TITLES:
            start -= 1  # 'Dr. Strickland keeps Mei', 'Captain Yao orders'
        return (
            start == 0
            or (  # nor "the Tachi's Martian name"
                words[start - 1].text not in OWNED_AFTER and not prep_before(words, start)
            )
            or _caused(words, start)  # 'has the Behemoth fire'
        )
    if previous in PASSIVE_AUX | CAUSATIVES and is_participle(word):
        return True  # 'is hit by a car', 'got shut out': a participle as its base
    if previous in SKIPPABLE:
        return False  # 'destroys the ship Marasmus': after a determiner comes a noun
    before = lemmas_of(previous)
    if (
        index + 1 in people
        and j + 1 == index
        and not words[j].stop
        and set(before) == {"NOUN"}
        and not (plural_noun and not _plural_noun(previous))  # 'the cosmonaut takes Ed'
    ):
        return False  # 'the information broker Roma': a title after a noun, before a name
    if plural_noun and _after_apposition(words, index, mentions_end):
        return True  # "Sam Cleveland, Karen Baldwin's husband, dies"
    if "ADJ" in before and "VERB" not in before and word == lemmas[0]:
        return False  # 'her gay buddy Larry': after an adjective too ('hybrid kills' is a verb)
    following = index + 1
    while following < len(words) and words[following].text in DETERMINERS:
        following += 1
    if following in starts:  # 'kills Bobbie', 'lands the Eagle'
        return True
    if not readings.keys() - {"VERB", "AUX"}:
        return True  # 'his ships disappear': a word that is nothing but a verb
    if j + 1 == index and word == lemmas[0] and _plural_noun(previous):
        return True  # '300 people die', 'three astronauts die': a plural subject's verb
    return previous in VERB_CUES or previous in ("and", "but", "who", "he", "she", "they")


def _plural_noun(word: str) -> bool:
    """'people', 'astronauts', 'belters': a noun in the plural (what a base verb agrees with)."""
    readings = lemmas_of(word)
    nouns = readings.get("NOUN", ())
    if word in PLURAL_PEOPLE:
        return True
    # not 'attempts suicide': a word that may be a verb itself is not taken for a subject
    return word.endswith("s") and bool(nouns) and word not in nouns and "VERB" not in readings


def _modifier(words: tuple[Word, ...], mention: Mention, verbs: dict[int, bool]) -> bool:
    """Is this name a modifier of the noun right after it ('the Julie Mao *data chip*',
    'the Ganymede-bound aid ship'), not what the verb acts on?"""
    after = mention.end
    return (
        mention.start > 0
        and words[mention.start - 1].text in ("the", "a", "an")  # not 'took Ed prisoner'
        and after < len(words)
        and not words[after].after_comma
        and words[after].text != "s"
        and _apposed(words, after, verbs)
        and noun_or_unknown(words[after].text)  # not 'kept Julie alive'
    )


def after_passive_aux(words: Sequence[Word], index: int) -> bool:
    """Does 'is', 'was' or 'become' stand just before the word ('is killed', 'was then
    fired')?"""
    return any(words[j].text in PASSIVE_AUX for j in range(max(0, index - 2), index))


def noun_or_unknown(word: str) -> bool:
    """A noun, or a word no dictionary has ('railguns'), which after a name is its thing."""
    readings = lemmas_of(word)
    return not readings or "NOUN" in readings


def _causative_before(words: tuple[Word, ...], start: int, mentions: Sequence[Mention]) -> int:
    """Where 'has', 'had', 'gets' stands before a name, past the title and determiners
    before it ('had *the Martian defense minister* Korshunov poisoned'), or -1."""
    named = {i for m in mentions if m.start >= 0 for i in range(m.start, m.end)}
    j = start - 1
    while j > 0 and start - j <= TITLE_WORDS + 2 and words[j].text not in CAUSATIVES:
        text = words[j].text
        readings = lemmas_of(text)
        if words[j].after_comma or not (
            text in DETERMINERS
            or j in named
            or ("NOUN" in readings and "VERB" not in readings)
            or (text in TITLES)
        ):
            return -1
        j -= 1
    return j if j >= 0 and words[j].text in CAUSATIVES else -1


def _listed_with_people(
    words: tuple[Word, ...], index: int, people: AbstractSet[int], ends: dict[int, int]
) -> bool:
    """A word no dictionary has, joined by 'and' to a person ('kuz and tracy', 'tracy and
    kuz'): a name the data does not know, never a fan's extra word."""
    if is_english(words[index].text):
        return False
    after = index + 2 < len(words) and words[index + 1].text == "and" and index + 2 in people
    before = index >= 2 and words[index - 1].text == "and" and ends.get(index - 1, -1) in people
    return after or before


def _unknown_place(words: tuple[Word, ...], index: int) -> bool:
    """'Copernicus Crater': a word no dictionary has, before the kind of place it names,
    is a name the index lacks, never a fan's other wording."""
    return (
        index + 1 < len(words)
        and words[index + 1].text in PLACE_HEADS
        and not is_english(words[index].text)
    )


def _titled_by(words: tuple[Word, ...], mention: Mention, after: Sequence[Mention]) -> bool:
    """Is this name part of a title before another name, nouns between them ('Korzhenko
    supporter Vasily', 'Martian Defense Minister Korshunov')? The second name is the one
    meant."""
    for end in range(mention.end + 1, min(mention.end + TITLE_WORDS, len(words) - 1) + 1):
        noun = end - 1
        if (
            words[noun].after_comma
            or "NOUN" not in lemmas_of(words[noun].text)
            # the first a noun only ('Karen *helps* Danny' is a deed); then 'Minister'
            or (noun == mention.end and "VERB" in lemmas_of(words[noun].text))
        ):
            return False
        if not words[end].after_comma and any(m.start == end and m.kind == "person" for m in after):
            return True
    return False


def _gap_to(words: tuple[Word, ...], mention: Mention, governing: Unit) -> int:
    """Where the governing verb's phrase ends after `mention`: past the places it names
    ('flies the Y Que *into the Ring* to win')."""
    end = mention.end
    placed = sorted((m for _, m in governing.preps if m.start >= end), key=lambda m: m.start)
    for m in placed:
        if all(w.text in PREPOSITIONS or w.text in SKIPPABLE for w in words[end : m.start]):
            end = m.end
    return end


def _other_gender_after(words: tuple[Word, ...], start: int, index: int) -> bool:
    """'she strips him', 'he tells her': the one the pronoun subject acts on is someone
    else, so the subject is not the one acting last but the one named last."""
    subject = next((w.text for w in words[start:index] if w.text in ("he", "she")), "")
    following = words[index + 1].text if index + 1 < len(words) else ""
    return (subject, following) in (("she", "him"), ("he", "her"))


def _joined_passive(words: tuple[Word, ...], index: int) -> bool:
    """'... and is killed': a passive whose subject is the sentence's, joined by 'and'."""
    j = index - 1
    while j > 0 and _adverb(words[j].text):
        j -= 1
    return j > 1 and words[j].text in BE_WORDS | {"gets", "got"} and words[j - 1].text == "and"


def _purpose_of(words: tuple[Word, ...], unit: Unit, units: Sequence[Unit]) -> Unit:
    """'Gordo and Tracy disobey Margo to (go) save Molly', 'Manéo flies into the Ring to
    win back Evita': who does what an infinitive says is the one who does the verb it
    follows, not the name just before it; but 'Margo tells Ed to go' (a verb that asks
    someone to act) hands it on."""
    j = unit.index - 1
    if j > 1 and words[j].text in INFINITIVE_LINKS and words[j - 1].text == "to":
        j -= 1
    if not unit.verb or j < 1 or words[j].text != "to":
        return unit
    governing = next((u for u in reversed(units) if u.verb and u.clause == unit.clause), None)
    if governing is None or not governing.actor or unit.actor == governing.actor:
        return unit
    if not unit.actor or _gap_to(words, unit.actor[-1], governing) != j:
        return unit  # 'ruining the Belters' last chance to survive': the chance's
    if lemmas_of(governing.text).get("VERB", ("",))[0] in ASKING:
        return unit
    return replace(unit, actor=governing.actor)


def _caused(words: tuple[Word, ...], start: int) -> bool:
    """Is the name at `start` the one a 'has', 'lets', 'makes' gets to act ('has *the
    Behemoth* fire on the Rocinante')?"""
    return (
        start >= 2
        and words[start - 1].text in DETERMINERS
        and words[start - 2].text in CAUSATIVES | LETTING
    )


def _noun_after_one_name(
    words: tuple[Word, ...],
    index: int,
    start: int,
    readings: dict[str, tuple[str, ...]],
    mentions_end: dict[int, int],
) -> bool:
    """A bare noun right after one name is what the name qualifies ('Polaris partner'): one
    subject takes 'partners', and only a plural one ('Holden and Amos board') the bare
    form. Not a past tense written like its base form ('Amos hit him'), nor a bare
    infinitive after the name a verb acts on ('lets Lucia walk')."""
    word = words[index].text
    if "NOUN" not in readings or word not in readings.get("VERB", ()):
        return False
    if word in (getInflection(word, "VBD") or ()):
        return False
    before = words[start - 1].text if start else ""
    if _caused(words, start):
        return False  # 'has the Behemoth fire on the Rocinante': a bare infinitive
    if before in ("and", "&") and start - 1 in mentions_end:
        return False  # 'Holden and Amos board'
    return before in ("and", "") or before in OWNED_AFTER or "VERB" not in lemmas_of(before)


PREDICATE_JOINERS = frozenset({"and", "but"})
THEN_WORDS = frozenset("then later also eventually finally soon after".split())


def _second_predicate(
    words: tuple[Word, ...], index: int, before: Sequence[Mention], verbs: dict[int, bool]
) -> bool:
    """Is the verb a second predicate of the sentence's subject, joined after the first
    verb's object ('rescue Molly *and then die*'), no name of its own in between?"""
    j = index - 1
    while j > 0 and words[j].text in THEN_WORDS:
        j -= 1
    if j < 1 or words[j].text not in PREDICATE_JOINERS or j == index - 1:
        return False  # only with 'then', 'later'...: 'Miller shoots Dresden and dies' is his
    last = before[-1] if before else None
    return (
        last is not None
        and last.end <= j
        and all(words[k].stop for k in range(last.end, j))  # 'Molly (in s1) and then'
        and any(verbs.get(k) for k in range(0, last.start))
        and not words[j].after_comma
    )


def _after_apposition(words: tuple[Word, ...], index: int, mentions_end: dict[int, int]) -> bool:
    """Is this the first word after an apposition that follows the sentence's opening
    name ("Sam Cleveland, Karen Baldwin's husband, dies")? It is the name's verb."""
    opening = {end: start for end, start in mentions_end.items() if start == 0}
    return _closes_apposition(words, index, opening)


def _closes_apposition(words: tuple[Word, ...], first: int, mentions_end: dict[int, int]) -> bool:
    """Does the comma before `first` close an apposition opened right after a name, with
    no comma between ('..., Republican Ronald Reagan, a former governor of California,
    narrowly defeats President Ted Kennedy')? What follows is that name's verb."""
    if not words[first].after_comma:
        return False
    openings = [end for end in mentions_end if end < first and words[end].after_comma]
    if not openings:
        return False
    opening = max(openings)
    return not any(words[k].after_comma for k in range(opening + 1, first))


def _referred(words: tuple[Word, ...], mentions: Sequence[Mention]) -> list[Mention]:
    """'Miller reaches Julie Mao inside Eros, and the asteroid ... crashes into Venus': 'the
    asteroid' is Eros, the one name of its kind written before it; not 'the ship
    Marasmus', which names itself."""
    found = list(mentions)
    written = [m for m in mentions if m.start >= 0]
    named = {i for m in written for i in range(m.start, m.end)}
    starts = {m.start for m in written}
    for i, word in enumerate(words):
        kinds = REFERRING.get(word.text)
        if not kinds or i in named or i + 1 in starts or i < 1 or words[i - 1].text != "the":
            continue
        earlier = {m.ids: m for m in written if m.end <= i and m.kind in kinds and not m.demonym}
        if len(earlier) == 1:
            (m,) = earlier.values()
            found.append(Mention(m.names, i, i + 1))
    return found


def read(
    text: str,
    names: NameIndex,
    lexicon: CompiledLexicon,
    *,
    tags: Sequence[str] | None = None,
) -> Reading:
    """Read `text` (a fact when `tags` is given, else a claim, whose names may be misspelt)."""
    text, episodes = episode_refs(text)
    words = analyse_words(text)
    tokens = [w.text for w in words]
    is_fact = tags is not None
    if is_fact:  # 'lock up everyone except Alex Kamal' does not lock him up
        mentions = [
            m
            for m in names.mentions_for_fact(tokens, tags or ())
            if m.start < 1 or not words[m.start].contrasted or tokens[m.start - 1] != "except"
        ]
    else:
        # an alternative the claim rules out ('Mars not Earth') is no name of its event
        mentions = [m for m in names.find(tokens, fuzzy=True) if not words[m.start].contrasted]
    mentions = _referred(words, mentions)
    in_name = {i for m in mentions if m.start >= 0 for i in range(m.start, m.end)}

    heads: list[tuple[int, frozenset[str]]] = []
    all_keys: set[str] = set()
    positions: dict[str, list[int]] = {}
    tail: set[int] = set()
    for i, word in enumerate(words):
        concepts, span = lexicon.concepts_at(words, i) if i not in tail else (frozenset(), 1)
        if is_fact:
            concepts = lexicon.close(concepts)
        keys = (word.stems if not word.stop else frozenset()) | concepts
        for key in keys:
            positions.setdefault(key, []).append(i)
        all_keys |= keys  # a fact's names say things too: 'Martian Marine Corps'
        if i in in_name or i in tail:
            continue
        if span > 1:
            tail.update(range(i + 1, i + span))
        if (
            (not word.stop or span > 1)
            and not word.text.isdigit()
            and not word.contrasted
            and decade_of(word.text) is None  # 'in the 90s' is a when, not a word to match
        ):
            heads.append((i, concepts))

    ends = {m.end: m.start for m in mentions if m.start >= 0}
    starts = {m.start for m in mentions if m.start >= 0}
    people = {m.start for m in mentions if m.start >= 0 and m.kind == "person"}
    verbs = {i: used_as_verb(words, i, ends, starts, people) for i, _ in heads}
    units_list: list[Unit] = []
    last_actor: tuple[Mention, ...] = ()
    # who tells or says something ('Amos tells him ..., says ..., and kills'): a doer too,
    # though 'tells' is no word to match
    tellers = {  # not 'Fred Johnson tells Naomi ..., and she sets off': she is told
        m.end: m
        for m in mentions
        if m.start >= 0
        and m.kind == "person"
        and m.end + 1 < len(words)
        and tokens[m.end] in TELLING
        and tokens[m.end + 1] in ("him", "her", "them")
    }
    told_at = sorted(tellers)
    previous = -1
    for i, concepts in heads:
        told = [tellers[t] for t in told_at if previous < t < i]
        if told:
            last_actor = (told[-1],)
        previous = i
        wordnet: frozenset[str] = frozenset()
        if not words[i].stop:
            pos = "VERB" if verbs[i] else "NOUN"
            readings = lemmas_of(words[i].text)
            lemmas = readings.get(pos, ()) or (() if readings else (words[i].text,))  # 'cop'
            wordnet = lexicon.sense_keys(words, i, lemmas, verb=verbs[i], fact=is_fact)
            all_keys |= wordnet
            for key in wordnet:
                positions.setdefault(key, []).append(i)
        unit = _unit(words, i, concepts, mentions, verbs, last_actor, wordnet)
        unit = _purpose_of(words, unit, units_list)
        if not is_fact and (
            unit.text in names.first_names
            or unit.text in names.character_words
            or _unknown_place(words, i)
            or _listed_with_people(words, i, people, ends)
        ):
            unit = replace(unit, name_like=True)
        units_list.append(unit)
        if unit.actor:
            last_actor = unit.actor
    units = tuple(units_list)
    years, numbers = _numbers(words, in_name, units)
    for mention in mentions:
        for name in mention.names:
            all_keys.add("#" + name.id)
            if mention.start >= 0:
                positions.setdefault("#" + name.id, []).append(mention.start)
    return Reading(
        words,
        units,
        tuple(mentions),
        years,
        numbers,
        frozenset(all_keys),
        {k: tuple(v) for k, v in positions.items()},
        episodes,
        decades=frozenset(d for w in words if (d := decade_of(w.text)) is not None),
    )


DOLLARS = frozenset({"dollar"})  # the key of what a sum counts ('$20 trillion')
# words between a number and what it counts: 'three of Marco's asteroids', '80 of their friends'
BEFORE_COUNTED = frozenset("of the their his her its our s".split())


def _numbers(
    words: tuple[Word, ...], in_name: set[int], units: tuple[Unit, ...]
) -> tuple[frozenset[int], tuple[Number, ...]]:
    years: set[int] = set()
    numbers: list[Number] = []
    by_index = {u.index: u for u in units}
    for i, word in enumerate(words):
        if not word.text.isdigit() or i in in_name:
            continue
        if is_year(word.text):
            years.add(int(word.text))
            continue
        after = [by_index[j] for j in range(i + 1, min(i + 6, len(words))) if j in by_index]
        if after and after[0].text in NOT_COUNTED:
            numbers.append(Number(int(word.text), i, frozenset(), _bound(words, i), True))
            continue  # '11 other men' is not how many men: no total to compare
        head = _counted_after(words, i, by_index, in_name)
        before = by_index.get(i - 1)  # 'ring 673, planet 2', 'Apollo 17'; not 'built 80 miles'
        if head is not None:
            counted = head.keys
        elif before is not None and not before.verb:
            counted = before.keys
        elif any("value" in by_index[j].concepts for j in range(i - 3, i) if j in by_index):
            counted = DOLLARS  # 'worth around 2 trillion': a sum of money
        else:
            counted = frozenset()
        numbers.append(Number(int(word.text), i, counted, _bound(words, i)))
    return frozenset(years), tuple(numbers)


def _counted_after(
    words: tuple[Word, ...], index: int, by_index: dict[int, Unit], in_name: set[int]
) -> Unit | None:
    """What a number counts when a noun follows it: the noun ending the words right after
    it ('seventeen people killed', '70,000 metric tons of', 'two Soviet cosmonauts',
    'three of Marco's asteroids', 'eleven years earlier'), up to a verb, another small word
    or a comma ('Ring 673, planet 2' counts no planets)."""
    head = None
    for j in range(index + 1, min(index + 7, len(words))):
        word = words[j]
        if word.after_comma or word.clause != words[index].clause:
            break
        if j in in_name or (head is None and word.text in BEFORE_COUNTED):
            continue
        unit = by_index.get(j)
        if unit is None or unit.verb:
            break
        readings = lemmas_of(unit.text)
        if head is not None and ("VERB" in readings or "NOUN" not in readings):
            break  # 'years earlier', '300 people die'
        if "NOUN" in readings:
            head = unit
    return head


def _bound(words: tuple[Word, ...], index: int) -> str:
    """What the words before a number make of it: 'more than 700' a least, 'fewer than 10'
    a most, 'about eight' an approximation."""
    one = words[index - 1].text if index >= 1 else ""
    two = f"{words[index - 2].text} {one}" if index >= 2 else ""
    if two in AT_LEAST or one in AT_LEAST:
        return "min"
    if two in AT_MOST or one in AT_MOST:
        return "max"
    return "about" if one in ABOUT else ""


def joined_to_passive(words: tuple[Word, ...], index: int) -> bool:
    """'is shot and killed': a participle joined by 'and' to a passive one is passive too
    ('was court-martialled and dishonourably discharged')."""
    while index > 3 and _adverb(words[index - 1].text):
        index -= 1
    if index < 3 or words[index - 1].text not in ("and", "or"):
        return False
    first = index - 2
    return is_participle(words[first].text) and any(
        words[j].text in BE_WORDS for j in range(max(0, first - 2), first)
    )


def word_before(words: Sequence[Word], start: int) -> str:
    """The word before the one at `start`, past articles and possessives ('on *the* Moon'),
    or ''."""
    j = start - 1
    while j >= 0 and words[j].text in SKIPPABLE:
        j -= 1
    return words[j].text if j >= 0 else ""


def _ergative(words: Sequence[Word], index: int) -> bool:
    """Is the verb said of what it befalls, with nothing after it to act on ('the
    Rocinante blew up', 'the Saturn V explodes on the pad', 'Sojourner 1 crashes'), not
    'blew up the station'?"""
    text = words[index].text
    after = index + 1
    if text in BLOWING and words[after : after + 1] and words[after].text == "up":
        after += 1
    elif text not in ERGATIVE:
        return False
    return after >= len(words) or (
        words[after].clause != words[index].clause
        or words[after].after_comma
        or words[after].text in PREPOSITIONS
        or words[after].text in ("and", "but", "while", "when", "after", "before")
    )


def prep_before(words: Sequence[Word], start: int) -> str:
    """The preposition group governing a name starting at `start`, or ''."""
    return PREPOSITIONS.get(word_before(words, start), "")


def _adverb(word: str) -> bool:
    readings = lemmas_of(word)  # lemminflect lacks some ('dishonourably'): -ly is enough
    return word in ADVERBS or (word.endswith("ly") and ("ADV" in readings or not readings))


def _pronoun_subject(words: tuple[Word, ...], index: int) -> bool:
    """Is a 'he', 'she', 'they' or 'who' the subject of the verb at `index`, or is the
    verb joined to the one before by 'and' or 'but' ('never destroyed it but gave it')?"""
    j = index - 1
    while j > 0 and _adverb(words[j].text):
        j -= 1
    if j >= 0 and words[j].text in ("and", "but"):
        return True
    j = index - 1
    while j >= 0 and index - j <= SLOT_REACH:
        if words[j].text in SUBJECT_PRONOUNS:
            return True
        if not words[j].stop and words[j].text not in ("and", "but"):
            return False
        j -= 1
    return False


def _opener(placed: Sequence[Mention]) -> Mention | None:
    """The person the sentence opens on, whom a later 'he' or 'she' may mean."""
    return next((m for m in placed if m.start == 0 and m.kind == "person"), None)


def _unit(
    words: tuple[Word, ...],
    index: int,
    concepts: frozenset[str],
    mentions: Sequence[Mention],
    verbs: dict[int, bool],
    last_actor: tuple[Mention, ...] = (),
    senses: frozenset[str] = frozenset(),
) -> Unit:
    """One content word and the names in its slots (see the module's docstring)."""
    word = words[index]
    verb = verbs[index]
    heads = verbs.keys()
    keys = (word.stems | doer_stem(word.text) if not word.stop else frozenset()) | concepts | senses
    placed = [  # a possessor ("Miller's friend Sematimba") fills no slot of its own
        m for m in mentions if m.start >= 0 and not is_possessor(words, m)
    ]
    clause = word.clause
    before = [  # not 'Encouraged *by Karen*, Ed decides ...': Karen is no subject
        m
        for m in placed
        if m.end <= index
        and words[m.start].clause == clause
        and not prep_before(words, m.start)
        and word_before(words, m.start) != "by"
    ]
    after = [m for m in placed if m.start > index and words[m.start].clause == clause]
    participle = is_participle(word.text)
    passive = participle and (
        after_passive_aux(words, index)
        or joined_to_passive(words, index)
        # 'the Razorback, renamed "The Screaming Firehawk"': what it follows is acted on
        or (word.after_comma and bool(before) and before[-1].end == index)
    )
    actor: tuple[Mention, ...] = ()
    unnamed = False
    first = [m for m in placed if m.start == 0 and m.end <= index]
    if verb and first and _after_apposition(words, index, {first[0].end: 0}):
        actor = (first[0],)  # "Sam Cleveland, Karen Baldwin's husband, dies"
    elif verb and not passive and last_actor and _second_predicate(words, index, before, verbs):
        actor = last_actor  # 'Gordo and Tracy rescue Molly and then die': they die"
    elif before and any(  # 'Naomi tells Holden ... she gave': she is the one telling, not Holden
        words[j].text in ("he", "she", "they") for j in range(before[-1].end, index)
    ):
        actor = last_actor if verb else ()
        if passive and before[-1] not in last_actor:
            actor = ()  # 'Filip takes Naomi to Marco's ship, where she is locked up': whom?
        opener = _opener(placed)
        if (  # 'Amos tells Prax that he grew up': the teller speaks of himself
            verb
            and not actor
            and opener is not None
            and opener is not before[-1]
            and opener.end < len(words)
            and words[opener.end].text in TELLING
            and words[index - 1].text in ("he", "she")
            and words[index - 2].text in ("that", *before[-1].names[0].id.casefold().split())
        ):
            actor = (opener,)
        if verb and _other_gender_after(words, before[-1].end, index) and before[-1] not in actor:
            actor = (before[-1],)  # 'hands the chip to Shaddid, she fires him': not Miller
        unnamed = verb and not actor
    elif before and any(  # "Earth destroys Deimos, Bobbie's squad, eager to fight":
        is_possessor(words, m)  # the squad fights; not "Drummer seizes Karal's gun,
        and before[-1].end <= m.start < index  # reprograms ...": she does
        and not any(verbs.get(j) for j in range(before[-1].end, m.start))
        for m in mentions
        if m.start >= 0 and words[m.start].clause == clause
    ):
        unnamed = verb and not passive  # ('Amos's leg is broken': by no one named)
    elif before and index - before[-1].end <= SLOT_REACH:
        group = [before[-1]]
        for m in reversed(before[:-1]):
            if {w.text for w in words[m.end : group[-1].start]} <= {"and", "with"}:
                group.append(m)
            else:
                break
        actor = tuple(reversed(group))
    elif verb and last_actor and _pronoun_subject(words, index):
        actor = last_actor  # 'they save Jamestown but die': they are the last ones acting
    elif verb and _pronoun_subject(words, index) and words[index - 1].text in ("he", "she"):
        opener = _opener(placed)
        actor = (opener,) if opener is not None else ()  # 'Holden is alive ...: he joins'
        unnamed = not actor
    patient: tuple[Mention, ...] = ()
    preps: list[tuple[str, Mention]] = []
    agent: Mention | None = None
    title: frozenset[int] = frozenset()  # the words of a title before the one acted on
    for m in after:
        if m.start - index > SLOT_REACH:
            break
        j = m.start - 1
        while j > index and (words[j].text in SKIPPABLE or words[j].text in TITLES):
            j -= 1
        if words[j].text == "by":
            agent = agent or m
            continue
        if any(j in heads and j != index and verbs.get(j) for j in range(index + 1, m.start)):
            break  # another event word comes first: the name is its business
        prep = prep_before(words, m.start)
        if (
            not prep
            and preps
            and preps[-1][1].end == m.start
            and preps[-1][1].kind != m.kind
            and not words[m.start].after_comma
        ):
            prep = preps[-1][0]  # 'aboard the MCRN Hammurabi': the ship, not only its navy
        plain = all(
            words[j].text in DETERMINERS
            or words[j].text in PARTICLES
            or j in title
            or (j > index + 1 and _apposed(words, j, verbs))
            for j in range(index + 1, m.start)
        ) and not any(
            words[j].after_comma for j in range(index + 1, m.start + 1)
        )  # 'shot down the Buran', 'destroys the ship Marasmus': what is shot, destroyed
        if not prep and not patient and not preps and plain and _modifier(words, m, verbs):
            continue  # 'board the Ganymede-bound ship ...', 'hands the Julie Mao data chip'
        if not prep and not patient and not preps and plain and _titled_by(words, m, after):
            title = frozenset(range(m.start, next(n.start for n in after if n.start > m.start)))
            continue  # 'shoves Korzhenko supporter Vasily': Vasily is shoved
        if not prep and not patient and not preps and plain:
            patient = (m,)
        elif (
            not prep
            and patient
            and {w.text for w in words[patient[-1].end : m.start]} <= {"and"}
            and not (  # 'to kill Dr. Strickland, Amos tells': a new subject, no list
                words[m.start].after_comma and m.end < len(words) and words[m.end].text in TELLING
            )
            and not verbs.get(m.end, False)  # 'killed Avasarala, and Johnson spaces him'
            and not (m.end < len(words) and words[m.end].text in SUBJECT_AFTER)
        ):  # nor 'wipes out Deimos and Bobbie ends up punching Travis'
            patient = (*patient, m)
        elif prep:
            preps.append((prep, m))
    if verb:
        opening = next((w.index for w in words if w.clause == clause), index)
        for m in placed:
            if (
                opening < m.start < index
                and prep_before(words, m.start) == "loc"
                and words[m.start - 1].index - opening <= 2  # the clause opens with it
            ):
                preps.append(("loc", m))
    if agent is not None and participle and agent.start - index <= 3:
        passive = True
    if participle and index == 0 and agent is not None and agent.start - index <= SLOT_REACH:
        # 'Fired as XO by Danielle Poole, Ed Baldwin becomes ...': by her, to him
        passive = True
        opened = next(
            (m for m in placed if m.start > agent.end and words[m.start].after_comma), None
        )
        patient = (opened,) if opened is not None and not patient else patient
    causative = _causative_before(words, actor[0].start, mentions) if participle and actor else -1
    if causative >= 0:
        # 'Marco has Fred Johnson assassinated', 'had the Martian defense minister
        # Korshunov poisoned': the one named is acted on, by the causer's order
        causer = [m for m in before if m.end < causative]
        actor, patient = ((causer[-1],) if causer else ()), actor
    elif verb and actor and not participle:
        made = _causative_before(words, actor[0].start, mentions)
        causer = [m for m in before if m.end <= made and m.kind == "person"] if made >= 0 else []
        if causer and words[made].text in ("has", "had", "have"):
            # 'Drummer has the Behemoth fire on the Rocinante': the causer does it too
            actor = (*actor, causer[-1])
    if verb and concepts and concepts <= FATES:
        patient = ()  # 'after Shane dies Ed and Karen adopt ...': dying is done to no one
    befallen = next(  # 'With Drummer badly injured': what befalls the one 'with' names
        (
            m
            for m in placed
            if m.start > 0
            and words[m.start - 1].text == "with"
            and m.end <= index
            and all(_adverb(words[j].text) for j in range(m.end, index))
        ),
        None,
    )
    if participle and not actor and not patient and befallen is not None:
        actor, passive = (befallen,), True
    if passive and last_actor and _joined_passive(words, index):
        actor = last_actor  # 'Manéo flies into the Ring to win back Evita and is killed'
    if passive:  # 'Fred Johnson is killed by Sakai': Sakai acts, Fred Johnson is acted on
        actor, patient = ((agent,) if agent is not None else ()), actor + patient
    if verb and not passive and actor and not patient and _ergative(words, index):
        actor, patient = (), actor  # 'the Rocinante blew up': it is what blew up
    if not verb:  # a noun has no actor; 'manager of Tycho Station' keeps its place
        actor = patient = ()
    objects: list[tuple[str, int]] = []
    if verb:  # 'dies of a stroke': what follows a preposition, when it is not a name
        j = index + 1
        while j < len(words) and j - index <= 3 and words[j].clause == clause:
            governing = PREPOSITIONS.get(words[j].text)
            if governing:
                k = j + 1
                while k < len(words) and words[k].text in SKIPPABLE:
                    k += 1
                if k in heads:
                    objects.append((governing, k))
                break
            j += 1
    if "dismiss" in concepts and not verb and word.text in ("fire", "fires"):
        keys, concepts = keys - {"dismiss"}, concepts - {"dismiss"}  # 'an engine fire'
    if "dismiss" in concepts and len(concepts) > 1 and verb:
        # 'Margo fires Molly', 'fires him' dismiss; 'fires on the Buran', 'fires a missile'
        # shoot; 'is fired' may be either
        following = words[index + 1].text if index + 1 < len(words) else ""
        people = (patient and all(m.kind == "person" for m in patient)) or following in (
            "him",
            "her",
            "them",
        )
        things = (patient and not people) or following in ("on", "at", "upon", "a", "the")
        kept = frozenset({"dismiss"}) if people else concepts - {"dismiss"} if things else concepts
        keys = (keys - concepts) | kept
        if kept == {"dismiss"}:
            keys -= word.stems  # 'Ed was fired' is no 'engine fire'
        concepts = kept
    # a phrase opening on a small word takes the negation before it ('never gets out')
    negated = word.negated or (word.stop and index > 0 and words[index - 1].text in NEGATORS)
    partner = next((m for group, m in preps if group == "with"), None)
    if concepts & TOGETHER and actor and partner is not None and partner.kind == "person":
        # 'Karen sleeps with Ed' is 'Karen and Ed sleep together': both do it
        actor = (*actor, partner)
        preps = [(group, m) for group, m in preps if m is not partner]
    return Unit(
        index,
        word.text,
        keys,
        concepts,
        negated,
        clause,
        verb,
        actor,
        patient,
        tuple(preps),
        tuple(objects),
        word.hedged,
        unnamed_actor=unnamed,
        headed_off=word.headed_off,
    )
