"""Benchmark: process start to ready, with and without pending migrations.

Each run is a fresh child process that imports discord.py and the bot, starts a loopback
Discord in its own loop, constructs the bot, logs in (``setup_hook``: open the store,
migrate, load the dataset, load the cogs, sync) and connects until ``on_ready``. The
child prints a wall-clock timestamp at each step; the parent takes the time just before
it spawns the child, so interpreter start-up is included.

Scenarios:

- ``fresh``: an empty database: every migration pending, the shipped dataset loaded from
  ``data/``, the command tree synced;
- ``migrated``: a database a previous Parallax already ran on (migrated, dataset loaded,
  command hash stored): what a restart does;
- ``bare``: a bare ``commands.Bot`` with one /ping command, for scale.

    .venv/bin/python bench/startup.py
    .venv/bin/python bench/startup.py --runs 7
"""

from __future__ import annotations

import time

T_EXEC = time.time()  # before any import: the child's own start

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = ("exec", "imported", "constructed", "logged_in", "ready")


def child(args: argparse.Namespace) -> None:
    stamps: dict[str, float] = {"exec": T_EXEC}
    sys.path.insert(0, str(HERE))
    import asyncio
    import contextlib
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from _harness import (
        GUILD_READY_TIMEOUT,
        PORTAL_INTENTS,
        BareBot,
        BenchParallax,
        parallax_intents,
        parallax_settings,
    )

    from bot.clock import system_clock
    from loopback import FakeDiscord

    stamps["imported"] = time.time()

    async def run() -> None:
        fake = FakeDiscord(clock=system_clock, privileged_intents=PORTAL_INTENTS)
        await fake.start()
        fake.add_guild("Mankind Fans")
        with fake.patched():
            if args.child == "bare":
                bot: Any = BareBot(guild_ready_timeout=GUILD_READY_TIMEOUT)
            else:
                bot = BenchParallax(
                    parallax_settings(fake.token, Path(args.database)),
                    intents=parallax_intents(),
                    guild_ready_timeout=GUILD_READY_TIMEOUT,
                )
            stamps["constructed"] = time.time()
            task = None
            try:
                await bot.login(fake.token)  # runs setup_hook
                stamps["logged_in"] = time.time()
                task = asyncio.create_task(bot.connect(reconnect=False))
                await asyncio.wait_for(bot.wait_until_ready(), 60)
                stamps["ready"] = time.time()
            finally:
                await bot.close()
                if task is not None:
                    with contextlib.suppress(Exception, asyncio.CancelledError):
                        await asyncio.wait_for(task, 10)
        await fake.stop()

    asyncio.run(run())
    print(json.dumps(stamps), flush=True)


def spawn(kind: str, database: Path) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    command += ["--database", str(database)]
    spawned = time.time()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} start-up failed:\n{done.stderr[-3000:]}")
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    timings = {"spawn_to_exec": stamps["exec"] - spawned}
    previous = "exec"
    for step in STEPS[1:]:
        timings[f"{previous}_to_{step}"] = stamps[step] - stamps[previous]
        previous = step
    timings["total"] = stamps["ready"] - spawned
    return {k: round(v, 4) for k, v in timings.items()}


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        side = source.with_name(source.name + suffix)
        if side.exists():
            shutil.copy(side, target.with_name(target.name + suffix))
    return target


def main(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from _harness import machine

    info = machine()
    workdir = Path(tempfile.mkdtemp(prefix="parallax-startup-"))
    # The "migrated" database: the one a first start leaves behind (not timed).
    warm = workdir / "warm.sqlite3"
    spawn("parallax", warm)
    samples: dict[str, list[dict[str, float]]] = {"fresh": [], "migrated": [], "bare": []}
    for run in range(args.runs):  # interleaved, so drift hits every scenario alike
        fresh = workdir / f"fresh-{run}.sqlite3"
        samples["fresh"].append(spawn("parallax", fresh))
        migrated = copy_db(warm, workdir / f"migrated-{run}.sqlite3")
        samples["migrated"].append(spawn("parallax", migrated))
        samples["bare"].append(spawn("bare", workdir / "unused.sqlite3"))
        print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    import sqlite3

    with sqlite3.connect(warm) as connection:
        warm_version = connection.execute("PRAGMA user_version").fetchone()[0]
    checks = {
        "migration_files": len(list((ROOT / "bot" / "migrations").glob("*.sql"))),
        "migrated_db_user_version": warm_version,
        # a backup is only taken when migrations were pending on an existing database
        "backups_taken": sorted(p.name for p in workdir.glob("*.backup")),
    }
    rows = []
    for scenario, runs in samples.items():
        keys = runs[0].keys()
        rows.append(
            {
                "scenario": scenario,
                "runs": len(runs),
                "median_s": {k: round(statistics.median(r[k] for r in runs), 3) for k in keys},
                "min_total_s": round(min(r["total"] for r in runs), 3),
                "max_total_s": round(max(r["total"] for r in runs), 3),
                "raw": runs,
            }
        )
    return {
        "benchmark": "startup",
        "command_line": " ".join(["bench/startup.py", *sys.argv[1:]]),
        "machine": info,
        "settings": {"runs": args.runs},
        "checks": checks,
        "rows": rows,
    }


def print_table(result: dict[str, Any]) -> None:
    header = (
        f"{'scenario':9} {'interp':>7} {'imports':>8} {'construct':>9} {'setup_hook':>10} "
        f"{'connect':>8} {'total':>7} {'min':>6} {'max':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        m = row["median_s"]
        print(
            f"{row['scenario']:9} {m['spawn_to_exec']:>7.3f} {m['exec_to_imported']:>8.3f} "
            f"{m['imported_to_constructed']:>9.3f} {m['constructed_to_logged_in']:>10.3f} "
            f"{m['logged_in_to_ready']:>8.3f} {m['total']:>7.3f} {row['min_total_s']:>6.2f} "
            f"{row['max_total_s']:>6.2f}"
        )
    print(
        "\nseconds, median of runs; interp = spawn to the script's first line; setup_hook = "
        "login (store open + migrations + dataset + cogs + sync); connect = gateway to on_ready"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario")
    parser.add_argument("--out", default="startup.json", help="file name under bench/out/")
    parser.add_argument("--child", choices=("parallax", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    if arguments.child:
        child(arguments)
    else:
        outcome = main(arguments)
        sys.path.insert(0, str(HERE))
        from _harness import write_json

        path = write_json(arguments.out, outcome)
        print_table(outcome)
        print(f"\nwrote {path}")
