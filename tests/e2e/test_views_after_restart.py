"""Buttons and forms opened before a restart are answered after it: never "This
interaction failed". Fact previews and forms, every pager and /trivia's buttons keep
working (their state is in the store); views held in memory, and anything past its
lifetime, say they expired and disable their buttons."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.trivia import TriviaQuestion, load_bank
from cogs.facts.pages import CHANGES_PAGE
from loopback import LoopbackError
from tests.conftest import Env
from tests.e2e.test_facts import LEONOV, edit_fact

ADD = {"show": "fam", "kind": "event", "episode": "fam:S2E3", "when": "1983"}

EXPIRED_PREVIEW = "This preview expired, run the command again."
EXPIRED_BUTTONS = "These buttons expired, run the command again."


def disabled(message: Any) -> list[bool]:
    return [bool(b.get("disabled")) for b in message.buttons]


async def test_a_fact_preview_confirmed_after_a_restart_is_applied(env: Env) -> None:
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact=LEONOV, episode="fam:S1E1"
    )
    await env.restart()
    stranger = env.guild_a.add_member("ed", permissions=env.mod_a.permissions)
    with pytest.raises(LoopbackError, match="ephemeral"):  # only its owner ever sees it
        await env.fake.click(preview.message, stranger, "Confirm")
    pressed = await preview.click("Confirm")
    assert pressed.content.startswith(f"Removed `{LEONOV}`"), pressed.text
    assert pressed.latest().buttons == []
    assert await env.store.catalog.fact(env.guild_a.id, LEONOV) is None
    assert env.fake.take_violations() == []


async def test_two_presses_after_a_restart_add_the_fact_once(env: Env) -> None:
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    preview = await opened.submit_modal({"Fact text": "Added across a restart, once."})
    await env.restart()
    first, second = await asyncio.gather(preview.click("Confirm"), preview.click("Confirm"))
    answers = sorted([first.text, second.text])
    assert sum(a.startswith("Added `srv-") for a in answers) == 1, answers
    assert any("already saved" in a.lower() for a in answers), answers
    assert [r.action for r in await env.store.edits.revisions(env.guild_a.id)] == ["add"]


async def test_undo_and_revert_previews_survive_a_restart(env: Env) -> None:
    edit = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1"
    )
    await env.restart()  # the form too: typed in after the restart
    preview = await edit.submit_modal({"Fact text": "Leonov lands first, across a restart."})
    await env.restart()
    assert (await preview.click("Confirm")).content.startswith(f"Changed `{LEONOV}`")
    undo = await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=LEONOV)
    revert_after = await env.fake.slash(env.guild_a, env.mod_a, "fact revert", fact=LEONOV)
    await env.restart()
    assert (await undo.click("Confirm")).content.startswith("Undid #1")
    conflict = await revert_after.click("Confirm")  # planned before the undo: refused
    assert "nothing to revert" in conflict.content, conflict.text
    actions = [r.action for r in await env.store.edits.revisions(env.guild_a.id)]
    assert actions == ["edit", "undo"], actions


async def test_a_fact_preview_past_its_lifetime(env: Env) -> None:
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact=LEONOV, episode="fam:S1E1"
    )
    env.clock.advance(minutes=10)
    await env.restart()
    pressed = await preview.click("Confirm")
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_PREVIEW
    assert pressed.followups[-1].ephemeral
    assert all(disabled(preview.latest()))
    assert await env.store.catalog.fact(env.guild_a.id, LEONOV)
    assert await env.store.edits.revisions(env.guild_a.id) == []


async def test_a_form_opened_before_a_restart(env: Env) -> None:
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    await env.restart()
    sent = await opened.submit_modal({"Fact text": "A fact typed across a restart."})
    assert sent.ephemeral and "Confirm to add it" in sent.content, sent.text
    assert (await sent.click("Confirm")).content.startswith("Added `srv-")


async def test_a_form_past_its_lifetime(env: Env) -> None:
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    env.clock.advance(minutes=20)
    await env.restart()
    sent = await opened.submit_modal({"Fact text": "A fact typed far too late."})
    assert sent.ephemeral and sent.content == "This form expired, run the command again."


async def test_fact_edit_acknowledges_first_when_the_database_is_slow(
    env: Env, monkeypatch: Any
) -> None:
    """A form must be the command's first answer within 3 s; when reading the fact takes
    longer, the command is acknowledged and a button opens the same, prefilled form."""
    current = env.store.edits.current

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(2.5)
        return await current(*args, **kwargs)

    monkeypatch.setattr(env.store.edits, "current", slow)
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1"
    )
    assert opened.deferred and opened.modal is None and "Write the text" in opened.text
    form = await opened.click("Write the text")
    base = await env.store.catalog.fact(0, LEONOV)
    assert form.modal["components"][0]["components"][0]["value"] == base.text
    preview = await form.submit_modal({"Fact text": "Written after a slow read."})
    assert (await preview.click("Confirm")).content.startswith(f"Changed `{LEONOV}`")
    assert env.fake.take_violations() == []


async def until(done: Callable[[], bool], timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        assert loop.time() < deadline, "not done in time"
        await asyncio.sleep(0.05)


async def asked(env: Env) -> TriviaQuestion:
    """The question quick trivia just asked in server A."""
    times = await env.store.trivia.asked_times(env.guild_a.id)
    key = max(times, key=lambda k: times[k])
    bank = await load_bank(env.store, env.guild_a.id)
    return next(q for q in bank.questions if q.key == key)


async def points(env: Env, member: Any) -> int:
    board = await env.store.trivia.leaderboard(env.guild_a.id, user_id=member.id)
    return board.own.points if board.own is not None else 0


async def test_trivia_buttons_work_after_a_restart_and_count_once(env: Env) -> None:
    question = await env.fake.slash(env.guild_a, env.fan_a, "trivia", mode="buttons")
    asked_question = await asked(env)
    right = next(
        b["label"] for b in question.message.buttons if asked_question.is_correct(b["label"])
    )
    await env.restart()
    if question.ephemeral:  # nobody but its owner sees it, let alone presses it
        with pytest.raises(LoopbackError, match="ephemeral"):
            await question.click(right, member=env.mod_a)
    else:
        refused = await question.click(right, member=env.mod_a)
        assert refused.ephemeral and "can use these buttons" in refused.content
    first, second = await asyncio.gather(question.click(right), question.click(right))
    assert question.latest().embeds[0]["title"].startswith("✅ Right!")
    assert all(disabled(question.latest()))
    # A press that writes is acknowledged first (its answer may then be a follow-up): of
    # the two, one is told privately that it already counted.
    said = [m for r in (first, second) for m in (r.message, *r.followups) if m is not None]
    again = [m for m in said if "already answered" in m.content]
    assert len(again) == 1 and again[0].ephemeral
    assert await points(env, env.fan_a) == asked_question.points  # once, not twice
    assert env.fake.take_violations() == []


async def test_a_typed_trivia_answer_across_a_restart(env: Env) -> None:
    question = await env.fake.slash(env.guild_a, env.fan_a, "trivia", mode="typed")
    asked_question = await asked(env)
    opened = await question.click("Answer")  # the form opens before the restart
    await env.restart()
    done = await opened.submit_modal({"Answer": asked_question.answer})
    assert done.latest().embeds[0]["title"].startswith("✅ Right!")
    assert await points(env, env.fan_a) == asked_question.points
    reopened = await env.fake.slash(env.guild_a, env.fan_a, "trivia", mode="typed")
    await env.restart()
    form = await reopened.click("Answer")  # and after it
    assert form.modal is not None


async def test_trivia_buttons_past_their_lifetime(env: Env) -> None:
    question = await env.fake.slash(env.guild_a, env.fan_a, "trivia", mode="buttons")
    env.clock.advance(minutes=20)
    await env.restart()
    asked_question = await asked(env)
    pressed = await question.click(question.message.buttons[0]["custom_id"])
    # Past its lifetime a quick question says its answer (it no longer just "expired").
    assert pressed.followups and asked_question.answer in pressed.followups[-1].content
    assert "Time ran out" in pressed.followups[-1].content
    assert question.latest().embeds[0]["title"] == "⏱️ Time's up."
    assert all(disabled(question.latest()))
    assert await points(env, env.fan_a) == 0


async def paged(env: Env, which: str) -> Any:
    """A reply of several pages from one of the paged commands, run by fan A (mod A for /fact)."""
    if which == "leaderboard":
        for user_id in range(4000, 4015):
            await env.store.trivia.award(env.guild_a.id, user_id, 1, env.clock(), "q")
        return await env.fake.slash(env.channel_a, env.fan_a, "leaderboard")
    if which == "parallels":
        return await env.fake.slash(env.guild_a, env.fan_a, "parallels")
    if which == "timeline":
        return await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    if which == "fact changes":  # more changed facts than one page holds
        edits, guild_id = env.store.edits, env.guild_a.id
        for fact in (await env.store.catalog.timeline(guild_id, universe="fam"))[
            : CHANGES_PAGE + 1
        ]:
            base = await edits.base_state(fact.key)
            assert base is not None
            changed = replace(base, text=f"{base.text} (this server's wording)")
            await edits.edit(guild_id, fact.key, changed, actor=env.mod_a.id, at=env.clock())
        return await env.fake.slash(env.guild_a, env.mod_a, "fact changes")
    for number in range(6):
        await edit_fact(env, LEONOV, f"Version {number} of the first landing.")
    return await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=LEONOV)


def page_number(message: Any) -> int:
    footer = message.embeds[0]["footer"]["text"]
    return int(re.search(r"Page (\d+)(?: of |/)", footer)[1])


PAGED = ["leaderboard", "parallels", "timeline", "fact history", "fact changes"]


@pytest.mark.parametrize("which", PAGED)
async def test_each_pager_after_a_restart(env: Env, which: str) -> None:
    reply = await paged(env, which)
    owner, stranger = (env.mod_a, env.fan_a) if which.startswith("fact") else (env.fan_a, env.mod_a)
    assert page_number(reply.message) == 1
    await env.restart()
    if reply.ephemeral:  # nobody but its owner sees it, let alone presses it
        with pytest.raises(LoopbackError, match="ephemeral"):
            await env.fake.click(reply.message, stranger, "Next")
    else:
        refused = await env.fake.click(reply.message, stranger, "Next")
        assert refused.ephemeral and "can use these buttons" in refused.content
    await env.fake.click(reply.message, owner, "Next")
    assert page_number(reply.latest()) == 2
    await env.restart()
    await env.fake.click(reply.message, owner, "Previous")
    assert page_number(reply.latest()) == 1
    assert disabled(reply.latest())[:2] == [True, False]
    assert env.fake.take_violations() == []


@pytest.mark.parametrize("which", PAGED)
async def test_each_pager_past_its_lifetime(env: Env, which: str) -> None:
    reply = await paged(env, which)
    owner = env.mod_a if which.startswith("fact") else env.fan_a
    env.clock.advance(minutes=20)  # no restart: the lifetime is the store's, on the clock
    pressed = await env.fake.click(reply.message, owner, "Next")
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_BUTTONS
    assert all(disabled(reply.latest()))
    assert page_number(reply.latest()) == 1


async def test_timeline_next_and_picture_work_after_a_restart(env: Env) -> None:
    timeline = await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    labels = [b["label"] for b in timeline.message.buttons]
    assert "Next" in labels and "Picture" in labels
    first = timeline.message.embeds[0]["footer"]["text"]
    await env.restart()
    refused = await timeline.click("Next", member=env.mod_a)
    assert refused.ephemeral and "can use these buttons" in refused.content
    await timeline.click("Next")
    shown = timeline.latest()
    assert "Page 2 of" in shown.embeds[0]["footer"]["text"] and "Page 1 of" in first
    await timeline.click("Next")  # now a view of this process
    assert "Page 3 of" in timeline.latest().embeds[0]["footer"]["text"]
    await env.restart()
    await timeline.click("Picture")
    await until(lambda: bool(timeline.latest().attachments))  # rendering takes a while under load
    assert env.fake.take_violations() == []


async def test_timeline_buttons_past_their_lifetime(env: Env) -> None:
    timeline = await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    env.clock.advance(minutes=20)
    await env.restart()
    pressed = await timeline.click("Next")
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_BUTTONS
    assert all(disabled(timeline.latest()))


async def test_a_quick_click_waits_for_its_replys_state(env: Env, monkeypatch: Any) -> None:
    """The reply is on screen before its buttons' state is saved: a member who clicks Next
    at once gets page 2, not 'these buttons expired'."""
    saving = env.store.views.save
    pressed = asyncio.Event()

    async def slow_save(*args: Any, **kwargs: Any) -> None:
        await pressed.wait()  # the click comes first
        await saving(*args, **kwargs)

    monkeypatch.setattr(env.store.views, "save", slow_save)
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    click = asyncio.ensure_future(reply.click("Next"))
    await asyncio.sleep(0.2)
    pressed.set()
    await click
    assert page_number(reply.latest()) == 2
