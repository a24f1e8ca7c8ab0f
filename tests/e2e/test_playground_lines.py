"""Whatever a newcomer types into `parallax try`, the answer is a line, never a traceback.

A table of odd lines (each refused in one short line that says what is allowed, as
Discord's client would refuse it), then lines drawn by hypothesis: commands with odd
options, the session's own words with odd arguments, and plain noise, all on one session.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from parallax.tryout import Look, Session, SessionOptions
from tests.conftest import START

OUR_FAULT = ("Traceback", "could not be run", "Something went wrong on our side")


class Played:
    def __init__(self, session: Session, out: list[str]) -> None:
        self.session = session
        self.out = out

    async def line(self, text: str) -> tuple[bool, list[str]]:
        before = len(self.out)
        ok = await self.session.run_line(text)
        said = self.out[before:]
        for entry in said:
            assert not any(mark in entry for mark in OUR_FAULT), (text, entry)
        return ok, said


@pytest_asyncio.fixture
async def played(template_database: Path, tmp_path: Path) -> AsyncIterator[Played]:
    database = tmp_path / "parallax.sqlite3"
    shutil.copy(template_database, database)
    out: list[str] = []
    session = Session(
        Settings(token="", database_path=database),
        SessionOptions(database=database, files=tmp_path / "files", start=START, seed=1),
        Look(),
        out.append,
    )
    await session.open()
    try:
        yield Played(session, out)
    finally:
        await session.close()


REFUSED = [
    ("/", "Name a command after the slash"),
    ("/nonsense", "There is no /nonsense command"),
    ("/timelin year:1969", "Did you mean /timeline?"),
    ("timeline year:1969", "with a slash: /timeline year:1969"),
    ("/timeline year:", "`year` has no value"),
    ("/timeline year:abc", "`year` takes a whole number"),
    ("/timeline yeer:1969", "/timeline has no option `yeer`; its options:"),
    ("/timeline year:99999999999999999999", "between -2^53 and 2^53"),
    ("/timezone set zone:", "`zone` has no value"),
    ("/timeline year:1969 year:1970", "`year` is given twice"),
    ('/timeline search:"Happy Valley', "A quote is not closed"),
    ('/timeline search:"Happy" Valley', "put it inside the quotes"),
    ("/timeline show:Babylon 5", "`Babylon 5` is not one of the choices for `show`"),
    ("/timeline picture:maybe", "`picture` is true or false"),
    ("/canon Holden", "Name the option: /canon claim:Holden"),
    ("/timezone set Europe/Berlin", "Name the option: /timezone set zone:Europe/Berlin"),
    ("/timeline 1969", "/timeline takes its values as options, e.g. /timeline year:… (its"),
    ("/about now", "/about takes no options: type /about alone."),
    ("/canon claim:Holden says: no", "/canon has no option `says`"),
    ("/fact", "/fact needs one of:"),
    ("/fact nonsense", "/fact has no 'nonsense'; pick one of:"),
    ("/fact show", "/fact show needs the option `fact`"),
    ("/spoilers window", "`mode` is one of:"),
    ("/announce channel channel:#nowhere", "There is no #nowhere; channels: #general"),
    ("/parallax modrole role:@nobody", "There is no role @nobody; roles:"),
    ("/schedule remove event:abc", "`event` takes one of the bot's suggestions"),
    ("/trivianight start rounds:0", "`rounds` must be at least 1"),
    ("click", "Click what?"),
    ("click Next", "No message here has a button"),
    ("choose Easy", "No message here has a menu"),
    ("form Answer=Korean", "No form is open"),
    ("say", "Say what?"),
    ("say " + "x" * 2001, "at most 2000 characters"),
    ("as", "As whom?"),
    ("as !!", "cannot be a name here"),
    ("wait", "Wait how long?"),
    ("wait forever", "is not a duration"),
    ("wait 0s", "Wait at least one second"),
    ("wait 400d", "Wait at most a year"),
    ("wait -5m", "is not a duration"),
    ("channel #nowhere", "There is no #nowhere"),
    ("reveal", "No message here has covered spoilers"),
    ("dance", "I don't know 'dance'. Type help"),
    ("clik Next", "Did you mean `click`?"),
    ("quit", "quit leaves a playground session"),  # one command: there is no session
    ("x" * 5000, "I don't know 'xxxx"),  # a long line is not repeated whole
    ("/" + "x" * 5000, "There is no /xxxx"),
    ("/timeline year:" + "9" * 5000, "between -2^53 and 2^53"),
    ("/timeline search:x picture:" + "y" * 5000, "`picture` is true or false, not 'yyy"),
    ("wait " + "5" * 5000, "is not a duration"),
    ("as " + "n" * 5000, "cannot be a name here"),
]


async def test_an_odd_line_is_refused_in_one_line(played: Played) -> None:
    wrong = []
    for line, expected in REFUSED:  # one session for the table: each line is refused alone
        ok, said = await played.line(line)
        one_line = len(said) == 1 and "\n" not in said[0] and len(said[0]) < 400
        if ok or not one_line or expected not in said[0]:
            wrong.append(f"{line[:40]!r} -> {said}")
    assert not wrong, "\n".join(wrong)


async def test_a_misnamed_first_option_gets_no_advice_about_quotes(played: Played) -> None:
    """The hint to quote a value with a colon is for `claim:Holden says: no` (a word of the
    value read as an option), not for an option merely misnamed."""
    ok, said = await played.line("/trivianight start channel:#general rounds:2")
    assert not ok and said == [
        "/trivianight start has no option `channel`; its options: difficulty, hints, "
        "max_season, rounds, seconds, show."
    ]
    ok, said = await played.line("/canon claim:Holden says: no")
    assert not ok and "quote it: claim:" in said[0]


async def test_a_form_left_open_is_closed_by_the_next_line(played: Played) -> None:
    await played.line("as moderator")
    ok, said = await played.line("/fact add show:fam kind:event episode:S1E1")
    assert ok and "[a form opens: New event: For All Mankind]" in said
    ok, said = await played.line("form Text=x")
    assert not ok and said == ["The form has no field 'Text'; its fields: Fact text."]
    ok, said = await played.line("form Fact text=")
    assert not ok and said == ["The form needs Fact text (it is required)."]
    ok, said = await played.line("/about")
    assert said[0] == "(the form was closed without sending it)"
    ok, said = await played.line("form Fact text=Too late")
    assert not ok and "No form is open" in said[0]


async def test_choose_names_the_options_of_the_newest_menu(played: Played) -> None:
    fake, world = played.session.fake, played.session.world
    assert world is not None
    menu = {"type": 3, "custom_id": "level", "placeholder": "Difficulty"}
    menu["options"] = [{"label": "Easy", "value": "easy"}, {"label": "Hard", "value": "hard"}]
    body = {"content": "Pick one", "components": [{"type": 1, "components": [menu]}]}
    fake.world.create_message(world.general, fake.bot_user, body, [])
    ok, said = await played.line("choose Medium")
    assert not ok and said == ["The menu has no 'Medium'; its options: Easy, Hard."]


async def test_spoilers_stay_covered_until_revealed(played: Played) -> None:
    ok, said = await played.line("/timeline show:expanse search:Transport Union")
    shown = "\n".join(said)
    assert ok and "░" in shown and "(spoilers covered: type reveal to see them)" in shown
    ok, said = await played.line("reveal")
    revealed = "\n".join(said)
    assert ok and "░" not in revealed and "S6E6" in revealed
    assert revealed.endswith("(spoilers revealed)")


async def test_a_link_label_with_escaped_markdown_is_drawn_as_written(played: Played) -> None:
    # the label's escaped "|" had been drawn as the session's own placeholders ("\x000\x00")
    for line in ("/episode show:expanse episode:S1E10", "/episode show:expanse season:6"):
        ok, said = await played.line(line)
        shown = "\n".join(said)
        assert ok and "\x00" not in shown, line
    ok, said = await played.line("/episode show:expanse episode:S1E10")
    assert (
        "Episode list: Season 1 | The Expanse Wiki | Fandom "
        "(https://expanse.fandom.com/wiki/Season_1)" in "\n".join(said)
    )


async def test_suggestions_and_a_choice_by_the_name_shown(played: Played) -> None:
    ok, said = await played.line("/timezone set zone:Berl?")
    assert ok and said[0].startswith("Suggestions for `zone`") and "  Europe/Berlin" in said
    ok, said = await played.line("/timeline year:2350 show:the expanse")
    assert ok and "never states its years" in "\n".join(said)


COMMANDS = [
    "timeline",
    "canon",
    "parallels",
    "countdown",
    "timezone set",
    "trivia",
    "leaderboard",
    "fact search",
    "fact show",
    "schedule remove",
    "spoilers watched",
    "announce channel",
    "trivianight start",
    "about",
]
OPTIONS = ["year", "from", "to", "show", "search", "claim", "zone", "event", "episode", "x"]
WORDS = ["click", "choose", "form", "say", "as", "wait", "channel", "reveal", "who", "time"]
ODD_TEXT = st.text(
    alphabet=st.sampled_from([*"ab 1:\"'|=#@?/-_\\*`~<>", "\u200b", "🚀", "é", "\x00"]),
    max_size=24,
)
LINES = st.one_of(
    st.text(max_size=30),
    st.builds(lambda w, a: f"{w} {a}", st.sampled_from(WORDS), ODD_TEXT),
    st.builds(lambda c, a: f"/{c} {a}", st.sampled_from(COMMANDS), ODD_TEXT),
    st.builds(
        lambda c, o, v: f"/{c} {o}:{v}",
        st.sampled_from(COMMANDS),
        st.sampled_from(OPTIONS),
        ODD_TEXT,
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(LINES, min_size=1, max_size=6))
async def test_no_line_ever_ends_in_a_traceback(played: Played, lines: list[str]) -> None:
    for line in lines:
        ok, said = await played.line(line)
        if not ok:
            assert len(said) <= 2 and all(len(entry) < 600 for entry in said), (line, said)
