"""Autocomplete for /fact options: fast, at most 25 choices, never raises (a failure would
only leave the member without choices, so it is logged and answered with none)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.facts_admin import episode_value
from cogs._checks import is_moderator
from cogs._ui import clip, show_label

log = logging.getLogger(__name__)

Interaction = discord.Interaction[Any]


def _fact_choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=clip(f"{key} · {text}", 100), value=key) for key, text in pairs
    ][:25]


async def _suggest_facts(
    interaction: Interaction, current: str, *, members_too: bool, changed_only: bool
) -> list[app_commands.Choice[str]]:
    """Fact choices for this server; never raises (the user would just see no choices)."""
    try:
        if interaction.guild_id is None:
            return []
        if not members_too and not await is_moderator(interaction):
            return []
        pairs = await interaction.client.store.edits.suggest(
            interaction.guild_id, current or "", changed_only=changed_only
        )
        return _fact_choices(pairs)
    except Exception:
        log.exception("Fact autocomplete failed for %r", current)
        return []


async def visible_fact_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Facts this server sees (for show; for edit and remove, moderators only)."""
    command = interaction.command.name if interaction.command else ""
    return await _suggest_facts(
        interaction, current, members_too=command == "show", changed_only=False
    )


async def changed_fact_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Facts with a server version or history (removed ones too): moderators only."""
    return await _suggest_facts(interaction, current, members_too=False, changed_only=True)


async def episode_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Episodes of the fact's show: "S2E3 'Rules of Engagement'"; the value says the show."""
    try:
        if interaction.guild_id is None or not await is_moderator(interaction):
            return []
        store = interaction.client.store
        namespace = interaction.namespace
        show = getattr(namespace, "show", None)
        key = getattr(namespace, "fact", None)
        if show is None and isinstance(key, str) and key:
            overlay, base = await store.edits.current(interaction.guild_id, key)
            state = overlay or base
            show = state.show if state else None
        typed = (current or "").strip().lower()
        choices = []
        for episode in await store.catalog.episodes(show):
            name = f"{episode.code} '{episode.title}'"
            if show is None:
                name = f"{show_label(episode.show)} {name}"
            if typed and typed not in name.lower() and typed not in episode.show:
                continue
            choices.append(
                app_commands.Choice(
                    name=clip(name, 100),
                    value=episode_value(episode.show, episode.season, episode.number),
                )
            )
            if len(choices) == 25:
                break
        return choices
    except Exception:
        log.exception("Episode autocomplete failed for %r", current)
        return []


async def revision_autocomplete(
    interaction: Interaction, current: Any
) -> list[app_commands.Choice[int]]:
    """The chosen fact's changes on this server, newest first."""
    try:
        key = getattr(interaction.namespace, "fact", None)
        if interaction.guild_id is None or not key or not await is_moderator(interaction):
            return []
        typed = str(current or "").strip().lstrip("#")
        history = await interaction.client.store.edits.history(
            interaction.guild_id, str(key), limit=25
        )
        return [
            app_commands.Choice(
                name=clip(f"#{r.id} · {r.action} · {r.at:%Y-%m-%d %H:%M} UTC", 100), value=r.id
            )
            for r in history
            if not typed or str(r.id).startswith(typed)
        ]
    except Exception:
        log.exception("Revision autocomplete failed for %r", current)
        return []
