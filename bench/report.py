"""Print the figures in bench/out/*.json as Markdown tables (for bench/RESULTS.md).

.venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"


def load(name: str) -> dict[str, Any] | None:
    path = OUT / name
    return json.loads(path.read_text()) if path.exists() else None


def fmt(value: Any, digits: int = 1) -> str:
    if isinstance(value, float):
        return "n/a" if value != value else f"{value:.{digits}f}"
    return str(value)


def latency(data: dict[str, Any]) -> None:
    print(f"`{data['command_line']}` — {data['machine']['date']}\n")
    print(
        "| command | N | n | ack p50 | ack p99 | final p50 | final p99 | ×bare p50 | ×bare p99 "
        "| notes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in data["rows"]:
        if "ack_p50_ms" not in row:
            print(f"| {row['command']} | {row['concurrency']} | 0 | | | | | | | {row['note']} |")
            continue
        notes = [f"{k}: {v}" for k, v in row["errors"].items() if v]
        if row.get("ephemeral"):
            notes.append(f"{row['ephemeral']} ephemeral")
        if row.get("deferred"):
            notes.append("deferred")
        if row.get("note"):
            notes.append(row["note"])
        print(
            f"| {row['command']} | {row['concurrency']} | {row['n']} | {fmt(row['ack_p50_ms'])} "
            f"| {fmt(row['ack_p99_ms'])} | {fmt(row['final_p50_ms'])} | {fmt(row['final_p99_ms'])} "
            f"| {fmt(row.get('ratio_final_p50', 1.0), 2)} | {fmt(row.get('ratio_final_p99', 1.0), 2)} "
            f"| {'; '.join(notes)} |"
        )
    print()
    for path, reason in data["skipped"].items():
        print(f"- skipped `/{path}`: {reason}")
    print()


def memory(data: dict[str, Any]) -> None:
    print(f"`{data['command_line']}` — {data['machine']['date']}\n")
    print(
        "| bot | guilds | RSS start | RSS imported | RSS ready | peak (VmHWM) | ×bare | "
        "login→ready |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in data["rows"]:
        print(
            f"| {row['bot']} | {row['guilds']} | {row['rss_start_mib']} | "
            f"{row['rss_imported_mib']} | {row['rss_ready_mib']} | {row['hwm_mib']} | "
            f"{row.get('ratio_rss_ready_to_bare', 1.0)} | {row['connect_to_ready_s']} s |"
        )
    print()


def startup(data: dict[str, Any]) -> None:
    print(f"`{data['command_line']}` — {data['machine']['date']}\n")
    print(
        "| scenario | interpreter | imports | construct | setup_hook | connect→ready | "
        "total (median) | min | max |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in data["rows"]:
        m = row["median_s"]
        print(
            f"| {row['scenario']} | {m['spawn_to_exec']:.3f} | {m['exec_to_imported']:.3f} | "
            f"{m['imported_to_constructed']:.3f} | {m['constructed_to_logged_in']:.3f} | "
            f"{m['logged_in_to_ready']:.3f} | **{m['total']:.3f}** | {row['min_total_s']:.3f} | "
            f"{row['max_total_s']:.3f} |"
        )
    print(f"\nchecks: {data.get('checks')}\n")


if __name__ == "__main__":
    for name, render in (
        ("latency.json", latency),
        ("memory.json", memory),
        ("startup.json", startup),
    ):
        found = load(name)
        if found is not None:
            print(f"### {name}\n")
            print(f"machine: {found['machine']}\n")
            render(found)
