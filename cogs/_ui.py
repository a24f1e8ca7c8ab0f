"""Discord helpers shared by the cogs: safe text, embed limits, common colours."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot.errors import Explain, error_reply
from bot.shows import EXPANSE, FAM, SHOW_TITLES, UNIVERSES, universe
from bot.shows import choices as show_list
from bot.spoilers import SpoilerContext, spoiler_context

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

FAM_COLOUR = discord.Colour(universe(FAM).colour)  # NASA-ish red
EXPANSE_COLOUR = discord.Colour(universe(EXPANSE).colour)  # Belt blue
NEUTRAL_COLOUR = discord.Colour(0x8E9297)
UNIVERSE_COLOURS = {u.code: discord.Colour(u.colour) for u in UNIVERSES}


def show_choices(
    everything: tuple[str, str] | None = None,
) -> list[discord.app_commands.Choice[str]]:
    """The shows, in one order and one wording for every command that picks a show; then,
    if given, the command's own choice (name, value) for all of them."""
    choices = [discord.app_commands.Choice(name=label, value=code) for label, code in show_list()]
    if everything is not None:
        choices.append(discord.app_commands.Choice(name=everything[0], value=everything[1]))
    return choices


EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
EMBED_FIELDS_LIMIT = 25


def clip(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str) -> str:
    """Text from the store or a person, shown literally: markdown and mentions defused."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def show_label(code: str) -> str:
    return SHOW_TITLES.get(code, code)


def embed_size(embed: discord.Embed) -> int:
    return len(embed)


def add_field_within_limits(embed: discord.Embed, name: str, value: str, *, inline: bool) -> bool:
    """Add a field if the embed still has room; never let it break Discord's limits."""
    name = clip(name, EMBED_FIELD_NAME_LIMIT)
    value = clip(value or "\u200b", EMBED_FIELD_VALUE_LIMIT)
    if len(embed.fields) >= EMBED_FIELDS_LIMIT or len(embed) + len(name) + len(value) > 5800:
        return False
    embed.add_field(name=name, value=value, inline=inline)
    return True


async def reader_spoilers(
    interaction: discord.Interaction[Parallax], *, private: bool
) -> SpoilerContext:
    """The spoiler rules for whoever reads this reply: the server's window, their progress."""
    bot = interaction.client
    return await spoiler_context(
        bot.store,
        interaction.guild_id,
        interaction.user.id,
        interaction.channel_id,
        bot.clock().date(),
        private=private,
    )


# -- transient failures -------------------------------------------------------------------

#: Seconds between tries of a post that failed for a transient reason (then the last, again).
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)


def is_transient(error: BaseException) -> bool:
    """A failure worth retrying: rate limited, Discord's server side, or the network."""
    if isinstance(error, discord.HTTPException):
        return error.status == 429 or error.status >= 500
    return isinstance(error, aiohttp.ClientError | TimeoutError)


def retry_delay(attempts: int) -> float:
    """The wait before try number `attempts + 1` (backoff, capped)."""
    return RETRY_DELAYS[min(max(attempts - 1, 0), len(RETRY_DELAYS) - 1)]


# -- acknowledge first ------------------------------------------------------------------


async def acknowledge(interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
    """Defer ("thinking") before the database, the CPU or a REST call is touched.

    Discord fails an interaction that is not acknowledged within 3 seconds, and under load
    any of those can take longer. Cheap checks of the member's input come first, so that a
    refusal can still be a private reply; `ephemeral` must be what the answer will be, since
    the first follow-up fills the "thinking" message with the same visibility.
    """
    if not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)


async def answer(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed = discord.utils.MISSING,
    view: discord.ui.View = discord.utils.MISSING,
    file: discord.File = discord.utils.MISSING,
    ephemeral: bool = False,
) -> discord.Message | None:
    """The command's answer: the follow-up after `acknowledge` (returned), or the reply."""
    if interaction.response.is_done():
        return await interaction.followup.send(
            content if content is not None else discord.utils.MISSING,
            embed=embed,
            view=view,
            file=file,
            ephemeral=ephemeral,
            wait=True,
        )
    await interaction.response.send_message(
        content, embed=embed, view=view, file=file, ephemeral=ephemeral
    )
    return None


# -- views that outlive the process: routed by custom_id --------------------------------------

#: This process's view session, in the custom_id of every in-memory view's components; a
#: new one on every start (`new_view_session`), so a click on a view of an earlier process
#: is told apart and answered (see cogs/live.py) instead of failing silently.
_SESSION = [secrets.token_hex(4)]
LIVE_ID = re.compile(r"px:(?P<session>[0-9a-f]{8}):(?P<kind>[a-z]+):(?P<rest>.{1,80})")
EXPIRED = {
    "preview": "This preview expired, run the command again.",
    "form": "This form expired, run the command again.",
    "view": "These buttons expired, run the command again.",
}


#: kind -> how a click on a view of that kind from an earlier process is served from the
#: store (returns False when it cannot be: then it is answered "expired").
Restorer = Callable[[discord.Interaction[Any], str], Awaitable[bool]]
RESTORERS: dict[str, Restorer] = {}


def new_view_session() -> str:
    _SESSION[0] = secrets.token_hex(4)
    return _SESSION[0]


def view_session() -> str:
    return _SESSION[0]


def live_custom_id(kind: str, original: str) -> str:
    """`original` tagged with this process's session and what it belongs to."""
    if original.startswith("px:") or ":" in original:  # already tagged, or a DynamicItem
        return original
    return f"px:{_SESSION[0]}:{kind}:{original[:80]}"


class LiveView(discord.ui.View):
    """A view held in memory: its components carry the session's custom_ids, so that once
    it is gone (a restart) a click is answered "expired" and its buttons are disabled."""

    live_kind = "view"

    def to_components(self) -> list[dict[str, Any]]:
        for item in self.children:
            custom_id = getattr(item, "custom_id", None)
            if isinstance(custom_id, str):
                item.custom_id = live_custom_id(self.live_kind, custom_id)  # type: ignore[attr-defined]
        return super().to_components()


class SafeView(LiveView):
    """A view whose failing callbacks end in a friendly ephemeral reply."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await report_error(interaction, error, type(self).__name__)


class LiveModal(discord.ui.Modal):
    """A form held in memory, tagged like `LiveView` (an old one is answered "expired")."""

    def to_dict(self) -> dict[str, Any]:
        self.custom_id = live_custom_id("form", self.custom_id)
        return super().to_dict()


class SafeModal(LiveModal):
    """A modal whose failing submit ends in a friendly ephemeral reply."""

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any] | None = None,  # a View's hook has it, a Modal's not
        /,
    ) -> None:
        await report_error(interaction, error, type(self).__name__)


# -- the one error reply: the tree, views and modals report through it --------------------


async def report_error(
    interaction: discord.Interaction[Any],
    error: BaseException,
    where: str,
    *,
    explain: Explain | None = None,
    in_place: bool = False,
) -> None:
    """One short ephemeral reply for a failure (`bot.errors.error_reply` words it); our own
    failures are logged once, with their code. `in_place` replaces the clicked message
    instead (a preview whose buttons a failure made stale)."""
    text, code = error_reply(error, explain)
    if code is not None:
        log.error("Error %s in %s", code, where, exc_info=error)
    if in_place and interaction.type is discord.InteractionType.component:
        try:
            if interaction.response.is_done():
                await interaction.edit_original_response(content=text, embed=None, view=None)
            else:
                await interaction.response.edit_message(content=text, embed=None, view=None)
            return
        except discord.HTTPException:
            log.warning("Could not show an error in place on interaction %s", interaction.id)
    await send_ephemeral(interaction, text)


async def reporting_failures(
    interaction: discord.Interaction[Any], where: str, action: Awaitable[None]
) -> None:
    """Run a component's `action`; a failure gets the one friendly reply. For dynamic items,
    which discord.py runs inside a plain View whose on_error only logs."""
    try:
        await action
    except Exception as error:
        await report_error(interaction, error, where)


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """Reply privately whether or not the interaction was already acknowledged."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message[:2000], ephemeral=True)
        else:
            await interaction.response.send_message(message[:2000], ephemeral=True)
    except discord.HTTPException:
        log.warning("Could not deliver an error reply for interaction %s", interaction.id)
