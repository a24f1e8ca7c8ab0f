"""Pytest fixtures for loopback tests.

Load with ``pytest_plugins = ["loopback.pytest_plugin"]`` in the root conftest (or in a
test module). ``fake_discord`` is started and patched into discord.py; at teardown it
fails the test if a violation was recorded and not taken with ``take_violations()``.
Override ``loopback_options`` (module, class or test level) to configure it::

    @pytest.fixture
    def loopback_options():
        return {"ack_deadline": 0.3}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from .fake import FakeDiscord


@pytest.fixture
def loopback_options() -> dict[str, Any]:
    """Keyword arguments for ``FakeDiscord(...)``; override to tune a test."""
    return {}


@pytest.fixture
def loopback_clock() -> Callable[[], dt.datetime] | None:
    """The emulated world's clock; override it to share the bot's (None: the real time)."""
    return None


@pytest_asyncio.fixture
async def fake_discord(
    loopback_options: dict[str, Any],
    loopback_clock: Callable[[], dt.datetime] | None,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with Route.BASE and DEFAULT_GATEWAY pointed at it."""
    fake = FakeDiscord(**{"clock": loopback_clock, **loopback_options})
    await fake.start()
    fake.patch(monkeypatch)
    try:
        yield fake
    finally:
        await fake.stop()
    leftover = [str(v) for v in fake.violations]
    assert not leftover, "loopback Discord recorded protocol violations:\n" + "\n".join(leftover)
