"""The bot token never shows: not in a repr, a str, a log line (DEBUG included) or an error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import Settings
from tests.conftest import Env


def test_settings_repr_and_str_leave_the_token_out(tmp_path: Path) -> None:
    secret = "MTIz.secret-token.value"
    settings = Settings(token=secret, database_path=tmp_path / "p.sqlite3")
    assert secret not in repr(settings) and secret not in str(settings)
    assert secret not in repr([settings]) and secret not in f"{settings!r}"
    assert "token" not in repr(settings)
    assert settings.token == secret  # still there for the login itself


async def test_no_log_line_at_debug_holds_the_token(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await env.restart()  # a whole login, IDENTIFY and READY, logged at DEBUG
    await env.fake.slash(env.channel_a, env.fan_a, "about")
    await env.fake.slash(env.channel_a, env.mod_a, "fact search", text="Jamestown")
    assert caplog.records, "nothing was logged at DEBUG"
    token = env.settings.token
    leaked = [r.getMessage() for r in caplog.records if token in r.getMessage()]
    assert leaked == []
    assert token not in caplog.text
