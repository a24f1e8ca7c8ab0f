"""The pool of read-only connections hands a freed reader to whoever has waited longest.

Counts and order, never times: each test shrinks the pool to one reader, so that "waiting"
is certain rather than a matter of load, and records the order in which reads finish.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.store import StoreError
from bot.store import database as database_module
from bot.store.database import Database


@pytest_asyncio.fixture
async def one_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    monkeypatch.setattr(database_module, "READERS", 1)
    db = Database(tmp_path / "readers.sqlite3")
    await db.open()
    yield db
    await db.close()


async def test_a_task_reading_in_a_loop_does_not_starve_a_waiting_reader(
    one_reader: Database,
) -> None:
    """A task doing read after read used to take the freed reader back before the woken
    waiter ran (asyncio.Queue gives an item to whoever calls get() first), so a waiter was
    served only once the looping task had done all its reads. First come, first served: it
    now waits at most for the read in flight when it asked."""
    db = one_reader
    order: list[str] = []
    looping = asyncio.Event()

    async def looper() -> None:
        for _ in range(20):
            await db.fetch_value("SELECT 1")
            order.append("looper")
            looping.set()

    async def waiter() -> None:
        await looping.wait()
        order.append("waiter asks")
        await db.fetch_value("SELECT 2")
        order.append("waiter served")

    await asyncio.wait_for(asyncio.gather(looper(), waiter()), timeout=30)
    asked, served = order.index("waiter asks"), order.index("waiter served")
    assert order[asked + 1 : served].count("looper") <= 1, order
    assert order.count("looper") == 20


async def test_waiting_readers_are_served_in_the_order_they_asked(one_reader: Database) -> None:
    db = one_reader
    order: list[int] = []
    asked = 0
    all_asked = asyncio.Event()

    async def reader(n: int) -> None:
        nonlocal asked
        asked += 1
        if asked == 6:
            all_asked.set()
        await db.fetch_value("SELECT ?", (n,))
        order.append(n)
        if n == 0:  # the first one served asks again at once: it goes to the back
            await db.fetch_value("SELECT 0")
            order.append(0)

    await asyncio.wait_for(asyncio.gather(*(reader(n) for n in range(6))), timeout=30)
    assert all_asked.is_set()
    assert order == [0, 1, 2, 3, 4, 5, 0]


async def test_a_cancelled_waiter_neither_loses_the_reader_nor_blocks_the_next(
    one_reader: Database,
) -> None:
    """A waiter cancelled after the reader was handed to it, but before it ran, passes the
    reader on; one cancelled while still waiting leaves the line."""
    db = one_reader
    reader = await db._take_reader()  # the only one
    gone = asyncio.create_task(db.fetch_value("SELECT 1"))
    handed = asyncio.create_task(db.fetch_value("SELECT 2"))
    last = asyncio.create_task(db.fetch_value("SELECT 3"))
    await asyncio.sleep(0)  # all three are waiting, in this order
    gone.cancel()  # still in line
    db._give_back(reader)  # goes to `handed`, which has not run yet
    handed.cancel()
    assert await asyncio.wait_for(last, timeout=30) == 3
    assert gone.cancelled() and handed.cancelled()
    assert await asyncio.wait_for(db.fetch_value("SELECT 4"), timeout=30) == 4


async def test_closing_the_store_fails_waiting_readers_instead_of_leaving_them_hanging(
    one_reader: Database,
) -> None:
    db = one_reader
    reader = await db._take_reader()
    waiting = asyncio.create_task(db.fetch_value("SELECT 1"))
    await asyncio.sleep(0)
    await db.close()
    with pytest.raises(StoreError):
        await asyncio.wait_for(waiting, timeout=30)
    db._give_back(reader)  # a read that ends after the close: the connection is dropped
    assert not db._idle
