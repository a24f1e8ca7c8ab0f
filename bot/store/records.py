"""Small frozen records the store returns: features never see rows or tuples."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.dataset import describe_when
from bot.shows import UNIVERSE_TITLES, is_spin_off
from bot.shows import title as show_title

UNIVERSE_LABELS = UNIVERSE_TITLES  # bot/canon/ reads it here


@dataclass(frozen=True, slots=True)
class Show:
    code: str
    title: str
    network: str
    universe: str
    status: str
    summary: str


@dataclass(frozen=True, slots=True)
class Season:
    show: str
    number: int
    status: str
    note: str
    source_title: str
    source_url: str
    episodes_listed: int
    premiere: dt.date | None = None
    finale: dt.date | None = None
    episode_count: int | None = None


@dataclass(frozen=True, slots=True)
class Episode:
    show: str
    season: int
    number: int
    title: str
    aired: dt.date
    source_url: str

    @property
    def code(self) -> str:
        return f"S{self.season}E{self.number}"

    def label(self) -> str:
        """'S1E1 "Red Moon" (1 Nov 2019)': how a fan recognises an episode."""
        return f'{self.code} "{self.title}" ({self.aired.day} {self.aired:%b %Y})'


@dataclass(frozen=True, slots=True)
class Fact:
    key: str
    guild_id: int
    show: str
    universe: str
    kind: str
    text: str
    correction: str
    when_text: str
    year_from: int | None
    year_to: int | None
    sort_date: str
    approximate: bool
    tags: tuple[str, ...]
    episode: Episode | None
    source_title: str
    source_url: str
    spoiler: bool

    @property
    def when_label(self) -> str:
        return describe_when(self.when_text) if self.when_text else ""

    @property
    def is_server_edit(self) -> bool:
        return self.guild_id != 0

    def source_label(self) -> str:
        """The episode (show, code, title, air date) and/or the cited page, in one line."""
        parts = []
        if self.episode is not None:
            show = f"{show_title(self.show)} " if is_spin_off(self.show) else ""
            parts.append(show + self.episode.label())
        if self.source_title:
            parts.append(self.source_title)
        return " · ".join(parts) if parts else "no source"


@dataclass(frozen=True, slots=True)
class Parallel:
    key: str
    topic: str
    note: str
    fam: Fact
    expanse: Fact
    source_title: str
    source_url: str


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    show: str
    question: str
    answers: tuple[str, ...]
    choices: tuple[str, ...]
    difficulty: str
    episode: Episode | None
    source_title: str
    source_url: str


@dataclass(frozen=True, slots=True)
class CatalogCounts:
    """What `parallax data check` and `/about` report."""

    episodes: dict[str, dict[int, int]] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    parallels: int = 0
    questions: int = 0
    people: int = 0
    seasons: tuple[Season, ...] = ()  # for what is known but missing
    show_order: tuple[str, ...] = ()

    def episodes_total(self, show: str | None = None) -> int:
        shows = [show] if show else list(self.episodes)
        return sum(sum(self.episodes.get(code, {}).values()) for code in shows)
