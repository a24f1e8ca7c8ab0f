"""/canon: is a claim canon, per show, with the evidence and its source."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.canon import (
    CLAIM_MAX,
    CanonResult,
    Evidence,
    UniverseVerdict,
    check_claim,
    refuse_empty_claim,
    server_index,
    validate_claim,
)
from bot.episodes import source_label
from bot.shows import EXPANSE, FAM
from bot.spoilers import SpoilerContext, wrap
from cogs._ui import (
    EXPANSE_COLOUR,
    FAM_COLOUR,
    NEUTRAL_COLOUR,
    clip,
    md_link,
    reader_spoilers,
    safe,
)

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)
VERDICT_LABELS = {"canon": "✅ Canon", "not_canon": "❌ Not canon", "no_record": "❔ No record"}


def evidence_text(evidence: Evidence, spoilers: SpoilerContext) -> str:
    """The evidence, behind a spoiler tag when it lies in the window or past the reader."""
    fact = evidence.fact
    hide = spoilers.spoils(fact)
    # the same label as /episode's, so the cited episode can be looked up there
    source = safe(clip(source_label(fact.episode, fact.source_title), 120))
    if fact.source_url:
        source = md_link(source, fact.source_url)
    if evidence.is_misconception:  # never quoted as if it were true
        correction = safe(clip(evidence.statement, 260))
        said = safe(clip(evidence.fans_say, 160))
        body = f"Fans often say: “{said}” — the show: {wrap(correction) if hide else correction}"
    else:
        statement = f"“{safe(clip(evidence.statement, 260))}”"
        body = wrap(statement) if hide else statement
        if evidence.reason and evidence.relation == "contradicts":
            reason = safe(evidence.reason)
            body += f"\n→ {wrap(reason) if hide else reason}"
    when = f" ({fact.when_label})" if fact.when_label else ""
    return f"{body}\n-# {source}{safe(when)}"


def verdict_field(verdict: UniverseVerdict, spoilers: SpoilerContext) -> tuple[str, str]:
    name = f"{verdict.label}: {VERDICT_LABELS[verdict.verdict]}"
    parts = []
    spoiled = spoiler_of(verdict, spoilers)
    if spoiled is not None:  # the verdict tells the event: behind a tag, for the reader to open
        name = f"{verdict.label}: ⚠️ spoiler{spoiled}"
        parts.append(wrap(VERDICT_LABELS[verdict.verdict]))
    if verdict.note:
        parts.append(safe(verdict.note))
    if verdict.evidence:
        if verdict.verdict == "no_record":
            parts.append("Closest facts:")
        budget = 1000 - sum(len(p) + 1 for p in parts)
        for item in verdict.evidence:
            text = evidence_text(item, spoilers)
            if len(text) + 2 > budget:
                break
            parts.append(text)
            budget -= len(text) + 2
    elif not verdict.note:
        parts.append("No fact I hold says this, or says otherwise.")
    return name, clip("\n\n".join(parts), 1024)


def spoiler_of(verdict: UniverseVerdict, spoilers: SpoilerContext) -> str | None:
    """None when the verdict may be shown; otherwise what to say of it (' (past your
    S1E2)'): every fact deciding it lies in the spoiler window or past the reader."""
    deciding = [e.fact for e in verdict.evidence if e.relation != "related"]
    if verdict.verdict == "no_record" or not deciding:
        return None
    if not all(spoilers.spoils(f) for f in deciding):
        return None
    shows = sorted({f.show for f in deciding if spoilers.past_progress(f)})
    past = ", ".join(spoilers.progress.describe(show) for show in shows)
    return f" (past your {past})" if past else ""


def parallel_lines(result: CanonResult, spoilers: SpoilerContext) -> list[str]:
    """The parallels the claim touches, as /timeline and /episode show them: left out of a
    private reply when either side is past the reader, behind a spoiler tag when either
    side is in the server's window."""
    lines = []
    for parallel in result.parallels:
        sides = (parallel.fam, parallel.expanse)
        if any(spoilers.should_hide(fact) for fact in sides):
            continue
        note = safe(clip(parallel.note, 200))
        if any(spoilers.spoils(fact) for fact in sides):
            note = wrap(note)
        source = "" if not parallel.source_url else f" · {md_link('source', parallel.source_url)}"
        lines.append(f"**{safe(parallel.topic)}**: {note}{source}")
    return lines


def render_canon(result: CanonResult, spoilers: SpoilerContext) -> discord.Embed:
    verdicts = [v.verdict for v in result.verdicts.values()]
    colour = NEUTRAL_COLOUR
    if (
        result.verdicts[FAM].verdict != "no_record"
        and result.verdicts[EXPANSE].verdict == "no_record"
    ):
        colour = FAM_COLOUR
    elif result.verdicts[EXPANSE].verdict != "no_record" and "canon" not in verdicts[:1]:
        colour = EXPANSE_COLOUR
    embed = discord.Embed(
        title="Is it canon?", description=f"> {safe(clip(result.claim, 300))}", colour=colour
    )
    for verdict in result.verdicts.values():
        name, value = verdict_field(verdict, spoilers)
        embed.add_field(name=name, value=value, inline=False)
    lines = parallel_lines(result, spoilers)
    if lines:
        embed.add_field(
            name="Parallels between the shows", value=clip("\n".join(lines), 1024), inline=False
        )
    embed.set_footer(
        text="Canon means: the show depicts it (for The Expanse, the show, not the books)."
    )
    return embed


@functools.cache  # once a process: what is built at the start lives as long as it
def freeze_startup_heap() -> None:
    """Keep the shipped index out of the garbage collector's full passes. Left in, each
    pass walked all of it and paused the event loop, and every acknowledgement due then,
    for 100-150 ms (bench/latency.py's first batch); frozen, a pass walks only what came
    after. Refcounting still frees it; only a cycle in it would outlive its use."""
    gc.collect()
    gc.freeze()


class CanonCog(commands.Cog, name="Canon"):
    def __init__(self, bot: Parallax) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # the shipped facts' index, built now: the first /canon after a start is then as
        # quick as any other (building it takes a second or two of CPU)
        self._warm = asyncio.create_task(self._warm_index(), name="canon-index")

    async def _warm_index(self) -> None:
        try:
            await server_index(self.bot.store, 0)
        except Exception:  # only a head start
            log.warning("Could not build the canon index ahead of time", exc_info=True)
            return
        freeze_startup_heap()

    async def cog_unload(self) -> None:
        self._warm.cancel()

    @app_commands.command(
        description="Is it canon? Checks a claim against both shows, with sources."
    )
    @app_commands.describe(
        claim="The claim to check, e.g. 'The Soviets landed on the Moon first'",
        private="Only you see the reply",
    )
    async def canon(
        self,
        interaction: discord.Interaction[Parallax],
        claim: app_commands.Range[str, 1, CLAIM_MAX],  # Discord stops a longer one as typed
        private: bool = False,
    ) -> None:
        text = validate_claim(claim)  # bad input: an ephemeral error before anything public
        store = self.bot.store
        refuse_empty_claim(store, interaction.guild_id or 0, text)  # 'Miller': nothing to check
        await interaction.response.defer(thinking=True, ephemeral=private)
        result = await check_claim(store, interaction.guild_id or 0, claim)
        spoilers = await reader_spoilers(interaction, private=private)
        await interaction.followup.send(embed=render_canon(result, spoilers), ephemeral=private)


async def setup(bot: Parallax) -> None:
    await bot.add_cog(CanonCog(bot))
