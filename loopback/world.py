"""The loopback's world: what Discord knows (users, guilds, channels, messages, attachments,
synced commands, interactions) and what it saw the bot do wrong (violations).

One object, read and changed through its public methods by the REST API, the gateway, the
model (a guild adds its channels here) and the driver tests use (`FakeDiscord`). It holds
no sockets and no config: what it changes it reports through the two callbacks it is given,
``dispatch`` (a gateway event to the shard owning the guild, if the bot's intents let it
see it) and ``changed`` (wake whoever waits for the world to move).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES
from .interactions import InteractionState
from .messages import EPHEMERAL, StoredMessage
from .model import FakeChannel, FakeGuild, FakeMember, FakeUser
from .records import RecordedRequest, UploadedFile, Violation
from .snowflake import SnowflakeGenerator, iso, snowflake_time

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


class Dispatch(Protocol):
    """Send a gateway event to the shard owning ``guild_id``; False if the bot can't see it."""

    def __call__(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None = None,
        intent: int | None = None,
    ) -> bool: ...


class World:
    """Discord's state for one application (its bot user) and the people around it."""

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        *,
        bot_name: str,
        dispatch: Dispatch,
        changed: Callable[[], None],
        base_url: Callable[[], str],
    ) -> None:
        self.clock = clock
        self._dispatch = dispatch
        self._changed = changed
        self._base_url = base_url
        self._snowflakes = SnowflakeGenerator(clock)
        self.application_id = self.snowflake()
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)
        self.owner = FakeUser(self.snowflake(), "owner")
        self.users: dict[int, FakeUser] = {u.id: u for u in (self.bot_user, self.owner)}
        self.guilds: dict[int, FakeGuild] = {}
        #: Synced commands per scope: None = global, else guild id.
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.violations: list[Violation] = []
        self._channels: dict[int, FakeChannel] = {}
        self._dm_channels: dict[int, FakeChannel] = {}
        self._messages: dict[int, StoredMessage] = {}
        self._attachments: dict[int, tuple[str, bytes, str | None]] = {}
        self._interactions: dict[str, InteractionState] = {}

    # ------------------------------------------------------------------ ids and time

    def snowflake(self, at: dt.datetime | None = None) -> int:
        """A fresh id; with ``at`` its timestamp is that moment (for ordering tests)."""
        return self._snowflakes.next(at)

    def utcnow(self) -> dt.datetime:
        """The world's date and time (timestamps, scheduled events, snowflakes)."""
        return self.clock()

    # ------------------------------------------------------------------ people and places

    def add_user(self, name: str) -> FakeUser:
        """A user in no guild (for DM interactions)."""
        user = FakeUser(self.snowflake(), name)
        self.users[user.id] = user
        return user

    def add_channel(self, channel: FakeChannel) -> None:
        """Index a guild's new channel (the guild keeps its own list)."""
        self._channels[channel.id] = channel

    def channel(self, channel_id: int) -> FakeChannel | None:
        return self._channels.get(channel_id)

    def dm_channel(self, user: FakeUser | FakeMember) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use, as Discord does)."""
        user = user.user if isinstance(user, FakeMember) else user
        if user.id not in self._dm_channels:
            channel = FakeChannel(self.snowflake(), user.username, type=1, recipient=user)
            self._dm_channels[user.id] = channel
            self._channels[channel.id] = channel
        return self._dm_channels[user.id]

    def bot_member(self, guild: FakeGuild) -> FakeMember:
        member = guild.get_member(self.bot_user.id)
        assert member is not None
        return member

    def guild_event(
        self, guild: FakeGuild, event: str, data: dict[str, Any], *, intent: int
    ) -> None:
        """A change to ``guild`` the bot hears of (once the guild is part of the world)."""
        if guild.id in self.guilds:
            self._dispatch(event, data, guild_id=guild.id, intent=intent)

    # ------------------------------------------------------------------ attachments

    def attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None
    ) -> dict[str, Any]:
        """An attachment payload served by the loopback (for attachment options)."""
        att_id = self.snowflake()
        self._attachments[att_id] = (filename, data, content_type)
        url = f"{self._base_url()}/attachments/{att_id}/{filename}"
        return {
            "id": str(att_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    def attachment_file(self, attachment_id: int) -> tuple[str, bytes, str | None] | None:
        """(filename, bytes, content type) of an attachment, or None if unknown."""
        return self._attachments.get(attachment_id)

    # ------------------------------------------------------------------ interactions

    def add_interaction(self, state: InteractionState) -> None:
        self._interactions[state.token] = state

    def interaction(self, token: str) -> InteractionState | None:
        return self._interactions.get(token)

    def interactions(self) -> list[InteractionState]:
        """Every interaction dispatched so far, oldest first."""
        return list(self._interactions.values())

    # ------------------------------------------------------------------ violations

    def violate(self, kind: str, detail: str, req: RecordedRequest | None = None) -> None:
        """Record that the bot did something Discord would refuse."""
        self.violations.append(
            Violation(kind, detail, req.method if req else None, req.path if req else None)
        )

    def take_violations(self, kind: str | None = None) -> list[Violation]:
        """Remove and return violations (of ``kind``) a test expected to provoke."""
        taken = [v for v in self.violations if kind is None or v.kind == kind]
        self.violations = [v for v in self.violations if v not in taken]
        return taken

    # ------------------------------------------------------------------ messages

    def message(self, message_id: int) -> StoredMessage | None:
        """Any message the world holds, deleted and ephemeral ones too; None if unknown."""
        return self._messages.get(message_id)

    def messages(self, channel_id: int | None = None) -> list[StoredMessage]:
        """Every message (in ``channel_id``), oldest first, deleted and ephemeral ones too."""
        return sorted(
            (m for m in self._messages.values() if channel_id in (None, m.channel_id)),
            key=lambda m: m.id,
        )

    def create_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        body: dict[str, Any],
        files: list[UploadedFile],
        *,
        message_id: int | None = None,
        by_bot: bool = True,
        ephemeral: bool = False,
        interaction: InteractionState | None = None,
        msg_type: int = 0,
        extra_flags: int = 0,
        announce: bool = True,
    ) -> StoredMessage:
        """Store a message as Discord would render it; announce it on the gateway."""
        mid = message_id or self.snowflake()
        guild = channel.guild
        content = str(body.get("content") or "")
        mentions, mention_roles = self._mentions(channel, content)
        attachments, blobs = self._attachments_for(body, files)
        flags = int(body.get("flags") or 0) | extra_flags | (EPHEMERAL if ephemeral else 0)
        payload: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": iso(snowflake_time(mid)),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "mention_channels": [],
            "attachments": attachments,
            "embeds": [{"type": "rich", **e} for e in body.get("embeds") or []],
            "reactions": [],
            "pinned": False,
            "type": msg_type,
            "flags": flags,
            "components": copy.deepcopy(body.get("components") or []),
        }
        if body.get("nonce") is not None:
            payload["nonce"] = body["nonce"]
        if guild is not None:
            payload["guild_id"] = str(guild.id)
            member = guild.get_member(author.id)
            if member is not None:
                payload["member"] = member.payload(with_user=False)
        if by_bot and interaction is not None:
            payload["webhook_id"] = str(self.application_id)
            payload["application_id"] = str(self.application_id)
            payload["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": interaction.payload.get(
                    "authorizing_integration_owners", {}
                ),
            }
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            payload["type"] = 19 if msg_type == 0 else msg_type
            payload["message_reference"] = {
                "type": 0,
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel.id),
                **({"guild_id": str(guild.id)} if guild else {}),
            }
            target = self._messages.get(int(ref["message_id"]))
            if target is not None:
                payload["referenced_message"] = copy.deepcopy(target.payload)
        stored = StoredMessage(payload, ephemeral=ephemeral, by_bot=by_bot, files=blobs)
        self._messages[mid] = stored
        if not ephemeral:  # "the id of the last message sent in this channel"
            channel.last_message_id = mid
        if announce and not ephemeral:
            self._announce("MESSAGE_CREATE", stored)
        self._changed()
        return stored

    def edit_message(
        self, stored: StoredMessage, body: dict[str, Any], files: list[UploadedFile]
    ) -> StoredMessage:
        """Apply a PATCH the way Discord merges it (present keys replace, null clears)."""
        payload = stored.payload
        channel = self._channels[stored.channel_id]
        if "content" in body:
            payload["content"] = body["content"] or ""
            payload["mentions"], payload["mention_roles"] = self._mentions(
                channel, payload["content"]
            )
        if "embeds" in body:
            payload["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            payload["components"] = copy.deepcopy(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            keep = int(payload.get("flags") or 0) & ~(1 << 2)
            payload["flags"] = keep | (int(body["flags"]) & ((1 << 2) | (1 << 15)))
        if "attachments" in body or files:
            kept_ids = (
                {str(a.get("id")) for a in body["attachments"] or []}
                if "attachments" in body
                else {a["id"] for a in payload["attachments"]}
            )
            kept = [a for a in payload["attachments"] if a["id"] in kept_ids]
            new, blobs = self._attachments_for(body, files)
            payload["attachments"] = kept + new
            stored.files.update(blobs)
        payload["flags"] = int(payload.get("flags") or 0) & ~(1 << 7)  # no longer loading
        payload["edited_timestamp"] = iso(self.utcnow())
        if not stored.ephemeral:
            self._announce("MESSAGE_UPDATE", stored)
        self._changed()
        return stored

    def delete_message(self, stored: StoredMessage) -> None:
        stored.deleted = True
        if not stored.ephemeral:
            channel = self._channels[stored.channel_id]
            data = {"id": str(stored.id), "channel_id": str(channel.id)}
            if channel.guild is not None:
                data["guild_id"] = str(channel.guild.id)
            self._announce_raw("MESSAGE_DELETE", data, channel)
        self._changed()

    def bulk_delete(self, channel: FakeChannel, messages: list[StoredMessage]) -> None:
        """Delete ``messages`` of ``channel`` at once: one MESSAGE_DELETE_BULK event."""
        for stored in messages:
            stored.deleted = True
        data: dict[str, Any] = {"ids": [str(m.id) for m in messages], "channel_id": str(channel.id)}
        if channel.guild is not None:
            data["guild_id"] = str(channel.guild.id)
        self._announce_raw("MESSAGE_DELETE_BULK", data, channel)
        self._changed()

    def _mentions(self, channel: FakeChannel, content: str) -> tuple[list[Any], list[str]]:
        guild = channel.guild
        users: list[dict[str, Any]] = []
        for raw in _USER_MENTION.findall(content):
            member = guild.get_member(int(raw)) if guild else None
            user = member.user if member else self.users.get(int(raw))
            if user is not None:
                entry = user.payload()
                if member is not None:
                    entry["member"] = member.payload(with_user=False)
                users.append(entry)
        roles = [r for r in _ROLE_MENTION.findall(content) if guild and guild.get_role(int(r))]
        return users, roles

    def _attachments_for(
        self, body: dict[str, Any], files: list[UploadedFile]
    ) -> tuple[list[dict[str, Any]], dict[int, bytes]]:
        meta = {str(a.get("id")): a for a in body.get("attachments") or [] if isinstance(a, dict)}
        out: list[dict[str, Any]] = []
        blobs: dict[int, bytes] = {}
        for index, upload in enumerate(files):
            m = re.fullmatch(r"files\[(\d+)\]", upload.field)
            key = m.group(1) if m else str(index)
            info = meta.get(key, {})
            payload = self.attachment(
                info.get("filename") or upload.filename,
                upload.data,
                content_type=upload.content_type,
            )
            if info.get("description"):
                payload["description"] = info["description"]
            out.append(payload)
            blobs[int(payload["id"])] = upload.data
        return out, blobs

    def _announce(self, event: str, stored: StoredMessage) -> None:
        self._announce_raw(event, copy.deepcopy(stored.payload), self._channels[stored.channel_id])

    def _announce_raw(self, event: str, data: dict[str, Any], channel: FakeChannel) -> None:
        guild_id = channel.guild.id if channel.guild else None
        self._dispatch(
            event, data, guild_id=guild_id, intent=GUILD_MESSAGES if guild_id else DIRECT_MESSAGES
        )
