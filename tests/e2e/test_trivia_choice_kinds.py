"""Multiple-choice options are of the answer's kind, from the shipped dataset in the store:
an actor's question offers actors (also one worded "which cast member"), a character's
question characters."""

from __future__ import annotations

import random
from typing import Any

from bot.answers import normalise
from bot.trivia import load_bank, make_choices


async def options_of(env: Any, key: str) -> tuple[Any, list[list[str]]]:
    bank = await load_bank(env.store, env.guild_a.id)
    question = next(q for q in bank.questions if q.key == key)
    made = [make_choices(question, bank.pools, rng=random.Random(seed)) for seed in range(25)]
    return question, [options for options, _ in filter(None, made)]


async def test_an_actor_question_offers_only_actors(env: Any) -> None:
    question, drawn = await options_of(env, "exp-s6-q-duarte-actor")
    assert question.kind == "actor" and drawn
    cast = {normalise(actor) for _, actor in await env.store.trivia.actors()}
    cast.add(normalise(question.answer))
    for options in drawn:
        assert all(normalise(o) in cast for o in options), options


async def test_a_character_question_offers_no_actors(env: Any) -> None:
    bank = await load_bank(env.store, env.guild_a.id)
    cast = {normalise(actor) for _, actor in await env.store.trivia.actors()}
    # a question whose answer is one of the cast asks for an actor, whatever its wording
    # ("Which Expanse cast member directed ...?"): it offers actors
    characters = [
        q
        for q in bank.questions
        if q.kind == "person" and not q.choices and normalise(q.answer) not in cast
    ]
    assert characters
    for question in characters:
        for seed in range(5):
            made = make_choices(question, bank.pools, rng=random.Random(seed))
            if made is not None:
                wrong = [o for o in made[0] if o != question.answer]
                assert not [o for o in wrong if normalise(o) in cast], (question.prompt, wrong)


async def test_a_cast_member_question_offers_actors(env: Any) -> None:
    question, drawn = await options_of(env, "exp-s5-q-mother-director")
    cast = {normalise(actor) for _, actor in await env.store.trivia.actors()}
    assert question.kind == "person" and drawn
    for options in drawn:
        assert all(normalise(o) in cast for o in options), options
