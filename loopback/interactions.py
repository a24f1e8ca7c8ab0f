"""Interaction bookkeeping (one per dispatched INTERACTION_CREATE) and the Reply tests see."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .messages import FakeMessage

if TYPE_CHECKING:
    from .fake import FakeDiscord
    from .model import FakeChannel, FakeGuild, FakeMember, FakeUser

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
    last_activity: float = 0.0
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

    def __init__(self, fake: FakeDiscord, state: InteractionState) -> None:
        self._fake = fake
        self.interaction = state
        self.type: int | None = state.response_type
        self.deferred: bool = state.deferred
        self.modal: dict[str, Any] | None = copy.deepcopy(state.modal)
        self.choices: list[dict[str, Any]] | None = copy.deepcopy(state.choices)
        original = fake._messages.get(state.original_id) if state.original_id else None
        self.message: FakeMessage | None = (
            FakeMessage.of(original) if original and not original.deleted else None
        )
        self.followups: list[FakeMessage] = [
            FakeMessage.of(fake._messages[i]) for i in state.followup_ids if i in fake._messages
        ]

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
        stored = self._fake._messages.get(self.message.id) if self.message else None
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
