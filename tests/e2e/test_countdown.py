"""/countdown, /timezone and /schedule end to end through the loopback Discord."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATA_DIR
from bot.server_events import EVENT_TITLE_MAX, MAX_UPCOMING_EVENTS
from cogs._checks import NOT_A_MODERATOR
from loopback import ClientRefused, CommandNotRegistered
from tests.conftest import Env

TIMESTAMP = re.compile(r"<t:(\d+):([FDR])>")


def fields(reply) -> dict[str, str]:
    return {f["name"]: f["value"] for f in reply.embeds[0].get("fields", [])}


def description(reply) -> str:
    return reply.embeds[0]["description"]


def publish_premiere_date(env: Env, tmp_path: Path, day: str) -> None:
    """A data update as an operator ships it: a copy of data/ where FAM season 6 has a
    premiere date (and the version bumped); the bot loads it on its next start."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(DEFAULT_DATA_DIR, data)
    fam = data / "episodes" / "fam.toml"
    fam.write_text(
        re.sub(
            r'(number = 6\nstatus = "announced"\n)(premiere = "[^"]*"\n)?',
            rf'\1premiere = "{day}"\n',
            fam.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    version = data / "dataset.toml"
    number = int(re.search(r"version = (\d+)", version.read_text()).group(1))
    version.write_text(f"version = {number + 1}\n")
    env.settings = dataclasses.replace(env.settings, data_dir=data)


async def add_event(env: Env, start: str, title: str = "FAM rewatch night", **options):
    return await env.fake.slash(
        env.guild_a, env.mod_a, "schedule add", title=title, start=start, **options
    )


async def test_countdown_late_2026_says_what_is_known_and_where_from(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "countdown")
    assert not reply.ephemeral
    assert "Nothing dated is coming up" in description(reply)
    shown = fields(reply)
    fam = shown["For All Mankind"]
    assert "Last aired: season 5 finale, 29 May 2026" in fam
    assert "Season 6: announced, no premiere date yet" in fam
    assert "https://www.andrewliptak.com/for-all-mankind-season-6-renewal-ending-star-city" in fam
    assert "Last aired: season 1 finale, 10 Jul 2026" in shown["Star City"]
    expanse = shown["The Expanse"]
    assert "14 Jan 2022" in expanse and "Babylon" in expanse and "ended" in expanse
    one = await env.fake.slash(env.guild_a, env.fan_a, "countdown", show="expanse")
    assert list(fields(one)) == ["The Expanse"]
    assert env.fake.pinging_requests() == []


async def test_a_server_event_counts_down_with_timestamps_in_each_readers_zone(env: Env) -> None:
    added = await add_event(env, "2026-11-27 20:00", timezone="Europe/Berlin", show="fam")
    assert added.ephemeral and "Added event #" in added.content
    assert "Fri 27 Nov 2026, 20:00 CET" in added.content
    start = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)
    reply = await env.fake.slash(env.guild_a, env.fan_a, "countdown", show="fam")
    text = description(reply)
    stamps = dict((style, int(ts)) for ts, style in TIMESTAMP.findall(text))
    assert stamps == {"F": int(start.timestamp()), "R": int(start.timestamp())}
    assert "FAM rewatch night" in text and "CET" not in text  # no zone saved: markup only
    # A saved zone adds plain text; the timezone option overrides it just this once.
    await env.fake.slash(env.guild_a, env.fan_a, "timezone set", zone="Asia/Tokyo")
    tokyo = await env.fake.slash(env.guild_a, env.fan_a, "countdown")
    assert "Sat 28 Nov 2026, 04:00 JST" in description(tokyo)
    berlin = await env.fake.slash(env.guild_a, env.fan_a, "countdown", timezone="europe/berlin")
    assert "Fri 27 Nov 2026, 20:00 CET" in description(berlin)
    # The other server never sees this server's event.
    other = await env.fake.slash(env.guild_b, env.fan_b, "countdown", show="fam")
    assert "Nothing dated" in description(other)


async def test_a_data_update_with_a_premiere_date_is_picked_up(env: Env, tmp_path: Path) -> None:
    publish_premiere_date(env, tmp_path, "2027-06-04")
    await env.restart()
    reply = await env.fake.slash(env.guild_a, env.fan_a, "countdown", show="fam")
    text = description(reply)
    assert "For All Mankind season 6 premiere" in text and "release day" in text
    assert "Apple TV+" in text and "Fri 4 Jun 2027, US date" in text
    midnight_eastern = dt.datetime(2027, 6, 4, 4, 0, tzinfo=dt.UTC)
    assert f"<t:{int(midnight_eastern.timestamp())}:D>" in text
    assert f"<t:{int(midnight_eastern.timestamp())}:R>" in text


async def test_time_zone_autocomplete_matches_prefixes_cities_and_typos(env: Env) -> None:
    auto = env.fake.autocomplete
    choices = await auto(env.guild_a, env.fan_a, "timezone set", focused="zone", value="berl")
    assert choices[0] == {"name": "Europe/Berlin", "value": "Europe/Berlin"}
    assert len(await auto(env.guild_a, env.fan_a, "timezone set", focused="zone", value="")) <= 25
    assert len(await auto(env.guild_a, env.fan_a, "timezone set", focused="zone", value="a")) == 25
    typo = await auto(env.guild_a, env.fan_a, "countdown", focused="timezone", value="londn")
    assert typo[0]["value"] == "Europe/London"
    nothing = await auto(env.guild_a, env.fan_a, "countdown", focused="timezone", value="qqqqq")
    assert nothing == []
    moderator = await auto(
        env.guild_a, env.mod_a, "schedule add", focused="timezone", value="new y"
    )
    assert moderator[0]["value"] == "America/New_York"


async def test_timezone_set_show_clear_and_an_unknown_zone(env: Env) -> None:
    unknown = await env.fake.slash(env.guild_a, env.fan_a, "timezone set", zone="Europe/Berln")
    assert unknown.ephemeral
    assert "don't know the time zone" in unknown.content and "Europe/Berlin" in unknown.content
    assert "Traceback" not in unknown.content
    shown = await env.fake.slash(env.guild_a, env.fan_a, "timezone show")
    assert shown.ephemeral and "haven't saved" in shown.content
    saved = await env.fake.slash(env.guild_a, env.fan_a, "timezone set", zone="america/chicago")
    assert saved.ephemeral and "America/Chicago" in saved.content and "CST" in saved.content
    shown = await env.fake.slash(None, env.fan_a.user, "timezone show")  # in a DM
    assert "America/Chicago" in shown.content
    cleared = await env.fake.slash(env.guild_a, env.fan_a, "timezone clear")
    assert cleared.ephemeral and "Forgot" in cleared.content
    again = await env.fake.slash(env.guild_a, env.fan_a, "timezone clear")
    assert "no time zone saved" in again.content
    bad_override = await env.fake.slash(env.guild_a, env.fan_a, "countdown", timezone="Mars/Base")
    assert bad_override.ephemeral and "don't know the time zone" in bad_override.content


async def test_schedule_is_for_moderators_only_checked_in_code(env: Env) -> None:
    for command, options in (
        ("schedule add", {"title": "Party", "start": "2026-12-05 20:00", "timezone": "UTC"}),
        ("schedule remove", {"event": 1}),
        ("schedule list", {}),
    ):
        with pytest.raises(CommandNotRegistered):  # hidden by the default permissions
            await env.fake.slash(env.guild_a, env.fan_a, command, **options)
        refused = await env.fake.slash(
            env.guild_a, env.fan_a, command, ignore_default_permissions=True, **options
        )
        assert refused.ephemeral and refused.content == NOT_A_MODERATOR
    assert await env.store.schedule.upcoming_events(env.guild_a.id, env.clock()) == []


async def test_schedule_add_refuses_bad_input_and_changes_nothing(env: Env) -> None:
    cases = [
        ({"start": "next friday", "timezone": "UTC"}, "YYYY-MM-DD HH:MM"),
        ({"start": "2026-11-20 20:00", "timezone": "UTC"}, "already passed"),
        ({"start": "2026-12-05 20:00", "timezone": "Atlantis/City"}, "don't know the time zone"),
        ({"start": "2026-12-05 20:00"}, "Which time zone"),  # none given, none saved
        ({"start": "2027-03-28 02:30", "timezone": "Europe/Berlin"}, "does not exist"),
    ]
    for options, expected in cases:
        reply = await add_event(env, **options)
        assert reply.ephemeral and expected in reply.content, (options, reply.content)
    assert await env.store.schedule.upcoming_events(env.guild_a.id, env.clock()) == []


async def test_schedule_add_titles_have_the_stores_limit(env: Env) -> None:
    """The option took 200 characters where the store keeps 100, so Discord let a moderator
    type a title the bot then refused: the option now carries the store's one limit and
    Discord stops a longer title as it is typed; the longest allowed title is stored whole."""
    synced = {c["name"]: c for c in env.fake.commands[None]}["schedule"]
    add = {o["name"]: o for o in synced["options"]}["add"]
    assert {o["name"]: o for o in add["options"]}["title"]["max_length"] == EVENT_TITLE_MAX
    with pytest.raises(ClientRefused):
        await add_event(env, "2026-12-05 20:00", title="x" * (EVENT_TITLE_MAX + 1), timezone="UTC")
    longest = "Rewatch " + "x" * (EVENT_TITLE_MAX - 8)
    added = await add_event(env, "2026-12-05 20:00", title=longest, timezone="UTC")
    assert added.ephemeral and "Added event #" in added.content
    events = await env.store.schedule.upcoming_events(env.guild_a.id, env.clock())
    assert [e.title for e in events] == [longest]


async def test_schedule_add_list_remove_and_the_per_server_limit(env: Env) -> None:
    empty = await env.fake.slash(env.guild_a, env.mod_a, "schedule list")
    assert empty.ephemeral and "No upcoming server events" in empty.content
    await env.fake.slash(env.guild_a, env.mod_a, "timezone set", zone="Europe/Paris")
    added = await add_event(env, "2026-12-05 20:00")  # in the moderator's saved zone
    assert "Sat 5 Dec 2026, 20:00 CET" in added.content
    event_id = int(re.search(r"#(\d+)", added.content).group(1))
    listed = await env.fake.slash(env.guild_a, env.mod_a, "schedule list")
    assert "FAM rewatch night" in listed.embeds[0]["description"]
    assert "<t:" in listed.embeds[0]["description"]
    choices = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "schedule remove", focused="event", value="rewatch"
    )
    assert [c["value"] for c in choices] == [event_id]
    elsewhere = await env.fake.slash(env.guild_b, env.mod_b, "schedule remove", event=event_id)
    assert elsewhere.ephemeral and "no event" in elsewhere.content
    assert (
        await env.fake.autocomplete(
            env.guild_b, env.mod_b, "schedule remove", focused="event", value=""
        )
        == []
    )
    removed = await env.fake.slash(env.guild_a, env.mod_a, "schedule remove", event=event_id)
    assert removed.ephemeral and "Removed event" in removed.content
    start = env.clock() + dt.timedelta(days=3)
    for n in range(MAX_UPCOMING_EVENTS):
        await env.store.schedule.add_event(
            env.guild_a.id, title=f"Night {n}", show=None, starts_at=start, zone="UTC",
            created_by=env.mod_a.id, now=env.clock(), max_upcoming=MAX_UPCOMING_EVENTS,
        )  # fmt: skip
    full = await add_event(env, "2026-12-05 20:00", timezone="UTC")
    assert full.ephemeral and f"already has {MAX_UPCOMING_EVENTS} upcoming" in full.content
    many = await env.fake.slash(env.guild_a, env.mod_a, "schedule list")
    assert len(many.embeds[0]["description"]) <= 4096


async def test_schedule_add_refuses_the_same_event_twice(env: Env) -> None:
    """The same title and start twice had made two events, so every reminder was posted
    twice; the second is refused, naming the first, and nothing is written."""
    first = await add_event(
        env, "2026-11-25 20:00", title="Rewatch night", timezone="UTC", show="fam"
    )
    assert first.ephemeral and "Added event #1" in first.content
    again = await add_event(
        env, "2026-11-25 21:00", title="rewatch  NIGHT", timezone="Europe/Paris"
    )
    assert again.ephemeral and "already has that event: #1 `Rewatch night`" in again.content
    assert "Nothing was added" in again.content
    # the check is in the insert's own transaction: two adds at once make one event
    racing = await asyncio.gather(
        *(add_event(env, "2026-12-05 20:00", title="Watch party", timezone="UTC") for _ in range(2))
    )
    assert sorted("Added event" in r.content for r in racing) == [False, True]
    events = await env.store.schedule.upcoming_events(env.guild_a.id, env.clock())
    assert [e.title for e in events] == ["Rewatch night", "Watch party"]
    # another title at the same time, or the same title at another time, is another event
    assert (
        "Added event"
        in (await add_event(env, "2026-11-25 20:00", title="Rewatch party", timezone="UTC")).content
    )
    assert (
        "Added event"
        in (await add_event(env, "2026-11-25 20:30", title="Rewatch night", timezone="UTC")).content
    )
    # and another server has its own events
    elsewhere = await env.fake.slash(
        env.guild_b,
        env.mod_b,
        "schedule add",
        title="Rewatch night",
        start="2026-11-25 20:00",
        timezone="UTC",
    )
    assert "Added event" in elsewhere.content
