"""Claims about when a season is set, weighed against the years each season is set in.

"season 2 is set in 1983", "s3 takes place in the 90s", "the s4 finale jumps to 2015",
"star city is set in the 1980s": the claim's words say little a fact's sentence could
match, but the answer is a number, so each season's years are recorded
(data/periods.toml) and compared here. The period decides only what its pages state: a
season with no recorded end neither confirms nor denies a year after its start, unless
the next season has already begun by then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.canon.judging import Judgement
from bot.canon.text import episode_refs
from bot.periods_data import Period
from bot.store.records import Fact

Part = Literal["opens", "set", "epilogue"]

# the show names check.SHOW_NAMES reads, with Star City told apart from its parent show
_SHOWS = (
    ("starcity", re.compile(r"\bstar\s+city(?:'s)?\b")),
    ("fam", re.compile(r"\b(?:for\s+all\s+mankind|fam)(?:'s)?\b")),
    ("expanse", re.compile(r"\b(?:the\s+)?expanse(?:'s)?\b")),
)
_CENTURY = re.compile(
    r"\b(?:the\s+)?(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>twenty[\s-](?:first|second|third|fourth|fifth)))"
    r"\s+century\b"
)
_CENTURY_WORDS = {"first": 21, "second": 22, "third": 23, "fourth": 24, "fifth": 25}
_DECADE = re.compile(
    r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?"
    r"(?:(?P<full>1[6-9]\d0|2[0-4]\d0)'?s|'?(?P<short>[2-9]0)'?s"
    r"|(?P<word>sixties|seventies|eighties|nineties))\b"
)
_DECADE_WORDS = {"sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
_PARTS = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}
_YEAR = re.compile(r"\b(?:the\s+year\s+)?(1[6-9]\d\d|2[0-4]\d\d)\b")
# what the claim says of the time: its finale's jump, the season's opening, or its setting
_VERBS: tuple[tuple[Part, re.Pattern[str]], ...] = (
    (
        "epilogue",
        re.compile(
            r"\b(?:ends?|ended|closes|wraps\s+up)\s+(?:with|on)\s+(?:a|an|the)?\s*"
            r"(?:\w+[\s-]+)?(?:time[\s-]*)?(?:jump|flash[\s-]*forward|leap|skip)\s+(?:ahead\s+|forward\s+)?to\b"
        ),
    ),
    (
        "opens",
        re.compile(
            r"\b(?:opens?|opened|starts?|started|begins?|began|kicks?\s+off|kicked\s+off"
            r"|picks?\s+up|picked\s+up)(?:\s+off)?\s+(?:in|at|around)\b"
            r"|\b(?:jumps?|jumped|skips?|skipped|leaps?|leapt|fast[\s-]*forwards?)"
            r"\s+(?:ahead\s+|forward\s+)?(?:\w+\s+years\s+)?(?:to|into)\b"
        ),
    ),
    (
        "set",
        re.compile(
            r"\b(?:(?:is|was|'s|are|were)\s+)?set\s+(?:in|during|around)\b"
            r"|\b(?:takes?|took|taking)\s+place\s+(?:in|during|around)\b"
            r"|\b(?:happens?|happened|occurs?|plays?\s+out)\s+in\b"
        ),
    ),
)
# a finale's jump told without 'ends with': 'the s4 finale (time) jump goes to 2015'
_FINALE_JUMP = re.compile(
    r"\b(?:time[\s-]*)?(?:jumps?|jumped|flash(?:es)?[\s-]*forwards?|leaps?|skips?)"
    r"(?:\s+(?:goes|went|is))?\s+(?:ahead\s+|forward\s+)?(?:\w+\s+years\s+)?(?:to|into)\b"
)
# words a setting claim may carry besides its season, verb and time
_FILLER = frozenset(
    """a an the of in is was it its it's show series season whole entire all basically
    actually really pretty much mostly like yeah yes so just i think iirc lol btw right
    story main then there time jump""".split()
)


@dataclass(frozen=True, slots=True)
class Told:
    """When a claim says a season (0: the show) is set, as years from low to high."""

    show: str | None
    season: int
    part: Part
    low: int
    high: int
    scale: Literal["year", "decade", "century"]
    label: str  # as the claim put it: '1985', 'the 1980s', 'the 25th century'
    bare: bool  # the claim says nothing else


@dataclass(frozen=True, slots=True)
class Setting:
    """A period with the facts it rests on, as the server sees them."""

    period: Period
    facts: tuple[Fact, ...]
    epilogue: Fact | None

    @property
    def universe(self) -> str:
        return self.facts[0].universe


def read_told(text: str) -> Told | None:
    """The claim's setting in time, when it is a claim about when a season is set."""
    rest = " " + text.casefold().replace("\u2019", "'") + " "
    show = None
    for code, pattern in _SHOWS:
        if pattern.search(rest):
            show = show or code
            rest = pattern.sub(" ", rest)
    rest, refs = episode_refs(rest)
    if len(refs) > 1:
        return None
    season, episode = (refs[0].season, refs[0].episode) if refs else (0, 0)
    if (not refs and show is None) or episode > 1:
        return None
    times = _times(rest)
    if len(times) != 1:
        return None
    (low, high, scale, label, span) = times[0]
    rest = rest[: span[0]] + " " + rest[span[1] :]
    part: Part | None = None
    verbs = (("epilogue", _VERBS[0][1]), ("epilogue", _FINALE_JUMP)) if episode == -1 else _VERBS
    for name, pattern in verbs:  # a finale: only its jump ahead is recorded
        found = pattern.search(rest)
        if found:
            before = re.findall(r"[a-z0-9']+", rest[: found.start()])
            if not all(word in _FILLER for word in before):
                return None  # the verb is someone's: 'in season 2, Ed starts in 1983 ...'
            part, rest = name, rest[: found.start()] + " " + rest[found.end() :]
            break
    if part is None:
        return None
    if episode == 1 and part == "set":
        part = "opens"  # 'the season 2 premiere is set in 1983'
    bare = all(word in _FILLER for word in re.findall(r"[a-z0-9']+", rest))
    return Told(show, season, part, low, high, scale, label, bare)


def _times(
    text: str,
) -> list[tuple[int, int, Literal["year", "decade", "century"], str, tuple[int, int]]]:
    found: list[tuple[int, int, Literal["year", "decade", "century"], str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for match in _CENTURY.finditer(text):
        number = (
            int(match["num"])
            if match["num"]
            else _CENTURY_WORDS[match["word"].split()[-1].split("-")[-1]]
        )
        found.append(
            (
                (number - 1) * 100 + 1,
                number * 100,
                "century",
                f"the {_ordinal(number)} century",
                match.span(),
            )
        )
        taken.append(match.span())
    for match in _DECADE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        if match["full"]:
            start = int(match["full"])
        elif match["short"]:
            start = 1900 + int(match["short"])
        else:
            start = _DECADE_WORDS[match["word"]]
        low, high = start, start + 9
        if match["part"]:
            first, last = _PARTS[match["part"]]
            low, high = start + first, start + last
        label = f"the {match['part'] + ' ' if match['part'] else ''}{start}s"
        found.append((low, high, "decade", label, match.span()))
        taken.append(match.span())
    for match in _YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        year = int(match[1])
        found.append((year, year, "year", str(year), match.span()))
    return found


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def judge_period(told: Told, settings: Sequence[Setting], universe: str) -> Judgement | None:
    """Does the season's recorded period hold what the claim says of it ('supports', or
    'related' when the claim says more than when), or not ('contradicts')? None when the
    claim is about no recorded season of this show, or the period cannot tell. A claim
    naming no show is weighed only against a season's own period."""
    own = [s for s in settings if s.universe == universe]
    setting = _setting_for(told, own)
    if setting is None:
        return None
    period = setting.period
    if told.part == "epilogue":
        if period.epilogue is None or setting.epilogue is None:
            return None
        if told.low <= period.epilogue <= told.high:
            return _decided(told, setting.epilogue, "")
        return _decided(
            told, setting.epilogue, f"its finale jumps to {period.epilogue}, not {told.label}"
        )
    if period.start is None:  # a show that names only its century
        assert period.century is not None
        low, high = (period.century - 1) * 100, period.century * 100
        if told.scale == "century" and told.high == high:
            return _decided(told, setting.facts[0], "")
        if told.scale == "century" or told.high < low or told.low > high:
            return _decided(
                told,
                setting.facts[0],
                f"it is set in the {_ordinal(period.century)} century, not {told.label}",
            )
        return None  # the show names no year
    start = period.start
    seasons = {period.season, told.season}
    opening = told.part == "opens" and (len(seasons) == 1 or seasons == {0, 1})
    if opening:
        if told.low <= start <= told.high:
            return _decided(told, setting.facts[0], "")
        return _decided(told, setting.facts[0], f"it opens in {start}, not {told.label}")
    latest = period.latest
    later = _next_start(period, own)
    where = f"{start}" if latest in (None, start) else f"{start}–{latest}"
    if latest is not None and told.low <= start and latest <= told.high:
        return _decided(told, setting.facts[0], "")
    if told.scale == "year" and latest is not None and start <= told.low <= latest:
        return _decided(told, setting.facts[0], "")
    if (
        told.scale == "decade"
        and latest is None
        and told.low <= start <= told.high
        and (later is None or later > told.high)
    ):
        return _decided(told, setting.facts[0], "")
    past = latest if latest is not None else (later - 1 if later is not None else None)
    if period.epilogue is not None and told.low <= period.epilogue <= told.high:
        return None  # its finale's jump ahead is set then too
    if told.high < start or (past is not None and told.low > past):
        return _decided(told, setting.facts[0], f"it is set in {where}, not {told.label}")
    return None


def _setting_for(told: Told, own: Sequence[Setting]) -> Setting | None:
    if told.show is None:
        # 'season 2 is set in 1983': only a season's own years, never a whole show's
        return next((s for s in own if told.season and s.period.season == told.season), None)
    mine = [s for s in own if s.period.show == told.show]
    exact = next((s for s in mine if s.period.season == told.season), None)
    if exact is not None:
        return exact
    if told.season == 0 and told.part == "opens":  # 'for all mankind starts in 1969'
        return next((s for s in mine if s.period.season == 1), None)
    whole = next((s for s in mine if s.period.season == 0), None)
    return whole if told.part != "epilogue" else None


def _next_start(period: Period, own: Sequence[Setting]) -> int | None:
    later = [
        s.period.start
        for s in own
        if s.period.show == period.show and s.period.season > period.season > 0 and s.period.start
    ]
    return min(later) if later else None


def _decided(told: Told, fact: Fact, reason: str) -> Judgement:
    if reason:
        return Judgement(fact, "contradicts", reason, 1.0)
    # a right year with more said ('... w/ reagan as president') is left to the facts:
    # 'related' says only that the year is the season's, not the rest's
    return Judgement(fact, "supports" if told.bare else "related", "", 1.0)


def build_settings(settings: Sequence[Setting], overridden: frozenset[str]) -> tuple[Setting, ...]:
    """The periods whose facts the server still has as shipped (an edited fact may no
    longer say what its period records)."""
    return tuple(
        s
        for s in settings
        if not any(f.key in overridden for f in s.facts)
        and (s.epilogue is None or s.epilogue.key not in overridden)
    )


def resting_facts(periods: Sequence[Period], facts: Mapping[str, Fact]) -> tuple[Setting, ...]:
    """Each period with the shipped facts it rests on (a period missing one is dropped)."""
    found = []
    for period in periods:
        own = [facts.get(key) for key in period.facts]
        epilogue = facts.get(period.epilogue_fact) if period.epilogue_fact else None
        if all(f is not None for f in own) and (epilogue is not None) == bool(period.epilogue_fact):
            found.append(Setting(period, tuple(f for f in own if f is not None), epilogue))
    return tuple(found)
