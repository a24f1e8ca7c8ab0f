"""A trivia night limited by the host to season 2 never asks about anything later."""

from __future__ import annotations

from typing import Any

from bot.trivia import load_bank
from tests.e2e.test_trivia import bot_message


async def test_a_night_limited_to_season_2_never_asks_a_later_question(env: Any) -> None:
    rounds = 8
    await env.fake.slash(
        env.channel_a,
        env.mod_a,
        "trivianight start",
        rounds=rounds,
        seconds=10,
        show="fam",
        max_season=2,
        hints=False,
    )
    previous = await bot_message(env, f"Round 1 of {rounds}")
    for number in range(2, rounds + 1):
        # The host skips a question every few seconds (the bot posts twice per skip; all at
        # once would wait out the channel's rate limit of 5 posts per 5 seconds).
        env.clock.advance(seconds=3)
        await env.fake.slash(env.channel_a, env.mod_a, "trivianight skip")  # on to the next
        previous = await bot_message(env, f"Round {number} of {rounds}", after=previous.id)
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    await bot_message(env, "Trivia night stopped")

    asked = await env.store.trivia.asked_times(env.guild_a.id)
    bank = {q.key: q for q in (await load_bank(env.store, env.guild_a.id)).questions}
    questions = [bank[key] for key in asked]
    assert len(questions) == rounds
    assert all(q.show in ("fam", "starcity") for q in questions)
    assert all(q.season is not None and q.season <= 2 for q in questions), [
        (q.key, q.season) for q in questions
    ]
