"""/fact: moderators change the facts their server sees; every change is logged and undoable.

Discord in and out only: what a change would do is planned in bot/fact_changes.py,
validation, versions and diffs are in bot/facts_admin.py, the SQL in bot/store/edits.py.
Every write command is checked in code (`moderator_only`), since Discord's command
permissions are only a default that server admins can change. `/fact show` and `/fact
search` are read-only and not checked for moderators: Discord hides the whole /fact group
from members by default, and a server that opens it to everyone (Server Settings →
Integrations) gives members these two and nothing more. They show exactly what the
server's /timeline and /canon use, in ephemeral replies that leave out what lies past a
member's recorded progress (/spoilers), as other private replies do.

Long text comes through a form (forms.py); every change is previewed with Confirm and
Cancel (previews.py), both kept in the store so that they work across a restart. A preview
remembers the version it was made from, so a change made meanwhile by someone else is
refused instead of silently overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.dataset import KEY_PATTERN
from bot.errors import UserFacingError
from bot.fact_changes import (
    ChangePreview,
    FactForm,
    SourceOptions,
    add_form,
    edit_form,
    merge_edit,
    plan_remove,
    plan_revert,
    plan_undo,
    visible,
)
from bot.facts_admin import KIND_LABELS
from bot.spoilers import SpoilerContext
from bot.text import quoted
from cogs._checks import is_moderator, moderator_only
from cogs._ui import (
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    acknowledge,
    add_field_within_limits,
    answer,
    clip,
    reader_spoilers,
    safe,
    send_pager,
    show_choices,
)
from cogs.facts.audit import AuditOutbox
from cogs.facts.autocomplete import (
    changed_fact_autocomplete,
    episode_autocomplete,
    revision_autocomplete,
    visible_fact_autocomplete,
)
from cogs.facts.forms import FORM_ID, Forms, WriteButton
from cogs.facts.pages import (
    changes_page,
    history_page,
    register_pagers,
    unregister_pagers,
)
from cogs.facts.previews import PreviewButton, Previews
from cogs.facts.render import fact_embed, state_from_fact

if TYPE_CHECKING:
    from parallax.bot import Parallax

Interaction = discord.Interaction["Parallax"]
SHOW_CHOICES = show_choices()
KIND_CHOICES = [app_commands.Choice(name=label, value=kind) for kind, label in KIND_LABELS.items()]
SEARCH_LIMIT = 10


def _guild(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise UserFacingError("This command only works inside a server.")
    return interaction.guild_id


def _key(typed: str) -> str:
    """A fact id as typed or picked; anything that cannot be one is refused right here."""
    key = typed.strip()
    if not KEY_PATTERN.match(key):
        raise UserFacingError(
            f"This server has no fact {quoted(key, 80)}. Pick one from the list, or find "
            "it with /fact search."
        )
    return key


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Facts(commands.GroupCog, group_name="fact", group_description="This server's facts"):
    """Add, edit and remove the facts this server sees, with a history that can be undone."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        super().__init__()
        self.audits = AuditOutbox(bot)
        self.previews = Previews(bot, self.audits.after_change, lifetime=300.0)
        self.forms = Forms(bot, self.previews)

    @property
    def view_timeout(self) -> float:
        """How long a preview (and a history page) waits for a press, in seconds."""
        return self.previews.lifetime

    @view_timeout.setter
    def view_timeout(self, seconds: float) -> None:
        self.previews.lifetime = seconds

    async def cog_load(self) -> None:
        register_pagers()
        self.bot.add_dynamic_items(PreviewButton, WriteButton)
        self.audits.start()

    async def cog_unload(self) -> None:
        unregister_pagers()
        self.bot.remove_dynamic_items(PreviewButton, WriteButton)
        self.previews.close()
        await self.audits.stop()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        """A submitted /fact form, routed by its custom_id (it may predate this process)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, object] = dict(interaction.data or {})
        match = FORM_ID.fullmatch(str(data.get("custom_id", "")))
        if match is not None:
            await self.forms.submitted(interaction, int(match["token"]))

    async def _preview(self, interaction: Interaction, preview: ChangePreview) -> None:
        await self.previews.send(interaction, preview, await self.bot.store.edits.rules())

    async def _member_spoilers(self, interaction: Interaction) -> SpoilerContext | None:
        """For a member (not a moderator, who curates every fact): their recorded progress."""
        if await is_moderator(interaction):
            return None
        return await reader_spoilers(interaction, private=True)

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
            raise UserFacingError(f"This server has no fact {quoted(fact, 80)}. Try /fact search.")
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
        _guild(interaction)

        async def prepare() -> FactForm:
            return add_form(
                await self.bot.store.edits.rules(),
                show=show.value,
                show_name=show.name,
                kind=kind.value,
                source=SourceOptions(episode, source_title, source_url),
                when=when,
                tags=tags,
                spoiler=spoiler,
            )

        await self.forms.open(interaction, prepare())

    @app_commands.command(name="edit", description="Change a fact for this server (moderators).")
    @app_commands.describe(
        fact="The fact to change (start typing)",
        episode="Source: an episode (start typing; type - to remove it); empty keeps it",
        source_title="Source: title of a page (type - to remove it); empty keeps it",
        source_url="Source: address of that page (type - to remove it); empty keeps it",
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

        async def prepare() -> FactForm:
            edits = self.bot.store.edits
            overlay, current = await visible(edits, guild_id, key)
            rules = await edits.rules()
            fields = merge_edit(
                current,
                rules,
                source=SourceOptions(episode, source_title, source_url),
                kind=kind.value if kind else None,
                when=when,
                tags=tags,
                spoiler=spoiler,
            )
            return edit_form(key, overlay, current, fields, rules)

        await self.forms.open(interaction, prepare())

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
        source = SourceOptions(episode, source_title, source_url)
        await self._preview(
            interaction, await plan_remove(self.bot.store.edits, guild_id, key, source)
        )

    @app_commands.command(name="revert", description="Show the shipped version of a fact again.")
    @app_commands.describe(fact="A fact this server changed, added or removed (start typing)")
    @app_commands.autocomplete(fact=changed_fact_autocomplete)
    @moderator_only()
    async def revert(self, interaction: Interaction, fact: app_commands.Range[str, 1, 100]) -> None:
        guild_id = _guild(interaction)
        key = _key(fact)
        await acknowledge(interaction, ephemeral=True)
        await self._preview(interaction, await plan_revert(self.bot.store.edits, guild_id, key))

    @app_commands.command(
        name="undo", description="Undo a change to a fact (undo an undo to redo)."
    )
    @app_commands.describe(
        fact="The fact (start typing)",
        revision="Which change to undo (default: the latest); see /fact history",
    )
    @app_commands.autocomplete(fact=changed_fact_autocomplete)
    @app_commands.autocomplete(revision=revision_autocomplete)  # apart: the choices differ in type
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
        plan = await plan_undo(self.bot.store.edits, guild_id, key, revision)
        await self._preview(interaction, plan)

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
            raise UserFacingError(f"This server has no fact {quoted(key, 80)}.")
        state = {"key": key}
        first = await history_page(interaction, state, page - 1)
        await send_pager(
            interaction, "history", state, first, ephemeral=True, timeout=self.view_timeout
        )

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
        first = await changes_page(interaction, {}, page - 1)
        await send_pager(
            interaction, "changes", {}, first, ephemeral=True, timeout=self.view_timeout
        )
