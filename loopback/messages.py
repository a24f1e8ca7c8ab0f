"""Messages as the loopback stores them, and read-only snapshots handed to tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL, LOADING = 1 << 6, 1 << 7


@dataclass(eq=False)
class StoredMessage:
    """The emulator's copy of a message: the payload plus bookkeeping Discord keeps."""

    payload: dict[str, Any]
    ephemeral: bool = False
    deleted: bool = False
    by_bot: bool = False
    files: dict[int, bytes] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])


def iter_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first (rows, containers, sections, labels, accessories)."""
    for comp in components:
        yield comp
        yield from iter_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from iter_components([comp[key]])


@dataclass(frozen=True)
class FakeMessage:
    """A snapshot of a message (as the emulator holds it) when a test looked at it."""

    raw: dict[str, Any]
    ephemeral: bool = False

    @classmethod
    def of(cls, stored: StoredMessage) -> FakeMessage:
        return cls(copy.deepcopy(stored.payload), stored.ephemeral)

    @property
    def id(self) -> int:
        return int(self.raw["id"])

    @property
    def channel_id(self) -> int:
        return int(self.raw["channel_id"])

    @property
    def author_id(self) -> int:
        return int(self.raw["author"]["id"])

    @property
    def content(self) -> str:
        return self.raw.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.raw.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.raw.get("components") or []

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.raw.get("attachments") or []

    @property
    def flags(self) -> int:
        return int(self.raw.get("flags") or 0)

    @property
    def reference_id(self) -> int | None:
        ref = self.raw.get("message_reference")
        return int(ref["message_id"]) if ref and ref.get("message_id") else None

    def all_components(self) -> list[dict[str, Any]]:
        return list(iter_components(self.components))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for c in self.all_components() if c.get("type") == 2]

    def find_component(self, key: str) -> dict[str, Any] | None:
        """A component by custom_id, label, placeholder or emoji name."""
        for comp in self.all_components():
            emoji = (comp.get("emoji") or {}).get("name")
            if key in (comp.get("custom_id"), comp.get("label"), comp.get("placeholder"), emoji):
                return comp
        return None

    @property
    def text(self) -> str:
        """Content plus every embed's visible text, for loose ``in`` assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for fld in embed.get("fields") or []:
                parts += [fld.get("name") or "", fld.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        for comp in self.all_components():
            if comp.get("type") == 10:  # components v2 text display
                parts.append(comp.get("content") or "")
        return "\n".join(p for p in parts if p)
