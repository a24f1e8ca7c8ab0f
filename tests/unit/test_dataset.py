"""The dataset loader refuses each kind of bad data with a message naming file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATA_DIR
from bot.dataset import DatasetError, describe_when, load_dataset, parse_when
from tests.support.minidata import EXPANSE_FACTS, FAM_EPISODES, FAM_FACTS, write_minidata


def problems_for(tmp_path: Path, **overrides: str) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(write_minidata(tmp_path, **overrides))
    return caught.value.problems


def test_the_minimal_dataset_loads(tmp_path: Path) -> None:
    dataset = load_dataset(write_minidata(tmp_path))
    assert dataset.episode_counts() == {"fam": {1: 2}, "expanse": {1: 1}}
    assert dataset.fact_counts() == {"fam": 2, "expanse": 1}
    assert len(dataset.parallels) == 1


def test_a_fact_without_a_source_is_refused(tmp_path: Path) -> None:
    broken = FAM_FACTS.replace('episode = "S1E1"\n', "", 1)
    [problem] = problems_for(tmp_path, **{"facts/fam.toml": broken})
    assert problem.startswith("facts/fam.toml: fact 'fam-leonov': has no source")


def test_a_source_episode_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    broken = FAM_FACTS.replace('episode = "S1E1"', 'episode = "S7E1"')
    [problem] = problems_for(tmp_path, **{"facts/fam.toml": broken})
    assert "fact 'fam-leonov'" in problem and "fam S7E1 does not exist" in problem


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    duplicate = EXPANSE_FACTS.replace("exp-canterbury", "fam-leonov")
    problems = problems_for(tmp_path, **{"facts/expanse.toml": duplicate})
    assert any("fact 'fam-leonov': duplicate id" in p for p in problems)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("1969-02-30", "impossible"),
        ("1969-13", "impossible"),
        ("1985/1983", "ends before it starts"),
        ("June 1969", "is not YYYY"),
        ("3000", "year outside"),
    ],
)
def test_an_impossible_date_is_refused(tmp_path: Path, when: str, message: str) -> None:
    broken = FAM_FACTS.replace('when = "1969-06-26"', f'when = "{when}"')
    [problem] = problems_for(tmp_path, **{"facts/fam.toml": broken})
    assert "fact 'fam-leonov'" in problem and message in problem


def test_an_impossible_air_date_is_refused(tmp_path: Path) -> None:
    broken = FAM_EPISODES.replace(
        'aired = "2019-11-01" },\n  { number = 2', 'aired = "2019-11-31" },\n  { number = 2'
    )
    problems = problems_for(tmp_path, **{"episodes/fam.toml": broken})
    assert any("season 1 episode 1: aired '2019-11-31' is not a real" in p for p in problems)


def test_a_parallel_to_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    broken = (
        "[[parallel]]\nid = 'par-x'\nfam = 'fam-nope'\nexpanse = 'exp-canterbury'\n"
        "topic = 't'\nnote = 'n'\nsource = 'facts'\n"
    )
    [problem] = problems_for(tmp_path, **{"parallels.toml": broken})
    assert problem == "parallels.toml: parallel 'par-x': fam fact 'fam-nope' does not exist"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, **{"facts/fam.toml": "this is = = not toml"})
    assert problems[0].startswith("facts/fam.toml: file: cannot be read as TOML")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    broken = FAM_FACTS.replace('episode = "S1E1"', 'episode = "S9E9"').replace(
        'source_url = "https://example.org/page"', 'source_url = "not a url"'
    )
    assert len(problems_for(tmp_path, **{"facts/fam.toml": broken})) == 2


def test_the_content_hash_changes_with_the_data(tmp_path: Path) -> None:
    first = load_dataset(write_minidata(tmp_path))
    changed = load_dataset(
        write_minidata(
            tmp_path, **{"facts/expanse.toml": EXPANSE_FACTS.replace("Saturn", "Jupiter")}
        )
    )
    assert first.version == changed.version and first.marker != changed.marker


@pytest.mark.parametrize(
    ("when", "label", "years"),
    [
        ("1969-07-20", "20 July 1969", (1969, 1969)),
        ("1969-07", "July 1969", (1969, 1969)),
        ("1983/1985", "1983–1985", (1983, 1985)),
        ("~1995", "c. 1995", (1995, 1995)),
    ],
)
def test_in_universe_dates(when: str, label: str, years: tuple[int, int]) -> None:
    parsed = parse_when(when)
    assert describe_when(when) == label
    assert (parsed.year_from, parsed.year_to) == years
    assert parsed.approximate is when.startswith("~")


def test_the_shipped_dataset_is_valid_and_every_fact_has_a_resolvable_source() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    episodes = {(e.show, e.season, e.number) for s in dataset.seasons for e in s.episodes}
    for fact in dataset.facts:
        assert fact.source.url or fact.source.season is not None, fact.key
        if fact.source.season is not None:
            assert (fact.show, fact.source.season, fact.source.episode) in episodes, fact.key
    shows = {s.code for s in dataset.shows}
    assert shows == {"fam", "starcity", "expanse"}
