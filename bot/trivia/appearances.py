"""Where each name is first seen, and how far the reader of a question has seen: a wrong
option must never be a character, ship or place that first appears later, or trivia
would spoil that it exists ("Filip Inaros" offered for a season 1 question).

First appearances come from the data: the earliest episode of a fact that tags the name
(or one of its aliases), of a curated question that has it as an answer, and the cast
list's `first`. A name seen nowhere cannot be placed, so it is not offered from the pools
of names (bot/spoilers.py treats a fact it cannot place the same way).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.answers import normalise
from bot.spoilers import WHOLE_SEASON

Position = tuple[int, int]  # (season, episode)


@dataclass(frozen=True, slots=True)
class Sighting:
    """One piece of evidence: these names (one thing's) are seen in `show` at `position`."""

    names: tuple[str, ...]
    show: str
    position: Position


@dataclass(frozen=True, slots=True)
class FirstSeen:
    """Normalised name -> show -> the earliest (season, episode) it is seen in."""

    first: Mapping[str, Mapping[str, Position]] = field(default_factory=dict)

    def of(self, name: str) -> Mapping[str, Position]:
        return self.first.get(normalise(name), {})

    def seen_within(self, name: str, limits: Mapping[str, Position]) -> bool | None:
        """Whether a reader who has seen each show up to `limits` (inclusive) has met
        `name`; None when the data places it nowhere."""
        where = self.of(name)
        if not where:
            return None
        return any(show in limits and at <= limits[show] for show, at in where.items())


def first_appearances(
    sightings: Iterable[Sighting], same: Iterable[Sequence[str]] = ()
) -> FirstSeen:
    """The earliest sighting of every name; `same` groups names of one thing (a character's
    full and short names, a tag and its aliases, a question's accepted answers), which
    share their sightings: "Bobbie" is seen where "Bobbie Draper" is."""
    direct: dict[str, dict[str, Position]] = {}
    for sighting in sightings:
        for name in sighting.names:
            key = normalise(name)
            if not key:
                continue
            shows = direct.setdefault(key, {})
            if sighting.show not in shows or sighting.position < shows[sighting.show]:
                shows[sighting.show] = sighting.position
    merged = {key: dict(shows) for key, shows in direct.items()}
    for names in same:
        keys = [k for k in dict.fromkeys(normalise(n) for n in names) if k]
        earliest: dict[str, Position] = {}
        for key in keys:  # one step: the group's own direct sightings, never a chain
            for show, at in direct.get(key, {}).items():
                if show not in earliest or at < earliest[show]:
                    earliest[show] = at
        for key in keys:
            shows = merged.setdefault(key, {})
            for show, at in earliest.items():
                if show not in shows or at < shows[show]:
                    shows[show] = at
    return FirstSeen(merged)


def reader_limits(
    show: str,
    season: int | None,
    *,
    episode: int | None = None,
    progress: Mapping[str, Position] | None = None,
    max_season: int | None = None,
    before_window: Mapping[str, Position] | None = None,
) -> dict[str, Position]:
    """How far the reader of a question from `show`, `season` and `episode` has seen, per
    show: up to the question's episode (its whole season when the data gives no episode;
    season 1 when nothing places the question), cut to the member's recorded progress, the
    night's max_season and, for a public question, the episodes before the server's spoiler
    window. Other shows appear only where the member recorded progress in them."""
    at = (season, episode or WHOLE_SEASON) if season else (1, WHOLE_SEASON)
    limits: dict[str, Position] = {show: at}
    for other, at in (progress or {}).items():
        limits[other] = min(limits[other], at) if other in limits else at
    for other in list(limits):
        if max_season is not None:
            limits[other] = min(limits[other], (max_season, WHOLE_SEASON))
        if before_window is not None and other in before_window:
            limits[other] = min(limits[other], before_window[other])
    return limits
