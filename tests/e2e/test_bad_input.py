"""Bad input gets a friendly answer, never "Something went wrong on our side"."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator

import pytest

from bot.shows import SHOW_TITLES
from loopback import ClientRefused, LoopbackError
from tests.conftest import Env
from tests.e2e.test_facts import NEW_TEXT

OUR_FAULT = "Something went wrong on our side"


@pytest.mark.parametrize(
    ("start", "zone"),
    [("0001-01-01 00:00", "Asia/Tokyo"), ("9999-12-31 23:59", "America/Los_Angeles")],
)
async def test_schedule_add_answers_a_date_out_of_range_kindly(
    env: Env, start: str, zone: str
) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.mod_a, "schedule add", title="Rewatch", start=start, timezone=zone
    )
    assert reply.ephemeral and OUR_FAULT not in reply.content, reply.content
    assert "two years" in reply.content, reply.content
    assert await env.store.schedule.upcoming_events(env.guild_a.id, env.clock()) == []


@pytest.mark.parametrize(
    "when", ["<t:-99999999999:F>", "<t:999999999999:F>", "0001-01-01 00:00+14:00"]
)
async def test_trivianight_schedule_answers_a_time_out_of_range_kindly(env: Env, when: str) -> None:
    reply = await env.fake.slash(env.channel_a, env.mod_a, "trivianight schedule", when=when)
    assert reply.ephemeral and OUR_FAULT not in reply.content, reply.content
    assert "90 days" in reply.content, reply.content
    assert await env.store.trivia.scheduled_nights(env.guild_a.id) == []


# -- one preview, one fact ---------------------------------------------------------------------


async def test_two_confirm_presses_at_once_add_one_fact_and_both_get_an_answer(env: Env) -> None:
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="fam:S2E3",
        when="1983",
    )  # fmt: skip
    preview = await opened.submit_modal({"Fact text": NEW_TEXT})
    first, second = await asyncio.gather(preview.click("Confirm"), preview.click("Confirm"))
    answers = [first.content, second.content]
    added = [a for a in answers if a.startswith("Added `srv-")]
    assert len(added) == 1, answers
    (other,) = [a for a in answers if a not in added]
    assert "already saved" in other.lower(), answers
    revisions = await env.store.edits.revisions(env.guild_a.id)
    assert [r.action for r in revisions] == ["add"]


async def test_a_second_confirm_press_while_the_first_is_saved_is_answered(env: Env) -> None:
    """Found by the strict loopback's network delay: a second press that reached the bot
    after the first had stopped the view was dropped by discord.py ("This interaction
    failed" on Discord). The first press's answer is slowed here so the second lands while
    the change is being saved."""
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="fam:S2E3",
        when="1983",
    )  # fmt: skip
    preview = await opened.submit_modal({"Fact text": NEW_TEXT})
    env.fake.delay_next("POST", r"/interactions/\d+/[^/]+/callback", seconds=0.6)
    first = asyncio.create_task(preview.click("Confirm"))
    await asyncio.sleep(0.3)  # the first press is saved; its answer is on its way
    second = await preview.click("Confirm")
    assert "already saved" in second.content.lower(), second.content
    assert (await first).content.startswith("Added `srv-")
    revisions = await env.store.edits.revisions(env.guild_a.id)
    assert [r.action for r in revisions] == ["add"]


# -- text with nothing visible in it -----------------------------------------------------------


@pytest.mark.parametrize("blank", ["\u200b", "\ufeff", "\u061c\u200f"])
async def test_fact_add_refuses_text_with_no_visible_character(env: Env, blank: str) -> None:
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="fam:S2E3"
    )
    refused = await opened.submit_modal({"Fact text": blank})
    assert refused.ephemeral and "no visible character" in refused.content, refused.content
    assert await env.store.edits.revisions(env.guild_a.id) == []


async def test_schedule_add_refuses_a_title_with_no_visible_character(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.mod_a, "schedule add", title="\u200b\u200f", start="2026-12-05 20:00",
        timezone="UTC",
    )  # fmt: skip
    assert reply.ephemeral and "Give the event a title" in reply.content, reply.content


# -- what the Discord client itself refuses ----------------------------------------------------


async def test_the_loopback_refuses_a_wrong_choice_or_a_missing_option_like_a_client(
    env: Env,
) -> None:
    with pytest.raises(ClientRefused) as wrong:
        await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969, show="Babylon 5")
    assert "`Babylon 5` is not one of the choices for `show`" in wrong.value.message
    assert "For All Mankind" in wrong.value.message and "The Expanse" in wrong.value.message
    for command, option in (
        ("spoilers window", "mode"),
        ("announce events", "state"),
        ("fact show", "fact"),
    ):
        with pytest.raises(ClientRefused) as missing:
            await env.fake.slash(env.guild_a, env.mod_a, command, ignore_default_permissions=True)
        assert f"/{command} needs the option `{option}`" in missing.value.message
    assert isinstance(missing.value, LoopbackError)  # still a refusal of the test's request


# -- every command that picks a show offers the same shows -------------------------------------


def leaf_options(commands: list[dict], path: str = "") -> Iterator[tuple[str, dict]]:
    """Every synced option of every (sub)command, with the command's path."""
    for item in commands:
        here = f"{path} {item['name']}".strip()
        options = item.get("options") or []
        if any(o["type"] in (1, 2) for o in options):
            yield from leaf_options(options, here)
            continue
        for option in options:
            yield here, option


async def test_every_command_that_picks_a_show_offers_the_same_shows(env: Env) -> None:
    shows = {code: label for code, label in SHOW_TITLES.items()}
    found = {
        path: option.get("choices") or []
        for path, option in leaf_options(env.fake.commands.get(None, []))
        if option["name"] == "show"
    }
    assert {"timeline", "trivia", "countdown", "fact add", "spoilers watched"} <= set(found)
    for command, choices in found.items():
        offered = {c["value"]: c["name"] for c in choices if c["value"] in shows}
        assert offered == shows, command
        order = [c["value"] for c in choices if c["value"] in shows]
        assert order == list(shows), command


async def test_the_timeline_of_star_city_alone(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="starcity", picture=True)
    assert reply.embeds[0]["title"].endswith("· Star City")
    text = reply.embeds[0]["description"]
    events = [line for line in text.splitlines() if line.startswith("**")]
    assert events and all("Star City" in line for line in events), text
    assert [a["filename"] for a in reply.message.raw["attachments"]] == ["timeline.png"]


# -- autocomplete gets what the member typed, as text ------------------------------------------


async def test_integer_autocompletes_get_the_typed_text_as_a_string(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    added = await env.fake.slash(
        env.guild_a, env.mod_a, "schedule add", title="Rewatch", start="2026-12-05 20:00",
        timezone="UTC",
    )  # fmt: skip
    event_id = int(re.search(r"#(\d+)", added.content).group(1))
    found = [
        (path, option["name"])
        for path, option in leaf_options(env.fake.commands.get(None, []))
        if option["type"] == 4 and option.get("autocomplete")
    ]
    assert ("schedule remove", "event") in found
    for path, name in found:
        for typed in ("", "-", "12a"):
            choices = await env.fake.autocomplete(
                env.guild_a, env.mod_a, path, focused=name, value=typed
            )
            assert isinstance(choices, list), (path, typed)
    # Discord sends a number typed into the box as text too: the event is found by it.
    picked = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "schedule remove", focused="event", value=event_id
    )
    assert [c["value"] for c in picked] == [event_id]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
