"""Abuse of permissions through the loopback Discord.

1. Discord's `default_member_permissions` only hides a command; a server can override it.
   Every moderator command (as synced) is run by a plain member as if such an override let
   them (`ignore_default_permissions=True`): each is refused, ephemerally, in words, and the
   store is unchanged.
2. Commands that are for moderators or hosts in code but visible to everyone are refused too.
3. No cross-server reads or writes: a moderator of server B cannot see or change server A's
   events, announcement settings or facts through any command.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import Env
from tests.fault.support import OUR_FAULT, STRING, Command, leaf_commands, leaks

REFUSAL_WORDS = ("moderator", "Manage Server", "host")
# Reading commands in the /fact group: visible only to moderators by default, but not
# refused in code when a server lets everyone use /fact (they show facts, never change them).
READ_ONLY_FACT_COMMANDS = {"fact show", "fact search"}
# Refused in code although every member can see them (no default_member_permissions).
MODERATOR_IN_CODE = {
    "announce channel",
    "announce off",
    "announce status",
    "announce events",
    "trivianight host-role",
    "trivianight start",
    "trivianight stop",
    "trivianight skip",
    "trivianight schedule",
    "trivianight cancel",
}


def moderator_commands(env: Env) -> list[Command]:
    """Leaf commands whose top-level schema carries default_member_permissions."""
    found = []
    for schema in env.fake.commands[None]:
        if schema.get("type", 1) == 1 and schema.get("default_member_permissions") is not None:
            found += leaf_commands([schema])
    return found


def required_options(env: Env, command: Command) -> dict[str, Any]:
    """Plausible values for the required options, so only the permission check can refuse."""
    values: dict[str, Any] = {}
    for option in command.options:
        if not option.get("required"):
            continue
        if option.get("choices"):
            values[option["name"]] = option["choices"][0]["value"]
        elif option["type"] == STRING:
            values[option["name"]] = "Jamestown"[: option.get("max_length", 100)].ljust(
                option.get("min_length", 1), "x"
            )
        elif option["type"] == 4:
            values[option["name"]] = max(1, option.get("min_value", 1))
        elif option["type"] == 5:
            values[option["name"]] = True
        elif option["type"] == 7:
            values[option["name"]] = env.channel_a
        elif option["type"] in (6, 9):
            values[option["name"]] = env.fan_a
        elif option["type"] == 8:
            values[option["name"]] = env.guild_a.everyone
    return values


async def refused_for_a_plain_member(env: Env, command: Command) -> str | None:
    """Why `command` fails the check, or None when it was refused properly."""
    before = await env.store.digest()
    options = required_options(env, command)
    reply = await env.fake.slash(
        env.channel_a, env.fan_a, command.path, ignore_default_permissions=True, **options
    )
    text = reply.text
    if not reply.ephemeral:
        return f"/{command.path}: answered in public: {text[:120]!r}"
    if not any(word in text for word in REFUSAL_WORDS):
        return f"/{command.path}: not refused: {text[:120]!r}"
    if leaks(text) or OUR_FAULT in text:
        return f"/{command.path}: an error instead of a refusal: {text[:120]!r}"
    if await env.store.digest() != before:
        return f"/{command.path}: refused, but the store changed"
    return None


async def test_every_moderator_command_refuses_a_plain_member_despite_an_override(
    env: Env,
) -> None:
    commands = moderator_commands(env)
    assert {"parallax modrole", "schedule add", "fact add"} <= {c.path for c in commands}
    problems = [
        problem
        for command in commands
        if command.path not in READ_ONLY_FACT_COMMANDS
        and (problem := await refused_for_a_plain_member(env, command))
    ]
    assert problems == []
    assert env.fake.pinging_requests() == []


async def test_read_only_fact_commands_never_write_for_a_plain_member(env: Env) -> None:
    before = await env.store.digest()
    shown = await env.fake.slash(
        env.channel_a, env.fan_a, "fact search", text="Jamestown", ignore_default_permissions=True
    )
    assert shown.ephemeral and not leaks(shown.text)
    assert await env.store.digest() == before


async def test_moderator_commands_visible_to_everyone_are_refused_in_code(env: Env) -> None:
    synced = {c.path: c for c in leaf_commands(env.fake.commands[None])}
    present = sorted(MODERATOR_IN_CODE & synced.keys())
    assert present, "none of the code-checked moderator commands is synced"
    problems = [
        problem
        for path in present
        if (problem := await refused_for_a_plain_member(env, synced[path]))
    ]
    assert problems == []


# --------------------------------------------------------------------------------------
# No cross-server reads or writes
# --------------------------------------------------------------------------------------


async def test_a_moderator_of_another_server_cannot_see_or_remove_its_events(env: Env) -> None:
    fake = env.fake
    added = await fake.slash(
        env.channel_a,
        env.mod_a,
        "schedule add",
        title="Mankind secret rewatch",
        start="2026-12-05 20:00",
        timezone="UTC",
    )
    assert "Added event #" in added.content
    event_id = int(added.content.split("#")[1].split(":")[0])

    listed = await fake.slash(env.channel_b, env.mod_b, "schedule list")
    assert "Mankind secret rewatch" not in listed.text
    offered = await fake.autocomplete(
        env.channel_b, env.mod_b, "schedule remove", focused="event", value=""
    )
    assert all("Mankind secret rewatch" not in c["name"] for c in offered)
    removed = await fake.slash(env.channel_b, env.mod_b, "schedule remove", event=event_id)
    assert removed.ephemeral and f"no event #{event_id}" in removed.content
    countdown = await fake.slash(env.channel_b, env.fan_b, "countdown")
    assert "Mankind secret rewatch" not in countdown.text

    still = await fake.slash(env.channel_a, env.mod_a, "schedule list")
    assert "Mankind secret rewatch" in still.text


async def test_announcement_settings_stay_in_their_server(env: Env) -> None:
    fake = env.fake
    done = await fake.slash(
        env.channel_a, env.mod_a, "announce channel", channel=env.channel_a, leads="1h"
    )
    assert done.ephemeral and str(env.channel_a.id) in done.text
    status_b = await fake.slash(env.channel_b, env.mod_b, "announce status")
    assert "**off**" in status_b.text and str(env.channel_a.id) not in status_b.text
    off_b = await fake.slash(env.channel_b, env.mod_b, "announce off")
    assert "already off" in off_b.text
    status_a = await fake.slash(env.channel_a, env.mod_a, "announce status")
    assert "**on**" in status_a.text


async def test_a_moderator_of_another_server_cannot_see_or_change_its_facts(env: Env) -> None:
    fake = env.fake
    [choice, *_] = await fake.autocomplete(
        env.channel_a, env.mod_a, "fact remove", focused="fact", value="Jamestown"
    )
    key = choice["value"]
    preview = await fake.slash(
        env.channel_a,
        env.mod_a,
        "fact remove",
        fact=key,
        source_title="A page that contradicts it",
        source_url="https://example.com/contradiction",
    )
    done = await preview.click("Confirm")
    assert "Removed" in done.text, done.text
    gone = await fake.slash(env.channel_a, env.mod_a, "fact show", fact=key)
    assert gone.ephemeral and "no fact" in gone.content

    # Server B still sees the shipped fact, and nothing of A's change.
    shown = await fake.slash(env.channel_b, env.mod_b, "fact show", fact=key)
    assert key in shown.text and "Changed on this server" not in shown.text
    changes = await fake.slash(env.channel_b, env.mod_b, "fact changes")
    assert key not in changes.text
    history = await fake.slash(env.channel_b, env.mod_b, "fact history", fact=key)
    assert "contradicts it" not in history.text
    offered = await fake.autocomplete(env.channel_b, env.mod_b, "fact revert", focused="fact")
    assert all(c["value"] != key for c in offered)
    before_a = await env.store.digest()
    reverted = await fake.slash(env.channel_b, env.mod_b, "fact revert", fact=key)
    assert reverted.ephemeral
    for revision in range(1, 4):  # A's change is revision 1 or so: B cannot undo it
        undone = await fake.slash(
            env.channel_b, env.mod_b, "fact undo", fact=key, revision=revision
        )
        assert undone.ephemeral and "Removed" not in undone.text
    assert await env.store.digest() == before_a  # B's attempts wrote nothing

    again = await fake.slash(env.channel_a, env.mod_a, "fact show", fact=key)
    assert "no fact" in again.content  # A's removal stands
    assert fake.pinging_requests() == []
