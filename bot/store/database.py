"""The SQLite connections: pragmas, online backups, versioned migrations, transactions.

Concurrency as SQLite has it: one writer connection, in autocommit mode so that every
write happens inside an explicit `BEGIN IMMEDIATE ... COMMIT` (see `transaction`), with
`synchronous=FULL` so that an acknowledged write survives a crash or power cut; and a small
pool of read-only connections (WAL lets them read while the writer writes), so that reads
never queue behind a write or behind each other on one thread. A read sees only committed
data; code that must read its own uncommitted rows reads through its transaction.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from bot.clock import Clock, system_clock

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{4})-([a-z0-9-]+)\.sql$")
MEMO_LIMIT = 4096
READERS = 3  # read-only connections (each has its own thread)
T = TypeVar("T")


class StoreError(RuntimeError):
    """The database cannot be opened or migrated; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What `open` did: the versions before and after, and the backup it took (if any)."""

    from_version: int
    to_version: int
    applied: tuple[str, ...]
    backup_path: Path | None


def discover_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Numbered `NNNN-name.sql` files, checked to run 1, 2, 3, … with no gap."""
    migrations = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(f"migration file {path.name} is not named NNNN-name.sql")
        migrations.append(Migration(int(match.group(1)), match.group(2), path.read_text()))
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise StoreError(
                f"migration {migration.version:04d} found where {expected:04d} was due"
            )
    return migrations


class Database:
    """Owns the connection. Reads go straight through; writes go through `transaction()`."""

    def __init__(
        self, path: Path, migrations_dir: Path = MIGRATIONS_DIR, *, clock: Clock = system_clock
    ) -> None:
        self.path = Path(path)
        self.clock = clock  # names backups
        self.migrations_dir = migrations_dir
        self._connection: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        #: Moves with every write transaction (committed or rolled back): caches of what the
        #: database says are keyed on it, so one unchanged number means nothing changed.
        self.stamp = 0
        #: Moves only with transactions that change what the bot knows (the shipped base, a
        #: server's facts): caches of facts, episodes and questions survive every other write.
        self.content_stamp = 0
        self.content_open = False
        self._memo: dict[Any, tuple[int, Any]] = {}
        self._readers: list[aiosqlite.Connection] = []
        self._idle: deque[aiosqlite.Connection] = deque()
        #: Tasks waiting for a reader, oldest first: a freed reader goes to the oldest
        #: (not to whoever asks next, as asyncio.Queue would: a task reading in a loop
        #: would take it back before the woken waiter ran, and starve it).
        self._waiting: deque[asyncio.Future[aiosqlite.Connection]] = deque()

    @property
    def connection(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise StoreError("the store is not open")
        return self._connection

    async def open(self) -> MigrationReport:
        """Connect, set the pragmas, back up if migrations are pending, then migrate."""
        migrations = discover_migrations(self.migrations_dir)
        existed = self.path.exists() and self.path.stat().st_size > 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        self._connection = connection
        try:
            await connection.execute("PRAGMA busy_timeout = 5000")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = FULL")
            await connection.execute("PRAGMA foreign_keys = ON")
            report = await self._migrate(migrations, existed)
            await self._open_readers()
            return report
        except BaseException:
            await self.close()
            raise

    async def _open_readers(self) -> None:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        for _ in range(READERS):
            reader = await aiosqlite.connect(uri, uri=True, isolation_level=None)
            reader.row_factory = aiosqlite.Row
            await reader.execute("PRAGMA busy_timeout = 5000")
            await reader.execute("PRAGMA query_only = ON")
            await reader.execute("PRAGMA foreign_keys = ON")  # as the writer (read: no effect)
            self._readers.append(reader)
            self._idle.append(reader)

    @asynccontextmanager
    async def _reading(self, writer: bool) -> AsyncIterator[aiosqlite.Connection]:
        """An idle read-only connection (the writer's when asked, or with no pool)."""
        if writer or not self._readers:
            yield self.connection
            return
        reader = await self._take_reader()
        try:
            yield reader
        finally:
            self._give_back(reader)

    async def _take_reader(self) -> aiosqlite.Connection:
        """An idle reader, or the next one freed once every earlier waiter has had one."""
        if self._idle and not self._waiting:
            return self._idle.popleft()
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._give_back(waiter.result())  # handed over, then cancelled: pass it on
            elif waiter in self._waiting:
                self._waiting.remove(waiter)
            raise

    def _give_back(self, reader: aiosqlite.Connection) -> None:
        """Hand a freed reader to the oldest waiter, or put it back with the idle ones."""
        if reader not in self._readers:
            return  # the store was closed meanwhile: the connection is gone
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(reader)
                return
        self._idle.append(reader)

    async def open_for_backup(self) -> None:
        """Connect without migrating: only to copy an existing database elsewhere."""
        self._connection = await aiosqlite.connect(self.path, isolation_level=None)
        await self._connection.execute("PRAGMA busy_timeout = 5000")

    async def _user_version(self) -> int:
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _has_content(self) -> bool:
        async with self.connection.execute("SELECT count(*) FROM sqlite_schema") as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    async def _migrate(self, migrations: Sequence[Migration], existed: bool) -> MigrationReport:
        current = await self._user_version()
        latest = migrations[-1].version if migrations else 0
        if current > latest:
            raise StoreError(
                f"{self.path} is at schema version {current}, newer than this Parallax "
                f"knows ({latest}). Upgrade Parallax, or restore a backup."
            )
        pending = [m for m in migrations if m.version > current]
        backup_path = None
        if pending and existed and (current > 0 or await self._has_content()):
            stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
            backup_path = self.path.with_name(f"{self.path.name}.v{current}-{stamp}.backup")
            await self.backup_to(backup_path)
            log.info(
                "Backed up %s (schema v%d) to %s before migrating", self.path, current, backup_path
            )
        for migration in pending:
            await self._apply(migration)
            log.info("Applied migration %04d-%s", migration.version, migration.name)
        return MigrationReport(
            current, latest if pending else current, tuple(m.name for m in pending), backup_path
        )

    async def _apply(self, migration: Migration) -> None:
        """Run one migration atomically.

        `executescript` commits any open transaction before it runs, so the BEGIN and the
        COMMIT must be inside the script itself; on error we roll back what it began.
        """
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n"
            f"PRAGMA user_version = {migration.version};\n"
            "COMMIT;\n"
        )
        try:
            await self.connection.executescript(script)
        except Exception as error:
            if self.connection.in_transaction:
                await self.connection.execute("ROLLBACK")
            raise StoreError(
                f"migration {migration.version:04d}-{migration.name} failed and was rolled "
                f"back; the database is unchanged at its previous version ({error})"
            ) from error

    async def backup_to(self, target: Path) -> None:
        """An online backup with SQLite's backup API: consistent even while the bot writes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(target) as destination:
            await self.connection.backup(destination)

    async def close(self) -> None:
        readers, self._readers = self._readers, []
        self._idle.clear()
        waiting, self._waiting = self._waiting, deque()
        for waiter in waiting:
            if not waiter.done():
                waiter.set_exception(StoreError("the store is not open"))
        for reader in readers:
            await reader.close()
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()

    @asynccontextmanager
    async def transaction(self, *, content: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; commits on success, rolls back on any error.

        `content`: it changes facts, episodes or questions (see `content_stamp`)."""
        async with self._write_lock:
            connection = self.connection
            self.content_open = content
            await connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            else:
                await connection.execute("COMMIT")
            finally:
                self.stamp += 1
                if content:
                    self.content_stamp += 1
                    self.content_open = False

    def remembered(self, key: Any, *, content: bool = False) -> tuple[bool, Any]:
        """(True, value) when `memo` holds a current answer for `key`: no await, no read."""
        stamp = self.content_stamp if content else self.stamp
        hit = self._memo.get(key)
        return (True, hit[1]) if hit is not None and hit[0] == stamp else (False, None)

    async def memo(
        self,
        key: Any,
        compute: Callable[[], Awaitable[T]],
        *,
        content: bool = False,
        before_compute: Callable[[], Awaitable[object]] | None = None,
    ) -> T:
        """`compute()`'s answer, remembered until the next write (see `stamp`), or with
        `content` until the next change of facts, episodes or questions.

        Only an answer read while no such write was open, with none finishing meanwhile, is
        remembered: a read inside an open transaction may see rows that are rolled back.
        """

        def now() -> tuple[int, bool]:
            if content:
                return self.content_stamp, self.content_open
            return self.stamp, self.connection.in_transaction

        stamp, busy = now()
        hit = self._memo.get(key)
        if hit is not None and hit[0] == stamp:
            return cast(T, hit[1])
        if before_compute is not None:  # e.g. acknowledge an interaction before the read
            await before_compute()
        value = await compute()
        if not busy and now() == (stamp, False):
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = (stamp, value)
        return value

    async def fetch_all(
        self, sql: str, parameters: Iterable[Any] | dict[str, Any] = (), *, writer: bool = False
    ) -> list[aiosqlite.Row]:
        async with (
            self._reading(writer) as connection,
            connection.execute(sql, parameters) as cursor,
        ):
            return list(await cursor.fetchall())

    async def fetch_one(
        self, sql: str, parameters: Iterable[Any] | dict[str, Any] = (), *, writer: bool = False
    ) -> aiosqlite.Row | None:
        async with (
            self._reading(writer) as connection,
            connection.execute(sql, parameters) as cursor,
        ):
            return await cursor.fetchone()

    async def fetch_value(
        self, sql: str, parameters: Iterable[Any] | dict[str, Any] = (), *, writer: bool = False
    ) -> Any:
        row = await self.fetch_one(sql, parameters, writer=writer)
        return None if row is None else row[0]
