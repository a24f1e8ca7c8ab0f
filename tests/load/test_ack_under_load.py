"""Acknowledge first: commands answer within Discord's 3 seconds while the bot is busy.

Hundreds of /canon and /timeline are put in flight at once; a command fired half a second
later must still be acknowledged in time. Counts, not times: the loopback records a
`late_ack` or `no_ack` violation for every interaction that was not acknowledged within its
deadline, and these tests assert there are none.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from loopback import Reply
from tests.conftest import Env

PROBES: dict[str, tuple[str, dict[str, Any]]] = {
    "about": ("about", {}),
    "leaderboard": ("leaderboard", {}),
    "countdown": ("countdown", {}),
    "trivia": ("trivia", {}),
    "spoilers status": ("spoilers status", {}),
    "fact search": ("fact search", {"text": "Apollo"}),
    "fact show": ("fact show", {"fact": "fam-leonov-first-moon-landing"}),
}


def background_load(env: Env, count: int) -> list[asyncio.Task[Reply]]:
    """`count` /canon and /timeline in flight at once, from fans of both servers."""
    tasks = []
    for number in range(count):
        guild, fan = (env.guild_a, env.fan_a) if number % 2 else (env.guild_b, env.fan_b)
        if number % 3:
            call: Awaitable[Reply] = env.fake.slash(
                guild, fan, "canon", claim=f"The Soviets landed on the Moon first {number}"
            )
        else:
            call = env.fake.slash(guild, fan, "timeline", year=1969 + number % 5)
        tasks.append(asyncio.ensure_future(call))
    return tasks


async def drain(tasks: list[asyncio.Task[Reply]]) -> list[BaseException]:
    return [
        r
        for r in await asyncio.gather(*tasks, return_exceptions=True)
        if isinstance(r, BaseException)
    ]


def unacknowledged(env: Env) -> list[str]:
    return [v.detail for v in env.fake.take_violations() if v.kind in ("late_ack", "no_ack")]


async def test_commands_fired_under_load_are_acknowledged_in_time(env: Env) -> None:
    env.fake.response_timeout = 120.0
    load = background_load(env, 300)
    await asyncio.sleep(0.5)
    probes = [
        env.fake.slash(
            env.guild_a, env.mod_a if path.startswith("fact") else env.fan_a, path, **options
        )
        for path, options in PROBES.values()
    ]
    probes.append(env.fake.slash(env.channel_b, env.mod_b, "trivianight start", rounds=1))
    try:
        replies = await asyncio.gather(*probes, return_exceptions=True)
    finally:
        failures = await drain(load)
    assert unacknowledged(env) == []
    assert [r for r in replies if isinstance(r, BaseException)] == []
    assert failures == []
    assert all(r.text for r in replies)
