"""A quick question answered right while the points can't be written (a full disk, a
database refusing the write) stays open: the member is told something went wrong, and the
same answer counts once the database works again. The question had been marked answered
before the points were written, so the right answer was lost for good. (Audit 36.)"""

from __future__ import annotations

import sqlite3

from tests.conftest import Env
from tests.e2e.test_trivia import labels, last_asked, quick

FAIL = "CREATE TRIGGER refuse BEFORE INSERT ON trivia_points BEGIN SELECT RAISE(ABORT, 'disk full'); END"


def database(env: Env, statement: str) -> None:
    """Another connection to the bot's database file, as an operator's tool would be."""
    with sqlite3.connect(env.settings.database_path, timeout=10) as connection:
        connection.execute(statement)


async def test_a_right_answer_whose_points_fail_to_save_can_be_given_again(env: Env) -> None:
    reply = await quick(env, env.fan_a, mode="buttons")
    question = await last_asked(env, env.guild_a)
    right = next(label for label in labels(reply.message) if question.is_correct(label))
    database(env, FAIL)
    failed = await reply.click(right)
    assert failed.ephemeral and "Something went wrong on our side" in failed.text, failed.text
    shown = env.fake.message(reply.message.id)
    assert shown is not None and shown.buttons
    assert not any(b.get("disabled") for b in shown.buttons)  # still open
    board = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert board.own is None

    database(env, "DROP TRIGGER refuse")
    answered = await reply.click(right)
    message = answered.latest()
    assert message is not None and message.embeds[0]["title"].startswith("✅ Right!")
    board = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert board.own is not None and board.own.points == question.points
