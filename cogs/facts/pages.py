"""/fact history and /fact changes: pages of the log, turned with Previous and Next."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.facts_admin import FactState, actor_label
from bot.text import plural
from cogs._ui import (
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    LiveView,
    add_field_within_limits,
    answer,
    clip,
    report_error,
    safe,
)
from cogs.facts.previews import NOT_OWNER
from cogs.facts.render import revision_field

if TYPE_CHECKING:
    from bot.store.edits import FactEdits

log = logging.getLogger(__name__)

Interaction = discord.Interaction[Any]
Render = Callable[[int], Awaitable[discord.Embed]]
HISTORY_PAGE = 5
CHANGES_PAGE = 8


class PagerView(LiveView):
    """Previous / Next through pages that are re-read from the store on every press; only
    the moderator who ran the command may turn them; disabled when they time out."""

    def __init__(self, owner_id: int, render: Render, pages: int, page: int, *, timeout: float):
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.origin: Interaction | None = None  # whose original response shows this view
        self.render, self.pages, self.page = render, pages, page
        self._update()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(NOT_OWNER, ephemeral=True)
            return False
        return True

    def _update(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def on_timeout(self) -> None:
        self.previous.disabled = self.next.disabled = True
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.info("Could not disable a timed-out pager on interaction %s", self.origin.id)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error, "a /fact pager")

    async def _show(self, interaction: Interaction, page: int) -> None:
        self.page = max(1, min(page, self.pages))
        self._update()
        await interaction.response.defer()  # the page is re-read from the store
        await interaction.edit_original_response(embed=await self.render(self.page), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: Interaction, button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: Interaction, button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page + 1)


async def send_pages(
    interaction: Interaction, render: Render, pages: int, page: int, *, timeout: float
) -> None:
    page = max(1, min(page, pages))
    embed = await render(page)
    if pages == 1:
        await answer(interaction, embed=embed, ephemeral=True)
        return
    view = PagerView(interaction.user.id, render, pages, page, timeout=timeout)
    view.origin = interaction
    await answer(interaction, embed=embed, view=view, ephemeral=True)


def history_pages(
    edits: FactEdits, guild_id: int, key: str, base: FactState | None, total: int, pages: int
) -> Render:
    async def render(number: int) -> discord.Embed:
        revisions = await edits.history(
            guild_id, key, limit=HISTORY_PAGE, offset=(number - 1) * HISTORY_PAGE
        )
        embed = discord.Embed(
            title=clip(f"History of {key}", EMBED_TITLE_LIMIT), colour=NEUTRAL_COLOUR
        )
        for revision in revisions:
            name, value = revision_field(revision, base)
            add_field_within_limits(embed, name, value, inline=False)
        embed.set_footer(
            text=f"Page {number}/{pages} · {plural(total, 'change')} · "
            "/fact undo restores the version before a change"
        )
        return embed

    return render


def changes_pages(edits: FactEdits, guild_id: int, total: int, pages: int) -> Render:
    async def render(number: int) -> discord.Embed:
        entries = await edits.overlay(
            guild_id, limit=CHANGES_PAGE, offset=(number - 1) * CHANGES_PAGE
        )
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
            text=f"Page {number}/{pages} · {plural(total, 'fact')} · /fact revert drops a change"
        )
        return embed

    return render
