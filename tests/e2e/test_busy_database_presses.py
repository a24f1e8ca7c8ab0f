"""Buttons and forms that write are acknowledged before the write: while another
connection holds the database's write lock for longer than Discord's 3 seconds (an
operator's sqlite3 shell, a backup tool, a slow disk), a quick-trivia answer (pressed, or
typed in its form), a press on a quick question whose time ran out, and a /fact Confirm
are each acknowledged at once, saved once the lock is released, then shown. The three
quick-trivia ones used to write first, so the member saw "This interaction failed" (the
loopback recorded no acknowledgement within 3 s); Confirm already deferred first and is
here so that it stays so.

The lock is held for HELD seconds of the loopback's own time (the event loop's, which its
3-second deadline is measured in); the bot's writes wait for it (busy_timeout 5 s) and
succeed once it is gone. All presses share one lock, so the test waits HELD seconds once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.conftest import Env
from tests.e2e.test_facts import NEW_TEXT
from tests.e2e.test_trivia import labels, last_asked, quick

HELD = 4.0  # seconds the other connection keeps the write lock: past Discord's 3
ADD = {"show": "fam", "kind": "event", "episode": "fam:S2E3", "when": "1983"}


@contextmanager
def write_locked(env: Env, seconds: float) -> Iterator[None]:
    """Another connection to the bot's database file takes the write lock (BEGIN
    IMMEDIATE) now and releases it `seconds` later on the event loop, or on leaving."""
    connection = sqlite3.connect(env.settings.database_path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")

    def release() -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")

    timer = asyncio.get_running_loop().call_later(seconds, release)
    try:
        yield
    finally:
        timer.cancel()
        release()
        connection.close()


def acknowledged_in_time(reply: Any) -> float:
    """Seconds from Discord sending the interaction to the bot's first answer."""
    state = reply.interaction
    assert state.responded_at is not None and not state.late, reply
    taken = float(state.responded_at - state.dispatched_at)
    assert taken < 1.0, f"acknowledged after {taken:.2f}s"
    return taken


async def test_presses_that_write_are_acknowledged_while_the_database_is_busy(env: Env) -> None:
    fake = env.fake
    # A quick question whose 120 s will have run out (by the bot's clock; no sweep yet)...
    lapsed = await quick(env, env.mod_a, mode="buttons")
    lapsed_question = await last_asked(env, env.guild_a)
    env.clock.advance(seconds=110)
    # ...one to answer by button, one by the typed form, and a /fact preview to confirm.
    pressed = await quick(env, env.fan_a, mode="buttons")
    pressed_question = await last_asked(env, env.guild_a)
    right = next(x for x in labels(pressed.message) if pressed_question.is_correct(x))
    typed = await quick(env, env.fan_a, mode="typed")
    typed_question = await last_asked(env, env.guild_a)
    form = await typed.click("Answer")
    opened = await fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    preview = await opened.submit_modal({"Fact text": NEW_TEXT})
    fake.settle_max = HELD + 2  # wait for the edits that follow the lock's release
    env.clock.advance(seconds=15)  # the first question's time is up, the others' is not

    with write_locked(env, HELD):
        started = fake.now()
        answered, written, timed_out, confirmed = await asyncio.gather(
            pressed.click(right),
            form.submit_modal({"Answer": typed_question.answer}),
            lapsed.click(labels(lapsed.message)[0]),
            preview.click("Confirm"),
        )
        waited = fake.now() - started

    assert waited >= HELD - 0.5  # the writes did wait for the lock...
    for reply in (answered, written, timed_out, confirmed):
        acknowledged_in_time(reply)  # ...and every press was acknowledged first

    for reply, question in ((answered, pressed_question), (written, typed_question)):
        message = reply.latest()
        assert message is not None and message.embeds[0]["title"].startswith("✅ Right!")
        assert question.answer in message.embeds[0]["description"]
        assert all(b.get("disabled") for b in message.buttons)
    board = await env.store.trivia.leaderboard(env.guild_a.id, user_id=env.fan_a.id)
    assert board.own is not None
    assert board.own.points == pressed_question.points + typed_question.points

    shown = timed_out.latest()
    assert shown is not None and shown.embeds[0]["title"] == "⏱️ Time's up."
    assert all(b.get("disabled") for b in shown.buttons)
    assert "Time ran out" in timed_out.text and lapsed_question.answer in timed_out.text

    assert confirmed.content.startswith("Added `srv-"), confirmed.content
    adds = [r for r in await env.store.edits.revisions(env.guild_a.id) if r.action == "add"]
    assert len(adds) == 1
    assert fake.violations == []
