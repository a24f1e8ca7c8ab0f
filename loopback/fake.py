"""FakeDiscord: the one object tests use to run a real discord.py bot against loopback.

This module is the server's life cycle: listening, pointing discord.py at it, running a
bot, gateway events, recording requests, injected failures and delays, time and waiting.
Discord's state is the `World` (`world.py`); what users do is the `Driver` (`driver.py`),
mixed in here so that tests call `fake.slash(...)`; REST (`rest.py`) and the gateway
(`gateway.py`) use the world and this object only through their public methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from .driver import Driver, NoResponse
from .gateway import (
    INVALID_SESSION,
    PRIVILEGED_INTENTS,
    RECONNECT,
    Gateway,
)
from .model import (
    DEFAULT_BOT_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from .records import RecordedRequest, Violation
from .world import World

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


@dataclass
class FailureRule:
    """A fail_next() rule: the next ``times`` matching requests get ``status``."""

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    retry_after: float
    body: dict[str, Any] | None


@dataclass
class DelayRule:
    """A delay_next() rule: the next ``times`` matching requests wait ``seconds`` first."""

    method: str
    pattern: re.Pattern[str]
    seconds: float
    times: int


class FakeDiscord(Driver):
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

        #: Guilds, channels, messages, commands, interactions and violations.
        self.world = World(
            self.clock,
            bot_name=bot_name,
            dispatch=self.dispatch,
            changed=self.notify_changed,
            base_url=lambda: self.base_url,
        )
        self.requests: list[RecordedRequest] = []
        self._failures: list[FailureRule] = []
        self._delays: list[DelayRule] = []
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
        self.port = self._runner.addresses[0][1]  # (host, port) of the one socket

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

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot_user(self) -> FakeUser:
        return self.world.bot_user

    @property
    def owner(self) -> FakeUser:
        return self.world.owner

    @property
    def users(self) -> dict[int, FakeUser]:
        return self.world.users

    @property
    def guilds(self) -> dict[int, FakeGuild]:
        return self.world.guilds

    @property
    def commands(self) -> dict[int | None, list[dict[str, Any]]]:
        """Synced commands per scope: None = global, else guild id."""
        return self.world.commands

    @property
    def violations(self) -> list[Violation]:
        return self.world.violations

    def snowflake(self, at: dt.datetime | None = None) -> int:
        """A fresh id; with ``at`` its timestamp is that moment (for ordering tests)."""
        return self.world.snowflake(at)

    def add_guild(self, name: str, *, owner: FakeUser | None = None) -> FakeGuild:
        """A guild with @everyone, #general and the bot as a member (with its own role)."""
        owner = owner or self.owner
        guild = FakeGuild(self.world, self.snowflake(), name, owner.id)
        bot_role = guild.add_role(self.bot_user.username, permissions=self.bot_permissions)
        bot_role.managed = True
        guild.add_member(self.bot_user.username, user=self.bot_user, roles=[bot_role])
        guild.add_member(owner.username, user=owner)
        self.world.guilds[guild.id] = guild
        session = self.gateway.session_for_guild(guild.id)
        if session is not None:
            session.dispatch("GUILD_CREATE", self.gateway.guild_create(guild, session))
        return guild

    def add_user(self, name: str) -> FakeUser:
        """A user in no guild (for DM interactions)."""
        return self.world.add_user(name)

    def dm_channel(self, user: FakeUser | FakeMember) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use, as Discord does)."""
        return self.world.dm_channel(user)

    def channel(self, channel_id: int) -> FakeChannel | None:
        return self.world.channel(channel_id)

    def bot_member(self, guild: FakeGuild) -> FakeMember:
        return self.world.bot_member(guild)

    def attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None
    ) -> dict[str, Any]:
        """An attachment payload served by the loopback (for attachment options)."""
        return self.world.attachment(filename, data, content_type=content_type)

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        entry = self.world.attachment_file(int(request.match_info["att_id"]))
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

    def take_violations(self, kind: str | None = None) -> list[Violation]:
        """Remove and return violations (of ``kind``) a test expected to provoke."""
        return self.world.take_violations(kind)

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
            FailureRule(method.upper(), re.compile(path_regex), status, times, retry_after, body)
        )

    def take_failure(self, method: str, path: str) -> FailureRule | None:
        """The fail_next() rule this request meets (used up by one), or None."""
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
        self._delays.append(DelayRule(method.upper(), re.compile(path_regex), seconds, times))

    def take_delay(self, method: str, path: str) -> float:
        """How long a delay_next() rule holds this request back (0.0: not at all)."""
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

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        """Around one REST request, from arrival until its answer is back at the bot; what
        :meth:`wait_idle` waits out."""
        self._in_flight += 1
        try:
            yield
        finally:
            self._in_flight -= 1
            self._answered_at = self.now()
            self.notify_changed()

    def notify_changed(self) -> None:
        """Wake every driver call waiting for the world (or the REST traffic) to change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
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
        ok = await self.wait_until(
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
                await self.wait_until(lambda: self._in_flight == 0, deadline - loop.time())
        raise NoResponse(f"the bot was still busy with REST requests after {timeout}s")
