"""Multiple choice: three plausible wrong options of the same kind as the answer (years
near the real one, other ships for a ship, other people for a person, of the answer's
gender where the question implies one), none first seen later than the reader has
watched (hints are in bot/trivia/hints.py)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.answers import check_answer, normalise
from bot.shows import EXPANSE, FAM
from bot.store.records import Fact
from bot.trivia.appearances import (
    FirstSeen,
    Position,
    Sighting,
    first_appearances,
    reader_limits,
)
from bot.trivia.genders import gender_asked, genders_from_facts
from bot.trivia.names import character_name, person_names
from bot.trivia.questions import TriviaQuestion

_NUMBER_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = _NUMBER_TEXT.split()
# Kinds whose other answers make plausible wrong options (a ship for a ship). "group"
# mixes churches, countries and companies, so it only gets curated choices.
# "person" is a character and "actor" one of the cast: never offered for each other.
POOLED_KINDS = (
    "person",
    "actor",
    "craft",
    "body",
    "geo",
    "site",
    "mission",
    "number",
    "date",
)
PEOPLE_KINDS = ("person", "actor")
# kinds make_choices finds wrong options for without curated ones
CHOICE_KINDS = frozenset({"year", "season", *POOLED_KINDS})


_NUMBER_IN = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_MONTH_DATE = re.compile(r"^(?P<head>.*?)(?P<year>\d{4})(?P<tail>\D*)$")


def _universe(show: str) -> str:
    return EXPANSE if show == EXPANSE else FAM


def _format_number(value: int, template: str) -> str:
    if template[:1].isdigit() or template.startswith("$"):
        return f"{value:,}" if "," in template else str(value)
    word = _NUMBER_WORDS[value] if 0 <= value < len(_NUMBER_WORDS) else str(value)
    return word.capitalize() if template[:1].isupper() else word


def _number_variants(shown: str, rng: random.Random) -> list[str]:
    """The shown amount with its number changed to nearby values: 'Eight miles' ->
    'Eleven miles', '137' -> '96' (from half to twice a number past 12)."""
    match = _NUMBER_IN.search(shown)
    if match is None:
        return []
    token = match.group(0)
    if token[0].isdigit():
        value = float(token.replace(",", ""))
        if not value.is_integer():
            return []
        n = int(value)
    else:
        n = _NUMBER_WORDS.index(token.lower())
    if 1900 <= n <= 2600:
        offsets = [-3, -2, -1, 1, 2, 3, 4, -4, 5, -5]
    elif n <= 12:
        offsets = [-3, -2, -1, 1, 2, 3, 4, 5, 6]
    else:
        offsets = [round(n * f) - n for f in (0.5, 0.7, 0.8, 1.25, 1.5, 2.0)]
    rng.shuffle(offsets)
    out = []
    for offset in offsets:
        value = n + offset
        if value <= 0 or value == n:
            continue
        out.append(shown[: match.start()] + _format_number(value, token) + shown[match.end() :])
    return out


def _names_a_thing(shown: str) -> bool:
    """'Apollo 10' names a thing (a word before its number); '$20 trillion', '137' and
    'Eight miles' are amounts."""
    match = _NUMBER_IN.search(shown)
    return match is not None and any(c.isalpha() for c in shown[: match.start()])


def _named_variants(shown: str, rng: random.Random) -> list[str]:
    """'Apollo 10' with every other number from 1 to well past it: candidates only, for
    make_choices keeps those the data knows ('Apollo 11', never 'Apollo 46')."""
    match = _NUMBER_IN.search(shown)
    if match is None or not match.group(0).isdigit():
        return []
    n = int(match.group(0))
    out = [
        shown[: match.start()] + str(value) + shown[match.end() :]
        for value in range(1, max(2 * n, n + 30) + 1)
        if value != n
    ]
    rng.shuffle(out)
    return out


def _date_variants(shown: str) -> list[str]:
    match = _MONTH_DATE.match(shown)
    if match is None:
        return []
    year = int(match["year"])
    return [f"{match['head']}{year + d}{match['tail']}" for d in (-2, -1, 1, 2, 3)]


def _same_person(option: str, answer: str) -> bool:
    """'Edward Baldwin' and 'Ed Baldwin': same surname, same initial. Spelled-out and
    short first names slip past check_answer, and a quiz must never offer both."""
    a, b = normalise(option).split(), normalise(answer).split()
    return len(a) >= 2 and len(b) >= 2 and a[-1] == b[-1] and a[0][0] == b[0][0]


def _acceptable(option: str, question: TriviaQuestion, taken: list[str]) -> bool:
    """A wrong option: not an accepted answer, and not a form of one already chosen."""
    if not option or len(option) > 80 or question.is_correct(option):
        return False
    if check_answer(question.answer, [option]):
        return False
    if question.kind in PEOPLE_KINDS and any(_same_person(option, a) for a in question.answers):
        return False
    key = normalise(option)
    return all(
        key != normalise(t) and not check_answer(option, [t]) and not _same_person(option, t)
        for t in taken
    )


@dataclass(frozen=True, slots=True)
class ChoicePools:
    """Answers grouped by kind and show, to draw wrong options from, with what the data
    says of each name: where it is first seen, its gender, its kind, and the other names
    of the same thing; built once per bank."""

    by_kind: Mapping[tuple[str, str], tuple[str, ...]]
    event_years: tuple[int, ...] = ()
    first_seen: FirstSeen = field(default_factory=FirstSeen)
    genders: Mapping[str, str] = field(default_factory=dict)  # normalised name -> gender
    name_kinds: Mapping[str, str] = field(default_factory=dict)  # normalised name -> kind
    things: Mapping[str, frozenset[int]] = field(default_factory=dict)  # name -> its groups
    cast: frozenset[str] = frozenset()  # normalised actors' names

    def same_kind(self, kind: str, show: str) -> tuple[list[str], list[str]]:
        """Answers of `kind` from `show`, and from the other shows of its universe."""
        own = list(self.by_kind.get((kind, show), ()))
        cousins = [
            answer
            for (k, other), answers in self.by_kind.items()
            if k == kind and other != show and _universe(other) == _universe(show)
            for answer in answers
        ]
        return own, cousins

    def _recorded(self, name: str, table: Mapping[str, str]) -> str | None:
        """What `table` says of `name`, or of the other names of its thing when they agree."""
        key = normalise(name)
        if key in table:
            return table[key]
        groups = self.things.get(key, frozenset())
        said = {table[k] for k, g in self.things.items() if g & groups and k in table}
        return said.pop() if len(said) == 1 else None

    def gender_of(self, name: str) -> str | None:
        return self._recorded(name, self.genders)

    def kind_of(self, name: str) -> str | None:
        return self._recorded(name, self.name_kinds)

    def one_thing(self, a: str, b: str) -> bool:
        """Two names of one thing: 'Bobbie' and 'Roberta Draper' (a question accepts both),
        'Prax' and 'Praxidike Meng' (an alias)."""
        key_a, key_b = normalise(a), normalise(b)
        return key_a == key_b or bool(
            self.things.get(key_a, frozenset()) & self.things.get(key_b, frozenset())
        )

    def limits(
        self,
        question: TriviaQuestion,
        *,
        progress: Mapping[str, Position] | None = None,
        max_season: int | None = None,
        before_window: Mapping[str, Position] | None = None,
    ) -> dict[str, Position]:
        """How far the question's reader has seen (see reader_limits): up to the question's
        episode; a question no episode places is read as from the episode its answer is
        first seen in."""
        season, episode = question.season, question.episode
        if season is None:
            seen = self.first_seen.of(question.answer).get(question.show)
            season, episode = seen if seen else (None, None)
        return reader_limits(
            question.show,
            season,
            episode=episode or None,
            progress=progress,
            max_season=max_season,
            before_window=before_window,
        )


def choice_pools(
    bank: Iterable[TriviaQuestion],
    *,
    people: Iterable[tuple[str, str]] = (),
    actors: Iterable[tuple[str, str]] = (),
    event_years: Iterable[int] = (),
    facts: Iterable[Fact] = (),
    aliases: Mapping[str, Sequence[str]] | None = None,
    name_kinds: Mapping[str, str] | None = None,
    people_first: Iterable[tuple[str, str, Position]] = (),
    roles: Iterable[tuple[str, str]] = (),
) -> ChoicePools:
    """Pools of shown answers per (kind, show); `people` adds (show, name) character names
    from the store, named the way fans say them (see character_name), and `actors` the
    (show, actor) who play them. A name the cast list knows as an actor's never joins the
    characters' pool, whatever a question's wording made of it.

    Where names are first seen comes from `facts` sourced to an episode (their tags), the
    curated questions' answers (their episode) and `people_first` ((show, name, first
    episode) from the cast list); an actor is first seen where the character they play
    (`roles`: (character, actor)) is; genders from the facts' wording (bot/trivia/genders.py);
    `aliases` (a tag -> its other names) and `name_kinds` (a tag -> person, craft, place...)
    come from the lexicon."""
    bank = list(bank)
    facts = list(facts)
    people = list(people)
    aliases = aliases or {}
    cast = {normalise(actor) for _, actor in actors if actor}
    pools: dict[tuple[str, str], list[str]] = {}
    for question in bank:
        if question.kind in POOLED_KINDS and not question.generated:
            kind = question.kind
            if kind == "person" and normalise(question.answer) in cast:
                kind = "actor"
            pools.setdefault((kind, question.show), []).append(question.answer)
    for show, name in people:
        pools.setdefault(("person", show), []).append(character_name(name))
    for show, actor in actors:
        if actor:
            pools.setdefault(("actor", show), []).append(actor)

    # names of one thing: a character's forms, a tag and its aliases, a question's answers
    characters = [person_names(name) for _, name in people]
    tagged = [[tag, *others] for tag, others in aliases.items()]
    answered = [list(q.answers) for q in bank if not q.generated]
    things: dict[str, set[int]] = {}
    for index, names in enumerate([*characters, *tagged, *answered]):
        for name in names:
            things.setdefault(normalise(name), set()).add(index)

    sightings = [
        Sighting((tag,), fact.show, (fact.episode.season, fact.episode.number))
        for fact in facts
        if fact.episode is not None
        for tag in fact.tags
    ]
    sightings += [
        Sighting(q.answers, q.show, (q.season, q.episode or 0))
        for q in bank
        if not q.generated and q.season is not None
    ]
    sightings += [Sighting(tuple(person_names(name)), show, at) for show, name, at in people_first]
    played = [[actor, *person_names(name)] for name, actor in roles if actor]
    first_seen = first_appearances(sightings, [*characters, *tagged, *answered, *played])

    kinds = {normalise(name): kind for name, kind in (name_kinds or {}).items()}
    persons = [[tag, *aliases.get(tag, ())] for tag, kind in (name_kinds or {}).items()]
    persons = [names for names in persons if kinds.get(normalise(names[0])) == "person"]
    genders = genders_from_facts(
        ((fact.text, fact.tags) for fact in facts), [*persons, *characters]
    )
    return ChoicePools(
        {key: tuple(dict.fromkeys(values)) for key, values in pools.items()},
        tuple(sorted(set(event_years))),
        first_seen=first_seen,
        genders=genders,
        name_kinds=kinds,
        things={key: frozenset(groups) for key, groups in things.items()},
        cast=frozenset(cast),
    )


def make_choices(
    question: TriviaQuestion,
    pools: ChoicePools,
    *,
    rng: random.Random | None = None,
    count: int = 4,
    minimum: int | None = None,
    limits: Mapping[str, Position] | None = None,
) -> tuple[list[str], int] | None:
    """`count` options (the answer among plausible wrong ones of the same kind) and the
    index of the right one; with fewer plausible wrong options, as many as there are down
    to `minimum` options (never fewer than 2; by default `count`), else None.

    Wrong options come from the question's own `choices` first, then: years near the real
    one (the timeline's own event years first); other seasons of the show; an amount
    nudged within range ("Eight miles" -> "Eleven miles", "137" -> "96": from half to
    twice a number past 12); a numbered name with another number, only where the data
    knows that name ("Apollo 10" -> "Apollo 15", never "Apollo 46"); other answers of the
    same kind from the same show, then from the same universe (people for people, ships
    for ships).

    None of them spoils: a name first seen past `limits` (how far the reader has seen, per
    show; by default up to the question's own episode, see ChoicePools.limits) is never offered,
    nor one the data places nowhere from the pools of names. None is another name of the
    answer or of another option, nor of another kind than the answer where the lexicon
    knows both. When the answer is a relation word that implies a gender ("Who is Anderson
    Dawes's sister?"), only people the facts give that gender are offered.
    """
    rng = rng or random.Random()
    limits = pools.limits(question) if limits is None else limits
    needed = max(2, count if minimum is None else min(minimum, count)) - 1
    kind = question.kind
    if kind == "person" and normalise(question.answer) in pools.cast:
        kind = "actor"  # "Which Expanse cast member directed ...?"
    gender = gender_asked(question.prompt) if kind == "person" else None
    if gender is not None and pools.gender_of(question.answer) not in (None, gender):
        gender = None  # the relation word was not the answer's ("Whose son ...?")
    answer_kind = pools.kind_of(question.answer)
    wrong: list[str] = []

    def fits(option: str, *, pooled: bool) -> bool:
        if not _acceptable(option, question, [question.answer, *wrong]):
            return False
        if any(pools.one_thing(option, taken) for taken in [*question.answers, *wrong]):
            return False
        seen = pools.first_seen.seen_within(option, limits)
        if seen is False or (seen is None and pooled):
            return False
        option_kind = pools.kind_of(option)
        if answer_kind and option_kind and option_kind != answer_kind:
            return False
        return gender is None or pools.gender_of(option) == gender

    def offer(options: Iterable[str], *, pooled: bool = False) -> None:
        for option in options:
            if len(wrong) >= count - 1:
                return
            if fits(option, pooled=pooled):
                wrong.append(option)

    offer(question.choices)
    if kind == "year":
        year = int(question.answer)
        near = [y for y in pools.event_years if 0 < abs(y - year) <= 8]
        rng.shuffle(near)
        offer(str(y) for y in near[:2])
        offer(_number_variants(question.answer, rng))
    elif kind == "season":
        asked = question.season or 0
        others = sorted((s for s in question.seasons if s != asked), key=lambda s: abs(s - asked))
        offer(f"Season {s}" for s in others)
    elif kind == "date":
        offer(_date_variants(question.answer))
    elif kind in ("number", "mission") and _names_a_thing(question.answer):
        offer(_named_variants(question.answer, rng), pooled=True)  # only names the data knows
    elif kind in ("number", "mission"):
        offer(_number_variants(question.answer, rng))
    if kind in POOLED_KINDS and len(wrong) < count - 1:
        digits = bool(re.search(r"\d", question.answer))
        own, cousins = pools.same_kind(kind, question.show)
        for candidates in (own, cousins):
            alike = [a for a in candidates if bool(re.search(r"\d", a)) == digits]
            rng.shuffle(alike)
            offer(alike, pooled=True)
    if len(wrong) < needed:
        return None
    options = [*wrong, question.answer]
    rng.shuffle(options)
    return options, options.index(question.answer)
