"""Point 2 of the strict loopback: scheduled events (status transitions, past start times,
Create Events / Manage Events); point 7: roles and members (hierarchy both ways, managed
roles and @everyone, nicknames and timeouts).

Rules quoted from discord-api-docs c98d64bc (see tests/loopback/support.py).
"""

from __future__ import annotations

import datetime as dt

import discord
import pytest

from loopback import DEFAULT_BOT_PERMISSIONS, FakeDiscord
from tests.loopback.support import Probe, bits, start_probe

CREATE_EVENTS = bits(create_events=True)
MANAGE_EVENTS = bits(manage_events=True)


async def create_event(probe: Probe, *, days: int = 2) -> discord.ScheduledEvent:
    start = probe.fake.utcnow() + dt.timedelta(days=days)
    return await probe.discord_guild.create_scheduled_event(
        name="Season 5 premiere",
        start_time=start,
        end_time=start + dt.timedelta(hours=2),
        entity_type=discord.EntityType.external,
        privacy_level=discord.PrivacyLevel.guild_only,
        location="Apple TV+",
    )


async def test_event_status_moves_only_forward_and_a_finished_event_never_changes(
    probe: Probe,
) -> None:
    """resources/guild-scheduled-event.mdx:88: «Once `status` is set to `COMPLETED` or
    `CANCELED`, the `status` can no longer be updated»; :91-97: SCHEDULED --> ACTIVE,
    ACTIVE --> COMPLETED, SCHEDULED --> CANCELED; topics/opcodes-and-status-codes.mdx:353:
    «180000 Cannot update a finished event»."""
    fake = probe.fake
    event = await create_event(probe)
    with pytest.raises(discord.HTTPException) as refused:
        await event.edit(status=discord.EventStatus.completed)  # SCHEDULED -> COMPLETED
    assert refused.value.code == 50035
    event = await event.edit(status=discord.EventStatus.active)
    event = await event.edit(status=discord.EventStatus.completed)
    with pytest.raises(discord.HTTPException) as refused:
        await event.edit(description="one more thing")
    assert refused.value.code == 180000
    cancelled = await (await create_event(probe)).edit(status=discord.EventStatus.cancelled)
    with pytest.raises(discord.HTTPException) as refused:
        await cancelled.edit(status=discord.EventStatus.scheduled)
    assert refused.value.code == 180000
    assert len(fake.take_violations("validation")) == 3


async def test_an_event_cannot_be_moved_into_the_past(probe: Probe) -> None:
    """resources/guild-scheduled-event.mdx:375 (the start is «the time to schedule the
    scheduled event») and :435 (a SCHEDULED event past its start is cancelled by Discord):
    a past start is refused on edit as it is on create. The docs give no error text; the
    loopback answers 50035, as Discord does for a past start on create."""
    event = await create_event(probe)
    past = probe.fake.utcnow() - dt.timedelta(hours=1)
    with pytest.raises(discord.HTTPException) as refused:
        await event.edit(start_time=past, end_time=past + dt.timedelta(hours=2))
    assert refused.value.code == 50035
    [violation] = probe.fake.take_violations("validation")
    assert "in the past" in violation.detail
    later = event.start_time + dt.timedelta(days=1)
    await event.edit(start_time=later, end_time=later + dt.timedelta(hours=2))  # fine


@pytest.mark.parametrize(
    ("granted", "others"),
    [
        (CREATE_EVENTS, False),  # creates, and edits its own events only
        (MANAGE_EVENTS, True),  # edits anyone's, but cannot create
        (CREATE_EVENTS | MANAGE_EVENTS, True),
    ],
)
async def test_create_events_and_manage_events_split(
    fake_discord: FakeDiscord, granted: int, others: bool
) -> None:
    """resources/guild-scheduled-event.mdx:495-501 (external events): create needs
    `CREATE_EVENTS`; modify/delete: «If the event was created by the current user, either
    `CREATE_EVENTS` or `MANAGE_EVENTS`. Otherwise, `MANAGE_EVENTS`»."""
    fake_discord.bot_permissions = DEFAULT_BOT_PERMISSIONS & ~(CREATE_EVENTS | MANAGE_EVENTS)
    fake_discord.bot_permissions |= granted
    async for probe in start_probe(fake_discord):
        fake = probe.fake
        start = fake.utcnow() + dt.timedelta(days=3)
        theirs = probe.guild.add_scheduled_event("Watch party", start, creator=probe.mod)
        if granted & CREATE_EVENTS:
            mine = await create_event(probe)
            await mine.edit(description="ours")
        else:
            with pytest.raises(discord.Forbidden):
                await create_event(probe)
            assert fake.take_violations("missing_permissions")
        other = await probe.discord_guild.fetch_scheduled_event(int(theirs["id"]))
        if others:
            await other.edit(description="moved by the bot")
        else:
            with pytest.raises(discord.Forbidden):
                await other.edit(description="moved by the bot")
            [violation] = fake.take_violations("missing_permissions")
            assert "another user's event" in violation.detail
            with pytest.raises(discord.Forbidden):
                await other.delete()
            assert fake.take_violations("missing_permissions")


# -- point 7: roles and members ------------------------------------------------------------


async def test_every_changed_role_is_below_the_bots_top_role(probe: Probe) -> None:
    """topics/permissions.mdx:112: «A bot can grant roles to other users that are of a
    lower position than its own highest role», and no more: taking away a role at or
    above it is refused too (PATCH .../members/{id} with `roles`)."""
    fake, guild = probe.fake, probe.guild
    low = guild.add_role("Belter")
    high = guild.add_role("Admin")
    bot_role = fake.bot_member(guild).roles[0]
    guild.update_role(high, position=bot_role.position + 1)
    member = guild.add_member("naomi", roles=[high])
    discord_member = await probe.discord_guild.fetch_member(member.id)
    await discord_member.add_roles(discord.Object(low.id))
    assert low in member.roles
    with pytest.raises(discord.Forbidden):  # only `low` is added, but `high` is taken away
        await discord_member.edit(roles=[discord.Object(low.id)])
    [violation] = fake.take_violations("missing_permissions")
    assert "Admin" in violation.detail
    assert high in member.roles


async def test_managed_roles_and_everyone_are_never_given(probe: Probe) -> None:
    """topics/permissions.mdx:227: a role's `managed` is «whether this role is managed by
    an integration» (Discord gives and takes it, never a bot); @everyone belongs to all."""
    fake, guild = probe.fake, probe.guild
    integration = guild.add_role("Other Bot")
    guild.update_role(integration, managed=True)
    member = await probe.discord_guild.fetch_member(probe.fan.id)
    for role in (integration, guild.everyone):
        with pytest.raises(discord.Forbidden):
            await member.add_roles(discord.Object(role.id))
    assert len(fake.take_violations("missing_permissions")) == 2
    assert probe.fan.roles == []


@pytest.mark.parametrize("granted", [0, bits(manage_nicknames=True, moderate_members=True)])
async def test_nicknames_and_timeouts_need_their_permissions(
    fake_discord: FakeDiscord, granted: int
) -> None:
    """resources/guild.mdx:1063, :1068: `nick` needs MANAGE_NICKNAMES and
    `communication_disabled_until` MODERATE_MEMBERS («Will throw a 403 error if the user
    has the ADMINISTRATOR permission or is the owner of the guild»); topics/permissions.mdx
    :115: nicknames only «for users whose highest role is lower than the bot's»."""
    fake_discord.bot_permissions = (
        DEFAULT_BOT_PERMISSIONS & ~bits(manage_nicknames=True, moderate_members=True)
    ) | granted
    async for probe in start_probe(fake_discord):
        fake, guild = probe.fake, probe.guild
        member = await probe.discord_guild.fetch_member(probe.fan.id)
        until = fake.utcnow() + dt.timedelta(hours=1)
        if not granted:
            with pytest.raises(discord.Forbidden):
                await member.edit(nick="Bobbie")
            with pytest.raises(discord.Forbidden):
                await member.timeout(until)
            assert len(fake.take_violations("missing_permissions")) == 2
            return
        await member.edit(nick="Bobbie")
        await member.timeout(until)
        assert probe.fan.nick == "Bobbie" and probe.fan.timed_out_until is not None
        owner = await probe.discord_guild.fetch_member(guild.owner_id)
        with pytest.raises(discord.Forbidden):  # the owner: never
            await owner.timeout(until)
        with pytest.raises(discord.HTTPException) as refused:
            await member.timeout(fake.utcnow() + dt.timedelta(days=29))  # at most 28 days
        assert refused.value.code == 50035
        assert fake.take_violations("missing_permissions")
        assert fake.take_violations("validation")
