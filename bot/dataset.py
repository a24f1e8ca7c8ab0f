"""Read and validate the shipped dataset in `data/` (format: data/README.md).

The loader is strict because fans catch every mistake: each problem is reported with
the file and the entry it is in, and a dataset with any problem is never loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bot.fates_data import FactRef, Fate, load_fates
from bot.lexicon_data import Lexicon, read_lexicon
from bot.periods_data import Period, load_periods
from bot.shows import EXPANSE, FAM
from bot.text import plural

FACT_KINDS = ("event", "fact", "misconception")
DIFFICULTIES = ("easy", "medium", "hard")
SEASON_STATUSES = ("aired", "airing", "announced")
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EPISODE_PATTERN = re.compile(r"^S(\d{1,2})E(\d{1,2})$")
WHEN_PATTERN = re.compile(r"^(~)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:/(\d{4}))?$")
URL_PATTERN = re.compile(r"^https?://\S+$")
YEAR_RANGE = (1900, 2600)


class DatasetError(ValueError):
    """The dataset has problems; `problems` lists each one as 'file: entry: what'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"{plural(len(problems), 'problem')} in the dataset:\n" + "\n".join(problems)
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class InUniverseDate:
    """A parsed `when`: a day, month, year or year range, possibly approximate."""

    text: str
    year_from: int
    year_to: int
    sort_key: str
    approximate: bool

    def label(self) -> str:
        """How a reader sees it: '20 July 1969', 'July 1969', '1969', '1983–1985', 'c. 1995'."""
        return describe_when(self.text)


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def parse_when(text: str) -> InUniverseDate:
    """Parse an in-universe date as written in the dataset; raise ValueError if impossible."""
    match = WHEN_PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"in-universe date {text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY")
    approx, year, month, day, year_to = match.groups()
    year_from = int(year)
    last = int(year_to) if year_to else year_from
    if year_to and (month or day):
        raise ValueError(f"in-universe date {text!r}: a range is written with years only")
    if not (YEAR_RANGE[0] <= year_from <= YEAR_RANGE[1]) or not (
        YEAR_RANGE[0] <= last <= YEAR_RANGE[1]
    ):
        raise ValueError(f"in-universe date {text!r}: year outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    if last < year_from:
        raise ValueError(f"in-universe date {text!r}: the range ends before it starts")
    if month:
        try:
            dt.date(year_from, int(month), int(day or 1))
        except ValueError as error:
            raise ValueError(f"in-universe date {text!r} is impossible ({error})") from None
    sort_key = f"{year_from:04d}-{int(month or 0):02d}-{int(day or 0):02d}"
    return InUniverseDate(text.strip(), year_from, last, sort_key, bool(approx))


def describe_when(text: str) -> str:
    """A dataset date in words, for replies."""
    match = WHEN_PATTERN.match(text.strip())
    if not match:
        return text
    approx, year, month, day, year_to = match.groups()
    if year_to:
        words = f"{year}–{year_to}"
    elif day:
        words = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    elif month:
        words = f"{MONTHS[int(month) - 1]} {year}"
    else:
        words = year
    return f"c. {words}" if approx else words


@dataclass(frozen=True, slots=True)
class ShowEntry:
    code: str
    title: str
    network: str
    universe: str
    status: str
    summary: str


@dataclass(frozen=True, slots=True)
class EpisodeEntry:
    show: str
    season: int
    number: int
    title: str
    aired: str
    source_url: str


@dataclass(frozen=True, slots=True)
class SeasonEntry:
    show: str
    number: int
    status: str
    note: str
    source_title: str
    source_url: str
    episodes: tuple[EpisodeEntry, ...]
    premiere: str = ""
    finale: str = ""
    episode_count: int | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a dataset entry comes from: an episode of `show`, a cited page, or both."""

    show: str
    season: int | None
    episode: int | None
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class FactEntry:
    key: str
    show: str
    universe: str
    kind: str
    text: str
    correction: str
    when: InUniverseDate | None
    tags: tuple[str, ...]
    source: SourceRef
    spoiler: bool


@dataclass(frozen=True, slots=True)
class ParallelEntry:
    key: str
    fam_fact: str
    expanse_fact: str
    topic: str
    note: str
    source_title: str
    source_url: str


@dataclass(frozen=True, slots=True)
class QuestionEntry:
    key: str
    show: str
    question: str
    answers: tuple[str, ...]
    choices: tuple[str, ...]
    difficulty: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class PersonEntry:
    key: str
    show: str
    name: str
    actor: str
    first: tuple[int, int] | None
    last: tuple[int, int] | None
    affiliation: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Dataset:
    version: int
    content_hash: str
    shows: tuple[ShowEntry, ...]
    seasons: tuple[SeasonEntry, ...]
    facts: tuple[FactEntry, ...]
    parallels: tuple[ParallelEntry, ...]
    questions: tuple[QuestionEntry, ...]
    people: tuple[PersonEntry, ...]
    lexicon: Lexicon = field(default_factory=Lexicon)
    fates: tuple[Fate, ...] = ()
    periods: tuple[Period, ...] = ()

    @property
    def marker(self) -> str:
        """What the store remembers to know whether this exact dataset is loaded."""
        return f"{self.version}:{self.content_hash[:16]}"

    def episode_counts(self) -> dict[str, dict[int, int]]:
        counts: dict[str, dict[int, int]] = {}
        for season in self.seasons:
            counts.setdefault(season.show, {})[season.number] = len(season.episodes)
        return counts

    def gaps(self) -> list[str]:
        """What is known but missing: seasons whose episode count exceeds the titles listed
        ("For All Mankind S5: 10 episodes aired, 0 titles listed")."""
        titles = {show.code: show.title for show in self.shows}
        found = []
        for season in self.seasons:
            gap = season_gap(
                season.number, season.status, season.episode_count, len(season.episodes)
            )
            if gap:
                found.append(f"{titles.get(season.show, season.show)} {gap}")
        return found

    def fact_counts(self) -> dict[str, int]:
        counts = {show.code: 0 for show in self.shows}
        for fact in self.facts:
            counts[fact.show] = counts.get(fact.show, 0) + 1
        return counts


def season_gap(number: int, status: str, episode_count: int | None, listed: int) -> str | None:
    """'S5: 10 episodes aired, 0 titles listed' when a season's episode count is known but
    not every episode is listed with its title; None when nothing is missing."""
    if episode_count is None or episode_count <= listed:
        return None
    aired = " aired" if status == "aired" else ""
    return f"S{number}: {plural(episode_count, 'episode')}{aired}, {plural(listed, 'title')} listed"


@dataclass
class _Collector:
    """Accumulates problems so one run reports all of them, not just the first."""

    root: Path
    problems: list[str] = field(default_factory=list)

    def add(self, path: Path, entry: str, message: str) -> None:
        where = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        self.problems.append(f"{where}: {entry}: {message}")


def _read_toml(path: Path, problems: _Collector) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        problems.add(path, "file", f"cannot be read as TOML ({error})")
        return {}


def _text(entry: Mapping[str, Any], name: str, default: str | None = None) -> str | None:
    value = entry.get(name, default)
    if value is None:
        return None
    return value.strip() if isinstance(value, str) else None


def _source(
    entry: Mapping[str, Any],
    show: str,
    episodes: Mapping[tuple[str, int, int], EpisodeEntry],
    path: Path,
    label: str,
    problems: _Collector,
) -> SourceRef | None:
    """Resolve an entry's source, reporting a missing or dangling one."""
    title = _text(entry, "source_title", "") or ""
    url = _text(entry, "source_url", "") or ""
    code = _text(entry, "episode", "") or ""
    season = number = None
    if url and not URL_PATTERN.match(url):
        problems.add(path, label, f"source_url {url!r} is not an http(s) address")
        return None
    if url and not title:
        problems.add(path, label, "a cited page needs source_title as well as source_url")
        return None
    if code:
        match = EPISODE_PATTERN.match(code)
        if not match:
            problems.add(path, label, f"episode {code!r} is not written like S1E1")
            return None
        season, number = int(match.group(1)), int(match.group(2))
        if (show, season, number) not in episodes:
            problems.add(path, label, f"source episode {show} {code} does not exist")
            return None
    if not code and not url:
        problems.add(path, label, "has no source (give episode = 'S1E1' or source_title/url)")
        return None
    return SourceRef(show, season, number, title, url)


def _episode_ref(
    code: str | None,
    show: str,
    episodes: Mapping[tuple[str, int, int], EpisodeEntry],
    path: Path,
    label: str,
    problems: _Collector,
) -> tuple[int, int] | None:
    if not code:
        return None
    match = EPISODE_PATTERN.match(code)
    if not match or (show, int(match.group(1)), int(match.group(2))) not in episodes:
        problems.add(path, label, f"episode {code!r} does not exist for {show}")
        return None
    return int(match.group(1)), int(match.group(2))


def _iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _load_seasons(
    path: Path, data: Mapping[str, Any], shows: set[str], problems: _Collector
) -> list[SeasonEntry]:
    show = data.get("show")
    if show not in shows:
        problems.add(path, "file", f"show {show!r} is not one of {sorted(shows)}")
        return []
    seasons: list[SeasonEntry] = []
    seen_seasons: set[int] = set()
    for raw in data.get("season", []):
        number = raw.get("number")
        label = f"season {number}"
        if not isinstance(number, int) or number < 1:
            problems.add(path, label, "season number must be a positive integer")
            continue
        if number in seen_seasons:
            problems.add(path, label, "duplicate season")
            continue
        seen_seasons.add(number)
        status = raw.get("status", "aired")
        if status not in SEASON_STATUSES:
            problems.add(path, label, f"status {status!r} is not one of {SEASON_STATUSES}")
            continue
        source_title, source_url = _text(raw, "source_title", ""), _text(raw, "source_url", "")
        if not source_title or not source_url or not URL_PATTERN.match(source_url):
            problems.add(path, label, "needs source_title and an http(s) source_url")
            continue
        episodes: list[EpisodeEntry] = []
        seen_numbers: set[int] = set()
        for item in raw.get("episodes", []):
            ep_label = f"season {number} episode {item.get('number')}"
            ep_number, title, aired = item.get("number"), _text(item, "title"), item.get("aired")
            if not isinstance(ep_number, int) or ep_number < 1 or ep_number in seen_numbers:
                problems.add(path, ep_label, "episode number missing, not positive or duplicated")
                continue
            if not title:
                problems.add(path, ep_label, "has no title")
                continue
            if not isinstance(aired, str) or not _iso_date(aired):
                problems.add(path, ep_label, f"aired {aired!r} is not a real YYYY-MM-DD date")
                continue
            seen_numbers.add(ep_number)
            episodes.append(
                EpisodeEntry(
                    show, number, ep_number, title, aired, _text(item, "source_url", "") or ""
                )
            )
        premiere, finale = raw.get("premiere", ""), raw.get("finale", "")
        count = raw.get("episode_count")
        if any(d and (not isinstance(d, str) or not _iso_date(d)) for d in (premiere, finale)):
            problems.add(path, label, "premiere and finale must be real YYYY-MM-DD dates")
            continue
        if count is not None and (not isinstance(count, int) or count < len(episodes)):
            problems.add(path, label, "episode_count must be at least the episodes listed")
            continue
        if status == "aired" and not episodes and not (premiere and finale and count):
            problems.add(
                path,
                label,
                "an aired season needs its episodes, or premiere, finale and "
                "episode_count while titles are unconfirmed",
            )
            continue
        seasons.append(
            SeasonEntry(
                show,
                number,
                status,
                _text(raw, "note", "") or "",
                source_title,
                source_url,
                tuple(sorted(episodes, key=lambda e: e.number)),
                premiere or (episodes[0].aired if episodes else ""),
                finale or (max(e.aired for e in episodes) if episodes else ""),
                count if count is not None else (len(episodes) or None),
            )
        )
    return seasons


def _load_fact(
    raw: Mapping[str, Any],
    default_show: str,
    show_universe: Mapping[str, str],
    episodes: Mapping[tuple[str, int, int], EpisodeEntry],
    path: Path,
    problems: _Collector,
) -> FactEntry | None:
    key = raw.get("id")
    label = f"fact {key!r}"
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.add(path, label, "id must be lowercase letters, digits and hyphens")
        return None
    show = raw.get("show", default_show)
    if show not in show_universe:
        problems.add(path, label, f"show {show!r} is not one of {sorted(show_universe)}")
        return None
    kind = raw.get("kind", "fact")
    if kind not in FACT_KINDS:
        problems.add(path, label, f"kind {kind!r} is not one of {FACT_KINDS}")
        return None
    text = _text(raw, "text")
    if not text:
        problems.add(path, label, "has no text")
        return None
    correction = _text(raw, "correction", "") or ""
    if kind == "misconception" and not correction:
        problems.add(path, label, "a misconception needs a correction")
        return None
    when = None
    if raw.get("when") is not None:
        if not isinstance(raw["when"], str):
            problems.add(path, label, "when must be a string such as '1969-07-20'")
            return None
        try:
            when = parse_when(raw["when"])
        except ValueError as error:
            problems.add(path, label, str(error))
            return None
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        problems.add(path, label, "tags must be a list of names")
        return None
    source = _source(raw, show, episodes, path, label, problems)
    if source is None:
        return None
    return FactEntry(
        key,
        show,
        show_universe[show],
        kind,
        text,
        correction,
        when,
        tuple(t.strip() for t in tags),
        source,
        bool(raw.get("spoiler", True)),
    )


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def content_hash(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_dataset(root: Path) -> Dataset:
    """Read every file under `root`; raise DatasetError listing every problem found."""
    problems = _Collector(root)
    meta = _read_toml(root / "dataset.toml", problems)
    version = meta.get("version")
    if not isinstance(version, int) or version < 1:
        problems.add(root / "dataset.toml", "version", "must be a positive integer")
        version = 0

    shows_path = root / "shows.toml"
    shows: list[ShowEntry] = []
    for raw in _read_toml(shows_path, problems).get("show", []):
        fields = [_text(raw, name) for name in ("code", "title", "network", "universe", "status")]
        if not all(fields):
            problems.add(
                shows_path,
                f"show {raw.get('code')!r}",
                "needs code, title, network, universe and status",
            )
            continue
        code, title, network, universe, status = (field or "" for field in fields)
        summary = _text(raw, "summary", "") or ""
        shows.append(ShowEntry(code, title, network, universe, status, summary))
    show_universe = {show.code: show.universe for show in shows}

    seasons: list[SeasonEntry] = []
    for path in _files(root / "episodes"):
        seasons.extend(
            _load_seasons(path, _read_toml(path, problems), set(show_universe), problems)
        )
    episodes = {(e.show, e.season, e.number): e for s in seasons for e in s.episodes}

    facts: list[FactEntry] = []
    seen: dict[str, Path] = {}
    rejected: set[str] = set()  # already reported: entries that point at them stay quiet
    for path in _files(root / "facts"):
        data = _read_toml(path, problems)
        default_show = data.get("show", "")
        for raw in data.get("fact", []):
            fact = _load_fact(raw, default_show, show_universe, episodes, path, problems)
            if fact is None:
                rejected.add(str(raw.get("id")))
                continue
            if fact.key in seen:
                problems.add(
                    path, f"fact {fact.key!r}", f"duplicate id (also in {seen[fact.key].name})"
                )
                continue
            seen[fact.key] = path
            facts.append(fact)
    fact_universe = {fact.key: fact.universe for fact in facts}

    parallels: list[ParallelEntry] = []
    parallels_path = root / "parallels.toml"
    seen_parallels: set[str] = set()
    if parallels_path.exists():
        for raw in _read_toml(parallels_path, problems).get("parallel", []):
            key = raw.get("id")
            label = f"parallel {key!r}"
            if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in seen_parallels:
                problems.add(parallels_path, label, "id missing, malformed or duplicated")
                continue
            seen_parallels.add(key)
            fam, expanse = raw.get(FAM), raw.get(EXPANSE)
            if fam in rejected or expanse in rejected:
                continue
            if fact_universe.get(fam) != FAM:
                problems.add(parallels_path, label, f"fam fact {fam!r} does not exist")
                continue
            if fact_universe.get(expanse) != EXPANSE:
                problems.add(parallels_path, label, f"expanse fact {expanse!r} does not exist")
                continue
            topic, note = _text(raw, "topic"), _text(raw, "note")
            if not topic or not note:
                problems.add(parallels_path, label, "needs a topic and a note")
                continue
            title, url = _text(raw, "source_title", "") or "", _text(raw, "source_url", "") or ""
            if raw.get("source") != "facts" and not (title and URL_PATTERN.match(url)):
                problems.add(
                    parallels_path, label, "has no source (source_title/url, or source = 'facts')"
                )
                continue
            parallels.append(ParallelEntry(key, fam, expanse, topic, note, title, url))

    questions: list[QuestionEntry] = []
    seen_questions: set[str] = set()
    for path in _files(root / "questions"):
        data = _read_toml(path, problems)
        for raw in data.get("question", []):
            key = raw.get("id")
            label = f"question {key!r}"
            if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in seen_questions:
                problems.add(path, label, "id missing, malformed or duplicated")
                continue
            seen_questions.add(key)
            show = raw.get("show", data.get("show"))
            if show not in show_universe:
                problems.add(path, label, f"show {show!r} is unknown")
                continue
            answers = raw.get("answers")
            if (
                not isinstance(answers, list)
                or not answers
                or not all(isinstance(a, str) and a.strip() for a in answers)
            ):
                problems.add(path, label, "answers must be a non-empty list of strings")
                continue
            difficulty = raw.get("difficulty", "medium")
            if difficulty not in DIFFICULTIES:
                problems.add(path, label, f"difficulty {difficulty!r} is not one of {DIFFICULTIES}")
                continue
            text = _text(raw, "question")
            if not text:
                problems.add(path, label, "has no question")
                continue
            source = _source(raw, show, episodes, path, label, problems)
            if source is None:
                continue
            choices = tuple(c for c in raw.get("choices", []) if isinstance(c, str))
            questions.append(
                QuestionEntry(key, show, text, tuple(answers), choices, difficulty, source)
            )

    people: list[PersonEntry] = []
    people_path = root / "people.toml"
    if people_path.exists():
        seen_people: set[str] = set()
        for raw in _read_toml(people_path, problems).get("person", []):
            key = raw.get("id")
            label = f"person {key!r}"
            if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in seen_people:
                problems.add(people_path, label, "id missing, malformed or duplicated")
                continue
            seen_people.add(key)
            show = raw.get("show")
            name = _text(raw, "name")
            if show not in show_universe or not name:
                problems.add(people_path, label, "needs a known show and a name")
                continue
            source = _source(raw, show, episodes, people_path, label, problems)
            if source is None:
                continue
            first = _episode_ref(raw.get("first"), show, episodes, people_path, label, problems)
            last = _episode_ref(raw.get("last"), show, episodes, people_path, label, problems)
            people.append(
                PersonEntry(
                    key,
                    show,
                    name,
                    _text(raw, "actor", "") or "",
                    first,
                    last,
                    _text(raw, "affiliation", "") or "",
                    source,
                )
            )

    lexicon_path = root / "lexicon.toml"
    lexicon = Lexicon()
    if lexicon_path.exists():
        tags = {tag for fact in facts for tag in fact.tags}
        lexicon = read_lexicon(lexicon_path, _read_toml(lexicon_path, problems), tags, problems)

    fates: list[Fate] = []
    refs = {f.key: FactRef(f.show, frozenset(f.tags)) for f in facts if f.kind != "misconception"}
    for path in sorted((root / "fates").glob("*.toml")):
        found = load_fates(_read_toml(path, problems), refs, episodes, partial(problems.add, path))
        for fate in found:
            if any((o.person, o.show) == (fate.person, fate.show) for o in fates):
                problems.add(path, f"fate {fate.person!r}", "the person has a fate in another file")
            else:
                fates.append(fate)

    periods: list[Period] = []
    periods_path = root / "periods.toml"
    if periods_path.exists():
        shows_of = {f.key: f.show for f in facts if f.kind != "misconception"}
        numbers: dict[str, set[int]] = {s.code: set() for s in shows}
        for season in seasons:
            numbers.setdefault(season.show, set()).add(season.number)
        periods = load_periods(
            _read_toml(periods_path, problems),
            shows_of,
            numbers,
            partial(problems.add, periods_path),
        )

    if problems.problems:
        raise DatasetError(problems.problems)
    all_files = [p for p in root.rglob("*.toml")]
    return Dataset(
        version=version,
        content_hash=content_hash(all_files, root),
        shows=tuple(shows),
        seasons=tuple(seasons),
        facts=tuple(facts),
        parallels=tuple(parallels),
        questions=tuple(questions),
        people=tuple(people),
        lexicon=lexicon,
        fates=tuple(fates),
        periods=tuple(periods),
    )
