"""Property-based fuzzing of every slash command's options, through the loopback Discord.

The commands come from what the bot actually synced (`env.fake.commands[None]`), so a new
command is fuzzed without touching this file. Values are drawn within Discord's own
constraints (the loopback refuses anything else): any unicode text with markdown, mentions
and zero-width characters, up to `max_length`; integers at and between their bounds;
registered choices; members, roles and channels of the server; and sometimes a value the
command's own autocomplete offered. Every command runs once per example, as a plain member
(with `ignore_default_permissions`, as if a server override let them) in one test and as a
moderator in the other, each test on one bot and one database.

Properties, after every invocation:
- the bot answered, and nothing raw reached chat (no traceback, exception or SQL words that
  the user did not type themselves), and no "something went wrong on our side";
- a rejection (the command tree's error handler ran) is ephemeral, says why, and left the
  store exactly as it was (`Store.digest()`, which includes SQLite's `total_changes`);
- the loopback recorded no protocol violation, and no message could ping anyone.

pytest-asyncio runs `@given` on an async test example by example on the test's own event
loop, so the function-scoped `env` (bot, fake Discord, database) is shared by all examples;
state carried from one example to the next is part of what gets fuzzed. Shrinking is off:
each example is ~50 commands, and the failure message names the exact command and values.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from loopback import FakeChannel, FakeMember, FakeRole
from tests.conftest import Env
from tests.fault.support import (
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    OUR_FAULT,
    ROLE,
    STRING,
    USER,
    Command,
    bot_idle,
    leaf_commands,
    leaks,
    written_texts,
)

DISCORD_INT = 2**53  # Discord's integer options span -2^53 .. 2^53
ADMINISTRATOR = 1 << 3

FUZZ = settings(
    # Every command runs once per example; CI keeps 8 (the whole suite under 10 minutes on 2
    # cores), a deeper run sets PARALLAX_FUZZ_EXAMPLES=50.
    max_examples=int(os.environ.get("PARALLAX_FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def loopback_options() -> dict[str, Any]:
    # Every reply waits `settle` seconds of quiet; 10 ms is plenty on loopback (a late
    # trailing message is still checked: the checks read every recorded request) and keeps
    # ~1,400 invocations inside the time budget.
    return {"settle": 0.01, "settle_max": 0.3}


SPECIAL_TEXT = [
    "@everyone",
    "@here",
    "hey @everyone look",
    "<@{user}>",
    "<@!{user}>",
    "<@&{role}>",
    "<#{channel}>",
    "**bold** *it* __under__ ~~gone~~ `code`",
    "```py\nprint('hi')\n```",
    "||spoiler||",
    "> quoted\n# Heading\n- item",
    "[a link](https://example.com)",
    "\u200b",
    "zero\u200bwidth\u200djoin\u2060",
    "\u202eright to left",
    "<t:0:R>",
    "'; DROP TABLE facts; --",
    "%s %d {0} {}",
    "\\",
    "😀🚀🪐" * 3,
    "Ed Baldwin commands Jamestown",
    "Jamestown",
    "1969",
    "Europe/Berlin",
    "America/Chicago",
    "2026-12-24 20:00",
    "tomorrow 8pm",
    "24h,1h,0",
    "0",
    "-1",
    "S1E1",
    "fam",
]
LONG_UNITS = ["a", "é", "🪐", "\u200b", "@everyone ", "*", "<@1>"]


def fit(text: str, low: int, high: int) -> str:
    """Trimmed like Discord's client does, then cut or padded into [low, high]."""
    text = text.strip()[:high].strip()
    if len(text) < max(low, 1):
        text = (text + "x" * max(low, 1))[: max(low, 1)]
    return text


def string_values(schema: dict[str, Any], world: World) -> st.SearchStrategy[str]:
    low, high = schema.get("min_length", 0), schema.get("max_length", 6000)
    ids = {"{user}": world.members[0].id, "{role}": world.roles[0].id}
    ids["{channel}"] = world.channels[0].id
    special = []
    for text in SPECIAL_TEXT:
        for placeholder, snowflake in ids.items():
            text = text.replace(placeholder, str(snowflake))
        special.append(text)
    return st.one_of(
        st.text(max_size=min(high, 80)),
        st.sampled_from(special),
        st.builds(lambda unit, n: unit * n, st.sampled_from(LONG_UNITS), st.integers(1, high)),
        st.just("y" * high),
    ).map(lambda text: fit(text, low, high))


def integer_values(schema: dict[str, Any]) -> st.SearchStrategy[int]:
    low = schema.get("min_value", -DISCORD_INT)
    high = schema.get("max_value", DISCORD_INT)
    edges = [v for v in (low, high, 0, 1, -1, low + 1, high - 1) if low <= v <= high]
    return st.one_of(st.sampled_from(edges), st.integers(low, high))


@dataclass
class World:
    """The server the fuzzer picks members, roles and channels from."""

    members: list[FakeMember]
    roles: list[FakeRole]
    channels: list[FakeChannel]


def world_of(env: Env) -> World:
    guild = env.guild_a
    guild.add_role("Watchers", mentionable=True)
    guild.add_role("Admins", permissions=ADMINISTRATOR)
    guild.add_channel("launch-news", type=5)
    return World(list(guild.members), list(guild.roles), list(guild.channels))


def value_strategy(schema: dict[str, Any], world: World) -> st.SearchStrategy[Any] | None:
    kind = schema["type"]
    if schema.get("choices"):
        return st.sampled_from([c["value"] for c in schema["choices"]])
    if kind == STRING:
        return string_values(schema, world)
    if kind == INTEGER:
        return integer_values(schema)
    if kind == NUMBER:
        return st.floats(
            schema.get("min_value", -1e15),
            schema.get("max_value", 1e15),
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == BOOLEAN:
        return st.booleans()
    if kind == USER:
        return st.sampled_from(world.members)
    if kind == ROLE:
        return st.sampled_from(world.roles)
    if kind == MENTIONABLE:
        return st.sampled_from([*world.members, *world.roles])
    if kind == CHANNEL:
        allowed = schema.get("channel_types")
        channels = [c for c in world.channels if not allowed or c.type in allowed]
        return st.sampled_from(channels) if channels else None
    return None  # attachments: no command takes one yet


def printable(options: dict[str, Any]) -> dict[str, Any]:
    return {k: getattr(v, "name", v) for k, v in options.items()}


async def draw_options(
    data: st.DataObject, env: Env, member: FakeMember, command: Command, world: World
) -> dict[str, Any] | None:
    """Values for `command`'s options, or None if a required one cannot be given."""
    options: dict[str, Any] = {}
    for schema in command.options:
        if not schema.get("required") and not data.draw(st.booleans(), label="include"):
            continue
        value: Any = None
        if schema.get("autocomplete") and data.draw(st.booleans(), label="use a suggestion"):
            choices = await env.fake.autocomplete(
                env.channel_a, member, command.path, focused=schema["name"], value=""
            )
            if choices:
                value = data.draw(st.sampled_from([c["value"] for c in choices]), label="pick")
        if value is None:
            strategy = value_strategy(schema, world)
            if strategy is None:
                if schema.get("required"):
                    return None
                continue
            value = data.draw(strategy, label=f"{command.path}.{schema['name']}")
        options[schema["name"]] = value
    return options


def record_rejections(env: Env) -> list[BaseException]:
    """Watch the command tree's error handler: each call is a refused command."""
    tree = env.bot.tree
    seen: list[BaseException] = []
    handler: Callable[..., Any] = tree.on_error

    async def recording(interaction: Any, error: BaseException) -> None:
        seen.append(error)
        await handler(interaction, error)

    tree.on_error = recording  # type: ignore[method-assign]
    return seen


async def invoke_and_check(
    env: Env, member: FakeMember, command: Command, options: dict[str, Any], refused: list[Any]
) -> None:
    where = f"/{command.path} {printable(options)} as {member.name}"
    mark, before_refusals = len(env.fake.requests), len(refused)
    before = state_of(env)["digest"]
    reply = await env.fake.slash(
        env.channel_a, member, command.path, ignore_default_permissions=True, **options
    )
    typed = [v for v in options.values() if isinstance(v, str)]
    for _request, text in written_texts(env.fake, mark):
        assert not leaks(text, typed), f"{where}: raw error text in chat: {text!r}"
        assert OUR_FAULT not in text, f"{where}: an internal error: {text!r}"
    if len(refused) > before_refusals:
        error = refused[-1]
        shown = reply.followups[-1] if reply.followups else reply.message
        assert shown is not None, f"{where}: refused ({error!r}) without a reply"
        assert shown.ephemeral, f"{where}: the refusal is public: {shown.text!r}"
        assert shown.text.strip(), f"{where}: the refusal says nothing"
        assert await env.store.digest() == before, f"{where}: refused ({error!r}) but wrote"
    # What the command goes on doing after its answer (/trivianight stop closes the round
    # and finishes the night, waiting out the channel's rate limit to post; a new night
    # posts its first question, then records it) ends before the next command's "before".
    await bot_idle(env)
    state_of(env)["digest"] = await env.store.digest()  # the next command's "before"
    assert env.fake.violations == [], f"{where}: protocol violations"
    assert env.fake.pinging_requests() == [], f"{where}: a message could ping"


def state_of(env: Env) -> dict[str, Any]:
    """What the fuzzer keeps between examples, on the env they all share."""
    return env.__dict__.setdefault("_fuzz", {})


async def fuzz_all(data: st.DataObject, env: Env, member: FakeMember) -> None:
    state = state_of(env)
    if not state:
        # The announcement loop's next pass comes a minute after the bot started, in the
        # middle of the fuzzing (each example takes seconds of network round trips), and
        # would write between a command's "before" and "after": only commands are fuzzed.
        announce = env.bot.get_cog("Announce")
        assert announce is not None
        await announce.cog_unload()
        state["world"] = world_of(env)
        state["refused"] = record_rejections(env)
        state["commands"] = leaf_commands(env.fake.commands[None])
        assert len(state["commands"]) >= 10  # the synced global commands were found
    state["digest"] = await env.store.digest()
    for command in state["commands"]:
        options = await draw_options(data, env, member, command, state["world"])
        if options is not None:
            await invoke_and_check(env, member, command, options, state["refused"])


@FUZZ
@given(data=st.data())
async def test_every_command_survives_fuzzing_as_a_plain_member(env: Env, data: Any) -> None:
    await fuzz_all(data, env, env.fan_a)


@FUZZ
@given(data=st.data())
async def test_every_command_survives_fuzzing_as_a_moderator(env: Env, data: Any) -> None:
    await fuzz_all(data, env, env.mod_a)


async def test_store_digest_sees_updates_not_only_new_rows(env: Env) -> None:
    before = await env.store.digest()
    assert before["facts"] > 0 if "facts" in before else len(before) > 1
    await env.fake.slash(env.channel_a, env.fan_a, "timezone set", zone="Europe/Berlin")
    middle = await env.store.digest()
    assert middle != before
    await env.fake.slash(env.channel_a, env.fan_a, "timezone set", zone="Asia/Tokyo")
    after = await env.store.digest()
    assert {k: v for k, v in after.items() if k != "total_changes"} == {
        k: v for k, v in middle.items() if k != "total_changes"
    }
    assert after["total_changes"] > middle["total_changes"]  # an update, same counts
