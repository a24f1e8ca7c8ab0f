"""Buttons and modals: quick trivia, the night's Answer button, and leaderboard paging."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.answers import KnownNames
from bot.store.views import ViewState
from bot.trivia import TriviaQuestion, Verdict, load_bank
from cogs._ui import (
    NO_PINGS,
    OwnedItem,
    OwnerView,
    SafeModal,
    answer_expired,
    clip,
    owned_state,
    owned_view,
    report_error,
    view_session,
)
from cogs.trivia.render import VERDICT_TEXT, quick_result_embed

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)

ALREADY_ANSWERED = "You already answered this one. Run /trivia for another question."


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

    async def pressed(self, interaction: discord.Interaction[Parallax], saved: ViewState) -> None:
        if saved.state["answered"]:
            await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
        elif self.choice == "answer":
            assert interaction.message is not None
            await interaction.response.send_modal(QuickAnswerModal(interaction.message.id))
        else:
            options = saved.state["options"]
            index = int(self.choice)
            await resolve(interaction, saved, index == saved.state["correct"], options[index])


async def quiz_question(
    interaction: discord.Interaction[Parallax], state: dict[str, Any]
) -> tuple[TriviaQuestion, KnownNames] | None:
    """The stored question, from the server's bank (None if it is gone from it)."""
    bank = await load_bank(interaction.client.store, interaction.guild_id or 0)
    found = next((q for q in bank.questions if q.key == state["question"]), None)
    return None if found is None else (found, bank.known)


async def resolve(
    interaction: discord.Interaction[Parallax], saved: ViewState, right: bool, given: str
) -> None:
    """Judge the owner's first answer (a second is refused); points for a right one."""
    bot = interaction.client
    asked = await quiz_question(interaction, saved.state)
    if asked is None:
        await answer_expired(interaction, "view")
        return
    question = asked[0]
    state = {**saved.state, "answered": True}
    assert interaction.message is not None
    if not await bot.store.views.replace(
        saved.guild_id, interaction.message.id, "quiz", saved.state, state
    ):
        await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
        return
    if right:
        await bot.store.trivia.award(
            saved.guild_id, interaction.user.id, question.points, bot.clock(), question.key
        )
    options = state["options"]
    embed = quick_result_embed(
        question, verdict="right" if right else "wrong", given=given, options=options
    )
    view = owned_view(quiz_buttons(options, state["correct"], closed=True))
    await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=NO_PINGS)


async def answer_typed(interaction: discord.Interaction[Parallax], text: str) -> None:
    """A typed answer to a quick question, from this process's form or an earlier one's."""
    saved = await owned_state(interaction, "quiz")
    asked = None if saved is None else await quiz_question(interaction, saved.state)
    if saved is None or asked is None:
        await answer_expired(interaction, "form")
        return
    if saved.state["answered"]:
        await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
        return
    question, known = asked
    await resolve(interaction, saved, question.is_correct(text.strip(), known), text.strip())


async def close_quiz(view: OwnerView) -> None:
    """Time is up on an unanswered quick question: reveal the answer, disable the buttons."""
    origin, message_id = view.origin, view.message_id
    if origin is None or message_id is None:
        return
    views = origin.client.store.views
    saved = await views.get(origin.guild_id or 0, message_id, "quiz")
    if saved is None or saved.state["answered"]:
        return
    state = {**saved.state, "answered": True}
    if not await views.replace(saved.guild_id, message_id, "quiz", saved.state, state):
        return  # answered meanwhile
    asked = await quiz_question(origin, state)
    if asked is None:
        return
    embed = quick_result_embed(asked[0], verdict="timeout", given=None, options=state["options"])
    buttons = quiz_buttons(state["options"], state["correct"], closed=True)
    await origin.edit_original_response(
        embed=embed, view=owned_view(buttons), allowed_mentions=NO_PINGS
    )


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
