"""Crash safety of fact edits: a real process applying edits is SIGKILLed at random moments.

A worker (edits_worker.py, a fork server so that no kill pays for an interpreter start)
applies random add/edit/remove/undo/revert changes through the real store on a real file,
acknowledging each one on stdout only after it committed. After every kill the database
must pass `PRAGMA integrity_check`, hold every acknowledged revision exactly as it was
acknowledged, and keep each server row equal to the last logged version of its fact.
"""

from __future__ import annotations

import hashlib
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.facts_admin import state_from_text
from bot.store.edits import _state

KILLS = int(os.environ.get("PARALLAX_CRASH_KILLS", "200"))
WORKER = Path(__file__).with_name("edits_worker.py")
ROOT = Path(__file__).resolve().parents[2]
LINE_TIMEOUT = 20.0

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker forks")


class Worker:
    def __init__(self, database: Path, stderr_path: Path) -> None:
        self.stderr = stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next() == "READY"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put(raw.decode().rstrip("\n"))
        self.lines.put("EOF")

    def next(self, timeout: float = LINE_TIMEOUT) -> str:
        line = self.lines.get(timeout=timeout)
        if line.startswith("ERROR") or line == "EOF":
            raise AssertionError(f"worker failed: {line}")
        return line

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def close(self) -> None:
        try:
            self.send("quit")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        self.stderr.close()


def check_database(path: Path, acknowledged: dict[int, tuple[int, str, str, str]]) -> int:
    """Integrity, every acknowledged revision present as acknowledged, rows match the log.

    Returns how many revisions committed beyond the acknowledged ones (killed before the ACK).
    """
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {
            row["id"]: (
                row["guild_id"],
                row["fact_key"],
                row["action"],
                hashlib.sha1((row["after"] or "null").encode()).hexdigest()[:16],
            )
            for row in db.execute(
                "SELECT id, guild_id, fact_key, action, after FROM fact_revisions"
            )
        }
        for revision_id, expected in acknowledged.items():
            assert stored.get(revision_id) == expected, (revision_id, expected)
        latest = db.execute(
            "SELECT r.guild_id, r.fact_key, r.after FROM fact_revisions r WHERE r.id = "
            "(SELECT max(id) FROM fact_revisions x WHERE x.guild_id = r.guild_id "
            "AND x.fact_key = r.fact_key)"
        ).fetchall()
        for row in latest:
            own = db.execute(
                "SELECT * FROM facts WHERE guild_id = ? AND key = ?",
                (row["guild_id"], row["fact_key"]),
            ).fetchone()
            assert _state(own) == state_from_text(row["after"]), tuple(row)
        rows = db.execute("SELECT count(*) FROM facts WHERE guild_id <> 0").fetchone()[0]
        assert (
            rows
            == db.execute(
                "SELECT count(*) FROM (SELECT DISTINCT guild_id, fact_key FROM fact_revisions "
                "WHERE after IS NOT NULL AND id IN (SELECT max(id) FROM fact_revisions "
                "GROUP BY guild_id, fact_key))"
            ).fetchone()[0]
        )
        db.execute("INSERT INTO facts_fts (facts_fts) VALUES ('integrity-check')")  # raises
    db.close()
    return len(set(stored) - set(acknowledged))


def test_acknowledged_edits_survive_sigkill_at_random_points(
    template_database: Path, tmp_path: Path
) -> None:
    database = tmp_path / "crash.sqlite3"
    shutil.copy(template_database, database)
    rng = random.Random(20261124)
    acknowledged: dict[int, tuple[int, str, str, str]] = {}
    unacknowledged = 0
    kills = killed_before_any_ack = 0
    started = time.monotonic()
    worker = Worker(database, tmp_path / "worker.stderr")
    try:
        for round_number in range(KILLS):
            worker.send(f"run {rng.randrange(1 << 30)}")
            pid = int(worker.next().split()[1])
            wanted_acks = rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
            seen = 0
            while seen < wanted_acks:
                line = worker.next()
                assert line.startswith("ACK"), line
                _, revision_id, guild, key, action, digest = line.split()
                acknowledged[int(revision_id)] = (int(guild), key, action, digest)
                seen += 1
            time.sleep(rng.random() * 0.004)  # land anywhere: open, mid-transaction, commit
            os.kill(pid, signal.SIGKILL)
            kills += 1
            killed_before_any_ack += seen == 0
            while True:  # ACKs written before the kill but not yet read still count
                line = worker.next()
                if line.startswith("EXIT"):
                    _, exited, status = line.split()
                    assert int(exited) == pid
                    assert os.WIFSIGNALED(int(status)), f"round {round_number}: not killed"
                    break
                assert line.startswith("ACK"), line
                _, revision_id, guild, key, action, digest = line.split()
                acknowledged[int(revision_id)] = (int(guild), key, action, digest)
            unacknowledged = check_database(database, acknowledged)
    finally:
        worker.close()
    elapsed = time.monotonic() - started
    assert kills >= min(KILLS, 200)
    assert len(acknowledged) > kills  # the kills really interrupted work in progress
    assert unacknowledged <= kills  # at most the one change in flight when each kill landed
    print(
        f"\ncrash test: {kills} SIGKILLs ({killed_before_any_ack} before the first ACK), "
        f"{len(acknowledged)} acknowledged edits all present, {unacknowledged} committed but "
        f"killed before their ACK; integrity ok after every restart; {elapsed:.1f} s"
    )
