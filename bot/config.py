"""Settings, read once from the environment (and `.env`) by the entry point."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

TOKEN_HELP = """\
Parallax needs a bot token to log in to Discord, and DISCORD_TOKEN is not set.

  1. Open https://discord.com/developers/applications, create an application (or pick
     yours), open "Bot" and press "Reset Token" to copy a token.
  2. Put it in a file named .env in the folder you start parallax from, or next to
     pyproject.toml in a checkout (copy .env.example):
         DISCORD_TOKEN=your-token-here
     or export DISCORD_TOKEN in the environment that starts the bot.

To try commands without a token, run:  parallax try "/about"
"""


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the operator configured. The token is left out of repr/str so that it never
    reaches a log line or an error report."""

    token: str = field(repr=False)
    database_path: Path
    data_dir: Path = DEFAULT_DATA_DIR
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_file: Path | None = None
    auto_sync: bool = True
    message_content: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, need_token: bool = True) -> Settings:
        """Build settings from `env` (default `os.environ`), failing fast with a friendly message."""
        env = os.environ if env is None else env
        token = env.get("DISCORD_TOKEN", "").strip()
        if need_token and not token:
            raise SettingsError(TOKEN_HELP)
        dev_guild = env.get("PARALLAX_DEV_GUILD", "").strip()
        if dev_guild and not dev_guild.isdigit():
            raise SettingsError(
                f"PARALLAX_DEV_GUILD must be a server id (digits only), not {dev_guild!r}."
            )
        level = env.get("PARALLAX_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise SettingsError(
                f"PARALLAX_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}."
            )
        auto_sync = env.get("PARALLAX_AUTO_SYNC", "true").strip().lower()
        if auto_sync not in ("true", "false", "1", "0", "yes", "no"):
            raise SettingsError(f"PARALLAX_AUTO_SYNC must be true or false, not {auto_sync!r}.")
        message_content = env.get("PARALLAX_MESSAGE_CONTENT", "false").strip().lower()
        if message_content not in ("true", "false", "1", "0", "yes", "no"):
            raise SettingsError(
                f"PARALLAX_MESSAGE_CONTENT must be true or false, not {message_content!r}."
            )
        log_file = env.get("PARALLAX_LOG_FILE", "").strip()
        data_dir = env.get("PARALLAX_DATA_DIR", "").strip()
        return cls(
            token=token,
            database_path=Path(env.get("PARALLAX_DATABASE", "").strip() or "parallax.sqlite3"),
            data_dir=Path(data_dir) if data_dir else DEFAULT_DATA_DIR,
            dev_guild_id=int(dev_guild) if dev_guild else None,
            log_level=level,
            log_file=Path(log_file) if log_file else None,
            auto_sync=auto_sync in ("true", "1", "yes"),
            message_content=message_content in ("true", "1", "yes"),
        )
