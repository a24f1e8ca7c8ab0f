"""Derive candidates for data/lexicon.toml from the facts and WordNet, and check the file.

The lexicon is reviewed by hand; this script only proposes and verifies:

    python tools/derive_lexicon.py candidates > /tmp/candidates.toml
        For each verb, noun and adjective the facts use (lemmatised with lemminflect), the
        words of its first WordNet senses, their antonyms and derivationally related forms,
        and the troponyms of its first verb sense. A reviewer copies what fits a concept
        into data/lexicon.toml, naming the synsets in `wordnet`.
    python tools/derive_lexicon.py kinds
        Tags of the facts that have no `[[name]]` entry yet, with a guessed kind.
    python tools/derive_lexicon.py senses
        Rewrites the generated `[verbs]` and `[nouns]` tables at the end of
        data/lexicon.toml: for every WordNet verb and noun (one word or a phrase) its
        first sense and that sense's
        hypernyms up to two steps (`^`), leaving out broad classes (more than
        BROAD_CLASS direct hyponyms: 'change', 'move', 'be'), kept only when it can meet
        a word of the facts. A claim's word and a fact's match when one's sense is the
        other's sense or hypernym ('executes' -> 'kills', 'beat' -> 'defeats', 'mom' ->
        'parent'), never as two hyponyms of one class (that would make 'win' meet 'lose').
    python tools/derive_lexicon.py verify
        Every word of a concept must come from one of its `wordnet` synsets (their member
        words, derivationally related forms and direct hyponyms) or be listed in `added`
        (words a reviewer added by hand, such as fan slang), and the generated end must be what
        `senses` would write for the facts as they are now. Exit status 1 otherwise.

Needs the Debian package wordnet-base (WordNet 3.0; licence and notice in tools/wordnet.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from lemminflect import getAllLemmas  # noqa: E402
from wordnet import Synset, WordNet  # noqa: E402

from bot.config import DEFAULT_DATA_DIR  # noqa: E402
from bot.dataset import load_dataset  # noqa: E402

WORD = re.compile(r"[a-z]+")
POS = {"VERB": "v", "NOUN": "n", "ADJ": "a"}
PLACE_WORDS = {
    "station",
    "base",
    "city",
    "crater",
    "valley",
    "ridge",
    "landing",
    "hotel",
    "center",
    "pit",
    "island",
    "lake",
    "bay",
    "chasma",
    "outpost",
    "site",
}
BODIES = set("earth mars moon luna venus eros ganymede io ceres deimos uranus ilus laconia".split())


def fact_lemmas() -> Counter[tuple[str, str]]:
    """(lemma, WordNet pos) -> how many facts use it."""
    counts: Counter[tuple[str, str]] = Counter()
    for fact in load_dataset(DEFAULT_DATA_DIR).facts:
        seen = set()
        for word in WORD.findall(f"{fact.text} {fact.correction}".lower()):
            for upos, lemmas in getAllLemmas(word).items():
                if upos in POS:
                    seen.update((lemma, POS[upos]) for lemma in lemmas)
        counts.update(seen)
    return counts


def candidates(wordnet: WordNet) -> None:
    for (lemma, pos), uses in sorted(fact_lemmas().items()):
        senses = wordnet.senses(lemma, pos)[:2]
        if not senses:
            continue
        print(f"# {lemma} ({pos}), in {uses} facts")
        for synset in senses:
            antonyms = {w for s in wordnet.related(synset, "antonym") for w in s.words}
            derived = {w for s in wordnet.related(synset, "derived") for w in s.words}
            print(f"#   {synset.name}: {', '.join(synset.words)} — {synset.gloss[:70]}")
            if antonyms:
                print(f"#     antonyms: {', '.join(sorted(antonyms))}")
            if derived:
                print(f"#     derived: {', '.join(sorted(derived))}")
        if pos == "v":
            troponyms = {w for s in wordnet.related(senses[0], "hyponym") for w in s.words}
            if troponyms:
                print(f"#     troponyms: {', '.join(sorted(troponyms))}")


def guess_kind(tag: str, people: set[str]) -> str:
    words = tag.lower().split()
    if tag.lower() in people:
        return "person"
    if tag.lower() in BODIES:
        return "body"
    if set(words) & PLACE_WORDS:
        return "place"
    if len(words) in (2, 3) and all(w[:1].isupper() for w in tag.split()):
        return "person?"
    return "?"


def kinds() -> None:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    people = {p.name.lower() for p in dataset.people}
    named = {entry.name for entry in dataset.lexicon.kinds}
    tags = Counter(t for f in dataset.facts for t in f.tags)
    for tag, uses in sorted(tags.items()):
        if tag not in named:
            print(f'{{ name = "{tag}", kind = "{guess_kind(tag, people)}" }},  # {uses} facts')


def allowed_words(wordnet: WordNet, synset_names: tuple[str, ...]) -> set[str]:
    words: set[str] = set()
    for name in synset_names:
        synset = wordnet.synset(name)
        words.update(synset.words)
        for kind in ("derived", "hyponym"):
            for related in wordnet.related(synset, kind):
                words.update(related.words)
    return words


def verify(wordnet: WordNet) -> int:
    problems = 0
    for concept in load_dataset(DEFAULT_DATA_DIR).lexicon.concepts:
        try:
            allowed = allowed_words(wordnet, concept.wordnet) | set(concept.added)
        except (IndexError, ValueError):
            print(f"{concept.id}: a synset in {concept.wordnet} does not exist")
            problems += 1
            continue
        stray = [w for w in concept.words if w not in allowed]
        if stray:
            problems += 1
            print(f"{concept.id}: not from {', '.join(concept.wordnet) or 'WordNet'}: {stray}")
    if not generated_is_current(wordnet):
        problems += 1
        print("the generated [verbs], [nouns], [places] and [peoples] are stale: run `... senses`")
    print("lexicon verified" if not problems else f"{problems} problem(s) to review")
    return 1 if problems else 0


BROAD_CLASS = 40
SENSES_MARKER = (
    "# ---------------------------------------------------------------- senses (generated)"
)


def sense_entry(wordnet: WordNet, lemma: str, pos: str) -> tuple[str, list[str]] | None:
    senses = wordnet.senses(lemma, pos)[:1]
    if not senses:
        return None
    ancestors: list[str] = []
    frontier = senses
    for _step in range(2):
        frontier = [p for s in frontier for p in wordnet.related(s, "hypernym")]
        for parent in frontier:
            if len(wordnet.related(parent, "hyponym")) <= BROAD_CLASS:
                ancestors.append(parent.name)
    return senses[0].name, list(dict.fromkeys(ancestors))


def sense_table(wordnet: WordNet, pos: str, title: str) -> list[str]:
    """The `[verbs]` or `[nouns]` table: every WordNet lemma of `pos` that can meet a
    lemma of the facts (its sense is theirs or their hypernym, or the other way)."""
    fact_words = sorted(lemma for (lemma, p), _n in fact_lemmas().items() if p == pos)
    entries = {}
    for lemma in wordnet.lemmas(pos):
        entry = sense_entry(wordnet, lemma, pos)
        if entry:
            entries[lemma.replace("_", " ")] = entry
    reachable = set()
    for lemma in fact_words:
        if lemma in entries:
            sense, ancestors = entries[lemma]
            reachable |= {sense, *ancestors}
    fact_senses = {entries[w][0] for w in fact_words if w in entries}
    lines = ["", f"[{title}]"]
    for lemma, (sense, ancestors) in sorted(entries.items()):
        if sense not in reachable and not set(ancestors) & fact_senses:
            continue
        key = lemma if lemma.isalpha() else f'"{lemma}"'
        values = ", ".join(f'"{v}"' for v in [sense, *(f"^{a}" for a in ancestors)])
        lines.append(f"{key} = [{values}]")
    return lines


PLACE_ROOTS = {  # WordNet classes of real places -> the scale the lexicon gives them
    "american_state.n.01": "state",
    "city.n.01": "city",
    "state.n.04": "country",
    "country.n.02": "country",
    "planet.n.01": "planet",
    "satellite.n.03": "moon",
    "asteroid.n.01": "asteroid",
}


def place_table(places: dict[str, list[str]]) -> list[str]:
    """The `[places]` table: every WordNet instance of a state, city, country, planet,
    moon or asteroid (`real_places`), by its capitalised names, so that a claim's 'Ohio'
    or 'Phobos' is known as a place although no fact names it."""
    lines = ["", "[places]"]
    for scale, names in places.items():
        lines.append(f"{scale} = [")
        row = "   "
        for name in sorted(names):
            item = f' "{name}",'
            if len(row) + len(item) > 96:
                lines.append(row)
                row = "   "
            row += item
        lines += [row, "]"]
    return lines


PEOPLE_SCALES = ("country", "state")  # whose people's words a claim may use ('Chinese')


def peoples_table(wordnet: WordNet, places: dict[str, list[str]]) -> list[str]:
    """The `[peoples]` table: for each country or state of `[places]` that no fact tags,
    the adjectives WordNet says pertain to it ('chinese' -> China), so that 'a Chinese
    astronaut' is someone of a place the facts do not name, not a word to leave unmatched.
    Tagged places keep their reviewed `[[demonym]]` entries."""
    wanted = {n.casefold(): n for s in PEOPLE_SCALES for n in places[s]}
    dataset = load_dataset(DEFAULT_DATA_DIR)
    tagged = {t.casefold() for f in dataset.facts for t in f.tags}
    peoples: dict[str, set[str]] = {}
    for lemma in wordnet.lemmas("a"):
        for sense in wordnet.senses(lemma, "a")[:1]:
            for target in wordnet.related(sense, "pertainym"):
                written = [w for w in target.words if w in wanted]
                if written and written[0] not in tagged:
                    peoples.setdefault(wanted[written[0]], set()).add(lemma.replace("_", " "))
    lines = ["", "[peoples]"]
    for place in sorted(peoples):
        words = ", ".join(f'"{w}"' for w in sorted(peoples[place]) if WORD_PHRASE.match(w))
        if words:
            key = place if place.isalpha() else f'"{place}"'
            lines.append(f"{key} = [{words}]")
    return lines


WORD_PHRASE = re.compile(r"^[a-z]+(?: [a-z]+)*$")


def real_places(wordnet: WordNet) -> dict[str, list[str]]:
    """Scale -> the real places of that scale WordNet knows, capitalised as written."""
    roots = {wordnet.synset(name).offset: scale for name, scale in PLACE_ROOTS.items()}

    def scale_of(synset: Synset, depth: int = 0) -> str:
        if synset.offset in roots:
            return roots[synset.offset]
        if depth > 12:
            return ""
        for parent in wordnet.related(synset, "hypernym"):
            found = scale_of(parent, depth + 1)
            if found:
                return found
        return ""

    dataset = load_dataset(DEFAULT_DATA_DIR)
    named = {t.casefold() for f in dataset.facts for t in f.tags}
    named |= {n.casefold() for a in dataset.lexicon.aliases for n in (a.name, *a.aliases)}
    scales: dict[str, list[str]] = {scale: [] for scale in dict.fromkeys(PLACE_ROOTS.values())}
    seen: set[str] = set()
    for offset in wordnet.noun_offsets():
        synset = wordnet.synset_at(offset, "n")
        classes = wordnet.related(synset, "instance of")
        scale = next((s for s in map(scale_of, classes) if s), "")
        if not scale:
            continue
        members = wordnet.written_words(offset)
        if any(m.casefold() in named for m in members):
            # a place the facts name ('Mars'): its other names ('Red Planet') are no other
            # place, so only the facts' own name is listed (to give it its scale)
            members = [m for m in members if m.casefold() in named]
        for written in members:
            letters = written.replace(" ", "").replace(".", "")
            capitalised = written[:1].isupper() and not letters.isupper()
            if capitalised and letters.isalpha() and written not in seen:
                seen.add(written)
                scales[scale].append(written)
    return scales


def generated_section(wordnet: WordNet) -> list[str]:
    """The file's generated end, as `senses` writes it for the facts as they are now."""
    lines = [
        SENSES_MARKER,
        "# Written by `python tools/derive_lexicon.py senses` from WordNet 3.0 (see its",
        "# docstring); do not edit by hand. word = [first sense, ^hypernyms up to two steps];",
        "# [places]: scale = [real places WordNet knows of that scale, capitalised as written];",
        "# [peoples]: real place = [adjectives WordNet says pertain to it, for untagged places].",
    ]
    lines += sense_table(wordnet, "v", "verbs")
    lines += sense_table(wordnet, "n", "nouns")
    places = real_places(wordnet)  # walked once for both tables
    lines += place_table(places)
    lines += peoples_table(wordnet, places)
    return lines


def senses(wordnet: WordNet) -> None:
    lines = generated_section(wordnet)
    path = DEFAULT_DATA_DIR / "lexicon.toml"
    kept = path.read_text().split(SENSES_MARKER)[0].rstrip("\n")
    path.write_text(kept + "\n\n" + "\n".join(lines) + "\n")
    print(f"{sum(' = [' in line for line in lines)} words written to {path}")


def generated_is_current(wordnet: WordNet) -> bool:
    """Facts added since the last `senses` may use words the table lacks: say so."""
    text = (DEFAULT_DATA_DIR / "lexicon.toml").read_text()
    written = SENSES_MARKER + text.split(SENSES_MARKER, 1)[-1].rstrip("\n")
    return written == "\n".join(generated_section(wordnet))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("candidates", "kinds", "senses", "verify"))
    args = parser.parse_args()
    if args.command == "kinds":
        kinds()
        return 0
    wordnet = WordNet()
    if args.command == "candidates":
        candidates(wordnet)
        return 0
    if args.command == "senses":
        senses(wordnet)
        return 0
    return verify(wordnet)


if __name__ == "__main__":
    raise SystemExit(main())
