"""Buttons and forms opened before a restart are answered after it: never "This
interaction failed". Fact previews and forms keep working (their state is in the store);
views held in memory, and anything past its lifetime, say they expired and disable their
buttons."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import Env

LEONOV = "fam-leonov-first-moon-landing"
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
    refused = await env.fake.click(preview.message, stranger, "Confirm")
    assert refused.ephemeral and "belong to" in refused.content
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


async def test_trivia_buttons_opened_before_a_restart(env: Env) -> None:
    question = await env.fake.slash(env.guild_a, env.fan_a, "trivia")
    await env.restart()
    pressed = await question.click(question.message.buttons[0]["custom_id"])
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_BUTTONS
    assert all(disabled(question.latest()))


async def test_timeline_next_and_picture_work_after_a_restart(env: Env) -> None:
    timeline = await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    labels = [b["label"] for b in timeline.message.buttons]
    assert "Next" in labels and "Picture" in labels
    first = timeline.message.embeds[0]["footer"]["text"]
    await env.restart()
    refused = await timeline.click("Next", member=env.mod_a)
    assert refused.ephemeral and "belong to" in refused.content
    await timeline.click("Next")
    shown = timeline.latest()
    assert "Page 2 of" in shown.embeds[0]["footer"]["text"] and "Page 1 of" in first
    await timeline.click("Next")  # now a view of this process
    assert "Page 3 of" in timeline.latest().embeds[0]["footer"]["text"]
    await env.restart()
    await timeline.click("Picture")
    assert timeline.latest().attachments
    assert env.fake.take_violations() == []


async def test_timeline_buttons_past_their_lifetime(env: Env) -> None:
    timeline = await env.fake.slash(env.guild_a, env.fan_a, "timeline")
    env.clock.advance(minutes=20)
    await env.restart()
    pressed = await timeline.click("Next")
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_BUTTONS
    assert all(disabled(timeline.latest()))
