"""A quick /trivia question whose time runs out shows its answer, by the bot's clock and
from the state in the store: in this process, after a restart, and when a button of the
expired question is pressed."""

from __future__ import annotations

from typing import Any

from bot.trivia import load_bank
from tests.e2e.test_trivia import labels, last_asked, quick


def quick_cog(env: Any) -> Any:
    cog = env.bot.get_cog("Trivia")
    assert cog is not None
    return cog


async def test_a_private_question_shows_its_answer_when_time_runs_out(env: Any) -> None:
    reply = await quick(env, env.fan_a, mode="buttons")
    question = await last_asked(env, env.guild_a)
    env.clock.advance(minutes=3)
    await quick_cog(env).tick()
    message = reply.latest()
    assert message is not None
    assert message.embeds[0]["title"] == "⏱️ Time's up."
    assert f"**Answer:** {question.answer}" in message.embeds[0]["description"]
    assert all(b.get("disabled") for b in message.buttons)
    right = [b for b in message.buttons if b.get("style") == 3]  # the right option is green
    assert len(right) == 1 and question.is_correct(right[0]["label"])
    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    assert f"<@{env.fan_a.id}>" not in board.text  # no points for a timed-out question


async def test_a_public_question_shows_its_answer_after_a_restart(env: Any) -> None:
    await load_bank(env.store, env.guild_a.id)  # built: the question is the reply itself
    reply = await quick(env, env.fan_a, mode="buttons", public=True)
    question = await last_asked(env, env.guild_a)
    await env.restart()
    env.clock.advance(minutes=3)
    await quick_cog(env).tick()
    message = reply.latest()
    assert message is not None and message.embeds[0]["title"] == "⏱️ Time's up."
    assert question.answer in message.text and all(b.get("disabled") for b in message.buttons)
    await quick_cog(env).tick()  # closed once: nothing more to do
    assert reply.latest() == message


async def test_pressing_an_expired_button_shows_the_answer(env: Any) -> None:
    reply = await quick(env, env.fan_a, mode="buttons")
    question = await last_asked(env, env.guild_a)
    await env.restart()
    env.clock.advance(minutes=3)  # no sweep has run yet: the press comes first
    pressed = await reply.click(labels(reply.message)[0])
    assert question.answer in pressed.text and "Time ran out" in pressed.text
    assert "These buttons expired" not in pressed.text
    message = reply.latest()
    assert message is not None and message.embeds[0]["title"] == "⏱️ Time's up."
    assert all(b.get("disabled") for b in message.buttons)
    await quick_cog(env).tick()  # already closed by the press: left as it is
    assert reply.latest() == message
