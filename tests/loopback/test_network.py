"""Point 3 of the strict loopback: the 3-second deadline with the network in it, for
commands, button presses and submitted forms alike; point 4: rate limits (per-route
buckets per channel, guild or token, the global 50 a second, and real headers).

Rules quoted from discord-api-docs c98d64bc (see tests/loopback/support.py).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from loopback import (
    DEFAULT_GATEWAY_LATENCY,
    DEFAULT_REST_LATENCY,
    FakeDiscord,
    NoResponse,
    ratelimits,
)
from tests.loopback.support import Probe, start_probe


@app_commands.command(description="Reads twice, then answers")
async def reads_first(interaction: discord.Interaction) -> None:
    assert interaction.guild is not None
    await interaction.guild.fetch_channels()
    await interaction.client.fetch_user(interaction.user.id)
    await interaction.response.send_message("read, then answered")


@app_commands.command(description="Defers, then reads twice")
async def defers_first(interaction: discord.Interaction) -> None:
    assert interaction.guild is not None
    await interaction.response.defer(thinking=True)
    await interaction.guild.fetch_channels()
    await interaction.client.fetch_user(interaction.user.id)
    await interaction.followup.send("deferred, read, then answered")


async def test_the_deadline_counts_the_trip_there_and_back(fake_discord: FakeDiscord) -> None:
    """interactions/receiving-and-responding.mdx:351: «you **must send an initial response
    within 3 seconds of receiving the event**». The clock starts when Discord sends the
    event, so the event's trip to the bot, every REST call made before answering, and the
    answer's trip back all count: a handler that reads before it defers is late on a slow
    day (here 0.15 s on the gateway, 0.5 s a REST round trip, a 0.9 s deadline),
    one that defers first is not. Without the network both pass, as they did before."""
    assert (DEFAULT_GATEWAY_LATENCY, DEFAULT_REST_LATENCY) == (0.02, 0.04)  # the suite's
    async for world in start_probe(fake_discord, tree_commands=[reads_first, defers_first]):
        fake = world.fake
        fake.ack_deadline = 0.9
        fake.gateway_latency, fake.rest_latency = 0.0, 0.0
        assert (await fake.slash(world.guild, world.fan, "reads_first")).content
        fake.gateway_latency, fake.rest_latency = 0.15, 0.5
        with pytest.raises(NoResponse):
            await fake.slash(world.guild, world.fan, "reads_first")
        await fake.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback", count=2)
        [late] = fake.take_violations("late_ack")
        assert "deadline 0.9s" in late.detail
        assert fake.take_violations("no_ack")
        reply = await fake.slash(world.guild, world.fan, "defers_first")
        assert reply.deferred and reply.content == "deferred, read, then answered"


# -- point 4: rate limits ---------------------------------------------------------------


async def test_every_answer_carries_its_buckets_headers(probe: Probe) -> None:
    """topics/rate-limits.mdx:39-43: X-RateLimit-Limit, -Remaining, -Reset, -Reset-After
    and -Bucket («non-inclusive of top-level resources in the path»)."""
    path = f"/channels/{probe.channel.id}/messages"
    status, headers, _ = await probe.raw("POST", path, json={"content": "one"})
    assert status == 200
    assert headers["X-RateLimit-Limit"] == "5" and headers["X-RateLimit-Remaining"] == "4"
    assert 0 < float(headers["X-RateLimit-Reset-After"]) <= 5
    general = f"/channels/{probe.guild.general.id}/messages"
    _, other, _ = await probe.raw("POST", general, json={"content": "one"})
    assert other["X-RateLimit-Bucket"] == headers["X-RateLimit-Bucket"]  # same route...
    assert other["X-RateLimit-Remaining"] == "4"  # ...but its own bucket per channel


async def test_a_channel_bucket_empties_and_answers_429_with_the_route_headers(
    probe: Probe,
) -> None:
    """topics/rate-limits.mdx:16: per-route limits «account for top-level resources»
    (channels, guilds, webhooks); :49: «the API will return a HTTP 429 response code with
    a JSON body»; :61: «normal route rate-limiting headers will also be sent»."""
    path = f"/channels/{probe.channel.id}/messages"
    answers = [await probe.raw("POST", path, json={"content": str(i)}) for i in range(6)]
    assert [status for status, _, _ in answers] == [200] * 5 + [429]
    _, headers, body = answers[-1]
    assert headers["X-RateLimit-Remaining"] == "0" and headers["X-RateLimit-Scope"] == "user"
    assert headers["Via"] == "1.1 google" and int(headers["Retry-After"]) >= 1
    assert body["global"] is False and 0 < body["retry_after"] <= 5
    assert len(probe.fake.channel_messages(probe.channel)) == 5


async def test_the_global_limit_is_50_a_second_but_not_for_interactions(probe: Probe) -> None:
    """topics/rate-limits.mdx:122: «All bots can make up to 50 requests per second to our
    API»; :128: «Interaction endpoints are not bound to the bot's Global Rate Limit»;
    :105-116: a global 429 says `"global": true` and X-RateLimit-Global."""
    path = f"/users/{probe.fan.id}"
    await asyncio.sleep(1.05)  # the bot's own start-up requests' second is over
    async with aiohttp.ClientSession() as session:
        answers = await asyncio.gather(
            *(probe.raw("GET", path, session=session) for _ in range(60))
        )
    refused = [(headers, body) for status, headers, body in answers if status == 429]
    assert len(refused) == 10
    headers, body = refused[0]
    assert headers["X-RateLimit-Global"] == "true" and body["global"] is True


async def test_a_burst_through_discord_py_meets_real_429s_and_loses_nothing(
    probe: Probe, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot's side of the same rules: discord.py waits out a global 429 (it cannot know
    the global bucket in advance) and pre-empts an emptied route bucket from the headers;
    every request still lands exactly once."""
    fake = probe.fake
    guild = probe.discord_guild
    await asyncio.sleep(1.05)  # a fresh global second
    found = await asyncio.gather(
        *(probe.bot.fetch_user(probe.fan.id) for _ in range(30)),
        *(guild.fetch_member(probe.mod.id) for _ in range(30)),
    )  # two routes, each within its own bucket, 60 requests in all
    assert {u.id for u in found} == {probe.fan.id, probe.mod.id}
    assert any(r.status == 429 for r in fake.requests)
    quick = ratelimits.Limit(2, 0.3)  # a short window keeps the test fast
    monkeypatch.setitem(ratelimits.ROUTE_LIMITS, ("POST", "/channels/{channel_id}/messages"), quick)
    text = probe.text_channel()
    await asyncio.gather(*(text.send(f"line {i}") for i in range(7)))
    assert sorted(m.content for m in fake.channel_messages(probe.channel)) == [
        f"line {i}" for i in range(7)
    ]


# -- point 3, for buttons and forms ------------------------------------------------------

SLOW = 0.5  # seconds a handler below works before (or after) it answers; the deadline is 0.3


class SlowButtons(discord.ui.View):
    """One button that works before it answers, one that acknowledges first, one form."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Late", custom_id="late")
    async def late(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await asyncio.sleep(SLOW)  # e.g. a write to a busy database
        await interaction.response.edit_message(content="saved, then edited")

    @discord.ui.button(label="First", custom_id="first")
    async def first(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await asyncio.sleep(SLOW)
        await interaction.edit_original_response(content="acknowledged, saved, then edited")

    @discord.ui.button(label="Form", custom_id="form")
    async def form(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.send_modal(SlowForm())


class SlowForm(discord.ui.Modal, title="Your answer"):
    text: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Answer", custom_id="answer")

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        if self.text.value == "first":
            await interaction.response.defer(thinking=True, ephemeral=True)
            await asyncio.sleep(SLOW)
            await interaction.followup.send("acknowledged, saved, then answered")
            return
        await asyncio.sleep(SLOW)
        await interaction.response.send_message("saved, then answered", ephemeral=True)


@app_commands.command(description="Buttons whose handlers take their time")
async def slow_buttons(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("press one", view=SlowButtons())


async def test_the_deadline_holds_for_buttons_and_forms_too(fake_discord: FakeDiscord) -> None:
    """interactions/receiving-and-responding.mdx:351: the 3 seconds hold for every
    interaction Discord sends, a button press (MESSAGE_COMPONENT) and a submitted form
    (MODAL_SUBMIT) as much as a command. A press or a form whose handler works before it
    answers gets 10062 and the member sees "This interaction failed"; acknowledging first
    (a deferred update, or "thinking" for a form) and then working is in time."""
    async for world in start_probe(fake_discord, tree_commands=[slow_buttons]):
        fake = world.fake
        fake.ack_deadline, fake.settle_max = 0.3, 1.5
        shown = await fake.slash(world.guild, world.fan, "slow_buttons")
        with pytest.raises(NoResponse):
            await shown.click("Late")
        await fake.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback", count=2)
        [late] = fake.take_violations("late_ack")
        assert "deadline 0.3s" in late.detail
        [missing] = fake.take_violations("no_ack")
        assert "late" in missing.detail
        assert (shown.latest() or shown.message).content == "press one"

        first = await shown.click("First")
        assert first.type == 6  # a deferred update, then the edit
        assert (first.latest() or first.message).content == "acknowledged, saved, then edited"

        opened = await shown.click("Form")
        with pytest.raises(NoResponse):
            await opened.submit_modal({"answer": "late"})
        await fake.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback", count=5)
        [late] = fake.take_violations("late_ack")
        assert "deadline 0.3s" in late.detail
        assert fake.take_violations("no_ack")
        answered = await opened.submit_modal({"answer": "first"})
        assert answered.deferred and answered.ephemeral
        assert answered.content == "acknowledged, saved, then answered"
        assert fake.violations == []


# -- what a Reply waits for ------------------------------------------------------------------

HELD = 0.2  # seconds a handler below holds the event loop (CPU work, e.g. after a start)


class BusyAfterEditing(discord.ui.View):
    """A press answered in two steps, with CPU work between them that holds the loop."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Go", custom_id="busy")
    async def go(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="edited", view=None)
        time.sleep(HELD)  # the point: nothing else in the loop runs meanwhile
        await interaction.followup.send("then said so", ephemeral=True)


@app_commands.command(description="A button whose answer comes in two steps")
async def busy_button(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("press it", view=BusyAfterEditing())


async def test_a_reply_waits_for_a_bot_that_had_no_chance_to_go_on(
    fake_discord: FakeDiscord,
) -> None:
    """The bot runs in the test's event loop: while that loop is held, the bot can neither
    read the answer to its edit nor send its followup. Wall-clock quiet would have called
    the press answered during the hold (its followup then came in after the test had
    looked, and was torn down mid-request); quiet counts only time the loop ran."""
    async for world in start_probe(fake_discord, tree_commands=[busy_button]):
        shown = await world.fake.slash(world.guild, world.fan, "busy_button")
        pressed = await shown.click("Go")
        assert pressed.type == 7 and pressed.content == "edited"
        assert [m.content for m in pressed.followups] == ["then said so"]
        assert pressed.followups[0].ephemeral
