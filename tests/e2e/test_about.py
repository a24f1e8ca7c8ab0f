"""/about through the loopback: the first command proven end to end."""

from __future__ import annotations

from tests.conftest import Env


async def test_about_reports_version_and_counts(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "about")
    [embed] = reply.embeds
    assert embed["title"] == "Parallax"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "episodes" in fields["For All Mankind"]
    assert "62 episodes in 6 seasons" in fields["The Expanse"]
    assert int(fields["Parallels"]) >= 15
    assert "Version" in embed["footer"]["text"]
    assert not reply.ephemeral
    assert env.fake.pinging_requests() == []


async def test_about_says_what_is_known_but_missing(env: Env) -> None:
    """Seasons whose episodes are counted but not all titled are counted, and named;
    counts take their plural ("1 season", not "season(s)")."""
    reply = await env.fake.slash(env.guild_a, env.fan_a, "about")
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert "50 episodes in 5 seasons" in fields["For All Mankind"]
    assert "S5: 10 episodes aired, 0 titles listed" in fields["For All Mankind"]
    assert "8 episodes in 1 season\n" in fields["Star City"]
    assert "S1: 8 episodes aired, 3 titles listed" in fields["Star City"]
    assert "(s)" not in reply.text
    assert list(fields)[:3] == ["For All Mankind", "Star City", "The Expanse"]


async def test_a_window_of_one_week_is_one_week(env: Env) -> None:
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="weeks", weeks=1)
    status = await env.fake.slash(env.guild_a, env.fan_a, "spoilers status")
    assert "the last 1 week" in status.text and "(s)" not in status.text


async def test_commands_are_synced_once_and_not_again_after_a_restart(env: Env) -> None:
    syncs = len(env.fake.requests_to("PUT", r"/applications/\d+/commands"))
    assert syncs == 1
    await env.restart()
    assert len(env.fake.requests_to("PUT", r"/applications/\d+/commands")) == syncs


async def test_about_answers_from_memory_once_it_has_counted(env: Env) -> None:
    first = await env.fake.slash(env.guild_a, env.fan_a, "about")
    again = await env.fake.slash(env.guild_a, env.fan_a, "about")
    assert again.type == 4 and not again.deferred  # one step: no database, no deferral
    assert again.embeds[0]["fields"] == first.embeds[0]["fields"]
