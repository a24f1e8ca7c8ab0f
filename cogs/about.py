"""/about: what this Parallax is running and how much it knows."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs._ui import NEUTRAL_COLOUR, acknowledge, answer, show_label

if TYPE_CHECKING:
    from bot.bot import Parallax


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
        for show, seasons in counts.episodes.items():
            embed.add_field(
                name=show_label(show),
                value=(
                    f"{sum(seasons.values())} episodes in {len(seasons)} season(s)\n"
                    f"{counts.facts.get(show, 0)} facts"
                ),
                inline=True,
            )
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


async def setup(bot: Parallax) -> None:
    await bot.add_cog(About(bot))
