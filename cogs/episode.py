"""/episode: the episode guide.

An episode by title, code or what happens in it (autocomplete), with its release date, the
season's release pattern, its events in order with their sources, the parallels that touch
them and how many trivia questions it feeds; or a season's running order; or, with neither,
the show's seasons. Spoiler-aware like /timeline. Previous / Next are dynamic items routed by
custom_id, so they keep working after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.episodes import (
    EpisodeGuide,
    SeasonListing,
    ShowEpisodes,
    ShowOverview,
    Slot,
    autocomplete_choices,
    episode_guide,
    label_show,
    load_show,
    release_moment,
    resolve_slot,
    season_listing,
    show_overview,
    show_title,
    source_label,
)
from bot.releases import release_today
from bot.shows import EXPANSE, SHOW_TITLES
from bot.shows import choices as show_list
from bot.spoilers import SpoilerContext, wrap
from bot.store.records import Fact
from bot.timezones import day_label, timestamp
from cogs._ui import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    EXPANSE_COLOUR,
    FAM_COLOUR,
    NOT_YOURS,
    acknowledge,
    acknowledge_update,
    add_field_within_limits,
    answer,
    clip,
    md_link,
    reader_spoilers,
    reporting_failures,
    safe,
)

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)
WARM_WAIT = 1.0  # seconds a command just after start-up waits for the indexes being read

EVENTS_BUDGET = 3300  # characters of events in the description (under 4096 with the rest)
PARALLELS_BUDGET = 900  # one field, under 1024
SHOW_CHOICES = [app_commands.Choice(name=label, value=code) for label, code in show_list()]


def colour_of(show: str) -> discord.Colour:
    return EXPANSE_COLOUR if show == EXPANSE else FAM_COLOUR


def link(title: str, url: str, limit: int = 90) -> str:
    text = safe(clip(title or url, limit))
    return md_link(text, url)


# -- one episode ----------------------------------------------------------------------------


def event_lines(guide: EpisodeGuide, spoilers: SpoilerContext) -> list[str]:
    lines = []
    for position, fact in enumerate(guide.facts, start=1):
        text = safe(clip(fact.text, 300))
        source = link(fact.source_title, fact.source_url) if fact.source_url else "the episode"
        edited = " · this server's edit" if fact.is_server_edit else ""
        body = wrap(text) if spoilers.should_wrap(fact) else text
        lines.append(f"{position}. {body}\n-# {source}{edited}")
    return lines


def fit(lines: list[str], budget: int) -> tuple[list[str], int]:
    """As many whole lines as fit `budget` characters, and how many were left out."""
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > budget:
            break
        kept.append(line)
        size += len(line) + 1
    return kept, len(lines) - len(kept)


def parallel_lines(guide: EpisodeGuide, spoilers: SpoilerContext) -> tuple[list[str], int]:
    """Each parallel as its counterpart in the other show; those past the reader are left out."""
    own = {f.key for f in guide.facts}
    lines, hidden = [], 0
    for parallel in guide.parallels:
        other: Fact = parallel.expanse if parallel.fam.key in own else parallel.fam
        if spoilers.should_hide(other):
            hidden += 1
            continue
        text = safe(clip(other.text, 160))
        where = safe(
            clip(source_label(other.episode, "" if other.episode else other.source_title), 90)
        )
        lines.append(
            f"↔ **{safe(parallel.topic)}**: {wrap(text) if spoilers.should_wrap(other) else text}"
            f"\n-# {where}"
        )
    return lines, hidden


def released_line(guide: EpisodeGuide) -> str:
    episode = guide.slot.episode
    if episode is None:
        return f"**{guide.released[:1].upper()}{guide.released[1:]}** (its title is not in the data yet)"
    verb = guide.released.split(" ", 1)[0].capitalize()
    return f"**{verb}** {timestamp(release_moment(episode.aired), 'D')}"


def sources_text(guide: EpisodeGuide) -> str:
    lines = [f"Episode list: {link(guide.season.source_title, guide.season.source_url)}"]
    episode = guide.slot.episode
    if episode is not None and episode.source_url:
        host = urllib.parse.urlsplit(episode.source_url).hostname or episode.source_url
        lines.append(f"This episode's title and date: {link(host, episode.source_url)}")
    return "\n".join(lines)


def render_guide(guide: EpisodeGuide, spoilers: SpoilerContext) -> discord.Embed:
    slot = guide.slot
    name = slot.episode.title if slot.episode else "title not in the data yet"
    embed = discord.Embed(
        title=clip(f"{show_title(slot.show)} {slot.code} · {name}", EMBED_TITLE_LIMIT),
        colour=colour_of(slot.show),
    )
    lines = [released_line(guide)]
    if spoilers.hides_episode(slot.show, slot.season, slot.number):
        lines.append(
            f"\nYou're at {spoilers.progress.describe(slot.show)} of {show_title(slot.show)}: "
            f"what happens in {slot.code} is left out of this private reply "
            "(`/spoilers watched` changes how far you are)."
        )
        embed.description = "\n".join(lines)
        add_field_within_limits(embed, "Sources", sources_text(guide), inline=False)
        return embed
    if guide.season.note:
        lines.append(f"**Season {slot.season}**: {safe(clip(guide.season.note, 400))}")
    if guide.season_known:
        lines.append(f"**Known so far**: {safe(guide.season_known)}")
    events = event_lines(guide, spoilers)
    if events:
        kept, left_out = fit(events, EVENTS_BUDGET)
        lines.append("\n**What happens**")
        lines.extend(kept)
        if left_out:
            lines.append(f"-# …and {left_out} more from this episode (see `/timeline`).")
    elif slot.episode is not None:
        lines.append("\nNo events of this episode are in the data yet.")
    embed.description = clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT)
    parallels, hidden = parallel_lines(guide, spoilers)
    if parallels:
        kept, _ = fit(parallels, PARALLELS_BUDGET)
        add_field_within_limits(embed, "Parallels", "\n".join(kept), inline=False)
    if slot.episode is not None:
        count = guide.trivia_questions
        trivia = (
            f"Feeds {count} trivia question{'s' if count != 1 else ''} (`/trivia`)."
            if count
            else "No trivia questions come from this episode yet."
        )
        add_field_within_limits(embed, "Trivia", trivia, inline=False)
    add_field_within_limits(embed, "Sources", sources_text(guide), inline=False)
    if hidden:
        noun = "parallel" if hidden == 1 else "parallels"
        embed.set_footer(text=f"{hidden} {noun} past your progress left out.")
    return embed


class EpisodeStep(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"episode:(?P<step>prev|next):(?P<show>[a-z]+):(?P<season>\d{1,3}):(?P<number>\d{1,3})"
    r":(?P<owner>\d{1,20}):(?P<private>[01])",
):
    """Previous / Next under an /episode reply. Everything it needs is in its custom_id
    (show, the episode shown, the owner, private or not), so it works after a restart."""

    def __init__(
        self, step: str, show: str, season: int, number: int, owner_id: int, private: bool
    ) -> None:
        custom_id = f"episode:{step}:{show}:{season}:{number}:{owner_id}:{int(private)}"
        super().__init__(
            discord.ui.Button(
                label="Previous" if step == "prev" else "Next",
                style=discord.ButtonStyle.secondary
                if step == "prev"
                else discord.ButtonStyle.primary,
                custom_id=custom_id,
            )
        )
        self.step, self.show, self.season, self.number = step, show, season, number
        self.owner_id, self.private = owner_id, private

    @classmethod
    async def from_custom_id(cls, interaction: Any, item: Any, match: re.Match[str]) -> EpisodeStep:
        season, number, owner = int(match["season"]), int(match["number"]), int(match["owner"])
        return cls(match["step"], match["show"], season, number, owner, match["private"] == "1")

    async def callback(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        await reporting_failures(interaction, "EpisodeStep", self.step_to_neighbour(interaction))

    async def step_to_neighbour(self, interaction: discord.Interaction[Parallax]) -> None:
        if interaction.user.id != self.owner_id:
            refusal = NOT_YOURS.format(owner=self.owner_id, command="/episode")
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        await acknowledge_update(interaction)
        bot = interaction.client
        index = await load_show(bot.store, interaction.guild_id or 0, self.show)
        previous, following = index.neighbours(self.season, self.number)
        target = previous if self.step == "prev" else following
        if target is None:
            await interaction.followup.send("There is no listed episode that way.", ephemeral=True)
            return
        slot = resolve_slot(index, target.code)
        embed, view = await guide_message(interaction, index, slot, private=self.private)
        await interaction.edit_original_response(embed=embed, view=view)


def step_view(guide: EpisodeGuide, owner_id: int, private: bool) -> discord.ui.View | None:
    slot = guide.slot
    view = discord.ui.View(timeout=None)
    for step, neighbour in (("prev", guide.previous), ("next", guide.next)):
        if neighbour is not None:
            view.add_item(EpisodeStep(step, slot.show, slot.season, slot.number, owner_id, private))
    return view if view.children else None


async def guide_message(
    interaction: discord.Interaction[Parallax], index: ShowEpisodes, slot: Slot, *, private: bool
) -> tuple[discord.Embed, discord.ui.View | None]:
    bot = interaction.client
    guide = await episode_guide(
        bot.store, interaction.guild_id or 0, index, slot, release_today(bot.clock())
    )
    spoilers = await reader_spoilers(interaction, private=private)
    return render_guide(guide, spoilers), step_view(guide, interaction.user.id, private)


# -- a season, a show -------------------------------------------------------------------------


def slot_line(listing: SeasonListing, slot: Slot) -> str:
    if slot.episode is not None:
        return f"**{slot.code}** {safe(slot.episode.title)} · {day_label(slot.episode.aired)}"
    return f"**{slot.code}** *title not in the data yet* · {listing.releases[slot.key]}"


def edge_text(listing: SeasonListing, slot: Slot | None) -> str:
    if slot is None:
        return "not announced"
    if slot.episode is not None:
        return safe(source_label(slot.episode, ""))
    return f"{slot.code} · {listing.releases[slot.key]}"


def render_season(listing: SeasonListing) -> discord.Embed:
    season = listing.season
    embed = discord.Embed(
        title=clip(f"{show_title(listing.show)} · Season {season.number}", EMBED_TITLE_LIMIT),
        colour=colour_of(listing.show),
    )
    summary = listing.summary[:1].upper() + listing.summary[1:]
    lines = [safe(summary if summary.endswith(".") else f"{summary}.")]
    if season.note and season.premiere is not None:
        lines.append(f"-# {safe(clip(season.note, 400))}")
    if any(slot.episode is not None for slot in listing.slots):
        lines.append("")
        lines.extend(slot_line(listing, slot) for slot in listing.slots)
    embed.description = clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT)
    slots = listing.slots
    add_field_within_limits(
        embed, "Premiere", edge_text(listing, slots[0] if slots else None), inline=True
    )
    add_field_within_limits(
        embed, "Finale", edge_text(listing, slots[-1] if slots else None), inline=True
    )
    add_field_within_limits(
        embed, "Source", link(season.source_title, season.source_url), inline=False
    )
    return embed


def render_overview(overview: ShowOverview) -> discord.Embed:
    lines = [
        f"**Season {season.number}**: {safe(clip(summary, 400))}"
        for season, summary in overview.seasons
    ]
    lines.append(
        "\nPick an episode with `episode:` (its title, a code like S2E5, or a few words of "
        "what happens in it), or a whole season with `season:`."
    )
    return discord.Embed(
        title=f"{show_title(overview.show)} · episode guide",
        description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=colour_of(overview.show),
    )


class EpisodeCog(commands.Cog, name="Episodes"):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(EpisodeStep)
        # The shipped episode indexes, read now: a bad episode is then refused privately,
        # before any acknowledgement, without waiting for the database.
        self._warm = asyncio.create_task(self._warm_indexes(), name="episode-indexes")

    async def _warm_indexes(self) -> None:
        try:
            await self.bot.store.catalog.overlay_guilds()
            for show in SHOW_TITLES:
                await load_show(self.bot.store, 0, show)
        except Exception:  # only a head start
            log.warning("Could not read the episode indexes ahead of time", exc_info=True)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(EpisodeStep)
        self._warm.cancel()

    @app_commands.command(
        name="episode",
        description="The episode guide: an episode's date, events, parallels and sources.",
    )
    @app_commands.describe(
        show="Which show",
        episode="A title, a code like S2E5, or a few words of what happens in it",
        season="A whole season's episodes (or narrows the episode search)",
        private="Only you see the reply, leaving out what's past your /spoilers watched progress",
    )
    @app_commands.choices(show=SHOW_CHOICES)
    async def episode(
        self,
        interaction: discord.Interaction[Parallax],
        show: str,
        episode: app_commands.Range[str, 1, 100] | None = None,
        season: app_commands.Range[int, 1, 99] | None = None,
        private: bool = False,
    ) -> None:
        store = self.bot.store
        guild_id = interaction.guild_id or 0
        if episode:
            show = label_show(episode) or show  # a pasted label names its own show
        # look the episode up before acknowledging, so a bad one gets an ephemeral answer
        if not self._warm.done():  # just started: the shipped indexes are on their way
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._warm), WARM_WAIT)
        index = await load_show(
            store,
            guild_id,
            show,
            before_read=lambda: acknowledge(interaction, ephemeral=private),
        )
        today = release_today(self.bot.clock())
        if episode:
            slot = resolve_slot(index, episode, season=season)
            await acknowledge(interaction, ephemeral=private)
            embed, view = await guide_message(interaction, index, slot, private=private)
            await interaction.followup.send(
                embed=embed, view=view or discord.utils.MISSING, ephemeral=private
            )
            return
        if season is not None:
            embed = render_season(season_listing(index, season, today))
        else:
            embed = render_overview(show_overview(index, today))
        await answer(interaction, embed=embed, ephemeral=private)

    @episode.autocomplete("episode")
    async def episode_autocomplete(
        self, interaction: discord.Interaction[Parallax], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            namespace = interaction.namespace
            show = str(getattr(namespace, "show", "") or "")
            typed = str(getattr(namespace, "season", None) or "")
            season = int(typed) if typed.isdigit() else None
            choices: list[tuple[str, str]] = []
            for code in [show] if show in SHOW_TITLES else list(SHOW_TITLES):
                index = await load_show(self.bot.store, interaction.guild_id or 0, code)
                found = autocomplete_choices(index, current, season=season)
                # without a show chosen, the value is the label itself, which names its show
                choices += found if show in SHOW_TITLES else [(n, n) for n, _ in found]
        except Exception:  # autocomplete never fails loudly; the user just sees no choices
            log.debug("episode autocomplete failed for %r", current, exc_info=True)
            return []
        return [app_commands.Choice(name=name, value=value) for name, value in choices[:25]]


async def setup(bot: Parallax) -> None:
    await bot.add_cog(EpisodeCog(bot))
