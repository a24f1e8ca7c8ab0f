"""A moderator's change to a fact, planned before anyone confirms it.

The /fact commands ask for a change; this module decides what it would do and returns a
typed `ChangePreview` (what the server sees now, what it would see, and what the change
was planned against, so that a change made meanwhile is refused instead of overwritten).
`apply_change` carries a confirmed preview out through the store. A `FactForm` is what
the text form of /fact add and /fact edit needs until it is submitted. Both are plain
data with a JSON form, so that a preview or a form outlives the process that made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bot.errors import UserFacingError
from bot.facts_admin import (
    FactState,
    Revision,
    Rules,
    Source,
    describe_revision,
    draft,
    effective,
    is_clear,
    parse_episode_option,
    parse_tags,
    require_valid,
    source_only,
)

if TYPE_CHECKING:
    from bot.store.edits import FactEdits

Action = Literal["add", "edit", "remove", "revert", "undo"]

SOURCE_HELP = (
    "Give the source of this change in the command's options: an episode, or a cited page "
    "with its title and address."
)
SAME_TEXT = "That is what the fact already says; nothing was changed."
PLACEHOLDER_TEXT = {"text": "x", "correction": "x"}  # options are checked before the text


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """The source a moderator typed: an episode option and/or a cited page."""

    episode: str | None = None
    title: str | None = None
    url: str | None = None

    def given(self) -> bool:
        return bool(self.episode or self.title or self.url)

    def require(self) -> None:
        if not self.given():
            raise UserFacingError(SOURCE_HELP)

    def episode_code(self, show: str, rules: Rules) -> str:
        if not self.episode or not self.episode.strip():
            return ""
        return parse_episode_option(self.episode, show, rules)


@dataclass(frozen=True, slots=True)
class ChangePreview:
    """What a confirmed change will do. `key` is empty for an add (chosen when saved)."""

    action: Action
    key: str
    before: FactState | None  # what the server sees now
    after: FactState | None  # what it will see
    expected: FactState | None = None  # the server's own row the plan was made from
    source: Source | None = None  # a removal's reason
    request: str = ""  # an add's form id (`form_request`): one form, one fact
    shipped: bool = False  # revert: a shipped version shows again; undo: after the undo
    target_id: int = 0  # undo: the change undone ...
    latest_id: int = 0  # ... planned while this was the fact's latest change
    target_actor: int = 0  # ... who made it
    summary: str = ""  # ... and what it did (plain text)

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "key": self.key,
            "before": _state_json(self.before),
            "after": _state_json(self.after),
            "expected": _state_json(self.expected),
            "source": None if self.source is None else _source_json(self.source),
            "request": self.request,
            "shipped": self.shipped,
            "target_id": self.target_id,
            "latest_id": self.latest_id,
            "target_actor": self.target_actor,
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChangePreview:
        source = data.get("source")
        return cls(
            action=data["action"],
            key=data["key"],
            before=_state(data.get("before")),
            after=_state(data.get("after")),
            expected=_state(data.get("expected")),
            source=None if source is None else _source(source),
            request=data.get("request", ""),
            shipped=bool(data.get("shipped", False)),
            target_id=int(data.get("target_id", 0)),
            latest_id=int(data.get("latest_id", 0)),
            target_actor=int(data.get("target_actor", 0)),
            summary=data.get("summary", ""),
        )


@dataclass(frozen=True, slots=True)
class FactForm:
    """The text form of /fact add or /fact edit: the checked options, waiting for the text."""

    action: Literal["add", "edit"]
    key: str  # empty for an add
    fields: Mapping[str, Any]  # the new version in the dataset's field names, text aside
    title: str
    text: str = ""  # prefilled
    correction: str | None = None  # prefilled; None: the form has no correction field
    before: FactState | None = None  # edit: what the server sees now
    expected: FactState | None = None  # edit: the server's own row then

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "key": self.key,
            "fields": dict(self.fields),
            "title": self.title,
            "text": self.text,
            "correction": self.correction,
            "before": _state_json(self.before),
            "expected": _state_json(self.expected),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FactForm:
        return cls(
            action=data["action"],
            key=data["key"],
            fields=data["fields"],
            title=data["title"],
            text=data.get("text", ""),
            correction=data.get("correction"),
            before=_state(data.get("before")),
            expected=_state(data.get("expected")),
        )


# -- reading what a server can change ---------------------------------------------------


def no_such_fact(key: str) -> str:
    return (
        f"This server has no fact `{key[:80]}`. Pick one from the list, or find it with "
        "/fact search."
    )


async def visible(edits: FactEdits, guild_id: int, key: str) -> tuple[FactState | None, FactState]:
    """(the server's row, what it sees) for a fact it can change; refused otherwise."""
    overlay, base = await edits.current(guild_id, key)
    current = effective(overlay, base)
    if current is None:
        if overlay is not None and overlay.hidden:
            raise UserFacingError(
                f"`{key}` is removed on this server. Use /fact undo to bring it back."
            )
        raise UserFacingError(no_such_fact(key))
    return overlay, current


# -- forms: add and edit ---------------------------------------------------------------


def add_form(
    rules: Rules,
    *,
    show: str,
    show_name: str,
    kind: str,
    source: SourceOptions,
    when: str | None,
    tags: str | None,
    spoiler: bool,
) -> FactForm:
    """The form of a new fact, its options checked before anyone types a long text."""
    fields = draft(
        show=show,
        kind=kind,
        text="",
        when=when or "",
        tags=parse_tags(tags or ""),
        episode=source.episode_code(show, rules),
        source_title=source.title or "",
        source_url=source.url or "",
        spoiler=spoiler,
    )
    require_valid({**fields, **PLACEHOLDER_TEXT}, rules)
    correction = "" if kind == "misconception" else None
    return FactForm("add", "", fields, f"New {kind}: {show_name}", correction=correction)


def merge_edit(
    current: FactState,
    rules: Rules,
    *,
    source: SourceOptions,
    kind: str | None,
    when: str | None,
    tags: str | None,
    spoiler: bool | None,
) -> dict[str, Any]:
    """The new version's fields: what was typed, and the current version for what was not.

    Every field is kept unless the moderator typed it: an episode replaces the episode and
    leaves a cited page alone, a page's title or address replaces only that part, and `-`
    clears a field (`when`, `tags`, `episode`, `source_title`, `source_url`). A change still
    names a source, so at least one source option must be given."""
    source.require()
    return draft(
        show=current.show,
        kind=kind or current.kind,
        text="",
        when=_typed(when, current.when),
        tags=[] if is_clear(tags) else (parse_tags(tags) if tags else list(current.tags)),
        episode=(
            ""
            if is_clear(source.episode)
            else source.episode_code(current.show, rules) or current.episode_code
        ),
        source_title=_typed(source.title, current.source_title),
        source_url=_typed(source.url, current.source_url),
        spoiler=current.spoiler if spoiler is None else spoiler,
    )


def _typed(value: str | None, current: str) -> str:
    """An optional text field of an edit: cleared by `-`, kept when left empty."""
    if is_clear(value):
        return ""
    return value.strip() if value and value.strip() else current


def edit_form(
    key: str, overlay: FactState | None, current: FactState, fields: Mapping[str, Any], rules: Rules
) -> FactForm:
    require_valid({**fields, **PLACEHOLDER_TEXT}, rules)
    misconception = fields["kind"] == "misconception"
    return FactForm(
        "edit",
        key,
        fields,
        f"Edit {key}",
        text=current.text,
        correction=current.correction if misconception else None,
        before=current,
        expected=overlay,
    )


def plan_from_form(
    form: FactForm, text: str, correction: str, rules: Rules, *, request: str
) -> ChangePreview:
    """The preview of a submitted form; bad text is refused in words."""
    state = require_valid({**form.fields, "text": text, "correction": correction}, rules)
    if form.action == "add":
        return ChangePreview("add", "", None, state, request=request)
    if state == form.before:
        raise UserFacingError(SAME_TEXT)
    return ChangePreview("edit", form.key, form.before, state, expected=form.expected)


def form_request(token: int) -> str:
    """The request key of an addition made through form `token`: however often the form is
    submitted (a double press, a client's retry) and its previews confirmed, it adds once."""
    return f"form-{token}"


# -- remove, revert, undo --------------------------------------------------------------


async def plan_remove(
    edits: FactEdits, guild_id: int, key: str, options: SourceOptions
) -> ChangePreview:
    overlay, current = await visible(edits, guild_id, key)
    options.require()
    rules = await edits.rules()
    source = source_only(
        current.show,
        options.episode_code(current.show, rules),
        options.title or "",
        options.url or "",
        rules,
    )
    return ChangePreview("remove", key, current, None, expected=overlay, source=source)


async def plan_revert(edits: FactEdits, guild_id: int, key: str) -> ChangePreview:
    overlay, base = await edits.current(guild_id, key)
    if overlay is None:
        raise UserFacingError(
            f"This server has no version of its own of `{key[:80]}`; there is nothing to revert."
        )
    before = effective(overlay, base)
    return ChangePreview("revert", key, before, base, expected=overlay, shipped=base is not None)


async def plan_undo(
    edits: FactEdits, guild_id: int, key: str, revision_id: int | None
) -> ChangePreview:
    latest = await edits.latest_revision(guild_id, key)
    if latest is None:
        raise UserFacingError(f"`{key[:80]}` has no changes on this server to undo.")
    target: Revision = latest
    if revision_id is not None:
        found = await edits.revision(guild_id, revision_id)
        if found is None or found.fact_key != key:
            raise UserFacingError(
                f"This server has no change #{revision_id} to `{key[:80]}`; "
                "see /fact history for its changes."
            )
        target = found
    overlay, base = await edits.current(guild_id, key)
    if overlay == target.before:
        raise UserFacingError(
            f"`{key}` is already the version from before #{target.id}; nothing to undo."
        )
    return ChangePreview(
        "undo",
        key,
        effective(overlay, base),
        effective(target.before, base),
        shipped=target.before is None and base is not None,
        target_id=target.id,
        latest_id=latest.id,
        target_actor=target.actor,
        summary=describe_revision(target, base),
    )


# -- confirmed --------------------------------------------------------------------------


async def apply_change(
    edits: FactEdits, guild_id: int, preview: ChangePreview, *, actor: int, at: dt.datetime
) -> Revision:
    """Save a confirmed preview; refused (EditConflict) if the fact changed since."""
    key = preview.key
    if preview.action == "add":
        assert preview.after is not None
        return await edits.add(guild_id, preview.after, actor=actor, at=at, request=preview.request)
    if preview.action == "edit":
        assert preview.after is not None
        return await edits.edit(
            guild_id, key, preview.after, actor=actor, at=at, expected=preview.expected
        )
    if preview.action == "remove":
        assert preview.source is not None
        return await edits.remove(
            guild_id, key, preview.source, actor=actor, at=at, expected=preview.expected
        )
    if preview.action == "revert":
        return await edits.revert(guild_id, key, actor=actor, at=at, expected=preview.expected)
    return await edits.undo(
        guild_id,
        key,
        actor=actor,
        at=at,
        revision_id=preview.target_id,
        expected_latest=preview.latest_id,
    )


# -- JSON --------------------------------------------------------------------------------


def _state_json(state: FactState | None) -> dict[str, Any] | None:
    return None if state is None else state.to_json()


def _state(data: Mapping[str, Any] | None) -> FactState | None:
    return None if data is None else FactState.from_json(data)


def _source_json(source: Source) -> dict[str, Any]:
    episode = list(source.episode) if source.episode else None
    return {"episode": episode, "title": source.title, "url": source.url}


def _source(data: Mapping[str, Any]) -> Source:
    episode = data.get("episode")
    season, number = episode if episode else (0, 0)
    return Source((season, number) if episode else None, data["title"], data["url"])
