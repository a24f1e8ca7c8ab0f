"""A shipped-looking Fact for unit tests, with only what a test cares about spelt out."""

from __future__ import annotations

import datetime as dt

from bot.store.records import Episode, Fact


def expanse_fact(
    key: str = "k",
    text: str = "text",
    *,
    tags: tuple[str, ...] = (),
    season: int | None = None,
    number: int = 1,
    aired: dt.date = dt.date(2017, 2, 1),
    kind: str = "event",
    spoiler: bool = False,
) -> Fact:
    """An Expanse fact of the base data, placed at S{season}E{number} when a season is given."""
    episode = Episode("expanse", season, number, "T", aired, "") if season else None
    return Fact(
        key, 0, "expanse", "expanse", kind, text, "", "", None, None, "", False, tags,
        episode, "", "", spoiler,
    )  # fmt: skip
