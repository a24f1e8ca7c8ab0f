"""A night of rounds: its settings, `NightPlan` (a small state machine that says what is
due at a given moment: a question, a hint, the end of a round, the end of the night), and
when a scheduled night starts."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from bot.errors import UserFacingError
from bot.shows import SHOW_CODES, SHOW_TITLES
from bot.text import quoted
from bot.timezones import ZONE_QUESTION, on_wall_clock, zone_of
from bot.trivia.judging import GRACE_SECONDS, RoundJudge, RoundOutcome
from bot.trivia.questions import DIFFICULTIES

ROUNDS_RANGE = (1, 30)
SECONDS_RANGE = (10, 120)
PAUSE_SECONDS = 6.0  # between the reveal and the next question
STALE_NIGHT = dt.timedelta(hours=2)  # a night idle this long is ended, not resumed


@dataclass(frozen=True, slots=True)
class NightConfig:
    rounds: int = 10
    seconds: int = 30
    show: str | None = None
    difficulty: str | None = None
    max_season: int | None = None
    hints: bool = True

    def validate(self) -> NightConfig:
        if not ROUNDS_RANGE[0] <= self.rounds <= ROUNDS_RANGE[1]:
            raise UserFacingError(f"A night has {ROUNDS_RANGE[0]} to {ROUNDS_RANGE[1]} rounds.")
        if not SECONDS_RANGE[0] <= self.seconds <= SECONDS_RANGE[1]:
            raise UserFacingError(
                f"Each question runs {SECONDS_RANGE[0]} to {SECONDS_RANGE[1]} seconds."
            )
        if self.show is not None and self.show not in SHOW_CODES:
            raise UserFacingError(f"Pick a show: {', '.join(SHOW_CODES)} or any.")
        if self.difficulty is not None and self.difficulty not in DIFFICULTIES:
            raise UserFacingError("Pick a difficulty: easy, medium, hard or any.")
        if self.max_season is not None and not 1 <= self.max_season <= 20:
            raise UserFacingError("max_season is a season number, 1 or more.")
        return self

    def describe(self) -> str:
        show = SHOW_TITLES.get(self.show, "all shows") if self.show else "all shows"
        parts = [
            f"{self.rounds} round{'s' if self.rounds != 1 else ''}",
            f"{self.seconds} s per question",
            show,
            self.difficulty or "any difficulty",
        ]
        if self.max_season is not None:
            parts.append(f"up to season {self.max_season}")
        if not self.hints:
            parts.append("no hints")
        return " · ".join(parts)


class Step(enum.StrEnum):
    ASK = "ask"  # post the next question
    HINT = "hint"
    CLOSE = "close"  # reveal the answer, score the round
    FINISH = "finish"  # post the final scores


@dataclass
class NightPlan:
    """What a running night should do next, from the bot's clock alone.

    The cog executes the step (posting, storing) and reports back with `asked`, `hinted`
    and `closed`; `due(now)` is idempotent, so a tick that finds nothing due does nothing.
    """

    config: NightConfig
    round_number: int = 0  # the current (or last) round
    judge: RoundJudge | None = None  # set while a round is open
    opened_at: dt.datetime | None = None  # bot's clock
    hinted: bool = False
    next_ask_at: dt.datetime | None = None  # after a reveal
    finished: bool = False
    asked_keys: set[str] = field(default_factory=set)

    @property
    def deadline(self) -> dt.datetime | None:
        if self.opened_at is None:
            return None
        return self.opened_at + dt.timedelta(seconds=self.config.seconds)

    def due(self, now: dt.datetime) -> Step | None:
        if self.finished:
            return None
        if self.judge is None:
            if self.round_number >= self.config.rounds:
                return Step.FINISH
            if self.next_ask_at is None or now >= self.next_ask_at:
                return Step.ASK
            return None
        decided = self.judge.decided_at()
        deadline, opened = self.deadline, self.opened_at
        assert deadline is not None and opened is not None
        if decided is not None and now >= decided:
            return Step.CLOSE
        if decided is None and now >= deadline:
            return Step.CLOSE
        half = opened + (deadline - opened) / 2
        if self.config.hints and not self.hinted and now >= half:
            return Step.HINT
        return None

    def wake_at(self) -> dt.datetime | None:
        """The next moment something may become due (None: only an event can change it)."""
        if self.finished:
            return None
        if self.judge is None:
            return self.next_ask_at
        decided = self.judge.decided_at()
        if decided is not None:
            return decided
        assert self.opened_at is not None and self.deadline is not None
        if self.config.hints and not self.hinted:
            return self.opened_at + (self.deadline - self.opened_at) / 2
        return self.deadline

    def asked(self, number: int, judge: RoundJudge, now: dt.datetime) -> None:
        self.round_number = number
        self.judge = judge
        self.opened_at = now
        self.hinted = False
        self.next_ask_at = None
        self.asked_keys.add(judge.question.key)

    def hinted_now(self) -> None:
        self.hinted = True

    def closed(self, now: dt.datetime) -> RoundOutcome:
        assert self.judge is not None
        outcome = self.judge.outcome()
        self.judge = None
        self.opened_at = None
        self.next_ask_at = now + dt.timedelta(seconds=PAUSE_SECONDS)
        return outcome

    def skip_pause(self) -> None:
        self.next_ask_at = None


_IN = re.compile(
    r"^(?:in\s+)?(?P<n>\d{1,4})\s*(?P<unit>m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$"
)
_DISCORD_TIMESTAMP = re.compile(r"^<t:(?P<ts>-?\d{1,12})(?::[tTdDfFR])?>$")
_CLOCK_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?P<utc>\s*utc)?$")
MAX_SCHEDULE_AHEAD = dt.timedelta(days=90)
MIN_SCHEDULE_AHEAD = dt.timedelta(minutes=1)
SCHEDULE_RANGE = "Nights can be planned from a minute to 90 days ahead."


def parse_when(text: str, now: dt.datetime, zone: str | None = None) -> dt.datetime:
    """When a scheduled night starts, from what a moderator types.

    Accepted: "in 2 hours", "90m", "3d"; a Discord timestamp "<t:1767225600:F>"; a date and
    time "2026-06-01 20:00" or a time of day "20:00" (today or tomorrow) on the wall clock
    of `zone`, unless it says "UTC" or carries an offset ("…+02:00"). A wall-clock time with
    no zone given asks for one, as /schedule add does. Raises UserFacingError otherwise.
    """
    raw = " ".join(text.strip().lower().split())
    when: dt.datetime | None = None
    if match := _IN.match(raw):
        n, unit = int(match["n"]), match["unit"][0]
        delta = {
            "m": dt.timedelta(minutes=n),
            "h": dt.timedelta(hours=n),
            "d": dt.timedelta(days=n),
        }
        when = now + delta[unit]
    elif match := _DISCORD_TIMESTAMP.match(text.strip()):
        try:
            when = dt.datetime.fromtimestamp(int(match["ts"]), dt.UTC)
        except (OverflowError, OSError, ValueError):  # beyond years 1 to 9999
            raise UserFacingError(f"{quoted(text)} is out of range. {SCHEDULE_RANGE}") from None
    elif match := _CLOCK_TIME.match(raw):
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise UserFacingError(f"{quoted(text)} is not a time of day.")
        tz = dt.UTC if match["utc"] else _wall_clock_zone(zone)
        day = now.astimezone(tz).date()
        when = on_wall_clock(
            dt.datetime.combine(day, dt.time(hour, minute)), tz, text, SCHEDULE_RANGE
        )
        if when <= now:
            tomorrow = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(hour, minute))
            when = on_wall_clock(tomorrow, tz, text, SCHEDULE_RANGE)
    else:
        explicit_utc = raw.endswith(" utc")
        try:
            parsed = dt.datetime.fromisoformat(raw.replace(" utc", "").upper().replace(" ", "T"))
        except ValueError:
            raise UserFacingError(
                f"I could not read {quoted(text)} as a time. Try `in 2 hours`, `20:00`, "
                "`2026-06-01 20:00` (in your time zone, or add `UTC` or an offset like "
                "`+02:00`) or a Discord timestamp such as `<t:1767225600:F>`."
            ) from None
        if parsed.tzinfo is not None:
            when = parsed
        else:
            tz = dt.UTC if explicit_utc else _wall_clock_zone(zone)
            when = on_wall_clock(parsed, tz, text, SCHEDULE_RANGE)
    try:
        when = when.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # 0001-01-01 00:00+14:00 is before year 1 in UTC
        raise UserFacingError(f"{quoted(text)} is out of range. {SCHEDULE_RANGE}") from None
    if when < now + MIN_SCHEDULE_AHEAD:
        raise UserFacingError("That time has passed (or is under a minute away); pick a later one.")
    if when > now + MAX_SCHEDULE_AHEAD:
        raise UserFacingError(SCHEDULE_RANGE)
    return when


def _wall_clock_zone(zone: str | None) -> dt.tzinfo:
    if not zone:
        raise UserFacingError(ZONE_QUESTION)
    return zone_of(zone)


def estimated_length(config: NightConfig) -> dt.timedelta:
    """How long a night takes at most: every question runs out, then the pause."""
    per_round = config.seconds + GRACE_SECONDS + PAUSE_SECONDS
    return dt.timedelta(seconds=config.rounds * per_round + 60)
