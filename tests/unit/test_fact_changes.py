"""Planning a change to a fact (bot/fact_changes.py): plain data, no Discord, no store."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.errors import UserFacingError
from bot.fact_changes import (
    ChangePreview,
    FactForm,
    SourceOptions,
    add_form,
    edit_form,
    merge_edit,
    plan_from_form,
)
from bot.facts_admin import FactState, Rules, Source

RULES = Rules({"fam": "fam"}, frozenset({("fam", 1, 1), ("fam", 2, 3)}))
CURRENT = FactState(
    show="fam",
    kind="event",
    text="Leonov lands first.",
    when="1969-06-26",
    tags=("Alexei Leonov",),
    episode=(1, 1),
)


def roundtrip(data: dict) -> dict:
    return json.loads(json.dumps(data))


def test_a_preview_and_a_form_survive_json() -> None:
    preview = ChangePreview(
        "remove", "k", CURRENT, None, expected=CURRENT, source=Source((1, 1), "t", "https://x.y")
    )
    assert ChangePreview.from_json(roundtrip(preview.to_json())) == preview
    undo = ChangePreview("undo", "k", None, CURRENT, shipped=True, target_id=4, latest_id=5)
    assert ChangePreview.from_json(roundtrip(undo.to_json())) == undo
    fields = merge_edit(
        CURRENT, RULES, source=SourceOptions("fam:S1E1"), kind=None, when=None, tags=None,
        spoiler=None,
    )  # fmt: skip
    form = edit_form("k", None, CURRENT, fields, RULES)
    assert FactForm.from_json(roundtrip(form.to_json())) == form


def test_merging_an_edit_keeps_what_was_not_typed_and_clears_on_a_dash() -> None:
    kept = merge_edit(
        CURRENT, RULES, source=SourceOptions("fam:S2E3"), kind=None, when=None, tags=None,
        spoiler=None,
    )  # fmt: skip
    assert kept["when"] == "1969-06-26" and kept["tags"] == ["Alexei Leonov"]
    assert kept["episode"] == "S2E3"
    cleared = merge_edit(
        CURRENT, RULES, source=SourceOptions("fam:S2E3"), kind="fact", when="-", tags="none",
        spoiler=False,
    )  # fmt: skip
    assert cleared["when"] == "" and cleared["tags"] == [] and cleared["kind"] == "fact"
    with pytest.raises(UserFacingError, match="Give the source"):
        merge_edit(CURRENT, RULES, source=SourceOptions(), kind=None, when=None, tags=None,
                   spoiler=None)  # fmt: skip


def test_merging_an_edit_keeps_a_cited_page_unless_it_is_replaced_or_cleared() -> None:
    cited = replace(CURRENT, source_title="Red Moon – Wiki", source_url="https://example.org/r")
    by_episode = merge_edit(
        cited, RULES, source=SourceOptions("S2E3"), kind=None, when=None, tags=None, spoiler=None
    )
    assert (by_episode["episode"], by_episode["source_title"], by_episode["source_url"]) == (
        "S2E3", "Red Moon – Wiki", "https://example.org/r",
    )  # fmt: skip
    new_url = merge_edit(
        cited, RULES, source=SourceOptions(url="https://example.org/n"), kind=None, when=None,
        tags=None, spoiler=None,
    )  # fmt: skip
    assert (new_url["episode"], new_url["source_title"], new_url["source_url"]) == (
        "S1E1", "Red Moon – Wiki", "https://example.org/n",
    )  # fmt: skip
    cleared = merge_edit(
        cited, RULES, source=SourceOptions("-", "-", "-"), kind=None, when=None, tags=None,
        spoiler=None,
    )  # fmt: skip
    assert (cleared["episode"], cleared["source_title"], cleared["source_url"]) == ("", "", "")


def test_a_submitted_form_becomes_a_preview_or_is_refused() -> None:
    form = add_form(
        RULES, show="fam", show_name="For All Mankind", kind="event",
        source=SourceOptions("fam:S2E3"), when="1983", tags=None, spoiler=True,
    )  # fmt: skip
    preview = plan_from_form(form, "Jamestown grows.", "", RULES, request="preview-1")
    assert preview.action == "add" and preview.after is not None
    assert preview.after.text == "Jamestown grows." and preview.request == "preview-1"
    fields = merge_edit(
        CURRENT, RULES, source=SourceOptions("fam:S1E1"), kind=None, when=None, tags=None,
        spoiler=None,
    )  # fmt: skip
    edit = edit_form("k", None, CURRENT, fields, RULES)
    assert edit.text == CURRENT.text and edit.correction is None
    with pytest.raises(UserFacingError, match="already says"):
        plan_from_form(edit, CURRENT.text, "", RULES, request="preview-2")
