"""Trivia: quick questions, trivia nights and leaderboards (see cog.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.trivia.cog import Trivia, TriviaNights

if TYPE_CHECKING:
    from parallax.bot import Parallax


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Trivia(bot))
    await bot.add_cog(TriviaNights(bot))
