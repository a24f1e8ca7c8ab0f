"""What users see in Discord's command picker, kept as a reviewed snapshot.

The synced command tree (names, descriptions, options, choices, default permissions) is
compared with `command_tree.json`. A change to what users see then shows up in review as a
diff of that file. To accept a deliberate change:

    PARALLAX_UPDATE_SNAPSHOT=1 pytest tests/cogs/test_command_tree.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.conftest import Env

SNAPSHOT = Path(__file__).with_name("command_tree.json")
KEPT = (
    "name", "description", "type", "required", "choices", "options", "autocomplete",
    "min_value", "max_value", "min_length", "max_length", "channel_types",
    "default_member_permissions", "dm_permission", "contexts", "integration_types", "nsfw",
)  # fmt: skip


def visible(schema: Any) -> Any:
    """The parts of a synced command that users (and server admins) see."""
    if isinstance(schema, list):
        return [visible(item) for item in schema]
    if isinstance(schema, dict):
        return {key: visible(schema[key]) for key in KEPT if key in schema}
    return schema


async def test_the_synced_command_tree_matches_the_snapshot(env: Env) -> None:
    tree = sorted(visible(env.fake.commands[None]), key=lambda c: (c.get("type", 1), c["name"]))
    text = json.dumps(tree, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("PARALLAX_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists() and text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The commands users see changed; review the diff and, if it is intended, run "
        "PARALLAX_UPDATE_SNAPSHOT=1 pytest tests/cogs/test_command_tree.py"
    )
