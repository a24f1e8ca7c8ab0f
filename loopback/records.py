"""What the loopback saw: recorded REST requests, gateway frames and protocol violations."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

# Requests that create or edit a message, i.e. the ones where allowed_mentions matters.
_MESSAGE_WRITES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("POST", re.compile(r"/channels/\d+/messages")),
    ("PATCH", re.compile(r"/channels/\d+/messages/\d+")),
    ("POST", re.compile(r"/webhooks/\d+/[^/]+")),
    ("PATCH", re.compile(r"/webhooks/\d+/[^/]+/messages/(?:\d+|@original)")),
    ("POST", re.compile(r"/interactions/\d+/[^/]+/callback")),
)
_MENTION = re.compile(r"<@[!&]?\d+>|@everyone|@here")


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part (``files[n]``) of a request."""

    field: str
    filename: str
    size: int
    content_type: str | None
    data: bytes = dataclasses.field(repr=False)  # `field` is the part's name here


@dataclass
class RecordedRequest:
    """One REST request as the bot sent it, plus the status the loopback answered."""

    method: str
    path: str  # relative to /api/v10, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any = None  # JSON body, or the parsed ``payload_json`` of a multipart body
    files: list[UploadedFile] = field(default_factory=list)
    status: int | None = None
    injected: bool = False  # answered by fail_next() rather than the emulator
    at: float = 0.0  # event-loop time

    @property
    def is_message_write(self) -> bool:
        """True for requests that create or edit a message (or respond with one)."""
        if not any(m == self.method and p.fullmatch(self.path) for m, p in _MESSAGE_WRITES):
            return False
        if self.path.endswith("/callback"):
            return isinstance(self.json, dict) and self.json.get("type") in (4, 7)
        return True

    @property
    def message_body(self) -> dict[str, Any]:
        """The message fields of the body (``data`` for interaction callbacks)."""
        body = self.json if isinstance(self.json, dict) else {}
        if self.path.endswith("/callback"):
            return body.get("data") or {}
        return body

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """The ``allowed_mentions`` object sent, or None if the bot sent none."""
        return self.message_body.get("allowed_mentions")

    def allows_ping(self, *, content_aware: bool = False) -> bool:
        """Whether Discord would be allowed to ping anyone for this message.

        A missing ``allowed_mentions`` allows everything (Discord parses all mentions by
        default). With ``content_aware`` the content must also contain a mention.
        """
        if not self.is_message_write:
            return False
        body = self.message_body
        if content_aware and not _MENTION.search(str(body.get("content") or "")):
            replying = "message_reference" in body
            if not replying:
                return False
        am = self.allowed_mentions
        if am is None:
            return True
        if am.get("parse") or am.get("users") or am.get("roles"):
            return True
        return bool(am.get("replied_user")) and "message_reference" in body


@dataclass(frozen=True)
class Violation:
    """A request Discord would have refused (or a rule the bot broke), recorded loudly."""

    kind: str
    detail: str
    method: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = f" [{self.method} {self.path}]" if self.method else ""
        return f"{self.kind}: {self.detail}{where}"
