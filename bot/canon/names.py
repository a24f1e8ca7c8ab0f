"""Names: who and what a claim or a fact talks about, recognised from the facts' tags.

Every tag is a name; the lexicon gives its kind (person, craft, place...), its other names
and demonyms ('martian' -> Mars), and tags that are one entity ('Ellen Waverly', 'Ellen
Wilson') share one id. A claim may use a surname, a first name or a nickname, and may
misspell a long name; a fact's names are its tags plus the full names in its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.canon.lexicon import CompiledLexicon
from bot.canon.text import STOPWORDS, lemmas_of, raw_tokens
from bot.lexicon_data import PLACE_SCALES

Handle = tuple[str, ...]
GENERIC_WORDS = frozenset(
    """station base city crater valley ridge landing hotel center centre space aerospace
    agency administration program programme project mission operation union republic navy
    marines marine corps security energy charter mercantile foundation church party force
    office department university academy institute council nations states army fleet
    alliance group company corporation industries systems flight lines air telescope
    prize amendment zone island lake bay sea north south east west new great first last
    one ring builders the of and for""".split()
)
RANKS = frozenset("general chief prince captain colonel admiral major commander".split())
PLACE_PREPS = frozenset("in on at into onto to from near toward towards around orbiting".split())
WORLD = frozenset({"fam", "expanse"})  # a real place no fact names may be either show's
SHOW_TITLES = frozenset({"for all mankind", "fam", "the expanse", "expanse"})


@dataclass(frozen=True, slots=True)
class Name:
    """One entity: a tag, or several tags that name the same entity."""

    id: str
    kind: str  # see bot/lexicon_data.py NAME_KINDS; '' when unknown
    universes: frozenset[str]
    full: tuple[Handle, ...]  # full names and aliases, as words
    scale: str = ""  # for a real place: state, city, country, planet, moon or asteroid
    unrecorded: bool = False  # a real place no fact names ('Ohio'), known from [places]


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a text: the entities it may be (several for a bare surname)."""

    names: tuple[Name, ...]
    start: int  # word index in the text's analysed words; -1 for a tag not in the text
    end: int
    demonym: bool = False
    ids: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", frozenset(n.id for n in self.names))

    @property
    def kind(self) -> str:
        kinds = {n.kind for n in self.names}
        return kinds.pop() if len(kinds) == 1 else ""


def _words(text: str) -> Handle:
    words = tuple(raw_tokens(text))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return tuple(w for w in words if w not in ",.;:!?")


def _character_names(people: Iterable[str]) -> set[Handle]:
    """The shows' characters (people.toml) as the facts may write them: 'Edward "Ed"
    Baldwin' is also Ed Baldwin, 'Ellen Wilson (née Waverly)' is Ellen Wilson."""
    names: set[Handle] = set()
    for person in people:
        plain = re.sub(r"\(.*?\)", " ", person)
        nicknames = re.findall(r'"([^"]+)"', plain)
        words = _words(re.sub(r'"[^"]+"', " ", plain))
        if not words:
            continue
        names.add(words)
        names.add((words[0], words[-1]))
        for nickname in nicknames:
            names.add((*_words(nickname), words[-1]))
    return names


# what a number counts when a measure follows it: 'Sojourner three days ahead' is no
# Sojourner 3; 'the Apollo 15 crew' stays Apollo 15
MEASURES = frozenset(
    """second seconds minute minutes hour hours day days week weeks month months year years
    decade decades percent miles kilometers km people""".split()
)


def _counts_after(tokens: Sequence[str], end: int) -> bool:
    """Does the name's last word, a number, count the measure after it?"""
    return end < len(tokens) and end >= 1 and tokens[end - 1].isdigit() and tokens[end] in MEASURES


def is_english(word: str) -> bool:
    return bool(lemmas_of(word)) or word in STOPWORDS


class NameIndex:
    """Every name a server's facts use, with the handles a text may use for it."""

    def __init__(
        self,
        tag_universes: dict[str, set[str]],
        lexicon: CompiledLexicon,
        people: Iterable[str] = (),
        tag_counts: dict[str, int] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.characters = _character_names(people)
        canonical: dict[str, str] = {}
        for tagged, aliases in lexicon.aliases.items():
            for alias in aliases:
                if alias in tag_universes and alias != tagged:
                    canonical[alias] = tagged
        groups: dict[str, list[str]] = {}
        for tag in tag_universes:
            if " ".join(_words(tag)) in SHOW_TITLES:
                continue
            groups.setdefault(canonical.get(tag, tag), []).append(tag)
        counts = tag_counts or {}
        self.names: dict[str, Name] = {}
        self.by_tag: dict[str, Name] = {}
        self.tag_words: dict[str, tuple[Handle, ...]] = {}  # the names' own words
        self.frequency: dict[str, int] = {}
        for key, tags in groups.items():
            universes = frozenset(u for t in tags for u in tag_universes.get(t, ()))
            kind = next((lexicon.kinds[t] for t in [key, *tags] if t in lexicon.kinds), "")
            own = {_words(t) for t in tags}
            if not kind and own & self.characters:
                kind = "person"
            full = own | {_words(a) for t in [key, *tags] for a in lexicon.aliases.get(t, ())}
            scale = next((lexicon.places[t] for t in [key, *tags] if t in lexicon.places), "")
            name = Name(key, kind, universes, tuple(sorted(h for h in full if h)), scale)
            self.names[key] = name
            self.tag_words[key] = tuple(sorted(h for h in own if h))
            self.frequency[key] = sum(counts.get(t, 0) for t in tags)
            for tag in tags:
                self.by_tag[tag] = name
        self.handles: dict[Handle, list[Name]] = {}
        self.demonym_handles: dict[Handle, Name] = {}
        self._add_handles()
        for names in self.handles.values():
            names.sort(key=lambda n: (-self.frequency.get(n.id, 0), n.id))
        self.longest = max((len(h) for h in self.handles), default=1)
        self.vocabulary = sorted({w for h in self.handles for w in h if len(w) >= 4})
        # first names too common a word to resolve ('Shed' Garvey): still never free words
        self.by_first_name: dict[str, list[Name]] = {}
        not_first = STOPWORDS | RANKS
        for n in self.names.values():
            if n.kind != "person":
                continue
            for h in self.tag_words[n.id]:
                if len(h) >= 2 and len(h[0]) >= 3 and h[0] not in not_first:
                    self.by_first_name.setdefault(h[0], []).append(n)
        self.first_names = frozenset(self.by_first_name)
        # the words of characters no fact names ('Jack Broadstreet'): a name, never wording
        self.character_words = frozenset(
            w for h in self.characters for w in h if w not in STOPWORDS and not is_english(w)
        )
        self.vocabulary_set = frozenset(self.vocabulary)
        self.named_in: dict[str, list[tuple[Handle, Name]]] = {}  # word -> names it is in
        for name in self.names.values():
            for handle in name.full:
                for word in set(handle):
                    self.named_in.setdefault(word, []).append((handle, name))
        self.name_words = self.vocabulary_set | {
            h[0] for h in [*self.handles, *self.demonym_handles] if len(h) == 1
        }  # every word that is, or is part of, a name: never respelt as English
        self.after_place_word: set[Handle] = set()  # 'mercury' is a place only 'into mercury'
        self.place_words: set[str] = set()  # the real places' words: never respelt
        self._add_real_places()

    def _add_handles(self) -> None:
        for name in self.names.values():
            for handle in name.full:
                self.handles.setdefault(handle, []).append(name)
        surnames = {
            h[-1]
            for n in self.names.values()
            if n.kind == "person"
            for h in self.tag_words[n.id]
            if len(h) >= 2
        }
        short: dict[Handle, list[Name]] = {}
        for name in self.names.values():
            for handle in self.tag_words[name.id]:
                for word in self._short_forms(name, handle, surnames):
                    taken = self.handles.get((word,), [])
                    # a full name wins over a short form, unless it is another show's
                    if all(not (n.universes & name.universes) for n in taken):
                        short.setdefault((word,), []).append(name)
        for handle, names in short.items():
            self.handles.setdefault(handle, []).extend(names)
        for tag, words in self.lexicon.demonyms.items():
            place = self.by_tag.get(tag)
            if place is not None:
                for word in words:
                    self.demonym_handles[_words(word)] = place

    def _add_real_places(self) -> None:
        """Real places no fact names ('Ohio', 'Phobos'), so that a claim moving an event
        there is told apart from one the facts can say nothing about. A place whose name
        is English words ('Mercury', 'First State') is one only right after 'in', 'into',
        'on'... They are never a typo's correction, and never respelt themselves."""
        for written, scale in self.lexicon.places.items():
            handle = _words(written)
            if not handle or handle in self.handles or handle in self.demonym_handles:
                continue
            if len(handle) == 1 and handle[0] in STOPWORDS:
                continue
            kind = PLACE_SCALES[scale]
            name = Name(written, kind, WORLD, (handle,), scale, unrecorded=True)
            self.names[written] = name
            self.handles[handle] = [name]
            self.place_words.update(handle)
            self.longest = max(self.longest, len(handle))
            if all(is_english(w) for w in handle):  # 'Mercury', 'First State'
                self.after_place_word.add(handle)
            for word in self.lexicon.peoples.get(written, ()):
                people = _words(word)  # 'a Chinese astronaut': of a country no fact names
                if people and people not in self.handles and people not in self.demonym_handles:
                    self.demonym_handles[people] = name

    def _short_forms(self, name: Name, handle: Handle, surnames: set[str]) -> list[str]:
        """A person's surname (and first name, for the shows' characters and for first names
        that are no English word: 'Shane', 'Mei'), unless every word of the name is English;
        a place's or craft's distinctive word ('Tycho' for Tycho Station)."""
        if len(handle) < 2:
            return []
        if name.kind == "person":
            if all(w in STOPWORDS or is_english(w) for w in handle):
                return []  # a title for a name ('The Chief Designer'): 'chief' is no one
            first, last = handle[0], handle[-1]
            forms = []
            if len(last) >= 3 and last not in STOPWORDS:
                forms.append(last)
            if (
                (handle in self.characters or (len(first) >= 3 and not is_english(first)))
                and len(first) >= 2
                and first not in STOPWORDS
                and first not in GENERIC_WORDS
            ):
                forms.append(first)
            return forms
        if len(handle) != 2:  # longer names get their short forms from the lexicon's aliases
            return []
        distinctive = [
            w
            for w in handle
            if w not in GENERIC_WORDS
            and not w.isdigit()
            and len(w) >= 4
            and not is_english(w)
            and w not in surnames
        ]
        generic = [w for w in handle if w in GENERIC_WORDS]
        return distinctive if len(distinctive) == 1 and len(generic) == 1 else []

    def the_one(self, mention: Mention, universe: str = "") -> str:
        """The entity a mention names (in `universe`, when given: 'Alex' is Alex Kamal in
        The Expanse): its only one, or of several ('Holden': James or Elise) the only main
        character of the shows; '' when it stays ambiguous."""
        names = [n for n in mention.names if not universe or universe in n.universes]
        if len(names) == 1:
            return names[0].id
        main = [n.id for n in names if set(self.tag_words[n.id]) & self.characters]
        return main[0] if len(main) == 1 else ""

    def universes_of(self, mention: Mention) -> frozenset[str]:
        return frozenset(u for n in mention.names for u in n.universes)

    # -- finding names in words ------------------------------------------------------

    def find(self, words: Sequence[str], *, fuzzy: bool = False) -> list[Mention]:
        """Names in `words` (folded tokens), longest first; a misspelt long word is
        forgiven when `fuzzy` (claims are typed by fans, facts are not)."""
        tokens = list(words)
        if fuzzy:
            tokens = [self._correct(t) for t in tokens]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            match = None
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                handle = tuple(tokens[i : i + size])
                if (
                    handle in self.handles
                    and (size > 1 or tokens[i] not in STOPWORDS)
                    and not _counts_after(tokens, i + size)
                    and (handle not in self.after_place_word or _after_place_word(tokens, i))
                ):
                    match = Mention(tuple(dict.fromkeys(self.handles[handle])), i, i + size)
                    break
                if handle in self.demonym_handles:
                    match = Mention((self.demonym_handles[handle],), i, i + size, demonym=True)
                    break
            if match is not None and match.end == i + 1 and i + 1 < len(tokens):
                match = self._shortened(tokens, i) or match
            if match is None and fuzzy and _opens_clause(tokens, i) and _verb_next(tokens, i):
                people = self.by_first_name.get(tokens[i], [])
                if len(people) == 1:  # 'shed gets taken out': Shed Garvey, as a subject
                    match = Mention(tuple(people), i, i + 1)
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.end
        return found

    def _shortened(self, tokens: Sequence[str], i: int) -> Mention | None:
        """'the paine telescope': a word of a longer name followed by that name's last word
        (its head) is the longer name, shortened (the Paine Space Telescope), not Thomas
        Paine; 'polaris space' is no shortened Polaris Space Tours."""
        first, second = tokens[i], tokens[i + 1]
        if second in STOPWORDS:
            return None
        found = {
            name.id: name
            for handle, name in self.named_in.get(first, [])
            if len(handle) > 2 and handle[-1] == second and first in handle[:-1]
        }
        if len(found) != 1:
            return None
        return Mention(tuple(found.values()), i, i + 2)

    def _correct(self, token: str) -> str:
        if len(token) < 5 or token.isdigit() or is_english(token):
            return token
        if (token,) in self.handles or token in self.vocabulary_set:
            return token
        best = process.extractOne(token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=84)
        return best[0] if best else token

    def mentions_for_fact(self, words: Sequence[str], tags: Sequence[str]) -> list[Mention]:
        """A fact's names: those in its text, each narrowed to the fact's own tags when a
        surname could be several people, and every tag (at -1 when not in the text)."""
        tagged = {self.by_tag[t].id for t in tags if t in self.by_tag}
        mentions = []
        for mention in self.find(words):
            own = tuple(n for n in mention.names if n.id in tagged)
            if own and len(own) < len(mention.names):
                mention = Mention(own, mention.start, mention.end, mention.demonym)
            mentions.append(mention)
        present = {i for m in mentions for i in m.ids}
        for tag in tags:
            name = self.by_tag.get(tag)
            if name is not None and name.id not in present:
                mentions.append(Mention((name,), -1, -1))
                present.add(name.id)
        return mentions


def _after_place_word(tokens: Sequence[str], i: int) -> bool:
    return i > 0 and tokens[i - 1] in PLACE_PREPS


def _opens_clause(tokens: Sequence[str], i: int) -> bool:
    return i == 0 or tokens[i - 1] in (",", "and", "but", "then", "so", ";")


def _verb_next(tokens: Sequence[str], i: int) -> bool:
    """Is the word after `i` a verb in a form only a subject takes ('gets', 'killed')?"""
    if i + 1 >= len(tokens):
        return False
    following = tokens[i + 1]
    lemmas = lemmas_of(following).get("VERB", ())
    return bool(lemmas) and following not in lemmas  # 'gets', 'kills', 'died'; not 'run'
