"""/episode end to end through the loopback Discord: finding an episode (title with a typo,
three spellings of a code, words of an event), a season's list, what is known of unlisted
seasons, the spoiler rules, and Previous / Next, before and after a restart."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.conftest import Env

HOME = "The Expanse S2E5 · Home · 22 Feb 2017"
HOME_DATE = f"<t:{int(dt.datetime(2017, 2, 22, 12, tzinfo=dt.UTC).timestamp())}:D>"


def buttons(reply: Any) -> list[str]:
    message = reply.latest() or reply.message
    return [b["label"] for b in message.buttons]


def description(reply: Any) -> str:
    return reply.embeds[0].get("description") or ""


def field(reply: Any, name: str) -> str:
    return next((f["value"] for f in reply.embeds[0].get("fields", []) if f["name"] == name), "")


async def episode(env: Env, member: Any = None, **options: Any) -> Any:
    return await env.fake.slash(env.guild_a, member or env.fan_a, "episode", **options)


async def test_a_title_with_a_typo_finds_the_episode(env: Env) -> None:
    choices = await env.fake.autocomplete(
        env.guild_a,
        env.fan_a,
        "episode",
        focused="episode",
        value="leviathen wakes",
        show="expanse",
    )
    assert choices[0] == {
        "name": "The Expanse S1E10 · Leviathan Wakes · 2 Feb 2016",
        "value": "S1E10",
    }
    reply = await episode(env, show="expanse", episode="leviathen wakes")  # typed, not picked
    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == "The Expanse S1E10 · Leviathan Wakes"
    assert "two-hour finale" in description(reply)  # the season's release pattern


@pytest.mark.parametrize("code", ["s2e5", "2x05", "S02E05"])
async def test_a_code_in_three_spellings_finds_the_episode(env: Env, code: str) -> None:
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "episode", focused="episode", value=code, show="expanse"
    )
    assert choices == [{"name": HOME, "value": "S2E5"}]
    reply = await episode(env, show="expanse", episode=code)
    text = description(reply)
    assert reply.embeds[0]["title"] == "The Expanse S2E5 · Home"
    assert f"**Released** {HOME_DATE}" in text
    assert "Premiered on Syfy on February 1, 2017" in text  # the season's release pattern
    # the episode's events in the dataset's order, each with its source
    # (data/facts/expanse-episodes2.toml, expanse-episodes3a.toml and expanse-fates.toml
    # load before expanse-s1-s3.toml, so their facts come first; the guide lists what fits
    # and counts the rest)
    assert text.index("1. The UN estimates") < text.index("11. Eros changes course")
    assert "…and 4 more from this episode" in text
    assert text.count("\n-# ") == 12
    assert "an asteroid out of control" in field(reply, "Parallels")
    assert field(reply, "Trivia").startswith("Feeds 13 trivia questions")
    assert "denofgeek.com" in field(reply, "Sources")
    assert env.fake.pinging_requests() == []


async def test_every_source_link_renders_even_with_brackets_in_its_title(env: Env) -> None:
    # "… new hope [Apple TV+ recap] – Cult of Mac": the "]" inside had ended the label,
    # so Discord showed the raw markdown
    reply = await episode(env, show="fam", episode="S4E10")
    text = description(reply)
    assert (
        "-# [For All Mankind season 4 finale burns with new hope (Apple TV+ recap) – Cult of Mac]"
        "(https://www.cultofmac.com/" in text
    )
    # each link is a label without brackets, then its target: nothing is left unrendered
    labels = re.findall(r"\[([^\[\]\n]*)\]\(https?://[^\s()]+\)", text)
    assert len(labels) == text.count("](") == text.count("[") == 10


async def test_words_of_an_event_find_the_episode(env: Env) -> None:
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "episode", focused="episode", value="eros venus", show="expanse"
    )
    assert choices[0] == {"name": HOME, "value": "S2E5"}
    reply = await episode(env, show="expanse", episode="eros venus")
    assert reply.embeds[0]["title"] == "The Expanse S2E5 · Home"


@pytest.mark.parametrize(
    "lead_in", ["the one where", "The episode where", "the episode when", "ep where", ""]
)
async def test_how_fans_name_an_episode_finds_it(env: Env, lead_in: str) -> None:
    # "the one where ..." had matched the title "He Built the Saturn V" on its "the"
    typed = f"{lead_in} gordo and tracy die".strip()
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "episode", focused="episode", value=typed, show="fam"
    )
    assert choices[0]["value"] == "S2E10"
    reply = await episode(env, show="fam", episode=typed)
    assert reply.embeds[0]["title"] == "For All Mankind S2E10 · The Grey"


async def test_a_title_that_looks_like_a_lead_in_is_still_a_title(env: Env) -> None:
    reply = await episode(env, show="expanse", episode="the one-eyed man")
    assert reply.embeds[0]["title"] == "The Expanse S4E8 · The One-Eyed Man"


async def test_autocomplete_stays_within_discords_limits(env: Env) -> None:
    for value in ("", "naomi", "s", "zzzz qqqq", "-", "S99E99", "x" * 100):
        for options in ({}, {"show": "fam"}, {"show": "expanse", "season": 4}):
            choices = await env.fake.autocomplete(
                env.guild_a, env.fan_a, "episode", focused="episode", value=value, **options
            )
            assert len(choices) <= 25
            assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    # with no show chosen yet, the value is the label, which names its show
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "episode", focused="episode", value="S2E5"
    )
    assert HOME in [c["value"] for c in choices]


async def test_a_pasted_label_from_canon_evidence_leads_to_the_episode(env: Env) -> None:
    verdict = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Eros crashes into Venus with Miller aboard"
    )
    assert HOME in verdict.embeds[0]["fields"][1]["value"]
    reply = await episode(env, show="fam", episode=HOME)  # the label names its show
    assert reply.embeds[0]["title"] == "The Expanse S2E5 · Home"


async def test_a_season_list_with_premiere_and_finale(env: Env) -> None:
    reply = await episode(env, show="expanse", season=2)
    text = description(reply)
    assert reply.embeds[0]["title"] == "The Expanse · Season 2"
    assert text.startswith("13 episodes, aired 1 Feb – 19 Apr 2017.")
    assert "**S2E5** Home · 22 Feb 2017" in text
    assert sum(line.startswith("**S2E") for line in text.splitlines()) == 13
    assert field(reply, "Premiere") == "The Expanse S2E1 · Safe · 1 Feb 2017"
    assert field(reply, "Finale") == "The Expanse S2E13 · Caliban's War · 19 Apr 2017"


async def test_unlisted_seasons_and_episodes_are_said_plainly(env: Env) -> None:
    fam5 = await episode(env, show="fam", season=5)
    assert description(fam5).startswith(
        "10 episodes, aired 27 Mar – 29 May 2026; their titles are not in the data yet."
    )
    assert field(fam5, "Premiere") == "S5E1 · released 27 Mar 2026"
    assert field(fam5, "Finale") == "S5E10 · released 29 May 2026"
    fam6 = await episode(env, show="fam", season=6)
    assert description(fam6).startswith("Announced, no release date yet. Renewed as the final")
    assert field(fam6, "Premiere") == "not announced"
    refused = await episode(env, show="fam", episode="S6E1")
    assert refused.ephemeral and "season 6: announced, no release date yet" in refused.content
    star = await episode(env, show="starcity", season=1)
    text = description(star)
    assert "the titles of S1E1, S1E2, S1E4, S1E6, S1E8 are not in the data yet" in text
    assert "**S1E3** Bad Dancer · 5 Jun 2026" in text
    # weekly after a two-episode premiere: the untitled episodes' dates follow
    assert "**S1E2** *title not in the data yet* · released 29 May 2026" in text
    assert "**S1E4** *title not in the data yet* · released 12 Jun 2026" in text
    slot = await episode(env, show="fam", episode="S5E3")
    assert slot.embeds[0]["title"] == "For All Mankind S5E3 · title not in the data yet"
    assert "Released 10 Apr 2026" in description(slot)  # season 5 is weekly
    assert buttons(slot) == ["Previous"]  # back to S4E10, the last listed episode
    overview = await episode(env, show="fam")
    assert "**Season 5**: 10 episodes, aired 27 Mar – 29 May 2026" in description(overview)


async def test_bad_input_is_a_friendly_ephemeral_answer(env: Env) -> None:
    for options, message in (
        ({"episode": "zzzz qqqq"}, "No episode of The Expanse matches"),
        ({"episode": "S9E1"}, "has no season 9"),
        ({"episode": "S2E40"}, "season 2 has 13 episodes"),
        ({"season": 9}, "has no season 9"),
    ):
        reply = await episode(env, show="expanse", **options)
        assert reply.ephemeral and message in reply.content, options


async def test_a_member_at_s2e1_asking_privately_for_s2e5_sees_only_title_and_date(
    env: Env,
) -> None:
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S2E1")
    reply = await episode(env, show="expanse", episode="S2E5", private=True)
    assert reply.ephemeral
    text = description(reply)
    assert reply.embeds[0]["title"] == "The Expanse S2E5 · Home"
    assert HOME_DATE in text and "You're at S2E1 of The Expanse" in text
    assert "Eros" not in reply.message.text and "What happens" not in text
    assert not field(reply, "Parallels") and not field(reply, "Trivia")
    # the same member in public, and privately for an episode they have seen
    public = await episode(env, show="expanse", episode="S2E5")
    assert "Eros" in description(public) and not public.ephemeral
    seen = await episode(env, show="expanse", episode="S2E1", private=True)
    assert "What happens" in description(seen)


async def test_private_parallels_past_the_other_shows_progress_are_left_out(env: Env) -> None:
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="fam", episode="S1E1")
    reply = await episode(env, show="expanse", episode="S1E1", private=True)
    assert "What happens" in description(reply)
    assert "parallels past your progress left out" in reply.embeds[0]["footer"]["text"]
    assert "a city on an asteroid" not in field(reply, "Parallels")
    public = await episode(env, show="expanse", episode="S1E1")
    assert "a city on an asteroid" in field(public, "Parallels")


async def test_public_replies_wrap_the_newest_season(env: Env) -> None:
    reply = await episode(env, show="expanse", episode="S6E6")
    events = [line for line in description(reply).splitlines() if line[:1].isdigit()]
    assert events and all(line.split(". ", 1)[1].startswith("||") for line in events)
    older = await episode(env, show="expanse", episode="S5E10")
    assert "||" not in description(older)


async def test_previous_and_next_at_the_edges(env: Env) -> None:
    first = await episode(env, show="expanse", episode="S1E1")
    assert buttons(first) == ["Next"]
    stranger = await first.click("Next", member=env.mod_a)
    assert stranger.ephemeral and "can use these buttons; run /episode" in stranger.content
    second = await first.click("Next")
    assert second.embeds[0]["title"] == "The Expanse S1E2 · The Big Empty"
    assert buttons(second) == ["Previous", "Next"]
    back = await second.click("Previous")
    assert back.embeds[0]["title"] == "The Expanse S1E1 · Dulcinea"
    finale = await episode(env, show="expanse", episode="S1E10")
    across = await finale.click("Next")  # on into the next season
    assert across.embeds[0]["title"] == "The Expanse S2E1 · Safe"
    last = await episode(env, show="expanse", episode="S6E6")
    assert buttons(last) == ["Previous"]


async def test_buttons_still_work_after_a_restart(env: Env) -> None:
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S2E1")
    public = await episode(env, show="expanse", episode="S2E5")
    private = await episode(env, show="expanse", episode="S2E2", private=True)
    await env.restart()
    after = await public.click("Next")
    assert after.embeds[0]["title"] == "The Expanse S2E6 · Paradigm Shift"
    assert "What happens" in description(after)
    # the private flag travels in the custom_id: S2E1 is seen, so its events show
    earlier = await private.click("Previous")
    assert earlier.ephemeral
    assert earlier.embeds[0]["title"] == "The Expanse S2E1 · Safe"
    assert "What happens" in description(earlier)
    later = await earlier.click("Next")
    assert "You're at S2E1 of The Expanse" in description(later)
    assert env.fake.take_violations() == []
