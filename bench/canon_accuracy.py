"""Benchmark: how often the canon engine agrees with a fair judge.

Runs every claim of tests/canon_claims.toml (labelled from the shipped data, per universe)
through `bot.canon.check_claim` on a fresh store holding the shipped dataset, and prints:
accuracy per verdict class (recall and precision) per universe and overall, the confusion
matrices, accuracy per kind of claim, and every misjudged claim with what the engine said
and on which evidence. UNSAFE marks the worst error: canon for a claim the data contradicts.

    .venv/bin/python bench/canon_accuracy.py
    .venv/bin/python bench/canon_accuracy.py --json > canon_accuracy.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import shipped_store

from bot.canon import UNIVERSES, check_claim

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_FILE = ROOT / "tests" / "canon_claims.toml"
VERDICTS = ("canon", "not_canon", "no_record")
KINDS = ("true", "false_detail", "misconception", "shared_universe", "unrelated")
SCOPES = (*UNIVERSES, "overall")


async def judge_all(claims: list[dict[str, str]]) -> list[dict[str, object]]:
    """Each claim with the engine's verdict, evidence and timing per universe."""
    rows = []
    async with shipped_store("canon-accuracy-") as store:
        for claim in claims:
            started = time.perf_counter()
            result = await check_claim(store, 0, claim["text"])
            elapsed = time.perf_counter() - started
            rows.append(
                {
                    "text": claim["text"],
                    "kind": claim["kind"],
                    "why": claim["why"],
                    "ms": round(elapsed * 1000, 1),
                    **{
                        u: {
                            "want": claim[u],
                            "got": result.verdicts[u].verdict,
                            "note": result.verdicts[u].note,
                            "evidence": [
                                {"fact": e.fact.key, "relation": e.relation, "reason": e.reason}
                                for e in result.verdicts[u].evidence
                            ],
                        }
                        for u in UNIVERSES
                    },
                }
            )
    return rows


def pairs_for(rows: list[dict], scope: str) -> list[tuple[str, str]]:
    universes = UNIVERSES if scope == "overall" else (scope,)
    return [(r[u]["want"], r[u]["got"]) for r in rows for u in universes]


def summarise(rows: list[dict]) -> dict[str, object]:
    summary: dict[str, object] = {"claims": len(rows)}
    for scope in SCOPES:
        pairs = pairs_for(rows, scope)
        right = sum(w == g for w, g in pairs)
        classes = {}
        for label in VERDICTS:
            wanted = [g for w, g in pairs if w == label]
            said = [w for w, g in pairs if g == label]
            classes[label] = {
                "labelled": len(wanted),
                "right": sum(g == label for g in wanted),
                "recall": round(sum(g == label for g in wanted) / len(wanted), 3)
                if wanted
                else None,
                "said": len(said),
                "precision": round(sum(w == label for w in said) / len(said), 3) if said else None,
            }
        confusion = {w: {g: 0 for g in VERDICTS} for w in VERDICTS}
        for w, g in pairs:
            confusion[w][g] += 1
        summary[scope] = {
            "judgements": len(pairs),
            "right": right,
            "accuracy": round(right / len(pairs), 3),
            "classes": classes,
            "confusion": confusion,
            "unsafe": sum(w == "not_canon" and g == "canon" for w, g in pairs),
        }
    by_kind = {}
    for kind in KINDS:
        of_kind = [r for r in rows if r["kind"] == kind]
        by_kind[kind] = {
            "claims": len(of_kind),
            "fully_right": sum(
                all(r[u]["want"] == r[u]["got"] for u in UNIVERSES) for r in of_kind
            ),
        }
    summary["kinds"] = by_kind
    times = sorted(r["ms"] for r in rows)
    summary["ms_per_claim"] = {"p50": times[len(times) // 2], "max": times[-1]}
    return summary


def misjudged(rows: list[dict]) -> list[dict[str, object]]:
    wrong = []
    for r in rows:
        for u in UNIVERSES:
            if r[u]["want"] != r[u]["got"]:
                wrong.append(
                    {
                        "universe": u,
                        "text": r["text"],
                        "kind": r["kind"],
                        "want": r[u]["want"],
                        "got": r[u]["got"],
                        "unsafe": r[u]["want"] == "not_canon" and r[u]["got"] == "canon",
                        "evidence": r[u]["evidence"],
                        "note": r[u]["note"],
                        "why": r["why"],
                    }
                )
    severity = {True: 0, False: 1}
    return sorted(wrong, key=lambda w: (severity[w["unsafe"]], w["want"], w["got"], w["universe"]))


def print_report(summary: dict, wrong: list[dict]) -> None:
    print(f"Canon engine on {summary['claims']} labelled claims (tests/canon_claims.toml)\n")
    print(
        f"{'scope':<9} {'right':>9} {'accuracy':>9}   " + "   ".join(f"{v:^22}" for v in VERDICTS)
    )
    print(
        f"{'':<9} {'':>9} {'':>9}   "
        + "   ".join(f"{'recall':>10} {'precision':>11}" for _ in VERDICTS)
    )
    for scope in SCOPES:
        s = summary[scope]
        cells = []
        for label in VERDICTS:
            c = s["classes"][label]
            recall = f"{c['right']}/{c['labelled']}"
            precision = "—" if c["precision"] is None else f"{c['precision']:.0%} of {c['said']}"
            cells.append(f"{recall:>10} {precision:>11}")
        print(
            f"{scope:<9} {s['right']:>4}/{s['judgements']:<4} {s['accuracy']:>9.1%}   "
            + "   ".join(cells)
        )
    for scope in SCOPES:
        s = summary[scope]
        print(f"\nConfusion matrix, {scope} (rows: label, columns: engine)")
        print(f"{'':<12}" + "".join(f"{g:>11}" for g in VERDICTS))
        for w in VERDICTS:
            print(f"{w:<12}" + "".join(f"{s['confusion'][w][g]:>11}" for g in VERDICTS))
    print("\nClaims fully right (both universes), by kind")
    for kind, k in summary["kinds"].items():
        print(f"  {kind:<16} {k['fully_right']:>3}/{k['claims']}")
    print(f"\nUNSAFE (canon for a claim the data contradicts): {summary['overall']['unsafe']}")
    print(f"Misjudged ({len(wrong)} judgements):")
    for w in wrong:
        flag = "UNSAFE " if w["unsafe"] else ""
        top = w["evidence"][0] if w["evidence"] else None
        said = (
            f" on {top['fact']} ({top['relation']}{': ' + top['reason'] if top['reason'] else ''})"
            if top
            else ""
        )
        print(f"  {flag}[{w['universe']}] {w['text']!r}")
        print(f"      want {w['want']}, got {w['got']}{said}")
        if w["note"]:
            print(f"      engine's note: {w['note']}")
        print(f"      data: {w['why']}")
    ms = summary["ms_per_claim"]
    print(f"\nTime per claim: p50 {ms['p50']} ms, max {ms['max']} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    claims = tomllib.loads(CLAIMS_FILE.read_text("utf-8"))["claim"]
    rows = asyncio.run(judge_all(claims))
    summary, wrong = summarise(rows), misjudged(rows)
    if args.json:
        print(json.dumps({"summary": summary, "misjudged": wrong, "claims": rows}, indent=2))
    else:
        print_report(summary, wrong)


if __name__ == "__main__":
    main()
