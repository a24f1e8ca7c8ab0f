"""The feature extensions the Bot loads, in order: one per module or package in `cogs/`.

An explicit list, so that what the bot runs is read here rather than discovered from files;
`tests/cogs/test_extensions.py` fails when a cog is added without being listed.
"""

from __future__ import annotations

EXTENSIONS: tuple[str, ...] = (
    "cogs.about",
    "cogs.admin",
    "cogs.announce",
    "cogs.canon",
    "cogs.countdown",
    "cogs.episode",
    "cogs.facts",
    "cogs.live",
    "cogs.parallels",
    "cogs.spoilers",
    "cogs.timeline",
    "cogs.trivia",
)
