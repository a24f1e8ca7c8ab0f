"""Trivia end to end through the loopback Discord: quick questions by button and by modal,
a whole trivia night (chat and modal answers, a tie decided by Discord's timestamps, a
hedged answer, a restart mid-night), host-only controls, planned nights and leaderboards.

Nights are moved on by advancing the bot's clock and calling the cog's `tick()`; nothing
waits real seconds except the short view timeouts set on purpose.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from bot.trivia import GRACE_SECONDS, PAUSE_SECONDS, TriviaQuestion, load_bank
from cogs._checks import NOT_A_MODERATOR
from cogs.trivia.cog import NOT_A_HOST
from loopback import FakeMessage, snowflake_time
from tests.conftest import OTHER_TODAYS, START

GRACE = GRACE_SECONDS + 0.1
#: Date-sensitive tests run at the suite's START and at other "todays" (see conftest).
ALL_TODAYS = pytest.mark.parametrize("today", [START, *OTHER_TODAYS], indirect=True, ids=str)


async def until(predicate: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait (a few ms at a time) for the bot to have processed something."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.01)


def nights(env: Any) -> Any:
    # Not isinstance: discord.py imports the extension afresh each time the bot starts.
    cog = env.bot.get_cog("TriviaNights")
    assert cog is not None
    return cog


async def quick(env: Any, member: Any, **options: Any) -> Any:
    """/trivia, a second after the previous one, so that `last_asked` can tell them apart."""
    env.clock.advance(seconds=1)
    return await env.fake.slash(env.channel_a, member, "trivia", **options)


async def last_asked(env: Any, guild: Any) -> TriviaQuestion:
    """The question quick trivia just asked (the most recently asked in this server)."""
    asked = await env.store.trivia.asked_times(guild.id)
    key = max(asked, key=lambda k: asked[k])
    bank = await load_bank(env.store, guild.id)
    return next(q for q in bank.questions if q.key == key)


def labels(message: FakeMessage) -> list[str]:
    return [b["label"] for b in message.buttons]


async def advance(env: Any, seconds: float) -> None:
    env.clock.advance(seconds=seconds)
    await nights(env).tick()


#: How long a bot message may take to appear: a host who skips and stops in quick
#: succession makes the bot post more than a channel's 5 messages per 5 seconds, and then,
#: as on Discord, the next post waits for the rate limit's window to end.
POST_TIMEOUT = 6.0


async def bot_message(env: Any, text: str, *, after: int | None = None) -> FakeMessage:
    return await env.fake.wait_for_message(
        env.channel_a, after=after, predicate=lambda m: text in m.text, timeout=POST_TIMEOUT
    )


def crafted(message: FakeMessage, ms: int) -> dt.datetime:
    """A moment `ms` after `message` was posted, by Discord's clock (its snowflake)."""
    return snowflake_time(message.id) + dt.timedelta(milliseconds=ms)


# --------------------------------------------------------------------------------------
# Quick trivia
# --------------------------------------------------------------------------------------


async def test_quick_trivia_by_button_right_then_wrong(env: Any) -> None:
    reply = await quick(env, env.fan_a, mode="buttons")
    # four options, or fewer when fewer are seen by the question's season (never one)
    assert reply.ephemeral and 2 <= len(reply.message.buttons) <= 4
    question = await last_asked(env, env.guild_a)
    right = next(label for label in labels(reply.message) if question.is_correct(label))
    answered = await reply.click(right)
    message = answered.latest()
    assert message is not None
    embed = message.embeds[0]
    assert embed["title"].startswith("✅ Right!")
    assert question.answer in embed["description"] and "**Source:**" in embed["description"]
    assert all(b.get("disabled") for b in message.buttons)

    reply = await quick(env, env.fan_a, mode="buttons", show="expanse")
    question = await last_asked(env, env.guild_a)
    assert question.show == "expanse"
    wrong = next(label for label in labels(reply.message) if not question.is_correct(label))
    message = (await reply.click(wrong)).latest()
    assert message is not None
    assert message.embeds[0]["title"] == "❌ Not quite."
    assert "**Answer:** " in message.embeds[0]["description"]

    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    assert f"<@{env.fan_a.id}>" in board.embeds[0]["description"]
    other = await env.fake.slash(env.channel_b, env.fan_b, "leaderboard")
    assert f"<@{env.fan_a.id}>" not in other.text  # points belong to the server they were won in
    assert env.fake.pinging_requests() == []


async def test_quick_trivia_by_modal_right_wrong_and_a_second_answer_refused(env: Any) -> None:
    reply = await quick(env, env.fan_a, mode="typed")
    assert labels(reply.message) == ["Answer"]
    question = earned = await last_asked(env, env.guild_a)
    modal = await reply.click("Answer")
    assert modal.modal is not None
    done = await modal.submit_modal({"Answer": f"I think it's {question.answer}"})
    message = done.latest()
    assert message is not None and message.embeds[0]["title"].startswith("✅ Right!")

    reply = await quick(env, env.fan_a, mode="typed", difficulty="hard")
    question = await last_asked(env, env.guild_a)
    assert question.difficulty == "hard"
    first, second = await reply.click("Answer"), await reply.click("Answer")
    wrong = await first.submit_modal({"Answer": "Canterbury or Donnager"})
    message = wrong.latest()
    assert message is not None and message.embeds[0]["title"] == "❌ Not quite."
    assert "You answered: Canterbury or Donnager" in message.embeds[0]["description"]
    again = await second.submit_modal({"Answer": question.answer})
    assert again.ephemeral and "already answered" in again.content
    points = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert points.own is not None and points.own.points == earned.points  # only the right one


async def test_public_quick_trivia_is_for_the_invoker_only(env: Any) -> None:
    # built (the start-up build may still be running): the question is the reply itself;
    # test_trivia_option_spoilers.py asks one that builds the bank first
    await load_bank(env.store, env.guild_a.id)
    reply = await quick(env, env.fan_a, public=True)
    assert not reply.ephemeral
    refused = await reply.click(labels(reply.message)[0], member=env.mod_a)
    assert refused.ephemeral and "can use these buttons" in refused.content
    message = reply.latest()
    assert message is not None and not any(b.get("disabled") for b in message.buttons)


async def test_quick_trivia_times_out_cleanly(env: Any) -> None:
    env.bot.get_cog("Trivia").quick_timeout = 0.2
    reply = await quick(env, env.fan_a)
    question = await last_asked(env, env.guild_a)
    await until(lambda: "Time's up" in (reply.latest() or reply.message).text)
    message = reply.latest()
    assert message is not None
    assert all(b.get("disabled") for b in message.buttons)
    assert question.answer in message.text and "Source:" in message.text
    assert env.fake.pinging_requests() == []


async def test_quick_trivia_with_no_matching_question_is_a_friendly_error(env: Any) -> None:
    # Star City has no hard questions in the shipped dataset.
    reply = await env.fake.slash(
        env.channel_a, env.fan_a, "trivia", show="starcity", difficulty="hard"
    )
    assert reply.ephemeral and "No questions match" in reply.content


async def test_quick_trivia_asks_only_what_the_member_has_watched(env: Any) -> None:
    """A member at S2E3 of The Expanse is asked about the episodes up to S2E3 only; where
    nothing can be placed (Star City's questions name no episode) there is nothing to ask,
    and the reply says why."""
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S2E3")
    bank = await load_bank(env.store, env.guild_a.id)
    for _ in range(8):
        await env.fake.slash(env.channel_a, env.fan_a, "trivia", show="expanse", mode="typed")
        times = await env.store.trivia.asked_times(env.guild_a.id)
        newest = max(times, key=lambda key: times[key])
        question = next(q for q in bank.questions if q.key == newest)
        assert question.season is not None and question.episode is not None, question.key
        assert (question.season, question.episode) <= (2, 3), question.key
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="starcity", episode="1")
    reply = await env.fake.slash(env.channel_a, env.fan_a, "trivia", show="starcity")
    assert reply.ephemeral and "what you haven't watched yet (Star City S1E8" in reply.content
    fam = await env.fake.slash(env.channel_a, env.fan_a, "trivia", show="fam")
    assert fam.embeds and fam.embeds[0]["title"] == "Trivia"  # another show: anything


# --------------------------------------------------------------------------------------
# A whole trivia night
# --------------------------------------------------------------------------------------


async def test_a_trivia_night_in_chat_and_by_modal_with_a_restart(env: Any) -> None:
    assert env.bot.intents.message_content, "chat answers need the message-content intent"
    guild, channel = env.guild_a, env.channel_a
    ana, ben, cat = (guild.add_member(name) for name in ("ana", "ben", "cat"))
    start = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=3, seconds=30, show="fam"
    )
    # The host's reply is private; the night is announced to the channel.
    assert start.ephemeral and start.content.startswith("Started: 3 rounds")
    await bot_message(env, "Trivia night!")

    # Round 1: ben and cat both answer right; cat's message was sent earlier (by its
    # snowflake) but reaches the bot later, and cat wins. ana hedges: it never counts.
    q1 = await bot_message(env, "Round 1 of 3")
    runner = nights(env).runners[guild.id]
    judge = runner.plan.judge
    assert judge is not None
    answer = judge.question.answer
    await env.fake.say(channel, ana, f"{answer} or Canterbury", at=crafted(q1, 100))
    await env.fake.say(channel, ben, answer, at=crafted(q1, 400))
    await env.fake.say(channel, cat, answer.lower(), at=crafted(q1, 200))
    await until(lambda: judge.guesses == 3)
    await advance(env, GRACE)
    reveal = await bot_message(env, "Round 1/3: the answer was")
    assert f"<@{cat.id}> got it first, 0.2 s after the question" in reveal.text
    assert "1 more player also got it right" in reveal.text
    assert "**Source:**" in reveal.text
    assert env.fake.message(q1.id).buttons[0].get("disabled")  # type: ignore[union-attr]

    # Round 2: a hint halfway, then ana answers through the Answer button's modal.
    await advance(env, PAUSE_SECONDS)
    q2 = await bot_message(env, "Round 2 of 3")
    await advance(env, 15)
    await bot_message(env, "Hint for round 2")
    judge = runner.plan.judge
    assert judge is not None
    await env.fake.say(channel, ben, "Canterbury")
    opened = await env.fake.click(q2, ana, "Answer")
    verdict = await opened.submit_modal({"Answer": judge.question.answer})
    assert verdict.ephemeral and verdict.content.startswith("✅ Right!")
    await until(lambda: judge.guesses == 2)
    await advance(env, GRACE)
    reveal = await bot_message(env, "Round 2/3: the answer was", after=q2.id)
    assert f"<@{ana.id}> got it first" in reveal.text

    # Round 3 is asked, then the bot restarts: the night resumes with the same question.
    await advance(env, PAUSE_SECONDS)
    q3 = await bot_message(env, "Round 3 of 3")
    await env.restart()
    again = await bot_message(env, "Asked again: Parallax restarted.", after=q3.id)
    assert q3.embeds[0]["description"] == again.embeds[0]["description"]
    runner = nights(env).runners[guild.id]
    judge = runner.plan.judge
    assert judge is not None
    await env.fake.say(channel, ben, judge.question.answer)
    await until(lambda: judge.guesses == 1)
    await advance(env, GRACE)
    await bot_message(env, "Round 3/3: the answer was", after=again.id)
    await advance(env, PAUSE_SECONDS)
    final = await bot_message(env, "final scores")
    assert all(f"<@{m.id}>" in final.text for m in (ana, ben, cat))

    board = await env.fake.slash(env.channel_a, ben, "leaderboard", scope="night")
    assert "You: #" in board.text
    assert env.fake.pinging_requests() == []  # winners are named, never pinged
    assert guild.id not in nights(env).runners
    night = await env.store.trivia.latest_night(guild.id)
    assert night is not None and (night.status, night.end_reason) == ("finished", "completed")


async def test_a_night_refuses_the_other_shows_near_identical_name(env: Any) -> None:
    """Margo (For All Mankind) and Marco (The Expanse) are one letter apart: a player who
    types the other show's name is refused, and one whose sentence ends in the answer
    scores."""
    guild, channel = env.guild_a, env.channel_a
    ana, ben = guild.add_member("ana"), guild.add_member("ben")
    bank = await load_bank(env.store, guild.id)
    margo = next(q for q in bank.questions if q.key == "fam-q-who-fired-molly")
    assert "Margo" in margo.answers and "Marco Inaros" in bank.known.names
    await env.fake.slash(
        channel, env.mod_a, "trivianight start", rounds=2, seconds=30, show="expanse"
    )
    q1 = await bot_message(env, "Round 1 of 2")
    runner = nights(env).runners[guild.id]
    runner.candidates = [margo]  # round 2 asks who fired Molly Cobb
    await env.fake.slash(channel, env.mod_a, "trivianight skip")
    q2 = await bot_message(env, "Round 2 of 2", after=q1.id)
    judge = runner.plan.judge
    assert judge is not None and judge.question.key == margo.key
    await env.fake.say(channel, ana, "Marco", at=crafted(q2, 100))
    await env.fake.say(channel, ben, "so that was Margo, right?", at=crafted(q2, 300))
    await until(lambda: judge.guesses == 2)
    assert [c.user_id for c in judge.correct] == [ben.id]
    await advance(env, GRACE)
    reveal = await bot_message(env, "Round 2/2: the answer was", after=q2.id)
    assert f"<@{ben.id}> got it first, 0.3 s after the question" in reveal.text
    assert f"<@{ana.id}>" not in reveal.text
    await advance(env, PAUSE_SECONDS)
    final = await bot_message(env, "final scores", after=reveal.id)
    assert f"<@{ben.id}>" in final.text and f"<@{ana.id}>" not in final.text
    assert env.fake.pinging_requests() == []


async def test_a_night_with_nobody_right_skip_and_stop(env: Any) -> None:
    guild = env.guild_a
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=5, seconds=10, hints=False
    )
    await bot_message(env, "Round 1 of 5")
    status = await env.fake.slash(env.channel_a, env.fan_a, "trivianight status")
    assert status.ephemeral and "Round 1 of 5" in status.text
    await advance(env, 10)
    await bot_message(env, "Nobody got it this time.")
    skipped = await env.fake.slash(env.channel_a, env.mod_a, "trivianight skip")
    assert skipped.ephemeral
    q2 = await bot_message(env, "Round 2 of 5")  # the pause was skipped
    skipped = await env.fake.slash(env.channel_a, env.mod_a, "trivianight skip")
    await bot_message(env, "Skipped by the host", after=q2.id)
    again = await env.fake.slash(env.channel_a, env.mod_a, "trivianight start")
    assert again.ephemeral and "already running" in again.content
    stopped = await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    assert stopped.ephemeral
    await bot_message(env, "Trivia night stopped")
    night = await env.store.trivia.latest_night(guild.id)
    assert night is not None and night.status == "finished"
    nothing = await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    assert nothing.ephemeral and "No trivia night is running" in nothing.content
    nothing = await env.fake.slash(env.channel_a, env.mod_a, "trivianight skip")
    assert "No trivia night is running" in nothing.content
    idle = await env.fake.slash(env.channel_a, env.fan_a, "trivianight status")
    assert "No trivia night is running or planned" in idle.content


async def test_a_night_idle_too_long_ends_cleanly_after_a_restart(env: Any) -> None:
    guild, channel = env.guild_a, env.channel_a
    await env.fake.slash(channel, env.mod_a, "trivianight start", rounds=5, seconds=20)
    q1 = await bot_message(env, "Round 1 of 5")
    judge = nights(env).runners[guild.id].plan.judge
    await env.fake.say(channel, env.fan_a, judge.question.answer)
    await until(lambda: judge.guesses == 1)
    await advance(env, GRACE)
    await bot_message(env, "Round 1/5: the answer was")
    await advance(env, PAUSE_SECONDS)
    await bot_message(env, "Round 2 of 5", after=q1.id)
    env.clock.advance(hours=3)  # the bot stays down for hours
    await env.restart()
    final = await bot_message(env, "Trivia night stopped: scores so far")
    assert f"<@{env.fan_a.id}>" in final.text
    night = await env.store.trivia.latest_night(guild.id)
    assert night is not None and (night.status, night.end_reason) == ("finished", "restart")
    assert guild.id not in nights(env).runners
    board = await env.fake.slash(channel, env.fan_a, "leaderboard", scope="night")
    assert f"You: #1 with {judge.question.points} point" in board.text


async def test_a_night_needs_enough_questions(env: Any) -> None:
    reply = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=30, show="starcity"
    )
    assert reply.ephemeral and "match those options" in reply.content
    assert await env.store.trivia.running_night(env.guild_a.id) is None


# --------------------------------------------------------------------------------------
# Hosts
# --------------------------------------------------------------------------------------


async def test_host_controls_are_refused_for_members(env: Any) -> None:
    guild = env.guild_a
    for command, options in (
        ("trivianight start", {}),
        ("trivianight stop", {}),
        ("trivianight skip", {}),
        ("trivianight schedule", {"when": "in 2 hours"}),
        ("trivianight cancel", {}),
    ):
        reply = await env.fake.slash(env.channel_a, env.fan_a, command, **options)
        assert reply.ephemeral and reply.content == NOT_A_HOST, command
    refused = await env.fake.slash(env.channel_a, env.fan_a, "trivianight host-role")
    assert refused.ephemeral and refused.content == NOT_A_MODERATOR
    assert await env.store.trivia.running_night(guild.id) is None
    assert await env.store.trivia.scheduled_nights(guild.id) == []

    # A moderator names a host role; a member with it may host, one without still may not.
    role = guild.add_role("Quizmaster")
    host = guild.add_member("quizmaster", roles=[role])
    everyone = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight host-role", role=guild.everyone
    )
    assert everyone.ephemeral and "@everyone" in everyone.content
    named = await env.fake.slash(env.channel_a, env.mod_a, "trivianight host-role", role=role)
    assert named.ephemeral and "can now host" in named.content
    started = await env.fake.slash(env.channel_a, host, "trivianight start", rounds=1)
    assert started.content.startswith("Started")
    await bot_message(env, "Trivia night!")
    refused = await env.fake.slash(env.channel_a, env.fan_a, "trivianight stop")
    assert refused.content == NOT_A_HOST
    stopped = await env.fake.slash(env.channel_a, host, "trivianight stop")
    assert stopped.ephemeral
    # The role belongs to this server only.
    elsewhere = await env.fake.slash(env.channel_b, env.fan_b, "trivianight start")
    assert elsewhere.content == NOT_A_HOST
    cleared = await env.fake.slash(env.channel_a, env.mod_a, "trivianight host-role")
    assert "moderators only" in cleared.content
    refused = await env.fake.slash(env.channel_a, host, "trivianight start")
    assert refused.content == NOT_A_HOST


# --------------------------------------------------------------------------------------
# Planned nights
# --------------------------------------------------------------------------------------


@ALL_TODAYS
async def test_a_planned_night_is_announced_and_starts_exactly_once(env: Any) -> None:
    guild = env.guild_a
    bad = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="yesterday-ish"
    )
    assert bad.ephemeral and "could not read" in bad.content
    past = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="2001-01-01 20:00", timezone="UTC"
    )
    assert "has passed" in past.content
    assert await env.store.trivia.scheduled_nights(guild.id) == []

    reply = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="in 2 hours", rounds=2, seconds=20
    )
    assert reply.ephemeral and reply.text.startswith("Planned for <t:")
    announcement = await bot_message(env, "Trivia night planned")
    [planned] = await env.store.trivia.scheduled_nights(guild.id)
    assert planned.event_id is not None  # the bot and the loopback agree on the date
    assert guild.scheduled_events[planned.event_id]["name"] == "Parallax trivia night"
    assert "A Discord event was created" in reply.text
    status = await env.fake.slash(env.channel_a, env.fan_a, "trivianight status")
    assert "Planned" in status.text

    await advance(env, 3600)
    assert await env.store.trivia.scheduled_nights(guild.id) != []  # not yet
    env.clock.advance(hours=1)
    await env.restart()  # the plan survives a restart
    await nights(env).tick()
    await bot_message(env, "The planned night starts now", after=announcement.id)
    q1 = await bot_message(env, "Round 1 of 2")
    await nights(env).tick()
    await nights(env).run_due_nights()
    starts = [m for m in env.fake.channel_messages(env.channel_a) if "starts now" in m.text]
    assert len(starts) == 1
    assert await env.store.trivia.scheduled_nights(guild.id) == []
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    await bot_message(env, "Trivia night stopped", after=q1.id)


@ALL_TODAYS
async def test_overlapping_nights_are_refused_and_a_busy_one_is_called_off_aloud(
    env: Any,
) -> None:
    guild = env.guild_a
    first = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="in 2 hours", rounds=2, seconds=20
    )
    assert first.text.startswith("Planned for <t:")
    for channel in (env.channel_a, guild.add_channel("general")):  # here or elsewhere
        again = await env.fake.slash(
            channel, env.mod_a, "trivianight schedule", when="in 2 hours", rounds=2, seconds=20
        )
        assert again.ephemeral and "would overlap" in again.content
    [planned] = await env.store.trivia.scheduled_nights(guild.id)
    # a night started by hand runs over the planned one: it is called off, in its channel,
    # and its Discord event goes
    env.clock.advance(minutes=119)
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight start", rounds=3, seconds=120)
    env.clock.advance(minutes=1)
    await nights(env).run_due_nights()
    await bot_message(env, "could not start: another night was running here")
    assert planned.event_id not in guild.scheduled_events
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")


@ALL_TODAYS
async def test_a_planned_night_missed_while_offline_is_not_started_late(env: Any) -> None:
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight schedule", when="in 1 hour")
    [planned] = await env.store.trivia.scheduled_nights(env.guild_a.id)
    env.clock.advance(hours=3)
    await env.restart()
    await nights(env).tick()
    await bot_message(env, "was missed while I was offline")
    assert await env.store.trivia.running_night(env.guild_a.id) is None
    missed = await env.store.trivia.night(env.guild_a.id, planned.id)
    assert missed is not None and missed.status == "cancelled"


@ALL_TODAYS
async def test_cancelling_a_planned_night(env: Any) -> None:
    guild = env.guild_a
    nothing = await env.fake.slash(env.channel_a, env.mod_a, "trivianight cancel")
    assert nothing.ephemeral and "No trivia night is planned" in nothing.content
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight schedule", when="in 3 hours")
    [planned] = await env.store.trivia.scheduled_nights(guild.id)
    cancelled = await env.fake.slash(env.channel_a, env.mod_a, "trivianight cancel")
    assert cancelled.ephemeral and "Cancelled the trivia night" in cancelled.content
    assert await env.store.trivia.scheduled_nights(guild.id) == []
    assert planned.event_id is not None and planned.event_id not in guild.scheduled_events
    env.clock.advance(hours=4)
    await nights(env).tick()
    assert await env.store.trivia.running_night(guild.id) is None


# --------------------------------------------------------------------------------------
# Leaderboards
# --------------------------------------------------------------------------------------


async def test_leaderboard_pages_ties_and_own_rank(env: Any) -> None:
    guild = env.guild_a
    now = env.clock()
    # 24 players with 30, 29, 29, 27, ... points; fan_a is last, on page 3.
    values = [30, 29, 29, *range(27, 6, -1)]
    for user_id, points in enumerate(values, start=1000):
        await env.store.trivia.award(guild.id, user_id, points, now, "q")
    await env.store.trivia.award(guild.id, env.fan_a.id, 1, now, "q")
    await env.store.trivia.award(guild.id, env.mod_a.id, 99, now - dt.timedelta(days=400), "q")

    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    lines = board.embeds[0]["description"].splitlines()
    # 99 (all time, mod_a), 30, 29, 29, 27: equal points share a rank, the next one skips.
    assert [line.split(".")[0] for line in lines[:5]] == ["**1", "**2", "**3", "**3", "**5"]
    assert f"<@{env.mod_a.id}>" in lines[0]
    footer = board.embeds[0]["footer"]["text"]
    assert "Page 1/3" in footer and "You: #26 with 1 point" in footer
    assert [b.get("disabled", False) for b in board.message.buttons] == [True, False]

    refused = await board.click("Next", member=env.mod_a)
    assert refused.ephemeral and "can use these buttons" in refused.content
    page2 = (await board.click("Next")).latest()
    assert page2 is not None and "Page 2/3" in page2.text
    page3 = (await board.click("Next")).latest()
    assert page3 is not None and f"<@{env.fan_a.id}>" in page3.text
    assert [b.get("disabled", False) for b in page3.buttons] == [False, True]
    back = (await board.click("Previous")).latest()
    assert back is not None and "Page 2/3" in back.text
    assert env.fake.pinging_requests() == []

    season = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard", scope="season")
    assert f"<@{env.mod_a.id}>" not in season.text  # those points are from another quarter
    assert "season" in season.embeds[0]["title"]
    no_night = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard", scope="night")
    assert no_night.ephemeral and "No trivia night" in no_night.content
    empty = await env.fake.slash(env.channel_b, env.fan_b, "leaderboard")
    assert "No points yet" in empty.text


async def test_leaderboard_buttons_are_disabled_on_timeout(env: Any) -> None:
    env.bot.get_cog("Trivia").board_timeout = 0.2
    for user_id in range(2000, 2015):
        await env.store.trivia.award(env.guild_a.id, user_id, 1, env.clock(), "q")
    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    assert "**1.**" in board.text and board.text.count("**1.**") == 10  # one shared rank
    await until(lambda: all(b.get("disabled") for b in (board.latest() or board.message).buttons))
    assert env.fake.pinging_requests() == []


async def test_a_planned_nights_time_is_read_in_the_hosts_zone_as_schedule_add_does(
    env: Any,
) -> None:
    """A wall-clock time without a zone had silently been taken as UTC; now, as with
    /schedule add, the host is asked, or the `timezone` option (same autocomplete) or the
    saved zone reads it. `when` keeps its name and its zone-free forms."""
    asked = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="2026-11-24 21:00"
    )
    assert asked.ephemeral and "Which time zone is that in?" in asked.content
    assert await env.store.trivia.scheduled_nights(env.guild_a.id) == []
    choices = await env.fake.autocomplete(
        env.channel_a, env.mod_a, "trivianight schedule", focused="timezone", value="berl",
        when="2026-11-24 21:00",
    )  # fmt: skip
    assert "Europe/Berlin" in [c["value"] for c in choices]
    berlin = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="2026-11-24 21:00",
        timezone="Europe/Berlin", rounds=2, seconds=20,
    )  # fmt: skip
    at_berlin = dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC)  # 21:00 CET
    assert berlin.text.startswith(f"Planned for <t:{int(at_berlin.timestamp())}:")
    await env.fake.slash(env.channel_a, env.mod_a, "timezone set", zone="America/New_York")
    saved = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="2026-11-24 21:00", rounds=2
    )
    at_new_york = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 21:00 EST
    assert saved.text.startswith(f"Planned for <t:{int(at_new_york.timestamp())}:")
    bad = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight schedule", when="in 9 hours",
        timezone="Atlantis/City",
    )  # fmt: skip
    assert bad.ephemeral and "don't know the time zone" in bad.content
    planned = await env.store.trivia.scheduled_nights(env.guild_a.id)
    assert [n.starts_at for n in planned] == [at_berlin, at_new_york]
