"""Finding a marked message again in its channel (see bot/marked.py): the Discord side of
posting exactly once across a crash, shared by announcements and trivia nights."""

from __future__ import annotations

import discord

from bot.marked import marker_ref
from cogs._permissions import bot_lacks, listed

HISTORY_AFTER_CURSOR = 500  # messages read after the recorded cursor
HISTORY_RECENT = 100  # messages read when there was no cursor

Postable = discord.TextChannel | discord.Thread | discord.VoiceChannel


class ChannelUnreadable(Exception):
    """The bot may not read the channel's history (Discord would then answer with an empty
    history, which would look like "never posted")."""


def carries(message: discord.Message, marker: str) -> bool:
    """The message carries the marker, in its text or in an embed's footer."""
    needle = marker_ref(marker)
    if needle in message.content:
        return True
    return any(needle in (embed.footer.text or "") for embed in message.embeds)


async def find_marked(
    channel: Postable, author_id: int | None, marker: str, after: int | None
) -> int | None:
    """The id of `author_id`'s message carrying `marker`, posted after message `after` (or
    among the latest when there is no cursor), or None. Raises ChannelUnreadable, or
    discord.py's errors (gone, forbidden, transient) as they come."""
    missing = bot_lacks(channel, "view_channel", "read_message_history")
    if missing:
        raise ChannelUnreadable(f"I can't read #{channel} (no {listed(missing)})")
    if after is not None:
        history = channel.history(
            limit=HISTORY_AFTER_CURSOR, after=discord.Object(after), oldest_first=True
        )
    else:
        history = channel.history(limit=HISTORY_RECENT)
    async for message in history:
        if message.author.id == author_id and carries(message, marker):
            return message.id
    return None
