"""The countdown logic as plain functions: release days, zones, lead times, planning, texts."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.announcements.leads import DEFAULT_LEADS, parse_leads
from bot.announcements.messages import Announcement, announcement_text
from bot.announcements.outbox import GRACE, plan_announcements
from bot.announcements.premieres import premiere_spec, upcoming_premieres
from bot.countdown import show_outlook
from bot.errors import UserFacingError
from bot.releases import Target, is_upcoming, official_releases, release_anchor
from bot.server_events import check_event_time, clean_title, parse_local_time
from bot.store.records import Episode, Season, Show
from bot.store.schedule import AnnounceSettings
from bot.timezones import all_zones, plain_time, resolve_zone, suggest_zones

UTC = dt.UTC
D = dt.date

SHOWS = [
    Show("fam", "For All Mankind", "Apple TV+", "fam", "running", ""),
    Show("expanse", "The Expanse", "Prime Video", "expanse", "ended", ""),
]
# Shaped like the shipped data (a season with titles unconfirmed, an announced season, an
# ended show whose finale has a title), but small enough to read in one go.
SEASONS = [
    Season(
        "fam",
        5,
        "aired",
        "",
        "FAM S5 page",
        "https://example.org/fam5",
        0,
        premiere=D(2026, 3, 27),
        finale=D(2026, 5, 29),
        episode_count=10,
    ),
    Season(
        "fam",
        6,
        "announced",
        "Renewed as the final season.",
        "FAM S6 page",
        "https://example.org/fam6",
        0,
    ),
    Season(
        "expanse",
        6,
        "aired",
        "",
        "Expanse S6 page",
        "https://example.org/exp6",
        2,
        premiere=D(2021, 12, 10),
        finale=D(2022, 1, 14),
        episode_count=6,
    ),
]
EPISODES = [
    Episode("expanse", 6, 1, "Strange Dogs", D(2021, 12, 10), ""),
    Episode("expanse", 6, 6, "Babylon's Ashes", D(2022, 1, 14), "https://example.org/e6"),
]
LATE_2026 = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def releases() -> list[Target]:
    return official_releases(SHOWS, SEASONS, EPISODES)


# -- release days -------------------------------------------------------------------------


def test_a_release_date_is_anchored_at_midnight_us_eastern_across_dst() -> None:
    assert release_anchor(D(2026, 3, 27)) == dt.datetime(2026, 3, 27, 4, 0, tzinfo=UTC)  # EDT
    assert release_anchor(D(2022, 1, 14)) == dt.datetime(2022, 1, 14, 5, 0, tzinfo=UTC)  # EST


def test_releases_come_one_per_day_with_premiere_and_finale_labels() -> None:
    by_key = {t.key: t for t in releases()}
    assert by_key["release:fam:5:2026-03-27"].label == "season 5 premiere"
    assert by_key["release:fam:5:2026-05-29"].label == "season 5 finale"
    finale = by_key["release:expanse:6:2022-01-14"]
    assert finale.label == 'season 6 finale: S6E6 "Babylon\'s Ashes"'
    assert finale.title.startswith("The Expanse ")
    assert finale.source_url == "https://example.org/e6"  # the episode's own page
    assert finale.location == "Prime Video" and finale.date_only
    assert not any(t.show == "fam" and t.season == 6 for t in releases())  # no date, no target


def test_outlook_late_2026_names_the_last_aired_and_the_undated_announcement() -> None:
    fam = show_outlook(SHOWS[0], SEASONS, releases(), LATE_2026)
    assert fam.next_release is None
    assert fam.last_aired == "season 5 finale, 29 May 2026"
    assert fam.latest_season == "season 5 aired 27 Mar – 29 May 2026 (10 episodes)"
    assert [s.number for s in fam.announced] == [6]
    expanse = show_outlook(SHOWS[1], SEASONS, releases(), LATE_2026)
    assert expanse.ended and expanse.last_aired.endswith("14 Jan 2022")
    assert "Babylon's Ashes" in expanse.last_aired


def test_while_a_season_airs_the_finale_is_next() -> None:
    april = dt.datetime(2026, 4, 10, 12, tzinfo=UTC)
    fam = show_outlook(SHOWS[0], SEASONS, releases(), april)
    assert fam.airing.startswith("season 5 is airing")
    assert fam.next_release is not None and fam.next_release.label == "season 5 finale"
    assert fam.last_aired == "season 5 premiere, 27 Mar 2026"


def test_a_release_stays_upcoming_through_its_us_release_day() -> None:
    finale = next(t for t in releases() if t.label == "season 5 finale")
    assert is_upcoming(finale, dt.datetime(2026, 5, 29, 3, 59, tzinfo=UTC))
    assert is_upcoming(finale, dt.datetime(2026, 5, 30, 3, 59, tzinfo=UTC))  # 23:59 EDT
    assert not is_upcoming(finale, dt.datetime(2026, 5, 30, 4, 0, tzinfo=UTC))


def test_a_dated_announced_season_becomes_an_upcoming_premiere() -> None:
    dated = Season(
        "fam",
        6,
        "announced",
        "",
        "FAM S6 page",
        "https://example.org/fam6",
        0,
        premiere=D(2027, 6, 4),
    )
    targets = official_releases(SHOWS, [*SEASONS[:1], dated], [])
    [premiere] = upcoming_premieres(targets, LATE_2026)
    assert premiere.label == "season 6 premiere"
    spec = premiere_spec(premiere, "abc123")
    assert spec.name == "For All Mankind season 6 premiere"
    assert spec.location == "Apple TV+" and spec.end - spec.start == dt.timedelta(days=1)
    assert "ref: abc123" in spec.description and len(spec.description) <= 1000


# -- time zones ---------------------------------------------------------------------------


def test_zone_suggestions_rank_exact_prefix_city_and_typos() -> None:
    assert "Europe/Berlin" in all_zones()
    assert suggest_zones("europe/berlin")[0] == "Europe/Berlin"
    assert suggest_zones("berl")[0] == "Europe/Berlin"
    assert suggest_zones("new york")[0] == "America/New_York"
    assert suggest_zones("londn")[0] == "Europe/London"
    assert suggest_zones("Europe/Berln")[0] == "Europe/Berlin"
    assert suggest_zones("")[0] == "UTC"
    assert suggest_zones("zzzzqq") == []


@pytest.mark.parametrize("typed", ["", "a", "e", "America/", "x", "Europe", "st"])
def test_zone_suggestions_never_exceed_25(typed: str) -> None:
    choices = suggest_zones(typed)
    assert len(choices) <= 25 and len(set(choices)) == len(choices)


def test_resolving_a_zone_is_case_insensitive_and_unknown_ones_get_suggestions() -> None:
    assert resolve_zone("europe/BERLIN") == "Europe/Berlin"
    assert resolve_zone(" utc ") == "UTC"
    with pytest.raises(UserFacingError, match="Europe/Berlin"):
        resolve_zone("Europe/Berln")
    with pytest.raises(UserFacingError, match="don't know the time zone"):
        resolve_zone("Mars/Olympus_Mons")


def test_plain_time_is_written_in_the_members_zone() -> None:
    moment = dt.datetime(2026, 3, 27, 19, 0, tzinfo=UTC)
    assert plain_time(moment, "Europe/Berlin") == "Fri 27 Mar 2026, 20:00 CET"
    assert plain_time(moment, "America/New_York") == "Fri 27 Mar 2026, 15:00 EDT"


def test_local_times_are_read_in_the_given_zone() -> None:
    moment = parse_local_time("2026-12-05 20:00", "Europe/Berlin")
    assert moment == dt.datetime(2026, 12, 5, 19, 0, tzinfo=UTC)
    assert parse_local_time("2026-12-05T20:00", "UTC") == dt.datetime(2026, 12, 5, 20, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow 8pm", "2026-13-01 20:00", "2026-02-30 10:00", "20:00"])
def test_unreadable_or_impossible_times_are_refused(text: str) -> None:
    with pytest.raises(UserFacingError):
        parse_local_time(text, "Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "zone"),
    [("0001-01-01 00:00", "Asia/Tokyo"), ("9999-12-31 23:59", "America/Los_Angeles")],
)
def test_times_beyond_the_calendar_are_refused_as_out_of_range(text: str, zone: str) -> None:
    with pytest.raises(UserFacingError, match="out of range"):
        parse_local_time(text, zone)


def test_a_time_skipped_by_a_dst_jump_is_refused() -> None:
    with pytest.raises(UserFacingError, match="does not exist"):
        parse_local_time("2026-03-29 02:30", "Europe/Berlin")


def test_event_titles_and_times_are_validated() -> None:
    assert clean_title("  FAM   rewatch ") == "FAM rewatch"
    for blank in ("   ", "\u200b", "\ufeff", "\u061c\u200f", "\u200b \u3164"):
        with pytest.raises(UserFacingError, match="Give the event a title"):
            clean_title(blank)
    with pytest.raises(UserFacingError, match="keep it to 100"):
        clean_title("x" * 101)
    with pytest.raises(UserFacingError, match="already passed"):
        check_event_time(LATE_2026 - dt.timedelta(hours=1), LATE_2026)
    with pytest.raises(UserFacingError, match="two years"):
        check_event_time(LATE_2026 + dt.timedelta(days=800), LATE_2026)
    check_event_time(LATE_2026 + dt.timedelta(days=1), LATE_2026)


# -- lead times and planning --------------------------------------------------------------


def test_lead_times_parse_to_minutes_largest_first() -> None:
    assert parse_leads("24h,1h,0") == DEFAULT_LEADS
    assert parse_leads("0, 30m, 2d, 1h") == (2880, 60, 30, 0)
    assert parse_leads("1h,60m") == (60,)


@pytest.mark.parametrize("text", ["", "soon", "5", "8d", "1h,2h,3h,4h,5h,6h", "-1h"])
def test_bad_lead_times_are_refused(text: str) -> None:
    with pytest.raises(UserFacingError):
        parse_leads(text)


def settings(since: dt.datetime, leads: tuple[int, ...] = DEFAULT_LEADS) -> AnnounceSettings:
    return AnnounceSettings(1, 10, leads, None, since, False)


def event(at: dt.datetime, added: dt.datetime) -> Target:
    return Target("event:1", "event", None, "Rewatch", "Rewatch", at, known_since=added, zone="UTC")


def test_planning_skips_what_was_due_before_announcements_or_the_event_existed() -> None:
    start = LATE_2026 + dt.timedelta(hours=30)
    planned = plan_announcements(settings(LATE_2026), [event(start, LATE_2026)])
    assert [p.lead_minutes for p in planned] == [1440, 60, 0]
    soon = LATE_2026 + dt.timedelta(minutes=30)
    planned = plan_announcements(
        settings(LATE_2026 - dt.timedelta(days=3)), [event(soon, LATE_2026)]
    )
    assert [p.lead_minutes for p in planned] == [0]  # the 24 h and 1 h marks were already past


def test_release_days_only_get_whole_day_reminders() -> None:
    dated = Season("fam", 6, "announced", "", "t", "https://example.org", 0, premiere=D(2027, 6, 4))
    [premiere] = official_releases(SHOWS, [dated], [])
    planned = plan_announcements(settings(LATE_2026), [premiere])
    assert [(p.lead_minutes, p.due_at) for p in planned] == [
        (1440, premiere.at - dt.timedelta(days=1)),
        (0, premiere.at),
    ]


# -- the posted text ----------------------------------------------------------------------


def test_an_announcement_carries_timestamps_the_role_and_its_marker() -> None:
    target = event(LATE_2026 + dt.timedelta(hours=1), LATE_2026)
    text = announcement_text(Announcement(target, 60, dt.timedelta(0), "feedbeef", 555))
    lines = text.splitlines()
    assert lines[0] == "<@&555>"
    assert "<t:" in text and ":F>" in text and ":R>" in text
    assert lines[-1] == "-# ref: feedbeef"


def test_a_late_release_day_post_says_how_long_ago_it_aired() -> None:
    dated = Season("fam", 6, "announced", "", "t", "https://example.org", 0, premiere=D(2027, 6, 4))
    [premiere] = official_releases(SHOWS, [dated], [])
    late = Announcement(premiere, 0, dt.timedelta(minutes=95), "m1", None)
    text = announcement_text(late)
    assert "aired 95 minutes ago" in text and "<@&" not in text
    on_time = announcement_text(Announcement(premiere, 0, dt.timedelta(0), "m2", None))
    assert "It's release day" in on_time and ":D>" in on_time


def test_announcement_text_fits_discord_even_with_the_longest_title() -> None:
    target = Target("event:9", "event", None, "*" * 100, "*" * 100, LATE_2026, zone="UTC")
    text = announcement_text(
        Announcement(target, 60, GRACE, "0123456789abcdef", 2**63), escape=lambda s: s * 2
    )
    assert len(text) <= 2000
