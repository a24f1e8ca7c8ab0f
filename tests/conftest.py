"""Shared fixtures: the real Parallax bot against the loopback Discord, on a fresh database.

`env` starts a FakeDiscord with two servers (a moderator and a fan in each), and the real
bot connected to it through discord.py's own machinery. The database starts from a
template built once per session (migrated, dataset loaded), copied for each test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.clock import ManualClock
from bot.config import Settings
from bot.store import Store
from loopback import FakeChannel, FakeDiscord, FakeGuild, FakeMember
from parallax.bot import Parallax

pytest_plugins = ["loopback.pytest_plugin"]

MANAGE_GUILD = discord.Permissions(manage_guild=True).value
START = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
#: Other "todays" the date-sensitive tests also run at, to prove they don't depend on the date.
OTHER_TODAYS = (
    dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2031, 1, 1, 12, 0, tzinfo=dt.UTC),
)


class TestParallax(Parallax):
    """The real bot; only discord.py's 5-second pause before a re-IDENTIFY is skipped."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def test_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the shipped dataset loaded, built once per test session."""
    path = tmp_path_factory.mktemp("template") / "parallax.sqlite3"

    async def build() -> None:
        from bot.config import DEFAULT_DATA_DIR
        from bot.dataset import load_dataset

        store = Store(path)
        await store.open()
        await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
        await store.close()

    asyncio.run(build())
    return path


@dataclass
class Env:
    """Everything an end-to-end test needs; `restart()` replaces the bot, keeping the data."""

    fake: FakeDiscord
    clock: ManualClock
    settings: Settings
    guild_a: FakeGuild
    guild_b: FakeGuild
    mod_a: FakeMember
    fan_a: FakeMember
    mod_b: FakeMember
    fan_b: FakeMember
    channel_a: FakeChannel
    channel_b: FakeChannel
    bot: Parallax = field(init=False)
    _stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    @property
    def store(self) -> Store:
        return self.bot.store

    async def start(self, **bot_options: Any) -> Parallax:
        self.bot = TestParallax(
            self.settings,
            clock=self.clock,
            intents=test_intents(),
            guild_ready_timeout=0.05,
            **bot_options,
        )
        await self._stack.enter_async_context(self.fake.running(self.bot))
        return self.bot

    async def restart(self, **bot_options: Any) -> Parallax:
        """Close the bot (as a restart would) and start a new one on the same database."""
        await self._stack.aclose()
        self._stack = AsyncExitStack()
        return await self.start(**bot_options)

    async def close(self) -> None:
        await self._stack.aclose()


@pytest.fixture
def today(request: pytest.FixtureRequest) -> dt.datetime:
    """The test world's "now" at the start (START unless parametrized indirectly)."""
    return getattr(request, "param", START)


@pytest.fixture
def loopback_clock(today: dt.datetime) -> ManualClock:
    """One clock for the bot and the loopback Discord: both agree on the date."""
    return ManualClock(today)


@pytest_asyncio.fixture
async def env(
    fake_discord: FakeDiscord,
    template_database: Path,
    tmp_path: Path,
    loopback_clock: ManualClock,
) -> AsyncIterator[Env]:
    database = tmp_path / "parallax.sqlite3"
    shutil.copy(template_database, database)
    fake = fake_discord
    # The test bot reads chat (trivia answers): as if its operator had switched on the
    # Message Content intent in the Developer Portal.
    fake.privileged_intents = fake.privileged_intents | {"message_content"}
    guild_a = fake.add_guild("Mankind Fans")
    guild_b = fake.add_guild("Belters Anonymous")
    environment = Env(
        fake=fake,
        clock=loopback_clock,
        settings=Settings(token=fake.token, database_path=database),
        guild_a=guild_a,
        guild_b=guild_b,
        mod_a=guild_a.add_member("margo", permissions=MANAGE_GUILD),
        fan_a=guild_a.add_member("aleida"),
        mod_b=guild_b.add_member("drummer", permissions=MANAGE_GUILD),
        fan_b=guild_b.add_member("amos"),
        channel_a=guild_a.add_channel("watch-party"),
        channel_b=guild_b.add_channel("ops"),
    )
    await environment.start()
    try:
        yield environment
    finally:
        await environment.close()
