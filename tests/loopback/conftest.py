"""The `probe` fixture: a ProbeBot connected to the loopback in one guild."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from loopback import FakeDiscord
from tests.loopback.support import Probe, start_probe


@pytest_asyncio.fixture
async def probe(fake_discord: FakeDiscord) -> AsyncIterator[Probe]:
    """A connected ProbeBot (default intents, no commands) in one guild."""
    async for world in start_probe(fake_discord):
        yield world
