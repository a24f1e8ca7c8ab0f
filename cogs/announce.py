"""/announce: announcement channel, lead times, the opt-in role, and premiere events.

A background task runs `run_due_announcements` once a minute; tests call it directly (the
bot's clock is injectable, so nothing sleeps for real). The send path itself, with its
outbox and crash reconciliation, is plain logic in bot/countdown.py; this module is the
Discord side of it (`DiscordCourier`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.announcements.leads import DEFAULT_LEADS, lead_label, parse_leads
from bot.announcements.messages import Announcement, announcement_text
from bot.announcements.outbox import CourierError, FaultHook, TickReport, run_announcements
from bot.announcements.premieres import (
    PremiereEventSpec,
    premiere_key,
    sync_premiere_events,
    upcoming_premieres,
)
from bot.errors import UserFacingError
from bot.releases import load_releases
from bot.text import plural
from bot.timezones import timestamp
from cogs._checks import moderator_only
from cogs._marked import ChannelUnreadable, find_marked
from cogs._permissions import bot_lacks, event_change_problem, listed, role_change_problem
from cogs._roles import check_opt_in_role, opt_in_role_problem
from cogs._ui import EMBED_DESCRIPTION_LIMIT, NEUTRAL_COLOUR, acknowledge, answer, clip, safe

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
TRANSIENT = (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError)


class DiscordCourier:
    """Posts announcements, finds them again by marker, and manages premiere events."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    def _channel(self, guild_id: int, channel_id: int) -> discord.TextChannel | discord.Thread:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            raise CourierError("I am no longer in that server", permanent=True)
        channel = guild.get_channel_or_thread(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise CourierError("the announcement channel no longer exists", permanent=True)
        return channel

    def _guild(self, guild_id: int) -> discord.Guild:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            raise CourierError("I am no longer in that server", permanent=True)
        return guild

    async def cursor(self, guild_id: int, channel_id: int) -> int | None:
        return self._channel(guild_id, channel_id).last_message_id

    async def post(self, guild_id: int, channel_id: int, announcement: Announcement) -> int:
        channel = self._channel(guild_id, channel_id)
        missing = bot_lacks(channel, "view_channel", "send_messages")
        if missing:  # Discord would refuse the post (403): not attempted
            raise CourierError(f"I need {listed(missing)} in #{channel}", permanent=True)
        if announcement.role_id:
            # The opt-in role is the only mention ever sent, on this message only.
            mentions = discord.AllowedMentions(
                everyone=False,
                users=False,
                replied_user=False,
                roles=[discord.Object(announcement.role_id)],
            )
        else:
            mentions = discord.AllowedMentions.none()
        try:
            message = await channel.send(
                announcement_text(announcement, escape=safe),
                nonce=announcement.marker,  # discord.py adds enforce_nonce: retries dedupe
                allowed_mentions=mentions,
            )
        except (discord.Forbidden, discord.NotFound) as error:
            raise CourierError(
                f"cannot post in #{channel}: {error.text}", permanent=True
            ) from error
        except TRANSIENT as error:
            raise CourierError(str(error) or type(error).__name__, permanent=False) from error
        return message.id

    async def find(
        self, guild_id: int, channel_id: int, marker: str, after: int | None
    ) -> int | None:
        channel = self._channel(guild_id, channel_id)
        me = self.bot.user.id if self.bot.user else None
        try:
            return await find_marked(channel, me, marker, after)
        except ChannelUnreadable as error:
            raise CourierError(str(error), permanent=True, unreadable=True) from error
        except (discord.Forbidden, discord.NotFound) as error:
            raise CourierError(f"cannot read #{channel}: {error.text}", permanent=True) from error
        except TRANSIENT as error:
            raise CourierError(str(error) or type(error).__name__, permanent=False) from error

    # -- premiere events --------------------------------------------------------------

    async def find_event(self, guild_id: int, spec: PremiereEventSpec) -> int | None:
        """An existing event for this premiere: ours (by marker) or one with the same name
        and start that someone already made."""
        events = await self._guild(guild_id).fetch_scheduled_events(with_counts=False)
        for event in events:
            if f"ref: {spec.marker}" in (event.description or ""):
                return event.id
        for event in events:
            if event.name == spec.name and event.start_time == spec.start:
                return event.id
        return None

    async def create_event(self, guild_id: int, spec: PremiereEventSpec) -> int:
        guild = self._guild(guild_id)
        if not guild.me.guild_permissions.create_events:
            raise CourierError("I need the Create Events permission", permanent=True)
        event = await guild.create_scheduled_event(
            name=spec.name,
            start_time=spec.start,
            end_time=spec.end,
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
            location=spec.location,
            description=spec.description,
            reason="Parallax: official premiere",
        )
        return event.id

    async def move_event(self, guild_id: int, event_id: int, spec: PremiereEventSpec) -> bool:
        guild = self._guild(guild_id)
        try:
            event = await guild.fetch_scheduled_event(event_id)
            problem = event_change_problem(event)
            if problem is not None:  # Discord would refuse the edit: the event stays as it is
                log.warning(
                    "Premiere event %s in guild %s not moved: %s", event_id, guild_id, problem
                )
                return False
            await event.edit(
                start_time=spec.start,
                end_time=spec.end,
                description=spec.description,
                reason="Parallax: premiere date changed",
            )
        except discord.NotFound:
            return False  # deleted by a moderator: their choice, not recreated
        return True


def channel_warning(channel: discord.TextChannel | discord.Thread) -> str | None:
    """What Parallax cannot do in the announcement channel, said plainly, or None."""
    missing = bot_lacks(channel, "view_channel", "send_messages", "read_message_history")
    if not missing:
        return None
    if "Read Message History" in missing and len(missing) == 1:
        effect = (
            "announcements are posted, but after a crash I can't check which ones went out, "
            "so one may be missed (never posted twice)"
        )
    else:
        effect = "announcements can't be posted there"
    return f"⚠️ In {channel.mention} I lack {listed(missing)}: {effect}."


class Announce(commands.Cog):
    announce = app_commands.Group(
        name="announce",
        description="Announcements of premieres, episodes and server events.",
        guild_only=True,
    )

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        self.courier = DiscordCourier(bot)
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.first_pass = asyncio.Event()  # set once the pass after start-up has run

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="parallax-announcements")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            try:
                await self.run_due_announcements()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("The announcement pass failed; trying again next minute")
            self.first_pass.set()
            await asyncio.sleep(TICK_SECONDS)

    async def run_due_announcements(self, *, fault: FaultHook | None = None) -> TickReport:
        """One pass: reconcile, plan, post what is due, then sync premiere events.

        `fault` (tests only) raises at a named step of the send path to simulate a crash.
        """
        async with self._lock:
            now = self.bot.clock()
            report = await run_announcements(self.bot.store, now, self.courier, fault=fault)
            for guild_id in await self.bot.store.schedule.premiere_event_guilds():
                await self._sync_events(guild_id, report, fault)
            if report.sent or report.recovered or report.skipped or report.failed:
                log.info("Announcement pass: %s", report)
            return report

    async def _sync_events(
        self, guild_id: int, report: TickReport, fault: FaultHook | None
    ) -> None:
        try:
            await sync_premiere_events(
                self.bot.store, guild_id, self.bot.clock(), self.courier, report, fault
            )
        except (CourierError, *TRANSIENT) as error:
            log.warning("Premiere events for guild %s: %s", guild_id, error)

    # -- moderators -------------------------------------------------------------------

    @announce.command(name="channel", description="Where to announce, how early, and whom to ping.")
    @app_commands.describe(
        channel="The channel for announcements",
        leads="Lead times before air, e.g. 24h,1h,0 (0 = at air time); kept if left out",
        role="Opt-in role to ping (members join it with /announce subscribe); kept if left out",
    )
    @moderator_only()
    async def announce_channel(
        self,
        interaction: discord.Interaction[Parallax],
        channel: discord.TextChannel,
        leads: app_commands.Range[str, 1, 60] | None = None,
        role: discord.Role | None = None,
    ) -> None:
        guild = interaction.guild
        assert guild is not None and interaction.guild_id is not None
        me = guild.me
        missing = bot_lacks(channel, "view_channel", "send_messages", "read_message_history")
        if missing:
            raise UserFacingError(
                f"I can't use {channel.mention}: I need {listed(missing)} there "
                "(I read recent messages to make sure nothing is posted twice)."
            )
        chosen = parse_leads(leads) if leads else None  # bad input is refused before the ack
        await acknowledge(interaction, ephemeral=True)
        current = await self.bot.store.schedule.settings(interaction.guild_id)
        chosen_leads = (
            chosen
            if chosen is not None
            else (current.leads if current and current.announcing else DEFAULT_LEADS)
        )
        warning = ""
        role_id = current.role_id if current and current.announcing else None
        if role is not None:
            await check_opt_in_role(self.bot.store, role)
            role_id = role.id
            if not role.mentionable and not channel.permissions_for(me).mention_everyone:
                warning = (
                    f"\nHeads-up: {role.mention} is not mentionable, so announcements will name "
                    "it without pinging. Make it mentionable in the role settings to ping."
                )
        settings = await self.bot.store.schedule.set_announcements(
            interaction.guild_id,
            channel_id=channel.id,
            leads=chosen_leads,
            role_id=role_id,
            now=self.bot.clock(),
        )
        await answer(
            interaction,
            f"Announcements go to {channel.mention}, "
            + ", ".join(lead_label(lead) for lead in settings.leads)
            + (f", pinging <@&{settings.role_id}>" if settings.role_id else ", without pings")
            + ". Official release days get the whole-day reminders and one on the day; "
            "server events get every lead time." + warning,
            ephemeral=True,
        )

    @announce.command(name="off", description="Stop announcing (premiere events are separate).")
    @moderator_only()
    async def announce_off(self, interaction: discord.Interaction[Parallax]) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        changed = await self.bot.store.schedule.turn_off(interaction.guild_id)
        await answer(
            interaction,
            "Announcements are off. Nothing pending will be posted."
            if changed
            else "Announcements were already off.",
            ephemeral=True,
        )

    @announce.command(name="status", description="Announcement settings and what is queued.")
    @moderator_only()
    async def announce_status(self, interaction: discord.Interaction[Parallax]) -> None:
        assert interaction.guild is not None and interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        store = self.bot.store.schedule
        settings = await store.settings(interaction.guild_id)
        lines = []
        if settings is None or not settings.announcing:
            lines.append("Announcements: **off**. Turn them on with `/announce channel`.")
        else:
            lines.append(
                f"Announcements: **on** in <#{settings.channel_id}>, "
                + ", ".join(lead_label(lead) for lead in settings.leads)
                + (
                    f", pinging <@&{settings.role_id}> (opt-in: `/announce subscribe`)"
                    if settings.role_id
                    else ", no ping role"
                )
                + "."
            )
            channel = interaction.guild.get_channel_or_thread(settings.channel_id or 0)
            if isinstance(channel, discord.TextChannel | discord.Thread):
                warning = channel_warning(channel)
                if warning:
                    lines.append(warning)
        lines.append(
            "Premiere events: **"
            + ("on" if settings and settings.premiere_events else "off")
            + "**."
        )
        outbox = await store.outbox(interaction.guild_id)
        pending = [e for e in outbox if e.state == "pending"][:5]
        done = [e for e in outbox if e.state != "pending"][-5:]
        if pending:
            lines.append("\n**Queued**")
            lines += [
                f"{safe(e.target_key)} ({lead_label(e.lead_minutes)}): {timestamp(e.due_at, 'R')}"
                for e in pending
            ]
        if done:
            lines.append("\n**Recent**")
            lines += [
                f"{safe(e.target_key)} ({lead_label(e.lead_minutes)}): {e.state}"
                + (f" ({safe(e.note)})" if e.note else "")
                for e in done
            ]
        embed = discord.Embed(
            title="Announcements",
            description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
            colour=NEUTRAL_COLOUR,
        )
        await answer(interaction, embed=embed, ephemeral=True)

    @announce.command(
        name="events", description="Create a Discord event for each upcoming official premiere."
    )
    @app_commands.describe(state="on: create them (once each); off: stop creating new ones")
    @app_commands.choices(
        state=[
            app_commands.Choice(name="on", value="on"),
            app_commands.Choice(name="off", value="off"),
        ]
    )
    @moderator_only()
    async def announce_events(
        self, interaction: discord.Interaction[Parallax], state: app_commands.Choice[str]
    ) -> None:
        guild = interaction.guild
        assert guild is not None and interaction.guild_id is not None
        store = self.bot.store.schedule
        await acknowledge(interaction, ephemeral=True)
        if state.value == "off":
            await store.set_premiere_events(interaction.guild_id, False)
            await answer(
                interaction,
                "I'll stop creating premiere events. The ones already made are left alone.",
                ephemeral=True,
            )
            return
        if not guild.me.guild_permissions.create_events:
            raise UserFacingError("I need the Create Events permission to create server events.")
        await store.set_premiere_events(interaction.guild_id, True)
        report = TickReport()
        async with self._lock:
            await self._sync_events(interaction.guild_id, report, None)
        premieres = upcoming_premieres(await load_releases(self.bot.store), self.bot.clock())
        if not premieres:
            message = (
                "Premiere events are on. No official premiere has a date yet; I'll create "
                "the event as soon as one is added to my data."
            )
        else:
            links = {
                link.target_key
                for link in await store.premiere_links(interaction.guild_id)
                if link.state == "created"
            }
            linked = sum(premiere_key(p) in links for p in premieres)
            message = (
                f"Premiere events are on: {plural(len(premieres), 'upcoming premiere')}, {linked} with "
                f"a Discord event ({report.events_created} created just now, "
                f"{report.events_found} found already in the server's events)."
            )
        await interaction.followup.send(message, ephemeral=True)

    # -- members ----------------------------------------------------------------------

    async def _opt_in_role(self, interaction: discord.Interaction[Parallax]) -> discord.Role:
        guild = interaction.guild
        assert guild is not None and interaction.guild_id is not None
        settings = await self.bot.store.schedule.settings(interaction.guild_id)
        role = guild.get_role(settings.role_id) if settings and settings.role_id else None
        if role is None:
            raise UserFacingError(
                "This server has no announcement role to join. A moderator can set one with "
                "`/announce channel`."
            )
        return role

    @announce.command(name="subscribe", description="Get pinged for announcements here.")
    async def announce_subscribe(self, interaction: discord.Interaction[Parallax]) -> None:
        await acknowledge(interaction, ephemeral=True)
        role = await self._opt_in_role(interaction)
        member = interaction.user
        assert isinstance(member, discord.Member)
        if member.get_role(role.id) is not None:
            await answer(interaction, f"You already have {role.mention}.", ephemeral=True)
            return
        # Checked again: a server admin may have given the role power since it was chosen.
        problem = await opt_in_role_problem(self.bot.store, role)
        if problem is not None:
            log.warning(
                "Guild %s: not handing out opt-in role %s: %s", role.guild.id, role.id, problem
            )
            raise UserFacingError(
                f"I can't give you {role.mention} right now: {problem}. Please ask a moderator "
                "to fix the role or pick another one with /announce channel."
            )
        await self._change_role(member, role, add=True)
        await answer(
            interaction,
            f"You now have {role.mention} and will be pinged for announcements. "
            "`/announce unsubscribe` to stop.",
            ephemeral=True,
        )

    @announce.command(name="unsubscribe", description="Stop being pinged for announcements.")
    async def announce_unsubscribe(self, interaction: discord.Interaction[Parallax]) -> None:
        await acknowledge(interaction, ephemeral=True)
        role = await self._opt_in_role(interaction)
        member = interaction.user
        assert isinstance(member, discord.Member)
        if member.get_role(role.id) is None:
            await answer(interaction, f"You don't have {role.mention}.", ephemeral=True)
            return
        problem = role_change_problem(role)
        if problem is not None:
            raise UserFacingError(
                f"I can't take {role.mention} away right now: {problem}. Please ask a "
                "moderator to fix it."
            )
        await self._change_role(member, role, add=False)
        await answer(interaction, f"Removed {role.mention}: no more pings.", ephemeral=True)

    async def _change_role(self, member: discord.Member, role: discord.Role, *, add: bool) -> None:
        """Called after the acknowledgement: role changes share one rate limit per server,
        and a burst of them can wait longer than the 3 seconds an interaction has."""
        try:
            if add:
                await member.add_roles(role, reason="/announce subscribe")
            else:
                await member.remove_roles(role, reason="/announce unsubscribe")
        except discord.Forbidden:
            raise UserFacingError(
                f"I'm not allowed to manage {role.mention}. A moderator needs to give me Manage "
                "Roles and put my role above it."
            ) from None


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Announce(bot))
