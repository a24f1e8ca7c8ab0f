"""Buttons and forms opened before a restart are answered after it: never "This
interaction failed". Views held in memory say they expired and disable their buttons."""

from __future__ import annotations

from typing import Any

from tests.conftest import Env

EXPIRED_PREVIEW = "This preview expired, run the command again."
EXPIRED_BUTTONS = "These buttons expired, run the command again."


def disabled(message: Any) -> list[bool]:
    return [bool(b.get("disabled")) for b in message.buttons]


async def test_a_fact_preview_opened_before_a_restart(env: Env) -> None:
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact="fam-leonov-first-moon-landing",
        episode="fam:S1E1",
    )  # fmt: skip
    await env.restart()
    pressed = await preview.click("Confirm")
    assert pressed.followups and pressed.followups[-1].content == EXPIRED_PREVIEW
    assert all(disabled(preview.latest()))
    assert await env.store.catalog.fact(env.guild_a.id, "fam-leonov-first-moon-landing")


async def test_a_form_opened_before_a_restart(env: Env) -> None:
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="fam:S2E3",
        when="1983",
    )  # fmt: skip
    await env.restart()
    sent = await opened.submit_modal({"Fact text": "A fact typed across a restart."})
    assert sent.ephemeral and sent.content == "This form expired, run the command again."


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
    assert refused.ephemeral and "can use these buttons" in refused.content
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
