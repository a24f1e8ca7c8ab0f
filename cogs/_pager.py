"""Paged embeds with Previous / Next buttons that only the invoker can use."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import discord


class Pager(discord.ui.View):
    """Shows one embed of `pages` at a time; buttons are disabled when it times out."""

    def __init__(
        self, pages: Sequence[discord.Embed], owner_id: int, *, timeout: float = 300
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None
        self._sync_buttons()

    def current(self) -> discord.Embed:
        embed = self.pages[self.index].copy()
        if len(self.pages) > 1:
            footer = embed.footer.text or ""
            page = f"Page {self.index + 1} of {len(self.pages)}"
            embed.set_footer(text=f"{footer} · {page}" if footer else page)
        return embed

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These pages belong to whoever ran the command; run it yourself to browse.",
            ephemeral=True,
        )
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Pager]
    ) -> None:
        self.index = max(0, self.index - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.current(), view=self)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Pager]
    ) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.current(), view=self)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            # the message may be gone or its token expired: then there is nothing to tidy
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def send(
        self,
        interaction: discord.Interaction[Any],
        *,
        ephemeral: bool = False,
        file: discord.File = discord.utils.MISSING,
    ) -> None:
        """Send the first page as the interaction's reply (or follow-up if deferred).

        A single page drops Previous / Next; buttons a subclass adds stay, and with none
        left the message goes out without a view."""
        if len(self.pages) <= 1:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        view = self if self.children else discord.utils.MISSING
        if interaction.response.is_done():
            self.message = await interaction.followup.send(
                embed=self.current(), view=view, ephemeral=ephemeral, file=file, wait=True
            )
        else:
            await interaction.response.send_message(
                embed=self.current(), view=view, ephemeral=ephemeral, file=file
            )
            self.message = await interaction.original_response()
        if not self.children:
            self.stop()
