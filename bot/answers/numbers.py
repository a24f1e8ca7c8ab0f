"""Spoken numbers, ordinals and Roman numerals read as digits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_UNIT_WORDS = "zero one two three four five six seven eight nine"
_TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
UNITS = {w: i for i, w in enumerate(_UNIT_WORDS.split())}
TEENS = {w: i + 10 for i, w in enumerate(_TEEN_WORDS.split())}
TENS = {w: (i + 2) * 10 for i, w in enumerate(_TENS_WORDS.split())}
_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fourth": "four",
    "fifth": "five",
    "sixth": "six",
    "seventh": "seven",
    "eighth": "eight",
    "ninth": "nine",
    "tenth": "ten",
    "eleventh": "eleven",
    "twelfth": "twelve",
    "thirteenth": "thirteen",
    "fourteenth": "fourteen",
    "fifteenth": "fifteen",
    "sixteenth": "sixteen",
    "seventeenth": "seventeen",
    "eighteenth": "eighteen",
    "nineteenth": "nineteen",
    "twentieth": "twenty",
    "thirtieth": "thirty",
    "fortieth": "forty",
    "fiftieth": "fifty",
    "sixtieth": "sixty",
    "seventieth": "seventy",
    "eightieth": "eighty",
    "ninetieth": "ninety",
    "hundredth": "hundred",
    "thousandth": "thousand",
    "millionth": "million",
}
ROMAN = re.compile(r"^(?=[ivx]+$)(x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def _kind(word: str) -> str | None:
    """Classify a number word so the parser knows what may follow it."""
    word = ORDINALS.get(word, word)
    if word == "zero":
        return "zero"
    if word in UNITS:
        return "unit"
    if word in TEENS:
        return "teen"
    if word in TENS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word in _SCALES:
        return "scale"
    return None


_FOLLOWS = {
    None: {"zero", "unit", "teen", "tens", "hundred", "scale"},
    "zero": set(),
    "unit": {"hundred", "scale"},
    "teen": {"hundred", "scale"},
    "tens": {"unit", "hundred", "scale"},
    "hundred": {"unit", "teen", "tens", "scale"},
    "scale": {"unit", "teen", "tens"},
}


@dataclass
class _Group:
    value: int
    end: int
    simple: bool  # no "hundred"/"thousand": may be half of a spoken year
    ordinal: bool


def _read_group(tokens: Sequence[str], i: int) -> _Group | None:
    """Read one spoken number ("two thousand and three", "sixty-nine") from tokens[i]."""
    total = current = 0
    last: str | None = None
    simple = True
    start = i
    while i < len(tokens):
        word = tokens[i]
        kind = _kind(word)
        if kind is None:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if word == "and" and last in ("hundred", "scale") and _kind(nxt) in _FOLLOWS[last]:
                i += 1
                continue
            break
        if kind not in _FOLLOWS[last]:
            break
        base = ORDINALS.get(word, word)
        if kind in ("unit", "zero"):
            current += UNITS[base]
        elif kind == "teen":
            current += TEENS[base]
        elif kind == "tens":
            current += TENS[base]
        elif kind == "hundred":
            current = (current or 1) * 100
            simple = False
        else:
            total += (current or 1) * _SCALES[base]
            current = 0
            simple = False
        last = kind
        i += 1
        if word in ORDINALS:
            return _Group(total + current, i, False, True)
    if i == start:
        return None
    return _Group(total + current, i, simple, False)


def numbers_to_digits(tokens: list[str]) -> list[str]:
    """Rewrite spoken numbers as digits: "twenty three" -> "23", "nineteen sixty nine" ->
    "1969", "twenty oh three" -> "2003", "third" -> "3", "Apollo XI" -> "apollo 11"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        group = _read_group(tokens, i) if _kind(word) else None
        if group is None:
            out.append(_roman(tokens, i) or word)
            i += 1
            continue
        value, i = group.value, group.end
        # A spoken year: two simple halves, "nineteen | sixty nine", "twenty | oh three".
        if group.simple and 10 <= value <= 99 and i < len(tokens):
            if tokens[i] in ("oh", "o") and i + 1 < len(tokens) and tokens[i + 1] in UNITS:
                value, i = value * 100 + UNITS[tokens[i + 1]], i + 2
            elif _kind(tokens[i]) in ("teen", "tens"):
                second = _read_group(tokens, i)
                if second is not None and second.simple and 10 <= second.value <= 99:
                    value, i = value * 100 + second.value, second.end
        out.append(str(value))
    return out


def _roman(tokens: Sequence[str], i: int) -> str | None:
    """A Roman numeral after a name ("Apollo XI"), never the first word, and a lone "i"
    only at the very end, so "Ceres I think" keeps its "I"."""
    word = tokens[i]
    if i == 0 or not word or not ROMAN.match(word):
        return None
    if word == "i" and i != len(tokens) - 1:
        return None
    total = 0
    for a, b in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[a]
        total += -value if b and _ROMAN_VALUES[b] > value else value
    return str(total)


def is_number(token: str) -> bool:
    """Digits, or an episode code ("s3e7"): compared exactly, never fuzzed."""
    return token[:1].isdigit() or (token[:1] == "s" and token[1:2].isdigit())
