"""Clicks on views of an earlier process: answered, never left to fail.

Every in-memory view and form carries this process's session in its custom_ids (see
`LiveView` in cogs/_ui.py). After a restart nothing in memory knows them, so discord.py
would drop the click and the member would see "This interaction failed" forever. This
dynamic item, routed by custom_id alone, answers such a click: the message's buttons are
disabled and the member is told to run the command again. A form (modal) submitted from
an earlier process gets the same answer. Views whose state is in the store (/episode, the
trivia night's Answer button, the pagers and /trivia's buttons of cogs/_ui.py) are
DynamicItems of their own and keep working.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from cogs._ui import (
    LIVE_ID,
    PagerButton,
    answer_expired,
    new_view_session,
    reporting_failures,
    view_session,
)
from cogs.trivia.render import VERDICT_TEXT
from cogs.trivia.views import answer_typed

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)


class ExpiredItem(discord.ui.DynamicItem[discord.ui.Item[Any]], template=LIVE_ID.pattern):
    def __init__(self, item: discord.ui.Item[Any], session: str, kind: str, rest: str) -> None:
        super().__init__(item)
        self.session = session
        self.kind = kind
        self.rest = rest

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ExpiredItem:
        return cls(item, match["session"], match["kind"], match["rest"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if self.session == view_session():
            return  # a view of this process: it answers for itself
        await answer_expired(interaction, self.kind)


class Live(commands.Cog):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        new_view_session()
        self.bot.add_dynamic_items(ExpiredItem, PagerButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ExpiredItem, PagerButton)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """A form submitted from an earlier process: nobody holds it any more."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = str(interaction.data.get("custom_id", "")) if interaction.data else ""
        match = LIVE_ID.fullmatch(custom_id)
        if match is None or match["session"] == view_session():
            return
        if match["kind"] == "night" and await self._night_answer(interaction, match["rest"]):
            return
        if match["kind"] == "quiz":  # a quick question's answer: its state is in the store
            text = next(iter(modal_values(interaction.data or {}).values()), "")
            await reporting_failures(
                interaction, "QuickAnswerModal", answer_typed(interaction, text)
            )
            return
        await answer_expired(interaction, match["kind"])

    async def _night_answer(self, interaction: discord.Interaction[Any], rest: str) -> bool:
        """A trivia night answer typed across a restart still counts (the round resumed)."""
        night, _, number = rest.partition("-")
        cog = self.bot.get_cog("TriviaNights")
        submit = getattr(cog, "submit_from_modal", None)
        if submit is None or not night.isdigit() or not number.isdigit():
            return False
        text = next(iter(modal_values(interaction.data or {}).values()), "")
        verdict = submit(interaction, int(night), int(number), text)
        await interaction.response.send_message(VERDICT_TEXT[verdict], ephemeral=True)
        return True


def modal_values(data: Any) -> dict[str, str]:
    """{custom_id: value} of a submitted form's text inputs (rows or label wrappers)."""
    found: dict[str, str] = {}

    def walk(components: Any) -> None:
        for component in components or []:
            if isinstance(component.get("value"), str) and component.get("custom_id"):
                found[component["custom_id"]] = component["value"]
            walk(component.get("components"))
            if isinstance(component.get("component"), dict):
                walk([component["component"]])

    walk(data.get("components"))
    return found


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Live(bot))
