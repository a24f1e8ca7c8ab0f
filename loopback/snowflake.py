"""Snowflake ids with real timestamps, so discord.py's ``snowflake_time`` ordering holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_time(snowflake: int) -> dt.datetime:
    """Return the UTC creation time encoded in ``snowflake``."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Discord's ISO-8601 timestamp format (always with an explicit UTC offset)."""
    return moment.astimezone(dt.UTC).isoformat()


class SnowflakeGenerator:
    """Monotonic snowflakes from the emulator's clock; ``at=`` crafts one for a chosen time.

    Ids made without ``at`` always increase, even within one millisecond (or while a test's
    clock stands still), so that "newer id == later message" holds as on Discord.
    """

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self._last_ms = 0
        self._increment = 0

    def next(self, at: dt.datetime | None = None) -> int:
        """Return a new unique snowflake, for now or for the moment ``at``."""
        self._increment = (self._increment + 1) & 0xFFF
        if at is not None:
            ms = int(at.timestamp() * 1000)
            return ((ms - DISCORD_EPOCH_MS) << 22) | (1 << 17) | self._increment
        ms = max(int(self._clock().timestamp() * 1000), self._last_ms)
        if self._increment == 0:  # 4096 ids in one ms: move to the next ms
            ms += 1
        self._last_ms = ms
        return ((ms - DISCORD_EPOCH_MS) << 22) | self._increment
