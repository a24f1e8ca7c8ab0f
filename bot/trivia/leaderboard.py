"""The trivia season of the leaderboard: the calendar quarter."""

from __future__ import annotations

import datetime as dt


def quarter_start(now: dt.datetime) -> dt.datetime:
    """The first moment (UTC) of the calendar quarter containing `now`: the trivia season."""
    now = now.astimezone(dt.UTC)
    return dt.datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1, tzinfo=dt.UTC)


def quarter_label(now: dt.datetime) -> str:
    now = now.astimezone(dt.UTC)
    return f"Q{(now.month - 1) // 3 + 1} {now.year}"
