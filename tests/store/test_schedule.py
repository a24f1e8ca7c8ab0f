"""The schedule repository on a real SQLite file: guild scoping, limits, the outbox state
machine, and the send path crashed at every step then restarted on the same database."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.announcements.messages import Announcement, announcement_text
from bot.announcements.outbox import (
    EVENT_STEPS,
    SEND_STEPS,
    CourierError,
    TickReport,
    run_announcements,
)
from bot.announcements.premieres import PremiereEventSpec, sync_premiere_events
from bot.config import DEFAULT_DATA_DIR
from bot.countdown import build_countdown
from bot.dataset import Dataset, load_dataset
from bot.errors import UserFacingError
from bot.marked import marker_line
from bot.server_events import add_server_event
from bot.store import Store
from bot.store.schedule import EVENT_TITLE_MAX, PlannedAnnouncement
from tests.support.faults import SimulatedCrash, crash_at

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
GUILD, OTHER = 111, 222
CHANNEL = 900


async def open_store(path: Path) -> Store:
    store = Store(path)
    await store.open()
    return store


@functools.cache
def shipped_dataset() -> Dataset:
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture
def shipped() -> Dataset:
    return shipped_dataset()


def with_fam_s6_premiere(dataset: Dataset, day: str) -> Dataset:
    """The shipped data as a later data update might have it: season 6 gets a date."""
    seasons = tuple(
        dataclasses.replace(s, premiere=day) if (s.show, s.number) == ("fam", 6) else s
        for s in dataset.seasons
    )
    return dataclasses.replace(dataset, seasons=seasons, content_hash="update-" + day)


class MemoryChannel:
    """A channel and a scheduled-events list kept in memory: the courier the cog would be."""

    def __init__(self) -> None:
        self.messages: list[tuple[int, str]] = []
        self.events: dict[int, PremiereEventSpec] = {}
        self._next = 1000
        self.fail_next_post: CourierError | None = None
        self.post_lands_then_fails = False

    def _id(self) -> int:
        self._next += 1
        return self._next

    async def cursor(self, guild_id: int, channel_id: int) -> int | None:
        return self.messages[-1][0] if self.messages else None

    async def post(self, guild_id: int, channel_id: int, announcement: Announcement) -> int:
        if self.fail_next_post is not None:
            error, self.fail_next_post = self.fail_next_post, None
            if self.post_lands_then_fails:  # a timeout after Discord accepted the message
                self.messages.append((self._id(), announcement_text(announcement)))
            raise error
        message_id = self._id()
        self.messages.append((message_id, announcement_text(announcement)))
        return message_id

    async def find(
        self, guild_id: int, channel_id: int, marker: str, after: int | None
    ) -> int | None:
        for message_id, text in self.messages:
            if (after is None or message_id > after) and marker_line(marker) in text:
                return message_id
        return None

    async def find_event(self, guild_id: int, spec: PremiereEventSpec) -> int | None:
        for event_id, existing in self.events.items():
            if f"ref: {spec.marker}" in existing.description:
                return event_id
        return None

    async def create_event(self, guild_id: int, spec: PremiereEventSpec) -> int:
        event_id = self._id()
        self.events[event_id] = spec
        return event_id

    async def move_event(self, guild_id: int, event_id: int, spec: PremiereEventSpec) -> bool:
        self.events[event_id] = spec
        return True


# -- server events ------------------------------------------------------------------------


async def test_events_are_scoped_by_guild_and_capped(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    start = NOW + dt.timedelta(days=1)
    for n in range(3):
        added = await store.schedule.add_event(
            GUILD,
            title=f"Night {n}",
            show="fam",
            starts_at=start,
            zone="UTC",
            created_by=1,
            now=NOW,
            max_upcoming=3,
        )
        assert added is not None
    full = await store.schedule.add_event(
        GUILD,
        title="One too many",
        show=None,
        starts_at=start,
        zone="UTC",
        created_by=1,
        now=NOW,
        max_upcoming=3,
    )
    assert full is None
    assert len(await store.schedule.upcoming_events(GUILD, NOW)) == 3
    assert await store.schedule.upcoming_events(OTHER, NOW) == []
    first = (await store.schedule.upcoming_events(GUILD, NOW))[0]
    assert await store.schedule.remove_event(OTHER, first.id) is None  # not theirs
    assert await store.schedule.event(GUILD, first.id) is not None
    assert (await store.schedule.remove_event(GUILD, first.id)) == first
    await store.close()


async def test_the_event_title_limit_is_the_tables(tmp_path: Path) -> None:
    """EVENT_TITLE_MAX is the one limit: the store refuses a longer title before any SQL,
    and the table's CHECK (migration 0003, which cannot import the constant) says the same."""
    store = await open_store(tmp_path / "s.sqlite3")
    start = NOW + dt.timedelta(days=1)
    common = {"show": None, "starts_at": start, "zone": "UTC", "created_by": 1, "now": NOW}
    longest = await store.schedule.add_event(
        GUILD, title="x" * EVENT_TITLE_MAX, max_upcoming=5, **common
    )
    assert longest is not None and len(longest.title) == EVENT_TITLE_MAX
    with pytest.raises(ValueError, match=f"1 to {EVENT_TITLE_MAX} characters"):
        await store.schedule.add_event(
            GUILD, title="y" * (EVENT_TITLE_MAX + 1), max_upcoming=5, **common
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # the table agrees
        async with store.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO server_events (guild_id, title, starts_at, zone, created_by, "
                "created_at) VALUES (?, ?, 0, 'UTC', 1, 0)",
                (GUILD, "z" * (EVENT_TITLE_MAX + 1)),
            )
    assert [e.title for e in await store.schedule.upcoming_events(GUILD, NOW)] == [longest.title]
    await store.close()


async def test_add_server_event_validates_before_writing(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    common = {"show": None, "created_by": 1, "now": NOW}
    with pytest.raises(UserFacingError):
        await add_server_event(
            store, GUILD, title="x", start="2026-11-19 20:00", zone="UTC", **common
        )
    with pytest.raises(UserFacingError):
        await add_server_event(
            store, GUILD, title="x", start="2026-12-05 20:00", zone="Nowhere", **common
        )
    event = await add_server_event(
        store, GUILD, title=" Rewatch ", start="2026-12-05 20:00", zone="europe/berlin", **common
    )
    assert (event.title, event.zone) == ("Rewatch", "Europe/Berlin")
    assert event.starts_at == dt.datetime(2026, 12, 5, 19, 0, tzinfo=UTC)
    assert len(await store.schedule.upcoming_events(GUILD, NOW)) == 1
    await store.close()


# -- countdown over the shipped data ------------------------------------------------------


async def test_countdown_late_2026_has_nothing_dated_and_says_what_is_known(
    tmp_path: Path, shipped: Dataset
) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    await store.catalog.replace_base(shipped)
    countdown = await build_countdown(store, GUILD, None, NOW)
    assert countdown.next is None
    outlooks = {o.show: o for o in countdown.outlooks}
    assert outlooks["fam"].last_aired == "season 5 finale, 29 May 2026"
    [s6] = outlooks["fam"].announced
    assert s6.number == 6 and s6.source_url.startswith("https://")
    assert outlooks["starcity"].last_aired == "season 1 finale, 10 Jul 2026"
    assert outlooks["expanse"].ended and "14 Jan 2022" in outlooks["expanse"].last_aired
    await store.close()


async def test_a_data_update_with_a_date_is_picked_up_at_once(
    tmp_path: Path, shipped: Dataset
) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    await store.catalog.replace_base(shipped)
    await store.catalog.replace_base(with_fam_s6_premiere(shipped, "2027-06-04"))
    countdown = await build_countdown(store, GUILD, "fam", NOW)
    assert countdown.next is not None and countdown.next.label == "season 6 premiere"
    assert countdown.next.release_date == dt.date(2027, 6, 4)
    assert countdown.outlooks[0].announced == ()
    await store.close()


async def test_a_server_event_is_next_and_stays_in_its_server(
    tmp_path: Path, shipped: Dataset
) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    await store.catalog.replace_base(shipped)
    await store.schedule.add_event(
        GUILD,
        title="Watch party",
        show="fam",
        starts_at=NOW + dt.timedelta(hours=5),
        zone="UTC",
        created_by=1,
        now=NOW,
        max_upcoming=50,
    )
    assert (await build_countdown(store, GUILD, "fam", NOW)).next.title == "Watch party"
    assert (await build_countdown(store, GUILD, "expanse", NOW)).next is None
    assert (await build_countdown(store, OTHER, None, NOW)).next is None
    await store.close()


# -- the outbox ---------------------------------------------------------------------------


async def test_outbox_rows_are_unique_and_move_only_forwards(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    sched = store.schedule
    await sched.set_announcements(GUILD, channel_id=CHANNEL, leads=(60, 0), role_id=None, now=NOW)
    row = PlannedAnnouncement("event:1", 0, NOW, NOW)
    assert await sched.plan(GUILD, [row], NOW) == 1
    assert await sched.plan(GUILD, [row], NOW) == 0
    [entry] = await sched.due(GUILD, NOW)
    assert await sched.claim(GUILD, entry.id, channel_id=CHANNEL, cursor=None, now=NOW)
    assert not await sched.claim(GUILD, entry.id, channel_id=CHANNEL, cursor=None, now=NOW)
    assert not await sched.claim(OTHER, entry.id, channel_id=CHANNEL, cursor=None, now=NOW)
    assert await sched.mark_sent(GUILD, entry.id, message_id=5, now=NOW)
    assert not await sched.release(GUILD, entry.id, now=NOW, note="")
    assert not await sched.close(GUILD, entry.id, state="skipped", note="", now=NOW)
    assert await sched.due(GUILD, NOW) == []
    # Turning off and on again keeps what was sent: it is never planned a second time.
    await sched.turn_off(GUILD)
    await sched.set_announcements(GUILD, channel_id=CHANNEL, leads=(60, 0), role_id=None, now=NOW)
    assert await sched.plan(GUILD, [row], NOW) == 0
    await store.close()


async def test_settings_since_only_moves_when_turned_back_on(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    sched = store.schedule
    first = await sched.set_announcements(GUILD, channel_id=1, leads=(0,), role_id=7, now=NOW)
    later = NOW + dt.timedelta(hours=3)
    changed = await sched.set_announcements(GUILD, channel_id=2, leads=(60,), role_id=7, now=later)
    assert changed.since == first.since == NOW and changed.channel_id == 2
    assert await sched.turn_off(GUILD) and not await sched.turn_off(GUILD)
    again = await sched.set_announcements(GUILD, channel_id=2, leads=(60,), role_id=None, now=later)
    assert again.since == later
    assert await sched.settings(OTHER) is None
    await sched.set_premiere_events(OTHER, True)
    assert await sched.premiere_event_guilds() == [OTHER]
    assert [s.guild_id for s in await sched.announcing()] == [GUILD]
    await store.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the shipped data loaded, built once (loading is the slow part)."""
    path = tmp_path_factory.mktemp("schedule-template") / "t.sqlite3"

    async def build() -> None:
        store = await open_store(path)
        await store.catalog.replace_base(shipped_dataset())
        await store.close()

    asyncio.run(build())
    return path


async def announcing_store(path: Path, template: Path) -> Store:
    shutil.copy(template, path)
    store = await open_store(path)
    await store.schedule.set_announcements(
        GUILD, channel_id=CHANNEL, leads=(60, 0), role_id=None, now=NOW
    )
    await store.schedule.add_event(
        GUILD,
        title="Rewatch night",
        show="fam",
        starts_at=NOW + dt.timedelta(hours=2),
        zone="UTC",
        created_by=1,
        now=NOW,
        max_upcoming=50,
    )
    return store


@pytest.mark.parametrize("step", SEND_STEPS)
async def test_a_crash_at_any_send_step_then_a_restart_posts_exactly_once(
    tmp_path: Path, template: Path, step: str
) -> None:
    path = tmp_path / "s.sqlite3"
    store = await announcing_store(path, template)
    channel = MemoryChannel()
    due = NOW + dt.timedelta(hours=1)
    with pytest.raises(SimulatedCrash):
        await run_announcements(store, due, channel, fault=crash_at(step))
    await store.close()  # the process dies; the database file is all that survives
    store = await open_store(path)
    report = await run_announcements(store, due + dt.timedelta(minutes=1), channel)
    await run_announcements(store, due + dt.timedelta(minutes=2), channel)
    assert len(channel.messages) == 1
    [entry] = [e for e in await store.schedule.outbox(GUILD) if e.lead_minutes == 60]
    assert entry.state == "sent" and entry.message_id == channel.messages[0][0]
    assert report.recovered == (1 if step == "after_send" else 0)
    assert report.retried == (1 if step == "before_send" else 0)
    await store.close()


async def test_an_uncertain_send_is_resolved_by_reading_the_channel(
    tmp_path: Path, template: Path
) -> None:
    store = await announcing_store(tmp_path / "s.sqlite3", template)
    channel = MemoryChannel()
    due = NOW + dt.timedelta(hours=1)
    for lands in (True, False):
        channel.messages.clear()
        channel.fail_next_post = CourierError("timed out", permanent=False)
        channel.post_lands_then_fails = lands
        await run_announcements(store, due, channel)
        await run_announcements(store, due, channel)
        assert len(channel.messages) == 1
        due += dt.timedelta(hours=1)  # the next lead (at air) for the second round
    await store.close()


async def test_offline_past_the_time_posts_late_within_grace_and_skips_beyond(
    tmp_path: Path, template: Path
) -> None:
    store = await announcing_store(tmp_path / "s.sqlite3", template)
    channel = MemoryChannel()
    # Back 90 minutes after the start: the 1 h reminder is superseded, the start is late.
    report = await run_announcements(store, NOW + dt.timedelta(hours=3, minutes=30), channel)
    assert report.sent == report.late == 1 and len(report.skipped) == 1
    assert "superseded" in report.skipped[0]
    assert "started" in channel.messages[0][1] and "90 minutes ago" in channel.messages[0][1]
    # A second event, and the bot away for a day: nothing posted, reasons recorded.
    await store.schedule.add_event(
        GUILD,
        title="Late night",
        show=None,
        starts_at=NOW + dt.timedelta(hours=5),
        zone="UTC",
        created_by=1,
        now=NOW,
        max_upcoming=50,
    )
    report = await run_announcements(store, NOW + dt.timedelta(hours=4, minutes=30), channel)
    assert report.sent == 1  # its 1 h reminder, on time
    report = await run_announcements(store, NOW + dt.timedelta(days=1, hours=6), channel)
    assert report.sent == 0 and any("grace" in note for note in report.skipped)
    skipped = [e for e in await store.schedule.outbox(GUILD) if e.state == "skipped"]
    assert skipped and all(e.note for e in skipped)
    await store.close()


async def test_a_removed_event_is_never_announced(tmp_path: Path, template: Path) -> None:
    store = await announcing_store(tmp_path / "s.sqlite3", template)
    channel = MemoryChannel()
    await run_announcements(store, NOW, channel)  # plans the rows
    [event] = await store.schedule.upcoming_events(GUILD, NOW)
    await store.schedule.remove_event(GUILD, event.id)
    await run_announcements(store, NOW + dt.timedelta(hours=2), channel)
    assert channel.messages == []
    await store.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(crashes=st.lists(st.sampled_from((*SEND_STEPS, None)), min_size=1, max_size=5))
async def test_any_sequence_of_crashes_never_duplicates_and_never_loses_a_reminder(
    tmp_path_factory: pytest.TempPathFactory, template: Path, crashes: list[str | None]
) -> None:
    path = tmp_path_factory.mktemp("crashes") / "s.sqlite3"
    store = await announcing_store(path, template)
    channel = MemoryChannel()
    moment = NOW + dt.timedelta(hours=1)
    for step in crashes:
        try:
            await run_announcements(store, moment, channel, fault=crash_at(step) if step else None)
        except SimulatedCrash:
            await store.close()
            store = await open_store(path)
        moment += dt.timedelta(minutes=20)
    for _ in range(2):  # a calm run after the storm, at air time and later
        await run_announcements(store, moment, channel)
        moment += dt.timedelta(hours=1)
    markers = [text.splitlines()[-1] for _, text in channel.messages]
    assert len(markers) == len(set(markers))  # no duplicates
    outbox = {e.lead_minutes: e for e in await store.schedule.outbox(GUILD)}
    assert outbox[0].state == "sent"  # the start itself is always announced
    # The 1 h reminder is posted, or (if crashes held it past the start) superseded by it.
    assert outbox[60].state == "sent" or (
        outbox[60].state == "skipped" and "superseded" in outbox[60].note
    )
    sent = {f"-# ref: {e.marker}" for e in outbox.values() if e.state == "sent"}
    assert sent == set(markers)  # every recorded send is in the channel, and nothing else
    await store.close()


# -- premiere events ----------------------------------------------------------------------


@pytest.mark.parametrize("step", EVENT_STEPS)
async def test_one_discord_event_per_premiere_even_after_a_crash(
    tmp_path: Path, shipped: Dataset, step: str
) -> None:
    path = tmp_path / "s.sqlite3"
    store = await open_store(path)
    await store.catalog.replace_base(with_fam_s6_premiere(shipped, "2027-06-04"))
    await store.schedule.set_premiere_events(GUILD, True)
    channel = MemoryChannel()
    with pytest.raises(SimulatedCrash):
        await sync_premiere_events(store, GUILD, NOW, channel, TickReport(), crash_at(step))
    await store.close()
    store = await open_store(path)
    for _ in range(2):
        await sync_premiere_events(store, GUILD, NOW, channel, TickReport())
    assert len(channel.events) == 1
    [link] = await store.schedule.premiere_links(GUILD)
    assert link.state == "created" and link.event_id in channel.events
    # The date moves in a later data update: the same event is moved, not duplicated.
    await store.catalog.replace_base(with_fam_s6_premiere(shipped, "2027-06-11"))
    report = TickReport()
    await sync_premiere_events(store, GUILD, NOW, channel, report)
    assert report.events_moved == 1 and len(channel.events) == 1
    assert next(iter(channel.events.values())).start.date() == dt.date(2027, 6, 11)
    await store.close()


async def test_no_premiere_events_without_a_dated_premiere(
    tmp_path: Path, shipped: Dataset
) -> None:
    store = await open_store(tmp_path / "s.sqlite3")
    await store.catalog.replace_base(shipped)
    channel = MemoryChannel()
    await sync_premiere_events(store, GUILD, NOW, channel, TickReport())
    assert channel.events == {}
    await store.close()
