"""Every /fact change is previewed with Confirm and Cancel before it is saved.

One flow for add, edit, remove, revert and undo: the preview (`ChangePreview`, planned in
bot/fact_changes.py) is kept in the store under the id of the interaction that showed
it, and its buttons are routed by custom_id alone (`PreviewButton`), so a click works the
same before and after a restart. Confirm saves the change exactly once: a second press
is told it was already saved, in this process from memory, across processes because the
stored preview can be claimed only once. Only the moderator who ran the command may
press them (and must still be one); past its lifetime a preview answers that it expired
and its buttons are disabled.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import UserFacingError
from bot.fact_changes import ChangePreview, apply_change
from bot.facts_admin import Revision, Rules
from bot.store.views import ViewState
from cogs._checks import is_moderator
from cogs._ui import (
    EXPIRED,
    NOT_YOURS,
    acknowledge_update,
    answer,
    report_error,
    send_ephemeral,
)
from cogs.facts.render import done_message, preview_message

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

Interaction = discord.Interaction["Parallax"]
Saved = Callable[[Revision], Awaitable[None]]

PREVIEW = "fact-preview"  # view_states kinds: waiting for a press ...
CONFIRMED = "fact-preview:confirmed"  # ... saved (or being saved)
CLOSED = "fact-preview:closed"  # ... cancelled or timed out
NOT_A_MODERATOR_NOW = "You are no longer one of this server's moderators; nothing was changed."
TIMED_OUT = (
    "This preview timed out; nothing was changed. Run the command again if you still want to."
)
ALREADY_CONFIRMED = (
    "Already saved: this preview was confirmed once; pressing again changes nothing."
)
CANCELLED = "Cancelled; nothing was changed."
TRY_AGAIN = "Nothing was saved: press **Confirm** again."
PRESSED_MEMORY = 1024  # previews whose Confirm this process remembers being pressed


class NotSaved(Exception):
    """A confirmed change whose write failed; its preview is waiting for a press again."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def not_owner(owner_id: int) -> str:
    """The owner-only view's refusal (cogs/_ui.py), for a preview's or form's buttons."""
    return NOT_YOURS.format(owner=owner_id, command="/fact")


class PreviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"fact:(?P<step>confirm|cancel):(?P<token>\d{1,20}):(?P<owner>\d{1,20})",
):
    """Confirm or Cancel under a preview: the custom_id names the preview and its owner."""

    def __init__(self, step: str, token: int, owner_id: int, *, disabled: bool = False) -> None:
        confirm = step == "confirm"
        super().__init__(
            discord.ui.Button(
                label="Confirm" if confirm else "Cancel",
                style=discord.ButtonStyle.success if confirm else discord.ButtonStyle.secondary,
                custom_id=f"fact:{step}:{token}:{owner_id}",
                disabled=disabled,
            )
        )
        self.step, self.token, self.owner_id = step, token, owner_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: Interaction, item: Any, match: re.Match[str]
    ) -> PreviewButton:
        return cls(match["step"], int(match["token"]), int(match["owner"]))

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        cog = interaction.client.get_cog("Facts")
        previews: Previews | None = getattr(cog, "previews", None)
        if previews is None:  # the cog is being reloaded
            await send_ephemeral(interaction, EXPIRED["preview"])
            return
        await previews.press(interaction, self.step, self.token, self.owner_id)


def preview_buttons(token: int, owner_id: int, *, disabled: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for step in ("confirm", "cancel"):
        view.add_item(PreviewButton(step, token, owner_id, disabled=disabled))
    view.stop()  # nothing in memory: clicks are routed by custom_id
    return view


class Previews:
    """Show, confirm, cancel and time out previews; `saved` runs after each saved change."""

    def __init__(self, bot: Parallax, saved: Saved, *, lifetime: float) -> None:
        self.bot = bot
        self.saved = saved
        self.lifetime = lifetime  # seconds
        self._pressed: dict[int, None] = {}  # tokens, oldest first
        self._timers: set[asyncio.Task[None]] = set()

    def close(self) -> None:
        for task in self._timers:
            task.cancel()

    async def send(self, interaction: Interaction, preview: ChangePreview, rules: Rules) -> None:
        """Keep `preview` in the store, then show it (the interaction is acknowledged)."""
        guild_id, owner = interaction.guild_id or 0, interaction.user.id
        now = self.bot.clock()
        await self.bot.store.views.save(
            guild_id,
            interaction.id,
            kind=PREVIEW,
            owner_id=owner,
            state={"preview": preview.to_json()},
            at=now,
        )
        content, embed = preview_message(preview, rules)
        view = preview_buttons(interaction.id, owner)
        await answer(interaction, content, embed=embed, view=view, ephemeral=True)
        timer = asyncio.create_task(self._time_out(interaction), name="fact-preview-timeout")
        self._timers.add(timer)
        timer.add_done_callback(self._timers.discard)

    async def press(self, interaction: Interaction, step: str, token: int, owner: int) -> None:
        if interaction.user.id != owner:
            await interaction.response.send_message(not_owner(owner), ephemeral=True)
            return
        if step == "cancel":
            await interaction.response.edit_message(content=CANCELLED, embed=None, view=None)
            await self._claim(interaction, token, CLOSED)
            return
        if token in self._pressed:  # a second press that arrived before the first's answer
            await interaction.response.send_message(ALREADY_CONFIRMED, ephemeral=True)
            return
        self._remember_pressed(token)  # before anything is awaited
        if not await is_moderator(interaction):
            self._pressed.pop(token, None)
            await interaction.response.send_message(NOT_A_MODERATOR_NOW, ephemeral=True)
            return
        await acknowledge_update(interaction)  # the press is acknowledged before the write
        try:
            revision = await self._confirm(interaction, token)
        except NotSaved as failure:  # the preview stands: Confirm can be pressed again
            await report_error(interaction, failure.error, "a /fact preview", after=TRY_AGAIN)
            return
        except Exception as error:  # a refused or failed change replaces the stale preview
            await report_error(interaction, error, "a /fact preview", in_place=True)
            return
        if revision is not None:
            await self.saved(revision)

    async def _confirm(self, interaction: Interaction, token: int) -> Revision | None:
        store = self.bot.store
        guild_id = interaction.guild_id or 0
        waiting = await store.views.get(guild_id, token, PREVIEW)
        if waiting is None or self._expired(waiting):
            if waiting is None and await store.views.get(guild_id, token, CONFIRMED):
                await interaction.followup.send(ALREADY_CONFIRMED, ephemeral=True)
            else:
                await self._claim(interaction, token, CLOSED)
                await self._show_expired(interaction, token)
            return None
        claimed = await self._claim(interaction, token, CONFIRMED)
        if claimed is None:  # another process's press got there first
            await interaction.followup.send(ALREADY_CONFIRMED, ephemeral=True)
            return None
        preview = ChangePreview.from_json(claimed.state["preview"])
        try:
            revision = await apply_change(
                store.edits, guild_id, preview, actor=interaction.user.id, at=self.bot.clock()
            )
        except UserFacingError:
            raise  # refused (the fact changed since): this preview is done
        except Exception as error:  # the write failed (a busy or full database)
            await self._release(interaction, token, error)
            raise NotSaved(error) from error
        content, embed = done_message(preview, revision, await store.edits.rules())
        await interaction.edit_original_response(content=content, embed=embed, view=None)
        return revision

    async def _claim(self, interaction: Interaction, token: int, as_kind: str) -> ViewState | None:
        guild_id = interaction.guild_id or 0
        return await self.bot.store.views.claim(guild_id, token, PREVIEW, as_kind=as_kind)

    async def _release(self, interaction: Interaction, token: int, error: Exception) -> None:
        """Put a preview whose change failed to save back to waiting for a press; if even
        that fails, the failure is reported in place of the preview (it is used up)."""
        try:
            await self._claim_back(interaction, token)
        except Exception:
            log.exception("Could not reopen preview %s after a failed save", token)
            raise error from None
        self._pressed.pop(token, None)

    async def _claim_back(self, interaction: Interaction, token: int) -> None:
        guild_id = interaction.guild_id or 0
        await self.bot.store.views.claim(guild_id, token, CONFIRMED, as_kind=PREVIEW)

    def _expired(self, saved: ViewState) -> bool:
        return self.bot.clock() - saved.created_at > dt.timedelta(seconds=self.lifetime)

    def _remember_pressed(self, token: int) -> None:
        self._pressed[token] = None
        while len(self._pressed) > PRESSED_MEMORY:
            del self._pressed[next(iter(self._pressed))]

    async def _show_expired(self, interaction: Interaction, token: int) -> None:
        disabled = preview_buttons(token, interaction.user.id, disabled=True)
        try:
            await interaction.edit_original_response(view=disabled)
        except discord.HTTPException:
            log.info("Could not disable an expired preview on interaction %s", interaction.id)
        await send_ephemeral(interaction, EXPIRED["preview"])

    async def _time_out(self, origin: Interaction) -> None:
        """In this process: at the end of its lifetime a waiting preview says so."""
        await asyncio.sleep(self.lifetime)
        if await self._claim(origin, origin.id, CLOSED) is None:
            return  # confirmed or cancelled meanwhile
        disabled = preview_buttons(origin.id, origin.user.id, disabled=True)
        try:
            await origin.edit_original_response(content=TIMED_OUT, view=disabled)
        except discord.HTTPException:
            log.info("Could not mark a timed-out preview on interaction %s", origin.id)
