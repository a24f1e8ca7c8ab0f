"""The gateway: HELLO/IDENTIFY/READY/RESUME over a websocket, one session per shard.

Frames are JSON TEXT frames; discord.py only decompresses BINARY frames, so the
``compress`` query parameter is accepted and ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .fake import FakeDiscord
    from .model import FakeGuild

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

GUILDS, GUILD_MEMBERS, GUILD_MESSAGES, DIRECT_MESSAGES = 1 << 0, 1 << 1, 1 << 9, 1 << 12
GUILD_PRESENCES, MESSAGE_CONTENT, GUILD_SCHEDULED_EVENTS = 1 << 8, 1 << 15, 1 << 16

#: The privileged intents, by the names the Developer Portal's switches go by.
PRIVILEGED_INTENTS: dict[str, int] = {
    "presences": GUILD_PRESENCES,
    "members": GUILD_MEMBERS,
    "message_content": MESSAGE_CONTENT,
}
#: Every intent bit Discord defines; others get close code 4013.
KNOWN_INTENTS = discord.Intents.all().value


class Connection:
    """One websocket; a writer task sends queued frames in order, each ``latency`` seconds
    after it was emitted (the network between Discord and the bot)."""

    def __init__(
        self,
        ws: web.WebSocketResponse,
        request: web.Request,
        *,
        latency: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.ws = ws
        self.request = request
        self.latency = latency
        self._loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[tuple[float, str] | None] = asyncio.Queue()
        self.writer = asyncio.create_task(self._write(), name="loopback-gateway-writer")

    async def _write(self) -> None:
        while (item := await self.queue.get()) is not None:
            due, frame = item
            try:
                if (wait := due - self._loop.time()) > 0:
                    await asyncio.sleep(wait)
                await self.ws.send_str(frame)
            except (ConnectionError, RuntimeError):  # peer went away; the reader notices
                pass
            finally:
                self.queue.task_done()
        self.queue.task_done()

    def send(self, payload: dict[str, Any]) -> None:
        self.queue.put_nowait((self._loop.time() + self.latency(), json.dumps(payload)))

    async def drain(self) -> None:
        await self.queue.join()

    async def stop(self) -> None:
        self.queue.put_nowait(None)
        with contextlib.suppress(asyncio.CancelledError):
            await self.writer


@dataclass(eq=False)
class Session:
    """A gateway session: survives socket drops, replays missed events on RESUME."""

    session_id: str
    shard: tuple[int, int]
    intents: int
    identify: dict[str, Any]
    seq: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    live: asyncio.Event = field(default_factory=asyncio.Event)  # READY/RESUMED sent

    def has_intent(self, intent: int) -> bool:
        return bool(self.intents & intent)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Number and buffer the event; send it at once if a socket is attached."""
        self.seq += 1
        frame = {"op": DISPATCH, "s": self.seq, "t": event, "d": data}
        self.backlog.append(frame)
        if self.connection is not None:
            self.connection.send(frame)

    def detach(self) -> Connection | None:
        conn, self.connection = self.connection, None
        self.live.clear()
        return conn


class Gateway:
    """Accepts websocket clients and keeps their sessions."""

    def __init__(self, fake: FakeDiscord, *, heartbeat_interval_ms: int = 41_250) -> None:
        self.fake = fake
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []  # every client frame except heartbeats
        self.connections: set[Connection] = set()
        self.changed = asyncio.Event()

    # -- sessions

    def shard_sessions(self) -> dict[int, Session]:
        """The current session of each shard (the newest one wins)."""
        current: dict[int, Session] = {}
        for session in self.sessions.values():
            current[session.shard[0]] = session
        return current

    def session_for_guild(self, guild_id: int | None) -> Session | None:
        shards = self.shard_sessions()
        if not shards:
            return None
        count = next(iter(shards.values())).shard[1]
        shard_id = 0 if guild_id is None else (guild_id >> 22) % count
        return shards.get(shard_id)

    def _notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    # -- websocket handler

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, request, latency=lambda: self.fake.gateway_latency)
        self.connections.add(conn)
        conn.send(
            {
                "op": HELLO,
                "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                "s": None,
                "t": None,
            }
        )
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    if msg.type is WSMsgType.BINARY:
                        self.fake.world.violate(
                            "gateway", "client sent a BINARY frame (expected JSON text)"
                        )
                    continue
                frame = json.loads(msg.data)
                session = await self._on_frame(conn, session, frame)
        finally:
            if session is not None and session.connection is conn:
                session.detach()
            self.connections.discard(conn)
            await conn.stop()
            self._notify()
        return ws

    async def _on_frame(
        self, conn: Connection, session: Session | None, frame: dict[str, Any]
    ) -> Session | None:
        op = frame.get("op")
        data: dict[str, Any] = frame.get("d") or {}  # a frame without "d" has nothing to read
        if op == HEARTBEAT:
            conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            return session
        self.received.append(frame)
        if op == IDENTIFY:
            return await self._identify(conn, data)
        if op == RESUME:
            return await self._resume(conn, data)
        if op == REQUEST_MEMBERS and session is not None:
            self._members_chunk(session, data)
        elif op in (PRESENCE, VOICE_STATE):
            pass
        elif op != REQUEST_MEMBERS:
            self.fake.world.violate("gateway", f"unknown or unexpected op {op}")
        return session

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        self.identifies.append(data)
        if data.get("token") != self.fake.token:
            self.fake.world.violate("gateway", "IDENTIFY with a wrong token")
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        if shard_count != self.fake.shard_count:
            await conn.ws.close(code=4011, message=b"Sharding required.")
            return None
        intents = int(data.get("intents", 0))
        if intents & ~KNOWN_INTENTS:
            await self._close(conn, 4013, "Invalid intent(s).")
            return None
        if intents & self.fake.disallowed_intents:
            await self._close(conn, 4014, "Disallowed intent(s).")
            return None
        for old in [s for s in self.sessions.values() if s.shard[0] == shard_id]:
            del self.sessions[old.session_id]  # a new IDENTIFY replaces the shard's session
        session = Session(
            session_id=secrets.token_hex(16),
            shard=(shard_id, shard_count),
            intents=int(data.get("intents", 0)),
            identify=data,
        )
        self.sessions[session.session_id] = session
        session.connection = conn
        fake = self.fake
        guilds = [g for g in fake.world.guilds.values() if (g.id >> 22) % shard_count == shard_id]
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": fake.bot_user.payload(),
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": fake.ws_url,
                "application": {"id": str(fake.application_id), "flags": 0},
                "shard": [shard_id, shard_count],
                "private_channels": [],
                "relationships": [],
                "user_settings": {},
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "guild_join_requests": [],
                "_trace": ["loopback"],
            },
        )
        for guild in guilds:
            session.dispatch("GUILD_CREATE", self.guild_create(guild, session))
        session.live.set()
        self._notify()
        return session

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        """Close after the frames already queued (HELLO) went out, as Discord's close
        frame travels the same network."""
        await conn.drain()
        if (latency := conn.latency()) > 0:
            await asyncio.sleep(latency)
        await conn.ws.close(code=code, message=reason.encode())

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        self.resumes.append(data)
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.fake.token:
            conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return None
        old = session.detach()
        if old is not None and old is not conn:
            await old.ws.close(code=4000)
        session.connection = conn
        last_seen = int(data.get("seq") or 0)
        for frame in session.backlog:
            if frame["s"] > last_seen:
                conn.send(frame)
        session.dispatch("RESUMED", {"_trace": ["loopback"]})
        session.live.set()
        self._notify()
        return session

    def _members_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.fake.world.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        members = guild.members
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.id in wanted]
        else:
            query = str(data.get("query") or "").lower()
            members = [m for m in members if m.name.lower().startswith(query)]
            if data.get("limit"):
                members = members[: int(data["limit"])]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("presences"):
            chunk["presences"] = []
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- test controls

    def guild_create(self, guild: FakeGuild, session: Session) -> dict[str, Any]:
        """GUILD_CREATE for ``guild`` as ``session`` sees it. The member list follows
        GUILD_PRESENCES, not GUILD_MEMBERS (events/gateway-events.mdx, Guild Create):
        without it only the bot itself (and voice users) is sent."""
        return guild.create_payload(
            include_all_members=session.has_intent(GUILD_PRESENCES),
            bot_member=self.fake.world.bot_member(guild),
        )

    async def wait_live(self, timeout: float) -> None:
        """Wait until every shard has an attached, READY/RESUMED session and its frames left."""
        async with asyncio.timeout(timeout):
            while True:
                shards = self.shard_sessions()
                if len(shards) == self.fake.shard_count and all(
                    s.live.is_set() and s.connection is not None for s in shards.values()
                ):
                    for s in shards.values():
                        assert s.connection is not None
                        await s.connection.drain()
                    return
                await self.changed.wait()

    def _session(self, shard_id: int) -> Session:
        session = self.shard_sessions().get(shard_id)
        if session is None or session.connection is None:
            raise RuntimeError(f"shard {shard_id} is not connected")
        return session

    async def drop(self, shard_id: int = 0) -> None:
        """Cut the TCP connection with no close frame, like a network failure."""
        conn = self._session(shard_id).detach()
        assert conn is not None
        transport = conn.request.transport
        if transport is not None:
            transport.abort()
        self._notify()

    async def send_op(self, shard_id: int, op: int, d: Any, *, invalidate: bool = False) -> None:
        """Send a control op (7 or 9) and detach, so waiters see the reconnect."""
        session = self._session(shard_id)
        conn = session.detach()
        assert conn is not None
        conn.send({"op": op, "d": d, "s": None, "t": None})
        await conn.drain()
        if invalidate:
            self.sessions.pop(session.session_id, None)
        self._notify()

    async def close_all(self) -> None:
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)
