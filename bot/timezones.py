"""Dates, times and time zones as people read and write them: day labels, Discord timestamp
markup (each reader sees their own zone), and IANA zone names found from what someone
types ("berl" → Europe/Berlin, typos forgiven)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.errors import UserFacingError
from bot.text import quoted

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
    hint = (
        "Did you mean " + ", ".join(f"`{s}`" for s in suggestions) + "?"
        if suggestions
        else "Use a region/city name such as `Europe/Berlin` or `America/New_York`."
    )
    raise UserFacingError(
        f"I don't know the time zone {quoted(text, 60)}. {hint} Pick one from the suggestions "
        "as you type."
    )


#: What a command asks when a wall-clock time comes without a zone (/schedule add and
#: /trivianight schedule alike): never a silent guess.
ZONE_QUESTION = (
    "Which time zone is that in? Add the `timezone` option, or save yours once with "
    "`/timezone set`."
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


def on_wall_clock(naive: dt.datetime, tz: dt.tzinfo, text: str, out_of_range: str) -> dt.datetime:
    """`naive` read on the clocks of `tz`, as an aware UTC datetime; a time the clocks skip
    (the hour they jump forward) is refused, and so is one past the calendar's edge."""
    try:
        moment = naive.replace(tzinfo=tz).astimezone(dt.UTC)
        round_trip = moment.astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError):  # years 1 and 9999 cross the calendar's edge
        raise UserFacingError(f"{quoted(text)} is out of range. {out_of_range}") from None
    if round_trip != naive:
        raise UserFacingError(
            f"{naive:%H:%M} does not exist on {day_label(naive.date())} in {tz}: the clocks "
            "jump forward then. Pick a time an hour later."
        )
    return moment
