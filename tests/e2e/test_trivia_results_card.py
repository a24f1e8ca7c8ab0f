"""The results card of a trivia night (issue 12), end to end through the loopback Discord:
the final results message carries a PNG besides its text standings, and a renderer that
fails never costs the results.

Nights are moved on as in test_trivia.py: advance the bot's clock, then tick the cog.
"""

from __future__ import annotations

import logging
import struct
from typing import Any

import pytest

from bot import pictures
from bot.trivia import GRACE_SECONDS, PAUSE_SECONDS
from loopback.records import RecordedRequest
from tests.conftest import Env
from tests.e2e.test_trivia import advance, bot_message, crafted, nights, until

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CARD = "trivia-night-results.png"
MESSAGES = r"/channels/\d+/messages"
GRACE = GRACE_SECONDS + 0.1


def assert_png(data: bytes, rows: int) -> None:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (pictures.CARD_WIDTH, pictures.results_height(rows))
    assert len(data) < pictures.MAX_BYTES // 8  # far under Discord's smallest 8 MB limit


def uploads(env: Env) -> list[RecordedRequest]:
    return [r for r in env.fake.requests_to("POST", MESSAGES) if r.files]


async def win_round(env: Env, number: int, rounds: int, member: Any, ms: int) -> None:
    """Round `number` is asked; `member` answers right `ms` after it; the reveal follows."""
    question = await bot_message(env, f"Round {number} of {rounds}")
    judge = nights(env).runners[env.guild_a.id].plan.judge
    assert judge is not None
    await env.fake.say(env.channel_a, member, judge.question.answer, at=crafted(question, ms))
    await until(lambda: judge.guesses == 1)
    await advance(env, GRACE)
    await bot_message(env, f"Round {number}/{rounds}: the answer was", after=question.id)
    await advance(env, PAUSE_SECONDS)


async def test_a_completed_night_posts_the_card_with_its_text_results(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[Any, ...]] = []
    real = pictures.render_results_card

    def spy(*args: Any) -> bytes:
        drawn.append(args)
        return real(*args)

    monkeypatch.setattr(pictures, "render_results_card", spy)
    naomi = env.guild_a.add_member("naomi", nick="Naomi @everyone")
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=2, seconds=30, hints=False
    )
    await win_round(env, 1, 2, env.fan_a, 300)
    await win_round(env, 2, 2, naomi, 1200)

    final = await bot_message(env, "final scores")
    assert f"<@{env.fan_a.id}>" in final.text and f"<@{naomi.id}>" in final.text  # text stays
    [attachment] = final.attachments
    assert attachment["filename"] == CARD
    [request] = uploads(env)
    [upload] = request.files
    assert upload.filename == CARD and upload.size == attachment["size"] == len(upload.data)
    assert request.json["embeds"][0]["title"] == "🏁 Trivia night over: final scores"
    assert_png(upload.data, rows=2)

    [(scores, fastest, title)] = drawn
    night = await env.store.trivia.latest_night(env.guild_a.id)
    assert night is not None and night.end_reason == "completed"
    board = await env.store.trivia.leaderboard(env.guild_a.id, night_id=night.id)
    points = {s.user_id: s.points for s in board.entries}
    assert sorted(scores, key=lambda s: s[0]) == sorted(
        [(env.fan_a.name, points[env.fan_a.id]), ("Naomi @\u200beveryone", points[naomi.id])]
    )  # display names, never a mention (nor the @everyone it spells)
    assert fastest == (env.fan_a.name, 0.3)
    assert title == "🏁 Trivia night over: final scores"
    assert env.fake.pinging_requests() == [] and env.fake.violations == []


async def test_a_failing_renderer_still_posts_the_text_results(
    env: Env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("the font went missing")

    monkeypatch.setattr(pictures, "render_results_card", broken)
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=3, seconds=30, hints=False
    )
    await win_round(env, 1, 3, env.fan_a, 500)
    await bot_message(env, "Round 2 of 3")
    with caplog.at_level(logging.ERROR, logger="cogs.trivia.night"):
        stopped = await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
        assert stopped.ephemeral
        final = await bot_message(env, "Trivia night stopped: scores so far")
    assert f"<@{env.fan_a.id}>" in final.text
    assert final.attachments == [] and uploads(env) == []
    assert any("could not draw the results card" in r.getMessage() for r in caplog.records)


async def test_a_night_ended_by_a_restart_posts_the_card(env: Env) -> None:
    await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=3, seconds=30, hints=False
    )
    await win_round(env, 1, 3, env.fan_a, 700)
    await bot_message(env, "Round 2 of 3")
    env.clock.advance(hours=3)  # the bot stays down for hours: the night is ended, not resumed
    await env.restart()
    final = await bot_message(env, "Trivia night stopped: scores so far")
    assert f"<@{env.fan_a.id}>" in final.text
    [attachment] = final.attachments
    assert attachment["filename"] == CARD
    [request] = uploads(env)
    assert_png(request.files[0].data, rows=1)
