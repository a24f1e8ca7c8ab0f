"""Loading the shipped base: idempotent, transactional, searchable with FTS5."""

from __future__ import annotations

from pathlib import Path

from bot.dataset import load_dataset
from bot.store import Store
from tests.support.minidata import EXPANSE_FACTS, write_minidata


async def open_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "catalog.sqlite3")
    await store.open()
    return store


async def test_reloading_the_same_dataset_is_a_no_op(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    dataset = load_dataset(write_minidata(tmp_path / "data"))
    assert await store.catalog.replace_base(dataset) is True
    assert await store.catalog.replace_base(dataset) is False
    counts = await store.catalog.counts()
    assert counts.facts == {"fam": 2, "expanse": 1}
    assert counts.episodes == {"expanse": {1: 1}, "fam": {1: 2}}
    await store.close()


async def test_a_changed_dataset_replaces_the_base_but_keeps_server_rows(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    await store.catalog.replace_base(load_dataset(write_minidata(tmp_path / "data")))
    async with store.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO facts (key, guild_id, show, universe, kind, text, source_title, "
            "source_url) VALUES ('srv-1', 42, 'fam', 'fam', 'fact', 'A server fact', 't', "
            "'https://example.org')"
        )
    changed = load_dataset(
        write_minidata(
            tmp_path / "data", **{"facts/expanse.toml": EXPANSE_FACTS.replace("Saturn", "Jupiter")}
        )
    )
    assert await store.catalog.replace_base(changed) is True
    [canterbury] = await store.catalog.search_facts(0, "Jupiter")
    assert canterbury.key == "exp-canterbury"
    assert await store.catalog.search_facts(0, "Saturn") == []
    assert (await store.catalog.fact(42, "srv-1")) is not None
    assert (await store.catalog.fact(7, "srv-1")) is None  # another server never sees it
    await store.close()


async def test_fts_finds_a_fact_with_and_without_diacritics(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    await store.catalog.replace_base(load_dataset(write_minidata(tmp_path / "data")))
    for query in ("Cortázar", "cortazar", "CORTAZAR"):
        [fact] = await store.catalog.search_facts(0, query)
        assert fact.key == "fam-cortazar-test"
    await store.close()


async def test_fts_query_syntax_in_user_text_is_harmless(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    await store.catalog.replace_base(load_dataset(write_minidata(tmp_path / "data")))
    for text in ('"', "NEAR(", "moon OR", "*", "leonov AND -", "^col:x"):
        await store.catalog.search_facts(0, text)  # never raises
    await store.close()


async def test_a_fact_carries_its_episode_for_the_source_label(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    await store.catalog.replace_base(load_dataset(write_minidata(tmp_path / "data")))
    fact = await store.catalog.fact(0, "fam-leonov")
    assert fact is not None and fact.when_label == "26 June 1969"
    assert fact.source_label() == 'S1E1 "Red Moon" (1 Nov 2019)'
    timeline = await store.catalog.timeline(0, universe="fam", year_from=1969, year_to=1969)
    assert [f.key for f in timeline] == ["fam-leonov"]
    await store.close()


async def test_episode_facts_keep_the_dataset_order_and_a_servers_edit_keeps_its_place(
    tmp_path: Path,
) -> None:
    import dataclasses
    import datetime as dt

    more = EXPANSE_FACTS + (
        '\n[[fact]]\nid = "exp-b-second"\nkind = "fact"\ntext = "Holden calls it in."\n'
        'episode = "S1E1"\n'
        '\n[[fact]]\nid = "exp-a-wrong"\nkind = "misconception"\ntext = "A wrong claim."\n'
        'correction = "What the show says."\nepisode = "S1E1"\n'
    )
    store = await open_store(tmp_path)
    await store.catalog.replace_base(
        load_dataset(write_minidata(tmp_path / "data", **{"facts/expanse.toml": more}))
    )
    assert [f.key for f in await store.catalog.episode_facts(0, "expanse")] == [
        "exp-canterbury",
        "exp-b-second",
    ]  # file order, not key order; misconceptions are not events
    base = await store.edits.base_state("exp-canterbury")
    assert base is not None
    edited = dataclasses.replace(base, text="The Canterbury is destroyed.")
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    await store.edits.edit(42, "exp-canterbury", edited, actor=1, at=at)
    facts = await store.catalog.episode_facts(42, "expanse")
    assert [(f.key, f.text) for f in facts] == [
        ("exp-canterbury", "The Canterbury is destroyed."),
        ("exp-b-second", "Holden calls it in."),
    ]
    assert (await store.catalog.episode_facts(0, "expanse"))[0].text.startswith("The ice hauler")
    await store.close()
