"""Every operator command of the README, run as an operator runs it: a separate process.

`sync` and `run` talk to the loopback Discord (the child process points discord.py's
`Route.BASE` at it, the one documented knob); the others work on files. None may end in a
traceback, and none may print the token.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from loopback import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
BOOT = (
    "import sys, discord.http, discord.gateway, yarl;"
    "discord.http.Route.BASE = sys.argv[1];"
    "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2]);"
    "from parallax.cli import main; raise SystemExit(main(sys.argv[3:]))"
)


async def parallax(
    fake: FakeDiscord,
    tmp_path: Path,
    *args: str,
    token: str | None = None,
    settings: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    """Run `parallax ARGS` in a child process against `fake`; (exit status, stdout, stderr).

    `settings` are extra environment variables, as an operator's .env would set them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PARALLAX_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        PARALLAX_DATABASE=str(tmp_path / "parallax.sqlite3"),
        DISCORD_TOKEN=token if token is not None else fake.token,
        **(settings or {}),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", BOOT, fake.http_base, fake.ws_url, *args,
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    stdout, stderr = out.decode(), err.decode()
    assert "Traceback" not in stdout + stderr, stderr
    assert (token or fake.token) not in stdout + stderr
    assert process.returncode is not None
    return process.returncode, stdout, stderr


async def test_sync_registers_every_command(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    status, out, err = await parallax(fake_discord, tmp_path, "sync")
    assert status == 0, err
    assert "Slash commands synced" in out
    names = {command["name"] for command in fake_discord.commands[None]}
    assert {"canon", "timeline", "trivia", "fact", "about"} <= names
    again, _, err = await parallax(fake_discord, tmp_path, "sync")  # idempotent
    assert again == 0, err


async def test_a_refused_token_is_explained(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    for command in ("sync", "run"):
        status, _, err = await parallax(
            fake_discord, tmp_path, command, token="not-the-right.token.value"
        )
        assert status == 1 and "Discord refused the token in DISCORD_TOKEN" in err
    refused = fake_discord.take_violations()
    assert refused and all("401" in str(v) for v in refused)


async def test_message_content_off_in_the_developer_portal_is_explained(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """With message content on in .env but not in the Developer Portal, Discord closes the
    gateway with 4014 (events/gateway.mdx:471 in discord-api-docs c98d64bc). Parallax must
    exit with one paragraph naming the portal switch and the setting, not a traceback."""
    assert fake_discord.privileged_intents == frozenset()  # a new application's portal
    status, _, err = await parallax(
        fake_discord, tmp_path, "run", settings={"PARALLAX_MESSAGE_CONTENT": "true"}
    )
    assert status == 1, err
    assert "Message Content Intent" in err and "PARALLAX_MESSAGE_CONTENT=false" in err
    [identify] = fake_discord.identifies
    assert identify["intents"] & (1 << 15)


async def test_file_commands_end_to_end(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    missing, _, err = await parallax(fake_discord, tmp_path, "export", "--guild", "42")
    assert missing == 1 and "There is no Parallax database" in err
    await parallax(fake_discord, tmp_path, "sync")  # creates the database, as a first start
    status, out, err = await parallax(
        fake_discord, tmp_path, "export", "--guild", "42", "--out", "edits.json"
    )
    assert status == 0, err
    document = json.loads((tmp_path / "edits.json").read_text())
    assert document["guild_id"] in (42, "42")
    status, out, err = await parallax(fake_discord, tmp_path, "import", "edits.json")
    assert status == 0 and "Imported server 42" in out, err
    (tmp_path / "broken.json").write_text("{not json")
    status, _, err = await parallax(fake_discord, tmp_path, "import", "broken.json")
    assert status == 1 and "nothing was changed" in err
    status, out, err = await parallax(fake_discord, tmp_path, "backup", "copy.sqlite3")
    assert status == 0 and (tmp_path / "copy.sqlite3").stat().st_size > 0, err
    refused, _, err = await parallax(fake_discord, tmp_path, "backup", "copy.sqlite3")
    assert refused != 0 and "--force" in err
    status, _, err = await parallax(fake_discord, tmp_path, "backup", "copy.sqlite3", "--force")
    assert status == 0, err


async def test_offline_commands(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    status, out, err = await parallax(fake_discord, tmp_path, "data", "check")
    assert status == 0 and "Dataset version" in out, err
    status, out, err = await parallax(
        fake_discord, tmp_path, "canon", "--json", "Leonov walked on the Moon"
    )
    assert status == 0 and set(json.loads(out)) >= {"fam", "expanse"}, err
    status, out, err = await parallax(fake_discord, tmp_path, "try", "/about")
    assert status == 0 and "Parallax" in out, err
