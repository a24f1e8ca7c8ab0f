"""Settings fail fast with a message that says how to fix them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError


def test_a_missing_token_explains_how_to_get_one() -> None:
    with pytest.raises(SettingsError, match=r"discord\.com/developers/applications"):
        Settings.from_env({})


def test_settings_are_read_and_validated() -> None:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": "t",
            "PARALLAX_DATABASE": "/data/p.sqlite3",
            "PARALLAX_DEV_GUILD": "123",
            "PARALLAX_LOG_LEVEL": "debug",
            "PARALLAX_MESSAGE_CONTENT": "yes",
        }
    )
    assert settings.database_path == Path("/data/p.sqlite3")
    assert settings.dev_guild_id == 123 and settings.log_level == "DEBUG"
    assert settings.message_content is True and settings.auto_sync is True


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("PARALLAX_DEV_GUILD", "my-server", "server id"),
        ("PARALLAX_LOG_LEVEL", "LOUD", "must be one of"),
        ("PARALLAX_AUTO_SYNC", "maybe", "true or false"),
        ("PARALLAX_MESSAGE_CONTENT", "perhaps", "true or false"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(key: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({"DISCORD_TOKEN": "t", key: value})


def test_the_bot_without_a_token_exits_with_help_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from parallax.cli import main; raise SystemExit(main([]))"],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_env_file_of_the_folder_parallax_runs_in_is_read(tmp_path: Path) -> None:
    """An operator who installed the package keeps .env where they run it (no checkout)."""
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-the-folder\n")
    script = (
        "import logging; from parallax.cli import _settings, configure_logging;"
        "s = _settings(); print(s.token == 'from-the-folder');"
        "configure_logging('INFO', None);"
        "logging.getLogger('discord.client').warning('PyNaCl is not installed, voice will NOT be"
        " supported'); logging.getLogger('discord.client').warning('other')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True"], result.stderr
    assert "voice" not in result.stderr and "other" in result.stderr  # no voice alarm
