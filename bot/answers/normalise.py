"""Folding text to comparable tokens: accents, dates, episode codes, chatter stripped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.answers.numbers import ORDINALS, TEENS, TENS, UNITS, numbers_to_digits
from bot.answers.vocabulary import (
    ARTICLES,
    DESCRIPTORS,
    NOISE,
    PREFIX_BY_FIRST,
    SUFFIX_BY_LAST,
    TITLES,
    Tokens,
)

_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "",
        "‘": "",
        "ʼ": "",
        "`": "",
        "´": "",
        "′": "",
        "'": "",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "&": " and ",
        "\u200b": "",
    }
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
# "one hundred and five" is one number, not a list of two guesses.
_NUMBER_AND = re.compile(r"\b(hundred|thousand|million|billion) and\b")
_DIGIT_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
# A calendar date in any usual order, so "July 20, 1969", "20 July 1969" and "1969-07-20"
# agree (and the comma in "July 20, 1969" is not read as a list of guesses).
_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
)


def _date(match: re.Match[str]) -> str:
    """A matched date as "year month day" in digits, "1969 7 20"."""
    month = match["month"]
    if not month.isdigit():
        month = str(next(i for i, m in enumerate(_MONTH_NAMES.split("|"), 1) if re.match(m, month)))
    return f"{match['year']} {int(month)} {int(match['day'])}"


# Episode codes in every usual spelling ("s03e07", "S3 E7", "3x07", "season three,
# episode seven", "the seventh episode of season 3") become one token, "s3e7", that is
# compared like a number: exactly, never fuzzed.
_NUMBER_WORD = "|".join(sorted({*UNITS, *TEENS, *TENS, *ORDINALS}, key=lambda w: (-len(w), w)))
_EP_NUMBER = rf"(?:\d+|(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}))?)"
_SEASON_WORD = r"(?:s|season|series)"
_EPISODE_WORD = r"(?:e|ep|eps|episode)"
_EPISODE_CODES = (
    re.compile(
        rf"\b{_SEASON_WORD}\s*\.?\s*(?P<s>{_EP_NUMBER})\s*[,.:;-]?\s*{_EPISODE_WORD}\s*\.?\s*"
        rf"(?P<e>{_EP_NUMBER})\b"
    ),
    re.compile(r"\b(?P<s>\d{1,2})x(?P<e>\d{1,3})\b"),
    re.compile(
        rf"\b(?:{_EPISODE_WORD}\s*\.?\s*(?P<e>{_EP_NUMBER})|(?P<e2>{_EP_NUMBER})\s+episode)"
        rf"\s+(?:of|from|in)\s+(?:the\s+)?(?:{_SEASON_WORD}\s*(?P<s>{_EP_NUMBER})"
        rf"|(?P<s2>{_EP_NUMBER})\s+(?:season|series))\b"
    ),
)
# Most messages name no episode: the patterns above run only when this finds a hint.
_EPISODE_HINT = re.compile(r"\d\s*x|\bs\s*\d|season|series|\bep")


def _episode_number(text: str) -> int | None:
    tokens = numbers_to_digits(text.replace("-", " ").split())
    return int(tokens[0]) if len(tokens) == 1 and tokens[0].isdigit() else None


def _episode_code(match: re.Match[str]) -> str:
    """A matched episode reference as "s3e7", or the text unchanged if a part is no number."""
    groups = match.groupdict()
    season = _episode_number(groups.get("s") or groups.get("s2") or "")
    episode = _episode_number(groups.get("e") or groups.get("e2") or "")
    if season is None or episode is None:
        return match.group(0)
    return f" s{season}e{episode} "


WORD = re.compile(r"(?<![^\W_])s\d+e\d+(?![^\W_])|\d+(?:\.\d+)?|[^\W\d_]+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish text with punctuation kept (the guess splitter needs it):
    accents and compatibility forms folded, apostrophes dropped ("it's" -> "its"),
    digit grouping and digit ordinals undone ("1,000" -> "1000", "3rd" -> "3")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    text = _THOUSANDS.sub("", text)
    text = _NUMBER_AND.sub(r"\1", text)
    text = _DIGIT_ORDINAL.sub(r"\1", text)
    if _EPISODE_HINT.search(text):
        for pattern in _EPISODE_CODES:
            text = pattern.sub(_episode_code, text)
    for pattern in _DATES:
        text = pattern.sub(_date, text)
    return text


def tokenise(folded: str) -> list[str]:
    """Words and numbers of folded text, spoken numbers as digits, leading article gone."""
    tokens = numbers_to_digits(WORD.findall(folded))
    if len(tokens) > 1 and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    return tokens


def normalise(text: str) -> str:
    """Canonical form of an answer, for comparing and de-duplicating answers.

    Case, accents, punctuation, hyphens, apostrophes and spacing are folded, numbers are
    written as digits ("Twenty-three" -> "23", "3rd" -> "3") and a leading article is
    dropped: normalise("The Tycho-Station") == normalise("tycho station") == "tycho station".
    Chatter such as "I think" is not removed here; check_answer does that for guesses.
    """
    return " ".join(tokenise(fold(text)))


def strip_stages(tokens: Sequence[str]) -> list[Tokens]:
    """Remove chatter from both ends of a guess one phrase at a time, repeatedly.

    Returns every stage, from the guess as written to what is left (possibly nothing),
    so that an answer which is itself a filler word ("yes", "A") can still be found.
    """
    stages = [tuple(tokens)]
    current = tuple(tokens)
    while current:
        if NOISE.match(current[0]):
            current = current[1:]
        elif NOISE.match(current[-1]):
            current = current[:-1]
        else:
            starting = PREFIX_BY_FIRST.get(current[0], ())
            prefix = next((p for p in starting if current[: len(p)] == p), None)
            ending = SUFFIX_BY_LAST.get(current[-1], ())
            suffix = next((p for p in ending if current[-len(p) :] == p), None)
            if prefix:
                current = current[len(prefix) :]
            elif suffix:
                current = current[: -len(suffix)]
            else:
                break
        stages.append(current)
    return stages


def variants(tokens: Tokens) -> set[Tokens]:
    """The answer as written, without its leading titles, and without descriptor words
    (and the articles that went with them: "Ceres (the dwarf planet)")."""
    out = {tokens}
    untitled = list(tokens)
    while len(untitled) > 1 and untitled[0] in TITLES:
        untitled.pop(0)
    out.add(tuple(untitled))
    for form in (tokens, tuple(untitled)):
        bare = tuple(t for t in form if t not in DESCRIPTORS and t not in ARTICLES)
        if bare:
            out.add(bare)
    return out
