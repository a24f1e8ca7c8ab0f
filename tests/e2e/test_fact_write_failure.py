"""A database write that fails when a moderator confirms a /fact preview (the database
busy past its timeout, a full disk) changes nothing and keeps the preview: Confirm works
once the database does. The preview had been used up by the failed press, so the text had
to be typed again from /fact add. (Audit 36.)"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.conftest import Env
from tests.e2e.test_facts import NEW_TEXT

ADD = {"show": "fam", "kind": "event", "episode": "fam:S2E3", "when": "1983"}


async def test_confirm_after_a_failed_write_adds_the_fact_once(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = await env.fake.slash(env.guild_a, env.mod_a, "fact add", **ADD)
    preview = await opened.submit_modal({"Fact text": NEW_TEXT})
    edits = env.store.edits
    add = edits.add

    async def locked(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(edits, "add", locked)
    failed = await preview.click("Confirm")
    said = failed.followups[-1] if failed.followups else failed.message
    assert said is not None and said.ephemeral, failed
    assert "Something went wrong on our side" in said.text, said.text
    assert "press **Confirm** again" in said.text, said.text
    assert await edits.revisions(env.guild_a.id) == []
    message = env.fake.message(preview.message.id)
    assert message is not None and [b["label"] for b in message.buttons] == ["Confirm", "Cancel"]
    assert not any(b.get("disabled") for b in message.buttons)

    monkeypatch.setattr(edits, "add", add)
    done = await preview.click("Confirm")
    assert done.content.startswith("Added `srv-"), done.content
    assert [r.action for r in await edits.revisions(env.guild_a.id)] == ["add"]
