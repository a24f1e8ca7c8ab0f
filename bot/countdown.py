"""Countdowns, time zones, server events and exactly-once announcements: the plain logic.

Official releases come from the shipped dataset as DATES: the dataset records the US
release day, not a time, so a release is anchored at midnight US Eastern of that day and
always described as a "release day" (never as an exact time we do not know). Server events
that moderators add have exact times.

Announcements go through an outbox in the store, one row per (server, target, lead):
pending → sending → sent. Each posted message carries a unique marker (`ref: …`), so a row
left in 'sending' by a crash is resolved by reading the channel: the marker is there (mark
it sent) or it is not (send it). Nothing is ever posted twice, nothing is silently skipped:
a row is skipped only with a logged reason (too late, superseded, no longer scheduled).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from bot.errors import UserFacingError
from bot.store.records import SHOW_LABELS, Episode, Season, Show
from bot.store.schedule import (
    AnnounceSettings,
    OutboxEntry,
    PlannedAnnouncement,
    PremiereLink,
    ServerEvent,
)
from bot.text import has_visible_character

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

RELEASE_ZONE = zoneinfo.ZoneInfo("America/New_York")
SHOW_CODES = ("fam", "starcity", "expanse")
STREAMING = {"fam": "Apple TV+", "starcity": "Apple TV+", "expanse": "Prime Video"}

TIMEZONE_KEY = "timezone"
EVENT_TITLE_MAX = 100
MAX_UPCOMING_EVENTS = 50
MAX_EVENT_AHEAD = dt.timedelta(days=2 * 366)
MIN_EVENT_AHEAD = dt.timedelta(minutes=1)

GRACE = dt.timedelta(hours=6)
PLAN_LOOKBACK = dt.timedelta(days=30)
LATE_TOLERANCE = dt.timedelta(minutes=2)
MAX_LEADS = 5
MAX_LEAD_MINUTES = 7 * 1440
DEFAULT_LEADS = (1440, 60, 0)

POPULAR_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Johannesburg",
)


# -- dates and time zones ---------------------------------------------------------------


def day_label(day: dt.date) -> str:
    """'29 May 2026'."""
    return f"{day.day} {day:%b %Y}"


def span_label(first: dt.date, last: dt.date) -> str:
    """'27 Mar – 29 May 2026', or with both years when they differ."""
    if first == last:
        return day_label(first)
    if first.year == last.year:
        return f"{first.day} {first:%b} – {day_label(last)}"
    return f"{day_label(first)} – {day_label(last)}"


def timestamp(moment: dt.datetime, style: str) -> str:
    """Discord timestamp markup: each reader sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def release_anchor(day: dt.date) -> dt.datetime:
    """A release DATE as a moment: midnight US Eastern on that day, in UTC."""
    return dt.datetime.combine(day, dt.time(0), RELEASE_ZONE).astimezone(dt.UTC)


def release_today(now: dt.datetime) -> dt.date:
    """The current US release day (Eastern)."""
    return now.astimezone(RELEASE_ZONE).date()


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name the installed tz database (tzdata) knows, sorted."""
    return tuple(
        sorted(
            zone
            for zone in zoneinfo.available_timezones()
            if not zone.startswith(("posix/", "right/")) and zone not in ("localtime", "Factory")
        )
    )


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    return {zone.lower(): zone for zone in all_zones()}


def _fold_zone(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip()).lower()


def suggest_zones(text: str, limit: int = 25) -> list[str]:
    """Zone names for what someone typed: exact, then prefix, then any part's prefix
    ("berl" → Europe/Berlin, "new y" → America/New_York), then substring, then fuzzy."""
    query = _fold_zone(text)
    if not query:
        return list(POPULAR_ZONES[:limit])
    ranked: list[str] = []
    seen: set[str] = set()

    def take(zones: Iterable[str]) -> None:
        for zone in zones:
            if zone not in seen and len(ranked) < limit:
                seen.add(zone)
                ranked.append(zone)

    folded = _zones_by_folded_name()
    if query in folded:
        take([folded[query]])
    zones = all_zones()
    take(z for z in zones if z.lower().startswith(query))
    take(z for z in zones if any(part.startswith(query) for part in z.lower().split("/")[1:]))
    take(z for z in zones if query in z.lower())
    if not ranked and len(query) >= 3:  # nothing matched as typed: a typo, probably
        take(zone for zone, _score in _fuzzy_zones(query, limit))
    return ranked


def _fuzzy_zones(query: str, limit: int) -> list[tuple[str, float]]:
    """Typo-tolerant matches on the city part ('londn') or the whole name ('europe/berln')."""
    scores: dict[str, float] = {}
    for choices in _fuzzy_choices():
        for _text, score, zone in process.extract(
            query, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=75
        ):
            scores[zone] = max(scores.get(zone, 0.0), score)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]


@functools.cache
def _fuzzy_choices() -> tuple[dict[str, str], dict[str, str]]:
    """zone → its city part, and zone → its whole name, both folded to lower case."""
    zones = all_zones()
    return (
        {zone: zone.lower().rsplit("/", 1)[-1] for zone in zones},
        {zone: zone.lower() for zone in zones},
    )


def resolve_zone(text: str) -> str:
    """The canonical IANA name for `text` (any case), or a friendly error with suggestions."""
    query = _fold_zone(text)
    zone = _zones_by_folded_name().get(query)
    if zone is not None:
        return zone
    suggestions = suggest_zones(text, limit=5)
    shown = (text.strip() or "(empty)")[:60]
    hint = (
        "Did you mean " + ", ".join(f"`{s}`" for s in suggestions) + "?"
        if suggestions
        else "Use a region/city name such as `Europe/Berlin` or `America/New_York`."
    )
    raise UserFacingError(
        f"I don't know the time zone `{shown}`. {hint} Pick one from the suggestions as you type."
    )


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(resolve_zone(name))


def plain_time(moment: dt.datetime, zone: str) -> str:
    """'Fri 27 Mar 2026, 20:00 CET': for places where timestamp markup does not render."""
    local = moment.astimezone(zone_of(zone))
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} {local.tzname()}"


def plain_day(day: dt.date) -> str:
    """'Fri 27 Mar 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


EVENT_RANGE = "Events start in the future, at most two years ahead; add it closer to the date."
LOCAL_TIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|T)(\d{1,2})[:.h](\d{2})\s*$")


def parse_local_time(text: str, zone: str) -> dt.datetime:
    """'2026-12-05 20:00' on the wall clock of `zone`, as an aware UTC datetime."""
    match = LOCAL_TIME.match(text)
    example = "Write it as `YYYY-MM-DD HH:MM` on a 24-hour clock, for example `2026-12-05 20:00`."
    if not match:
        raise UserFacingError(f"I can't read `{text.strip()[:40]}` as a date and time. {example}")
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        naive = dt.datetime(year, month, day, hour, minute)
    except ValueError:
        raise UserFacingError(
            f"`{text.strip()[:40]}` is not a real date and time. {example}"
        ) from None
    tz = zone_of(zone)
    try:
        moment = naive.replace(tzinfo=tz).astimezone(dt.UTC)
        round_trip = moment.astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError):  # years 1 and 9999 cross the calendar's edge
        raise UserFacingError(f"`{text.strip()[:40]}` is out of range. {EVENT_RANGE}") from None
    if round_trip != naive:
        raise UserFacingError(
            f"{naive:%H:%M} does not exist on {day_label(naive.date())} in {zone}: the clocks "
            "jump forward then. Pick a time an hour later."
        )
    return moment


# -- targets: what a countdown or an announcement is about -------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """An official release day (from the dataset) or a server event (exact time)."""

    key: str
    kind: str  # "release" | "event"
    show: str | None
    title: str  # plain text: the show and what airs, or the moderator's title
    label: str  # the title without the show: 'season 5 finale', 'S1E3 "Bad Dancer"'
    at: dt.datetime  # UTC; for a release, midnight US Eastern of the release day
    release_date: dt.date | None = None
    role: str = ""  # for a release: "premiere", "finale" or "episode"
    season: int | None = None
    location: str = ""
    source_title: str = ""
    source_url: str = ""
    known_since: dt.datetime | None = None  # an event: when it was added
    zone: str = ""  # an event: the zone it was entered in

    @property
    def date_only(self) -> bool:
        return self.release_date is not None


def _release_label(season: Season, day: dt.date, episodes: Sequence[Episode]) -> str:
    n = season.number
    if day == season.premiere and day == season.finale:
        count = season.episode_count
        head = f"season {n} (all {count} episodes)" if count and count > 1 else f"season {n}"
    elif day == season.premiere:
        head = f"season {n} premiere"
    elif day == season.finale:
        head = f"season {n} finale"
    else:
        head = ""
    titled = ", ".join(f'{e.code} "{e.title}"' for e in episodes[:3])
    if len(episodes) > 3:
        titled += f" and {len(episodes) - 3} more"
    if head and titled:
        return f"{head}: {titled}"
    return head or titled


def official_releases(
    shows: Sequence[Show], seasons: Sequence[Season], episodes: Sequence[Episode]
) -> list[Target]:
    """One target per (show, release day) known to the dataset, in date order."""
    titles = {show.code: show.title for show in shows}
    by_season: dict[tuple[str, int], list[Episode]] = {}
    for episode in episodes:
        by_season.setdefault((episode.show, episode.season), []).append(episode)
    releases = []
    for season in seasons:
        days: dict[dt.date, list[Episode]] = {}
        for episode in sorted(by_season.get((season.show, season.number), []), key=_ep_order):
            days.setdefault(episode.aired, []).append(episode)
        for day in (season.premiere, season.finale):
            if day is not None:
                days.setdefault(day, [])
        for day, on_day in sorted(days.items()):
            role = (
                "premiere"
                if day == season.premiere
                else "finale"
                if day == season.finale
                else "episode"
            )
            label = _release_label(season, day, on_day)
            own_url = on_day[0].source_url if len(on_day) == 1 and on_day[0].source_url else ""
            show_title = titles.get(season.show, SHOW_LABELS.get(season.show, season.show))
            releases.append(
                Target(
                    key=f"release:{season.show}:{season.number}:{day.isoformat()}",
                    kind="release",
                    show=season.show,
                    title=f"{show_title} {label}",
                    label=label,
                    at=release_anchor(day),
                    release_date=day,
                    role=role,
                    season=season.number,
                    location=STREAMING.get(season.show, ""),
                    source_title=season.source_title if not own_url else "",
                    source_url=own_url or season.source_url,
                )
            )
    releases.sort(key=lambda t: (t.at, t.show or "", t.season or 0))
    return releases


def _ep_order(episode: Episode) -> tuple[dt.date, int, int]:
    return (episode.aired, episode.season, episode.number)


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


async def load_releases(store: Store) -> list[Target]:
    """The official releases as the store holds them now (a data update shows at once)."""
    return official_releases(
        await store.catalog.shows(), await store.catalog.seasons(), await store.catalog.episodes()
    )


def is_upcoming(target: Target, now: dt.datetime) -> bool:
    """A release is upcoming through the end of its (US) release day; an event until it starts."""
    if target.release_date is not None:
        return target.release_date >= release_today(now)
    return target.at > now


# -- /countdown ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShowOutlook:
    """What is known about one show today."""

    show: str
    title: str
    next_release: Target | None
    last_aired: str  # "season 5 finale, 29 May 2026"
    airing: str  # "season 5 is airing (27 Mar – 29 May 2026)"
    latest_season: str  # "season 5 aired 27 Mar – 29 May 2026 (10 episodes)"
    announced: tuple[Season, ...]  # announced seasons without a premiere date
    ended: bool


@dataclass(frozen=True, slots=True)
class Countdown:
    scope: str | None  # a show code, or None for all
    now: dt.datetime
    next: Target | None
    events: tuple[Target, ...]  # upcoming server events in scope, soonest first
    outlooks: tuple[ShowOutlook, ...]


def show_outlook(
    show: Show, seasons: Sequence[Season], releases: Sequence[Target], now: dt.datetime
) -> ShowOutlook:
    today = release_today(now)
    mine = [t for t in releases if t.show == show.code]
    upcoming = [t for t in mine if t.release_date is not None and t.release_date >= today]
    aired = [t for t in mine if t.release_date is not None and t.release_date < today]
    own_seasons = [s for s in seasons if s.show == show.code]
    airing = ""
    latest = ""
    for season in own_seasons:
        if season.premiere is None or season.finale is None:
            continue
        span = span_label(season.premiere, season.finale)
        count = f"{season.episode_count} episodes" if season.episode_count else ""
        if season.premiere <= today <= season.finale:
            airing = f"season {season.number} is airing ({span}" + (f", {count})" if count else ")")
        elif season.finale < today:
            latest = f"season {season.number} aired {span}" + (f" ({count})" if count else "")
    announced = tuple(s for s in own_seasons if s.status == "announced" and s.premiere is None)
    return ShowOutlook(
        show=show.code,
        title=show.title,
        next_release=upcoming[0] if upcoming else None,
        last_aired=_aired_label(aired[-1]) if aired else "",
        airing=airing,
        latest_season=latest,
        announced=announced,
        ended=show.status == "ended",
    )


def _aired_label(target: Target) -> str:
    """'season 5 finale, 29 May 2026': what aired last, and when."""
    assert target.release_date is not None
    return f"{target.label}, {day_label(target.release_date)}"


async def build_countdown(
    store: Store, guild_id: int | None, scope: str | None, now: dt.datetime
) -> Countdown:
    """Everything /countdown shows, read fresh from the store."""
    shows = [s for s in await store.catalog.shows() if scope is None or s.code == scope]
    seasons = await store.catalog.seasons()
    releases = official_releases(shows, seasons, await store.catalog.episodes(scope))
    releases = [t for t in releases if scope is None or t.show == scope]
    events: list[Target] = []
    if guild_id is not None:
        events = [
            event_target(e)
            for e in await store.schedule.upcoming_events(guild_id, now)
            if scope is None or e.show == scope
        ]
    events = [e for e in events if e.at > now]
    candidates = [t for t in releases if is_upcoming(t, now)] + events
    candidates.sort(key=lambda t: (t.at, t.kind != "release"))
    return Countdown(
        scope=scope,
        now=now,
        next=candidates[0] if candidates else None,
        events=tuple(events[:5]),
        outlooks=tuple(show_outlook(show, seasons, releases, now) for show in shows),
    )


# -- server events (/schedule) -----------------------------------------------------------


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
    if event is None:
        raise UserFacingError(
            f"This server already has {MAX_UPCOMING_EVENTS} upcoming events; remove one first "
            "with /schedule remove."
        )
    return event


# -- announcement settings ----------------------------------------------------------------


LEAD_ITEM = re.compile(r"^(\d{1,4})\s*(d|h|m|min|mins|hours?|days?)?$")
LEAD_UNITS = {
    "d": 1440,
    "day": 1440,
    "days": 1440,
    "h": 60,
    "hour": 60,
    "hours": 60,
    "m": 1,
    "min": 1,
    "mins": 1,
}


def parse_leads(text: str) -> tuple[int, ...]:
    """'24h,1h,0' → (1440, 60, 0): minutes before air, largest first, no repeats."""
    items = [item.strip().lower() for item in text.split(",") if item.strip()]
    if not items:
        raise UserFacingError("Give at least one lead time, for example `24h,1h,0`.")
    leads: set[int] = set()
    for item in items:
        match = LEAD_ITEM.match(item)
        if not match:
            raise UserFacingError(
                f"I can't read the lead time `{item[:20]}`. Use numbers with d, h or m, "
                "separated by commas, for example `24h,1h,0` (0 means at air time)."
            )
        amount, unit = int(match.group(1)), match.group(2)
        if unit is None and amount != 0:
            raise UserFacingError(
                f"`{item}` needs a unit: `{amount}h` for hours or `{amount}m` for minutes."
            )
        minutes = amount * LEAD_UNITS.get(unit or "m", 1)
        if minutes > MAX_LEAD_MINUTES:
            raise UserFacingError("Lead times can be at most 7 days (`7d`).")
        leads.add(minutes)
    if len(leads) > MAX_LEADS:
        raise UserFacingError(f"Use at most {MAX_LEADS} lead times.")
    return tuple(sorted(leads, reverse=True))


def lead_label(minutes: int) -> str:
    """'1 day before', '1 hour before', '30 minutes before', 'at air time'."""
    if minutes == 0:
        return "at air time"
    if minutes % 1440 == 0:
        return _plural(minutes // 1440, "day") + " before"
    if minutes % 60 == 0:
        return _plural(minutes // 60, "hour") + " before"
    return _plural(minutes, "minute") + " before"


def leads_apply(target: Target, lead: int) -> bool:
    """Official releases are whole days, so a reminder hours before midnight Eastern would
    claim a time we do not know: for them only whole-day leads and 0 (release day) apply."""
    return not target.date_only or lead % 1440 == 0


def plan_announcements(
    settings: AnnounceSettings, targets: Iterable[Target]
) -> list[PlannedAnnouncement]:
    """Outbox rows for every (target, lead) due after announcements were turned on (and, for
    a server event, after it was added): nothing older is ever announced."""
    planned = []
    for target in targets:
        floor = settings.since
        if target.known_since is not None and target.known_since > floor:
            floor = target.known_since
        for lead in settings.leads:
            if not leads_apply(target, lead):
                continue
            due = target.at - dt.timedelta(minutes=lead)
            if due >= floor:
                planned.append(PlannedAnnouncement(target.key, lead, due, target.at))
    return planned


# -- the announcement send path -----------------------------------------------------------


# Called with the name of each step of the send path as it is reached (tests stop the path
# there, as a crash would; see tests/support/faults.py).
FaultHook = Callable[[str], None]
# before_send: the row is claimed ('sending') and nothing is posted yet; after_send: the
# message is in the channel but not recorded; after_record: the row is 'sent'.
SEND_STEPS = ("before_send", "after_send", "after_record")
EVENT_STEPS = ("event_after_claim", "event_after_create", "event_after_record")


def _no_fault(step: str) -> None:
    return None


class CourierError(Exception):
    """Posting or reading failed. `permanent`: the channel is gone or closed to the bot.
    `unreadable`: the bot may not read the channel's history (Discord then answers with an
    empty history, which would look like "never posted")."""

    def __init__(self, message: str, *, permanent: bool, unreadable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.unreadable = unreadable


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


class Courier(Protocol):
    """The Discord side of the send path, implemented by the cog."""

    async def cursor(self, guild_id: int, channel_id: int) -> int | None: ...

    async def post(self, guild_id: int, channel_id: int, announcement: Announcement) -> int: ...

    async def find(
        self, guild_id: int, channel_id: int, marker: str, after: int | None
    ) -> int | None: ...


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def duration(delta: dt.timedelta) -> str:
    """'95 minutes', '3 hours 5 minutes', '4 days'."""
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 120:
        return _plural(minutes, "minute")
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return _plural(hours, "hour") + (f" {_plural(rest, 'minute')}" if rest else "")
    return _plural(hours // 24, "day")


def ago(delta: dt.timedelta) -> str:
    return f"{duration(delta)} ago"


def marker_line(marker: str) -> str:
    return f"-# ref: {marker}"


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


@dataclass(slots=True)
class TickReport:
    """What one pass of the announcement loop did (for logs and tests)."""

    planned: int = 0
    sent: int = 0
    late: int = 0
    recovered: int = 0  # found in the channel after a crash, recorded as sent
    retried: int = 0  # not found after a crash, back to pending
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    events_created: int = 0
    events_found: int = 0
    events_moved: int = 0


async def _keep_to_the_record(
    store: Store,
    courier: Courier,
    entry: OutboxEntry,
    why: CourierError,
    now: dt.datetime,
    report: TickReport,
) -> None:
    """The channel cannot be read, so the outbox's own record decides, never posting twice:
    the row holds the channel's last message id when it was claimed (its cursor). If the
    channel has had no message since, nothing went out and it is sent again; otherwise the
    post may have gone out, and it is taken as sent, saying so."""
    assert entry.channel_id is not None
    try:
        latest = await courier.cursor(entry.guild_id, entry.channel_id)
    except CourierError as error:  # stays 'sending': checked again on the next pass
        log.info("Could not check announcement %s yet: %s", entry.marker, error)
        return
    if latest is None or latest == entry.cursor:
        await store.schedule.release(
            entry.guild_id, entry.id, now=now, note=f"{why}; nothing posted since, resending"
        )
        report.retried += 1
        return
    note = f"not checked: {why}; taken as sent so that it is never posted twice"
    await store.schedule.mark_sent(entry.guild_id, entry.id, message_id=None, now=now, note=note)
    report.recovered += 1
    log.warning("Announcement %s: %s", entry.marker, note)


async def reconcile(store: Store, courier: Courier, now: dt.datetime, report: TickReport) -> None:
    """Resolve every row left in 'sending': read the channel for its marker."""
    for entry in await store.schedule.in_flight():
        assert entry.channel_id is not None
        try:
            found = await courier.find(entry.guild_id, entry.channel_id, entry.marker, entry.cursor)
        except CourierError as error:
            if error.unreadable:
                await _keep_to_the_record(store, courier, entry, error, now, report)
            elif error.permanent:
                note = f"could not check the channel: {error}"
                await store.schedule.close(
                    entry.guild_id, entry.id, state="failed", note=note, now=now
                )
                report.failed.append(entry.target_key)
                log.warning("Announcement %s failed: %s", entry.marker, note)
            else:
                log.info("Could not check announcement %s yet: %s", entry.marker, error)
            continue
        if found is not None:
            await store.schedule.mark_sent(
                entry.guild_id, entry.id, message_id=found, now=now, note="recovered"
            )
            report.recovered += 1
            log.info("Announcement %s was posted before a crash (message %s)", entry.marker, found)
        else:
            await store.schedule.release(
                entry.guild_id, entry.id, now=now, note="not found after a crash; resending"
            )
            report.retried += 1
            log.info("Announcement %s was not posted before a crash; it goes again", entry.marker)


async def _skip(
    store: Store, entry: OutboxEntry, note: str, now: dt.datetime, report: TickReport
) -> None:
    await store.schedule.close(entry.guild_id, entry.id, state="skipped", note=note, now=now)
    report.skipped.append(f"{entry.target_key}@{entry.lead_minutes}: {note}")
    log.warning(
        "Skipped announcement %s (%s, %d min lead) in guild %s: %s",
        entry.marker,
        entry.target_key,
        entry.lead_minutes,
        entry.guild_id,
        note,
    )


async def deliver_due(
    store: Store,
    settings: AnnounceSettings,
    targets: dict[str, Target],
    now: dt.datetime,
    courier: Courier,
    report: TickReport,
    fault: FaultHook = _no_fault,
    *,
    grace: dt.timedelta = GRACE,
) -> None:
    """Post what is due for one server: per target only the closest reminder, late ones
    within `grace` marked as late, older ones skipped with a logged reason."""
    assert settings.channel_id is not None
    due = await store.schedule.due(settings.guild_id, now)
    by_target: dict[str, list[OutboxEntry]] = {}
    for entry in due:
        by_target.setdefault(entry.target_key, []).append(entry)
    for key, entries in by_target.items():
        in_time = []
        for entry in entries:
            if now - entry.due_at > grace:
                await _skip(
                    store,
                    entry,
                    f"due {ago(now - entry.due_at)}, past the "
                    f"{int(grace.total_seconds() // 3600)} h grace period (the bot was offline)",
                    now,
                    report,
                )
            else:
                in_time.append(entry)
        if not in_time:
            continue
        in_time.sort(key=lambda e: e.lead_minutes)
        chosen = in_time[0]
        for entry in in_time[1:]:
            await _skip(
                store,
                entry,
                f"superseded by a later reminder ({lead_label(chosen.lead_minutes)})",
                now,
                report,
            )
        late_by = now - chosen.due_at
        target = targets.get(key)
        if target is None:
            await _skip(store, chosen, "no longer scheduled (removed or date changed)", now, report)
            continue
        channel_id = settings.channel_id
        try:
            cursor = await courier.cursor(settings.guild_id, channel_id)
        except CourierError as error:
            log.warning("Announcement channel of guild %s: %s", settings.guild_id, error)
            cursor = None
        if not await store.schedule.claim(
            settings.guild_id, chosen.id, channel_id=channel_id, cursor=cursor, now=now
        ):
            continue
        fault("before_send")
        announcement = Announcement(
            target,
            chosen.lead_minutes,
            max(late_by, dt.timedelta(0)),
            chosen.marker,
            settings.role_id,
        )
        try:
            message_id = await courier.post(settings.guild_id, channel_id, announcement)
        except CourierError as error:
            if error.permanent:
                note = f"could not post: {error}"
                await store.schedule.close(
                    settings.guild_id, chosen.id, state="failed", note=note, now=now
                )
                report.failed.append(key)
                log.warning("Announcement %s failed: %s", chosen.marker, note)
            else:
                # Maybe posted, maybe not: stays 'sending' and is reconciled next pass.
                log.warning("Announcement %s uncertain (%s); will check", chosen.marker, error)
            continue
        fault("after_send")
        await store.schedule.mark_sent(settings.guild_id, chosen.id, message_id=message_id, now=now)
        fault("after_record")
        report.sent += 1
        if announcement.late:
            report.late += 1


async def run_announcements(
    store: Store,
    now: dt.datetime,
    courier: Courier,
    *,
    fault: FaultHook | None = None,
    grace: dt.timedelta = GRACE,
    report: TickReport | None = None,
) -> TickReport:
    """One pass: reconcile in-flight rows, plan new rows, post what is due."""
    report = report or TickReport()
    fault = fault or _no_fault
    await reconcile(store, courier, now, report)
    releases = await load_releases(store)
    for settings in await store.schedule.announcing():
        # Events from the last weeks too: what was missed while offline gets a row and is
        # skipped with its reason, rather than silently never planned.
        lookback = max(settings.since, now - PLAN_LOOKBACK) - dt.timedelta(minutes=MAX_LEAD_MINUTES)
        events = [
            event_target(e)
            for e in await store.schedule.upcoming_events(settings.guild_id, lookback)
        ]
        targets = releases + events
        report.planned += await store.schedule.plan(
            settings.guild_id, plan_announcements(settings, targets), now
        )
        await deliver_due(
            store,
            settings,
            {t.key: t for t in targets},
            now,
            courier,
            report,
            fault,
            grace=grace,
        )
    return report


# -- Discord scheduled events for official premieres ---------------------------------------


@dataclass(frozen=True, slots=True)
class PremiereEventSpec:
    key: str  # premiere:<show>:<season>
    marker: str
    name: str
    start: dt.datetime
    end: dt.datetime
    location: str
    description: str


class EventCourier(Protocol):
    async def find_event(self, guild_id: int, spec: PremiereEventSpec) -> int | None: ...

    async def create_event(self, guild_id: int, spec: PremiereEventSpec) -> int: ...

    async def move_event(self, guild_id: int, event_id: int, spec: PremiereEventSpec) -> bool: ...


def premiere_key(target: Target) -> str:
    return f"premiere:{target.show}:{target.season}"


def premiere_spec(target: Target, marker: str) -> PremiereEventSpec:
    show = SHOW_LABELS.get(target.show or "", target.show or "")
    name = f"{show} season {target.season} premiere"[:100]
    source = f" Date from {target.source_url}" if target.source_url else ""
    return PremiereEventSpec(
        key=premiere_key(target),
        marker=marker,
        name=name,
        start=target.at,
        end=target.at + dt.timedelta(days=1),
        location=target.location or "Streaming",
        description=(
            f"Release day (US date) of {name} on {target.location or 'streaming'}. "
            f"The exact release time is not given here.{source}\nref: {marker}"
        )[:1000],
    )


def upcoming_premieres(releases: Iterable[Target], now: dt.datetime) -> list[Target]:
    """Official premieres whose release day starts in the future (Discord needs a future start)."""
    return [t for t in releases if t.role == "premiere" and t.at > now]


async def sync_premiere_events(
    store: Store,
    guild_id: int,
    now: dt.datetime,
    courier: EventCourier,
    report: TickReport,
    fault: FaultHook | None = None,
) -> None:
    """At most one Discord scheduled event per upcoming premiere, even across crashes: the
    row is claimed first, and the guild's existing events are checked before creating."""
    fault = fault or _no_fault
    for target in upcoming_premieres(await load_releases(store), now):
        key = premiere_key(target)
        link: PremiereLink | None = await store.schedule.premiere_link(guild_id, key)
        if link is not None and link.state == "created":
            if link.starts_at != target.at and link.event_id is not None:
                spec = premiere_spec(target, link.marker)
                if await courier.move_event(guild_id, link.event_id, spec):
                    report.events_moved += 1
                await store.schedule.record_premiere_link(
                    guild_id, key, event_id=link.event_id, starts_at=target.at, now=now
                )
            continue
        if link is None:
            link = await store.schedule.begin_premiere_link(
                guild_id, key, starts_at=target.at, now=now
            )
        fault("event_after_claim")
        spec = premiere_spec(target, link.marker)
        event_id = await courier.find_event(guild_id, spec)
        if event_id is not None:
            report.events_found += 1
        else:
            event_id = await courier.create_event(guild_id, spec)
            report.events_created += 1
            fault("event_after_create")
        await store.schedule.record_premiere_link(
            guild_id, key, event_id=event_id, starts_at=target.at, now=now
        )
        fault("event_after_record")
