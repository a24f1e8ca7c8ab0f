"""A typed answer with nothing visible in it (spaces, a zero-width space, a control
character) is not an answer: the quick question stays open, nothing is scored, and the
member is told so privately. It had been judged wrong, spending the question. (Audit 36.)"""

from __future__ import annotations

import pytest

from tests.conftest import Env
from tests.e2e.test_trivia import last_asked, quick


@pytest.mark.parametrize("typed", [" ", "\u200b", "\x00", "\u202e\u2060"])
async def test_a_blank_typed_answer_leaves_the_question_open(env: Env, typed: str) -> None:
    reply = await quick(env, env.fan_a, mode="typed")
    question = await last_asked(env, env.guild_a)
    blank = await (await reply.click("Answer")).submit_modal({"Answer": typed})
    assert blank.ephemeral and "did not look like an answer" in blank.content, blank.text
    assert reply.message is not None and reply.message.buttons  # still open, not "Not quite"
    done = await (await reply.click("Answer")).submit_modal({"Answer": question.answer})
    message = done.latest()
    assert message is not None and message.embeds[0]["title"].startswith("✅ Right!")
