"""A trivia night survives a storm of transient HTTP failures; only a host or a permanent
error (channel gone, permission missing) ends it."""

from __future__ import annotations

from typing import Any

from bot.trivia import PAUSE_SECONDS
from tests.e2e.test_trivia import advance, bot_message, nights, until

MESSAGES = r"/channels/\d+/messages"


async def test_a_night_goes_on_through_six_429s(env: Any) -> None:
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=2, seconds=30, hints=False
    )
    q1 = await bot_message(env, "Round 1 of 2")
    await advance(env, 31)
    reveal = await bot_message(env, "Round 1/2: the answer was", after=q1.id)
    env.fake.fail_next("POST", MESSAGES, status=429, times=6)
    await advance(env, PAUSE_SECONDS)
    await bot_message(env, "Round 2 of 2", after=reveal.id)
    assert not [m for m in env.fake.channel_messages(env.channel_a) if "stopped" in m.text]
    assert env.guild_a.id in nights(env).runners


async def test_a_night_ends_when_its_channel_is_closed_to_the_bot(env: Any) -> None:
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=2, seconds=30, hints=False
    )
    q1 = await bot_message(env, "Round 1 of 2")
    await advance(env, 31)
    await bot_message(env, "Round 1/2: the answer was", after=q1.id)
    env.fake.fail_next("POST", MESSAGES, status=403, times=20)
    await advance(env, PAUSE_SECONDS)
    await until(lambda: env.guild_a.id not in nights(env).runners)
    night = await env.store.trivia.latest_night(env.guild_a.id)
    assert night is not None and night.end_reason == "channel unavailable"
