"""`parallax try`: one command, or a playground session read line by line.

The bot, the loopback and the session run on an event loop in a worker thread; the main
thread reads lines (with readline's editing and history on a terminal) and hands each to
the loop, so Ctrl-C interrupts a line without ending the session, and Ctrl-D ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import tempfile
import threading
import zoneinfo
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from bot.clock import system_clock
from bot.config import Settings
from bot.store import Store

from .parse import TryError, parse_start
from .render import ANSI_DIM, Look, field_rule
from .session import Session, SessionOptions, quit_word
from .world import WORLD_EPOCH

T = TypeVar("T")


@dataclass(frozen=True)
class TryArgs:
    line: str | None = None
    as_moderator: bool = False
    as_json: bool = False
    db: Path | None = None
    at: str | None = None
    tz: str | None = None
    files: Path = Path("parallax-try")
    color: bool | None = None  # None: on a terminal only
    seed: int | None = None


class CannotStart(Exception):
    """The session could not open (e.g. --db is not a Parallax database)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"The playground could not start: {type(error).__name__}: {error}")


class _LazyFileHandler(logging.FileHandler):
    """A log file made only when something is logged (its folder too); counts errors."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, delay=True, encoding="utf-8")
        self.path = path
        self.error_count = 0  # not `errors`: FileHandler passes that to open()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.error_count += 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # no log where none can be written; the session goes on
        super().emit(record)


@contextlib.contextmanager
def quiet_logging(files: Path) -> Iterator[_LazyFileHandler]:
    """Warnings and errors go to FILES/session.log, never to the screen."""
    root = logging.getLogger()
    handler = _LazyFileHandler(files / "session.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    saved = (root.handlers[:], root.level, logging.getLogger("discord").level)
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)  # e.g. "PyNaCl is not installed"
    try:
        yield handler
    finally:
        handler.close()
        root.handlers, root.level = saved[0], saved[1]
        logging.getLogger("discord").setLevel(saved[2])


async def _copy_database(source: Path, target: Path) -> None:
    """An online backup of the local store: consistent even while the real bot runs."""
    store = Store(source)
    await store.db.open_for_backup()
    try:
        await store.backup_to(target)
    finally:
        await store.close()


def _look(args: TryArgs, interactive: bool) -> Look:
    zone: dt.tzinfo | None = None
    if args.tz:
        try:
            zone = zoneinfo.ZoneInfo(args.tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise TryError(
                f"--tz {args.tz!r} is not a time zone; e.g. --tz Europe/Berlin"
            ) from None
    color = args.color if args.color is not None else interactive and colors_wanted()
    return Look(color=color, zone=zone)


def colors_wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """A terminal, unless the reader asks for none (the NO_COLOR convention, no-color.org)
    or the terminal cannot show them (TERM=dumb)."""
    return sys.stdout.isatty() and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


@contextlib.contextmanager
def _database(args: TryArgs, settings: Settings) -> Iterator[tuple[Path, str, bool]]:
    """(the database to use, how to describe it, whether to copy the local one in first)."""
    if args.db is not None:
        if not args.db.parent.exists():
            raise TryError(f"--db {args.db}: the folder {args.db.parent} does not exist.")
        if args.db.is_dir():
            raise TryError(
                f"--db {args.db} is a folder; name a file in it, e.g. --db "
                f"{args.db / 'playground.sqlite3'}"
            )
        yield args.db, f"{args.db} (kept when you leave)", False
        return
    with tempfile.TemporaryDirectory(prefix="parallax-try-") as folder:
        target = Path(folder) / "parallax.sqlite3"
        if settings.database_path.exists():
            yield target, f"a copy of {settings.database_path} (dropped when you leave)", True
        else:
            yield target, "a new database with the shipped data (dropped when you leave)", False


def run_try(args: TryArgs, settings: Settings, *, stdin: IO[str] | None = None) -> int:
    """The `parallax try` command: exit status 0, or 2 when the line was refused."""
    stdin = stdin or sys.stdin
    if hasattr(stdin, "reconfigure"):  # a line that is not UTF-8 is still a line
        stdin.reconfigure(errors="replace")
    interactive = args.line is None and stdin.isatty()
    try:
        if args.line is not None and not args.line.strip():
            raise TryError(
                'Which command? e.g. parallax try "/about"; or parallax try alone for a session.'
            )
        if args.files.exists() and not args.files.is_dir():
            raise TryError(
                f"--files {args.files} is a file; give a folder for pictures and the log, "
                "e.g. --files parallax-try"
            )
        look = _look(args, interactive)
        start = parse_start(args.at) if args.at else system_clock()
        if start <= WORLD_EPOCH:
            raise TryError(f"--at must be later than {WORLD_EPOCH:%Y-%m-%d}, Discord's early days.")
        with quiet_logging(args.files) as logged, _database(args, settings) as (path, what, copy):
            if copy:
                asyncio.run(_copy_database(settings.database_path, path))
            options = SessionOptions(
                database=path,
                files=args.files,
                start=start,
                keep_clock=args.db is not None and args.at is None,
                as_moderator=args.as_moderator,
                seed=args.seed,
            )
            if args.line is not None:
                return _one_line(args, settings, options, look)
            return Console(settings, options, look, stdin, interactive, logged, what).run()
    except TryError as error:
        print(error)
        return 2


def _one_line(args: TryArgs, settings: Settings, options: SessionOptions, look: Look) -> int:
    """`parallax try "/cmd"`: the reply (and what the command posted), once each."""
    printed: list[str] = []
    out: Callable[[str], None] = printed.append if args.as_json else print
    session = Session(settings, options, look, out)
    assert args.line is not None

    async def main() -> tuple[bool, dict[str, Any]]:
        try:
            await session.open()
        except Exception as error:
            with contextlib.suppress(Exception):
                await session.close()
            raise CannotStart(error) from error
        try:
            ok = await session.run_line(args.line or "")
            return ok, session.report()
        finally:
            await session.close()

    try:
        ok, report = asyncio.run(main())
    except CannotStart as error:
        print(error)
        return 1
    if args.as_json and ok:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    elif args.as_json:
        print("\n".join(printed))
    return 0 if ok else 2


async def _cancel_the_rest() -> None:
    """What asyncio.run does at its end: cancel the tasks still running, and wait for them."""
    current = asyncio.current_task()
    rest = [task for task in asyncio.all_tasks() if task is not current]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)
    await asyncio.get_running_loop().shutdown_default_executor()


class Console:
    """Reads lines and runs them in the session, until quit or the end of the input."""

    def __init__(
        self,
        settings: Settings,
        options: SessionOptions,
        look: Look,
        stdin: IO[str],
        interactive: bool,
        logged: _LazyFileHandler,
        database: str,
    ) -> None:
        self.session = Session(settings, options, look, self.print)
        self.session.interactive = interactive
        self.look = look
        self.stdin = stdin
        self.interactive = interactive
        self.logged = logged
        self.database = database
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="parallax-try", daemon=True
        )

    @staticmethod
    def print(text: str) -> None:
        print(text, flush=True)

    def call(self, work: Coroutine[Any, Any, T]) -> T | None:
        """Run `work` on the session's loop; Ctrl-C cancels it (the session goes on)."""
        future = asyncio.run_coroutine_threadsafe(work, self.loop)
        try:
            return future.result()
        except KeyboardInterrupt:
            future.cancel()
            self.print(self.look.wrap(ANSI_DIM, "(interrupted)"))
            with contextlib.suppress(BaseException):
                future.result(timeout=5)
            return None

    def run(self) -> int:
        if self.interactive:
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401  (line editing and history for input())
        self.thread.start()
        try:
            try:
                self.call(self.session.open())
            except Exception as error:
                self.print(str(CannotStart(error)))
                return 1
            self.banner()
            self.loop_lines()
        finally:
            with contextlib.suppress(Exception):
                self.call(self.session.close())
            with contextlib.suppress(Exception):
                self.call(_cancel_the_rest())
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            if not self.thread.is_alive():
                self.loop.close()
        return 0

    def banner(self) -> None:
        self.print(
            "Parallax playground: the real bot in a private server of the loopback Discord "
            "(nothing reaches Discord).\n"
            f"Database: {self.database}. You are `{self.session.prompt[:-2]}` in #general; "
            f"the clock reads {self.session.clock_text()} and moves only with `wait`.\n"
            "Type help for what you can do, quit to leave."
        )

    def read(self, prompt: str) -> str:
        if self.interactive:
            return input(prompt)
        line = self.stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        self.print(prompt + line)  # a script's transcript shows what was typed
        return line

    def loop_lines(self) -> None:
        errors = self.logged.error_count
        while True:
            try:
                line = self.read(self.session.prompt)
            except EOFError:
                if self.interactive:
                    self.print("")
                return
            except KeyboardInterrupt:
                self.print("")
                continue
            words = line.split()
            if words and quit_word(words[0]):  # "quit now", "exit()": the wish is plain
                return
            self.call(self.session.run_line(line))
            if self.interactive and self.session.form is not None:
                self.ask_form()
            if self.logged.error_count > errors:
                errors = self.logged.error_count
                self.print(
                    self.look.wrap(
                        ANSI_DIM, f"(the bot logged an error; details in {self.logged.path})"
                    )
                )

    def ask_form(self) -> None:
        """A form on a terminal: one prompt per field (Enter leaves an optional one empty;
        Ctrl-C closes the form without sending it)."""
        pairs: list[tuple[str, str]] = []
        try:
            for label, item in self.session.form_questions():
                self.print(self.look.wrap(ANSI_DIM, f"  {label} ({field_rule(item)})"))
                value = self._input_with(f"  {label}: ", str(item.get("value") or ""))
                pairs.append((str(item.get("custom_id")), value.replace("\\n", "\n")))
        except (KeyboardInterrupt, EOFError):
            self.session.form = None
            self.print(self.look.wrap(ANSI_DIM, "\n(the form was closed without sending it)"))
            return
        self.call(self.session.guarded(self.session.submit_form(pairs), "form"))
        if self.session.form is not None:  # refused: ask again
            self.ask_form()

    @staticmethod
    def _input_with(prompt: str, prefill: str) -> str:
        try:
            import readline
        except ImportError:
            return input(prompt) or prefill
        readline.set_startup_hook(lambda: readline.insert_text(prefill))
        try:
            return input(prompt)
        finally:
            readline.set_startup_hook()
