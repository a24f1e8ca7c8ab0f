"""/fact: this server's facts (see cog.py); previews and forms that survive a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.facts.cog import Facts
from cogs.facts.previews import TIMED_OUT, not_owner

if TYPE_CHECKING:
    from parallax.bot import Parallax

__all__ = ["TIMED_OUT", "Facts", "not_owner"]


async def setup(bot: Parallax) -> None:
    await bot.add_cog(Facts(bot))
