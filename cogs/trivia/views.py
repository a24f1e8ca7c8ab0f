"""Buttons and modals: quick trivia, the night's Answer button, and leaderboard paging."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.answers import KnownNames
from bot.trivia import TriviaQuestion, Verdict
from cogs._ui import SafeModal, SafeView, clip, report_component_error, view_session
from cogs.trivia.render import NO_PINGS, VERDICT_TEXT, quick_result_embed

if TYPE_CHECKING:
    from bot.bot import Parallax

log = logging.getLogger(__name__)

NOT_YOURS = "This one belongs to <@{owner}>. Run /trivia for a question of your own!"
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


class QuickTriviaView(SafeView):
    """One question for one member: four option buttons, or an Answer button and a modal.

    Only the invoker may answer; an answer after the first is refused politely; on timeout
    the buttons are disabled and the answer is revealed.
    """

    def __init__(
        self,
        *,
        owner_id: int,
        question: TriviaQuestion,
        options: Sequence[str] | None,
        correct_index: int | None,
        on_right: Callable[[int], Awaitable[None]],
        timeout: float,
        known: KnownNames | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.question = question
        self.known = known
        self.options = list(options) if options else None
        self.correct_index = correct_index
        self.on_right = on_right
        self.answered = False
        self.origin: discord.Interaction[Parallax] | None = None
        if self.options is not None:
            for index, option in enumerate(self.options):
                button: discord.ui.Button[QuickTriviaView] = discord.ui.Button(
                    label=clip(option, 80), style=discord.ButtonStyle.secondary
                )
                button.callback = self._choice_callback(index)  # type: ignore[method-assign]
                self.add_item(button)
        else:
            button = discord.ui.Button(label="Answer", style=discord.ButtonStyle.primary)
            button.callback = self._open_modal  # type: ignore[method-assign]
            self.add_item(button)

    async def interaction_check(self, interaction: discord.Interaction[Parallax]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                NOT_YOURS.format(owner=self.owner_id), ephemeral=True
            )
            return False
        return True

    def _choice_callback(
        self, index: int
    ) -> Callable[[discord.Interaction[Parallax]], Awaitable[None]]:
        async def callback(interaction: discord.Interaction[Parallax]) -> None:
            assert self.options is not None
            await self.resolve(interaction, index == self.correct_index, self.options[index])

        return callback

    async def _open_modal(self, interaction: discord.Interaction[Parallax]) -> None:
        if self.answered:
            await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
            return
        await interaction.response.send_modal(QuickAnswerModal(self))

    def _disable(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
                if self.options is not None and item.label == clip(
                    self.options[self.correct_index or 0], 80
                ):
                    item.style = discord.ButtonStyle.success

    async def resolve(
        self, interaction: discord.Interaction[Parallax], right: bool, given: str
    ) -> None:
        if self.answered:
            await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
            return
        self.answered = True
        self.stop()
        if right:
            await self.on_right(interaction.user.id)
        self._disable()
        embed = quick_result_embed(
            self.question,
            verdict="right" if right else "wrong",
            given=given,
            options=self.options,
        )
        await interaction.response.edit_message(embed=embed, view=self, allowed_mentions=NO_PINGS)

    async def on_timeout(self) -> None:
        if self.answered or self.origin is None:
            return
        self.answered = True
        self._disable()
        embed = quick_result_embed(
            self.question, verdict="timeout", given=None, options=self.options
        )
        try:
            await self.origin.edit_original_response(
                embed=embed, view=self, allowed_mentions=NO_PINGS
            )
        except discord.HTTPException:
            log.info("Could not close a timed-out trivia question (message gone or token expired)")


class QuickAnswerModal(SafeModal):
    def __init__(self, view: QuickTriviaView) -> None:
        super().__init__(title="Your answer", timeout=view.timeout)
        self.view = view
        self.answer = AnswerInput()
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Parallax]) -> None:  # type: ignore[override]
        text = self.answer.value.strip()
        right = self.view.question.is_correct(text, self.view.known)
        await self.view.resolve(interaction, right, text)


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
            await report_component_error(interaction, error, "NightAnswerButton")

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
