"""Wrong options that never spoil and are of the answer's kind, as plain functions: where
names are first seen, how far a question's reader has seen, genders from the facts'
wording, and make_choices putting them together."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.store.records import Fact
from bot.trivia import TriviaQuestion, choice_pools, classify, make_choices
from bot.trivia.appearances import Sighting, first_appearances, reader_limits
from bot.trivia.choices import ChoicePools
from bot.trivia.genders import FEMALE, MALE, gender_asked, genders_from_facts
from tests.support.facts import expanse_fact

# -- what a question's answer must be --------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "gender"),
    [
        (
            "What was the name of Anderson Dawes's sister, whose death he describes to Miller?",
            FEMALE,
        ),
        (
            "Who is Julie Mao's father, who orders Dresden to proceed with the Eros experiment?",
            MALE,
        ),
        ("What is the name of Praxidike Meng's daughter?", FEMALE),
        ("What is the name of Cara's little brother, brought back by the strange dogs?", MALE),
        ("Who becomes the first American woman on the Moon?", FEMALE),
        (
            "Which co-founder of Polaris, Karen Baldwin's husband, dies in the Polaris disaster?",
            MALE,
        ),
        ("What is the name of the Vietnamese daughter Ed and Karen Baldwin adopt?", FEMALE),
        # the relation word is not the answer's, or there is none
        ("Whose daughter is Kelly Baldwin?", None),
        ("Which astronaut's wife runs the Outpost?", None),
        ("Who kills Naomi's son?", None),
        ('Which Expanse cast member directed the season 5 episode "Mother"?', None),
        ("Who commands Pathfinder?", None),
    ],
)
def test_the_gender_a_question_asks_for(prompt: str, gender: str | None) -> None:
    assert gender_asked(prompt) == gender


# -- genders from the facts' own wording -------------------------------------------------

PEOPLE = [
    ["Octavio Rosales"],
    ["Aleida Rosales", "Aleida"],
    ["Kelly Baldwin"],
    ["Amos Burton", "Amos"],
    ["Clarissa Mao", "Peaches"],
    ["Cyn"],
    ["Naomi Nagata"],
    ["Shane Baldwin"],
    ["Ed Baldwin"],
    ["Holden"],
]


def test_genders_come_only_from_unambiguous_wording() -> None:
    facts = [
        # relation words naming the person
        ("Octavio Rosales and his daughter Aleida cross the border.", ["Octavio Rosales"]),
        ("Shane Baldwin is the son of Ed Baldwin.", ["Shane Baldwin", "Ed Baldwin"]),
        # one person named, then their pronoun
        ("Kelly Baldwin turns down her father's offer.", ["Kelly Baldwin"]),
        # an object pronoun is someone else's: says nothing of Amos
        ("Amos calls her Peaches.", ["Amos Burton", "Clarissa Mao"]),
        # a pronoun after someone else is named: says nothing of Cyn
        ("Cyn admits to Naomi Nagata that she was right.", ["Cyn", "Naomi Nagata"]),
        # a person word before the pronoun: it may be theirs
        ("Holden meets a woman who tells him her name.", ["Holden"]),
    ]
    genders = genders_from_facts(facts, PEOPLE)
    assert genders["octavio rosales"] == MALE
    assert genders["aleida rosales"] == genders["aleida"] == FEMALE
    assert genders["shane baldwin"] == MALE
    assert genders["kelly baldwin"] == FEMALE
    for unknown in ("amos burton", "clarissa mao", "cyn", "naomi nagata", "holden", "ed baldwin"):
        assert unknown not in genders


def test_a_person_the_facts_give_both_genders_has_none() -> None:
    facts = [
        ("Kelly Baldwin turns down her father's offer.", ["Kelly Baldwin"]),
        ("Kelly Baldwin packs his bags.", ["Kelly Baldwin"]),
    ]
    assert "kelly baldwin" not in genders_from_facts(facts, PEOPLE)


# -- where names are first seen, and how far the reader has seen -------------------------


def test_first_appearances_share_sightings_within_one_thing_only() -> None:
    seen = first_appearances(
        [
            Sighting(("Bobbie Draper",), "expanse", (2, 3)),
            Sighting(("Bobbie Draper",), "expanse", (2, 1)),
            Sighting(("Filip Inaros",), "expanse", (4, 1)),
        ],
        same=[["Bobbie Draper", "Roberta Draper", "Bobbie"]],
    )
    assert seen.of("Roberta Draper") == {"expanse": (2, 1)}
    assert seen.seen_within("Bobbie", {"expanse": (2, 999)}) is True
    assert seen.seen_within("Filip Inaros", {"expanse": (1, 999)}) is False
    assert seen.seen_within("Nobody Known", {"expanse": (6, 999)}) is None


def test_the_reader_has_seen_the_earliest_of_season_progress_night_and_window() -> None:
    assert reader_limits("expanse", 3) == {"expanse": (3, 999)}
    assert reader_limits("expanse", 3, progress={"expanse": (2, 4)}) == {"expanse": (2, 4)}
    assert reader_limits("expanse", 3, max_season=2) == {"expanse": (2, 999)}
    assert reader_limits("fam", 4, before_window={"fam": (2, 999)}) == {"fam": (2, 999)}
    assert reader_limits("fam", None) == {"fam": (1, 999)}  # nothing places it: season 1
    # a question the data places in an episode: up to that episode, not its whole season
    assert reader_limits("expanse", 1, episode=6) == {"expanse": (1, 6)}
    assert reader_limits("expanse", 1, episode=6, progress={"expanse": (1, 4)}) == {
        "expanse": (1, 4)
    }
    # another show of the universe counts as far as the member recorded it
    assert reader_limits("fam", 2, progress={"starcity": (1, 3)}) == {
        "fam": (2, 999),
        "starcity": (1, 3),
    }


# -- make_choices ------------------------------------------------------------------------


def question(
    key: str, prompt: str, answers: tuple[str, ...], season: int, episode: int = 1
) -> TriviaQuestion:
    return TriviaQuestion(
        key=key,
        show="expanse",
        prompt=prompt,
        answers=answers,
        difficulty="medium",
        source=f"S{season}E{episode}",
        season=season,
        episode=episode,
        kind=classify(prompt, answers),
    )


def fact(text: str, tags: list[str], season: int, number: int = 1) -> Fact:
    return expanse_fact(
        f"f-{tags[0]}-{season}-{number}",
        text,
        tags=tuple(tags),
        season=season,
        number=number,
        aired=dt.date(2016, 1, 1),
        kind="fact",
        spoiler=True,
    )


def person_facts() -> list[Fact]:
    return [
        fact("Julie Mao keeps her own counsel.", ["Julie Mao"], 1),
        fact("Naomi Nagata fixes her suit.", ["Naomi Nagata"], 1),
        fact("Chrisjen Avasarala loses her temper.", ["Chrisjen Avasarala"], 1),
        fact("Fred Johnson hides his past.", ["Fred Johnson"], 1),
        fact("Joe Miller loses his hat.", ["Joe Miller"], 1),
        fact("Bobbie Draper trains with her squad.", ["Bobbie Draper"], 2),
        fact("Filip Inaros follows his orders.", ["Filip Inaros"], 4),
        fact("Monica Stuart films her story.", ["Monica Stuart"], 3),
        fact("Anderson Dawes talks about his sister.", ["Anderson Dawes"], 1),
    ]


PERSON_NAMES = [
    "Julie Mao",
    "Naomi Nagata",
    "Chrisjen Avasarala",
    "Fred Johnson",
    "Joe Miller",
    "Bobbie Draper",
    "Filip Inaros",
    "Monica Stuart",
    "Anderson Dawes",
    "Shed Garvey",  # seen nowhere
]


def pools_for(bank: list[TriviaQuestion], kinds: dict[str, str] | None = None) -> ChoicePools:
    return choice_pools(
        bank,
        people=[("expanse", name) for name in PERSON_NAMES],
        facts=person_facts(),
        name_kinds={**{name: "person" for name in PERSON_NAMES[:-1]}, **(kinds or {})},
    )


def wrong_options(made: tuple[list[str], int] | None) -> list[str]:
    assert made is not None
    options, right = made
    return [o for i, o in enumerate(options) if i != right]


def test_no_wrong_option_is_first_seen_after_the_questions_season() -> None:
    asked = question("q", "Who leads the OPA on Ceres?", ("Anderson Dawes",), 1)
    pools = pools_for([asked])
    for seed in range(20):
        wrong = wrong_options(make_choices(asked, pools, rng=random.Random(seed)))
        assert not {"Bobbie Draper", "Filip Inaros", "Monica Stuart"} & set(wrong)
        assert "Shed Garvey" not in wrong  # nothing places him: never offered
    # a reader who has watched further (a later question) may see the later names
    later = question("l", "Who leads the OPA on Ceres?", ("Anderson Dawes",), 4)
    offered = {
        o
        for seed in range(30)
        for o in wrong_options(make_choices(later, pools, rng=random.Random(seed)))
    }
    assert "Filip Inaros" in offered


def test_no_wrong_option_is_first_seen_after_the_questions_episode() -> None:
    """A question of S1E6 never offers a name first seen in S1E10, the same season."""
    asked = question("q", "Who leads the OPA on Ceres?", ("Anderson Dawes",), 1, episode=6)
    facts = [
        *person_facts(),
        fact("Kenzo Gakugi spies on the crew.", ["Kenzo Gakugi"], 1, 10),
        fact("Diogo Harari joins the OPA.", ["Diogo Harari"], 1, 5),
    ]
    names = [*PERSON_NAMES, "Kenzo Gakugi", "Diogo Harari"]
    pools = choice_pools(
        [asked],
        people=[("expanse", name) for name in names],
        facts=facts,
        name_kinds=dict.fromkeys(names, "person"),
    )
    assert pools.limits(asked) == {"expanse": (1, 6)}
    offered = {
        o
        for seed in range(40)
        for o in wrong_options(make_choices(asked, pools, rng=random.Random(seed)))
    }
    assert "Kenzo Gakugi" not in offered and "Diogo Harari" in offered
    # the same question placed in the season's last episode may offer him
    finale = question("f", "Who leads the OPA on Ceres?", ("Anderson Dawes",), 1, episode=10)
    assert "Kenzo Gakugi" in {
        o
        for seed in range(40)
        for o in wrong_options(make_choices(finale, pools, rng=random.Random(seed)))
    }


def test_the_readers_own_limits_are_kept_and_too_few_options_fall_back() -> None:
    asked = question("q", "Who leads the OPA on Ceres?", ("Anderson Dawes",), 4)
    pools = pools_for([asked])
    night = pools.limits(asked, max_season=1)  # a night limited to season 1
    for seed in range(10):
        wrong = wrong_options(make_choices(asked, pools, rng=random.Random(seed), limits=night))
        assert not {"Bobbie Draper", "Filip Inaros", "Monica Stuart"} & set(wrong)
    # only one other person seen by season 1 in a tiny pool: two options, or none
    tiny = choice_pools(
        [asked],
        people=[("expanse", "Joe Miller"), ("expanse", "Filip Inaros")],
        facts=person_facts(),
    )
    limits = tiny.limits(asked, max_season=1)
    assert make_choices(asked, tiny, limits=limits) is None  # four were wanted
    made = make_choices(asked, tiny, limits=limits, minimum=2)
    assert made is not None and sorted(made[0]) == ["Anderson Dawes", "Joe Miller"]
    alone = choice_pools([asked], people=[("expanse", "Filip Inaros")], facts=person_facts())
    assert make_choices(asked, alone, limits=limits, minimum=1) is None  # never one option


def test_a_sisters_question_offers_only_women_the_facts_say_are_women() -> None:
    asked = question(
        "s", "What was the name of Anderson Dawes's sister?", ("Athena", "Athena Dawes"), 1
    )
    pools = pools_for([asked])
    women = {"Julie Mao", "Naomi Nagata", "Chrisjen Avasarala"}
    for seed in range(20):
        assert set(wrong_options(make_choices(asked, pools, rng=random.Random(seed)))) == women


def test_a_name_of_the_answer_and_another_kind_are_never_options() -> None:
    bobbie = question(
        "b", "Who is the Martian marine?", ("Bobbie Draper", "Roberta Draper", "Bobbie"), 2
    )
    other = question("o", "Who runs for office?", ("Roberta Draper",), 2)  # the same person
    ship = question("r", "Which ship is Holden's?", ("Rocinante",), 1)
    pools = pools_for([bobbie, other, ship], {"Rocinante": "craft"})
    for seed in range(20):
        wrong = wrong_options(make_choices(bobbie, pools, rng=random.Random(seed)))
        assert "Roberta Draper" not in wrong and "Rocinante" not in wrong
    assert pools.one_thing("Bobbie", "Roberta Draper")
    assert not pools.one_thing("Bobbie Draper", "Joe Miller")


def test_a_cast_members_question_offers_actors() -> None:
    asked = question(
        "c", 'Which Expanse cast member directed the episode "Mother"?', ("Thomas Jane",), 5
    )
    assert asked.kind == "person"  # its wording says person; the cast list says actor
    pools = choice_pools(
        [asked],
        people=[("expanse", name) for name in PERSON_NAMES],
        actors=[
            ("expanse", a) for a in ("Thomas Jane", "Steven Strait", "Cas Anvar", "Wes Chatham")
        ],
        roles=[
            ("Joe Miller", "Thomas Jane"),
            ("Fred Johnson", "Steven Strait"),
            ("Julie Mao", "Cas Anvar"),
            ("Naomi Nagata", "Wes Chatham"),
        ],
        facts=person_facts(),
    )
    for seed in range(10):
        wrong = wrong_options(make_choices(asked, pools, rng=random.Random(seed)))
        assert set(wrong) == {"Steven Strait", "Cas Anvar", "Wes Chatham"}
