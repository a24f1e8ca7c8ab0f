"""Errors meant for the person who ran a command, and the one way any failure is worded.

`error_reply` is the single place that turns an exception into what the member reads and,
when the failure is ours, a short error code that also goes in the log next to the
traceback. The command tree, views and modals all report through it (cogs/_ui.py
`report_error`); nobody parses a message back to find its code.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import NamedTuple

OUR_FAULT = (
    "Something went wrong on our side (error `{code}`). It has been logged; "
    "please try again, or tell the server's moderators the code."
)


class UserFacingError(Exception):
    """Bad input or a refused action, explained in words a fan understands.

    Raised from plain logic in `bot/`; the command tree turns it into one ephemeral reply
    and logs nothing, because nothing went wrong on our side.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ErrorReply(NamedTuple):
    """What to tell the member, and the error code when the failure is ours (else None)."""

    text: str
    code: str | None


#: Words for errors a library raises about the member's input or rights (the Discord side
#: knows them); None when `error` is not one of them.
Explain = Callable[[BaseException], str | None]


def error_reply(error: BaseException, explain: Explain | None = None) -> ErrorReply:
    """The reply for `error`: a refusal's own words, a known library error's, or ours with a
    fresh code (log the traceback with that code)."""
    original = getattr(error, "original", None) or error  # a command's wrapped exception
    if isinstance(original, UserFacingError):
        return ErrorReply(original.message, None)
    if explain is not None:
        text = explain(error)
        if text is not None:
            return ErrorReply(text, None)
    code = secrets.token_hex(3).upper()
    return ErrorReply(OUR_FAULT.format(code=code), code)
