"""Benchmark: interaction round trips, Parallax against a bare discord.py bot, under load.

One process, one event loop, one loopback Discord with two shards: the real Parallax bot
(AutoShardedBot, shard 0 of 2) and a bare ``commands.Bot`` whose only command is /ping
(shard 1 of 2) are connected at the same time, each to the guild its shard owns. N
members of a guild fire the same command at once; for each interaction we take

- ack: the emulator queued INTERACTION_CREATE → the initial callback arrived;
- final: → the message the user sees (the callback itself for an immediate reply; for a
  "thinking" deferral, the first followup or edit of @original).

Batches are interleaved (bare, Parallax command, bare, next command, ...) so drift on a
shared machine hits both bots alike. The emulator runs in the same loop as both bots, so
its own work (JSON, payload checks) is inside every figure; ratios are what to compare.

    .venv/bin/python bench/latency.py
    .venv/bin/python bench/latency.py --concurrency 1,50 --rounds 3 --commands about,timeline
    .venv/bin/python bench/latency.py --commands "timeline" --concurrency 200 \
        --profile bench/out/timeline-200.html     # needs pyinstrument in the venv
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import re
import sys
import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    GUILD_READY_TIMEOUT,
    PORTAL_INTENTS,
    BareBot,
    BenchParallax,
    build_template,
    copy_database,
    machine,
    parallax_intents,
    parallax_settings,
    percentile,
    running,
    write_json,
)

from bot.clock import system_clock
from loopback import FakeDiscord, FakeGuild, FakeMember


class Rotation(tuple[str, ...]):
    """An option each interaction takes the next value of, so no two in a run share it:
    /canon answers a claim asked again from a cache, and the judging must be measured."""

    turn = count()

    def next(self) -> str:
        return self[next(self.turn) % len(self)]


# the old labelled set's claims (103, in fans' words): 50 at once judge 50 claims
CLAIMS = Rotation(
    claim["text"]
    for claim in tomllib.loads(
        (Path(__file__).resolve().parents[1] / "tests" / "canon_claims.toml").read_text()
    )["claim"]
)
# Options per command path ("cmd" or "cmd sub"): a list of (label, options). Every leaf
# the bot synced is looked up here; leaves not listed run with no options when they have
# no required option and no default_member_permissions, and are skipped otherwise.
CASES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "about": [("about", {})],
    "timeline": [
        ("timeline year:1969", {"year": 1969}),
        ("timeline search:Jamestown", {"search": "Jamestown"}),
        ("timeline (everything)", {}),
    ],
    "canon": [
        (
            "canon claim:Soviets first on the Moon",
            {"claim": "The Soviets landed on the Moon first"},
        ),
        ("canon, each member another claim", {"claim": CLAIMS}),
    ],
    "parallels": [
        ("parallels", {}),
        ("parallels topic:Mars independence", {"topic": "Mars independence"}),
    ],
    "episode": [
        (
            "episode show:expanse episode:leviathen wakes",
            {"show": "expanse", "episode": "leviathen wakes"},
        ),
        ("episode show:fam season:5", {"show": "fam", "season": 5}),
    ],
    "countdown": [("countdown", {})],
    "timezone show": [("timezone show", {})],
    "timezone set": [("timezone set zone:Europe/Berlin", {"zone": "Europe/Berlin"})],
    "timezone clear": [("timezone clear", {})],
    "trivia": [("trivia", {})],
    "leaderboard": [("leaderboard", {})],
    "trivianight status": [("trivianight status", {})],
    "fact show": [
        ("fact show fact:fam-leonov-first-moon-landing", {"fact": "fam-leonov-first-moon-landing"})
    ],
    "fact search": [("fact search text:Apollo", {"text": "Apollo"})],
    "spoilers status": [("spoilers status", {})],
    "spoilers watched": [
        ("spoilers watched show:fam episode:S1E1", {"show": "fam", "episode": "S1E1"})
    ],
    "spoilers clear": [("spoilers clear", {})],
}
# Leaves left out on purpose, with the reason (the moderator-gated ones are found from
# default_member_permissions in the synced schema and need no entry here).
SKIPPED: dict[str, str] = {
    "announce channel": "moderator-only (checked in code)",
    "announce off": "moderator-only (checked in code)",
    "announce status": "moderator-only (checked in code)",
    "announce events": "moderator-only (checked in code); creates scheduled events",
    "announce subscribe": "stateful: needs /announce channel with a role first",
    "announce unsubscribe": "stateful: needs /announce channel with a role first",
    "trivianight start": "hosts only; one night per channel (stateful)",
    "trivianight stop": "hosts only; needs a running night",
    "trivianight skip": "hosts only; needs a running night",
    "trivianight schedule": "hosts only; plans a night (stateful)",
    "trivianight cancel": "hosts only; needs a planned night",
    "trivianight host-role": "moderator-only (checked in code)",
    "spoilers window": "moderator-only (checked in code)",
    "spoilers channel": "moderator-only (checked in code)",
}
#: Gated by default_member_permissions, but everyday reading for members of a server that
#: opened them (a server override, simulated with ignore_default_permissions).
OPENED_BY_SERVERS = {"fact show", "fact search"}
BARE = "bare /ping"


@dataclass
class Cell:
    """Samples for one (command, concurrency) pair, in milliseconds."""

    ack: list[float] = field(default_factory=list)
    final: list[float] = field(default_factory=list)
    deferred: int = 0
    batches: int = 0
    ephemeral: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        return {
            "n": len(self.ack),
            "batches": self.batches,
            "deferred": self.deferred,
            "ephemeral": self.ephemeral,
            "ack_p50_ms": round(percentile(self.ack, 0.50), 2),
            "ack_p99_ms": round(percentile(self.ack, 0.99), 2),
            "final_p50_ms": round(percentile(self.final, 0.50), 2),
            "final_p99_ms": round(percentile(self.final, 0.99), 2),
            "final_max_ms": round(max(self.final), 2) if self.final else math.nan,
            "errors": dict(self.errors),
        }


def leaves(schema: dict[str, Any], prefix: str = "") -> list[tuple[str, list[dict[str, Any]]]]:
    """Every invocable path of a synced slash command, with its options."""
    name = f"{prefix} {schema['name']}".strip()
    options = schema.get("options") or []
    nested = [o for o in options if o.get("type") in (1, 2)]
    if not nested:
        return [(name, options)]
    found = []
    for option in nested:
        found.extend(leaves(option, name))
    return found


def plan(
    fake: FakeDiscord, wanted: set[str] | None
) -> tuple[list[tuple[str, str, dict[str, Any]]], dict[str, str]]:
    """(path, label, options) to run, and {path: reason} for what is skipped."""
    runs: list[tuple[str, str, dict[str, Any]]] = []
    skipped: dict[str, str] = {}
    for command in sorted(fake.commands.get(None, []), key=lambda c: c["name"]):
        if command.get("type", 1) != 1:
            skipped[command["name"]] = "context menu"
            continue
        gated = command.get("default_member_permissions") is not None
        for path, options in leaves(command):
            if wanted is not None and path.split()[0] not in wanted and path not in wanted:
                continue
            if gated and path in OPENED_BY_SERVERS and path in CASES:
                runs.extend((path, label, opts) for label, opts in CASES[path])
            elif gated:
                skipped[path] = "moderator-only (default_member_permissions)"
            elif path in SKIPPED:
                skipped[path] = SKIPPED[path]
            elif path in CASES:
                runs.extend((path, label, opts) for label, opts in CASES[path])
            elif any(o.get("required") for o in options):
                skipped[path] = "has required options and no entry in CASES"
            else:
                runs.append((path, f"{path} (auto, no options)", {}))
    return runs, skipped


class Recorder:
    """Finds, per interaction token, when the first followup or @original edit arrived."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.seen = 0
        self.completed_at: dict[str, float] = {}
        self.pattern = re.compile(
            rf"/webhooks/{fake.application_id}/([^/]+)(?:/messages/@original)?"
        )

    def scan(self) -> None:
        requests = self.fake.requests
        for request in requests[self.seen :]:
            if request.method in ("POST", "PATCH") and (
                match := self.pattern.fullmatch(request.path)
            ):
                self.completed_at.setdefault(match.group(1), request.at)
        self.seen = len(requests)


async def one(
    fake: FakeDiscord,
    guild: FakeGuild,
    member: FakeMember,
    path: str,
    options: dict[str, Any],
) -> tuple[float, Any]:
    if path in OPENED_BY_SERVERS:
        options = {**options, "ignore_default_permissions": True}
    options = {k: v.next() if isinstance(v, Rotation) else v for k, v in options.items()}
    start = fake.now()  # what follows is synchronous up to queueing the frame
    reply = await fake.slash(guild, member, path, **options)
    return start, reply


async def batch(
    fake: FakeDiscord,
    recorder: Recorder,
    guild: FakeGuild,
    members: list[FakeMember],
    path: str,
    options: dict[str, Any],
    cell: Cell,
) -> None:
    results = await asyncio.gather(
        *(one(fake, guild, m, path, options) for m in members), return_exceptions=True
    )
    recorder.scan()
    for result in results:
        if isinstance(result, BaseException):
            cell.errors[type(result).__name__] += 1
            continue
        start, reply = result
        state = reply.interaction
        if reply.ephemeral:
            cell.ephemeral += 1  # a refusal looks like this; see the JSON before trusting a row
        ack = (state.responded_at - start) * 1000
        if state.response_type == 5:
            cell.deferred += 1
            done = recorder.completed_at.get(state.token)
            if done is None:
                cell.errors["no-final"] += 1
                continue
            final = (done - start) * 1000
        else:
            final = ack
        cell.ack.append(ack)
        cell.final.append(final)


async def quiesce(fake: FakeDiscord, *, cap: float = 300.0) -> None:
    """Wait until both bots are idle before the next batch (they share the loop).

    A slow command can leave the bot busy after the emulator gave up on a reply. Idle
    means: no app-command handler task alive, and three 50 ms windows in a row with no new
    REST request and under 5 ms of loop lag.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + cap
    quiet = 0
    while loop.time() < deadline and quiet < 3:
        count, before = len(fake.requests), loop.time()
        await asyncio.sleep(0.05)
        lag = loop.time() - before - 0.05
        busy = any(t.get_name() == "CommandTree-invoker" for t in asyncio.all_tasks())
        quiet = quiet + 1 if len(fake.requests) == count and lag < 0.005 and not busy else 0


async def settle_batch(fake: FakeDiscord, cell: Cell) -> None:
    """Quiesce, then charge every violation recorded since (late acks arrive late) to `cell`."""
    await quiesce(fake)
    for violation in fake.take_violations():
        cell.errors[f"violation:{violation.kind}"] += 1


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b and not math.isnan(a) and not math.isnan(b) else math.nan


async def main(args: argparse.Namespace) -> dict[str, Any]:
    info = machine()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    levels = [int(x) for x in args.concurrency.split(",")]
    wanted = {w.strip() for w in args.commands.split(",")} if args.commands else None
    workdir = Path(tempfile.mkdtemp(prefix="parallax-bench-"))
    template = await build_template(workdir / "template.sqlite3")
    database = copy_database(template, workdir / "parallax.sqlite3")

    fake = FakeDiscord(
        clock=system_clock,
        shard_count=2,
        settle=args.settle,
        response_timeout=args.response_timeout,
        privileged_intents=PORTAL_INTENTS,
    )
    await fake.start()
    guilds: dict[int, FakeGuild] = {}
    while len(guilds) < 2:  # one guild per shard: (id >> 22) % 2 picks the shard
        guild = fake.add_guild(f"Bench guild {len(fake.guilds)}")
        guilds.setdefault((guild.id >> 22) % 2, guild)
    parallax_guild, bare_guild = guilds[0], guilds[1]
    most = max(levels)
    parallax_members = [parallax_guild.add_member(f"fan{i}") for i in range(most)]
    bare_members = [bare_guild.add_member(f"fan{i}") for i in range(most)]

    profiler = None
    if args.profile:
        try:
            from pyinstrument import Profiler
        except ImportError:
            sys.exit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
        profiler = Profiler(async_mode="disabled", interval=0.0005)

    cells: dict[tuple[str, int], Cell] = {}
    with fake.patched():
        parallax = BenchParallax(
            parallax_settings(fake.token, database),
            intents=parallax_intents(),
            guild_ready_timeout=GUILD_READY_TIMEOUT,
            shard_count=2,
            shard_ids=[0],
        )
        bare = BareBot(
            sync_guild=bare_guild.id,
            guild_ready_timeout=GUILD_READY_TIMEOUT,
            shard_id=1,
            shard_count=2,
        )
        async with running(parallax, fake.token), running(bare, fake.token):
            await fake.wait_until_connected()
            runs, skipped = plan(fake, wanted)
            recorder = Recorder(fake)
            # warm both bots up (first-use imports, statement caches) outside the figures
            warm = Cell()
            for path, _, options in runs:
                await batch(
                    fake, recorder, parallax_guild, parallax_members[:2], path, options, warm
                )
            await batch(fake, recorder, bare_guild, bare_members[:2], "ping", {}, warm)
            await settle_batch(fake, warm)
            print(f"commands: {', '.join(label for _, label, _ in runs)}", file=sys.stderr)
            for path, reason in skipped.items():
                print(f"skipped /{path}: {reason}", file=sys.stderr)
            budget = args.batch_budget
            last_duration: dict[str, tuple[int, float]] = {}  # label -> (level, seconds)
            stopped: dict[tuple[str, int], str] = {}
            for level in levels:
                batches = max(args.rounds, math.ceil(args.samples / level))
                started = time.perf_counter()
                for _ in range(batches):
                    for path, label, options in runs:
                        if (label, level) in stopped:
                            continue
                        previous = last_duration.get(label)
                        if previous is not None and previous[0] != level:
                            projected = previous[1] * level / previous[0]
                            if projected > 2 * budget:
                                stopped[(label, level)] = (
                                    f"not run: one batch at N={previous[0]} took "
                                    f"{previous[1]:.1f}s, so N={level} projects to "
                                    f"{projected:.0f}s (> 2 x --batch-budget {budget:.0f}s)"
                                )
                                continue
                        bare_cell = cells.setdefault((BARE, level), Cell())
                        await batch(
                            fake, recorder, bare_guild, bare_members[:level], "ping", {}, bare_cell
                        )
                        await settle_batch(fake, bare_cell)
                        cell = cells.setdefault((label, level), Cell())
                        if profiler is not None:
                            profiler.start()
                        began = time.perf_counter()
                        await batch(
                            fake,
                            recorder,
                            parallax_guild,
                            parallax_members[:level],
                            path,
                            options,
                            cell,
                        )
                        took = time.perf_counter() - began
                        if profiler is not None:
                            profiler.stop()
                        cell.batches += 1
                        if args.verbose:
                            print(
                                f"  N={level} {label}: {took:.2f}s {dict(cell.errors)}",
                                file=sys.stderr,
                            )
                        last_duration[label] = (level, took)
                        if took > budget:
                            stopped[(label, level)] = (
                                f"stopped after {cell.batches} batch(es): the last took "
                                f"{took:.1f}s (> --batch-budget {budget:.0f}s)"
                            )
                        await settle_batch(fake, cell)
                print(
                    f"concurrency {level}: {batches} batches per command in "
                    f"{time.perf_counter() - started:.1f}s",
                    file=sys.stderr,
                )
    await fake.stop()
    if profiler is not None:
        Path(args.profile).parent.mkdir(parents=True, exist_ok=True)
        Path(args.profile).write_text(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)

    rows = []
    for level in levels:
        base = cells[(BARE, level)].summary()
        rows.append({"command": BARE, "concurrency": level, **base})
        for _, label, _ in runs:
            if (label, level) not in cells:
                rows.append(
                    {
                        "command": label,
                        "concurrency": level,
                        "n": 0,
                        "note": stopped[(label, level)],
                    }
                )
                continue
            summary = cells[(label, level)].summary()
            if (label, level) in stopped:
                summary["note"] = stopped[(label, level)]
            rows.append(
                {
                    "command": label,
                    "concurrency": level,
                    **summary,
                    "ratio_ack_p50": ratio(summary["ack_p50_ms"], base["ack_p50_ms"]),
                    "ratio_ack_p99": ratio(summary["ack_p99_ms"], base["ack_p99_ms"]),
                    "ratio_final_p50": ratio(summary["final_p50_ms"], base["final_p50_ms"]),
                    "ratio_final_p99": ratio(summary["final_p99_ms"], base["final_p99_ms"]),
                }
            )
    return {
        "benchmark": "latency",
        "command_line": " ".join(["bench/latency.py", *sys.argv[1:]]),
        "machine": info,
        "settings": {
            "concurrency": levels,
            "rounds": args.rounds,
            "samples": args.samples,
            "settle_s": args.settle,
            "ack_deadline_s": fake.ack_deadline,
            "response_timeout_s": args.response_timeout,
            "batch_budget_s": args.batch_budget,
        },
        "skipped": skipped,
        "rows": rows,
    }


def print_table(result: dict[str, Any]) -> None:
    header = (
        f"{'command':40} {'N':>4} {'n':>5} {'eph':>4} {'ack p50':>8} {'ack p99':>8} "
        f"{'fin p50':>8} {'fin p99':>8} {'x p50':>6} {'x p99':>6}  notes"
    )
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        if "ack_p50_ms" not in row:
            print(f"{row['command'][:40]:40} {row['concurrency']:>4} {0:>5}  {row['note']}")
            continue
        notes = [f"{k}={v}" for k, v in row["errors"].items() if v]
        if row.get("note"):
            notes.append(row["note"])
        print(
            f"{row['command'][:40]:40} {row['concurrency']:>4} {row['n']:>5} {row['ephemeral']:>4} "
            f"{row['ack_p50_ms']:>8.1f} {row['ack_p99_ms']:>8.1f} {row['final_p50_ms']:>8.1f} "
            f"{row['final_p99_ms']:>8.1f} {row.get('ratio_final_p50', 1.0):>6.2f} "
            f"{row.get('ratio_final_p99', 1.0):>6.2f}  {'; '.join(notes)}"
        )
    print(
        "\nms; ack = dispatch -> initial callback; fin = -> the reply the user sees (followup or "
        "edit for a deferral); x = Parallax fin / bare /ping fin at the same N; eph = ephemeral "
        "replies (a refusal looks like this)"
    )
    for path, reason in result["skipped"].items():
        print(f"skipped /{path}: {reason}")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", default="1,50,200", help="comma-separated member counts")
    parser.add_argument("--rounds", type=int, default=3, help="minimum batches per cell")
    parser.add_argument(
        "--samples",
        type=int,
        default=40,
        help="minimum samples per cell (more batches at low concurrency)",
    )
    parser.add_argument(
        "--commands", default="", help="top-level command names or paths (default: all)"
    )
    parser.add_argument("--settle", type=float, default=0.05, help="emulator quiet time per reply")
    parser.add_argument(
        "--response-timeout",
        type=float,
        default=120.0,
        help="how long the emulator waits for a deferred reply's follow-through",
    )
    parser.add_argument(
        "--batch-budget",
        type=float,
        default=60.0,
        help="stop a command's batches at a level once one takes longer (seconds)",
    )
    parser.add_argument("--verbose", action="store_true", help="print every batch's duration")
    parser.add_argument("--profile", default="", help="write a pyinstrument HTML profile here")
    parser.add_argument("--out", default="latency.json", help="file name under bench/out/")
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse()
    outcome = asyncio.run(main(arguments))
    path = write_json(arguments.out, outcome)
    print_table(outcome)
    print(f"\nwrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
