"""How /fact shows facts, changes, previews and audit entries: embeds and their words."""

from __future__ import annotations

import discord

from bot.fact_changes import ChangePreview
from bot.facts_admin import (
    FactState,
    Revision,
    Rules,
    actor_label,
    describe_revision,
    diff,
    effective,
)
from bot.store.records import Fact
from cogs._ui import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    UNIVERSE_COLOURS,
    add_field_within_limits,
    clip,
    safe,
    show_label,
)

EDIT_COLOUR = discord.Colour(0xF2C94C)
REMOVE_COLOUR = discord.Colour(0x8B1E1E)


def state_from_fact(fact: Fact) -> FactState:
    return FactState(
        show=fact.show,
        kind=fact.kind,
        text=fact.text,
        correction=fact.correction,
        when=fact.when_text,
        tags=fact.tags,
        episode=(fact.episode.season, fact.episode.number) if fact.episode else None,
        source_title=fact.source_title,
        source_url=fact.source_url,
        spoiler=fact.spoiler,
    )


def source_text(state: FactState, rules: Rules) -> str:
    """The episode (code and title) and/or the cited page, markdown and mentions defused."""
    parts = []
    if state.episode:
        title = rules.episode_titles.get((state.show, *state.episode), "")
        parts.append(safe(f"{show_label(state.show)} {state.episode_code} “{title}”".strip()))
    if state.source_title:
        parts.append(safe(state.source_title))
    if state.source_url:
        parts.append(state.source_url.replace("@", "@\u200b"))
    return "\n".join(parts) or "no source"


def fact_embed(
    key: str,
    state: FactState,
    rules: Rules,
    *,
    title: str,
    colour: discord.Colour | None = None,
    note: str = "",
) -> discord.Embed:
    universe = rules.show_universe.get(state.show, "")
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip(safe(state.text), EMBED_DESCRIPTION_LIMIT),
        colour=colour or UNIVERSE_COLOURS.get(universe, NEUTRAL_COLOUR),
    )
    if state.kind == "misconception" and state.correction:
        add_field_within_limits(
            embed, "What the show establishes", safe(state.correction), inline=False
        )
    add_field_within_limits(embed, "Show", show_label(state.show), inline=True)
    add_field_within_limits(embed, "Kind", state.kind, inline=True)
    if state.when:
        add_field_within_limits(embed, "In-universe date", state.when_label, inline=True)
    if state.tags:
        add_field_within_limits(embed, "Tags", safe(", ".join(state.tags)), inline=False)
    add_field_within_limits(embed, "Source", source_text(state, rules), inline=False)
    if note:
        add_field_within_limits(embed, "\u200b", note, inline=False)
    embed.set_footer(text=clip(f"{key} · {'spoiler' if state.spoiler else 'no spoiler'}", 2048))
    return embed


def add_diff_fields(
    embed: discord.Embed, before: FactState | None, after: FactState | None, *, limit: int = 8
) -> None:
    for change in diff(before, after)[:limit]:
        old = clip(safe(change.before), 480) if change.before else "—"
        new = clip(safe(change.after), 480) if change.after else "—"
        add_field_within_limits(
            embed, change.name, f"**Before:** {old}\n**After:** {new}", inline=False
        )


def change_embed(
    title: str,
    key: str,
    before: FactState | None,
    after: FactState | None,
    *,
    colour: discord.Colour = EDIT_COLOUR,
    description: str = "",
) -> discord.Embed:
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip(description, EMBED_DESCRIPTION_LIMIT),
        colour=colour,
    )
    add_diff_fields(embed, before, after)
    embed.set_footer(text=clip(key, 2048))
    return embed


def revision_field(revision: Revision, base: FactState | None) -> tuple[str, str]:
    name = f"#{revision.id} · {revision.action} · {revision.at:%Y-%m-%d %H:%M} UTC"
    lines = [
        f"by {actor_label(revision.actor)} · <t:{int(revision.at.timestamp())}:R>",
        safe(describe_revision(revision, base)),
    ]
    source_state = revision.after if revision.action in ("add", "edit", "remove") else None
    if source_state is not None:
        source = source_state.episode_code or source_state.source_title
        if source:
            lines.append(f"Source: {safe(clip(source, 200))}")
    return name, "\n".join(lines)


def audit_embed(revision: Revision, base: FactState | None, rules: Rules) -> discord.Embed:
    before = effective(revision.before, base)
    after = effective(revision.after, base)
    colour = REMOVE_COLOUR if after is None else EDIT_COLOUR
    embed = change_embed(
        f"Fact {revision.action}: {revision.fact_key}",
        revision.fact_key,
        before,
        after,
        colour=colour,
        description=(
            f"{actor_label(revision.actor)} {safe(describe_revision(revision, base))}\n"
            f"Undo with {undo_command(revision.fact_key)}."
        ),
    )
    if revision.after is not None and revision.action in ("add", "edit", "remove"):
        add_field_within_limits(
            embed, "Source of this change", source_text(revision.after, rules), inline=False
        )
    embed.set_footer(text=clip(f"Revision #{revision.id} · {revision.fact_key}", 2048))
    embed.timestamp = revision.at
    return embed


# -- a change, before and after it is confirmed -------------------------------------------


def preview_message(preview: ChangePreview, rules: Rules) -> tuple[str, discord.Embed]:
    """The words and embed of a preview, above its Confirm and Cancel buttons."""
    key, before, after = preview.key, preview.before, preview.after
    if preview.action == "add":
        assert after is not None
        embed = fact_embed("new fact", after, rules, title="New fact", colour=EDIT_COLOUR)
        return "Preview of the new fact. Confirm to add it to this server.", embed
    if preview.action == "edit":
        assert after is not None
        embed = change_embed(f"Edit {key}", key, before, after, description=safe(after.text))
        return f"Preview of your change to `{key}`. Confirm to save it.", embed
    if preview.action == "remove":
        assert before is not None and preview.source is not None
        hidden = before.with_source(preview.source)
        embed = fact_embed(
            key,
            before,
            rules,
            title=f"Remove {key}?",
            colour=REMOVE_COLOUR,
            note="Source of the removal:\n" + source_text(hidden, rules),
        )
        return f"`{key}` will no longer appear in this server's /timeline, /canon or trivia.", embed
    if preview.action == "revert":
        description = (
            "The server's own version is dropped and the shipped fact shows again."
            if preview.shipped
            else "This fact exists only on this server; reverting removes it."
        )
        embed = change_embed(f"Revert {key}", key, before, after, description=description)
        return f"Revert `{key}` to the shipped version?", embed
    target = preview.target_id
    description = f"#{target}: {actor_label(preview.target_actor)} {safe(preview.summary)}\n"
    if after is None:
        description += "After the undo the fact is **not shown** on this server."
    elif preview.shipped:
        description += "After the undo the server sees the **shipped version** again."
    embed = change_embed(f"Undo #{target} on {key}", key, before, after, description=description)
    return f"Undo change #{target} to `{key}`?", embed


def done_message(
    preview: ChangePreview, revision: Revision, rules: Rules
) -> tuple[str, discord.Embed]:
    """What the preview becomes once its change is saved as `revision`."""
    key, before, after, number = revision.fact_key, preview.before, preview.after, revision.id
    undo = undo_command(key)
    if preview.action == "add":
        assert after is not None
        embed = fact_embed(key, after, rules, title=key)
        return f"Added `{key}` (change #{number}). {undo} takes it back.", embed
    if preview.action == "edit":
        assert after is not None
        embed = fact_embed(key, after, rules, title=key, note="Changed on this server.")
        return f"Changed `{key}` on this server (change #{number}). {undo} takes it back.", embed
    if preview.action == "remove":
        assert before is not None
        embed = fact_embed(key, before, rules, title=f"Removed: {key}", colour=REMOVE_COLOUR)
        return f"Removed `{key}` from this server (change #{number}). {undo} brings it back.", embed
    if preview.action == "revert":
        what = "the shipped version shows again" if preview.shipped else "the server's fact is gone"
        embed = change_embed(f"Reverted {key}", key, before, after)
        return f"Reverted `{key}`: {what} (change #{number}). {undo} takes it back.", embed
    target = preview.target_id
    embed = change_embed(f"Undid #{target}", key, before, after)
    return f"Undid #{target} on `{key}` (change #{number}). Undo again to redo it: {undo}.", embed


def undo_command(key: str) -> str:
    """The exact command that undoes the latest change to `key`, ready to type."""
    return f"`/fact undo fact:{key}`"
