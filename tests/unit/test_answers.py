"""check_answer against a table of guesses labelled the way a fair quizmaster would judge
them; the table lives in answer_cases.toml so that it can grow without touching code."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.answers import check_answer, looks_like_several_guesses, normalise

CASES_FILE = Path(__file__).with_name("answer_cases.toml")
CASES: list[dict] = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["case"]


def _case_id(case: dict) -> str:
    guess = case["guess"].encode("unicode_escape").decode("ascii") or "<empty>"
    return f"{guess}->{'/'.join(case['accepted'])}"


def test_table_is_well_formed_and_balanced() -> None:
    """Every case is complete, and the table tests refusals as hard as acceptances."""
    assert len(CASES) >= 170
    for case in CASES:
        assert set(case) == {"guess", "accepted", "expected", "why"}, case
        assert case["accepted"] and isinstance(case["expected"], bool) and case["why"]
    accepts = sum(case["expected"] for case in CASES)
    assert 0.35 <= accepts / len(CASES) <= 0.65


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case(case: dict) -> None:
    got = check_answer(case["guess"], case["accepted"])
    assert got is case["expected"], f"{case['guess']!r} vs {case['accepted']}: {case['why']}"


def test_overall_score(capsys: pytest.CaptureFixture[str]) -> None:
    """Report the score on the whole table, and list what is judged wrongly."""
    wrong = [c for c in CASES if check_answer(c["guess"], c["accepted"]) is not c["expected"]]
    score = (len(CASES) - len(wrong)) / len(CASES)
    with capsys.disabled():
        print(f"\nanswer table: {len(CASES) - len(wrong)}/{len(CASES)} ({score:.1%})")
        for c in wrong:
            print(f"  wrong: {c['guess']!r} vs {c['accepted']} expected {c['expected']}")
    assert not wrong


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Tycho-Station", "tycho station"),
        ("Pólaris", "polaris"),
        ("It’s", "its"),
        ("Twenty-Three", "23"),
        ("nineteen sixty-nine", "1969"),
        ("3rd", "3"),
        ("Apollo XI", "apollo 11"),
        ("1,000", "1000"),
        ("Helium-3", "helium 3"),
        ("  ", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rocinante or Canterbury", True),
        ("Ceres, Eros", True),
        ("Holden/Miller", True),
        ("either Mars or Venus", True),
        ("Ceres\nEros", True),
        ("Ceres, I think", False),
        ("Roci! Roci!", False),
        ("Eros, the asteroid", False),
        ("No, it's Ceres", False),
        ("Helium-3", False),
        ("1,000", False),
        ("July 20, 1969", False),
        ("", False),
    ],
)
def test_looks_like_several_guesses(text: str, expected: bool) -> None:
    assert looks_like_several_guesses(text) is expected


def test_accepted_forms_without_words_are_ignored() -> None:
    assert check_answer("Ceres", ["", "???"]) is False
    assert check_answer("Ceres", []) is False
