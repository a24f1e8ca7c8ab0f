"""Shared pieces of the benchmarks: the bots, a template database, running a bot, RSS.

Not part of the test suite. Each bench script puts the project root on `sys.path` and
imports this module; nothing here is imported by the bot or the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from discord import app_commands  # noqa: E402
from discord.ext import commands  # noqa: E402

from bot.config import DEFAULT_DATA_DIR, Settings  # noqa: E402
from bot.store import Store  # noqa: E402
from parallax.bot import Parallax  # noqa: E402

GUILD_READY_TIMEOUT = 0.05  # as in tests/conftest.py: on_ready 50 ms after the last guild


class BenchParallax(Parallax):
    """The real bot; only discord.py's 5-second pause before a re-IDENTIFY is skipped."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


class BareBot(commands.Bot):
    """The baseline: a plain commands.Bot whose one app command answers "pong"."""

    def __init__(self, *, sync_guild: int | None = None, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.sync_guild = sync_guild

        @app_commands.command(description="Answers pong.")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        guild = discord.Object(sync_guild) if sync_guild is not None else None
        self.tree.add_command(ping, guild=guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None

    async def setup_hook(self) -> None:
        guild = discord.Object(self.sync_guild) if self.sync_guild is not None else None
        await self.tree.sync(guild=guild)


#: The Developer Portal switches the benches' loopback turns on: the bots read chat.
PORTAL_INTENTS = frozenset({"message_content"})


def parallax_intents() -> discord.Intents:
    """The intents tests/conftest.py gives the bot (default + message content)."""
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


def parallax_settings(token: str, database: Path) -> Settings:
    return Settings(token=token, database_path=database)


async def build_template(path: Path) -> Path:
    """A migrated database with the shipped dataset loaded (what tests/conftest.py builds)."""
    from bot.dataset import load_dataset

    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    await store.open()
    await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
    await store.close()
    return path


@contextlib.asynccontextmanager
async def shipped_store(prefix: str) -> AsyncIterator[Store]:
    """An open store on a temporary database holding the shipped dataset; closed at exit."""
    from bot.dataset import load_dataset

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        store = Store(Path(tmp) / "parallax.sqlite3")
        await store.open()
        try:
            await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
            yield store
        finally:
            await store.close()


def copy_database(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, target)
    for suffix in ("-wal", "-shm"):
        side = template.with_name(template.name + suffix)
        if side.exists():
            shutil.copy(side, target.with_name(target.name + suffix))
    return target


@contextlib.asynccontextmanager
async def running(bot: discord.Client, token: str, *, timeout: float = 60.0) -> AsyncIterator[Any]:
    """Like FakeDiscord.running, but only waits for this bot's own shards to be ready.

    (FakeDiscord.running waits for every shard of the fake; the latency bench runs two
    bots on two shards of one fake, so each waits for itself.)
    """
    task: asyncio.Task[None] | None = None
    ready: asyncio.Task[None] | None = None
    try:
        await bot.login(token)
        task = asyncio.create_task(bot.connect(reconnect=True), name="bench-bot-connect")
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if task in done:
            task.result()
            raise RuntimeError("bot.connect() returned before the bot became ready")
        if not done:
            raise RuntimeError(f"bot not ready after {timeout}s")
        yield bot
    finally:
        if ready is not None:
            ready.cancel()
        await bot.close()
        if task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, timeout)


def proc_status_kib(field: str, pid: int | str = "self") -> int:
    """A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, ...), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def point_discord_at(http_base: str, ws_url: str) -> None:
    """The two documented knobs FakeDiscord.patched() sets, for a bot in another process."""
    import yarl

    discord.http.Route.BASE = http_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(ws_url)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    revision = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        revision = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "discord.py": discord.__version__,
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in load],
        "git_head": revision + " (plus uncommitted work in progress)",
    }


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 100 samples is the 99th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def write_json(name: str, data: dict[str, Any]) -> Path:
    if hasattr(os, "getloadavg"):  # how busy the shared machine was when the run ended
        data.setdefault("machine", {})["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
