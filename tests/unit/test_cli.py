"""The operator commands, run as an operator would: `parallax try`, `canon`, `data check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def parallax(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PARALLAX_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_try_runs_a_command_without_a_token(tmp_path: Path) -> None:
    result = parallax("try", "/about", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "┌ Parallax" in result.stdout and "The Expanse" in result.stdout
    result = parallax("try", "--json", "/timeline year:1969 show:fam", cwd=tmp_path)
    reply = json.loads(result.stdout)
    assert "Leonov" in json.dumps(reply) or "1969" in json.dumps(reply)


def test_try_explains_a_bad_command_line(tmp_path: Path) -> None:
    result = parallax("try", "/nonsense", cwd=tmp_path)
    assert result.returncode == 2 and "There is no /nonsense command" in result.stdout
    result = parallax("try", "about", cwd=tmp_path)
    assert result.returncode == 2 and "Write the command" in result.stdout


def test_canon_json_for_scripts(tmp_path: Path) -> None:
    result = parallax("canon", "--json", "Leonov walked on the Moon in 1968", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)
    assert verdicts["fam"]["verdict"] == "not_canon"
    assert verdicts["expanse"]["verdict"] == "no_record"
    evidence = verdicts["fam"]["evidence"][0]
    assert evidence["episode"]["title"] == "Red Moon" and evidence["source"]
    assert isinstance(verdicts["parallels"], list)


def test_data_check_json_counts(tmp_path: Path) -> None:
    result = parallax("data", "check", "--json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["errors"] == []
    assert report["episodes"]["expanse"] == {"1": 10, "2": 13, "3": 13, "4": 10, "5": 10, "6": 6}
    assert report["facts"]["fam"] >= 80 and report["facts"]["expanse"] >= 80
    assert report["parallels"] >= 15
