"""Discord helpers shared by the cogs: safe text, embed limits, common colours."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot.errors import Explain, error_reply
from bot.shows import EXPANSE, FAM, SHOW_TITLES, UNIVERSES, universe
from bot.shows import choices as show_list
from bot.spoilers import SpoilerContext, spoiler_context
from bot.store.views import ViewState

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
    """Cut `text` to `limit` characters, marking the cut with an ellipsis: at the end of a
    word when one ends in the last third ('…different companies and s…' read as a typo)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= (limit * 2) // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:\\") + "…"  # no backslash left to escape the ellipsis


def safe(text: str) -> str:
    """Text from the store or a person, shown literally: markdown and mentions defused."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


#: characters that would end a markdown link's target early
_LINK_UNSAFE = {c: f"%{ord(c):02X}" for c in "()[]<> `"}


#: brackets in a link's label, which would end it early: shown as parentheses
_LABEL_UNSAFE = str.maketrans("[]", "()")


def md_link(text: str, url: str) -> str:
    """`[text](url)` with the url's brackets, spaces and backticks percent-encoded
    (a wiki's '_(TV)' or a moderator's ')**bold**' cannot end the link or restyle the
    message); `text` alone when there is no url. `text` must already be made safe.

    Square brackets in `text` become parentheses: "… new hope [Apple TV+ recap] – Cult of
    Mac" had closed the label at its first "]" and left the whole link as raw markdown.
    Parentheses read the same and need no escape, which Discord does not honour in every
    client inside a label."""
    if not url:
        return text
    return f"[{text.translate(_LABEL_UNSAFE)}]({''.join(_LINK_UNSAFE.get(c, c) for c in url)})"


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


async def acknowledge_update(interaction: discord.Interaction[Any]) -> None:
    """Acknowledge a button press, or a form sent from a message, before the database is
    written: a deferred update of that message (the member sees nothing yet), which
    `update_message` then edits; a private reply goes with `answer(..., ephemeral=True)`.

    Like `acknowledge` for commands: a write can wait for a busy database longer than
    Discord's 3 seconds. Read-only refusals may still reply at once; a press that opens a
    form cannot be acknowledged first (a form must be the first answer)."""
    if interaction.response.is_done():
        return
    if interaction.message is None:  # a form opened by a command: no message to update
        await interaction.response.defer(thinking=True, ephemeral=True)
    else:
        await interaction.response.defer()


async def update_message(interaction: discord.Interaction[Any], **fields: Any) -> None:
    """Edit the message a press or form came from, acknowledged (`acknowledge_update`) or
    not; `fields` as for `Message.edit` (content, embed, view, allowed_mentions...)."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**fields)
    else:
        await interaction.response.edit_message(**fields)


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
    after: str = "",
) -> None:
    """One short ephemeral reply for a failure (`bot.errors.error_reply` words it); our own
    failures are logged once, with their code. `in_place` replaces the clicked message
    instead (a preview whose buttons a failure made stale); `after` is said after it."""
    text, code = error_reply(error, explain)
    text = f"{text} {after}" if after else text
    if code is not None:
        log.error("Error %s in %s", code, where, exc_info=error)
    if in_place and interaction.type is discord.InteractionType.component:
        try:
            await update_message(interaction, content=text, embed=None, view=None)
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


# -- one owner-only view and one pager: routed by custom_id, their state in the store ------
#
# A button's custom_id says what it does (`pager:timeline:next:3`, `quiz:2`); what the
# message shows (its query, question, owner and lifetime) is kept in the store under the
# message's id. So a press is served the same way by this process and by the next one: the
# in-memory view only disables the buttons when its time is up.

#: How long any stored view state is kept: no view lives longer, since an interaction's
#: token (needed to disable a reply's buttons) lasts 15 minutes.
VIEW_STATES_KEPT = dt.timedelta(minutes=15)
# discord.py applies the bot's allowed_mentions only to edits that change the content.
NO_PINGS = discord.AllowedMentions.none()
NOT_YOURS = "Only <@{owner}> can use these buttons; run {command} for your own."


def disabled_copy(message: discord.Message) -> discord.ui.View:
    """The message's buttons and selects, all disabled (to edit onto it)."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        if hasattr(item, "disabled"):
            item.disabled = True
    view.stop()
    return view


async def answer_expired(interaction: discord.Interaction[Any], kind: str) -> None:
    """Disable the message's components and say why, privately."""
    text = EXPIRED.get(kind, EXPIRED["view"])
    try:
        message = interaction.message
        if message is not None and message.components and not message.flags.components_v2:
            await update_message(
                interaction, view=disabled_copy(message), allowed_mentions=NO_PINGS
            )
            await interaction.followup.send(text, ephemeral=True)
        else:
            await answer(interaction, text, ephemeral=True)
    except discord.HTTPException:
        log.info("Could not answer an expired component on interaction %s", interaction.id)


#: Replies whose buttons' state is still being saved, by the interaction that sent them: a
#: press that comes first (a quick click) waits for it instead of finding none ("expired").
_SAVING: dict[int, asyncio.Event] = {}
SAVE_WAIT = 3.0  # seconds a press waits for its reply's state


async def owned_state(interaction: discord.Interaction[Parallax], kind: str) -> ViewState | None:
    """The stored state of the message whose button was pressed; None once expired."""
    message = interaction.message
    if message is None:
        return None
    views = interaction.client.store.views
    saved = await views.get(interaction.guild_id or 0, message.id, kind)
    origin = message.interaction_metadata.id if message.interaction_metadata else None
    saving = _SAVING.get(origin) if saved is None and origin is not None else None
    if saving is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(saving.wait(), SAVE_WAIT)
        saved = await views.get(interaction.guild_id or 0, message.id, kind)
    if saved is None:
        return None
    expires = saved.state.get("expires")
    now = interaction.client.clock()
    if now - saved.created_at > VIEW_STATES_KEPT or (
        isinstance(expires, str) and now >= dt.datetime.fromisoformat(expires)
    ):
        return None
    return saved


class OwnedItem(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):  # a base
    """A button of an owner-only view: past its lifetime it answers "expired" and disables
    the message's buttons; anyone but the member who ran the command gets a private "only
    X can use these buttons"; the owner's press goes to `pressed` with the stored state.
    Failures get the one friendly reply. Subclasses give a template and `from_custom_id`."""

    state_kind = "view"  # the view_states kind of the message's state
    command = "the command"  # named in the refusal

    async def callback(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        await reporting_failures(interaction, type(self).__name__, self._press(interaction))

    async def _press(self, interaction: discord.Interaction[Parallax]) -> None:
        saved = await owned_state(interaction, self.state_kind)
        if saved is None:
            await self.expired(interaction)
        elif interaction.user.id != saved.owner_id:
            await interaction.response.send_message(
                NOT_YOURS.format(owner=saved.owner_id, command=self.command), ephemeral=True
            )
        else:
            await self.pressed(interaction, saved)

    async def expired(self, interaction: discord.Interaction[Parallax]) -> None:
        """A press past the buttons' lifetime (subclasses may say more)."""
        await answer_expired(interaction, "view")

    async def pressed(self, interaction: discord.Interaction[Parallax], saved: ViewState) -> None:
        raise NotImplementedError


def owned_view(items: Iterable[discord.ui.Item[Any]]) -> discord.ui.View:
    """A view of owned buttons for an edit (routed by custom_id: nothing to time out)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


class OwnerView(discord.ui.View):
    """A reply's owned buttons in this process: when `timeout` is up they are disabled
    (`expire` may say more); after a restart the stored lifetime refuses them instead."""

    def __init__(self, items: Iterable[discord.ui.Item[Any]], *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        for item in items:
            self.add_item(item)
        self.origin: discord.Interaction[Any] | None = None  # whose reply shows the buttons
        self.message_id: int | None = None
        self.expire: Callable[[OwnerView], Awaitable[None]] | None = None

    async def on_timeout(self) -> None:
        if self.origin is None:
            return
        try:
            if self.expire is not None:
                await self.expire(self)
                return
            message = await self.origin.original_response()
            if message.components:
                await self.origin.edit_original_response(
                    view=disabled_copy(message), allowed_mentions=NO_PINGS
                )
        except discord.HTTPException:
            log.info("Could not disable the buttons of interaction %s", self.origin.id)
        except Exception:
            log.exception("Closing the buttons of interaction %s failed", self.origin.id)


async def send_owned(
    interaction: discord.Interaction[Parallax],
    kind: str,
    state: dict[str, Any],
    view: OwnerView,
    *,
    content: str | None = None,
    embed: discord.Embed = discord.utils.MISSING,
    file: discord.File = discord.utils.MISSING,
    ephemeral: bool = False,
) -> None:
    """Send the reply with its owned buttons, and keep `state` for their presses.

    Their lifetime starts as the reply goes out, not when the state is saved after it: the
    save may wait for a busy database (or the event loop), and the member is pressing the
    buttons meanwhile."""
    view.origin = interaction
    saving = _SAVING[interaction.id] = asyncio.Event()
    now = interaction.client.clock()
    try:
        message = await answer(
            interaction, content, embed=embed, view=view, file=file, ephemeral=ephemeral
        )
        if message is None:
            message = await interaction.original_response()
        view.message_id = message.id
        lifetime = dt.timedelta(seconds=view.timeout or VIEW_STATES_KEPT.total_seconds())
        await interaction.client.store.views.save(
            interaction.guild_id or 0,
            message.id,
            kind=kind,
            owner_id=interaction.user.id,
            state={**state, "expires": (now + min(lifetime, VIEW_STATES_KEPT)).isoformat()},
            at=now,
            prune_before=now - VIEW_STATES_KEPT,
        )
    finally:
        saving.set()
        del _SAVING[interaction.id]


@dataclass(frozen=True, slots=True)
class Page:
    embed: discord.Embed
    index: int  # from 0, within the pages there are now
    count: int


#: Builds page `index` (clamped) of a paged reply from its stored state.
PageSource = Callable[[discord.Interaction[Any], dict[str, Any], int], Awaitable[Page]]
#: A pager's own button (e.g. Picture): given the press, the stored state and the page shown.
ExtraAction = Callable[[discord.Interaction[Any], ViewState, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Extra:
    label: str
    style: discord.ButtonStyle
    run: ExtraAction


@dataclass(frozen=True, slots=True)
class PagerKind:
    pages: PageSource
    command: str  # "/timeline"
    extras: dict[str, Extra] = field(default_factory=dict)  # action -> its button


#: kind -> its paged reply; cogs register theirs on load.
PAGERS: dict[str, PagerKind] = {}


class PagerButton(
    OwnedItem, template=r"pager:(?P<kind>[a-z]+):(?P<action>[a-z]+):(?P<page>\d{1,6})"
):
    """Previous / Next (or a pager's own button) under a paged reply; `page` is the page
    shown when the button was made."""

    def __init__(
        self, kind: str, action: str, page: int, *, label: str = "…", disabled: bool = False
    ) -> None:
        style = discord.ButtonStyle.primary if action == "next" else discord.ButtonStyle.secondary
        extra = PAGERS[kind].extras.get(action) if kind in PAGERS else None
        if extra is not None:
            label, style = extra.label, extra.style
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                custom_id=f"pager:{kind}:{action}:{page}",
                disabled=disabled,
            )
        )
        self.kind, self.action, self.page = kind, action, page
        self.state_kind = kind
        self.command = PAGERS[kind].command if kind in PAGERS else self.command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str]
    ) -> PagerButton:
        return cls(match["kind"], match["action"], int(match["page"]))

    async def pressed(self, interaction: discord.Interaction[Parallax], saved: ViewState) -> None:
        spec = PAGERS.get(self.kind)
        if spec is None:
            await answer_expired(interaction, "view")
            return
        extra = spec.extras.get(self.action)
        if extra is not None:
            await extra.run(interaction, saved, self.page)
            return
        await acknowledge_update(interaction)  # the page is rebuilt from the stored query
        step = {"prev": -1, "next": 1}.get(self.action, 0)
        page = await spec.pages(interaction, saved.state, max(self.page + step, 0))
        await interaction.edit_original_response(
            embed=page.embed,
            view=owned_view(pager_buttons(self.kind, page, saved.state)),
            allowed_mentions=NO_PINGS,
        )


def pager_buttons(kind: str, page: Page, state: dict[str, Any]) -> list[PagerButton]:
    """Previous / Next when there is more than one page, then the extras still offered."""
    buttons = []
    if page.count > 1:
        buttons += [
            PagerButton(kind, "prev", page.index, label="Previous", disabled=page.index <= 0),
            PagerButton(
                kind, "next", page.index, label="Next", disabled=page.index >= page.count - 1
            ),
        ]
    buttons += [PagerButton(kind, action, page.index) for action in state.get("extras", ())]
    return buttons


async def send_pager(
    interaction: discord.Interaction[Parallax],
    kind: str,
    state: dict[str, Any],
    first: Page,
    *,
    timeout: float,
    ephemeral: bool = False,
    file: discord.File = discord.utils.MISSING,
) -> None:
    """Send page `first` of a paged reply registered as `kind` in PAGERS; its buttons
    rebuild pages from `state` (JSON), in this process or the next. A reply with one page
    and no extras (`state["extras"]`: actions) goes out without buttons."""
    buttons = pager_buttons(kind, first, state)
    if not buttons:
        await answer(interaction, embed=first.embed, file=file, ephemeral=ephemeral)
        return
    view = OwnerView(buttons, timeout=timeout)
    await send_owned(
        interaction, kind, state, view, embed=first.embed, file=file, ephemeral=ephemeral
    )


def page_footer(embed: discord.Embed, index: int, count: int) -> discord.Embed:
    """A copy of `embed` with "Page i of n" after its footer (when there are pages)."""
    embed = embed.copy()
    if count > 1:
        footer = embed.footer.text or ""
        page = f"Page {index + 1} of {count}"
        embed.set_footer(text=f"{footer} · {page}" if footer else page)
    return embed
