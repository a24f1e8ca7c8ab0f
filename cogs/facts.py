"""/fact: moderators change the facts their server sees; every change is logged and undoable.

Discord in and out only: validation, versions and diffs are in bot/facts_admin.py, the
SQL in bot/store/edits.py. Every write command is checked in code (`moderator_only`),
since Discord's command permissions are only a default that server admins can change.
`/fact show` and `/fact search` are read-only and not checked for moderators: Discord hides
the whole /fact group from members by default, and a server that opens it to everyone
(Server Settings → Integrations) gives members these two and nothing more. They show
exactly what the server's /timeline and /canon use, in ephemeral replies that leave out
what lies past a member's recorded progress (/spoilers), as other private replies do.

Long text comes through a modal; every change is previewed in an embed with Confirm and
Cancel buttons that only the moderator who ran the command can press, and that disable
themselves when they time out. A preview remembers the version it was made from, so a
change made meanwhile by someone else is refused instead of silently overwritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.bot import send_ephemeral
from bot.dataset import KEY_PATTERN
from bot.errors import UserFacingError
from bot.facts_admin import (
    KIND_LABELS,
    TEXT_MAX,
    FactState,
    Revision,
    Rules,
    actor_label,
    describe_revision,
    diff,
    draft,
    effective,
    episode_value,
    is_clear,
    parse_episode_option,
    parse_tags,
    require_valid,
    source_only,
)
from bot.spoilers import SpoilerContext
from bot.store.edits import AUDIT_CHANNEL
from bot.store.records import Fact
from bot.text import plural
from cogs._checks import is_moderator, moderator_only
from cogs._permissions import bot_lacks
from cogs._ui import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    PAGERS,
    RETRY_DELAYS,
    UNIVERSE_COLOURS,
    LiveModal,
    LiveView,
    Page,
    PagerKind,
    acknowledge,
    add_field_within_limits,
    answer,
    clip,
    is_transient,
    reader_spoilers,
    retry_delay,
    safe,
    send_pager,
    show_choices,
    show_label,
)

if TYPE_CHECKING:
    from bot.bot import Parallax

log = logging.getLogger(__name__)

Interaction = discord.Interaction["Parallax"]
SHOW_CHOICES = show_choices()
KIND_CHOICES = [app_commands.Choice(name=label, value=kind) for kind, label in KIND_LABELS.items()]
HISTORY_PAGE = 5
CHANGES_PAGE = 8
SEARCH_LIMIT = 10
MODAL_TIMEOUT = 900.0  # Discord forgets an unanswered modal after 15 minutes
EDIT_COLOUR = discord.Colour(0xF2C94C)
REMOVE_COLOUR = discord.Colour(0x8B1E1E)
NOT_OWNER = "These buttons belong to the moderator who ran the command."
TIMED_OUT = (
    "This preview timed out; nothing was changed. Run the command again if you still want to."
)
ALREADY_CONFIRMED = (
    "Already saved: this preview was confirmed once; pressing again changes nothing."
)
SOURCE_HELP = (
    "Give the source of this change: an episode (`episode`) or a cited page "
    "(`source_title` and `source_url`)."
)


def _guild(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise UserFacingError("This command only works inside a server.")
    return interaction.guild_id


def _key(typed: str) -> str:
    """A fact id as typed or picked; anything that cannot be one is refused right here."""
    key = typed.strip()
    if not KEY_PATTERN.match(key):
        raise UserFacingError(
            f"This server has no fact `{safe(clip(key, 80))}`. Pick one from the list, or find "
            "it with /fact search."
        )
    return key


def error_text(error: Exception) -> str:
    """What to tell the moderator; our own failures get a logged error code."""
    if isinstance(error, UserFacingError):
        return error.message
    code = secrets.token_hex(3).upper()
    log.error("Error %s in a /fact view", code, exc_info=error)
    return (
        f"Something went wrong on our side (error `{code}`). It has been logged; "
        "nothing was changed. Please try again."
    )


async def report_error(interaction: Interaction, error: Exception) -> None:
    """One ephemeral reply for a failure in a modal or a button (the tree never sees those)."""
    await send_ephemeral(interaction, error_text(error))


# -- autocomplete (fast, at most 25 choices, never raises) -----------------------------------


def _fact_choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=clip(f"{key} · {text}", 100), value=key) for key, text in pairs
    ][:25]


async def _suggest_facts(
    interaction: Interaction, current: str, *, members_too: bool, changed_only: bool
) -> list[app_commands.Choice[str]]:
    """Fact choices for this server; never raises (the user would just see no choices)."""
    try:
        if interaction.guild_id is None:
            return []
        if not members_too and not await is_moderator(interaction):
            return []
        pairs = await interaction.client.store.edits.suggest(
            interaction.guild_id, current or "", changed_only=changed_only
        )
        return _fact_choices(pairs)
    except Exception:
        log.exception("Fact autocomplete failed for %r", current)
        return []


async def visible_fact_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Facts this server sees (for show; for edit and remove, moderators only)."""
    command = interaction.command.name if interaction.command else ""
    return await _suggest_facts(
        interaction, current, members_too=command == "show", changed_only=False
    )


async def changed_fact_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Facts with a server version or history (removed ones too): moderators only."""
    return await _suggest_facts(interaction, current, members_too=False, changed_only=True)


async def episode_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Episodes of the fact's show: "S2E3 'Rules of Engagement'"; the value says the show."""
    try:
        if interaction.guild_id is None or not await is_moderator(interaction):
            return []
        store = interaction.client.store
        namespace = interaction.namespace
        show = getattr(namespace, "show", None)
        key = getattr(namespace, "fact", None)
        if show is None and isinstance(key, str) and key:
            overlay, base = await store.edits.current(interaction.guild_id, key)
            state = overlay or base
            show = state.show if state else None
        typed = (current or "").strip().lower()
        choices = []
        for episode in await store.catalog.episodes(show):
            name = f"{episode.code} '{episode.title}'"
            if show is None:
                name = f"{show_label(episode.show)} {name}"
            if typed and typed not in name.lower() and typed not in episode.show:
                continue
            choices.append(
                app_commands.Choice(
                    name=clip(name, 100),
                    value=episode_value(episode.show, episode.season, episode.number),
                )
            )
            if len(choices) == 25:
                break
        return choices
    except Exception:
        log.exception("Episode autocomplete failed for %r", current)
        return []


async def revision_autocomplete(
    interaction: Interaction, current: Any
) -> list[app_commands.Choice[int]]:
    """The chosen fact's changes on this server, newest first."""
    try:
        key = getattr(interaction.namespace, "fact", None)
        if interaction.guild_id is None or not key or not await is_moderator(interaction):
            return []
        typed = str(current or "").strip().lstrip("#")
        history = await interaction.client.store.edits.history(
            interaction.guild_id, str(key), limit=25
        )
        return [
            app_commands.Choice(
                name=clip(f"#{r.id} · {r.action} · {r.at:%Y-%m-%d %H:%M} UTC", 100), value=r.id
            )
            for r in history
            if not typed or str(r.id).startswith(typed)
        ]
    except Exception:
        log.exception("Revision autocomplete failed for %r", current)
        return []


# -- rendering -------------------------------------------------------------------------------


def state_from_fact(fact: Fact) -> FactState:
    return FactState(
        show=fact.show,
        kind=fact.kind,
        text=fact.text,
        correction=fact.correction,
        when=fact.when_text,
        tags=fact.tags,
        episode=(fact.episode.season, fact.episode.number) if fact.episode else None,
        source_title=fact.source_title,
        source_url=fact.source_url,
        spoiler=fact.spoiler,
    )


def source_text(state: FactState, rules: Rules) -> str:
    """The episode (code and title) and/or the cited page, markdown and mentions defused."""
    parts = []
    if state.episode:
        title = rules.episode_titles.get((state.show, *state.episode), "")
        parts.append(safe(f"{show_label(state.show)} {state.episode_code} “{title}”".strip()))
    if state.source_title:
        parts.append(safe(state.source_title))
    if state.source_url:
        parts.append(state.source_url.replace("@", "@\u200b"))
    return "\n".join(parts) or "no source"


def fact_embed(
    key: str,
    state: FactState,
    rules: Rules,
    *,
    title: str,
    colour: discord.Colour | None = None,
    note: str = "",
) -> discord.Embed:
    universe = rules.show_universe.get(state.show, "")
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip(safe(state.text), EMBED_DESCRIPTION_LIMIT),
        colour=colour or UNIVERSE_COLOURS.get(universe, NEUTRAL_COLOUR),
    )
    if state.kind == "misconception" and state.correction:
        add_field_within_limits(
            embed, "What the show establishes", safe(state.correction), inline=False
        )
    add_field_within_limits(embed, "Show", show_label(state.show), inline=True)
    add_field_within_limits(embed, "Kind", state.kind, inline=True)
    if state.when:
        add_field_within_limits(embed, "In-universe date", state.when_label, inline=True)
    if state.tags:
        add_field_within_limits(embed, "Tags", safe(", ".join(state.tags)), inline=False)
    add_field_within_limits(embed, "Source", source_text(state, rules), inline=False)
    if note:
        add_field_within_limits(embed, "\u200b", note, inline=False)
    embed.set_footer(text=clip(f"{key} · {'spoiler' if state.spoiler else 'no spoiler'}", 2048))
    return embed


def add_diff_fields(
    embed: discord.Embed, before: FactState | None, after: FactState | None, *, limit: int = 8
) -> None:
    for change in diff(before, after)[:limit]:
        old = clip(safe(change.before), 480) if change.before else "—"
        new = clip(safe(change.after), 480) if change.after else "—"
        add_field_within_limits(
            embed, change.name, f"**Before:** {old}\n**After:** {new}", inline=False
        )


def change_embed(
    title: str,
    key: str,
    before: FactState | None,
    after: FactState | None,
    *,
    colour: discord.Colour = EDIT_COLOUR,
    description: str = "",
) -> discord.Embed:
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip(description, EMBED_DESCRIPTION_LIMIT),
        colour=colour,
    )
    add_diff_fields(embed, before, after)
    embed.set_footer(text=clip(key, 2048))
    return embed


def revision_field(revision: Revision, base: FactState | None) -> tuple[str, str]:
    name = f"#{revision.id} · {revision.action} · {revision.at:%Y-%m-%d %H:%M} UTC"
    lines = [
        f"by {actor_label(revision.actor)} · <t:{int(revision.at.timestamp())}:R>",
        safe(describe_revision(revision, base)),
    ]
    source_state = revision.after if revision.action in ("add", "edit", "remove") else None
    if source_state is not None:
        source = source_state.episode_code or source_state.source_title
        if source:
            lines.append(f"Source: {safe(clip(source, 200))}")
    return name, "\n".join(lines)


def audit_embed(revision: Revision, base: FactState | None, rules: Rules) -> discord.Embed:
    before = effective(revision.before, base)
    after = effective(revision.after, base)
    colour = REMOVE_COLOUR if after is None else EDIT_COLOUR
    embed = change_embed(
        f"Fact {revision.action}: {revision.fact_key}",
        revision.fact_key,
        before,
        after,
        colour=colour,
        description=(
            f"{actor_label(revision.actor)} {safe(describe_revision(revision, base))}\n"
            f"Undo with `/fact undo fact:{revision.fact_key}`."
        ),
    )
    if revision.after is not None and revision.action in ("add", "edit", "remove"):
        add_field_within_limits(
            embed, "Source of this change", source_text(revision.after, rules), inline=False
        )
    embed.set_footer(text=clip(f"Revision #{revision.id} · {revision.fact_key}", 2048))
    embed.timestamp = revision.at
    return embed


# -- views -----------------------------------------------------------------------------------


class OwnedView(LiveView):
    """Buttons only the invoking moderator may press; disabled (and said so) on timeout."""

    def __init__(self, owner_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.origin: Interaction | None = None  # whose original response shows this view
        self.timeout_note = TIMED_OUT

    async def interaction_check(self, interaction: Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(NOT_OWNER, ephemeral=True)
            return False
        return True

    def disable(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True

    async def on_timeout(self) -> None:
        self.disable()
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(content=self.timeout_note, view=self)
        except discord.HTTPException:
            log.info("Could not mark a timed-out /fact view on interaction %s", self.origin.id)

    async def on_error(
        self, interaction: Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        """A refused or failed change replaces the preview (its buttons would be stale)."""
        self.stop()
        if (
            interaction.response.is_done()
            and interaction.type is not discord.InteractionType.component
        ):
            await report_error(interaction, error)
            return
        try:
            if interaction.response.is_done():  # a press acknowledged before the change ran
                await interaction.edit_original_response(
                    content=error_text(error), embed=None, view=None
                )
                return
            await interaction.response.edit_message(
                content=error_text(error), embed=None, view=None
            )
        except discord.HTTPException:
            log.warning("Could not show an error on interaction %s", interaction.id)


Action = Callable[[Interaction], Awaitable[None]]


class ConfirmView(OwnedView):
    """Confirm runs the change (moderator re-checked); Cancel changes nothing."""

    live_kind = "preview"

    def __init__(self, owner_id: int, action: Action, *, timeout: float) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.action = action
        self.pressed = False  # set on the first press, before anything is awaited

    async def interaction_check(self, interaction: Interaction) -> bool:
        if not await super().interaction_check(interaction):
            return False
        if not await is_moderator(interaction):
            await interaction.response.send_message(
                "You are no longer one of this server's moderators; nothing was changed.",
                ephemeral=True,
            )
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: Interaction, button: discord.ui.Button[Any]) -> None:
        if self.pressed:  # a second press that arrived before the first one's answer
            await interaction.response.send_message(ALREADY_CONFIRMED, ephemeral=True)
            return
        self.pressed = True
        self.disable()
        await interaction.response.defer()  # before the write: the press is acknowledged at once
        try:
            await self.action(interaction)
        finally:
            # Stopped only now: a second press that reaches the bot while the change is
            # being saved still finds this view and is told so, instead of getting
            # Discord's "This interaction failed".
            self.stop()

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled; nothing was changed.", embed=None, view=None
        )


Submit = Callable[[Interaction, str, str], Awaitable[None]]


class FactTextModal(LiveModal):
    """The long text of a fact (and a misconception's correction), up to 1000 characters."""

    def __init__(self, *, title: str, text: str, correction: str | None, on_submit: Submit) -> None:
        super().__init__(title=clip(title, 45), timeout=MODAL_TIMEOUT)
        self._on_submit = on_submit
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Fact text",
            style=discord.TextStyle.paragraph,
            max_length=TEXT_MAX,
            default=text[:TEXT_MAX] or None,
            placeholder="In your own words, present tense, one or two sentences.",
        )
        self.add_item(self.text)
        self.correction: discord.ui.TextInput[Any] | None = None
        if correction is not None:
            self.correction = discord.ui.TextInput(
                label="Correction: what the show establishes",
                style=discord.TextStyle.paragraph,
                max_length=TEXT_MAX,
                default=correction[:TEXT_MAX] or None,
            )
            self.add_item(self.correction)

    async def on_submit(self, interaction: Interaction) -> None:
        correction = self.correction.value if self.correction is not None else ""
        await self._on_submit(interaction, self.text.value, correction)

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


# -- the cog ---------------------------------------------------------------------------------


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Facts(commands.GroupCog, group_name="fact", group_description="This server's facts"):
    """Add, edit and remove the facts this server sees, with a history that can be undone."""

    view_timeout: float = 300.0

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        super().__init__()
        self._audit_task: asyncio.Task[None] | None = None
        self._audit_lock = asyncio.Lock()
        self._audit_kick = asyncio.Event()
        self._audit_due: dict[int, float] = {}  # revision id -> loop time of its next try
        self._audit_retry_at: float | None = None

    # -- shared steps ------------------------------------------------------------------

    async def _send_preview(
        self,
        interaction: Interaction,
        content: str,
        embed: discord.Embed,
        action: Action,
    ) -> None:
        view = ConfirmView(interaction.user.id, action, timeout=self.view_timeout)
        view.origin = interaction
        await answer(interaction, content, embed=embed, view=view, ephemeral=True)

    async def _done(
        self, interaction: Interaction, revision: Revision, content: str, embed: discord.Embed
    ) -> None:
        await interaction.edit_original_response(content=content, embed=embed, view=None)
        try:
            await self.deliver_audits()  # at once, in order; what fails is retried later
        except Exception:
            log.exception("Audit post of change #%s failed", revision.id)
        self._audit_kick.set()  # the outbox loop picks up any retry

    # -- the audit outbox: every change is posted, retried through transient failures ---

    async def cog_load(self) -> None:
        PAGERS["history"] = PagerKind(self._history_page, "/fact history")
        PAGERS["changes"] = PagerKind(self._changes_page, "/fact changes")
        self._audit_task = asyncio.create_task(self._audit_loop(), name="fact-audit-outbox")

    async def cog_unload(self) -> None:
        PAGERS.pop("history", None)
        PAGERS.pop("changes", None)
        if self._audit_task is not None:
            self._audit_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._audit_task

    async def _audit_loop(self) -> None:
        """Deliver what a restart left in the outbox, then whatever is due for a retry."""
        await self.bot.wait_until_ready()
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self.deliver_audits()
            except Exception:  # the database or a bug: logged, and tried again later
                log.exception("The audit outbox pass failed")
                self._audit_retry_at = loop.time() + RETRY_DELAYS[-1]
            timeout = None
            if self._audit_retry_at is not None:
                timeout = max(self._audit_retry_at - loop.time(), 0.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._audit_kick.wait(), timeout)
            self._audit_kick.clear()

    async def deliver_audits(self) -> None:
        """Post every pending audit entry whose time has come, oldest first; a server whose
        post failed for a transient reason waits (its later posts keep their order)."""
        loop = asyncio.get_running_loop()
        async with self._audit_lock:
            self._audit_retry_at = None
            waiting: set[int] = set()
            for guild_id, revision_id, _tries in await self.bot.store.edits.pending_audits():
                due = self._audit_due.get(revision_id, 0.0)
                if guild_id in waiting or due > loop.time():
                    waiting.add(guild_id)
                    self._note_retry(due)
                    continue
                try:
                    await self._post_audit(guild_id, revision_id)
                except Exception as error:
                    if not is_transient(error):
                        raise
                    tries = await self.bot.store.edits.audit_failed(
                        guild_id, revision_id, str(error)
                    )
                    due = loop.time() + retry_delay(tries)
                    self._audit_due[revision_id] = due
                    self._note_retry(due)
                    waiting.add(guild_id)
                    log.warning(
                        "Audit post of change #%s (guild %s) failed (%s); retrying (try %d)",
                        revision_id,
                        guild_id,
                        error,
                        tries,
                    )
                    continue
                self._audit_due.pop(revision_id, None)
                await self.bot.store.edits.audit_done(guild_id, revision_id)

    def _note_retry(self, due: float) -> None:
        if self._audit_retry_at is None or due < self._audit_retry_at:
            self._audit_retry_at = due

    async def _post_audit(self, guild_id: int, revision_id: int) -> None:
        """Post one change in the server's audit channel. Returns quietly when it can never
        be posted (no channel set, channel gone, no permission); raises when it may later."""
        store = self.bot.store
        channel_id = await store.guild_settings.get_int(guild_id, AUDIT_CHANNEL)
        revision = await store.edits.revision(guild_id, revision_id)
        if channel_id is None or revision is None:
            return
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread) or (
            channel.guild.id != guild_id
        ):
            log.info("Audit channel %s of guild %s is gone", channel_id, guild_id)
            return
        assert isinstance(channel, discord.abc.Messageable)
        missing = bot_lacks(channel, "view_channel", "send_messages", "embed_links")
        if missing:  # closed to Parallax since it was set: Discord would refuse (403)
            log.warning(
                "Not logging change #%s to the audit channel of guild %s: I lack %s there",
                revision_id,
                guild_id,
                ", ".join(missing),
            )
            return
        base = await store.edits.base_state(revision.fact_key)
        rules = await store.edits.rules()
        try:
            await channel.send(embed=audit_embed(revision, base, rules))
        except (discord.Forbidden, discord.NotFound) as error:
            log.warning("Could not post to the audit channel of guild %s: %s", guild_id, error)

    async def _visible(self, guild_id: int, key: str) -> tuple[FactState | None, FactState]:
        """(the server's row, what it sees) for a fact it can change; refused otherwise."""
        overlay, base = await self.bot.store.edits.current(guild_id, key)
        current = effective(overlay, base)
        if current is None:
            if overlay is not None and overlay.hidden:
                raise UserFacingError(
                    f"`{safe(key)}` is removed on this server. Use /fact undo to bring it back."
                )
            raise UserFacingError(
                f"This server has no fact `{safe(clip(key, 80))}`. Pick one from the list, or "
                "find it with /fact search."
            )
        return overlay, current

    async def _member_spoilers(self, interaction: Interaction) -> SpoilerContext | None:
        """For a member (not a moderator, who curates every fact): their recorded progress."""
        if await is_moderator(interaction):
            return None
        return await reader_spoilers(interaction, private=True)

    @staticmethod
    def _episode_code(episode: str | None, show: str, rules: Rules) -> str:
        if not episode or not episode.strip():
            return ""
        return parse_episode_option(episode, show, rules)

    # -- open to every member --------------------------------------------------------

    @app_commands.command(name="show", description="Show one fact as this server sees it.")
    @app_commands.describe(fact="The fact (start typing to search)")
    @app_commands.autocomplete(fact=visible_fact_autocomplete)
    async def show_fact(
        self, interaction: Interaction, fact: app_commands.Range[str, 1, 100]
    ) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        found = await self.bot.store.catalog.fact(guild_id, key)
        if found is None:
            raise UserFacingError(
                f"This server has no fact `{safe(clip(fact, 80))}`. Try /fact search."
            )
        spoilers = await self._member_spoilers(interaction)
        if spoilers is not None and spoilers.should_hide(found):
            raise UserFacingError(
                "That fact lies past where you've watched, so I won't show it. "
                + spoilers.hidden_note([found])
            )
        rules = await self.bot.store.edits.rules()
        note = "Changed on this server." if found.is_server_edit else ""
        embed = fact_embed(found.key, state_from_fact(found), rules, title=found.key, note=note)
        await answer(interaction, embed=embed, ephemeral=True)

    @app_commands.command(name="search", description="Search the facts this server sees.")
    @app_commands.describe(text="Words to look for (names, places, events)")
    async def search(self, interaction: Interaction, text: app_commands.Range[str, 2, 100]) -> None:
        guild_id = _guild(interaction)
        await acknowledge(interaction, ephemeral=True)
        found = await self.bot.store.catalog.search_facts(guild_id, text, limit=SEARCH_LIMIT)
        spoilers = await self._member_spoilers(interaction)
        hidden = [f for f in found if spoilers is not None and spoilers.should_hide(f)]
        found = [f for f in found if f not in hidden]
        if not found:
            note = f" {spoilers.hidden_note(hidden)}" if spoilers and hidden else ""
            raise UserFacingError(
                f"No fact on this server matches “{safe(clip(text, 100))}”.{note}"
            )
        embed = discord.Embed(
            title=clip(f"Facts matching “{safe(text)}”", EMBED_TITLE_LIMIT),
            colour=NEUTRAL_COLOUR,
        )
        if hidden and spoilers is not None:
            embed.description = spoilers.hidden_note(hidden)
        for item in found:
            marker = " (changed here)" if item.is_server_edit else ""
            add_field_within_limits(
                embed,
                f"{item.key}{marker}",
                f"{safe(clip(item.text, 300))}\n*{safe(clip(item.source_label(), 200))}*",
                inline=False,
            )
        embed.set_footer(text="Open one with /fact show.")
        await answer(interaction, embed=embed, ephemeral=True)

    # -- moderators: changes ---------------------------------------------------------

    @app_commands.command(name="add", description="Add a fact of this server's own (moderators).")
    @app_commands.describe(
        show="The show the fact is about",
        kind="Event (dated), fact (timeless) or misconception (a wrong claim, corrected)",
        episode="Source: the episode that shows it (start typing)",
        source_title="Source: title of a page that states it",
        source_url="Source: address of that page (http or https)",
        when="In-universe date: 1969-07-20, 1969-07, 1969, 1983/1985; ~ for implied",
        tags="People, ships, places, organisations, separated by commas",
        spoiler="Does it spoil an episode? (default: yes)",
    )
    @app_commands.choices(show=SHOW_CHOICES, kind=KIND_CHOICES)
    @app_commands.autocomplete(episode=episode_autocomplete)
    @moderator_only()
    async def add(
        self,
        interaction: Interaction,
        show: app_commands.Choice[str],
        kind: app_commands.Choice[str],
        episode: app_commands.Range[str, 1, 40] | None = None,
        source_title: app_commands.Range[str, 1, 200] | None = None,
        source_url: app_commands.Range[str, 1, 300] | None = None,
        when: app_commands.Range[str, 1, 20] | None = None,
        tags: app_commands.Range[str, 1, 500] | None = None,
        spoiler: bool = True,
    ) -> None:
        guild_id = _guild(interaction)
        rules = await self.bot.store.edits.rules()
        fields = draft(
            show=show.value,
            kind=kind.value,
            text="",
            when=when or "",
            tags=parse_tags(tags or ""),
            episode=self._episode_code(episode, show.value, rules),
            source_title=source_title or "",
            source_url=source_url or "",
            spoiler=spoiler,
        )
        # Check the options now, before anyone types a long text into the modal.
        require_valid({**fields, "text": "x", "correction": "x"}, rules)

        async def submitted(modal_interaction: Interaction, text: str, correction: str) -> None:
            state = require_valid({**fields, "text": text, "correction": correction}, rules)

            async def confirm(button: Interaction) -> None:
                revision = await self.bot.store.edits.add(
                    guild_id,
                    state,
                    actor=button.user.id,
                    at=self.bot.clock(),
                    request=f"preview-{modal_interaction.id}",
                )
                embed = fact_embed(revision.fact_key, state, rules, title=revision.fact_key)
                await self._done(
                    button,
                    revision,
                    f"Added `{revision.fact_key}` (change #{revision.id}). "
                    "/fact undo takes it back.",
                    embed,
                )

            await self._send_preview(
                modal_interaction,
                "Preview of the new fact. Confirm to add it to this server.",
                fact_embed("new fact", state, rules, title="New fact", colour=EDIT_COLOUR),
                confirm,
            )

        modal = FactTextModal(
            title=f"New {kind.value}: {show.name}",
            text="",
            correction="" if kind.value == "misconception" else None,
            on_submit=submitted,
        )
        await interaction.response.send_modal(modal)

    @app_commands.command(name="edit", description="Change a fact for this server (moderators).")
    @app_commands.describe(
        fact="The fact to change (start typing)",
        episode="Source of the new version: an episode (start typing)",
        source_title="Source of the new version: title of a page",
        source_url="Source of the new version: address of that page",
        when="New in-universe date (type - to remove it); empty keeps it",
        tags="New tags, separated by commas (type - to remove them); empty keeps them",
        kind="New kind; empty keeps it",
        spoiler="Does it spoil an episode? Empty keeps it",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(fact=visible_fact_autocomplete, episode=episode_autocomplete)
    @moderator_only()
    async def edit(
        self,
        interaction: Interaction,
        fact: app_commands.Range[str, 1, 100],
        episode: app_commands.Range[str, 1, 40] | None = None,
        source_title: app_commands.Range[str, 1, 200] | None = None,
        source_url: app_commands.Range[str, 1, 300] | None = None,
        when: app_commands.Range[str, 1, 20] | None = None,
        tags: app_commands.Range[str, 1, 500] | None = None,
        kind: app_commands.Choice[str] | None = None,
        spoiler: bool | None = None,
    ) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        overlay, current = await self._visible(guild_id, key)
        rules = await self.bot.store.edits.rules()
        if not (episode or source_title or source_url):
            raise UserFacingError(SOURCE_HELP)
        new_kind = kind.value if kind else current.kind
        fields = draft(
            show=current.show,
            kind=new_kind,
            text="",
            when="" if is_clear(when) else (when or current.when),
            tags=[] if is_clear(tags) else (parse_tags(tags) if tags else list(current.tags)),
            episode=self._episode_code(episode, current.show, rules),
            source_title=source_title or "",
            source_url=source_url or "",
            spoiler=current.spoiler if spoiler is None else spoiler,
        )
        require_valid({**fields, "text": "x", "correction": "x"}, rules)

        async def submitted(modal_interaction: Interaction, text: str, correction: str) -> None:
            state = require_valid({**fields, "text": text, "correction": correction}, rules)
            if state == current:
                raise UserFacingError("That is what the fact already says; nothing was changed.")

            async def confirm(button: Interaction) -> None:
                revision = await self.bot.store.edits.edit(
                    guild_id,
                    key,
                    state,
                    actor=button.user.id,
                    at=self.bot.clock(),
                    expected=overlay,
                )
                await self._done(
                    button,
                    revision,
                    f"Changed `{key}` on this server (change #{revision.id}). "
                    "/fact undo takes it back.",
                    fact_embed(key, state, rules, title=key, note="Changed on this server."),
                )

            await self._send_preview(
                modal_interaction,
                f"Preview of your change to `{key}`. Confirm to save it.",
                change_embed(f"Edit {key}", key, current, state, description=safe(state.text)),
                confirm,
            )

        modal = FactTextModal(
            title=f"Edit {key}",
            text=current.text,
            correction=current.correction if new_kind == "misconception" else None,
            on_submit=submitted,
        )
        await interaction.response.send_modal(modal)

    @app_commands.command(name="remove", description="Hide a fact on this server (moderators).")
    @app_commands.describe(
        fact="The fact to hide (start typing)",
        episode="Why: the episode that contradicts it (start typing)",
        source_title="Why: title of a page that contradicts it",
        source_url="Why: address of that page",
    )
    @app_commands.autocomplete(fact=visible_fact_autocomplete, episode=episode_autocomplete)
    @moderator_only()
    async def remove(
        self,
        interaction: Interaction,
        fact: app_commands.Range[str, 1, 100],
        episode: app_commands.Range[str, 1, 40] | None = None,
        source_title: app_commands.Range[str, 1, 200] | None = None,
        source_url: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        overlay, current = await self._visible(guild_id, key)
        rules = await self.bot.store.edits.rules()
        if not (episode or source_title or source_url):
            raise UserFacingError(SOURCE_HELP)
        source = source_only(
            current.show,
            self._episode_code(episode, current.show, rules),
            source_title or "",
            source_url or "",
            rules,
        )

        async def confirm(button: Interaction) -> None:
            revision = await self.bot.store.edits.remove(
                guild_id, key, source, actor=button.user.id, at=self.bot.clock(), expected=overlay
            )
            await self._done(
                button,
                revision,
                f"Removed `{key}` from this server (change #{revision.id}). "
                "/fact undo brings it back.",
                fact_embed(key, current, rules, title=f"Removed: {key}", colour=REMOVE_COLOUR),
            )

        hidden = current.with_source(source)
        embed = fact_embed(
            key,
            current,
            rules,
            title=f"Remove {key}?",
            colour=REMOVE_COLOUR,
            note="Source of the removal:\n" + source_text(hidden, rules),
        )
        await self._send_preview(
            interaction,
            f"`{key}` will no longer appear in this server's /timeline, /canon or trivia.",
            embed,
            confirm,
        )

    @app_commands.command(name="revert", description="Show the shipped version of a fact again.")
    @app_commands.describe(fact="A fact this server changed, added or removed (start typing)")
    @app_commands.autocomplete(fact=changed_fact_autocomplete)
    @moderator_only()
    async def revert(self, interaction: Interaction, fact: app_commands.Range[str, 1, 100]) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        overlay, base = await self.bot.store.edits.current(guild_id, key)
        if overlay is None:
            raise UserFacingError(
                f"This server has no version of its own of `{safe(clip(key, 80))}`; "
                "there is nothing to revert."
            )
        before, after = effective(overlay, base), base

        async def confirm(button: Interaction) -> None:
            revision = await self.bot.store.edits.revert(
                guild_id, key, actor=button.user.id, at=self.bot.clock(), expected=overlay
            )
            what = "the shipped version shows again" if base else "the server's fact is gone"
            await self._done(
                button,
                revision,
                f"Reverted `{key}`: {what} (change #{revision.id}). /fact undo takes it back.",
                change_embed(f"Reverted {key}", key, before, after),
            )

        description = (
            "The server's own version is dropped and the shipped fact shows again."
            if base
            else "This fact exists only on this server; reverting removes it."
        )
        await self._send_preview(
            interaction,
            f"Revert `{key}` to the shipped version?",
            change_embed(f"Revert {key}", key, before, after, description=description),
            confirm,
        )

    @app_commands.command(
        name="undo", description="Undo a change to a fact (undo an undo to redo)."
    )
    @app_commands.describe(
        fact="The fact (start typing)",
        revision="Which change to undo (default: the latest); see /fact history",
    )
    @app_commands.autocomplete(fact=changed_fact_autocomplete, revision=revision_autocomplete)
    @moderator_only()
    async def undo(
        self,
        interaction: Interaction,
        fact: app_commands.Range[str, 1, 100],
        revision: app_commands.Range[int, 1] | None = None,
    ) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        edits = self.bot.store.edits
        latest = await edits.latest_revision(guild_id, key)
        if latest is None:
            raise UserFacingError(f"`{safe(clip(key, 80))}` has no changes on this server to undo.")
        target = latest
        if revision is not None:
            found = await edits.revision(guild_id, revision)
            if found is None or found.fact_key != key:
                raise UserFacingError(
                    f"This server has no change #{revision} to `{safe(clip(key, 80))}`; "
                    "see /fact history for its changes."
                )
            target = found
        overlay, base = await edits.current(guild_id, key)
        if overlay == target.before:
            raise UserFacingError(
                f"`{key}` is already the version from before #{target.id}; nothing to undo."
            )
        before, after = effective(overlay, base), effective(target.before, base)

        async def confirm(button: Interaction) -> None:
            done = await edits.undo(
                guild_id,
                key,
                actor=button.user.id,
                at=self.bot.clock(),
                revision_id=target.id,
                expected_latest=latest.id,
            )
            await self._done(
                button,
                done,
                f"Undid #{target.id} on `{key}` (change #{done.id}). Undo again to redo it.",
                change_embed(f"Undid #{target.id}", key, before, after),
            )

        description = (
            f"#{target.id}: {actor_label(target.actor)} {safe(describe_revision(target, base))}\n"
        )
        if after is None:
            description += "After the undo the fact is **not shown** on this server."
        elif target.before is None and base is not None:
            description += "After the undo the server sees the **shipped version** again."
        await self._send_preview(
            interaction,
            f"Undo change #{target.id} to `{key}`?",
            change_embed(
                f"Undo #{target.id} on {key}", key, before, after, description=description
            ),
            confirm,
        )

    # -- moderators: reading the log -------------------------------------------------

    @app_commands.command(name="history", description="Every change to a fact on this server.")
    @app_commands.describe(fact="The fact (start typing)", page="Page number (newest first)")
    @app_commands.autocomplete(fact=changed_fact_autocomplete)
    @moderator_only()
    async def history(
        self,
        interaction: Interaction,
        fact: app_commands.Range[str, 1, 100],
        page: app_commands.Range[int, 1] = 1,
    ) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        edits = self.bot.store.edits
        total = await edits.history_count(guild_id, key)
        if total == 0:
            if await edits.known(guild_id, key):
                raise UserFacingError(
                    f"`{key}` has never been changed on this server: it is the shipped version."
                )
            raise UserFacingError(f"This server has no fact `{safe(clip(key, 80))}`.")
        state = {"key": key}
        first = await self._history_page(interaction, state, page - 1)
        await send_pager(
            interaction, "history", state, first, ephemeral=True, timeout=self.view_timeout
        )

    async def _history_page(
        self, interaction: Interaction, state: dict[str, Any], index: int
    ) -> Page:
        guild_id, key, edits = _guild(interaction), state["key"], self.bot.store.edits
        total = await edits.history_count(guild_id, key)
        pages = max(1, math.ceil(total / HISTORY_PAGE))
        index = min(index, pages - 1)
        base = await edits.base_state(key)
        revisions = await edits.history(
            guild_id, key, limit=HISTORY_PAGE, offset=index * HISTORY_PAGE
        )
        embed = discord.Embed(
            title=clip(f"History of {key}", EMBED_TITLE_LIMIT), colour=NEUTRAL_COLOUR
        )
        for revision in revisions:
            name, value = revision_field(revision, base)
            add_field_within_limits(embed, name, value, inline=False)
        embed.set_footer(
            text=f"Page {index + 1}/{pages} · {plural(total, 'change')} · "
            "/fact undo restores the version before a change"
        )
        return Page(embed, index, pages)

    @app_commands.command(name="changes", description="This server's changes to the shipped facts.")
    @app_commands.describe(page="Page number (most recent first)")
    @moderator_only()
    async def changes(self, interaction: Interaction, page: app_commands.Range[int, 1] = 1) -> None:
        guild_id = _guild(interaction)
        await acknowledge(interaction, ephemeral=True)
        edits = self.bot.store.edits
        total = await edits.overlay_count(guild_id)
        if total == 0:
            raise UserFacingError("This server shows the shipped facts unchanged.")
        first = await self._changes_page(interaction, {}, page - 1)
        await send_pager(
            interaction, "changes", {}, first, ephemeral=True, timeout=self.view_timeout
        )

    async def _changes_page(
        self, interaction: Interaction, state: dict[str, Any], index: int
    ) -> Page:
        guild_id, edits = _guild(interaction), self.bot.store.edits
        total = await edits.overlay_count(guild_id)
        pages = max(1, math.ceil(total / CHANGES_PAGE))
        index = min(index, pages - 1)
        entries = await edits.overlay(guild_id, limit=CHANGES_PAGE, offset=index * CHANGES_PAGE)
        embed = discord.Embed(title="This server's changes", colour=NEUTRAL_COLOUR)
        for entry in entries:
            line = safe(clip(entry.state.text, 200))
            if entry.last is not None:
                line += (
                    f"\n#{entry.last.id} by {actor_label(entry.last.actor)} "
                    f"<t:{int(entry.last.at.timestamp())}:R>"
                )
            add_field_within_limits(embed, f"{entry.key} · {entry.change}", line, inline=False)
        embed.set_footer(
            text=f"Page {index + 1}/{pages} · {plural(total, 'fact')} · /fact revert drops a change"
        )
        return Page(embed, index, pages)


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Facts(bot))
