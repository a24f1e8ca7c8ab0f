"""/countdown, /timezone and the moderators' /schedule: Discord in and out only.

The logic (targets, zones, validation) is in bot/countdown.py; the SQL in bot/store/schedule.py.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.countdown import Countdown, build_countdown
from bot.errors import UserFacingError
from bot.releases import Target, release_today
from bot.server_events import EVENT_TITLE_MAX, add_server_event
from bot.shows import universe_of
from bot.timezones import (
    ZONE_QUESTION,
    plain_day,
    plain_time,
    resolve_zone,
    suggest_zones,
    timestamp,
)
from cogs._checks import moderator_only
from cogs._ui import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    UNIVERSE_COLOURS,
    acknowledge,
    add_field_within_limits,
    answer,
    clip,
    md_link,
    safe,
    show_choices,
    show_label,
)

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

SHOW_CHOICES = show_choices(("All shows", "all"))
EVENT_SHOW_CHOICES = show_choices()


async def zone_autocomplete(
    interaction: discord.Interaction[Parallax], current: str
) -> list[app_commands.Choice[str]]:
    """IANA names matching what was typed; never raises, at most 25 choices."""
    try:
        return [app_commands.Choice(name=z, value=z) for z in suggest_zones(current or "", 25)]
    except Exception:
        log.exception("Time zone autocomplete failed for %r", current)
        return []


async def member_zone(interaction: discord.Interaction[Parallax], override: str | None) -> str:
    """The zone for plain-text times: the option (validated), else the saved one, else ''."""
    if override:
        return resolve_zone(override)
    saved = await interaction.client.store.member_settings.timezone(interaction.user.id)
    if not saved:
        return ""
    try:
        return resolve_zone(saved)
    except UserFacingError:  # a zone the installed tz database no longer knows
        return ""


def describe_target(target: Target, zone: str, *, today: bool = False) -> str:
    """One line with Discord timestamp markup (and plain text in `zone` where it helps)."""
    title = safe(target.title)
    if target.release_date is not None:
        where = f" on {target.location}" if target.location else ""
        day = timestamp(target.at, "D")
        if today:
            return f"**{title}**: today is release day ({day}){where}."
        return (
            f"**{title}**: release day {day} ({timestamp(target.at, 'R')}){where}"
            f" · {plain_day(target.release_date)}, US date"
        )
    line = f"**{title}** (server event): {timestamp(target.at, 'F')} ({timestamp(target.at, 'R')})"
    if zone:
        line += f" · {plain_time(target.at, zone)}"
    return line


def render_countdown(countdown: Countdown, zone: str) -> discord.Embed:
    now = countdown.now
    scope = countdown.scope
    title = "Countdown" + (f": {show_label(scope)}" if scope else "")
    lines = []
    if countdown.next is not None:
        nxt = countdown.next
        today = nxt.release_date is not None and nxt.release_date == release_today(now)
        lines.append("**Next up**")
        lines.append(describe_target(nxt, zone, today=today))
    else:
        lines.append(
            f"Nothing dated is coming up for {show_label(scope) if scope else 'these shows'} "
            "yet. Here is what is known:"
        )
    colour = UNIVERSE_COLOURS.get(universe_of(scope or ""), NEUTRAL_COLOUR)
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=colour,
    )
    for outlook in countdown.outlooks:
        value = []
        release = outlook.next_release
        if release is not None and (countdown.next is None or release.key != countdown.next.key):
            value.append(
                f"Next: {safe(release.label)}, release day {timestamp(release.at, 'D')} "
                f"({timestamp(release.at, 'R')})"
            )
        if outlook.airing:
            value.append(f"Now airing: {safe(outlook.airing)}")
        for season in outlook.announced:
            value.append(
                f"Season {season.number}: announced, no premiere date yet. {safe(season.note)}"
                f"\nSource: {md_link(safe(season.source_title), season.source_url)}"
            )
        if outlook.latest_season and not outlook.airing:
            value.append(f"Latest: {safe(outlook.latest_season)}")
        if outlook.last_aired:
            value.append(f"Last aired: {safe(outlook.last_aired)}")
        if outlook.ended and release is None:
            value.append("The series has ended.")
        add_field_within_limits(embed, outlook.title, "\n".join(value), inline=False)
    others = [e for e in countdown.events if countdown.next is None or e.key != countdown.next.key]
    if others:
        add_field_within_limits(
            embed,
            "Server events",
            "\n".join(describe_target(e, zone) for e in others),
            inline=False,
        )
    footer = (
        "Official dates are US release days from Parallax's data; server events have exact times."
    )
    if zone:
        footer += f" Plain-text times: {zone}."
    embed.set_footer(text=clip(footer, EMBED_FOOTER_LIMIT))
    return embed


class Countdowns(commands.Cog):
    timezone = app_commands.Group(
        name="timezone", description="Your time zone, for times written out as plain text."
    )
    schedule = app_commands.Group(
        name="schedule",
        description="Server events such as watch parties (moderators).",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    # -- /countdown -------------------------------------------------------------------

    @app_commands.command(
        description="The next premiere, episode or server event, in your own time zone."
    )
    @app_commands.describe(
        show="Which show (default: all of them)",
        timezone="Also write times out in this zone, just this once (e.g. Europe/Berlin)",
    )
    @app_commands.choices(show=SHOW_CHOICES)
    @app_commands.autocomplete(timezone=zone_autocomplete)
    async def countdown(
        self,
        interaction: discord.Interaction[Parallax],
        show: app_commands.Choice[str] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        zone = await member_zone(interaction, timezone)  # a bad zone is refused privately
        await acknowledge(interaction, ephemeral=False)
        scope = None if show is None or show.value == "all" else show.value
        countdown = await build_countdown(
            self.bot.store, interaction.guild_id, scope, self.bot.clock()
        )
        await answer(interaction, embed=render_countdown(countdown, zone))

    # -- /timezone --------------------------------------------------------------------

    @timezone.command(name="set", description="Save your time zone (an IANA name).")
    @app_commands.describe(zone="Start typing a city or region, e.g. Berlin or America/Chicago")
    @app_commands.autocomplete(zone=zone_autocomplete)
    async def timezone_set(
        self, interaction: discord.Interaction[Parallax], zone: app_commands.Range[str, 1, 64]
    ) -> None:
        name = resolve_zone(zone)
        await acknowledge(interaction, ephemeral=True)
        await self.bot.store.member_settings.set_timezone(interaction.user.id, name)
        await answer(
            interaction,
            f"Saved your time zone: **{name}**. It is now {plain_time(self.bot.clock(), name)} "
            "there. Timestamps in messages already show in your own time; this zone is used "
            "where I write times out as text.",
            ephemeral=True,
        )

    @timezone.command(name="show", description="Show the time zone you saved.")
    async def timezone_show(self, interaction: discord.Interaction[Parallax]) -> None:
        saved = await self.bot.store.member_settings.timezone(interaction.user.id)
        if not saved:
            message = "You haven't saved a time zone. Save one with `/timezone set`."
        else:
            message = f"Your time zone is **{saved}**"
            try:
                message += f" (it is now {plain_time(self.bot.clock(), saved)} there)."
            except UserFacingError:
                message += ", which this installation no longer knows: set it again."
        await answer(interaction, message, ephemeral=True)

    @timezone.command(name="clear", description="Forget the time zone you saved.")
    async def timezone_clear(self, interaction: discord.Interaction[Parallax]) -> None:
        await acknowledge(interaction, ephemeral=True)
        store = self.bot.store.member_settings
        had = await store.timezone(interaction.user.id)
        await store.set_timezone(interaction.user.id, None)
        await answer(
            interaction,
            "Forgot your time zone." if had else "You had no time zone saved.",
            ephemeral=True,
        )

    # -- /schedule (moderators) -------------------------------------------------------

    @schedule.command(name="add", description="Add a server event such as a watch party.")
    @app_commands.describe(
        title="What it is, e.g. FAM season 1 rewatch night",
        start="Start as YYYY-MM-DD HH:MM (24-hour), e.g. 2026-12-05 20:00",
        timezone="Zone of that time (default: your saved zone)",
        show="The show it is about (optional)",
    )
    @app_commands.choices(show=EVENT_SHOW_CHOICES)
    @app_commands.autocomplete(timezone=zone_autocomplete)
    @moderator_only()
    async def schedule_add(
        self,
        interaction: discord.Interaction[Parallax],
        title: app_commands.Range[str, 1, EVENT_TITLE_MAX],  # Discord stops a longer one
        start: app_commands.Range[str, 1, 40],
        timezone: app_commands.Range[str, 1, 64] | None = None,
        show: app_commands.Choice[str] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        zone = await member_zone(interaction, timezone)
        if not zone:
            raise UserFacingError(ZONE_QUESTION)
        event = await add_server_event(
            self.bot.store,
            interaction.guild_id,
            title=title,
            start=start,
            zone=zone,
            show=show.value if show else None,
            created_by=interaction.user.id,
            now=self.bot.clock(),
        )
        await answer(
            interaction,
            f"Added event #{event.id}: **{safe(event.title)}**, {timestamp(event.starts_at, 'F')} "
            f"({timestamp(event.starts_at, 'R')}) · {plain_time(event.starts_at, zone)}.",
            ephemeral=True,
        )

    @schedule.command(name="remove", description="Remove a server event.")
    @app_commands.describe(event="The event to remove")
    @moderator_only()
    async def schedule_remove(
        self,
        interaction: discord.Interaction[Parallax],
        event: app_commands.Range[int, 1],
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        removed = await self.bot.store.schedule.remove_event(interaction.guild_id, event)
        if removed is None:
            raise UserFacingError(
                f"There is no event #{event} on this server. `/schedule list` shows them."
            )
        await answer(
            interaction,
            f"Removed event #{removed.id}: **{safe(removed.title)}** "
            f"({timestamp(removed.starts_at, 'F')}). Its pending announcements are cancelled.",
            ephemeral=True,
        )

    @schedule_remove.autocomplete("event")
    async def event_autocomplete(
        self, interaction: discord.Interaction[Parallax], current: str
    ) -> list[app_commands.Choice[int]]:
        try:
            if interaction.guild_id is None:
                return []
            events = await self.bot.store.schedule.upcoming_events(
                interaction.guild_id, self.bot.clock()
            )
            needle = current.strip().lower().lstrip("#")
            choices = []
            for event in events:
                label = f"#{event.id} {event.title} ({event.starts_at:%Y-%m-%d %H:%M} UTC)"
                if needle and needle not in label.lower():
                    continue
                choices.append(app_commands.Choice(name=clip(label, 100), value=event.id))
            return choices[:25]
        except Exception:
            log.exception("Event autocomplete failed")
            return []

    @schedule.command(name="list", description="List this server's upcoming events.")
    @moderator_only()
    async def schedule_list(self, interaction: discord.Interaction[Parallax]) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        now = self.bot.clock()
        events = await self.bot.store.schedule.upcoming_events(interaction.guild_id, now)
        zone = await member_zone(interaction, None)
        if not events:
            await answer(
                interaction,
                "No upcoming server events. Add one with `/schedule add`.",
                ephemeral=True,
            )
            return
        lines = []
        for event in events:
            line = (
                f"#{event.id} **{safe(event.title)}**: {timestamp(event.starts_at, 'F')} "
                f"({timestamp(event.starts_at, 'R')}) · {plain_time(event.starts_at, zone or event.zone)}"
            )
            if event.show:
                line += f" · {show_label(event.show)}"
            lines.append(line)
        embed = discord.Embed(
            title=f"Upcoming server events ({len(events)})",
            description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
            colour=NEUTRAL_COLOUR,
        )
        await answer(interaction, embed=embed, ephemeral=True)


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Countdowns(bot))
