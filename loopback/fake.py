"""FakeDiscord: the one object tests use to run a real discord.py bot against loopback."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import re
import secrets
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from .commands import (
    ATTACHMENT,
    CommandNotRegistered,
    LoopbackError,
    Resolved,
    convert_option,
    missing_options,
    nest,
    resolve_leaf,
    split_path,
)
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    INVALID_SESSION,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    RECONNECT,
    Gateway,
    Session,
)
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    COMPONENT,
    DEFERRED_UPDATE,
    MODAL_SUBMIT,
    InteractionState,
    Reply,
)
from .messages import EPHEMERAL, FakeMessage, StoredMessage
from .model import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)
from .records import RecordedRequest, UploadedFile, Violation
from .snowflake import SnowflakeGenerator, iso, snowflake_time

if TYPE_CHECKING:
    import pytest

__all__ = [
    "DEFAULT_GATEWAY_LATENCY",
    "DEFAULT_REST_LATENCY",
    "FakeDiscord",
    "NoResponse",
]

#: The network between Discord and a bot, by default: each gateway event reaches the bot
#: this long after Discord sent it, and each REST request takes this long there and back
#: (half before Discord handles it, half for the answer). Typical of a bot hosted in the
#: same region as Discord's API; tests tune them with ``gateway_latency``/``rest_latency``.
DEFAULT_GATEWAY_LATENCY = 0.02
DEFAULT_REST_LATENCY = 0.04
#: The per-file upload limit without boosts or Nitro (reference.mdx, Uploading Files).
DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


class NoResponse(LoopbackError, AssertionError):
    """The bot did not answer an interaction (in time) the way the test waited for."""


@dataclass
class _Failure:
    """A fail_next() rule: the next ``times`` matching requests get ``status``."""

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    retry_after: float
    body: dict[str, Any] | None


@dataclass
class _Delay:
    """A delay_next() rule: the next ``times`` matching requests wait ``seconds`` first."""

    method: str
    pattern: re.Pattern[str]
    seconds: float
    times: int


class FakeDiscord:
    """A loopback Discord (gateway + REST) on 127.0.0.1 for an unmodified discord.py client.

    Build the world (guilds, channels, members, roles), start it, point discord.py at it
    with :meth:`patched`, run the bot, then drive it as users would (:meth:`slash`,
    :meth:`say`, ``Reply.click`` ...). Anything Discord would refuse is answered the way
    Discord answers it *and* appended to :attr:`violations`.
    """

    def __init__(
        self,
        ack_deadline: float = 3.0,
        *,
        clock: Callable[[], dt.datetime],
        token: str = "loopback.bot.token",
        bot_name: str = "Parallax",
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        shard_count: int = 1,
        settle: float = 0.05,
        settle_max: float = 0.5,
        response_timeout: float = 5.0,
        ratelimit_headers: bool = True,
        heartbeat_interval_ms: int = 41_250,
        gateway_latency: float = DEFAULT_GATEWAY_LATENCY,
        rest_latency: float = DEFAULT_REST_LATENCY,
        privileged_intents: Iterable[str] = (),
        rate_limits: bool = True,
        attachment_size_limit: int = DEFAULT_ATTACHMENT_SIZE_LIMIT,
    ) -> None:
        self.ack_deadline = ack_deadline
        #: One-way delay of every gateway frame, Discord to bot (seconds).
        self.gateway_latency = gateway_latency
        #: Round trip of every REST request (seconds).
        self.rest_latency = rest_latency
        unknown = set(privileged_intents) - set(PRIVILEGED_INTENTS)
        if unknown:
            raise ValueError(
                f"unknown privileged intent(s) {sorted(unknown)}; "
                f"the Developer Portal has {sorted(PRIVILEGED_INTENTS)}"
            )
        #: The privileged intents switched on for the application in the Developer Portal;
        #: an IDENTIFY asking for any other is closed with 4014, as on Discord.
        self.privileged_intents = frozenset(privileged_intents)
        self.rate_limits = rate_limits
        self.attachment_size_limit = attachment_size_limit
        #: The date and time of the emulated world, given by the caller and shared with the
        #: bot under test so that the bot and "Discord" agree on what "now" is whatever the
        #: real date. The loopback has no clock of its own: it never reads the wall clock.
        self.clock = clock
        self.token = token
        self.shard_count = shard_count
        self.settle = settle
        self.settle_max = settle_max
        self.response_timeout = response_timeout
        self.ratelimit_headers = ratelimit_headers
        self.bot_permissions = bot_permissions

        self._snowflakes = SnowflakeGenerator(self.clock)
        self.application_id = self.snowflake()
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)
        self.owner = FakeUser(self.snowflake(), "owner")
        self.users: dict[int, FakeUser] = {u.id: u for u in (self.bot_user, self.owner)}
        self.guilds: dict[int, FakeGuild] = {}
        self._channel_index: dict[int, FakeChannel] = {}
        self._dm_channels: dict[int, FakeChannel] = {}
        self._messages: dict[int, StoredMessage] = {}
        self._attachments: dict[int, tuple[str, bytes, str | None]] = {}
        #: Synced commands per scope: None = global, else guild id.
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self._interactions: dict[str, InteractionState] = {}

        self.requests: list[RecordedRequest] = []
        self.violations: list[Violation] = []
        self._failures: list[_Failure] = []
        self._delays: list[_Delay] = []
        self._timers: list[asyncio.TimerHandle] = []
        self._clock_offset = 0.0
        self._changed = asyncio.Event()
        self._in_flight = 0  # REST requests being handled or whose answer is on its way
        self._answered_at = 0.0

        from .ratelimits import RateLimiter

        self.limiter = RateLimiter(self._limit_clock, lambda: self.utcnow().timestamp())
        self._limit_marks: tuple[float, dt.datetime] | None = None
        self._limit_jumps = 0.0
        self.gateway = Gateway(self, heartbeat_interval_ms=heartbeat_interval_ms)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        from .rest import RestApi

        app = web.Application(client_max_size=64 * 1024 * 1024)
        self.rest = RestApi(self)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/attachments/{att_id}/{filename}", self._serve_attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.router.add_route("*", "/{tail:.*}", self.rest.handle_stray)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close every socket and the server (stop the bot first)."""
        for timer in self._timers:  # deadlines that had not passed yet
            timer.cancel()
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def http_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"{self.base_url}/api/v10"

    @property
    def ws_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be (as a yarl.URL)."""
        return f"ws://127.0.0.1:{self.port}/"

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        """Point discord.py at this loopback (the two documented knobs, nothing else)."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.http_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.ws_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    def patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The pytest flavour of :meth:`patched` (restored by monkeypatch at teardown)."""
        monkeypatch.setattr(discord.http.Route, "BASE", self.http_base)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.ws_url)
        )

    @contextlib.asynccontextmanager
    async def running(self, bot: discord.Client, *, timeout: float = 5.0) -> AsyncIterator[Any]:
        """Log ``bot`` in (setup_hook, sync), connect it, wait for on_ready; close at exit.

        A failing login or setup_hook (e.g. a sync rejected with 50035) propagates, and
        the bot is still closed.
        """
        task: asyncio.Task[None] | None = None
        ready: asyncio.Task[None] | None = None
        try:
            await bot.login(self.token)
            task = asyncio.create_task(bot.connect(reconnect=True), name="loopback-bot-connect")
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait(
                {task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if task in done:
                task.result()  # re-raise why the bot stopped
                raise NoResponse("bot.connect() returned before the bot became ready")
            if not done:
                raise NoResponse(f"bot not ready after {timeout}s")
            await self.wait_until_connected(timeout=timeout)
            yield bot
        finally:
            if ready is not None:
                ready.cancel()
            await bot.close()
            if task is not None:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(task, timeout)

    # ------------------------------------------------------------------ world

    def snowflake(self, at: dt.datetime | None = None) -> int:
        """A fresh id; with ``at`` its timestamp is that moment (for ordering tests)."""
        return self._snowflakes.next(at)

    def add_guild(self, name: str, *, owner: FakeUser | None = None) -> FakeGuild:
        """A guild with @everyone, #general and the bot as a member (with its own role)."""
        owner = owner or self.owner
        guild = FakeGuild(self, self.snowflake(), name, owner.id)
        bot_role = guild.add_role(self.bot_user.username, permissions=self.bot_permissions)
        bot_role.managed = True
        guild.add_member(self.bot_user.username, user=self.bot_user, roles=[bot_role])
        guild.add_member(owner.username, user=owner)
        self.guilds[guild.id] = guild
        session = self.gateway.session_for_guild(guild.id)
        if session is not None:
            session.dispatch("GUILD_CREATE", self._guild_create(guild, session))
        return guild

    def add_user(self, name: str) -> FakeUser:
        """A user in no guild (for DM interactions)."""
        user = FakeUser(self.snowflake(), name)
        self.users[user.id] = user
        return user

    def dm_channel(self, user: FakeUser | FakeMember) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use, as Discord does)."""
        user = user.user if isinstance(user, FakeMember) else user
        if user.id not in self._dm_channels:
            channel = FakeChannel(self.snowflake(), user.username, type=1, recipient=user)
            self._dm_channels[user.id] = channel
            self._channel_index[channel.id] = channel
        return self._dm_channels[user.id]

    def channel(self, channel_id: int) -> FakeChannel | None:
        return self._channel_index.get(channel_id)

    def bot_member(self, guild: FakeGuild) -> FakeMember:
        member = guild.get_member(self.bot_user.id)
        assert member is not None
        return member

    def attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None
    ) -> dict[str, Any]:
        """An attachment payload served by the loopback (for attachment options)."""
        att_id = self.snowflake()
        self._attachments[att_id] = (filename, data, content_type)
        url = f"{self.base_url}/attachments/{att_id}/{filename}"
        return {
            "id": str(att_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        entry = self._attachments.get(int(request.match_info["att_id"]))
        if entry is None:
            return web.Response(status=404)
        _, data, content_type = entry
        return web.Response(body=data, content_type=content_type or "application/octet-stream")

    # ------------------------------------------------------------------ gateway events

    @property
    def disallowed_intents(self) -> int:
        """The privileged intent bits not switched on in the Developer Portal."""
        allowed = {PRIVILEGED_INTENTS[name] for name in self.privileged_intents}
        return sum(bit for bit in PRIVILEGED_INTENTS.values() if bit not in allowed)

    def _guild_create(self, guild: FakeGuild, session: Session) -> dict[str, Any]:
        # The member list follows GUILD_PRESENCES, not GUILD_MEMBERS (events/gateway-events
        # .mdx, Guild Create): without it only the bot itself (and voice users) is sent.
        return guild.create_payload(
            include_all_members=session.has_intent(GUILD_PRESENCES),
            bot_member=self.bot_member(guild),
        )

    def _world_event(
        self, guild: FakeGuild, event: str, data: dict[str, Any], *, intent: int
    ) -> None:
        if guild.id in self.guilds:
            self.dispatch(event, data, guild_id=guild.id, intent=intent)

    def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None = None,
        intent: int | None = None,
    ) -> bool:
        """Send a raw DISPATCH event to the shard owning ``guild_id`` (buffered if offline).

        Returns False when nothing was sent because the bot lacks ``intent``.
        """
        session = self.gateway.session_for_guild(guild_id)
        if session is None or (intent is not None and not session.has_intent(intent)):
            return False
        session.dispatch(event, data)
        return True

    async def flush(self) -> None:
        """Wait until every queued gateway frame has been written to the socket."""
        for session in self.gateway.shard_sessions().values():
            if session.connection is not None:
                await session.connection.drain()

    async def wait_until_connected(self, timeout: float = 5.0) -> None:
        """Until every shard has a live session (after READY or RESUMED) and frames sent."""
        await self.gateway.wait_live(timeout)

    @property
    def identifies(self) -> list[dict[str, Any]]:
        """Every IDENTIFY payload received, in order."""
        return self.gateway.identifies

    @property
    def resumes(self) -> list[dict[str, Any]]:
        """Every RESUME payload received, in order."""
        return self.gateway.resumes

    async def drop_socket(self, shard_id: int = 0) -> None:
        """Kill the TCP connection (no close frame); discord.py should RESUME."""
        await self.gateway.drop(shard_id)

    async def send_reconnect(self, shard_id: int = 0) -> None:
        """Send op 7 RECONNECT; discord.py should reconnect and RESUME."""
        await self.gateway.send_op(shard_id, RECONNECT, None)

    async def send_invalid_session(self, *, resumable: bool = False, shard_id: int = 0) -> None:
        """Send op 9; with ``resumable=False`` the session is gone and the bot must IDENTIFY."""
        await self.gateway.send_op(shard_id, INVALID_SESSION, resumable, invalidate=not resumable)

    # ------------------------------------------------------------------ recording

    def _violate(self, kind: str, detail: str, req: RecordedRequest | None = None) -> None:
        self.violations.append(
            Violation(kind, detail, req.method if req else None, req.path if req else None)
        )

    def take_violations(self, kind: str | None = None) -> list[Violation]:
        """Remove and return violations (of ``kind``) a test expected to provoke."""
        taken = [v for v in self.violations if kind is None or v.kind == kind]
        self.violations = [v for v in self.violations if v not in taken]
        return taken

    def pinging_requests(self, *, content_aware: bool = False) -> list[RecordedRequest]:
        """Message writes whose allowed_mentions would let Discord ping someone."""
        return [
            r
            for r in self.requests
            if r.status is not None
            and r.status < 300
            and r.allows_ping(content_aware=content_aware)
        ]

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        """Recorded requests whose path fully matches ``path_regex``."""
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    def fail_next(
        self,
        method: str,
        path_regex: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: float = 0.01,
        body: dict[str, Any] | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead of serving them.

        429s carry ``Via: 1.1 google`` and ``retry_after`` so discord.py sleeps and
        retries; 500/502/504 are retried by discord.py after 1 s, 2 s ...; other
        statuses surface as exceptions in the bot.
        """
        self._failures.append(
            _Failure(method.upper(), re.compile(path_regex), status, times, retry_after, body)
        )

    def _take_failure(self, method: str, path: str) -> _Failure | None:
        for failure in self._failures:
            if (
                failure.times > 0
                and failure.method in (method, "*")
                and failure.pattern.fullmatch(path)
            ):
                failure.times -= 1
                return failure
        return None

    def delay_next(self, method: str, path_regex: str, *, seconds: float, times: int = 1) -> None:
        """Make the next ``times`` matching requests wait ``seconds`` before being served.

        A slow REST API: the request is recorded on arrival and answered (or failed, if a
        :meth:`fail_next` rule also matches) only after the wait. Interaction deadlines keep
        running meanwhile, so a slow callback can become a ``late_ack``.
        """
        self._delays.append(_Delay(method.upper(), re.compile(path_regex), seconds, times))

    def _take_delay(self, method: str, path: str) -> float:
        for delay in self._delays:
            if delay.times > 0 and delay.method in (method, "*") and delay.pattern.fullmatch(path):
                delay.times -= 1
                return delay.seconds
        return 0.0

    def _limit_clock(self) -> float:
        """The time rate-limit windows are measured in: event-loop time, plus every jump a
        test gives the shared world clock (ManualClock.advance), so that a test which
        advances an hour between two posts does not meet a bucket that only real waiting
        would empty."""
        loop_now = asyncio.get_running_loop().time() + self._clock_offset
        world_now = self.clock()
        if self._limit_marks is not None:
            last_loop, last_world = self._limit_marks
            world_step = (world_now - last_world).total_seconds()
            self._limit_jumps += max(0.0, world_step - (loop_now - last_loop))
        self._limit_marks = (loop_now, world_now)
        return loop_now + self._limit_jumps

    def now(self) -> float:
        """Elapsed time for deadlines and token lifetimes (event-loop time plus
        :meth:`advance_time`); the world's date is :meth:`utcnow`."""
        return asyncio.get_running_loop().time() + self._clock_offset

    def utcnow(self) -> dt.datetime:
        """The emulated world's date and time (timestamps, scheduled events, snowflakes)."""
        return self.clock()

    def advance_time(self, seconds: float) -> None:
        """Pretend ``seconds`` passed (e.g. 901 to expire interaction tokens).

        Moves the shared clock too when it can be moved (a test's ``ManualClock``).
        """
        self._clock_offset += seconds
        advance = getattr(self.clock, "advance", None)
        if advance is not None:
            advance(seconds=seconds)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``predicate()`` holds; False on timeout."""
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    await self._changed.wait()
        except TimeoutError:
            return predicate()
        return True

    async def wait_for_request(
        self, method: str, path_regex: str, *, count: int = 1, timeout: float = 2.0
    ) -> RecordedRequest:
        """Wait until ``count`` matching requests have been answered; returns the last."""
        ok = await self._wait(
            lambda: len([r for r in self.requests_to(method, path_regex) if r.status]) >= count,
            timeout,
        )
        if not ok:
            raise NoResponse(f"no {method} {path_regex} within {timeout}s")
        return [r for r in self.requests_to(method, path_regex) if r.status][count - 1]

    async def wait_idle(self, *, quiet: float = 0.02, timeout: float = 10.0) -> None:
        """Until no REST request is in flight and the last answer reached the bot at least
        ``quiet`` seconds ago: what the bot does in the background (a trivia night's next
        post, an announcement) has finished its round trips."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self._in_flight == 0:
                since = self.now() - self._answered_at
                if since >= quiet:
                    return
                await asyncio.sleep(quiet - since)
            else:
                await self._wait(lambda: self._in_flight == 0, deadline - loop.time())
        raise NoResponse(f"the bot was still busy with REST requests after {timeout}s")

    # ------------------------------------------------------------------ messages

    def message(self, message_id: int) -> FakeMessage | None:
        """A snapshot of any message the loopback holds (None if deleted/unknown)."""
        stored = self._messages.get(message_id)
        return FakeMessage.of(stored) if stored and not stored.deleted else None

    def channel_messages(
        self, channel: FakeChannel, *, from_bot: bool = True, include_ephemeral: bool = False
    ) -> list[FakeMessage]:
        """Messages in ``channel`` oldest first: by default only what the bot posted there."""
        return [
            FakeMessage.of(m)
            for m in sorted(self._messages.values(), key=lambda m: m.id)
            if m.channel_id == channel.id
            and not m.deleted
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

        if not await self._wait(lambda: find() is not None, timeout):
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
        stored = self._create_message(
            channel,
            user,
            body,
            [],
            message_id=message_id or self.snowflake(at),
            by_bot=False,
            announce=False,
        )
        session = self.gateway.session_for_guild(channel.guild.id if channel.guild else None)
        if session is not None:
            need = GUILD_MESSAGES if channel.guild else DIRECT_MESSAGES
            if session.has_intent(need):
                data = copy.deepcopy(stored.payload)
                mentioned = str(self.bot_user.id) in [u["id"] for u in data["mentions"]]
                if not (session.has_intent(MESSAGE_CONTENT) or mentioned or channel.guild is None):
                    data.update(content="", embeds=[], attachments=[], components=[])
                session.dispatch("MESSAGE_CREATE", data)
        await self.flush()
        return stored.id

    def _rest_payload(self, stored: StoredMessage) -> dict[str, Any]:
        """A message as REST returns it: user content is blanked unless the application is
        approved for message content in the Developer Portal. The intents sent in IDENTIFY
        play no part (events/gateway.mdx, HTTP Restrictions and Message Content Intent)."""
        data = copy.deepcopy(stored.payload)
        if "message_content" in self.privileged_intents or stored.by_bot:
            return data
        mentioned = str(self.bot_user.id) in [u["id"] for u in data.get("mentions", [])]
        if "guild_id" in data and not mentioned:
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

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

    def _create_message(
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
        self._notify()
        return stored

    def _edit_message(
        self, stored: StoredMessage, body: dict[str, Any], files: list[UploadedFile]
    ) -> StoredMessage:
        """Apply a PATCH the way Discord merges it (present keys replace, null clears)."""
        payload = stored.payload
        channel = self._channel_index[stored.channel_id]
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
        self._notify()
        return stored

    def _delete_message(self, stored: StoredMessage) -> None:
        stored.deleted = True
        if not stored.ephemeral:
            channel = self._channel_index[stored.channel_id]
            data = {"id": str(stored.id), "channel_id": str(channel.id)}
            if channel.guild is not None:
                data["guild_id"] = str(channel.guild.id)
            self._announce_raw("MESSAGE_DELETE", data, channel)
        self._notify()

    def _announce(self, event: str, stored: StoredMessage) -> None:
        self._announce_raw(
            event, copy.deepcopy(stored.payload), self._channel_index[stored.channel_id]
        )

    def _announce_raw(self, event: str, data: dict[str, Any], channel: FakeChannel) -> None:
        guild_id = channel.guild.id if channel.guild else None
        self.dispatch(
            event, data, guild_id=guild_id, intent=GUILD_MESSAGES if guild_id else DIRECT_MESSAGES
        )

    # ------------------------------------------------------------------ interactions

    def _where(
        self, where: FakeGuild | FakeChannel | None, actor: FakeMember | FakeUser
    ) -> tuple[FakeGuild | None, FakeChannel, FakeMember | None, FakeUser]:
        if isinstance(where, FakeGuild):
            where = where.general
        if where is None or where.type == 1:
            user = actor.user if isinstance(actor, FakeMember) else actor
            return None, where or self.dm_channel(user), None, user
        guild = where.guild
        assert guild is not None
        member = actor if isinstance(actor, FakeMember) else guild.get_member(actor.id)
        if member is None or member.guild is not guild:
            raise LoopbackError(f"{actor} is not a member of {guild.name}")
        return guild, where, member, member.user

    def _interaction_payload(
        self,
        itype: int,
        data: dict[str, Any],
        guild: FakeGuild | None,
        channel: FakeChannel,
        member: FakeMember | None,
        user: FakeUser,
        message: dict[str, Any] | None,
    ) -> InteractionState:
        iid = self.snowflake()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": user.locale,
            "entitlements": [],
            "attachment_size_limit": self.attachment_size_limit,
            # The app's and the member's permissions *in this channel*, overwrites applied
            # (interactions/receiving-and-responding.mdx, Interaction Structure).
            "app_permissions": str(
                self.bot_member(guild).permissions_in(channel) if guild else self.bot_permissions
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
            dispatched_at=self.now(),
            source_message_id=int(message["id"]) if message else None,
        )
        state.last_activity = state.dispatched_at
        return state

    async def _dispatch_interaction(self, state: InteractionState) -> None:
        self._interactions[state.token] = state
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
            self._violate(
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

        await self._wait(answered, self.ack_deadline + 0.25)
        if state.rejections and state.response_type is None:  # allow one corrected retry
            await self._wait(lambda: state.response_type is not None, self.settle_max)
        if state.response_type is None:
            why = "; ".join(state.rejections) or "late or missing"
            raise NoResponse(
                f"no valid initial response to {self._describe(state)} within "
                f"{self.ack_deadline}s ({why})"
            )
        if not await self._wait(lambda: state.resolved, self.response_timeout):
            raise NoResponse(
                f"{self._describe(state)} was deferred with 'thinking' but never edited or "
                f"followed up within {self.response_timeout}s"
            )
        if state.response_type == DEFERRED_UPDATE:  # a silent ack is fine; give edits a moment
            await self._wait(lambda: state.completed, self.settle_max)
        # Quiet is counted from when the bot got the last answer back (half a round trip
        # after Discord handled the request), so that what it does next is waited for.
        back = self.rest_latency / 2
        deadline = self.now() + self.settle_max + back
        while self.now() < deadline:
            quiet_for = self.now() - state.last_activity - back
            if quiet_for >= self.settle:
                break
            await asyncio.sleep(self.settle - quiet_for)
        return Reply(self, state)

    def _find_command(
        self, guild: FakeGuild | None, name: str, ctype: int
    ) -> tuple[dict[str, Any], int | None]:
        scopes: list[int | None] = [guild.id, None] if guild is not None else [None]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == ctype:
                    return cmd, scope
        known = sorted(c["name"] for s in scopes for c in self.commands.get(s, []))
        raise CommandNotRegistered(
            f"command {name!r} (type {ctype}) was not synced; synced: {known}"
        )

    def _check_usable(
        self, cmd: dict[str, Any], guild: FakeGuild | None, member: FakeMember | None, bypass: bool
    ) -> None:
        contexts = cmd.get("contexts")
        context = 0 if guild is not None else 1
        if contexts is not None and context not in contexts:
            raise CommandNotRegistered(f"/{cmd['name']} is not available in context {context}")
        if guild is None and contexts is None and cmd.get("dm_permission") is False:
            raise CommandNotRegistered(f"/{cmd['name']} is not available in DMs")
        required = cmd.get("default_member_permissions")
        if guild is not None and member is not None and required is not None and not bypass:
            needed, has = int(required), member.permissions
            admin_only = needed == 0 and has != ALL_PERMISSIONS  # "0" means admins only
            if has & needed != needed or admin_only:
                raise CommandNotRegistered(
                    f"/{cmd['name']} needs permissions {needed}; {member.name} has {has} "
                    "(Discord hides it; ignore_default_permissions=True simulates an override)"
                )

    def _build_command_data(
        self,
        guild: FakeGuild | None,
        member: FakeMember | None,
        channel: FakeChannel,
        name: str,
        options: dict[str, Any],
        *,
        focused: str | None = None,
        bypass: bool = False,
    ) -> dict[str, Any]:
        parts = split_path(name)
        cmd, scope = self._find_command(guild, parts[0], 1)
        self._check_usable(cmd, guild, member, bypass)
        leaf_schema, nesting = resolve_leaf(cmd, parts)
        by_name = {o["name"]: o for o in leaf_schema}
        unknown = set(options) - set(by_name)
        if unknown:
            raise CommandNotRegistered(
                f"/{name} has no option(s) {sorted(unknown)}; registered: {sorted(by_name)}"
            )
        if focused is None:
            missing = [o for o in leaf_schema if o.get("required") and o["name"] not in options]
            if missing:
                raise missing_options(" ".join(parts), missing)
        resolved = Resolved()
        leaf: list[dict[str, Any]] = []
        for schema in leaf_schema:  # Discord sends options in schema order
            if schema["name"] not in options:
                continue
            value = options[schema["name"]]
            if schema["name"] == focused:
                if not schema.get("autocomplete"):
                    raise CommandNotRegistered(f"option {focused!r} of /{name} has no autocomplete")
                # The partial input, as typed: Discord sends a string whatever the option's
                # type ("", "-", "12a" for an integer option).
                typed = value if isinstance(value, str) else str(value)
                leaf.append(
                    {"name": focused, "type": schema["type"], "value": typed, "focused": True}
                )
                continue
            attachment = None
            if schema["type"] == ATTACHMENT:
                attachment = value if isinstance(value, dict) else self.attachment(*value)
            wire = convert_option(
                schema,
                value,
                guild=guild,
                users=self.users,
                resolved=resolved,
                attachment=attachment,
                channel_permissions=member.permissions_in if member else None,
            )
            leaf.append({"name": schema["name"], "type": schema["type"], "value": wire})
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1}
        if nesting or leaf:
            data["options"] = nest(nesting, leaf)
        if resolved.data:
            data["resolved"] = resolved.data
        if scope is not None:
            data["guild_id"] = str(scope)
        return data

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
        data = self._build_command_data(
            guild, mem, channel, name, options, bypass=ignore_default_permissions
        )
        state = self._interaction_payload(
            APPLICATION_COMMAND, data, guild, channel, mem, user, None
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
        data = self._build_command_data(
            guild, mem, channel, name, {**options, focused: value}, focused=focused, bypass=True
        )
        state = self._interaction_payload(AUTOCOMPLETE, data, guild, channel, mem, user, None)
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
        cmd, scope = self._find_command(guild, name, ctype)
        self._check_usable(cmd, guild, mem, False)
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
            APPLICATION_COMMAND, data, guild, channel, mem, user, None
        )
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)

    def _component_context(
        self, message: FakeMessage, actor: FakeMember | FakeUser
    ) -> tuple[FakeGuild | None, FakeChannel, FakeMember | None, FakeUser, dict[str, Any]]:
        stored = self._messages.get(message.id)
        if stored is None or stored.deleted:
            raise LoopbackError(f"message {message.id} no longer exists")
        channel = self._channel_index[stored.channel_id]
        guild, channel, mem, user = self._where(channel, actor)
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
        state = self._interaction_payload(COMPONENT, data, guild, channel, mem, user, current)
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
        state = self._interaction_payload(COMPONENT, data, guild, channel, mem, user, current)
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
                    raise LoopbackError(
                        f"modal input {keys}: length {len(text)} not in [{lo}, {hi}]"
                    )
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
        data = {"custom_id": modal["custom_id"], "components": rows}
        message = None
        if origin.source_message_id and origin.source_message_id in self._messages:
            message = copy.deepcopy(self._messages[origin.source_message_id].payload)
        state = self._interaction_payload(MODAL_SUBMIT, data, guild, channel, mem, user, message)
        await self._dispatch_interaction(state)
        return await self._settled_reply(state)
