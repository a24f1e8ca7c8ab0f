"""The text form of /fact add and /fact edit: the long text (and a misconception's
correction), typed after the options were checked.

A form's state (`FactForm`, bot/fact_changes.py) is kept under the id of the command that
opened it, and the form is routed by its custom_id alone (the cog's `on_interaction`), so
one typed before a restart is still previewed after it. Discord only lets a command open
a form as its very first answer, within 3 seconds; when reading what the form needs takes
longer than `FORM_DEADLINE` (a busy database), the command is acknowledged instead and
answers with a "Write the text" button that opens the same form.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

import discord

from bot.fact_changes import FactForm, form_request, plan_from_form
from bot.facts_admin import TEXT_MAX, AlreadyApplied
from cogs._ui import EXPIRED, answer, clip, report_error, send_ephemeral
from cogs.facts.previews import Previews, not_owner
from cogs.live import modal_values

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

Interaction = discord.Interaction["Parallax"]

FORM = "fact-form"  # view_states kind
FORM_ID = re.compile(r"fact:form:(?P<token>\d{1,20})")
FORM_LIFETIME = dt.timedelta(minutes=15)  # Discord forgets an unanswered form after 15 minutes
FORM_DEADLINE = 1.5  # seconds to read what a form needs before the command must acknowledge
FORMS_IN_MEMORY = 256
PLACEHOLDER = "In your own words, present tense, one or two sentences."
READY = "Ready: press **Write the text** to type the new version."


class FactTextModal(discord.ui.Modal):
    """The long text of a fact (and a misconception's correction), up to 1000 characters."""

    def __init__(self, form: FactForm, token: int) -> None:
        super().__init__(title=clip(form.title, 45), custom_id=f"fact:form:{token}", timeout=None)
        self.add_item(_long_text("Fact text", "fact-text", form.text, PLACEHOLDER))
        if form.correction is not None:
            label = "Correction: what the show establishes"
            self.add_item(_long_text(label, "fact-correction", form.correction, None))
        self.stop()  # nothing in memory: the submit is routed by custom_id


def _long_text(
    label: str, custom_id: str, default: str, placeholder: str | None
) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        label=label,
        custom_id=custom_id,
        style=discord.TextStyle.paragraph,
        max_length=TEXT_MAX,
        default=default[:TEXT_MAX] or None,
        placeholder=placeholder,
    )


class WriteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"fact:write:(?P<token>\d{1,20}):(?P<owner>\d{1,20})",
):
    """Opens a form whose command had to acknowledge before it (see the module notes)."""

    def __init__(self, token: int, owner_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Write the text",
                style=discord.ButtonStyle.primary,
                custom_id=f"fact:write:{token}:{owner_id}",
            )
        )
        self.token, self.owner_id = token, owner_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: Interaction, item: Any, match: re.Match[str]
    ) -> WriteButton:
        return cls(int(match["token"]), int(match["owner"]))

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(not_owner(self.owner_id), ephemeral=True)
            return
        forms: Forms | None = getattr(interaction.client.get_cog("Facts"), "forms", None)
        form = await forms.find(interaction, self.token) if forms else None
        if form is None:
            await send_ephemeral(interaction, EXPIRED["form"])
            return
        await interaction.response.send_modal(FactTextModal(form, self.token))


class Forms:
    """Open forms (at once, or through WriteButton) and turn a submitted one into a preview."""

    def __init__(self, bot: Parallax, previews: Previews) -> None:
        self.bot = bot
        self.previews = previews
        self._open: dict[int, tuple[int, FactForm]] = {}  # recent forms: token -> guild, form

    async def open(self, interaction: Interaction, prepare: Awaitable[FactForm]) -> None:
        """The form `prepare` makes, as the command's answer. A refusal (UserFacingError)
        reaches the command tree like any other."""
        task = asyncio.ensure_future(prepare)
        done, _ = await asyncio.wait({task}, timeout=FORM_DEADLINE)
        token = interaction.id
        if task in done:
            form = task.result()
            self._remember(interaction, form)
            opened = self.bot.clock()  # its lifetime starts as it opens, not once it is saved
            await interaction.response.send_modal(FactTextModal(form, token))
            await self._save(interaction, form, opened)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        form = await task
        self._remember(interaction, form)
        await self._save(interaction, form, self.bot.clock())
        view = discord.ui.View(timeout=None)
        view.add_item(WriteButton(token, interaction.user.id))
        view.stop()
        await answer(interaction, READY, view=view, ephemeral=True)

    async def find(self, interaction: Interaction, token: int) -> FactForm | None:
        """The form `token` of this server, while it lives."""
        guild_id = interaction.guild_id or 0
        remembered = self._open.get(token)
        if remembered is not None and remembered[0] == guild_id:
            return remembered[1]
        saved = await self.bot.store.views.get(guild_id, token, FORM)
        if saved is None or self.bot.clock() - saved.created_at > FORM_LIFETIME:
            return None
        return FactForm.from_json(saved.state["form"])

    async def submitted(self, interaction: Interaction, token: int) -> None:
        """A submitted form: its preview, or why the text is refused."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        try:
            form = await self.find(interaction, token)
            if form is None:
                await send_ephemeral(interaction, EXPIRED["form"])
                return
            request = form_request(token)
            if form.action == "add":  # submitted again after its preview was confirmed
                done = await self.bot.store.edits.request_revision(
                    interaction.guild_id or 0, request
                )
                if done is not None:
                    raise AlreadyApplied(done.id, done.fact_key)
            values = modal_values(interaction.data or {})
            rules = await self.bot.store.edits.rules()
            preview = plan_from_form(
                form,
                values.get("fact-text", ""),
                values.get("fact-correction", ""),
                rules,
                request=request,
            )
            await self.previews.send(interaction, preview, rules)
        except Exception as error:
            await report_error(interaction, error, "a /fact form")

    def _remember(self, interaction: Interaction, form: FactForm) -> None:
        self._open[interaction.id] = (interaction.guild_id or 0, form)
        while len(self._open) > FORMS_IN_MEMORY:
            del self._open[next(iter(self._open))]

    async def _save(self, interaction: Interaction, form: FactForm, now: dt.datetime) -> None:
        await self.bot.store.views.save(
            interaction.guild_id or 0,
            interaction.id,
            kind=FORM,
            owner_id=interaction.user.id,
            state={"form": form.to_json()},
            at=now,
            prune_before=now - FORM_LIFETIME,
        )
