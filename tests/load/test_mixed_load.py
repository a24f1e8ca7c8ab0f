"""600 mixed commands at once, members' and moderators': none fails, none errs.

Counts, not times: an interaction not acknowledged within Discord's deadline is a loopback
violation (`late_ack`, `no_ack`) and a `NoResponse` for the caller; an internal error is a
logged "Error <code> in ..." record. Both must be zero.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from tests.conftest import Env

FAN_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("about", {}),
    ("countdown", {}),
    ("timeline", {"year": 1969}),
    ("timeline", {"search": "Jamestown"}),
    ("timeline", {}),
    ("canon", {"claim": "The Soviets landed on the Moon first"}),
    ("parallels", {}),
    ("episode", {"show": "expanse", "episode": "leviathan wakes"}),
    ("trivia", {}),
    ("leaderboard", {}),
    ("spoilers status", {}),
    ("spoilers watched", {"show": "fam", "episode": "S1E1"}),
    ("timezone set", {"zone": "Europe/Berlin"}),
    ("timezone show", {}),
]
MODERATOR_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("fact show", {"fact": "fam-leonov-first-moon-landing"}),
    ("fact search", {"text": "Apollo"}),
    ("fact changes", {}),
    ("announce status", {}),
    ("schedule list", {}),
    ("spoilers window", {"mode": "newest"}),
    ("trivianight status", {}),
    ("parallax modrole", {}),
]


@pytest.mark.parametrize("count", [600])
async def test_600_mixed_commands_all_answered_without_errors(
    env: Env, caplog: pytest.LogCaptureFixture, count: int
) -> None:
    env.fake.response_timeout = 120.0
    caplog.set_level(logging.ERROR)
    calls = []
    for number in range(count):
        guild, fan, mod = (
            (env.guild_a, env.fan_a, env.mod_a)
            if number % 2
            else (env.guild_b, env.fan_b, env.mod_b)
        )
        if number % 4 == 0:
            path, options = MODERATOR_COMMANDS[number // 4 % len(MODERATOR_COMMANDS)]
            calls.append(env.fake.slash(guild, mod, path, **options))
        else:
            path, options = FAN_COMMANDS[number % len(FAN_COMMANDS)]
            calls.append(env.fake.slash(guild, fan, path, **options))
    replies = await asyncio.gather(*calls, return_exceptions=True)
    failed = [repr(r) for r in replies if isinstance(r, BaseException)]
    violations = [f"{v.kind}: {v.detail}" for v in env.fake.take_violations()]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert (len(failed), len(violations), len(errors)) == (0, 0, 0), (
        failed[:3],
        violations[:3],
        errors[:3],
    )
    assert all(r.text for r in replies)
