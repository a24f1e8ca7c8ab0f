"""Gender, only where the project's own facts state it, for wrong options of the right kind.

A question whose answer is a relation word that implies a gender ("Who is Anderson Dawes's
sister?") is offered wrong options of that gender only. people.toml records no gender, so
it is read from the shipped facts' own wording, and only where it is unambiguous:

- a relation word naming the person: "his daughter Aleida", "her father, Jules-Pierre
  Mao", "Shane Baldwin is the son of Ed Baldwin";
- a pronoun in a sentence that opens with one named person, before anyone else is named:
  "Kelly Baldwin turns down her father's offer" (quoted speech is left out; a person word
  such as "a woman" or "the captain" before the pronoun, an object pronoun, or "is her"
  makes it say nothing).

A person with evidence both ways, or none, has no recorded gender, and is left out of a
gendered question's wrong options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.answers import normalise

FEMALE = "female"
MALE = "male"

RELATION_GENDERS: Mapping[str, str] = {
    **dict.fromkeys(
        "sister mother mom wife daughter girl woman aunt niece grandmother granddaughter "
        "widow girlfriend fiancee stepmother stepdaughter".split(),
        FEMALE,
    ),
    **dict.fromkeys(
        "brother father dad husband son boy man uncle nephew grandfather grandson widower "
        "boyfriend fiance stepfather stepson".split(),
        MALE,
    ),
}
_RELATION = "|".join(sorted(RELATION_GENDERS, key=len, reverse=True))
# Words for a person who is not named: a pronoun after one of them may be theirs.
_PERSON_NOUNS = (
    rf"{_RELATION}|actor|men|women|people|person|child|children|kids?|parents?|family|crew"
    r"|astronauts?|cosmonauts?|officers?|captain|commander|pilot|engineers?|doctor|nurse"
    r"|soldiers?|marines?|agents?|guards?|leader|president|admiral|general|colonel|spy"
    r"|scientist|reporter|journalist|detective|teenager|baby|friend|lover|partner|someone"
    r"|stranger|belter|martian|earther|inner|miner|worker|prisoner|pirate|killer|assassin"
    r"|member|boss|director|manager|host|senator|minister|secretary|governor|sergeant"
    r"|lieutenant|cadet|recruit|candidate|rival|mentor|protege|widow|widower"
)
_PERSON_NOUN = re.compile(rf"\b(?:{_PERSON_NOUNS})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), FEMALE),
}
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
# "her" before a noun ("her father"), not as an object ("tells her to", "calls her Peaches")
_POSSESSIVE_HER = re.compile(
    r"\s+(?!(?:to|that|and|or|but|the|a|an|in|on|at|from|with|for|of|about|into|as|off|out"
    r"|up|down|back|away|again|when|while|before|after|because|so|if|why|how|what|where"
    r"|who|over|through|by|is|was|not|never)\b)[a-z]"
)
_AFTER_COPULA = re.compile(r"\b(?:is|was|are|were|becomes|became|as)\s+$", re.IGNORECASE)
# What may come before the name that opens a sentence: nothing, or a title.
_TITLES = re.compile(
    r"(?:(?:Captain|Capt\.|Dr\.|Doctor|Detective|Admiral|Colonel|Col\.|General|Commander"
    r"|Lieutenant|Lt\.|Sergeant|Sgt\.|Gunnery|Agent|President|Secretary|Senator|Director"
    r"|Undersecretary|Deputy|Major|Pastor|Mr\.|Mrs\.|Ms\.|Miss|Young|Little|Cosmonaut"
    r"|Astronaut|Chief)\s+)*"
)
_MODIFIER = r"(?:(?:late|younger|older|little|elder|eldest|adopted|estranged|new|only)\s+)?"


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    person: int


class _Names:
    """Finds people named in a text, with one pattern for all their names (built once)."""

    def __init__(self, people: Sequence[Sequence[str]]) -> None:
        self.full: dict[str, set[int]] = {}
        self.short: dict[str, set[int]] = {}
        for index, names in enumerate(people):
            for name in names:
                self.full.setdefault(name, set()).add(index)
                words = name.split()
                if len(words) >= 2:
                    for word in (words[0], words[-1]):
                        if (
                            len(word) >= 3
                            and word[0].isupper()
                            and not _TITLES.fullmatch(word + " ")
                        ):
                            self.short.setdefault(word, set()).add(index)
        forms = sorted({*self.full, *self.short}, key=len, reverse=True)
        alternatives = "|".join(re.escape(form) for form in forms) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    def mentions(self, text: str, tagged: set[int]) -> list[_Mention]:
        """Where the text names a person: by a full name; by a first or last name, the one
        tagged person of the fact who has it. A name several people share (and no single
        tagged one) marks someone else with a negative index."""
        found = []
        for match in self.pattern.finditer(text):
            form = match.group(0)
            owners = self.full.get(form) or set()
            if len(owners) != 1:
                shared = (owners | self.short.get(form, set())) or owners
                mine = shared & tagged
                owners = mine if len(mine) == 1 else {-1 - min(shared)}
            found.append(_Mention(match.start(), match.end(), next(iter(owners))))
        return found


def _relation_votes(text: str, mentions: Sequence[_Mention]) -> list[tuple[int, str]]:
    """ "his daughter Aleida", "her father, Jules-Pierre Mao" (the word just before the
    name), and "Shane Baldwin is the son of" (the word just after it)."""
    votes: list[tuple[int, str]] = []
    before = re.compile(
        rf"\b(?:his|her|their|[\w-]+['’]s)\s+{_MODIFIER}({_RELATION}),?\s+$", re.IGNORECASE
    )
    after = re.compile(rf"^\s+(?:is|was)\s+(?:the|a)\s+{_MODIFIER}({_RELATION})\s+of\b", re.I)
    # "Karen Baldwin, Ed's wife, ..." (a named possessive: "Ed, his wife, ..." may be a list)
    apposed = re.compile(
        rf"^,\s+(?:[A-Z][\w.-]*\s+){{0,2}}[A-Z][\w.-]*['’]s\s+{_MODIFIER}({_RELATION})\s*[,.]"
    )
    for mention in mentions:
        for pattern, part in (
            (before, text[max(0, mention.start - 60) : mention.start]),
            (after, text[mention.end : mention.end + 60]),
            (apposed, text[mention.end : mention.end + 60]),
        ):
            match = pattern.search(part)
            if match:
                votes.append((mention.person, RELATION_GENDERS[match.group(1).lower()]))
    return votes


def _pronoun_vote(sentence: str, mentions: Sequence[_Mention]) -> tuple[int, str] | None:
    """The gender of the pronouns that follow a sentence's subject, when the sentence opens
    with one named person (titles aside), no one else is named and no other person word
    comes before them, and they all agree. An object pronoun ("tells him", "calls her
    Peaches") is someone else's, so only he, she, his, her before a noun and the reflexives
    count."""
    if not mentions or not _TITLES.fullmatch(sentence[: mentions[0].start]):
        return None
    person = mentions[0].person
    stop = min((m.start for m in mentions if m.person != person), default=len(sentence))
    whole = sentence[mentions[0].end : stop]
    noun = _PERSON_NOUN.search(whole)
    head = whole[: noun.start()] if noun is not None else whole
    genders = set()
    for match in _PRONOUN.finditer(head):
        word = match.group(1).lower()
        if word in ("him", "hers"):
            continue
        if word == "her" and not _POSSESSIVE_HER.match(whole[match.end() :]):
            continue
        if _AFTER_COPULA.search(head[: match.start()]):
            continue  # "Oksana is her second in command": someone else's
        genders.add(_PRONOUN_GENDER[word])
    return (person, genders.pop()) if len(genders) == 1 else None


def _fact_votes(text: str, names: _Names, tagged: set[int]) -> list[tuple[int, str]]:
    """What one fact says of its people's genders: (person index, gender) pairs."""
    plain = _QUOTED.sub(" ", " ".join(text.split()))
    mentions = names.mentions(plain, tagged)
    found = _relation_votes(plain, mentions)
    offset = 0
    for sentence in re.split(r"(?<=[.!?])\s+", plain):
        start = plain.index(sentence, offset)
        offset = start + len(sentence)
        inside = [
            _Mention(m.start - start, m.end - start, m.person)
            for m in mentions
            if start <= m.start < offset
        ]
        vote = _pronoun_vote(sentence, inside)
        if vote is not None:
            found.append(vote)
    return found


def merged_groups(groups: Iterable[Sequence[str]]) -> list[list[str]]:
    """Groups of names joined where they share a name: the lexicon's tag 'Ed Baldwin' and
    the cast list's 'Edward "Ed" Baldwin' are one person."""
    merged: list[list[str]] = []
    index: dict[str, int] = {}
    for names in groups:
        keys = {normalise(n) for n in names}
        hits = sorted({index[k] for k in keys if k in index})
        if not hits:
            target = len(merged)
            merged.append([])
        else:
            target = hits[0]
            for other in hits[1:]:
                merged[target].extend(merged[other])
                for name in merged[other]:
                    index[normalise(name)] = target
                merged[other] = []
        merged[target].extend(names)
        for key in keys:
            index[key] = target
    return [list(dict.fromkeys(names)) for names in merged if names]


def genders_from_facts(
    facts: Iterable[tuple[str, Sequence[str]]], people: Iterable[Sequence[str]]
) -> dict[str, str]:
    """Normalised name -> FEMALE or MALE, from facts given as (text, tags), for the people
    given as groups of names (each group every name of one person: a tag and its aliases,
    a cast member's forms; groups sharing a name are one person). Only people whose
    evidence all agrees get a gender."""
    groups = merged_groups([n for n in names if n] for names in people)
    by_name: dict[str, set[int]] = {}
    for index, group in enumerate(groups):
        for name in group:
            by_name.setdefault(normalise(name), set()).add(index)
    names = _Names(groups)
    votes: dict[int, set[str]] = {}
    for text, tags in facts:
        tagged = {i for tag in tags for i in by_name.get(normalise(tag), ())}
        for person, gender in _fact_votes(text, names, tagged):
            if person >= 0:  # not a name several people share
                votes.setdefault(person, set()).add(gender)
    genders: dict[str, str] = {}
    conflicted: set[str] = set()
    for person, seen in votes.items():
        if len(seen) != 1:
            continue
        gender = next(iter(seen))
        for name in groups[person]:
            key = normalise(name)
            if genders.get(key, gender) != gender:
                conflicted.add(key)
            genders[key] = gender
    return {k: v for k, v in genders.items() if k not in conflicted}


# -- what a question asks for --------------------------------------------------------------

_WORDS_BEFORE = r"(?:(?!whose\b|who\b|which\b|that\b)[\w.'’-]+\s+){0,4}?"
_ASKED = (
    # "Who is Julie Mao's father", "Who becomes the first American woman on the Moon?"
    re.compile(
        rf"^(?:who|whom)\s+(?:is|was|are|were|becomes|became)\s+{_WORDS_BEFORE}({_RELATION})\b",
        re.IGNORECASE,
    ),
    # "What is the name of Cara's little brother", "Which Baldwin daughter ..."
    re.compile(
        rf"^(?:which|what)(?:\s+(?:is|was)\s+the\s+name\s+of)?\s+{_WORDS_BEFORE}({_RELATION})\b",
        re.IGNORECASE,
    ),
    # "Which co-founder of Polaris, Karen Baldwin's husband, dies ...?"
    re.compile(
        rf"^(?:which|what|who)\b[^,?]*,\s+(?:[\w.-]+\s+){{0,3}}?[\w.-]+['’]s\s+{_MODIFIER}"
        rf"({_RELATION}),",
        re.IGNORECASE,
    ),
)


def gender_asked(prompt: str) -> str | None:
    """The gender a question's answer must have, when the answer is a relation word that
    implies one: "Who is Anderson Dawes's sister?" -> FEMALE; "Whose daughter is Kelly?"
    (the answer is the parent) and "Which astronaut's wife ...?" -> None."""
    text = _QUOTED.sub(" ", " ".join(prompt.split()))
    if re.match(r"^(?:which|what)\s+[\w-]+['’]s\b", text, re.IGNORECASE):
        return None  # the answer is the one whose relation it is
    for pattern in _ASKED:
        match = pattern.search(text)
        if match:
            return RELATION_GENDERS[match.group(1).lower()]
    return None
