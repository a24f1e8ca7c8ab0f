"""Trivia logic without Discord: generated questions, options, picking, fair judging,
the night's state machine, ranks and scheduling."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.answers import check_answer
from bot.errors import UserFacingError
from bot.store.records import Episode, Fact, Question
from bot.trivia import (
    BLANK,
    DISCORD_EPOCH_MS,
    GRACE_SECONDS,
    PAUSE_SECONDS,
    NightConfig,
    NightPlan,
    RoundJudge,
    Step,
    TriviaQuestion,
    Verdict,
    before_progress,
    before_window,
    build_bank,
    choice_pools,
    classify,
    filter_bank,
    hint_for,
    make_choices,
    night_questions,
    parse_when,
    pick_question,
    quarter_label,
    quarter_start,
    season_question,
    snowflake_ms,
    year_question,
)
from bot.trivia.choices import _NUMBER_WORDS

T0 = dt.datetime(2026, 5, 1, 20, 0, tzinfo=dt.UTC)
EPISODE = Episode("fam", 3, 1, "Polaris", dt.date(2022, 6, 10), "https://example.org/polaris")
EPISODE_1 = Episode("fam", 1, 1, "Red Moon", dt.date(2019, 11, 1), "https://example.org/red-moon")


def snowflake(at: dt.datetime, increment: int = 0) -> int:
    return ((int(at.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22) | increment


def make_fact(text: str, when: str = "1992", **overrides: object) -> Fact:
    year = int(when.lstrip("~")[:4]) if when else None
    values: dict[str, object] = {
        "key": "fam-test",
        "guild_id": 0,
        "show": "fam",
        "universe": "fam",
        "kind": "event",
        "text": text,
        "correction": "",
        "when_text": when,
        "year_from": year,
        "year_to": year,
        "sort_date": f"{year}-00-00" if year else "",
        "approximate": when.startswith("~"),
        "tags": ("Polaris",),
        "episode": EPISODE,
        "source_title": "Polaris – For All Mankind Wiki",
        "source_url": "https://example.org/wiki/polaris",
        "spoiler": True,
    }
    values.update(overrides)
    return Fact(**values)  # type: ignore[arg-type]


def make_question(
    key: str, prompt: str, answers: tuple[str, ...], **overrides: object
) -> TriviaQuestion:
    values: dict[str, object] = {
        "key": key,
        "show": "expanse",
        "prompt": prompt,
        "answers": answers,
        "difficulty": "medium",
        "source": "S1E1",
        "season": 1,
        "episode": 1,
        "kind": classify(prompt, answers),
    }
    values.update(overrides)
    return TriviaQuestion(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# What kind of answer
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answers", "kind"),
    [
        ("Which MCRN flagship takes the survivors aboard?", ("Donnager",), "craft"),
        ("What is the name of the racing ship Julie Mao piloted?", ("Razorback",), "craft"),
        ("Which security company does Detective Joe Miller work for?", ("Star Helix",), "group"),
        ("Who becomes the first American woman on the Moon?", ("Molly Cobb",), "person"),
        ("In For All Mankind, who is the first person to walk on the Moon?", ("Leonov",), "person"),
        ("Julie Mao's pet rat, whose story she tells Alex, is called what?", ("Mouse",), "other"),
        ("Which crop was botanist Prax Meng working to improve?", ("Soybeans",), "other"),
        ("On which station is Naomi's son Filip spotted?", ("Pallas",), "site"),
        ("Into which planet does Eros crash?", ("Venus",), "body"),
        ("In which city do the M-7 nations meet?", ("Leningrad",), "geo"),
        ("How many hours had Tracy logged?", ("745",), "number"),
        ("Which Bob Marley song do they sing?", ("Three Little Birds",), "other"),
        ("On which Apollo mission did Ed fly?", ("Apollo 10",), "mission"),
        ("On what date does Leonov land?", ("June 26, 1969", "1969-06-26"), "date"),
        ("In what year is season 4 set?", ("2003",), "year"),
        ("Which couple die repairing the reactor?", ("Gordo and Tracy Stevens",), "other"),
    ],
)
def test_classify(prompt: str, answers: tuple[str, ...], kind: str) -> None:
    assert classify(prompt, answers) == kind


# --------------------------------------------------------------------------------------
# Questions generated from facts
# --------------------------------------------------------------------------------------


def test_year_question_blanks_every_mention_of_the_year() -> None:
    fact = make_fact(
        "On July 17, 1992, a few weeks before its planned August 1992 opening, the Polaris "
        "hotel hosts a wedding.",
        "1992-07-17",
    )
    question = year_question(fact)
    assert question is not None
    assert question.answers == ("1992",)
    assert "1992" not in question.prompt
    assert question.prompt.count(BLANK) == 2
    assert question.prompt.startswith("Which year goes in the blank?")
    assert question.source.startswith("For All Mankind S3E1 · Polaris · ")
    assert question.season == 3 and question.kind == "year" and question.generated


def test_year_question_without_the_year_in_the_text_asks_plainly() -> None:
    question = year_question(make_fact("Sam Cleveland dies in the Polaris disaster."))
    assert question is not None
    assert question.prompt == (
        "In what year does this happen in For All Mankind? "
        "“Sam Cleveland dies in the Polaris disaster.”"
    )


@pytest.mark.parametrize(
    ("text", "when", "why"),
    [
        ("The Paine Space Telescope spots the asteroid 2003LC.", "2003", "year inside a name"),
        ("Mars-94 burns out its engines in 1994.", "1994", "two-digit year in a name"),
        ("The finale ends with a nine-year jump from 2003 to 2012.", "2012", "arithmetic"),
        ("Sojourner 1 lands on Mars.", "~1995", "approximate date"),
        ("The Polaris hotel is built.", "1990/1992", "a range of years"),
    ],
)
def test_year_question_is_skipped_when_it_would_leak_or_is_inexact(
    text: str, when: str, why: str
) -> None:
    fact = make_fact(text, when)
    if "/" in when:
        fact = make_fact(text, "1990", year_to=1992, when_text=when)
    assert year_question(fact) is None, why


def test_year_questions_are_fam_events_only() -> None:
    assert year_question(make_fact("Something timeless.", kind="fact")) is None
    assert year_question(make_fact("Holden kicks the antenna.", universe="expanse")) is None


def test_season_question_options_and_refusals() -> None:
    fact = make_fact("Danny Stevens marries Amber aboard the Polaris.")
    question = season_question(fact, (1, 2, 3, 4))
    assert question is not None
    assert question.answers == ("Season 3", "3")
    assert question.prompt.startswith("In which season of For All Mankind is this shown?")
    assert question.difficulty == "hard"
    assert season_question(make_fact("In the season 3 premiere, a wedding."), (1, 2, 3, 4)) is None
    assert season_question(fact, (1, 2, 3)) is None  # too few seasons to choose from
    assert season_question(make_fact("A wedding.", episode=None), (1, 2, 3, 4)) is None


def test_build_bank_skips_generated_questions_a_curated_one_already_asks() -> None:
    curated = Question(
        "fam-q-polaris-year",
        "fam",
        "In what year is the Polaris wedding held?",
        ("1992",),
        (),
        "easy",
        EPISODE,
        "",
        "",
    )
    fact = make_fact("A wedding is held aboard the hotel.", tags=("Polaris",))
    other = make_fact("Kelly Baldwin stays at NASA.", key="fam-kelly", tags=("Kelly Baldwin",))
    bank = build_bank([curated], [fact, other], {"fam": (1, 2, 3, 4)})
    keys = [q.key for q in bank]
    assert "gen-year-fam-test" not in keys  # same answer, and the curated prompt names Polaris
    assert "gen-year-fam-kelly" in keys
    assert "gen-season-fam-test" in keys and "gen-season-fam-kelly" in keys


def test_filter_bank_by_show_difficulty_and_max_season() -> None:
    bank = [
        make_question("a", "Who?", ("Holden",), season=1),
        make_question("b", "Who?", ("Naomi",), season=4, difficulty="hard"),
        make_question("c", "Who?", ("Ed",), show="fam", season=2),
        make_question("d", "Who?", ("Leonov",), show="fam", season=None),
    ]
    assert [q.key for q in filter_bank(bank, show="expanse")] == ["a", "b"]
    assert [q.key for q in filter_bank(bank, difficulty="hard")] == ["b"]
    assert [q.key for q in filter_bank(bank, max_season=2)] == ["a", "c"]  # no episode: left out


def test_a_member_is_asked_about_the_episodes_they_have_seen() -> None:
    bank = [
        make_question("s2", "Who?", ("Holden",), season=2, episode=9),
        make_question("s3e2", "Who?", ("Naomi",), season=3, episode=2),
        make_question("s3e4", "Who?", ("Amos",), season=3, episode=4),
        make_question("s3e5", "Who?", ("Alex",), season=3, episode=5),
        make_question("none", "Who?", ("Bobbie",), season=None, episode=None),
        make_question("fam", "Who?", ("Ed",), show="fam", season=4, episode=1),
    ]
    kept = before_progress(bank, {"expanse": (3, 4)})
    assert [q.key for q in kept] == ["s2", "s3e2", "s3e4", "fam"]  # unplaced: left out


def test_a_public_question_is_from_before_the_spoiler_window() -> None:
    bank = [
        make_question("s5", "Who?", ("Holden",), season=5, episode=10),
        make_question("s6e1", "Who?", ("Naomi",), season=6, episode=1),
        make_question("s6e3", "Who?", ("Amos",), season=6, episode=3),
        make_question("none", "Who?", ("Bobbie",), season=None, episode=None),
        make_question("fam", "Who?", ("Ed",), show="fam", season=4, episode=1),
    ]
    newest = {"expanse": (5, 999), "fam": (4, 999), "starcity": (0, 999)}
    assert [q.key for q in before_window(bank, newest)] == ["s5", "fam"]  # unplaced: out
    weeks = {"expanse": (6, 2), "fam": (3, 10), "starcity": (0, 0)}  # aired before the cutoff
    assert [q.key for q in before_window(bank, weeks)] == ["s5", "s6e1"]
    assert before_window(bank, None) == bank  # no window, or the spoiler channel


def test_a_night_keeps_to_before_the_window_unless_the_host_sets_max_season() -> None:
    bank = [
        make_question("s5", "Who?", ("Holden",), season=5, episode=10),
        make_question("s6", "Who?", ("Naomi",), season=6, episode=1),
        make_question("fam", "Who?", ("Ed",), show="fam", season=5, episode=1),
    ]
    window = {"expanse": (5, 999), "fam": (4, 999)}
    plain = NightConfig()
    assert [q.key for q in night_questions(bank, plain, window)] == ["s5"]
    assert [q.key for q in night_questions(bank, plain, None)] == ["s5", "s6", "fam"]
    opted_in = NightConfig(max_season=6)  # the host asked for up to season 6
    assert [q.key for q in night_questions(bank, opted_in, window)] == ["s5", "s6", "fam"]


def test_question_json_round_trip() -> None:
    question = make_question("a", "Who?", ("Holden", "Jim"), choices=("Naomi",), seasons=(1, 2))
    assert TriviaQuestion.from_json(question.to_json()) == question


# --------------------------------------------------------------------------------------
# Multiple choice
# --------------------------------------------------------------------------------------


def _ship(key: str, answer: str, show: str = "expanse") -> TriviaQuestion:
    return make_question(key, f"Which ship is {key}?", (answer, f"The {answer}"), show=show)


def test_choices_are_four_distinct_options_of_the_same_kind_with_one_right() -> None:
    bank = [
        _ship("a", "Rocinante"),
        _ship("b", "Canterbury"),
        _ship("c", "Donnager"),
        _ship("d", "Tachi"),
        make_question("p", "Who kicks the antenna?", ("James Holden",)),
    ]
    pools = choice_pools(bank)
    for seed in range(20):
        made = make_choices(bank[0], pools, rng=random.Random(seed))
        assert made is not None
        options, right = made
        assert len(options) == 4 and len(set(options)) == 4
        assert [check_answer(o, bank[0].answers) for o in options].count(True) == 1
        assert options[right] == "Rocinante"
        assert "James Holden" not in options  # a person is no option for a ship


def test_choices_take_curated_wrong_options_first() -> None:
    question = make_question("q", "What dish?", ("Lasagna",), choices=("Pierogi", "Curry", "Stew"))
    options, right = make_choices(question, choice_pools([question]), rng=random.Random(1)) or (
        [],
        -1,
    )
    assert (
        sorted(options) == ["Curry", "Lasagna", "Pierogi", "Stew"] and options[right] == "Lasagna"
    )


def test_year_choices_are_near_the_real_year() -> None:
    question = make_question("y", "In what year?", ("1992",), show="fam")
    pools = choice_pools([question], event_years=[1969, 1983, 1994, 2003])
    options, right = make_choices(question, pools, rng=random.Random(3)) or ([], -1)
    assert options[right] == "1992"
    assert all(abs(int(o) - 1992) <= 8 for o in options)


def test_season_choices_are_other_seasons() -> None:
    fact = make_fact("Danny Stevens marries Amber aboard the Polaris.")
    question = season_question(fact, (1, 2, 3, 4))
    assert question is not None
    options, right = make_choices(question, choice_pools([question])) or ([], -1)
    assert sorted(options) == ["Season 1", "Season 2", "Season 3", "Season 4"]
    assert options[right] == "Season 3"


def _seen_from_the_start(people: list[tuple[str, str]]) -> list[tuple[str, str, tuple[int, int]]]:
    return [(show, name, (1, 1)) for show, name in people]


def test_people_from_the_store_fill_the_person_pool_without_nicknames() -> None:
    question = make_question("p", "Who commands Pathfinder?", ("Ed Baldwin",), show="fam")
    people = [
        ("fam", 'Edward "Ed" Baldwin'),
        ("fam", "Ellen Wilson (née Waverly)"),
        ("fam", "Margo Madison"),
        ("fam", "Danielle Poole"),
        ("expanse", "Amos Burton"),
    ]
    pools = choice_pools([question], people=people, people_first=_seen_from_the_start(people))
    for seed in range(10):
        options, _ = make_choices(question, pools, rng=random.Random(seed)) or ([], -1)
        assert sorted(options) == ["Danielle Poole", "Ed Baldwin", "Ellen Wilson", "Margo Madison"]


def test_a_spelled_out_first_name_is_not_a_wrong_option() -> None:
    question = make_question("p", "Who commands Pathfinder?", ("Ed Baldwin",), show="fam")
    people = [
        ("fam", n) for n in ("Edward Baldwin", "Kelly Baldwin", "Margo Madison", "Sam Cleveland")
    ]
    pools = choice_pools([question], people=people, people_first=_seen_from_the_start(people))
    options, _ = make_choices(question, pools, rng=random.Random(0)) or ([], -1)
    assert "Edward Baldwin" not in options and "Kelly Baldwin" in options


def test_no_choices_when_nothing_plausible_exists() -> None:
    question = make_question("o", "What dish does Alex cook?", ("Lasagna",))
    assert make_choices(question, choice_pools([question])) is None


def test_number_choices_nudge_a_plain_number_within_range_keeping_its_form() -> None:
    for answer, low, high in (("Eight miles", 4, 16), ("137", 68, 274), ("1,300", 650, 2600)):
        question = make_question("n", "How many?", (answer,), show="fam")
        assert question.kind == "number"
        for seed in range(10):
            options, right = make_choices(
                question, choice_pools([question]), rng=random.Random(seed)
            ) or ([], -1)
            assert options[right] == answer and len(options) == 4
            for option in options:
                if answer[0].isdigit():
                    value = int(option.replace(",", ""))
                    assert option == (f"{value:,}" if "," in answer else str(value))
                else:
                    value = _NUMBER_WORDS.index(option.split()[0].lower())
                    assert option.endswith(" miles") and option[0].isupper()
                assert low <= value <= high, option


def test_a_numbered_name_offers_only_names_the_data_knows() -> None:
    """'Apollo 10' is a name: its wrong options are other Apollo missions the facts name
    (first seen by the question's episode), never a made-up 'Apollo 12' or 'Apollo 46'."""
    question = make_question("m", "On which Apollo mission?", ("Apollo 10",), show="fam")
    known = ("Apollo 11", "Apollo 15", "Apollo 23")
    facts = [
        make_fact(f"{name} flies.", key=f"fam-{name}", tags=(name,), episode=EPISODE_1)
        for name in known
    ]
    facts.append(make_fact("Apollo 24 flies.", key="fam-a24", tags=("Apollo 24",)))  # S3
    pools = choice_pools([question], facts=facts)
    for seed in range(20):
        options, right = make_choices(question, pools, rng=random.Random(seed)) or ([], -1)
        assert options[right] == "Apollo 10"
        assert sorted(options) == ["Apollo 10", *known]
    # with no other Apollo mission in the data, no options at all (asked another way)
    assert make_choices(question, choice_pools([question]), minimum=2) is None


# --------------------------------------------------------------------------------------
# Picking
# --------------------------------------------------------------------------------------


def test_pick_prefers_the_least_recently_asked() -> None:
    bank = [make_question(k, "Who?", (k,)) for k in ("a", "b", "c")]
    asked = {"a": T0, "b": T0 - dt.timedelta(days=1), "c": T0 + dt.timedelta(days=1)}
    assert pick_question(bank, asked).key == "b"  # type: ignore[union-attr]
    assert pick_question(bank, {"a": T0, "b": T0}).key == "c"  # type: ignore[union-attr]
    assert pick_question(bank, asked, exclude={"b"}).key == "a"  # type: ignore[union-attr]
    assert pick_question(bank, asked, exclude={"a", "b", "c"}) is None


def test_pick_excludes_other_questions_about_the_same_fact() -> None:
    fact = make_fact("Danny Stevens marries Amber aboard the Polaris.")
    year, season = year_question(fact), season_question(fact, (1, 2, 3, 4))
    assert year is not None and season is not None and year.origin == season.origin
    assert pick_question([season], {}, exclude={year.origin}) is None


def test_ties_favour_curated_questions_without_starving_generated_ones() -> None:
    curated = [make_question(f"c{i}", "Who?", ("x",)) for i in range(5)]
    seasons = [
        make_question(f"gen-season-f{i}", "Season?", ("Season 1",), kind="season", generated=True)
        for i in range(50)
    ]
    rng = random.Random(7)
    picks = [pick_question(curated + seasons, {}, rng=rng) for _ in range(400)]
    share = sum(1 for q in picks if q is not None and not q.generated) / len(picks)
    assert 0.6 < share < 0.9  # 6:2 weights, though curated are 1 in 11 of the pool


# --------------------------------------------------------------------------------------
# Judging a round
# --------------------------------------------------------------------------------------

QUESTION = make_question("roci", "Which ship?", ("Rocinante", "Roci"))


def judge(seconds: float = 30, **options: int) -> tuple[RoundJudge, int]:
    opened = snowflake(T0)
    return RoundJudge(QUESTION, opened_id=opened, seconds=seconds, **options), opened


def test_the_earliest_snowflake_wins_not_the_first_processed() -> None:
    round_, _ = judge()
    late_sender = snowflake(T0 + dt.timedelta(seconds=5))
    early_sender = snowflake(T0 + dt.timedelta(seconds=4))
    received = T0 + dt.timedelta(seconds=5)
    assert round_.submit(1, late_sender, "Rocinante", received) is Verdict.CORRECT
    assert round_.decided_at() == received + dt.timedelta(seconds=GRACE_SECONDS)
    # Sent a second earlier, delivered after: still inside the grace window.
    assert (
        round_.submit(2, early_sender, "the roci", received + dt.timedelta(seconds=1))
        is Verdict.CORRECT
    )
    outcome = round_.outcome()
    assert outcome.winner is not None and outcome.winner.user_id == 2
    assert outcome.winner_ms == 4000
    assert [c.user_id for c in outcome.correct] == [2, 1]
    assert round_.submit(3, early_sender + 1, "Rocinante", received) is Verdict.CLOSED


def test_a_list_of_guesses_never_counts() -> None:
    round_, opened = judge()
    assert round_.submit(1, opened + (1000 << 22), "Rocinante or Canterbury", T0) is Verdict.SEVERAL
    assert round_.submit(2, opened + (1000 << 22) + 1, "Roci, Donnager", T0) is Verdict.SEVERAL
    assert round_.outcome().winner is None


def test_one_players_spam_is_capped_and_does_not_block_others() -> None:
    round_, opened = judge(max_guesses=3, min_gap_ms=500)
    verdicts = [
        round_.submit(1, opened + ((i * 10 + 1) << 22), f"wrong {i}", T0) for i in range(200)
    ]
    assert verdicts[0] is Verdict.WRONG
    assert verdicts.count(Verdict.WRONG) == 3  # 10 ms apart: only every 50th is far enough
    assert Verdict.RATE_LIMITED in verdicts
    assert round_.submit(2, opened + (3000 << 22), "Rocinante", T0) is Verdict.CORRECT
    assert round_.guesses == 4


def test_guesses_outside_the_round_are_refused() -> None:
    round_, opened = judge(seconds=10)
    assert round_.submit(1, opened - 1, "Rocinante", T0) is Verdict.EARLY
    assert round_.submit(1, snowflake(T0 + dt.timedelta(seconds=11)), "Roci", T0) is Verdict.LATE
    assert round_.submit(1, opened + (1 << 22), "", T0) is Verdict.IGNORED
    assert round_.submit(1, opened + (2 << 22), "x" * 500, T0) is Verdict.IGNORED
    assert round_.submit(1, opened + (3 << 22), "Roci", T0) is Verdict.CORRECT
    assert round_.submit(1, opened + (5000 << 22), "Roci", T0) is Verdict.ALREADY_RIGHT


def test_a_guess_with_nothing_visible_is_ignored_not_counted() -> None:
    """A zero-width space or a lone control character is no answer: it costs no guess and
    starts no gap (it was judged wrong, unlike a plain space). (Audit 36.)"""
    round_, opened = judge(seconds=10)
    for step, text in enumerate(["\u200b", "\u202e", "\x00", " \u2060 ", "\u3164"], 1):
        assert round_.submit(1, opened + (step << 22), text, T0) is Verdict.IGNORED, repr(text)
    assert round_.guesses == 0
    assert round_.submit(1, opened + (6 << 22), "Roci", T0) is Verdict.CORRECT


def test_a_judge_takes_answers_while_the_question_is_being_posted() -> None:
    round_ = RoundJudge(QUESTION, seconds=30)
    assert not round_.is_open
    posted = snowflake(T0)
    # One guess typed before the question existed, one sent just after it appeared but
    # read by the bot before the post call returned.
    assert round_.submit(1, posted - 5, "Roci", T0) is Verdict.CORRECT
    assert (
        round_.submit(2, posted + 5, "Rocinante", T0 + dt.timedelta(seconds=1)) is Verdict.CORRECT
    )
    round_.open(posted)
    assert round_.is_open and [c.user_id for c in round_.correct] == [2]
    assert round_.first_correct_at == T0 + dt.timedelta(seconds=1)
    assert round_.submit(1, posted + (2000 << 22), "Roci", T0) is Verdict.CORRECT  # may retry
    assert round_.outcome().winner.user_id == 2  # type: ignore[union-attr]


def test_snowflake_ms_matches_discord_epoch() -> None:
    assert snowflake_ms(snowflake(T0)) == int(T0.timestamp() * 1000)


# --------------------------------------------------------------------------------------
# The night's state machine
# --------------------------------------------------------------------------------------


def test_a_night_asks_hints_closes_pauses_and_finishes() -> None:
    plan = NightPlan(NightConfig(rounds=2, seconds=20, hints=True))
    assert plan.due(T0) is Step.ASK
    round_, _ = judge(seconds=20)
    plan.asked(1, round_, T0)
    assert plan.due(T0 + dt.timedelta(seconds=9)) is None
    assert plan.wake_at() == T0 + dt.timedelta(seconds=10)
    assert plan.due(T0 + dt.timedelta(seconds=10)) is Step.HINT
    plan.hinted_now()
    assert plan.wake_at() == T0 + dt.timedelta(seconds=20)
    assert plan.due(T0 + dt.timedelta(seconds=20)) is Step.CLOSE
    outcome = plan.closed(T0 + dt.timedelta(seconds=20))
    assert outcome.winner is None
    assert plan.due(T0 + dt.timedelta(seconds=21)) is None  # the pause after a reveal
    assert plan.due(T0 + dt.timedelta(seconds=20 + PAUSE_SECONDS)) is Step.ASK
    plan.asked(2, judge(seconds=20)[0], T0 + dt.timedelta(seconds=30))
    received = T0 + dt.timedelta(seconds=31)
    assert plan.judge is not None
    plan.judge.submit(5, snowflake(T0 + dt.timedelta(seconds=1)), "Roci", received)
    assert plan.due(received) is None  # grace window
    assert plan.due(received + dt.timedelta(seconds=GRACE_SECONDS)) is Step.CLOSE
    assert plan.closed(received).winner is not None
    assert plan.due(received) is Step.FINISH


def test_a_night_without_hints_goes_straight_to_the_deadline() -> None:
    plan = NightPlan(NightConfig(rounds=1, seconds=10, hints=False))
    plan.asked(1, judge(seconds=10)[0], T0)
    assert plan.due(T0 + dt.timedelta(seconds=5)) is None
    assert plan.wake_at() == T0 + dt.timedelta(seconds=10)


@pytest.mark.parametrize(
    "config",
    [
        NightConfig(rounds=0),
        NightConfig(rounds=31),
        NightConfig(seconds=9),
        NightConfig(seconds=121),
        NightConfig(show="stargate"),
        NightConfig(difficulty="brutal"),
        NightConfig(max_season=0),
    ],
)
def test_night_config_refuses_out_of_range_options(config: NightConfig) -> None:
    with pytest.raises(UserFacingError):
        config.validate()


def test_night_config_describe() -> None:
    text = NightConfig(rounds=1, seconds=15, show="expanse", max_season=3, hints=False).describe()
    assert (
        text
        == "1 round · 15 s per question · The Expanse · any difficulty · up to season 3 · no hints"
    )


# --------------------------------------------------------------------------------------
# Hints, ranks, seasons, scheduling
# --------------------------------------------------------------------------------------


def test_hints_never_give_the_whole_answer() -> None:
    assert (
        hint_for(make_question("a", "Who?", ("Alexei Leonov",)))
        == "Initials: A＿＿＿＿＿ L＿＿＿＿＿"
    )
    assert (
        hint_for(make_question("y", "Year?", ("1969",), kind="year")) == "It happens in the 1960s."
    )
    date = make_question("d", "When?", ("June 26, 1969", "1969-06-26"))
    assert hint_for(date) == "It happens in the 1960s."
    number = make_question("n", "How many?", ("1,300",))
    assert hint_for(number) == "The number has 4 digits."
    words = make_question("w", "How close?", ("Eight nautical miles", "8"))
    assert hint_for(words) == "Initials: E＿＿＿＿ n＿＿＿＿＿＿＿ m＿＿＿＿"
    fact = make_fact("Danny Stevens marries Amber aboard the Polaris.")
    for seasons, expected in (((1, 2, 3, 4), "2, 3 and 4"), ((1, 2, 3, 4, 5, 6), "2, 3 and 4")):
        question = season_question(fact, seasons)
        assert question is not None and hint_for(question) == f"One of seasons {expected}."
    red_moon = Episode("fam", 1, 1, "Red Moon", dt.date(2019, 11, 1), "")
    first = season_question(make_fact("Apollo 10 flies.", episode=red_moon), (1, 2, 3, 4))
    assert first is not None and hint_for(first) == "One of seasons 1, 2 and 3."


def test_the_trivia_season_is_the_calendar_quarter() -> None:
    moment = dt.datetime(2026, 8, 17, 13, 0, tzinfo=dt.UTC)
    assert quarter_start(moment) == dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    assert quarter_label(moment) == "Q3 2026"
    assert quarter_start(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).month == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2 hours", T0 + dt.timedelta(hours=2)),
        ("90m", T0 + dt.timedelta(minutes=90)),
        ("in 3 days", T0 + dt.timedelta(days=3)),
        ("21:30", T0.replace(hour=21, minute=30)),
        ("19:00", (T0 + dt.timedelta(days=1)).replace(hour=19)),
        ("2026-05-02 18:00", dt.datetime(2026, 5, 2, 18, 0, tzinfo=dt.UTC)),
        ("2026-05-02T20:00+02:00", dt.datetime(2026, 5, 2, 18, 0, tzinfo=dt.UTC)),
        (f"<t:{int((T0 + dt.timedelta(hours=5)).timestamp())}:F>", T0 + dt.timedelta(hours=5)),
    ],
)
def test_parse_when(text: str, expected: dt.datetime) -> None:
    assert parse_when(text, T0, "UTC") == expected


def test_parse_when_reads_a_wall_clock_time_in_the_zone_or_asks_for_one() -> None:
    berlin = dt.datetime(2026, 5, 2, 16, 0, tzinfo=dt.UTC)  # 18:00 CEST
    assert parse_when("2026-05-02 18:00", T0, "Europe/Berlin") == berlin
    assert parse_when("2026-05-02 18:00 UTC", T0) == berlin.replace(hour=18)
    assert parse_when("in 2 hours", T0) == T0 + dt.timedelta(hours=2)  # needs no zone
    for wall_clock in ("2026-05-02 18:00", "21:30"):
        with pytest.raises(UserFacingError, match="Which time zone is that in"):
            parse_when(wall_clock, T0)
    with pytest.raises(UserFacingError, match="does not exist"):
        parse_when("2027-03-28 02:30", T0.replace(year=2027, month=1), "Europe/Berlin")


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow-ish",
        "25:00",
        "2026-04-01 10:00",
        "in 200 days",
        "now",
        "<t:-99999999999:F>",
        "<t:999999999999:F>",
        "0001-01-01 00:00+14:00",
    ],
)
def test_parse_when_refuses_unreadable_past_and_far_times(text: str) -> None:
    with pytest.raises(UserFacingError):
        parse_when(text, T0, "UTC")
