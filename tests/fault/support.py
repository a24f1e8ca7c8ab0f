"""Shared by the fault and abuse suites: the synced commands, and every text the bot wrote."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loopback import FakeDiscord, RecordedRequest

if TYPE_CHECKING:
    from tests.conftest import Env

# Words that only appear in chat when something raw leaked out of the bot.
LEAK_MARKERS = ("Traceback", "Error:", "Exception", "discord.errors", "sqlite")
OUR_FAULT = "Something went wrong on our side"

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)


def _component_texts(components: Iterable[dict[str, Any]]) -> Iterable[str]:
    for component in components:
        for key in ("label", "placeholder", "content"):
            if isinstance(component.get(key), str):
                yield component[key]
        for option in component.get("options") or []:
            yield option.get("label") or ""
            yield option.get("description") or ""
        yield from _component_texts(component.get("components") or [])


def body_text(body: dict[str, Any]) -> str:
    """Content, every embed's text and every component's label in one message body."""
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            parts += [field.get("name") or "", field.get("value") or ""]
        parts.append((embed.get("footer") or {}).get("text") or "")
        parts.append((embed.get("author") or {}).get("name") or "")
    parts += _component_texts(body.get("components") or [])
    return "\n".join(p for p in parts if p)


def written_texts(fake: FakeDiscord, since: int = 0) -> list[tuple[RecordedRequest, str]]:
    """Each message the bot created or edited (and Discord accepted) from request number
    `since` on, with its text."""
    return [
        (request, body_text(request.message_body))
        for request in fake.requests[since:]
        if request.is_message_write and request.status is not None and request.status < 300
    ]


def leaks(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Leak markers in `text` that the user did not type themselves (echoed input is fine)."""
    typed = " ".join(allowed)
    return [marker for marker in LEAK_MARKERS if marker in text and marker not in typed]


@dataclass(frozen=True)
class Command:
    path: str  # "fact add"
    options: tuple[dict[str, Any], ...]


def leaf_commands(schemas: list[dict[str, Any]]) -> list[Command]:
    """Every invocable slash command (subcommands flattened), from the synced schemas."""
    found: list[Command] = []

    def walk(node: dict[str, Any], path: str) -> None:
        options = node.get("options") or []
        subs = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if subs:
            for sub in subs:
                walk(sub, f"{path} {sub['name']}")
        else:
            found.append(Command(path, tuple(options)))

    for schema in schemas:
        if schema.get("type", 1) == 1:
            walk(schema, schema["name"])
    return sorted(found, key=lambda c: c.path)


async def bot_idle(env: Env, *, timeout: float = 15.0) -> None:
    """Until the bot's work in the background is done: no app command handler still running
    (they may go on after answering), no trivia night in the middle of a step (waiting out a
    rate limit, say), and no REST request in flight."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    def busy() -> bool:
        handlers = any(
            t.get_name() == "CommandTree-invoker" and not t.done() for t in asyncio.all_tasks()
        )
        nights = env.bot.get_cog("TriviaNights")
        runners = getattr(nights, "runners", {}) if nights is not None else {}
        return handlers or any(r.lock.locked() for r in runners.values())

    while loop.time() < deadline:
        if not busy():
            await env.fake.wait_idle(quiet=0.01, timeout=max(0.1, deadline - loop.time()))
            if not busy():
                return
        await asyncio.sleep(0.005)
    raise AssertionError(f"the bot was still busy after {timeout}s")
