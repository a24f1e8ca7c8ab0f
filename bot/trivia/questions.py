"""Trivia questions: what one question is, what kind of answer it expects, and the
questions generated from dated facts ("which year goes in the blank?", "in which season is
this shown?"), each carrying the source of its answer."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers import KnownNames, check_answer
from bot.episodes import source_label
from bot.shows import FAM, SHOW_TITLES
from bot.store.records import Fact, Question

DIFFICULTIES = ("easy", "medium", "hard")
POINTS = {"easy": 1, "medium": 2, "hard": 3}


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
    # ("person" is a character; "actor" one of the cast)
    choices: tuple[str, ...] = ()  # curated wrong options, if any
    generated: bool = False
    seasons: tuple[int, ...] = ()  # the show's seasons, for season questions' options
    episode: int | None = None  # number of the source episode in its season

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
                "episode": self.episode,
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
            episode=data.get("episode"),
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
    # An actor, not a character: "Which actor plays Admiral Duarte?", "Who plays Amos?"
    (
        "actor",
        re.compile(
            r"\b(?:which|what)\s+(?:actor|actress|cast member|performer)\b"
            r"|\bwho\s+(?:plays|played|portrays|portrayed|voices|voiced|stars as)\b"
        ),
    ),
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
        episode=question.episode.number if question.episode else None,
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
    return SHOW_TITLES.get(show, show)


def year_question(fact: Fact) -> TriviaQuestion | None:
    """'Which year goes in the blank?' for a FAM event dated to an exact year.

    Only when the prompt reads cleanly and gives nothing away: the year is blanked wherever
    it is written, and the fact is skipped when the year still shows inside another token
    ("2003LC", "Mars-94") or could be worked out from another year and a stated interval.
    """
    if (
        fact.universe != FAM
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
        episode=fact.episode.number if fact.episode else None,
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
        episode=fact.episode.number,
    )
