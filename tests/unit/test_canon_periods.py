"""When a season is set, judged by its recorded years (data/periods.toml): the loader's
checks, how a claim's time is read, and claims in fans' words (written for these tests,
not taken from any evaluation set)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.canon import check_claim
from bot.canon.check import server_index
from bot.canon.periods import read_told
from bot.periods_data import Period, load_periods
from bot.store.edits import Source
from tests.support.canon import shipped_store, verdicts_fixture

CLAIMS = {
    # the season's opening year, in the ways fans say it
    "s3 kicks off in 1992": ("canon", "no_record"),
    "the third season opens in 1990": ("not_canon", "no_record"),
    "season two starts off in 1983": ("canon", "no_record"),
    "for all mankind season 5 begins in 2014": ("not_canon", "no_record"),
    # the years it covers, as a year or a decade
    "season 1 of fam takes place in 1973": ("canon", "no_record"),
    "fam s1 is set during the 1980s": ("not_canon", "no_record"),
    "season 3 takes place in the late 80s": ("not_canon", "no_record"),
    "the 4th season is set in the 2000s": ("canon", "no_record"),
    "s4 of for all mankind happens in 1999": ("not_canon", "no_record"),
    # the finale's jump ahead
    "the season 4 finale flashes forward to 2012": ("canon", "no_record"),
    "s4 ends with a big time jump to 2020": ("not_canon", "no_record"),
    # a whole show's period
    "star city is set in the 90s": ("not_canon", "no_record"),
    "the expanse takes place in the twenty-third century": ("no_record", "canon"),
    "the expanse is set in the 21st century": ("no_record", "not_canon"),
}

# claims a period must not decide (universe, the verdict that would be wrong)
NEVER = {
    "season 5 is set in 2016": ("fam", "not_canon"),  # no recorded end: cannot tell
    "star city is set in 1972": ("fam", "not_canon"),  # into the 1970s: cannot tell
    "the expanse is set in 2250": ("expanse", "not_canon"),  # the show names no year
    "season 4 is set in 2012": ("fam", "not_canon"),  # its finale's epilogue is
    # another show's season: For All Mankind's years are not The Expanse's
    "season 2 of the expanse is set in 1983": ("expanse", "canon"),
}


verdicts = verdicts_fixture("canon_periods", CLAIMS, NEVER)


@pytest.mark.parametrize("claim", list(CLAIMS))
def test_claim(verdicts: dict[str, tuple[str, str]], claim: str) -> None:
    assert verdicts[claim] == CLAIMS[claim]


@pytest.mark.parametrize("claim", list(NEVER))
def test_never_decided_by_the_period(verdicts: dict[str, tuple[str, str]], claim: str) -> None:
    universe, wrong = NEVER[claim]
    assert verdicts[claim][universe == "expanse"] != wrong


@pytest.mark.parametrize(
    ("claim", "season", "part", "years", "bare"),
    [
        ("season 2 is set in 1983", 2, "set", (1983, 1983), True),
        ("s3 takes place in the '90s", 3, "set", (1990, 1999), True),
        ("the 4th season is set in the early 2000s", 4, "set", (2000, 2003), True),
        ("the s4 finale time jump goes to 2015", 4, "epilogue", (2015, 2015), True),
        ("season 2 opens in 1983 with reagan as president", 2, "opens", (1983, 1983), False),
        ("the season 2 premiere is set in 1983", 2, "opens", (1983, 1983), True),
    ],
)
def test_a_claims_time_is_read(
    claim: str, season: int, part: str, years: tuple[int, int], bare: bool
) -> None:
    told = read_told(claim)
    assert told is not None
    assert (told.season, told.part, (told.low, told.high), told.bare) == (season, part, years, bare)


@pytest.mark.parametrize(
    "claim",
    [
        "ed lands on mars in 1995",  # no season
        "season 2 is set ten years after season 1",  # no year
        "season 3 opens in 1992 and the landing is in 1995",  # two years
        "the s2 finale is set in 1983",  # a finale is recorded only for its jump ahead
        "in season 2, margo starts in 1983 as director",  # someone else starts
    ],
)
def test_not_a_claim_about_when_a_season_is_set(claim: str) -> None:
    assert read_told(claim) is None


def test_the_verdict_says_why_and_cites_the_facts(tmp_path: Path) -> None:
    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            result = await check_claim(store, 0, "season 2 of fam is set in 1985")
            verdict = result.verdicts["fam"]
            assert verdict.verdict == "not_canon"
            assert verdict.evidence[0].fact.key == "fam-s2-opens-may-1983"
            assert verdict.evidence[0].reason == "it is set in 1983, not 1985"
            # a right year with more said: the season's year is no contradiction of it
            result = await check_claim(
                store, 0, "season 2 kicks off in 1983 w/ reagan as president"
            )
            verdict = result.verdicts["fam"]
            assert verdict.verdict == "no_record"
            assert "1983 is when that season is set" in verdict.note

    asyncio.run(run())


def test_a_server_that_hides_a_periods_fact_loses_the_period(tmp_path: Path) -> None:
    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            base = await server_index(store, 0)
            assert any(s.period.season == 2 for s in base.settings)
            when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            await store.edits.remove(7, "fam-s2-opens-may-1983", Source((2, 1)), actor=1, at=when)
            edited = await server_index(store, 7)
            assert not any(s.period.show == "fam" and s.period.season == 2 for s in edited.settings)
            result = await check_claim(store, 7, "season 2 opens in 1985")
            assert result.verdicts["fam"].verdict != "not_canon" or all(
                e.fact.key != "fam-s2-opens-may-1983" for e in result.verdicts["fam"].evidence
            )

    asyncio.run(run())


def _load(entries: list[dict[str, Any]]) -> tuple[list[Period], list[str]]:
    problems: list[str] = []
    periods = load_periods(
        {"period": entries},
        {"fam-one": "fam", "fam-two": "fam", "exp-one": "expanse"},
        {"fam": {1, 2}, "expanse": {1}},
        lambda entry, message: problems.append(f"{entry}: {message}"),
    )
    return periods, problems


def test_a_well_formed_period_loads_and_round_trips() -> None:
    periods, problems = _load(
        [
            {"show": "fam", "season": 1, "start": 1969, "end": 1974, "facts": ["fam-one"]},
            {"show": "fam", "season": 2, "start": 1983, "facts": ["fam-one"]},
            {"show": "expanse", "season": 0, "century": 23, "facts": ["exp-one"]},
        ]
    )
    assert problems == []
    assert [Period.from_json(p.to_json()) for p in periods] == periods


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"show": "nope", "season": 1, "start": 1969, "facts": ["fam-one"]}, "show must be"),
        ({"show": "fam", "season": 9, "start": 1969, "facts": ["fam-one"]}, "has no season 9"),
        ({"show": "fam", "season": 1, "start": 1969, "facts": ["exp-one"]}, "facts must be"),
        ({"show": "fam", "season": 1, "start": 1969, "facts": []}, "facts must be"),
        ({"show": "fam", "season": 1, "start": "1969", "facts": ["fam-one"]}, "whole numbers"),
        ({"show": "fam", "season": 1, "facts": ["fam-one"]}, "a start or a century"),
        (
            {"show": "fam", "season": 1, "start": 1974, "end": 1969, "facts": ["fam-one"]},
            "ends before",
        ),
        (
            {"show": "fam", "season": 1, "start": 1969, "epilogue": 1983, "facts": ["fam-one"]},
            "epilogue_fact",
        ),
    ],
)
def test_the_loader_refuses(entry: dict[str, Any], problem: str) -> None:
    periods, problems = _load([entry])
    assert periods == []
    assert len(problems) == 1 and problem in problems[0]


def test_one_period_per_season() -> None:
    entry = {"show": "fam", "season": 1, "start": 1969, "facts": ["fam-one"]}
    periods, problems = _load([entry, {**entry, "facts": ["fam-two"]}])
    assert len(periods) == 1
    assert problems == ["period fam season 1: the season has two periods"]
