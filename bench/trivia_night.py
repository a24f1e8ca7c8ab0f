"""Benchmark: a trivia-night round with 1,000 players answering at once.

Two modes:

- ``judge`` (default): feeds every guess straight into ``RoundJudge.submit``, in a shuffled
  arrival order, and times each call. This is the judging logic the bot runs for every
  chat message and modal answer.
- ``loopback``: the real Parallax bot connected to the loopback Discord, a night running
  in a channel, and every player posting in chat at once; measures how long the bot takes
  from the first message sent until every message has been judged.

The guess mix is what a busy night looks like: a third right (with typos, articles and
chatter), half wrong, some hedges ("Roci or Canterbury"), and 50 spammers sending 20
messages each. Send times are spread over three seconds and arrive out of order, and the
winner is checked against the earliest correct snowflake.

    .venv/bin/python bench/trivia_night.py              # judge mode, 1,000 players
    .venv/bin/python bench/trivia_night.py --no-known   # ... without the known names
    .venv/bin/python bench/trivia_night.py --players 5000 --rounds 5
    .venv/bin/python bench/trivia_night.py --mode loopback
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.answers import KnownNames
from bot.trivia import DISCORD_EPOCH_MS, RoundJudge, TriviaQuestion, Verdict, load_known_names

QUESTION = TriviaQuestion(
    key="bench-roci",
    show="expanse",
    prompt="What do Holden's crew rename the Tachi?",
    answers=("Rocinante", "The Rocinante", "Roci"),
    difficulty="easy",
    source="S1E5",
)
RIGHT = [
    "Rocinante",
    "the rocinante",
    "Roci",
    "rocinante!",
    "I think it's the Rocinante",
    "Rocinnate",
    "ROCI",
]
WRONG = [
    "Canterbury",
    "Donnager",
    "Tachi",
    "Razorback",
    "Knight",
    "Anubis",
    "Nauvoo",
    "Pella",
    "Scopuli",
]
HEDGES = ["Roci or Canterbury", "Rocinante, Donnager", "Tachi / Rocinante", "either Pella or Roci"]
SPAMMERS = 50
SPAM_EACH = 20


@dataclass(frozen=True)
class Guess:
    user_id: int
    snowflake: int
    text: str


def snowflake(ms: int, increment: int) -> int:
    return ((ms - DISCORD_EPOCH_MS) << 22) | (increment & 0x3FFFFF)


def make_guesses(players: int, opened_ms: int, rng: random.Random) -> list[Guess]:
    guesses: list[Guess] = []
    increment = 0
    for user in range(1, players + 1):
        spammer = user <= SPAMMERS
        count = SPAM_EACH if spammer else rng.choice((1, 1, 2, 3))
        for _ in range(count):
            increment += 1
            sent = opened_ms + rng.randint(200, 3200)
            roll = rng.random()
            if roll < 0.33:
                text = rng.choice(RIGHT)
            elif roll < 0.85:
                text = rng.choice(WRONG)
            else:
                text = rng.choice(HEDGES)
            # Unique chatter defeats the per-text cache for a share of messages.
            if rng.random() < 0.3:
                text = f"{text} {rng.choice(['lol', 'pls', 'for sure', '?', '!!'])}"
            guesses.append(Guess(user, snowflake(sent, increment), text))
    rng.shuffle(guesses)  # arrival order is not send order
    return guesses


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def shipped_known_names() -> KnownNames:
    """Every name the shipped dataset gives the store, as a night judges with."""
    from _harness import build_template  # imports discord.py: only when judging with names

    from bot.store import Store

    async def load(folder: str) -> KnownNames:
        store = Store(await build_template(Path(folder) / "bench.sqlite3"))
        await store.open()
        known = await load_known_names(store, 0)
        await store.close()
        return known

    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(load(folder))


def run_judge_mode(players: int, rounds: int, seed: int, known: KnownNames | None) -> None:
    rng = random.Random(seed)
    opened_ms = int(time.time() * 1000)
    received = dt.datetime.now(dt.UTC)
    latencies_us: list[float] = []
    uncached_us: list[float] = []  # guesses whose text the round had not judged before
    total = 0
    total_time = 0.0
    verdicts: dict[Verdict, int] = {}
    for _ in range(rounds):
        guesses = make_guesses(players, opened_ms, rng)
        judge = RoundJudge(QUESTION, opened_id=snowflake(opened_ms, 0), seconds=30, known=known)
        started = time.perf_counter()
        for guess in guesses:
            cached = len(judge._cache)
            t0 = time.perf_counter_ns()
            verdict = judge.submit(guess.user_id, guess.snowflake, guess.text, received)
            spent = (time.perf_counter_ns() - t0) / 1000
            latencies_us.append(spent)
            if len(judge._cache) > cached:
                uncached_us.append(spent)
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
        outcome = judge.outcome()
        total_time += time.perf_counter() - started
        total += len(guesses)
        earliest = min(c.snowflake for c in judge.correct)
        assert outcome.winner is not None and outcome.winner.snowflake == earliest
    names = f"{len(known)} known names" if known else "no known names"
    print(f"judge mode: {players} players x {rounds} round(s), {total} messages, {names}")
    print(
        "  verdicts: "
        + ", ".join(f"{v.value}={n}" for v, n in sorted(verdicts.items(), key=lambda kv: -kv[1]))
    )
    print(
        f"  per message: p50 {statistics.median(latencies_us):.1f} µs, "
        f"p99 {percentile(latencies_us, 0.99):.1f} µs, max {max(latencies_us):.0f} µs"
    )
    print(
        f"  first time a text is seen ({len(uncached_us)} messages): "
        f"p50 {statistics.median(uncached_us):.0f} µs, p99 {percentile(uncached_us, 0.99):.0f} µs"
    )
    print(f"  throughput: {total / total_time:,.0f} answers judged per second (one core)")
    print("  winner = earliest correct snowflake: checked every round")


async def run_loopback_mode(players: int, seed: int) -> None:
    import discord

    from bot.clock import ManualClock, system_clock
    from bot.config import Settings
    from loopback import FakeDiscord
    from parallax.bot import Parallax

    rng = random.Random(seed)
    fake = FakeDiscord(
        clock=system_clock, privileged_intents={"message_content"}
    )  # the bot reads chat answers
    await fake.start()
    guild = fake.add_guild("Bench")
    host = guild.add_member("host", permissions=discord.Permissions(manage_guild=True).value)
    members = [guild.add_member(f"p{i}") for i in range(players)]
    clock = ManualClock(dt.datetime.now(dt.UTC))
    intents = discord.Intents.default()
    intents.message_content = True
    with tempfile.TemporaryDirectory() as tmp, fake.patched():
        settings = Settings(
            token=fake.token,
            database_path=Path(tmp) / "bench.sqlite3",
            data_dir=Path(__file__).resolve().parents[1] / "data",
        )
        bot = Parallax(settings, clock=clock, intents=intents)
        async with fake.running(bot):
            await fake.slash(guild, host, "trivianight start", rounds=1, seconds=120, hints=False)
            await fake.wait_for_message(guild.general, predicate=lambda m: "Round 1" in m.text)
            cog = bot.get_cog("TriviaNights")
            runner = cog.runners[guild.id]  # type: ignore[union-attr]
            judge = runner.plan.judge
            answer = judge.question.answer
            texts = [answer if rng.random() < 0.33 else rng.choice(WRONG + HEDGES) for _ in members]
            started = time.perf_counter()
            for member, text in zip(members, texts, strict=True):
                await fake.say(guild.general, member, text)
            sent = time.perf_counter() - started
            while judge.guesses < players:
                await asyncio.sleep(0.005)
                if time.perf_counter() - started > 60:
                    break
            elapsed = time.perf_counter() - started
        print(f"loopback mode: {players} players, one chat message each")
        print(f"  all sent in {sent:.2f} s; all judged {elapsed:.2f} s after the first was sent")
        print(
            f"  throughput: {judge.guesses / elapsed:,.0f} messages/s end to end (gateway included)"
        )
        print(f"  judged {judge.guesses}, right {len(judge.correct)}")
    await fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("judge", "loopback"), default="judge")
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--no-known", action="store_true", help="judge without the shipped known names"
    )
    args = parser.parse_args()
    if args.mode == "judge":
        known = None if args.no_known else shipped_known_names()
        run_judge_mode(args.players, args.rounds, args.seed, known)
    else:
        asyncio.run(run_loopback_mode(args.players, args.seed))


if __name__ == "__main__":
    main()
