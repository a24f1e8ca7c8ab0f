"""/about: what this Parallax is running and how much it knows."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.dataset import season_gap
from bot.text import plural
from cogs._ui import NEUTRAL_COLOUR, acknowledge, answer, show_label

if TYPE_CHECKING:
    from bot.store.records import CatalogCounts
    from parallax.bot import Parallax


class About(commands.Cog):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    @app_commands.command(description="What Parallax is, its version, and how much it knows.")
    async def about(self, interaction: discord.Interaction[Parallax]) -> None:
        catalog = self.bot.store.catalog
        counts = catalog.counts_in_memory(interaction.guild_id or 0)  # then: answered at once
        if counts is None:
            await acknowledge(interaction, ephemeral=False)
            counts = await catalog.counts(interaction.guild_id or 0)
        embed = discord.Embed(
            title="Parallax",
            description=(
                "For All Mankind and The Expanse, side by side: timelines, canon checks, "
                "countdowns and trivia. Every fact carries its source."
            ),
            colour=NEUTRAL_COLOUR,
        )
        for show, lines in show_summaries(counts).items():
            embed.add_field(name=show_label(show), value="\n".join(lines), inline=True)
        embed.add_field(name="Parallels", value=str(counts.parallels), inline=True)
        embed.add_field(name="Trivia questions", value=str(counts.questions), inline=True)
        latency = self.bot.latency
        embed.set_footer(
            text=f"Version {self.bot.version} · gateway latency "
            + (
                "unknown yet"
                if math.isnan(latency) or math.isinf(latency)
                else f"{latency * 1000:.0f} ms"
            )
        )
        await answer(interaction, embed=embed)


def show_summaries(counts: CatalogCounts) -> dict[str, list[str]]:
    """Per show: its episodes and seasons (counted where titles are missing), its facts,
    and what is known but missing ("S5: 10 episodes aired, 0 titles listed")."""
    episodes: dict[str, int] = {}
    seasons: dict[str, int] = {}
    gaps: dict[str, list[str]] = {}
    for season in counts.seasons:
        count = max(season.episode_count or 0, season.episodes_listed)
        if not count:
            continue  # announced, nothing known yet
        episodes[season.show] = episodes.get(season.show, 0) + count
        seasons[season.show] = seasons.get(season.show, 0) + 1
        gap = season_gap(season.number, season.status, season.episode_count, season.episodes_listed)
        if gap:
            gaps.setdefault(season.show, []).append(gap)
    order = list(counts.show_order)
    return {
        show: [
            f"{plural(episodes[show], 'episode')} in {plural(seasons[show], 'season')}",
            plural(counts.facts.get(show, 0), "fact"),
            *(f"-# {gap}" for gap in gaps.get(show, [])),
        ]
        for show in sorted(
            episodes,
            key=lambda code: (code not in order, order.index(code) if code in order else 0),
        )
    }


async def setup(bot: Parallax) -> None:
    await bot.add_cog(About(bot))
