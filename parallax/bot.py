"""The Discord side of Parallax: a thin Bot whose setup_hook wires the store and the cogs.

It sits above the core: `bot/` is plain, typed logic that imports no discord, and the cogs
call it; this module loads the cogs listed in `parallax.extensions`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.dataset import DatasetError, load_dataset
from bot.store import Store
from cogs._ui import report_error
from parallax.extensions import EXTENSIONS

log = logging.getLogger(__name__)

COMMAND_HASH_KEY = "command_tree_hash"


FRIENDLY_ERRORS: dict[type[Exception], str] = {
    app_commands.NoPrivateMessage: "This command only works inside a server.",
    app_commands.MissingPermissions: "Only the server's moderators can use this command.",
    app_commands.BotMissingPermissions: "I am missing a permission I need here: {missing}.",
    app_commands.CommandOnCooldown: "Slow down a little: try again in {retry:.0f} seconds.",
    app_commands.TransformerError: "I could not understand `{value}` for that option.",
}


def library_error_text(error: BaseException) -> str | None:
    """Friendly words for the app-command errors about the member's input or rights."""
    for kind, template in FRIENDLY_ERRORS.items():
        if isinstance(error, kind):
            return template.format(
                missing=", ".join(getattr(error, "missing_permissions", [])),
                retry=getattr(error, "retry_after", 0.0),
                value=str(getattr(error, "value", ""))[:100],
            )
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    return None


def default_intents(settings: Settings) -> discord.Intents:
    """The fewest intents: guilds and messages; message content only if the operator opts in.

    Message content is a privileged intent (enable it in the developer portal too); without
    it trivia nights take answers through the Answer button only.
    """
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


class ParallaxTree(app_commands.CommandTree["Parallax"]):
    """Turns every failure into one short ephemeral reply; nothing raw reaches chat."""

    async def on_error(
        self, interaction: discord.Interaction[Parallax], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        await report_error(interaction, error, f"/{command}", explain=library_error_text)


def explain_startup_failure(error: BaseException) -> str | None:
    """An operator's one-paragraph explanation of why the bot could not start, or None."""
    if isinstance(error, discord.LoginFailure):
        return (
            "Discord refused the token in DISCORD_TOKEN (it may have been reset or mistyped). "
            "Open https://discord.com/developers/applications → your app → Bot → Reset Token, "
            "and put the new token in .env."
        )
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return (
            "Discord refused a privileged intent. Either turn on 'Message Content Intent' on "
            "the Bot page of the Developer Portal, or set PARALLAX_MESSAGE_CONTENT=false."
        )
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status} ({error.text or 'no reason given'})."
    if isinstance(error, (OSError, asyncio.TimeoutError, aiohttp.ClientError)):
        return f"Could not reach Discord ({type(error).__name__}); check the network and retry."
    return None


def tree_hash(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None) -> str:
    """A stable hash of what a sync would send, so unchanged commands are never re-synced."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    payload.sort(key=lambda item: (item.get("type", 1), item["name"]))
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class Parallax(commands.AutoShardedBot):
    """Receives its settings, store and clock; `setup_hook` opens the store and loads cogs."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: Store | None = None,
        clock: Clock = system_clock,
        intents: discord.Intents | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents or default_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ParallaxTree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.store = store or Store(settings.database_path, clock=clock)
        self.clock = clock
        self.version = __version__

    async def setup_hook(self) -> None:
        report = await self.store.open()
        if report.applied:
            log.info(
                "Database at schema v%d (applied %s)", report.to_version, ", ".join(report.applied)
            )
        await self.load_shipped_dataset()
        await self.store.warm()
        for name in EXTENSIONS:
            await self.load_extension(name)
        if self.settings.auto_sync:
            await self.sync_commands(only_if_changed=True)

    async def load_shipped_dataset(self) -> None:
        """Load `data/` into the store when it changed; keep the old base if it is invalid."""
        try:
            dataset = await asyncio.to_thread(load_dataset, self.settings.data_dir)
        except DatasetError as error:
            if await self.store.catalog.loaded_marker() is None:
                raise
            log.error("The shipped dataset is invalid; keeping the one already loaded.\n%s", error)
            return
        if await self.store.catalog.replace_base(dataset):
            log.info("Loaded dataset version %s", dataset.marker)

    def _sync_scope(self) -> discord.Object | None:
        if self.settings.dev_guild_id is None:
            return None
        guild = discord.Object(self.settings.dev_guild_id)
        self.tree.copy_global_to(guild=guild)
        return guild

    async def sync_commands(self, *, only_if_changed: bool) -> bool:
        """Sync the command tree (to the dev guild if set); skip when nothing changed."""
        guild = self._sync_scope()
        scope = f"guild:{guild.id}" if guild else "global"
        digest = tree_hash(self.tree, guild)
        key = f"{COMMAND_HASH_KEY}:{scope}"
        if only_if_changed and await self.store.meta.get(key) == digest:
            log.info("Commands unchanged since the last sync (%s); not syncing", scope)
            return False
        synced = await self.tree.sync(guild=guild)
        await self.store.meta.set(key, digest)
        log.info("Synced %d commands (%s)", len(synced), scope)
        return True

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self.store.close()
