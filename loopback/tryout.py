"""`parallax try`: run one command against the real bot on the loopback, print the reply.

Operators and moderators can try commands and data with no token and no Discord: the real
Parallax bot connects to an in-process loopback Discord, on a temporary copy of the local
database, and the reply is printed the way a reader would see it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import discord

from bot.bot import Parallax
from bot.config import Settings
from bot.store import Store
from loopback.commands import ClientRefused
from loopback.fake import FakeDiscord
from loopback.interactions import Reply

MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True, manage_messages=True).value
OPTION = re.compile(r"(?:^|\s)([a-z_][\w-]*):")


class TryError(ValueError):
    """The command line given to `parallax try` cannot be run; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str  # "timeline" or "fact add"
    options: dict[str, str] = field(default_factory=dict)


def parse_command(text: str) -> ParsedCommand:
    """'/timeline year:1969 search:Happy Valley' -> ('timeline', {'year': '1969', ...})."""
    text = text.strip()
    if not text.startswith("/"):
        raise TryError('Write the command as you would in Discord, e.g. "/timeline year:1969".')
    text = text[1:]
    matches = list(OPTION.finditer(text))
    head = text[: matches[0].start()] if matches else text
    options: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        options[match.group(1)] = text[match.end() : end].strip()
    name = " ".join(head.split())
    if not name:
        raise TryError("Name a command after the slash, e.g. /about.")
    return ParsedCommand(name, options)


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    """The typed text as the option's wire value; a choice may be typed by its shown name."""
    for choice in schema.get("choices") or []:
        if value.casefold() in (str(choice["name"]).casefold(), str(choice["value"]).casefold()):
            return choice["value"]
    option_type = schema["type"]
    if option_type == 4:  # integer
        try:
            return int(value)
        except ValueError:
            raise TryError(f"{value!r} is not a whole number") from None
    if option_type == 10:  # number
        return float(value)
    if option_type == 5:  # boolean
        return value.lower() in ("true", "yes", "1", "on")
    return value


def _schema_options(fake: FakeDiscord, name: str) -> dict[str, dict[str, Any]]:
    """Option name -> its schema for the (sub)command `name`, from the synced schema."""
    parts = name.split()
    for command in fake.commands.get(None, []):
        if command.get("name") != parts[0]:
            continue
        options = command.get("options", [])
        for part in parts[1:]:
            options = next((o.get("options", []) for o in options if o.get("name") == part), [])
        return {o["name"]: o for o in options if o.get("type") not in (1, 2)}
    known = ", ".join(sorted("/" + c["name"] for c in fake.commands.get(None, [])))
    raise TryError(f"There is no /{parts[0]} command. Commands: {known}")


def render_reply(reply: Reply) -> str:
    """A reply as text: content, embeds (title, description, fields, footer) and buttons."""
    lines: list[str] = []
    if reply.ephemeral:
        lines.append("(only you can see this)")
    if reply.modal is not None:
        lines.append(f"[a form opens: {reply.modal.get('title', '')}]")
    messages = [reply.message] if reply.message is not None else []
    messages += [m for m in reply.followups if not messages or m.id != messages[0].id]
    for message in messages:
        data = message.raw
        content = data.get("content") or ""
        if content:
            lines.append(content)
        for embed in data.get("embeds") or []:
            lines.append("┌ " + (embed.get("title") or ""))
            if embed.get("description"):
                lines.extend("│ " + line for line in embed["description"].splitlines())
            for item in embed.get("fields") or []:
                lines.append(f"│ ▸ {item['name']}")
                lines.extend("│   " + line for line in item["value"].splitlines())
            if embed.get("footer"):
                lines.append("└ " + embed["footer"].get("text", ""))
        for attachment in data.get("attachments") or []:
            lines.append(f"[attachment: {attachment.get('filename')}]")
        buttons = [
            c.get("label") or c.get("custom_id", "")
            for row in data.get("components") or []
            for c in row.get("components", [])
        ]
        if buttons:
            lines.append(" ".join(f"[{b}]" for b in buttons))
    return "\n".join(lines) if lines else "(no visible reply)"


def reply_json(reply: Reply) -> dict[str, Any]:
    messages = [reply.message] if reply.message is not None else []
    messages += [m for m in reply.followups if not messages or m.id != messages[0].id]
    return {
        "ephemeral": reply.ephemeral,
        "modal": reply.modal,
        "choices": reply.choices,
        "messages": [m.raw for m in messages],
    }


class _TryBot(Parallax):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


async def try_command(
    command: str, settings: Settings, *, as_moderator: bool = False
) -> tuple[Reply, FakeDiscord]:
    """Run `command` once against the real bot on a temporary copy of the local database."""
    parsed = parse_command(command)
    with tempfile.TemporaryDirectory(prefix="parallax-try-") as folder:
        database = Path(folder) / "parallax.sqlite3"
        if settings.database_path.exists():
            await _copy_database(settings.database_path, database)
        fake = FakeDiscord()
        await fake.start()
        try:
            with fake.patched():
                guild = fake.add_guild("Parallax try-out")
                member = guild.add_member(
                    "you", permissions=MODERATOR_PERMISSIONS if as_moderator else 0
                )
                bot = _TryBot(
                    replace(settings, token=fake.token, database_path=database, auto_sync=False),
                    guild_ready_timeout=0.05,
                )
                async with fake.running(bot):
                    await bot.tree.sync()
                    schemas = _schema_options(fake, parsed.name)
                    unknown = sorted(set(parsed.options) - set(schemas))
                    if unknown:
                        raise TryError(
                            f"/{parsed.name} has no option {', '.join(unknown)}; its options: "
                            + (", ".join(sorted(schemas)) or "none")
                        )
                    options = {k: _coerce(v, schemas[k]) for k, v in parsed.options.items()}
                    reply = await fake.slash(
                        guild, member, parsed.name, ignore_default_permissions=True, **options
                    )
                    fake.take_violations()
                    return reply, fake
        finally:
            await fake.stop()


async def _copy_database(source: Path, target: Path) -> None:
    """An online backup of the local store: consistent even while the real bot runs."""
    store = Store(source)
    await store.db.open_for_backup()
    try:
        await store.backup_to(target)
    finally:
        await store.close()


def run_try(command: str, settings: Settings, *, as_moderator: bool, as_json: bool) -> int:
    logging.getLogger("discord").setLevel(logging.ERROR)
    try:
        reply, _ = asyncio.run(try_command(command, settings, as_moderator=as_moderator))
    except (TryError, ClientRefused) as error:  # as Discord's client would refuse it
        print(error)
        return 2
    if as_json:
        print(json.dumps(reply_json(reply), indent=2, ensure_ascii=False, default=str))
    else:
        print(render_reply(reply))
    return 0
