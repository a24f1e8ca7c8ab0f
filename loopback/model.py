"""The world the loopback serves: users, guilds, channels, roles, members, as payloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord

from .snowflake import iso, snowflake_time

if TYPE_CHECKING:
    from .world import World

ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value

#: What Discord gives @everyone in a new server (minus voice extras): enough to chat.
DEFAULT_EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_external_emojis=True,
    use_application_commands=True,
    change_nickname=True,
    connect=True,
    speak=True,
).value

#: The bot's own role: everything a typical community bot is granted, but not admin.
DEFAULT_BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    manage_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_external_emojis=True,
    manage_messages=True,
    manage_roles=True,
    manage_events=True,
    create_events=True,
    moderate_members=True,
).value


def effective_permissions(base: int) -> int:
    """Administrator implies every permission, as Discord resolves it for interactions."""
    return ALL_PERMISSIONS if base & ADMINISTRATOR else base


def _bit(**flag: bool) -> int:
    return discord.Permissions(**flag).value


VIEW_CHANNEL = _bit(view_channel=True)
SEND_MESSAGES = _bit(send_messages=True)
SEND_MESSAGES_IN_THREADS = _bit(send_messages_in_threads=True)
READ_MESSAGE_HISTORY = _bit(read_message_history=True)
ATTACH_FILES = _bit(attach_files=True)
ADD_REACTIONS = _bit(add_reactions=True)
MANAGE_MESSAGES = _bit(manage_messages=True)
MANAGE_ROLES = _bit(manage_roles=True)
MANAGE_NICKNAMES = _bit(manage_nicknames=True)
MODERATE_MEMBERS = _bit(moderate_members=True)
MANAGE_EVENTS = _bit(manage_events=True)
CREATE_EVENTS = _bit(create_events=True)
#: What denying Send Messages implicitly denies too (topics/permissions.mdx, Implicit
#: Permissions).
_NEEDS_SEND = _bit(
    mention_everyone=True, send_tts_messages=True, attach_files=True, embed_links=True
)
#: What a timed-out member keeps (topics/permissions.mdx, Permissions For Timed Out Members).
_TIMED_OUT_KEEPS = VIEW_CHANNEL | READ_MESSAGE_HISTORY
THREAD_TYPES = (10, 11, 12)


def _id_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass(eq=False)
class FakeUser:
    """A Discord user (people and the bot itself)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    locale: str = "en-US"

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass(eq=False)
class FakeRole:
    """A guild role; @everyone has ``id == guild.id``."""

    id: int
    guild: FakeGuild
    name: str
    permissions: int
    position: int
    color: int = 0
    mentionable: bool = False
    managed: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass(eq=False)
class FakeChannel:
    """A guild text channel (type 0), category (4), thread (11) or a DM (type 1)."""

    id: int
    name: str
    type: int = 0
    guild: FakeGuild | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    recipient: FakeUser | None = None  # DMs only
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: int | None = None  # kept by the emulator as messages are created

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    def set_permissions(
        self, target: FakeRole | FakeMember, *, allow: int = 0, deny: int = 0
    ) -> FakeChannel:
        """Set (or, with nothing allowed or denied, remove) the overwrite for a role or a
        member, as a server admin would; sends CHANNEL_UPDATE once connected."""
        assert self.guild is not None, "DM channels have no overwrites"
        kind = 0 if isinstance(target, FakeRole) else 1
        self.overwrites = [o for o in self.overwrites if o.id != target.id]
        if allow or deny:
            self.overwrites.append(Overwrite(target.id, kind, allow, deny))
        self.guild.world.guild_event(self.guild, "CHANNEL_UPDATE", self.payload(), intent=1)
        return self

    def payload(self) -> dict[str, Any]:
        if self.type == 1:
            assert self.recipient is not None
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": _id_or_none(self.last_message_id),
                "recipients": [self.recipient.payload()],
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "nsfw": False,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "topic": self.topic,
            "rate_limit_per_user": 0,
            "last_message_id": _id_or_none(self.last_message_id),
            "flags": 0,
        }
        if self.guild is not None:
            data["guild_id"] = str(self.guild.id)
        if self.type in (10, 11, 12):
            data["owner_id"] = None
            data["thread_metadata"] = {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": iso(snowflake_time(self.id)),
                "locked": False,
            }
            data["message_count"] = 0
            data["member_count"] = 0
        return data


@dataclass(eq=False)
class FakeMember:
    """A user's membership of a guild; ``extra_permissions`` add to @everyone and roles."""

    user: FakeUser
    guild: FakeGuild
    roles: list[FakeRole] = field(default_factory=list)
    extra_permissions: int = 0
    nick: str | None = None
    joined_at: dt.datetime | None = None  # set from the emulator's clock when added
    timed_out_until: str | None = None

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def mention(self) -> str:
        return self.user.mention

    @property
    def permissions(self) -> int:
        """Resolved guild permissions: @everyone | roles | extra (admin means all)."""
        base = self.guild.everyone.permissions | self.extra_permissions
        for role in self.roles:
            base |= role.permissions
        if self.guild.owner_id == self.id:
            base |= ADMINISTRATOR
        return effective_permissions(base)

    @property
    def top_position(self) -> int:
        """The position of the member's highest role (@everyone's 0 when it has none)."""
        return max((r.position for r in self.roles), default=0)

    def timed_out(self) -> bool:
        if not self.timed_out_until:
            return False
        until = dt.datetime.fromisoformat(self.timed_out_until)
        return until > self.guild.world.utcnow()

    def permissions_in(self, channel: FakeChannel) -> int:
        """The member's permissions in ``channel``, computed as topics/permissions.mdx
        describes: guild base, overwrites (@everyone, roles, member), then the implicit
        rules (no View Channel: nothing; no Send Messages: no attachments, embeds, ...),
        threads taking the parent's overwrites, and timeouts."""
        base = self.permissions
        if base == ALL_PERMISSIONS:
            return ALL_PERMISSIONS
        source = channel
        if channel.is_thread and channel.parent_id is not None:
            source = self.guild.get_channel(channel.parent_id) or channel
        perms = base
        by_id = {o.id: o for o in source.overwrites}
        everyone = by_id.get(self.guild.id)
        if everyone is not None:
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role in self.roles:
            if (o := by_id.get(role.id)) is not None and o.type == 0:
                allow, deny = allow | o.allow, deny | o.deny
        perms = (perms & ~deny) | allow
        if (mine := by_id.get(self.id)) is not None and mine.type == 1:
            perms = (perms & ~mine.deny) | mine.allow
        if not perms & VIEW_CHANNEL:
            return 0
        if channel.is_thread:  # Send Messages is not inherited: threads need their own
            perms = (
                perms | SEND_MESSAGES
                if perms & SEND_MESSAGES_IN_THREADS
                else perms & ~SEND_MESSAGES
            )
        if not perms & SEND_MESSAGES:
            perms &= ~_NEEDS_SEND
        if self.timed_out():
            perms &= _TIMED_OUT_KEEPS
        return perms

    def payload(self, *, with_user: bool = True, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r.id) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": iso(self.joined_at or snowflake_time(self.id)),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": self.timed_out_until,
        }
        if with_user:
            data["user"] = self.user.payload()
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


class FakeGuild:
    """A guild; created by ``FakeDiscord.add_guild`` with @everyone and #general."""

    def __init__(self, world: World, guild_id: int, name: str, owner_id: int) -> None:
        #: The world this guild belongs to: ids, time, and the events its changes send.
        self.world = world
        self.id = guild_id
        self.name = name
        self.owner_id = owner_id
        self.locale = "en-US"
        self.channels: list[FakeChannel] = []
        self.roles: list[FakeRole] = []
        self.members: list[FakeMember] = []
        self.scheduled_events: dict[int, dict[str, Any]] = {}
        self.roles.append(FakeRole(self.id, self, "@everyone", DEFAULT_EVERYONE_PERMISSIONS, 0))
        self.general = self.add_channel("general")

    def __repr__(self) -> str:
        return f"<FakeGuild id={self.id} name={self.name!r}>"

    @property
    def everyone(self) -> FakeRole:
        return self.roles[0]

    @property
    def created_at(self) -> dt.datetime:
        return snowflake_time(self.id)

    # -- building the world (live: dispatches the matching gateway event once connected)

    def add_channel(
        self,
        name: str,
        *,
        type: int = 0,
        topic: str | None = None,
        parent: FakeChannel | None = None,
    ) -> FakeChannel:
        """Add a text channel (or ``type=4`` category, ``type=2`` voice)."""
        channel = FakeChannel(
            id=self.world.snowflake(),
            name=name,
            type=type,
            guild=self,
            position=len(self.channels),
            topic=topic,
            parent_id=parent.id if parent else None,
        )
        self.channels.append(channel)
        self.world.add_channel(channel)
        self.world.guild_event(self, "CHANNEL_CREATE", channel.payload(), intent=1 << 0)
        return channel

    def add_role(
        self, name: str, *, permissions: int = 0, color: int = 0, mentionable: bool = False
    ) -> FakeRole:
        """Add a role at position 1 (just above @everyone), where Discord puts new roles."""
        for existing in self.roles[1:]:
            existing.position += 1
        role = FakeRole(
            id=self.world.snowflake(),
            guild=self,
            name=name,
            permissions=permissions,
            position=1,
            color=color,
            mentionable=mentionable,
        )
        self.roles.append(role)
        self.world.guild_event(
            self, "GUILD_ROLE_CREATE", {"guild_id": str(self.id), "role": role.payload()}, intent=1
        )
        return role

    def update_role(self, role: FakeRole, **changes: Any) -> FakeRole:
        """Change a role as a server admin would (``permissions=``, ``managed=``, ...)."""
        for name, value in changes.items():
            if not hasattr(role, name) or name in ("id", "guild"):
                raise AttributeError(f"FakeRole has no changeable field {name!r}")
            setattr(role, name, value)
        self.world.guild_event(
            self, "GUILD_ROLE_UPDATE", {"guild_id": str(self.id), "role": role.payload()}, intent=1
        )
        return role

    def add_member(
        self,
        name: str,
        *,
        permissions: int = 0,
        roles: list[FakeRole] | tuple[FakeRole, ...] = (),
        nick: str | None = None,
        bot: bool = False,
        user: FakeUser | None = None,
    ) -> FakeMember:
        """Add a member; ``permissions`` are granted on top of @everyone's (and roles')."""
        if user is None:
            user = FakeUser(self.world.snowflake(), name, bot=bot)
            self.world.users[user.id] = user
        member = FakeMember(user, self, list(roles), permissions, nick, self.world.utcnow())
        self.members.append(member)
        self.world.guild_event(
            self,
            "GUILD_MEMBER_ADD",
            {**member.payload(), "guild_id": str(self.id)},
            intent=1 << 1,
        )
        return member

    def add_scheduled_event(
        self,
        name: str,
        start: dt.datetime,
        *,
        creator: FakeMember,
        end: dt.datetime | None = None,
        location: str = "Somewhere",
        description: str | None = None,
        status: int = 1,
    ) -> dict[str, Any]:
        """An external event made by ``creator`` (a person, not the bot), as in the app."""
        event_id = self.world.snowflake()
        event = {
            "id": str(event_id),
            "guild_id": str(self.id),
            "channel_id": None,
            "creator_id": str(creator.id),
            "creator": creator.user.payload(),
            "name": name,
            "description": description,
            "scheduled_start_time": iso(start),
            "scheduled_end_time": iso(end or start + dt.timedelta(hours=2)),
            "privacy_level": 2,
            "status": status,
            "entity_type": 3,
            "entity_id": None,
            "entity_metadata": {"location": location},
            "user_count": 0,
            "image": None,
            "recurrence_rule": None,
        }
        self.scheduled_events[event_id] = event
        self.world.guild_event(self, "GUILD_SCHEDULED_EVENT_CREATE", dict(event), intent=1 << 16)
        return event

    def update_scheduled_event(self, event_id: int, **changes: Any) -> dict[str, Any]:
        """Change an event as a moderator would in the app (``status=4`` cancels it)."""
        event = self.scheduled_events[event_id]
        event.update(changes)
        self.world.guild_event(self, "GUILD_SCHEDULED_EVENT_UPDATE", dict(event), intent=1 << 16)
        return event

    # -- lookups

    def get_member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.id == user_id), None)

    def get_role(self, role_id: int) -> FakeRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def get_channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def role_named(self, name: str) -> FakeRole | None:
        return next((r for r in self.roles if r.name == name), None)

    def channel_named(self, name: str) -> FakeChannel | None:
        return next((c for c in self.channels if c.name == name), None)

    def member_named(self, name: str) -> FakeMember | None:
        return next((m for m in self.members if m.name == name), None)

    # -- payloads

    def partial_payload(self) -> dict[str, Any]:
        """GET /guilds/{id}: the guild without members/channels."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "roles": [r.payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": self.locale,
            "system_channel_id": str(self.general.id),
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "approximate_member_count": len(self.members),
        }

    def create_payload(
        self, *, include_all_members: bool, bot_member: FakeMember
    ) -> dict[str, Any]:
        """GUILD_CREATE: without the members intent Discord only sends the bot itself."""
        members = self.members if include_all_members else [bot_member]
        return {
            **self.partial_payload(),
            "unavailable": False,
            "large": False,
            "joined_at": iso(bot_member.joined_at or snowflake_time(bot_member.id)),
            "member_count": len(self.members),
            "members": [m.payload() for m in members],
            "channels": [c.payload() for c in self.channels if c.type not in (10, 11, 12)],
            "threads": [c.payload() for c in self.channels if c.type in (10, 11, 12)],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": list(self.scheduled_events.values()),
            "soundboard_sounds": [],
        }
