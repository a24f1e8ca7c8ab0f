"""Reading what a newcomer types in `parallax try`: slash lines, session lines, durations.

Nothing here talks to the bot: a line becomes a small value, or a `TryError` whose message
is the one line shown to the user.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


class TryError(ValueError):
    """What the user typed cannot be run; the message (one line) says why and what to do."""


SHORT = 60  # characters of what was typed that a refusal repeats


def shorten(text: str) -> str:
    """What was typed, cut to SHORT characters, for a refusal that repeats it."""
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    """'/timeline year:1969 search:"Happy Valley"' -> head 'timeline', options by name."""

    head: str  # "timeline" or "fact add": the words before the first option
    options: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.head


# An option starts at `name:` at the start of the text or after a space; a colon inside a
# value ("https://…", "Mars:") is not preceded by a space and so never starts one.
_OPTION = re.compile(r"(?<!\S)([A-Za-z_][\w-]*):")
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The quoted value starting at `start` (a quote), and the index after its closing quote."""
    closing = _QUOTES[text[start]]
    out: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in (closing, "\\"):
            out.append(text[index + 1])
            index += 2
            continue
        if char == closing:
            return "".join(out), index + 1
        out.append(char)
        index += 1
    raise TryError(f"A quote is not closed: add the closing {closing} after the value.")


def parse_command(text: str) -> ParsedCommand:
    """Split a slash line into its command words and `option:value` pairs.

    A value runs to the next ` option:` (so `search:Happy Valley` needs no quotes), or is
    quoted: `start:"2026-12-05 20:00"`, `claim:"Holden says: no"`.
    """
    text = text.strip()
    if not text.startswith("/"):
        raise TryError('Write the command as you would in Discord, e.g. "/timeline year:1969".')
    body = text[1:]
    found = _OPTION.search(body)
    head = " ".join((body[: found.start()] if found else body).split())
    if not head:
        raise TryError("Name a command after the slash, e.g. /about.")
    options: dict[str, str] = {}
    while found is not None:
        name, start = found.group(1), found.end()
        if start < len(body) and body[start] in _QUOTES:
            value, end = _quoted(body, start)
            following = _OPTION.search(body, end)
            extra = body[end : following.start() if following else len(body)].strip()
            if extra:
                raise TryError(
                    f"After the quoted value of `{name}` comes {shorten(extra)!r}; "
                    "put it inside the quotes or make it an option."
                )
        else:
            following = _OPTION.search(body, start)
            value = body[start : following.start() if following else len(body)].strip()
        if name in options:
            raise TryError(f"`{name}` is given twice; give each option once.")
        options[name] = value
        found = following
    return ParsedCommand(head, options)


# -- durations ----------------------------------------------------------------------------

_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
}
_PART = re.compile(r"(\d{1,6})\s*([a-z]+)")
MAX_WAIT = dt.timedelta(days=366)
WAIT_EXAMPLE = "e.g. wait 90s, wait 15m, wait 2h, wait 3d, wait 1h30m"


def parse_duration(text: str) -> dt.timedelta:
    """'90s', '2h', '3d', '1h30m', '2 hours' -> a timedelta (at most a year)."""
    raw = text.strip().lower()
    if not raw:
        raise TryError(f"Wait how long? {WAIT_EXAMPLE}.")
    seconds = 0
    position = 0
    for match in _PART.finditer(raw):
        if raw[position : match.start()].strip(" ,and"):
            break
        unit = _UNITS.get(match.group(2))
        if unit is None:
            raise TryError(f"{shorten(match.group(2))!r} is not a unit of time: {WAIT_EXAMPLE}.")
        seconds += int(match.group(1)) * unit
        position = match.end()
    if position == 0 or raw[position:].strip():
        raise TryError(f"{shorten(text.strip())!r} is not a duration: {WAIT_EXAMPLE}.")
    if seconds <= 0:
        raise TryError("Wait at least one second.")
    delta = dt.timedelta(seconds=seconds)
    if delta > MAX_WAIT:
        raise TryError("Wait at most a year at a time.")
    return delta


def parse_start(text: str) -> dt.datetime:
    """`--at`: an ISO date and time, UTC unless it carries an offset."""
    raw = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise TryError(
            f"--at {shorten(text)!r} is not a date and time; write it like 2026-11-24T12:00 (UTC) "
            "or 2026-11-24T12:00+01:00."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# -- form lines ---------------------------------------------------------------------------


def parse_form(text: str) -> list[tuple[str, str]]:
    """'Fact text=The Moon | When=1969' -> [('Fact text', 'The Moon'), ('When', '1969')].

    A literal | is written \\|, and a new line in a paragraph \\n.
    """
    parts = re.split(r"(?<!\\)\|", text)
    pairs: list[tuple[str, str]] = []
    for part in parts:
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise TryError(
                f"{shorten(part.strip())!r} is not field=value; fill a form like: "
                "form Fact text=The Moon | Tags=Apollo"
            )
        value = value.strip().replace("\\|", "|").replace("\\n", "\n")
        pairs.append((key.strip(), value))
    return pairs
