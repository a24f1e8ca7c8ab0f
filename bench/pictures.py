"""Benchmark: how long the timeline picture takes to render, and how big it is.

Takes the shipped dataset's whole timeline and renders subsets of 10, 50 and 200 events
(half from each show where it can, evenly spread, parallels kept), uncached, `--runs`
times each; prints p50 / p99 render time and the PNG size. Then the cache hit time, the
worst event-loop stall seen while pictures render in worker threads, and the trivia
results card.

    .venv/bin/python bench/pictures.py
    .venv/bin/python bench/pictures.py --runs 200
    .venv/bin/python bench/pictures.py --docs   # also rewrite docs/timeline-example*.png
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from bot import pictures  # noqa: E402
from bot.config import DEFAULT_DATA_DIR  # noqa: E402
from bot.dataset import load_dataset  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.timeline import Timeline, TimelineQuery, build_timeline  # noqa: E402

SIZES = (10, 50, 200)
DISCORD_LIGHT, DISCORD_DARK = (255, 255, 255), (49, 51, 56)


async def full_timeline() -> Timeline:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        await store.open()
        try:
            await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
            return await build_timeline(store, 0, TimelineQuery())
        finally:
            await store.close()


def spread(items: tuple, count: int) -> tuple:
    if count >= len(items):
        return items
    step = len(items) / count
    return tuple(items[int(i * step)] for i in range(count))


def subset(timeline: Timeline, events: int) -> Timeline:
    fam_count = min(len(timeline.fam), events // 2)
    expanse_count = min(len(timeline.expanse), events - fam_count)
    fam_count = min(len(timeline.fam), events - expanse_count)
    return Timeline(
        timeline.query,
        spread(timeline.fam, fam_count),
        spread(timeline.expanse, expanse_count),
    )


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def time_renders(timeline: Timeline, runs: int) -> tuple[list[float], int]:
    pictures.render_timeline(timeline)  # warm the fonts of this thread
    samples = []
    data = b""
    for _ in range(runs):
        start = time.perf_counter()
        data = pictures.render_timeline(timeline)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, len(data)


async def loop_stall(timelines: list[Timeline]) -> float:
    """The longest gap between 5 ms ticks of the event loop while the pictures render."""
    pictures.cache.clear()
    worst = 0.0
    done = False

    async def ticker() -> None:
        nonlocal worst
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            worst = max(worst, (now - last) * 1000 - 5)
            last = now

    task = asyncio.create_task(ticker())
    await asyncio.gather(*(pictures.timeline_picture_async(t) for t in timelines))
    done = True
    await task
    return worst


def write_docs(timeline: Timeline) -> None:
    data = pictures.render_timeline(timeline)
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    for name, colour in (
        ("timeline-example.png", DISCORD_LIGHT),
        ("timeline-example-dark.png", DISCORD_DARK),
    ):
        sheet = Image.new("RGB", (picture.width + 80, picture.height + 80), colour)
        sheet.paste(picture, (40, 40))
        sheet.save(docs / name, "PNG", optimize=True)
        print(f"wrote docs/{name} ({(docs / name).stat().st_size / 1024:.0f} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--docs", action="store_true", help="rewrite docs/timeline-example*.png")
    args = parser.parse_args()
    timeline = asyncio.run(full_timeline())
    print(
        f"dataset timeline: {len(timeline.fam)} For All Mankind + {len(timeline.expanse)} "
        f"Expanse events; canvas {pictures.WIDTH}×{pictures.HEIGHT}, "
        f"drawn at ×{pictures.SUPERSAMPLE}; {args.runs} uncached renders each"
    )
    print(f"{'events':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'PNG KB':>8}")
    for events in SIZES:
        part = subset(timeline, events)
        samples, size = time_renders(part, args.runs)
        print(
            f"{len(part.fam) + len(part.expanse):>7} {statistics.median(samples):>8.1f} "
            f"{percentile(samples, 99):>8.1f} {max(samples):>8.1f} {size / 1024:>8.1f}"
        )
    whole, size = time_renders(timeline, max(5, args.runs // 4))
    print(
        f"{len(timeline.fam) + len(timeline.expanse):>7} {statistics.median(whole):>8.1f} "
        f"{percentile(whole, 99):>8.1f} {max(whole):>8.1f} {size / 1024:>8.1f}  (whole dataset)"
    )

    pictures.cache.clear()
    pictures.timeline_picture(timeline)
    start = time.perf_counter()
    for _ in range(1000):
        pictures.timeline_picture(timeline)
    hit = (time.perf_counter() - start) / 1000 * 1000
    print(f"cache hit (hash the events, look up): {hit:.2f} ms")

    for together in (1, 2, 6):  # the cog lets 2 render at once (RENDERS_AT_ONCE)
        stalls = [
            asyncio.run(loop_stall([subset(timeline, 200 + i) for i in range(together)]))
            for _ in range(5)
        ]
        print(
            f"event-loop stall while {together} picture(s) render in threads: median of 5 "
            f"worst gaps {statistics.median(stalls):.1f} ms (max {max(stalls):.1f} ms)"
        )

    scores = [(f"Player {i}", 40 - 3 * i) for i in range(12)]
    card_samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        card = pictures.render_results_card(scores, ("Player 0", 2.4), "Trivia night")
        card_samples.append((time.perf_counter() - start) * 1000)
    print(
        f"results card (10 rows): p50 {statistics.median(card_samples):.1f} ms, "
        f"p99 {percentile(card_samples, 99):.1f} ms, {len(card) / 1024:.1f} KB"
    )
    if args.docs:
        write_docs(timeline)


if __name__ == "__main__":
    main()
