"""Time in a session: what the cogs' loops would do now, and when something is next due.

A `wait` moves the shared clock from one due moment to the next (a round's deadline or
pause, a planned night, a pending announcement) and runs each cog's `tick()` (or its
`run_due_*()`) at each, as their own loops would. Work the bot hands to worker threads
(pictures) is counted, so a session waits for the message it belongs to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)
T = TypeVar("T")


class CountingExecutor(ThreadPoolExecutor):
    """The loop's default executor (asyncio.to_thread), counting the work in flight, so
    that a picture being drawn keeps the session waiting for the message it goes with."""

    def __init__(self) -> None:
        super().__init__(max_workers=4, thread_name_prefix="parallax-try")
        self.busy = 0
        self._count = threading.Lock()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._count:
            self.busy += 1

        def counted() -> T:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._count:
                    self.busy -= 1

        return super().submit(counted)


async def run_due(bot: Parallax) -> None:
    """What the cogs' loops would do at this moment: each cog's tick(), or run_due_*()."""
    for cog in list(bot.cogs.values()):
        names = (
            ["tick"]
            if callable(getattr(cog, "tick", None))
            else [n for n in dir(cog) if n.startswith("run_due_")]
        )
        for name in names:
            method = getattr(cog, name)
            if not inspect.iscoroutinefunction(method) or _required_arguments(method):
                continue
            try:
                await method()
            except Exception:
                log.exception("%s.%s failed", type(cog).__name__, name)


async def due_moments(bot: Parallax, guild_id: int) -> list[dt.datetime]:
    """When something is next due: a round's deadline or pause, a planned night, a
    pending announcement."""
    moments: list[dt.datetime] = []
    for cog in bot.cogs.values():
        for runner in getattr(cog, "runners", {}).values():
            plan = getattr(runner, "plan", None)
            wake = plan.wake_at() if plan is not None else None
            if wake is not None:
                moments.append(wake)
    store = bot.store
    with contextlib.suppress(Exception):  # a store another helper changed: step less finely
        nights = await store.trivia.scheduled_nights(guild_id)
        moments += [night.starts_at for night in nights if night.starts_at]
    with contextlib.suppress(Exception):
        outbox = await store.schedule.outbox(guild_id)
        moments += [entry.due_at for entry in outbox if entry.state == "pending"]
    return moments


def _required_arguments(method: Callable[..., Any]) -> bool:
    return any(
        p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        for p in inspect.signature(method).parameters.values()
    )
