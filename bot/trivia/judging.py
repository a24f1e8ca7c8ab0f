"""Judging a round fairly: `RoundJudge` collects a round's guesses and picks the first
correct one by Discord's own clock (the snowflake), not by the order the bot happened to
read them."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from bot.answers import KnownNames, looks_like_several_guesses
from bot.text import has_visible_character
from bot.trivia.questions import TriviaQuestion

GRACE_SECONDS = 1.5  # answers that reach us late but were sent earlier still win
MAX_GUESS_LENGTH = 200  # longer messages are chatter, never judged
GUESSES_PER_ROUND = 6  # per player
MIN_GAP_MS = 750  # per player, between two judged guesses (Discord time)
DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_ms(snowflake: int) -> int:
    """The Unix time in milliseconds at which Discord created `snowflake`."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


class Verdict(enum.StrEnum):
    CORRECT = "correct"
    WRONG = "wrong"
    SEVERAL = "several"  # a hedge between answers ("Ceres or Eros"): never scores
    ALREADY_RIGHT = "already_right"  # this player is already right; nothing more to judge
    RATE_LIMITED = "rate_limited"  # too many guesses, or too fast
    EARLY = "early"  # sent before the question was posted
    LATE = "late"  # sent after the round's time ran out (by Discord's clock)
    CLOSED = "closed"  # arrived after the round was decided
    IGNORED = "ignored"  # nothing visible (blank, zero-width) or far too long to be an answer


@dataclass(frozen=True, slots=True)
class Correct:
    user_id: int
    snowflake: int
    received_at: dt.datetime
    via: str


@dataclass(slots=True)
class _Player:
    guesses: int = 0
    last_ms: int = -(10**15)
    right: bool = False


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    winner: Correct | None
    winner_ms: int | None  # from the question to the winning guess, by Discord's clock
    correct: tuple[Correct, ...]  # every correct guess, earliest first
    players: int  # how many people guessed at all
    guesses: int  # judged guesses


class RoundJudge:
    """One round's guesses. `submit` is O(1) for refused guesses and caches verdicts per
    text, so a thousand players (or one spammer) cost about the same per message.

    Fairness: the winner is the correct guess with the smallest snowflake (Discord's time
    of sending), not the first one we read. The round is decided `grace` seconds after the
    first correct guess reached us (by the bot's clock), so a guess sent earlier but
    delivered a little later still wins.

    The judge exists before the question is posted (so that no answer arriving while the
    post completes is lost); `open(message_id)` then fixes the start, and any guess sent
    before the question existed is dropped.
    """

    __slots__ = (
        "_cache",
        "_players",
        "closed",
        "correct",
        "deadline_ms",
        "first_correct_at",
        "grace",
        "guesses",
        "known",
        "max_guesses",
        "max_length",
        "min_gap_ms",
        "opened_id",
        "opened_ms",
        "question",
        "seconds",
    )

    def __init__(
        self,
        question: TriviaQuestion,
        *,
        seconds: float,
        opened_id: int | None = None,
        grace: float = GRACE_SECONDS,
        max_guesses: int = GUESSES_PER_ROUND,
        min_gap_ms: int = MIN_GAP_MS,
        max_length: int = MAX_GUESS_LENGTH,
        known: KnownNames | None = None,
    ) -> None:
        self.question = question
        self.known = known
        self.seconds = seconds
        self.opened_id = 0
        self.opened_ms = 0
        self.deadline_ms = 2**63  # no limit until the question is posted
        self.grace = dt.timedelta(seconds=grace)
        self.max_guesses = max_guesses
        self.min_gap_ms = min_gap_ms
        self.max_length = max_length
        self.correct: list[Correct] = []
        self.first_correct_at: dt.datetime | None = None
        self.guesses = 0
        self.closed = False
        self._players: dict[int, _Player] = {}
        self._cache: dict[str, bool] = {}
        if opened_id is not None:
            self.open(opened_id)

    @property
    def players(self) -> int:
        return len(self._players)

    @property
    def is_open(self) -> bool:
        return self.opened_id != 0

    def open(self, opened_id: int) -> None:
        """The question is posted as message `opened_id`: time runs from its snowflake."""
        self.opened_id = opened_id
        self.opened_ms = snowflake_ms(opened_id)
        self.deadline_ms = self.opened_ms + int(self.seconds * 1000)
        early = [c for c in self.correct if c.snowflake <= opened_id]
        if not early:
            return
        for guess in early:
            self._players[guess.user_id].right = False
        self.correct = [c for c in self.correct if c.snowflake > opened_id]
        self.first_correct_at = min((c.received_at for c in self.correct), default=None)

    def reopen(self, message_id: int) -> None:
        """The question is asked again (after a restart) as `message_id`: guesses still
        count from the first posting, and the time runs again from this one."""
        self.deadline_ms = snowflake_ms(message_id) + int(self.seconds * 1000)

    def submit(
        self,
        user_id: int,
        snowflake: int,
        text: str,
        received_at: dt.datetime,
        *,
        via: str = "chat",
    ) -> Verdict:
        """Judge one guess. Refusals are decided before any text is examined."""
        if self.closed:
            return Verdict.CLOSED
        if snowflake <= self.opened_id:
            return Verdict.EARLY
        sent_ms = snowflake_ms(snowflake)
        if sent_ms > self.deadline_ms:
            return Verdict.LATE
        if len(text) > self.max_length or not has_visible_character(text):
            return Verdict.IGNORED
        player = self._players.get(user_id)
        if player is None:
            player = self._players[user_id] = _Player()
        if player.right:
            return Verdict.ALREADY_RIGHT
        if player.guesses >= self.max_guesses or abs(sent_ms - player.last_ms) < self.min_gap_ms:
            return Verdict.RATE_LIMITED
        player.guesses += 1
        player.last_ms = sent_ms
        self.guesses += 1
        key = text.strip().casefold()
        right = self._cache.get(key)
        if right is None:
            right = self._cache[key] = self.question.is_correct(text, self.known)
        if not right:
            return Verdict.SEVERAL if looks_like_several_guesses(text) else Verdict.WRONG
        player.right = True
        self.correct.append(Correct(user_id, snowflake, received_at, via))
        if self.first_correct_at is None:
            self.first_correct_at = received_at
        return Verdict.CORRECT

    def decided_at(self) -> dt.datetime | None:
        """When the round can be decided: the grace window after the first correct guess."""
        return None if self.first_correct_at is None else self.first_correct_at + self.grace

    def outcome(self) -> RoundOutcome:
        """Close the round and name the winner: the earliest correct guess by snowflake."""
        self.closed = True
        ordered = tuple(sorted(self.correct, key=lambda c: c.snowflake))
        winner = ordered[0] if ordered else None
        winner_ms = snowflake_ms(winner.snowflake) - self.opened_ms if winner else None
        return RoundOutcome(winner, winner_ms, ordered, self.players, self.guesses)
