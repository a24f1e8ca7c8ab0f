"""Finding parallels between the shows by topic, for /parallels and its autocomplete."""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.store import Store
from bot.store.records import Parallel


def _haystack(parallel: Parallel) -> str:
    return " ".join([parallel.topic, parallel.note, parallel.fam.text, parallel.expanse.text])


async def find_parallels(store: Store, guild_id: int, topic: str | None) -> list[Parallel]:
    """All parallels, or those whose topic, note or facts match `topic` (typos forgiven)."""
    parallels = await store.catalog.parallels(guild_id)
    if not topic or not topic.strip():
        return parallels
    wanted = topic.strip().casefold()
    scored = []
    for parallel in parallels:
        score = max(
            fuzz.WRatio(wanted, parallel.topic.casefold()),
            fuzz.partial_ratio(wanted, _haystack(parallel).casefold()) - 5,
        )
        if score >= 75:
            scored.append((score, parallel))
    scored.sort(key=lambda item: (-item[0], item[1].topic))
    return [parallel for _, parallel in scored]


async def parallel_topics(store: Store, guild_id: int, current: str) -> list[str]:
    topics = sorted({p.topic for p in await store.catalog.parallels(guild_id)})
    if not current.strip():
        return topics[:25]
    wanted = current.strip().casefold()
    ranked = sorted(topics, key=lambda t: (-fuzz.WRatio(wanted, t.casefold()), t))
    return [t for t in ranked if fuzz.WRatio(wanted, t.casefold()) >= 50][:25]
