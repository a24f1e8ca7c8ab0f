"""Paged embeds with Previous / Next buttons that only the invoker can use.

Pages are a list of embeds, or a page count and a function that builds page i, called
only when that page is shown (long timelines are mostly never paged through).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import discord

from cogs._ui import SafeView


class Pager(SafeView):
    """Shows one embed of `pages` at a time; buttons are disabled when it times out.

    Instead of `pages` (None), give `page_count` and `build_page(index)`: each page is then
    built the first time it is shown, and kept.
    """

    def __init__(
        self,
        pages: Sequence[discord.Embed] | None,
        owner_id: int,
        *,
        timeout: float = 300,
        page_count: int | None = None,
        build_page: Callable[[int], discord.Embed] | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        if build_page is not None:
            if page_count is None or page_count < 1:
                raise ValueError("a lazy Pager needs a page_count of at least 1")
            self.page_count = page_count
            self._build_page = build_page
            self._built: dict[int, discord.Embed] = {}
        else:
            built = list(pages or ())
            if not built:
                raise ValueError("a Pager needs at least one page")
            self.page_count = len(built)
            self._build_page = built.__getitem__
            self._built = dict(enumerate(built))
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None
        self._sync_buttons()

    def page(self, index: int) -> discord.Embed:
        """Page `index` as built (built now if it never was)."""
        if index not in self._built:
            self._built[index] = self._build_page(index)
        return self._built[index]

    def current(self) -> discord.Embed:
        embed = self.page(self.index).copy()
        if self.page_count > 1:
            footer = embed.footer.text or ""
            page = f"Page {self.index + 1} of {self.page_count}"
            embed.set_footer(text=f"{footer} · {page}" if footer else page)
        return embed

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= self.page_count - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These pages belong to whoever ran the command; run it yourself to browse.",
            ephemeral=True,
        )
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, custom_id="prev")
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Pager]
    ) -> None:
        self.index = max(0, self.index - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.current(), view=self)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="next")
    async def next(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Pager]
    ) -> None:
        self.index = min(self.page_count - 1, self.index + 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.current(), view=self)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            # the message may be gone or its token expired: then there is nothing to tidy
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self, allowed_mentions=discord.AllowedMentions.none())

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
        if self.page_count <= 1:
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
