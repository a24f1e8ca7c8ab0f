"""Turning ``slash("group sub", opt=value)`` into interaction data from the SYNCED schema.

Only what the bot registered can be invoked, and values are checked the way the
Discord client checks them before it lets a user send the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser

SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11


class LoopbackError(Exception):
    """A test asked the loopback for something Discord's client would not let a user do."""


class CommandNotRegistered(LoopbackError):
    """The command, subcommand or option was never synced by the bot."""


class ClientRefused(LoopbackError):
    """What Discord's own client refuses to send: a value that is not one of the option's
    choices, a missing required option, a value out of range. ``message`` is one line,
    what the client tells its user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def missing_options(command: str, schemas: list[dict[str, Any]]) -> ClientRefused:
    """The refusal for required options left empty, with the choices where there are some."""
    names = [f"`{o['name']}`" for o in schemas]
    text = f"/{command} needs the option{'s' if len(names) > 1 else ''} {_listed(names)}"
    choices = [o for o in schemas if o.get("choices")]
    for schema in choices:
        text += f"; `{schema['name']}` is one of: " + ", ".join(
            c["name"] for c in schema["choices"]
        )
    return ClientRefused(text + ".")


class Resolved:
    """Accumulates ``data.resolved`` for user/role/channel/attachment options."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    def add_user(self, user: FakeUser, member: FakeMember | None) -> None:
        self.data.setdefault("users", {})[str(user.id)] = user.payload()
        if member is not None:
            self.data.setdefault("members", {})[str(user.id)] = member.payload(
                with_user=False, with_permissions=True
            )

    def add_role(self, role: FakeRole) -> None:
        self.data.setdefault("roles", {})[str(role.id)] = role.payload()

    def add_channel(self, channel: FakeChannel, permissions: int) -> None:
        self.data.setdefault("channels", {})[str(channel.id)] = {
            **channel.payload(),
            "permissions": str(permissions),
        }

    def add_attachment(self, attachment: dict[str, Any]) -> None:
        self.data.setdefault("attachments", {})[attachment["id"]] = attachment


def split_path(name: str) -> list[str]:
    parts = name.split()
    if not 1 <= len(parts) <= 3:
        raise LoopbackError(f"bad command path {name!r}")
    return parts


def resolve_leaf(
    command: dict[str, Any], parts: list[str]
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Walk "cmd group sub" through the schema; returns leaf option schemas and the nesting."""
    options = command.get("options") or []
    nesting: list[tuple[int, str]] = []
    for part in parts[1:]:
        sub = next((o for o in options if o["name"] == part and o["type"] in (1, 2)), None)
        if sub is None:
            raise CommandNotRegistered(
                f"/{' '.join(parts)}: {part!r} is not a registered subcommand"
            )
        nesting.append((sub["type"], part))
        options = sub.get("options") or []
    if any(o["type"] in (1, 2) for o in options):
        names = sorted(o["name"] for o in options)
        raise CommandNotRegistered(f"/{' '.join(parts)} is a group; pick one of {names}")
    return options, nesting


def nest(nesting: list[tuple[int, str]], leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for opt_type, name in reversed(nesting):
        leaf = [{"type": opt_type, "name": name, "options": leaf}]
    return leaf


def _id_of(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if hasattr(value, "id"):
        return int(value.id)
    raise LoopbackError(f"expected an object with an id, got {value!r}")


def convert_option(
    schema: dict[str, Any],
    value: Any,
    *,
    guild: FakeGuild | None,
    users: dict[int, FakeUser],
    resolved: Resolved,
    attachment: Any,
    channel_permissions: Callable[[FakeChannel], int] | None,
) -> Any:
    """Check a Python value against the option schema and return its wire value."""
    name, otype = schema["name"], schema["type"]
    if otype == STRING:
        if not isinstance(value, str):
            raise LoopbackError(f"option {name!r} wants a str, got {value!r}")
        lo, hi = schema.get("min_length", 0), schema.get("max_length", 6000)
        if not lo <= len(value) <= hi:
            raise ClientRefused(f"`{name}` must be {lo} to {hi} characters long, not {len(value)}.")
    elif otype in (INTEGER, NUMBER):
        ok = isinstance(value, int) if otype == INTEGER else isinstance(value, int | float)
        if not ok or isinstance(value, bool):
            raise LoopbackError(
                f"option {name!r} wants a {'int' if otype == INTEGER else 'number'}"
            )
        if "min_value" in schema and value < schema["min_value"]:
            raise ClientRefused(f"`{name}` must be at least {schema['min_value']}, not {value}.")
        if "max_value" in schema and value > schema["max_value"]:
            raise ClientRefused(f"`{name}` must be at most {schema['max_value']}, not {value}.")
        value = float(value) if otype == NUMBER else value
    elif otype == BOOLEAN:
        if not isinstance(value, bool):
            raise LoopbackError(f"option {name!r} wants a bool, got {value!r}")
    elif otype in (USER, MENTIONABLE) and isinstance(value, FakeMember | FakeUser | int):
        if isinstance(value, int) and guild is not None and guild.get_role(value):
            if otype == USER:
                raise LoopbackError(f"option {name!r} wants a user, got a role id")
            resolved.add_role(guild.get_role(value))  # type: ignore[arg-type]
            return str(value)
        uid = _id_of(value)
        member = guild.get_member(uid) if guild is not None else None
        user = member.user if member is not None else users.get(uid)
        if user is None:
            raise LoopbackError(f"option {name!r}: unknown user {uid}")
        resolved.add_user(user, member)
        return str(uid)
    elif otype in (ROLE, MENTIONABLE):
        rid = _id_of(value)
        role = guild.get_role(rid) if guild is not None else None
        if role is None:
            raise LoopbackError(f"option {name!r}: unknown role {rid}")
        resolved.add_role(role)
        return str(rid)
    elif otype == CHANNEL:
        if not isinstance(value, FakeChannel):
            raise LoopbackError(f"option {name!r} wants a FakeChannel, got {value!r}")
        allowed = schema.get("channel_types")
        if allowed and value.type not in allowed:
            raise LoopbackError(f"option {name!r}: channel type {value.type} not in {allowed}")
        resolved.add_channel(value, channel_permissions(value) if channel_permissions else 0)
        return str(value.id)
    elif otype == ATTACHMENT:
        resolved.add_attachment(attachment)
        return attachment["id"]
    else:
        raise LoopbackError(f"option {name!r}: unsupported type {otype} for {value!r}")
    choices = schema.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ClientRefused(
            f"`{value}` is not one of the choices for `{name}`: "
            + ", ".join(c["name"] for c in choices)
            + "."
        )
    return value
