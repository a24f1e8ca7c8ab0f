"""Parallax's own permissions, checked before it acts, and named as Discord names them.

Discord refuses a request the bot has no permission for (403), and some it answers
without saying so: without Read Message History a channel's history is simply empty. So
every write and every read that depends on a permission is checked here first, and what
is missing is told to people in Discord's own words, with the channel.
"""

from __future__ import annotations

import discord

# Discord's own names where they differ from discord.py's attribute names.
PERMISSION_LABELS = {
    "manage_guild": "Manage Server",
    "read_messages": "View Channel",
    "view_channel": "View Channel",
    "moderate_members": "Timeout Members",
    "manage_expressions": "Manage Expressions",
    "external_emojis": "Use External Emojis",
    "use_application_commands": "Use Application Commands",
}


def permission_label(name: str) -> str:
    return PERMISSION_LABELS.get(name) or name.replace("_", " ").title()


def listed(labels: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def lacking(permissions: discord.Permissions, *names: str) -> list[str]:
    """The labels of `names` that `permissions` does not grant."""
    return [permission_label(name) for name in names if not getattr(permissions, name)]


def bot_lacks(channel: discord.abc.GuildChannel | discord.Thread, *names: str) -> list[str]:
    """What Parallax lacks of `names` in `channel` (overwrites and timeouts applied)."""
    return lacking(channel.permissions_for(channel.guild.me), *names)


def role_change_problem(role: discord.Role) -> str | None:
    """Why Parallax may not give or take `role`, or None: Discord refuses without Manage
    Roles, for a role not below Parallax's highest role, and for an integration's role."""
    me = role.guild.me
    if not me.guild_permissions.manage_roles:
        return "I don't have the Manage Roles permission"
    if role.managed:
        return "an integration (a bot, boosting or a subscription) manages it, not me"
    if not me.top_role > role:
        return "it is not below my highest role, so I can't hand it out (move my role above it)"
    return None


def event_change_problem(event: discord.ScheduledEvent, *, deleting: bool = False) -> str | None:
    """Why Discord would refuse Parallax an edit (or deletion) of `event`, or None: a
    finished event never changes again; another member's event needs Manage Events,
    Parallax's own Create Events or Manage Events."""
    if not deleting and event.status in (
        discord.EventStatus.completed,
        discord.EventStatus.cancelled,
    ):
        return f"it is {event.status.name} and can no longer be changed"
    if event.guild is None:  # not in the cache: nothing to check against, Discord decides
        return None
    permissions = event.guild.me.guild_permissions
    if event.creator_id == event.guild.me.id:
        if not (permissions.create_events or permissions.manage_events):
            return "I need the Create Events or Manage Events permission"
    elif not permissions.manage_events:
        return "someone else made it, and changing it needs the Manage Events permission"
    return None
