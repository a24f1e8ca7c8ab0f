"""Spoiler safety: no fan learns an ending from the bot.

Every fact knows where it is revealed: its source episode (show, season, episode). A
server sets a *spoiler window* (the newest season of each show, or whatever aired in the
last N weeks); public replies wrap facts inside it in Discord spoiler tags, except in the
server's spoiler channel. A member may record how far they have watched; replies meant
for them alone leave out what lies past that point and say so.

A fact with no source episode cannot be placed: unless the dataset marks it as no
spoiler (the premise, promotion), it is treated as being in the window and as lying past
any recorded progress, because guessing wrong would spoil someone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.errors import UserFacingError
from bot.shows import SHOW_TITLES
from bot.store import Store
from bot.store.records import Episode, Fact, Season
from bot.store.settings import SpoilerWindow

WHOLE_SEASON = 999  # an episode number past any season's last: "all of season N"
EPISODE_CODE = re.compile(r"^\s*S?(\d{1,2})\s*[E:x.\s-]\s*(\d{1,2})\s*$", re.IGNORECASE)
SEASON_ONLY = re.compile(r"^\s*S?(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a member has watched, per show: (season, episode)."""

    watched: dict[str, tuple[int, int]] = field(default_factory=dict)

    def describe(self, show: str) -> str:
        season, episode = self.watched[show]
        return f"S{season}E{episode}"


@dataclass(frozen=True, slots=True)
class SpoilerContext:
    """Everything a reply needs to decide what to hide: built once per interaction."""

    window: SpoilerWindow
    newest_season: dict[str, int]
    recent_cutoff: dt.date | None
    progress: Progress
    plain_channel: bool  # the server's spoiler channel: nothing is wrapped
    private: bool  # an ephemeral reply for the invoker alone

    def in_window(self, fact: Fact) -> bool:
        if self.window.mode == "off" or not fact.spoiler:
            return False
        episode = fact.episode
        if episode is None:
            return True
        if self.window.mode == "weeks":
            return self.recent_cutoff is not None and episode.aired >= self.recent_cutoff
        return episode.season >= self.newest_season.get(fact.show, 1)

    def past_progress(self, fact: Fact) -> bool:
        watched = self.progress.watched.get(fact.show)
        if watched is None:
            return False
        if fact.episode is None:
            return fact.spoiler
        # even a premise of a later season ("season 3 opens in 1992") is news to this reader
        return (fact.episode.season, fact.episode.number) > watched

    def before_window(self, episodes: Iterable[Episode]) -> dict[str, tuple[int, int]] | None:
        """Per show, the last (season, episode) a public reply may name unwrapped: the one
        before the server's window (by season, or the episodes aired before the cutoff);
        None when this reply wraps nothing (private, the spoiler channel, no window)."""
        if self.private or self.plain_channel or self.window.mode == "off":
            return None
        if self.window.mode == "weeks":
            last = dict.fromkeys(SHOW_TITLES, (0, 0))
            for episode in episodes:
                if self.recent_cutoff is None or episode.aired < self.recent_cutoff:
                    at = (episode.season, episode.number)
                    last[episode.show] = max(last.get(episode.show, (0, 0)), at)
            return last
        return {show: (self.newest_season.get(show, 1) - 1, WHOLE_SEASON) for show in SHOW_TITLES}

    def hides_episode(self, show: str, season: int, number: int) -> bool:
        """A private reply leaves out what happens in this episode: it lies past the
        member's recorded progress in `show`."""
        watched = self.progress.watched.get(show)
        return self.private and watched is not None and (season, number) > watched

    def should_wrap(self, fact: Fact) -> bool:
        """Wrap in spoiler tags: in the window (public, outside the spoiler channel)."""
        return not self.plain_channel and self.in_window(fact)

    def spoils(self, fact: Fact) -> bool:
        """Behind a spoiler tag, in any reply: in the window or past the reader's progress."""
        return self.should_wrap(fact) or self.past_progress(fact)

    def should_hide(self, fact: Fact) -> bool:
        """Leave out of a private reply: past the member's recorded progress."""
        return self.private and self.past_progress(fact)

    def hidden_note(self, hidden: Sequence[Fact]) -> str:
        if not hidden:
            return ""
        shows = sorted({f.show for f in hidden if f.show in self.progress.watched})
        where = "; ".join(
            f"you're at {self.progress.describe(show)} of {SHOW_TITLES[show]}" for show in shows
        )
        noun = "event" if len(hidden) == 1 else "events"
        return f"{len(hidden)} later {noun} hidden ({where})."


def wrap(text: str) -> str:
    """Discord spoiler tags around already-escaped text."""
    return f"||{text}||" if text else text


def newest_seasons(seasons: Iterable[Season]) -> dict[str, int]:
    newest: dict[str, int] = {}
    for season in seasons:
        if season.status in ("aired", "airing"):
            newest[season.show] = max(newest.get(season.show, 0), season.number)
    return newest


def parse_progress(
    text: str, show: str, episodes: Sequence[Episode], seasons: Sequence[Season]
) -> tuple[int, int]:
    """'S3E4', '3x04', '3' (a whole season) -> (season, episode), checked against the show."""
    match = EPISODE_CODE.match(text)
    season_only = SEASON_ONLY.match(text)
    known = {s.number: s for s in seasons if s.show == show}
    label = SHOW_TITLES.get(show, show)
    if match:
        season, episode = int(match.group(1)), int(match.group(2))
    elif season_only:
        season = int(season_only.group(1))
        if season not in known:
            raise UserFacingError(f"{label} has no season {season}.")
        episode = known[season].episode_count or max(
            (e.number for e in episodes if e.show == show and e.season == season), default=1
        )
    else:
        raise UserFacingError(
            f"Write how far you've watched like `S3E4` (or `3` for a whole season), not {text!r}."
        )
    if season not in known:
        raise UserFacingError(f"{label} has no season {season}.")
    limit = known[season].episode_count or max(
        (e.number for e in episodes if e.show == show and e.season == season), default=0
    )
    if limit == 0:  # announced, with no episode out or listed yet
        raise UserFacingError(f"{label} season {season} has no episodes yet.")
    if not 1 <= episode <= limit:
        raise UserFacingError(f"{label} season {season} has {limit} episodes; pick 1–{limit}.")
    return season, episode


async def spoiler_context(
    store: Store,
    guild_id: int | None,
    user_id: int | None,
    channel_id: int | None,
    today: dt.date,
    *,
    private: bool,
) -> SpoilerContext:
    """The server's window and channel, and the member's progress (none for a post meant
    for no one member: `user_id` None), for one reply."""
    window = SpoilerWindow("off")
    plain_channel = False
    if guild_id:
        config = await store.guild_settings.get_config(guild_id)
        window = config.spoiler_window
        spoiler_channel = config.spoiler_channel_id
        plain_channel = spoiler_channel is not None and spoiler_channel == channel_id
    watched = await store.member_settings.progress(user_id) if user_id is not None else {}
    cutoff = today - dt.timedelta(weeks=window.weeks) if window.mode == "weeks" else None
    return SpoilerContext(
        window=window,
        newest_season=newest_seasons(await store.catalog.seasons()),
        recent_cutoff=cutoff,
        progress=Progress(watched),
        plain_channel=plain_channel,
        private=private,
    )


async def public_window(
    store: Store, guild_id: int, channel_id: int | None, today: dt.date
) -> dict[str, tuple[int, int]] | None:
    """Per show, the last (season, episode) a public post in this channel may name
    unwrapped (see SpoilerContext.before_window); None when it may name anything."""
    context = await spoiler_context(store, guild_id, None, channel_id, today, private=False)
    episodes = await store.catalog.episodes() if context.window.mode == "weeks" else ()
    return context.before_window(episodes)


async def set_progress(store: Store, user_id: int, show: str, text: str) -> tuple[int, int]:
    if show not in SHOW_TITLES:
        raise UserFacingError("Pick a show: For All Mankind, Star City or The Expanse.")
    season, episode = parse_progress(
        text, show, await store.catalog.episodes(show), await store.catalog.seasons(show)
    )
    await store.member_settings.set_progress(user_id, show, (season, episode))
    return season, episode


async def clear_progress(store: Store, user_id: int) -> None:
    await store.member_settings.clear_progress(user_id)


async def episode_choices(
    store: Store, show: str, current: str, limit: int = 25
) -> list[tuple[str, str]]:
    """Autocomplete: ('S2E3 "Rules of Engagement"', 'S2E3'), matching what was typed."""
    wanted = current.strip().lower()
    choices: list[tuple[str, str]] = []
    for season in await store.catalog.seasons(show if show in SHOW_TITLES else None):
        if season.status == "announced":
            continue
        listed = {
            e.number: e
            for e in await store.catalog.episodes(season.show)
            if e.season == season.number
        }
        count = season.episode_count or len(listed)
        for number in range(1, count + 1):
            code = f"S{season.number}E{number}"
            episode = listed.get(number)
            name = f'{code} "{episode.title}"' if episode else f"{code} (season {season.number})"
            if show not in SHOW_TITLES:
                name = f"{SHOW_TITLES[season.show]} {name}"
            if not wanted or wanted in name.lower():
                choices.append((name[:100], code))
    return choices[:limit]
