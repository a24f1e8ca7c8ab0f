"""Rate limits as Discord applies them: per-route buckets keyed by the top-level resource,
and a global limit of 50 requests a second for the bot (topics/rate-limits.mdx).

Discord does not publish each route's numbers ("rate limits should not be hard coded");
the ones below are the loopback's, chosen where bots meet them in practice (5 messages per
5 seconds in a channel, role changes per guild, followups per interaction token). What is
faithful is the mechanism: a bucket per route *and* channel, guild or webhook token, the
``X-RateLimit-*`` headers on every answer, and a 429 with ``retry_after`` once a bucket is
empty, so that bursts meet the same refusals they would meet on Discord.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limit:
    """``count`` requests per ``per`` seconds; ``group`` names routes sharing a bucket."""

    count: int
    per: float
    group: str = ""


#: (method, route template) -> its limit. Unlisted bot routes share the global limit only.
ROUTE_LIMITS: dict[tuple[str, str], Limit] = {
    ("POST", "/channels/{channel_id}/messages"): Limit(5, 5.0),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): Limit(5, 5.0),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): Limit(5, 1.0),
    ("GET", "/channels/{channel_id}/messages"): Limit(5, 1.0),
    ("POST", "/channels/{channel_id}/messages/bulk-delete"): Limit(1, 1.0),
    ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"): Limit(
        1, 0.25, "reactions"
    ),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"): Limit(
        1, 0.25, "reactions"
    ),
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): Limit(10, 10.0, "roles"),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): Limit(10, 10.0, "roles"),
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"): Limit(10, 10.0),
    ("POST", "/guilds/{guild_id}/scheduled-events"): Limit(10, 10.0, "events"),
    ("PATCH", "/guilds/{guild_id}/scheduled-events/{event_id}"): Limit(10, 10.0, "events"),
    ("DELETE", "/guilds/{guild_id}/scheduled-events/{event_id}"): Limit(10, 10.0, "events"),
    ("POST", "/interactions/{interaction_id}/{token}/callback"): Limit(5, 5.0),
    ("POST", "/webhooks/{app_id}/{token}"): Limit(5, 2.0),
    ("PATCH", "/webhooks/{app_id}/{token}/messages/{msg}"): Limit(5, 2.0, "webhook-messages"),
    ("DELETE", "/webhooks/{app_id}/{token}/messages/{msg}"): Limit(5, 2.0, "webhook-messages"),
}
#: Requests a second a bot may make in all (topics/rate-limits.mdx, Global Rate Limit).
GLOBAL_LIMIT = Limit(50, 1.0, "global")
#: Interaction endpoints are not bound to the global limit (same section).
_INTERACTION_PREFIXES = ("/interactions/", "/webhooks/")
#: The route parameters that are "top-level resources": each value gets its own bucket.
_MAJOR = ("channel_id", "guild_id", "app_id", "interaction_id", "token")


@dataclass
class _Window:
    limit: Limit
    bucket: str
    started: float
    used: int = 0


@dataclass(frozen=True)
class Verdict:
    """What the limiter decided: headers for the answer, and a 429 body if refused."""

    headers: dict[str, str]
    refused: dict[str, Any] | None = None


class RateLimiter:
    """Fixed windows per (bucket, top-level resource), plus the bot-wide global window."""

    def __init__(self, clock: Callable[[], float], epoch: Callable[[], float]) -> None:
        self._clock = clock  # seconds, for windows
        self._epoch = epoch  # the world's Unix time, for X-RateLimit-Reset
        self._windows: dict[str, _Window] = {}

    @staticmethod
    def bucket_hash(limit: Limit, method: str, template: str) -> str:
        name = limit.group or f"{method} {template}"
        return hashlib.md5(name.encode()).hexdigest()[:16]

    def _window(self, key: str, limit: Limit, bucket: str, now: float) -> _Window:
        window = self._windows.get(key)
        if window is None or now >= window.started + window.limit.per:
            window = self._windows[key] = _Window(limit, bucket, now)
        return window

    def _headers(self, window: _Window, now: float) -> dict[str, str]:
        reset_after = max(0.0, window.started + window.limit.per - now)
        return {
            "X-RateLimit-Limit": str(window.limit.count),
            "X-RateLimit-Remaining": str(max(0, window.limit.count - window.used)),
            "X-RateLimit-Reset": f"{self._epoch() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": window.bucket,
        }

    def take(self, method: str, path: str, template: str, params: dict[str, str]) -> Verdict:
        """Count one request; refuse it (429) when its bucket or the global one is empty."""
        now = self._clock()
        limit = ROUTE_LIMITS.get((method, template), GLOBAL_LIMIT)
        bucket = self.bucket_hash(limit, method, template)
        major = "+".join(params[k] for k in _MAJOR if k in params)
        route = self._window(f"{bucket}:{major}", limit, bucket, now)
        if not path.startswith(_INTERACTION_PREFIXES):
            world = self._window("global", GLOBAL_LIMIT, "global", now)
            if world.used >= GLOBAL_LIMIT.count:
                retry = world.started + GLOBAL_LIMIT.per - now
                return Verdict(
                    {
                        "Retry-After": str(max(1, math.ceil(retry))),
                        "X-RateLimit-Global": "true",
                        "X-RateLimit-Scope": "global",
                    },
                    {
                        "message": "You are being rate limited.",
                        "retry_after": round(retry, 3),
                        "global": True,
                    },
                )
            world.used += 1
        if route.used >= limit.count:
            retry = route.started + limit.per - now
            headers = self._headers(route, now)
            headers.update(
                {"Retry-After": str(max(1, math.ceil(retry))), "X-RateLimit-Scope": "user"}
            )
            return Verdict(
                headers,
                {
                    "message": "You are being rate limited.",
                    "retry_after": round(retry, 3),
                    "global": False,
                },
            )
        route.used += 1
        return Verdict(self._headers(route, now))
