"""Benchmark: how long one "Is it canon?" check takes as the catalogue grows.

For each size (the shipped dataset, then 1k, 10k and 100k facts) a fresh store is built in
a temporary directory: the shipped dataset plus synthetic facts, loaded through the normal
`catalog.replace_base` (an in-memory `bot.dataset.Dataset`, so no SQL lives here). The
synthetic facts are plausible sentences built from word pools: people, ships, places and
organisations drawn from fixed pools (about 5,000 people, as a large fan wiki would name),
verbs, objects, and years for FAM-style events. Each size then answers the same mix of
claims: half from the labelled table (tests/canon_claims.toml), half written against the
synthetic facts (paraphrased, with a year or a person changed, or about nobody). One
warm-up check fills the catalogue's caches; then every check is timed on its own.

    .venv/bin/python bench/canon_scale.py                    # shipped, 1k, 10k, 100k; 200 claims
    .venv/bin/python bench/canon_scale.py --sizes 1000 --claims 50
    .venv/bin/python bench/canon_scale.py --budget 300       # stop a size after ~300 s of checks
    .venv/bin/python bench/canon_scale.py --sizes 100000 --merge   # add one size to the JSON

Writes bench/out/canon_scale.json.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import platform
import random
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.canon import check_claim
from bot.config import DEFAULT_DATA_DIR
from bot.dataset import Dataset, FactEntry, SourceRef, load_dataset, parse_when
from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_FILE = ROOT / "tests" / "canon_claims.toml"
OUT_FILE = ROOT / "bench" / "out" / "canon_scale.json"
DEFAULT_SIZES = ("shipped", "1000", "10000", "100000")

ONSETS = "b br c ch d dr f g gr h j k kr l m n p pr r s sh st t tr v w z".split()
VOWELS = "a e i o u ai ei ou ia".split()
CODAS = ["", "", "n", "r", "s", "l", "k", "th", "m", "x"]
ROLES = [
    "commander",
    "engineer",
    "pilot",
    "flight director",
    "medic",
    "mechanic",
    "detective",
    "ambassador",
    "cosmonaut",
    "astronaut",
]
ORGS = [
    "NASA",
    "Roscosmos",
    "Helios Aerospace",
    "the OPA",
    "the MCRN",
    "the UN Navy",
    "Star Helix",
    "Protogen",
    "the Free Navy",
    "the M-7 Alliance",
]
PLACE_KINDS = ["Station", "Base", "Crater", "Colony", "Outpost", "Habitat", "Ridge", "Yard"]
SHIP_PREFIX = ["", "", "MCRN ", "UNN ", "LDSS ", "OPAS "]
VERBS = [
    "commands",
    "repairs",
    "destroys",
    "rescues",
    "abandons",
    "boards",
    "sabotages",
    "discovers",
    "defends",
    "escapes from",
    "lands near",
    "docks with",
]
OBJECTS = [
    "the reactor",
    "the main drive",
    "a stolen data core",
    "the comms array",
    "the landing pad",
    "a cargo of water ice",
    "the lithium mine",
    "the torpedo bay",
    "an alien artefact",
    "the escape pod",
]
REASONS = [
    "to save the crew",
    "after a solar flare",
    "against direct orders",
    "during a mutiny",
    "as a diversion",
    "to stop a blockade",
    "before the evacuation",
    "while under fire",
]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


@dataclasses.dataclass(frozen=True)
class Pools:
    people: list[str]
    ships: list[str]
    places: list[str]

    @classmethod
    def build(cls, seed: int = 7) -> Pools:
        rng = random.Random(seed)
        firsts = sorted({_word(rng, rng.choice((1, 2))) for _ in range(90)})
        lasts = sorted({_word(rng, rng.choice((2, 3))) for _ in range(90)})
        people = [f"{f} {s}" for f in firsts for s in lasts]
        rng.shuffle(people)
        ships = sorted({rng.choice(SHIP_PREFIX) + _word(rng, 3) for _ in range(300)})
        places = sorted({f"{_word(rng, 2)} {rng.choice(PLACE_KINDS)}" for _ in range(200)})
        return cls(people[:5000], ships, places)


def synthetic_fact(index: int, rng: random.Random, pools: Pools) -> FactEntry:
    """One plausible fact: a person does something to a ship or place, for a reason."""
    show = "fam" if index % 2 == 0 else "expanse"
    person, other = rng.sample(pools.people, 2)
    ship, place = rng.choice(pools.ships), rng.choice(pools.places)
    role, org = rng.choice(ROLES), rng.choice(ORGS)
    verb, obj, reason = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(REASONS)
    template = index % 4
    if template == 0:
        text = f"{person}, {role} of {org}, {verb} the {ship} at {place} {reason}."
        tags = (person, ship, place, org)
    elif template == 1:
        text = f"{person} and {other} {verb} {obj} aboard the {ship} {reason}."
        tags = (person, other, ship)
    elif template == 2:
        text = f"At {place}, {person} {verb} {obj}; {other} is left in charge of the {ship}."
        tags = (person, other, place, ship)
    else:
        text = f"{person} becomes {role} of {place} after {other} {verb} {obj}."
        tags = (person, other, place)
    when = None
    if show == "fam":
        when = parse_when(str(rng.randint(1965, 2012)))
    return FactEntry(
        key=f"bench-{index:06d}",
        show=show,
        universe=show,
        kind="event" if when else "fact",
        text=text,
        correction="",
        when=when,
        tags=tuple(t.removeprefix("the ") for t in tags),
        source=SourceRef(show, None, None, "Synthetic benchmark fact", "https://bench.invalid/"),
        spoiler=True,
    )


def synthetic_claims(facts: list[FactEntry], rng: random.Random, pools: Pools, n: int) -> list[str]:
    """Claims against the synthetic facts: paraphrased, a detail changed, or about nobody."""
    claims = []
    for i in range(n):
        fact = rng.choice(facts)
        words = fact.text.rstrip(".").split()
        mode = i % 4
        if mode == 0:  # the first clause, casually
            claims.append(" ".join(words[: max(4, len(words) * 2 // 3)]).lower())
        elif mode == 1 and fact.when:  # another year
            claims.append(f"{' '.join(words[:8])} in {fact.when.year_from + rng.randint(1, 9)}")
        elif mode in (1, 2):  # another person
            swapped = fact.text.replace(fact.tags[0], rng.choice(pools.people), 1)
            claims.append(swapped.rstrip("."))
        else:  # nobody the store knows
            claims.append(
                f"{_word(rng, 2)} {_word(rng, 3)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            )
    return claims


def build_dataset(base: Dataset, total: int | None, pools: Pools, seed: int) -> Dataset:
    if total is None or total <= len(base.facts):
        return base
    rng = random.Random(seed)
    extra = [synthetic_fact(i, rng, pools) for i in range(total - len(base.facts))]
    return dataclasses.replace(
        base, facts=base.facts + tuple(extra), content_hash=f"{base.content_hash}-bench-{total}"
    )


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


async def measure(
    label: str,
    dataset: Dataset,
    claims: list[str],
    budget: float | None,
    min_claims: int,
    workdir: Path,
) -> dict[str, object]:
    store = Store(workdir / f"canon-{label}.sqlite3")
    await store.open()
    try:
        started = time.perf_counter()
        await store.catalog.replace_base(dataset)
        load_s = time.perf_counter() - started
        tags = len(await store.catalog.tag_universes(0))
        started = time.perf_counter()
        await check_claim(store, 0, "warm up: who commands the station")
        warmup_ms = (time.perf_counter() - started) * 1000
        times: list[float] = []
        spent = 0.0
        for claim in claims:
            started = time.perf_counter()
            await check_claim(store, 0, claim)
            elapsed = time.perf_counter() - started
            times.append(elapsed * 1000)
            spent += elapsed
            if budget is not None and spent > budget and len(times) >= min_claims:
                break
    finally:
        await store.close()
    ordered = sorted(times)
    return {
        "size": label,
        "facts": len(dataset.facts),
        "distinct_tags": tags,
        "load_s": round(load_s, 2),
        "warmup_ms": round(warmup_ms, 1),
        "claims_timed": len(times),
        "claims_planned": len(claims),
        "budget_s": budget,
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p90_ms": round(percentile(ordered, 0.90), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


async def run(
    sizes: list[str], n_claims: int, budget: float | None, min_claims: int, seed: int
) -> list[dict]:
    base = load_dataset(DEFAULT_DATA_DIR)
    pools = Pools.build(seed)
    table = [c["text"] for c in tomllib.loads(CLAIMS_FILE.read_text("utf-8"))["claim"]]
    results = []
    with tempfile.TemporaryDirectory(prefix="canon-scale-") as tmp:
        for size in sizes:
            total = None if size == "shipped" else int(size)
            dataset = build_dataset(base, total, pools, seed)
            rng = random.Random(seed + len(dataset.facts))
            synthetic = [f for f in dataset.facts if f.key.startswith("bench-")]
            from_table = [table[i % len(table)] for i in range(n_claims // 2)]
            if synthetic:
                mine = synthetic_claims(synthetic, rng, pools, n_claims - len(from_table))
            else:
                mine = [table[i % len(table)] for i in range(len(from_table), n_claims)]
            claims = from_table + mine
            rng.shuffle(claims)
            print(f"[{size}] {len(dataset.facts)} facts, {len(claims)} claims…", flush=True)
            result = await measure(size, dataset, claims, budget, min_claims, Path(tmp))
            print(f"    p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms", flush=True)
            results.append(result)
    return results


def print_table(results: list[dict]) -> None:
    header = (
        f"{'size':>8} {'facts':>7} {'tags':>6} {'load s':>7} {'timed':>6} "
        f"{'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        timed = f"{r['claims_timed']}/{r['claims_planned']}"
        print(
            f"{r['size']:>8} {r['facts']:>7} {r['distinct_tags']:>6} {r['load_s']:>7} "
            f"{timed:>6} {r['p50_ms']:>8} {r['p90_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--claims", type=int, default=200, help="claims per size")
    parser.add_argument(
        "--budget", type=float, default=None, help="seconds of checks per size before stopping"
    )
    parser.add_argument(
        "--min-claims", type=int, default=20, help="claims timed per size even over budget"
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep other sizes already in the output file"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results = asyncio.run(run(args.sizes, args.claims, args.budget, args.min_claims, args.seed))
    if args.merge and OUT_FILE.exists():
        measured = {r["size"] for r in results}
        kept = [r for r in json.loads(OUT_FILE.read_text("utf-8"))["results"]]
        order = {size: i for i, size in enumerate(DEFAULT_SIZES)}
        results = sorted(
            [r for r in kept if r["size"] not in measured] + results,
            key=lambda r: (order.get(r["size"], 99), r["facts"]),
        )
    print()
    print_table(results)
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(
        json.dumps(
            {
                "bench": "canon_scale",
                "python": platform.python_version(),
                "machine": platform.machine(),
                "claims_per_size": args.claims,
                "results": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {OUT_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
