"""/spoilers: members record how far they've watched; moderators set the server's window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.shows import SHOW_TITLES
from bot.spoilers import (
    SpoilerWindow,
    clear_progress,
    episode_choices,
    set_progress,
)
from cogs._checks import moderator_only
from cogs._ui import acknowledge, answer, show_choices

if TYPE_CHECKING:
    from parallax.bot import Parallax

SHOW_CHOICES = show_choices()


class Spoilers(commands.GroupCog, group_name="spoilers", group_description="Spoiler safety"):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="watched", description="Tell Parallax how far you've watched a show."
    )
    @app_commands.describe(show="Which show", episode="The last episode you've seen, e.g. S3E4")
    @app_commands.choices(show=SHOW_CHOICES)
    async def watched(
        self,
        interaction: discord.Interaction[Parallax],
        show: str,
        episode: app_commands.Range[str, 1, 40],
    ) -> None:
        await acknowledge(interaction, ephemeral=True)
        season, number = await set_progress(self.bot.store, interaction.user.id, show, episode)
        await answer(
            interaction,
            f"Noted: you've watched {SHOW_TITLES[show]} up to S{season}E{number}. Replies meant for "
            "you alone (the `private` option) now leave out anything later.",
            ephemeral=True,
        )

    @watched.autocomplete("episode")
    async def episode_autocomplete(
        self, interaction: discord.Interaction[Parallax], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            show = str(getattr(interaction.namespace, "show", "") or "")
            choices = await episode_choices(self.bot.store, show, current)
        except Exception:  # autocomplete never fails loudly
            return []
        return [app_commands.Choice(name=name, value=value) for name, value in choices[:25]]

    @app_commands.command(
        name="status", description="Your recorded progress and this server's spoiler rules."
    )
    async def status(self, interaction: discord.Interaction[Parallax]) -> None:
        store = self.bot.store
        lines = []
        watched = await store.member_settings.progress(interaction.user.id)
        for show, label in SHOW_TITLES.items():
            value = f"S{watched[show][0]}E{watched[show][1]}" if show in watched else None
            lines.append(f"{label}: {value or 'not set (nothing hidden for you)'}")
        if interaction.guild_id:
            config = await store.guild_settings.get_config(interaction.guild_id)
            window, channel = config.spoiler_window, config.spoiler_channel_id
            lines.append(f"\nThis server's spoiler window: {window.describe()}.")
            lines.append(f"Spoiler channel: {f'<#{channel}>' if channel else 'none'}.")
        await answer(interaction, "\n".join(lines), ephemeral=True)

    @app_commands.command(
        name="clear", description="Forget how far you've watched (nothing hidden for you)."
    )
    async def clear(self, interaction: discord.Interaction[Parallax]) -> None:
        await acknowledge(interaction, ephemeral=True)
        await clear_progress(self.bot.store, interaction.user.id)
        await answer(interaction, "Your watch progress is cleared.", ephemeral=True)

    @app_commands.command(
        name="window", description="Moderators: what public replies hide in spoiler tags."
    )
    @app_commands.describe(mode="What counts as a spoiler", weeks="With 'recent': how many weeks")
    @app_commands.choices(
        mode=[
            app_commands.Choice(name="Each show's newest season", value="newest"),
            app_commands.Choice(name="Anything aired recently (weeks)", value="weeks"),
            app_commands.Choice(name="Off", value="off"),
        ]
    )
    @app_commands.guild_only()
    @moderator_only()
    async def window(
        self,
        interaction: discord.Interaction[Parallax],
        mode: str,
        weeks: app_commands.Range[int, 1, 520] | None = None,
    ) -> None:
        if mode == "weeks" and weeks is None:
            await answer(
                interaction, "Say how many weeks count as recent, e.g. `weeks: 4`.", ephemeral=True
            )
            return
        window = SpoilerWindow(mode, weeks or 0)
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        await self.bot.store.guild_settings.set_spoiler_window(interaction.guild_id, window)
        await answer(interaction, f"Spoiler window set: {window.describe()}.", ephemeral=True)

    @app_commands.command(
        name="channel", description="Moderators: a channel where spoilers are shown plainly."
    )
    @app_commands.describe(channel="The spoiler channel (leave empty to remove it)")
    @app_commands.guild_only()
    @moderator_only()
    async def channel(
        self, interaction: discord.Interaction[Parallax], channel: discord.TextChannel | None = None
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        await self.bot.store.guild_settings.set_spoiler_channel(
            interaction.guild_id, channel.id if channel else None
        )
        text = (
            f"Spoilers are shown plainly in {channel.mention}."
            if channel
            else "No spoiler channel now."
        )
        await answer(interaction, text, ephemeral=True)


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Spoilers(bot))
