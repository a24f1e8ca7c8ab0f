"""Reading a message into its guesses: one answer, or a hedge between several."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers.normalise import WORD, fold, strip_stages, tokenise, variants
from bot.answers.vocabulary import EXCLUDERS, GENERIC, REACTION_PARTS, RETRACTIONS, Tokens

# "X aka Y", "X, also called Y", "X (Y)" give two names: they score only when both are
# accepted names of the answer (see check_answer), like any other pair of guesses.
_SEPARATOR = re.compile(
    r"\n|[,;/\\|+()\[\]]|\.{2,}|[?!]+\s+|\s-+\s"
    r"|\b(?:or|and|nor|vs|versus|maybe|perhaps)\b"
    r"|\ba\.?k\.?a\b\.?|\b(?:(?:also|otherwise|better)\s+)?(?:known\s+as|called)\b"
    r"|(?<=[^\W\d_]{4})\.\s+"
)


@dataclass
class _Reading:
    guesses: list[Tokens]  # distinct meaningful clauses, in order, chatter stripped
    stages: list[list[Tokens]]  # each guess from as written to stripped (see strip_stages)
    retracted: bool  # "Ceres? No." or "neither Ceres nor Eros": nothing is guessed


def read_guess(text: str) -> _Reading:
    """Split a message into clauses and keep those that are guesses, not chatter."""
    guesses: list[Tokens] = []
    stages: list[list[Tokens]] = []
    keys: set[Tokens] = set()
    folded = fold(text)
    # "neither Ceres nor Eros" rules out everything it names.
    retracted = bool({"neither", "nor"} & set(WORD.findall(folded)))
    for part in _SEPARATOR.split(folded):
        raw = WORD.findall(part)
        steps = strip_stages(tokenise(part))
        tokens = steps[-1]
        if tuple(raw) in REACTION_PARTS or not tokens:
            if guesses and tuple(raw) in RETRACTIONS:
                retracted = True
            continue
        if tokens[0] in EXCLUDERS and len(tokens) > 1:
            continue  # "Ceres, not Eros": Eros is ruled out, not guessed
        key = min(variants(tokens), key=lambda v: (len(v), v))
        if all(t in GENERIC for t in tokens):
            continue  # ", the asteroid": says what it is, names nothing new
        if key not in keys:
            keys.add(key)
            guesses.append(tokens)
            stages.append([step for step in steps if step])
    return _Reading(guesses, stages, retracted)


def looks_like_several_guesses(text: str) -> bool:
    """True when a message hedges between answers: "Rocinante or Canterbury", "Ceres,
    Eros", "Holden/Miller", "either Mars or Venus", one guess per line. Chatter ("Ceres,
    I think"), a repeated answer ("Roci! Roci!"), a description ("Eros, the asteroid") and
    an exclusion ("Ceres, not Eros") do not count as extra guesses. Quizmasters never
    credit a hedge."""
    return len(read_guess(text).guesses) > 1
