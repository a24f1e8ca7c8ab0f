"""Official releases, from the shipped dataset, and the targets that countdowns and
announcements are about.

The dataset records the US release day, not a time, so a release is anchored at midnight
US Eastern of that day and always described as a "release day" (never as an exact time we
do not know). Server events (bot/server_events.py) have exact times.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.shows import SHOW_TITLES, streaming
from bot.store.records import Episode, Season, Show

if TYPE_CHECKING:
    from bot.store import Store

RELEASE_ZONE = zoneinfo.ZoneInfo("America/New_York")


def release_anchor(day: dt.date) -> dt.datetime:
    """A release DATE as a moment: midnight US Eastern on that day, in UTC."""
    return dt.datetime.combine(day, dt.time(0), RELEASE_ZONE).astimezone(dt.UTC)


def release_today(now: dt.datetime) -> dt.date:
    """The current US release day (Eastern)."""
    return now.astimezone(RELEASE_ZONE).date()


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
            show_title = titles.get(season.show, SHOW_TITLES.get(season.show, season.show))
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
                    location=streaming(season.show),
                    source_title=season.source_title if not own_url else "",
                    source_url=own_url or season.source_url,
                )
            )
    releases.sort(key=lambda t: (t.at, t.show or "", t.season or 0))
    return releases


def _ep_order(episode: Episode) -> tuple[dt.date, int, int]:
    return (episode.aired, episode.season, episode.number)


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
