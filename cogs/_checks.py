"""Moderator checks, enforced in code on every call.

`default_permissions` only hides a command, and server admins can change it (it is also
ignored on subcommands), so each moderator command also runs `is_moderator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.store.settings import MOD_ROLE

if TYPE_CHECKING:
    from parallax.bot import Parallax

NOT_A_MODERATOR = (
    "Only this server's moderators can do that (Manage Server permission, or the moderator "
    "role set with /parallax modrole)."
)


async def is_moderator(
    interaction: discord.Interaction[Parallax], *, extra_role_key: str | None = None
) -> bool:
    """Manage Server, or the server's configured moderator role (or `extra_role_key`'s role)."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild or interaction.permissions.administrator:
        return True
    role_ids = {role.id for role in interaction.user.roles}
    settings = interaction.client.store.guild_settings
    for key in (MOD_ROLE, extra_role_key):
        if key is None:
            continue
        role_id = await settings.get_int(interaction.guild_id, key)
        if role_id is not None and role_id in role_ids:
            return True
    return False


def moderator_only(*, extra_role_key: str | None = None) -> Any:
    """A check that refuses non-moderators with a friendly message (raised as CheckFailure)."""

    async def predicate(interaction: discord.Interaction[Parallax]) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not await is_moderator(interaction, extra_role_key=extra_role_key):
            raise app_commands.CheckFailure(NOT_A_MODERATOR)
        return True

    return app_commands.check(predicate)
