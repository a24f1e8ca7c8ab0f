"""`parallax try` as a newcomer plays it: scripted sessions in a separate process, stdin piped.

The README's transcript is replayed and must come out exactly; a trivia night is played by
three members (by chat and through the Answer button's form); a moderator adds a fact
through the form and finds it; an announcement posts after `wait`.
"""

from __future__ import annotations

import asyncio
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.store import Store
from bot.trivia import TriviaQuestion

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
START = ("--at", "2026-11-24T20:00Z", "--tz", "UTC")
PROMPT = re.compile(r"^[a-z][\w.-]*> ")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PARALLAX_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def playground(cwd: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`parallax try ARGS` with `script` on stdin, as a pipe (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "parallax.cli", "try", *args],
        input=script,
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def readme_transcript() -> tuple[list[str], str]:
    """The command line and the session of README's transcript."""
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- playground-transcript -->\n```\n", 1)[1].split("\n```", 1)[0]
    command, _, session = block.partition("\n")
    assert command.startswith("$ parallax try")
    return command.split()[3:], session + "\n"


def test_the_readme_transcript_is_what_a_session_prints(tmp_path: Path) -> None:
    args, expected = readme_transcript()
    lines = [PROMPT.sub("", line, count=1) for line in expected.splitlines() if PROMPT.match(line)]
    result = playground(tmp_path, "\n".join(lines) + "\n", *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == expected, (
        "README's transcript differs from a real session; regenerate it with "
        "`python tests/e2e/test_playground.py --write` and read the change.\n" + result.stdout
    )
    assert (tmp_path / "parallax-try").exists() is False  # nothing to save, nothing made


def test_a_moderator_adds_a_fact_through_the_form_and_finds_it(tmp_path: Path) -> None:
    result = playground(
        tmp_path,
        "/fact add show:fam kind:event when:1974 episode:S1E6\n"  # a member: refused by the bot
        "as moderator\n"
        "/fact add show:fam kind:event when:1974 episode:S1E6 tags:Gene Kranz\n"
        "form Fact text=Gene Kranz dies when the Saturn V of Apollo 23 explodes on the pad.\n"
        "click Confirm\n"
        '/fact search text:"Kranz dies"\n',
        *START,
    )
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in out + result.stderr, result.stderr
    assert "Only this server's moderators" in out
    assert "[a form opens: New event: For All Mankind]" in out
    preview = out.index("Preview of the new fact")
    added = out.index("Added srv-gene-kranz-dies", preview)
    found = out.index("Facts matching “Kranz dies”", added)
    assert "srv-gene-kranz-dies" in out[found:] and "(changed here)" in out[found:]


def test_an_announcement_posts_after_a_wait(tmp_path: Path) -> None:
    result = playground(
        tmp_path,
        "as moderator\n"
        '/schedule add title:Watch party start:"2026-11-24 22:00" timezone:UTC\n'
        "/announce channel channel:#announcements leads:1h,0\n"
        "channel #announcements\n"
        "wait 90m\n"
        "wait 1h\n",
        *START,
    )
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in out, result.stderr
    assert "Nothing was posted in #announcements yet." in out
    first_wait = out.index("moderator> wait 90m")
    second_wait = out.index("moderator> wait 1h")
    reminder = out.index("in #announcements:\nWatch party starts", first_wait)
    assert reminder < second_wait and "(in an hour)" in out[reminder:second_wait]
    assert "(the clock now reads Tuesday, November 24, 2026 9:30 PM)" in out
    starting = out.index("Watch party is starting now", second_wait)
    assert starting and "Tuesday, November 24, 2026 10:00 PM" in out[starting:]


def test_state_lasts_the_session_and_with_db_the_next_one(tmp_path: Path) -> None:
    result = playground(tmp_path, "/timezone set zone:Europe/Berlin\n/timezone show\n", *START)
    assert "Your time zone is Europe/Berlin" in result.stdout, result.stdout
    database = tmp_path / "mine.sqlite3"
    first = playground(
        tmp_path, "/timezone set zone:Europe/Berlin\nwait 2d\n", "--db", str(database)
    )
    assert first.returncode == 0, first.stderr
    second = playground(tmp_path, "/timezone show\ntime\n", "--db", str(database))
    assert "Your time zone is Europe/Berlin" in second.stdout, second.stdout
    # the clock goes on from where the last session left it, never back
    assert "the clock reads" in second.stdout


def test_what_is_not_a_database_or_not_text_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database\n" * 100)
    result = playground(tmp_path, "/about\n", "--db", "notes.txt")
    assert result.returncode == 1 and result.stderr == ""
    assert (
        result.stdout == "The playground could not start: DatabaseError: file is not a database\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "parallax.cli", "try", *START],
        input=b"\xff\xfe/about\n\x00\n/about\n",
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stdout + result.stderr
    assert "┌ Parallax" in result.stdout.decode()


def test_what_a_newcomer_mistypes_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    """Refused before anything starts: an empty command, --files naming a file, --db naming
    a folder (each once printed nothing, a traceback, or SQLite's "unable to open")."""
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")
    (tmp_path / "saves").mkdir()
    cases = [
        (("",), 'Which command? e.g. parallax try "/about"'),
        (("--files", "notes.txt", "/about"), "--files notes.txt is a file; give a folder"),
        (("--db", "saves", "/about"), "--db saves is a folder; name a file in it"),
    ]
    for args, expected in cases:
        result = playground(tmp_path, "", *args)
        assert (result.returncode, result.stderr) == (2, ""), args
        assert result.stdout.startswith(expected) and result.stdout.count("\n") == 1, (
            args,
            result.stdout,
        )


def test_quit_with_words_after_it_leaves_and_an_unsaved_picture_is_one_line(
    tmp_path: Path,
) -> None:
    """`quit now` and Python's `exit()` leave (they were "I don't know 'quit'"); a picture
    that cannot be saved says so where its path would be (it was a traceback)."""
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")
    script = "/timeline year:1969 show:fam picture:true\nquit now\n/about\n"
    result = playground(tmp_path, script, *START, "--files", "notes.txt/pictures")
    assert (result.returncode, result.stderr) == (0, "")
    assert "📎 timeline.png (not saved in notes.txt/pictures: Not a directory)" in result.stdout
    assert "Traceback" not in result.stdout and "┌ Parallax" not in result.stdout
    result = playground(tmp_path, "exit()\n/about\n", *START)
    assert result.returncode == 0 and "┌ Parallax" not in result.stdout


class Live:
    """A session driven line by line: each batch ends with a comment line, whose echo
    shows that the batch has run."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "parallax.cli", "try", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=_env(),
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.marks = 0
        self.transcript: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def run(self, *lines: str) -> str:
        assert self.process.stdin is not None
        self.marks += 1
        mark = f"# batch {self.marks}"
        self.process.stdin.write("".join(f"{line}\n" for line in (*lines, mark)))
        self.process.stdin.flush()
        got: list[str] = []
        while True:
            line = self.lines.get(timeout=60)
            self.transcript.append(line)
            if line.rstrip("\n").endswith(mark):
                return "".join(got)
            got.append(line)

    def close(self) -> tuple[int, str]:
        assert self.process.stdin is not None and self.process.stderr is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=60)
        return code, self.process.stderr.read()


async def _open_answer(database: Path) -> str:
    """The accepted answer of the round now open (what a player who knows would type)."""
    store = Store(database)
    await store.open()
    try:
        [night] = await store.trivia.running_nights_everywhere()
        record = await store.trivia.open_round_of(night.guild_id, night.id)
        assert record is not None
        return TriviaQuestion.from_json(record.question).answer.replace("|", "\\|")
    finally:
        await store.close()


def test_a_trivia_night_played_by_three_members(tmp_path: Path) -> None:
    database = tmp_path / "night.sqlite3"
    live = Live(tmp_path, *START, "--db", str(database), "--seed", "3")
    try:
        started = live.run("as moderator", "/trivianight start rounds:3 seconds:30 hints:false")
        assert "Round 1 of 3" in started and "[Answer]" in started
        answer = asyncio.run(_open_answer(database))
        # round 1: naomi answers by chat first; amos is wrong
        live.run("as naomi", f"say {answer}", "as amos", "say Phobos, surely")
        second = live.run("wait 30s")
        assert "@naomi" in second and "Round 2 of 3" in second, second
        # round 2: amos answers through the Answer button's form
        answer = asyncio.run(_open_answer(database))
        opened = live.run("as amos", "click Answer")
        assert "[a form opens:" in opened and "1. Answer (required" in opened, opened
        live.run(f"form Answer={answer}")
        third = live.run("as naomi", "say not a clue", "wait 30s")
        assert "@amos" in third and "Round 3 of 3" in third, third
        # round 3: bobbie by chat, then naomi by the button: bobbie was first
        answer = asyncio.run(_open_answer(database))
        live.run("as bobbie", f"say {answer}", "as naomi", "click Answer", f"form Answer={answer}")
        end = live.run("wait 30s")
        assert "@bobbie" in end and "Trivia night over" in end, end
        final = end[end.index("Trivia night over") :]
        assert all(name in final for name in ("@naomi", "@amos", "@bobbie")), final
        assert "📎 parallax-try/trivia-night-results-1.png" in final
        assert (tmp_path / "parallax-try" / "trivia-night-results-1.png").read_bytes()[:4] == (
            b"\x89PNG"
        )
        board = live.run("/leaderboard scope:The latest trivia night")
        assert "naomi" in board and "amos" in board and "bobbie" in board, board
    finally:
        code, errors = live.close()
    transcript = "".join(live.transcript)
    assert code == 0 and "Traceback" not in transcript + errors, errors


class Terminal:
    """`parallax try` on a pseudo-terminal, as a person types into it."""

    def __init__(self, cwd: Path, *args: str) -> None:
        import fcntl
        import pty
        import termios

        self.master, slave = pty.openpty()

        def controlling_terminal() -> None:  # so that Ctrl-C is a signal, as in a shell
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [sys.executable, "-m", "parallax.cli", "try", "--no-color", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**_env(), "TERM": "dumb"},
            start_new_session=True,
            preexec_fn=controlling_terminal,
        )
        os.close(slave)
        self.seen = ""

    def until(self, text: str, timeout: float = 30.0) -> str:
        import select
        import time

        deadline = time.monotonic() + timeout
        start = len(self.seen)
        while text not in self.seen[start:]:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} in:\n{self.seen[start:]}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the session ended
                    chunk = b""
                assert chunk, f"ended before {text!r}:\n{self.seen[start:]}"
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.seen[start:]

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())


def test_on_a_terminal_a_form_asks_field_by_field(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path, *START)
    try:
        terminal.until("you> ")
        # readline prints the prompt before it reads: give it a moment to be reading (a
        # Ctrl-C in that instant is lost, and a person simply presses it again)
        time.sleep(0.3)
        terminal.type("\x03")  # Ctrl-C at the prompt: a new prompt, the session goes on
        terminal.until("you> ")
        terminal.type("as moderator\n")
        terminal.until("moderator> ")
        terminal.type("/fact add show:fam kind:event when:1974 episode:S1E6\n")
        asked = terminal.until("  Fact text: ")
        assert asked.count("Fact text (required") == 1  # the field's rule is said once
        terminal.type("Gene Kranz dies when the Saturn V of Apollo 23 explodes on the pad.\n")
        preview = terminal.until("moderator> ")
        assert "Preview of the new fact" in preview and "[Confirm] [Cancel]" in preview
        terminal.type("click Confirm\n")
        assert "Added srv-gene-kranz-dies" in terminal.until("moderator> ")
        terminal.type("\x04")  # Ctrl-D leaves
        assert terminal.process.wait(timeout=30) == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
    assert "Traceback" not in terminal.seen


def write_readme_transcript() -> None:
    """Run README's script again and put what it prints in README (after reading it!)."""
    args, expected = readme_transcript()
    lines = [PROMPT.sub("", line, count=1) for line in expected.splitlines() if PROMPT.match(line)]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = playground(Path(folder), "\n".join(lines) + "\n", *args)
    text = README.read_text(encoding="utf-8")
    README.write_text(text.replace(expected, result.stdout), encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    write_readme_transcript()
