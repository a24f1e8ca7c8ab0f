"""Interaction bookkeeping (one per dispatched INTERACTION_CREATE) and the Reply tests see."""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .commands import LoopbackError
from .messages import FakeMessage

if TYPE_CHECKING:
    from .driver import Driver
    from .model import FakeChannel, FakeGuild, FakeMember, FakeUser
    from .world import World

APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9

#: Which initial response types Discord accepts for each interaction type.
ALLOWED_RESPONSES: dict[int, set[int]] = {
    APPLICATION_COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL, 12},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL, 12},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
}

TOKEN_LIFETIME = 15 * 60.0

#: Where an interaction happens and who makes it: guild (None in a DM), channel, member
#: (None in a DM) and user.
Place = tuple["FakeGuild | None", "FakeChannel", "FakeMember | None", "FakeUser"]


@dataclass(eq=False)
class InteractionState:
    """Everything the emulator knows about one interaction and the bot's answers to it."""

    id: int
    token: str
    type: int
    guild: FakeGuild | None
    channel: FakeChannel
    member: FakeMember | None
    user: FakeUser
    payload: dict[str, Any]
    dispatched_at: float
    source_message_id: int | None = None  # the message a component/modal came from
    response_type: int | None = None
    responded_at: float | None = None
    late: bool = False
    original_id: int | None = None  # message @original refers to
    loading: bool = False  # deferred (type 5) and not yet edited/followed up
    completed: bool = False  # deferred and then edited or followed up
    followup_ids: list[int] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    #: When the answer to the bot's latest request for this interaction left Discord (or,
    #: before any, when the event was sent): what the driver's quiet is counted from.
    last_activity: float = 0.0
    #: The bot's requests for this interaction that have reached Discord and whose answer
    #: is not yet on its way back: while any is, the bot is not quiet.
    requests_pending: int = 0
    rejections: list[str] = field(default_factory=list)  # refused callback attempts

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE)

    @property
    def resolved(self) -> bool:
        """True once a test can look at the outcome ("thinking" needs its follow-through)."""
        if self.response_type is None:
            return False
        return self.response_type != DEFERRED_MESSAGE or self.completed


class Reply:
    """The bot's answer to one interaction, snapshotted when it settled.

    ``message`` is the message the response created or updated (for a deferral: the
    edited original, or the first followup, which fills the "thinking" message as on
    Discord). ``followups`` lists every message posted through the followup webhook.
    """

    def __init__(self, fake: Driver, state: InteractionState) -> None:
        self._fake = fake
        self.interaction = state
        self.type: int | None = state.response_type
        self.deferred: bool = state.deferred
        self.modal: dict[str, Any] | None = copy.deepcopy(state.modal)
        self.choices: list[dict[str, Any]] | None = copy.deepcopy(state.choices)
        original = fake.world.message(state.original_id) if state.original_id else None
        self.message: FakeMessage | None = (
            FakeMessage.of(original) if original and not original.deleted else None
        )
        followups = [fake.world.message(i) for i in state.followup_ids]
        self.followups: list[FakeMessage] = [FakeMessage.of(m) for m in followups if m is not None]

    def __repr__(self) -> str:
        return f"<Reply type={self.type} content={self.content!r} ephemeral={self.ephemeral}>"

    # -- the response message

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message else []

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.message.attachments if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def text(self) -> str:
        """Content and embed text of the message and every followup."""
        unique: dict[int, FakeMessage] = {}
        for msg in ([self.message] if self.message else []) + self.followups:
            unique.setdefault(msg.id, msg)  # the first followup may *be* the original
        return "\n".join(m.text for m in unique.values())

    def latest(self) -> FakeMessage | None:
        """The response message as it is now (it may have been edited since)."""
        stored = self._fake.world.message(self.message.id) if self.message else None
        return FakeMessage.of(stored) if stored and not stored.deleted else None

    # -- acting on it, as the same user by default

    def _target_with(self, key: str) -> FakeMessage:
        for msg in [m for m in (self.latest(), *self.followups) if m is not None]:
            if msg.find_component(key) is not None:
                return msg
        raise KeyError(f"no component {key!r} on the reply or its followups")

    async def click(self, key: str, *, member: FakeMember | FakeUser | None = None) -> Reply:
        """Press a button (by label, custom_id or emoji) and return the bot's answer."""
        message = self._target_with(key)
        return await self._fake.click(message, member or self._actor(), key)

    async def select(
        self, key: str, values: list[Any], *, member: FakeMember | FakeUser | None = None
    ) -> Reply:
        """Choose ``values`` in a select (by custom_id or placeholder)."""
        message = self._target_with(key)
        return await self._fake.select(message, member or self._actor(), key, values)

    async def submit_modal(
        self, values: dict[str, Any], *, member: FakeMember | FakeUser | None = None
    ) -> Reply:
        """Fill the modal this reply opened (inputs by custom_id or label) and submit it."""
        if self.modal is None:
            raise AssertionError(f"the bot did not answer with a modal (response type {self.type})")
        return await self._fake.submit_modal(self, values, member=member)

    def _actor(self) -> FakeMember | FakeUser:
        return self.interaction.member or self.interaction.user


def new_interaction(
    world: World,
    itype: int,
    data: dict[str, Any],
    place: Place,
    message: dict[str, Any] | None,
    *,
    now: float,
    attachment_size_limit: int,
    bot_permissions: int,
) -> InteractionState:
    """A new interaction as Discord would send it in INTERACTION_CREATE (not yet sent)."""
    guild, channel, member, user = place
    iid = world.snowflake()
    token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
    payload: dict[str, Any] = {
        "id": str(iid),
        "application_id": str(world.application_id),
        "type": itype,
        "data": data,
        "token": token,
        "version": 1,
        "locale": user.locale,
        "entitlements": [],
        "attachment_size_limit": attachment_size_limit,
        # The app's and the member's permissions *in this channel*, overwrites applied
        # (interactions/receiving-and-responding.mdx, Interaction Structure).
        "app_permissions": str(
            world.bot_member(guild).permissions_in(channel) if guild else bot_permissions
        ),
    }
    if guild is not None and member is not None:
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": guild.locale, "features": []},
            guild_locale=guild.locale,
            channel_id=str(channel.id),
            channel={**channel.payload(), "permissions": str(member.permissions_in(channel))},
            member={
                **member.payload(),
                "permissions": str(member.permissions_in(channel)),
            },
            authorizing_integration_owners={"0": str(guild.id)},
            context=0,
        )
    else:
        payload.update(
            channel_id=str(channel.id),
            channel=channel.payload(),
            user=user.payload(),
            authorizing_integration_owners={"0": "0"},
            context=1,
        )
    if message is not None:
        payload["message"] = message
    state = InteractionState(
        id=iid,
        token=token,
        type=itype,
        guild=guild,
        channel=channel,
        member=member,
        user=user,
        payload=payload,
        dispatched_at=now,
        source_message_id=int(message["id"]) if message else None,
    )
    state.last_activity = state.dispatched_at
    return state


def modal_submission(modal: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The ``data`` of a MODAL_SUBMIT: ``modal``'s inputs filled with ``values`` (by
    custom_id or label), checked the way Discord's client checks them."""
    remaining = dict(values)
    rows: list[dict[str, Any]] = []

    def fill(comp: dict[str, Any], label: str | None) -> dict[str, Any]:
        keys = [k for k in (comp.get("custom_id"), label or comp.get("label")) if k]
        key = next((k for k in keys if k in remaining), None)
        value = remaining.pop(key) if key is not None else None
        if comp.get("type") == 4:
            text = "" if value is None else str(value)
            if comp.get("required", True) and not text:
                raise LoopbackError(f"modal input {keys} is required")
            lo, hi = comp.get("min_length", 0), comp.get("max_length", 4000)
            if text and not lo <= len(text) <= hi:
                raise LoopbackError(f"modal input {keys}: length {len(text)} not in [{lo}, {hi}]")
            return {"type": 4, "custom_id": comp["custom_id"], "value": text}
        picked = [] if value is None else list(value)
        return {"type": comp["type"], "custom_id": comp.get("custom_id"), "values": picked}

    for row in modal.get("components") or []:
        if row.get("type") == 18:
            inner = row.get("component") or {}
            rows.append({"type": 18, "component": fill(inner, row.get("label"))})
        elif row.get("type") == 1:
            rows.append(
                {"type": 1, "components": [fill(c, None) for c in row.get("components") or []]}
            )
    if remaining:
        raise LoopbackError(f"modal has no input(s) {sorted(remaining)}")
    return {"custom_id": modal["custom_id"], "components": rows}
