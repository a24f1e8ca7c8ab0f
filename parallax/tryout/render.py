"""Messages drawn for a terminal the way Discord's client shows them.

Markdown becomes text (bold, headers, `-#` small text dimmed on a terminal), `<t:…:F>`
timestamps are written out in the reader's zone (relative ones against the session's
clock), mentions become names, masked links show their address, `||spoilers||` stay
covered until revealed, embeds are boxes, buttons are `[Label]` (`[~Label~]` when they
cannot be pressed), and attachments are the files they were saved to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANSI_BOLD, ANSI_DIM, ANSI_ITALIC, ANSI_UNDERLINE, ANSI_STRIKE, ANSI_RESET = (
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[3m",
    "\x1b[4m",
    "\x1b[9m",
    "\x1b[0m",
)
SPOILER_HINT = "(spoilers covered: type reveal to see them)"


@dataclass
class Look:
    """How to draw: colours or not, in which zone, against which clock, with which names."""

    color: bool = False
    zone: dt.tzinfo | None = None  # None: the computer's own zone
    now: Callable[[], dt.datetime] = lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    user_name: Callable[[int], str | None] = lambda _id: None
    role_name: Callable[[int], str | None] = lambda _id: None
    channel_name: Callable[[int], str | None] = lambda _id: None

    def wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{ANSI_RESET}" if self.color and text else text


# -- timestamps ---------------------------------------------------------------------------


def _clock(moment: dt.datetime, seconds: bool = False) -> str:
    hour = moment.hour % 12 or 12
    tail = f":{moment.second:02d}" if seconds else ""
    return f"{hour}:{moment.minute:02d}{tail} {'AM' if moment.hour < 12 else 'PM'}"


def _date_long(moment: dt.datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def relative(moment: dt.datetime, now: dt.datetime) -> str:
    """Discord's relative time: 'in 2 hours', '3 days ago', 'in a few seconds'."""
    seconds = (moment - now).total_seconds()
    span = abs(seconds)
    minutes, hours, days = span / 60, span / 3600, span / 86400
    if span < 45:
        words = "a few seconds"
    elif span < 90:
        words = "a minute"
    elif minutes < 45:
        words = f"{round(minutes)} minutes"
    elif minutes < 90:
        words = "an hour"
    elif hours < 22:
        words = f"{round(hours)} hours"
    elif hours < 36:
        words = "a day"
    elif days < 26:
        words = f"{round(days)} days"
    elif days < 45:
        words = "a month"
    elif days < 320:
        words = f"{round(days / 30.4375)} months"
    elif days < 548:
        words = "a year"
    else:
        words = f"{round(days / 365.25)} years"
    return f"in {words}" if seconds > 0 else f"{words} ago"


def timestamp(seconds: int, style: str, look: Look) -> str:
    """`<t:seconds:style>` as Discord (English, US) writes it in the reader's zone."""
    try:
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
        moment = moment.astimezone(look.zone) if look.zone else moment.astimezone()
    except (OverflowError, OSError, ValueError):
        return f"<t:{seconds}:{style}>"
    if style == "R":
        return relative(moment, look.now())
    if style == "t":
        return _clock(moment)
    if style == "T":
        return _clock(moment, seconds=True)
    if style == "d":
        return f"{moment.month:02d}/{moment.day:02d}/{moment.year}"
    if style == "D":
        return _date_long(moment)
    if style == "F":
        return f"{moment:%A}, {_date_long(moment)} {_clock(moment)}"
    return f"{_date_long(moment)} {_clock(moment)}"  # f, the default


def clock_line(moment: dt.datetime, look: Look) -> str:
    """The session's clock to the second: 'Tuesday, November 24, 2026 8:00:30 PM'."""
    local = moment.astimezone(look.zone) if look.zone else moment.astimezone()
    return f"{local:%A}, {_date_long(local)} {_clock(local, seconds=local.second != 0)}"


# -- markdown -----------------------------------------------------------------------------

_CODE_BLOCK = re.compile(r"```(?:[\w+-]*\n)?(.*?)```", re.S)
_INLINE_CODE = re.compile(r"``(.+?)``|`([^`\n]+)`")
_TIMESTAMP = re.compile(r"<t:(-?\d{1,13})(?::([tTdDfFR]))?>")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_MASKED = re.compile(r"\[([^\[\]\n]+)\]\(<?(https?://[^\s)>]+)>?\)")
_BARE = re.compile(r"<(https?://[^\s>]+)>")
_SPOILER = re.compile(r"\|\|(.+?)\|\|", re.S)
_BOLD = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*", re.S)
_UNDERLINE = re.compile(r"__(?!\s)(.+?)(?<!\s)__", re.S)
_STRIKE = re.compile(r"~~(.+?)~~", re.S)
_ITALIC_STAR = re.compile(r"(?<![\\*\w])\*(?![\s*])(.+?)(?<![\s\\])\*(?!\*)")
_ITALIC_UNDER = re.compile(r"(?<![\\\w])_(?![\s_])(.+?)(?<![\s\\])_(?!\w)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_ESCAPE = re.compile(r"\\([*_~|`>#\-\[\]()\\<:])")
_HEADER = re.compile(r"^(#{1,3}) (.+)$")
_SMALL = re.compile(r"^-# (.+)$")
_QUOTE = re.compile(r"^>>?>? ?(.*)$")


@dataclass
class Rendered:
    """Text drawn from markdown, and whether it covered a spoiler."""

    text: str
    spoilers: bool = False


@dataclass
class _Protected:
    """Placeholders for code (taken out before the markdown passes, put back after)."""

    pieces: list[str] = field(default_factory=list)

    def keep(self, text: str) -> str:
        self.pieces.append(text)
        return f"\x00{len(self.pieces) - 1}\x00"

    def restore(self, text: str) -> str:
        # A piece may hold earlier ones (a link's label with an escaped "\|"): put each
        # back until none is left, or a label showed "Season 1 \x000\x00 The Expanse Wiki".
        while (restored := _PLACEHOLDER.sub(lambda m: self.pieces[int(m.group(1))], text)) != text:
            text = restored
        return text


def markdown(text: str, look: Look, *, reveal: bool = False) -> Rendered:
    """Discord markdown as terminal text."""
    kept = _Protected()
    found_spoiler = False
    text = _CODE_BLOCK.sub(lambda m: kept.keep(m.group(1).rstrip("\n")), text)
    text = _INLINE_CODE.sub(lambda m: kept.keep(m.group(1) or m.group(2)), text)
    text = _ESCAPE.sub(lambda m: kept.keep(m.group(1)), text)
    text = _TIMESTAMP.sub(
        lambda m: kept.keep(timestamp(int(m.group(1)), m.group(2) or "f", look)), text
    )
    text = _USER.sub(lambda m: "@" + (look.user_name(int(m.group(1))) or "unknown-user"), text)
    text = _ROLE.sub(lambda m: "@" + (look.role_name(int(m.group(1))) or "deleted-role"), text)
    text = _CHANNEL.sub(
        lambda m: "#" + (look.channel_name(int(m.group(1))) or "unknown-channel"), text
    )
    text = _EMOJI.sub(lambda m: f":{m.group(1)}:", text)
    text = _MASKED.sub(lambda m: kept.keep(f"{m.group(1)} ({m.group(2)})"), text)
    text = _BARE.sub(lambda m: kept.keep(m.group(1)), text)

    def spoiler(match: re.Match[str]) -> str:
        nonlocal found_spoiler
        found_spoiler = True
        if reveal:
            return look.wrap(ANSI_UNDERLINE, match.group(1)) if look.color else match.group(1)
        return "░" * max(3, min(len(kept.restore(match.group(1))), 24))

    text = _SPOILER.sub(spoiler, text)
    text = _BOLD.sub(lambda m: look.wrap(ANSI_BOLD, m.group(1)), text)
    text = _UNDERLINE.sub(lambda m: look.wrap(ANSI_UNDERLINE, m.group(1)), text)
    text = _STRIKE.sub(lambda m: look.wrap(ANSI_STRIKE, m.group(1)), text)
    text = _ITALIC_STAR.sub(lambda m: look.wrap(ANSI_ITALIC, m.group(1)), text)
    text = _ITALIC_UNDER.sub(lambda m: look.wrap(ANSI_ITALIC, m.group(1)), text)
    lines = []
    for line in text.split("\n"):
        if small := _SMALL.match(line):
            line = look.wrap(ANSI_DIM, small.group(1))
        elif header := _HEADER.match(line):
            line = look.wrap(ANSI_BOLD, header.group(2))
        elif line.startswith(">") and (quote := _QUOTE.match(line)):
            line = "▍ " + quote.group(1)
        lines.append(line)
    return Rendered(kept.restore("\n".join(lines)), found_spoiler)


# -- messages -----------------------------------------------------------------------------


def _box_colour(embed: dict[str, Any], look: Look) -> str:
    colour = embed.get("color")
    if not look.color or not isinstance(colour, int):
        return ""
    return f"\x1b[38;2;{colour >> 16 & 255};{colour >> 8 & 255};{colour & 255}m"


def button_label(component: dict[str, Any]) -> str:
    emoji = (component.get("emoji") or {}).get("name") or ""
    label = component.get("label") or ""
    return " ".join(p for p in (emoji, label) if p) or component.get("custom_id") or "?"


@dataclass
class Drawer:
    """Draws one message payload; `attachment_path` saves a file and says where it went."""

    look: Look
    attachment_path: Callable[[dict[str, Any]], str]
    spoilers: bool = False  # set while drawing when a spoiler was covered

    def text(self, raw: str, reveal: bool) -> str:
        rendered = markdown(raw, self.look, reveal=reveal)
        self.spoilers = self.spoilers or (rendered.spoilers and not reveal)
        return rendered.text

    def message(self, data: dict[str, Any], *, reveal: bool = False) -> list[str]:
        self.spoilers = False
        lines: list[str] = []
        if data.get("content"):
            lines.extend(self.text(data["content"], reveal).split("\n"))
        attachments = {a.get("filename"): a for a in data.get("attachments") or []}
        for embed in data.get("embeds") or []:
            lines.extend(self.embed(embed, attachments, reveal))
        for attachment in data.get("attachments") or []:
            size = int(attachment.get("size") or 0)
            spoiler = str(attachment.get("filename", "")).startswith("SPOILER_")
            lines.append(
                f"📎 {'(spoiler) ' if spoiler else ''}{self.attachment_path(attachment)}"
                f" ({max(1, round(size / 1024))} KB)"
            )
        lines.extend(self.components(data.get("components") or [], reveal))
        if self.spoilers:
            lines.append(self.look.wrap(ANSI_DIM, SPOILER_HINT))
        return lines

    def embed(
        self, embed: dict[str, Any], attachments: dict[str, dict[str, Any]], reveal: bool
    ) -> list[str]:
        bar = _box_colour(embed, self.look)
        reset = ANSI_RESET if bar else ""

        def edge(mark: str) -> str:
            return f"{bar}{mark}{reset}"

        lines: list[str] = []
        author = (embed.get("author") or {}).get("name")
        title = self.text(embed.get("title") or "", reveal)
        head = self.look.wrap(ANSI_BOLD, title) if title else ""
        if embed.get("url"):
            head += f" ({embed['url']})"
        lines.append(edge("┌ ") + (head or "").rstrip() if head else edge("┌"))
        if author:
            lines.append(edge("│ ") + self.text(author, reveal))
        if embed.get("description"):
            lines.extend(
                edge("│ ") + line for line in self.text(embed["description"], reveal).split("\n")
            )
        for item in embed.get("fields") or []:
            name = self.text(item.get("name") or "", reveal).strip("\u200b ")
            value = self.text(item.get("value") or "", reveal)
            if name:
                lines.append(edge("│ ▸ ") + self.look.wrap(ANSI_BOLD, name))
            if value.strip("\u200b "):
                lines.extend(edge("│   ") + line for line in value.split("\n"))
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url") or ""
            if url.startswith("attachment://") and url[13:] in attachments:
                lines.append(
                    edge("│ ") + f"[picture: {self.attachment_path(attachments[url[13:]])}]"
                )
            elif url:
                lines.append(edge("│ ") + f"[picture: {url}]")
        footer = (embed.get("footer") or {}).get("text") or ""
        when = embed.get("timestamp")
        if when:
            try:
                moment = dt.datetime.fromisoformat(str(when))
                stamp = timestamp(int(moment.timestamp()), "f", self.look)
                footer = f"{footer} · {stamp}" if footer else stamp
            except ValueError:
                pass
        lines.append(edge("└ ") + self.text(footer, reveal) if footer else edge("└"))
        return lines

    def components(self, components: list[dict[str, Any]], reveal: bool) -> list[str]:
        lines: list[str] = []
        for component in components:
            kind = component.get("type")
            if kind == 1:
                lines.extend(self.row(component.get("components") or []))
            elif kind == 10:
                lines.extend(self.text(component.get("content") or "", reveal).split("\n"))
            elif kind == 14:
                lines.append("─" * 20)
            elif kind in (9, 17):
                lines.extend(self.components(component.get("components") or [], reveal))
                if isinstance(component.get("accessory"), dict):
                    lines.extend(self.row([component["accessory"]]))
            elif kind in (11, 12, 13):
                lines.append("[media]")
            elif kind in (2, 3, 5, 6, 7, 8):
                lines.extend(self.row([component]))
        return lines

    def row(self, items: list[dict[str, Any]]) -> list[str]:
        buttons: list[str] = []
        lines: list[str] = []
        for item in items:
            kind = item.get("type")
            if kind == 2:
                label = button_label(item)
                if item.get("url"):
                    buttons.append(f"[{label} ↗ {item['url']}]")
                elif item.get("disabled"):
                    buttons.append(self.look.wrap(ANSI_DIM, f"[~{label}~]"))
                else:
                    buttons.append(f"[{label}]")
            elif kind == 3:
                options = " · ".join(
                    o.get("label", o.get("value", "?")) for o in item.get("options") or []
                )
                placeholder = item.get("placeholder") or "Make a selection"
                mark = "~" if item.get("disabled") else ""
                lines.append(f"▾ {mark}{placeholder}{mark}: {options}")
            elif kind in (5, 6, 7, 8):
                what = {5: "a member", 6: "a role", 7: "a member or role", 8: "a channel"}[kind]
                lines.append(f"▾ {item.get('placeholder') or 'Make a selection'} ({what})")
        if buttons:
            lines.insert(0, " ".join(buttons))
        return lines


def describe_form(modal: dict[str, Any]) -> list[str]:
    """A modal as the list of its fields, numbered, with what each accepts."""
    lines = [f"[a form opens: {modal.get('title', '')}]"]
    for number, (label, item) in enumerate(form_fields(modal), start=1):
        lines.append(f"  {number}. {label} ({field_rule(item)})")
    return lines


def form_fields(modal: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, text input) for every input of a modal (rows or label wrappers)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for row in modal.get("components") or []:
        if row.get("type") == 18 and isinstance(row.get("component"), dict):
            inner = row["component"]
            found.append((row.get("label") or inner.get("custom_id", "?"), inner))
        for inner in row.get("components") or []:
            found.append((inner.get("label") or inner.get("custom_id", "?"), inner))
    return found


def field_rule(item: dict[str, Any]) -> str:
    required = item.get("required", True)
    low, high = item.get("min_length"), item.get("max_length")
    parts = ["required" if required else "optional"]
    if low and high:
        parts.append(f"{low}–{high} characters")
    elif high:
        parts.append(f"up to {high} characters")
    elif low:
        parts.append(f"at least {low} characters")
    if item.get("style") == 2:
        parts.append("several lines: write \\n for a new line")
    return ", ".join(parts)
