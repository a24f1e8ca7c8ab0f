"""The announcement outbox: one row per (server, target, lead), pending → sending → sent.

Each posted message carries a unique marker (`ref: …`), so a row left in 'sending' by a
crash is resolved by reading the channel: the marker is there (mark it sent) or it is not
(send it). Nothing is ever posted twice, nothing is silently skipped: a row is skipped
only with a logged reason (too late, superseded, no longer scheduled).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.announcements.leads import MAX_LEAD_MINUTES, lead_label, leads_apply
from bot.announcements.messages import Announcement, ago
from bot.marked import taken_as_posted
from bot.releases import Target, load_releases
from bot.server_events import event_target
from bot.store.schedule import AnnounceSettings, OutboxEntry, PlannedAnnouncement

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

GRACE = dt.timedelta(hours=6)
PLAN_LOOKBACK = dt.timedelta(days=30)


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


def no_fault(step: str) -> None:
    return None


class CourierError(Exception):
    """Posting or reading failed. `permanent`: the channel is gone or closed to the bot.
    `unreadable`: the bot may not read the channel's history (Discord then answers with an
    empty history, which would look like "never posted")."""

    def __init__(self, message: str, *, permanent: bool, unreadable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.unreadable = unreadable


class Courier(Protocol):
    """The Discord side of the send path, implemented by the cog."""

    async def cursor(self, guild_id: int, channel_id: int) -> int | None: ...

    async def post(self, guild_id: int, channel_id: int, announcement: Announcement) -> int: ...

    async def find(
        self, guild_id: int, channel_id: int, marker: str, after: int | None
    ) -> int | None: ...


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
    if not taken_as_posted(entry.cursor, latest):
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
    fault: FaultHook = no_fault,
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
    fault = fault or no_fault
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
