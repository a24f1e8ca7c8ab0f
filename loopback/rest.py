"""REST /api/v10: one dispatcher, a route table, and Discord-shaped answers and errors."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import web

from .gateway import GUILD_MEMBERS, GUILD_SCHEDULED_EVENTS, GUILDS
from .interactions import (
    ALLOWED_RESPONSES,
    AUTOCOMPLETE_RESULT,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MESSAGE,
    MODAL,
    TOKEN_LIFETIME,
    UPDATE_MESSAGE,
    InteractionState,
)
from .messages import EPHEMERAL, LOADING, StoredMessage
from .model import (
    ADD_REACTIONS,
    ALL_PERMISSIONS,
    ATTACH_FILES,
    CREATE_EVENTS,
    MANAGE_EVENTS,
    MANAGE_MESSAGES,
    MANAGE_NICKNAMES,
    MANAGE_ROLES,
    MODERATE_MEMBERS,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
)
from .ratelimits import GLOBAL_LIMIT, ROUTE_LIMITS, RateLimiter
from .records import RecordedRequest, UploadedFile
from .validation import (
    check_choice_types,
    check_choices,
    check_commands,
    check_message,
    check_modal,
    error_body,
)

if TYPE_CHECKING:
    from .fake import FailureRule, FakeDiscord


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """A Discord error answer; ``violation`` names the rule broken (None: not the bot's fault)."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        violation: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.violation = violation
        self.body = body or {"message": message, "code": code}


def invalid_form(errors: list[tuple[str, str]], kind: str = "validation") -> ApiError:
    body = error_body(errors)
    if any("code 50006" in msg for _, msg in errors):
        body = {"message": "Cannot send an empty message", "code": 50006}
    return ApiError(
        400, body["code"], "; ".join(f"{p}: {m}" for p, m in errors), violation=kind, body=body
    )


def permission_names(bits: int) -> str:
    """'Send Messages, Attach Files' for a permission bit set."""
    names = [name for name, on in discord.Permissions(bits) if on]
    return ", ".join(n.replace("_", " ").title() for n in names)


def missing_permissions(bits: int, where: str) -> ApiError:
    """Discord's 403 / 50013; the violation names what was missing and where."""
    return ApiError(
        403,
        50013,
        f"Missing Permissions: {permission_names(bits)} {where}",
        violation="missing_permissions",
        body={"message": "Missing Permissions", "code": 50013},
    )


def focused_option(data: dict[str, Any]) -> dict[str, Any] | None:
    """The option an autocomplete interaction is about (subcommands searched too)."""
    for option in data.get("options") or []:
        if option.get("focused"):
            return option
        if (inner := focused_option(option)) is not None:
            return inner
    return None


def not_found(what: str, code: int, *, violation: str | None = None) -> ApiError:
    """Discord's 404; not a violation by default (bots may legitimately probe for objects)."""
    return ApiError(404, code, f"Unknown {what}", violation=violation)


Handler = Callable[..., Awaitable[Answer]]
_ROUTES: list[tuple[str, re.Pattern[str], str, Handler]] = []
_SNOW = r"(?P<{}>\d+)"


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``template`` ({name} → a snowflake, {token} → any segment)."""
    regex = re.sub(r"\{(\w+)\}", lambda m: _SNOW.format(m.group(1)), template)
    regex = regex.replace(r"(?P<token>\d+)", r"(?P<token>[^/]+)")
    regex = regex.replace(r"(?P<emoji>\d+)", r"(?P<emoji>[^/]+)")
    regex = regex.replace(r"(?P<msg>\d+)", r"(?P<msg>\d+|@original)")

    def register(fn: Handler) -> Handler:
        _ROUTES.append((method, re.compile(regex), template, fn))
        return fn

    return register


def _json_response(status: int, body: Any, headers: dict[str, str]) -> web.Response:
    # Exactly "application/json": discord.py compares the header for equality.
    if status == 204 or body is None:
        return web.Response(status=204 if status < 300 else status, headers=headers)
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        headers={**headers, "Content-Type": "application/json"},
    )


class RestApi:
    """Serves the REST routes discord.py uses, recording every request."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    # ------------------------------------------------------------------ plumbing

    async def _read(self, request: web.Request, rec: RecordedRequest) -> None:
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    rec.json = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    data = await part.read()  # type: ignore[union-attr]
                    rec.files.append(
                        UploadedFile(
                            field=part.name or "",  # type: ignore[union-attr]
                            filename=part.filename or "",  # type: ignore[union-attr]
                            size=len(data),
                            content_type=part.headers.get("Content-Type"),
                            data=bytes(data),
                        )
                    )
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                try:
                    rec.json = json.loads(raw)
                except ValueError:
                    rec.json = raw.decode(errors="replace")

    def _ratelimit_headers(self, template: str) -> dict[str, str]:
        """Static headers for a fake built with ``rate_limits=False``: a bucket never empty."""
        if not self.fake.ratelimit_headers:
            return {}
        bucket = hashlib.md5(template.encode()).hexdigest()[:16]
        return {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": "49",
            "X-RateLimit-Reset": f"{self.fake.utcnow().timestamp() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
            "X-RateLimit-Bucket": bucket,
        }

    async def handle_stray(self, request: web.Request) -> web.Response:
        rec = RecordedRequest(request.method, request.path, dict(request.query), at=self.fake.now())
        rec.status = 404
        self.fake.requests.append(rec)
        self.fake.world.violate("unknown_route", f"request outside /api/v10: {request.path}", rec)
        return _json_response(404, {"message": "404: Not Found", "code": 0}, {})

    async def handle(self, request: web.Request) -> web.Response:
        fake = self.fake
        path = "/" + request.match_info["tail"]
        rec = RecordedRequest(request.method, path, dict(request.query), at=fake.now())
        with fake.in_flight(), self._pending(request.method, path):
            await self._read(request, rec)
            half_trip = fake.rest_latency / 2
            if half_trip > 0:  # the request travels to Discord...
                await asyncio.sleep(half_trip)
            rec.at = fake.now()
            fake.requests.append(rec)
            response = await self._answer(request, rec, path)
            if half_trip > 0:  # ...and the answer travels back
                await asyncio.sleep(half_trip)
            return response

    @contextlib.contextmanager
    def _pending(self, method: str, path: str) -> Iterator[None]:
        """Around a request made with an interaction's token, from its arrival until its
        answer is sent back: the interaction is not quiet meanwhile, and its quiet counts
        from that answer (see `Driver._settled_reply`)."""
        match = self._match(method, path)
        token = match[1].get("token") if match is not None else None
        state = self.fake.world.interaction(token) if token else None
        if state is None:
            yield
            return
        state.requests_pending += 1
        try:
            yield
        finally:
            state.requests_pending -= 1
            state.last_activity = self.fake.now()
            self.fake.notify_changed()

    async def _answer(self, request: web.Request, rec: RecordedRequest, path: str) -> web.Response:
        fake = self.fake
        headers: dict[str, str] = {}
        try:
            if delay := fake.take_delay(request.method, path):
                await asyncio.sleep(delay)
            match = self._match(request.method, path)
            failure = fake.take_failure(request.method, path)
            if failure is not None:
                rec.injected = True
                rec.status = failure.status
                return self._injected(failure, request.method, match)
            if match is None:
                raise ApiError(404, 0, "404: Not Found", violation="unknown_route")
            handler, params, template = match
            self._authorize(request, path)
            self._check_uploads(rec)
            if fake.rate_limits:
                verdict = fake.limiter.take(request.method, path, template, params)
                headers = verdict.headers if fake.ratelimit_headers or verdict.refused else {}
                if verdict.refused is not None:
                    rec.status = 429
                    return _json_response(429, verdict.refused, {"Via": "1.1 google", **headers})
            else:
                headers = self._ratelimit_headers(template)
            answer = await handler(self, rec, **params)
            rec.status = answer.status
            return _json_response(answer.status, answer.body, {**headers, **answer.headers})
        except ApiError as err:
            rec.status = err.status
            if err.violation:
                fake.world.violate(err.violation, err.message, rec)
            return _json_response(err.status, err.body, headers)
        finally:
            fake.notify_changed()

    def _check_uploads(self, rec: RecordedRequest) -> None:
        """Each file at most the upload limit, the request at most 25 MiB (reference.mdx,
        Uploading Files; resources/message.mdx, Create Message limitations)."""
        limit = self.fake.attachment_size_limit
        too_big = [f for f in rec.files if f.size > limit]
        total = sum(f.size for f in rec.files)
        if too_big or total > 25 * 1024 * 1024:
            what = ", ".join(f"{f.filename} ({f.size} bytes)" for f in too_big) or (
                f"{total} bytes in all"
            )
            raise ApiError(
                413,
                40005,
                f"Request entity too large: {what}; the limit is {limit} bytes a file",
                violation="too_large",
                body={
                    "message": "Request entity too large. Try sending something smaller in size",
                    "code": 40005,
                },
            )

    def _match(self, method: str, path: str) -> tuple[Handler, dict[str, str], str] | None:
        for m, regex, template, fn in _ROUTES:
            if m == method and (found := regex.fullmatch(path)):
                return fn, found.groupdict(), template
        return None

    def _authorize(self, request: web.Request, path: str) -> None:
        if path.startswith(("/interactions/", "/webhooks/")):
            return  # interaction tokens authenticate these, not the bot token
        if request.headers.get("Authorization") != f"Bot {self.fake.token}":
            raise ApiError(401, 0, "401: Unauthorized", violation="unauthorized")

    def _injected(
        self, failure: FailureRule, method: str, match: tuple[Handler, dict[str, str], str] | None
    ) -> web.Response:
        if failure.status == 429:
            body = failure.body or {
                "message": "You are being rate limited.",
                "retry_after": failure.retry_after,
                "global": False,
            }
            # As Discord answers a 429: the route's headers, its bucket empty until retry.
            headers = {
                "Via": "1.1 google",
                "Retry-After": str(max(1, math.ceil(failure.retry_after))),
                "X-RateLimit-Scope": "user",
            }
            if match is not None and self.fake.ratelimit_headers:
                limit = ROUTE_LIMITS.get((method, match[2]), GLOBAL_LIMIT)
                headers.update(
                    {
                        "X-RateLimit-Limit": str(limit.count),
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": (
                            f"{self.fake.utcnow().timestamp() + failure.retry_after:.3f}"
                        ),
                        "X-RateLimit-Reset-After": f"{failure.retry_after:.3f}",
                        "X-RateLimit-Bucket": RateLimiter.bucket_hash(limit, method, match[2]),
                    }
                )
            return _json_response(429, body, headers)
        body = failure.body or {"message": f"{failure.status}: injected failure", "code": 0}
        return _json_response(failure.status, body, {})

    # ------------------------------------------------------------------ lookups

    def _rest_payload(self, stored: StoredMessage) -> dict[str, Any]:
        """A message as REST returns it: user content is blanked unless the application is
        approved for message content in the Developer Portal. The intents sent in IDENTIFY
        play no part (events/gateway.mdx, HTTP Restrictions and Message Content Intent)."""
        data = copy.deepcopy(stored.payload)
        if "message_content" in self.fake.privileged_intents or stored.by_bot:
            return data
        mentioned = str(self.fake.world.bot_user.id) in [u["id"] for u in data.get("mentions", [])]
        if "guild_id" in data and not mentioned:
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

    def _guild(self, guild_id: str) -> FakeGuild:
        guild = self.fake.world.guilds.get(int(guild_id))
        if guild is None:
            raise not_found("Guild", 10004)
        return guild

    def _channel(self, channel_id: str) -> FakeChannel:
        channel = self.fake.world.channel(int(channel_id))
        if channel is None:
            raise not_found("Channel", 10003)
        return channel

    def _member(self, guild: FakeGuild, user_id: str) -> FakeMember:
        member = guild.get_member(int(user_id))
        if member is None:
            raise not_found("Member", 10007)
        return member

    def _message(self, channel: FakeChannel, message_id: str) -> StoredMessage:
        stored = self.fake.world.message(int(message_id))
        if stored is None or stored.deleted or stored.channel_id != channel.id:
            raise not_found("Message", 10008)
        if stored.ephemeral:
            raise not_found("Message", 10008, violation="ephemeral_via_channel")
        return stored

    # ------------------------------------------------------------------ permissions

    def _bot_permissions(self, channel: FakeChannel) -> int:
        if channel.guild is None:
            return ALL_PERMISSIONS  # DMs: nothing to check
        return self.fake.bot_member(channel.guild).permissions_in(channel)

    def _require(self, channel: FakeChannel, needed: int, action: str) -> int:
        """403 unless the bot has ``needed`` in ``channel`` (50001 when it cannot even see
        it); returns the bot's permissions there."""
        have = self._bot_permissions(channel)
        if not have & VIEW_CHANNEL:
            raise ApiError(
                403,
                50001,
                f"Missing Access: the bot cannot view #{channel.name} ({action})",
                violation="missing_access",
                body={"message": "Missing Access", "code": 50001},
            )
        if needed & ~have:
            raise missing_permissions(needed & ~have, f"in #{channel.name} ({action})")
        return have

    def _require_guild(self, guild: FakeGuild, needed: int, action: str) -> FakeMember:
        bot = self.fake.bot_member(guild)
        if needed & ~bot.permissions:
            raise missing_permissions(needed & ~bot.permissions, f"in {guild.name} ({action})")
        return bot

    def _body(self, rec: RecordedRequest) -> dict[str, Any]:
        return rec.json if isinstance(rec.json, dict) else {}

    def _check_message(
        self,
        body: dict[str, Any],
        rec: RecordedRequest,
        *,
        creating: bool,
        editing: StoredMessage | None = None,
    ) -> None:
        was_v2 = editing is not None and bool(int(editing.payload.get("flags") or 0) & (1 << 15))
        errors = check_message(body, creating=creating, has_files=bool(rec.files), was_v2=was_v2)
        am = body.get("allowed_mentions") or {}
        for kind in ("users", "roles"):
            if kind in (am.get("parse") or []) and am.get(kind):
                errors.append(("allowed_mentions", f"parse:[{kind}] conflicts with {kind}:[...]"))
        if errors:
            raise invalid_form(errors)

    # ------------------------------------------------------------------ login / gateway

    @route("GET", "/gateway")
    async def get_gateway(self, rec: RecordedRequest) -> Answer:
        return Answer(body={"url": self.fake.ws_url})

    @route("GET", "/gateway/bot")
    async def get_gateway_bot(self, rec: RecordedRequest) -> Answer:
        return Answer(
            body={
                "url": self.fake.ws_url,
                "shards": self.fake.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    @route("GET", "/users/@me")
    async def get_me(self, rec: RecordedRequest) -> Answer:
        return Answer(
            body={
                **self.fake.bot_user.payload(),
                "verified": True,
                "mfa_enabled": False,
                "flags": 0,
            }
        )

    @route("GET", "/users/{user_id}")
    async def get_user(self, rec: RecordedRequest, user_id: str) -> Answer:
        user = self.fake.world.users.get(int(user_id))
        if user is None:
            raise not_found("User", 10013)
        return Answer(body=user.payload())

    @route("POST", "/users/@me/channels")
    async def open_dm(self, rec: RecordedRequest) -> Answer:
        user = self.fake.world.users.get(int(self._body(rec).get("recipient_id", 0)))
        if user is None:
            raise not_found("User", 10013)
        return Answer(body=self.fake.dm_channel(user).payload())

    @route("GET", "/oauth2/applications/@me")
    async def get_application(self, rec: RecordedRequest) -> Answer:
        fake = self.fake
        return Answer(
            body={
                "id": str(fake.application_id),
                "name": fake.bot_user.username,
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": fake.owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "summary": "",
                "tags": [],
                "bot": fake.bot_user.payload(),
            }
        )

    @route("GET", "/applications/{app_id}/emojis")
    async def get_app_emojis(self, rec: RecordedRequest, app_id: str) -> Answer:
        return Answer(body={"items": []})

    # ------------------------------------------------------------------ application commands

    def _scope(self, app_id: str, guild_id: str | None) -> int | None:
        if int(app_id) != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access", violation="wrong_application")
        if guild_id is None:
            return None
        return self._guild(guild_id).id

    def _stored_command(
        self, scope: int | None, body: dict[str, Any], existing: list[dict[str, Any]]
    ) -> dict[str, Any]:
        ctype = body.get("type", 1)
        old = next(
            (c for c in existing if c["name"] == body.get("name") and c.get("type", 1) == ctype),
            None,
        )
        cmd = {
            "type": ctype,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **copy.deepcopy(body),
            "id": old["id"] if old else str(self.fake.snowflake()),
            "application_id": str(self.fake.application_id),
            "version": str(self.fake.snowflake()),
        }
        if scope is not None:
            cmd["guild_id"] = str(scope)
        return cmd

    async def _bulk(self, rec: RecordedRequest, scope: int | None) -> Answer:
        body = rec.json if isinstance(rec.json, list) else []
        errors = check_commands(body, global_scope=scope is None)
        if errors:
            raise invalid_form(errors, "command_sync")
        existing = self.fake.world.commands.get(scope, [])
        stored = [self._stored_command(scope, c, existing) for c in body]
        self.fake.world.commands[scope] = stored
        return Answer(body=copy.deepcopy(stored))

    async def _upsert(self, rec: RecordedRequest, scope: int | None) -> Answer:
        existing = self.fake.world.commands.get(scope, [])
        body = self._body(rec)
        others = [
            c
            for c in existing
            if not (c["name"] == body.get("name") and c.get("type", 1) == body.get("type", 1))
        ]
        errors = check_commands([*others, body], global_scope=scope is None)
        if errors:
            raise invalid_form(errors, "command_sync")
        cmd = self._stored_command(scope, body, existing)
        self.fake.world.commands[scope] = [*others, cmd]
        return Answer(201, copy.deepcopy(cmd))

    def _one(self, scope: int | None, command_id: str) -> dict[str, Any]:
        cmd = next(
            (c for c in self.fake.world.commands.get(scope, []) if c["id"] == command_id), None
        )
        if cmd is None:
            raise not_found("application command", 10063)
        return cmd

    @route("PUT", "/applications/{app_id}/commands")
    async def put_global(self, rec: RecordedRequest, app_id: str) -> Answer:
        return await self._bulk(rec, self._scope(app_id, None))

    @route("PUT", "/applications/{app_id}/guilds/{guild_id}/commands")
    async def put_guild(self, rec: RecordedRequest, app_id: str, guild_id: str) -> Answer:
        return await self._bulk(rec, self._scope(app_id, guild_id))

    @route("GET", "/applications/{app_id}/commands")
    async def get_global(self, rec: RecordedRequest, app_id: str) -> Answer:
        return Answer(
            body=copy.deepcopy(self.fake.world.commands.get(self._scope(app_id, None), []))
        )

    @route("GET", "/applications/{app_id}/guilds/{guild_id}/commands")
    async def get_guild_cmds(self, rec: RecordedRequest, app_id: str, guild_id: str) -> Answer:
        return Answer(
            body=copy.deepcopy(self.fake.world.commands.get(self._scope(app_id, guild_id), []))
        )

    @route("POST", "/applications/{app_id}/commands")
    async def post_global(self, rec: RecordedRequest, app_id: str) -> Answer:
        return await self._upsert(rec, self._scope(app_id, None))

    @route("POST", "/applications/{app_id}/guilds/{guild_id}/commands")
    async def post_guild(self, rec: RecordedRequest, app_id: str, guild_id: str) -> Answer:
        return await self._upsert(rec, self._scope(app_id, guild_id))

    @route("GET", "/applications/{app_id}/commands/{command_id}")
    async def get_global_one(self, rec: RecordedRequest, app_id: str, command_id: str) -> Answer:
        return Answer(body=copy.deepcopy(self._one(self._scope(app_id, None), command_id)))

    @route("GET", "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}")
    async def get_guild_one(
        self, rec: RecordedRequest, app_id: str, guild_id: str, command_id: str
    ) -> Answer:
        return Answer(body=copy.deepcopy(self._one(self._scope(app_id, guild_id), command_id)))

    async def _delete_cmd(self, scope: int | None, command_id: str) -> Answer:
        cmd = self._one(scope, command_id)
        self.fake.world.commands[scope] = [
            c for c in self.fake.world.commands[scope] if c is not cmd
        ]
        return Answer(204)

    @route("DELETE", "/applications/{app_id}/commands/{command_id}")
    async def delete_global(self, rec: RecordedRequest, app_id: str, command_id: str) -> Answer:
        return await self._delete_cmd(self._scope(app_id, None), command_id)

    @route("DELETE", "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}")
    async def delete_guild_cmd(
        self, rec: RecordedRequest, app_id: str, guild_id: str, command_id: str
    ) -> Answer:
        return await self._delete_cmd(self._scope(app_id, guild_id), command_id)

    @route("GET", "/applications/{app_id}/guilds/{guild_id}/commands/permissions")
    async def get_cmd_permissions(self, rec: RecordedRequest, app_id: str, guild_id: str) -> Answer:
        self._scope(app_id, guild_id)
        return Answer(body=[])

    # ------------------------------------------------------------------ interactions

    def _interaction(
        self, token: str, rec: RecordedRequest, *, app_id: str | None = None
    ) -> InteractionState:
        fake = self.fake
        if app_id is not None and int(app_id) != fake.application_id:
            raise not_found("Webhook", 10015, violation="bad_webhook")
        state = fake.world.interaction(token)
        if state is None:
            raise not_found(
                "Webhook" if app_id else "interaction",
                10015 if app_id else 10062,
                violation="bad_token",
            )
        if fake.now() - state.dispatched_at > TOKEN_LIFETIME:
            raise ApiError(401, 50027, "Invalid Webhook Token", violation="expired_token")
        state.last_activity = fake.now()
        return state

    def _callback_body(
        self, state: InteractionState, message: StoredMessage | None, rtype: int
    ) -> dict[str, Any]:
        interaction: dict[str, Any] = {
            "id": str(state.id),
            "type": state.type,
            "response_message_loading": rtype == DEFERRED_MESSAGE,
            "response_message_ephemeral": bool(message and message.ephemeral),
        }
        resource: dict[str, Any] = {"type": rtype}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            if rtype in (MESSAGE, DEFERRED_MESSAGE, UPDATE_MESSAGE):
                resource["message"] = copy.deepcopy(message.payload)
        return {"interaction": interaction, "resource": resource}

    @route("POST", "/interactions/{interaction_id}/{token}/callback")
    async def callback(self, rec: RecordedRequest, interaction_id: str, token: str) -> Answer:
        fake = self.fake
        state = fake.world.interaction(token)
        if state is None or state.id != int(interaction_id):
            raise not_found("interaction", 10062, violation="bad_token")
        try:
            return await self._callback(rec, state)
        except ApiError as err:
            if err.violation not in ("double_ack", "late_ack"):
                state.rejections.append(err.message)
            raise
        finally:
            fake.notify_changed()

    async def _callback(self, rec: RecordedRequest, state: InteractionState) -> Answer:
        fake = self.fake
        now = fake.now()
        state.last_activity = now
        if state.response_type is not None:
            raise ApiError(
                400, 40060, "Interaction has already been acknowledged.", violation="double_ack"
            )
        elapsed = now - state.dispatched_at
        if elapsed > fake.ack_deadline:
            state.late = True
            raise ApiError(
                404,
                10062,
                f"Unknown interaction (initial response after {elapsed:.2f}s, "
                f"deadline {fake.ack_deadline}s)",
                violation="late_ack",
            )
        body = self._body(rec)
        rtype = body.get("type")
        data = body.get("data") or {}
        if rtype not in ALLOWED_RESPONSES.get(state.type, set()) or (
            rtype in (DEFERRED_UPDATE, UPDATE_MESSAGE) and state.source_message_id is None
        ):
            raise invalid_form(
                [("type", f"response type {rtype} is invalid for interaction type {state.type}")],
                "bad_response_type",
            )
        message: StoredMessage | None = None
        if rtype == MESSAGE:
            self._check_message(data, rec, creating=True)
            message = fake.world.create_message(
                state.channel,
                fake.bot_user,
                data,
                rec.files,
                ephemeral=bool(int(data.get("flags") or 0) & EPHEMERAL),
                interaction=state,
                msg_type=20 if state.type == 2 else 0,
            )
            state.original_id = message.id
        elif rtype == DEFERRED_MESSAGE:
            ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
            message = fake.world.create_message(
                state.channel,
                fake.bot_user,
                {"content": ""},
                [],
                ephemeral=ephemeral,
                interaction=state,
                extra_flags=LOADING,
                msg_type=20 if state.type == 2 else 0,
            )
            state.original_id, state.loading = message.id, True
        elif rtype == DEFERRED_UPDATE:
            state.original_id = state.source_message_id
            message = fake.world.message(state.source_message_id or 0)
        elif rtype == UPDATE_MESSAGE:
            source = fake.world.message(state.source_message_id or 0)
            if source is None or source.deleted:
                raise not_found("Message", 10008)
            self._check_message(data, rec, creating=False, editing=source)
            message = fake.world.edit_message(source, data, rec.files)
            state.original_id = source.id
            state.completed = True
        elif rtype == AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            errors = check_choices(choices, "data.choices")
            focused = focused_option(state.payload.get("data") or {})
            if focused is not None:
                errors += check_choice_types(choices, focused["type"], "data.choices")
            if errors:
                raise invalid_form(errors)
            state.choices = choices
        elif rtype == MODAL:
            errors = check_modal(data)
            if errors:
                raise invalid_form(errors)
            state.modal = copy.deepcopy(data)
        state.response_type, state.responded_at = rtype, now
        fake.notify_changed()
        if rec.query.get("with_response") in ("1", "true", "True"):
            return Answer(200, self._callback_body(state, message, rtype))
        return Answer(204)

    def _webhook_message(self, state: InteractionState, msg: str) -> StoredMessage:
        if state.response_type is None:
            raise not_found("Webhook", 10015, violation="not_acknowledged")
        if msg == "@original":
            if state.original_id is None:
                raise not_found("Message", 10008, violation="no_original")
            message_id = state.original_id
        else:
            message_id = int(msg)
            if message_id not in state.followup_ids and message_id != state.original_id:
                raise not_found("Message", 10008, violation="unknown_object")
        stored = self.fake.world.message(message_id)
        if stored is None or stored.deleted:
            raise not_found("Message", 10008)
        return stored

    @route("POST", "/webhooks/{app_id}/{token}")
    async def followup(self, rec: RecordedRequest, app_id: str, token: str) -> Answer:
        fake = self.fake
        state = self._interaction(token, rec, app_id=app_id)
        if state.response_type is None:
            raise not_found("Webhook", 10015, violation="not_acknowledged")
        body = self._body(rec)
        self._check_message(body, rec, creating=True)
        original = fake.world.message(state.original_id or 0)
        if state.loading and original is not None:
            # The first followup after a "thinking" defer replaces the loading message.
            stored = fake.world.edit_message(
                original, {"flags": 0, **body, "attachments": []}, rec.files
            )
            state.loading = False
        else:
            stored = fake.world.create_message(
                state.channel,
                fake.bot_user,
                body,
                rec.files,
                ephemeral=bool(int(body.get("flags") or 0) & EPHEMERAL),
                interaction=state,
            )
        state.followup_ids.append(stored.id)
        state.completed = True
        fake.notify_changed()
        if rec.query.get("wait") in ("1", "true", "True"):
            return Answer(body=copy.deepcopy(stored.payload))
        return Answer(204)

    @route("GET", "/webhooks/{app_id}/{token}/messages/{msg}")
    async def get_webhook_message(
        self, rec: RecordedRequest, app_id: str, token: str, msg: str
    ) -> Answer:
        state = self._interaction(token, rec, app_id=app_id)
        return Answer(body=copy.deepcopy(self._webhook_message(state, msg).payload))

    @route("PATCH", "/webhooks/{app_id}/{token}/messages/{msg}")
    async def edit_webhook_message(
        self, rec: RecordedRequest, app_id: str, token: str, msg: str
    ) -> Answer:
        state = self._interaction(token, rec, app_id=app_id)
        stored = self._webhook_message(state, msg)
        body = self._body(rec)
        self._check_message(body, rec, creating=False, editing=stored)
        self.fake.world.edit_message(stored, body, rec.files)
        if stored.id == state.original_id:
            state.loading = False
            state.completed = True
        self.fake.notify_changed()
        return Answer(body=copy.deepcopy(stored.payload))

    @route("DELETE", "/webhooks/{app_id}/{token}/messages/{msg}")
    async def delete_webhook_message(
        self, rec: RecordedRequest, app_id: str, token: str, msg: str
    ) -> Answer:
        state = self._interaction(token, rec, app_id=app_id)
        self.fake.world.delete_message(self._webhook_message(state, msg))
        return Answer(204)

    # ------------------------------------------------------------------ channels & messages

    @route("GET", "/channels/{channel_id}")
    async def get_channel(self, rec: RecordedRequest, channel_id: str) -> Answer:
        channel = self._channel(channel_id)
        self._require(channel, 0, "read the channel")
        return Answer(body=channel.payload())

    @route("PATCH", "/channels/{channel_id}")
    async def edit_channel(self, rec: RecordedRequest, channel_id: str) -> Answer:
        channel = self._channel(channel_id)
        body = self._body(rec)
        channel.name = body.get("name", channel.name)
        channel.topic = body.get("topic", channel.topic)
        if channel.guild is not None:
            self.fake.dispatch(
                "CHANNEL_UPDATE", channel.payload(), guild_id=channel.guild.id, intent=GUILDS
            )
        return Answer(body=channel.payload())

    @route("POST", "/channels/{channel_id}/typing")
    async def typing(self, rec: RecordedRequest, channel_id: str) -> Answer:
        self._require(self._channel(channel_id), SEND_MESSAGES, "show typing")
        return Answer(204)

    @route("POST", "/channels/{channel_id}/messages")
    async def create_message(self, rec: RecordedRequest, channel_id: str) -> Answer:
        fake = self.fake
        channel = self._channel(channel_id)
        body = self._body(rec)
        # resources/message.mdx, Create Message limitations: Send Messages in the channel
        # (Send Messages in Threads in a thread), Attach Files for files.
        needed = SEND_MESSAGES | (ATTACH_FILES if rec.files else 0)
        self._require(channel, needed, "post a message")
        self._check_message(body, rec, creating=True)
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            if not self._bot_permissions(channel) & READ_MESSAGE_HISTORY:
                raise ApiError(
                    403,
                    160002,
                    f"Cannot reply without permission to read message history (#{channel.name})",
                    violation="missing_permissions",
                )
            target = fake.world.message(int(ref["message_id"]))
            if (target is None or target.deleted) and ref.get("fail_if_not_exists", True):
                raise invalid_form([("message_reference", "Unknown message")])
        stored = fake.world.create_message(channel, fake.bot_user, body, rec.files)
        return Answer(body=copy.deepcopy(stored.payload))

    @route("GET", "/channels/{channel_id}/messages")
    async def history(self, rec: RecordedRequest, channel_id: str) -> Answer:
        channel = self._channel(channel_id)
        limit = int(rec.query.get("limit", 50))
        if not 1 <= limit <= 100:
            raise invalid_form([("limit", "Must be between 1 and 100")])
        # resources/message.mdx, Get Channel Messages: View Channel is required, and
        # without Read Message History "no messages will be returned" (200, an empty list).
        if not self._require(channel, 0, "read history") & READ_MESSAGE_HISTORY:
            return Answer(body=[])
        msgs = [
            m
            for m in reversed(self.fake.world.messages(channel.id))
            if not m.deleted and not m.ephemeral
        ]
        q = rec.query
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])][:limit]
        elif "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])][-limit:]
        elif "around" in q:
            pivot = int(q["around"])
            newer = [m for m in msgs if m.id > pivot][-(limit // 2) :] if limit > 1 else []
            rest = [m for m in msgs if m.id <= pivot][: limit - len(newer)]
            msgs = newer + rest
        else:
            msgs = msgs[:limit]
        return Answer(body=[self._rest_payload(m) for m in msgs])

    @route("GET", "/channels/{channel_id}/messages/{message_id}")
    async def get_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Answer:
        channel = self._channel(channel_id)
        self._require(channel, READ_MESSAGE_HISTORY, "fetch a message")
        return Answer(body=self._rest_payload(self._message(channel, message_id)))

    @route("PATCH", "/channels/{channel_id}/messages/{message_id}")
    async def edit_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Answer:
        channel = self._channel(channel_id)
        stored = self._message(channel, message_id)
        self._require(channel, ATTACH_FILES if rec.files else 0, "edit a message")
        if not stored.by_bot:
            raise ApiError(
                403, 50005, "Cannot edit a message authored by another user", violation="forbidden"
            )
        body = self._body(rec)
        self._check_message(body, rec, creating=False, editing=stored)
        return Answer(
            body=copy.deepcopy(self.fake.world.edit_message(stored, body, rec.files).payload)
        )

    @route("DELETE", "/channels/{channel_id}/messages/{message_id}")
    async def delete_message(
        self, rec: RecordedRequest, channel_id: str, message_id: str
    ) -> Answer:
        channel = self._channel(channel_id)
        stored = self._message(channel, message_id)
        # Anyone may delete their own messages; others' need Manage Messages.
        self._require(channel, 0 if stored.by_bot else MANAGE_MESSAGES, "delete a message")
        self.fake.world.delete_message(stored)
        return Answer(204)

    @route("POST", "/channels/{channel_id}/messages/bulk-delete")
    async def bulk_delete(self, rec: RecordedRequest, channel_id: str) -> Answer:
        channel = self._channel(channel_id)
        self._require(channel, MANAGE_MESSAGES, "bulk delete")
        ids = [str(i) for i in self._body(rec).get("messages") or []]
        if not 2 <= len(ids) <= 100:
            raise invalid_form([("messages", "Must be between 2 and 100 in length.")])
        two_weeks_ago = self.fake.utcnow() - dt.timedelta(days=14)
        for mid in ids:
            stored = self._message(channel, mid)
            if dt.datetime.fromisoformat(stored.payload["timestamp"]) < two_weeks_ago:
                raise invalid_form(
                    [("messages", "You can only bulk delete messages that are under 14 days old.")]
                )
        self.fake.world.bulk_delete(channel, [self._message(channel, mid) for mid in ids])
        return Answer(204)

    @route("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
    async def add_reaction(
        self, rec: RecordedRequest, channel_id: str, message_id: str, emoji: str
    ) -> Answer:
        channel = self._channel(channel_id)
        stored = self._message(channel, message_id)
        reactions = stored.payload.setdefault("reactions", [])
        name = emoji.split(":")[0]
        found = next((r for r in reactions if r["emoji"]["name"] == name), None)
        # resources/message.mdx, Create Reaction: Read Message History, and Add Reactions
        # when nobody has reacted with this emoji yet.
        self._require(
            channel, READ_MESSAGE_HISTORY | (0 if found else ADD_REACTIONS), "add a reaction"
        )
        if found is None:
            reactions.append(
                {
                    "count": 1,
                    "me": True,
                    "emoji": {"id": None, "name": name},
                    "burst_count": 0,
                    "me_burst": False,
                    "count_details": {"burst": 0, "normal": 1},
                    "burst_colors": [],
                }
            )
        elif not found["me"]:
            found["count"] += 1
            found["me"] = True
        return Answer(204)

    @route("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
    async def remove_reaction(
        self, rec: RecordedRequest, channel_id: str, message_id: str, emoji: str
    ) -> Answer:
        stored = self._message(self._channel(channel_id), message_id)
        name = emoji.split(":")[0]
        stored.payload["reactions"] = [
            r for r in stored.payload.get("reactions", []) if r["emoji"]["name"] != name
        ]
        return Answer(204)

    @route("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions")
    async def clear_reactions(
        self, rec: RecordedRequest, channel_id: str, message_id: str
    ) -> Answer:
        self._message(self._channel(channel_id), message_id).payload["reactions"] = []
        return Answer(204)

    async def _new_thread(self, parent: FakeChannel, name: str, thread_type: int) -> FakeChannel:
        guild = parent.guild
        if guild is None:
            raise invalid_form([("name", "Threads need a guild channel")])
        if not 1 <= len(name) <= 100:
            raise invalid_form([("name", "Must be between 1 and 100 in length.")])
        thread = guild.add_channel(name, type=thread_type, parent=parent)
        payload = thread.payload()
        payload["owner_id"] = str(self.fake.bot_user.id)
        self.fake.dispatch(
            "THREAD_CREATE", {**payload, "newly_created": True}, guild_id=guild.id, intent=GUILDS
        )
        return thread

    @route("POST", "/channels/{channel_id}/threads")
    async def thread_without_message(self, rec: RecordedRequest, channel_id: str) -> Answer:
        body = self._body(rec)
        thread = await self._new_thread(
            self._channel(channel_id), body.get("name", ""), int(body.get("type", 11))
        )
        return Answer(201, thread.payload())

    @route("POST", "/channels/{channel_id}/messages/{message_id}/threads")
    async def thread_from_message(
        self, rec: RecordedRequest, channel_id: str, message_id: str
    ) -> Answer:
        parent = self._channel(channel_id)
        self._message(parent, message_id)
        thread = await self._new_thread(parent, self._body(rec).get("name", ""), 11)
        return Answer(201, thread.payload())

    # ------------------------------------------------------------------ guilds, roles, members

    @route("GET", "/guilds/{guild_id}")
    async def get_guild(self, rec: RecordedRequest, guild_id: str) -> Answer:
        return Answer(body=self._guild(guild_id).partial_payload())

    @route("GET", "/guilds/{guild_id}/channels")
    async def get_guild_channels(self, rec: RecordedRequest, guild_id: str) -> Answer:
        return Answer(
            body=[c.payload() for c in self._guild(guild_id).channels if c.type not in (10, 11, 12)]
        )

    @route("GET", "/guilds/{guild_id}/roles")
    async def get_roles(self, rec: RecordedRequest, guild_id: str) -> Answer:
        return Answer(body=[r.payload() for r in self._guild(guild_id).roles])

    @route("POST", "/guilds/{guild_id}/roles")
    async def create_role(self, rec: RecordedRequest, guild_id: str) -> Answer:
        guild = self._guild(guild_id)
        self._require_guild(guild, MANAGE_ROLES, "create a role")
        body = self._body(rec)
        if len(body.get("name") or "new role") > 100:
            raise invalid_form([("name", "Must be 100 or fewer in length.")])
        role = guild.add_role(
            body.get("name") or "new role",
            permissions=int(body.get("permissions") or 0),
            color=int(body.get("color") or 0),
            mentionable=bool(body.get("mentionable")),
        )
        return Answer(body=role.payload())

    @route("PATCH", "/guilds/{guild_id}/roles/{role_id}")
    async def edit_role(self, rec: RecordedRequest, guild_id: str, role_id: str) -> Answer:
        guild = self._guild(guild_id)
        role = guild.get_role(int(role_id))
        if role is None:
            raise not_found("Role", 10011)
        self._check_roles(guild, [role], "edit a role", assigning=False)
        body = self._body(rec)
        role.name = body.get("name", role.name)
        role.permissions = int(body.get("permissions", role.permissions))
        role.color = int(body.get("color", role.color) or 0)
        role.mentionable = bool(body.get("mentionable", role.mentionable))
        self.fake.dispatch(
            "GUILD_ROLE_UPDATE",
            {"guild_id": str(guild.id), "role": role.payload()},
            guild_id=guild.id,
            intent=GUILDS,
        )
        return Answer(body=role.payload())

    @route("DELETE", "/guilds/{guild_id}/roles/{role_id}")
    async def delete_role(self, rec: RecordedRequest, guild_id: str, role_id: str) -> Answer:
        guild = self._guild(guild_id)
        role = guild.get_role(int(role_id))
        if role is None or role is guild.everyone:
            raise not_found("Role", 10011)
        self._check_roles(guild, [role], "delete a role")
        guild.roles.remove(role)
        for member in guild.members:
            if role in member.roles:
                member.roles.remove(role)
        self.fake.dispatch(
            "GUILD_ROLE_DELETE",
            {"guild_id": str(guild.id), "role_id": role_id},
            guild_id=guild.id,
            intent=GUILDS,
        )
        return Answer(204)

    def _member_changed(self, member: FakeMember) -> None:
        guild = member.guild
        self.fake.dispatch(
            "GUILD_MEMBER_UPDATE",
            {**member.payload(), "guild_id": str(guild.id)},
            guild_id=guild.id,
            intent=GUILD_MEMBERS,
        )
        self.fake.notify_changed()

    def _check_roles(
        self, guild: FakeGuild, roles: list[FakeRole], action: str, *, assigning: bool = True
    ) -> None:
        """Manage Roles, and every role concerned strictly below the bot's highest role
        (topics/permissions.mdx, Permission Hierarchy); a managed role (an integration's)
        and @everyone are never given or taken (topics/permissions.mdx, Role Structure)."""
        bot = self._require_guild(guild, MANAGE_ROLES, action)
        top = bot.top_position
        for role in roles:
            if assigning and role is guild.everyone:
                raise ApiError(
                    403,
                    50013,
                    f"Missing Permissions: @everyone cannot be given or taken ({action})",
                    violation="missing_permissions",
                    body={"message": "Missing Permissions", "code": 50013},
                )
            if assigning and role.managed:
                raise ApiError(
                    403,
                    50013,
                    f"Missing Permissions: {role.name} is managed by an integration ({action})",
                    violation="missing_permissions",
                    body={"message": "Missing Permissions", "code": 50013},
                )
            if role.position >= top:
                raise ApiError(
                    403,
                    50013,
                    f"Missing Permissions: {role.name} (position {role.position}) is not below "
                    f"the bot's highest role (position {top}) ({action})",
                    violation="missing_permissions",
                    body={"message": "Missing Permissions", "code": 50013},
                )

    def _check_outranks(self, guild: FakeGuild, member: FakeMember, action: str) -> None:
        """Nicknames and timeouts only for members whose highest role is below the bot's
        (topics/permissions.mdx, Permission Hierarchy); never the owner."""
        bot = self.fake.bot_member(guild)
        if member.id == guild.owner_id or member.top_position >= bot.top_position:
            raise ApiError(
                403,
                50013,
                f"Missing Permissions: {member.name} is not below the bot in the role "
                f"hierarchy ({action})",
                violation="missing_permissions",
                body={"message": "Missing Permissions", "code": 50013},
            )

    @route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
    async def add_member_role(
        self, rec: RecordedRequest, guild_id: str, user_id: str, role_id: str
    ) -> Answer:
        guild = self._guild(guild_id)
        member = self._member(guild, user_id)
        role = guild.get_role(int(role_id))
        if role is None:
            raise not_found("Role", 10011)
        self._check_roles(guild, [role], "add a role")
        if role not in member.roles:
            member.roles.append(role)
            self._member_changed(member)
        return Answer(204)

    @route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
    async def remove_member_role(
        self, rec: RecordedRequest, guild_id: str, user_id: str, role_id: str
    ) -> Answer:
        guild = self._guild(guild_id)
        member = self._member(guild, user_id)
        role = guild.get_role(int(role_id))
        if role is None:
            raise not_found("Role", 10011)
        self._check_roles(guild, [role], "remove a role")
        if role in member.roles:
            member.roles.remove(role)
            self._member_changed(member)
        return Answer(204)

    @route("GET", "/guilds/{guild_id}/members/{user_id}")
    async def get_member(self, rec: RecordedRequest, guild_id: str, user_id: str) -> Answer:
        return Answer(body=self._member(self._guild(guild_id), user_id).payload())

    @route("GET", "/guilds/{guild_id}/members")
    async def list_members(self, rec: RecordedRequest, guild_id: str) -> Answer:
        guild = self._guild(guild_id)
        after = int(rec.query.get("after", 0))
        limit = int(rec.query.get("limit", 1))
        members = sorted((m for m in guild.members if m.id > after), key=lambda m: m.id)[:limit]
        return Answer(body=[m.payload() for m in members])

    @route("PATCH", "/guilds/{guild_id}/members/{user_id}")
    async def edit_member(self, rec: RecordedRequest, guild_id: str, user_id: str) -> Answer:
        guild = self._guild(guild_id)
        member = self._member(guild, user_id)
        body = self._body(rec)
        # resources/guild.mdx, Modify Guild Member: each field needs its own permission.
        roles: list[FakeRole] | None = None
        if "roles" in body:
            found = [guild.get_role(int(r)) for r in body["roles"] or []]
            if any(r is None for r in found):
                raise invalid_form([("roles", "Unknown role")])
            roles = [r for r in found if r is not None]
            changed = [r for r in roles if r not in member.roles]
            changed += [r for r in member.roles if r not in roles]
            self._check_roles(guild, changed, "change a member's roles")
        if "nick" in body and member.id != self.fake.bot_user.id:
            self._require_guild(guild, MANAGE_NICKNAMES, "change a nickname")
            self._check_outranks(guild, member, "change a nickname")
        if "communication_disabled_until" in body:
            self._check_timeout(guild, member, body["communication_disabled_until"])
        if roles is not None:
            member.roles = roles
        if "nick" in body:
            member.nick = body["nick"]
        if "communication_disabled_until" in body:
            member.timed_out_until = body["communication_disabled_until"]
        self._member_changed(member)
        return Answer(body=member.payload())

    def _check_timeout(self, guild: FakeGuild, member: FakeMember, until: str | None) -> None:
        """Moderate Members; not an administrator or the owner; at most 28 days ahead."""
        self._require_guild(guild, MODERATE_MEMBERS, "time a member out")
        if member.permissions == ALL_PERMISSIONS:
            raise ApiError(
                403,
                50013,
                f"Missing Permissions: {member.name} is an administrator or the owner",
                violation="missing_permissions",
                body={"message": "Missing Permissions", "code": 50013},
            )
        self._check_outranks(guild, member, "time a member out")
        if until is not None:
            ahead = dt.datetime.fromisoformat(until) - self.fake.utcnow()
            if ahead > dt.timedelta(days=28):
                raise invalid_form(
                    [("communication_disabled_until", "Must be at most 28 days in the future")]
                )

    # ------------------------------------------------------------------ scheduled events

    def _event(self, guild: FakeGuild, event_id: str) -> dict[str, Any]:
        event = guild.scheduled_events.get(int(event_id))
        if event is None:
            raise not_found("Guild Scheduled Event", 10070)
        return event

    def _check_event(
        self,
        body: dict[str, Any],
        guild: FakeGuild,
        *,
        creating: bool,
        changes: dict[str, Any] | None = None,
    ) -> None:
        changes = body if changes is None else changes
        errors: list[tuple[str, str]] = []
        name = body.get("name")
        if (creating or "name" in body) and not 1 <= len(name or "") <= 100:
            errors.append(("name", "Must be between 1 and 100 in length."))
        if len(body.get("description") or "") > 1000:
            errors.append(("description", "Must be 1000 or fewer in length."))
        entity_type = body.get("entity_type")
        if creating and entity_type not in (1, 2, 3):
            errors.append(("entity_type", "Value must be one of {1, 2, 3}."))
        if entity_type == 3:
            if not (body.get("entity_metadata") or {}).get("location"):
                errors.append(("entity_metadata.location", "This field is required"))
            if creating and not body.get("scheduled_end_time"):
                errors.append(("scheduled_end_time", "This field is required"))
        elif entity_type in (1, 2) and not body.get("channel_id"):
            errors.append(("channel_id", "This field is required"))
        if creating and not body.get("scheduled_start_time"):
            errors.append(("scheduled_start_time", "This field is required"))
        start = body.get("scheduled_start_time")
        moved = creating or "scheduled_start_time" in changes
        if moved and start and dt.datetime.fromisoformat(start) < self.fake.utcnow():
            errors.append(("scheduled_start_time", "Cannot schedule event in the past."))
        end = body.get("scheduled_end_time")
        if start and end and dt.datetime.fromisoformat(end) <= dt.datetime.fromisoformat(start):
            errors.append(("scheduled_end_time", "Must be after scheduled_start_time"))
        if errors:
            raise invalid_form(errors)

    def _require_event_permission(
        self,
        guild: FakeGuild,
        body: dict[str, Any],
        event: dict[str, Any] | None,
        action: str,
    ) -> None:
        """resources/guild-scheduled-event.mdx, Permissions Requirements: Create Events to
        create; to edit or delete, Create Events or Manage Events for the bot's own event,
        Manage Events for anyone else's. Guild-level for external events, in the event's
        channel for stage and voice events."""
        if event is None:
            alternatives: tuple[int, ...]
            needed, alternatives = CREATE_EVENTS, (CREATE_EVENTS,)
        elif str(event.get("creator_id")) == str(self.fake.bot_user.id):
            needed, alternatives = CREATE_EVENTS, (CREATE_EVENTS, MANAGE_EVENTS)
        else:
            needed, alternatives = MANAGE_EVENTS, (MANAGE_EVENTS,)
        channel = (
            self.fake.world.channel(int(body["channel_id"])) if body.get("channel_id") else None
        )
        if body.get("entity_type") in (1, 2) and channel is not None:
            have = self._bot_permissions(channel)
        else:
            have = self.fake.bot_member(guild).permissions
        if not any(have & bit for bit in alternatives):
            whose = "" if event is None or needed == CREATE_EVENTS else " (another user's event)"
            raise missing_permissions(needed, f"in {guild.name} ({action}{whose})")

    @staticmethod
    def _check_status(event: dict[str, Any], body: dict[str, Any]) -> None:
        """resources/guild-scheduled-event.mdx, Event Status: SCHEDULED -> ACTIVE ->
        COMPLETED, SCHEDULED -> CANCELED, and a finished event never changes again."""
        current = int(event.get("status", 1))
        if current in (3, 4):
            raise ApiError(
                400,
                180000,
                f"Cannot update a finished event (status {current})",
                violation="validation",
                body={"message": "Cannot update a finished event", "code": 180000},
            )
        wanted = body.get("status")
        allowed = ((1, 2), (2, 3), (1, 4))
        if wanted is not None and int(wanted) != current and (current, int(wanted)) not in allowed:
            raise invalid_form(
                [("status", f"Cannot change an event's status from {current} to {wanted}")]
            )

    @route("GET", "/guilds/{guild_id}/scheduled-events")
    async def list_events(self, rec: RecordedRequest, guild_id: str) -> Answer:
        return Answer(body=copy.deepcopy(list(self._guild(guild_id).scheduled_events.values())))

    @route("POST", "/guilds/{guild_id}/scheduled-events")
    async def create_event(self, rec: RecordedRequest, guild_id: str) -> Answer:
        guild = self._guild(guild_id)
        body = self._body(rec)
        self._require_event_permission(guild, body, None, "create a scheduled event")
        self._check_event(body, guild, creating=True)
        event_id = self.fake.snowflake()
        event = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": body.get("channel_id"),
            "creator_id": str(self.fake.bot_user.id),
            "creator": self.fake.bot_user.payload(),
            "name": body["name"],
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body["entity_type"],
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": body.get("recurrence_rule"),
        }
        guild.scheduled_events[event_id] = event
        self.fake.dispatch(
            "GUILD_SCHEDULED_EVENT_CREATE",
            copy.deepcopy(event),
            guild_id=guild.id,
            intent=GUILD_SCHEDULED_EVENTS,
        )
        return Answer(body=copy.deepcopy(event))

    @route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}")
    async def get_event(self, rec: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        return Answer(body=copy.deepcopy(self._event(self._guild(guild_id), event_id)))

    @route("PATCH", "/guilds/{guild_id}/scheduled-events/{event_id}")
    async def edit_event(self, rec: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        guild = self._guild(guild_id)
        event = self._event(guild, event_id)
        body = self._body(rec)
        self._require_event_permission(guild, event, event, "edit a scheduled event")
        self._check_status(event, body)
        self._check_event({**event, **body}, guild, creating=False, changes=body)
        event.update(copy.deepcopy(body))
        self.fake.dispatch(
            "GUILD_SCHEDULED_EVENT_UPDATE",
            copy.deepcopy(event),
            guild_id=guild.id,
            intent=GUILD_SCHEDULED_EVENTS,
        )
        return Answer(body=copy.deepcopy(event))

    @route("DELETE", "/guilds/{guild_id}/scheduled-events/{event_id}")
    async def delete_event(self, rec: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        guild = self._guild(guild_id)
        event = self._event(guild, event_id)
        self._require_event_permission(guild, event, event, "delete a scheduled event")
        guild.scheduled_events.pop(int(event["id"]))
        self.fake.dispatch(
            "GUILD_SCHEDULED_EVENT_DELETE", event, guild_id=guild.id, intent=GUILD_SCHEDULED_EVENTS
        )
        return Answer(204)

    @route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}/users")
    async def event_users(self, rec: RecordedRequest, guild_id: str, event_id: str) -> Answer:
        self._event(self._guild(guild_id), event_id)
        return Answer(body=[])
