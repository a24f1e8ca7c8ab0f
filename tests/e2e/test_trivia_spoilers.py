"""A trivia night limited by the host to season 2 never asks about anything later; one
with no limit never asks about what is inside the server's spoiler window, unless the host
opts in with max_season."""

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


async def night_asks(env: Any, **options: Any) -> str:
    """Start a one-round night, and return the key of the question it asks."""
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=1, seconds=10, **options
    )
    await bot_message(env, "Round 1 of 1")
    asked = await env.store.trivia.asked_times(env.guild_a.id)
    key = max(asked, key=lambda k: asked[k])
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    await bot_message(env, "Trivia night stopped")
    return key


async def test_a_night_asks_nothing_from_the_spoiler_window_unless_the_host_opts_in(
    env: Any,
) -> None:
    """Every question before The Expanse's newest season was asked just now, so the least
    recently asked are season 6's, inside the window: a night without max_season still
    asks from before it; one with max_season=6 (the host's choice) may ask season 6."""
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="newest")
    bank = {q.key: q for q in (await load_bank(env.store, env.guild_a.id)).questions}
    for question in bank.values():
        if question.season is None or question.season < 6:
            await env.store.trivia.mark_asked(env.guild_a.id, question.key, env.clock())
    env.clock.advance(seconds=1)
    plain = bank[await night_asks(env, show="expanse", hints=False)]
    assert plain.season is not None and plain.season <= 5, plain.key
    env.clock.advance(seconds=60)
    opted_in = bank[await night_asks(env, show="expanse", max_season=6, hints=False)]
    assert opted_in.season == 6, opted_in.key
