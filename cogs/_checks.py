"""Moderator checks, enforced in code on every call.

`default_permissions` only hides a command, and server admins can change it (it is also
ignored on subcommands), so each moderator command also runs `is_moderator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

if TYPE_CHECKING:
    from parallax.bot import Parallax

NOT_A_MODERATOR = (
    "Only this server's moderators can do that (Manage Server permission, or the moderator "
    "role set with /parallax modrole)."
)


async def is_moderator(
    interaction: discord.Interaction[Parallax], *, trivia_hosts: bool = False
) -> bool:
    """Manage Server, or the server's moderator role (or its trivia host role, if asked)."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild or interaction.permissions.administrator:
        return True
    role_ids = {role.id for role in interaction.user.roles}
    config = await interaction.client.store.guild_settings.get_config(interaction.guild_id)
    return bool(config.moderator_roles(trivia_hosts=trivia_hosts) & role_ids)


def moderator_only(*, trivia_hosts: bool = False) -> Any:
    """A check that refuses non-moderators with a friendly message (raised as CheckFailure)."""

    async def predicate(interaction: discord.Interaction[Parallax]) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not await is_moderator(interaction, trivia_hosts=trivia_hosts):
            raise app_commands.CheckFailure(NOT_A_MODERATOR)
        return True

    return app_commands.check(predicate)
