"""Turning ``slash("group sub", opt=value)`` into interaction data from the SYNCED schema.

Only what the bot registered can be invoked, and values are checked the way the
Discord client checks them before it lets a user send the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .model import ALL_PERMISSIONS, FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser

if TYPE_CHECKING:
    from .world import World

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


def find_command(
    commands: dict[int | None, list[dict[str, Any]]], guild: FakeGuild | None, name: str, ctype: int
) -> tuple[dict[str, Any], int | None]:
    """The synced command ``name`` of type ``ctype`` seen from ``guild``, and its scope."""
    scopes: list[int | None] = [guild.id, None] if guild is not None else [None]
    for scope in scopes:
        for cmd in commands.get(scope, []):
            if cmd["name"] == name and cmd.get("type", 1) == ctype:
                return cmd, scope
    known = sorted(c["name"] for s in scopes for c in commands.get(s, []))
    raise CommandNotRegistered(f"command {name!r} (type {ctype}) was not synced; synced: {known}")


def check_usable(
    cmd: dict[str, Any], guild: FakeGuild | None, member: FakeMember | None, bypass: bool
) -> None:
    """Refuse what Discord's client would not offer here (context, DMs, permissions)."""
    contexts = cmd.get("contexts")
    context = 0 if guild is not None else 1
    if contexts is not None and context not in contexts:
        raise CommandNotRegistered(f"/{cmd['name']} is not available in context {context}")
    if guild is None and contexts is None and cmd.get("dm_permission") is False:
        raise CommandNotRegistered(f"/{cmd['name']} is not available in DMs")
    required = cmd.get("default_member_permissions")
    if guild is not None and member is not None and required is not None and not bypass:
        needed, has = int(required), member.permissions
        admin_only = needed == 0 and has != ALL_PERMISSIONS  # "0" means admins only
        if has & needed != needed or admin_only:
            raise CommandNotRegistered(
                f"/{cmd['name']} needs permissions {needed}; {member.name} has {has} "
                "(Discord hides it; ignore_default_permissions=True simulates an override)"
            )


def command_data(
    world: World,
    guild: FakeGuild | None,
    member: FakeMember | None,
    channel: FakeChannel,
    name: str,
    options: dict[str, Any],
    *,
    focused: str | None = None,
    bypass: bool = False,
) -> dict[str, Any]:
    """The ``data`` of an APPLICATION_COMMAND (or AUTOCOMPLETE, ``focused``) interaction."""
    parts = split_path(name)
    cmd, scope = find_command(world.commands, guild, parts[0], 1)
    check_usable(cmd, guild, member, bypass)
    leaf_schema, nesting = resolve_leaf(cmd, parts)
    by_name = {o["name"]: o for o in leaf_schema}
    unknown = set(options) - set(by_name)
    if unknown:
        raise CommandNotRegistered(
            f"/{name} has no option(s) {sorted(unknown)}; registered: {sorted(by_name)}"
        )
    if focused is None:
        missing = [o for o in leaf_schema if o.get("required") and o["name"] not in options]
        if missing:
            raise missing_options(" ".join(parts), missing)
    resolved = Resolved()
    leaf: list[dict[str, Any]] = []
    for schema in leaf_schema:  # Discord sends options in schema order
        if schema["name"] not in options:
            continue
        value = options[schema["name"]]
        if schema["name"] == focused:
            if not schema.get("autocomplete"):
                raise CommandNotRegistered(f"option {focused!r} of /{name} has no autocomplete")
            # The partial input, as typed: Discord sends a string whatever the option's
            # type ("", "-", "12a" for an integer option).
            typed = value if isinstance(value, str) else str(value)
            leaf.append({"name": focused, "type": schema["type"], "value": typed, "focused": True})
            continue
        attachment = None
        if schema["type"] == ATTACHMENT:
            attachment = value if isinstance(value, dict) else world.attachment(*value)
        wire = convert_option(
            schema,
            value,
            guild=guild,
            users=world.users,
            resolved=resolved,
            attachment=attachment,
            channel_permissions=member.permissions_in if member else None,
        )
        leaf.append({"name": schema["name"], "type": schema["type"], "value": wire})
    data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1}
    if nesting or leaf:
        data["options"] = nest(nesting, leaf)
    if resolved.data:
        data["resolved"] = resolved.data
    if scope is not None:
        data["guild_id"] = str(scope)
    return data
