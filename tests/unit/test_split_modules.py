"""Trivia and the countdown stay split by their seams (issue #16): each part its own module
of at most about 400 lines, and the product defines no test-only hook (those live in
tests/support/faults.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot

BOT = Path(bot.__file__).parent
PARTS = [
    *sorted((BOT / "trivia").glob("*.py")),
    *sorted((BOT / "announcements").glob("*.py")),
    *(BOT / name for name in ("timezones.py", "releases.py", "server_events.py", "countdown.py")),
]
MAX_LINES = 400
TEST_ONLY = {"SimulatedCrash", "crash_at"}


@pytest.mark.parametrize("path", PARTS, ids=lambda path: path.relative_to(BOT).as_posix())
def test_each_part_of_trivia_and_the_countdown_stays_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by its seams"


def test_the_product_defines_no_test_only_hook() -> None:
    for path in BOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert not defined & TEST_ONLY, f"{path.relative_to(BOT)} defines {defined & TEST_ONLY}"
