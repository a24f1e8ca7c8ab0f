"""Errors meant for the person who ran a command: their message is shown as it is."""

from __future__ import annotations


class UserFacingError(Exception):
    """Bad input or a refused action, explained in words a fan understands.

    Raised from plain logic in `bot/`; the command tree turns it into one ephemeral reply
    and logs nothing, because nothing went wrong on our side.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
