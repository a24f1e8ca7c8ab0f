"""The names Parallax knows, so a typo that lands on another name is refused."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers.closeness import distance, sound
from bot.answers.normalise import fold, tokenise
from bot.answers.numbers import is_number
from bot.answers.vocabulary import GENERIC, STOPWORDS, Tokens

if TYPE_CHECKING:
    from bot.answers.judge import Accepted


_POSSESSIVE = re.compile(r"['’]s\b")


def _proper(name: str) -> bool:
    """Every word capitalised, a number, or a short particle ("of", "von"): a name, not a
    phrase such as "The Rocinante's railgun" or "his grandson Alex"."""
    words = re.findall(r"[^\s\-\"]+", name)
    return all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words)


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, ...]:
    """A known name as comparable keys: the whole name, and each distinctive word of a
    proper name of several words ("Margo Madison" -> "margo madison", "margo", "madison")."""
    tokens = tokenise(fold(name))
    if not tokens:
        return ()
    keys = [" ".join(tokens)]
    if len(tokens) > 1 and _proper(name):
        keys += [
            t
            for t in tokenise(fold(_POSSESSIVE.sub("", name)))
            if len(t) >= 3 and not is_number(t) and t not in GENERIC and t not in STOPWORDS
        ]
    return tuple(dict.fromkeys(keys))


def name_key(name: str) -> str:
    """normalise(name), cached: known names are keyed again on every bank build."""
    keys = _name_keys(name)
    return keys[0] if keys else ""


class KnownNames:
    """Every name Parallax knows (characters, ships, stations, places, organisations of
    both shows): a guess near the answer is a typo only if it is not itself one of these,
    and not nearer to one of them than to the answer ("Margo" is not a typo of "Marco").

    Built from groups of names for one thing ("Ed Baldwin", "Edward Baldwin"): the other
    names of an accepted answer's thing never count against it. Build once and reuse
    (trivia keeps one per bank); lookups are rapidfuzz searches with a distance cutoff.
    """

    __slots__ = ("_exclusions", "_groups", "_keys", "_sounds", "groups", "names")

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self.groups = tuple(tuple(group) for group in groups)
        by_key: dict[str, set[int]] = {}
        for number, group in enumerate(self.groups):
            for name in group:
                for key in _name_keys(name):
                    by_key.setdefault(key, set()).add(number)
        self.names = tuple(dict.fromkeys(name for group in self.groups for name in group))
        self._groups = {key: frozenset(ids) for key, ids in by_key.items()}
        self._keys = list(self._groups)
        self._sounds = [sound(key) for key in self._keys]
        self._exclusions: dict[tuple[str, ...], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def extended(self, names: Iterable[str]) -> KnownNames:
        """These names and more, each extra name a thing of its own."""
        return KnownNames([*self.groups, *([name] for name in names)])

    def _excluded(self, forms: Sequence[Accepted]) -> frozenset[str]:
        """Keys that are an accepted answer, or another name of the same thing."""
        signature = tuple(sorted(" ".join(v) for f in forms for v in f.variants))
        cached = self._exclusions.get(signature)
        if cached is None:
            groups = set().union(*(self._groups.get(key, ()) for key in signature))
            cached = frozenset(
                key for key, ids in self._groups.items() if key in signature or ids & groups
            )
            if len(self._exclusions) >= 1024:
                self._exclusions.clear()
            self._exclusions[signature] = cached
        return cached

    def rival(self, guess: Tokens, answer: Tokens, excluded: frozenset[str]) -> bool:
        """Whether `guess`, near `answer`, is another known name or nearer to one."""
        key = " ".join(guess)
        if key in self._groups and key not in excluded:
            return True
        cutoff = distance(key, " ".join(answer)) - 1
        if cutoff < 0:
            return False
        for query, choices in ((key, self._keys), (sound(key), self._sounds)):
            found = process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=cutoff, limit=None
            )
            if any(self._keys[index] not in excluded for _, _, index in found):
                return True
        return False
