"""Discord scheduled events for official premieres: at most one per upcoming premiere and
server, even across crashes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.announcements.outbox import FaultHook, TickReport, no_fault
from bot.releases import Target, load_releases
from bot.shows import SHOW_TITLES
from bot.store.schedule import PremiereLink

if TYPE_CHECKING:
    from bot.store import Store


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
    show = SHOW_TITLES.get(target.show or "", target.show or "")
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
    fault = fault or no_fault
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
