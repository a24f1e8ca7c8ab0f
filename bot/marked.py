"""Posting a message exactly once across a crash (announcements, trivia reveals and scores).

The intent is recorded before anything is posted: a short unique marker that the message
will carry, and the channel's last message id at that moment (the cursor). The message is
then posted and recorded as posted. A record left between the two by a crash is settled by
reading the channel after the cursor for the marker: it is there (record it as posted) or
it is not (post it again). When the channel cannot be read, the cursor decides
(`taken_as_posted`): never posting twice comes first.
"""

from __future__ import annotations

import secrets


def new_marker() -> str:
    """A short unique reference written into a posted message (also its nonce, ≤ 25 chars)."""
    return secrets.token_hex(8)


def marker_ref(marker: str) -> str:
    """What a marked message contains, in its text or in an embed's footer."""
    return f"ref: {marker}"


def marker_line(marker: str) -> str:
    """The marker as the last line of a plain message (small grey text on Discord)."""
    return f"-# {marker_ref(marker)}"


def taken_as_posted(cursor: int | None, latest: int | None) -> bool:
    """The channel cannot be read: was the message posted? Only when nothing at all was
    posted there since the intent was recorded is it known not to have been."""
    return not (latest is None or latest == cursor)
