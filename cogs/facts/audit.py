"""The audit outbox: every change to a fact is posted in the server's audit channel.

Each saved change leaves an entry in the store's outbox; it is posted at once, in order,
and what fails for a transient reason (429, 5xx, the network) is retried with backoff,
also after a restart. A post that can never be made (no channel set, channel gone, no
permission) is dropped with a log line; the change itself stays in /fact history.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import discord

from bot.facts_admin import Revision
from cogs._permissions import bot_lacks
from cogs._ui import RETRY_DELAYS, is_transient, retry_delay
from cogs.facts.render import audit_embed

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)


class AuditOutbox:
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._kick = asyncio.Event()
        self._due: dict[int, float] = {}  # revision id -> loop time of its next try
        self._retry_at: float | None = None

    async def after_change(self, revision: Revision) -> None:
        """Post `revision` (and anything before it) now; what fails is retried later."""
        try:
            await self.deliver()
        except Exception:
            log.exception("Audit post of change #%s failed", revision.id)
        self._kick.set()  # the outbox loop picks up any retry

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="fact-audit-outbox")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self) -> None:
        """Deliver what a restart left in the outbox, then whatever is due for a retry."""
        await self.bot.wait_until_ready()
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self.deliver()
            except Exception:  # the database or a bug: logged, and tried again later
                log.exception("The audit outbox pass failed")
                self._retry_at = loop.time() + RETRY_DELAYS[-1]
            timeout = None
            if self._retry_at is not None:
                timeout = max(self._retry_at - loop.time(), 0.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout)
            self._kick.clear()

    async def deliver(self) -> None:
        """Post every pending audit entry whose time has come, oldest first; a server whose
        post failed for a transient reason waits (its later posts keep their order)."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            self._retry_at = None
            waiting: set[int] = set()
            for guild_id, revision_id, _tries in await self.bot.store.edits.pending_audits():
                due = self._due.get(revision_id, 0.0)
                if guild_id in waiting or due > loop.time():
                    waiting.add(guild_id)
                    self._note_retry(due)
                    continue
                try:
                    await self._post_audit(guild_id, revision_id)
                except Exception as error:
                    if not is_transient(error):
                        raise
                    tries = await self.bot.store.edits.audit_failed(
                        guild_id, revision_id, str(error)
                    )
                    due = loop.time() + retry_delay(tries)
                    self._due[revision_id] = due
                    self._note_retry(due)
                    waiting.add(guild_id)
                    log.warning(
                        "Audit post of change #%s (guild %s) failed (%s); retrying (try %d)",
                        revision_id,
                        guild_id,
                        error,
                        tries,
                    )
                    continue
                self._due.pop(revision_id, None)
                await self.bot.store.edits.audit_done(guild_id, revision_id)

    def _note_retry(self, due: float) -> None:
        if self._retry_at is None or due < self._retry_at:
            self._retry_at = due

    async def _post_audit(self, guild_id: int, revision_id: int) -> None:
        """Post one change in the server's audit channel. Returns quietly when it can never
        be posted (no channel set, channel gone, no permission); raises when it may later."""
        store = self.bot.store
        channel_id = (await store.guild_settings.get_config(guild_id)).audit_channel_id
        revision = await store.edits.revision(guild_id, revision_id)
        if channel_id is None or revision is None:
            return
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread) or (
            channel.guild.id != guild_id
        ):
            log.info("Audit channel %s of guild %s is gone", channel_id, guild_id)
            return
        assert isinstance(channel, discord.abc.Messageable)
        missing = bot_lacks(channel, "view_channel", "send_messages", "embed_links")
        if missing:  # closed to Parallax since it was set: Discord would refuse (403)
            log.warning(
                "Not logging change #%s to the audit channel of guild %s: I lack %s there",
                revision_id,
                guild_id,
                ", ".join(missing),
            )
            return
        base = await store.edits.base_state(revision.fact_key)
        rules = await store.edits.rules()
        try:
            await channel.send(embed=audit_embed(revision, base, rules))
        except (discord.Forbidden, discord.NotFound) as error:
            log.warning("Could not post to the audit channel of guild %s: %s", guild_id, error)
