"""Slash lines against the synced commands: which command, and each option's value.

What Discord's client does before it sends a command: find the (sub)command, and turn what
was typed into the option's value (a choice by its shown name, a number, a channel, a role
or a member of the server), refusing what it would refuse, in one line.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

from loopback.commands import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
)

from .parse import TryError, shorten
from .world import World

DISCORD_NUMBER = 2**53  # the largest number Discord's client lets a user type


def resolve_command(
    synced: list[dict[str, Any]], head: str
) -> tuple[str, dict[str, dict[str, Any]]]:
    """The command path ('fact add') and its options' schemas, from the synced commands."""
    words = head.split()
    commands = {c["name"]: c for c in synced}
    name = words[0].casefold()
    command = commands.get(name)
    if command is None:
        close = difflib.get_close_matches(name, list(commands), n=1)
        hint = f" Did you mean /{close[0]}?" if close else ""
        listing = ", ".join("/" + n for n in sorted(commands))
        raise TryError(f"There is no /{shorten(name)} command.{hint} Commands: {listing}")
    options = command.get("options") or []
    path = [name]
    for word in words[1:]:
        subs = {o["name"]: o for o in options if o["type"] in (1, 2)}
        if not subs:
            raise TryError(_words_without_option(" ".join(path), options, words[len(path) :]))
        sub = subs.get(word.casefold())
        if sub is None:
            raise TryError(
                f"/{' '.join(path)} has no {shorten(word)!r}; pick one of: "
                + ", ".join(sorted(subs))
            )
        path.append(sub["name"])
        options = sub.get("options") or []
    groups = [o["name"] for o in options if o["type"] in (1, 2)]
    if groups:
        raise TryError(f"/{' '.join(path)} needs one of: " + ", ".join(sorted(groups)) + ".")
    return " ".join(path), {o["name"]: o for o in options}


def _words_without_option(command: str, options: list[dict[str, Any]], words: list[str]) -> str:
    """What to say of `/canon Miller dies`: words after a command that takes no more words."""
    if not options:
        return f"/{command} takes no options: type /{command} alone."
    required = [o for o in options if o.get("required")]
    if len(required) == 1 and required[0]["type"] == STRING and not required[0].get("choices"):
        return f"Name the option: /{command} {required[0]['name']}:{' '.join(words)}"
    names = ", ".join(o["name"] for o in options)
    return (
        f"/{command} takes its values as options, e.g. /{command} {options[0]['name']}:… "
        f"(its options: {names})."
    )


def coerce(world: World, schema: dict[str, Any], raw: str) -> Any:
    """The typed text as the option's value, as Discord's client would send it."""
    name, kind = schema["name"], schema["type"]
    if not raw:
        raise TryError(f"`{name}` has no value: write {name}:something.")
    choices = schema.get("choices") or []
    if choices:
        folded = raw.casefold()
        for choice in choices:
            if folded in (str(choice["name"]).casefold(), str(choice["value"]).casefold()):
                return choice["value"]
        starting = [c for c in choices if str(c["name"]).casefold().startswith(folded)]
        if len(starting) == 1:
            return starting[0]["value"]
    if kind in (INTEGER, NUMBER):
        try:
            if raw.strip().lstrip("+-").isdigit() and len(raw.strip()) > 20:
                number = math.inf  # out of range; int() refuses over 4300 digits anyway
            else:
                number = int(raw) if kind == INTEGER else float(raw)
        except ValueError:
            what = "a whole number" if kind == INTEGER else "a number"
            raise TryError(f"`{name}` takes {what}, not {shorten(raw)!r}.") from None
        if not math.isfinite(number) or abs(number) > DISCORD_NUMBER:
            raise TryError(f"`{name}` must be between -2^53 and 2^53, as on Discord.")
        return number
    if kind == BOOLEAN:
        folded = raw.casefold()
        if folded in ("true", "yes", "on", "1"):
            return True
        if folded in ("false", "no", "off", "0"):
            return False
        raise TryError(f"`{name}` is true or false, not {shorten(raw)!r}.")
    if kind == CHANNEL:
        return world.channel(raw)
    if kind == ROLE:
        return world.role(raw)
    if kind == USER:
        return world.member(raw)
    if kind == MENTIONABLE:
        try:
            return world.member(raw)
        except TryError:
            return world.role(raw)
    if kind == ATTACHMENT:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise TryError(f"`{name}` takes a file; there is no file {shorten(raw)!r}.")
        return (path.name, path.read_bytes())
    return raw
