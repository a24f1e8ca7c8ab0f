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
def loopback_clock() -> Callable[[], dt.datetime]:
    """The emulated world's clock: override this fixture with the clock the bot reads.

    The loopback has no clock of its own and never reads the wall clock, so that the bot and
    "Discord" always agree on what "now" is.
    """
    pytest.fail("override the loopback_clock fixture with the clock the bot under test reads")


@pytest_asyncio.fixture
async def fake_discord(
    loopback_options: dict[str, Any],
    loopback_clock: Callable[[], dt.datetime],
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
