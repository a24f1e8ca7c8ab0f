"""Text as the engine compares it: folded words, their lemmas and stems, negation, clauses.

Stems come from the Snowball English stemmer (PyStemmer) and lemmas from lemminflect, so
'won' meets 'win' and 'landed' meets 'landing'; nothing here knows about the shows. The
domain words (which verbs name the same event, nicknames, demonyms) live in
data/lexicon.toml and are applied by bot/canon/lexicon.py.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import Stemmer
from lemminflect import getAllLemmas, getInflection

_STEMMER = Stemmer.Stemmer("english")

# Function words: they carry no claim of their own. Generic English, not show vocabulary.
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being
    am it its this that these those there their theirs they them he she his her hers him
    himself herself themselves itself who whom whose which what when where while do does
    did done doing has have had having into onto about over under than then so such also
    very just really actually ever both either each any some all i you we me my your our
    us true false canon claim fact show shows series happen happens happened happening
    will would can could should may might must shall say says said tell tells told
    something someone somebody like around roughly approximately nearly almost basically
    kind sort pretty quite somehow apparently indeed eventually finally later ultimately
    officially still again already yet even only own whole one's if whether because
    end ends ended ending up get gets got getting gotten go goes went gone going become
    becomes became becoming make makes made making thing things stuff lot lots
    remember right yes yeah lol omg literally totally definitely probably originally
    back out off down way one ones here how why not no never nor neither none s dr mr mrs ms
    lt sgt prof after before during since until till because upon past beyond through
    aboard onboard anybody anyone anything""".split()
)
NEGATORS = frozenset("not never no none nobody nothing neither nor without cannot nowhere".split())
# Words that deny what follows them: 'fails to ignite', 'faked her death', 'instead of landing'.
DENIERS = frozenset(
    """fail fails failed failing refuse refuses refused refusing decline declines declined
    fake fakes faked faking feign feigns feigned pretend pretends pretended pretending
    falsify falsifies falsified falsifying
    avoid avoids avoided almost nearly abort aborts aborted aborting cancel cancels
    cancelled canceled unable""".split()
)
DENYING_PHRASES = (
    ("instead", "of"),
    ("rather", "than"),
    ("stops", "short", "of"),
    ("look", "as", "though"),  # "to make it look as though he took his own life"
    ("look", "as", "if"),
)
NEGATION_REACH = 4  # content words a negation reaches, within its clause
# 'tells her to resign', 'wants to blow up the Ring', 'about to shoot himself': what follows
# 'to' is not said to happen
HEDGES = frozenset(
    """tell tells told ask asks asked order orders ordered want wants wanted urge urges
    urged plan plans planned try tries tried attempt attempts attempted hope hopes hoped
    propose proposes proposed threaten threatens threatened offer offers offered expect
    expects expected demand demands demanded intend intends intended warn warns warned
    warning warnings about ready prepared willing poised hesitate hesitates hesitated agree agrees
    agreed claim claims claimed claiming advise advises advised beg begs begged plead
    pleads pleaded encourage encourages encouraged trying attempting planning hoping
    wanting asking ordering urging threatening offering demanding intending expecting
    meant supposed aim aims aimed aiming seek seeks sought seeking prepare prepares
    preparing promise promises promised promising vow vows vowed vowing pledge pledges
    pledged pledging swear swears swore sworn""".split()
)
MODALS = frozenset({"would", "could", "might", "should"})
# words opening the clause of a modal: what comes before them happened ('Deke bumps Gordo
# so Molly could fly', 'shot him because he would have talked')
MODAL_CLAUSE_OPENERS = frozenset("so because since when while after until".split())
BE_TO = frozenset("is are was were".split())  # 'are to stand trial'
HEDGE_BACK = 3  # words between a hedge and its 'to' ('wants Kelly Baldwin to give birth')
SENDING = frozenset("send sends sent sending dispatch dispatches dispatched".split())
SENT_REACH = 5  # words between 'sent' and the 'to' of its errand ('sent from the Xuesen to')
# 'warned not to land', 'warnings about landing', 'warned against it': what follows is hedged
HEDGED_BY = frozenset({"to", "about", "against"})
# 'warned Kelly about Mars' hedges what follows; 'tells Alex about her rat', 'asked about an
# affair' only name a topic, which the telling neither makes happen nor denies
WARNINGS = frozenset("warn warns warned warning warnings".split())
PROPOSALS = frozenset(  # what follows as '-ing' is only proposed ('proposes spacing Naomi')
    """propose proposes proposed suggest suggests suggested consider considers considered
    threaten threatens threatened recommend recommends recommended""".split()
)
NEAR_MISSES = frozenset({"almost", "nearly"})
# 'investigates possible Soviet sabotage': the next word is only a possibility
MAYBES = frozenset(
    """possible possibly alleged allegedly supposedly potential potentially presumed
    presumably probable probably likely perhaps maybe apparent apparently""".split()
)
HAPPENING = frozenset("happen happens happened happening".split())  # 'never happened'
# 'Yao believes it was sent for Naomi', 'accuses Fred Johnson of sending the crew', 'is
# suspected of belonging to an OPA sleeper cell', 'if she tampers with the ship': what
# someone believes, fears or accuses another of, or what is only supposed, is not said to
# happen (to the end of its clause or comma)
BELIEFS = frozenset(
    """believe believes believed believing suspected accuse
    accuses accused accusing convinced assume assumes assumed
    theory theories rumor rumors rumour rumours rumored rumoured if unless""".split()
)
INSISTING = frozenset("insist insists insisted insisting".split())
SUPPOSITION_ENDS = frozenset({"so", "then"})  # what follows is said to happen again
SUSPECTING = frozenset("suspect suspects suspecting".split())  # of a statement only
SUSPECT_REACH = 6  # words after 'suspects' where its statement's verb 'is' or 'that' stands
BELIEF_REACH = 12  # content words a belief reaches, within its clause and before a comma
# 'so he won't fire on Buran', 'so the boarders can't take it': a purpose, not a denial
PURPOSE_MODALS = frozenset({"will", "would"})  # not "can't": often a result
NEGATIVE_PURPOSES = frozenset({("so", "as", "not", "to"), ("in", "order", "not", "to")})
PURPOSE_REACH = 4  # words between 'so' (or 'so that') and its 'won't'
# 'to stop him firing', 'keeps the shuttle from being destroyed': what is headed off
PREVENTERS = frozenset(
    """stop stops stopped stopping prevent prevents prevented preventing keep keeps kept
    keeping""".split()
)
PREVENTED_REACH = 4  # words between 'stops' and what it heads off ('stops Cyn from helping')
CLAUSE_BREAKS = frozenset(";:.!?")
CLAUSE_WORDS = frozenset("while whereas but although though because after before when".split())
RELATIVE_WORDS = frozenset("who which whose whom".split())
BE_WORDS = frozenset("is are was were be been being am get gets got gotten getting".split())

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
MULTIPLIERS = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"(?<=\w)'s\b"), " s"),  # a possessive stays visible to the slots
    (re.compile(r"'(?:re|ve|ll|d|m)\b"), ""),
    (re.compile(r"s'(?=\s|$)"), "s"),
)
_PHRASES = (
    (re.compile(r"\bon board\b"), "aboard"),
    # how long something held says nothing a fact states: 'alive the whole time'
    (re.compile(r"\b(?:the whole time|all along)\b"), ""),
)
# 'Julie used to race the Razorback': a habit in the past is the event itself; not 'are
# also used to expose', 'was used to kill' (a thing put to use)
_HABITUAL = re.compile(r"\b(?:(\w+) )?(?:(\w+) )?used to (be )?(?=[a-z])")
# How fans type: contractions without apostrophes, and chat spellings.
INFORMAL = {
    "cant": "can not",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "wasnt": "was not",
    "werent": "were not",
    "arent": "are not",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "hasnt": "has not",
    "havent": "have not",
    "hadnt": "had not",
    "aint": "is not",
    "shes": "she is",
    "hes": "he is",
    "thats": "that is",
    "theyre": "they are",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "thru": "through",
    "outta": "out of",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "tho": "though",
    "u": "you",
    "ur": "your",
    "w": "with",
    "ppl": "people",
    "gunny": "gunnery sergeant",
    "biz": "business",
    "snuck": "sneaked",
    "comm": "communications",
    "comms": "communications",
    "sec": "second",
    "secgen": "secretary general",
    "ep": "episode",
    "eps": "episodes",
    "n": "and",  # 'gordo n tracy'
    "plus": "and",
    "vs": "against",
    "b4": "before",
    "theres": "there is",
    "kinda": "kind of",
    "sorta": "sort of",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "lol": "",
    "asap": "",
    "ngl": "",
    "idk": "",
    "iirc": "",
    "afaik": "",
    "omg": "",
    "smh": "",
    "fr": "",
    "lmao": "",
    "tbh": "",
    "imo": "",
    "btw": "",
    "ok": "",
}
# Two words fans shorten together: 'sec gen' is not a second of anything.
INFORMAL_PAIRS = {("sec", "gen"): "secretary general", ("pretty", "sure"): ""}
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "our", "their", "his", "her"})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DOLLARS = re.compile(r"\$\s?(\d+(?:\s+(?:" + "|".join(MULTIPLIERS) + r")\b)?)")
# A full stop after a title or an initial ends no sentence: 'Dr. Strickland', 'U.N.'
_ABBREVIATION = re.compile(
    r"\b(dr|mr|mrs|ms|st|lt|jr|sr|gen|col|capt|adm|sgt|prof|vs|[a-z])\.(?=\s*[a-z0-9,;]|$)"
)
_ORDINAL_DIGITS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_TOKEN = re.compile(r"#\d+|[a-z0-9]+|[;:.!?,]")  # 'Rock #9' is a label: no count, no year


def fold(text: str) -> str:
    """Lower-case ASCII text: accents folded, contractions opened, possessives dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _THOUSANDS.sub("", text)
    text = _DOLLARS.sub(r"\1 dollars", text)  # '$20 trillion' counts dollars
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _HABITUAL.sub(_habit, text)
    text = _ABBREVIATION.sub(r"\1", text)
    return _ORDINAL_DIGITS.sub(r"\1th", text)


def _habit(match: re.Match[str]) -> str:
    before = [w for w in match.groups()[:2] if w]
    if any(w in BE_WORDS for w in before):
        return match.group(0)
    return "".join(f"{w} " for w in before) + ("was " if match.group(3) else "")


def raw_tokens(text: str) -> list[str]:
    """Words, digits and clause punctuation of folded text; spoken numbers as digits."""
    found = _TOKEN.findall(fold(text))
    tokens: list[str] = []
    i = 0
    while i < len(found):
        token = found[i]
        pair = INFORMAL_PAIRS.get((token, found[i + 1] if i + 1 < len(found) else ""))
        if pair is not None:
            tokens.extend(pair.split())
            i += 2
            continue
        if token in INFORMAL and not (
            tokens and tokens[-1] in DETERMINERS and INFORMAL[token].endswith(" not")
        ):
            tokens.extend(INFORMAL[token].split())  # 'the cant' is the ship, not 'can not'
        else:
            tokens.append(token)
        i += 1
    return _numbers_as_digits(_idioms(tokens))


GO_FORMS = frozenset("go goes went gone going".split())
WAKE_FORMS = frozenset("wake wakes woke woken waking".split())
LEFT_OF = (
    ["whats", "left"],
    ["what", "s", "left"],
    ["what", "was", "left"],
    ["what", "is", "left"],
)


BEAT_FORMS = frozenset("beat beats beating".split())
RIVAL_REACH = 3  # words naming who is beaten to a place ('beat the Americans to the Moon')
NOT_A_RACE = frozenset({"death", "pulp", "a"})  # 'beats Roma to death', 'to a pulp'


def _beaten_to(tokens: list[str], i: int) -> int:
    """'the Soviets beat NASA to the Moon': the words up to 'to' that name the rival (who
    is everyone the first one beat), or 0."""
    if tokens[i] not in BEAT_FORMS:
        return 0
    for n in range(1, RIVAL_REACH + 1):
        if i + n + 1 >= len(tokens) or tokens[i + n] in CLAUSE_BREAKS or tokens[i + n] == ",":
            return 0
        if tokens[i + n] == "to":
            return n if tokens[i + n + 1] not in NOT_A_RACE else 0
    return 0


def first_for_beaten(tokens: list[str]) -> list[str]:
    """A claim's 'the Soviets beat NASA to the Moon' as 'the Soviets were first to the
    Moon': the rival is everyone the first one beat. Claims only: a fact's 'will beat the
    Soviets to Mars' is a pledge about the Soviets."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        rival = _beaten_to(tokens, i)
        if rival:
            out += ["were", "first"]
            i += rival
            continue
        out.append(tokens[i])
        i += 1
    return out


def _idioms(tokens: list[str]) -> list[str]:
    """Fans' idioms in the words the facts use: 'Cotyar doesn't make it' (he dies; not
    'doesn't make it to Mars', 'back', 'out'), 'makes it back to Earth' (a return, not only
    a survival), 'is the one lowered' ('was lowered'), 'wakes up from his coma' (survives),
    'goes down with the ship' (dies with it), "what's left of Julie" (what remains of her),
    'used to be' (was originally)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        after = tokens[i + 4] if i + 4 < len(tokens) else ""
        if (
            tokens[i] in ("do", "does", "did")
            and tokens[i + 1 : i + 4] == ["not", "make", "it"]
            and after not in MADE_IT_SOMEWHERE
        ):
            out.append("died" if tokens[i] == "did" else "dies")
            i += 4
            continue
        if (
            tokens[i] in ("is", "was")
            and tokens[i + 1 : i + 3] == ["the", "one"]
            and is_participle(tokens[i + 3] if i + 3 < len(tokens) else "")
        ):
            out.append(tokens[i])  # 'Tracy is the one lowered into the crater': she is
            i += 3
            continue
        if (
            tokens[i] in WAKE_FORMS
            and tokens[i + 1 : i + 3] == ["up", "from"]
            and tokens[i + 4 : i + 5] == ["coma"]
        ):
            out.append("survives")  # 'wakes up from his coma' (not 'wakes up aboard the ship')
            i += 5
            continue
        if tokens[i : i + 3] == ["used", "to", "be"]:
            out += ["was", "originally"]  # 'the Roci used to be the Tachi'
            i += 3
            continue
        if tokens[i] in GO_FORMS and tokens[i + 1 : i + 3] == ["down", "with"]:
            out += ["dies", "with"]  # 'goes down with Eros', 'with the ship': a death
            i += 3
            continue
        left = next(
            (
                n
                for n in (3, 2)
                if tokens[i : i + n] in LEFT_OF and tokens[i + n : i + n + 1] == ["of"]
            ),
            0,
        )
        if left:  # "what's left of Julie": what remains of her
            out += ["what", "remains"]
            i += left
            continue
        back = tokens[i + 3] if i + 3 < len(tokens) else ""
        if tokens[i] in MAKE and tokens[i + 1 : i + 3] == ["it", "back"] and back in ("to", "up"):
            out.append(MAKE[tokens[i]])  # 'makes it back up to Jamestown': a return
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    return out


def is_participle(word: str) -> bool:
    """A verb's past participle ('lowered', 'taken', 'found'), not its base or '-ing'."""
    lemmas = lemmas_of(word).get("VERB", ())
    if not lemmas_of(word):  # slang past forms lemminflect does not know: 'offed'
        return word.endswith("ed") and len(word) > 4
    past = word not in lemmas or any(  # 'found' is also 'to found', but first 'find''s;
        word in (getInflection(lemma, "VBN") or ())  # 'hit' and 'shut' are their own
        for lemma in lemmas
        if lemma != word or len(lemmas) == 1
    )
    return (
        bool(lemmas)
        and past
        and not word.endswith("ing")
        and not (word.endswith("s") and not word.endswith("ss"))
    )


MAKE = {"make": "return", "makes": "returns", "made": "returned", "making": "returning"}
# 'doesn't make it *to* Mars', '*back*', '*out*': arriving, not surviving
MADE_IT_SOMEWHERE = frozenset(
    "to back out home through off past onto into in inside up down there here alive".split()
)

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


DECADE_WORDS = {
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
_DECADE = re.compile(r"(?:(1[89]|2[0-9])?([0-9])0)s")


def decade_of(token: str) -> int | None:
    """'1990s', '90s' and 'nineties' are the 1990s (a short decade is the 20th century's:
    fans of For All Mankind say 'the 70s'); None for any other word."""
    if token in DECADE_WORDS:
        return DECADE_WORDS[token]
    found = _DECADE.fullmatch(token)
    if found is None:
        return None
    century = int(found.group(1)) if found.group(1) else 19
    return century * 100 + int(found.group(2)) * 10


def _numbers_as_digits(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        decade = decade_of(word)
        if decade is not None:
            out.append(f"{decade}s")  # 'the 90s', 'the nineties': one spelling, '1990s'
            i += 1
            continue
        if word.isdigit() and len(word) == 2 and int(word) > 31 and out and out[-1] in MONTHS:
            out.append(f"19{word}")  # 'june 69': fans shorten the year after a month
            i += 1
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            word.isdigit()
            and len(word) == 2
            and int(word) >= 50
            and out
            and out[-1] in ("in", "since")
            and (not following or following in STOPWORDS or not following.isalnum())
        ):
            out.append(f"19{word}")  # 'elected in 76', 'back in 83': a year, not a count
            i += 1
            continue
        if word == "one" and out and out[-1] in ("only", "just"):
            out.append("1")  # 'only one of the rocks': a count ('the one who' is not)
            i += 1
            continue
        if word in NUMBER_WORDS or (word.isdigit() and i + 1 < len(tokens)):
            value = NUMBER_WORDS.get(word, int(word) if word.isdigit() else 0)
            j = i + 1
            if word != "dozen" and j < len(tokens) and tokens[j] in NUMBER_WORDS:
                small = NUMBER_WORDS[tokens[j]]
                if value >= 20 and value % 10 == 0 and small < 10:
                    value, j = value + small, j + 1
            while j < len(tokens) and tokens[j] in MULTIPLIERS:
                value, j = value * MULTIPLIERS[tokens[j]], j + 1
            if j > i + 1 or word in NUMBER_WORDS:
                out.append(str(value))
                i = j
                continue
        out.append(word)
        i += 1
    return out


def spoken_number(value: int) -> str:
    """A count as a reply writes it: '1,700', '20 billion', '2 trillion'."""
    for word, size in sorted(MULTIPLIERS.items(), key=lambda pair: -pair[1]):
        if size >= 10**6 and value >= size and value % (size // 1000) == 0:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,}"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # Snowball gives 'executive' the stem of 'execute' and 'detective' that of 'detect':
    # a -tive or -sive word keeps its own, so an executive order kills no one
    own = word[:-1] if word.endswith(("tives", "sives")) else word
    return own if own.endswith(("tive", "sive")) else _STEMMER.stemWord(word)


@lru_cache(maxsize=200_000)
def lemmas_of(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's readings of a word ({'VERB': ('win',)}), remembered: lemminflect
    copies its tables on every call."""
    return getAllLemmas(word)


@lru_cache(maxsize=200_000)
def word_stems(word: str) -> frozenset[str]:
    """The stems a word can stand for: its own and those of its lemmas ('won' -> win)."""
    stems = {stem(word)}
    if not word.isdigit():
        for lemmas in lemmas_of(word).values():
            stems.update(stem(lemma) for lemma in lemmas)
    return frozenset(stems)


def doer_stem(word: str) -> frozenset[str]:
    """What a doer's noun does ('racer' races, 'boarder' boards), so a claim's 'old racer'
    meets a fact's 'racing ship'; not a word that is itself a verb ('number')."""
    readings = lemmas_of(word)
    if "VERB" in readings:
        return frozenset()
    for noun in readings.get("NOUN", ()):
        if noun.endswith("er") and len(noun) > 4:
            doer = next((v for v in (noun[:-1], noun[:-2]) if "VERB" in lemmas_of(v)), "")
            if doer:
                return frozenset({stem(doer)})
    return frozenset()


RESPELL_MIN = 5  # shorter words are too close to each other to correct
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def open_possessives(tokens: list[str], is_name: Callable[[str], bool]) -> list[str]:
    """'marcos people' -> 'marco s people', 'gordos son' -> 'gordo s son': fans drop the
    apostrophe of a name's possessive. Only a word no dictionary knows and no name is,
    whose letters without the final 's' are a name."""
    out: list[str] = []
    for token in tokens:
        if (
            len(token) > 3
            and token.endswith("s")
            and not is_name(token)
            and is_name(token[:-1])
            and not lemmas_of(token)
        ):
            out += [token[:-1], "s"]
        else:
            out.append(token)
    return out


def respell(
    tokens: list[str],
    keep: Callable[[str], bool],
    used: Callable[[str], float],
    known: Callable[[str], bool] = lambda word: False,
) -> list[str]:
    """'kiled' -> 'killed', 'directer' -> 'director': a word no dictionary knows and no
    name (`keep`, whose near misses are kept too), one edit from English words with its
    first letter; of those, the one the facts use most (`used`, by stem). A word with no
    such neighbour stays as typed, and so does a `known` word ('phobos') and a word the
    facts use themselves ('recon' is no 'reckon'). Two words the facts write as one, one
    of them a word no fact uses, are joined ('rail guns' -> 'railguns')."""
    out = []
    for token in _joined_compounds(tokens, keep, used):
        if (
            len(token) < RESPELL_MIN
            or not token.isalpha()
            or keep(token)
            or known(token)
            or lemmas_of(token)
            or used(stem(token)) > 0
        ):
            out.append(token)
            continue
        edits = _one_edit(token)
        if any(keep(c) for c in edits):
            out.append(token)  # a misspelt name ('polairs'): the name index forgives it
            continue
        scored: list[tuple[float, str]] = []
        for c in sorted(edits):
            if c[0] != token[0]:
                continue  # typists rarely miss the first letter ('yeets' is no 'meets')
            if c in STOPWORDS and c not in NEGATORS:  # 'durring', 'becuase' (never a 'not')
                scored.append((math.inf, c))
            elif (use := used(stem(c))) > 0 and lemmas_of(c):  # the dictionary last: a
                scored.append((use, c))  # cold lookup costs far more than a stem
        best = max(scored, default=(0.0, token))
        out.append(best[1])
    return out


def _joined_compounds(
    tokens: list[str], keep: Callable[[str], bool], used: Callable[[str], float]
) -> list[str]:
    """'rail guns', 'air lock': a compound a fan splits, when the facts use it whole and
    not both of its halves (so 'space suit' stays as typed where facts say 'space')."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        b = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            b
            and a.isalpha()
            and b.isalpha()
            and not ({a, b} & STOPWORDS)
            and not (keep(a) or keep(b))
            and used(stem(a + b)) > 0
            and not (used(stem(a)) > 0 and used(stem(b)) > 0)
        ):
            out.append(a + b)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _one_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}


def is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2600


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text, with what the engine compares and where it stands."""

    text: str
    index: int
    stems: frozenset[str]
    clause: int
    negated: bool
    stop: bool
    hedged: bool = False  # asked for, planned or tried, not said to happen
    after_comma: bool = False  # 'After winning the presidency, Ted Kennedy ...'
    contrasted: bool = False  # 'goes to Mars *not Earth*': an alternative ruled out
    headed_off: bool = False  # in what a purpose heads off ('so he won't fire on *Buran*')


def analyse_words(text: str) -> tuple[Word, ...]:
    """Split text into words with stems, clause numbers and negation (punctuation dropped).

    A negation ('not', 'never', 'no one', 'failed to', 'instead of') reaches the next few
    content words of its clause. Clauses break at ; : . and at words such as 'while' or
    'after'; a relative clause ('Kranz, who walked out to the pad, is killed') gets its own
    number and the main clause resumes after it.
    """
    tokens, headed_off = _purposes(raw_tokens(text))
    words: list[Word] = []
    clause = parent = 0
    next_clause = 1
    in_relative = False
    reach = 0
    hedge = 0  # words left in a hedged infinitive ('wants to blow up the Ring')
    heading_off = False  # the hedge is what a purpose heads off
    believed = False  # the hedge is what someone believes or accuses another of
    comma = False
    contrast = 0  # content words left in a ruled-out alternative ('Mars not Earth')
    suspected_from = -1  # where a suspected statement's verb stands
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in CLAUSE_BREAKS:
            clause, next_clause, in_relative, reach = next_clause, next_clause + 1, False, 0
            hedge = contrast = 0
            heading_off = believed = False
            i += 1
            continue
        if token == ",":
            if in_relative:
                clause, in_relative = parent, False
            reach = contrast = 0
            if believed or not heading_off:
                hedge, believed = 0, False  # 'trying to get ahead, and Ed agrees
            comma = True
            i += 1
            continue
        if (
            token == "not"
            and words
            and not words[-1].stop
            and (tokens[i - 1] != "," or _contrast_after_comma(tokens, i))
        ):
            contrast = NEGATION_REACH  # 'goes to Mars not Earth', 'Holden not Miller',
            i += 1  # 'called Soyuz-Apollo, not Apollo-Soyuz'
            continue
        if token in RELATIVE_WORDS and words and tokens[i - 1] == ",":
            parent, clause, next_clause, in_relative = clause, next_clause, next_clause + 1, True
        elif token in CLAUSE_WORDS:
            clause, next_clause, reach = next_clause, next_clause + 1, 0
            if believed:  # 'suspects the Pentagon was using it *when* the Soviets shot it
                hedge, believed = 0, False  # down': when it happened is no suspicion
        phrase = next((p for p in DENYING_PHRASES if tuple(tokens[i : i + len(p)]) == p), None)
        if phrase is not None:
            for part in phrase:
                words.append(Word(part, len(words), frozenset({part}), clause, False, True))
            i += len(phrase)
            reach = NEGATION_REACH
            continue
        stop = token in STOPWORDS or token in NEGATORS
        if i in headed_off:
            hedge, heading_off = NEGATION_REACH, True
        heading_off = heading_off and hedge > 0
        if i == suspected_from:  # 'suspects the call *is* pirate bait': what it is said to be
            hedge, believed = BELIEF_REACH, True
        if token in SUSPECTING:
            suspected_from = _suspected_verb(tokens, i)
        if believed and (
            token in SUPPOSITION_ENDS
            or (token in ("and", "but") and _finite_verb(tokens[i + 1 : i + 2]))
        ):  # 'unless he is paid, so Amos beats him'; 'suspects it is bait and orders it
            hedge, believed = 0, False  # ignored': the believer's own next deed is done
        if token in ("and", "or", "but"):
            contrast = 0
        contrasted = contrast > 0 and not stop
        # 'refuses to *go* back to therapy': a light verb a denier governs is denied too
        governed = i >= 2 and tokens[i - 1] == "to" and tokens[i - 2] in DENIERS
        negated = reach > 0 and (not stop or governed) and not contrasted
        hedged = (hedge > 0 and not stop) or tokens[i : i + 2] == ["collision", "course"]
        words.append(
            Word(
                token,
                len(words),
                word_stems(token),
                clause,
                negated,
                stop,
                hedged,
                comma,
                contrasted,
                heading_off and hedged,
            )
        )
        comma = False
        if contrasted:
            contrast = 0  # one word or name ('not Earth'); a longer name stays whole
        if token == "except":
            contrast = NEGATION_REACH  # 'kill the crew except Julie': she is spared
        if words[-2:-1] and (
            (token in HEDGED_BY and _hedging(words, len(words) - 2, token))
            or (token == "to" and _going_to(words[-2].text, tokens[i + 1 : i + 2]))
            or (token == "to" and _is_to(words[-2].text, tokens[i + 1 : i + 2]))
            or (token == "to" and _sent_to(words, tokens[i + 1 : i + 2]))
        ):
            hedge = NEGATION_REACH
        elif token in PROPOSALS and tokens[i + 1 : i + 2] and tokens[i + 1].endswith("ing"):
            hedge = 2  # 'Marco proposes spacing Naomi': proposed, not done
        elif token in NEAR_MISSES:
            hedge = 1  # 'almost killed Avasarala': no one was killed
        elif token in MAYBES:
            hedge = 2  # 'possible Soviet sabotage': its noun and what qualifies it
        elif (token in BELIEFS and not _describes_kind(words)) or (
            token in INSISTING and tokens[i + 1 : i + 2] == ["that"]
        ):  # 'insists that only Mars can build stealth ships'; not 'insists the family stay
            hedge, believed = BELIEF_REACH, True
        elif hedged:
            hedge -= 1
        if (
            token == "not"
            and tokens[i + 1 : i + 2] == ["to"]
            and _hedging(words, len(words) - 1)
            and not (len(words) >= 2 and words[-2].text in BE_WORDS)
        ):
            pass  # 'warned not to land': an instruction, neither the landing nor its denial
            # ('the plan wasn't to use the Nauvoo' denies the plan)
        elif token in NEGATORS or (token in DENIERS and not _describes(words)):
            reach = NEGATION_REACH
        elif token in ("and", "or"):
            reach = 0  # 'faked her death and defected': the defection is real
        elif not stop and reach:
            reach -= 1
        i += 1
    return _hypothetical(_empty_denials(words))


def _finite_verb(following: list[str]) -> bool:
    """A verb's -s or past form ('orders', 'ordered'), which opens a new predicate."""
    return bool(following) and (
        following[0].endswith(("s", "ed")) and bool(lemmas_of(following[0]).get("VERB"))
    )


def _suspected_verb(tokens: list[str], i: int) -> int:
    """Where the verb of what 'suspects' (at i) suspects stands: 'the call *is* pirate
    bait', 'that Mars *destroyed* it'; its subject is no suspicion (the call is real). -1
    for a suspicion of someone ('which they suspect of weapons trafficking')."""
    that = False
    for k in range(i + 1, min(len(tokens), i + 1 + SUSPECT_REACH)):
        token = tokens[k]
        if token in ",;:.":
            return -1
        if token == "that":
            that = True
        elif token in BE_WORDS or (that and _finite_verb(tokens[k : k + 1])):
            return k
    return -1


def _contrast_after_comma(tokens: list[str], i: int) -> bool:
    """', not Apollo-Soyuz' closing the claim: the alternative it rules out, not a
    denial of what follows ('..., not knowing that ...')."""
    rest = tokens[i + 1 :]
    return 0 < len(rest) <= 3 and all(
        t not in STOPWORDS and not t.endswith("ing") and t not in ",;." for t in rest
    )


def _empty_denials(words: list[Word]) -> list[Word]:
    """'the JSC bombing didn't happen', 'the Moon landings never happened': a negation
    followed in its clause only by 'happen' denies the clause as a whole; it is marked on
    the negation itself, so the claim reads as a denial, never as the event ('Prax can't
    do it', 'NASA said no' deny nothing a fact could hold)."""
    marked = list(words)
    for k, word in enumerate(words):
        if word.text not in NEGATORS:
            continue
        rest = []
        for later in words[k + 1 :]:
            if later.clause != word.clause or later.after_comma:
                break
            rest.append(later)
        if all(later.stop for later in rest) and any(later.text in HAPPENING for later in rest):
            marked[k] = replace(word, negated=True)
    return marked


def _purposes(tokens: list[str]) -> tuple[list[str], frozenset[int]]:
    """What a purpose heads off is neither said to happen nor denied: 'so he won't fire on
    Buran' (its 'won't' dropped, so it reads as no refusal), 'to stop him firing', 'keeps
    the shuttle from being destroyed'. Returns the tokens and where each such phrase starts."""
    out: list[str] = []
    starts: set[int] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if tuple(tokens[i : i + 4]) in NEGATIVE_PURPOSES:  # 'so as not to kill Filip'
            out.extend((*tokens[i : i + 2], "to"))
            starts.add(len(out))
            i += 4
            continue
        subject = _after_so(out) if token in PURPOSE_MODALS else -1
        if subject >= 0 and tokens[i + 1 : i + 2] == ["not"]:
            starts.add(subject)  # its subject too: 'so *Gordo* wouldn't get grounded'
            i += 2
            continue
        out.append(token)
        if token in PREVENTERS:
            ahead = tokens[i + 1 : i + 2 + PREVENTED_REACH]
            for k, later in enumerate(ahead):
                if later in CLAUSE_BREAKS or later == ",":
                    break
                if later == "from" and ahead[k + 1 : k + 2] and ahead[k + 1].endswith("ing"):
                    starts.add(len(out) + k + 1)
                    break
                if k and later.endswith("ing") and token.startswith("stop"):
                    starts.add(len(out) + k)  # 'stop him firing'
                    break
        i += 1
    return out, frozenset(starts)


def _after_so(before: list[str]) -> int:
    """Where the subject after a 'so' or 'so that' a few words back begins, with no clause
    break between; -1 when there is none."""
    for k in range(len(before) - 1, max(-1, len(before) - 2 - PURPOSE_REACH), -1):
        if before[k] in CLAUSE_BREAKS or before[k] == ",":
            return -1
        if before[k] == "so":
            start = k + 2 if before[k + 1 : k + 2] == ["that"] else k + 1
            return start if start < len(before) else -1  # a subject between: 'so he'
    return -1


def _after_article(words: list[Word]) -> bool:
    """Does the word just added follow an article, so that it describes what comes next?"""
    return len(words) >= 2 and words[-2].text in ("a", "an", "the")


def _describes_kind(words: list[Word]) -> bool:
    """Is the word just added an adjective after an article ('a *suspected* OPA
    operative')? What it describes is still who was tortured."""
    return _after_article(words) and words[-1].text.endswith("ed")


def _describes(words: list[Word]) -> bool:
    """Is the denier just added an adjective after an article ('under *a fake* name')?
    A fake name is still the name she used; 'faked her death' denies the death."""
    return _after_article(words) and words[-1].text == "fake"


def _hypothetical(words: list[Word]) -> tuple[Word, ...]:
    """'Eros striking Earth would kill billions', 'the torpedo that would have killed
    Marco': the phrase around 'would', 'could' or 'might' (to a comma or its clause's end)
    tells what did not happen; not 'would later', 'would go on to'."""
    hedged: set[int] = set()
    for k, word in enumerate(words):
        if word.text not in MODALS or (
            k + 1 < len(words) and words[k + 1].text in ("later", "eventually", "go")
        ):
            continue
        j = k + 1
        while j < len(words) and words[j].clause == word.clause and not words[j].after_comma:
            hedged.add(j)
            j += 1
        j = k - 1
        while (
            j >= 0
            and words[j].clause == word.clause
            and not words[j + 1].after_comma
            and words[j].text not in ("that", "which", "who")  # 'the missile that would'
            and words[j].text not in MODAL_CLAUSE_OPENERS  # 'bumped Gordo so Molly could'
        ):
            hedged.add(j)
            j -= 1
    return tuple(replace(w, hedged=True) if w.index in hedged and not w.stop else w for w in words)


def _base_verb(after: list[str]) -> bool:
    """Is the next word a verb in its base form ('to *stand* trial', not 'to Mars')?"""
    return bool(after) and after[0] in lemmas_of(after[0]).get("VERB", ())


def _going_to(before: str, after: list[str]) -> bool:
    """'was going to hit the Pella': what someone is going to do has not happened (not
    'going to Mars': only a verb in its base form follows)."""
    return before == "going" and _base_verb(after)


def _is_to(before: str, after: list[str]) -> bool:
    """'Murtry and Lucia are to stand trial', 'her next posting was to have been Paris':
    what someone is to do has not happened (not 'was to Mars': a base verb follows)."""
    return before in BE_TO and _base_verb(after)


def _sent_to(words: list[Word], after: list[str]) -> bool:
    """'Marines sent from the Xuesen to apprehend Holden': what someone is sent to do is
    their errand, not said to be done (not 'sent to Mars': a verb in its base form follows)."""
    if not _base_verb(after):
        return False
    clause = words[-1].clause
    recent = [w for w in words[-SENT_REACH - 1 : -1] if w.clause == clause]
    return any(w.text in SENDING for w in recent)


def _hedging(words: list[Word], index: int, by: str = "to") -> bool:
    """Is a word shortly before 'to' a hedge ('tells her to', 'wants Kelly Baldwin to')? A
    'not' between them is looked past ('warns them not to'). Before 'about' only a warning
    hedges."""
    if words[index : index + 1] and words[index].text == "not":
        index -= 1
    clause = words[index].clause if words[index : index + 1] else -1
    near = [w for w in words[max(0, index - HEDGE_BACK) : index + 1] if w.clause == clause]
    return any(w.text in (WARNINGS if by == "about" else HEDGES) for w in near)


@dataclass(frozen=True, slots=True)
class EpisodeRef:
    """A season (and maybe an episode) a claim names: 'in season 2', 'S1E5', 'the season 1
    finale'. episode is 0 for the whole season, -1 for its finale."""

    season: int
    episode: int = 0


LAST_SEASON = -1  # a claim's 'final season', 'series finale': the show's last season
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "final": LAST_SEASON,
    "last": LAST_SEASON,
}
_CODE = re.compile(r"\bs(\d{1,2})\s*e(\d{1,2})\b", re.I)
_SEASON = re.compile(
    r"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|final|last|\d(?:st|nd|rd|th))\s+season"
    r"|season\s+(?P<num>\d{1,2}|one|two|three|four|five|six))"
    r"(?:[\s,]+(?:(?P<fin>finale|premiere|opener)|episode\s+(?P<ep>\d{1,2})))?"
    r"|\b(?P<fin2>finale|premiere)\s+of\s+season\s+(?P<num2>\d{1,2})"
    r"|\bs(?P<short>\d{1,2})(?:\s+(?P<fin3>finale|premiere|opener))?\b"
    r"|\b(?:the\s+)?(?P<series>series|show'?s?)\s+finale\b"
    r"|\b(?:the\s+)?(?:final|last)\s+episode\s+of\s+the\s+(?P<series2>series|show)\b",
    re.I,
)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# 'at the end of s2', 'the start of season 3': the season (its last or first episodes, not
# only its finale or premiere); the words go with it, so 'of' governs no name after it
_END_OF = re.compile(
    r"\b(?:at\s+|by\s+)?the\s+(?P<where>end|start|beginning)\s+of\s+"
    r"(?P<season>season\s+(?:\d{1,2}|one|two|three|four|five|six)|s\d{1,2})\b",
    re.I,
)


def episode_refs(text: str) -> tuple[str, tuple[EpisodeRef, ...]]:
    """The seasons and episodes a text names, and the text without them."""
    refs: list[EpisodeRef] = []

    def code(match: re.Match[str]) -> str:
        refs.append(EpisodeRef(int(match.group(1)), int(match.group(2))))
        return " "

    def season(match: re.Match[str]) -> str:
        if match.group("series") or match.group("series2"):
            number, finale = LAST_SEASON, "finale"
        elif match.group("num2"):
            number, finale = int(match.group("num2")), match.group("fin2").lower()
        elif match.group("short"):  # fans' 's2', 's3 finale'
            number, finale = int(match.group("short")), (match.group("fin3") or "").lower()
        else:
            raw = (match.group("num") or match.group("ord") or "").lower()
            number = _ORDINALS.get(raw) or _SMALL.get(raw) or int(raw.rstrip("stndrh"))
            finale = (match.group("fin") or "").lower()
        episode = int(match.group("ep") or 0)
        if finale == "finale":
            episode = -1
        elif finale in ("premiere", "opener"):
            episode = 1
        if number > 0 or number == LAST_SEASON:
            refs.append(EpisodeRef(number, episode))
        return " "

    text = _CODE.sub(code, text)
    text = _END_OF.sub(lambda m: m["season"], text)
    text = _SEASON.sub(season, text)
    return text, tuple(refs)
