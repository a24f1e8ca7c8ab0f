"""Gateway and REST faults through the loopback Discord: after each one the bot keeps
answering, and nothing is lost or doubled.

Faults: a socket dropped with no close frame (RESUME), an op 7 RECONNECT (RESUME), an op 9
INVALID_SESSION (a fresh IDENTIFY), a storm of 429s on interaction callbacks and followups,
and a slow REST API (`fake.delay_next`). Commands are also sent *while* the socket is down:
the loopback replays them on RESUME, as Discord does, and each gets exactly one answer.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from typing import Any

import pytest

from bot.trivia import load_bank
from loopback import FakeDiscord
from tests.conftest import Env
from tests.fault.support import OUR_FAULT, leaks, written_texts

CALLBACK = r"/interactions/\d+/[^/]+/callback"
FOLLOWUP = r"/webhooks/\d+/[^/]+"
EDIT_ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original"


async def answers_everything(env: Env) -> None:
    """/about, /timeline and /canon each answer once, correctly, with nothing raw in chat."""
    mark = len(env.fake.requests)
    about = await env.fake.slash(env.channel_a, env.fan_a, "about")
    assert "Parallax" in about.text
    timeline = await env.fake.slash(env.channel_a, env.fan_a, "timeline", year=1969)
    assert timeline.embeds[0]["title"] == "Timeline: 1969"
    # A claim /canon judges quickly: its scoring runs on the event loop (see the report).
    canon = await env.fake.slash(
        env.channel_a, env.fan_a, "canon", claim="Sojourner 1 lands on Mars"
    )
    assert canon.embeds and "canon" in canon.embeds[0]["title"].lower()
    for reply in (about, timeline, canon):
        assert reply.interaction.response_type is not None
    for _request, text in written_texts(env.fake, mark):
        assert not leaks(text) and OUR_FAULT not in text, text
    assert_each_interaction_answered_once(env.fake)


def assert_each_interaction_answered_once(fake: FakeDiscord) -> None:
    """No interaction got two initial responses (the loopback would record double_ack) and
    none got a second copy of the same followup."""
    callbacks = Counter(
        r.path for r in fake.requests_to("POST", CALLBACK) if not r.injected and r.status == 200
    )
    assert all(count == 1 for count in callbacks.values()), callbacks
    followups = Counter(
        (r.path, repr(r.json))
        for r in fake.requests_to("POST", FOLLOWUP)
        if not r.injected and r.status == 200
    )
    assert all(count == 1 for count in followups.values()), followups


def bot_messages(env: Env, needle: str) -> list[Any]:
    return [m for m in env.fake.channel_messages(env.channel_a) if needle in m.text]


# --------------------------------------------------------------------------------------
# Gateway faults
# --------------------------------------------------------------------------------------


async def test_dropped_socket_resumes_and_the_bot_keeps_answering(env: Env) -> None:
    await answers_everything(env)
    await env.fake.drop_socket()
    await env.fake.wait_until_connected()
    assert len(env.fake.resumes) == 1 and len(env.fake.identifies) == 1
    await answers_everything(env)


async def test_a_command_sent_while_the_socket_is_down_is_answered_once(env: Env) -> None:
    await env.fake.drop_socket()
    # Dispatched with no socket attached: buffered, replayed on RESUME, answered once.
    reply = await env.fake.slash(env.channel_a, env.fan_a, "timeline", year=1983)
    assert "1983" in reply.embeds[0]["title"]
    await env.fake.wait_until_connected()
    assert len(env.fake.resumes) == 1
    await answers_everything(env)


async def test_reconnect_request_resumes_and_the_bot_keeps_answering(env: Env) -> None:
    await env.fake.send_reconnect()
    await env.fake.wait_until_connected()
    assert len(env.fake.resumes) == 1
    await answers_everything(env)
    await env.fake.send_reconnect()
    await env.fake.wait_until_connected()
    assert len(env.fake.resumes) == 2
    await answers_everything(env)


async def test_invalid_session_identifies_again_and_the_bot_keeps_answering(env: Env) -> None:
    await env.fake.send_invalid_session(resumable=False)
    await env.fake.wait_until_connected()
    assert len(env.fake.identifies) == 2 and not env.fake.resumes
    await answers_everything(env)


# --------------------------------------------------------------------------------------
# REST faults
# --------------------------------------------------------------------------------------


async def test_a_429_storm_on_replies_loses_and_doubles_nothing(env: Env) -> None:
    # Initial responses, then followups and edits of deferred replies, all rate limited.
    # discord.py tries an interaction or webhook request 5 times in all, so each request
    # gets at most 4 429s in a row (a 5th would surface as an HTTPException).
    env.fake.fail_next("POST", CALLBACK, status=429, times=4)
    env.fake.fail_next("POST", FOLLOWUP, status=429, times=4)
    env.fake.fail_next("PATCH", EDIT_ORIGINAL, status=429, times=4)
    await answers_everything(env)
    await answers_everything(env)  # the rules left over hit these
    assert sum(r.injected for r in env.fake.requests) >= 8  # the storm really hit
    # A command that raises: its ephemeral refusal also survives the storm.
    env.fake.fail_next("POST", CALLBACK, status=429, times=3)
    refused = await env.fake.slash(env.channel_a, env.fan_a, "timeline", year=3000)
    assert refused.ephemeral and "outside the timeline" in refused.content
    assert_each_interaction_answered_once(env.fake)
    await answers_everything(env)


async def test_slow_rest_still_answers_within_the_deadline(env: Env) -> None:
    # Every REST answer takes 0.3 s for a while; the bot acknowledges, then finishes.
    env.fake.delay_next("*", r"/.*", seconds=0.3, times=12)
    await answers_everything(env)
    assert env.fake.take_violations("late_ack") == []


async def test_delay_next_delays_only_the_matching_requests(env: Env) -> None:
    """The loopback's slow-REST option: matching requests wait, then are served normally."""
    env.fake.delay_next("POST", CALLBACK, seconds=0.4, times=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    reply = await env.fake.slash(env.channel_a, env.fan_a, "about")
    assert loop.time() - started >= 0.4 and "Parallax" in reply.text
    [callback] = [r for r in env.fake.requests_to("POST", CALLBACK)]
    assert callback.status == 200 and not callback.injected
    started = loop.time()
    await env.fake.slash(env.channel_a, env.fan_a, "about")  # the rule is used up
    assert loop.time() - started < 0.4


async def test_a_callback_slower_than_the_ack_deadline_is_late(env: Env) -> None:
    env.fake.ack_deadline = 0.2
    env.fake.delay_next("POST", CALLBACK, seconds=0.4, times=1)
    with pytest.raises(AssertionError):  # NoResponse: Discord dropped the late answer
        await env.fake.slash(env.channel_a, env.fan_a, "about")
    await env.fake.wait_for_request("POST", CALLBACK, count=2)  # the error reply, also late
    await asyncio.sleep(0.1)
    late = env.fake.take_violations("late_ack")
    assert late and re.search(r"initial response after 0\.\d+s", late[0].detail)
    assert env.fake.take_violations("no_ack")
    env.fake.ack_deadline = 3.0
    await answers_everything(env)


# --------------------------------------------------------------------------------------
# Features with state: announcements and trivia
# --------------------------------------------------------------------------------------


async def test_an_announcement_due_while_the_socket_is_down_is_posted_exactly_once(
    env: Env,
) -> None:
    fake, mod = env.fake, env.mod_a
    done = await fake.slash(
        env.channel_a, mod, "announce channel", channel=env.channel_a, leads="1h"
    )
    assert done.ephemeral, done.text
    added = await fake.slash(
        env.channel_a,
        mod,
        "schedule add",
        title="Fault drill watch party",
        start="2026-11-24 15:00",
        timezone="UTC",
    )
    assert "Added event" in added.content, added.text
    announcer = env.bot.get_cog("Announce")
    assert announcer is not None
    env.clock.advance(hours=2, minutes=1)  # 14:01 UTC: the 1-hour reminder is due

    await fake.drop_socket()
    fake.fail_next("POST", r"/channels/\d+/messages", status=429, times=2)
    await announcer.run_due_announcements()  # REST works without the gateway
    await fake.wait_until_connected()
    await announcer.run_due_announcements()  # after RESUME (the echo replayed): nothing new
    await env.restart()
    announcer = env.bot.get_cog("Announce")
    await announcer.run_due_announcements()  # after a restart: still nothing new
    assert len(bot_messages(env, "Fault drill watch party")) == 1
    assert fake.pinging_requests() == []
    await answers_everything(env)


async def test_a_trivia_score_recorded_before_a_reconnect_is_kept(env: Env) -> None:
    fake = env.fake
    reply = await fake.slash(env.channel_a, env.fan_a, "trivia", mode="buttons")
    asked = await env.store.trivia.asked_times(env.guild_a.id)
    key = max(asked, key=lambda k: asked[k])
    bank = await load_bank(env.store, env.guild_a.id)
    question = next(q for q in bank.questions if q.key == key)
    right = next(b["label"] for b in reply.message.buttons if question.is_correct(b["label"]))
    answered = await reply.click(right)
    assert answered.latest().embeds[0]["title"].startswith("✅")
    before = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert before.own is not None and before.own.points > 0

    await fake.drop_socket()
    await fake.wait_until_connected()
    await fake.send_invalid_session(resumable=False)
    await fake.wait_until_connected()
    board = await fake.slash(env.channel_a, env.fan_a, "leaderboard")
    assert f"<@{env.fan_a.id}>" in board.text
    after = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert after.own is not None and after.own.points == before.own.points
    await answers_everything(env)
