"""/fact history and /fact changes: pages of the log on the one pager of cogs/_ui.py.

Each page is re-read from the store on every press (`history_page`, `changes_page`), from
the query kept with the reply, so Previous and Next work across a restart; only the
moderator who ran the command may turn them, and past their lifetime they say they expired.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import discord

from bot.facts_admin import actor_label
from bot.text import plural
from cogs._ui import (
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    PAGERS,
    Page,
    PagerKind,
    add_field_within_limits,
    clip,
    safe,
)
from cogs.facts.render import revision_field

if TYPE_CHECKING:
    from parallax.bot import Parallax

HISTORY_PAGE = 5
CHANGES_PAGE = 8


def register_pagers() -> None:
    PAGERS["history"] = PagerKind(history_page, "/fact history")
    PAGERS["changes"] = PagerKind(changes_page, "/fact changes")


def unregister_pagers() -> None:
    PAGERS.pop("history", None)
    PAGERS.pop("changes", None)


async def history_page(
    interaction: discord.Interaction[Parallax], state: dict[str, Any], index: int
) -> Page:
    """Page `index` (clamped) of the changes to the fact `state["key"]`, newest first."""
    guild_id, key, edits = interaction.guild_id or 0, state["key"], interaction.client.store.edits
    total = await edits.history_count(guild_id, key)
    pages = max(1, math.ceil(total / HISTORY_PAGE))
    index = min(index, pages - 1)
    base = await edits.base_state(key)
    revisions = await edits.history(guild_id, key, limit=HISTORY_PAGE, offset=index * HISTORY_PAGE)
    embed = discord.Embed(title=clip(f"History of {key}", EMBED_TITLE_LIMIT), colour=NEUTRAL_COLOUR)
    for revision in revisions:
        name, value = revision_field(revision, base)
        add_field_within_limits(embed, name, value, inline=False)
    embed.set_footer(
        text=f"Page {index + 1}/{pages} · {plural(total, 'change')} · "
        "/fact undo restores the version before a change"
    )
    return Page(embed, index, pages)


async def changes_page(
    interaction: discord.Interaction[Parallax], state: dict[str, Any], index: int
) -> Page:
    """Page `index` (clamped) of the server's changed facts, most recent first."""
    guild_id, edits = interaction.guild_id or 0, interaction.client.store.edits
    total = await edits.overlay_count(guild_id)
    pages = max(1, math.ceil(total / CHANGES_PAGE))
    index = min(index, pages - 1)
    entries = await edits.overlay(guild_id, limit=CHANGES_PAGE, offset=index * CHANGES_PAGE)
    embed = discord.Embed(title="This server's changes", colour=NEUTRAL_COLOUR)
    for entry in entries:
        line = safe(clip(entry.state.text, 200))
        if entry.last is not None:
            line += (
                f"\n#{entry.last.id} by {actor_label(entry.last.actor)} "
                f"<t:{int(entry.last.at.timestamp())}:R>"
            )
        add_field_within_limits(embed, f"{entry.key} · {entry.change}", line, inline=False)
    embed.set_footer(
        text=f"Page {index + 1}/{pages} · {plural(total, 'fact')} · /fact revert drops a change"
    )
    return Page(embed, index, pages)
