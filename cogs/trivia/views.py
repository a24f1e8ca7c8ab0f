"""Buttons and modals: quick trivia, the night's Answer button, and leaderboard paging."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.answers import KnownNames
from bot.store.views import ViewState
from bot.text import has_visible_character
from bot.trivia import TriviaQuestion, Verdict, load_bank
from cogs._ui import (
    NO_PINGS,
    OwnedItem,
    OwnerView,
    SafeModal,
    acknowledge_update,
    answer,
    answer_expired,
    clip,
    owned_state,
    owned_view,
    report_error,
    safe,
    update_message,
    view_session,
)
from cogs.trivia.render import VERDICT_TEXT, quick_result_embed

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

ANOTHER = "Run /trivia for another question."
ALREADY_ANSWERED = f"You already answered this one. {ANOTHER}"
EXPIRED_QUIZ = f"This question expired. {ANOTHER}"
#: How long Discord lets a bot edit a reply through its interaction's token.
INTERACTION_LIFETIME = dt.timedelta(minutes=15)


class AnswerInput(discord.ui.TextInput["Any"]):
    def __init__(self) -> None:
        super().__init__(
            label="Answer",
            custom_id="answer",
            placeholder="One answer; spelling slips are forgiven",
            min_length=1,
            max_length=200,
        )


# --------------------------------------------------------------------------------------
# Quick trivia
# --------------------------------------------------------------------------------------


def quiz_buttons(
    options: Sequence[str] | None, correct: int | None, *, closed: bool = False
) -> list[QuizButton]:
    """A quick question's buttons: its options (closed: disabled, the right one green), or
    Answer for a typed one."""
    if options is None:
        return [QuizButton("answer", label="Answer", disabled=closed)]
    return [
        QuizButton(
            str(index),
            label=clip(option, 80),
            disabled=closed,
            right=closed and index == correct,
        )
        for index, option in enumerate(options)
    ]


class QuizButton(OwnedItem, template=r"quiz:(?P<choice>\d|answer)"):
    """An option (or Answer) under a quick question. The question, its options and whether
    it was answered are in the store (kind "quiz"), so a press counts after a restart too,
    and only once."""

    state_kind = "quiz"
    command = "/trivia"

    def __init__(
        self, choice: str, *, label: str = "…", disabled: bool = False, right: bool = False
    ) -> None:
        style = discord.ButtonStyle.secondary
        if choice == "answer":
            style = discord.ButtonStyle.primary
        elif right:
            style = discord.ButtonStyle.success
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"quiz:{choice}", disabled=disabled
            )
        )
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str]
    ) -> QuizButton:
        return cls(match["choice"])

    async def expired(self, interaction: discord.Interaction[Parallax]) -> None:
        await answer_timed_out(interaction, "view")

    async def pressed(self, interaction: discord.Interaction[Parallax], saved: ViewState) -> None:
        if saved.state.get("timed_out"):
            question = await stored_question(interaction.client, saved.guild_id, saved.state)
            await interaction.response.send_message(timed_out_text(question), ephemeral=True)
        elif saved.state["answered"]:
            await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
        elif self.choice == "answer":
            assert interaction.message is not None
            await interaction.response.send_modal(QuickAnswerModal(interaction.message.id))
        else:
            options = saved.state["options"]
            index = int(self.choice)
            await resolve(interaction, saved, index == saved.state["correct"], options[index])


async def quiz_question(
    bot: Parallax, guild_id: int, state: dict[str, Any]
) -> tuple[TriviaQuestion, KnownNames] | None:
    """The stored question, from the server's bank (None if it is gone from it)."""
    bank = await load_bank(bot.store, guild_id)
    found = next((q for q in bank.questions if q.key == state["question"]), None)
    return None if found is None else (found, bank.known)


async def stored_question(
    bot: Parallax, guild_id: int, state: dict[str, Any]
) -> TriviaQuestion | None:
    asked = await quiz_question(bot, guild_id, state)
    return None if asked is None else asked[0]


def closed_quiz(
    question: TriviaQuestion, state: dict[str, Any]
) -> tuple[discord.Embed, discord.ui.View]:
    """A quick question whose time ran out, as its message shows it: the answer, and the
    buttons disabled with the right one marked."""
    embed = quick_result_embed(question, verdict="timeout", given=None, options=state["options"])
    return embed, owned_view(quiz_buttons(state["options"], state["correct"], closed=True))


async def answer_timed_out(interaction: discord.Interaction[Parallax], kind: str) -> None:
    """A press or typed answer on a quick question whose time ran out: the message is
    closed (showing the answer) if it was not yet, and the member is told the answer."""
    message = interaction.message
    saved = None
    if message is not None:
        saved = await interaction.client.store.views.get(
            interaction.guild_id or 0, message.id, "quiz"
        )
    if saved is None:
        await answer_expired(interaction, kind)
        return
    await acknowledge_update(interaction)  # closing it is a write: the database may be busy
    await time_out(interaction.client, saved)  # closed now, unless it already was
    latest = await interaction.client.store.views.get(saved.guild_id, saved.message_id, "quiz")
    question = await stored_question(interaction.client, saved.guild_id, saved.state)
    if latest is None or question is None or not latest.state.get("timed_out"):
        await answer(interaction, timed_out_text(question), ephemeral=True)
        return
    # The message shows the answer (also a private one the sweep could no longer edit).
    embed, view = closed_quiz(question, latest.state)
    await update_message(interaction, embed=embed, view=view, allowed_mentions=NO_PINGS)
    await interaction.followup.send(timed_out_text(question), ephemeral=True)


async def resolve(
    interaction: discord.Interaction[Parallax], saved: ViewState, right: bool, given: str
) -> None:
    """Judge the owner's first answer (a second is refused); points for a right one. The
    press (or form) is acknowledged first: the answer and its points are a write."""
    bot = interaction.client
    await acknowledge_update(interaction)
    asked = await quiz_question(interaction.client, interaction.guild_id or 0, saved.state)
    if asked is None:
        await answer_expired(interaction, "view")
        return
    question = asked[0]
    state = {**saved.state, "answered": True}
    assert interaction.message is not None
    award = (interaction.user.id, question.points, bot.clock(), question.key) if right else None
    if not await bot.store.trivia.answer_quick(
        saved.guild_id, interaction.message.id, saved.state, state, award=award
    ):
        await answer(interaction, ALREADY_ANSWERED, ephemeral=True)
        return
    options = state["options"]
    embed = quick_result_embed(
        question, verdict="right" if right else "wrong", given=given, options=options
    )
    view = owned_view(quiz_buttons(options, state["correct"], closed=True))
    await update_message(interaction, embed=embed, view=view, allowed_mentions=NO_PINGS)


async def answer_typed(interaction: discord.Interaction[Parallax], text: str) -> None:
    """A typed answer to a quick question, from this process's form or an earlier one's."""
    saved = await owned_state(interaction, "quiz")
    asked = (
        None
        if saved is None
        else await quiz_question(interaction.client, interaction.guild_id or 0, saved.state)
    )
    if saved is None or asked is None:
        await answer_timed_out(interaction, "form")
        return
    if saved.state.get("timed_out"):
        await interaction.response.send_message(timed_out_text(asked[0]), ephemeral=True)
        return
    if saved.state["answered"]:
        await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
        return
    if not has_visible_character(text):  # spaces or a zero-width space: ask again
        blank = f"{VERDICT_TEXT[Verdict.IGNORED]} The question is still open: press Answer again."
        await interaction.response.send_message(blank, ephemeral=True)
        return
    question, known = asked
    await resolve(interaction, saved, question.is_correct(text.strip(), known), text.strip())


def timed_out_text(question: TriviaQuestion | None) -> str:
    """What a press (or a typed answer) on a quick question whose time ran out says."""
    if question is None:
        return EXPIRED_QUIZ
    return f"⏱️ Time ran out on this one: the answer was **{safe(question.answer)}**. {ANOTHER}"


async def time_out(bot: Parallax, saved: ViewState) -> tuple[TriviaQuestion | None, Any]:
    """Close an unanswered quick question exactly once (the store decides): returns its
    question and the timed-out embed and buttons to show, or (None, None) if it was
    answered or closed meanwhile (or its question is gone from the bank)."""
    if saved.state["answered"]:
        return None, None
    state = {**saved.state, "answered": True, "timed_out": True}
    if not await bot.store.views.replace(
        saved.guild_id, saved.message_id, "quiz", saved.state, state
    ):
        return None, None
    question = await stored_question(bot, saved.guild_id, state)
    if question is None:
        return None, None
    return question, closed_quiz(question, state)


async def close_quiz(view: OwnerView) -> None:
    """Time is up on an unanswered quick question in this process: reveal the answer,
    disable the buttons."""
    origin, message_id = view.origin, view.message_id
    if origin is None or message_id is None:
        return
    saved = await origin.client.store.views.get(origin.guild_id or 0, message_id, "quiz")
    if saved is None:
        return
    question, shown = await time_out(origin.client, saved)
    if question is not None:
        embed, buttons = shown
        if saved.state.get("aside"):  # a public question posted after a private "thinking…"
            await origin.followup.edit_message(
                message_id, embed=embed, view=buttons, allowed_mentions=NO_PINGS
            )
            return
        await origin.edit_original_response(embed=embed, view=buttons, allowed_mentions=NO_PINGS)


async def close_lapsed_quizzes(bot: Parallax) -> int:
    """Close every quick question whose time ran out by the bot's clock, from this process
    or an earlier one (their state is in the store): the message shows the answer. A
    public one is edited in its channel; a private one through its interaction while
    Discord still allows it (15 minutes), otherwise its next press says the answer."""
    closed = 0
    for saved in await bot.store.views.lapsed("quiz", bot.clock()):
        question, shown = await time_out(bot, saved)
        if question is None:
            continue
        closed += 1
        embed, buttons = shown
        try:
            await edit_quiz_message(bot, saved, embed=embed, view=buttons)
        except discord.HTTPException:
            log.info("Could not show the answer on quick question %s", saved.message_id)
    return closed


async def edit_quiz_message(bot: Parallax, saved: ViewState, **fields: Any) -> None:
    state = saved.state
    if state.get("channel") is not None and not state.get("private", True):
        channel = bot.get_partial_messageable(state["channel"], guild_id=saved.guild_id or None)
        await channel.get_partial_message(saved.message_id).edit(
            **fields, allowed_mentions=NO_PINGS
        )
        return
    token = state.get("token")
    if token and bot.application_id and bot.clock() - saved.created_at < INTERACTION_LIFETIME:
        hook = discord.Webhook.partial(bot.application_id, token, client=bot)
        await hook.edit_message(saved.message_id, **fields, allowed_mentions=NO_PINGS)


class QuickAnswerModal(SafeModal):
    def __init__(self, message_id: int) -> None:
        # Routed by custom_id after a restart too (cogs/live.py): the answer counts. Each
        # form its own id: discord.py keeps one form per id, and a fan may open two.
        custom_id = f"px:{view_session()}:quiz:{message_id}-{secrets.token_hex(4)}"
        super().__init__(title="Your answer", timeout=900, custom_id=custom_id)
        self.answer = AnswerInput()
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        await answer_typed(interaction, self.answer.value)


# --------------------------------------------------------------------------------------
# Trivia nights: the Answer button survives restarts (a dynamic item)
# --------------------------------------------------------------------------------------

NightSubmit = Callable[[discord.Interaction[Any], int, int, str], Verdict]


class NightAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"trivia:night:(?P<night>\d+):(?P<round>\d+)",
):
    """The Answer button under a night's question; opens a modal for that round."""

    def __init__(self, night_id: int, round_number: int, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Answer",
                style=discord.ButtonStyle.primary,
                custom_id=f"trivia:night:{night_id}:{round_number}",
                disabled=disabled,
            )
        )
        self.night_id = night_id
        self.round_number = round_number

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Button[Any],
        match: re.Match[str],
    ) -> NightAnswerButton:
        return cls(int(match["night"]), int(match["round"]))

    async def callback(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        # discord.py rebuilds a plain View around this button, whose on_error only logs.
        try:
            await self._open(interaction)
        except Exception as error:
            await report_error(interaction, error, "NightAnswerButton")

    async def _open(self, interaction: discord.Interaction[Parallax]) -> None:
        cog = interaction.client.get_cog("TriviaNights")
        is_open = getattr(cog, "round_is_open", None)
        if is_open is None or not is_open(interaction.guild_id, self.night_id, self.round_number):
            await interaction.response.send_message(VERDICT_TEXT[Verdict.CLOSED], ephemeral=True)
            return
        await interaction.response.send_modal(
            NightAnswerModal(cog.submit_from_modal, self.night_id, self.round_number)  # type: ignore[union-attr]
        )


def night_view(night_id: int, round_number: int, *, disabled: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NightAnswerButton(night_id, round_number, disabled=disabled))
    return view


class NightAnswerModal(SafeModal):
    def __init__(self, submit: NightSubmit, night_id: int, round_number: int) -> None:
        super().__init__(
            title=f"Round {round_number}: your answer",
            timeout=300,
            # Routed by custom_id after a restart too (cogs/live.py): the answer counts.
            custom_id=f"px:{view_session()}:night:{night_id}-{round_number}",
        )
        self.submit = submit
        self.night_id = night_id
        self.round_number = round_number
        self.answer = AnswerInput()
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        verdict = self.submit(interaction, self.night_id, self.round_number, self.answer.value)
        await interaction.response.send_message(VERDICT_TEXT[verdict], ephemeral=True)
