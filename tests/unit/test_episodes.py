"""The episode guide's plain logic: labels, codes, matching, what is known of a season."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.episodes import (
    ShowEpisodes,
    episode_label,
    find_episodes,
    parse_code,
    resolve_slot,
    season_summary,
    slot_release,
    source_label,
)
from bot.errors import UserFacingError
from bot.store.records import Episode, Fact, Season

TODAY = dt.date(2026, 11, 24)


def episode(season: int, number: int, title: str, aired: str) -> Episode:
    return Episode("starcity", season, number, title, dt.date.fromisoformat(aired), "")


def fact(key: str, text: str, ep: Episode) -> Fact:
    return Fact(
        key, 0, ep.show, "fam", "event", text, "", "", None, None, "", False, (), ep, "", "", True
    )


SEASON = Season(
    "starcity", 1, "aired", "", "t", "u", 2,
    premiere=dt.date(2026, 5, 29), finale=dt.date(2026, 7, 10), episode_count=6,
)  # fmt: skip
ANNOUNCED = Season("starcity", 2, "announced", "Renewed.", "t", "u", 0)
E2 = episode(1, 2, "Bad Dancer", "2026-06-05")
E4 = episode(1, 4, "Plow Deep", "2026-06-19")
INDEX = ShowEpisodes(
    "starcity",
    (SEASON, ANNOUNCED),
    (E2, E4),
    {(1, 2): (fact("a", "The cosmonauts rehearse the landing on a frozen lake.", E2),)},
)


def test_the_label_names_show_code_title_and_date() -> None:
    assert episode_label(E2) == "Star City S1E2 · Bad Dancer · 5 Jun 2026"
    assert source_label(E2, "A page") == "Star City S1E2 · Bad Dancer · 5 Jun 2026 · A page"
    assert source_label(None, "") == "no source recorded"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("s2e5", (2, 5)),
        ("2x05", (2, 5)),
        ("S02E05", (2, 5)),
        ("season 2 episode 5", (2, 5)),
        ("The Expanse S2E5 · Home · 22 Feb 2017", (2, 5)),
        ("home", None),
    ],
)
def test_codes_in_their_usual_spellings(text: str, code: tuple[int, int] | None) -> None:
    assert parse_code(text) == code


def test_a_bare_number_is_an_episode_once_the_season_is_known() -> None:
    assert parse_code("4", season=1) == (1, 4)
    assert parse_code("4") is None


def test_finding_by_title_typo_by_words_and_by_season() -> None:
    assert [s.code for s in find_episodes(INDEX, "plow deap")] == ["S1E4"]
    assert [s.code for s in find_episodes(INDEX, "frozen lak")] == ["S1E2"]
    assert [s.code for s in find_episodes(INDEX, "s1")] == [f"S1E{n}" for n in range(1, 7)]
    assert find_episodes(INDEX, "nothing like it") == []
    assert len(find_episodes(INDEX, "")) == 2  # the listed episodes


def test_what_is_known_of_a_partly_listed_and_an_announced_season() -> None:
    assert season_summary(INDEX, SEASON, TODAY) == (
        "6 episodes, aired 29 May – 10 Jul 2026; 2 listed, the titles of S1E1, S1E3, "
        "S1E5, S1E6 are not in the data yet"
    )
    assert season_summary(INDEX, SEASON, dt.date(2026, 6, 1)).startswith("6 episodes, airing")
    assert season_summary(INDEX, SEASON, dt.date(2026, 1, 1)).startswith("6 episodes, airs")
    assert season_summary(INDEX, ANNOUNCED, TODAY) == "announced, no release date yet. Renewed."


def test_an_untitled_episodes_date_is_bounded_by_what_the_data_holds() -> None:
    slots = {s.number: s for s in INDEX.slots(1)}
    assert slot_release(INDEX, slots[1], TODAY) == "released 29 May 2026"  # the premiere
    assert slot_release(INDEX, slots[3], TODAY) == "released between 5 Jun and 19 Jun 2026"
    assert slot_release(INDEX, slots[5], TODAY) == "released between 19 Jun and 10 Jul 2026"
    assert slot_release(INDEX, slots[6], TODAY) == "released 10 Jul 2026"  # the finale


def test_a_weekly_season_after_a_double_premiere_dates_every_episode() -> None:
    """Star City: 8 episodes over 7 Fridays, episodes 3, 5 and 7 listed a week apart from
    the premiere's: 1 and 2 came out on the premiere, 4 two weeks after it."""
    season = Season(
        "starcity", 1, "aired", "", "t", "u", 3,
        premiere=dt.date(2026, 5, 29), finale=dt.date(2026, 7, 10), episode_count=8,
    )  # fmt: skip
    listed = (
        episode(1, 3, "Bad Dancer", "2026-06-05"),
        episode(1, 5, "Bite Your Elbow", "2026-06-19"),
        episode(1, 7, "Plow Deep", "2026-07-03"),
    )
    index = ShowEpisodes("starcity", (season,), listed, {})
    slots = {s.number: s for s in index.slots(1)}
    assert slot_release(index, slots[2], TODAY) == "released 29 May 2026"
    assert slot_release(index, slots[4], TODAY) == "released 12 Jun 2026"
    assert slot_release(index, slots[8], TODAY) == "released 10 Jul 2026"
    off = (*listed[:2], episode(1, 7, "Plow Deep", "2026-07-04"))  # not the pattern: bounds
    index = ShowEpisodes("starcity", (season,), off, {})
    slots = {s.number: s for s in index.slots(1)}
    assert slot_release(index, slots[2], TODAY) == "released between 29 May and 5 Jun 2026"


def test_neighbours_are_listed_episodes_only() -> None:
    assert INDEX.neighbours(1, 2) == (None, E4)
    assert INDEX.neighbours(1, 3) == (E2, E4)
    assert INDEX.neighbours(1, 4) == (E2, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("S3E1", "has no season 3"),
        ("S1E9", "season 1 has 6 episodes"),
        ("S2E1", "season 2: announced, no release date yet"),
        ("zzz qqq", "No episode of Star City matches"),
    ],
)
def test_resolving_explains_what_is_missing(text: str, message: str) -> None:
    with pytest.raises(UserFacingError, match=message):
        resolve_slot(INDEX, text)
