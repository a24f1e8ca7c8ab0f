"""How trivia looks in Discord: embeds and short texts, within Discord's limits by construction."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import discord

from bot.shows import EXPANSE, FAM
from bot.spoilers import wrap
from bot.store.trivia import Leaderboard, Standing
from bot.trivia import RoundOutcome, TriviaQuestion, Verdict
from cogs._ui import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    NEUTRAL_COLOUR,
    UNIVERSE_COLOURS,
    clip,
    safe,
    show_label,
)

LETTERS = "ABCD"
# discord.py only applies the bot's allowed_mentions to an edit that changes the content,
# so edits that only swap an embed or a view say it explicitly.
NO_PINGS = discord.AllowedMentions.none()


def colour(question: TriviaQuestion) -> discord.Colour:
    return UNIVERSE_COLOURS.get(EXPANSE if question.show == EXPANSE else FAM, NEUTRAL_COLOUR)


def points_label(points: int) -> str:
    return f"{points} point{'s' if points != 1 else ''}"


#: An embed's title cannot show spoiler tags: what a spoiled question's title says instead.
SPOILER_NOTE = "⚠️ spoiler"


def source_line(question: TriviaQuestion, *, spoiler: bool = False) -> str:
    """The answer's source (a page title can tell the event: behind the tag when spoiled)."""
    source = safe(question.source)
    if question.source_url:
        source = f"{source}\n<{question.source_url}>"
    return f"**Source:** {wrap(source) if spoiler else source}"


def question_embed(
    question: TriviaQuestion,
    *,
    title: str,
    options: Sequence[str] | None = None,
    footer: str = "",
    spoiler: bool = False,
) -> discord.Embed:
    """`spoiler`: the question lies in the server's spoiler window (a night whose host opted
    in with max_season): its text behind a spoiler tag, as a fact in the window is."""
    prompt = clip(safe(question.prompt), EMBED_DESCRIPTION_LIMIT // 2)
    lines = [wrap(prompt) if spoiler else prompt]
    if options:
        lines.append("")
        lines.extend(f"**{LETTERS[i]}.** {safe(o)}" for i, o in enumerate(options))
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=colour(question),
    )
    meta = f"{show_label(question.show)} · {question.difficulty} · {points_label(question.points)}"
    embed.set_footer(text=clip(f"{meta}{' · ' + footer if footer else ''}", EMBED_FOOTER_LIMIT))
    return embed


def quick_result_embed(
    question: TriviaQuestion,
    *,
    verdict: str,
    given: str | None,
    options: Sequence[str] | None = None,
) -> discord.Embed:
    """The quick-trivia question after it was answered (or ran out of time)."""
    headline = {
        "right": f"✅ Right! +{points_label(question.points)} on this server's board.",
        "wrong": "❌ Not quite.",
        "timeout": "⏱️ Time's up.",
    }[verdict]
    lines = [safe(question.prompt), ""]
    if options:
        lines.extend(f"**{LETTERS[i]}.** {safe(o)}" for i, o in enumerate(options))
        lines.append("")
    if given is not None and verdict == "wrong":
        lines.append(f"You answered: {safe(clip(given, 200))}")
    lines.append(f"**Answer:** {safe(question.answer)}")
    lines.append(source_line(question))
    embed = discord.Embed(
        title=clip(headline, EMBED_TITLE_LIMIT),
        description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=colour(question),
    )
    embed.set_footer(text=f"{show_label(question.show)} · {question.difficulty}")
    return embed


def seconds_label(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


def reveal_embed(
    question: TriviaQuestion,
    number: int,
    rounds: int,
    outcome: RoundOutcome | None,
    *,
    spoiler: bool = False,
) -> discord.Embed:
    """A round's answer and winner; `spoiler` (see question_embed): the answer and its
    source behind spoiler tags, and a title that does not name it."""
    lines = []
    title = f"Round {number}/{rounds}: the answer was {question.answer}"
    if spoiler:
        title = f"Round {number}/{rounds}: the answer ({SPOILER_NOTE})"
        lines += [f"**Answer:** {wrap(safe(question.answer))}", ""]
    if outcome is None:
        lines.append("Skipped by the host: no points this round.")
    elif outcome.winner is not None and outcome.winner_ms is not None:
        others = len(outcome.correct) - 1
        lines.append(
            f"🏆 <@{outcome.winner.user_id}> got it first, {seconds_label(outcome.winner_ms)} "
            f"after the question (+{points_label(question.points)})."
        )
        if others:
            lines.append(f"{others} more player{'s' if others != 1 else ''} also got it right.")
    else:
        lines.append("Nobody got it this time.")
    lines.append("")
    lines.append(source_line(question, spoiler=spoiler))
    return discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=colour(question),
    )


def standing_line(standing: Standing) -> str:
    return f"**{standing.rank}.** <@{standing.user_id}> — {points_label(standing.points)}"


def standings_embed(
    title: str, board: Leaderboard, *, empty: str, footer: str = ""
) -> discord.Embed:
    lines = [standing_line(s) for s in board.entries]
    description = "\n".join(lines) if lines else empty
    embed = discord.Embed(
        title=clip(title, EMBED_TITLE_LIMIT),
        description=clip(description, EMBED_DESCRIPTION_LIMIT),
        colour=NEUTRAL_COLOUR,
    )
    parts = []
    if board.pages > 1:
        parts.append(f"Page {board.page + 1}/{board.pages}")
    if board.players:
        parts.append(f"{board.players} player{'s' if board.players != 1 else ''}")
    if footer:
        parts.append(footer)
    if parts:
        embed.set_footer(text=clip(" · ".join(parts), EMBED_FOOTER_LIMIT))
    return embed


RESULTS_CARD_NAME = "trivia-night-results.png"
RESULTS_CARD_ALT = "Trivia night results card: the podium, every score and the fastest answer"
CARD_NAME_LIMIT = 64  # Discord display names are at most 32 characters


def card_name(display_name: str) -> str:
    """A member's display name as drawn on the results card: mention syntax defused, so a
    name can never read as a ping (the renderer drops control characters itself)."""
    return discord.utils.escape_mentions(display_name.strip())[:CARD_NAME_LIMIT]


def results_card_file(data: bytes) -> discord.File:
    """The rendered results card as the attachment of the final results message."""
    return discord.File(io.BytesIO(data), filename=RESULTS_CARD_NAME, description=RESULTS_CARD_ALT)


def own_rank_line(board: Leaderboard) -> str:
    if board.own is None:
        return "You have no points here yet."
    return f"You: #{board.own.rank} with {points_label(board.own.points)}"


def discord_time(moment: dt.datetime, style: str = "F") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


VERDICT_TEXT = {
    Verdict.CORRECT: "✅ Right! The winner is revealed when the round ends.",
    Verdict.WRONG: "❌ Not that one. You can try again.",
    Verdict.SEVERAL: "🤔 One answer at a time: a list of guesses never counts.",
    Verdict.ALREADY_RIGHT: "You already have this one right.",
    Verdict.RATE_LIMITED: "Slow down: that guess was not counted.",
    Verdict.EARLY: "That round had not started yet.",
    Verdict.LATE: "Too late: time had run out for this round.",
    Verdict.CLOSED: "This round is already over.",
    Verdict.IGNORED: "That did not look like an answer.",
}
