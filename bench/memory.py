"""Benchmark: resident memory of the bot process with 1, 100 and 1,000 guilds.

The loopback Discord runs in this (parent) process with the guilds added before the bot
connects, so they all arrive in READY and then one GUILD_CREATE each. Every measurement
starts a fresh child process running one bot (Parallax, or a bare ``commands.Bot`` with
one /ping command) pointed at the loopback through the two documented discord.py knobs.
The child reads its own ``VmRSS`` / ``VmHWM`` from /proc/self/status (psutil is not a
dependency), so the emulator's memory is not in the figures.

    .venv/bin/python bench/memory.py
    .venv/bin/python bench/memory.py --guilds 1,100,1000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def child(args: argparse.Namespace) -> None:
    """Run one bot until ready, report memory as one JSON line on stdout, and exit."""
    import gc

    def proc_status_kib(field: str) -> int:  # stdlib only: _harness imports discord.py
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise KeyError(field)

    report: dict[str, Any] = {"rss_start_kib": proc_status_kib("VmRSS")}
    sys.path.insert(0, str(HERE))
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from _harness import (
        GUILD_READY_TIMEOUT,
        BareBot,
        BenchParallax,
        parallax_intents,
        parallax_settings,
        point_discord_at,
        running,
    )

    report["rss_imported_kib"] = proc_status_kib("VmRSS")

    async def run() -> None:
        point_discord_at(args.http_base, args.ws_url)
        if args.child == "parallax":
            bot: Any = BenchParallax(
                parallax_settings(args.token, Path(args.database)),
                intents=parallax_intents(),
                guild_ready_timeout=GUILD_READY_TIMEOUT,
            )
        else:
            bot = BareBot(guild_ready_timeout=GUILD_READY_TIMEOUT)
        began = time.perf_counter()
        async with running(bot, args.token, timeout=120):
            report["connect_to_ready_s"] = round(time.perf_counter() - began, 3)
            report["guilds_seen"] = len(bot.guilds)
            await asyncio.sleep(args.idle)  # let startup garbage go and background tasks settle
            gc.collect()
            report["rss_ready_kib"] = proc_status_kib("VmRSS")
            report["hwm_kib"] = proc_status_kib("VmHWM")

    asyncio.run(run())
    print(json.dumps(report), flush=True)


async def measure(
    kind: str, guilds: int, template: Path, workdir: Path, idle: float, world: int
) -> dict[str, Any]:
    from _harness import PORTAL_INTENTS, copy_database

    from bot.clock import system_clock
    from loopback import FakeDiscord

    fake = FakeDiscord(clock=system_clock, privileged_intents=PORTAL_INTENTS)
    await fake.start()
    began = time.perf_counter()
    for index in range(guilds):
        guild = fake.add_guild(f"Guild {index}")
        for extra in range(world):  # a small real server: a few channels and roles
            guild.add_channel(f"channel-{extra}")
            guild.add_role(f"role-{extra}")
    build_s = time.perf_counter() - began
    database = copy_database(template, workdir / f"{kind}-{guilds}.sqlite3")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--http-base",
        fake.http_base,
        "--ws-url",
        fake.ws_url,
        "--token",
        fake.token,
        "--database",
        str(database),
        "--idle",
        str(idle),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    stdout, stderr = await process.communicate()
    await fake.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{kind} with {guilds} guilds failed:\n{stderr.decode()[-3000:]}")
    report = json.loads(stdout.decode().strip().splitlines()[-1])
    report["emulator_world_build_s"] = round(build_s, 3)
    violations = [v.kind for v in fake.violations]
    if violations:
        report["violations"] = violations
    return report


async def main(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from _harness import build_template, machine

    info = machine()
    levels = [int(x) for x in args.guilds.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="parallax-memory-"))
    template = await build_template(workdir / "template.sqlite3")
    samples: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for _ in range(args.runs):
        for guilds in levels:
            for kind in ("bare", "parallax"):  # interleaved: drift hits both alike
                report = await measure(kind, guilds, template, workdir, args.idle, args.world)
                samples.setdefault((kind, guilds), []).append(report)
                print(f"{kind:9} {guilds:>5} guilds: {report}", file=sys.stderr)
    rows = []
    for guilds in levels:
        for kind in ("bare", "parallax"):
            runs = samples[(kind, guilds)]

            def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
                return statistics.median(r[key] for r in runs)

            rows.append(
                {
                    "bot": kind,
                    "guilds": guilds,
                    "runs": len(runs),
                    "rss_start_mib": round(median("rss_start_kib") / 1024, 1),
                    "rss_imported_mib": round(median("rss_imported_kib") / 1024, 1),
                    "rss_ready_mib": round(median("rss_ready_kib") / 1024, 1),
                    "hwm_mib": round(median("hwm_kib") / 1024, 1),
                    "connect_to_ready_s": round(median("connect_to_ready_s"), 3),
                    "guilds_seen": runs[0]["guilds_seen"],
                    "raw": runs,
                }
            )
    by = {(r["bot"], r["guilds"]): r for r in rows}
    for guilds in levels:
        parallax, bare = by[("parallax", guilds)], by[("bare", guilds)]
        parallax["ratio_rss_ready_to_bare"] = round(
            parallax["rss_ready_mib"] / bare["rss_ready_mib"], 2
        )
        parallax["extra_over_bare_mib"] = round(
            parallax["rss_ready_mib"] - bare["rss_ready_mib"], 1
        )
    return {
        "benchmark": "memory",
        "command_line": " ".join(["bench/memory.py", *sys.argv[1:]]),
        "machine": info,
        "settings": {
            "guilds": levels,
            "runs": args.runs,
            "idle_s": args.idle,
            "extra_channels_and_roles_per_guild": args.world,
        },
        "rows": rows,
    }


def print_table(result: dict[str, Any]) -> None:
    header = (
        f"{'bot':9} {'guilds':>6} {'start':>7} {'imported':>9} {'ready':>7} {'peak':>7} "
        f"{'x bare':>7} {'ready in':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        print(
            f"{row['bot']:9} {row['guilds']:>6} {row['rss_start_mib']:>7.1f} "
            f"{row['rss_imported_mib']:>9.1f} {row['rss_ready_mib']:>7.1f} {row['hwm_mib']:>7.1f} "
            f"{row.get('ratio_rss_ready_to_bare', 1.0):>7.2f} {row['connect_to_ready_s']:>8.2f}s"
        )
    print(
        "\nMiB (median of runs); start = interpreter only, imported = after importing discord.py "
        "and the bot, ready = after on_ready + idle + gc, peak = VmHWM; ready in = login to "
        "on_ready (setup_hook included)"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guilds", default="1,100,1000", help="comma-separated guild counts")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per cell")
    parser.add_argument("--idle", type=float, default=1.0, help="seconds idle after ready")
    parser.add_argument(
        "--world",
        type=int,
        default=5,
        help="extra text channels and roles per guild (besides #general, @everyone, the bot's)",
    )
    parser.add_argument("--out", default="memory.json", help="file name under bench/out/")
    parser.add_argument("--child", choices=("parallax", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--http-base", help=argparse.SUPPRESS)
    parser.add_argument("--ws-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    if arguments.child:
        child(arguments)
    else:
        outcome = asyncio.run(main(arguments))
        sys.path.insert(0, str(HERE))
        from _harness import write_json

        path = write_json(arguments.out, outcome)
        print_table(outcome)
        print(f"\nwrote {path}")
