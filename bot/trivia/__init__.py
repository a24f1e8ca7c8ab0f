"""Trivia: plain Python (no discord import), so that it can be tested and benchmarked
directly. One module per part:

- `questions`: what a question is, the kind of answer it expects, and the questions
  generated from dated facts, each carrying the source of its answer;
- `choices`: three plausible wrong options of the same kind as the answer;
- `hints`: a hint that narrows the answer without giving it;
- `appearances`: where names are first seen, and how far a question's reader has seen;
- `genders`: a person's gender where the facts' wording states it, and a question's;
- `names`: the names trivia knows, for fair judging;
- `judging`: `RoundJudge`, which picks the first correct guess by Discord's own clock;
- `nights`: `NightPlan`, which says what is due at a given moment, and scheduling;
- `bank`: the question bank, built from the store and cached per store;
- `leaderboard`: the trivia season (a calendar quarter).

The names the cogs, tests and benchmarks use are re-exported here.
"""

from bot.trivia.bank import (
    Bank,
    before_progress,
    before_window,
    build_bank,
    filter_bank,
    in_window,
    load_bank,
    load_known_names,
    night_questions,
    pick_question,
)
from bot.trivia.choices import CHOICE_KINDS, choice_pools, make_choices
from bot.trivia.hints import hint_for
from bot.trivia.judging import (
    DISCORD_EPOCH_MS,
    GRACE_SECONDS,
    RoundJudge,
    RoundOutcome,
    Verdict,
    snowflake_ms,
)
from bot.trivia.leaderboard import quarter_label, quarter_start
from bot.trivia.nights import (
    PAUSE_SECONDS,
    STALE_NIGHT,
    NightConfig,
    NightPlan,
    Step,
    estimated_length,
    parse_when,
)
from bot.trivia.questions import BLANK, TriviaQuestion, classify, season_question, year_question

__all__ = [
    "BLANK",
    "CHOICE_KINDS",
    "DISCORD_EPOCH_MS",
    "GRACE_SECONDS",
    "PAUSE_SECONDS",
    "STALE_NIGHT",
    "Bank",
    "NightConfig",
    "NightPlan",
    "RoundJudge",
    "RoundOutcome",
    "Step",
    "TriviaQuestion",
    "Verdict",
    "before_progress",
    "before_window",
    "build_bank",
    "choice_pools",
    "classify",
    "estimated_length",
    "filter_bank",
    "hint_for",
    "in_window",
    "load_bank",
    "load_known_names",
    "make_choices",
    "night_questions",
    "parse_when",
    "pick_question",
    "quarter_label",
    "quarter_start",
    "season_question",
    "snowflake_ms",
    "year_question",
]
