"""check_answer: a chat message against the accepted answers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.answers.closeness import count, exact, matches, near
from bot.answers.names import KnownNames
from bot.answers.normalise import fold, strip_stages, tokenise, variants
from bot.answers.numbers import ROMAN, is_number
from bot.answers.reading import looks_like_several_guesses, read_guess
from bot.answers.vocabulary import NEGATIONS, STOPWORDS, Tokens


def _known(known: KnownNames | Iterable[str] | None) -> KnownNames | None:
    if known is None or isinstance(known, KnownNames):
        return known or None
    names = [name for name in known if name]
    return KnownNames([name] for name in names) if names else None


def _is_acronym(guess: Tokens, answer: Tokens) -> bool:
    """Initials of a name of three or more words: "MCR", "OPA"."""
    words = [t for t in answer if t not in STOPWORDS]
    if len(guess) != 1 or len(words) < 3 or any(is_number(t) for t in words):
        return False
    return guess[0] == "".join(t[0] for t in words)


@dataclass(frozen=True)
class Accepted:
    tokens: Tokens
    variants: frozenset[Tokens]
    several: bool


@lru_cache(maxsize=4096)
def _accepted(text: str) -> Accepted | None:
    tokens = tuple(tokenise(fold(text)))
    if not tokens:
        return None
    return Accepted(tokens, frozenset(variants(tokens)), looks_like_several_guesses(text))


@dataclass(frozen=True)
class _Judging:
    """What one check needs besides the guess: the accepted forms, the units they count
    in ("8 days" -> day), and the known names that are not the answer."""

    forms: list[Accepted]
    units: frozenset[str]
    known: KnownNames | None
    excluded: frozenset[str]


def _same(guess: Tokens, form: Accepted, judging: _Judging) -> bool:
    if any(t in NEGATIONS and t not in form.tokens for t in guess):
        return False
    if _is_acronym(guess, form.tokens):
        return True
    pairs = [(g, a) for g in variants(guess) for a in form.variants]
    if any(exact(g, a) for g, a in pairs):
        return True
    known = judging.known
    if any(
        near(g, a) and (known is None or not known.rival(g, a, judging.excluded)) for g, a in pairs
    ):
        return True
    return _same_count(guess, form, judging)


def _same_count(guess: Tokens, form: Accepted, judging: _Judging) -> bool:
    """ "13 episodes" for 13, "the third season" for "Season 3": the same number with the
    noun it counts, unless the accepted forms count something else ("8 hours" for "8
    days")."""
    counted = count(guess)
    if counted is None:
        return False
    core, unit = counted
    if judging.units and unit not in judging.units:
        return False
    answer = count(form.tokens)
    return core == (answer[0] if answer else form.tokens)


# Three or more of one letter in a row is excitement, not spelling: "ceresss", "yesss".
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _unstretched(text: str) -> list[str]:
    """The message with every stretched letter written once, then twice ("Donnnnager"),
    Roman numerals ("Apollo III") left alone; empty when nothing is stretched."""
    if not _STRETCH.search(text):
        return []

    def squeeze(times: int) -> str:
        def word(match: re.Match[str]) -> str:
            text = match.group(0)
            if ROMAN.match(text.lower()):
                return text
            return _STRETCH.sub(lambda run: run.group(1) * times, text)

        return _LETTER_RUN.sub(word, text)

    return [form for form in dict.fromkeys((squeeze(1), squeeze(2))) if form != text]


def check_answer(
    guess: str,
    accepted: Sequence[str],
    known: KnownNames | Iterable[str] | None = None,
) -> bool:
    """Whether a chat message gives one of the accepted answers.

    Forgiven: case, punctuation, spacing, hyphens, accents, smart quotes, articles and
    chatter ("I think it's the...", "is it ...?", "so that was ..., right?", "lol"),
    stretched letters ("ceresss"), titles ("Captain Holden") and descriptors ("Tycho" for
    "Tycho Station"), spoken numbers ("twenty-three", "third", "nineteen sixty-nine"), the
    noun a number counts ("13 episodes"), episode codes in any spelling ("3x07" for
    "S3E7"), two accepted names of one thing ("Ilus aka New Terra"), and small typos in
    proportion to the length of each word.
    Refused: a different number, a typo that is another real word or another `known` name
    (or nearer to one than to the answer: "Margo" for "Marco"), part of a full name
    (authors list accepted short forms), several answers in one message, negations, and
    the answer buried in a longer phrase.
    """
    forms = [f for f in (_accepted(a) for a in accepted) if f is not None]
    if not guess or not guess.strip() or not forms:
        return False
    names = _known(known)
    units = frozenset(c[1] for c in (count(f.tokens) for f in forms) if c is not None)
    judging = _Judging(forms, units, names, names._excluded(forms) if names else frozenset())
    return _judge(guess, judging) or any(_judge(g, judging) for g in _unstretched(guess))


def _judge(guess: str, judging: _Judging) -> bool:
    forms = judging.forms
    stages = strip_stages(tokenise(fold(guess)))
    if any(stage and stage == f.tokens for stage in stages for f in forms):
        # Word for word an accepted answer, even one that reads like chatter, a list or a
        # negation: "Yes", "Of Course I Still Love You", "Fight or Flight", "Don't Be Cruel".
        return True
    reading = read_guess(guess)
    if reading.retracted:
        return False
    whole = stages[-1] or stages[0]
    if len(reading.guesses) > 1:
        # A hedge never scores. It is no hedge when the answer is itself a list ("Ed and
        # Karen Baldwin"), or when every name given is accepted ("Ilus / New Terra", "Ilus
        # aka New Terra").
        if any(f.several and matches(whole, f.tokens) for f in forms):
            return True
        return all(any(_same(g, f, judging) for f in forms) for g in reading.guesses)
    if not reading.guesses:
        return False  # nothing but chatter, a descriptor or an exclusion
    return any(_same(stage, f, judging) for stage in reading.stages[0] for f in forms)
