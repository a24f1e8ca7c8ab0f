"""The rules a moderator's fact must meet (the dataset loader's), diffs, and the export format."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import DEFAULT_DATA_DIR
from bot.dataset import FactEntry, load_dataset
from bot.errors import UserFacingError
from bot.facts_admin import (
    NO_SOURCE,
    TEXT_MAX,
    FactState,
    ImportProblems,
    Revision,
    Rules,
    action_for,
    check_key,
    describe_revision,
    diff,
    draft,
    effective,
    export_document,
    is_clear,
    new_key,
    parse_episode_option,
    parse_import,
    parse_tags,
    require_valid,
    source_only,
    state_from_text,
    state_to_text,
    validate_fact,
)

AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@cache
def shipped():  # the real dataset, read once
    return load_dataset(DEFAULT_DATA_DIR)


@cache
def rules() -> Rules:
    dataset = shipped()
    episodes = {(e.show, e.season, e.number): e.title for s in dataset.seasons for e in s.episodes}
    return Rules({s.code: s.universe for s in dataset.shows}, frozenset(episodes), episodes)


def as_raw(fact: FactEntry) -> dict:
    source = fact.source
    return draft(
        show=fact.show,
        kind=fact.kind,
        text=fact.text,
        correction=fact.correction,
        when=fact.when.text if fact.when else "",
        tags=fact.tags,
        episode=f"S{source.season}E{source.episode}" if source.season else "",
        source_title=source.title,
        source_url=source.url,
        spoiler=fact.spoiler,
    )


def good(**changes) -> dict:
    base = draft(
        show="fam",
        kind="event",
        text="Ed Baldwin commands Jamestown.",
        when="1973",
        tags=["Ed Baldwin", "Jamestown"],
        episode="S1E1",
    )
    return {**base, **changes}


def problems_of(**changes) -> list[str]:
    state, problems = validate_fact(good(**changes), rules())
    assert state is None
    return problems


# -- the loader's rules ------------------------------------------------------------------------


def test_every_shipped_fact_passes_the_moderators_rules_unchanged() -> None:
    """Parity with bot/dataset.py: what the loader accepts, moderators may write too."""
    for fact in shipped().facts:
        state, problems = validate_fact(as_raw(fact), rules())
        assert problems == [], (fact.key, problems)
        assert state is not None
        assert state.text == fact.text and state.tags == fact.tags
        assert state.when == (fact.when.text if fact.when else "")


def test_a_valid_draft_becomes_a_version() -> None:
    state = require_valid(good(when=" ~1995 ", tags=["Ed", "ed ", "Jamestown"]), rules())
    assert state.when == "~1995" and state.when_label == "c. 1995"
    assert state.tags == ("Ed", "Jamestown")  # duplicates (by case) dropped
    assert state.episode == (1, 1) and state.episode_code == "S1E1"
    assert state.spoiler is True and state.hidden is False


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"episode": "", "source_title": "", "source_url": ""}, NO_SOURCE),
        ({"episode": "S9E9"}, "For All Mankind has no episode S9E9"),
        ({"episode": "season one"}, "is not written like S1E1"),
        ({"episode": "", "source_title": "A page"}, "needs both its title and its address"),
        ({"source_url": "https://example.org/x"}, "needs both its title and its address"),
        ({"source_title": "Page", "source_url": "ftp://example.org/x"}, "not an http(s)"),
        ({"source_title": "Page", "source_url": "javascript:alert(1)"}, "not an http(s)"),
        ({"source_title": "Page", "source_url": "https://exa mple.org"}, "not an http(s)"),
        ({"source_title": "Page", "source_url": "https://x.org/<b>"}, "not an http(s)"),
        ({"source_title": "Page", "source_url": "https://localhost/x"}, "has no web site"),
        ({"source_title": "Page", "source_url": "https://e.org/" + "a" * 300}, "at most 300"),
        ({"source_title": "T" * 201, "source_url": "https://e.org/"}, "at most 200"),
        ({"kind": "rumour"}, "kind 'rumour' is not one of"),
        ({"text": "   "}, "has no text"),
        ({"text": "x" * (TEXT_MAX + 1)}, "at most 1000"),
        ({"kind": "misconception"}, "needs a correction"),
        ({"when": "1969-02-30"}, "is impossible"),
        ({"when": "1969-07/1970"}, "a range is written with years only"),
        ({"when": "soon"}, "is not YYYY"),
        ({"when": "1850"}, "year outside"),
        ({"when": "1990/1980"}, "ends before it starts"),
        ({"when": 1969}, "when must be text"),
        ({"tags": "Ed, Gordo"}, "tags must be a list of names"),
        ({"tags": ["Ed", ""]}, "tags must be a list of names"),
        ({"tags": [f"t{i}" for i in range(11)]}, "at most 10 tags"),
        ({"tags": ["x" * 51]}, "at most 50 characters"),
        ({"spoiler": "yes"}, "spoiler must be true or false"),
    ],
)
def test_a_bad_draft_is_refused_with_a_clear_reason(changes: dict, expected: str) -> None:
    problems = problems_of(**changes)
    assert any(expected in p for p in problems), problems


INVISIBLE = ["\u200b", "\ufeff", "\u061c\u200f", " \u2060\u00ad ", "\u3164", "\x07\x1b"]


@pytest.mark.parametrize("blank", INVISIBLE)
@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("text", "the text has no visible character"),
        ("correction", "the correction has no visible character"),
        ("source_title", "the source title has no visible character"),
        ("tags", "a tag has no visible character"),
    ],
)
def test_text_without_a_visible_character_is_refused_in_every_field(
    blank: str, field: str, expected: str
) -> None:
    changes: dict = {field: blank}
    if field == "correction":
        changes["kind"] = "misconception"
    elif field == "source_title":
        changes["source_url"] = "https://example.org/page"
    elif field == "tags":
        changes["tags"] = ["Ed", blank]
    problems = problems_of(**changes)
    assert any(expected in p for p in problems), problems


def test_text_with_one_visible_character_among_invisible_ones_is_kept() -> None:
    state = require_valid(good(text="\u200bApollo 11 lands\u200b", tags=["\u200bEd"]), rules())
    assert "Apollo 11 lands" in state.text and len(state.tags) == 1


def test_an_unknown_show_is_refused_first() -> None:
    assert problems_of(show="babylon5") == ["show 'babylon5' is not one of expanse, fam, starcity"]


def test_every_problem_is_listed_at_once() -> None:
    problems = problems_of(kind="rumour", text="", episode="", when="soon")
    assert len(problems) == 4
    with pytest.raises(UserFacingError) as refused:
        require_valid(good(kind="rumour", text=""), rules())
    assert "nothing was changed" in refused.value.message
    assert "- the fact has no text" in refused.value.message


def test_an_episode_must_belong_to_the_facts_show() -> None:
    state = require_valid(good(show="expanse", when=""), rules())
    assert state.show == "expanse" and state.episode == (1, 1)
    problems = problems_of(show="starcity", episode="S5E1")
    assert any("Star City has no episode S5E1" in p for p in problems)


def test_a_removal_needs_a_source_too() -> None:
    with pytest.raises(UserFacingError, match="every change needs a source"):
        source_only("fam", "", "", "", rules())
    source = source_only("fam", "S1E2", " Wiki ", " https://example.org/a ", rules())
    assert source.episode == (1, 2) and source.title == "Wiki" and source.url.endswith("/a")


# -- what moderators type ----------------------------------------------------------------------


def test_episode_options_carry_their_show() -> None:
    assert parse_episode_option("fam:S2E3", "fam", rules()) == "S2E3"
    assert parse_episode_option("s2e3", "expanse", rules()) == "S2E3"
    with pytest.raises(
        UserFacingError, match="from The Expanse, but this fact belongs to For All Mankind"
    ):
        parse_episode_option("expanse:S2E3", "fam", rules())
    with pytest.raises(UserFacingError, match="I don't know the episode"):
        parse_episode_option("the one with the moon", "fam", rules())
    with pytest.raises(UserFacingError, match="don't know the show"):
        parse_episode_option("b5:S1E1", "fam", rules())


def test_tags_and_clear_words() -> None:
    assert parse_tags(" Ed Baldwin, ,Gordo Stevens ,") == ["Ed Baldwin", "Gordo Stevens"]
    assert is_clear("-") and is_clear(" None ") and not is_clear("1969") and not is_clear(None)


def test_new_keys_are_readable_prefixed_and_unused() -> None:
    key = new_key("Ed Baldwin commands Jamestown in 1973!", set())
    assert key == "srv-ed-baldwin-commands-jamestown-in-1973"
    assert new_key("Ed Baldwin commands Jamestown in 1973", {key}) == key + "-2"
    assert new_key("Ed Baldwin commands Jamestown in 1973", {key, key + "-2"}) == key + "-3"
    assert new_key("Señor Cortázar", set()) == "srv-senor-cortazar"
    assert new_key("火星", set()) == "srv-fact"
    assert check_key(new_key("x" * 200, set()), set()) is None


def test_server_keys_never_collide_with_shipped_keys() -> None:
    base = {f.key for f in shipped().facts}
    assert not any(key.startswith("srv-") for key in base)
    some = next(iter(base))
    assert check_key(some, base) is None
    assert check_key("srv-mine", base) is None
    assert "neither a shipped fact" in check_key("fam-made-up", base)
    assert "lowercase letters" in check_key("Srv Mine", base)
    assert "lowercase letters" in check_key(42, base)


# -- versions and diffs ------------------------------------------------------------------------

STATE = FactState(
    show="fam",
    kind="event",
    text="Ed Baldwin commands Jamestown.",
    when="1973",
    tags=("Ed Baldwin",),
    episode=(1, 1),
)


def test_diff_lists_changed_fields_in_order() -> None:
    after = replace(STATE, text="Ed commands Jamestown.", tags=("Ed", "Jamestown"), when="")
    changes = diff(STATE, after)
    assert [c.name for c in changes] == ["Text", "In-universe date", "Tags"]
    assert changes[1].before == "1973" and changes[1].after == ""
    assert diff(STATE, STATE) == []
    assert [c.name for c in diff(STATE, replace(STATE, hidden=True))] == ["Shown on this server"]
    assert {c.name for c in diff(None, STATE)} >= {"Text", "Kind", "Show", "Episode"}


def test_effective_version_and_revision_descriptions() -> None:
    hidden = replace(STATE, hidden=True)
    assert effective(None, STATE) == STATE
    assert effective(hidden, STATE) is None
    assert effective(None, None) is None
    edit = Revision(3, 1, "k", "edit", 9, AT, None, replace(STATE, text="New"), None)
    assert describe_revision(edit, STATE) == "edited this fact: changed text"
    both = Revision(3, 1, "k", "edit", 9, AT, None, replace(STATE, text="New", tags=()), None)
    assert describe_revision(both, STATE) == "edited this fact: changed text and tags"
    add = Revision(2, 1, "srv-k", "add", 9, AT, None, STATE)
    assert describe_revision(add, None) == "added this fact to the server"
    remove = Revision(4, 1, "k", "remove", 9, AT, None, hidden)
    assert describe_revision(remove, STATE) == "removed this fact from the server"
    undo = Revision(5, 1, "k", "undo", 9, AT, hidden, None, undoes=4)
    assert describe_revision(undo, STATE) == "undid #4, so the fact shows on this server again"
    revert = Revision(6, 1, "srv-k", "revert", 9, AT, STATE, None)
    assert describe_revision(revert, None).startswith("dropped this server's fact")
    assert action_for(None, STATE, shipped=False) == "add"
    assert action_for(None, STATE, shipped=True) == "edit"
    assert action_for(STATE, hidden, shipped=True) == "remove"
    assert action_for(STATE, None, shipped=True) == "revert"


states = st.builds(
    FactState,
    show=st.sampled_from(["fam", "starcity", "expanse"]),
    kind=st.sampled_from(["event", "fact", "misconception"]),
    text=st.text(min_size=1, max_size=50),
    correction=st.text(max_size=20),
    when=st.sampled_from(["", "1969", "1969-07", "~1995", "1983/1985"]),
    tags=st.lists(st.text(min_size=1, max_size=10), max_size=3).map(tuple),
    episode=st.none() | st.tuples(st.integers(1, 9), st.integers(1, 10)),
    source_title=st.text(max_size=20),
    source_url=st.sampled_from(["", "https://example.org/a_b?c=d"]),
    spoiler=st.booleans(),
    hidden=st.booleans(),
)


@given(states)
def test_a_version_survives_the_log_column_unchanged(state: FactState) -> None:
    assert state_from_text(state_to_text(state)) == state
    assert state_to_text(None) is None and state_from_text(None) is None


# -- export and import -------------------------------------------------------------------------


def exported() -> dict:
    edited = require_valid(good(text="Ed Baldwin commands Jamestown base."), rules())
    mine = require_valid(good(text="A server fact."), rules())
    some_base_key = next(f.key for f in shipped().facts if f.show == "fam")
    revisions = [
        Revision(10, 77, "srv-a-server-fact", "add", 5, AT, None, mine),
        Revision(11, 77, some_base_key, "edit", 6, AT, None, edited),
        Revision(12, 77, some_base_key, "undo", 6, AT, edited, None, undoes=11),
        Revision(13, 77, some_base_key, "undo", 6, AT, None, edited, undoes=12),
    ]
    document = export_document(
        77, [("srv-a-server-fact", mine), (some_base_key, edited)], revisions, AT
    )
    return json.loads(json.dumps(document))  # exactly what the file holds


def base_keys() -> set[str]:
    return {f.key for f in shipped().facts}


def test_an_export_reads_back_as_the_same_plan() -> None:
    document = exported()
    assert document["guild_id"] == "77" and document["revisions"][0]["actor"] == "5"
    plan = parse_import(document, rules(), base_keys())
    assert plan.guild_id == 77
    assert set(plan.facts) == {"srv-a-server-fact", document["facts"][1]["id"]}
    assert [r.id for r in plan.revisions] == [10, 11, 12, 13]
    assert plan.revisions[2].undoes == 11 and plan.revisions[2].after is None
    assert plan.revisions[0].at == AT


def broken(mutate) -> list[str]:
    document = exported()
    mutate(document)
    with pytest.raises(ImportProblems) as refused:
        parse_import(document, rules(), base_keys())
    return refused.value.problems


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="something"), "format must be"),
        (lambda d: d.update(version=2), "version 2 is not 1"),
        (lambda d: d.update(guild_id="abc"), "guild_id must be a server id"),
        (lambda d: d.update(facts={}), "facts must be a list"),
        (lambda d: d["facts"][0].update(id="fam-made-up"), "neither a shipped fact"),
        (lambda d: d["facts"].append(dict(d["facts"][0])), "duplicate id"),
        (lambda d: d["facts"][0].update(kind="rumour"), "kind 'rumour'"),
        (lambda d: d["facts"][0].update(episode="S42E1"), "For All Mankind has no episode S42E1"),
        (lambda d: d["facts"][0].update(text="x" * 1001), "at most 1000"),
        (lambda d: d["facts"][0].update(source_url="ftp://x.org", source_title="t"), "http(s)"),
        (lambda d: d["revisions"][1].update(id=10), "unique and in increasing order"),
        (lambda d: d["revisions"][0].update(action="delete"), "action 'delete'"),
        (lambda d: d["revisions"][0].update(at="yesterday"), "ISO time"),
        (lambda d: d["revisions"][0].update(at="2026-01-02T03:04:05"), "ISO time"),
        (lambda d: d["revisions"][0].update(actor=-1), "actor must be a user id"),
        (lambda d: d["revisions"][2].update(undoes=99), "not an earlier revision"),
        (lambda d: d["revisions"][1]["after"].update(when="1969-13"), "impossible"),
        (lambda d: d["revisions"][1].update(after="text"), "must be an object or null"),
    ],
)
def test_a_bad_import_file_is_refused_with_every_reason(mutate, expected: str) -> None:
    problems = broken(mutate)
    assert any(expected in p for p in problems), problems


def test_an_import_file_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ImportProblems, match="not a JSON object"):
        parse_import([], rules(), base_keys())
    problems = broken(lambda d: (d["facts"][0].update(kind="x"), d["facts"][1].update(text="")))
    assert len(problems) == 2
