"""Read and validate data/fates/*.toml: who dies in each show, and who lives to its end.

Fans ask about deaths more than anything ("Miller dies on Eros", "who killed Fred
Johnson", "Naomi dies in season 5"); a fact's sentence tells a death in many ways, so each
death is also recorded in slots (who, in which episode, killed by whom, where, how) for
"Is it canon?" to judge such claims against. Every fate rests on a fact of the dataset,
which is its evidence and carries its source (format: data/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

FATES = ("dies", "survives")
CAUSE_WORD = re.compile(r"^[a-z]+(?:[ -][a-z]+)*$")

FateKind = Literal["dies", "survives"]
Problem = Callable[[str, str], None]  # (entry, message)


@dataclass(frozen=True, slots=True)
class Fate:
    """One person's end in one show. `by` is None when the source does not say who killed
    them (and () when no one did); `survives` means alive at the end of the show. Season
    and episode are 0 when the source does not say."""

    person: str
    show: str
    fate: FateKind
    season: int
    episode: int
    fact: str
    by: tuple[str, ...] | None
    at: tuple[str, ...]
    how: tuple[str, ...]
    year: int | None
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "show": self.show,
            "fate": self.fate,
            "episode": [self.season, self.episode],
            "fact": self.fact,
            "by": None if self.by is None else list(self.by),
            "at": list(self.at),
            "how": list(self.how),
            "year": self.year,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fate:
        by = data.get("by")
        return cls(
            data["person"],
            data["show"],
            data["fate"],
            int(data["episode"][0]),
            int(data["episode"][1]),
            data["fact"],
            None if by is None else tuple(by),
            tuple(data.get("at", ())),
            tuple(data.get("how", ())),
            data.get("year"),
            data.get("note", ""),
        )


@dataclass(frozen=True, slots=True)
class FactRef:
    """What a fate needs to know of the fact it rests on."""

    show: str
    tags: frozenset[str]


def load_fates(
    data: Mapping[str, Any],
    facts: Mapping[str, FactRef],
    episodes: Collection[tuple[str, int, int]],
    problem: Problem,
) -> list[Fate]:
    """Validate one parsed fates file: every name a tag of the show's facts, the fact real
    and naming the person, the episode one the show has."""
    # imported here: the dataset module imports this one to load the fates
    from bot.dataset import EPISODE_PATTERN

    show = data.get("show")
    tags = {t for ref in facts.values() if ref.show == show for t in ref.tags}
    fates: list[Fate] = []
    for raw in data.get("fate", []):
        person = raw.get("person")
        label = f"fate {person!r}"
        if not isinstance(person, str) or person not in tags:
            problem(label, f"person must be a tag of a {show} fact")
            continue
        kind = raw.get("fate")
        if kind not in FATES:
            problem(label, f"fate must be one of {', '.join(FATES)}")
            continue
        match = EPISODE_PATTERN.match(str(raw.get("episode", "")))
        season, number = (int(match[1]), int(match[2])) if match else (0, 0)
        if "episode" in raw and (show, season, number) not in episodes:
            problem(label, f"episode {raw.get('episode')!r} does not exist for {show}")
            continue
        ref = facts.get(str(raw.get("fact")))
        if ref is None or ref.show != show or person not in ref.tags:
            problem(label, "fact must be a fact of the same show that tags the person")
            continue
        names = {key: raw.get(key, []) for key in ("by", "at")}
        if any(not isinstance(v, list) or not set(v) <= tags for v in names.values()):
            problem(label, "by and at must be lists of tags of the show's facts")
            continue
        how = raw.get("how", [])
        if not isinstance(how, list) or not all(
            isinstance(w, str) and CAUSE_WORD.match(w) for w in how
        ):
            problem(label, "how must be a list of plain lowercase words")
            continue
        year = raw.get("year")
        if year is not None and not isinstance(year, int):
            problem(label, "year must be a number")
            continue
        if any(f.person == person for f in fates):
            problem(label, "the person has two fates")
            continue
        fates.append(
            Fate(
                person,
                str(show),
                kind,
                season,
                number,
                str(raw["fact"]),
                tuple(names["by"]) if "by" in raw else None,
                tuple(names["at"]),
                tuple(how),
                year,
                str(raw.get("note", "")),
            )
        )
    return fates
