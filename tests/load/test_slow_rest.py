"""REST after the acknowledgement: a slow role grant or event delete never fails the
interaction; the member sees the result in the follow-up."""

from __future__ import annotations

import asyncio

from tests.conftest import Env

SLOW = 3.2  # longer than Discord's 3 seconds to acknowledge


def unacknowledged(env: Env) -> list[str]:
    return [v.detail for v in env.fake.take_violations() if v.kind in ("late_ack", "no_ack")]


async def test_a_slow_role_grant_is_acknowledged_first(env: Env) -> None:
    role = env.guild_a.add_role("Launch Alerts", mentionable=True)
    await env.fake.flush()
    await env.fake.slash(
        env.guild_a, env.mod_a, "announce channel", channel=env.channel_a, role=role
    )
    env.fake.delay_next("PUT", r"/guilds/\d+/members/\d+/roles/\d+", seconds=SLOW)
    joined = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert unacknowledged(env) == []
    assert joined.deferred and joined.ephemeral and "You now have" in joined.content
    assert role in env.fan_a.roles


async def test_a_slow_event_delete_is_acknowledged_first(env: Env) -> None:
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight schedule", when="in 3 hours")
    [planned] = await env.store.trivia.scheduled_nights(env.guild_a.id)
    assert planned.event_id is not None
    env.fake.delay_next("DELETE", r"/guilds/\d+/scheduled-events/\d+", seconds=SLOW)
    cancelled = await env.fake.slash(env.channel_a, env.mod_a, "trivianight cancel")
    assert unacknowledged(env) == []
    assert cancelled.ephemeral and "Cancelled the trivia night" in cancelled.content
    assert planned.event_id not in env.guild_a.scheduled_events


async def test_an_audit_post_survives_429s(env: Env) -> None:
    from tests.e2e.test_facts import add_fact

    audit = env.guild_a.add_channel("fact-log")
    await env.fake.flush()
    await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel", channel=audit)
    env.fake.fail_next("POST", rf"/channels/{audit.id}/messages", status=429, times=6)
    key = await add_fact(env)
    post = await env.fake.wait_for_message(
        audit, predicate=lambda m: f"Fact add: {key}" in m.text, timeout=10
    )
    assert post is not None
    for _ in range(100):  # the outbox row goes once the post is made
        if not await env.store.edits.pending_audits():
            break
        await asyncio.sleep(0.02)
    assert await env.store.edits.pending_audits() == []
