"""/timeline: the two eras side by side, paged, with parallels named under events.

`picture:true`, or the Picture button under a reply, attaches the timeline as a PNG
(bot/pictures.py), rendered off the event loop and cached.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.pictures import PictureTooLarge, timeline_picture_async
from bot.shows import EXPANSE, FAM, is_spin_off
from bot.shows import title as show_title
from bot.spoilers import SpoilerContext, spoiler_context, wrap
from bot.store.records import Fact
from bot.store.views import ViewState
from bot.text import plural
from bot.timeline import Timeline, TimelineEntry, TimelineQuery, autocomplete_terms, build_timeline
from cogs._ui import (
    EMBED_FIELD_VALUE_LIMIT,
    EXPANSE_COLOUR,
    FAM_COLOUR,
    NEUTRAL_COLOUR,
    PAGERS,
    Extra,
    Page,
    PagerKind,
    acknowledge_update,
    clip,
    md_link,
    owned_view,
    page_footer,
    pager_buttons,
    safe,
    send_pager,
    show_choices,
    show_label,
)

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)
#: How long a timeline's buttons work (then: disabled, or "expired" after a restart).
VIEW_TIMEOUT = 600.0
RENDERED_KEPT = 64  # rendered timelines kept in memory (all dropped when full)


FACT_WIDTH = 300  # characters of a fact's text shown (the longest shipped fact is ~250)
FIELD_BUDGET = 1000  # one column of a side-by-side page: one field, under Discord's 1024
DESCRIPTION_BUDGET = 3000  # a one-column page, under 4096
PAGE_EVENTS = 6  # events on a page: six in one column, three a column side by side
COLUMN_TITLES = {FAM: "For All Mankind · 1969 onward", EXPANSE: "The Expanse · 23rd century"}
PICTURE_NAME = "timeline.png"
PICTURE_ALT = "The timeline as a picture: For All Mankind and The Expanse side by side"
RENDERS_AT_ONCE = 2  # pictures rendering in worker threads at the same time, per bot


# safe() (two regex passes) on every line was most of the time spent paging a long
# timeline; the same facts come back on every call, so their defused text is remembered.
_safe = functools.lru_cache(maxsize=8192)(safe)


@functools.lru_cache(maxsize=4096)
def source_line(fact: Fact) -> str:
    label = _safe(clip(fact.source_label(), 90))
    return md_link(label, fact.source_url) if not fact.episode else label


def fact_text(fact: Fact, width: int, spoilers: SpoilerContext) -> str:
    text = _safe(clip(fact.text, width))
    return wrap(text) if spoilers.should_wrap(fact) else text


def entry_text(entry: TimelineEntry, *, width: int, spoilers: SpoilerContext) -> str:
    fact = entry.fact
    when = fact.when_label or (
        f"S{fact.episode.season}E{fact.episode.number}" if fact.episode else ""
    )
    if is_spin_off(fact.show):
        spin_off = show_title(fact.show)
        when = f"{when} · {spin_off}" if when else spin_off
    body = fact_text(fact, width, spoilers)
    lines = [f"**{_safe(when)}** {body}" if when else body]
    lines.append(f"-# {source_line(fact)}")
    for parallel in entry.parallels[:1]:
        other = entry.counterpart(parallel)
        if spoilers.should_hide(other):
            continue
        lines.append(f"↔ *{_safe(parallel.topic)}*: {fact_text(other, 70, spoilers)}")
    return "\n".join(lines)


def pack(
    entries: tuple[TimelineEntry, ...],
    budget: int,
    width: int,
    spoilers: SpoilerContext,
    most: int = PAGE_EVENTS,
) -> list[list[str]]:
    """Split entries into chunks of at most `most` entries whose text fits `budget`."""
    chunks: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        text = entry_text(entry, width=width, spoilers=spoilers)
        if chunks[-1] and (size + len(text) + 2 > budget or len(chunks[-1]) >= most):
            chunks.append([])
            size = 0
        chunks[-1].append(text)
        size += len(text) + 2
    return chunks if chunks[0] else []


def without_hidden(timeline: Timeline, spoilers: SpoilerContext) -> tuple[Timeline, list[Fact]]:
    """The timeline less what lies past a private reader's progress, and what was left out."""
    hidden = [e.fact for e in timeline.fam + timeline.expanse if spoilers.should_hide(e.fact)]
    if not hidden:
        return timeline, hidden
    kept = Timeline(
        timeline.query,
        tuple(e for e in timeline.fam if not spoilers.should_hide(e.fact)),
        tuple(e for e in timeline.expanse if not spoilers.should_hide(e.fact)),
        timeline.suggestions_years,
        timeline.suggestions_terms,
        timeline.notes,
    )
    return kept, hidden


@dataclass(frozen=True, slots=True)
class Pages:
    """How many pages a reply has, and how to build one (only the pages shown are built)."""

    count: int
    build: Callable[[int], discord.Embed]

    def all(self) -> list[discord.Embed]:
        return [self.build(index) for index in range(self.count)]


def render_timeline(timeline: Timeline, spoilers: SpoilerContext) -> Pages:
    """Pages of the timeline; what lies past a private reader's progress is left out."""
    title = f"Timeline: {timeline.query.describe()}"
    timeline, hidden = without_hidden(timeline, spoilers)
    pages = _render_pages(timeline, title, spoilers)
    note = spoilers.hidden_note(hidden)
    if not note:
        return pages

    def build(index: int) -> discord.Embed:
        return pages.build(index).set_footer(text=note)

    return Pages(pages.count, build)


def _render_pages(timeline: Timeline, title: str, spoilers: SpoilerContext) -> Pages:
    """Splits the entries into pages now (that needs every entry's text); the embeds are
    built when shown."""
    if timeline.empty:
        if timeline.query.universe is not None:  # as a page of events would say
            title = f"{title} · {show_label(timeline.query.show)}"
        embed = discord.Embed(
            title=clip(title, 256), description=empty_text(timeline), colour=NEUTRAL_COLOUR
        )
        return Pages(1, lambda _: embed)
    columns = {FAM: timeline.fam, EXPANSE: timeline.expanse}
    universe = timeline.query.universe
    if universe is None and not (timeline.fam and timeline.expanse):
        # One era has nothing here (The Expanse dates no events): the other gets the page,
        # and a field says why the first is empty.
        universe = FAM if timeline.fam else EXPANSE
        other = EXPANSE if universe == FAM else FAM
        empty_note = timeline.notes.get(other, "No matching events.")
        return _one_column(columns[universe], universe, title, spoilers, (other, empty_note))
    if universe is not None:
        label = show_label(timeline.query.show)
        return _one_column(columns[universe], universe, f"{title} · {label}", spoilers, None)
    # Each column of a page is exactly one inline field under its show's heading. Spread
    # over several rows of fields, a column's second field had sat in the other column's
    # place once Discord stacked them (on mobile, inline fields stack row by row: a For All
    # Mankind event came under "The Expanse" heading), and a padded row left gaps on the
    # desktop. One field a column reads right on both: two columns on the desktop, each
    # show's heading followed by its own events on mobile.
    fam_pages = pack(timeline.fam, FIELD_BUDGET, FACT_WIDTH, spoilers, PAGE_EVENTS // 2)
    expanse_pages = pack(timeline.expanse, FIELD_BUDGET, FACT_WIDTH, spoilers, PAGE_EVENTS // 2)

    def side_by_side(index: int) -> discord.Embed:
        embed = discord.Embed(title=clip(title, 256), colour=NEUTRAL_COLOUR)
        for key, chunks in ((FAM, fam_pages), (EXPANSE, expanse_pages)):
            entries = chunks[index] if index < len(chunks) else ["(no more events)"]
            value = clip("\n\n".join(entries), EMBED_FIELD_VALUE_LIMIT)
            embed.add_field(name=COLUMN_TITLES[key], value=value, inline=True)
        return embed

    return Pages(max(len(fam_pages), len(expanse_pages)), side_by_side)


def _one_column(
    entries: tuple[TimelineEntry, ...],
    universe: str,
    title: str,
    spoilers: SpoilerContext,
    empty: tuple[str, str] | None,
) -> Pages:
    chunks = pack(entries, DESCRIPTION_BUDGET, FACT_WIDTH, spoilers)
    colour = FAM_COLOUR if universe == FAM else EXPANSE_COLOUR

    def single(index: int) -> discord.Embed:
        embed = discord.Embed(
            title=clip(title, 256), description="\n\n".join(chunks[index]), colour=colour
        )
        if empty is not None:
            embed.add_field(name=COLUMN_TITLES[empty[0]], value=clip(empty[1], 1024))
        return embed

    return Pages(len(chunks), single)


def empty_text(timeline: Timeline) -> str:
    """Why nothing matched, and where to look instead."""
    query = timeline.query
    low, high = query.years()
    filters = query.filters()
    if query.search:
        lines = [
            f"No events match “{safe(query.search)}”" + (f" {filters}" if filters else "") + "."
        ]
    else:
        lines = [f"No events match: none is dated {query.describe()}."]
    lines.extend(timeline.notes.values())
    if timeline.unfiltered:
        years = timeline.unfiltered_years
        span = (
            f", dated {years[0]}" + (f" to {years[-1]}" if years[-1] != years[0] else "")
            if years
            else ""
        )
        lines.append(
            f"Without {'that filter' if ',' not in filters else 'those filters'}, "
            f"{plural(timeline.unfiltered, 'event')} match{'es' if timeline.unfiltered == 1 else ''}"
            f"{span}: leave {'it' if ',' not in filters else 'them'} out to see them."
        )
    if timeline.suggestions_years and not query.search:  # other years don't help a search
        lines.append("Years with events nearby: " + ", ".join(map(str, timeline.suggestions_years)))
    elif (low is not None or high is not None) and timeline.known_years and not query.search:
        first, last = timeline.known_years
        whose = show_title(query.show) if is_spin_off(query.show) else show_title(FAM)
        if first == last:
            lines.append(f"{whose}'s dated events are all in {first}.")
        else:
            lines.append(f"{whose}'s dated events run from {first} to {last}.")
    if timeline.suggestions_terms and not timeline.unfiltered:
        lines.append("Did you mean: " + ", ".join(safe(t) for t in timeline.suggestions_terms))
    return "\n".join(lines)


class TimelineCog(commands.Cog, name="Timeline"):
    """/timeline; its pager (cogs/_ui.py) rebuilds pages from the query kept in the store,
    so Next, Previous and Picture work after a restart too."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        self.render_slots = asyncio.Semaphore(RENDERS_AT_ONCE)
        self._rendered: dict[tuple[Any, ...], Pages] = {}
        self.view_timeout = VIEW_TIMEOUT

    async def cog_load(self) -> None:
        PAGERS["timeline"] = PagerKind(
            self._page,
            "/timeline",
            {"picture": Extra("Picture", discord.ButtonStyle.success, self._picture)},
        )

    async def cog_unload(self) -> None:
        PAGERS.pop("timeline", None)

    async def _stored(
        self, interaction: discord.Interaction[Any], state: dict[str, Any]
    ) -> tuple[Timeline, SpoilerContext, Pages]:
        query = TimelineQuery(**state["query"])
        result, spoilers = await self._build(interaction, query, bool(state["private"]))
        return (
            result,
            spoilers,
            await self._pages(interaction.guild_id or 0, query, result, spoilers),
        )

    async def _page(
        self, interaction: discord.Interaction[Any], state: dict[str, Any], index: int
    ) -> Page:
        _, _, pages = await self._stored(interaction, state)
        index = min(index, pages.count - 1)
        return Page(page_footer(pages.build(index), index, pages.count), index, pages.count)

    async def _picture(
        self, interaction: discord.Interaction[Any], saved: ViewState, index: int
    ) -> None:
        """The Picture button: attaches the PNG to the reply, then goes away."""
        await acknowledge_update(interaction)  # rendering and saving can take a moment
        result, spoilers, pages = await self._stored(interaction, saved.state)
        file = await self.picture_file(result, spoilers)
        if file is None:
            await interaction.followup.send(
                "That picture came out too large to attach; try a narrower year or search.",
                ephemeral=True,
            )
            return
        state = {**saved.state, "extras": []}
        assert interaction.message is not None
        await self.bot.store.views.save(
            saved.guild_id,
            interaction.message.id,
            kind="timeline",
            owner_id=saved.owner_id,
            state=state,
            at=saved.created_at,
        )
        page = Page(discord.Embed(), min(index, pages.count - 1), pages.count)
        buttons = pager_buttons("timeline", page, state)
        await interaction.edit_original_response(
            attachments=[file], view=owned_view(buttons) if buttons else None
        )

    async def _pages(
        self, guild_id: int, query: TimelineQuery, result: Timeline, spoilers: SpoilerContext
    ) -> Pages:
        """The rendered pages, shared by every reply that would render the same ones (same
        facts, query and spoiler rules) until the facts change: packing hundreds of events
        into pages is the CPU-heavy part of /timeline under load."""
        stamp = self.bot.store.db.content_stamp
        key = (stamp, await self.bot.store.catalog.scope(guild_id), query, repr(spoilers))
        pages = self._rendered.get(key)
        if pages is None:
            pages = render_timeline(result, spoilers)
            if self.bot.store.db.content_stamp == stamp and not self.bot.store.db.content_open:
                if len(self._rendered) >= RENDERED_KEPT:
                    self._rendered.clear()
                self._rendered[key] = pages
        return pages

    async def _build(
        self, interaction: discord.Interaction[Any], query: TimelineQuery, private: bool
    ) -> tuple[Timeline, SpoilerContext]:
        store = self.bot.store
        result = await build_timeline(store, interaction.guild_id or 0, query)
        spoilers = await spoiler_context(
            store,
            interaction.guild_id,
            interaction.user.id,
            interaction.channel_id,
            self.bot.clock().date(),
            private=private,
        )
        return result, spoilers

    async def picture_file(
        self, timeline: Timeline, spoilers: SpoilerContext
    ) -> discord.File | None:
        """The timeline's PNG as an attachment, rendered in a worker thread; None if too big.

        Like the pages, it leaves out what lies past a private reader's progress; a picture
        cannot tag single events, so one showing any event in the spoiler window is sent
        as a spoiler attachment (blurred until clicked)."""
        timeline, _ = without_hidden(timeline, spoilers)
        spoiler = any(spoilers.should_wrap(e.fact) for e in timeline.fam + timeline.expanse)
        async with self.render_slots:
            try:
                data = await timeline_picture_async(timeline)
            except PictureTooLarge:
                log.warning("timeline picture too large for %r", timeline.query)
                return None
        return discord.File(
            io.BytesIO(data), filename=PICTURE_NAME, description=PICTURE_ALT, spoiler=spoiler
        )

    @app_commands.command(description="In-universe events of both shows, side by side.")
    @app_commands.rename(year_from="from", year_to="to")
    @app_commands.describe(
        year="Events of one in-universe year",
        year_from="First year of a range",
        year_to="Last year of a range",
        show="Which show (default: both eras side by side; For All Mankind includes Star City)",
        search="A name, place, ship or word",
        picture="Attach the timeline as a picture too",
        private="Only you see the reply, leaving out what's past your /spoilers watched progress",
    )
    @app_commands.choices(show=show_choices(("Both, side by side", "both")))
    async def timeline(
        self,
        interaction: discord.Interaction[Parallax],
        year: int | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        show: str = "both",
        search: app_commands.Range[str, 1, 100] | None = None,
        private: bool = False,
        picture: bool = False,
    ) -> None:
        query = TimelineQuery(year, year_from, year_to, show, search)
        query.years()  # validate before acknowledging, so errors stay ephemeral
        await interaction.response.defer(thinking=True, ephemeral=private)
        result, spoilers = await self._build(interaction, query, private)
        pages = await self._pages(interaction.guild_id or 0, query, result, spoilers)
        file = discord.utils.MISSING
        if picture and not result.empty:
            file = await self.picture_file(result, spoilers) or discord.utils.MISSING
        state = {"query": dataclasses.asdict(query), "private": private}
        if not result.empty and file is discord.utils.MISSING:
            state["extras"] = ["picture"]
        first = Page(page_footer(pages.build(0), 0, pages.count), 0, pages.count)
        await send_pager(
            interaction,
            "timeline",
            state,
            first,
            timeout=self.view_timeout,
            ephemeral=private,
            file=file,
        )

    @timeline.autocomplete("search")
    async def search_autocomplete(
        self, interaction: discord.Interaction[Parallax], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            terms = await autocomplete_terms(self.bot.store, interaction.guild_id or 0, current)
        except Exception:  # autocomplete must never fail loudly; the user sees no choices
            return []
        return [app_commands.Choice(name=clip(t, 100), value=clip(t, 100)) for t in terms[:25]]


async def setup(bot: Parallax) -> None:
    await bot.add_cog(TimelineCog(bot))
