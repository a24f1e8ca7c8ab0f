"""FactEdits on a real SQLite file: the overlay, the append-only log, undo/redo, guild scoping,
import/export (all or nothing) and the operator commands built on them."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import pytest_asyncio

from bot.facts_admin import (
    AlreadyApplied,
    ChangeRefused,
    EditConflict,
    FactState,
    ImportProblems,
    Source,
    draft,
    export_document,
    parse_import,
    require_valid,
)
from bot.store import Store
from bot.store.database import MIGRATIONS_DIR
from parallax import cli

A, B = 1001, 2002  # two servers
MOD_A, MOD_B = 11, 22
AT = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
LEONOV = "fam-leonov-first-moon-landing"  # a shipped event in 1969


@pytest_asyncio.fixture
async def store(template_database: Path, tmp_path: Path) -> AsyncIterator[Store]:
    path = tmp_path / "parallax.sqlite3"
    shutil.copy(template_database, path)
    opened = Store(path)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


async def new_fact(store: Store, text: str = "Margo Madison runs the Jamestown simulation.", **kw):
    rules = await store.edits.rules()
    fields = draft(show="fam", kind="event", text=text, when="1983", episode="S2E1")
    return require_valid({**fields, **kw}, rules)


async def invariant_holds(store: Store, guild_id: int) -> None:
    """Every server row equals the `after` of the last revision of its fact, and vice versa."""
    for revision in await store.edits.revisions(guild_id):
        latest = await store.edits.latest_revision(guild_id, revision.fact_key)
        assert latest is not None
        assert await store.edits.overlay_state(guild_id, revision.fact_key) == latest.after


# -- the overlay -------------------------------------------------------------------------------


async def test_add_edit_remove_are_seen_by_that_server_only(store: Store) -> None:
    edits, catalog = store.edits, store.catalog
    state = await new_fact(store)
    added = await edits.add(A, state, actor=MOD_A, at=AT)
    key = added.fact_key
    assert key.startswith("srv-") and added.action == "add" and added.before is None
    assert (await catalog.fact(A, key)).text == state.text
    assert await catalog.fact(B, key) is None and await catalog.fact(0, key) is None
    assert [f.key for f in await catalog.search_facts(A, "Jamestown simulation")][:1] == [key]
    assert key not in [f.key for f in await catalog.search_facts(B, "Jamestown simulation")]
    assert key in [
        f.key for f in await catalog.timeline(A, universe="fam", year_from=1983, year_to=1983)
    ]
    assert key not in [
        f.key for f in await catalog.timeline(B, universe="fam", year_from=1983, year_to=1983)
    ]

    base = await edits.base_state(LEONOV)
    changed = replace(base, text="Leonov lands first, and the whole world watches.")
    edited = await edits.edit(A, LEONOV, changed, actor=MOD_A, at=AT, expected=None)
    assert edited.before is None and edited.after == changed
    assert (await catalog.fact(A, LEONOV)).text == changed.text
    assert (await catalog.fact(B, LEONOV)).text == base.text  # B still sees the shipped fact
    assert (await catalog.fact(0, LEONOV)).text == base.text  # and the base is untouched
    assert await edits.base_state(LEONOV) == base

    removed = await edits.remove(
        A, LEONOV, Source((1, 1), "", ""), actor=MOD_A, at=AT, expected=changed
    )
    assert removed.after.hidden and removed.after.episode == (1, 1)
    assert await catalog.fact(A, LEONOV) is None
    assert LEONOV not in [
        f.key for f in await catalog.timeline(A, universe="fam", year_from=1969, year_to=1969)
    ]
    assert LEONOV in [
        f.key for f in await catalog.timeline(B, universe="fam", year_from=1969, year_to=1969)
    ]
    assert LEONOV not in [f.key for f in await catalog.search_facts(A, "Leonov lands first")]

    entries = {e.key: e.change for e in await edits.overlay(A)}
    assert entries == {key: "added", LEONOV: "removed"}
    assert await edits.overlay(B) == [] and await edits.overlay_count(A) == 2
    await invariant_holds(store, A)


async def test_undo_restores_and_an_undo_of_an_undo_is_a_redo(store: Store) -> None:
    edits, catalog = store.edits, store.catalog
    base = await edits.base_state(LEONOV)
    first = replace(base, text="Version one.")
    second = replace(base, text="Version two.")
    await edits.edit(A, LEONOV, first, actor=MOD_A, at=AT)
    latest = await edits.edit(A, LEONOV, second, actor=MOD_A, at=AT)
    undo = await edits.undo(A, LEONOV, actor=MOD_A, at=AT, expected_latest=latest.id)
    assert undo.action == "undo" and undo.undoes == latest.id
    assert (await catalog.fact(A, LEONOV)).text == "Version one."
    redo = await edits.undo(A, LEONOV, actor=MOD_A, at=AT)
    assert redo.undoes == undo.id
    assert (await catalog.fact(A, LEONOV)).text == "Version two."
    # Back past the first edit: the version before #1 is "no row", i.e. the shipped fact.
    first_revision = (await edits.revisions(A))[0]
    back = await edits.undo(A, LEONOV, actor=MOD_A, at=AT, revision_id=first_revision.id)
    assert back.after is None and (await catalog.fact(A, LEONOV)).text == base.text
    with pytest.raises(ChangeRefused, match="already the version from before"):
        await edits.undo(A, LEONOV, actor=MOD_A, at=AT, revision_id=first_revision.id)
    # Nothing is ever lost: five revisions, oldest first, all still there.
    assert [r.action for r in await edits.revisions(A)] == ["edit", "edit", "undo", "undo", "undo"]
    assert await edits.history_count(A, LEONOV) == 5
    assert [r.id for r in await edits.history(A, LEONOV, limit=2)] == [back.id, redo.id]
    await invariant_holds(store, A)


async def test_revert_drops_the_server_row_and_can_be_undone(store: Store) -> None:
    edits, catalog = store.edits, store.catalog
    base = await edits.base_state(LEONOV)
    await edits.edit(A, LEONOV, replace(base, text="Edited."), actor=MOD_A, at=AT)
    reverted = await edits.revert(A, LEONOV, actor=MOD_A, at=AT)
    assert reverted.action == "revert" and reverted.after is None
    assert (await catalog.fact(A, LEONOV)).text == base.text
    with pytest.raises(ChangeRefused, match="nothing to revert"):
        await edits.revert(A, LEONOV, actor=MOD_A, at=AT)
    await edits.undo(A, LEONOV, actor=MOD_A, at=AT)
    assert (await catalog.fact(A, LEONOV)).text == "Edited."
    added = await edits.add(A, await new_fact(store), actor=MOD_A, at=AT)
    await edits.revert(A, added.fact_key, actor=MOD_A, at=AT)
    assert await catalog.fact(A, added.fact_key) is None
    assert await edits.known(A, added.fact_key)  # its history keeps the key known
    await invariant_holds(store, A)


async def test_refusals_change_nothing(store: Store) -> None:
    edits = store.edits
    base = await edits.base_state(LEONOV)
    with pytest.raises(ChangeRefused, match="no fact `fam-nope`"):
        await edits.edit(A, "fam-nope", base, actor=MOD_A, at=AT)
    with pytest.raises(ChangeRefused, match="already says"):
        await edits.edit(A, LEONOV, base, actor=MOD_A, at=AT)
    with pytest.raises(ChangeRefused, match="no changes on this server to undo"):
        await edits.undo(A, LEONOV, actor=MOD_A, at=AT)
    await edits.remove(A, LEONOV, Source((1, 1)), actor=MOD_A, at=AT)
    with pytest.raises(ChangeRefused, match="is removed on this server"):
        await edits.edit(A, LEONOV, replace(base, text="x"), actor=MOD_A, at=AT)
    with pytest.raises(ChangeRefused, match="is removed on this server"):
        await edits.remove(A, LEONOV, Source((1, 1)), actor=MOD_A, at=AT)
    assert await edits.history_count(A, LEONOV) == 1


async def test_a_change_made_after_the_preview_is_not_overwritten(store: Store) -> None:
    edits = store.edits
    base = await edits.base_state(LEONOV)
    preview_was = await edits.overlay_state(A, LEONOV)  # None: the shipped version
    await edits.edit(A, LEONOV, replace(base, text="Someone else's edit."), actor=MOD_B, at=AT)
    with pytest.raises(EditConflict):
        await edits.edit(
            A, LEONOV, replace(base, text="Mine."), actor=MOD_A, at=AT, expected=preview_was
        )
    with pytest.raises(EditConflict):
        await edits.undo(A, LEONOV, actor=MOD_A, at=AT, expected_latest=999)
    assert (await store.catalog.fact(A, LEONOV)).text == "Someone else's edit."


# -- guild scoping -----------------------------------------------------------------------------


async def test_one_server_can_never_reach_anothers_changes(store: Store) -> None:
    edits = store.edits
    added = await edits.add(A, await new_fact(store), actor=MOD_A, at=AT)
    base = await edits.base_state(LEONOV)
    edit_a = await edits.edit(A, LEONOV, replace(base, text="A's version."), actor=MOD_A, at=AT)
    key = added.fact_key
    # Every id of A's guessed from B:
    for revision_id in (added.id, edit_a.id):
        assert await edits.revision(B, revision_id) is None
    assert await edits.history(B, key) == [] and await edits.history(B, LEONOV) == []
    assert await edits.latest_revision(B, LEONOV) is None
    assert await edits.overlay_state(B, key) is None and not await edits.known(B, key)
    assert await edits.revisions(B) == [] and await edits.overlay(B) == []
    assert key not in [k for k, _ in await edits.suggest(B, "Margo")]
    assert key not in [k for k, _ in await edits.suggest(B, "", changed_only=True)]
    with pytest.raises(ChangeRefused):
        await edits.edit(B, key, added.after, actor=MOD_B, at=AT)
    with pytest.raises(ChangeRefused):
        await edits.remove(B, key, Source((1, 1)), actor=MOD_B, at=AT)
    with pytest.raises(ChangeRefused):
        await edits.revert(B, key, actor=MOD_B, at=AT)
    with pytest.raises(ChangeRefused):
        await edits.undo(B, key, actor=MOD_B, at=AT)
    with pytest.raises(ChangeRefused):
        await edits.undo(B, LEONOV, actor=MOD_B, at=AT, revision_id=edit_a.id)
    # B's own edit of the same shipped fact is separate from A's.
    await edits.edit(B, LEONOV, replace(base, text="B's version."), actor=MOD_B, at=AT)
    assert (await store.catalog.fact(A, LEONOV)).text == "A's version."
    assert (await store.catalog.fact(B, LEONOV)).text == "B's version."
    with pytest.raises(ValueError):
        await edits.history(0, LEONOV)  # the shipped base is nobody's to change


async def test_the_log_is_append_only(store: Store) -> None:
    await store.edits.add(A, await new_fact(store), actor=MOD_A, at=AT)
    for statement in (
        "UPDATE fact_revisions SET actor = 0",
        "DELETE FROM fact_revisions",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with store.db.transaction() as tx:
                await tx.execute(statement)
    assert len(await store.edits.revisions(A)) == 1


async def test_a_new_shipped_dataset_keeps_every_servers_changes(store: Store) -> None:
    from bot.config import DEFAULT_DATA_DIR
    from bot.dataset import load_dataset

    base = await store.edits.base_state(LEONOV)
    await store.edits.edit(A, LEONOV, replace(base, text="A's version."), actor=MOD_A, at=AT)
    async with store.db.transaction() as tx:  # make the loaded marker stale
        await tx.execute("UPDATE meta SET value = 'old' WHERE key = 'dataset_marker'")
    assert await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
    assert (await store.catalog.fact(A, LEONOV)).text == "A's version."
    assert len(await store.edits.revisions(A)) == 1


async def test_the_migration_applies_on_top_of_the_previous_schema(tmp_path: Path) -> None:
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:4]:
        shutil.copy(path, older / path.name)
    path = tmp_path / "old.sqlite3"
    old = Store(path, older)
    assert (await old.open()).to_version == 4
    await old.close()
    new = Store(path)
    report = await new.open()
    assert "fact-revisions" in report.applied and report.backup_path is not None
    assert await new.db.fetch_value("SELECT count(*) FROM fact_revisions") == 0
    await new.close()


# -- import and export -------------------------------------------------------------------------


async def some_history(store: Store) -> str:
    edits = store.edits
    added = await edits.add(A, await new_fact(store), actor=MOD_A, at=AT)
    base = await edits.base_state(LEONOV)
    await edits.edit(A, LEONOV, replace(base, text="A's version."), actor=MOD_A, at=AT)
    await edits.undo(A, LEONOV, actor=MOD_A, at=AT)
    await edits.undo(A, LEONOV, actor=MOD_A, at=AT)
    await edits.remove(
        A, added.fact_key, Source(None, "Wiki", "https://example.org/w"), actor=MOD_A, at=AT
    )
    return added.fact_key


async def export_of(store: Store, guild_id: int) -> dict:
    overlay = sorted(await store.edits.overlay(guild_id), key=lambda e: e.key)
    document = export_document(
        guild_id, [(e.key, e.state) for e in overlay], await store.edits.revisions(guild_id), AT
    )
    return json.loads(json.dumps(document))


async def plan_of(store: Store, document: dict):
    return parse_import(document, await store.edits.rules(), await store.edits.base_keys())


async def test_an_export_imports_into_a_fresh_database_exactly(
    store: Store, template_database: Path, tmp_path: Path
) -> None:
    key = await some_history(store)
    document = await export_of(store, A)
    fresh_path = tmp_path / "fresh.sqlite3"
    shutil.copy(template_database, fresh_path)
    fresh = Store(fresh_path)
    await fresh.open()
    try:
        report = await fresh.edits.import_plan(await plan_of(fresh, document), at=AT)
        assert (report.revisions_added, report.facts_changed) == (5, 2)
        assert await export_of(fresh, A) == document  # same overlay, same log
        assert await fresh.catalog.fact(A, key) is None  # removed there too
        assert (await fresh.catalog.fact(A, LEONOV)).text == "A's version."
        again = await fresh.edits.import_plan(await plan_of(fresh, document), at=AT)
        assert (again.revisions_added, again.revisions_known, again.facts_changed) == (0, 5, 0)
        await invariant_holds(fresh, A)
    finally:
        await fresh.close()


async def test_an_import_restores_a_server_and_logs_what_it_changed(store: Store) -> None:
    await some_history(store)
    document = await export_of(store, A)
    base = await store.edits.base_state(LEONOV)
    await store.edits.revert(A, LEONOV, actor=MOD_A, at=AT)
    later = await store.edits.add(
        A, await new_fact(store, "Added after the export."), actor=MOD_A, at=AT
    )
    report = await store.edits.import_plan(await plan_of(store, document), at=AT)
    assert (report.revisions_added, report.facts_changed) == (0, 2)
    assert (await store.catalog.fact(A, LEONOV)).text == "A's version."
    assert await store.catalog.fact(A, later.fact_key) is None
    operator = [r for r in await store.edits.revisions(A) if r.actor == 0]
    assert sorted(r.action for r in operator) == ["edit", "revert"]
    assert base == await store.edits.base_state(LEONOV)
    await invariant_holds(store, A)


async def test_a_bad_import_changes_nothing(store: Store) -> None:
    await some_history(store)
    document = await export_of(store, A)
    before = await export_of(store, A)
    document["facts"][0]["episode"] = "S99E1"
    with pytest.raises(ImportProblems):
        await plan_of(store, document)
    # A file that validates but fails half-way through the write rolls back entirely.
    good = await export_of(store, A)
    good["facts"].append({**good["facts"][0], "id": "srv-zzz-later", "hidden": False})
    await store.db.connection.execute(
        "CREATE TEMP TRIGGER fail_late BEFORE INSERT ON facts WHEN new.key = 'srv-zzz-later' "
        "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="simulated failure"):
        await store.edits.import_plan(await plan_of(store, good), at=AT)
    assert await export_of(store, A) == before
    await invariant_holds(store, A)


# -- the operator commands (parallax export / import / backup) ---------------------------------


def run_cli(monkeypatch: pytest.MonkeyPatch, database: Path, *argv: str) -> int:
    monkeypatch.setenv("PARALLAX_DATABASE", str(database))
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    return cli.main(list(argv))


def test_export_import_and_backup_from_the_command_line(
    template_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    source = tmp_path / "bot.sqlite3"
    shutil.copy(template_database, source)

    async def prepare() -> None:
        opened = Store(source)
        await opened.open()
        await some_history(opened)
        await opened.close()

    asyncio.run(prepare())
    out = tmp_path / "a.json"
    assert run_cli(monkeypatch, source, "export", "--guild", str(A), "--out", str(out)) == 0
    document = json.loads(out.read_text())
    assert document["guild_id"] == str(A) and len(document["revisions"]) == 5
    assert "Exported 2 changed facts and 5 revisions" in capsys.readouterr().err

    target = tmp_path / "new.sqlite3"  # a database that does not exist yet
    assert run_cli(monkeypatch, target, "import", str(out)) == 0
    assert "2 facts changed" in capsys.readouterr().out
    assert run_cli(monkeypatch, target, "export", "--guild", str(A)) == 0
    assert json.loads(capsys.readouterr().out)["facts"] == document["facts"]

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**document, "facts": [{**document["facts"][0], "kind": "x"}]}))
    assert run_cli(monkeypatch, target, "import", str(bad)) == 1
    assert "nothing was changed" in capsys.readouterr().err
    (tmp_path / "broken.json").write_text("{not json")
    assert run_cli(monkeypatch, target, "import", str(tmp_path / "broken.json")) == 1
    capsys.readouterr()
    assert run_cli(monkeypatch, target, "export", "--guild", str(A)) == 0
    after_bad = json.loads(capsys.readouterr().out)
    assert (after_bad["facts"], after_bad["revisions"]) == (
        document["facts"],
        document["revisions"],
    )
    assert run_cli(monkeypatch, tmp_path / "missing.sqlite3", "export", "--guild", "5") == 1
    assert "no Parallax database" in capsys.readouterr().err

    copy = tmp_path / "backup.sqlite3"
    assert run_cli(monkeypatch, source, "backup", str(copy)) == 0
    assert "integrity ok" in capsys.readouterr().out
    with sqlite3.connect(copy) as check:
        assert check.execute("SELECT count(*) FROM fact_revisions").fetchone()[0] == 5
    check.close()
    assert run_cli(monkeypatch, source, "backup", str(copy)) == 1  # never overwritten silently
    assert "already exists" in capsys.readouterr().err
    assert run_cli(monkeypatch, source, "backup", str(copy), "--force") == 0


def test_state_equality_is_by_value() -> None:
    one = FactState("fam", "fact", "x", tags=("a",))
    assert one == FactState("fam", "fact", "x", tags=("a",)) and one != replace(one, hidden=True)


async def test_one_request_key_applies_at_most_once(store: Store) -> None:
    state = await new_fact(store)
    first, second = await asyncio.gather(
        store.edits.add(A, state, actor=MOD_A, at=AT, request="preview-1"),
        store.edits.add(A, state, actor=MOD_A, at=AT, request="preview-1"),
        return_exceptions=True,
    )
    applied = [r for r in (first, second) if not isinstance(r, BaseException)]
    refused = [r for r in (first, second) if isinstance(r, BaseException)]
    assert len(applied) == 1 and len(refused) == 1
    assert isinstance(refused[0], AlreadyApplied) and refused[0].revision_id == applied[0].id
    assert applied[0].fact_key in refused[0].message
    assert len(await store.edits.revisions(A)) == 1
    # The key belongs to one server's preview: another server's same key is its own.
    await store.edits.add(B, state, actor=MOD_B, at=AT, request="preview-1")
    await store.edits.add(A, state, actor=MOD_A, at=AT, request="preview-2")
    assert len(await store.edits.revisions(A)) == 2
    assert (await store.edits.request_revision(A, "preview-1")) == applied[0]
    assert (await store.edits.request_revision(B, "preview-1")).guild_id == B
    assert await store.edits.request_revision(A, "preview-3") is None
    await invariant_holds(store, A)


# -- what features derive from the facts: kept on the store, one stamp ---------------------


async def test_the_facts_stamp_moves_only_for_the_server_that_changed(store: Store) -> None:
    before_a, before_b = await store.facts_stamp(A), await store.facts_stamp(B)
    assert before_a is not None and before_a == await store.facts_stamp(A)  # no write, no move
    await store.edits.add(A, await new_fact(store), actor=MOD_A, at=AT)
    assert await store.facts_stamp(A) != before_a
    assert await store.facts_stamp(B) == before_b
    assert (await store.facts_stamp(A))[0] == before_a[0]  # the same shipped dataset


async def test_derived_caches_live_on_their_store(store: Store, tmp_path: Path) -> None:
    first = store.derived("a cache", dict)
    first["x"] = 1
    assert store.derived("a cache", dict) is first
    other = Store(tmp_path / "other.sqlite3")
    assert other.derived("a cache", dict) == {}
