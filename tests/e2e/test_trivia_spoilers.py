"""A trivia night limited by the host to season 2 never asks about anything later; one
with no limit never asks about what is inside the server's spoiler window, unless the host
opts in with max_season."""

from __future__ import annotations

import re
from typing import Any

from bot.trivia import PAUSE_SECONDS, load_bank
from tests.e2e.test_trivia import GRACE, advance, bot_message, nights, until


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


async def only_the_window_unasked(env: Any) -> dict[str, Any]:
    """The server's spoiler window is The Expanse's newest season, and every question from
    before it was asked just now: the least recently asked are season 6's. The bank by key."""
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="newest")
    bank = {q.key: q for q in (await load_bank(env.store, env.guild_a.id)).questions}
    for question in bank.values():
        if question.season is None or question.season < 6:
            await env.store.trivia.mark_asked(env.guild_a.id, question.key, env.clock())
    env.clock.advance(seconds=1)
    return bank


async def test_a_night_asks_nothing_from_the_spoiler_window_unless_the_host_opts_in(
    env: Any,
) -> None:
    """Every question before The Expanse's newest season was asked just now, so the least
    recently asked are season 6's, inside the window: a night without max_season still
    asks from before it; one with max_season=6 (the host's choice) may ask season 6."""
    bank = await only_the_window_unasked(env)
    plain = bank[await night_asks(env, show="expanse", hints=False)]
    assert plain.season is not None and plain.season <= 5, plain.key
    env.clock.advance(seconds=60)
    opted_in = bank[await night_asks(env, show="expanse", max_season=6, hints=False)]
    assert opted_in.season == 6, opted_in.key


SPOILER_TAGS = re.compile(r"\|\|.+?\|\|", re.DOTALL)


def outside_tags(text: str) -> str:
    """What a reader sees of `text` without opening a spoiler tag."""
    return SPOILER_TAGS.sub("", text)


async def test_a_night_opted_into_the_window_asks_behind_spoiler_tags(env: Any) -> None:
    """A host's max_season=6 lets a night ask The Expanse's newest season, which is the
    server's spoiler window: in the channel, the question, its hint and the revealed answer
    (and its source) are behind spoiler tags, as a fact in the window is, and no title (which
    cannot show tags) names the answer; a question from before the window is shown plain."""
    await only_the_window_unasked(env)
    fan = env.guild_a.add_member("bobbie")
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start",
        rounds=2, seconds=20, show="expanse", max_season=6, hints=True,
    )  # fmt: skip
    runner = nights(env).runners[env.guild_a.id]
    seen = []
    for number in (1, 2):
        asked = await bot_message(env, f"Round {number} of 2", after=seen[-1].id if seen else None)
        judge = runner.plan.judge
        assert judge is not None
        question = judge.question
        assert question.season == 6, question.key
        description = asked.embeds[0]["description"]
        assert description.startswith("||") and description.endswith("||"), description
        assert outside_tags(description) == ""
        await advance(env, 10)  # halfway: the hint
        hint = await bot_message(env, f"Hint for round {number}", after=asked.id)
        assert hint.content.endswith("||") and outside_tags(hint.content).endswith(": ")
        if number == 1:  # a player wins round 1; the host skips round 2
            await env.fake.say(env.channel_a, fan, question.answer)
            await until(lambda judge=judge: judge.guesses == 1)
            await advance(env, GRACE)
        else:
            await env.fake.slash(env.channel_a, env.mod_a, "trivianight skip")
        reveal = await bot_message(env, f"Round {number}/2: the answer", after=hint.id)
        title = reveal.embeds[0]["title"]
        assert title == f"Round {number}/2: the answer (⚠️ spoiler)"
        shown = outside_tags(reveal.embeds[0]["description"])
        assert question.answer not in shown and "**Answer:** " in shown
        assert "**Source:** " in shown and question.source_url not in shown
        assert question.answer in reveal.embeds[0]["description"]  # inside the tags
        if number == 1:
            assert f"<@{fan.id}> got it first" in shown  # who won is no spoiler
            await advance(env, PAUSE_SECONDS)
        seen.append(reveal)
    final = await bot_message(env, "final scores", after=seen[-1].id)
    assert f"<@{fan.id}>" in final.text

    # A night without max_season asks from before the window: nothing to hide.
    env.clock.advance(seconds=60)
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=1, seconds=10, show="expanse",
        hints=False,
    )  # fmt: skip
    plain = await bot_message(env, "Round 1 of 1", after=final.id)
    judge = nights(env).runners[env.guild_a.id].plan.judge
    assert judge is not None and judge.question.season is not None
    assert judge.question.season <= 5 and "||" not in plain.text
    await advance(env, 10)
    reveal = await bot_message(env, "Round 1/1: the answer was", after=plain.id)
    assert "||" not in reveal.text
