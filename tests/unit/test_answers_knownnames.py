"""check_answer against the second labelled table (answer_cases_knownnames.toml): near-miss
names of either show, answers with their unit, episode codes, answers closing a sentence,
two accepted names of one thing, and stretched letters. Then both tables again with every
name the shipped data knows, as trivia judges them: the real name set refuses no fair
answer and accepts no near-miss."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest

from bot.answers import KnownNames, check_answer, normalise
from bot.config import DEFAULT_DATA_DIR
from bot.dataset import load_dataset
from bot.store import Store
from bot.trivia import load_known_names

HERE = Path(__file__).parent
CASES: list[dict] = tomllib.loads(
    (HERE / "answer_cases_knownnames.toml").read_text(encoding="utf-8")
)["case"]
OLD_CASES: list[dict] = tomllib.loads((HERE / "answer_cases.toml").read_text(encoding="utf-8"))[
    "case"
]
RULES = ("known", "unit", "episode", "sentence", "aka", "stretch")


def _case_id(case: dict) -> str:
    guess = case["guess"].encode("unicode_escape").decode("ascii") or "<empty>"
    return f"{guess}->{'/'.join(case['accepted'])}"


@pytest.fixture(scope="module")
def shipped_names(tmp_path_factory: pytest.TempPathFactory) -> KnownNames:
    """Every name the store knows after loading the shipped dataset (no server edits)."""

    async def load() -> KnownNames:
        store = Store(tmp_path_factory.mktemp("known") / "parallax.sqlite3")
        await store.open()
        try:
            await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
            return await load_known_names(store, 0)
        finally:
            await store.close()

    return asyncio.run(load())


def test_table_is_well_formed_and_balanced() -> None:
    """Every rule is tested at least 15 times each way."""
    for case in CASES:
        assert {"rule", "guess", "accepted", "expected", "why"} <= set(case), case
        assert set(case) <= {"rule", "guess", "accepted", "known", "expected", "why"}, case
        assert case["rule"] in RULES and case["accepted"] and case["why"], case
        assert isinstance(case["expected"], bool), case
    for rule in RULES:
        verdicts = [c["expected"] for c in CASES if c["rule"] == rule]
        assert verdicts.count(True) >= 15 and verdicts.count(False) >= 15, rule


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case(case: dict) -> None:
    got = check_answer(case["guess"], case["accepted"], known=case.get("known", ()))
    assert got is case["expected"], f"{case['guess']!r} vs {case['accepted']}: {case['why']}"


def test_overall_score(capsys: pytest.CaptureFixture[str]) -> None:
    """Report the score per rule, and list what is judged wrongly."""
    wrong = [
        c
        for c in CASES
        if check_answer(c["guess"], c["accepted"], known=c.get("known", ())) is not c["expected"]
    ]
    with capsys.disabled():
        print(f"\nknown-names table: {len(CASES) - len(wrong)}/{len(CASES)}")
        for rule in RULES:
            total = sum(c["rule"] == rule for c in CASES)
            bad = sum(c["rule"] == rule for c in wrong)
            print(f"  {rule}: {total - bad}/{total}")
        for c in wrong:
            print(f"  wrong: {c['guess']!r} vs {c['accepted']} expected {c['expected']}")
    assert not wrong


def test_case_names_are_names_the_store_knows(shipped_names: KnownNames) -> None:
    """The `known` lists are real: each is a name the shipped data gives the store."""
    store_knows = {normalise(name) for name in shipped_names.names}
    listed = {name for case in CASES for name in case.get("known", ())}
    assert sorted(name for name in listed if normalise(name) not in store_knows) == []


@pytest.mark.parametrize("case", OLD_CASES + CASES, ids=[_case_id(c) for c in OLD_CASES + CASES])
def test_case_with_every_shipped_name(case: dict, shipped_names: KnownNames) -> None:
    """As trivia judges: the case's verdict holds with all the shipped names known."""
    known = shipped_names.extended(case["known"]) if "known" in case else shipped_names
    got = check_answer(case["guess"], case["accepted"], known=known)
    assert got is case["expected"], f"{case['guess']!r} vs {case['accepted']}: {case['why']}"
