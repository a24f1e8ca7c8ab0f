"""The same /fact add form submitted twice (a double press of Submit, a client's retry),
then each preview confirmed: the fact is added once, and the second answer points to it.
(From the session 35 fault review.)"""

from __future__ import annotations

import asyncio

from tests.conftest import Env

ADD = {"show": "fam", "kind": "event", "episode": "fam:S2E3", "when": "1983"}
TEXT = {"Fact text": "Submitted twice by a double press, added once."}


async def test_one_form_submitted_twice_adds_the_fact_once(env: Env) -> None:
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    first, second = await asyncio.gather(opened.submit_modal(TEXT), opened.submit_modal(TEXT))
    assert first.message.buttons and second.message.buttons  # two previews, made at once
    added = await first.click("Confirm")
    again = await second.click("Confirm")
    adds = [r for r in await env.store.edits.revisions(env.guild_a.id) if r.action == "add"]
    assert [r.fact_key for r in adds] == [added.content.split("`")[1]]
    key, number = adds[0].fact_key, adds[0].id
    assert again.content.startswith("Already added"), again.content
    assert f"`{key}` (change #{number})" in again.content
    assert f"`/fact show fact:{key}`" in again.content
    # Submitted once more after the confirm: told at once, no preview to confirm.
    late = await opened.submit_modal(TEXT)
    assert late.ephemeral and late.content.startswith("Already added") and not late.message.buttons
    assert f"`{key}`" in late.content
    assert len(await env.store.edits.revisions(env.guild_a.id)) == 1


async def test_two_forms_with_the_same_text_add_two_facts(env: Env) -> None:
    """Idempotence is per form: a moderator who runs /fact add twice means it."""
    keys = []
    for _ in range(2):
        opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
        done = await (await opened.submit_modal(TEXT)).click("Confirm")
        assert done.content.startswith("Added `srv-"), done.content
        keys.append(done.content.split("`")[1])
    assert keys[1] == keys[0] + "-2"
