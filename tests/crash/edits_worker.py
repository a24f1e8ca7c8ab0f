"""A fork server for the crash test: each `run SEED` forks a child that applies fact edits.

The parent (this process) imports everything once, then for every line `run SEED` on stdin
forks a child that opens the database through the real store and applies random edits
forever, writing `ACK <revision id> <guild> <key> <action> <hash of after>` to stdout only
after each change has committed. The test SIGKILLs the child at a random moment; this
process reaps it and writes `EXIT <pid> <status>`. Forking saves the interpreter start-up
and imports on every kill, which keeps 200+ kills within seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import sys
from dataclasses import replace
from pathlib import Path

from bot.facts_admin import ChangeRefused, FactState, Source, effective, state_to_text
from bot.store import Store

GUILDS = (111, 222)
ACTOR = 5
BASE_KEYS_USED = 12
MAX_OPERATIONS = 400  # a child left alone stops by itself
CITED = Source(None, "Crash test notes", "https://example.org/crash-test")


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write() below PIPE_BUF: never interleaved


def digest(state: FactState | None) -> str:
    return hashlib.sha1((state_to_text(state) or "null").encode()).hexdigest()[:16]


async def apply_edits(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(path)
    await store.open()
    edits = store.edits
    import datetime as dt

    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seed % 100_000)
    base_keys = sorted(await edits.base_keys())[:BASE_KEYS_USED]
    for number in range(MAX_OPERATIONS):
        guild = rng.choice(GUILDS)
        own = [key for key, _ in await edits.suggest(guild, "srv-", changed_only=True)]
        key = rng.choice(base_keys + own)
        overlay, base = await edits.current(guild, key)
        current = effective(overlay, base)
        operation = rng.choices(
            ["add", "edit", "remove", "undo", "revert"], weights=[2, 4, 2, 3, 2]
        )[0]
        try:
            if operation == "add":
                template = base or current or overlay
                if template is None:
                    continue
                state = replace(template, text=f"Crash {seed} fact {number}", hidden=False)
                revision = await edits.add(guild, state, actor=ACTOR, at=at)
            elif operation == "edit":
                if current is None:
                    continue
                state = replace(current, text=f"Crash {seed} edit {number}", tags=(f"t{number}",))
                revision = await edits.edit(guild, key, state, actor=ACTOR, at=at, expected=overlay)
            elif operation == "remove":
                if current is None:
                    continue
                revision = await edits.remove(guild, key, CITED, actor=ACTOR, at=at)
            elif operation == "undo":
                history = await edits.history(guild, key, limit=4)
                target = rng.choice(history).id if history and rng.random() < 0.3 else None
                revision = await edits.undo(guild, key, actor=ACTOR, at=at, revision_id=target)
            else:
                revision = await edits.revert(guild, key, actor=ACTOR, at=at)
        except ChangeRefused:
            continue
        say(
            f"ACK {revision.id} {guild} {revision.fact_key} {revision.action} "
            f"{digest(revision.after)}"
        )
    await store.close()


def main() -> None:
    path = Path(sys.argv[1])
    say("READY")
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        seed = int(command[1])
        pid = os.fork()
        if pid == 0:  # the child: edit until killed
            code = 0
            try:
                asyncio.run(apply_edits(path, seed))
            except BaseException as error:  # reported to the test, which fails on it
                say(f"ERROR {type(error).__name__}: {error}")
                code = 1
            os._exit(code)
        say(f"PID {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {pid} {status}")


if __name__ == "__main__":
    main()
