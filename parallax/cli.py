"""The `parallax` command: run the bot, sync commands, check the data, try commands offline."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import logging.handlers
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from bot import __version__
from bot.clock import system_clock
from bot.config import PROJECT_ROOT, Settings, SettingsError
from bot.dataset import DatasetError, load_dataset
from bot.text import plural

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
    logging.getLogger("discord.client").addFilter(_no_voice_warning)


def _no_voice_warning(record: logging.LogRecord) -> bool:
    """discord.py warns at every start that voice support (PyNaCl, davey) is missing;
    Parallax has no voice, and a newcomer reads the warning as an error."""
    return "voice will NOT be supported" not in record.getMessage()


def _settings(need_token: bool = True) -> Settings:
    # the .env of the folder parallax runs in (or a parent), else the checkout's: an
    # operator who installed the package has no pyproject.toml to put it next to
    load_dotenv(find_dotenv(usecwd=True)) or load_dotenv(PROJECT_ROOT / ".env")
    return Settings.from_env(need_token=need_token)


def run_bot(settings: Settings) -> None:
    """Run until Ctrl-C or SIGTERM (`docker stop`), then close cleanly: gateway, then store."""
    from parallax.bot import Parallax  # discord is imported only when the bot really runs

    async def main() -> None:
        bot = Parallax(settings)
        loop = asyncio.get_running_loop()
        for signame in ("SIGTERM", "SIGINT"):
            with contextlib.suppress(NotImplementedError, AttributeError):  # not on Windows
                loop.add_signal_handler(
                    getattr(signal, signame), lambda: asyncio.ensure_future(bot.close())
                )
        async with bot:
            await bot.start(settings.token)

    asyncio.run(main())


async def _sync(settings: Settings) -> None:
    from parallax.bot import Parallax

    settings = dataclasses.replace(settings, auto_sync=False)
    bot = Parallax(settings)
    async with bot:
        await bot.login(settings.token)
        await bot.sync_commands(only_if_changed=False)


def _connected(settings: Settings, command: str | None) -> int:
    """Run the bot or a sync; a failure to start is one plain paragraph, exit status 1."""
    from bot.store import StoreError
    from parallax.bot import explain_startup_failure

    try:
        if command == "sync":
            asyncio.run(_sync(settings))
            print("Slash commands synced.")
        else:
            run_bot(settings)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    except Exception as error:
        explanation = explain_startup_failure(error)
        if explanation is None:
            raise
        print(explanation, file=sys.stderr)
        return 1
    return 0


def data_check(data_dir: Path, as_json: bool) -> int:
    """Print the dataset's counts and problems; exit status 1 when it has problems."""
    report: dict[str, object] = {
        "episodes": {},
        "facts": {},
        "parallels": 0,
        "missing": [],
        "errors": [],
    }
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
            lexicon=dataset.lexicon.counts(),
            version=dataset.version,
            missing=dataset.gaps(),
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
        print(f"The dataset has {plural(len(errors), 'problem')}:")
        for problem in errors:
            print(f"  - {problem}")
        return
    print(f"Dataset version {report['version']}")
    episodes = report["episodes"]
    assert isinstance(episodes, dict)
    for show, seasons in episodes.items():
        per_season = ", ".join(f"S{season}: {n}" for season, n in seasons.items())
        print(f"  {show:<9} {sum(seasons.values()):>3} episodes listed ({per_season})")
    facts = report["facts"]
    assert isinstance(facts, dict)
    print("  facts:    " + ", ".join(f"{show} {n}" for show, n in facts.items()))
    print(
        f"  parallels: {report['parallels']}  questions: {report['questions']}  "
        f"people: {report['people']}"
    )
    lexicon = report.get("lexicon")
    if isinstance(lexicon, dict):
        print("  lexicon:  " + ", ".join(f"{n} {what}" for what, n in lexicon.items()))
    missing = report["missing"]
    assert isinstance(missing, list)
    if not missing:
        print("No problems found.")
        return
    print("Known but missing (add them once a page confirms them):")
    for gap in missing:
        print(f"  - {gap}")
    print("No errors.")


# -- operators: one server's fact edits (export/import) and online backups --------------


async def _open_store(path: Path, *, create: bool = False):  # -> bot.store.Store
    """Open the bot's database (migrating it as the bot would); refuse a missing one."""
    from bot.store import Store

    if not create and (not path.exists() or path.stat().st_size == 0):
        raise FileNotFoundError(f"There is no Parallax database at {path} (PARALLAX_DATABASE).")
    store = Store(path)
    await store.open()
    return store


async def export_edits(settings: Settings, guild_id: int, out: Path | None) -> int:
    """Print (or write to `out`) one server's overlay and revision log as JSON."""
    import os

    from bot.facts_admin import export_document

    store = await _open_store(settings.database_path)
    try:
        overlay = sorted(await store.edits.overlay(guild_id), key=lambda entry: entry.key)
        revisions = await store.edits.revisions(guild_id)
    finally:
        await store.close()
    document = export_document(
        guild_id, [(e.key, e.state) for e in overlay], revisions, system_clock()
    )
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, out)
    print(
        f"Exported {plural(len(overlay), 'changed fact')} and {plural(len(revisions), 'revision')} "
        "of server "
        f"{guild_id}" + (f" to {out}" if out else ""),
        file=sys.stderr,
    )
    return 0


async def import_edits(settings: Settings, file: Path) -> int:
    """Make a server's facts what an export file says: validated first, all or nothing."""

    from bot.facts_admin import ImportProblems, parse_import

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"Cannot read {file} as JSON ({error}); nothing was changed.", file=sys.stderr)
        return 1
    store = await _open_store(settings.database_path, create=True)
    try:
        if await store.catalog.loaded_marker() is None:  # a new database: load the base first
            await store.catalog.replace_base(load_dataset(settings.data_dir))
        try:
            plan = parse_import(document, await store.edits.rules(), await store.edits.base_keys())
        except ImportProblems as error:
            print(error, file=sys.stderr)
            return 1
        report = await store.edits.import_plan(plan, at=system_clock())
    finally:
        await store.close()
    print(
        f"Imported server {plan.guild_id}: {plural(report.facts_changed, 'fact')} changed, "
        f"{report.facts_unchanged} already as in the file; "
        f"{plural(report.revisions_added, 'revision')} added to the history, "
        f"{report.revisions_known} already there."
    )
    return 0


async def backup_database(settings: Settings, target: Path, force: bool) -> int:
    """An online backup (SQLite's backup API), safe while the bot is running."""
    import os
    import sqlite3

    source = settings.database_path
    if target.exists() and not force:
        print(f"{target} already exists; pick a new name, or pass --force.", file=sys.stderr)
        return 1
    if target.exists() and target.resolve() == source.resolve():
        print("The backup must go to another file than the database itself.", file=sys.stderr)
        return 1
    store = await _open_store(source)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        await store.backup_to(partial)
    finally:
        await store.close()
    with sqlite3.connect(partial) as check:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    check.close()
    if verdict != "ok":
        print(f"The backup failed its integrity check ({verdict}); see {partial}.", file=sys.stderr)
        return 1
    os.replace(partial, target)
    print(f"Backed up {source} to {target} ({target.stat().st_size} bytes, integrity ok).")
    return 0


async def run_operator_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import StoreError

    try:
        if args.command == "export":
            if args.guild <= 0:
                print("--guild must be a server id.", file=sys.stderr)
                return 2
            return await export_edits(settings, args.guild, args.out)
        if args.command == "import":
            return await import_edits(settings, args.file)
        return await backup_database(settings, args.file, args.force)
    except (FileNotFoundError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1


async def canon_command(settings: Settings, args: argparse.Namespace) -> int:
    """`parallax canon "claim"`: the /canon verdicts for scripts, from the local store."""
    from bot.canon import check_claim
    from bot.errors import UserFacingError
    from bot.store import Store

    with tempfile.TemporaryDirectory(prefix="parallax-canon-") as folder:
        store = Store(Path(folder) / "canon.sqlite3")
        await store.open()
        try:
            if settings.database_path.exists() and args.guild:
                await store.close()
                store = Store(settings.database_path)
                await store.open()
            else:
                await store.catalog.replace_base(load_dataset(settings.data_dir))
            try:
                result = await check_claim(store, args.guild, args.claim)
            except UserFacingError as error:
                print(error.message, file=sys.stderr)
                return 2
        finally:
            await store.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"Claim: {result.claim}")
    for verdict in result.verdicts.values():
        print(f"  {verdict.label}: {verdict.verdict.replace('_', ' ')}  {verdict.note}".rstrip())
        for evidence in verdict.evidence:
            print(f"    - {evidence.summary()}")
            print(f"      ({evidence.fact.source_label()})")
    for parallel in result.parallels:
        print(f"  Parallel: {parallel.topic}: {parallel.note}")
    return 0


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
    export = commands.add_parser("export", help="one server's fact edits and history, as JSON")
    export.add_argument("--guild", type=int, required=True, help="the server (guild) id")
    export.add_argument("--out", type=Path, default=None, help="write here (default: stdout)")
    import_ = commands.add_parser("import", help="restore a server's fact edits (all or nothing)")
    import_.add_argument("file", type=Path, help="a file written by `parallax export`")
    backup = commands.add_parser("backup", help="copy the database safely, even while it runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    try_ = commands.add_parser(
        "try",
        help="play with the bot on the loopback Discord (no token needed)",
        description="With a command: run it once and print the reply. Without: a playground "
        "session (type help in it); lines are read from a terminal or from a script on stdin.",
    )
    try_.add_argument(
        "line", nargs="?", help='a command as typed in Discord, e.g. "/timeline year:1969"'
    )
    try_.add_argument("--as-moderator", action="store_true", help="start as a moderator")
    try_.add_argument("--json", action="store_true", help="print the raw reply as JSON")
    try_.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="FILE",
        help="keep the state in FILE from session to session (default: a copy)",
    )
    try_.add_argument(
        "--at", default=None, metavar="WHEN", help="start the clock here, e.g. 2026-11-24T12:00Z"
    )
    try_.add_argument(
        "--tz", default=None, metavar="ZONE", help="show times in this zone (default: local)"
    )
    try_.add_argument(
        "--files",
        type=Path,
        default=Path("parallax-try"),
        metavar="DIR",
        help="where attachments and the log are saved (default: ./parallax-try)",
    )
    try_.add_argument("--no-color", action="store_true", help="no colours, even on a terminal")
    try_.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="repeatable random choices (trivia questions)",
    )
    canon = commands.add_parser("canon", help="judge a claim, as /canon does")
    canon.add_argument("claim", help="the claim to check")
    canon.add_argument("--json", action="store_true", help="machine-readable output")
    canon.add_argument("--guild", type=int, default=0, help="see a server's edits (default: none)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "data":
            settings = _settings(need_token=False)
            return data_check(args.data or settings.data_dir, args.json)
        if args.command == "try":
            from parallax.tryout import TryArgs, run_try

            return run_try(
                TryArgs(
                    line=args.line,
                    as_moderator=args.as_moderator,
                    as_json=args.json,
                    db=args.db,
                    at=args.at,
                    tz=args.tz,
                    files=args.files,
                    color=False if args.no_color else None,
                    seed=args.seed,
                ),
                _settings(need_token=False),
            )
        if args.command == "canon":
            return asyncio.run(canon_command(_settings(need_token=False), args))
        if args.command in ("export", "import", "backup"):
            return asyncio.run(run_operator_command(args, _settings(need_token=False)))
        settings = _settings(need_token=True)
        configure_logging(settings.log_level, settings.log_file)
        return _connected(settings, args.command)
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
