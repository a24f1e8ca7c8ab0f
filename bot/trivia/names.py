"""The names trivia knows: how fans name a character, and the groups of names (a character
with its aliases, a fact tag, a curated question's answers) that fair judging uses to
refuse a near-miss that is another thing's name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers import KnownNames, name_key
from bot.store.records import Question

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_QUOTED_NICKNAME = re.compile(r'^(?P<first>\S+)\s+"(?P<nick>[^"]+)"\s+(?P<rest>.+)$')


def character_name(name: str) -> str:
    """How fans name a character: 'Edward "Ed" Baldwin' -> 'Ed Baldwin', and
    'Ellen Wilson (née Waverly)' -> 'Ellen Wilson'."""
    name = _PARENTHESES.sub("", name).strip()
    match = _QUOTED_NICKNAME.match(name)
    return f"{match['nick']} {match['rest']}" if match else name.replace('"', "")


_QUOTED = re.compile(r'"([^"]+)"')
_ALIAS_NOTE = re.compile(r"^(?:n[ée]e|alias|later|born|aka)\s+", re.IGNORECASE)


def person_names(name: str) -> list[str]:
    """Every way the data names one character: 'Edward "Ed" Baldwin' -> Edward Baldwin,
    Ed Baldwin; 'Ellen Wilson (née Waverly)' -> Ellen Wilson, Ellen Waverly; 'Clarissa Mao
    (alias Melba Koh)' -> Clarissa Mao, Melba Koh."""
    plain = _PARENTHESES.sub("", name).strip()
    names = [_QUOTED.sub("", plain).replace("  ", " ").strip(), character_name(name)]
    for note in re.findall(r"\(([^)]*)\)", name):
        other = _ALIAS_NOTE.sub("", note.strip()).replace('"', "").strip()
        if not other:
            continue
        if note.strip().lower().startswith(("née", "nee", "born")) and " " not in other:
            other = f"{names[0].split()[0]} {other}"  # a maiden surname
        names.append(other)
    return [n for n in dict.fromkeys(names) if n]


def known_names(
    *,
    people: Iterable[tuple[str, str]],
    tags: Mapping[str, Iterable[str]],
    questions: Iterable[Question],
    universes: Mapping[str, str],
) -> KnownNames:
    """The names trivia judges against, in groups of names for one thing: a character
    with its aliases, a fact tag, a curated question's accepted answers.

    Where the data spells one name two ways within a universe (a tag "Ilya Breshnev", a
    character "Ilya Brezhnev": several words, one letter apart, same numbers), the two
    are taken as one thing, so neither refuses the other. Across the two shows nothing is
    merged: "Margo" and "Marco" stay two people.
    """
    groups: list[tuple[str, list[str]]] = []
    for show, name in people:
        groups.append((universes.get(show, show), person_names(name)))
    for tag, tag_universes in tags.items():
        for universe in sorted(set(tag_universes)) or [""]:
            groups.append((universe, [tag]))
    for question in questions:
        groups.append((universes.get(question.show, question.show), list(question.answers)))
    return KnownNames(_merge_spellings(groups))


def _merge_spellings(groups: list[tuple[str, list[str]]]) -> list[list[str]]:
    """Union the groups that share a name written two ways (see known_names)."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_universe: dict[str, list[tuple[str, int]]] = {}
    for index, (universe, names) in enumerate(groups):
        for name in names:
            key = name_key(name)
            if " " in key and len(key) >= 10:
                by_universe.setdefault(universe, []).append((key, index))
    for entries in by_universe.values():
        keys = [key for key, _ in entries]
        for key, index in entries:
            for _, _, other in process.extract(
                key, keys, scorer=OSA.distance, score_cutoff=1, limit=None
            ):
                twin, twin_index = entries[other]
                if re.findall(r"\d+", twin) == re.findall(r"\d+", key):
                    parent[root(twin_index)] = root(index)
    merged: dict[int, list[str]] = {}
    for index, (_, names) in enumerate(groups):
        merged.setdefault(root(index), []).extend(names)
    return list(merged.values())
