"""A button or modal whose callback fails is answered with a short ephemeral message (and
an error code in the log), never left as "This interaction failed" or shown as raw text.

discord.py sends view and modal errors to `View.on_error` / `Modal.on_error`, which only
log by default; the command tree's error handler never sees them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.trivia import load_bank
from cogs._ui import PAGERS, PagerKind

SECRET = "sqlite3 exploded: /srv/parallax/db"


def boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRET)


async def aboom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRET)


def error_reply_of(reply: Any) -> Any:
    """The reply that carries the error: a press acknowledged first (rebuilding a page
    reads the store) gets it as its last follow-up."""
    return reply.followups[-1] if reply.followups else reply


def friendly(reply: Any) -> None:
    reply = error_reply_of(reply)
    assert reply.ephemeral
    assert "Something went wrong on our side (error `" in reply.content
    assert SECRET not in reply.text and "Traceback" not in reply.text


async def test_failing_leaderboard_page_is_answered(env: Any, monkeypatch: Any) -> None:
    for user_id in range(3000, 3015):
        await env.store.trivia.award(env.guild_a.id, user_id, user_id, env.clock(), "q")
    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    monkeypatch.setattr(env.store.trivia, "leaderboard", aboom)
    friendly(await board.click("Next"))
    assert env.fake.pinging_requests() == []


async def test_failing_quick_trivia_answer_is_answered(env: Any, monkeypatch: Any) -> None:
    reply = await env.fake.slash(env.channel_a, env.fan_a, "trivia", mode="typed")
    asked = await env.store.trivia.asked_times(env.guild_a.id)
    key = max(asked, key=lambda k: asked[k])
    question = next(
        q for q in (await load_bank(env.store, env.guild_a.id)).questions if q.key == key
    )
    monkeypatch.setattr(env.store.trivia, "answer_quick", aboom)
    modal = await reply.click("Answer")
    friendly(await modal.submit_modal({"Answer": question.answer}))


async def test_failing_pager_page_is_answered(env: Any, monkeypatch: Any) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969)
    buttons = {b["label"]: b.get("disabled", False) for b in reply.message.buttons}
    if buttons.get("Next") is not False:
        pytest.skip("the 1969 timeline fits on one page")
    monkeypatch.setitem(PAGERS, "timeline", PagerKind(aboom, "/timeline"))
    friendly(await reply.click("Next"))


async def test_failing_night_answer_button_and_modal_are_answered(
    env: Any, monkeypatch: Any
) -> None:
    start = await env.fake.slash(
        env.channel_a, env.mod_a, "trivianight start", rounds=1, seconds=30, show="fam"
    )
    assert start.content.startswith("Started")
    question = await env.fake.wait_for_message(
        env.channel_a, predicate=lambda m: "Round 1 of 1" in m.text
    )
    cog = env.bot.get_cog("TriviaNights")
    runner = cog.runners[env.guild_a.id]
    # The Answer button is a dynamic item: discord.py wraps it in a plain View.
    is_open = cog.round_is_open
    monkeypatch.setattr(cog, "round_is_open", boom)
    friendly(await env.fake.click(question, env.fan_a, "Answer"))
    monkeypatch.setattr(cog, "round_is_open", is_open)  # (not undo(): the env patches too)
    opened = await env.fake.click(question, env.fan_a, "Answer")
    assert opened.modal is not None
    submit = runner.submit
    monkeypatch.setattr(runner, "submit", boom)
    friendly(await opened.submit_modal({"Answer": "anything"}))
    monkeypatch.setattr(runner, "submit", submit)
    stopped = await env.fake.slash(env.channel_a, env.mod_a, "trivianight stop")
    assert stopped.ephemeral and "stopped" in stopped.content
    assert env.fake.pinging_requests() == []


def shape(text: str) -> str:
    """The reply with its error code taken out; the code itself must be there."""
    assert re.search(r"\(error `[0-9A-F]{6}`\)", text), text
    return re.sub(r"`[0-9A-F]{6}`", "`CODE`", text)


async def test_a_view_error_and_a_command_error_read_the_same(env: Any, monkeypatch: Any) -> None:
    """One error path: a failing command, a failing fact preview and a failing pager button
    all answer with the same words around their own error code."""
    monkeypatch.setattr(env.store.catalog, "search_facts", aboom)
    command = await env.fake.slash(
        env.guild_a, env.mod_a, "fact search", text="Leonov"
    )  # fmt: skip
    friendly(command)
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact="fam-leonov-first-moon-landing",
        episode="fam:S1E1",
    )  # fmt: skip
    monkeypatch.setattr(env.store.edits, "remove", aboom)
    pressed = error_reply_of(await preview.click("Confirm"))
    assert SECRET not in pressed.text
    # The preview stands (a failed write saved nothing), so its reply says to press again.
    assert pressed.content.endswith(" Nothing was saved: press **Confirm** again.")
    for _ in range(3000, 3015):
        await env.store.trivia.award(env.guild_a.id, _, _, env.clock(), "q")
    board = await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    monkeypatch.setattr(env.store.trivia, "leaderboard", aboom)
    page = await board.click("Next")
    friendly(page)
    page_error = error_reply_of(page).content
    kept = pressed.content.removesuffix(" Nothing was saved: press **Confirm** again.")
    assert shape(command.content) == shape(kept) == shape(page_error)
