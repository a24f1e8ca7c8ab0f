"""Trivia night: killed after a post went out but before it was recorded.

A round's reveal and the night's final scores are posted once their intent is recorded
(with a marker the message carries and the channel's last message id), then recorded as
posted. A process that dies between the two must, after a restart, neither post the
reveal twice nor never post the final scores.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.test_trivia import GRACE, advance, crafted, nights, until
from tests.e2e.test_trivia_restart import dies_posting, reveals, start_night


def finals(env: Any) -> list[Any]:
    return [m for m in env.fake.channel_messages(env.channel_a) if "Trivia night over" in m.text]


async def test_a_reveal_posted_just_before_a_crash_is_not_posted_again(env: Any) -> None:
    q1 = await start_night(env, rounds=2)
    runner = nights(env).runners[env.guild_a.id]
    judge = runner.plan.judge
    await env.fake.say(env.channel_a, env.fan_a, judge.question.answer, at=crafted(q1, 500))
    await until(lambda: judge.guesses == 1)
    stuck = asyncio.Event()

    async def dies_before_recording(*args: Any, **kwargs: Any) -> None:
        stuck.set()
        await asyncio.Event().wait()  # the process dies here

    # This store instance only: the restarted bot opens its own.
    env.store.trivia.mark_revealed = dies_before_recording
    env.clock.advance(seconds=GRACE)
    closing = asyncio.ensure_future(nights(env).tick())
    await asyncio.wait_for(stuck.wait(), 3)
    assert len(reveals(env, 1, 2)) == 1  # the reveal went out
    await env.restart()
    closing.cancel()
    await nights(env).tick()
    await advance(env, 1)
    await asyncio.sleep(0.3)
    assert len(reveals(env, 1, 2)) == 1, [m.text[:80] for m in reveals(env, 1, 2)]
    # ... and the night goes on: round 2 is asked after the pause.
    await advance(env, 30)
    await until(
        lambda: any("Round 2 of 2" in m.text for m in env.fake.channel_messages(env.channel_a))
    )


async def test_final_scores_not_yet_posted_at_a_crash_are_posted_once_after_it(
    env: Any, monkeypatch: Any
) -> None:
    _, closing = await dies_posting(env, monkeypatch, "Trivia night over", rounds=1)
    assert finals(env) == []
    await env.restart()
    closing.cancel()
    await nights(env).tick()
    await advance(env, 10)
    await asyncio.sleep(0.5)
    assert len(finals(env)) == 1, "the final scores were never posted after the restart"
    assert f"<@{env.fan_a.id}>" in finals(env)[0].text
    await env.restart()
    await nights(env).tick()
    await asyncio.sleep(0.3)
    assert len(finals(env)) == 1
