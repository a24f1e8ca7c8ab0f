"""What the person at the terminal has seen: each message once, edits shown as edits.

After every line the session asks the screen to `refresh`: messages the current person can
see that were never shown are drawn; a shown message that changed since (a page turned, a
round closed) is drawn again, marked "(edited)"; a shown message that was deleted says so.
Attachments are saved once, as files next to the session.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loopback.fake import FakeDiscord
from loopback.messages import LOADING, StoredMessage

from .render import ANSI_DIM, Drawer, Look


def signature(payload: dict[str, Any]) -> str:
    """What a reader sees of a message: an edit is a change of this."""
    seen = {
        key: payload.get(key) for key in ("content", "embeds", "components", "attachments", "flags")
    }
    seen["attachments"] = [a.get("id") for a in seen["attachments"] or []]
    return json.dumps(seen, sort_keys=True, default=str)


def interaction_user(payload: dict[str, Any]) -> int | None:
    meta = payload.get("interaction_metadata") or payload.get("interaction") or {}
    user = meta.get("user") or {}
    return int(user["id"]) if user.get("id") else None


def collapse(before: list[str], after: list[str], look: Look, least: int = 3) -> list[str]:
    """An edited message as its new lines, with runs of `least` or more lines that read as
    they did just above folded into one "⋯ 6 lines as before"."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, _, _, start, end in matcher.get_opcodes():
        block = after[start:end]
        if tag == "equal" and start == 0:  # the first line says which message this is
            out.append(block[0])
            block = block[1:]
        if tag == "equal" and len(block) >= least:
            prefix = re.match(r"[│└┌ ]*", block[0])
            edge = (prefix.group(0) if prefix else "").replace("┌", "│").replace("└", "│")
            out.append(edge + look.wrap(ANSI_DIM, f"⋯ {len(block)} lines as before"))
        else:
            out.extend(block)
    return out


class Screen:
    def __init__(
        self,
        fake: FakeDiscord,
        look: Look,
        files: Path,
        out: Callable[[str], None],
    ) -> None:
        self.fake = fake
        self.look = look
        self.files = files
        self.out = out
        self.shown: dict[int, str] = {}  # message id -> signature when last drawn
        self.first_lines: dict[int, str] = {}
        self.drawings: dict[int, list[str]] = {}  # message id -> its lines when last drawn
        self.revealed: set[int] = set()
        self.covered: set[int] = set()  # shown with spoilers covered
        self.saved: dict[str, Path] = {}  # attachment id -> file
        self.counters: dict[str, int] = {}
        self.drawn_log: list[int] = []  # every id drawn, in order (for --json)

    # -- what a person sees

    def visible(self, viewer: int, *, channel_ids: set[int] | None = None) -> list[StoredMessage]:
        """Bot messages `viewer` can see, oldest first (ephemeral ones only their own)."""
        found = []
        for stored in self.fake.world.messages():
            if not stored.by_bot or stored.deleted:
                continue
            if int(stored.payload.get("flags") or 0) & LOADING:
                continue  # still "thinking": drawn once the answer is in
            if stored.ephemeral and interaction_user(stored.payload) != viewer:
                continue
            channel = self.fake.channel(stored.channel_id)
            if channel is None:
                continue
            if channel.type == 1 and (channel.recipient is None or channel.recipient.id != viewer):
                continue
            if channel_ids is not None and stored.channel_id not in channel_ids:
                continue
            found.append(stored)
        return found

    def refresh(self, viewer: int, here: int) -> list[int]:
        """Draw what `viewer` has not seen yet, or has seen in another state."""
        drawn: list[int] = []
        for stored in self.visible(viewer):
            now = signature(stored.payload)
            before = self.shown.get(stored.id)
            if before == now:
                continue
            self.draw(stored, here, edited=before is not None)
            drawn.append(stored.id)
        for message_id in list(self.shown):
            gone = self.fake.world.message(message_id)
            if gone is not None and gone.deleted:
                first = self.first_lines.get(message_id, "")
                self.out(self.look.wrap(ANSI_DIM, f"(a message was deleted: {first[:60]})"))
                del self.shown[message_id]
        self.drawn_log.extend(drawn)
        return drawn

    def draw(
        self, stored: StoredMessage, here: int, *, edited: bool = False, note: str = ""
    ) -> None:
        lines = self.lines(stored, here)
        drawn = lines
        if edited:
            lines = collapse(self.drawings.get(stored.id, []), lines, self.look)
            lines.append(self.look.wrap(ANSI_DIM, "(edited)"))
        if note:
            lines.append(self.look.wrap(ANSI_DIM, note))
        self.out("\n".join(lines))
        self.shown[stored.id] = signature(stored.payload)
        self.drawings[stored.id] = drawn
        self.first_lines[stored.id] = next((line for line in drawn if line.strip()), "")

    def lines(self, stored: StoredMessage, here: int) -> list[str]:
        drawer = Drawer(self.look, self.attachment_path)
        lines: list[str] = []
        channel = self.fake.channel(stored.channel_id)
        if channel is not None and stored.channel_id != here:
            where = "a direct message" if channel.type == 1 else f"#{channel.name}"
            lines.append(self.look.wrap(ANSI_DIM, f"in {where}:"))
        if stored.ephemeral:
            lines.append(self.look.wrap(ANSI_DIM, "(only you can see this)"))
        reference = (stored.payload.get("message_reference") or {}).get("message_id")
        if reference and int(reference) in self.first_lines:
            lines.append(self.look.wrap(ANSI_DIM, f"↪ {self.first_lines[int(reference)][:60]}"))
        body = drawer.message(stored.payload, reveal=stored.id in self.revealed)
        if drawer.spoilers:
            self.covered.add(stored.id)
        else:
            self.covered.discard(stored.id)
        lines.extend(body or ["(an empty message)"])
        return lines

    # -- attachments

    def attachment_path(self, attachment: dict[str, Any]) -> str:
        key = str(attachment.get("id"))
        path = self.saved.get(key)
        if path is None:
            name = str(attachment.get("filename") or "file")
            try:
                path = self._save(key, name)
            except OSError as error:  # e.g. a folder that cannot be written
                reason = error.strerror or type(error).__name__
                return f"{name} (not saved in {self.files}: {reason})"
            if path is None:
                return name + " (not saved)"
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive (Windows)
            return str(path)

    def _save(self, key: str, filename: str) -> Path | None:
        entry = self.fake.world.attachment_file(int(key)) if key.isdigit() else None
        if entry is None:
            return None
        name = re.sub(r"[^\w.-]", "_", filename.removeprefix("SPOILER_")) or "file"
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, "bin"
        number = self.counters.get(stem, 0) + 1
        self.counters[stem] = number
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / f"{stem}-{number}.{suffix}"
        while path.exists():  # an earlier session's file: keep it
            number += 1
            self.counters[stem] = number
            path = self.files / f"{stem}-{number}.{suffix}"
        path.write_bytes(entry[1])
        self.saved[key] = path
        return path
