"""`parallax try`: the real bot on the loopback Discord, one command or a playground session.

- `parse`: what a user types (slash lines, durations, form lines);
- `options`: a slash line against the synced commands, as Discord's client checks it;
- `render`: messages drawn for a terminal the way Discord's client shows them;
- `world`: the try-out server, with ids that stay the same from session to session;
- `screen`: what was shown, so that each message appears once and edits as edits;
- `session`: one loopback, one bot, one database and one clock for a whole session;
- `timekeeping`: what the cogs' loops do when the clock moves, and when things are due;
- `console`: the command itself, reading lines from a terminal or a script.
"""

from .console import TryArgs, run_try
from .parse import ParsedCommand, TryError, parse_command, parse_duration
from .render import Look, markdown, relative, timestamp
from .session import Session, SessionOptions

__all__ = [
    "Look",
    "ParsedCommand",
    "Session",
    "SessionOptions",
    "TryArgs",
    "TryError",
    "markdown",
    "parse_command",
    "parse_duration",
    "relative",
    "run_try",
    "timestamp",
]
