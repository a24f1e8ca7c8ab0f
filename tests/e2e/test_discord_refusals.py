"""What Discord refuses, met by Parallax: the bugs the strict loopback revealed.

Permissions taken away after setup (a server admin edits a channel or the bot's role),
events that are someone else's or finished, and bursts that meet rate limits. Parallax
checks before it acts and says why in words; it never sends the request Discord would
refuse (the loopback records any such request as a violation, and the fixture fails the
test), and it never posts an announcement twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import discord
import pytest

from loopback import FakeMember, FakeRole, ratelimits
from tests.conftest import Env
from tests.e2e.test_announce_restart import (
    announce_cog,
    announcements,
    opt_in_role,
    premiere_day,
    restart,
    set_up,
)
from tests.e2e.test_countdown import publish_premiere_date
from tests.e2e.test_facts import add_fact
from tests.e2e.test_trivia import bot_message, nights
from tests.loopback.support import until
from tests.support.faults import SimulatedCrash, crash_at

SEND = discord.Permissions(send_messages=True).value
HISTORY = discord.Permissions(read_message_history=True).value
ATTACH = discord.Permissions(attach_files=True).value


async def bot_role_permissions(env: Env, *, without: int) -> None:
    """A server admin takes permissions away from Parallax's own role."""
    role = env.fake.bot_member(env.guild_a).roles[0]
    env.guild_a.update_role(role, permissions=role.permissions & ~without)
    guild = env.bot.get_guild(env.guild_a.id)
    assert guild is not None
    await until(lambda: guild.me.guild_permissions.value & without == 0)


async def close_channel(env: Env, target: FakeRole | FakeMember, **overwrite: int) -> None:
    """A server admin edits the channel's overwrites; the bot has seen it once this returns."""
    before = bot_permissions_in(env)
    env.channel_a.set_permissions(target, **overwrite)
    await until(lambda: bot_permissions_in(env) != before)


def bot_permissions_in(env: Env) -> int:
    channel = env.bot.get_channel(env.channel_a.id)
    assert isinstance(channel, discord.TextChannel)
    return channel.permissions_for(channel.guild.me).value


async def status_text(env: Env) -> str:
    status = await env.fake.slash(env.guild_a, env.mod_a, "announce status")
    return status.embeds[0]["description"]


# -- announcements --------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["before_send", "after_send"])
async def test_without_read_message_history_a_crashed_announcement_is_not_posted_twice(
    env: Env, step: str
) -> None:
    """Discord answers a history read without Read Message History with an empty list, so
    the reconciliation after a crash found nothing and posted again. Now it says so and
    keeps to the outbox's own record: the channel's last message id when the row was
    claimed. Nothing posted since: it goes out (once); something posted: taken as sent."""
    await set_up(env)
    await close_channel(env, env.guild_a.everyone, deny=HISTORY)
    env.clock.advance(hours=1)
    with pytest.raises(SimulatedCrash):
        await (await announce_cog(env)).run_due_announcements(fault=crash_at(step))
    assert len(announcements(env)) == (0 if step == "before_send" else 1)
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    assert len(announcements(env)) == 1
    [entry] = [e for e in await env.store.schedule.outbox(env.guild_a.id) if e.state != "pending"]
    assert entry.state == "sent"
    if step == "after_send":
        assert "Read Message History" in (entry.note or "")
    text = await status_text(env)
    assert "Read Message History" in text and env.channel_a.mention in text


async def test_without_send_messages_an_announcement_fails_with_its_reason(env: Env) -> None:
    """Discord refuses a post without Send Messages (403); Parallax checks first, records
    why, and shows it in /announce status, naming the permission and the channel."""
    await set_up(env)
    await close_channel(env, env.fake.bot_member(env.guild_a), deny=SEND)
    env.clock.advance(hours=1)
    report = await (await announce_cog(env)).run_due_announcements()
    assert report.failed and announcements(env) == []
    assert not env.fake.requests_to("POST", rf"/channels/{env.channel_a.id}/messages")
    text = await status_text(env)
    assert "Send Messages" in text and env.channel_a.mention in text


# -- the opt-in role ------------------------------------------------------------------------


async def test_a_burst_of_subscriptions_meets_the_role_rate_limit_and_all_are_answered(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Role changes share one bucket per server. A burst waits for it, longer than the 3
    seconds of an interaction: each subscription is acknowledged first, then done."""
    role = await opt_in_role(env)
    await set_up(env, role=role)
    tight = ratelimits.Limit(2, 3.5, "roles")  # a short window keeps the test quick
    for method in ("PUT", "DELETE"):
        route = (method, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
        monkeypatch.setitem(ratelimits.ROUTE_LIMITS, route, tight)
    env.fake.response_timeout = 10.0
    fans = [env.guild_a.add_member(f"fan{i}") for i in range(3)]
    await env.fake.flush()
    replies = await asyncio.gather(
        *(env.fake.slash(env.guild_a, fan, "announce subscribe") for fan in fans)
    )
    assert all(r.ephemeral and "You now have" in r.text for r in replies), replies
    assert all(role in fan.roles for fan in fans)


async def test_a_role_parallax_may_no_longer_manage_is_explained_not_attempted(
    env: Env,
) -> None:
    role = await opt_in_role(env)
    await set_up(env, role=role)
    joined = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert "You now have" in joined.text
    bot_top = env.fake.bot_member(env.guild_a).roles[0].position
    env.guild_a.update_role(role, position=bot_top + 1)  # moved above Parallax's role
    guild = env.bot.get_guild(env.guild_a.id)
    assert guild is not None
    await until(lambda: guild.me.top_role < guild.get_role(role.id))  # type: ignore[operator]
    for command in ("announce unsubscribe", "announce subscribe"):
        member = env.fan_a if command.endswith("unsubscribe") else env.mod_a
        refused = await env.fake.slash(env.guild_a, member, command)
        assert refused.ephemeral and "my highest role" in refused.text, refused.text
    await bot_role_permissions(env, without=discord.Permissions(manage_roles=True).value)
    env.guild_a.update_role(role, position=1)
    await until(lambda: guild.me.top_role > guild.get_role(role.id))  # type: ignore[operator]
    refused = await env.fake.slash(env.guild_a, env.fan_a, "announce unsubscribe")
    assert "Manage Roles" in refused.text
    assert role in env.fan_a.roles


# -- trivia nights ----------------------------------------------------------------------------


async def test_a_night_where_parallax_cannot_post_is_refused_naming_permission_and_channel(
    env: Env,
) -> None:
    await close_channel(env, env.fake.bot_member(env.guild_a), deny=SEND)
    refused = await env.fake.slash(env.channel_a, env.mod_a, "trivianight start", rounds=3)
    assert refused.ephemeral
    assert "Send Messages" in refused.text and env.channel_a.mention in refused.text
    assert not env.fake.requests_to("POST", rf"/channels/{env.channel_a.id}/messages")


async def test_a_night_without_attach_files_says_there_will_be_no_results_card(
    env: Env,
) -> None:
    await close_channel(env, env.guild_a.everyone, deny=ATTACH)
    started = await env.fake.slash(env.channel_a, env.mod_a, "trivianight start", rounds=3)
    [note] = [m for m in started.followups if "Attach Files" in m.text]
    assert note.ephemeral and env.channel_a.mention in note.text
    await bot_message(env, "Round 1 of 3")


async def test_a_night_whose_channel_closes_ends_without_a_refused_post(env: Env) -> None:
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight start", rounds=3, seconds=10)
    await bot_message(env, "Round 1 of 3")
    await close_channel(env, env.fake.bot_member(env.guild_a), deny=SEND)
    env.clock.advance(seconds=10)
    await nights(env).tick()
    night = await env.store.trivia.latest_night(env.guild_a.id)
    assert night is not None and night.status == "finished", night


# -- the facts audit channel ----------------------------------------------------------------


async def test_a_change_is_saved_when_the_audit_channel_is_closed_to_parallax(env: Env) -> None:
    await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel", channel=env.channel_a)
    await close_channel(env, env.fake.bot_member(env.guild_a), deny=SEND)
    key = await add_fact(env)
    assert key.startswith("srv-")
    assert env.fake.channel_messages(env.channel_a) == []
    assert not env.fake.requests_to("POST", rf"/channels/{env.channel_a.id}/messages")


# -- scheduled events -----------------------------------------------------------------------


async def test_premiere_events_need_create_events(env: Env, tmp_path: Path) -> None:
    await bot_role_permissions(env, without=discord.Permissions(create_events=True).value)
    refused = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert refused.ephemeral and "Create Events" in refused.text


@pytest.mark.parametrize("why", ["someone else's", "cancelled"])
async def test_a_moved_premiere_leaves_events_parallax_may_not_edit(
    env: Env, tmp_path: Path, why: str
) -> None:
    """resources/guild-scheduled-event.mdx:501: someone else's event needs Manage Events;
    :88: a finished (here: cancelled) event never changes again. Both are checked before
    the edit; the event is left as the moderators made it."""
    publish_premiere_date(env, tmp_path, premiere_day(env))
    await restart(env)
    start = dt.datetime.fromisoformat(f"{premiere_day(env)}T04:00:00+00:00")
    by_hand = env.guild_a.add_scheduled_event(
        "For All Mankind season 6 premiere",
        start,
        creator=env.mod_a,
        end=start + dt.timedelta(days=1),
    )
    adopted = await env.fake.slash(env.guild_a, env.mod_a, "announce events", state="on")
    assert "1 found already" in adopted.text
    if why == "cancelled":
        env.guild_a.update_scheduled_event(int(by_hand["id"]), status=4)
    else:
        await bot_role_permissions(env, without=discord.Permissions(manage_events=True).value)
    publish_premiere_date(env, tmp_path, premiere_day(env, 7))  # the date moved a week
    await restart(env)
    await (await announce_cog(env)).run_due_announcements()
    assert by_hand["scheduled_start_time"].startswith(premiere_day(env))  # untouched
    assert not env.fake.requests_to("PATCH", r"/guilds/\d+/scheduled-events/\d+")
