"""Benchmark: timeline search, autocomplete and canon checks as the catalogue grows.

For each size (1k, 10k and 100k facts by default) a fresh store is built in a temporary
directory: the shipped dataset plus synthetic facts from `bench/canon_scale.py` (same word
pools, same generator), loaded through the normal `catalog.replace_base`. Each size then
times three operations, every call on its own:

- timeline search: `build_timeline` with `TimelineQuery(search=term, show="both")`, the
  terms drawn from names (tags) and words of the loaded facts, half from the shipped
  facts and half from the synthetic ones;
- autocomplete: `autocomplete_terms` with prefixes of 1–6 letters of those names;
- canon check: `check_claim`, half the labelled claims (tests/canon_claims.toml), half
  written against the synthetic facts, as `bench/canon_scale.py` does.

The catalogue caches results until the next write (`total_changes()`), and `check_claim`
caches repeated claims: every query, prefix and claim in a run is distinct, so nothing is
answered from a result cache (the per-store name list that autocomplete filters *is*
cached, as it is in the bot). One warm-up call per operation is timed apart.

    .venv/bin/python bench/store_scale.py                      # 1k, 10k, 100k; 200 each
    .venv/bin/python bench/store_scale.py --sizes 1000 --queries 50
    .venv/bin/python bench/store_scale.py --plot-only          # redraw the PNG from the JSON

Writes bench/out/store_scale.json and draws bench/store_scale.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from canon_scale import (  # noqa: E402
    CLAIMS_FILE,
    Pools,
    build_dataset,
    percentile,
    synthetic_claims,
)
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from bot.canon import check_claim  # noqa: E402
from bot.config import DEFAULT_DATA_DIR  # noqa: E402
from bot.dataset import Dataset, FactEntry, load_dataset  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.timeline import TimelineQuery, autocomplete_terms, build_timeline  # noqa: E402

OUT_FILE = ROOT / "bench" / "out" / "store_scale.json"
PLOT_FILE = ROOT / "bench" / "store_scale.png"
FONTS = ROOT / "bot" / "fonts"
DEFAULT_SIZES = (1000, 10000, 100000)
OPERATIONS = ("timeline search", "autocomplete", "canon check")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
STOPWORDS = {"that", "with", "from", "this", "their", "they", "after", "into", "when", "where"}


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def _terms_of(facts: list[FactEntry], rng: random.Random, want: int, taken: set[str]) -> list[str]:
    """Distinct search terms from these facts: alternately a tag (a name) and a word."""
    terms: list[str] = []
    attempts = 0
    while len(terms) < want and attempts < want * 50:
        attempts += 1
        fact = rng.choice(facts)
        if attempts % 2 and fact.tags:
            term = rng.choice(fact.tags)
        else:
            words = [w for w in WORD.findall(fact.text) if w.casefold() not in STOPWORDS]
            if not words:
                continue
            term = rng.choice(words)
        if term.casefold() not in taken:
            taken.add(term.casefold())
            terms.append(term)
    return terms


def search_terms(dataset: Dataset, rng: random.Random, n: int) -> list[str]:
    shipped = [f for f in dataset.facts if not f.key.startswith("bench-")]
    synthetic = [f for f in dataset.facts if f.key.startswith("bench-")]
    taken: set[str] = set()
    terms = _terms_of(shipped, rng, n // 2, taken)
    terms += _terms_of(synthetic or shipped, rng, n - len(terms), taken)
    rng.shuffle(terms)
    return terms


def prefixes(dataset: Dataset, rng: random.Random, n: int) -> list[str]:
    """Distinct prefixes (1–6 letters, as typed: lower case) of names in the data."""
    names = sorted({t for f in dataset.facts for t in f.tags if t[:1].isalpha()})
    found: list[str] = []
    taken: set[str] = set()
    attempts = 0
    while len(found) < n and attempts < n * 100:
        attempts += 1
        name = rng.choice(names)
        prefix = name[: rng.randint(1, 6)].casefold().strip()
        if prefix and prefix not in taken:
            taken.add(prefix)
            found.append(prefix)
    return found


def claims_for(dataset: Dataset, rng: random.Random, pools: Pools, n: int) -> list[str]:
    table = [c["text"] for c in tomllib.loads(CLAIMS_FILE.read_text("utf-8"))["claim"]]
    from_table = list(dict.fromkeys(table))[: n // 2]
    synthetic = [f for f in dataset.facts if f.key.startswith("bench-")]
    mine = synthetic_claims(synthetic, rng, pools, (n - len(from_table)) * 2)
    seen = {" ".join(c.casefold().split()) for c in from_table}
    claims = list(from_table)
    for claim in mine:
        key = " ".join(claim.casefold().split())
        if key not in seen and len(claims) < n:
            seen.add(key)
            claims.append(claim)
    rng.shuffle(claims)
    return claims


def summary(times: list[float], warmup_ms: float) -> dict[str, float | int]:
    ordered = sorted(times)
    return {
        "count": len(ordered),
        "warmup_ms": round(warmup_ms, 2),
        "p50_ms": round(percentile(ordered, 0.50), 2),
        "p90_ms": round(percentile(ordered, 0.90), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


async def timed(
    calls: list[str], warmup: str, call: Callable[[str], Awaitable[object]]
) -> dict[str, float | int]:
    started = time.perf_counter()
    await call(warmup)
    warmup_ms = (time.perf_counter() - started) * 1000
    times = []
    for argument in calls:
        started = time.perf_counter()
        await call(argument)
        times.append((time.perf_counter() - started) * 1000)
    return summary(times, warmup_ms)


async def measure(size: int, base: Dataset, pools: Pools, n: int, seed: int, workdir: Path) -> dict:
    dataset = build_dataset(base, size, pools, seed)
    rng = random.Random(seed + len(dataset.facts))
    terms = search_terms(dataset, rng, n)
    starts = prefixes(dataset, rng, n)
    claims = claims_for(dataset, rng, pools, n)
    store = Store(workdir / f"store-{size}.sqlite3")
    await store.open()
    try:
        started = time.perf_counter()
        await store.catalog.replace_base(dataset)
        load_s = time.perf_counter() - started
        names = len(await store.catalog.tags(0))
        found: list[bool] = []

        async def search(term: str) -> None:
            timeline = await build_timeline(store, 0, TimelineQuery(search=term, show="both"))
            found.append(not timeline.empty)

        results = {
            "timeline search": await timed(terms, "warm-up zzqx", search),
            "autocomplete": await timed(starts, "", lambda p: autocomplete_terms(store, 0, p)),
            "canon check": await timed(
                claims, "warm up: who commands the station", lambda c: check_claim(store, 0, c)
            ),
        }
        results["timeline search"]["with_results"] = sum(found[1:])  # [0] is the warm-up
    finally:
        await store.close()
    return {
        "facts": len(dataset.facts),
        "distinct_names": names,
        "load_s": round(load_s, 2),
        "load_average": load_average(),
        "operations": results,
    }


def print_table(results: list[dict]) -> None:
    header = f"{'facts':>8}  {'operation':<16} {'n':>4} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        for name in OPERATIONS:
            o = r["operations"][name]
            print(
                f"{r['facts']:>8,}  {name:<16} {o['count']:>4} {o['p50_ms']:>8} "
                f"{o['p90_ms']:>8} {o['p99_ms']:>8} {o['max_ms']:>8}"
            )


# --- the plot: three panels (one per operation), p50 and p99 against facts, log x ----------

BACKGROUND, INK, GRID, MUTED = (255, 255, 255), (32, 34, 37), (225, 227, 230), (110, 114, 120)
P50_COLOUR, P99_COLOUR = (52, 120, 200), (214, 82, 62)


def nice_top(value: float) -> tuple[float, float]:
    """A round axis top at or above `value`, and its tick step."""
    if value <= 0:
        return 1.0, 0.25
    magnitude = 10 ** math.floor(math.log10(value))
    for factor, step in ((1, 0.25), (2, 0.5), (2.5, 0.5), (5, 1), (10, 2.5)):
        if value <= factor * magnitude:
            return factor * magnitude, step * magnitude
    return 10 * magnitude, 2.5 * magnitude


def draw_plot(data: dict, path: Path) -> int:
    results = sorted(data["results"], key=lambda r: r["facts"])
    width, height, panel_w = 1200, 460, 360
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 15)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 13)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 17)
    title = "Store scaling: p50 and p99 per call vs facts in the catalogue (log x)"
    draw.text((width // 2, 14), title, INK, bold, anchor="ma")
    facts = [r["facts"] for r in results]
    lo, hi = math.log10(min(facts)), math.log10(max(facts))
    top, bottom = 80, 360
    for index, name in enumerate(OPERATIONS):
        left = 40 + index * (panel_w + 35) + 45
        right = left + panel_w - 60
        p50 = [r["operations"][name]["p50_ms"] for r in results]
        p99 = [r["operations"][name]["p99_ms"] for r in results]
        y_top, step = nice_top(max(p99) * 1.05)
        draw.text(((left + right) // 2, 50), name, INK, bold, anchor="ma")

        def x_of(n: float, left: int = left, right: int = right) -> float:
            share = 0.5 if hi == lo else (math.log10(n) - lo) / (hi - lo)
            return left + 15 + share * (right - left - 30)

        def y_of(ms: float, y_top: float = y_top) -> float:
            return bottom - ms / y_top * (bottom - top)

        ticks = round(y_top / step)
        for t in range(ticks + 1):
            value = t * step
            y = y_of(value)
            draw.line([(left, y), (right, y)], GRID, 1)
            label = f"{value:g}"
            draw.text((left - 6, y), label, MUTED, small, anchor="rm")
        draw.line([(left, top), (left, bottom), (right, bottom)], INK, 1)
        for n in facts:
            x = x_of(n)
            draw.line([(x, bottom), (x, bottom + 5)], INK, 1)
            draw.text((x, bottom + 8), f"{n:,}", INK, small, anchor="ma")
        draw.text(((left + right) // 2, bottom + 28), "facts", MUTED, small, anchor="ma")
        draw.text((left - 40, top - 22), "ms", MUTED, small, anchor="la")
        series = ((p99, P99_COLOUR), (p50, P50_COLOUR))
        for values, colour in series:
            points = [(x_of(n), y_of(v)) for n, v in zip(facts, values, strict=True)]
            draw.line(points, colour, 3, joint="curve")
            for x, y in points:
                draw.ellipse((x - 5, y - 5, x + 5, y + 5), colour, BACKGROUND, 2)
        for values, colour in series:  # labels last, so no line crosses them
            for n, v in zip(facts, values, strict=True):
                x, y = x_of(n), y_of(v)
                if colour == P99_COLOUR:
                    where, anchor = (x, y - 9), "md"
                elif y + 24 < bottom:
                    where, anchor = (x, y + 9), "ma"
                else:
                    where, anchor = (x + 9, y - 4), "ld"
                halo = {"stroke_width": 3, "stroke_fill": BACKGROUND}
                draw.text(where, f"{v:.3g}", colour, small, anchor=anchor, **halo)
    legend_y = height - 22
    for offset, (label, colour) in enumerate((("p50", P50_COLOUR), ("p99", P99_COLOUR))):
        x = 60 + offset * 120
        draw.line([(x, legend_y), (x + 30, legend_y)], colour, 3)
        draw.text((x + 38, legend_y), label, INK, regular, anchor="lm")
    load = f"load average {data.get('load_average_before', '?')} before, "
    load += f"{data.get('load_average_after', '?').split(' (')[0]} after"
    draw.text((width - 12, legend_y), load, MUTED, small, anchor="rm")
    image = image.quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    return path.stat().st_size


async def run(sizes: list[int], n: int, seed: int) -> list[dict]:
    base = load_dataset(DEFAULT_DATA_DIR)
    pools = Pools.build(seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="store-scale-") as tmp:
        for size in sizes:
            print(f"[{size:,}] load average {load_average()}…", flush=True)
            result = await measure(size, base, pools, n, seed, Path(tmp))
            for name in OPERATIONS:
                o = result["operations"][name]
                print(f"    {name}: p50 {o['p50_ms']} ms, p99 {o['p99_ms']} ms", flush=True)
            results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--queries", type=int, default=200, help="calls per operation per size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plot-only", action="store_true", help="redraw the PNG from the JSON")
    args = parser.parse_args()
    if args.plot_only:
        data = json.loads(OUT_FILE.read_text("utf-8"))
    else:
        before = load_average()
        results = asyncio.run(run(args.sizes, args.queries, args.seed))
        data = {
            "bench": "store_scale",
            "python": platform.python_version(),
            "machine": platform.machine(),
            "calls_per_operation": args.queries,
            "load_average_before": before,
            "load_average_after": load_average(),
            "results": results,
        }
        OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
        OUT_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print()
    print_table(data["results"])
    size = draw_plot(data, PLOT_FILE)
    if not args.plot_only:
        print(f"\nwrote {OUT_FILE.relative_to(ROOT)}")
    print(f"drew {PLOT_FILE.relative_to(ROOT)} ({size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
