"""/parallax: a server's own settings for the bot (moderator role, audit channel).

Both settings decide who may change the server's facts and where those changes are seen,
so only members with Manage Server (or Administrator) may change them, checked in code:
a holder of the moderator role cannot hand that role to someone else, nor silence the
audit channel that logs what moderators do.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError
from bot.store.settings import GuildConfig
from cogs._roles import refuse_the_opt_in_role
from cogs._ui import acknowledge, answer, safe

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

Interaction = discord.Interaction["Parallax"]
T = TypeVar("T", discord.Role, discord.TextChannel)


@dataclass(frozen=True, slots=True)
class SettingTexts:
    """What /parallax says about one setting; `{}` is a mention."""

    noun: str
    cleared: str
    unset: str
    current: str
    done: str


@dataclass(frozen=True, slots=True)
class SettingSlot:
    """Where one setting lives: how to read it from the server's config, and its setter."""

    read: Callable[[GuildConfig], int | None]
    save: Callable[[int, int | None], Awaitable[None]]


def _mod_role(config: GuildConfig) -> int | None:
    return config.mod_role_id


def _audit_channel(config: GuildConfig) -> int | None:
    return config.audit_channel_id


MOD_ROLE_TEXTS = SettingTexts(
    noun="role",
    cleared="Done: only members with Manage Server are Parallax moderators now.",
    unset="No moderator role is set: members with Manage Server moderate Parallax.",
    current="The moderator role is <@&{}>.",
    done="Done: members with {} can now add, edit and remove this server's facts (/fact).",
)
AUDIT_TEXTS = SettingTexts(
    noun="channel",
    cleared="Done: changes to facts are no longer posted (they stay in /fact history).",
    unset="No audit channel is set; changes are kept in /fact history.",
    current="Changes to facts are logged in <#{}>.",
    done="Done: every change to this server's facts will be logged in {}.",
)
MANAGERS_ONLY = (
    "Only members with the Manage Server permission can change Parallax's settings here "
    "(the moderator role is not enough)."
)


def managers_only() -> Any:
    """Manage Server or Administrator, checked on every call (not the moderator role)."""

    async def predicate(interaction: Interaction) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        permissions = interaction.permissions
        if not (permissions.manage_guild or permissions.administrator):
            raise app_commands.CheckFailure(MANAGERS_ONLY)
        return True

    return app_commands.check(predicate)


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Admin(commands.GroupCog, group_name="parallax", group_description="Parallax settings"):
    """Who moderates Parallax on this server, and where changes to its facts are logged."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="modrole", description="Set the role whose members may change this server's facts."
    )
    @app_commands.describe(
        role="The moderator role (empty: show the current one)",
        clear="Remove the moderator role (Manage Server alone remains)",
    )
    @managers_only()
    async def modrole(
        self, interaction: Interaction, role: discord.Role | None = None, clear: bool = False
    ) -> None:
        async def check(guild: discord.Guild, role: discord.Role) -> None:
            if role.is_default():
                raise UserFacingError(
                    "@everyone can't be the moderator role: every member would moderate."
                )
            if role.guild.id != guild.id:
                raise UserFacingError("That role is not from this server.")
            await refuse_the_opt_in_role(self.bot.store, guild.id, role, "the moderator role")

        settings = self.bot.store.guild_settings
        await self._setting(
            interaction,
            SettingSlot(_mod_role, settings.set_mod_role),
            role,
            clear,
            MOD_ROLE_TEXTS,
            check,
        )

    @app_commands.command(
        name="auditchannel", description="Set the channel where changes to facts are logged."
    )
    @app_commands.describe(
        channel="The channel (empty: show the current one)",
        clear="Stop logging changes to a channel (they stay in /fact history)",
    )
    @managers_only()
    async def auditchannel(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | None = None,
        clear: bool = False,
    ) -> None:
        async def check(guild: discord.Guild, channel: discord.TextChannel) -> None:
            if channel.guild.id != guild.id:
                raise UserFacingError("That channel is not in this server.")
            me = guild.me
            allowed = channel.permissions_for(me) if me is not None else None
            if allowed is None or not (
                allowed.view_channel and allowed.send_messages and allowed.embed_links
            ):
                raise UserFacingError(
                    f"I can't post embeds in #{safe(channel.name)}: give me View Channel, "
                    "Send Messages and Embed Links there, then try again."
                )

        settings = self.bot.store.guild_settings
        slot = SettingSlot(_audit_channel, settings.set_audit_channel)
        await self._setting(interaction, slot, channel, clear, AUDIT_TEXTS, check)

    async def _setting(
        self,
        interaction: Interaction,
        slot: SettingSlot,
        chosen: T | None,
        clear: bool,
        texts: SettingTexts,
        check: Callable[[discord.Guild, T], Awaitable[None]],
    ) -> None:
        """Show, set (after `check`) or clear one of the server's settings."""
        guild = interaction.guild
        if guild is None or interaction.guild_id is None:
            raise UserFacingError("This command only works inside a server.")
        await acknowledge(interaction, ephemeral=True)
        if clear and chosen is not None:
            raise UserFacingError(f"Give a {texts.noun} or `clear`, not both.")
        if clear:
            await slot.save(interaction.guild_id, None)
            message = texts.cleared
        elif chosen is None:
            current = slot.read(
                await self.bot.store.guild_settings.get_config(interaction.guild_id)
            )
            message = texts.unset if current is None else texts.current.format(current)
        else:
            await check(guild, chosen)
            await slot.save(interaction.guild_id, chosen.id)
            message = texts.done.format(chosen.mention)
        await answer(interaction, message, ephemeral=True)


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Admin(bot))
