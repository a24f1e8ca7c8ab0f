"""Point 8 of the strict loopback: autocomplete choice types, Components v2, link buttons,
and the command-name and command-size rules (where the loopback had been stricter than
Discord, and could have refused a valid sync).

Rules quoted from discord-api-docs c98d64bc (see tests/loopback/support.py).
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from loopback import FakeDiscord, NoResponse
from tests.loopback.support import Probe, start_probe


@app_commands.command(description="Pick a season")
async def season(interaction: discord.Interaction, number: int) -> None:
    await interaction.response.send_message(f"season {number}")


@season.autocomplete("number")
async def season_numbers(interaction: discord.Interaction, current: str) -> list[Any]:
    if current == "text":  # the bug: strings offered for an integer option
        return [app_commands.Choice(name="Season 1", value="1")]
    return [app_commands.Choice(name="Season 1", value=1)]


async def test_autocomplete_choices_have_the_options_type(fake_discord: FakeDiscord) -> None:
    """interactions/application-commands.mdx:124-126: a choice's value is «string,
    integer, or double» and its «Type of `value` depends on the option type»."""
    async for world in start_probe(fake_discord, tree_commands=[season]):
        fake = world.fake
        assert await fake.autocomplete(world.guild, world.fan, "season", focused="number")
        with pytest.raises(NoResponse):  # refused: the member sees no suggestions
            await fake.autocomplete(
                world.guild, world.fan, "season", focused="number", value="text"
            )
        [violation] = fake.take_violations("validation")
        assert "data.choices.0.value" in violation.detail


async def post(probe: Probe, body: dict[str, Any]) -> tuple[int, Any]:
    status, _, answer = await probe.raw("POST", f"/channels/{probe.channel.id}/messages", json=body)
    return status, answer


V2 = 1 << 15
TEXT = {"type": 10, "content": "Leonov"}


async def test_components_v2_messages_hold_only_components_and_at_most_40(probe: Probe) -> None:
    """resources/message.mdx:1098: «When the flag `IS_COMPONENTS_V2` is set, the message can
    only contain `components`. Providing `content`, `embeds` ... will fail with a 400»;
    components/reference.mdx:18: «Messages allow up to 40 total components»; :1209 of
    resources/message.mdx: an edit of such a message must leave content and embeds empty."""
    fake = probe.fake
    assert (await post(probe, {"flags": V2, "content": "hi", "components": [TEXT]}))[0] == 400
    assert (await post(probe, {"flags": V2, "embeds": [{"title": "x"}], "components": [TEXT]}))[
        0
    ] == 400
    container = {"type": 17, "components": [TEXT] * 39}  # 1 + 39 = 40: allowed
    status, message = await post(probe, {"flags": V2, "components": [container]})
    assert status == 200
    over = {"type": 17, "components": [TEXT] * 40}
    assert (await post(probe, {"flags": V2, "components": [over]}))[0] == 400
    status, _, _ = await probe.raw(
        "PATCH",
        f"/channels/{probe.channel.id}/messages/{message['id']}",
        json={"content": "now with text"},  # the flag cannot be removed, so no content
    )
    assert status == 400
    assert len(fake.take_violations("validation")) == 4


async def test_link_buttons_cannot_have_a_custom_id(probe: Probe) -> None:
    """components/reference.mdx:185: «Link buttons **must** have a `url`, and cannot have a
    `custom_id`»."""
    link = {"type": 2, "style": 5, "label": "Source", "url": "https://example.org/"}
    row = {"type": 1, "components": [link]}
    assert (await post(probe, {"content": "ok", "components": [row]}))[0] == 200
    link["custom_id"] = "source"
    assert (await post(probe, {"content": "no", "components": [row]}))[0] == 400
    [violation] = probe.fake.take_violations("validation")
    assert "custom_id" in violation.detail


def command(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": "A command", "type": 1, **extra}


async def sync(probe: Probe, commands: list[dict[str, Any]]) -> int:
    path = f"/applications/{probe.fake.application_id}/commands"
    status, _, _ = await probe.raw("PUT", path, json=commands)
    return status


async def test_command_names_allow_an_apostrophe_and_indic_and_thai_scripts(
    probe: Probe,
) -> None:
    """interactions/application-commands.mdx:18: names match
    ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and «If there is a lowercase variant
    of any letters used, you must use those»."""
    names = ["don't-panic", "ताराओं", "ดาว", "leonov_1969"]
    assert await sync(probe, [command(n) for n in names]) == 200
    for bad in ("Leonov", "two words", "x" * 33, "semi;colon"):
        assert await sync(probe, [command(bad)]) == 400
    assert len(probe.fake.take_violations("command_sync")) == 4


async def test_a_command_may_have_8000_characters_in_all(probe: Probe) -> None:
    """interactions/application-commands.mdx:450: «Slash commands can have a maximum of
    8000 characters for combined name, description, and value properties for each
    command, its options (including subcommands and groups), and choices»; with
    localizations only «the longest localization for each field» counts."""

    def option(i: int, description: str, choice_value: str) -> dict[str, Any]:
        choices = [{"name": f"c{j}", "value": choice_value} for j in range(25)]
        return {"name": f"o{i}", "description": description, "type": 3, "choices": choices}

    # 3 options x (2 + 100 + 25 x (2 or 3 + 99)) characters, plus the command's 16.
    options = [option(i, "d" * 100, "v" * 99) for i in range(3)]
    size = 7 + 9 + sum(2 + 100 + sum(len(f"c{j}") + 99 for j in range(25)) for _ in range(3))
    assert 7000 < size <= 8000
    assert await sync(probe, [command("biggest", options=options)]) == 200
    options[0]["description_localizations"] = {"de": "d" * 100}  # the longest counts, once
    assert await sync(probe, [command("biggest", options=options)]) == 200
    options.append(option(3, "d" * 100, "v" * 99))
    assert await sync(probe, [command("biggest", options=options)]) == 400
    [violation] = probe.fake.take_violations("command_sync")
    assert "8000" in violation.detail
