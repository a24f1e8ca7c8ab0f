"""Spoiler safety end to end: the window in public replies, progress in private ones."""

from __future__ import annotations

import re

from tests.conftest import Env

LATER_FAM = re.compile(r"\bS[3-9]E\d+")


async def all_pages(reply) -> list[dict]:  # type: ignore[no-untyped-def]
    pages = [reply.embeds[0]]
    while any(c.get("label") == "Next" and not c.get("disabled") for c in reply.message.buttons):
        reply = await reply.click("Next")
        pages.append(reply.embeds[0])
    return pages


async def test_public_timeline_wraps_the_newest_season_in_spoiler_tags(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "timeline", show="expanse", search="Free Navy"
    )
    # pages joined as blocks: a page's last event and the next page's first are two
    text = "\n\n".join(p["description"] for p in await all_pages(reply))
    blocks = text.split("\n\n")
    season6 = [b for b in blocks if re.search(r"-# S6E\d", b)]
    season5 = [b for b in blocks if re.search(r"-# S5E\d", b)]
    assert season6 and season5
    assert all(b.split("\n")[0].count("||") == 2 for b in season6)  # the event text is wrapped
    assert all("||" not in b.split("\n")[0] for b in season5)


async def test_a_member_at_season_2_sees_no_later_fact_in_a_private_timeline(env: Env) -> None:
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "spoilers watched", focused="episode", value="S2E1", show="fam"
    )
    assert any(c["value"] == "S2E10" for c in choices)
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "spoilers watched", show="fam", episode="S2E10"
    )
    assert reply.ephemeral and "S2E10" in reply.content
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="fam", private=True)
    assert reply.ephemeral
    pages = await all_pages(reply)
    assert not any(LATER_FAM.search(p["description"]) for p in pages)
    assert "later events hidden (you're at S2E10 of For All Mankind)" in pages[0]["footer"]["text"]
    public = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="fam")
    assert any(LATER_FAM.search(p["description"]) for p in await all_pages(public))


async def test_bad_progress_is_refused(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S9E1"
    )
    assert reply.ephemeral and "no season 9" in reply.content
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S2E40"
    )
    assert reply.ephemeral and "has 13 episodes" in reply.content
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "spoilers watched", show="fam", episode="banana"
    )
    assert reply.ephemeral and "S3E4" in reply.content
    for episode in ("S6E1", "6"):  # season 6 is announced, with no episodes yet
        reply = await env.fake.slash(
            env.guild_a, env.fan_a, "spoilers watched", show="fam", episode=episode
        )
        assert reply.ephemeral and "season 6 has no episodes yet" in reply.content


async def test_the_spoiler_channel_shows_everything_plainly(env: Env) -> None:
    refused = await env.fake.slash(
        env.guild_a,
        env.fan_a,
        "spoilers channel",
        channel=env.channel_a,
        ignore_default_permissions=True,
    )
    assert refused.ephemeral and "moderators" in refused.content
    reply = await env.fake.slash(env.guild_a, env.mod_a, "spoilers channel", channel=env.channel_a)
    assert reply.ephemeral
    reply = await env.fake.slash(
        env.channel_a, env.fan_a, "timeline", show="expanse", search="Free Navy"
    )
    assert all("||" not in p["description"] for p in await all_pages(reply))


async def test_window_off_and_recent_weeks(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="off")
    assert "off" in reply.content
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "timeline", show="expanse", search="Free Navy"
    )
    assert all("||" not in p["description"] for p in await all_pages(reply))
    reply = await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="weeks")
    assert reply.ephemeral and "how many weeks" in reply.content
    status = await env.fake.slash(env.guild_a, env.fan_a, "spoilers status")
    assert "off" in status.content


async def test_canon_wraps_a_verdict_past_the_readers_progress(env: Env) -> None:
    """'Fred Johnson is killed by Sakai ✅' tells a season 5 death to a reader at S1E2: the
    verdict is behind a spoiler tag with its evidence, for the reader to open."""
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S1E2")
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Fred Johnson is killed by Sakai", private=True
    )
    expanse = reply.embeds[0]["fields"][1]
    assert expanse["name"] == "The Expanse: ⚠️ spoiler (past your S1E2)"
    assert expanse["value"].startswith("||✅ Canon||") and "||“" in expanse["value"]
    assert env.fake.pinging_requests() == []
    # a verdict decided by what the reader has seen stays in plain sight
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Miller is a detective for Star Helix", private=True
    )
    assert reply.embeds[0]["fields"][1]["name"] == "The Expanse: ✅ Canon"
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers clear")
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Fred Johnson is killed by Sakai", private=True
    )
    assert reply.embeds[0]["fields"][1]["name"] == "The Expanse: ✅ Canon"


FINALE_CLAIM = "Marco's ships go through the Ring and vanish"  # season 6, the window


async def test_canon_wraps_a_verdict_in_the_public_spoiler_window(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Holden's family farm is in Montana"
    )
    names = [f["name"] for f in reply.embeds[0]["fields"]]
    assert "The Expanse: ✅ Canon" in names  # season 4: before the window
    reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=FINALE_CLAIM)
    expanse = reply.embeds[0]["fields"][1]
    assert expanse["name"] == "The Expanse: ⚠️ spoiler"
    assert expanse["value"].startswith("||")


TWO_TIER = "Drummer refuses a governing body"  # the note of a parallel with a series-finale side


async def test_canon_parallels_follow_the_window_and_the_readers_progress(env: Env) -> None:
    claim = "Drummer rejects a governing body with two Inner votes and one Belter vote"
    reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    parallels = next(
        f["value"] for f in reply.embeds[0]["fields"] if f["name"].startswith("Parallels")
    )
    line = next(x for x in parallels.split("\n") if TWO_TIER in x)
    assert line.count("||") == 2  # the finale's side is in the public window: wrapped
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S1E1")
    reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim, private=True)
    assert reply.ephemeral
    fields = reply.embeds[0]["fields"]
    assert not any(TWO_TIER in f["value"] for f in fields if f["name"].startswith("Parallels"))


async def test_parallels_wrap_the_newest_season(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "parallels", topic="a two-tier society")
    field = next(f for f in reply.embeds[0]["fields"] if f["name"] == "a two-tier society")
    note, fam_side, _, expanse_side, _ = field["value"].split("\n")[:5]
    assert note.startswith("||") and TWO_TIER in note
    assert expanse_side.startswith("**The Expanse**: ||")
    assert "||" not in fam_side  # season 4 of For All Mankind is not its newest
