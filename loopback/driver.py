"""What users do, as tests drive it: run commands, press buttons, pick from menus, fill
forms and post messages, each awaiting the bot's answer the way Discord's client shows it.

`Driver` is the part of `FakeDiscord` that acts as people. It reads and changes Discord's
state only through the world's public methods (`loopback/world.py`), and it needs from the
server around it only the attributes and methods declared at the top of the class.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .commands import LoopbackError, Resolved, check_usable, command_data, find_command
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, MESSAGE_CONTENT, Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    COMPONENT,
    DEFERRED_UPDATE,
    MODAL_SUBMIT,
    InteractionState,
    Place,
    Reply,
    modal_submission,
    new_interaction,
)
from .messages import FakeMessage
from .model import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser
from .world import Dispatch, World


class NoResponse(LoopbackError, AssertionError):
    """The bot did not answer an interaction (in time) the way the test waited for."""


class Driver:
    """Acting as the people in the world; mixed into `FakeDiscord`."""

    # What the server provides (FakeDiscord sets each in its constructor).
    world: World
    gateway: Gateway
    ack_deadline: float
    settle: float
    settle_max: float
    response_timeout: float
    attachment_size_limit: int
    bot_permissions: int
    _timers: list[asyncio.TimerHandle]
    dispatch: Dispatch

    if TYPE_CHECKING:

        def now(self) -> float: ...

        async def flush(self) -> None: ...

        async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool: ...

    # ------------------------------------------------------------------ messages

    def message(self, message_id: int) -> FakeMessage | None:
        """A snapshot of any message the loopback holds (None if deleted/unknown)."""
        stored = self.world.message(message_id)
        return FakeMessage.of(stored) if stored and not stored.deleted else None

    def channel_messages(
        self, channel: FakeChannel, *, from_bot: bool = True, include_ephemeral: bool = False
    ) -> list[FakeMessage]:
        """Messages in ``channel`` oldest first: by default only what the bot posted there."""
        return [
            FakeMessage.of(m)
            for m in self.world.messages(channel.id)
            if not m.deleted
            and (include_ephemeral or not m.ephemeral)
            and (m.by_bot or not from_bot)
        ]

    async def wait_for_message(
        self,
        channel: FakeChannel,
        *,
        after: int | None = None,
        predicate: Callable[[FakeMessage], bool] | None = None,
        timeout: float = 2.0,
    ) -> FakeMessage:
        """The first bot message in ``channel`` with id > ``after`` (matching ``predicate``)."""

        def find() -> FakeMessage | None:
            for msg in self.channel_messages(channel):
                if (after is None or msg.id > after) and (predicate is None or predicate(msg)):
                    return msg
            return None

        if not await self.wait_until(lambda: find() is not None, timeout):
            raise NoResponse(f"the bot posted nothing new in #{channel.name} within {timeout}s")
        found = find()
        assert found is not None
        return found

    async def say(
        self,
        channel: FakeChannel,
        member: FakeMember | FakeUser,
        content: str,
        *,
        at: dt.datetime | None = None,
        message_id: int | None = None,
        reply_to: int | None = None,
        embeds: list[dict[str, Any]] | None = None,
    ) -> int:
        """A user posts ``content``: stored, and MESSAGE_CREATE sent if the intents allow.

        Content is blanked without the message_content intent (unless the bot is
        mentioned or it is a DM), as Discord does. Returns the message id.
        """
        user = member.user if isinstance(member, FakeMember) else member
        body: dict[str, Any] = {"content": content, "embeds": embeds or []}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to), "channel_id": str(channel.id)}
        stored = self.world.create_message(
            channel,
            user,
            body,
            [],
            message_id=message_id or self.world.snowflake(at),
            by_bot=False,
            announce=False,
        )
        session = self.gateway.session_for_guild(channel.guild.id if channel.guild else None)
        if session is not None:
            need = GUILD_MESSAGES if channel.guild else DIRECT_MESSAGES
            if session.has_intent(need):
                data = copy.deepcopy(stored.payload)
                mentioned = str(self.world.bot_user.id) in [u["id"] for u in data["mentions"]]
                if not (session.has_intent(MESSAGE_CONTENT) or mentioned or channel.guild is None):
                    data.update(content="", embeds=[], attachments=[], components=[])
                session.dispatch("MESSAGE_CREATE", data)
        await self.flush()
        return stored.id

    # ------------------------------------------------------------------ interactions

    def _where(self, where: FakeGuild | FakeChannel | None, actor: FakeMember | FakeUser) -> Place:
        if isinstance(where, FakeGuild):
            where = where.general
        if where is None or where.type == 1:
            user = actor.user if isinstance(actor, FakeMember) else actor
            return None, where or self.world.dm_channel(user), None, user
        guild = where.guild
        assert guild is not None
        member = actor if isinstance(actor, FakeMember) else guild.get_member(actor.id)
        if member is None or member.guild is not guild:
            raise LoopbackError(f"{actor} is not a member of {guild.name}")
        return guild, where, member, member.user

    def _interaction_payload(
        self, itype: int, data: dict[str, Any], place: Place, message: dict[str, Any] | None
    ) -> InteractionState:
        return new_interaction(
            self.world,
            itype,
            data,
            place,
            message,
            now=self.now(),
            attachment_size_limit=self.attachment_size_limit,
            bot_permissions=self.bot_permissions,
        )

    async def _dispatch_interaction(self, state: InteractionState) -> None:
        self.world.add_interaction(state)
        # The 3 seconds start when Discord sends the event: its trip to the bot (gateway
        # latency) and the callback's trip back (half the REST round trip) are in them.
        state.dispatched_at = self.now()
        sent = self.dispatch(
            "INTERACTION_CREATE",
            copy.deepcopy(state.payload),
            guild_id=state.guild.id if state.guild else None,
        )
        if not sent:
            raise NoResponse("the bot is not connected to the gateway")
        self._timers.append(
            asyncio.get_running_loop().call_later(self.ack_deadline, self._check_acked, state)
        )
        await self.flush()

    def _check_acked(self, state: InteractionState) -> None:
        if state.response_type is None and not state.late and not state.rejections:
            self.world.violate(
                "no_ack",
                f"interaction {state.id} ({self._describe(state)}) got no initial response "
                f"within {self.ack_deadline}s",
            )

    @staticmethod
    def _describe(state: InteractionState) -> str:
        data = state.payload.get("data") or {}
        return data.get("name") or data.get("custom_id") or f"type {state.type}"

    async def _settled_reply(self, state: InteractionState) -> Reply:
        """Wait for the initial response, a deferral's follow-through, then quiet."""

        def answered() -> bool:
            return state.response_type is not None or state.late or bool(state.rejections)

        await self.wait_until(answered, self.ack_deadline + 0.25)
        if state.rejections and state.response_type is None:  # allow one corrected retry
            await self.wait_until(lambda: state.response_type is not None, self.settle_max)
        if state.response_type is None:
            why = "; ".join(state.rejections) or "late or missing"
            raise NoResponse(
                f"no valid initial response to {self._describe(state)} within "
                f"{self.ack_deadline}s ({why})"
            )
        if not await self.wait_until(lambda: state.resolved, self.response_timeout):
            raise NoResponse(
                f"{self._describe(state)} was deferred with 'thinking' but never edited or "
                f"followed up within {self.response_timeout}s"
            )
        if state.response_type == DEFERRED_UPDATE:  # a silent ack is fine; give edits a moment
            await self._given_the_loop(lambda: state.completed, self.settle_max)
        # Then quiet: `settle` seconds, counted from when the last answer went back to the
        # bot, in which the bot, given the event loop, sent nothing more for this interaction.
        quiet = 0.0

        def quiet_enough() -> bool:
            return quiet >= self.settle

        def step(elapsed: float, held: bool) -> None:
            nonlocal quiet
            if state.requests_pending or held:  # the bot is talking, or could not have
                quiet = 0.0
            else:
                quiet = min(quiet + elapsed, self.now() - state.last_activity)

        await self._given_the_loop(quiet_enough, self.settle_max, step)
        return Reply(self, state)

    async def _given_the_loop(
        self,
        done: Callable[[], bool],
        budget: float,
        step: Callable[[float, bool], None] | None = None,
    ) -> bool:
        """Wait until ``done()``, for at most ``budget`` seconds of the event loop's time.

        The bot runs in this event loop: while the loop is held (the bot's own CPU work
        after a start, or the machine busy with other processes) it can neither read an
        answer nor send its next request, so waiting "50 ms of quiet" in wall time could end
        before it had a moment to act. The wait goes in ticks of ``settle / 5``; a tick that
        took more than twice that was held (``step`` is told, with the tick's length), and
        each tick counts as its nominal length towards ``budget``, however long it took."""
        tick = max(self.settle / 5, 0.001)
        spent = 0.0
        while not done():
            if spent >= budget:
                return False
            started = self.now()
            await self.wait_until(done, tick)
            elapsed = self.now() - started
            spent += tick
            if step is not None:
                step(elapsed, elapsed > 2 * tick)
        return True

    async def slash(
        self,
        where: FakeGuild | FakeChannel | None,
        member: FakeMember | FakeUser,
        name: str,
        /,
        *,
        ignore_default_permissions: bool = False,
        **options: Any,
    ) -> Reply:
        """Run ``/name`` ("cmd", "cmd sub", "cmd group sub") as ``member`` and await the reply.

        ``where`` is a guild (its #general), a channel, or None for a DM. Options go by
        name; members/users/roles/channels become ids with ``data.resolved`` filled.
        """
        guild, channel, mem, user = self._where(where, member)
        data = command_data(
            self.world, guild, mem, channel, name, options, bypass=ignore_default_permissions
        )
        state = self._interaction_payload(
            APPLICATION_COMMAND, data, (guild, channel, mem, user), None
        )
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)

    async def autocomplete(
        self,
        where: FakeGuild | FakeChannel | None,
        member: FakeMember | FakeUser,
        name: str,
        /,
        *,
        focused: str,
        value: Any = "",
        **options: Any,
    ) -> list[dict[str, Any]]:
        """Type ``value`` into option ``focused``; returns the bot's choices.

        ``value`` is sent as the text typed so far (a string, as Discord sends it, whatever
        the option's type); a number given here is sent as its digits.
        """
        guild, channel, mem, user = self._where(where, member)
        data = command_data(
            self.world,
            guild,
            mem,
            channel,
            name,
            {**options, focused: value},
            focused=focused,
            bypass=True,
        )
        state = self._interaction_payload(AUTOCOMPLETE, data, (guild, channel, mem, user), None)
        await self._dispatch_interaction(state)
        reply = await self._settled_reply(state)
        if reply.choices is None:
            raise NoResponse(f"autocomplete for /{name} answered with type {reply.type}")
        return reply.choices

    async def context_menu(
        self,
        where: FakeGuild | FakeChannel | None,
        member: FakeMember | FakeUser,
        name: str,
        target: FakeMember | FakeUser | FakeMessage,
    ) -> Reply:
        """Run a user (target member/user) or message (target FakeMessage) context menu."""
        guild, channel, mem, user = self._where(where, member)
        ctype = 3 if isinstance(target, FakeMessage) else 2
        cmd, scope = find_command(self.world.commands, guild, name, ctype)
        check_usable(cmd, guild, mem, False)
        resolved = Resolved()
        if isinstance(target, FakeMessage):
            resolved.data["messages"] = {str(target.id): target.raw}
        else:
            t_member = target if isinstance(target, FakeMember) else None
            resolved.add_user(target.user if isinstance(target, FakeMember) else target, t_member)
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": name,
            "type": ctype,
            "target_id": str(target.id),
            "resolved": resolved.data,
        }
        if scope is not None:
            data["guild_id"] = str(scope)
        state = self._interaction_payload(
            APPLICATION_COMMAND, data, (guild, channel, mem, user), None
        )
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)

    def _component_context(
        self, message: FakeMessage, actor: FakeMember | FakeUser
    ) -> tuple[FakeGuild | None, FakeChannel, FakeMember | None, FakeUser, dict[str, Any]]:
        stored = self.world.message(message.id)
        channel = self.world.channel(stored.channel_id) if stored else None
        if stored is None or stored.deleted or channel is None:
            raise LoopbackError(f"message {message.id} no longer exists")
        guild, channel, mem, user = self._where(channel, actor)
        owner = (stored.payload.get("interaction_metadata") or {}).get("user") or {}
        if stored.ephemeral and owner and str(owner.get("id")) != str(user.id):
            # Discord shows an ephemeral message to the one who ran the command only:
            # nobody else can see it, let alone press its buttons
            raise LoopbackError(f"message {message.id} is ephemeral: only its owner sees it")
        return guild, channel, mem, user, copy.deepcopy(stored.payload)

    async def click(self, message: FakeMessage, member: FakeMember | FakeUser, key: str) -> Reply:
        """Press the button ``key`` (label, custom_id or emoji) on ``message``."""
        guild, channel, mem, user, current = self._component_context(message, member)
        button = FakeMessage(current).find_component(key)
        if button is None or button.get("type") != 2:
            raise LoopbackError(f"no button {key!r} on message {message.id}")
        if button.get("disabled"):
            raise LoopbackError(f"button {key!r} is disabled")
        if not button.get("custom_id"):
            raise LoopbackError(f"button {key!r} is a link/premium button; nothing to dispatch")
        data = {"custom_id": button["custom_id"], "component_type": 2}
        state = self._interaction_payload(COMPONENT, data, (guild, channel, mem, user), current)
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)

    async def select(
        self, message: FakeMessage, member: FakeMember | FakeUser, key: str, values: list[Any]
    ) -> Reply:
        """Pick ``values`` in the select ``key``: option values, or members/roles/channels."""
        guild, channel, mem, user, current = self._component_context(message, member)
        select = FakeMessage(current).find_component(key)
        if select is None or select.get("type") not in (3, 5, 6, 7, 8):
            raise LoopbackError(f"no select {key!r} on message {message.id}")
        if select.get("disabled"):
            raise LoopbackError(f"select {key!r} is disabled")
        lo, hi = select.get("min_values", 1), select.get("max_values", 1)
        if not lo <= len(values) <= hi:
            raise LoopbackError(f"select {key!r} takes {lo}..{hi} values, got {len(values)}")
        data: dict[str, Any] = {"custom_id": select["custom_id"], "component_type": select["type"]}
        if select["type"] == 3:
            allowed = [o["value"] for o in select.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise LoopbackError(f"select {key!r} has no option(s) {bad}; options: {allowed}")
            data["values"] = list(values)
        else:
            resolved = Resolved()
            for value in values:
                if isinstance(value, FakeRole):
                    resolved.add_role(value)
                elif isinstance(value, FakeChannel):
                    resolved.add_channel(value, mem.permissions_in(value) if mem else 0)
                else:
                    target = value if isinstance(value, FakeMember) else None
                    resolved.add_user(value.user if target else value, target)
            data["values"] = [str(v.id) for v in values]
            data["resolved"] = resolved.data
        state = self._interaction_payload(COMPONENT, data, (guild, channel, mem, user), current)
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)

    async def submit_modal(
        self,
        reply: Reply,
        values: dict[str, Any],
        *,
        member: FakeMember | FakeUser | None = None,
    ) -> Reply:
        """Fill ``reply.modal``'s inputs (by custom_id or label) and submit it."""
        modal = reply.modal
        if modal is None:
            raise LoopbackError("that reply is not a modal")
        origin = reply.interaction
        actor = member or origin.member or origin.user
        guild, channel, mem, user = self._where(origin.channel if origin.guild else None, actor)
        data = modal_submission(modal, values)
        source = self.world.message(origin.source_message_id or 0)
        message = copy.deepcopy(source.payload) if source is not None else None
        state = self._interaction_payload(MODAL_SUBMIT, data, (guild, channel, mem, user), message)
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)
