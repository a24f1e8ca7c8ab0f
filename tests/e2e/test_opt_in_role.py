"""The announcement opt-in role grants nothing: anyone can give it to themselves.

/announce subscribe hands the role to any member who asks, so the role may carry no power:
no permission @everyone lacks, not Parallax's moderator role, not the trivia host role, not
an integration's role, and below Parallax's own top role. The roles that do carry power
(/parallax modrole, /trivianight host-role) refuse the opt-in role, and subscribe checks
again, since a server admin can give the role permissions at any time.
"""

from __future__ import annotations

import discord
import pytest

from loopback import FakeRole
from tests.conftest import Env

LEONOV = "fam-leonov-first-moon-landing"


async def new_role(env: Env, name: str, **permissions: bool) -> FakeRole:
    role = env.guild_a.add_role(name, permissions=discord.Permissions(**permissions).value)
    await env.fake.flush()
    return role


async def announce_with(env: Env, member, role: FakeRole):
    return await env.fake.slash(
        env.guild_a, member, "announce channel", channel=env.channel_a, role=role
    )


async def test_a_moderator_role_holder_cannot_hand_the_role_to_every_fan(env: Env) -> None:
    """The escalation: a holder of the moderator role makes it the opt-in role, a fan
    subscribes, receives it, and removes a shipped fact."""
    keepers = await new_role(env, "Fact keepers")
    keeper = env.guild_a.add_member("ellen", roles=[keepers])
    await env.fake.flush()
    named = await env.fake.slash(env.guild_a, env.mod_a, "parallax modrole", role=keepers)
    assert f"<@&{keepers.id}>" in named.content

    refused = await announce_with(env, keeper, keepers)
    assert refused.ephemeral and "moderator role" in refused.content, refused.content
    assert await env.store.schedule.settings(env.guild_a.id) is None

    subscribed = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert "no announcement role" in subscribed.content
    assert keepers not in env.fan_a.roles
    removal = await env.fake.slash(
        env.guild_a, env.fan_a, "fact remove", fact=LEONOV, episode="fam:S1E1",
        ignore_default_permissions=True,
    )  # fmt: skip
    assert removal.message is None or not removal.message.buttons, removal.content
    assert await env.store.catalog.fact(env.guild_a.id, LEONOV) is not None


@pytest.mark.parametrize(
    "permission",
    [
        "mute_members",
        "deafen_members",
        "move_members",
        "manage_nicknames",
        "view_audit_log",
        "manage_events",
        "manage_guild",
    ],
)
async def test_a_role_with_any_permission_everyone_lacks_is_refused(
    env: Env, permission: str
) -> None:
    role = await new_role(env, "Launch Alerts", **{permission: True})
    refused = await announce_with(env, env.mod_a, role)
    label = permission.replace("_", " ").title().replace("Guild", "Server")
    assert refused.ephemeral and "@everyone" in refused.content, refused.content
    assert label in refused.content, refused.content
    assert await env.store.schedule.settings(env.guild_a.id) is None


async def test_a_role_granting_only_what_everyone_has_is_accepted(env: Env) -> None:
    role = await new_role(env, "Launch Alerts", send_messages=True, add_reactions=True)
    accepted = await announce_with(env, env.mod_a, role)
    assert "Announcements go to" in accepted.content, accepted.content


async def test_the_host_role_an_integration_role_and_a_role_above_mine_are_refused(
    env: Env,
) -> None:
    hosts = await new_role(env, "Trivia hosts")
    await env.fake.slash(env.channel_a, env.mod_a, "trivianight host-role", role=hosts)
    as_host = await announce_with(env, env.mod_a, hosts)
    assert "trivia host role" in as_host.content, as_host.content

    integration = await new_role(env, "Patreon")
    env.guild_a.update_role(integration, managed=True)
    await env.fake.flush()
    managed = await announce_with(env, env.mod_a, integration)
    assert "integration" in managed.content, managed.content

    high = await new_role(env, "Founders")
    top = max(r.position for r in env.fake.bot_member(env.guild_a).roles)
    env.guild_a.update_role(high, position=top + 1)
    await env.fake.flush()
    above = await announce_with(env, env.mod_a, high)
    assert "above" in above.content and "my" in above.content, above.content
    assert await env.store.schedule.settings(env.guild_a.id) is None


async def test_modrole_and_host_role_refuse_the_current_opt_in_role(env: Env) -> None:
    alerts = await new_role(env, "Launch Alerts")
    assert "Announcements go to" in (await announce_with(env, env.mod_a, alerts)).content
    as_mods = await env.fake.slash(env.guild_a, env.mod_a, "parallax modrole", role=alerts)
    assert as_mods.ephemeral and "/announce subscribe" in as_mods.content, as_mods.content
    assert (await env.store.guild_settings.get_config(env.guild_a.id)).mod_role_id is None
    as_hosts = await env.fake.slash(env.channel_a, env.mod_a, "trivianight host-role", role=alerts)
    assert as_hosts.ephemeral and "/announce subscribe" in as_hosts.content, as_hosts.content
    config = await env.store.guild_settings.get_config(env.guild_a.id)
    assert config.trivia_host_role_id is None


async def test_subscribe_checks_again_when_the_role_gained_power(env: Env) -> None:
    alerts = await new_role(env, "Launch Alerts")
    assert "Announcements go to" in (await announce_with(env, env.mod_a, alerts)).content
    env.guild_a.update_role(alerts, permissions=discord.Permissions(kick_members=True).value)
    await env.fake.flush()
    refused = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert refused.ephemeral and "ask a moderator" in refused.content.lower(), refused.content
    assert "Kick Members" in refused.content
    assert alerts not in env.fan_a.roles
    # Back to harmless: members can join again.
    env.guild_a.update_role(alerts, permissions=0)
    await env.fake.flush()
    joined = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert "You now have" in joined.content and alerts in env.fan_a.roles


VIEW = discord.Permissions(view_channel=True).value


async def test_a_role_that_opens_a_private_channel_is_refused(env: Env) -> None:
    """No server-wide permission, but a channel overwrite lets the role into a staff-only
    channel: every member who subscribed would read it. (Audit 36.)"""
    role = await new_role(env, "Launch Alerts")
    staff = env.guild_a.add_channel("staff-room")
    staff.set_permissions(env.guild_a.everyone, deny=VIEW)
    staff.set_permissions(role, allow=VIEW)
    await env.fake.flush()
    refused = await announce_with(env, env.mod_a, role)
    assert refused.ephemeral, refused.content
    assert f"<#{staff.id}>" in refused.content and "View Channel" in refused.content
    assert await env.store.schedule.settings(env.guild_a.id) is None


async def test_subscribe_checks_the_channel_overwrites_again(env: Env) -> None:
    alerts = await new_role(env, "Launch Alerts")
    assert "Announcements go to" in (await announce_with(env, env.mod_a, alerts)).content
    staff = env.guild_a.add_channel("staff-room")
    staff.set_permissions(env.guild_a.everyone, deny=VIEW)
    staff.set_permissions(alerts, allow=VIEW | discord.Permissions(manage_messages=True).value)
    await env.fake.flush()
    refused = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert refused.ephemeral and "ask a moderator" in refused.content.lower(), refused.content
    assert f"<#{staff.id}>" in refused.content and "View Channel" in refused.content
    assert alerts not in env.fan_a.roles
    # An overwrite that only takes away (or allows what @everyone has there) is harmless.
    staff.set_permissions(alerts, deny=discord.Permissions(send_messages=True).value)
    env.channel_a.set_permissions(alerts, allow=VIEW)
    await env.fake.flush()
    joined = await env.fake.slash(env.guild_a, env.fan_a, "announce subscribe")
    assert "You now have" in joined.content and alerts in env.fan_a.roles


async def test_a_role_with_a_power_in_one_visible_channel_is_refused(env: Env) -> None:
    role = await new_role(env, "Launch Alerts")
    env.channel_a.set_permissions(role, allow=discord.Permissions(manage_messages=True).value)
    await env.fake.flush()
    refused = await announce_with(env, env.mod_a, role)
    assert f"<#{env.channel_a.id}> (Manage Messages)" in refused.content, refused.content
    assert await env.store.schedule.settings(env.guild_a.id) is None
