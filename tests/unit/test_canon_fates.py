"""Deaths judged by their records (data/fates/): the loader's checks, and claims about who
dies, when, where and by whose hand. Claims here are written for these tests, in fans'
words (not taken from any evaluation set)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.canon import check_claim
from bot.canon.check import server_index
from bot.fates_data import FactRef, Fate, load_fates
from bot.store.edits import Source
from tests.support.canon import shipped_store, verdicts_fixture

CLAIMS = {
    # a survivor's death, in any words
    "holden gets killed": ("no_record", "not_canon"),
    "bobbie draper bites the dust in the last season": ("no_record", "not_canon"),
    # the record's season, finale and year
    "joe miller dies in the first season": ("no_record", "not_canon"),
    "miller dies in season two": ("no_record", "canon"),
    "shane baldwin passed away in 1990": ("not_canon", "no_record"),
    "tracy stevens dies in season 1": ("not_canon", "no_record"),
    # the killer
    "dresden gets executed by amos": ("no_record", "not_canon"),
    "prax is the one who kills strickland": ("no_record", "not_canon"),
    "strickland is killed by amos": ("no_record", "canon"),
    # a killer's name for someone tells no death of theirs
    "fred johnson is the butcher of anderson station": ("no_record", "canon"),
    "miller is dresden's killer": ("no_record", "canon"),
    # where, of the same kind as the record's place
    "gordo stevens dies on mars": ("not_canon", "no_record"),
    # someone else's death told of this person: the JSC bombing is Karen's and Molly's
    "deke slayton dies in the jsc bombing": ("not_canon", "no_record"),
    # the survival of someone who died
    "shane baldwin pulls through": ("not_canon", "no_record"),
    "julie mao is still alive": ("no_record", "not_canon"),
    "naomi makes it through the whole show": ("no_record", "canon"),
    # a first name both shows have is the one of the show whose records are weighed
    "alex is still alive at the end": ("no_record", "not_canon"),
    "naomi never dies": ("no_record", "canon"),
    "shane baldwin doesn't die": ("not_canon", "no_record"),
    # a death the record holds
    "karen baldwin dies in the jsc bombing": ("canon", "no_record"),
    "molly cobb is killed": ("canon", "no_record"),
}

# claims that tell no fate, or one the records cannot reach: never decided against the
# record (universe, the verdict that would be wrong)
NEVER = {
    "everyone thinks naomi is dead": ("expanse", "not_canon"),  # a belief
    "anna stops amos from killing clarissa": ("expanse", "not_canon"),  # kept from happening
    "avasarala dies of old age decades later": ("expanse", "not_canon"),  # after the show
    "naomi almost dies on the chetzemoka": ("expanse", "not_canon"),  # a near miss
    "holden survives the donnager": ("expanse", "not_canon"),  # one event, not the end
    "amos offs strickland after prax freezes": ("expanse", "not_canon"),  # Amos's deed
    "alex survives the first season": ("expanse", "not_canon"),  # he dies later
    "naomi nagata dies fixing the jamestown reactor with gordo": ("expanse", "not_canon"),
    "fred johnson is killed by marco's people": ("expanse", "not_canon"),  # Marco ordered it
    "gordo and tracy save molly in s1 then die in s2": ("fam", "not_canon"),  # two seasons
    # a death with no record is canon only on a fact telling it, not near another death
    "ellen wilson dies": ("fam", "canon"),  # 'after his death makes her acting administrator'
    "lee jung-gil dies": ("fam", "canon"),  # 'whose co-pilot died in the landing'
    "danielle poole dies": ("fam", "canon"),  # 'a burial for the dead', 'in death'
    "prax dies": ("expanse", "canon"),  # 'how many people he has killed'
    "mei meng dies": ("expanse", "canon"),  # 'Doris tells him that his daughter Mei is dead'
}


verdicts = verdicts_fixture("canon_fates", CLAIMS, NEVER)


@pytest.mark.parametrize("claim", list(CLAIMS))
def test_claim(verdicts: dict[str, tuple[str, str]], claim: str) -> None:
    assert verdicts[claim] == CLAIMS[claim]


@pytest.mark.parametrize("claim", list(NEVER))
def test_never_decided_against_the_record(verdicts: dict[str, tuple[str, str]], claim: str) -> None:
    universe, wrong = NEVER[claim]
    assert verdicts[claim][universe == "expanse"] != wrong


def test_the_verdict_says_why_and_cites_the_records_fact(tmp_path: Path) -> None:
    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            result = await check_claim(store, 0, "dresden gets executed by amos")
            verdict = result.verdicts["expanse"]
            assert verdict.verdict == "not_canon"
            assert verdict.evidence[0].fact.key == "exp-miller-shoots-dresden"
            assert verdict.evidence[0].reason == "it was Joe Miller, not Amos Burton"

    asyncio.run(run())


def test_a_server_that_edits_or_hides_the_fact_loses_its_record(tmp_path: Path) -> None:
    """A record rests on its fact: a server whose version of the fact differs has no
    slots for it, so the rest of the engine decides."""

    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            base = await server_index(store, 0)
            assert any(
                r.fact.key == "exp-miller-shoots-dresden" for r in base.fates["expanse"].values()
            )
            when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            source = Source((2, 2))
            await store.edits.remove(7, "exp-miller-shoots-dresden", source, actor=1, at=when)
            edited = await server_index(store, 7)
            assert all(
                r.fact.key != "exp-miller-shoots-dresden" for r in edited.fates["expanse"].values()
            )

    asyncio.run(run())


def _load(entries: list[dict[str, Any]]) -> tuple[list[Fate], list[str]]:
    facts = {
        "exp-one": FactRef("expanse", frozenset({"Joe Miller", "Eros", "Antony Dresden"})),
        "fam-one": FactRef("fam", frozenset({"Shane Baldwin"})),
    }
    problems: list[str] = []
    fates = load_fates(
        {"show": "expanse", "fate": entries},
        facts,
        {("expanse", 2, 5)},
        lambda entry, message: problems.append(f"{entry}: {message}"),
    )
    return fates, problems


def test_a_well_formed_fate_loads() -> None:
    fates, problems = _load(
        [
            {
                "person": "Joe Miller",
                "fate": "dies",
                "episode": "S2E5",
                "fact": "exp-one",
                "by": [],
                "at": ["Eros"],
                "how": ["hit-and-run"],
            }
        ]
    )
    assert problems == []
    assert fates[0].season == 2 and fates[0].by == () and fates[0].at == ("Eros",)
    assert Fate.from_json(fates[0].to_json()) == fates[0]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"person": "Nobody"}, "person must be a tag"),
        ({"fate": "vanishes"}, "fate must be one of"),
        ({"episode": "S9E9"}, "does not exist"),
        ({"fact": "fam-one"}, "fact must be a fact of the same show"),
        ({"fact": "exp-missing"}, "fact must be a fact of the same show"),
        ({"by": ["Marco Inaros"]}, "by and at must be lists of tags"),
        ({"how": ["Stroke!"]}, "plain lowercase words"),
        ({"year": "1974"}, "year must be a number"),
    ],
)
def test_a_bad_fate_is_refused_with_its_reason(entry: dict[str, Any], problem: str) -> None:
    good = {"person": "Joe Miller", "fate": "dies", "episode": "S2E5", "fact": "exp-one"}
    fates, problems = _load([{**good, **entry}])
    assert fates == [] and len(problems) == 1 and problem in problems[0]


def test_one_fate_per_person() -> None:
    good = {"person": "Joe Miller", "fate": "dies", "fact": "exp-one"}
    fates, problems = _load([good, {**good, "fate": "survives"}])
    assert len(fates) == 1 and "two fates" in problems[0]
