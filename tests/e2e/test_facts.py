"""/fact and /parallax end to end through the loopback Discord: moderators change what their
server sees (modal, preview, confirm), history, undo and redo, refusals, guild isolation,
the audit channel, and the overlay as /fact, /timeline and /canon show it."""

from __future__ import annotations

import asyncio

import pytest

from bot.facts_admin import TEXT_MAX
from cogs._checks import NOT_A_MODERATOR
from cogs.admin import MANAGERS_ONLY
from cogs.facts import TIMED_OUT
from loopback import CommandNotRegistered, LoopbackError
from tests.conftest import Env

LEONOV = "fam-leonov-first-moon-landing"
NEW_TEXT = "Margo Madison runs a secret Jamestown simulation at Johnson Space Center."


def fields(reply_or_embed) -> dict[str, str]:
    embed = reply_or_embed if isinstance(reply_or_embed, dict) else reply_or_embed.embeds[0]
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def buttons(message) -> dict[str, bool]:
    return {b["label"]: bool(b.get("disabled")) for b in message.buttons}


async def add_fact(env: Env, member=None, guild=None, text: str = NEW_TEXT, **options) -> str:
    """Run /fact add through modal, preview and Confirm; return the new fact's key."""
    options = {"show": "fam", "kind": "event", "episode": "fam:S2E3", "when": "1983", **options}
    opened = await env.fake.slash(
        guild or env.guild_a,
        member or env.mod_a,
        "fact add",
        ignore_default_permissions=member is not None,
        **options,
    )
    assert opened.modal is not None, opened.content
    preview = await opened.submit_modal({"Fact text": text})
    assert preview.ephemeral and buttons(preview.message) == {"Confirm": False, "Cancel": False}
    done = await preview.click("Confirm")
    assert done.content.startswith("Added `srv-"), done.content
    key = done.content.split("`")[1]
    assert done.content.endswith(f"`/fact undo fact:{key}` takes it back."), done.content
    return key


async def edit_fact(env: Env, key: str, text: str, member=None, guild=None, **options):
    options = {"episode": "fam:S1E1", **options}
    opened = await env.fake.slash(
        guild or env.guild_a, member or env.mod_a, "fact edit", fact=key, **options
    )
    assert opened.modal is not None, opened.content
    preview = await opened.submit_modal({"Fact text": text})
    return preview, await preview.click("Confirm")


async def read(env: Env, guild, member, command: str, **options):
    """A member runs /fact show or /fact search on a server that opened /fact to everyone
    (Server Settings → Integrations): by default Discord hides the whole /fact group."""
    return await env.fake.slash(guild, member, command, ignore_default_permissions=True, **options)


# -- the whole life of a fact ------------------------------------------------------------------


async def test_a_moderator_adds_a_fact_that_only_their_server_sees(env: Env) -> None:
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="fam:S2E3",
        when="1983", tags="Margo Madison, Jamestown",
    )  # fmt: skip
    text_input = opened.modal["components"][0]["components"][0]
    assert text_input["max_length"] == TEXT_MAX and text_input["style"] == 2
    preview = await opened.submit_modal({"Fact text": NEW_TEXT})
    assert preview.ephemeral and "Confirm to add it" in preview.content
    embed = preview.embeds[0]
    assert embed["description"] == NEW_TEXT
    assert "S2E3 “Rules of Engagement”" in fields(embed)["Source"]
    assert fields(embed)["In-universe date"] == "1983"
    assert await env.store.edits.overlay_count(env.guild_a.id) == 0  # nothing before Confirm
    done = await preview.click("Confirm")
    key = done.content.split("`")[1]
    assert key.startswith("srv-margo-madison") and done.message.buttons == []

    shown = await read(env, env.guild_a, env.fan_a, "fact show", fact=key)
    assert shown.ephemeral and shown.embeds[0]["description"] == NEW_TEXT
    assert "Changed on this server." in shown.text
    missing = await read(env, env.guild_b, env.fan_b, "fact show", fact=key)
    assert missing.ephemeral and "no fact" in missing.content
    found = await read(env, env.guild_a, env.fan_a, "fact search", text="Jamestown simulation")
    assert key in found.embeds[0]["fields"][0]["name"] and "(changed here)" in found.text
    elsewhere = await read(env, env.guild_b, env.fan_b, "fact search", text="secret simulation")
    assert key not in elsewhere.text

    # The overlay is what /timeline and /canon use, for this server only.
    options = {"year": 1983, "show": "fam", "search": "Jamestown simulation"}
    in_a = await env.fake.slash(env.guild_a, env.fan_a, "timeline", **options)
    in_b = await env.fake.slash(env.guild_b, env.fan_b, "timeline", **options)
    assert "secret Jamestown simulation" in await all_pages(in_a)
    assert "secret Jamestown simulation" not in await all_pages(in_b)
    claim = "Margo Madison runs a secret Jamestown simulation"
    canon_a = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    canon_b = await env.fake.slash(env.guild_b, env.fan_b, "canon", claim=claim)
    assert f"“{NEW_TEXT}”" in canon_a.text  # A's fact is among what /canon weighs for A
    assert f"“{NEW_TEXT}”" not in canon_b.text  # and never for B
    assert env.fake.pinging_requests() == []


async def all_pages(reply, limit: int = 20) -> str:
    texts = [reply.text]
    while reply.message and buttons(reply.message).get("Next") is False and len(texts) < limit:
        reply = await reply.click("Next")
        texts.append(reply.text)
    return "\n".join(texts)


async def test_a_saved_change_names_the_exact_undo_command_which_works(env: Env) -> None:
    """The reply to a confirm had said "/fact undo takes it back", which needs the fact."""
    key = await add_fact(env)  # "Added `srv-…` (change #1). `/fact undo fact:srv-…` takes it back."
    _, changed = await edit_fact(env, key, "Margo runs the simulation.")
    assert changed.content.endswith(f"`/fact undo fact:{key}` takes it back."), changed.content
    preview = await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=key)
    undone = await preview.click("Confirm")
    assert undone.content.endswith(f"Undo again to redo it: `/fact undo fact:{key}`.")
    assert (await env.store.catalog.fact(env.guild_a.id, key)).text == NEW_TEXT
    removed = await (
        await env.fake.slash(env.guild_a, env.mod_a, "fact remove", fact=key, episode="fam:S2E3")
    ).click("Confirm")
    assert removed.content.endswith(f"`/fact undo fact:{key}` brings it back.")


async def test_edit_history_undo_and_redo(env: Env) -> None:
    base = await env.store.catalog.fact(0, LEONOV)
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1", when="1969-06-27"
    )
    text_input = opened.modal["components"][0]["components"][0]
    assert text_input["value"] == base.text  # prefilled with what the server sees
    preview = await opened.submit_modal({"Fact text": "Leonov lands first; the world watches."})
    assert "Preview of your change" in preview.content
    changes = fields(preview)
    assert "**Before:** " in changes["Text"] and "the world watches" in changes["Text"]
    assert "26 June 1969" in changes["In-universe date"]
    assert "27 June 1969" in changes["In-universe date"]
    done = await preview.click("Confirm")
    assert "Changed `fam-leonov-first-moon-landing`" in done.content

    async def seen(guild) -> str:
        return (await env.store.catalog.fact(guild.id, LEONOV)).text

    assert await seen(env.guild_a) == "Leonov lands first; the world watches."
    assert await seen(env.guild_b) == base.text
    await edit_fact(env, LEONOV, "Second version.")
    assert await seen(env.guild_a) == "Second version."

    history = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=LEONOV)
    names = list(fields(history))
    assert len(names) == 2 and names[0].startswith("#") and "edit" in names[0]
    assert f"<@{env.mod_a.id}>" in history.text and "changed text" in history.text

    # Undo the latest (back to the first version), then undo the undo (redo).
    preview = await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=LEONOV)
    assert "Undo change #" in preview.content
    undone = await preview.click("Confirm")
    assert "Undo again to redo it" in undone.content
    assert await seen(env.guild_a) == "Leonov lands first; the world watches."
    redo = await (await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=LEONOV)).click(
        "Confirm"
    )
    assert "Undid #" in redo.content and await seen(env.guild_a) == "Second version."

    # Undo a chosen change: the one before the first edit is the shipped version.
    first = (await env.store.edits.revisions(env.guild_a.id))[0]
    choices = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "fact undo", focused="revision", value="", fact=LEONOV
    )
    assert first.id in [c["value"] for c in choices] and len(choices) == 4
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact undo", fact=LEONOV, revision=first.id
    )
    assert "shipped version" in preview.embeds[0]["description"]
    await preview.click("Confirm")
    assert await seen(env.guild_a) == base.text
    again = await env.fake.slash(
        env.guild_a, env.mod_a, "fact undo", fact=LEONOV, revision=first.id
    )
    assert again.ephemeral and "nothing to undo" in again.content

    # Nothing was lost: every step is in the history, which pages (5 a page) and survives a restart.
    history = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=LEONOV)
    assert history.embeds[0]["footer"]["text"].startswith("Page 1/1 · 5 changes")
    assert history.message.buttons == []
    await edit_fact(env, LEONOV, "Third version.")
    await env.restart()
    history = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=LEONOV)
    assert history.embeds[0]["footer"]["text"].startswith("Page 1/2 · 6 changes")
    assert len(fields(history)) == 5
    second_page = await history.click("Next")
    assert len(fields(second_page)) == 1 and "Page 2/2" in second_page.embeds[0]["footer"]["text"]
    back = await second_page.click("Previous")
    assert buttons(back.message) == {"Previous": True, "Next": False}
    page_two = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=LEONOV, page=2)
    assert "Page 2/2" in page_two.embeds[0]["footer"]["text"]


LASAGNA = "exp-alex-lasagna"


async def test_an_edit_keeps_every_field_the_moderator_did_not_change(env: Env) -> None:
    """Giving an episode as the source of an edit once dropped the fact's cited page."""
    base = await env.store.catalog.fact(0, LASAGNA)
    assert base.source_title and base.source_url and base.episode is not None
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact edit", fact=LASAGNA, episode="S2E1")
    text = base.text.replace("cooks", "makes")
    preview = await opened.submit_modal({"Fact text": text})
    assert list(fields(preview)) == ["Text"], fields(preview)  # only what the moderator changed
    done = await preview.click("Confirm")
    assert done.content.startswith(f"Changed `{LASAGNA}`"), done.content
    saved = await env.store.catalog.fact(env.guild_a.id, LASAGNA)
    assert saved.text == text
    assert (saved.source_title, saved.source_url) == (base.source_title, base.source_url)
    assert saved.episode == base.episode and saved.tags == base.tags

    # A page is replaced or cleared only when the moderator says so.
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LASAGNA, source_url="https://example.org/safe"
    )
    preview = await opened.submit_modal({"Fact text": text + " Again."})
    assert set(fields(preview)) == {"Text", "Source address"}
    await preview.click("Confirm")
    saved = await env.store.catalog.fact(env.guild_a.id, LASAGNA)
    assert (saved.source_title, saved.source_url) == (base.source_title, "https://example.org/safe")
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LASAGNA, source_title="-", source_url="-"
    )
    preview = await opened.submit_modal({"Fact text": text})
    changes = fields(preview)
    assert set(changes) == {"Text", "Source title", "Source address"}
    assert changes["Source title"].endswith("**After:** —")
    await preview.click("Confirm")
    saved = await env.store.catalog.fact(env.guild_a.id, LASAGNA)
    assert (saved.source_title, saved.source_url, saved.episode) == ("", "", base.episode)
    no_source = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LASAGNA, episode="-"
    )  # clearing the last source is refused before the form
    assert no_source.modal is None and "needs a source" in no_source.content


async def test_remove_revert_changes_and_undo_of_a_removal(env: Env) -> None:
    key = await add_fact(env)
    no_source = await env.fake.slash(env.guild_a, env.mod_a, "fact remove", fact=LEONOV)
    assert no_source.ephemeral and "Give the source of this change" in no_source.content
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact=LEONOV,
        source_title="Red Moon – Wiki", source_url="https://example.org/red-moon",
    )  # fmt: skip
    assert "will no longer appear" in preview.content
    assert "https://example.org/red-moon" in preview.text
    removed = await preview.click("Confirm")
    assert "Removed `fam-leonov-first-moon-landing`" in removed.content
    gone = await read(env, env.guild_a, env.fan_a, "fact show", fact=LEONOV)
    assert "no fact" in gone.content
    timeline_a = await all_pages(
        await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969, show="fam")
    )
    timeline_b = await all_pages(
        await env.fake.slash(env.guild_b, env.fan_b, "timeline", year=1969, show="fam")
    )
    shipped = (await env.store.catalog.fact(0, LEONOV)).text[:40]
    assert shipped not in timeline_a and shipped in timeline_b
    edit_removed = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1"
    )
    assert "is removed on this server" in edit_removed.content

    changes = await env.fake.slash(env.guild_a, env.mod_a, "fact changes")
    listed = fields(changes)
    assert f"{LEONOV} · removed" in listed and f"{key} · added" in listed

    restored = await (await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=LEONOV)).click(
        "Confirm"
    )
    assert "Undid" in restored.content
    assert await env.store.catalog.fact(env.guild_a.id, LEONOV) is not None

    preview = await env.fake.slash(env.guild_a, env.mod_a, "fact revert", fact=key)
    assert "exists only on this server" in preview.embeds[0]["description"]
    reverted = await preview.click("Confirm")
    assert "the server's fact is gone" in reverted.content
    assert await env.store.catalog.fact(env.guild_a.id, key) is None
    nothing = await env.fake.slash(env.guild_a, env.mod_a, "fact revert", fact=key)
    assert "nothing to revert" in nothing.content
    back = await (await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=key)).click(
        "Confirm"
    )
    assert "Undid" in back.content and await env.store.catalog.fact(env.guild_a.id, key)
    # Revert of an edit of a shipped fact shows the shipped version again.
    await edit_fact(env, LEONOV, "Edited again.")
    await (await env.fake.slash(env.guild_a, env.mod_a, "fact revert", fact=LEONOV)).click(
        "Confirm"
    )
    assert (await env.store.catalog.fact(env.guild_a.id, LEONOV)).text.startswith("Soviet")
    empty = await env.fake.slash(env.guild_b, env.mod_b, "fact changes")
    assert "unchanged" in empty.content


# -- input checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"episode": None}, "every change needs a source"),
        ({"episode": None, "source_title": "A page"}, "needs both its title and its address"),
        (
            {"episode": None, "source_title": "A page", "source_url": "ftp://example.org/x"},
            "is not an http(s) address",
        ),
        ({"episode": "expanse:S2E3"}, "pick an episode of the fact's own show"),
        ({"episode": "fam:S9E9"}, "For All Mankind has no episode S9E9"),
        ({"when": "1969-02-30"}, "is impossible"),
        ({"when": "next year"}, "is not YYYY"),
    ],
)
async def test_bad_options_are_refused_before_the_modal(
    env: Env, options: dict, expected: str
) -> None:
    base = {"show": "fam", "kind": "event", "episode": "fam:S2E3", **options}
    reply = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", **{k: v for k, v in base.items() if v is not None}
    )
    assert reply.modal is None and reply.ephemeral
    assert expected in reply.content
    assert await env.store.edits.revisions(env.guild_a.id) == []


async def test_refusals_and_the_audit_log_read_as_sentences_with_show_titles(env: Env) -> None:
    """Refusals had read "Every change needs a source: … source_title and source_url.. Nothing
    was changed.", "expanse has no episode S9E1", and the audit post "Show Before: — After:
    fam" under "<@…> added: the fact is shown"."""
    no_source = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", when="2400"
    )
    assert no_source.modal is None and no_source.content == (
        "I can't save that: every change needs a source, either an episode or a cited page "
        "with its title and address. Nothing was changed."
    )
    no_episode = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="expanse", kind="event", episode="S9E1"
    )
    assert no_episode.content == (
        "I can't save that: The Expanse has no episode S9E1 in the catalogue. Nothing was changed."
    )
    other_show = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="fam", kind="event", episode="expanse:S1E1"
    )
    assert "from The Expanse, but this fact belongs to For All Mankind" in other_show.content
    for reply in (no_source, no_episode, other_show):
        assert ".." not in reply.content and "source_" not in reply.content
    await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel", channel=env.channel_a)
    key = await add_fact(env)
    [post] = [m.embeds[0] for m in env.fake.channel_messages(env.channel_a)]
    assert fields(post)["Show"] == "**Before:** —\n**After:** For All Mankind"
    assert post["description"].startswith(f"<@{env.mod_a.id}> added this fact to the server\n")
    history = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=key)
    assert "added this fact to the server" in history.text
    await edit_fact(env, key, "Margo runs the simulation.", tags="Margo Madison")
    history = await env.fake.slash(env.guild_a, env.mod_a, "fact history", fact=key)
    assert "edited this fact: changed text, tags and episode" in history.text


async def test_bad_text_is_refused_after_the_modal(env: Env) -> None:
    opened = await env.fake.slash(
        env.guild_a, env.mod_a, "fact add", show="expanse", kind="misconception",
        source_title="Leviathan Wakes (TV) – Wiki", source_url="https://example.org/lw",
    )  # fmt: skip
    assert len(opened.modal["components"]) == 2  # text, and the correction a misconception needs
    refused = await opened.submit_modal(
        {"Fact text": "The Canterbury was a warship.", "Correction: what the show establishes": " "}
    )
    assert refused.ephemeral and "needs a correction" in refused.content
    accepted = await opened.submit_modal(
        {
            "Fact text": "The Canterbury was a warship.",
            "Correction: what the show establishes": "It is an ice hauler.",
        }
    )
    assert "What the show establishes" in fields(accepted)
    with pytest.raises(Exception, match="length"):
        await opened.submit_modal({"Fact text": "x" * (TEXT_MAX + 1), "Correction": "y"})
    base = await env.store.catalog.fact(0, LEONOV)
    unchanged = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1",
        source_title=base.source_title, source_url=base.source_url,
    )  # fmt: skip
    same = await unchanged.submit_modal({"Fact text": base.text})
    assert same.ephemeral and "already says" in same.content


async def test_text_is_shown_safely_and_never_pings(env: Env) -> None:
    nasty = "**Bold** claim @everyone by <@123456789012345678> and <@&42> ~~struck~~ `code`"
    await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel", channel=env.channel_a)
    key = await add_fact(env, text=nasty, tags="@here, Margo")
    shown = await read(env, env.guild_a, env.fan_a, "fact show", fact=key)
    description = shown.embeds[0]["description"]
    assert "\\*\\*Bold\\*\\*" in description and "\\~\\~struck" in description
    assert "@everyone" not in description.replace("@\u200beveryone", "")
    odd = await read(env, env.guild_a, env.fan_a, "fact show", fact="`@everyone` **x**")
    # shown in one code span: its own backticks cannot end it ('`' would open a code block)
    assert odd.ephemeral and "no fact `'@everyone' **x**`." in odd.content
    [audit] = env.fake.channel_messages(env.channel_a)
    assert "Fact add" in audit.embeds[0]["title"]
    assert env.fake.pinging_requests() == []
    assert env.fake.pinging_requests(content_aware=True) == []


# -- who may do what ---------------------------------------------------------------------------

MODERATOR_COMMANDS = [
    ("fact add", {"show": "fam", "kind": "event", "episode": "fam:S1E1"}),
    ("fact edit", {"fact": LEONOV, "episode": "fam:S1E1"}),
    ("fact remove", {"fact": LEONOV, "episode": "fam:S1E1"}),
    ("fact history", {"fact": LEONOV}),
    ("fact undo", {"fact": LEONOV}),
    ("fact changes", {}),
    ("fact revert", {"fact": LEONOV}),
]


async def test_every_moderator_command_is_refused_to_a_member(env: Env) -> None:
    await edit_fact(env, LEONOV, "A moderator's version.")
    for command, options in MODERATOR_COMMANDS:
        with pytest.raises(CommandNotRegistered):  # hidden by Discord's default permissions
            await env.fake.slash(env.guild_a, env.fan_a, command, **options)
        # ... and refused in code when a server opens /fact to everyone.
        reply = await env.fake.slash(
            env.guild_a, env.fan_a, command, ignore_default_permissions=True, **options
        )
        assert reply.ephemeral and reply.content == NOT_A_MODERATOR, command
        assert reply.modal is None
    for command, options in (("fact show", {"fact": LEONOV}), ("fact search", {"text": "Leonov"})):
        reply = await env.fake.slash(
            env.guild_a, env.fan_a, command, ignore_default_permissions=True, **options
        )
        assert reply.embeds and reply.ephemeral, command  # read-only commands are open
    assert len(await env.store.edits.revisions(env.guild_a.id)) == 1
    for command, options in (("parallax modrole", {}), ("parallax auditchannel", {})):
        reply = await env.fake.slash(
            env.guild_a, env.fan_a, command, ignore_default_permissions=True, **options
        )
        assert reply.content == MANAGERS_ONLY
    # Members get no suggestions from the moderators' autocompletes.
    assert (
        await env.fake.autocomplete(
            env.guild_a, env.fan_a, "fact history", focused="fact", value=""
        )
        == []
    )
    assert (
        await env.fake.autocomplete(
            env.guild_a, env.fan_a, "fact add", focused="episode", value="S1", show="fam"
        )
        == []
    )


async def test_the_moderator_role_moderates_facts_but_not_the_settings(env: Env) -> None:
    guild = env.guild_a
    role = guild.add_role("Fact keepers")
    keeper = guild.add_member("ellen", roles=[role])
    refused = await env.fake.slash(guild, keeper, "fact changes", ignore_default_permissions=True)
    assert refused.content == NOT_A_MODERATOR
    everyone = await env.fake.slash(guild, env.mod_a, "parallax modrole", role=guild.everyone)
    assert "@everyone can't be the moderator role" in everyone.content
    named = await env.fake.slash(guild, env.mod_a, "parallax modrole", role=role)
    assert named.ephemeral and f"<@&{role.id}>" in named.content
    current = await env.fake.slash(guild, env.mod_a, "parallax modrole")
    assert f"<@&{role.id}>" in current.content
    # A server that lets the role see /fact (Integrations settings) lets its members moderate.
    await add_fact(env, member=keeper)
    assert (await env.store.edits.revisions(guild.id))[-1].actor == keeper.id
    settings = await env.fake.slash(
        guild, keeper, "parallax modrole", role=role, clear=True, ignore_default_permissions=True
    )
    assert settings.content == MANAGERS_ONLY
    cleared = await env.fake.slash(guild, env.mod_a, "parallax modrole", clear=True)
    assert "only members with Manage Server" in cleared.content
    again = await env.fake.slash(guild, keeper, "fact changes", ignore_default_permissions=True)
    assert again.content == NOT_A_MODERATOR
    # The role of one server means nothing in another.
    other = await env.fake.slash(env.guild_b, env.mod_b, "parallax modrole")
    assert "No moderator role is set" in other.content


async def test_buttons_belong_to_the_invoker_and_cancel_changes_nothing(env: Env) -> None:
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact=LEONOV, episode="fam:S1E1"
    )
    other_mod = env.guild_a.add_member("ed", permissions=env.mod_a.permissions)
    assert preview.ephemeral  # another moderator never sees it, let alone presses it
    with pytest.raises(LoopbackError, match="ephemeral"):
        await env.fake.click(preview.message, other_mod, "Confirm")
    cancelled = await preview.click("Cancel")
    assert (
        cancelled.content == "Cancelled; nothing was changed." and cancelled.message.buttons == []
    )
    assert await env.store.edits.revisions(env.guild_a.id) == []
    assert await env.store.catalog.fact(env.guild_a.id, LEONOV) is not None


async def test_a_preview_times_out_cleanly(env: Env) -> None:
    env.bot.get_cog("Facts").view_timeout = 0.2
    preview = await env.fake.slash(
        env.guild_a, env.mod_a, "fact remove", fact=LEONOV, episode="fam:S1E1"
    )
    for _ in range(100):
        latest = preview.latest()
        if latest and latest.content == TIMED_OUT:
            break
        await asyncio.sleep(0.05)
    latest = preview.latest()
    assert latest.content == TIMED_OUT
    assert buttons(latest) == {"Confirm": True, "Cancel": True}
    assert await env.store.edits.revisions(env.guild_a.id) == []


async def test_a_change_made_meanwhile_is_not_overwritten(env: Env) -> None:
    first = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1"
    )
    preview_one = await first.submit_modal({"Fact text": "First moderator's text."})
    second = await env.fake.slash(
        env.guild_a, env.mod_a, "fact edit", fact=LEONOV, episode="fam:S1E1"
    )
    preview_two = await second.submit_modal({"Fact text": "Second preview's text."})
    await preview_one.click("Confirm")
    conflict = await preview_two.click("Confirm")
    assert "changed this fact after your preview" in conflict.content
    assert (await env.store.catalog.fact(env.guild_a.id, LEONOV)).text == "First moderator's text."


# -- one server never reaches another's edits --------------------------------------------------


async def test_a_moderator_of_one_server_cannot_see_or_touch_anothers_edits(env: Env) -> None:
    key = await add_fact(env)
    await edit_fact(env, LEONOV, "Server A's version.")
    revision_ids = [r.id for r in await env.store.edits.revisions(env.guild_a.id)]
    g, mod = env.guild_b, env.mod_b
    for command, options, expected in (
        ("fact show", {"fact": key}, "no fact"),
        ("fact history", {"fact": key}, "no fact"),
        ("fact edit", {"fact": key, "episode": "fam:S1E1"}, "no fact"),
        ("fact remove", {"fact": key, "episode": "fam:S1E1"}, "no fact"),
        ("fact revert", {"fact": key}, "nothing to revert"),
        ("fact undo", {"fact": key}, "no changes on this server"),
        ("fact revert", {"fact": LEONOV}, "nothing to revert"),
        ("fact undo", {"fact": LEONOV}, "no changes on this server"),
    ):
        reply = await env.fake.slash(g, mod, command, **options)
        assert reply.ephemeral and expected in reply.content, (command, reply.content)
    history = await env.fake.slash(g, mod, "fact history", fact=LEONOV)
    assert "never been changed on this server" in history.content
    for revision_id in revision_ids:  # every id guessed
        await edit_fact(env, LEONOV, f"B's version {revision_id}.", member=mod, guild=g)
        reply = await env.fake.slash(g, mod, "fact undo", fact=LEONOV, revision=revision_id)
        assert f"no change #{revision_id}" in reply.content
        reply = await env.fake.slash(g, mod, "fact undo", fact=key, revision=revision_id)
        assert "no changes on this server" in reply.content
    for focused, command in (("fact", "fact history"), ("fact", "fact edit")):
        choices = await env.fake.autocomplete(g, mod, command, focused=focused, value="")
        assert key not in [c["value"] for c in choices]
    changes = await env.fake.slash(g, mod, "fact changes")
    assert key not in changes.text
    assert (await env.store.catalog.fact(env.guild_a.id, LEONOV)).text == "Server A's version."
    assert await env.store.catalog.fact(env.guild_a.id, key) is not None
    assert len(await env.store.edits.revisions(env.guild_a.id)) == len(revision_ids)


# -- autocomplete and the audit channel --------------------------------------------------------


async def test_autocompletes_are_short_and_scoped(env: Env) -> None:
    episodes = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "fact add", focused="episode", value="rules", show="fam"
    )
    assert {"name": "S2E3 'Rules of Engagement'", "value": "fam:S2E3"} in episodes
    every = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "fact add", focused="episode", value="", show="expanse"
    )
    assert len(every) == 25 and all(c["value"].startswith("expanse:") for c in every)
    for_fact = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "fact edit", focused="episode", value="S1E1", fact=LEONOV
    )
    assert for_fact[0]["value"] == "fam:S1E1"
    facts = await env.fake.autocomplete(
        env.guild_a, env.fan_a, "fact show", focused="fact", value="leonov"
    )
    assert LEONOV in [c["value"] for c in facts] and len(facts) <= 25
    assert all(len(c["name"]) <= 100 for c in facts)
    key = await add_fact(env)
    changed = await env.fake.autocomplete(
        env.guild_a, env.mod_a, "fact revert", focused="fact", value=""
    )
    assert [c["value"] for c in changed] == [key]


async def test_every_change_is_logged_in_the_audit_channel(env: Env) -> None:
    unset = await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel")
    assert "No audit channel is set" in unset.content
    done = await env.fake.slash(
        env.guild_a, env.mod_a, "parallax auditchannel", channel=env.channel_a
    )
    assert done.ephemeral and f"<#{env.channel_a.id}>" in done.content
    key = await add_fact(env)
    await edit_fact(env, LEONOV, "Audited version.")
    await (await env.fake.slash(env.guild_a, env.mod_a, "fact undo", fact=LEONOV)).click("Confirm")
    await (
        await env.fake.slash(env.guild_a, env.mod_a, "fact remove", fact=key, episode="fam:S2E3")
    ).click("Confirm")
    posts = env.fake.channel_messages(env.channel_a)
    titles = [m.embeds[0]["title"] for m in posts]
    assert titles == [
        f"Fact add: {key}",
        f"Fact edit: {LEONOV}",
        f"Fact undo: {LEONOV}",
        f"Fact remove: {key}",
    ]
    edit_post = posts[1].embeds[0]
    assert f"<@{env.mod_a.id}>" in edit_post["description"]
    assert "Audited version." in fields(edit_post)["Text"]
    assert edit_post["footer"]["text"].startswith("Revision #")
    assert env.fake.channel_messages(env.channel_b) == []  # server B's channel hears nothing
    cleared = await env.fake.slash(env.guild_a, env.mod_a, "parallax auditchannel", clear=True)
    assert "no longer posted" in cleared.content
    await edit_fact(env, LEONOV, "Unaudited version.")
    assert len(env.fake.channel_messages(env.channel_a)) == 4


async def test_canon_answers_with_the_servers_own_version(env: Env) -> None:
    claim = "Yuri Gagarin lands first on the Moon"
    await edit_fact(env, LEONOV, "Yuri Gagarin lands first on the Moon in the LK lander.")
    in_a = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    in_b = await env.fake.slash(env.guild_b, env.fan_b, "canon", claim=claim)
    assert "✅ Canon" in in_a.text and "“Yuri Gagarin lands first" in in_a.text
    assert "Yuri Gagarin lands first on the Moon in the LK" not in in_b.text
    await (
        await env.fake.slash(env.guild_a, env.mod_a, "fact remove", fact=LEONOV, episode="fam:S1E1")
    ).click("Confirm")
    gone = await env.fake.slash(env.guild_a, env.fan_a, "canon", claim=claim)
    assert "“Yuri Gagarin lands first" not in gone.text


async def test_members_reading_facts_are_spared_episodes_they_have_not_seen(env: Env) -> None:
    key = await add_fact(env, episode="fam:S2E3")  # a spoiler for anyone before S2E3
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="fam", episode="S1E10")
    hidden = await read(env, env.guild_a, env.fan_a, "fact show", fact=key)
    assert hidden.ephemeral and "past where you've watched" in hidden.content
    assert NEW_TEXT not in hidden.text
    search = await read(env, env.guild_a, env.fan_a, "fact search", text="Jamestown simulation")
    assert NEW_TEXT not in search.text and "hidden" in search.text
    moderator = await env.fake.slash(env.guild_a, env.mod_a, "fact show", fact=key)
    assert moderator.embeds[0]["description"] == NEW_TEXT  # moderators curate every fact
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="fam", episode="S2E3")
    shown = await read(env, env.guild_a, env.fan_a, "fact show", fact=key)
    assert shown.embeds[0]["description"] == NEW_TEXT
