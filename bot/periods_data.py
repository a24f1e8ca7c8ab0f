"""Read and validate data/periods.toml: the in-universe years each season is set in.

For All Mankind jumps about a decade every season, and fans ask "is season 2 set in 1983?"
or "does the season 4 finale jump to 2015?". A fact's sentence says this in many ways, so
each season's years are also recorded as numbers for "Is it canon?" to weigh such claims
against. Every period rests on facts of the dataset, its evidence and sources
(format: data/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Problem = Callable[[str, str], None]  # (entry, message)
YEARS = ("start", "end", "until", "century", "epilogue")


@dataclass(frozen=True, slots=True)
class Period:
    """When one season (0: the whole show) is set. Only what a page states is filled in:
    a season may have a start and no end, a show only a century."""

    show: str
    season: int
    facts: tuple[str, ...]
    start: int | None = None
    end: int | None = None
    until: int | None = None  # the latest year it can reach
    century: int | None = None
    epilogue: int | None = None  # the year its finale jumps ahead to
    epilogue_fact: str = ""

    @property
    def latest(self) -> int | None:
        return self.end if self.end is not None else self.until

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"show": self.show, "season": self.season, "facts": list(self.facts)}
        data.update({k: getattr(self, k) for k in YEARS if getattr(self, k) is not None})
        if self.epilogue_fact:
            data["epilogue_fact"] = self.epilogue_fact
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Period:
        return cls(
            data["show"],
            int(data["season"]),
            tuple(data["facts"]),
            **{k: data.get(k) for k in YEARS},
            epilogue_fact=data.get("epilogue_fact", ""),
        )


def load_periods(
    data: Mapping[str, Any],
    fact_shows: Mapping[str, str],
    seasons: Mapping[str, set[int]],
    problem: Problem,
) -> list[Period]:
    """Validate the parsed file: the show and season real, each fact a fact of that show,
    the years whole numbers in order, one period per season."""
    periods: list[Period] = []
    for raw in data.get("period", []):
        show, season = raw.get("show"), raw.get("season")
        label = f"period {show} season {season}"
        if show not in seasons or not isinstance(season, int):
            problem(label, "show must be a show of the dataset and season a number")
            continue
        if season and season not in seasons[show]:
            problem(label, f"{show} has no season {season}")
            continue
        facts = raw.get("facts")
        epilogue_fact = raw.get("epilogue_fact", "")
        keys = (
            [*facts, *([epilogue_fact] if epilogue_fact else [])] if isinstance(facts, list) else []
        )
        if not facts or any(fact_shows.get(str(k)) != show for k in keys):
            problem(label, f"facts must be a list of facts of {show}")
            continue
        years = {k: raw.get(k) for k in YEARS}
        if any(v is not None and not isinstance(v, int) for v in years.values()):
            problem(label, f"{', '.join(YEARS)} must be whole numbers")
            continue
        if (years["epilogue"] is None) != (not epilogue_fact):
            problem(label, "an epilogue needs its epilogue_fact, and only an epilogue has one")
            continue
        start, latest = years["start"], years["end"] or years["until"]
        if start is None and years["century"] is None:
            problem(label, "a period needs a start or a century")
            continue
        if start is not None and latest is not None and latest < start:
            problem(label, "the period ends before it starts")
            continue
        if any((p.show, p.season) == (show, season) for p in periods):
            problem(label, "the season has two periods")
            continue
        periods.append(Period(show, season, tuple(facts), **years, epilogue_fact=epilogue_fact))
    return periods
