"""/countdown: what is next (an official release day or a server event) and what is known
about each show today, read fresh from the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.releases import Target, is_upcoming, official_releases, release_today
from bot.server_events import event_target
from bot.store.records import Season, Show
from bot.timezones import day_label, span_label

if TYPE_CHECKING:
    from bot.store import Store


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
