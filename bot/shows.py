"""The shows Parallax knows, in one registry: every command, renderer and the store reads
show codes, titles, universes, colours and streaming services from here.

A show belongs to a universe (its shared timeline); a spin-off shares its universe's
timeline and is told apart only by its own facts. The order of `SHOWS` is the order every
list and every choice shows them in.
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Universe:
    code: str
    title: str
    colour: int  # embed colour, 0xRRGGBB
    picture_colour: RGB  # the same hue, lightened to read on the pictures' slate


@dataclass(frozen=True, slots=True)
class Show:
    code: str  # what the store and the commands' values use
    universe: str  # the code of its Universe
    title: str  # what people read
    aliases: tuple[str, ...]  # what people type, casefolded, the code and title included
    streaming: str  # where new episodes stream, for calendar entries
    choice_label: str  # its name in a command's list of choices

    @property
    def spin_off(self) -> bool:
        """Whether the show shares another show's universe rather than naming its own."""
        return self.code != self.universe


FAM = "fam"
EXPANSE = "expanse"

UNIVERSES: tuple[Universe, ...] = (
    Universe(FAM, "For All Mankind", 0xC8102E, (255, 107, 107)),  # NASA red
    Universe(EXPANSE, "The Expanse", 0x2F80ED, (94, 173, 255)),  # Belt blue
)

SHOWS: tuple[Show, ...] = (
    Show(
        FAM,
        FAM,
        "For All Mankind",
        ("fam", "for all mankind"),
        "Apple TV+",
        "For All Mankind",
    ),
    Show(
        "starcity",
        FAM,
        "Star City",
        ("starcity", "star city"),
        "Apple TV+",
        "Star City",
    ),
    Show(
        EXPANSE,
        EXPANSE,
        "The Expanse",
        ("expanse", "the expanse"),
        "Prime Video",
        "The Expanse",
    ),
)

SHOW_CODES: tuple[str, ...] = tuple(s.code for s in SHOWS)
UNIVERSE_CODES: tuple[str, ...] = tuple(u.code for u in UNIVERSES)
SHOW_TITLES: dict[str, str] = {s.code: s.title for s in SHOWS}
UNIVERSE_TITLES: dict[str, str] = {u.code: u.title for u in UNIVERSES}

_BY_CODE = {s.code: s for s in SHOWS}
_UNIVERSE_BY_CODE = {u.code: u for u in UNIVERSES}
_BY_ALIAS = {alias: s.code for s in SHOWS for alias in s.aliases}


def show(code: str) -> Show:
    """The show with this code; KeyError for a code the registry does not know."""
    return _BY_CODE[code]


def is_show(code: str | None) -> bool:
    return code in _BY_CODE


def universe(code: str) -> Universe:
    return _UNIVERSE_BY_CODE[code]


def universe_of(code: str) -> str:
    """The universe code of a show (or of a universe, which is its own)."""
    found = _BY_CODE.get(code)
    return found.universe if found else code


def title(code: str) -> str:
    """A show's title, or the code itself when the registry does not know it."""
    found = _BY_CODE.get(code)
    return found.title if found else code


def streaming(code: str | None) -> str:
    """Where a show streams, or "" for a code the registry does not know."""
    found = _BY_CODE.get(code or "")
    return found.streaming if found else ""


def is_spin_off(code: str | None) -> bool:
    found = _BY_CODE.get(code or "")
    return found is not None and found.spin_off


def from_alias(text: str) -> str | None:
    """The code of the show a person typed ("Star City", "fam"), if any."""
    return _BY_ALIAS.get(" ".join(text.split()).casefold())


def choices() -> list[tuple[str, str]]:
    """(label, code) for every show, in registry order: what a command's choices are built from."""
    return [(s.choice_label, s.code) for s in SHOWS]


def titles_sentence() -> str:
    """'For All Mankind, Star City or The Expanse'."""
    names = [s.title for s in SHOWS]
    return ", ".join(names[:-1]) + " or " + names[-1]
