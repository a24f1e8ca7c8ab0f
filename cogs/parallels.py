"""/parallels: browse the recorded parallels between For All Mankind and The Expanse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.parallels import find_parallels, parallel_topics
from bot.spoilers import SpoilerContext, wrap
from bot.store.records import Fact, Parallel
from cogs._ui import (
    NEUTRAL_COLOUR,
    PAGERS,
    Page,
    PagerKind,
    clip,
    md_link,
    page_footer,
    reader_spoilers,
    safe,
    send_pager,
)

if TYPE_CHECKING:
    from parallax.bot import Parallax

PER_PAGE = 4
VIEW_TIMEOUT = 300.0  # seconds the Previous / Next buttons work


def parallel_field(parallel: Parallel, spoilers: SpoilerContext) -> tuple[str, str]:
    """One parallel; a side in the server's spoiler window (and the note that tells it)
    behind a spoiler tag, as /canon, /timeline and /episode show them."""

    def side(label: str, fact: Fact) -> str:
        shown = safe(clip(fact.source_label(), 80))
        text = safe(clip(fact.text, 200))
        text = wrap(text) if spoilers.should_wrap(fact) else text
        url = fact.source_url
        return f"**{label}**: {text}\n-# " + md_link(shown, url)

    note = safe(clip(parallel.note, 200))
    if spoilers.should_wrap(parallel.fam) or spoilers.should_wrap(parallel.expanse):
        note = wrap(note)
    lines = [
        note,
        side("For All Mankind", parallel.fam),
        side("The Expanse", parallel.expanse),
    ]
    if parallel.source_url:
        lines.append(
            "-# Parallel drawn in: "
            + md_link(safe(clip(parallel.source_title, 80)), parallel.source_url)
        )
    return clip(parallel.topic, 256), clip("\n".join(lines), 1024)


def render_parallels(
    parallels: list[Parallel], topic: str | None, spoilers: SpoilerContext
) -> list[discord.Embed]:
    title = "Parallels" + (f": “{clip(topic, 80)}”" if topic else "")
    if not parallels:
        return [
            discord.Embed(
                title=title, description="No parallel matches that topic.", colour=NEUTRAL_COLOUR
            )
        ]
    pages = []
    for start in range(0, len(parallels), PER_PAGE):
        embed = discord.Embed(
            title=title,
            description="Themes fans draw between the shows (separate shows, no shared storyline).",
            colour=NEUTRAL_COLOUR,
        )
        for parallel in parallels[start : start + PER_PAGE]:
            name, value = parallel_field(parallel, spoilers)
            embed.add_field(name=name, value=value, inline=False)
        pages.append(embed)
    return pages


class ParallelsCog(commands.Cog, name="Parallels"):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        PAGERS["parallels"] = PagerKind(self._page, "/parallels")

    async def cog_unload(self) -> None:
        PAGERS.pop("parallels", None)

    async def _page(
        self, interaction: discord.Interaction[Any], state: dict[str, Any], index: int
    ) -> Page:
        """Page `index` of the parallels on `state["topic"]`, read again from the store."""
        found = await find_parallels(self.bot.store, interaction.guild_id or 0, state["topic"])
        spoilers = await reader_spoilers(interaction, private=False)
        pages = render_parallels(found, state["topic"], spoilers)
        index = min(index, len(pages) - 1)
        return Page(page_footer(pages[index], index, len(pages)), index, len(pages))

    @app_commands.command(
        description="Browse the parallels between For All Mankind and The Expanse."
    )
    @app_commands.describe(topic="A theme, e.g. 'Mars independence' (leave empty for all)")
    async def parallels(
        self,
        interaction: discord.Interaction[Parallax],
        topic: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        await interaction.response.defer(thinking=True)  # acknowledged before any work
        state = {"topic": topic}
        first = await self._page(interaction, state, 0)
        await send_pager(interaction, "parallels", state, first, timeout=VIEW_TIMEOUT)

    @parallels.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[Parallax], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            topics = await parallel_topics(self.bot.store, interaction.guild_id or 0, current)
        except Exception:  # autocomplete never fails loudly
            return []
        return [app_commands.Choice(name=clip(t, 100), value=clip(t, 100)) for t in topics[:25]]


async def setup(bot: Parallax) -> None:
    await bot.add_cog(ParallelsCog(bot))
