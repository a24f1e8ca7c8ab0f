"""Benchmark: "Is it canon?" on an evaluation file written independently of the data.

The file holds [[claim]] entries (text, fam, expanse, kind; optional id, note, source),
labelled against what each show depicts, so a true claim the dataset does not cover is
labelled canon and "no record" is an honest miss; the unforgivable errors are "canon"
for a false claim and "not canon" for a true one. Prints per-show accuracy, a confusion
matrix per kind, the share of true paraphrases called canon, and every false canon and
false not-canon with the evidence the engine used.

    .venv/bin/python bench/canon_eval.py tests/canon_eval/*-dev.toml            # development
    .venv/bin/python bench/canon_eval.py tests/canon_eval/*-heldout.toml        # held out
    .venv/bin/python bench/canon_eval.py tests/canon_eval/*-dev.toml --misses   # every miss
    .venv/bin/python bench/canon_eval.py FILE --json > eval.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import shipped_store

from bot.canon import UNIVERSES, check_claim

VERDICTS = ("canon", "not_canon", "no_record")


async def verdicts_for(claims: list[dict[str, str]]) -> list[dict[str, object]]:
    """Each claim with the engine's verdict and top evidence per universe."""
    out = []
    async with shipped_store("canon-eval-") as store:
        for claim in claims:
            result = await check_claim(store, 0, claim["text"])
            got = {}
            for universe in UNIVERSES:
                verdict = result.verdicts[universe]
                top = verdict.evidence[0] if verdict.evidence else None
                got[universe] = {
                    "verdict": verdict.verdict,
                    "evidence": f"{top.fact.key} ({top.relation}: {top.reason})" if top else "",
                }
            out.append({"claim": claim, "got": got})
    return out


def summarise(rows: list[dict]) -> dict[str, object]:
    judgements = [
        (r["claim"], u, r["claim"][u], r["got"][u]["verdict"], r["got"][u]["evidence"])
        for r in rows
        for u in UNIVERSES
    ]
    per_show = {}
    for universe in UNIVERSES:
        mine = [j for j in judgements if j[1] == universe]
        per_show[universe] = round(sum(j[2] == j[3] for j in mine) / max(len(mine), 1), 3)
    right = sum(j[2] == j[3] for j in judgements)
    kinds: dict[str, Counter[str]] = {}
    for claim, _u, want, got, _e in judgements:
        kinds.setdefault(claim.get("kind", "?"), Counter())[f"{want}>{got}"] += 1
    paraphrases = [j for j in judgements if j[0].get("kind") == "paraphrase" and j[2] == "canon"]

    def listing(want: str, got: str) -> list[dict[str, str]]:
        return [
            {
                "id": c.get("id", ""),
                "universe": u,
                "text": c["text"],
                "evidence": e,
                "note": c.get("note", ""),
            }
            for c, u, w, g, e in judgements
            if w == want and g == got
        ]

    return {
        "claims": len(rows),
        "accuracy": round(right / max(len(judgements), 1), 3),
        "per_show": per_show,
        "paraphrase_canon": f"{sum(j[3] == 'canon' for j in paraphrases)}/{len(paraphrases)}",
        "kinds": {k: dict(v) for k, v in sorted(kinds.items())},
        "false_canon": listing("not_canon", "canon") + listing("no_record", "canon"),
        "false_not_canon": listing("canon", "not_canon") + listing("no_record", "not_canon"),
        "missed_canon": listing("canon", "no_record"),
        "missed_not_canon": listing("not_canon", "no_record"),
    }


def print_report(summary: dict, misses: bool) -> None:
    print(f"{summary['claims']} claims; per-show verdicts right: {summary['accuracy']:.1%}")
    for universe, share in summary["per_show"].items():
        print(f"  {universe:<8} {share:.1%}")
    print(f"true paraphrases called canon: {summary['paraphrase_canon']}")
    print("\nConfusion per kind (label>engine: count)")
    for kind, cells in summary["kinds"].items():
        ordered = sorted(
            cells.items(), key=lambda kv: (kv[0].split(">")[0] != kv[0].split(">")[1], kv[0])
        )
        print(f"  {kind:<20} " + "  ".join(f"{cell}:{n}" for cell, n in ordered))
    sections = [("FALSE CANON", "false_canon"), ("FALSE NOT CANON", "false_not_canon")]
    if misses:
        sections += [
            ("canon left at no record", "missed_canon"),
            ("not canon left at no record", "missed_not_canon"),
        ]
    for title, key in sections:
        items = summary[key]
        print(f"\n{title}: {len(items)}")
        for item in items:
            print(f"  [{item['universe']}] {item['id']} {item['text']!r}")
            if item["evidence"]:
                print(f"      on {item['evidence']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "paths", type=Path, nargs="+", help="TOML files of [[claim]] entries, scored together"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--misses", action="store_true", help="also list claims left at no record")
    args = parser.parse_args()
    claims = [c for p in args.paths for c in tomllib.loads(p.read_text("utf-8"))["claim"]]
    summary = summarise(asyncio.run(verdicts_for(claims)))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_report(summary, args.misses)


if __name__ == "__main__":
    main()
