"""The trivia repository on a real SQLite file: rotation, points and ranks, nights and their
rounds (scored exactly once), planned nights (started exactly once), guild scoping; and
the question bank built from the shipped dataset."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers import check_answer
from bot.dataset import load_dataset
from bot.facts_admin import Source, draft, require_valid
from bot.store import Store
from bot.store.trivia import NightClash, NightRecord
from bot.trivia import BLANK, Bank, load_bank, load_known_names, make_choices
from bot.trivia import bank as bank_module

T0 = dt.datetime(2026, 5, 1, 20, 0, tzinfo=dt.UTC)
GUILD, OTHER = 111, 222


def night_length(rounds: int, seconds: int) -> dt.timedelta:
    return dt.timedelta(seconds=rounds * (seconds + 10))


LENGTH = night_length


DATA = Path(__file__).resolve().parents[2] / "data"


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = Store(tmp_path / "trivia.sqlite3")
    await store.open()
    yield store
    await store.close()


async def start(store: Store, guild: int = GUILD, **overrides: object) -> NightRecord | None:
    options: dict[str, object] = {
        "rounds": 3,
        "seconds": 20,
        "show": None,
        "difficulty": None,
        "max_season": None,
        "hints": True,
        "at": T0,
    }
    options.update(overrides)
    return await store.trivia.start_night(guild, 5, 6, **options)  # type: ignore[arg-type]


async def test_asked_times_are_per_server_and_updated(store: Store) -> None:
    await store.trivia.mark_asked(GUILD, "q1", T0)
    await store.trivia.mark_asked(GUILD, "q1", T0 + dt.timedelta(hours=1))
    await store.trivia.mark_asked(OTHER, "q2", T0)
    assert await store.trivia.asked_times(GUILD) == {"q1": T0 + dt.timedelta(hours=1)}
    assert await store.trivia.asked_times(OTHER) == {"q2": T0}
    assert await store.db.fetch_value("SELECT times FROM trivia_asked WHERE question_key='q1'") == 2


async def test_leaderboard_ranks_ties_pages_and_own_rank(store: Store) -> None:
    # 12 players: points 12, 11, 11, 9, 8, ... so ranks 1, 2, 2, 4, 5, ...
    points = [12, 11, 11, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    for user, value in enumerate(points, start=1):
        await store.trivia.award(GUILD, user, value, T0, "q")
    await store.trivia.award(OTHER, 99, 50, T0, "q")  # another server: never counted here
    first = await store.trivia.leaderboard(GUILD, per_page=5, user_id=12)
    assert [(s.rank, s.user_id, s.points) for s in first.entries] == [
        (1, 1, 12),
        (2, 2, 11),
        (2, 3, 11),
        (4, 4, 9),
        (5, 5, 8),
    ]
    assert (first.page, first.pages, first.players) == (0, 3, 12)
    assert first.own is not None and (first.own.rank, first.own.points) == (12, 1)
    last = await store.trivia.leaderboard(GUILD, per_page=5, page=99)
    assert last.page == 2 and [s.user_id for s in last.entries] == [11, 12]
    assert (await store.trivia.leaderboard(GUILD, user_id=404)).own is None
    empty = await store.trivia.leaderboard(333)
    assert (empty.entries, empty.pages, empty.players) == ((), 1, 0)


async def test_leaderboard_since_and_per_night(store: Store) -> None:
    await store.trivia.award(GUILD, 1, 5, T0 - dt.timedelta(days=200), "old")
    await store.trivia.award(GUILD, 2, 1, T0, "new")
    season = await store.trivia.leaderboard(GUILD, since=T0 - dt.timedelta(days=30))
    assert [s.user_id for s in season.entries] == [2]
    night = await start(store)
    assert night is not None
    assert await store.trivia.open_round(
        GUILD, night.id, 1, question_key="q", question="{}", opened_at=T0
    )
    assert await store.trivia.close_round(
        GUILD, night.id, 1, winner_id=3, winner_ms=1200, points=2, players=4, at=T0
    )
    board = await store.trivia.leaderboard(GUILD, night_id=night.id)
    assert [(s.user_id, s.points) for s in board.entries] == [(3, 2)]
    everything = await store.trivia.leaderboard(GUILD)
    assert [(s.user_id, s.points) for s in everything.entries] == [(1, 5), (3, 2), (2, 1)]


async def test_one_running_night_per_server(store: Store) -> None:
    first = await start(store)
    assert first is not None and first.status == "running" and first.current_round == 0
    assert await start(store) is None
    assert await start(store, OTHER) is not None
    assert (await store.trivia.running_night(GUILD)) == first
    assert await store.trivia.night(OTHER, first.id) is None  # scoped by guild
    assert await store.trivia.finish_night(GUILD, first.id, T0, "completed")
    assert not await store.trivia.finish_night(GUILD, first.id, T0, "completed")
    assert await start(store) is not None
    latest = await store.trivia.latest_night(GUILD)
    assert latest is not None and latest.status == "running"


async def test_rounds_open_in_order_and_score_exactly_once(store: Store) -> None:
    night = await start(store)
    assert night is not None
    opened = await store.trivia.open_round(
        GUILD, night.id, 1, question_key="q1", question='{"k": 1}', opened_at=T0
    )
    assert opened
    assert not await store.trivia.open_round(
        GUILD, night.id, 3, question_key="q3", question="{}", opened_at=T0
    )  # out of order
    assert not await store.trivia.open_round(
        OTHER, night.id, 2, question_key="q2", question="{}", opened_at=T0
    )  # another server's night
    await store.trivia.set_round_message(GUILD, night.id, 1, 777, T0 + dt.timedelta(seconds=1))
    [round_] = await store.trivia.rounds(GUILD, night.id)
    assert (round_.message_id, round_.status, round_.question) == (777, "open", '{"k": 1}')
    assert (await store.trivia.open_round_of(GUILD, night.id)) == round_
    assert (await store.trivia.asked_times(GUILD)).keys() == {"q1"}

    async def close() -> bool:
        return await store.trivia.close_round(
            GUILD, night.id, 1, winner_id=42, winner_ms=900, points=3, players=2, at=T0
        )

    results = await asyncio.gather(close(), close(), close())
    assert sorted(results) == [False, False, True]
    assert await store.db.fetch_value("SELECT count(*) FROM trivia_points") == 1
    assert await store.trivia.open_round_of(GUILD, night.id) is None
    activity = await store.trivia.last_activity(GUILD, night.id)
    assert activity == T0 + dt.timedelta(seconds=1)


async def test_a_round_without_winner_scores_nothing(store: Store) -> None:
    night = await start(store)
    assert night is not None
    await store.trivia.open_round(GUILD, night.id, 1, question_key="q", question="{}", opened_at=T0)
    assert await store.trivia.close_round(
        GUILD, night.id, 1, winner_id=None, winner_ms=None, points=0, players=0, at=T0
    )
    assert await store.db.fetch_value("SELECT count(*) FROM trivia_points") == 0


async def test_planned_nights_start_exactly_once(store: Store) -> None:
    planned = await store.trivia.schedule_night(
        GUILD,
        5,
        6,
        starts_at=T0 + dt.timedelta(hours=2),
        rounds=5,
        seconds=30,
        show="fam",
        difficulty=None,
        max_season=2,
        hints=False,
        at=T0,
        length_of=LENGTH,
    )
    assert planned.status == "scheduled" and planned.show == "fam" and planned.max_season == 2
    await store.trivia.set_event(GUILD, planned.id, 9999)
    assert await store.trivia.due_nights_everywhere(T0) == []
    due = await store.trivia.due_nights_everywhere(T0 + dt.timedelta(hours=2))
    assert [n.id for n in due] == [planned.id] and due[0].event_id == 9999
    claims = await asyncio.gather(
        *(store.trivia.claim_scheduled(GUILD, planned.id, T0) for _ in range(5))
    )
    started = [c for c in claims if c is not None]
    assert len(started) == 1 and started[0].status == "running"
    assert await store.trivia.claim_scheduled(OTHER, planned.id, T0) is None
    assert await store.trivia.due_nights_everywhere(T0 + dt.timedelta(hours=3)) == []


async def test_a_planned_night_is_cancelled_when_another_is_running(store: Store) -> None:
    await start(store)
    planned = await store.trivia.schedule_night(
        GUILD, 5, 6, starts_at=T0, rounds=5, seconds=30, show=None, difficulty=None,
        max_season=None, hints=True, at=T0, length_of=LENGTH,
    )  # fmt: skip
    assert await store.trivia.claim_scheduled(GUILD, planned.id, T0) is None
    busy = await store.trivia.night(GUILD, planned.id)
    assert busy is not None and (busy.status, busy.end_reason) == ("cancelled", "busy")


async def test_cancel_scheduled_is_scoped_and_once(store: Store) -> None:
    planned = await store.trivia.schedule_night(
        GUILD, 5, 6, starts_at=T0, rounds=5, seconds=30, show=None, difficulty=None,
        max_season=None, hints=True, at=T0, length_of=LENGTH,
    )  # fmt: skip
    assert [n.id for n in await store.trivia.scheduled_nights(GUILD)] == [planned.id]
    assert not await store.trivia.cancel_scheduled(OTHER, planned.id, T0)
    assert await store.trivia.cancel_scheduled(GUILD, planned.id, T0)
    assert not await store.trivia.cancel_scheduled(GUILD, planned.id, T0)
    assert await store.trivia.scheduled_nights(GUILD) == []


async def test_running_nights_everywhere_lists_every_server(store: Store) -> None:
    a, b = await start(store), await start(store, OTHER)
    assert a is not None and b is not None
    assert [n.id for n in await store.trivia.running_nights_everywhere()] == [a.id, b.id]


# --------------------------------------------------------------------------------------
# The bank built from the shipped dataset
# --------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def shipped(store: Store) -> Store:
    await store.catalog.replace_base(load_dataset(DATA))
    return store


async def test_the_shipped_bank_has_curated_and_generated_questions(shipped: Store) -> None:
    bank = await load_bank(shipped, GUILD)
    curated = [q for q in bank.questions if not q.generated]
    years = [q for q in bank.questions if q.kind == "year" and q.generated]
    seasons = [q for q in bank.questions if q.kind == "season"]
    assert len(curated) >= 150 and len(years) >= 20 and len(seasons) >= 50
    assert len({q.key for q in bank.questions}) == len(bank.questions)
    for question in bank.questions:
        assert question.source and question.source != "no source recorded", question.key
        assert question.answers and question.difficulty in ("easy", "medium", "hard")


async def test_generated_questions_never_leak_their_answer(shipped: Store) -> None:
    bank = await load_bank(shipped, GUILD)
    for question in bank.questions:
        if not question.generated:
            continue
        if question.kind == "year":
            year = question.answer
            assert year not in question.prompt, question.prompt
            assert not re.search(rf"[-'’]{year[2:]}\b", question.prompt), question.prompt
            assert question.prompt.endswith("”") and (
                BLANK in question.prompt or "In what year" in question.prompt
            )
        else:
            assert not re.search(r"\bseason\b", question.prompt.split("?", 1)[1], re.I)


async def test_every_shipped_multiple_choice_has_exactly_one_right_option(shipped: Store) -> None:
    bank = await load_bank(shipped, GUILD)
    rng = random.Random(2026)
    offered = 0
    for question in bank.questions:
        made = make_choices(question, bank.pools, rng=rng)
        if made is None:
            continue
        offered += 1
        options, right = made
        assert len(set(options)) == 4, (question.key, options)
        correct = [i for i, o in enumerate(options) if check_answer(o, question.answers)]
        assert correct == [right], (question.key, options)
    assert offered >= 400


async def test_the_bank_is_cached_until_the_servers_facts_change(shipped: Store) -> None:
    first = await load_bank(shipped, GUILD)
    assert await load_bank(shipped, GUILD) is first  # built once
    assert await load_bank(shipped, OTHER) is first  # servers that changed nothing share it
    fact_key = next(q.origin for q in first.questions if q.generated and q.kind == "year")
    await shipped.edits.remove(
        GUILD, fact_key, Source(title="t", url="https://example.org"), actor=1, at=T0
    )
    removed = await load_bank(shipped, GUILD)
    assert fact_key not in {q.origin for q in removed.questions}
    assert await load_bank(shipped, OTHER) is first  # another server's edit changes nothing
    await shipped.edits.revert(GUILD, fact_key, actor=1, at=T0)
    back = await load_bank(shipped, GUILD)
    assert fact_key in {q.origin for q in back.questions}


async def test_concurrent_callers_share_one_build(
    shipped: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five callers find the cache cold at once: each may acknowledge first (before_build),
    one builds, and all five get that bank. Each caller waits in before_build until all five
    are there, so that "at once" holds whatever the machine's load: a caller whose stamp read
    came back after the build had finished (readers are pooled) rightly found the bank cached
    and never called before_build, which had failed `built == 5` under load."""
    builds = 0
    real_build = bank_module._build

    async def counted_build(store: Store, guild_id: int) -> Bank:
        nonlocal builds
        builds += 1
        return await real_build(store, guild_id)

    monkeypatch.setattr(bank_module, "_build", counted_build)
    callers = 5
    built = 0
    all_cold = asyncio.Event()

    async def count() -> None:
        nonlocal built
        built += 1
        if built == callers:
            all_cold.set()
        await all_cold.wait()  # no build starts before every caller saw the cache cold

    banks = await asyncio.wait_for(
        asyncio.gather(*(load_bank(shipped, GUILD, before_build=count) for _ in range(callers))),
        timeout=60,
    )
    assert all(bank is banks[0] for bank in banks)
    assert (built, builds) == (callers, 1)  # every caller could acknowledge first; one build
    assert await load_bank(shipped, GUILD, before_build=count) is banks[0]
    assert (built, builds) == (callers, 1)  # a warm cache never calls it, nor builds


async def test_known_names_are_the_servers_own_and_cached_with_its_bank(shipped: Store) -> None:
    """A server's own fact tags are names its trivia knows: there, a guess spelt like one
    of them is that name, not a typo of the answer; elsewhere it is still a typo."""
    shared = await load_known_names(shipped, GUILD)
    assert {"Margo Madison", "Marco Inaros", "Ed Baldwin", "Edward Baldwin"} <= set(shared.names)
    assert not check_answer("Marco", ["Margo Madison", "Margo"], shared)
    assert check_answer("Margo Madisson", ["Margo Madison", "Margo"], shared)
    fields = draft(
        show="expanse",
        kind="fact",
        text="Our server's fan fleet names its flagship Rosinante.",  # test data only
        tags=["Rosinante"],
        source_title="Server fan fleet",
        source_url="https://example.org/fleet",
    )
    state = require_valid(fields, await shipped.edits.rules())
    await shipped.edits.add(GUILD, state, actor=1, at=T0)
    ours, theirs = await load_known_names(shipped, GUILD), await load_known_names(shipped, OTHER)
    assert "Rosinante" in ours.names and "Rosinante" not in theirs.names
    assert not check_answer("Rosinante", ["Rocinante", "Roci"], ours)
    assert check_answer("Rosinante", ["Rocinante", "Roci"], theirs)
    assert await load_known_names(shipped, GUILD) is ours  # built once, with the bank


async def test_a_night_overlapping_a_planned_one_is_refused_and_nothing_is_written(
    store: Store,
) -> None:
    plan = dict(rounds=5, seconds=30, show=None, difficulty=None, max_season=None, hints=True)
    first = await store.trivia.schedule_night(
        GUILD, 5, 6, starts_at=T0 + dt.timedelta(hours=1), at=T0, length_of=LENGTH, **plan
    )
    for minutes in (60, 58, 62):  # the same time, just before it, while it runs (200 s)
        with pytest.raises(NightClash) as clash:
            await store.trivia.schedule_night(
                GUILD, 7, 6, starts_at=T0 + dt.timedelta(minutes=minutes), at=T0,
                length_of=LENGTH, **plan,
            )  # fmt: skip
        assert clash.value.other.id == first.id
    assert len(await store.trivia.scheduled_nights(GUILD)) == 1
    later = await store.trivia.schedule_night(
        GUILD, 7, 6, starts_at=T0 + dt.timedelta(hours=2), at=T0, length_of=LENGTH, **plan
    )  # after it ends; and another server is never in the way
    other = await store.trivia.schedule_night(
        OTHER, 7, 6, starts_at=T0 + dt.timedelta(hours=1), at=T0, length_of=LENGTH, **plan
    )
    assert later.status == other.status == "scheduled"
