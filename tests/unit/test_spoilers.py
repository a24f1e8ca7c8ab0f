"""Spoiler rules as plain functions: parsing progress, the window, and what gets hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import UserFacingError
from bot.spoilers import Progress, SpoilerContext, SpoilerWindow, parse_progress
from bot.store.records import Episode, Fact, Season
from tests.support.facts import expanse_fact

SEASONS = [
    Season("expanse", 1, "aired", "", "t", "u", 10, None, None, 10),
    Season("expanse", 2, "aired", "", "t", "u", 13, None, None, 13),
]
EPISODES = [Episode("expanse", 2, n, f"E{n}", dt.date(2017, 2, 1), "") for n in range(1, 14)]


def fact(
    season: int | None,
    number: int = 1,
    *,
    spoiler: bool = True,
    aired: dt.date = dt.date(2017, 2, 1),
) -> Fact:
    return expanse_fact(season=season, number=number, aired=aired, spoiler=spoiler)


def context(
    window: str = "newest", *, watched: tuple[int, int] | None = None, private: bool = False
) -> SpoilerContext:
    return SpoilerContext(
        window=SpoilerWindow.parse(window),
        newest_season={"expanse": 2},
        recent_cutoff=dt.date(2017, 1, 1) if window.startswith("weeks") else None,
        progress=Progress({"expanse": watched} if watched else {}),
        plain_channel=False,
        private=private,
    )


@pytest.mark.parametrize(
    ("text", "expected"), [("S2E3", (2, 3)), ("s2e13", (2, 13)), ("2x03", (2, 3)), ("2", (2, 13))]
)
def test_progress_is_read_in_the_usual_notations(text: str, expected: tuple[int, int]) -> None:
    assert parse_progress(text, "expanse", EPISODES, SEASONS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("S3E1", "no season 3"), ("S2E14", "13 episodes"), ("soon", "like `S3E4`")],
)
def test_impossible_progress_is_refused(text: str, message: str) -> None:
    with pytest.raises(UserFacingError, match=message):
        parse_progress(text, "expanse", EPISODES, SEASONS)


def test_the_newest_season_is_wrapped_and_older_seasons_are_not() -> None:
    assert context().should_wrap(fact(2))
    assert not context().should_wrap(fact(1))
    assert context().should_wrap(fact(None))  # unplaceable: assume the worst
    assert not context().should_wrap(fact(None, spoiler=False))  # the premise
    assert not context("off").should_wrap(fact(2))


def test_recent_weeks_window_uses_the_air_date() -> None:
    assert context("weeks:4").should_wrap(fact(1, aired=dt.date(2017, 2, 1)))
    assert not context("weeks:4").should_wrap(fact(1, aired=dt.date(2016, 12, 1)))


def test_private_replies_hide_what_lies_past_progress() -> None:
    reader = context(watched=(1, 5), private=True)
    assert reader.should_hide(fact(1, 6)) and reader.should_hide(fact(2, 1))
    assert not reader.should_hide(fact(1, 5))
    assert not context(watched=(1, 5), private=False).should_hide(fact(2, 1))
    assert "you're at S1E5 of The Expanse" in reader.hidden_note([fact(2, 1)])


def test_a_public_reply_may_name_what_lies_before_the_window() -> None:
    assert context("newest").before_window(EPISODES)["expanse"] == (1, 999)
    early = [Episode("expanse", 1, n, "T", dt.date(2016, 1, n), "") for n in (1, 2)]
    late = Episode("expanse", 2, 1, "T", dt.date(2017, 2, 1), "")
    assert context("weeks:4").before_window([*early, late])["expanse"] == (1, 2)
    assert context("newest", private=True).before_window(EPISODES) is None
    assert context("off").before_window(EPISODES) is None
