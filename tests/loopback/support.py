"""A small unmodified discord.py bot for the strict-loopback tests, and its world.

The rules each test follows are quoted from Discord's API documentation, read in a
snapshot of github.com/discord/discord-api-docs at commit c98d64bc (2026-08-06); a
reference like ``resources/message.mdx:1068`` is a file under ``developers/`` and a line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from loopback import FakeChannel, FakeDiscord, FakeGuild, FakeMember

MANAGE_GUILD = discord.Permissions(manage_guild=True).value


async def until(predicate: Callable[[], bool], timeout: float = 2.0) -> None:
    """Wait (a few ms at a time) until the bot has processed what the loopback sent."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.005)


def bits(**flags: bool) -> int:
    return discord.Permissions(**flags).value


class ProbeBot(commands.Bot):
    """A plain bot with the given app commands; nothing in discord.py is patched."""

    def __init__(
        self,
        *,
        intents: discord.Intents | None = None,
        tree_commands: Sequence[app_commands.Command[Any, Any, Any]] = (),
    ) -> None:
        super().__init__(
            command_prefix="!",
            intents=intents or discord.Intents.default(),
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self._tree_commands = tree_commands

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before a non-initial IDENTIFY; tests need not."""

    async def setup_hook(self) -> None:
        for command in self._tree_commands:
            self.tree.add_command(command)
        if self._tree_commands:
            await self.tree.sync()


@dataclass
class Probe:
    fake: FakeDiscord
    bot: ProbeBot
    guild: FakeGuild
    channel: FakeChannel
    fan: FakeMember
    mod: FakeMember

    def text_channel(self, channel: FakeChannel | None = None) -> discord.TextChannel:
        found = self.bot.get_channel((channel or self.channel).id)
        assert isinstance(found, discord.TextChannel)
        return found

    @property
    def discord_guild(self) -> discord.Guild:
        found = self.bot.get_guild(self.guild.id)
        assert found is not None
        return found

    async def raw(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        session: aiohttp.ClientSession | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        """One request straight to the loopback's REST API, with no client-side retry."""
        if session is None:
            async with aiohttp.ClientSession() as own:
                return await self.raw(method, path, json=json, session=own)
        headers = {"Authorization": f"Bot {self.fake.token}"}
        url = self.fake.http_base + path
        async with session.request(method, url, json=json, headers=headers) as response:
            body = await response.json(content_type=None) if response.status != 204 else None
            return response.status, dict(response.headers), body


async def start_probe(
    fake: FakeDiscord,
    *,
    intents: discord.Intents | None = None,
    tree_commands: Sequence[app_commands.Command[Any, Any, Any]] = (),
) -> AsyncIterator[Probe]:
    guild = fake.add_guild("Mankind Fans")
    channel = guild.add_channel("watch-party")
    fan = guild.add_member("aleida")
    mod = guild.add_member("margo", permissions=MANAGE_GUILD)
    bot = ProbeBot(intents=intents, tree_commands=tree_commands)
    async with fake.running(bot):
        yield Probe(fake, bot, guild, channel, fan, mod)
