"""Server events (/schedule): what moderators add, at exact times on their own wall clock,
validated whole before anything is stored."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.errors import UserFacingError
from bot.releases import Target
from bot.shows import SHOW_CODES
from bot.store.schedule import EVENT_TITLE_MAX, EventClash, ServerEvent
from bot.text import has_visible_character, quoted
from bot.timezones import on_wall_clock, resolve_zone, timestamp, zone_of

if TYPE_CHECKING:
    from bot.store import Store


MAX_UPCOMING_EVENTS = 50
MAX_EVENT_AHEAD = dt.timedelta(days=2 * 366)
MIN_EVENT_AHEAD = dt.timedelta(minutes=1)


EVENT_RANGE = "Events start in the future, at most two years ahead; add it closer to the date."
LOCAL_TIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|T)(\d{1,2})[:.h](\d{2})\s*$")


def parse_local_time(text: str, zone: str) -> dt.datetime:
    """'2026-12-05 20:00' on the wall clock of `zone`, as an aware UTC datetime."""
    match = LOCAL_TIME.match(text)
    example = "Write it as `YYYY-MM-DD HH:MM` on a 24-hour clock, for example `2026-12-05 20:00`."
    if not match:
        raise UserFacingError(f"I can't read {quoted(text)} as a date and time. {example}")
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        naive = dt.datetime(year, month, day, hour, minute)
    except ValueError:
        raise UserFacingError(f"{quoted(text)} is not a real date and time. {example}") from None
    return on_wall_clock(naive, zone_of(zone), text, EVENT_RANGE)


def event_target(event: ServerEvent) -> Target:
    return Target(
        key=event.key,
        kind="event",
        show=event.show,
        title=event.title,
        label=event.title,
        at=event.starts_at,
        known_since=event.created_at,
        zone=event.zone,
    )


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not has_visible_character(title):
        raise UserFacingError("Give the event a title, for example `FAM season 1 rewatch`.")
    if len(title) > EVENT_TITLE_MAX:
        raise UserFacingError(
            f"That title is {len(title)} characters long; keep it to {EVENT_TITLE_MAX}."
        )
    return title


def check_event_time(starts_at: dt.datetime, now: dt.datetime) -> None:
    if starts_at < now + MIN_EVENT_AHEAD:
        raise UserFacingError(
            f"That time ({timestamp(starts_at, 'F')}) has already passed. "
            "Events must start in the future."
        )
    if starts_at > now + MAX_EVENT_AHEAD:
        raise UserFacingError(f"That is more than two years away. {EVENT_RANGE}")


async def add_server_event(
    store: Store,
    guild_id: int,
    *,
    title: str,
    start: str,
    zone: str,
    show: str | None,
    created_by: int,
    now: dt.datetime,
) -> ServerEvent:
    """Validate and store a moderator's event; the input is refused whole or stored whole."""
    title = clean_title(title)
    zone = resolve_zone(zone)
    starts_at = parse_local_time(start, zone)
    check_event_time(starts_at, now)
    if show is not None and show not in SHOW_CODES:
        raise UserFacingError("Pick the show from the list.")
    try:
        event = await store.schedule.add_event(
            guild_id,
            title=title,
            show=show,
            starts_at=starts_at,
            zone=zone,
            created_by=created_by,
            now=now,
            max_upcoming=MAX_UPCOMING_EVENTS,
        )
    except EventClash as clash:  # the same event twice would post every reminder twice
        other = clash.existing
        raise UserFacingError(
            f"This server already has that event: #{other.id} {quoted(other.title, EVENT_TITLE_MAX)} at "
            f"{timestamp(other.starts_at, 'F')}. Nothing was added; `/schedule list` shows "
            "the server's events."
        ) from None
    if event is None:
        raise UserFacingError(
            f"This server already has {MAX_UPCOMING_EVENTS} upcoming events; remove one first "
            "with /schedule remove."
        )
    return event
