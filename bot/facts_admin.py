"""Moderators' edits to the facts a server sees: validation, versions, diffs, export format.

A server never changes the shipped base (guild 0). It owns an *overlay*: at most one row
per fact key in `facts` with its own guild id. Such a row either replaces the base fact
with the same key (an edit), hides it (`hidden`, a removal), or carries a key of its own
(an addition, always `srv-...` so it can never collide with a shipped key). A
`FactState` is one version of that row; `None` means "no overlay row" (the server sees
the shipped fact, or nothing for a key of its own).

Every change appends one `Revision` (before and after states) to an append-only log;
undo and revert are changes like any other, so nothing a moderator does is ever lost.

The rules a fact must meet are the dataset loader's (bot/dataset.py): the same kinds,
`when` through `parse_when`, tags as a list of names, and a source that is an episode of
the fact's show and/or a cited page with a title and an http(s) address. Moderators get
a few limits on top, so that everything fits Discord: text and correction at most 1000
characters, a citation needs both its title and its address, an address at most 300.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from bot.dataset import (
    EPISODE_PATTERN,
    FACT_KINDS,
    KEY_PATTERN,
    URL_PATTERN,
    describe_when,
    parse_when,
)
from bot.errors import UserFacingError
from bot.shows import title as show_title
from bot.text import has_visible_character, plural

TEXT_MAX = 1000  # fact text, and a misconception's correction
SOURCE_TITLE_MAX = 200
SOURCE_URL_MAX = 300
WHEN_MAX = 20
TAGS_MAX = 10
TAG_MAX = 50
KEY_MAX = 60
ACTIONS = ("add", "edit", "remove", "undo", "revert")
SERVER_KEY_PREFIX = "srv-"
OPERATOR_ID = 0  # the actor of changes made from the command line (`parallax import`)
EXPORT_FORMAT = "parallax-fact-edits"
EXPORT_VERSION = 1
CLEAR_WORDS = ("-", "none", "clear")  # typed into an optional field to empty it on edit

NO_SOURCE = (  # a problem: a clause without a full stop, read after "I can't save that: "
    "every change needs a source, either an episode or a cited page with its title and address"
)
KIND_LABELS = {
    "event": "Event (has an in-universe date)",
    "fact": "Fact (timeless)",
    "misconception": "Misconception (a wrong claim, with its correction)",
}
ACTION_LABELS = {  # what a moderator did, after their name (history, audit posts)
    "add": "added this fact",
    "edit": "edited this fact",
    "remove": "removed this fact",
    "undo": "undid a change",
    "revert": "reverted to the shipped version",
}
URL_FORBIDDEN = re.compile(r"[\s<>\"`\\]")
SLUG_WORD = re.compile(r"[a-z0-9]+")


# -- versions and rules ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactState:
    """One version of a server's row for a fact (everything but its key and guild)."""

    show: str
    kind: str
    text: str
    correction: str = ""
    when: str = ""
    tags: tuple[str, ...] = ()
    episode: tuple[int, int] | None = None
    source_title: str = ""
    source_url: str = ""
    spoiler: bool = True
    hidden: bool = False

    @property
    def episode_code(self) -> str:
        return f"S{self.episode[0]}E{self.episode[1]}" if self.episode else ""

    @property
    def when_label(self) -> str:
        return describe_when(self.when) if self.when else ""

    def to_json(self) -> dict[str, Any]:
        """The version as stored in the revision log and in exports (dataset field names)."""
        return {
            "show": self.show,
            "kind": self.kind,
            "text": self.text,
            "correction": self.correction,
            "when": self.when,
            "tags": list(self.tags),
            "episode": self.episode_code,
            "source_title": self.source_title,
            "source_url": self.source_url,
            "spoiler": self.spoiler,
            "hidden": self.hidden,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FactState:
        """Read a version this code wrote (the log); untrusted input goes to `validate_fact`."""
        match = EPISODE_PATTERN.match(data.get("episode") or "")
        return cls(
            show=data["show"],
            kind=data["kind"],
            text=data["text"],
            correction=data.get("correction", ""),
            when=data.get("when", ""),
            tags=tuple(data.get("tags", ())),
            episode=(int(match.group(1)), int(match.group(2))) if match else None,
            source_title=data.get("source_title", ""),
            source_url=data.get("source_url", ""),
            spoiler=bool(data.get("spoiler", True)),
            hidden=bool(data.get("hidden", False)),
        )

    def with_source(self, source: Source) -> FactState:
        return replace(
            self, episode=source.episode, source_title=source.title, source_url=source.url
        )

    @property
    def source(self) -> Source:
        return Source(self.episode, self.source_title, self.source_url)


def state_to_text(state: FactState | None) -> str | None:
    """The JSON column value for a version (None stays NULL)."""
    if state is None:
        return None
    return json.dumps(state.to_json(), ensure_ascii=False, sort_keys=True)


def state_from_text(text: str | None) -> FactState | None:
    return None if text is None else FactState.from_json(json.loads(text))


@dataclass(frozen=True, slots=True)
class Source:
    """What backs a change: an episode of the fact's show, a cited page, or both."""

    episode: tuple[int, int] | None = None
    title: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Rules:
    """What validation needs from the catalogue: the shows and the episodes that exist."""

    show_universe: Mapping[str, str]
    episodes: frozenset[tuple[str, int, int]]
    episode_titles: Mapping[tuple[str, int, int], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Revision:
    """One entry of the append-only log: who changed which fact, when, from what to what."""

    id: int
    guild_id: int
    fact_key: str
    action: str
    actor: int
    at: dt.datetime
    before: FactState | None
    after: FactState | None
    undoes: int | None = None


@dataclass(frozen=True, slots=True)
class OverlayEntry:
    """One fact the server changed: its row now, the shipped fact it overrides, the last change."""

    key: str
    state: FactState
    base: FactState | None
    last: Revision | None

    @property
    def change(self) -> str:
        if self.state.hidden:
            return "removed" if self.base is not None else "added, then removed"
        return "edited" if self.base is not None else "added"


class ChangeRefused(UserFacingError):
    """A change the store refuses (unknown fact, nothing to undo, edited meanwhile, ...)."""


class EditConflict(ChangeRefused):
    def __init__(self) -> None:
        super().__init__(
            "Someone changed this fact after your preview, so I changed nothing. "
            "Run the command again to see the current version."
        )


class AlreadyApplied(ChangeRefused):
    """The form behind this addition was already added once: one form, one fact."""

    def __init__(self, revision_id: int, fact_key: str) -> None:
        super().__init__(
            f"Already added: this form was saved once, as `{fact_key}` (change #{revision_id}), "
            f"so nothing more was added. `/fact show fact:{fact_key}` shows it."
        )
        self.revision_id = revision_id
        self.fact_key = fact_key


class ImportProblems(ValueError):
    """An import file is refused; `problems` lists every reason, nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"{plural(len(problems), 'problem')} in the import file; nothing was changed:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
        self.problems = problems


# -- validation ------------------------------------------------------------------------

BLANK_RUN = re.compile(r"\n{3,}")  # two or more blank lines (lines are stripped first)
INVISIBLE_HINT = " (only spaces, zero-width or control characters)"


def _clean(value: Any) -> str | None:
    """A stripped string, lines' trailing spaces and runs of blank lines folded to one
    blank line (a pasted text shows no screenful of nothing); None for a non-string."""
    if not isinstance(value, str):
        return None
    lines = [line.rstrip() for line in value.strip().splitlines()]
    return BLANK_RUN.sub("\n\n", "\n".join(lines))


def url_problem(url: str) -> str | None:
    """Why `url` is not an acceptable citation address, or None when it is."""
    if len(url) > SOURCE_URL_MAX:
        return f"the source address is {len(url)} characters long; at most {SOURCE_URL_MAX}"
    if not URL_PATTERN.match(url) or URL_FORBIDDEN.search(url):
        return f"the source address {url[:80]!r} is not an http(s) address"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"the source address {url[:80]!r} is not an http(s) address"
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return f"the source address {url[:80]!r} has no web site in it"
    return None


def source_problems(
    show: str, episode: str, title: str, url: str, rules: Rules
) -> tuple[Source | None, list[str]]:
    """Check a source as the loader does, plus the citation limits moderators get."""
    problems: list[str] = []
    parsed_episode = None
    if episode:
        match = EPISODE_PATTERN.match(episode)
        if not match:
            problems.append(f"episode {episode[:20]!r} is not written like S1E1")
        else:
            parsed_episode = int(match.group(1)), int(match.group(2))
            if (show, *parsed_episode) not in rules.episodes:
                problems.append(f"{show_title(show)} has no episode {episode} in the catalogue")
    if title or url:
        if not title or not url:
            problems.append("a cited page needs both its title and its address")
        if len(title) > SOURCE_TITLE_MAX:
            problems.append(
                f"the source title is {len(title)} characters long; at most {SOURCE_TITLE_MAX}"
            )
        elif title and not has_visible_character(title):
            problems.append(f"the source title has no visible character{INVISIBLE_HINT}")
        if url and (why := url_problem(url)):
            problems.append(why)
    if not episode and not url and not title:
        problems.append(NO_SOURCE)
    if problems:
        return None, problems
    return Source(parsed_episode, title, url), []


def tags_problems(tags: Any) -> tuple[tuple[str, ...], list[str]]:
    if not isinstance(tags, list | tuple) or not all(
        isinstance(t, str) and t.strip() for t in tags
    ):
        return (), ["tags must be a list of names"]
    unique: dict[str, str] = {}
    for tag in tags:
        unique.setdefault(" ".join(tag.split()).casefold(), " ".join(tag.split()))
    cleaned = tuple(unique.values())
    problems = []
    if not all(has_visible_character(t) for t in cleaned):
        problems.append(f"a tag has no visible character{INVISIBLE_HINT}")
    if len(cleaned) > TAGS_MAX:
        problems.append(f"at most {TAGS_MAX} tags, not {len(cleaned)}")
    if any(len(t) > TAG_MAX for t in cleaned):
        problems.append(f"a tag is at most {TAG_MAX} characters")
    return cleaned, problems


def validate_fact(raw: Mapping[str, Any], rules: Rules) -> tuple[FactState | None, list[str]]:
    """Check one fact version given with the dataset's field names; every problem is listed.

    The same function checks what a moderator typed and what an import file holds.
    """
    problems: list[str] = []
    show = raw.get("show")
    if not isinstance(show, str) or show not in rules.show_universe:
        return None, [f"show {show!r} is not one of {', '.join(sorted(rules.show_universe))}"]
    kind = raw.get("kind", "fact")
    if kind not in FACT_KINDS:
        problems.append(f"kind {kind!r} is not one of {', '.join(FACT_KINDS)}")
    text = _clean(raw.get("text"))
    if not text:
        problems.append("the fact has no text")
    elif not has_visible_character(text):
        problems.append(f"the text has no visible character{INVISIBLE_HINT}")
    elif len(text) > TEXT_MAX:
        problems.append(f"the text is {len(text)} characters long; at most {TEXT_MAX}")
    correction = _clean(raw.get("correction", "")) if raw.get("correction") is not None else ""
    if correction is None:
        problems.append("correction must be text")
    elif len(correction) > TEXT_MAX:
        problems.append(f"the correction is {len(correction)} characters long; at most {TEXT_MAX}")
    elif correction and not has_visible_character(correction):
        problems.append(f"the correction has no visible character{INVISIBLE_HINT}")
    elif kind == "misconception" and not correction:
        problems.append("a misconception needs a correction (what the show actually establishes)")
    when = raw.get("when") or ""
    if not isinstance(when, str):
        problems.append("when must be text such as '1969-07-20'")
        when = ""
    when = when.strip()
    if when:
        if len(when) > WHEN_MAX:
            problems.append("when is too long for an in-universe date")
        else:
            try:
                when = parse_when(when).text
            except ValueError as error:
                problems.append(str(error))
    tags, tag_problems = tags_problems(raw.get("tags", []))
    problems += tag_problems
    fields = [_clean(raw.get(name) or "") for name in ("episode", "source_title", "source_url")]
    if any(value is None for value in fields):
        problems.append("episode, source_title and source_url must be text")
        source = None
    else:
        episode, title, url = (value or "" for value in fields)
        source, more = source_problems(show, episode, title, url, rules)
        problems += more
    for flag in ("spoiler", "hidden"):
        if not isinstance(raw.get(flag, flag == "spoiler"), bool):
            problems.append(f"{flag} must be true or false")
    if problems or source is None or not text:
        return None, problems
    return (
        FactState(
            show=show,
            kind=kind,
            text=text,
            correction=correction or "",
            when=when,
            tags=tags,
            episode=source.episode,
            source_title=source.title,
            source_url=source.url,
            spoiler=raw.get("spoiler", True),
            hidden=raw.get("hidden", False),
        ),
        [],
    )


def require_valid(raw: Mapping[str, Any], rules: Rules) -> FactState:
    """`validate_fact` for a moderator: the problems become one friendly refusal."""
    state, problems = validate_fact(raw, rules)
    if state is None:
        raise UserFacingError(refusal(problems))
    return state


def refusal(problems: Sequence[str]) -> str:
    """One sentence for one problem, a list for several. A problem is a clause (no full
    stop of its own); the moderator reads what the form calls a field, not its key."""
    problems = [p.rstrip(".") for p in problems]
    if len(problems) == 1:
        return f"I can't save that: {problems[0]}. Nothing was changed."
    listed = "\n".join(f"- {p}" for p in problems[:8])
    return f"I can't save that; nothing was changed:\n{listed}"


def check_key(key: Any, base_keys: Iterable[str] | set[str]) -> str | None:
    """Why `key` may not name a server's fact, or None: a shipped key, or a `srv-` key."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or len(key) > KEY_MAX:
        return f"fact id {str(key)[:80]!r} must be lowercase letters, digits and hyphens"
    if key not in base_keys and not key.startswith(SERVER_KEY_PREFIX):
        return f"fact id {key!r} is neither a shipped fact nor a server fact (srv-...)"
    return None


def new_key(text: str, taken: set[str]) -> str:
    """A readable, unused `srv-` key made from the first words of `text`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    stem = SERVER_KEY_PREFIX + "fact"
    for count, word in enumerate(SLUG_WORD.findall(ascii_text)[:6]):
        longer = (stem if count else SERVER_KEY_PREFIX.rstrip("-")) + "-" + word[:20]
        if len(longer) > 48:
            break
        stem = longer
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


# -- what moderators type --------------------------------------------------------------


def episode_value(show: str, season: int, number: int) -> str:
    """The autocomplete value of an episode: 'fam:S2E3' (codes repeat across shows)."""
    return f"{show}:S{season}E{number}"


def parse_episode_option(value: str, show: str, rules: Rules) -> str:
    """The 'S2E3' code of an episode option for a fact of `show` (refused if from another show)."""
    value = value.strip()
    chosen_show, _, code = value.rpartition(":")
    code = code.strip().upper()
    chosen_show = chosen_show.strip().lower() or show
    if chosen_show not in rules.show_universe:
        raise UserFacingError(f"I don't know the show of episode {value[:40]!r}.")
    if chosen_show != show:
        raise UserFacingError(
            f"That episode is from {show_title(chosen_show)}, but this fact belongs to "
            f"{show_title(show)}; pick an episode of the fact's own show."
        )
    if not EPISODE_PATTERN.match(code):
        raise UserFacingError(
            f"I don't know the episode {value[:40]!r}: pick one from the list, or type it "
            "like S2E3."
        )
    return code


def parse_tags(text: str) -> list[str]:
    """Tags typed as one comma-separated line."""
    return [part.strip() for part in text.split(",") if part.strip()]


def is_clear(value: str | None) -> bool:
    return value is not None and value.strip().lower() in CLEAR_WORDS


def draft(
    *,
    show: str,
    kind: str,
    text: str,
    correction: str = "",
    when: str = "",
    tags: Sequence[str] = (),
    episode: str = "",
    source_title: str = "",
    source_url: str = "",
    spoiler: bool = True,
) -> dict[str, Any]:
    """A fact version in the dataset's field names, ready for `validate_fact`."""
    return {
        "show": show,
        "kind": kind,
        "text": text,
        "correction": correction,
        "when": when,
        "tags": list(tags),
        "episode": episode,
        "source_title": source_title,
        "source_url": source_url,
        "spoiler": spoiler,
    }


def source_only(show: str, episode: str, title: str, url: str, rules: Rules) -> Source:
    """The source of a removal (which has no text to check), or a friendly refusal."""
    source, problems = source_problems(show, episode.strip(), title.strip(), url.strip(), rules)
    if source is None:
        raise UserFacingError(refusal(problems))
    return source


# -- reading versions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    before: str
    after: str


FIELD_LABELS = (
    ("text", "Text"),
    ("correction", "Correction"),
    ("kind", "Kind"),
    ("show", "Show"),
    ("when", "In-universe date"),
    ("tags", "Tags"),
    ("episode", "Episode"),
    ("source_title", "Source title"),
    ("source_url", "Source address"),
    ("spoiler", "Spoiler"),
    ("hidden", "Shown on this server"),
)


def _field(state: FactState, name: str) -> str:
    match name:
        case "tags":
            return ", ".join(state.tags)
        case "episode":
            return state.episode_code
        case "when":
            return state.when_label
        case "spoiler":
            return "yes" if state.spoiler else "no"
        case "hidden":
            return "no (removed)" if state.hidden else "yes"
        case "show":
            return show_title(state.show)
        case _:
            return str(getattr(state, name))


def diff(before: FactState | None, after: FactState | None) -> list[FieldChange]:
    """What differs between two versions (None: no version), field by field, in order."""
    changes = []
    for name, label in FIELD_LABELS:
        old = _field(before, name) if before is not None else ""
        new = _field(after, name) if after is not None else ""
        if name == "hidden" and (before is None or after is None):
            continue
        if old != new:
            changes.append(FieldChange(label, old, new))
    return changes


def effective(overlay: FactState | None, base: FactState | None) -> FactState | None:
    """What the server sees for a key: its own row, else the shipped fact; None if nothing."""
    state = overlay if overlay is not None else base
    return None if state is None or state.hidden else state


def describe_revision(revision: Revision, base: FactState | None) -> str:
    """What a revision did, after its author's name, for history pages, audit posts and an
    undo's preview: '<@1> added this fact to the server', '... edited this fact: changed
    the text and the tags'."""
    before = effective(revision.before, base)
    after = effective(revision.after, base)
    if revision.action == "undo":
        what = f"undid #{revision.undoes}" if revision.undoes else "undid a change"
    elif revision.action == "revert":
        what = "dropped this server's version (back to the shipped fact)"
        if base is None:
            what = "dropped this server's fact"
    else:
        what = ACTION_LABELS[revision.action]
    if before is None and after is not None:
        if revision.action == "add":
            return "added this fact to the server"
        return f"{what}, so the fact shows on this server again"
    if before is not None and after is None:
        if revision.action == "remove":
            return "removed this fact from the server"
        return f"{what}, so the fact no longer shows on this server"
    changed = [c.name.lower() for c in diff(before, after)]
    if not changed:
        return f"{what}, with no visible change"
    listed = changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]
    return f"{what}: changed {listed}"


def actor_label(actor: int) -> str:
    return "the operator (command line)" if actor == OPERATOR_ID else f"<@{actor}>"


def format_at(at: dt.datetime) -> str:
    """UTC ISO with seconds, as the log stores it."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_at(text: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError(f"time {text!r} has no time zone")
    return at.astimezone(dt.UTC)


# -- export and import -----------------------------------------------------------------


def export_document(
    guild_id: int,
    overlay: Sequence[tuple[str, FactState]],
    revisions: Sequence[Revision],
    exported_at: dt.datetime,
) -> dict[str, Any]:
    """One guild's overlay and its whole revision log, as a JSON-ready document."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "guild_id": str(guild_id),
        "exported_at": format_at(exported_at),
        "facts": [{"id": key, **state.to_json()} for key, state in overlay],
        "revisions": [
            {
                "id": r.id,
                "fact": r.fact_key,
                "action": r.action,
                "actor": str(r.actor),
                "at": format_at(r.at),
                "before": r.before.to_json() if r.before else None,
                "after": r.after.to_json() if r.after else None,
                "undoes": r.undoes,
            }
            for r in revisions
        ],
    }


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A validated import file: the overlay it sets and the history it carries."""

    guild_id: int
    facts: dict[str, FactState]
    revisions: tuple[Revision, ...]  # ids as in the file, oldest first


def _snowflake(value: Any) -> int | None:
    """A Discord id written as a string (JSON numbers lose precision) or an int."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isdigit() and len(value) <= 20:
        return int(value)
    return None


def parse_import(document: Any, rules: Rules, base_keys: set[str]) -> ImportPlan:
    """Validate an export document with the loader's rules; raise ImportProblems listing all."""
    problems: list[str] = []
    if not isinstance(document, dict):
        raise ImportProblems(["the file is not a JSON object"])
    if document.get("format") != EXPORT_FORMAT:
        problems.append(f"format must be {EXPORT_FORMAT!r} (a file from `parallax export`)")
    if document.get("version") != EXPORT_VERSION:
        problems.append(f"version {document.get('version')!r} is not {EXPORT_VERSION}")
    guild_id = _snowflake(document.get("guild_id"))
    if not guild_id:
        problems.append("guild_id must be a server id")
    facts_raw, revisions_raw = document.get("facts"), document.get("revisions", [])
    if not isinstance(facts_raw, list):
        problems.append("facts must be a list")
        facts_raw = []
    if not isinstance(revisions_raw, list):
        problems.append("revisions must be a list")
        revisions_raw = []

    facts: dict[str, FactState] = {}
    for index, raw in enumerate(facts_raw):
        label = f"facts[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{label}: not an object")
            continue
        key = raw.get("id")
        label = f"fact {key!r}"
        if why := check_key(key, base_keys):
            problems.append(f"{label}: {why}")
            continue
        assert isinstance(key, str)  # check_key refuses anything else
        if key in facts:
            problems.append(f"{label}: duplicate id")
            continue
        state, more = validate_fact(raw, rules)
        problems += [f"{label}: {p}" for p in more]
        if state is not None:
            facts[key] = state

    revisions: list[Revision] = []
    seen_ids: set[int] = set()
    for index, raw in enumerate(revisions_raw):
        label = f"revisions[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{label}: not an object")
            continue
        revision_id, actor = raw.get("id"), _snowflake(raw.get("actor"))
        if not isinstance(revision_id, int) or isinstance(revision_id, bool) or revision_id < 1:
            problems.append(f"{label}: id must be a positive integer")
            continue
        label = f"revision {revision_id}"
        if revision_id in seen_ids or (revisions and revision_id <= revisions[-1].id):
            problems.append(f"{label}: ids must be unique and in increasing order")
            continue
        seen_ids.add(revision_id)
        key = raw.get("fact")
        if why := check_key(key, base_keys):
            problems.append(f"{label}: {why}")
            continue
        action = raw.get("action")
        if action not in ACTIONS:
            problems.append(f"{label}: action {action!r} is not one of {', '.join(ACTIONS)}")
            continue
        if actor is None:
            problems.append(f"{label}: actor must be a user id")
            continue
        try:
            at = parse_at(raw.get("at", ""))
        except (TypeError, ValueError):
            problems.append(f"{label}: at must be an ISO time with a time zone")
            continue
        undoes = raw.get("undoes")
        if undoes is not None and (undoes not in seen_ids or undoes == revision_id):
            problems.append(f"{label}: undoes {undoes!r} is not an earlier revision in the file")
            continue
        states: list[FactState | None] = []
        for side in ("before", "after"):
            value = raw.get(side)
            if value is None:
                states.append(None)
                continue
            if not isinstance(value, dict):
                problems.append(f"{label}: {side} must be an object or null")
                break
            state, more = validate_fact(value, rules)
            problems += [f"{label} ({side}): {p}" for p in more]
            if state is None:
                break
            states.append(state)
        if len(states) != 2:
            continue
        revisions.append(
            Revision(
                revision_id,
                guild_id or 0,
                str(key),
                str(action),
                actor,
                at,
                states[0],
                states[1],
                undoes=undoes,
            )
        )
    if problems:
        raise ImportProblems(problems)
    assert guild_id is not None
    return ImportPlan(guild_id, facts, tuple(revisions))


def action_for(before: FactState | None, after: FactState | None, shipped: bool) -> str:
    """How the log names a change made by import: the same verbs moderators' changes get."""
    if after is None:
        return "revert"
    if after.hidden:
        return "remove"
    if before is None and not shipped:
        return "add"
    return "edit"
