"""Nothing a player did is lost across a restart.

Answers are recorded as they arrive; a round whose time ran out while Parallax was down is
closed and revealed exactly once when it comes back, and a round closed just before a
restart still gets its reveal.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.test_trivia import GRACE, advance, bot_message, crafted, nights, until


def reveals(env: Any, number: int, rounds: int) -> list[Any]:
    return [
        m
        for m in env.fake.channel_messages(env.channel_a)
        if f"Round {number}/{rounds}: the answer was" in m.text
    ]


async def start_night(env: Any, rounds: int) -> Any:
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=rounds, seconds=30, hints=False
    )
    return await bot_message(env, f"Round 1 of {rounds}")


async def test_a_right_answer_survives_a_restart_and_the_round_is_revealed_once(
    env: Any,
) -> None:
    q1 = await start_night(env, rounds=2)
    judge = nights(env).runners[env.guild_a.id].plan.judge
    await env.fake.say(env.channel_a, env.fan_a, judge.question.answer, at=crafted(q1, 500))
    await until(lambda: judge.guesses == 1)
    env.clock.advance(seconds=40)  # the round runs out while the bot is down
    await env.restart()
    await nights(env).tick()
    reveal = await bot_message(env, "Round 1/2: the answer was", after=q1.id)
    assert f"<@{env.fan_a.id}> got it first" in reveal.text
    assert not [m for m in env.fake.channel_messages(env.channel_a) if "Asked again" in m.text]
    await advance(env, 1)
    await env.restart()
    await nights(env).tick()
    assert len(reveals(env, 1, 2)) == 1
    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard", scope="night")
    assert "You: #1" in board.text


async def test_an_answer_before_a_restart_still_counts_when_time_remains(env: Any) -> None:
    q1 = await start_night(env, rounds=1)
    judge = nights(env).runners[env.guild_a.id].plan.judge
    await env.fake.say(env.channel_a, env.fan_a, judge.question.answer, at=crafted(q1, 500))
    await until(lambda: judge.guesses == 1)
    await env.restart()
    await nights(env).tick()
    await advance(env, GRACE)
    reveal = await bot_message(env, "Round 1/1: the answer was", after=q1.id)
    assert f"<@{env.fan_a.id}> got it first" in reveal.text


async def dies_posting(
    env: Any, monkeypatch: Any, title: str, *, rounds: int
) -> tuple[Any, asyncio.Future[Any]]:
    """A night whose one answer is right, its round closed, and the process stuck for
    good just before it posts the message whose title has `title` in it."""
    q1 = await start_night(env, rounds=rounds)
    runner = nights(env).runners[env.guild_a.id]
    judge = runner.plan.judge
    await env.fake.say(env.channel_a, env.fan_a, judge.question.answer, at=crafted(q1, 500))
    await until(lambda: judge.guesses == 1)
    sending = runner._send
    stuck = asyncio.Event()

    async def dies_before_it(**kwargs: Any) -> Any:
        embed = kwargs.get("embed")
        if embed is not None and title in (embed.title or ""):
            stuck.set()
            await asyncio.Event().wait()  # the process dies here
        return await sending(**kwargs)

    monkeypatch.setattr(runner, "_send", dies_before_it)
    env.clock.advance(seconds=GRACE)
    closing = asyncio.ensure_future(nights(env).tick())
    await asyncio.wait_for(stuck.wait(), 5)
    return q1, closing  # the first question, and the tick stuck in the post


async def test_a_restart_while_a_round_closes_does_not_skip_its_reveal(
    env: Any, monkeypatch: Any
) -> None:
    q1, closing = await dies_posting(env, monkeypatch, "the answer was", rounds=2)
    await env.restart()
    closing.cancel()
    await nights(env).tick()
    reveal = await bot_message(env, "Round 1/2: the answer was", after=q1.id)
    assert f"<@{env.fan_a.id}> got it first" in reveal.text
    await advance(env, 1)
    assert len(reveals(env, 1, 2)) == 1


async def test_an_answer_form_opened_before_a_restart_still_counts(env: Any) -> None:
    q1 = await start_night(env, rounds=1)
    answer = nights(env).runners[env.guild_a.id].plan.judge.question.answer
    opened = await env.fake.click(q1, env.fan_a, "Answer")
    assert opened.modal is not None
    await env.restart()
    await bot_message(env, "Asked again: Parallax restarted.", after=q1.id)
    verdict = await opened.submit_modal({"Answer": answer})
    assert verdict.ephemeral and verdict.content.startswith("✅ Right!")
    await advance(env, GRACE)
    reveal = await bot_message(env, "Round 1/1: the answer was", after=q1.id)
    assert f"<@{env.fan_a.id}> got it first" in reveal.text
