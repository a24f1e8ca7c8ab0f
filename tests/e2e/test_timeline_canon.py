"""/timeline, /canon and /parallels end to end through the loopback Discord."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from loopback import ClientRefused
from tests.conftest import Env


async def test_timeline_by_year_shows_both_eras_with_sources(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969)
    [embed] = reply.embeds
    assert embed["title"] == "Timeline: 1969"
    # The Expanse dates no events: For All Mankind's get the page, a field says why
    [expanse] = embed["fields"]
    assert expanse["name"].startswith("The Expanse")
    assert "never states its years" in expanse["value"]
    assert not reply.ephemeral
    pages = [embed["description"]]
    while "Leonov" not in pages[-1] and len(pages) < 15:
        reply = await reply.click("Next")
        pages.append(reply.embeds[0]["description"])
    assert "Leonov" in pages[-1] and 'S1E1 "Red Moon"' in pages[-1]


async def test_timeline_year_reads_as_a_story(env: Env) -> None:
    """Within a year, dated events come first in date order, then those with only the
    year; a page holds up to six events, each with its whole text."""
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1974, show="fam")
    text = reply.embeds[0]["description"]
    entries = text.split("\n\n")
    assert 5 <= len(entries) <= 6
    labels = [entry.split("**")[1] for entry in entries]
    # a span that began earlier, then the dated events in date order (the day of the
    # Apollo 23 explosion fills the rest of the first page)
    assert labels == ["1973–1977"] + ["24 August 1974"] * 5
    later = await reply.click("Next")
    labels = [e.split("**")[1] for e in later.latest().embeds[0]["description"].split("\n\n")]
    assert labels == sorted(labels, key=lambda label: label == "1974")  # then the year-only
    assert "…" not in text  # no fact is cut short
    assert "wishes the crew luck." in text


async def test_timeline_side_by_side_pages_hold_six_events(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", search="Mars")
    embed = reply.embeds[0]
    names = [f["name"] for f in embed["fields"]]
    assert names[:2] == ["For All Mankind · 1969 onward", "The Expanse · 23rd century"]
    events = sum(f["value"].count("\n-# ") for f in embed["fields"])
    assert events == 6 and len(str(embed)) < 6000


def shown(reply: Any) -> dict[str, Any]:
    return (reply.latest() or reply.message).embeds[0]


@pytest.mark.parametrize(("search", "most"), [("Eros", 99), ("Ed Baldwin", 6)])
async def test_side_by_side_events_stay_under_their_own_shows_heading(
    env: Env, search: str, most: int
) -> None:
    """Each column is one inline field under its heading, on every page: no spacer fields,
    which had put a For All Mankind event under The Expanse's heading (and on mobile, where
    inline fields stack row by row, after The Expanse's events)."""
    titles = {
        universe: {f'"{e.title}"' for show in shows for e in await env.store.catalog.episodes(show)}
        for universe, shows in (("fam", ("fam", "starcity")), ("expanse", ("expanse",)))
    }
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", search=search)
    seen = {"fam": 0, "expanse": 0}
    pages = int(reply.embeds[0]["footer"]["text"].rpartition(" of ")[2])
    # The bot keeps the pager's state just after its reply is sent; a press before that
    # says the buttons expired (a real Discord user is never that quick).
    for _ in range(500):
        if await env.store.views.get(env.guild_a.id, reply.message.id, "timeline"):
            break
        await asyncio.sleep(0.01)
    assert pages > 1
    for page in range(min(pages, most)):  # every page of "Eros", six of "Ed Baldwin"
        if page:
            reply = await reply.click("Next")
        footer = f"Page {page + 1} of {pages}"  # the page is edited in after a deferral
        assert await env.fake.wait_until(
            lambda r=reply, f=footer: shown(r)["footer"]["text"] == f, 10
        )
        embed = shown(reply)
        fields = embed["fields"]
        assert [(f["name"], f["inline"]) for f in fields] == [
            ("For All Mankind · 1969 onward", True),
            ("The Expanse · 23rd century", True),
        ], embed["footer"]
        for universe, column in zip(("fam", "expanse"), fields, strict=True):
            assert len(column["value"]) <= 1024
            for line in column["value"].splitlines():
                cited = line.removeprefix("-# ").split(" (")[0].partition(" ")[2]
                if line.startswith("-# S") and cited.startswith('"'):
                    assert cited in titles[universe], (universe, line)
                    seen[universe] += 1
    assert seen["fam"] and seen["expanse"]


async def test_timeline_search_covers_parallels_and_word_forms(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", search="Mars independence")
    text = reply.text
    assert "No events match" not in text
    assert "Mars is ours" in text  # the For All Mankind side of the parallel
    assert "Mars is an independent military power" in text  # another form of the word


async def test_a_filtered_search_with_no_result_names_its_filter(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "timeline", search="Mars independence", year=1990
    )
    text = reply.embeds[0]["description"]
    assert "No events match “Mars independence” in 1990." in text
    assert "Without that filter" in text and "leave it out" in text
    assert "nearby" not in text


async def test_a_year_of_the_expanse_era_says_it_has_no_years(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=2350)
    text = reply.embeds[0]["description"]
    assert "The Expanse never states its years on screen" in text
    assert "nearby" not in text and "1997" not in text
    assert "For All Mankind's dated events run from 1969 to 2012." in text


async def test_a_spin_offs_empty_year_suggests_only_its_own_years(env: Env) -> None:
    # Star City's one dated event is in 1969; For All Mankind's years (1970 among them,
    # the year asked) had been suggested
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="starcity", year=1970)
    embed = reply.embeds[0]
    assert embed["title"] == "Timeline: 1970 · Star City"
    assert embed["description"].splitlines() == [
        "No events match: none is dated 1970.",
        "Years with events nearby: 1969",
    ]
    far = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="starcity", year=2100)
    assert "Star City's dated events are all in 1969." in far.embeds[0]["description"]
    # For All Mankind's own gaps still suggest its years, never the one asked
    fam = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="fam", year=2013)
    text = fam.embeds[0]["description"]
    assert "Years with events nearby: 2012" in text and "2013," not in text


async def test_timeline_pages_only_for_the_invoker_and_back(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", show="fam")
    first = reply.embeds[0]
    assert "Page 1 of" in first["footer"]["text"]
    stranger = await env.fake.click(reply.message, env.mod_a, "Next")
    assert stranger.ephemeral and "can use these buttons" in stranger.content
    second = await reply.click("Next")
    assert "Page 2 of" in second.embeds[0]["footer"]["text"]
    assert second.embeds[0]["description"] != first["description"]
    back = await second.click("Previous")
    assert back.embeds[0]["description"] == first["description"]


async def test_timeline_search_with_autocomplete(env: Env) -> None:
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "timeline", focused="search", value="jamest"
    )
    assert choices and choices[0]["value"] == "Jamestown"
    assert len(choices) <= 25
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", search="Jamestown", show="fam")
    assert "Jamestown" in reply.embeds[0]["description"]


async def test_timeline_names_parallels_under_events(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969, show="fam")
    assert "↔" in reply.embeds[0]["description"]


async def test_timeline_no_match_suggests_years_and_terms(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1989)
    text = reply.embeds[0]["description"]
    assert "No events match" in text and "Years with events nearby: 1986, 1987, 1988, 1990" in text
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1950)
    text = reply.embeds[0]["description"]
    assert "nearby" not in text and "run from 1969" in text
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", search="Jamestwn")
    assert "Did you mean" in reply.embeds[0]["description"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": 1200}, "outside the timeline"),
        ({"year": 99999}, "outside the timeline"),
        ({"year_from": 1990, "year_to": 1970}, "is after"),
        ({"year": 1969, "year_from": 1960}, "not both"),
    ],
)
async def test_timeline_bad_input_is_a_friendly_ephemeral_error(
    env: Env, options: dict[str, int], message: str
) -> None:
    options = {
        ("from" if k == "year_from" else "to" if k == "year_to" else k): v
        for k, v in options.items()
    }
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", **options)
    assert reply.ephemeral and message in reply.content


async def test_canon_true_claim(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Alexei Leonov was the first man on the Moon"
    )
    [embed] = reply.embeds
    fam, expanse, *rest = embed["fields"]
    assert fam["name"] == "For All Mankind: ✅ Canon"
    assert "Red Moon" in fam["value"]
    assert expanse["name"] == "The Expanse: ❔ No record"
    assert rest and rest[0]["name"] == "Parallels between the shows"


async def test_canon_false_detail_and_misconception(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="Leonov walked on the Moon in 1968"
    )
    fam = reply.embeds[0]["fields"][0]
    assert fam["name"] == "For All Mankind: ❌ Not canon" and "1969" in fam["value"]
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "canon", claim="For All Mankind is a prequel to The Expanse"
    )
    fam, expanse = reply.embeds[0]["fields"][:2]
    assert "Not canon" in fam["name"] and "Not canon" in expanse["name"]
    assert "Fans often say" in fam["value"]


async def canon_fields(env: Env, claim: str) -> dict[str, str]:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    [embed] = reply.embeds
    assert reply.ephemeral is False and env.fake.pinging_requests() == []
    return {f["name"].split(":")[0]: f"{f['name']}\n{f['value']}" for f in embed["fields"]}


async def test_canon_paraphrase_in_fans_words(env: Env) -> None:
    """Slang, a nickname and no capitals: the fact says Sakai assassinates Fred Johnson."""
    fields = await canon_fields(env, "sakai offs fred johnson on tycho")
    assert fields["The Expanse"].startswith("The Expanse: ✅ Canon")
    assert "Sakai assassinates Fred Johnson" in fields["The Expanse"]
    assert "No record" in fields["For All Mankind"]


async def test_canon_mutation_names_the_detail_that_differs(env: Env) -> None:
    fields = await canon_fields(env, "amos kills strickland on ganymede")
    assert fields["The Expanse"].startswith("The Expanse: ❌ Not canon")
    assert "Amos kills Dr. Strickland on Io" in fields["The Expanse"]
    assert "→ it was Io, not Ganymede" in fields["The Expanse"]


async def test_canon_real_place_and_stranger(env: Env) -> None:
    """A real place no fact names stands against the fact's place of its scale; a person
    only the other show has is not in the show the claim names."""
    fields = await canon_fields(env, "eros smashes into mercury")
    assert fields["The Expanse"].startswith("The Expanse: ❌ Not canon")
    assert "it was Venus, not Mercury" in fields["The Expanse"]
    fields = await canon_fields(env, "in for all mankind, amos burton fixes the jamestown reactor")
    assert fields["For All Mankind"].startswith("For All Mankind: ❌ Not canon")
    assert "Amos Burton is not in For All Mankind." in fields["For All Mankind"]
    assert "No record" in fields["The Expanse"]


async def test_canon_role_swap_is_not_canon(env: Env) -> None:
    """Active or passive, the one who acts must be the fact's: Sakai kills Fred Johnson."""
    fields = await canon_fields(env, "Sakai is killed by Fred Johnson")
    assert fields["The Expanse"].startswith("The Expanse: ❌ Not canon")
    assert "not the other way round" in fields["The Expanse"]
    fields = await canon_fields(env, "Fred Johnson is killed by Sakai")
    assert fields["The Expanse"].startswith("The Expanse: ✅ Canon")


async def test_canon_deaths_are_judged_by_their_record(env: Env) -> None:
    """Who dies, when and by whose hand: a recorded death decides a claim about it."""
    fields = await canon_fields(env, "holden gets killed in season 6")
    # the finale is in the public spoiler window: the verdict is wrapped with its evidence
    assert fields["The Expanse"].startswith("The Expanse: ⚠️ spoiler\n||❌ Not canon||")
    assert "James Holden is alive at the end of the show" in fields["The Expanse"]
    fields = await canon_fields(env, "dresden gets executed by amos")
    assert fields["The Expanse"].startswith("The Expanse: ❌ Not canon")
    assert "it was Joe Miller, not Amos Burton" in fields["The Expanse"]
    fields = await canon_fields(env, "tracy stevens dies in season 1")
    assert fields["For All Mankind"].startswith("For All Mankind: ❌ Not canon")
    assert "season 2" in fields["For All Mankind"]
    fields = await canon_fields(env, "karen baldwin dies in the jsc bombing")
    assert fields["For All Mankind"].startswith("For All Mankind: ✅ Canon")
    assert "kills Karen Baldwin and Molly Cobb" in fields["For All Mankind"]
    fields = await canon_fields(env, "everyone thinks naomi is dead")
    assert "Not canon" not in fields["The Expanse"]


async def test_canon_weighs_when_a_season_is_set(env: Env) -> None:
    """'season 2 is set in 1985': the season's recorded years decide, with the fact that
    states them."""
    fields = await canon_fields(env, "season 2 of fam opens in 1985")
    assert fields["For All Mankind"].startswith("For All Mankind: ❌ Not canon")
    assert "it opens in 1983, not 1985" in fields["For All Mankind"]
    fields = await canon_fields(env, "s3 takes place in the 90s")
    assert fields["For All Mankind"].startswith("For All Mankind: ✅ Canon")
    assert "Season 3 opens in 1992" in fields["For All Mankind"]
    fields = await canon_fields(env, "the expanse is set in the 25th century")
    assert fields["The Expanse"].startswith("The Expanse: ❌ Not canon")
    assert "23rd century" in fields["The Expanse"]


async def test_canon_answers_a_denial_and_a_role_given_to_the_wrong_person(env: Env) -> None:
    """'kelly baldwin never went to mars': the show has her go, so the denial is not canon;
    'ed baldwin is a cosmonaut' rests on no fact calling Ed one ('the captured cosmonaut
    Mikhail' is not Ed)."""
    fields = await canon_fields(env, "kelly baldwin never went to mars")
    assert fields["For All Mankind"].startswith("For All Mankind: ❌ Not canon")
    assert "the show says the opposite" in fields["For All Mankind"]
    fields = await canon_fields(env, "ed baldwin is a cosmonaut")
    assert "✅" not in fields["For All Mankind"]
    fields = await canon_fields(env, "bobbie draper is a martian marine")
    assert fields["The Expanse"].startswith("The Expanse: ✅ Canon")


async def test_canon_misconception_is_never_quoted_as_fact(env: Env) -> None:
    fields = await canon_fields(env, "kelly gave birth to her son on mars")
    fam = fields["For All Mankind"]
    assert fam.startswith("For All Mankind: ❌ Not canon")
    assert (
        "Fans often say: “Kelly Baldwin gave birth to her son on the surface of Mars.” — the show: "
        in fam
    )
    assert "“Kelly Baldwin gave birth" not in fam.replace("Fans often say: “Kelly", "")
    # A true claim near the same misconception: canon on the correction, still framed
    fields = await canon_fields(env, "Kelly Baldwin has her baby aboard Phoenix")
    assert fields["For All Mankind"].startswith("For All Mankind: ✅ Canon")


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("  ?! ", "Tell me the claim"),
        ("is it true that it was?", "anything to check"),
        ("\\n\\n\\n", "anything to check"),  # a pasted '\n' is lone letters, no claim
        ("<@123456789012345678> is canon", "anything to check"),
        ("@everyone", "Tell me the claim"),
    ],
)
async def test_canon_bad_input_is_a_friendly_ephemeral_error(
    env: Env, claim: str, message: str
) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    assert reply.ephemeral and message in reply.content


async def test_canon_a_claim_naming_no_event_is_refused_privately(env: Env) -> None:
    """'Miller' or 'Miller Miller' says nothing to check: a private note, nothing public
    (once the server's index is at hand; before, the verdicts say so)."""
    await env.fake.slash(env.guild_a, env.fan_a, "canon", claim="Miller dies on Eros")
    for claim in ("Miller", "Miller Miller", "Ed Baldwin and Ed Baldwin"):
        reply = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
        assert reply.ephemeral and "nothing to check" in reply.content


async def test_canon_claims_are_stopped_at_discords_limits(env: Env) -> None:
    """The option's limits are Discord's to enforce as the member types."""
    for claim in ("", "x" * 301):
        with pytest.raises(ClientRefused):
            await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)


async def test_canon_a_heap_of_words_is_no_claim(env: Env) -> None:
    """'speech' is a word of many facts, but no statement: nothing is called canon."""
    fields = await canon_fields(env, "speech")
    for show in ("For All Mankind", "The Expanse"):
        assert "No record" in fields[show]
        assert "nothing to check" in fields[show]


async def test_canon_reads_past_discord_markup_and_pings_no_one(env: Env) -> None:
    """A mention, @everyone or a custom emoji pasted into a claim is no word of it."""
    fields = await canon_fields(env, "@everyone <@123456789012345678> ed baldwin lands on mars")
    assert fields["For All Mankind"].startswith("For All Mankind: ✅ Canon")
    assert env.fake.pinging_requests() == []


async def test_parallels_browse_and_filter(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "parallels")
    assert reply.embeds[0]["fields"]
    choices = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "parallels", focused="topic", value="mars ind"
    )
    assert any(c["value"] == "Mars independence" for c in choices)
    reply = await env.fake.slash(env.guild_a, env.fan_a, "parallels", topic="Mars independence")
    assert reply.embeds[0]["fields"][0]["name"] == "Mars independence"
    reply = await env.fake.slash(env.guild_a, env.fan_a, "parallels", topic="zzzz qqqq")
    assert "No parallel matches" in reply.embeds[0]["description"]
    assert env.fake.pinging_requests() == []
