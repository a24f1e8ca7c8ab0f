"""A store holding the shipped dataset, and claims judged on it, for the canon tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.canon import check_claim
from bot.config import DEFAULT_DATA_DIR
from bot.dataset import load_dataset
from bot.store import Store


@asynccontextmanager
async def shipped_store(path: Path) -> AsyncIterator[Store]:
    """A store at `path` with the shipped dataset loaded; closed afterwards."""
    store = Store(path)
    await store.open()
    try:
        await store.catalog.replace_base(load_dataset(DEFAULT_DATA_DIR))
        yield store
    finally:
        await store.close()


def judge_claims(path: Path, claims: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each claim's (For All Mankind, The Expanse) verdicts on one shipped store."""

    async def run() -> dict[str, tuple[str, str]]:
        async with shipped_store(path) as store:
            out = {}
            for claim in claims:
                result = await check_claim(store, 0, claim)
                out[claim] = (result.verdicts["fam"].verdict, result.verdicts["expanse"].verdict)
            return out

    return asyncio.run(run())


Verdicts = dict[str, tuple[str, str]]


def verdicts_fixture(name: str, *tables: Iterable[str]) -> Callable[..., Verdicts]:
    """A module-scoped fixture: every claim of `tables` judged once, on one shipped store
    (a store per module keeps the tables' tests fast)."""

    @pytest.fixture(scope="module")
    def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Verdicts:
        path = tmp_path_factory.mktemp(name) / "parallax.sqlite3"
        return judge_claims(path, [claim for table in tables for claim in table])

    return verdicts
