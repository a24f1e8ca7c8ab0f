"""Time comes from one injected clock: only `bot/clock.py` may read the wall clock.

A module that calls `datetime.now()` or `time.time()` directly makes the suite depend on the
day it runs (the loopback once refused a test's scheduled event as "in the past" because it
read the real date while the bot read the test's clock).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("bot", "cogs", "loopback", "parallax")
ALLOWED = {Path("bot/clock.py")}
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}


def wall_clock_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) for every `<...>.datetime.now()`-like call in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        owner_name = (
            owner.attr
            if isinstance(owner, ast.Attribute)
            else owner.id
            if isinstance(owner, ast.Name)
            else None
        )
        if (owner_name, node.func.attr) in WALL_CLOCK:
            found.append((node.lineno, f"{owner_name}.{node.func.attr}()"))
    return found


def test_the_detector_sees_each_form() -> None:
    source = "import datetime as dt, time\ndt.datetime.now(dt.UTC)\ntime.time()\ndt.date.today()\n"
    assert [call for _, call in wall_clock_calls(source)] == [
        "datetime.now()",
        "time.time()",
        "date.today()",
    ]


def test_no_module_reads_the_wall_clock_except_the_clock_module() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.relative_to(ROOT) not in ALLOWED
        for line, call in wall_clock_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read the injected clock instead:\n" + "\n".join(offenders)
