"""`parallax try`'s reading of lines and drawing of messages, as plain functions."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import zoneinfo
from pathlib import Path

import pytest

from parallax.tryout import Look, TryError, markdown, parse_command, parse_duration, timestamp
from parallax.tryout.console import _LazyFileHandler, colors_wanted
from parallax.tryout.parse import parse_form
from parallax.tryout.render import ANSI_DIM, Drawer, relative
from parallax.tryout.screen import collapse

NOW = dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("line", "head", "options"),
    [
        ("/about", "about", {}),
        ("/timeline year:1969 search:Happy Valley", "timeline", {"year": "1969", "search": "Happy Valley"}),
        ('/schedule add title:Watch party start:"2026-12-05 20:00"', "schedule add",
         {"title": "Watch party", "start": "2026-12-05 20:00"}),
        ('/canon claim:"Holden says: no"', "canon", {"claim": "Holden says: no"}),
        ("/fact add source_url:https://example.org/a:b tags:Mars", "fact add",
         {"source_url": "https://example.org/a:b", "tags": "Mars"}),
        ('/canon claim:"a \\"quoted\\" word"', "canon", {"claim": 'a "quoted" word'}),
        ("/canon claim:“curly quotes”", "canon", {"claim": "curly quotes"}),
        ("/fact   add   show:fam", "fact add", {"show": "fam"}),
    ],
)  # fmt: skip
def test_slash_lines(line: str, head: str, options: dict[str, str]) -> None:
    parsed = parse_command(line)
    assert (parsed.head, parsed.options) == (head, options)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("timeline", "Write the command"),
        ("/", "Name a command"),
        ('/canon claim:"open', "not closed"),
        ("/timeline year:1 year:2", "given twice"),
    ],
)
def test_slash_lines_refused(line: str, message: str) -> None:
    with pytest.raises(TryError, match=message):
        parse_command(line)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("2h", 7200), ("3d", 259200), ("1h30m", 5400), ("2 hours", 7200),
     ("1h and 5m", 3900), ("1w", 604800)],
)  # fmt: skip
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "soon", "5", "-5m", "5y", "0s", "367d"])
def test_durations_refused(text: str) -> None:
    with pytest.raises(TryError):
        parse_duration(text)


def test_form_lines() -> None:
    assert parse_form("Fact text=The Moon | When=1969") == [
        ("Fact text", "The Moon"),
        ("When", "1969"),
    ]
    assert parse_form(r"Answer=a \| b\nc") == [("Answer", "a | b\nc")]
    with pytest.raises(TryError):
        parse_form("just words")


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (NOW + dt.timedelta(seconds=10), "in a few seconds"),
        (NOW + dt.timedelta(minutes=1), "in a minute"),
        (NOW + dt.timedelta(minutes=30), "in 30 minutes"),
        (NOW + dt.timedelta(hours=1), "in an hour"),
        (NOW + dt.timedelta(hours=2), "in 2 hours"),
        (NOW - dt.timedelta(days=3), "3 days ago"),
        (NOW + dt.timedelta(days=40), "in a month"),
        (NOW + dt.timedelta(days=90), "in 3 months"),
        (NOW - dt.timedelta(days=800), "2 years ago"),
    ],
)
def test_relative_times_read_like_discord(moment: dt.datetime, words: str) -> None:
    assert relative(moment, NOW) == words


def test_timestamps_in_the_reader_zone() -> None:
    look = Look(zone=zoneinfo.ZoneInfo("Europe/Berlin"), now=lambda: NOW)
    seconds = int(dt.datetime(2026, 12, 5, 19, 0, tzinfo=dt.UTC).timestamp())
    assert timestamp(seconds, "F", look) == "Saturday, December 5, 2026 8:00 PM"
    assert timestamp(seconds, "f", look) == "December 5, 2026 8:00 PM"
    assert timestamp(seconds, "D", look) == "December 5, 2026"
    assert timestamp(seconds, "d", look) == "12/05/2026"
    assert timestamp(seconds, "t", look) == "8:00 PM"
    assert timestamp(seconds, "R", look) == "in 11 days"
    text = markdown(f"Starts <t:{seconds}:F> (<t:{seconds}:R>)", look).text
    assert text == "Starts Saturday, December 5, 2026 8:00 PM (in 11 days)"


def test_markdown_as_a_terminal_shows_it() -> None:
    names = Look(user_name=lambda i: "naomi" if i == 7 else None, role_name=lambda i: "Crew")
    rendered = markdown("**Bold** and [the wiki](https://example.org/w) for <@7> and <@&9>", names)
    assert rendered.text == "Bold and the wiki (https://example.org/w) for @naomi and @Crew"
    covered = markdown("The killer is ||Sakai||.", Look())
    assert covered.spoilers and "Sakai" not in covered.text and "░" in covered.text
    assert markdown("The killer is ||Sakai||.", Look(), reveal=True).text == "The killer is Sakai."
    assert markdown("-# ref: abc", Look()).text == "ref: abc"
    assert markdown("-# ref: abc", Look(color=True)).text == f"{ANSI_DIM}ref: abc\x1b[0m"
    assert markdown("`**code**` stays", Look()).text == "**code** stays"
    assert markdown(r"5 \* 3 = 15, a_b_c", Look()).text == "5 * 3 = 15, a_b_c"


def test_components_as_text() -> None:
    drawer = Drawer(Look(), attachment_path=lambda a: f"saved/{a['filename']}")
    buttons = [
        {"type": 2, "label": "Previous", "custom_id": "p", "disabled": True},
        {"type": 2, "label": "Next", "custom_id": "n"},
        {"type": 2, "label": "Wiki", "url": "https://example.org", "style": 5},
    ]
    menu = {"type": 3, "custom_id": "m", "placeholder": "Difficulty"}
    menu["options"] = [{"label": "Easy", "value": "e"}, {"label": "Hard", "value": "h"}]
    lines = drawer.message(
        {
            "content": "",
            "embeds": [{"title": "T", "image": {"url": "attachment://t.png"}}],
            "attachments": [{"id": "1", "filename": "t.png", "size": 2048}],
            "components": [
                {"type": 1, "components": buttons},
                {"type": 1, "components": [menu]},
            ],
        }
    )
    assert lines == [
        "┌ T",
        "│ [picture: saved/t.png]",
        "└",
        "📎 saved/t.png (2 KB)",
        "[~Previous~] [Next] [Wiki ↗ https://example.org]",
        "▾ Difficulty: Easy · Hard",
    ]


def test_an_edit_folds_what_did_not_change() -> None:
    before = ["┌ Trivia", "│ Q?", "│ A. one", "│ B. two", "│ C. three", "└ footer", "[A] [B]"]
    after = [
        "┌ ✅ Right!",
        "│ Q?",
        "│ A. one",
        "│ B. two",
        "│ C. three",
        "│ Answer: one",
        "└ footer",
    ]
    assert collapse(before, after, Look()) == [
        "┌ ✅ Right!",
        "│ ⋯ 4 lines as before",
        "│ Answer: one",
        "└ footer",
    ]


def test_the_session_log_is_written_and_counts_errors(tmp_path: Path) -> None:
    """The log file is made on the first record (it once failed to open: its error counter
    was named `errors`, which FileHandler passes to open() as the encoding error mode)."""
    path = tmp_path / "logs" / "session.log"
    handler = _LazyFileHandler(path)
    logger = logging.getLogger("tests.tryout.lazy")
    logger.addHandler(handler)
    try:
        assert not path.exists()
        logger.warning("a warning")
        logger.error("an error")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert path.read_text(encoding="utf-8").splitlines() == ["a warning", "an error"]
    assert handler.error_count == 1


def test_colours_follow_the_no_color_convention(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, colours unless NO_COLOR is set (no-color.org) or TERM is dumb."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert colors_wanted({"TERM": "xterm-256color"})
    assert not colors_wanted({"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert not colors_wanted({"TERM": "dumb"})
    assert colors_wanted({"NO_COLOR": ""})  # set but empty: no request
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not colors_wanted({})
