"""The announcement opt-in role, which any member can give themselves, must grant nothing.

`/announce subscribe` hands the opt-in role to whoever asks, so whatever the role grants,
every member gets. It is refused when it carries a permission @everyone lacks, when it is
Parallax's moderator role or the trivia host role, when a channel's overwrite lets it do
there what @everyone can't (into a staff-only channel, say), when an integration manages it, or when
it is not below Parallax's top role; and the roles that do carry power (`/parallax modrole`,
`/trivianight host-role`) refuse the role that is currently the opt-in role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.errors import UserFacingError
from cogs._permissions import permission_label, role_change_problem

if TYPE_CHECKING:
    from bot.store import Store


def extra_permissions(role: discord.Role) -> list[str]:
    """The permissions `role` grants that @everyone does not have, by Discord's names."""
    extra = discord.Permissions(role.permissions.value & ~role.guild.default_role.permissions.value)
    return [permission_label(name) for name, granted in extra if granted]


def channel_grants(role: discord.Role) -> list[str]:
    """Where a channel overwrite lets `role` do what @everyone can't there: one
    '<#channel> (View Channel, ...)' per channel."""
    everyone = role.guild.default_role
    found = []
    for channel in role.guild.channels:
        extra = discord.Permissions(
            channel.permissions_for(role).value & ~channel.permissions_for(everyone).value
        )
        # Seeing a hidden channel is the grant; what it may do there follows from it.
        names = ["view_channel"] if extra.view_channel else [n for n, on in extra if on]
        labels = [permission_label(name) for name in names]
        if labels:
            found.append(f"{channel.mention} ({', '.join(labels)})")
    return found


async def opt_in_role_problem(store: Store, role: discord.Role) -> str | None:
    """Why `role` must not be handed to any member who asks, or None when it grants nothing."""
    guild = role.guild
    if role.is_default():
        return "it is @everyone, which every member already has"
    if role.managed:
        return "an integration (a bot, boosting or a subscription) manages it, not me"
    extra = extra_permissions(role)
    if extra:
        return (
            f"it grants {', '.join(extra)}, which @everyone doesn't have, and every member "
            "who subscribes would get that"
        )
    opened = channel_grants(role)
    if opened:
        return (
            f"a channel overwrite lets it do what @everyone can't in {', '.join(opened[:5])}"
            + (f" and {len(opened) - 5} more channels" if len(opened) > 5 else "")
            + ", and every member who subscribes would get that"
        )
    config = await store.guild_settings.get_config(guild.id)
    if role.id == config.mod_role_id:
        return (
            "it is Parallax's moderator role (/parallax modrole): every member who subscribes "
            "could change this server's facts"
        )
    if role.id == config.trivia_host_role_id:
        return (
            "it is the trivia host role (/trivianight host-role): every member who subscribes "
            "could run trivia nights"
        )
    return role_change_problem(role)


async def check_opt_in_role(store: Store, role: discord.Role) -> None:
    """For moderators choosing the opt-in role: refuse, saying why."""
    problem = await opt_in_role_problem(store, role)
    if problem is not None:
        raise UserFacingError(
            f"{role.mention} can't be the announcement role: {problem}. Pick a role that "
            "grants nothing, just for pings."
        )


async def refuse_the_opt_in_role(
    store: Store, guild_id: int, role: discord.Role, as_what: str
) -> None:
    """For the roles that carry power: never the role any member can give themselves."""
    settings = await store.schedule.settings(guild_id)
    if settings is not None and settings.role_id == role.id:
        raise UserFacingError(
            f"{role.mention} is the announcement role: any member can take it with "
            f"/announce subscribe, so it can't be {as_what}. Pick another role (or change "
            "the announcement role with /announce channel first)."
        )
