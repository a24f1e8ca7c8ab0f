"""Whether two answers are the same but for typos, spacing or the noun a number counts."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.answers.numbers import is_number
from bot.answers.vocabulary import COMMON_WORDS, GENERIC, Tokens, words


def sound(token: str) -> str:
    """A rough spelling-insensitive key so "Bobby"~"Bobbie", "Stephens"~"Stevens",
    "Aleksei"~"Alexei", "Poole"~"Pool" count as at most one slip."""
    token = token.replace("ph", "f").replace("x", "ks").replace("ck", "k")
    token = re.sub(r"(.)\1+", r"\1", token)
    return re.sub(r"(?:ie|ey)$", "y", token)


def distance(guess: str, answer: str) -> int:
    """Typing slips between two words (an adjacent swap counts as one)."""
    return min(OSA.distance(guess, answer), OSA.distance(sound(guess), sound(answer)))


def _word_budget(length: int) -> int:
    """Slips forgiven in one word: one for 5-8 letters, two from 9."""
    return 0 if length <= 4 else 1 if length <= 8 else 2


def _close_word(guess: str, answer: str) -> bool:
    """A one-word answer with a typo. Short words only forgive an adjacent swap ("Eors"),
    and a guess that is itself a real word ("Cores" for Ceres) is a different answer."""
    if is_number(guess) or is_number(answer) or guess in COMMON_WORDS:
        return False
    if len(answer) <= 3:
        return False
    if len(answer) == 4:
        return (
            len(guess) == 4 and sorted(guess) == sorted(answer) and OSA.distance(guess, answer) == 1
        )
    return distance(guess, answer) <= _word_budget(len(answer))


def _close_name(guess: Tokens, answer: Tokens) -> bool:
    """A multi-word answer with typos, judged word by word. Short words ("Cobb", "Mao")
    may slip once when another real word of the name is exact; descriptor words never
    anchor, and a name that is one word plus descriptors follows the one-word rules."""
    content = [i for i, t in enumerate(answer) if t not in GENERIC]
    anchored = any(guess[i] == answer[i] for i in content)
    total = 0
    for i, (g, a) in enumerate(zip(guess, answer, strict=True)):
        if g == a:
            continue
        if is_number(g) or is_number(a):
            return False
        if len(content) == 1 and i in content:
            if not _close_word(g, a):
                return False
            total += 1
            continue
        if len(a) <= 2 or (len(a) <= 4 and not anchored):
            return False
        slips = distance(g, a)
        if slips > max(1, _word_budget(len(a))):
            return False
        total += slips
    length = len(" ".join(answer))
    whole = 0 if length <= 4 else 1 if length <= 8 else 2 if length <= 15 else 3
    return total <= whole


def matches(guess: Tokens, answer: Tokens) -> bool:
    """Same answer: equal, equal but for spacing, or within the typo allowance. Numbers
    must agree exactly and in order; they are never fuzzed."""
    return exact(guess, answer) or near(guess, answer)


def exact(guess: Tokens, answer: Tokens) -> bool:
    """Equal, or equal but for spacing ("TychoStation"), with the same numbers."""
    if guess == answer:
        return True
    return _numbers(guess) == _numbers(answer) and "".join(guess) == "".join(answer)


def _numbers(tokens: Tokens) -> list[str]:
    return [t for t in tokens if is_number(t)]


def near(guess: Tokens, answer: Tokens) -> bool:
    """Within the typo allowance, word for word (numbers exact)."""
    if len(guess) != len(answer) or _numbers(guess) != _numbers(answer):
        return False
    if len(answer) == 1:
        return _close_word(guess[0], answer[0])
    return _close_name(guess, answer)


# Nouns a count or an ordinal may carry: "13 episodes" for 13, "the third season" for
# 3rd. Plurals and short forms fold to one unit; "nautical" and "flight" may stand before
# the noun ("eight nautical miles", "745 flight hours"), which alone names the unit.
_COUNT_NOUNS = {
    **dict.fromkeys(("episode", "episodes", "ep", "eps"), "episode"),
    **dict.fromkeys(("season", "seasons", "series"), "season"),
    **dict.fromkeys(("year", "years", "yr", "yrs"), "year"),
    **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("week", "weeks"), "week"),
    **dict.fromkeys(("day", "days", "sol", "sols"), "day"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "hour"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minute"),
    **dict.fromkeys(("mile", "miles", "mi"), "mile"),
    **dict.fromkeys(("kilometre", "kilometres", "kilometer", "kilometers", "km"), "km"),
    **dict.fromkeys(("system", "systems"), "system"),
    **dict.fromkeys(("moon", "moons"), "moon"),
    **dict.fromkeys(("person", "people", "astronauts", "cosmonauts", "crew"), "person"),
    **dict.fromkeys(("dollar", "dollars", "bucks", "usd"), "dollar"),
    **dict.fromkeys(("time", "times"), "time"),
}
_COUNT_MODIFIERS = words("nautical flight")
_NUMBER_SCALES = words("hundred thousand million billion trillion")


def count(tokens: Tokens) -> tuple[Tokens, str] | None:
    """A number with the noun it counts: ("13", "episodes") -> (("13",), "episode"), and
    ("season", "3") -> (("3",), "season"). None when there is no such noun."""
    if len(tokens) == 2 and tokens[0] in _COUNT_NOUNS and tokens[1].isdigit():
        return tokens[1:], _COUNT_NOUNS[tokens[0]]
    end = len(tokens)
    if not end or tokens[-1] not in _COUNT_NOUNS:
        return None
    end -= 1
    while end and tokens[end - 1] in _COUNT_MODIFIERS:
        end -= 1
    core = tokens[:end]
    if not core or not all(t.isdigit() or t in _NUMBER_SCALES for t in core):
        return None  # "Apollo 11 crew" names a crew, not a count
    return core, _COUNT_NOUNS[tokens[-1]]
