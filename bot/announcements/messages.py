"""What an announcement says: what airs when, how late it is, and the marker line that
finds it again in the channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.marked import marker_line
from bot.releases import Target
from bot.text import plural
from bot.timezones import timestamp

LATE_TOLERANCE = dt.timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Announcement:
    target: Target
    lead_minutes: int
    late_by: dt.timedelta
    marker: str
    role_id: int | None

    @property
    def late(self) -> bool:
        return self.late_by > LATE_TOLERANCE


def duration(delta: dt.timedelta) -> str:
    """'95 minutes', '3 hours 5 minutes', '4 days'."""
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 120:
        return plural(minutes, "minute")
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return plural(hours, "hour") + (f" {plural(rest, 'minute')}" if rest else "")
    return plural(hours // 24, "day")


def ago(delta: dt.timedelta) -> str:
    return f"{duration(delta)} ago"


def announcement_text(a: Announcement, escape: Callable[[str], str] = lambda s: s) -> str:
    """The posted message: the role mention (if any), what airs when, and the marker line."""
    t = a.target
    title = f"**{escape(t.title)}**"
    lines = [f"<@&{a.role_id}>"] if a.role_id else []
    if t.date_only:
        where = f" on {t.location}" if t.location else ""
        day = timestamp(t.at, "D")
        if a.lead_minutes == 0 and a.late:
            lines.append(f"{title} is out{where}: release day {day}, aired {ago(a.late_by)}.")
        elif a.lead_minutes == 0:
            lines.append(f"It's release day: {title}{where} ({day}).")
        else:
            lines.append(f"{title}: release day {day}{where}, {timestamp(t.at, 'R')}.")
    elif a.lead_minutes == 0 and a.late:
        lines.append(f"{title} started {timestamp(t.at, 'F')}, {ago(a.late_by)}.")
    elif a.lead_minutes == 0:
        lines.append(f"{title} is starting now ({timestamp(t.at, 'F')}).")
    else:
        lines.append(f"{title} starts {timestamp(t.at, 'F')} ({timestamp(t.at, 'R')}).")
    if a.late and a.lead_minutes:
        lines.append(f"(Posted {duration(a.late_by)} late: I was offline.)")
    lines.append(marker_line(a.marker))
    return "\n".join(lines)
