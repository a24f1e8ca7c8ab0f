"""Quick trivia's wrong options through the loopback Discord: never a name first seen
later than the reader has watched (the question's season, the server's spoiler window
for a public question), and of the answer's gender where the question implies one."""

from __future__ import annotations

from typing import Any

from bot.facts_admin import Source
from bot.trivia import TriviaQuestion, load_bank
from tests.e2e.test_trivia import labels, last_asked, quick, until


async def only_unasked(env: Any, key: str) -> TriviaQuestion:
    """Mark every other question asked just now, so that quick trivia picks `key` (the
    least recently asked) next."""
    bank = await load_bank(env.store, env.guild_a.id)
    for question in bank.questions:
        if question.key != key:
            await env.store.trivia.mark_asked(env.guild_a.id, question.key, env.clock())
    return next(q for q in bank.questions if q.key == key)


async def test_a_sisters_question_offers_women_seen_by_its_season(env: Any) -> None:
    question = await only_unasked(env, "exp-q-dawes-sister")
    reply = await quick(env, env.fan_a, show="expanse", mode="buttons")
    assert (await last_asked(env, env.guild_a)).key == question.key
    pools = (await load_bank(env.store, env.guild_a.id)).pools
    options = labels(reply.message)
    assert 2 <= len(options) <= 4 and question.answer in options
    limits = pools.limits(question)
    for option in options:
        if option == question.answer:
            continue
        assert pools.gender_of(option) == "female", option
        assert pools.first_seen.seen_within(option, limits), option


async def test_a_public_question_is_from_before_the_spoiler_window(env: Any) -> None:
    """The Expanse's newest season (6) is the window: a public question is never about it
    (its text, options and answer would spoil), nor offers a name first seen in it; a
    private one may be, and so may a public one in the server's spoiler channel."""
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="newest")
    question = await only_unasked(env, "exp-s6-q-azure-dragon")
    pools = (await load_bank(env.store, env.guild_a.id)).pools
    reply = await quick(env, env.fan_a, show="expanse", mode="buttons", public=True)
    asked = await last_asked(env, env.guild_a)
    assert not reply.ephemeral and asked.key != question.key
    assert asked.season is not None and asked.season <= 5, asked.key
    assert question.answer not in reply.text and question.answer not in labels(reply.message)
    for option in labels(reply.message):  # a name, if the data places it, seen by season 5
        if not asked.is_correct(option):
            assert pools.first_seen.seen_within(option, {"expanse": (5, 999)}) is not False

    private = await quick(env, env.fan_a, show="expanse", mode="buttons")
    assert private.ephemeral and (await last_asked(env, env.guild_a)).key == question.key

    env.clock.advance(seconds=1)  # every other question asked later than it
    await only_unasked(env, question.key)
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers channel", channel=env.channel_a)
    plain = await quick(env, env.fan_a, show="expanse", mode="buttons", public=True)
    assert not plain.ephemeral and (await last_asked(env, env.guild_a)).key == question.key


async def test_a_public_question_with_nothing_before_the_window_is_refused_privately(
    env: Any,
) -> None:
    """Star City has one season (the window) and its questions name no episode: nothing can
    be asked in public, and only the asker is told why."""
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="newest")
    # built beforehand (refused before any acknowledgement); with the bank still to build,
    # see test_a_public_question_refused_after_building_the_bank_is_still_private
    await load_bank(env.store, env.guild_a.id)
    reply = await quick(env, env.fan_a, show="starcity", public=True)
    assert reply.ephemeral and "inside this server's spoiler window" in reply.content
    assert "privately" in reply.content


async def test_a_question_offers_nothing_first_seen_later_in_its_own_season(env: Any) -> None:
    """The question is of S1E1: a ship first seen later in season 1 is no option."""
    question = await only_unasked(env, "exp-q-julie-racing-ship")
    assert (question.season, question.episode) == (1, 1)
    pools = (await load_bank(env.store, env.guild_a.id)).pools
    reply = await quick(env, env.fan_a, show="expanse", mode="buttons")
    assert (await last_asked(env, env.guild_a)).key == question.key
    options = labels(reply.message)
    assert 2 <= len(options) <= 4 and question.answer in options
    for option in options:
        if option != question.answer:
            assert pools.first_seen.seen_within(option, {"expanse": (1, 1)}), option


async def test_a_member_is_asked_about_an_episode_they_have_watched(env: Any) -> None:
    """Recorded at S1E2: a question of S1E2 may be asked (not only seasons before)."""
    await env.fake.slash(env.guild_a, env.fan_a, "spoilers watched", show="expanse", episode="S1E2")
    question = await only_unasked(env, "exp-q-shuttle-name")
    assert (question.season, question.episode) == (1, 2)
    reply = await quick(env, env.fan_a, show="expanse", mode="typed")
    assert "haven't finished" not in reply.text
    assert (await last_asked(env, env.guild_a)).key == question.key


async def test_a_numbered_names_options_are_names_the_data_knows(env: Any) -> None:
    """'Apollo 23': the other buttons are Apollo missions the shipped data names and places
    by the question's episode, never a made-up 'Apollo 46'."""
    question = await only_unasked(env, "fam-q-pad-explosion")
    assert question.answer == "Apollo 23"
    pools = (await load_bank(env.store, env.guild_a.id)).pools
    reply = await quick(env, env.fan_a, show="fam", mode="buttons")
    assert (await last_asked(env, env.guild_a)).key == question.key
    options = labels(reply.message)
    assert 2 <= len(options) <= 4 and question.answer in options
    limits = pools.limits(question)
    for option in options:
        assert option.startswith("Apollo "), option
        assert pools.first_seen.seen_within(option, limits), option


async def cold_bank(env: Any) -> None:
    """A moderator's fact change on this server: its question bank is its own now, and the
    next /trivia has to build it first (acknowledging before it does)."""
    fact = (await env.store.catalog.timeline(env.guild_a.id, limit=1))[0]
    await env.store.edits.remove(
        env.guild_a.id, fact.key, Source((1, 1)), actor=env.mod_a.id, at=env.clock()
    )


def public_bot_messages(env: Any) -> list[Any]:
    return [m for m in env.fake.channel_messages(env.channel_a) if not m.ephemeral]


async def test_a_public_question_refused_after_building_the_bank_is_still_private(
    env: Any,
) -> None:
    """A public /trivia that must build the bank first acknowledged in public ("thinking…"
    for the whole channel), so the refusal that followed was public too: now it thinks
    privately, the refusal stays with the asker, and the channel sees nothing."""
    await env.fake.slash(env.guild_a, env.mod_a, "spoilers window", mode="newest")
    await cold_bank(env)
    reply = await quick(env, env.fan_a, show="starcity", public=True)
    assert reply.deferred and reply.ephemeral, reply
    assert "inside this server's spoiler window" in reply.content
    assert public_bot_messages(env) == []


async def test_a_public_question_after_building_the_bank_is_asked_in_public(env: Any) -> None:
    """The same path when there is a question: it is posted for the channel, the asker's
    private "thinking…" says where it went, and the question's buttons work and close."""
    await cold_bank(env)
    env.bot.get_cog("Trivia").quick_timeout = 1.0
    reply = await quick(env, env.fan_a, show="expanse", mode="buttons", public=True)
    assert reply.ephemeral and "posted" in reply.content, reply
    [asked] = [m for m in reply.followups if not m.ephemeral]
    assert [m.id for m in public_bot_messages(env)] == [asked.id]
    question = await last_asked(env, env.guild_a)
    assert asked.embeds[0]["title"] == "Trivia" and len(labels(asked)) >= 2
    refused = await env.fake.click(asked, env.mod_a, labels(asked)[0])
    assert refused.ephemeral and "can use these buttons" in refused.content
    await until(lambda: "Time's up" in env.fake.message(asked.id).text)  # closed in place
    assert question.answer in env.fake.message(asked.id).text
