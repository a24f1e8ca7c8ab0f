"""Point 1 of the strict loopback: channel permissions and permission overwrites; and
point 6: the upload limit.

Rules quoted from discord-api-docs c98d64bc (see tests/loopback/support.py).
"""

from __future__ import annotations

import datetime as dt
import io

import discord
import pytest
from discord import app_commands

from loopback import FakeDiscord
from tests.loopback.support import Probe, bits, start_probe, until

SEND = bits(send_messages=True)
HISTORY = bits(read_message_history=True)
VIEW = bits(view_channel=True)
ATTACH = bits(attach_files=True)


async def test_send_messages_follows_the_channel_overwrites(probe: Probe) -> None:
    """resources/message.mdx:1068: «When operating on a guild channel, the current user
    must have the `SEND_MESSAGES` permission.» topics/permissions.mdx:125-132: @everyone's
    overwrite, then the roles', then the member's own."""
    fake, channel = probe.fake, probe.channel
    channel.set_permissions(probe.guild.everyone, deny=SEND)
    text = probe.text_channel()
    await until(lambda: not text.permissions_for(text.guild.me).send_messages)  # CHANNEL_UPDATE
    with pytest.raises(discord.Forbidden) as refused:
        await text.send("hello")
    assert refused.value.code == 50013
    [violation] = fake.take_violations("missing_permissions")
    assert "Send Messages" in violation.detail and "#watch-party" in violation.detail
    assert fake.channel_messages(channel) == []

    channel.set_permissions(fake.bot_member(probe.guild), allow=SEND)  # member beats @everyone
    await until(lambda: text.permissions_for(text.guild.me).send_messages)
    await text.send("hello")
    assert [m.content for m in fake.channel_messages(channel)] == ["hello"]


async def test_without_read_message_history_the_history_is_empty(probe: Probe) -> None:
    """resources/message.mdx:900: «If the current user is missing the
    `READ_MESSAGE_HISTORY` permission in the channel, then no messages will be returned.»
    resources/message.mdx:1049: fetching one message needs it too."""
    fake = probe.fake
    message = await probe.text_channel().send("marker")
    probe.channel.set_permissions(probe.guild.everyone, deny=HISTORY)
    await fake.flush()
    assert [m async for m in probe.text_channel().history(limit=10)] == []  # 200, empty
    with pytest.raises(discord.Forbidden):
        await probe.text_channel().fetch_message(message.id)
    assert fake.take_violations("missing_permissions")
    probe.channel.set_permissions(probe.guild.everyone)  # overwrite removed
    await fake.flush()
    assert [m.id async for m in probe.text_channel().history(limit=10)] == [message.id]


async def test_a_reply_needs_read_message_history(probe: Probe) -> None:
    """resources/message.mdx:1070: «When creating a message as a reply to another message,
    the current user must have the `READ_MESSAGE_HISTORY` permission.»
    topics/opcodes-and-status-codes.mdx:340: 160002."""
    first = await probe.text_channel().send("first")
    probe.channel.set_permissions(probe.guild.everyone, deny=HISTORY)
    await probe.fake.flush()
    with pytest.raises(discord.Forbidden) as refused:
        await first.reply("second")
    assert refused.value.code == 160002
    assert probe.fake.take_violations("missing_permissions")


async def test_a_hidden_channel_is_missing_access(probe: Probe) -> None:
    """resources/message.mdx:898 (View Channel is required) and topics/permissions.mdx:191:
    «Denying a user or a role `VIEW_CHANNEL` on a channel implicitly denies other
    permissions on the channel.»"""
    probe.channel.set_permissions(probe.guild.everyone, deny=VIEW)
    await probe.fake.flush()
    with pytest.raises(discord.Forbidden) as refused:
        await probe.bot.http.send_message(probe.channel.id, params=_params("hello"))
    assert refused.value.code == 50001
    assert probe.fake.take_violations("missing_access")


async def test_attach_files_is_checked_and_denying_send_denies_it(probe: Probe) -> None:
    """topics/permissions.mdx:58: ATTACH_FILES «Allows for uploading images and files»;
    topics/permissions.mdx:193: «Denying `SEND_MESSAGES` implicitly denies ...
    `ATTACH_FILES`, and `EMBED_LINKS`.»"""
    fake = probe.fake
    probe.channel.set_permissions(probe.guild.everyone, deny=ATTACH)
    await fake.flush()
    with pytest.raises(discord.Forbidden):
        await probe.text_channel().send("card", file=discord.File(io.BytesIO(b"png"), "a.png"))
    [violation] = fake.take_violations("missing_permissions")
    assert "Attach Files" in violation.detail
    await probe.text_channel().send("no card")  # text alone is fine
    member = fake.bot_member(probe.guild)
    probe.channel.set_permissions(probe.guild.everyone, deny=SEND)
    assert not member.permissions_in(probe.channel) & (ATTACH | bits(embed_links=True))


async def test_threads_use_send_messages_in_threads_and_the_parents_overwrites(
    probe: Probe,
) -> None:
    """topics/permissions.mdx:201: «Threads inherit permissions from the parent channel ...
    The `SEND_MESSAGES` permission is not inherited; users must have
    `SEND_MESSAGES_IN_THREADS` to send a message in a thread.»"""
    thread = probe.guild.add_channel("episode-1", type=11, parent=probe.channel)
    bot = probe.fake.bot_member(probe.guild)
    probe.channel.set_permissions(probe.guild.everyone, deny=SEND)
    assert bot.permissions_in(thread) & SEND  # threads need their own permission...
    probe.channel.set_permissions(probe.guild.everyone, deny=bits(send_messages_in_threads=True))
    assert not bot.permissions_in(thread) & SEND  # ...taken from the parent's overwrites
    assert bot.permissions_in(probe.channel) & SEND


@app_commands.command(description="What may the bot and I do here?")
async def perms(interaction: discord.Interaction) -> None:
    app, mine = interaction.app_permissions, interaction.permissions
    await interaction.response.send_message(
        f"app send={app.send_messages} attach={app.attach_files}; "
        f"me send={mine.send_messages} history={mine.read_message_history}",
        ephemeral=True,
    )


async def test_interactions_carry_the_permissions_in_that_channel(
    fake_discord: FakeDiscord,
) -> None:
    """interactions/receiving-and-responding.mdx: `app_permissions` are «permissions the app
    has within the channel the interaction was sent from», and the member's `permissions`
    are «total permissions of the member in the channel, including overwrites».
    topics/permissions.mdx:310: «Timed out members will temporarily lose all permissions
    except `VIEW_CHANNEL` and `READ_MESSAGE_HISTORY`.»"""
    async for world in start_probe(fake_discord, tree_commands=[perms]):
        fake, channel = world.fake, world.channel
        channel.set_permissions(world.guild.everyone, deny=SEND)
        reply = await fake.slash(channel, world.fan, "perms")
        assert reply.content == "app send=False attach=False; me send=False history=True"
        reply = await fake.slash(world.guild, world.fan, "perms")  # #general: no overwrite
        assert reply.content == "app send=True attach=True; me send=True history=True"
        until = fake.utcnow() + dt.timedelta(hours=1)
        world.fan.timed_out_until = until.isoformat()
        reply = await fake.slash(world.guild, world.fan, "perms")
        assert reply.content.endswith("me send=False history=True")


# -- point 6: the upload limit ----------------------------------------------------------


async def test_files_over_the_upload_limit_are_refused_with_40005(probe: Probe) -> None:
    """reference.mdx:430: «The file upload size limit applies to each file in a request.
    The default limit is `10 MiB`»; topics/opcodes-and-status-codes.mdx:239: «40005 Request
    entity too large»."""
    fake, limit = probe.fake, 10 * 1024 * 1024
    assert fake.attachment_size_limit == limit
    text = probe.text_channel()
    await text.send(file=discord.File(io.BytesIO(b"x" * limit), "exactly.bin"))
    with pytest.raises(discord.HTTPException) as refused:
        await text.send(file=discord.File(io.BytesIO(b"x" * (limit + 1)), "over.bin"))
    assert (refused.value.status, refused.value.code) == (413, 40005)
    [violation] = fake.take_violations("too_large")
    assert "over.bin" in violation.detail
    assert len(fake.channel_messages(probe.channel)) == 1


def _params(content: str) -> discord.http.MultipartParameters:
    return discord.http.handle_message_parameters(content=content)
