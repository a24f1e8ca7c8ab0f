"""Trivia: the question bank, multiple-choice options, fair judging and the night's rounds.

Everything here is plain Python (no discord import) so that it can be tested and
benchmarked directly:

- the *bank*: curated questions from the store plus questions generated from dated facts
  ("which year goes in the blank?", "in which season is this shown?"), each carrying the
  source of its answer;
- *choices*: three plausible wrong options of the same kind as the answer (years near the
  real one, other ships for a ship, other people for a person);
- *judging*: `RoundJudge` collects a round's guesses and picks the first correct one by
  Discord's own clock (the snowflake), not by the order the bot happened to read them;
- *nights*: `NightPlan`, a small state machine that says what is due at a given moment
  (a question, a hint, the end of a round, the end of the night).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json
import random
import re
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers import (
    KnownNames,
    check_answer,
    looks_like_several_guesses,
    name_key,
    normalise,
)
from bot.episodes import source_label
from bot.errors import UserFacingError
from bot.store.records import SHOW_LABELS, Fact, Question

if TYPE_CHECKING:
    from bot.store import Store


SHOWS = ("fam", "starcity", "expanse")
DIFFICULTIES = ("easy", "medium", "hard")
POINTS = {"easy": 1, "medium": 2, "hard": 3}

ROUNDS_RANGE = (1, 30)
SECONDS_RANGE = (10, 120)
GRACE_SECONDS = 1.5  # answers that reach us late but were sent earlier still win
PAUSE_SECONDS = 6.0  # between the reveal and the next question
MAX_GUESS_LENGTH = 200  # longer messages are chatter, never judged
GUESSES_PER_ROUND = 6  # per player
MIN_GAP_MS = 750  # per player, between two judged guesses (Discord time)
STALE_NIGHT = dt.timedelta(hours=2)  # a night idle this long is ended, not resumed
DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_ms(snowflake: int) -> int:
    """The Unix time in milliseconds at which Discord created `snowflake`."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


# --------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TriviaQuestion:
    """One question as trivia asks it: prompt, accepted answers, source, kind of answer."""

    key: str
    show: str
    prompt: str
    answers: tuple[str, ...]  # accepted forms; the first is the one shown
    difficulty: str
    source: str  # shown with the answer: episode label and/or page title
    source_url: str = ""
    season: int | None = None  # season of the source episode, for max_season
    kind: str = "other"  # see classify(); "year" and "season" for generated questions
    choices: tuple[str, ...] = ()  # curated wrong options, if any
    generated: bool = False
    seasons: tuple[int, ...] = ()  # the show's seasons, for season questions' options

    @property
    def answer(self) -> str:
        return self.answers[0]

    @property
    def family(self) -> str:
        """curated, year or season: how the question was made."""
        return self.kind if self.generated else "curated"

    @property
    def origin(self) -> str:
        """What the question is about: its own key, or the fact it was generated from."""
        for prefix in ("gen-year-", "gen-season-"):
            if self.key.startswith(prefix):
                return self.key.removeprefix(prefix)
        return self.key

    @property
    def points(self) -> int:
        return POINTS.get(self.difficulty, 1)

    def is_correct(self, guess: str, known: KnownNames | None = None) -> bool:
        """Whether `guess` gives the answer; `known` (the bank's names) refuses near-misses
        that are another character's, ship's or place's name."""
        return check_answer(guess, self.answers, known)

    def to_json(self) -> str:
        return json.dumps(
            {
                "key": self.key,
                "show": self.show,
                "prompt": self.prompt,
                "answers": list(self.answers),
                "difficulty": self.difficulty,
                "source": self.source,
                "source_url": self.source_url,
                "season": self.season,
                "kind": self.kind,
                "choices": list(self.choices),
                "generated": self.generated,
                "seasons": list(self.seasons),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> TriviaQuestion:
        data = json.loads(text)
        return cls(
            key=data["key"],
            show=data["show"],
            prompt=data["prompt"],
            answers=tuple(data["answers"]),
            difficulty=data["difficulty"],
            source=data["source"],
            source_url=data.get("source_url", ""),
            season=data.get("season"),
            kind=data.get("kind", "other"),
            choices=tuple(data.get("choices", ())),
            generated=bool(data.get("generated", False)),
            seasons=tuple(data.get("seasons", ())),
        )


# -- what kind of thing the answer is --------------------------------------------------

_CRAFT = (
    r"ship|spacecraft|shuttle|rocket|lunar module|module|hauler|freighter|flagship|frigate"
    r"|vessel|telescope"
)
_GROUP = (
    r"company|corporation|party|church|denomination|force|organisation|organization|navy"
    r"|country|nation|agency"
)
_PERSON = (
    r"astronaut|cosmonaut|officer|leader|leaders|administrator|director|actor|cast member"
    r"|member|doctor|detective|smuggler|technician|general|official|colonel|character"
    r"|hardliner|legend|traitor|minister|secretary|president|pastor|founder|co-founder"
    r"|survivor|documentary maker|candidate|veteran|relatives|spy|girl|boy|daughter|son"
    r"|brother|sister|father|mother|wife|husband|handler|stowaway|belter|operative"
)
_BODY = r"planet|moon|moons|asteroid|dwarf planet"
_GEO = r"city|state|us state|island|region|town"
_SITE = r"station|hotel|moon base|base|crater|settlement|colony|penitentiary|prison|canyon"
# Up to `n` words between "which"/"what" and the noun, none of them a verb: "which MCRN
# flagship" is a ship, but in "which crop was botanist Prax Meng..." the noun is "crop".
_NOT_VERB = r"(?!(?:is|was|are|were|does|did|do|has|had|can|will)\b)"


def _head(nouns: str, words: int = 4) -> re.Pattern[str]:
    name_of = r"(?:\s+(?:is|was)\s+the\s+(?:name|real name|code name|title)\s+of)?"
    between = rf"(?:\s+{_NOT_VERB}[\w'’.-]+){{0,{words}}}?"
    return re.compile(rf"\b(?:which|what){name_of}{between}\s+(?:{nouns})\b")


_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"\bwhat kind of\b|\bhow (?:does|did|do)\b|\bwhy\b")),
    # "Who ...", "To whom ...", "In For All Mankind, who is the ...", "... resigns. Who ..."
    # but not a relative clause: "Julie Mao's pet rat, whose story she tells".
    (
        "person",
        re.compile(
            r"^(?:who|whom|whose)\b|\bto whom\b|[.?!:]\s*(?:who|whom|whose)\b"
            r"|,\s*(?:who|whom)\s+(?:is|was|does|did)\s+(?:the|her|his)\b|,\s*whom\s+(?:does|did)\b"
        ),
    ),
    ("craft", _head(_CRAFT)),
    ("group", _head(_GROUP)),
    ("person", _head(_PERSON)),
    ("site", _head(_SITE)),
    ("body", _head(_BODY)),
    ("geo", _head(_GEO)),
)
_YEAR = re.compile(r"^(19|20|21|22|23|24|25)\d\d$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC = re.compile(r"^\$?\d[\d,.]*(?:\s+\w+){0,2}$")
_HOW_MUCH = re.compile(r"\bhow (?:many|much|close|far|long)\b|\bestimated value\b")
_NUMBER_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = _NUMBER_TEXT.split()
# Kinds whose other answers make plausible wrong options (a ship for a ship). "group"
# mixes churches, countries and companies, so it only gets curated choices.
POOLED_KINDS = ("person", "craft", "body", "geo", "site", "mission", "number", "date")


def classify(prompt: str, answers: Sequence[str]) -> str:
    """The kind of answer a curated question expects, from its wording and its answers."""
    shown = answers[0].strip()
    text = " ".join(prompt.lower().split())
    if any(_ISO_DATE.match(a.strip()) for a in answers):
        return "date"
    if _YEAR.match(shown):
        return "year"
    if _HOW_MUCH.search(text) or _NUMERIC.match(shown):
        return "number"
    if re.search(r"\s(?:and|&)\s", shown):
        return "other"  # a pair ("Gordo and Tracy Stevens"): no options of the same shape
    if re.search(r"\bmission\b", text) and re.search(r"\d", shown):
        return "mission"  # "Apollo 10"
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "other"


def question_from_curated(question: Question) -> TriviaQuestion:
    return TriviaQuestion(
        key=question.key,
        show=question.show,
        prompt=question.question,
        answers=question.answers,
        difficulty=question.difficulty,
        source=source_label(question.episode, question.source_title),
        source_url=question.source_url or (question.episode.source_url if question.episode else ""),
        season=question.episode.season if question.episode else None,
        kind=classify(question.question, question.answers),
        choices=question.choices,
    )


# -- questions generated from facts ----------------------------------------------------

BLANK = "____"
_FOUR_DIGITS = re.compile(r"(?<![\w])(\d{4})(?![\w])")
# "a nine-year jump from 2003 to 2012": with another year in the text, the answer is sums.
_RELATIVE_TIME = re.compile(
    r"\b[\w-]+[- ]years?\b(?:\s+(?:earlier|later|after|before|jump|on))?|\bdecades?\b|\bjump\b",
    re.IGNORECASE,
)
_SEASON_WORDS = re.compile(r"\b(?:season|seasons|finale|premiere|pilot)\b", re.IGNORECASE)


def _show_title(show: str) -> str:
    return SHOW_LABELS.get(show, show)


def year_question(fact: Fact) -> TriviaQuestion | None:
    """'Which year goes in the blank?' for a FAM event dated to an exact year.

    Only when the prompt reads cleanly and gives nothing away: the year is blanked wherever
    it is written, and the fact is skipped when the year still shows inside another token
    ("2003LC", "Mars-94") or could be worked out from another year and a stated interval.
    """
    if (
        fact.universe != "fam"
        or fact.kind != "event"
        or fact.approximate
        or fact.year_from is None
        or fact.year_from != fact.year_to
        or not fact.when_label
    ):
        return None
    year = str(fact.year_from)
    text = " ".join(fact.text.split())
    blanked = _FOUR_DIGITS.sub(lambda m: BLANK if m.group(1) == year else m.group(1), text)
    if year in blanked or year[2:] in [t[1:] for t in re.findall(r"[-'’]\d\d\b", blanked)]:
        return None  # the year hides in "2003LC", or as "Mars-94" / "'94"
    others = [y for y in _FOUR_DIGITS.findall(blanked) if y != year]
    if others and _RELATIVE_TIME.search(blanked):
        return None  # "a nine-year jump from 2003 to ____"
    if BLANK in blanked:
        prompt = f"Which year goes in the blank? “{blanked}”"
    else:
        prompt = f"In what year does this happen in {_show_title(fact.show)}? “{text}”"
    return TriviaQuestion(
        key=f"gen-year-{fact.key}",
        show=fact.show,
        prompt=prompt,
        answers=(year,),
        difficulty="medium",
        source=source_label(fact.episode, fact.source_title),
        source_url=fact.source_url or (fact.episode.source_url if fact.episode else ""),
        season=fact.episode.season if fact.episode else None,
        kind="year",
        generated=True,
    )


def season_question(fact: Fact, seasons: Sequence[int]) -> TriviaQuestion | None:
    """'In which season of <show> is this shown?' for an event with a source episode.

    Skipped when the text itself talks about seasons, finales or premieres, and when the
    show has fewer than four seasons to choose from.
    """
    if fact.kind != "event" or fact.episode is None or len(seasons) < 4:
        return None
    text = " ".join(fact.text.split())
    if _SEASON_WORDS.search(text):
        return None
    number = fact.episode.season
    return TriviaQuestion(
        key=f"gen-season-{fact.key}",
        show=fact.show,
        prompt=f"In which season of {_show_title(fact.show)} is this shown? “{text}”",
        answers=(f"Season {number}", str(number)),
        difficulty="hard",
        source=source_label(fact.episode, fact.source_title),
        source_url=fact.episode.source_url or fact.source_url,
        season=number,
        kind="season",
        generated=True,
        seasons=tuple(seasons),
    )


def build_bank(
    curated: Iterable[Question],
    facts: Iterable[Fact],
    seasons: Mapping[str, Sequence[int]],
) -> list[TriviaQuestion]:
    """Every question trivia can ask: curated ones, then those generated from facts.

    A generated question that a curated one already asks (same show, same answer, and the
    curated prompt names one of the fact's tags) is left out.
    """
    bank = [question_from_curated(q) for q in curated]
    by_answer: dict[tuple[str, str], list[str]] = {}
    for question in bank:
        for answer in {normalise(a) for a in question.answers}:
            by_answer.setdefault((question.show, answer), []).append(question.prompt.lower())
    seen = {q.key for q in bank}
    generated: list[TriviaQuestion] = []
    for fact in facts:
        for made in (year_question(fact), season_question(fact, seasons.get(fact.show, ()))):
            if made is None or made.key in seen:
                continue
            prompts = by_answer.get((made.show, normalise(made.answer)), [])
            if any(tag.lower() in prompt for prompt in prompts for tag in fact.tags):
                continue
            seen.add(made.key)
            generated.append(made)
    return bank + generated


def filter_bank(
    bank: Iterable[TriviaQuestion],
    *,
    show: str | None = None,
    difficulty: str | None = None,
    max_season: int | None = None,
) -> list[TriviaQuestion]:
    """Questions for `show` (None = any), `difficulty` (None = any), and, with max_season,
    only those whose source episode is in that season or earlier (page-only sources,
    which cannot be placed, are left out)."""
    return [
        q
        for q in bank
        if (show is None or q.show == show)
        and (difficulty is None or q.difficulty == difficulty)
        and (max_season is None or (q.season is not None and q.season <= max_season))
    ]


# Among questions asked equally long ago (or never), how often each family is drawn, so
# the hundreds of generated season questions do not crowd out the curated ones.
FAMILY_WEIGHTS = {"curated": 6, "year": 2, "season": 2}


def pick_question(
    candidates: Sequence[TriviaQuestion],
    asked_at: Mapping[str, dt.datetime],
    *,
    exclude: Iterable[str] = (),
    rng: random.Random | None = None,
) -> TriviaQuestion | None:
    """The least recently asked candidate (never asked first).

    `exclude` holds keys or origins already used (a night never asks about the same fact
    twice, as a year and as a season question). Ties are broken at random, first choosing
    a family by FAMILY_WEIGHTS, then a question within it.
    """
    rng = rng or random.Random()
    excluded = set(exclude)
    pool = [q for q in candidates if q.key not in excluded and q.origin not in excluded]
    if not pool:
        return None
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    oldest = min(asked_at.get(q.key, never) for q in pool)
    tier = [q for q in pool if asked_at.get(q.key, never) == oldest]
    families: dict[str, list[TriviaQuestion]] = {}
    for question in tier:
        families.setdefault(question.family, []).append(question)
    names = sorted(families)
    family = rng.choices(names, weights=[FAMILY_WEIGHTS.get(n, 1) for n in names])[0]
    return rng.choice(families[family])


# --------------------------------------------------------------------------------------
# Multiple choice
# --------------------------------------------------------------------------------------

_NUMBER_IN = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_MONTH_DATE = re.compile(r"^(?P<head>.*?)(?P<year>\d{4})(?P<tail>\D*)$")


def _universe(show: str) -> str:
    return "expanse" if show == "expanse" else "fam"


def _format_number(value: int, template: str) -> str:
    if template[:1].isdigit() or template.startswith("$"):
        return f"{value:,}" if "," in template else str(value)
    word = _NUMBER_WORDS[value] if 0 <= value < len(_NUMBER_WORDS) else str(value)
    return word.capitalize() if template[:1].isupper() else word


def _number_variants(shown: str, rng: random.Random) -> list[str]:
    """The shown answer with its number changed to nearby values: 'Apollo 10' -> 'Apollo 12'."""
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
    if question.kind == "person" and any(_same_person(option, a) for a in question.answers):
        return False
    key = normalise(option)
    return all(
        key != normalise(t) and not check_answer(option, [t]) and not _same_person(option, t)
        for t in taken
    )


@dataclass(frozen=True, slots=True)
class ChoicePools:
    """Answers grouped by kind and show, to draw wrong options from; built once per bank."""

    by_kind: Mapping[tuple[str, str], tuple[str, ...]]
    event_years: tuple[int, ...] = ()

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


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_QUOTED_NICKNAME = re.compile(r'^(?P<first>\S+)\s+"(?P<nick>[^"]+)"\s+(?P<rest>.+)$')


def _character_name(name: str) -> str:
    """How fans name a character: 'Edward "Ed" Baldwin' -> 'Ed Baldwin', and
    'Ellen Wilson (née Waverly)' -> 'Ellen Wilson'."""
    name = _PARENTHESES.sub("", name).strip()
    match = _QUOTED_NICKNAME.match(name)
    return f"{match['nick']} {match['rest']}" if match else name.replace('"', "")


def choice_pools(
    bank: Iterable[TriviaQuestion],
    *,
    people: Iterable[tuple[str, str]] = (),
    event_years: Iterable[int] = (),
) -> ChoicePools:
    """Pools of shown answers per (kind, show); `people` adds (show, name) character names
    from the store, named the way fans say them (see _character_name)."""
    pools: dict[tuple[str, str], list[str]] = {}
    for question in bank:
        if question.kind in POOLED_KINDS and not question.generated:
            pools.setdefault((question.kind, question.show), []).append(question.answer)
    for show, name in people:
        pools.setdefault(("person", show), []).append(_character_name(name))
    return ChoicePools(
        {key: tuple(dict.fromkeys(values)) for key, values in pools.items()},
        tuple(sorted(set(event_years))),
    )


def make_choices(
    question: TriviaQuestion,
    pools: ChoicePools,
    *,
    rng: random.Random | None = None,
    count: int = 4,
) -> tuple[list[str], int] | None:
    """`count` options (the answer among plausible wrong ones of the same kind) and the
    index of the right one; None when there are not enough plausible wrong options.

    Wrong options come from the question's own `choices` first, then: years near the real
    one (the timeline's own event years first); other seasons of the show; the number in
    the answer nudged ("Apollo 10" -> "Apollo 12"); other answers of the same kind from the
    same show, then from the same universe (people for people, ships for ships).
    """
    rng = rng or random.Random()
    wrong: list[str] = []

    def offer(options: Iterable[str]) -> None:
        for option in options:
            if len(wrong) >= count - 1:
                return
            if _acceptable(option, question, [question.answer, *wrong]):
                wrong.append(option)

    offer(question.choices)
    kind = question.kind
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
    elif kind in ("number", "mission"):
        offer(_number_variants(question.answer, rng))
    if kind in POOLED_KINDS and len(wrong) < count - 1:
        digits = bool(re.search(r"\d", question.answer))
        own, cousins = pools.same_kind(kind, question.show)
        for candidates in (own, cousins):
            alike = [a for a in candidates if bool(re.search(r"\d", a)) == digits]
            rng.shuffle(alike)
            offer(alike)
    if len(wrong) < count - 1:
        return None
    options = [*wrong, question.answer]
    rng.shuffle(options)
    return options, options.index(question.answer)


# --------------------------------------------------------------------------------------
# Hints
# --------------------------------------------------------------------------------------


def hint_for(question: TriviaQuestion) -> str:
    """A hint that narrows the answer without giving it: initials, or the shape of a number."""
    answer = question.answer
    year = re.search(r"\b(1[89]|2\d)\d\d\b", answer)
    if question.kind in ("year", "date") and year:
        return f"It happens in the {year.group(0)[:3]}0s."
    if question.kind == "season" and question.season is not None and question.seasons:
        low = max(min(question.seasons), min(question.season - 1, max(question.seasons) - 2))
        return f"One of seasons {low}, {low + 1} and {low + 2}."
    number = re.search(r"\d[\d,]*", answer)
    if question.kind == "number" and number:
        digits = len(number.group(0).replace(",", ""))
        return f"The number has {digits} digit{'s' if digits != 1 else ''}."
    words = []
    for word in answer.split():
        letters = [c for c in word if c.isalnum()]
        if len(letters) <= 1:
            words.append(word)
            continue
        first = True
        masked = []
        for c in word:
            if c.isalnum():
                masked.append(c if first else "＿")
                first = False
            else:
                masked.append(c)
        words.append("".join(masked))
    return "Initials: " + " ".join(words)


# --------------------------------------------------------------------------------------
# Judging a round fairly
# --------------------------------------------------------------------------------------


class Verdict(enum.StrEnum):
    CORRECT = "correct"
    WRONG = "wrong"
    SEVERAL = "several"  # a hedge between answers ("Ceres or Eros"): never scores
    ALREADY_RIGHT = "already_right"  # this player is already right; nothing more to judge
    RATE_LIMITED = "rate_limited"  # too many guesses, or too fast
    EARLY = "early"  # sent before the question was posted
    LATE = "late"  # sent after the round's time ran out (by Discord's clock)
    CLOSED = "closed"  # arrived after the round was decided
    IGNORED = "ignored"  # empty or far too long to be an answer


@dataclass(frozen=True, slots=True)
class Correct:
    user_id: int
    snowflake: int
    received_at: dt.datetime
    via: str


@dataclass(slots=True)
class _Player:
    guesses: int = 0
    last_ms: int = -(10**15)
    right: bool = False


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    winner: Correct | None
    winner_ms: int | None  # from the question to the winning guess, by Discord's clock
    correct: tuple[Correct, ...]  # every correct guess, earliest first
    players: int  # how many people guessed at all
    guesses: int  # judged guesses


class RoundJudge:
    """One round's guesses. `submit` is O(1) for refused guesses and caches verdicts per
    text, so a thousand players (or one spammer) cost about the same per message.

    Fairness: the winner is the correct guess with the smallest snowflake (Discord's time
    of sending), not the first one we read. The round is decided `grace` seconds after the
    first correct guess reached us (by the bot's clock), so a guess sent earlier but
    delivered a little later still wins.

    The judge exists before the question is posted (so that no answer arriving while the
    post completes is lost); `open(message_id)` then fixes the start, and any guess sent
    before the question existed is dropped.
    """

    __slots__ = (
        "_cache",
        "_players",
        "closed",
        "correct",
        "deadline_ms",
        "first_correct_at",
        "grace",
        "guesses",
        "known",
        "max_guesses",
        "max_length",
        "min_gap_ms",
        "opened_id",
        "opened_ms",
        "question",
        "seconds",
    )

    def __init__(
        self,
        question: TriviaQuestion,
        *,
        seconds: float,
        opened_id: int | None = None,
        grace: float = GRACE_SECONDS,
        max_guesses: int = GUESSES_PER_ROUND,
        min_gap_ms: int = MIN_GAP_MS,
        max_length: int = MAX_GUESS_LENGTH,
        known: KnownNames | None = None,
    ) -> None:
        self.question = question
        self.known = known
        self.seconds = seconds
        self.opened_id = 0
        self.opened_ms = 0
        self.deadline_ms = 2**63  # no limit until the question is posted
        self.grace = dt.timedelta(seconds=grace)
        self.max_guesses = max_guesses
        self.min_gap_ms = min_gap_ms
        self.max_length = max_length
        self.correct: list[Correct] = []
        self.first_correct_at: dt.datetime | None = None
        self.guesses = 0
        self.closed = False
        self._players: dict[int, _Player] = {}
        self._cache: dict[str, bool] = {}
        if opened_id is not None:
            self.open(opened_id)

    @property
    def players(self) -> int:
        return len(self._players)

    @property
    def is_open(self) -> bool:
        return self.opened_id != 0

    def open(self, opened_id: int) -> None:
        """The question is posted as message `opened_id`: time runs from its snowflake."""
        self.opened_id = opened_id
        self.opened_ms = snowflake_ms(opened_id)
        self.deadline_ms = self.opened_ms + int(self.seconds * 1000)
        early = [c for c in self.correct if c.snowflake <= opened_id]
        if not early:
            return
        for guess in early:
            self._players[guess.user_id].right = False
        self.correct = [c for c in self.correct if c.snowflake > opened_id]
        self.first_correct_at = min((c.received_at for c in self.correct), default=None)

    def reopen(self, message_id: int) -> None:
        """The question is asked again (after a restart) as `message_id`: guesses still
        count from the first posting, and the time runs again from this one."""
        self.deadline_ms = snowflake_ms(message_id) + int(self.seconds * 1000)

    def submit(
        self,
        user_id: int,
        snowflake: int,
        text: str,
        received_at: dt.datetime,
        *,
        via: str = "chat",
    ) -> Verdict:
        """Judge one guess. Refusals are decided before any text is examined."""
        if self.closed:
            return Verdict.CLOSED
        if snowflake <= self.opened_id:
            return Verdict.EARLY
        sent_ms = snowflake_ms(snowflake)
        if sent_ms > self.deadline_ms:
            return Verdict.LATE
        if not text or len(text) > self.max_length or text.isspace():
            return Verdict.IGNORED
        player = self._players.get(user_id)
        if player is None:
            player = self._players[user_id] = _Player()
        if player.right:
            return Verdict.ALREADY_RIGHT
        if player.guesses >= self.max_guesses or abs(sent_ms - player.last_ms) < self.min_gap_ms:
            return Verdict.RATE_LIMITED
        player.guesses += 1
        player.last_ms = sent_ms
        self.guesses += 1
        key = text.strip().casefold()
        right = self._cache.get(key)
        if right is None:
            right = self._cache[key] = self.question.is_correct(text, self.known)
        if not right:
            return Verdict.SEVERAL if looks_like_several_guesses(text) else Verdict.WRONG
        player.right = True
        self.correct.append(Correct(user_id, snowflake, received_at, via))
        if self.first_correct_at is None:
            self.first_correct_at = received_at
        return Verdict.CORRECT

    def decided_at(self) -> dt.datetime | None:
        """When the round can be decided: the grace window after the first correct guess."""
        return None if self.first_correct_at is None else self.first_correct_at + self.grace

    def outcome(self) -> RoundOutcome:
        """Close the round and name the winner: the earliest correct guess by snowflake."""
        self.closed = True
        ordered = tuple(sorted(self.correct, key=lambda c: c.snowflake))
        winner = ordered[0] if ordered else None
        winner_ms = snowflake_ms(winner.snowflake) - self.opened_ms if winner else None
        return RoundOutcome(winner, winner_ms, ordered, self.players, self.guesses)


# --------------------------------------------------------------------------------------
# A night of rounds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NightConfig:
    rounds: int = 10
    seconds: int = 30
    show: str | None = None
    difficulty: str | None = None
    max_season: int | None = None
    hints: bool = True

    def validate(self) -> NightConfig:
        if not ROUNDS_RANGE[0] <= self.rounds <= ROUNDS_RANGE[1]:
            raise UserFacingError(f"A night has {ROUNDS_RANGE[0]} to {ROUNDS_RANGE[1]} rounds.")
        if not SECONDS_RANGE[0] <= self.seconds <= SECONDS_RANGE[1]:
            raise UserFacingError(
                f"Each question runs {SECONDS_RANGE[0]} to {SECONDS_RANGE[1]} seconds."
            )
        if self.show is not None and self.show not in SHOWS:
            raise UserFacingError("Pick a show: fam, starcity, expanse or any.")
        if self.difficulty is not None and self.difficulty not in DIFFICULTIES:
            raise UserFacingError("Pick a difficulty: easy, medium, hard or any.")
        if self.max_season is not None and not 1 <= self.max_season <= 20:
            raise UserFacingError("max_season is a season number, 1 or more.")
        return self

    def describe(self) -> str:
        show = SHOW_LABELS.get(self.show, "all shows") if self.show else "all shows"
        parts = [
            f"{self.rounds} round{'s' if self.rounds != 1 else ''}",
            f"{self.seconds} s per question",
            show,
            self.difficulty or "any difficulty",
        ]
        if self.max_season is not None:
            parts.append(f"up to season {self.max_season}")
        if not self.hints:
            parts.append("no hints")
        return " · ".join(parts)


class Step(enum.StrEnum):
    ASK = "ask"  # post the next question
    HINT = "hint"
    CLOSE = "close"  # reveal the answer, score the round
    FINISH = "finish"  # post the final scores


@dataclass
class NightPlan:
    """What a running night should do next, from the bot's clock alone.

    The cog executes the step (posting, storing) and reports back with `asked`, `hinted`
    and `closed`; `due(now)` is idempotent, so a tick that finds nothing due does nothing.
    """

    config: NightConfig
    round_number: int = 0  # the current (or last) round
    judge: RoundJudge | None = None  # set while a round is open
    opened_at: dt.datetime | None = None  # bot's clock
    hinted: bool = False
    next_ask_at: dt.datetime | None = None  # after a reveal
    finished: bool = False
    asked_keys: set[str] = field(default_factory=set)

    @property
    def deadline(self) -> dt.datetime | None:
        if self.opened_at is None:
            return None
        return self.opened_at + dt.timedelta(seconds=self.config.seconds)

    def due(self, now: dt.datetime) -> Step | None:
        if self.finished:
            return None
        if self.judge is None:
            if self.round_number >= self.config.rounds:
                return Step.FINISH
            if self.next_ask_at is None or now >= self.next_ask_at:
                return Step.ASK
            return None
        decided = self.judge.decided_at()
        deadline, opened = self.deadline, self.opened_at
        assert deadline is not None and opened is not None
        if decided is not None and now >= decided:
            return Step.CLOSE
        if decided is None and now >= deadline:
            return Step.CLOSE
        half = opened + (deadline - opened) / 2
        if self.config.hints and not self.hinted and now >= half:
            return Step.HINT
        return None

    def wake_at(self) -> dt.datetime | None:
        """The next moment something may become due (None: only an event can change it)."""
        if self.finished:
            return None
        if self.judge is None:
            return self.next_ask_at
        decided = self.judge.decided_at()
        if decided is not None:
            return decided
        assert self.opened_at is not None and self.deadline is not None
        if self.config.hints and not self.hinted:
            return self.opened_at + (self.deadline - self.opened_at) / 2
        return self.deadline

    def asked(self, number: int, judge: RoundJudge, now: dt.datetime) -> None:
        self.round_number = number
        self.judge = judge
        self.opened_at = now
        self.hinted = False
        self.next_ask_at = None
        self.asked_keys.add(judge.question.key)

    def hinted_now(self) -> None:
        self.hinted = True

    def closed(self, now: dt.datetime) -> RoundOutcome:
        assert self.judge is not None
        outcome = self.judge.outcome()
        self.judge = None
        self.opened_at = None
        self.next_ask_at = now + dt.timedelta(seconds=PAUSE_SECONDS)
        return outcome

    def skip_pause(self) -> None:
        self.next_ask_at = None


# --------------------------------------------------------------------------------------
# The trivia season of the leaderboard
# --------------------------------------------------------------------------------------


def quarter_start(now: dt.datetime) -> dt.datetime:
    """The first moment (UTC) of the calendar quarter containing `now`: the trivia season."""
    now = now.astimezone(dt.UTC)
    return dt.datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1, tzinfo=dt.UTC)


def quarter_label(now: dt.datetime) -> str:
    now = now.astimezone(dt.UTC)
    return f"Q{(now.month - 1) // 3 + 1} {now.year}"


# --------------------------------------------------------------------------------------
# Scheduling
# --------------------------------------------------------------------------------------

_IN = re.compile(
    r"^(?:in\s+)?(?P<n>\d{1,4})\s*(?P<unit>m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$"
)
_DISCORD_TIMESTAMP = re.compile(r"^<t:(?P<ts>-?\d{1,12})(?::[tTdDfFR])?>$")
_CLOCK_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s*utc)?$")
MAX_SCHEDULE_AHEAD = dt.timedelta(days=90)
MIN_SCHEDULE_AHEAD = dt.timedelta(minutes=1)
SCHEDULE_RANGE = "Nights can be planned from a minute to 90 days ahead."


def parse_when(text: str, now: dt.datetime) -> dt.datetime:
    """When a scheduled night starts, from what a moderator types.

    Accepted: "in 2 hours", "90m", "3d"; a Discord timestamp "<t:1767225600:F>"; an ISO
    date and time "2026-06-01 20:00" (UTC unless it carries an offset, "…+02:00"); a
    time of day "20:00" (UTC, today or tomorrow). Raises UserFacingError otherwise.
    """
    raw = " ".join(text.strip().lower().split())
    when: dt.datetime | None = None
    if match := _IN.match(raw):
        n, unit = int(match["n"]), match["unit"][0]
        delta = {
            "m": dt.timedelta(minutes=n),
            "h": dt.timedelta(hours=n),
            "d": dt.timedelta(days=n),
        }
        when = now + delta[unit]
    elif match := _DISCORD_TIMESTAMP.match(text.strip()):
        try:
            when = dt.datetime.fromtimestamp(int(match["ts"]), dt.UTC)
        except (OverflowError, OSError, ValueError):  # beyond years 1 to 9999
            raise UserFacingError(f"`{text[:40]}` is out of range. {SCHEDULE_RANGE}") from None
    elif match := _CLOCK_TIME.match(raw):
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise UserFacingError(f"`{text[:40]}` is not a time of day.")
        when = now.astimezone(dt.UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)
        if when <= now:
            when += dt.timedelta(days=1)
    else:
        try:
            parsed = dt.datetime.fromisoformat(raw.replace(" utc", "").upper().replace(" ", "T"))
        except ValueError:
            raise UserFacingError(
                f"I could not read `{text[:40]}` as a time. Try `in 2 hours`, `20:00` (UTC), "
                "`2026-06-01 20:00` (UTC, or add an offset like `+02:00`) or a Discord "
                "timestamp such as `<t:1767225600:F>`."
            ) from None
        when = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    try:
        when = when.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # 0001-01-01 00:00+14:00 is before year 1 in UTC
        raise UserFacingError(f"`{text[:40]}` is out of range. {SCHEDULE_RANGE}") from None
    if when < now + MIN_SCHEDULE_AHEAD:
        raise UserFacingError("That time has passed (or is under a minute away); pick a later one.")
    if when > now + MAX_SCHEDULE_AHEAD:
        raise UserFacingError(SCHEDULE_RANGE)
    return when


def estimated_length(config: NightConfig) -> dt.timedelta:
    """How long a night takes at most: every question runs out, then the pause."""
    per_round = config.seconds + GRACE_SECONDS + PAUSE_SECONDS
    return dt.timedelta(seconds=config.rounds * per_round + 60)


# --------------------------------------------------------------------------------------
# Loading the bank from the store
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bank:
    questions: tuple[TriviaQuestion, ...]
    pools: ChoicePools
    known: KnownNames = field(default_factory=KnownNames)  # every name, for fair judging

    def filtered(
        self,
        *,
        show: str | None = None,
        difficulty: str | None = None,
        max_season: int | None = None,
    ) -> list[TriviaQuestion]:
        return filter_bank(self.questions, show=show, difficulty=difficulty, max_season=max_season)


# Building the bank decodes every dated fact and runs a few regexes on each (tens of ms,
# seconds under load), so each store keeps the banks it built, per scope (0 = the shipped
# base, shared by every server that changed no fact; else the server's id), stamped with
# the dataset marker and the server's overlay revision. Held weakly: a closed store's
# banks go with it.
_BANKS: weakref.WeakKeyDictionary[Store, dict[int, tuple[tuple[object, ...], Bank]]] = (
    weakref.WeakKeyDictionary()
)
_BUILDING: weakref.WeakKeyDictionary[Store, dict[int, asyncio.Lock]] = weakref.WeakKeyDictionary()
MAX_CACHED_BANKS = 32


async def load_bank(
    store: Store,
    guild_id: int,
    *,
    before_build: Callable[[], Awaitable[object]] | None = None,
) -> Bank:
    """The questions this server can be asked (its own fact edits included).

    Cached until the dataset or this server's facts change. `before_build` is awaited
    only when the bank has to be built (e.g. to acknowledge an interaction first); one
    build runs per scope at a time, and concurrent callers wait for it.
    """
    overlay = await store.edits.overlay_revision(guild_id)
    marker = await store.catalog.loaded_marker()
    if overlay is None:  # a write is in progress on the connection: read, never cache
        return await _build(store, guild_id)
    scope = guild_id if overlay[1] else 0
    stamp = (marker, overlay if scope else None)
    banks = _BANKS.setdefault(store, {})
    cached = banks.get(scope)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if before_build is not None:
        await before_build()
    async with _BUILDING.setdefault(store, {}).setdefault(scope, asyncio.Lock()):
        cached = banks.get(scope)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        bank = await _build(store, guild_id)
        if len(banks) >= MAX_CACHED_BANKS:
            banks.clear()
        banks[scope] = (stamp, bank)
        return bank


async def _build(store: Store, guild_id: int) -> Bank:
    curated = await store.catalog.questions()
    facts = await store.catalog.timeline(guild_id, limit=100_000)
    seasons: dict[str, list[int]] = {}
    for season in await store.catalog.seasons():
        if season.status in ("aired", "airing"):
            seasons.setdefault(season.show, []).append(season.number)
    people = await store.trivia.people()
    event_years = await store.catalog.event_years(guild_id, "fam")
    tags = await store.catalog.tag_universes(guild_id)
    universes = {show.code: show.universe for show in await store.catalog.shows()}

    def build() -> Bank:
        questions = build_bank(curated, facts, seasons)
        pools = choice_pools(questions, people=people, event_years=event_years)
        known = known_names(people=people, tags=tags, questions=curated, universes=universes)
        return Bank(tuple(questions), pools, known)

    return await asyncio.to_thread(build)  # plain CPU work: off the event loop


async def load_known_names(store: Store, guild_id: int) -> KnownNames:
    """Every name this server's trivia knows (shipped data and its own facts), as cached
    with its bank."""
    return (await load_bank(store, guild_id)).known


# -- names the store knows, for judging ------------------------------------------------

_QUOTED = re.compile(r'"([^"]+)"')
_ALIAS_NOTE = re.compile(r"^(?:n[ée]e|alias|later|born|aka)\s+", re.IGNORECASE)


def person_names(name: str) -> list[str]:
    """Every way the data names one character: 'Edward "Ed" Baldwin' -> Edward Baldwin,
    Ed Baldwin; 'Ellen Wilson (née Waverly)' -> Ellen Wilson, Ellen Waverly; 'Clarissa Mao
    (alias Melba Koh)' -> Clarissa Mao, Melba Koh."""
    plain = _PARENTHESES.sub("", name).strip()
    names = [_QUOTED.sub("", plain).replace("  ", " ").strip(), _character_name(name)]
    for note in re.findall(r"\(([^)]*)\)", name):
        other = _ALIAS_NOTE.sub("", note.strip()).replace('"', "").strip()
        if not other:
            continue
        if note.strip().lower().startswith(("née", "nee", "born")) and " " not in other:
            other = f"{names[0].split()[0]} {other}"  # a maiden surname
        names.append(other)
    return [n for n in dict.fromkeys(names) if n]


def known_names(
    *,
    people: Iterable[tuple[str, str]],
    tags: Mapping[str, Iterable[str]],
    questions: Iterable[Question],
    universes: Mapping[str, str],
) -> KnownNames:
    """The names trivia judges against, in groups of names for one thing: a character
    with its aliases, a fact tag, a curated question's accepted answers.

    Where the data spells one name two ways within a universe (a tag "Ilya Breshnev", a
    character "Ilya Brezhnev": several words, one letter apart, same numbers), the two
    are taken as one thing, so neither refuses the other. Across the two shows nothing is
    merged: "Margo" and "Marco" stay two people.
    """
    groups: list[tuple[str, list[str]]] = []
    for show, name in people:
        groups.append((universes.get(show, show), person_names(name)))
    for tag, tag_universes in tags.items():
        for universe in sorted(set(tag_universes)) or [""]:
            groups.append((universe, [tag]))
    for question in questions:
        groups.append((universes.get(question.show, question.show), list(question.answers)))
    return KnownNames(_merge_spellings(groups))


def _merge_spellings(groups: list[tuple[str, list[str]]]) -> list[list[str]]:
    """Union the groups that share a name written two ways (see known_names)."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_universe: dict[str, list[tuple[str, int]]] = {}
    for index, (universe, names) in enumerate(groups):
        for name in names:
            key = name_key(name)
            if " " in key and len(key) >= 10:
                by_universe.setdefault(universe, []).append((key, index))
    for entries in by_universe.values():
        keys = [key for key, _ in entries]
        for key, index in entries:
            for _, _, other in process.extract(
                key, keys, scorer=OSA.distance, score_cutoff=1, limit=None
            ):
                twin, twin_index = entries[other]
                if re.findall(r"\d+", twin) == re.findall(r"\d+", key):
                    parent[root(twin_index)] = root(index)
    merged: dict[int, list[str]] = {}
    for index, (_, names) in enumerate(groups):
        merged.setdefault(root(index), []).extend(names)
    return list(merged.values())
