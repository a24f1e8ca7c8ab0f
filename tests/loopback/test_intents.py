"""Point 5 of the strict loopback: privileged intents as the Developer Portal grants them,
GUILD_CREATE's member list, and message content over REST.

Rules quoted from discord-api-docs c98d64bc (see tests/loopback/support.py).
"""

from __future__ import annotations

from typing import Any

import discord
import pytest

from loopback import FakeDiscord
from tests.loopback.support import ProbeBot, start_probe, until


def intents(**flags: bool) -> discord.Intents:
    chosen = discord.Intents.default()
    for name, on in flags.items():
        setattr(chosen, name, on)
    return chosen


@pytest.mark.parametrize("flag", ["message_content", "members", "presences"])
async def test_a_privileged_intent_not_switched_on_closes_the_gateway_with_4014(
    fake_discord: FakeDiscord, flag: str
) -> None:
    """events/gateway.mdx:471: «If you pass a privileged intent in the `intents` parameter
    without configuring it in your app's settings, or being approved for it during
    verification, your Gateway connection will be closed with a (`4014` close code)».
    discord.py turns that into PrivilegedIntentsRequired."""
    fake_discord.add_guild("Mankind Fans")
    fake_discord.privileged_intents = frozenset({"members", "presences", "message_content"}) - {
        flag
    }
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with fake_discord.running(ProbeBot(intents=intents(**{flag: True}))):
            pass
    fake_discord.privileged_intents |= {flag}  # switched on in the portal: it connects
    async with fake_discord.running(ProbeBot(intents=intents(**{flag: True}))):
        pass


def guild_create(fake: FakeDiscord) -> dict[str, Any]:
    [session] = fake.gateway.shard_sessions().values()
    return next(f["d"] for f in session.backlog if f["t"] == "GUILD_CREATE")


async def test_guild_create_lists_members_only_with_guild_presences(
    fake_discord: FakeDiscord,
) -> None:
    """events/gateway-events.mdx:762: «If your bot does not have the `GUILD_PRESENCES`
    Gateway Intent ... members and presences returned in this event will only contain your
    bot and users in voice channels.» With GUILD_MEMBERS alone, discord.py asks for the
    rest (REQUEST_GUILD_MEMBERS, events/gateway-events.mdx:182)."""
    fake_discord.privileged_intents = frozenset({"members", "presences"})
    async for world in start_probe(fake_discord, intents=intents(members=True)):
        assert len(guild_create(world.fake)["members"]) == 1  # the bot only
        assert world.fake.gateway.received[-1]["op"] == 8  # so discord.py chunked
        assert len(world.discord_guild.members) == len(world.guild.members)
    async for world in start_probe(fake_discord, intents=intents(members=True, presences=True)):
        assert len(guild_create(world.fake)["members"]) == len(world.guild.members)


async def test_message_content_over_rest_follows_the_portal_not_identify(
    fake_discord: FakeDiscord,
) -> None:
    """events/gateway.mdx:483: «HTTP API restrictions are independent of Gateway
    restrictions, and are unaffected by which intents your app passes in the `intents`
    parameter when Identifying»; :495-499: without the intent, content is empty except the
    app's own messages, DMs and messages that mention it."""
    fake_discord.privileged_intents = frozenset({"message_content"})
    async for world in start_probe(fake_discord):  # approved, but not asked for in IDENTIFY
        fake = world.fake
        said = await fake.say(world.channel, world.fan, "Leonov lands first")
        text = world.text_channel()
        await until(lambda text=text, said=said: text.last_message_id == said)
        assert (await text.fetch_message(said)).content == "Leonov lands first"
        fake.privileged_intents = frozenset()  # switched off in the portal
        assert (await text.fetch_message(said)).content == ""
        mention = await fake.say(world.channel, world.fan, f"{fake.bot_user.mention} hi")
        assert (await text.fetch_message(mention)).content.endswith("hi")
        mine = await text.send("the bot's own")
        assert (await text.fetch_message(mine.id)).content == "the bot's own"
