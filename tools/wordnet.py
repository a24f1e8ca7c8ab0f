"""A small reader for the WordNet 3.0 database files (Debian package `wordnet-base`).

Only what tools/derive_lexicon.py needs: the senses of a lemma, named the usual way
(`kill.v.01` is the first sense of the verb "kill"), their member words, and the synsets
their pointers lead to (antonyms, hyponyms, derivationally related forms).

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Its licence
(https://wordnet.princeton.edu/license-and-commercial-use) allows use and redistribution
with this notice; nothing of WordNet is shipped with the bot except the reviewed words in
data/lexicon.toml, each entry naming the synsets it was drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDNET_DIR = Path("/usr/share/wordnet")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
POINTERS = {
    "!": "antonym",
    "@": "hypernym",
    "@i": "instance of",
    "~": "hyponym",
    "+": "derived",
    "*": "entails",
    "\\": "pertainym",
}


@dataclass(frozen=True, slots=True)
class Synset:
    name: str  # kill.v.01 (the first lemma's sense number in its index)
    offset: int
    pos: str
    words: tuple[str, ...]
    gloss: str
    pointers: tuple[tuple[str, int, str], ...]  # (kind, offset, pos)


class WordNet:
    def __init__(self, folder: Path = WORDNET_DIR) -> None:
        if not (folder / "index.verb").exists():
            raise SystemExit(f"WordNet not found in {folder}: apt-get install wordnet-base")
        self.folder = folder

    @cache  # noqa: B019 - one reader per run
    def _index(self, pos: str) -> dict[str, list[int]]:
        senses: dict[str, list[int]] = {}
        for line in (self.folder / f"index.{POS_FILES[pos]}").read_text("latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, count, pointer_count = parts[0], int(parts[2]), int(parts[3])
            offsets = parts[4 + pointer_count + 2 :]
            senses[lemma] = [int(o) for o in offsets[:count]]
        return senses

    @cache  # noqa: B019
    def _data(self, pos: str) -> bytes:
        return (self.folder / f"data.{POS_FILES[pos]}").read_bytes()

    def synset_at(self, offset: int, pos: str) -> Synset:
        data = self._data("a" if pos == "s" else pos)
        end = data.index(b"\n", offset)
        line = data[offset:end].decode("latin-1")
        body, _, gloss = line.partition(" | ")
        parts = body.split()
        word_count = int(parts[3], 16)
        words = tuple(
            parts[4 + 2 * i].split("(")[0].replace("_", " ").lower() for i in range(word_count)
        )
        at = 4 + 2 * word_count
        pointer_count = int(parts[at])
        pointers = []
        for i in range(pointer_count):
            symbol, target, target_pos = parts[at + 1 + 4 * i : at + 4 + 4 * i]
            if symbol in POINTERS:
                pointers.append((POINTERS[symbol], int(target), target_pos))
        name = f"{words[0].replace(' ', '_')}.{pos}.{self._sense_number(words[0], pos, offset):02d}"
        return Synset(name, offset, pos, words, gloss.strip(), tuple(pointers))

    def _sense_number(self, word: str, pos: str, offset: int) -> int:
        offsets = self._index("a" if pos == "s" else pos).get(word.replace(" ", "_"), [])
        return offsets.index(offset) + 1 if offset in offsets else 0

    def lemmas(self, pos: str) -> list[str]:
        """Every lemma of a part of speech ('blow_up' for a phrase)."""
        return list(self._index(pos))

    def senses(self, lemma: str, pos: str) -> list[Synset]:
        offsets = self._index(pos).get(lemma.replace(" ", "_").lower(), [])
        return [self.synset_at(o, pos) for o in offsets]

    def synset(self, name: str) -> Synset:
        """`kill.v.01` -> its synset."""
        lemma, pos, number = name.rsplit(".", 2)
        return self.senses(lemma, pos)[int(number) - 1]

    def written_words(self, offset: int) -> list[str]:
        """A noun synset's member words as WordNet writes them ('New York', not 'new york')."""
        data = self._data("n")
        body = data[offset : data.index(b"\n", offset)].decode("latin-1").split(" | ")[0]
        parts = body.split()
        count = int(parts[3], 16)
        return [parts[4 + 2 * i].split("(")[0].replace("_", " ") for i in range(count)]

    def noun_offsets(self) -> list[int]:
        """Every noun synset's offset, in file order."""
        return [
            int(line.split(b" ", 1)[0])
            for line in self._data("n").splitlines()
            if line and not line.startswith(b" ")
        ]

    def related(self, synset: Synset, kind: str) -> list[Synset]:
        return [self.synset_at(o, p) for k, o, p in synset.pointers if k == kind]
