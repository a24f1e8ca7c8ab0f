"""The canon engine's parts on their own: reading words, slots, the lexicon file, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.canon.judging import Comparison
from bot.canon.lexicon import compile_lexicon
from bot.canon.names import NameIndex
from bot.canon.results import Evidence
from bot.canon.retrieval import WALK_LIMIT, build_base, build_server, tag_universes
from bot.canon.slots import read
from bot.canon.text import LAST_SEASON, analyse_words, episode_refs, raw_tokens, spoken_number, stem
from bot.config import DEFAULT_DATA_DIR
from bot.dataset import load_dataset
from bot.lexicon_data import load_lexicon
from bot.store.records import Fact
from tests.support.canon import judge_claims


@pytest.fixture(scope="module")
def names() -> NameIndex:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    universes: dict[str, set[str]] = {}
    for fact in dataset.facts:
        for tag in fact.tags:
            universes.setdefault(tag, set()).add(fact.universe)
    return NameIndex(universes, compile_lexicon(dataset.lexicon), [p.name for p in dataset.people])


def flags(text: str) -> dict[str, str]:
    return {
        w.text: ("neg" if w.negated else "") + ("hedge" if w.hedged else "")
        for w in analyse_words(text)
    }


def test_negation_reaches_its_clause_only() -> None:
    words = flags("Naomi never destroyed the sample but gave it to Fred Johnson")
    assert words["destroyed"] == "neg" and words["gave"] == ""
    words = flags("Margo Madison faked her death and defected to the Soviet Union")
    assert words["death"] == "neg" and words["defected"] == ""
    assert flags("Ed Baldwin aborts the landing")["landing"] == "neg"


def test_a_ruled_out_alternative_is_no_denial() -> None:
    words = {w.text: w for w in analyse_words("goldilocks goes to mars not earth")}
    assert words["earth"].contrasted and not words["earth"].negated
    assert not any(w.contrasted for w in analyse_words("filip did not make it off the pella"))


def test_asked_for_is_not_done() -> None:
    assert flags("her vice-president tells her to resign")["resign"] == "hedge"
    assert flags("Ellen Wilson resigns")["resigns"] == ""


def test_fans_spelling_and_numbers() -> None:
    assert raw_tokens("Holden didnt kill Dresden thru the ep, seventeen ppl") == [
        "holden", "did", "not", "kill", "dresden", "through", "the", "episode", ",", "17",
        "people",
    ]  # fmt: skip
    assert raw_tokens("Dr. Strickland on Io. The U.N.") == [
        "dr",
        "strickland",
        "on",
        "io",
        ".",
        "the",
        "un",
    ]
    text, refs = episode_refs("Eros crashes into Venus in the Season 1 finale")
    assert "season" not in text.lower() and [(r.season, r.episode) for r in refs] == [(1, -1)]


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Miller dies in the series finale", (LAST_SEASON, -1)),
        ("Bobbie dies in the show's finale", (LAST_SEASON, -1)),
        ("dies in the final episode of the show", (LAST_SEASON, -1)),
        ("Marco dies in the final season", (LAST_SEASON, 0)),
    ],
)
def test_the_shows_last_season(text: str, ref: tuple[int, int]) -> None:
    rest, refs = episode_refs(text)
    assert [(r.season, r.episode) for r in refs] == [ref]
    assert "finale" not in rest and "season" not in rest


@pytest.mark.parametrize(
    "claim",
    ["Fred Johnson kills Sakai", "Sakai is killed by Fred Johnson", "Sakai gets offed by Fred"],
)
def test_active_and_passive_give_the_same_slots(names: NameIndex, claim: str) -> None:
    reading = read(claim, names, names.lexicon)
    [event] = [u for u in reading.units if "kill" in u.concepts]
    assert [m.names[0].id for m in event.actor] == ["Fred Johnson"]
    assert [m.names[0].id for m in event.patient] == ["Sakai"]


def test_names_nicknames_demonyms_and_typos(names: NameIndex) -> None:
    found = read(
        "the roci and bobbie were at tycho with the martians and avasarla", names, names.lexicon
    )
    ids = [m.names[0].id for m in found.mentions]
    assert ids == ["Rocinante", "Bobbie Draper", "Tycho Station", "Mars", "Chrisjen Avasarala"]
    assert [m.demonym for m in found.mentions][3]
    # a minor real person's first name is not a handle ('bob newhart' is not Bob Marley)
    assert not read("they rewatch bob newhart", names, names.lexicon).mentions
    # a number that counts the measure after it is no part of a numbered name
    ahead = read("the sails put sojourner 3 days ahead", names, names.lexicon)
    assert "Sojourner 3" not in {m.names[0].id for m in ahead.mentions}
    crew = read("the sojourner 3 crew", names, names.lexicon)
    assert "Sojourner 3" in {m.names[0].id for m in crew.mentions}


def test_a_noun_naming_what_the_name_is_leaves_it_in_the_slot(names: NameIndex) -> None:
    def slots(text: str, *tags: str) -> dict[str, tuple[list[str], list[str]]]:
        return {
            u.text: ([m.names[0].id for m in u.actor], [m.names[0].id for m in u.patient])
            for u in read(text, names, names.lexicon, tags=tags).units
        }

    got = slots("Holden destroys the ship Marasmus after it ignores his warnings.", "James Holden")
    assert got["destroys"] == (["James Holden"], ["Marasmus"])
    assert "ship" in got and got["ship"] == ([], [])  # a noun after 'the', not a verb
    # a comma ends the phrase: Ted Kennedy is who wins, not what is won
    got = slots("After winning the presidency, Ted Kennedy offers to pardon Richard Nixon.")
    assert got["winning"][1] == []
    # after an adjective comes a noun: 'buddy' is no verb here
    claim = read("ellen married her gay buddy larry", names, names.lexicon)
    assert [u.verb for u in claim.units if u.text == "buddy"] == [False]


def test_no_name_is_a_negation(names: NameIndex) -> None:
    """A handle with 'not' in it ('Cant' reads as 'can not') would name every "can't"."""
    assert not [h for h in names.handles if "not" in h]
    ids = [m.names[0].id for m in read("prax cant do it", names, names.lexicon).mentions]
    assert ids == ["Praxidike Meng"]
    ids = [m.names[0].id for m in read("remember the cant", names, names.lexicon).mentions]
    assert ids == ["Canterbury"]


def test_the_lexicon_file_is_validated() -> None:
    problems: list[str] = []
    data = {
        "concept": [
            {"id": "kill", "words": ["kill"], "wordnet": ["kill.v.01"], "implies": ["nothing"]},
            {"id": "Bad Id", "added": ["x"]},
            {"id": "die", "words": ["die"]},
        ],
        "kinds": {"person": ["Nobody Known"], "planet": ["Mars"]},
        "alias": [{"name": "Mars", "aliases": []}, {"name": "Mars", "aliases": ["Cant"]}],
        "places": {"state": ["Ohio"], "moon": ["Ohio"], "galaxy": ["Andromeda"]},
        "peoples": {"Ohio": ["ohioan"], "Atlantis": ["atlantean"], "Mars": ["Martian"]},
    }
    load_lexicon(data, {"Mars"}, lambda entry, message: problems.append(f"{entry}: {message}"))
    joined = "\n".join(problems)
    assert "unknown concept 'nothing'" in joined
    assert "id missing or malformed" in joined
    assert "name their synsets" in joined
    assert "'Nobody Known' is not a tag" in joined
    assert "unknown kind" in joined
    assert "aliases must be a non-empty list" in joined
    assert "bare contraction" in joined
    assert "'Ohio' is already a state" in joined
    assert "places.galaxy: unknown scale" in joined
    assert "peoples.Atlantis: must be a place of the [places] table" in joined
    assert "peoples.Mars: must be a place" in joined
    assert "peoples.Ohio" not in joined


def test_the_shipped_lexicon_loads_and_covers_every_tag() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    kinds = {k.name for k in dataset.lexicon.kinds}
    assert set(tag_universes(_facts(dataset))) <= kinds
    assert dataset.lexicon.counts()["concepts"] >= 60


def _facts(dataset):  # FactEntry has what tag_universes reads
    return dataset.facts


def _fact(key: str, text: str, kind: str = "fact", correction: str = "") -> Fact:
    return Fact(
        key=key,
        guild_id=0,
        show="fam",
        universe="fam",
        kind=kind,
        text=text,
        correction=correction,
        when_text="",
        year_from=None,
        year_to=None,
        sort_date="",
        approximate=False,
        tags=(),
        episode=None,
        source_title="t",
        source_url="",
        spoiler=False,
    )


def test_a_key_in_very_many_facts_still_finds_its_best_ones() -> None:
    """Past WALK_LIMIT facts a key is walked by its best weights only: the fact where it
    weighs most is still found first, and the ranking matches the full walk's."""
    padding = " ".join(f"pad{i}" for i in range(12))
    facts = [_fact(f"f{i:05d}", f"The reactor hums {padding}") for i in range(WALK_LIMIT + 700)]
    facts.append(_fact("short", "The reactor fails"))
    lexicon = compile_lexicon(load_dataset(DEFAULT_DATA_DIR).lexicon)
    base = build_base(facts, lexicon, [])
    server = build_server(base, [], frozenset(), lexicon)
    assert len(server.base.heads["fam", "reactor"]) == WALK_LIMIT
    found = server.search(["reactor"], "fam", 3)
    assert [f.key for f in found] == ["short", "f00000", "f00001"]


def test_a_misconception_is_shown_with_its_correction() -> None:
    fact = _fact(
        "m",
        "Molly Cobb is the first woman on the Moon.",
        kind="misconception",
        correction="A Soviet cosmonaut is; Molly is the first American woman.",
    )
    related = Evidence(fact, "related", "", 0.5)
    assert related.statement == fact.correction
    assert related.summary().startswith("Fans often say: Molly Cobb is the first woman")
    assert "— the show: A Soviet cosmonaut is" in related.summary()
    assert related.to_json()["text"] == fact.correction


def test_a_number_counts_the_noun_past_its_adjectives(names: NameIndex) -> None:
    lexicon = compile_lexicon(load_dataset(DEFAULT_DATA_DIR).lexicon)
    (number,) = read("the gates open onto 1,300 habitable systems", names, lexicon).numbers
    assert number.value == 1300 and any(k.startswith("system") for k in number.counts)
    assert not any(k.startswith("habit") for k in number.counts)


def test_what_a_number_counts_and_how_a_reply_writes_it(names: NameIndex) -> None:
    lexicon = compile_lexicon(load_dataset(DEFAULT_DATA_DIR).lexicon)

    def counted(text: str) -> tuple[int, set[str]]:
        number = read(text, names, lexicon).numbers[0]
        return number.value, {k for k in number.counts if not k.startswith("wn")}

    assert counted("the news reports seventeen people killed") == (17, {"peopl", "person"})
    assert counted("it has 70,000 metric tons of iridium")[1] == {"ton"}
    assert counted("like 300 people die when earth hits deimos")[1] == {"peopl", "person"}
    assert any(u.verb for u in read("three astronauts die", names, lexicon).units)
    assert not any(u.verb for u in read("lucia attempts suicide", names, lexicon).units[1:])
    assert "rock" in counted("three of marco's rocks hit earth")[1]
    assert "year" in counted("he left eleven years earlier")[1]
    assert counted("Laconia is Ring 673, planet 2")[1] == set()  # 673 counts no planets
    assert counted("valued at $20 trillion") == (20 * 10**12, {"dollar"})
    assert counted("worth around 2 trillion") == (2 * 10**12, {"dollar"})
    assert [spoken_number(n) for n in (17, 1700, 20 * 10**9, 2 * 10**12, 1_500_000)] == [
        "17", "1,700", "20 billion", "2 trillion", "1.5 million",
    ]  # fmt: skip


def test_a_longer_name_said_by_a_word_and_its_head(names: NameIndex) -> None:
    """'the paine telescope' is the Paine Space Telescope, not Thomas Paine; 'polaris space'
    keeps no head of Polaris Space Tours, so it stays Polaris."""
    (telescope,) = names.find(["the", "paine", "telescope"], fuzzy=True)
    assert telescope.ids == {"Paine Space Telescope"}
    polaris = names.find(["the", "polaris", "space", "hotel"], fuzzy=True)
    assert [m.ids for m in polaris] == [{"Polaris"}]


def test_an_english_first_name_opening_a_clause_before_a_verb(names: NameIndex) -> None:
    (shed,) = names.find(["shed", "gets", "shot"], fuzzy=True)
    assert shed.ids == {"Shed Garvey"}
    assert names.find(["they", "shed", "tears"], fuzzy=True) == []


def test_a_real_place_no_fact_names(names: NameIndex) -> None:
    """'Ohio' and 'Phobos' are places (of a scale) though no fact names them; a place
    whose name is an English word is one only after a word that leads to a place."""
    (ohio,) = names.find(["sergei", "hides", "in", "ohio"], fuzzy=True)[1:]
    assert ohio.kind == "place" and ohio.names[0].scale == "state" and ohio.names[0].unrecorded
    (phobos,) = names.find(["phobos"], fuzzy=True)
    assert phobos.kind == "body" and phobos.names[0].scale == "moon"
    assert [m.ids for m in names.find(["into", "mercury"], fuzzy=True)] == [{"Mercury"}]
    assert names.find(["mercury", "poisoning"], fuzzy=True) == []
    # a place the facts name keeps its own entry, and gains a scale
    (iowa,) = names.find(["iowa"], fuzzy=True)
    assert iowa.names[0].scale == "state" and not iowa.names[0].unrecorded


def test_one_passive_joins_two_participles(names: NameIndex) -> None:
    """'is shot and killed': Fred Johnson is acted on by both, never the killer."""
    claim = read("fred johnson is shot and killed on tycho", names, names.lexicon)
    units = {u.text: u for u in claim.units}
    assert [m.names[0].id for m in units["killed"].patient] == ["Fred Johnson"]
    assert not units["killed"].actor


def test_an_outcome_put_before_a_name_is_an_epithet(names: NameIndex) -> None:
    """'the dead Julie Mao' calls her so; it is no event that 'kept her alive' denies."""
    fact = read("Naomi asks whether he does it for the dead Julie Mao.", names, names.lexicon)
    claim = read("julie mao was kept alive", names, names.lexicon)
    comparison = Comparison(claim, fact, names.lexicon, frozenset(), frozenset())
    alive = next(u for u in claim.units if u.text == "alive")
    assert comparison.opposite_present(alive) == ""


def test_an_adjective_in_tive_keeps_its_own_stem() -> None:
    """Snowball gives 'executive' the stem of 'execute' (an executive order kills no one)
    and 'detective' that of 'detect'; verbs in -ive keep theirs ('survived' is 'survive')."""
    assert stem("executive") != stem("execute")
    assert stem("detectives") == stem("detective") != stem("detect")
    assert stem("survived") == stem("survive") == stem("survives")


def test_a_season_named_with_a_numeral_ordinal() -> None:
    assert episode_refs("the 4th season is set in 2003")[1][0].season == 4


def test_a_demonym_inside_another_name_is_the_places(tmp_path: Path) -> None:
    """'the martian ship Donnager' against 'flagship of the Martian Congressional
    Republic Navy': the fact says 'Martian', inside the navy's name."""
    verdicts = judge_claims(
        tmp_path / "p.sqlite3",
        ["the canterbury survivors got taken aboard the martian ship donnager"],
    )
    assert (
        verdicts["the canterbury survivors got taken aboard the martian ship donnager"][1]
        == "canon"
    )
