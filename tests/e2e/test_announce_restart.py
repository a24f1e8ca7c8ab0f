"""/announce end to end, and the exactly-once guarantee across crashes and restarts.

The send path is killed at each named step (after the outbox row is claimed but before the
message is sent, after sending but before recording, after recording), the bot is restarted
on the same database and fake Discord, and the channel must hold exactly one message for
each reminder: no duplicate, no miss.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import discord
import pytest

from bot.announcements.outbox import EVENT_STEPS, SEND_STEPS
from cogs._checks import NOT_A_MODERATOR
from cogs.announce import Announce
from loopback import FakeMessage, FakeRole
from tests.conftest import OTHER_TODAYS, START, Env
from tests.e2e.test_countdown import publish_premiere_date
from tests.support.faults import SimulatedCrash, crash_at

#: Every test here runs at the suite's START and at other "todays" (see conftest).
pytestmark = pytest.mark.parametrize("today", [START, *OTHER_TODAYS], indirect=True, ids=str)


def premiere_day(env: Env, later: int = 0) -> str:
    """A premiere on 4 June of the test clock's next year (summer time in New York, so it
    starts at 04:00 UTC), plus `later` days."""
    return (dt.date(env.clock().year + 1, 6, 4) + dt.timedelta(days=later)).isoformat()


def hours_from_now(env: Env, hours: int) -> str:
    """A `/schedule add` start, in UTC, `hours` after the test clock's now."""
    return (env.clock() + dt.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")


async def announce_cog(env: Env) -> Announce:
    """The running Announce cog, once its start-up pass (reconciliation) has finished."""
    # discord.py loads each extension afresh per bot, so the class differs per run: by name.
    cog = env.bot.get_cog("Announce")
    assert cog is not None and type(cog).__name__ == "Announce"
    await asyncio.wait_for(cog.first_pass.wait(), timeout=5)
    return cog  # type: ignore[return-value]


async def restart(env: Env) -> None:
    """Close the bot and start a new one on the same database; wait for its start-up pass."""
    await env.restart()
    await announce_cog(env)


def announcements(env: Env) -> list[FakeMessage]:
    return [m for m in env.fake.channel_messages(env.channel_a) if "ref: " in m.content]


def markers(env: Env) -> list[str]:
    return [m.content.rsplit("ref: ", 1)[1] for m in announcements(env)]


async def opt_in_role(env: Env) -> FakeRole:
    role = env.guild_a.add_role("Launch Alerts", mentionable=True)
    await env.fake.flush()
    return role


async def set_up(env: Env, *, leads: str = "1h,0", role: FakeRole | None = None) -> None:
    options = {"channel": env.channel_a, "leads": leads}
    if role is not None:
        options["role"] = role
    reply = await env.fake.slash(env.guild_a, env.mod_a, "announce channel", **options)
    assert reply.ephemeral and "Announcements go to" in reply.content, reply.content
    added = await env.fake.slash(
        env.guild_a,
        env.mod_a,
        "schedule add",
        title="Star City rewatch",
        start=hours_from_now(env, 2),
        timezone="UTC",
    )
    assert "Added event" in added.content, added.content


# -- configuration and members ------------------------------------------------------------


async def test_announce_settings_are_for_moderators_only_checked_in_code(env: Env) -> None:
    role = await opt_in_role(env)
    for command, options in (
        ("announce channel", {"channel": env.channel_a, "role": role}),
        ("announce off", {}),
        ("announce status", {}),
        ("announce events", {"state": "on"}),
    ):
        refused = await env.fake.slash(env.guild_a, env.fan_a, command, **options)
        assert refused.ephemeral and refused.content == NOT_A_MODERATOR, command
    assert await env.store.schedule.settings(env.guild_a.id) is None


async def test_announce_refuses_bad_leads_and_powerful_roles(env: Env) -> None:
    bad = await env.fake.slash(
        env.guild_a, env.mod_a, "announce channel", channel=env.channel_a, leads="soon"
    )
    assert bad.ephemeral and "can't read the lead time" in bad.content
    mods = env.guild_a.add_role("Mods", permissions=discord.Permissions(manage_guild=True).value)
    await env.fake.flush()
    powerful = await env.fake.slash(
        env.guild_a, env.mod_a, "announce channel", channel=env.channel_a, role=mods
    )
    assert powerful.ephemeral and "grants Manage Server" in powerful.content
    assert await env.store.schedule.settings(env.guild_a.id) is None
    status = await env.fake.slash(env.guild_a, env.mod_a, "announce status")
    assert "Announcements: **off**" in status.embeds[0]["description"]
    off = await env.fake.slash(env.guild_a, env.mod_a, "announce off")
    assert "already off" in off.content


async def test_members_subscribe_and_unsubscribe_to_the_opt_in_role(env: Env) -> None:
    none_yet = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert none_yet.ephemeral and "no announcement role" in none_yet.content
    role = await opt_in_role(env)
    await set_up(env, role=role)
    joined = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert joined.ephemeral and "You now have" in joined.content
    assert role in env.fan_a.roles
    twice = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert "already have" in twice.content
    left = await env.fake.slash(env.guild_a, env.fan_a, "announce unsubscribe")
    assert left.ephemeral and "no more pings" in left.content and role not in env.fan_a.roles
    again = await env.fake.slash(env.guild_a, env.fan_a, "announce unsubscribe")
    assert "don't have" in again.content
    elsewhere = await env.fake.slash(env.guild_b, env.fan_b, "announce subscribe")
    assert "no announcement role" in elsewhere.content


async def test_an_announcement_is_posted_once_and_pings_only_the_opt_in_role(env: Env) -> None:
    role = await opt_in_role(env)
    await set_up(env, role=role)
    cog = await announce_cog(env)
    assert (await cog.run_due_announcements()).sent == 0  # nothing due yet
    env.clock.advance(hours=1)  # the 1 h reminder is due
    report = await cog.run_due_announcements()
    await cog.run_due_announcements()
    assert report.sent == 1
    [message] = announcements(env)
    assert message.content.startswith(f"<@&{role.id}>")
    assert "Star City rewatch" in message.content and ":F>" in message.content
    assert ":R>" in message.content
    [ping] = env.fake.pinging_requests()
    assert ping.json["allowed_mentions"]["roles"] in ([role.id], [str(role.id)])
    assert ping.json["allowed_mentions"]["parse"] == []
    assert ping.json["nonce"] == markers(env)[0]
    # A gateway reconnect does not make it go again.
    await env.fake.drop_socket()
    await env.fake.wait_until_connected()
    await cog.run_due_announcements()
    assert len(announcements(env)) == 1
    env.clock.advance(hours=1)  # at air time
    await cog.run_due_announcements()
    assert len(announcements(env)) == 2
    assert "starting now" in announcements(env)[1].content
    status = await env.fake.slash(env.guild_a, env.mod_a, "announce status")
    assert status.embeds[0]["description"].count(": sent") == 2
    off = await env.fake.slash(env.guild_a, env.mod_a, "announce off")
    assert "Announcements are off" in off.content


# -- killed at every step of the send path ------------------------------------------------


@pytest.mark.parametrize("step", SEND_STEPS)
async def test_killed_at_each_send_step_and_restarted_posts_exactly_once(
    env: Env, step: str
) -> None:
    await set_up(env)
    for lead_hours in (1, 0):  # the 1 h reminder, then the one at air time
        env.clock.advance(hours=1)
        posted_before = len(announcements(env))
        with pytest.raises(SimulatedCrash):
            await (await announce_cog(env)).run_due_announcements(fault=crash_at(step))
        after_crash = len(announcements(env)) - posted_before
        assert after_crash == (0 if step == "before_send" else 1), lead_hours
        await restart(env)  # a new bot on the same database and fake Discord
        await (await announce_cog(env)).run_due_announcements()
        assert len(announcements(env)) == posted_before + 1, (step, lead_hours)
        assert len(set(markers(env))) == len(markers(env))
    entries = await env.store.schedule.outbox(env.guild_a.id)
    assert sorted((e.lead_minutes, e.state) for e in entries) == [(0, "sent"), (60, "sent")]


async def test_offline_past_air_time_posts_late_within_grace_and_skips_beyond(env: Env) -> None:
    await set_up(env)
    env.clock.advance(hours=1)
    with pytest.raises(SimulatedCrash):
        await (await announce_cog(env)).run_due_announcements(fault=crash_at("before_send"))
    env.clock.advance(hours=2)  # down for two hours: the event started an hour ago
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    [late] = announcements(env)
    assert "started" in late.content and "60 minutes ago" in late.content
    # A second event while the bot is down for a whole day: skipped, and the reason kept.
    await env.fake.slash(
        env.guild_a, env.mod_a, "schedule add", title="Late show", start=hours_from_now(env, 3),
        timezone="UTC",
    )  # fmt: skip
    await env.bot.close()
    env.clock.advance(days=1)
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    assert len(announcements(env)) == 1
    status = await env.fake.slash(env.guild_a, env.mod_a, "announce status")
    assert "grace period" in status.embeds[0]["description"]


# -- Discord scheduled events for premieres -----------------------------------------------


def premiere_events(env: Env, guild=None) -> list[dict]:
    return list((guild or env.guild_a).scheduled_events.values())


async def test_a_scheduled_event_is_created_once_per_premiere(env: Env, tmp_path: Path) -> None:
    none = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert "No official premiere has a date yet" in none.content
    assert premiere_events(env) == []
    publish_premiere_date(env, tmp_path, premiere_day(env))
    await restart(env)
    on = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert on.ephemeral and "1 with a Discord event" in on.content
    [event] = premiere_events(env)
    assert event["name"] == "For All Mankind season 6 premiere"
    assert event["entity_type"] == 3 and event["entity_metadata"]["location"] == "Apple TV+"
    assert event["scheduled_start_time"].startswith(f"{premiere_day(env)}T04:00")
    await (await announce_cog(env)).run_due_announcements()
    again = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert "1 with a Discord event (0 created just now" in again.content
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    assert len(premiere_events(env)) == 1
    assert premiere_events(env, env.guild_b) == []  # the other server did not opt in
    off = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="off")
    assert "left alone" in off.content and len(premiere_events(env)) == 1


@pytest.mark.parametrize("step", EVENT_STEPS)
async def test_a_crash_while_creating_a_premiere_event_never_makes_two(
    env: Env, tmp_path: Path, step: str
) -> None:
    publish_premiere_date(env, tmp_path, premiere_day(env))
    await restart(env)
    await env.store.schedule.set_premiere_events(env.guild_a.id, True)
    with pytest.raises(SimulatedCrash):
        await (await announce_cog(env)).run_due_announcements(fault=crash_at(step))
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    assert len(premiere_events(env)) == 1


async def test_an_existing_event_for_the_premiere_is_adopted_not_duplicated(
    env: Env, tmp_path: Path
) -> None:
    publish_premiere_date(env, tmp_path, premiere_day(env))
    await restart(env)
    existing = env.fake.snowflake()
    env.guild_a.scheduled_events[existing] = {
        "id": str(existing),
        "guild_id": str(env.guild_a.id),
        "channel_id": None,
        "creator_id": str(env.mod_a.id),
        "name": "For All Mankind season 6 premiere",
        "description": "Made by hand",
        "scheduled_start_time": f"{premiere_day(env)}T04:00:00+00:00",
        "scheduled_end_time": f"{premiere_day(env, 1)}T04:00:00+00:00",
        "privacy_level": 2,
        "status": 1,
        "entity_type": 3,
        "entity_id": None,
        "entity_metadata": {"location": "Apple TV+"},
        "user_count": 0,
        "image": None,
        "recurrence_rule": None,
    }
    on = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert "1 found already" in on.content
    assert len(premiere_events(env)) == 1
