"""The `parallax` command: run the bot, sync commands, check the data, try commands offline."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

from dotenv import load_dotenv

from bot import __version__
from bot.config import Settings, SettingsError
from bot.dataset import DatasetError, load_dataset

log = logging.getLogger("parallax")


def configure_logging(level: str, log_file: Path | None) -> None:
    """Once, from the entry point: stderr, plus a rotating file when asked."""
    formatter = logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_file, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
            )
        )
    root = logging.getLogger()
    root.setLevel(level)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    logging.getLogger("discord.http").setLevel(max(logging.INFO, logging.getLevelName(level)))


def _settings(need_token: bool = True) -> Settings:
    load_dotenv()
    return Settings.from_env(need_token=need_token)


def run_bot(settings: Settings) -> None:
    from bot.bot import Parallax  # discord is imported only when the bot really runs

    bot = Parallax(settings)
    bot.run(settings.token, log_handler=None)


async def _sync(settings: Settings) -> None:
    from bot.bot import Parallax

    settings = Settings(**{**settings.__dict__, "auto_sync": False})
    bot = Parallax(settings)
    async with bot:
        await bot.login(settings.token)
        await bot.sync_commands(only_if_changed=False)


def data_check(data_dir: Path, as_json: bool) -> int:
    """Print the dataset's counts and problems; exit status 1 when it has problems."""
    report: dict[str, object] = {"episodes": {}, "facts": {}, "parallels": 0, "errors": []}
    try:
        dataset = load_dataset(data_dir)
    except DatasetError as error:
        report["errors"] = error.problems
    else:
        report.update(
            episodes={
                show: {str(season): n for season, n in seasons.items()}
                for show, seasons in dataset.episode_counts().items()
            },
            facts=dataset.fact_counts(),
            parallels=len(dataset.parallels),
            questions=len(dataset.questions),
            people=len(dataset.people),
            version=dataset.version,
        )
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_data_report(report)
    return 1 if report["errors"] else 0


def _print_data_report(report: dict[str, object]) -> None:
    errors = report["errors"]
    assert isinstance(errors, list)
    if errors:
        print(f"The dataset has {len(errors)} problem(s):")
        for problem in errors:
            print(f"  - {problem}")
        return
    print(f"Dataset version {report['version']}")
    episodes = report["episodes"]
    assert isinstance(episodes, dict)
    for show, seasons in episodes.items():
        per_season = ", ".join(f"S{season}: {n}" for season, n in seasons.items())
        print(f"  {show:<9} {sum(seasons.values()):>3} episodes ({per_season})")
    facts = report["facts"]
    assert isinstance(facts, dict)
    print("  facts:    " + ", ".join(f"{show} {n}" for show, n in facts.items()))
    print(
        f"  parallels: {report['parallels']}  questions: {report['questions']}  "
        f"people: {report['people']}"
    )
    print("No problems found.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parallax",
        description="Parallax: For All Mankind and The Expanse, side by side, in Discord.",
    )
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    commands.add_parser("sync", help="sync slash commands with Discord now")
    data = commands.add_parser("data", help="the shipped dataset")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    check = data_commands.add_parser("check", help="validate data/ and print its counts")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--data", type=Path, default=None, help="dataset folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "data":
            settings = _settings(need_token=False)
            return data_check(args.data or settings.data_dir, args.json)
        settings = _settings(need_token=True)
        configure_logging(settings.log_level, settings.log_file)
        if args.command == "sync":
            asyncio.run(_sync(settings))
        else:
            run_bot(settings)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
