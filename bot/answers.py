"""Judge a trivia guess the way a fair human quizmaster would.

Quick trivia and trivia nights both ask one thing: does this chat message give one of the
accepted answers? A quizmaster forgives case, punctuation, accents, articles, chatter
("I think it's...") and small typos, and reads "three" as "3"; they refuse a different
number, a typo that lands on another real word, half of a full name, a hedge between
several answers, and a negation. Everything here is plain Python so it can be tested
without Discord.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["KnownNames", "check_answer", "looks_like_several_guesses", "name_key", "normalise"]

Tokens = tuple[str, ...]


def _words(text: str) -> frozenset[str]:
    """A word set written as whitespace-separated text, to keep long lists readable."""
    return frozenset(text.split())


def _phrases(text: str) -> tuple[Tokens, ...]:
    """Pipe-separated phrases as token tuples, longest first so the longest filler wins."""
    phrases = {tuple(p.split()) for p in text.replace("\n", "|").split("|") if p.strip()}
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# Real words (and well-known space names) a guess may land on by changing a letter or two
# of an answer. A guess that *is* one of these words and is not the answer is a different
# answer, not a typo: "Cores" for Ceres, "Laconic" for Laconia, "Solaris" for Polaris.
# Only words of five letters or more matter (shorter answers get no typo allowance at all).
_COMMON_WORDS = _words(
    """
    about above abuse actor acute admit adopt adult after again agent agree ahead alarm
    album alert alien align alike alive alley allow alone along alter among angel anger
    angle angry apart apple apply arena argue arise array aside asset atlas audio audit
    avoid award aware badly baker bases basic basin basis beach beard beast began begin
    begun being below bench birth black blade blame blank blast blind block blood board
    boast bonus boost booth bound brain brand brass brave bread break breed brick bride
    brief bring broad broke brown build built buyer cabin cable camel canal candy canon
    cards cares cargo carry carve cases catch cause cease chain chair chalk charm chart
    chase cheap check cheek chess chest chief child chill china choir chose civil claim
    class clean clear clerk click cliff climb clock close cloth cloud coach coast comet
    coral cords cores corps costs couch could count court cover crack craft crane crash
    crawl crazy cream crime cross crowd crown crude cruel crush curve cycle daily dance
    dated dealt death debut decay delay delta dense depth diary dirty disco ditch dodge
    doing donor doubt dough dozen draft drain drama drank drawn dream dress dried drift
    drill drink drive drove dying eager early earth eaten eight elbow elder elect elite
    empty enemy enjoy enter entry equal error essay event every exact exile exist extra
    faint faith false fancy fatal fault favor feast fence ferry fever fewer fiber field
    fifth fifty fight final first flame flash fleet flesh float flood floor flour fluid
    focus force forge forth forty forum found frame frank fraud fresh front frost fruit
    fully funny ghost giant given glass globe glory glove going grace grade grain grand
    grant grape graph grasp grass grave great greed green greet grief grill gross group
    grown guard guess guest guide guilt habit happy harsh haven heart heavy hello hence
    hobby honey honor horse hotel hours house human humor hurry ideal image imply index
    inner input irony issue ivory jeans jelly jewel joint judge juice knife knock known
    label labor large laser later laugh layer learn lease least leave legal lemon level
    lever light limit linen liver local lodge logic loose lorry lover lower loyal lucky
    lunar lunch lying magic major maker manor maple march marry marsh match mayor meant
    medal media melon mercy merit metal meter metro might miner minor minus mixed model
    money month moral motel motor mound mount mouse mouth movie muddy music naked nasty
    naval nerve never newly night noble noise north notch noted novel nurse ocean offer
    often olive onion opera orbit order organ other ought ounce outer owner paint panel
    panic paper party pasta patch pause peace peach pearl penny phase phone photo piano
    piece pilot pitch pizza place plain plane plank plant plate plaza plead point polar
    porch pound power press price pride prime print prior prize probe proof proud prove
    proxy pulse punch pupil queen query quest quick quiet quite quota quote radar radio
    raise rally ranch range rapid ratio reach react ready realm rebel refer relax relay
    reply rider ridge rifle right rigid risky rival river roast robot rocky rough round
    route royal rugby ruler rural salad sales sauce scale scare scarf scene scope score
    scout screw seize sense serve setup seven shade shake shall shame shape share shark
    sharp sheep sheet shelf shell shift shine shirt shock shoot shore short shout sight
    silly since sixth sixty skill skirt skull slave sleep slice slide slope small smart
    smell smile smoke snake solar solid solve sonar sorry sound south space spare spark
    speak speed spell spend spent spice spine spite split spoke sport spray squad stack
    staff stage stain stair stake stamp stand stare start state steak steal steam steel
    steep steer stern stick stiff still stock stone stood store storm story stove strap
    straw strip stuck study stuff style sugar suite sunny super swamp swear sweat sweet
    swept swift swing sword table taken taste teach teeth tempo tends tenth terms thank
    theft their theme there these thick thief thing think third those three threw throw
    thumb tiger tight timer tired title toast today token tooth topic torch total touch
    tough tower toxic trace track trade trail train trait trash treat trend trial tribe
    trick tried troop truck truly trunk trust truth tumor twice twist ultra uncle under
    union unite unity until upper upset urban usage usual valid value valve vapor vault
    venue verse video villa vinyl viral virus visit vital vivid vocal voice voter wages
    waste watch water whale wheat wheel where which while white whole whose widow width
    woman women world worry worse worst worth would wound wrist write wrong wrote yacht
    yield young youth zebra
    ability absence academy account accused achieve acquire address advance adviser
    against airline airport alcohol allowed already amazing ancient animal another anxiety
    anybody anymore anyone appeal appear arrival article assault athlete attempt attract
    auction average balance balloon barrier battery bearing because bedroom believe
    beneath benefit between bicycle billion biology bishop blanket bottle bottom bracket
    brother budget buffer bullet burden butter button camera campus cancer candle capable
    capital captain caption carbon career carpet carrier castle casual catalog caught
    ceiling center central century certain chamber channel chapter charity charter chicken
    chronic circle citizen climate closet cluster coastal collar colony combat comfort
    command comment commit common company compare complex concept concern conduct confirm
    connect consent contact contain content contest context control convert correct
    cottage cotton council counter country county couple courage cousin create credit
    crisis critic crystal culture current custom damage danger dealer debate decade
    decide declare defence defense degree deliver demand desert design desire despite
    detail device diamond dinner direct doctor dollar domain double dragon drawer dynamic
    eastern economy edition effect effort eighty either eleven emerge empire employ enable
    energy engine enough entire equity escape estate ethnic evening evolve exactly exceed
    excess exhibit expand expect expert export extend extent fabric factor failure family
    famous farmer fashion father feature federal feeling fellow female fiction fifteen
    figure filter finance finger finish fiscal flavor flight flower follow forest forget
    formal format former fortune forward freedom freeze friend frozen future gallery
    garage garden gather gender genius gentle gesture global golden govern gravity
    greatest ground growth guitar hardly harvest health hearing heaven height helium
    helmet heritage highway history holiday honest horizon hostile housing however hunter
    husband illegal illness imagine impact import income indeed injury inside insist
    intend intent invest island itself jacket journal journey junior justice kitchen
    knight ladder landing laconic language largely lately latter launch lawyer leader
    league legend length lesson letter liberty library license lights likely limited
    liquid listen little living locate lovely luxury machine magnet mainly manage manner
    margin marine market master matter meadow medium member memory mental mentor merely
    message method middle mighty miller million mineral minute mirror mission mistake
    mixture mobile modern modest moment monkey monster morning mostly mother motion
    movement murder muscle museum mutual myself narrow nation native nature nearby nearly
    neither network neutral nobody normal notice notion number object obtain occupy
    office official online opinion option orange origin outcome output outside oxygen
    package palace parent partly passage passion patient pattern payment people pepper
    percent perfect perform perhaps period permit person phrase pickup picture pioneer
    planet plastic player please pocket poetry police policy polish portion poster
    potato powder prayer prefer present pretty prevent primary prince prison private
    problem process produce profit program project promise proper protect protein
    protest proven public purple purpose pursue puzzle quarter quickly rabbit racing
    random rarely rather reader really reason recall recent record reduce reform refuse
    regard region relief remain remote remove repair repeat report rescue resist resort
    result retail retain return reveal review reward rhythm rocket routine runner sacred
    safety salmon sample saving scheme school science screen script search season second
    secret sector secure select senior series serious server settle severe shadow shelter
    shield silent silver simple single sister sketch slight smooth soccer social soldier
    source speech spirit spread spring square stable statue status steady stolen strange
    stream street stress strict strike string strong studio submit sudden suffer summer
    summit supply surely survey symbol system tablet talent target teacher temple tenant
    tender tennis theory thirty thought thread threat throat ticket timber tissue tobacco
    tomato tongue toward traffic tragic trailer travel treaty tunnel turkey twelve twenty
    unique united unless unlike update useful valley variety vendor venture version vessel
    victim village violent virtue vision visual volume wallet wander warmth warning weapon
    weekly weight welcome western whisper window winner winter wisdom within without
    wonder wooden worker writer yellow
    errors cores carers cereal moons stars rings marks masses noons mores pathos helix
    heroes stations pools drummers
    able acid aged also area army away baby back ball band bank barn base bath bean bear
    beat beer bell belt bend best bike bill bird bite blow blue boat body bold bolt bomb
    bond bone book boom boot born boss both bowl bull burn bush busy cake call calm came
    camp card care cars cart case cash cast cave cell chat chip city clay club coal coat
    code coin cold come cook cool cope copy core corn cost crew crop cure dare dark data
    date dawn dead deal dear debt deck deep deer desk dial diet dirt dish dock does done
    doom door dose down drag draw drop drug drum dual duck dull dust duty each earn ears
    ease east easy edge else emit even ever evil exit face fact fail fair fall fame farm
    fast fate fear feed feel feet fell felt file fill film find fine fire firm fish five
    flag flat flew flow folk food foot form fort four free frog from fuel full fund gain
    game gate gave gear gift girl give glad goal goes gold golf gone good grew grey grid
    grip grow gulf hair half hall hand hang hard harm hate have head heal hear heat held
    hell help herb here hero hide high hill hint hire hold hole holy home hook hope horn
    host hour huge hung hunt hurt idea inch into iron item jail joke jump jury just keen
    keep kept kick kill kind king kiss knee knew know lack lady laid lake lamp land lane
    last late lead leaf lean left lend less life lift like line link lion list live load
    loan lock logo long look lord lose loss lost loud love luck made mail main make male
    mall many mark mars mask mass mast meal mean meat meet melt menu mere mess mile milk
    mill mind mine miss mist mode mono mood moon moor more most move much must myth name
    navy near neat neck need nest news next nice nine none noon norm nose note once only
    onto open oral ores over pace pack page paid pain pair palm park part pass past path
    peak pick pile pine pink pipe plan play plot plus poem poet pole poll pool poor port
    pose post pour pray pull pump pure push race rage rail rain rank rare rate read real
    rear rely rent rest rice rich ride ring rise risk road rock role roll roof room root
    rope rose rule rush safe said sail sale salt same sand save seal seat seed seek seem
    seen self sell send sent ship shoe shop shot show shut sick side sign silk sing sink
    site size skin slip slow snow soft soil sold sole some song soon sore sort soul spin
    spot star stay stem step stop such suit sure swim tail take tale talk tall tank tape
    task team tear tell tend term test text than that then they thin this thus tide tidy
    tile till time tiny tone took tool tour town tree trip true tube tune turn twin type
    unit upon used user vast very view vote wage wait wake walk wall want warm warn wash
    wave ways weak wear week well went were west what when whom wide wife wild will wind
    wine wing wire wise wish with wolf wood word wore work worm yard yeah year your zero
    zone
    mercury venus earth jupiter saturn uranus neptune pluto titan titania europa callisto
    ceres vesta pallas juno phobos deimos triton luna solaris sirius orion apollo gemini
    soyuz vostok skylab columbia challenger discovery atlantis endeavour enterprise athena
    zeus hera ares eris iris hades
    """
)

# Words that describe what kind of thing an answer is rather than naming it. "Tycho",
# "Tycho Station" and "the station Tycho" are the same answer; so are "Eros" and "asteroid
# Eros". They never anchor a typo in a multi-word name.
_DESCRIPTORS = _words(
    """
    station base colony outpost habitat ship spaceship starship spacecraft vessel
    battleship warship hauler freighter planet dwarf asteroid crater aerospace corp
    corporation company inc mission program programme year
    """
)

# Titles and ship prefixes that may stand in front of a name: "Captain Holden",
# "Detective Miller", "MCRN Donnager". Stripped only from the front.
_TITLES = _words(
    """
    captain capt commander cmdr colonel col general gen admiral adm dr doctor mr mrs ms
    miss detective det sergeant sgt gunnery gunny lieutenant lt major maj astronaut
    cosmonaut senator president secretary undersecretary director administrator officer
    ensign corporal mcrn mcrs unn uns uss opas
    """
)

_GENERIC = _DESCRIPTORS | _TITLES
_ARTICLES = _words("the a an")

# Words that turn an answer into its opposite ("not the Rocinante").
_NEGATIONS = _words(
    "not no never nope nah isnt wasnt aint neither nor without except dont doesnt didnt"
)

# Chatter around a guess, as token phrases (after normalising: "it's" is "its", and
# number words are digits: "this one" is "this 1").
_PREFIX_FILLER = _phrases(
    """
    i think|i believe|i guess|i reckon|i suppose|i would say|id say|i say|i bet
    im guessing|im going with|im going to say|im gonna say|ill go with|ill say
    going with|go with|lets go with|lets say|my answer is|my answer|my guess is
    my guess|my final answer is|the answer is|answer is|answer|the correct answer is
    correct answer is|final answer|its|it is|it was|is it|was it|isnt it|wasnt it
    would it be|could it be|is that|thats|that is|that would be|thatd be|that was
    would be|gotta be|got to be|has to be|must be|should be|it has to be
    it must be|it should be|its gotta be|pretty sure|im pretty sure|im sure|i know
    maybe|perhaps|probably|possibly|definitely|obviously|clearly|surely|certainly
    of course|easy|ez|oh|ooh|ah|aha|well|ok|okay|so|yes|yeah|yep|yup|wait|hey
    either|in|in the year|the|a|an|like|just|um|uh|er|erm|guess
    yas|yay|woo|woohoo|im going to go with|im gonna go with|gonna go with|going to go with
    gonna say|going to say|id go with|im thinking|my moneys on|my money is on|moneys on
    i know this 1|i know this|i got this|i know it|this 1|know this 1
    if i remember right|if i remember rightly|if i remember correctly|if i recall
    if i recall correctly|iirc|if memory serves|from memory|as far as i remember
    wasnt that|isnt that|was that|the year was|year was|it happened in|that was in
    its got to be|it had to be|had to be|has got to be|gotta be the|so its|so it was
    """
)

_SUFFIX_FILLER = _phrases(
    """
    i think|i guess|i believe|i reckon|i suppose|i bet|i think so|i guess so
    maybe|perhaps|probably|right|surely|obviously|of course|is the answer
    is my answer|is my guess|final answer|my final answer|please|pls|plz|yes|yeah
    duh|obv|obviously|for sure|innit|tbh|imo|ngl|not sure|im not sure
    not sure though|though|no doubt|i hope|hopefully|easy|too easy|ez|again|ofc
    pretty sure|im pretty sure|correct|am i right|is it|isnt it|surely
    doesnt it|didnt it|wasnt it|wasnt he|wasnt she|isnt he|isnt she|arent they|werent they
    didnt they|dont you think|then|right then|eh|huh|amirite|was it|wasnt that
    """
)


def _by_end(phrases: tuple[Tokens, ...], end: int) -> dict[str, tuple[Tokens, ...]]:
    """Phrases keyed by their first (end=0) or last (end=-1) word, longest first."""
    keyed: dict[str, list[Tokens]] = {}
    for phrase in phrases:
        keyed.setdefault(phrase[end], []).append(phrase)
    return {word: tuple(found) for word, found in keyed.items()}


_PREFIX_BY_FIRST = _by_end(_PREFIX_FILLER, 0)
_SUFFIX_BY_LAST = _by_end(_SUFFIX_FILLER, -1)

# Laughter, hesitation and "don't know" noises, in any length: "hmmm", "lololol", "hahaha".
_NOISE = re.compile(
    r"^(?:h+m+|u+m+|u+h+|e+r+m*|a+h+|o+h+|lo+l+(?:o+l+)*|lmf?ao+|rofl|(?:ha){2,}h?|(?:he){2,}"
    r"|xd+|idk|dunno|pass|tbh|ngl|imo)$"
)

# A whole clause that is only a reaction, not a guess ("no, it's Ceres"; "Ceres, right?").
_REACTION_PARTS = frozenset(
    _phrases("no|nah|nope|no wait|wait no|wait|not|no idea|never mind|nvm|scratch that|actually no")
)
# Reactions that take back whatever came before them ("Ceres? No.").
_RETRACTIONS = frozenset(
    _phrases("no|nah|nope|no wait|wait no|not|never mind|nvm|scratch that|actually no")
)

# A clause starting with one of these rules an answer out rather than guessing it.
_EXCLUDERS = _words("not never no")

_STOPWORDS = _words("of the and for de la du a an")

# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

_UNIT_WORDS = "zero one two three four five six seven eight nine"
_TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = {w: i for i, w in enumerate(_UNIT_WORDS.split())}
_TEENS = {w: i + 10 for i, w in enumerate(_TEEN_WORDS.split())}
_TENS = {w: (i + 2) * 10 for i, w in enumerate(_TENS_WORDS.split())}
_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fourth": "four",
    "fifth": "five",
    "sixth": "six",
    "seventh": "seven",
    "eighth": "eight",
    "ninth": "nine",
    "tenth": "ten",
    "eleventh": "eleven",
    "twelfth": "twelve",
    "thirteenth": "thirteen",
    "fourteenth": "fourteen",
    "fifteenth": "fifteen",
    "sixteenth": "sixteen",
    "seventeenth": "seventeen",
    "eighteenth": "eighteen",
    "nineteenth": "nineteen",
    "twentieth": "twenty",
    "thirtieth": "thirty",
    "fortieth": "forty",
    "fiftieth": "fifty",
    "sixtieth": "sixty",
    "seventieth": "seventy",
    "eightieth": "eighty",
    "ninetieth": "ninety",
    "hundredth": "hundred",
    "thousandth": "thousand",
    "millionth": "million",
}
_ROMAN = re.compile(r"^(?=[ivx]+$)(x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def _kind(word: str) -> str | None:
    """Classify a number word so the parser knows what may follow it."""
    word = _ORDINALS.get(word, word)
    if word == "zero":
        return "zero"
    if word in _UNITS:
        return "unit"
    if word in _TEENS:
        return "teen"
    if word in _TENS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word in _SCALES:
        return "scale"
    return None


_FOLLOWS = {
    None: {"zero", "unit", "teen", "tens", "hundred", "scale"},
    "zero": set(),
    "unit": {"hundred", "scale"},
    "teen": {"hundred", "scale"},
    "tens": {"unit", "hundred", "scale"},
    "hundred": {"unit", "teen", "tens", "scale"},
    "scale": {"unit", "teen", "tens"},
}


@dataclass
class _Group:
    value: int
    end: int
    simple: bool  # no "hundred"/"thousand": may be half of a spoken year
    ordinal: bool


def _read_group(tokens: Sequence[str], i: int) -> _Group | None:
    """Read one spoken number ("two thousand and three", "sixty-nine") from tokens[i]."""
    total = current = 0
    last: str | None = None
    simple = True
    start = i
    while i < len(tokens):
        word = tokens[i]
        kind = _kind(word)
        if kind is None:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if word == "and" and last in ("hundred", "scale") and _kind(nxt) in _FOLLOWS[last]:
                i += 1
                continue
            break
        if kind not in _FOLLOWS[last]:
            break
        base = _ORDINALS.get(word, word)
        if kind in ("unit", "zero"):
            current += _UNITS[base]
        elif kind == "teen":
            current += _TEENS[base]
        elif kind == "tens":
            current += _TENS[base]
        elif kind == "hundred":
            current = (current or 1) * 100
            simple = False
        else:
            total += (current or 1) * _SCALES[base]
            current = 0
            simple = False
        last = kind
        i += 1
        if word in _ORDINALS:
            return _Group(total + current, i, False, True)
    if i == start:
        return None
    return _Group(total + current, i, simple, False)


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    """Rewrite spoken numbers as digits: "twenty three" -> "23", "nineteen sixty nine" ->
    "1969", "twenty oh three" -> "2003", "third" -> "3", "Apollo XI" -> "apollo 11"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        group = _read_group(tokens, i) if _kind(word) else None
        if group is None:
            out.append(_roman(tokens, i) or word)
            i += 1
            continue
        value, i = group.value, group.end
        # A spoken year: two simple halves, "nineteen | sixty nine", "twenty | oh three".
        if group.simple and 10 <= value <= 99 and i < len(tokens):
            if tokens[i] in ("oh", "o") and i + 1 < len(tokens) and tokens[i + 1] in _UNITS:
                value, i = value * 100 + _UNITS[tokens[i + 1]], i + 2
            elif _kind(tokens[i]) in ("teen", "tens"):
                second = _read_group(tokens, i)
                if second is not None and second.simple and 10 <= second.value <= 99:
                    value, i = value * 100 + second.value, second.end
        out.append(str(value))
    return out


def _roman(tokens: Sequence[str], i: int) -> str | None:
    """A Roman numeral after a name ("Apollo XI"), never the first word, and a lone "i"
    only at the very end, so "Ceres I think" keeps its "I"."""
    word = tokens[i]
    if i == 0 or not word or not _ROMAN.match(word):
        return None
    if word == "i" and i != len(tokens) - 1:
        return None
    total = 0
    for a, b in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[a]
        total += -value if b and _ROMAN_VALUES[b] > value else value
    return str(total)


def _is_number(token: str) -> bool:
    """Digits, or an episode code ("s3e7"): compared exactly, never fuzzed."""
    return token[:1].isdigit() or (token[:1] == "s" and token[1:2].isdigit())


# --------------------------------------------------------------------------------------
# Normalising
# --------------------------------------------------------------------------------------

_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "",
        "‘": "",
        "ʼ": "",
        "`": "",
        "´": "",
        "′": "",
        "'": "",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "&": " and ",
        "\u200b": "",
    }
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
# "one hundred and five" is one number, not a list of two guesses.
_NUMBER_AND = re.compile(r"\b(hundred|thousand|million|billion) and\b")
_DIGIT_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
# A calendar date in any usual order, so "July 20, 1969", "20 July 1969" and "1969-07-20"
# agree (and the comma in "July 20, 1969" is not read as a list of guesses).
_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
)


def _date(match: re.Match[str]) -> str:
    """A matched date as "year month day" in digits, "1969 7 20"."""
    month = match["month"]
    if not month.isdigit():
        month = str(next(i for i, m in enumerate(_MONTH_NAMES.split("|"), 1) if re.match(m, month)))
    return f"{match['year']} {int(month)} {int(match['day'])}"


# Episode codes in every usual spelling ("s03e07", "S3 E7", "3x07", "season three,
# episode seven", "the seventh episode of season 3") become one token, "s3e7", that is
# compared like a number: exactly, never fuzzed.
_NUMBER_WORD = "|".join(sorted({*_UNITS, *_TEENS, *_TENS, *_ORDINALS}, key=lambda w: (-len(w), w)))
_EP_NUMBER = rf"(?:\d+|(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}))?)"
_SEASON_WORD = r"(?:s|season|series)"
_EPISODE_WORD = r"(?:e|ep|eps|episode)"
_EPISODE_CODES = (
    re.compile(
        rf"\b{_SEASON_WORD}\s*\.?\s*(?P<s>{_EP_NUMBER})\s*[,.:;-]?\s*{_EPISODE_WORD}\s*\.?\s*"
        rf"(?P<e>{_EP_NUMBER})\b"
    ),
    re.compile(r"\b(?P<s>\d{1,2})x(?P<e>\d{1,3})\b"),
    re.compile(
        rf"\b(?:{_EPISODE_WORD}\s*\.?\s*(?P<e>{_EP_NUMBER})|(?P<e2>{_EP_NUMBER})\s+episode)"
        rf"\s+(?:of|from|in)\s+(?:the\s+)?(?:{_SEASON_WORD}\s*(?P<s>{_EP_NUMBER})"
        rf"|(?P<s2>{_EP_NUMBER})\s+(?:season|series))\b"
    ),
)
# Most messages name no episode: the patterns above run only when this finds a hint.
_EPISODE_HINT = re.compile(r"\d\s*x|\bs\s*\d|season|series|\bep")


def _episode_number(text: str) -> int | None:
    tokens = _numbers_to_digits(text.replace("-", " ").split())
    return int(tokens[0]) if len(tokens) == 1 and tokens[0].isdigit() else None


def _episode_code(match: re.Match[str]) -> str:
    """A matched episode reference as "s3e7", or the text unchanged if a part is no number."""
    groups = match.groupdict()
    season = _episode_number(groups.get("s") or groups.get("s2") or "")
    episode = _episode_number(groups.get("e") or groups.get("e2") or "")
    if season is None or episode is None:
        return match.group(0)
    return f" s{season}e{episode} "


_WORD = re.compile(r"(?<![^\W_])s\d+e\d+(?![^\W_])|\d+(?:\.\d+)?|[^\W\d_]+")


def _fold(text: str) -> str:
    """Lower-case ASCII-ish text with punctuation kept (the guess splitter needs it):
    accents and compatibility forms folded, apostrophes dropped ("it's" -> "its"),
    digit grouping and digit ordinals undone ("1,000" -> "1000", "3rd" -> "3")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    text = _THOUSANDS.sub("", text)
    text = _NUMBER_AND.sub(r"\1", text)
    text = _DIGIT_ORDINAL.sub(r"\1", text)
    if _EPISODE_HINT.search(text):
        for pattern in _EPISODE_CODES:
            text = pattern.sub(_episode_code, text)
    for pattern in _DATES:
        text = pattern.sub(_date, text)
    return text


def _tokens(folded: str) -> list[str]:
    """Words and numbers of folded text, spoken numbers as digits, leading article gone."""
    tokens = _numbers_to_digits(_WORD.findall(folded))
    if len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return tokens


def normalise(text: str) -> str:
    """Canonical form of an answer, for comparing and de-duplicating answers.

    Case, accents, punctuation, hyphens, apostrophes and spacing are folded, numbers are
    written as digits ("Twenty-three" -> "23", "3rd" -> "3") and a leading article is
    dropped: normalise("The Tycho-Station") == normalise("tycho station") == "tycho station".
    Chatter such as "I think" is not removed here; check_answer does that for guesses.
    """
    return " ".join(_tokens(_fold(text)))


def _strip_stages(tokens: Sequence[str]) -> list[Tokens]:
    """Remove chatter from both ends of a guess one phrase at a time, repeatedly.

    Returns every stage, from the guess as written to what is left (possibly nothing),
    so that an answer which is itself a filler word ("yes", "A") can still be found.
    """
    stages = [tuple(tokens)]
    current = tuple(tokens)
    while current:
        if _NOISE.match(current[0]):
            current = current[1:]
        elif _NOISE.match(current[-1]):
            current = current[:-1]
        else:
            starting = _PREFIX_BY_FIRST.get(current[0], ())
            prefix = next((p for p in starting if current[: len(p)] == p), None)
            ending = _SUFFIX_BY_LAST.get(current[-1], ())
            suffix = next((p for p in ending if current[-len(p) :] == p), None)
            if prefix:
                current = current[len(prefix) :]
            elif suffix:
                current = current[: -len(suffix)]
            else:
                break
        stages.append(current)
    return stages


def _variants(tokens: Tokens) -> set[Tokens]:
    """The answer as written, without its leading titles, and without descriptor words
    (and the articles that went with them: "Ceres (the dwarf planet)")."""
    out = {tokens}
    untitled = list(tokens)
    while len(untitled) > 1 and untitled[0] in _TITLES:
        untitled.pop(0)
    out.add(tuple(untitled))
    for form in (tokens, tuple(untitled)):
        bare = tuple(t for t in form if t not in _DESCRIPTORS and t not in _ARTICLES)
        if bare:
            out.add(bare)
    return out


# --------------------------------------------------------------------------------------
# Several guesses
# --------------------------------------------------------------------------------------

# "X aka Y", "X, also called Y", "X (Y)" give two names: they score only when both are
# accepted names of the answer (see check_answer), like any other pair of guesses.
_SEPARATOR = re.compile(
    r"\n|[,;/\\|+()\[\]]|\.{2,}|[?!]+\s+|\s-+\s"
    r"|\b(?:or|and|nor|vs|versus|maybe|perhaps)\b"
    r"|\ba\.?k\.?a\b\.?|\b(?:(?:also|otherwise|better)\s+)?(?:known\s+as|called)\b"
    r"|(?<=[^\W\d_]{4})\.\s+"
)


@dataclass
class _Reading:
    guesses: list[Tokens]  # distinct meaningful clauses, in order, chatter stripped
    stages: list[list[Tokens]]  # each guess from as written to stripped (see _strip_stages)
    retracted: bool  # "Ceres? No." or "neither Ceres nor Eros": nothing is guessed


def _read_guess(text: str) -> _Reading:
    """Split a message into clauses and keep those that are guesses, not chatter."""
    guesses: list[Tokens] = []
    stages: list[list[Tokens]] = []
    keys: set[Tokens] = set()
    folded = _fold(text)
    # "neither Ceres nor Eros" rules out everything it names.
    retracted = bool({"neither", "nor"} & set(_WORD.findall(folded)))
    for part in _SEPARATOR.split(folded):
        raw = _WORD.findall(part)
        steps = _strip_stages(_tokens(part))
        tokens = steps[-1]
        if tuple(raw) in _REACTION_PARTS or not tokens:
            if guesses and tuple(raw) in _RETRACTIONS:
                retracted = True
            continue
        if tokens[0] in _EXCLUDERS and len(tokens) > 1:
            continue  # "Ceres, not Eros": Eros is ruled out, not guessed
        key = min(_variants(tokens), key=lambda v: (len(v), v))
        if all(t in _GENERIC for t in tokens):
            continue  # ", the asteroid": says what it is, names nothing new
        if key not in keys:
            keys.add(key)
            guesses.append(tokens)
            stages.append([step for step in steps if step])
    return _Reading(guesses, stages, retracted)


def looks_like_several_guesses(text: str) -> bool:
    """True when a message hedges between answers: "Rocinante or Canterbury", "Ceres,
    Eros", "Holden/Miller", "either Mars or Venus", one guess per line. Chatter ("Ceres,
    I think"), a repeated answer ("Roci! Roci!"), a description ("Eros, the asteroid") and
    an exclusion ("Ceres, not Eros") do not count as extra guesses. Quizmasters never
    credit a hedge."""
    return len(_read_guess(text).guesses) > 1


# --------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------


def _sound(token: str) -> str:
    """A rough spelling-insensitive key so "Bobby"~"Bobbie", "Stephens"~"Stevens",
    "Aleksei"~"Alexei", "Poole"~"Pool" count as at most one slip."""
    token = token.replace("ph", "f").replace("x", "ks").replace("ck", "k")
    token = re.sub(r"(.)\1+", r"\1", token)
    return re.sub(r"(?:ie|ey)$", "y", token)


def _distance(guess: str, answer: str) -> int:
    """Typing slips between two words (an adjacent swap counts as one)."""
    return min(OSA.distance(guess, answer), OSA.distance(_sound(guess), _sound(answer)))


def _word_budget(length: int) -> int:
    """Slips forgiven in one word: one for 5-8 letters, two from 9."""
    return 0 if length <= 4 else 1 if length <= 8 else 2


def _close_word(guess: str, answer: str) -> bool:
    """A one-word answer with a typo. Short words only forgive an adjacent swap ("Eors"),
    and a guess that is itself a real word ("Cores" for Ceres) is a different answer."""
    if _is_number(guess) or _is_number(answer) or guess in _COMMON_WORDS:
        return False
    if len(answer) <= 3:
        return False
    if len(answer) == 4:
        return (
            len(guess) == 4 and sorted(guess) == sorted(answer) and OSA.distance(guess, answer) == 1
        )
    return _distance(guess, answer) <= _word_budget(len(answer))


def _close_name(guess: Tokens, answer: Tokens) -> bool:
    """A multi-word answer with typos, judged word by word. Short words ("Cobb", "Mao")
    may slip once when another real word of the name is exact; descriptor words never
    anchor, and a name that is one word plus descriptors follows the one-word rules."""
    content = [i for i, t in enumerate(answer) if t not in _GENERIC]
    anchored = any(guess[i] == answer[i] for i in content)
    total = 0
    for i, (g, a) in enumerate(zip(guess, answer, strict=True)):
        if g == a:
            continue
        if _is_number(g) or _is_number(a):
            return False
        if len(content) == 1 and i in content:
            if not _close_word(g, a):
                return False
            total += 1
            continue
        if len(a) <= 2 or (len(a) <= 4 and not anchored):
            return False
        slips = _distance(g, a)
        if slips > max(1, _word_budget(len(a))):
            return False
        total += slips
    length = len(" ".join(answer))
    whole = 0 if length <= 4 else 1 if length <= 8 else 2 if length <= 15 else 3
    return total <= whole


def _matches(guess: Tokens, answer: Tokens) -> bool:
    """Same answer: equal, equal but for spacing, or within the typo allowance. Numbers
    must agree exactly and in order; they are never fuzzed."""
    return _exact(guess, answer) or _near(guess, answer)


def _exact(guess: Tokens, answer: Tokens) -> bool:
    """Equal, or equal but for spacing ("TychoStation"), with the same numbers."""
    if guess == answer:
        return True
    return _numbers(guess) == _numbers(answer) and "".join(guess) == "".join(answer)


def _numbers(tokens: Tokens) -> list[str]:
    return [t for t in tokens if _is_number(t)]


def _near(guess: Tokens, answer: Tokens) -> bool:
    """Within the typo allowance, word for word (numbers exact)."""
    if len(guess) != len(answer) or _numbers(guess) != _numbers(answer):
        return False
    if len(answer) == 1:
        return _close_word(guess[0], answer[0])
    return _close_name(guess, answer)


# Nouns a count or an ordinal may carry: "13 episodes" for 13, "the third season" for
# 3rd. Plurals and short forms fold to one unit; "nautical" and "flight" may stand before
# the noun ("eight nautical miles", "745 flight hours"), which alone names the unit.
_COUNT_NOUNS = {
    **dict.fromkeys(("episode", "episodes", "ep", "eps"), "episode"),
    **dict.fromkeys(("season", "seasons", "series"), "season"),
    **dict.fromkeys(("year", "years", "yr", "yrs"), "year"),
    **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("week", "weeks"), "week"),
    **dict.fromkeys(("day", "days", "sol", "sols"), "day"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "hour"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minute"),
    **dict.fromkeys(("mile", "miles", "mi"), "mile"),
    **dict.fromkeys(("kilometre", "kilometres", "kilometer", "kilometers", "km"), "km"),
    **dict.fromkeys(("system", "systems"), "system"),
    **dict.fromkeys(("moon", "moons"), "moon"),
    **dict.fromkeys(("person", "people", "astronauts", "cosmonauts", "crew"), "person"),
    **dict.fromkeys(("dollar", "dollars", "bucks", "usd"), "dollar"),
    **dict.fromkeys(("time", "times"), "time"),
}
_COUNT_MODIFIERS = _words("nautical flight")
_NUMBER_SCALES = _words("hundred thousand million billion trillion")


def _count(tokens: Tokens) -> tuple[Tokens, str] | None:
    """A number with the noun it counts: ("13", "episodes") -> (("13",), "episode"), and
    ("season", "3") -> (("3",), "season"). None when there is no such noun."""
    if len(tokens) == 2 and tokens[0] in _COUNT_NOUNS and tokens[1].isdigit():
        return tokens[1:], _COUNT_NOUNS[tokens[0]]
    end = len(tokens)
    if not end or tokens[-1] not in _COUNT_NOUNS:
        return None
    end -= 1
    while end and tokens[end - 1] in _COUNT_MODIFIERS:
        end -= 1
    core = tokens[:end]
    if not core or not all(t.isdigit() or t in _NUMBER_SCALES for t in core):
        return None  # "Apollo 11 crew" names a crew, not a count
    return core, _COUNT_NOUNS[tokens[-1]]


# --------------------------------------------------------------------------------------
# Names the store knows
# --------------------------------------------------------------------------------------


_POSSESSIVE = re.compile(r"['’]s\b")


def _proper(name: str) -> bool:
    """Every word capitalised, a number, or a short particle ("of", "von"): a name, not a
    phrase such as "The Rocinante's railgun" or "his grandson Alex"."""
    words = re.findall(r"[^\s\-\"]+", name)
    return all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words)


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, ...]:
    """A known name as comparable keys: the whole name, and each distinctive word of a
    proper name of several words ("Margo Madison" -> "margo madison", "margo", "madison")."""
    tokens = _tokens(_fold(name))
    if not tokens:
        return ()
    keys = [" ".join(tokens)]
    if len(tokens) > 1 and _proper(name):
        keys += [
            t
            for t in _tokens(_fold(_POSSESSIVE.sub("", name)))
            if len(t) >= 3 and not _is_number(t) and t not in _GENERIC and t not in _STOPWORDS
        ]
    return tuple(dict.fromkeys(keys))


def name_key(name: str) -> str:
    """normalise(name), cached: known names are keyed again on every bank build."""
    keys = _name_keys(name)
    return keys[0] if keys else ""


class KnownNames:
    """Every name Parallax knows (characters, ships, stations, places, organisations of
    both shows): a guess near the answer is a typo only if it is not itself one of these,
    and not nearer to one of them than to the answer ("Margo" is not a typo of "Marco").

    Built from groups of names for one thing ("Ed Baldwin", "Edward Baldwin"): the other
    names of an accepted answer's thing never count against it. Build once and reuse
    (trivia keeps one per bank); lookups are rapidfuzz searches with a distance cutoff.
    """

    __slots__ = ("_exclusions", "_groups", "_keys", "_sounds", "groups", "names")

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self.groups = tuple(tuple(group) for group in groups)
        by_key: dict[str, set[int]] = {}
        for number, group in enumerate(self.groups):
            for name in group:
                for key in _name_keys(name):
                    by_key.setdefault(key, set()).add(number)
        self.names = tuple(dict.fromkeys(name for group in self.groups for name in group))
        self._groups = {key: frozenset(ids) for key, ids in by_key.items()}
        self._keys = list(self._groups)
        self._sounds = [_sound(key) for key in self._keys]
        self._exclusions: dict[tuple[str, ...], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def extended(self, names: Iterable[str]) -> KnownNames:
        """These names and more, each extra name a thing of its own."""
        return KnownNames([*self.groups, *([name] for name in names)])

    def _excluded(self, forms: Sequence[_Accepted]) -> frozenset[str]:
        """Keys that are an accepted answer, or another name of the same thing."""
        signature = tuple(sorted(" ".join(v) for f in forms for v in f.variants))
        cached = self._exclusions.get(signature)
        if cached is None:
            groups = set().union(*(self._groups.get(key, ()) for key in signature))
            cached = frozenset(
                key for key, ids in self._groups.items() if key in signature or ids & groups
            )
            if len(self._exclusions) >= 1024:
                self._exclusions.clear()
            self._exclusions[signature] = cached
        return cached

    def rival(self, guess: Tokens, answer: Tokens, excluded: frozenset[str]) -> bool:
        """Whether `guess`, near `answer`, is another known name or nearer to one."""
        key = " ".join(guess)
        if key in self._groups and key not in excluded:
            return True
        cutoff = _distance(key, " ".join(answer)) - 1
        if cutoff < 0:
            return False
        for query, choices in ((key, self._keys), (_sound(key), self._sounds)):
            found = process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=cutoff, limit=None
            )
            if any(self._keys[index] not in excluded for _, _, index in found):
                return True
        return False


def _known(known: KnownNames | Iterable[str] | None) -> KnownNames | None:
    if known is None or isinstance(known, KnownNames):
        return known or None
    names = [name for name in known if name]
    return KnownNames([name] for name in names) if names else None


def _is_acronym(guess: Tokens, answer: Tokens) -> bool:
    """Initials of a name of three or more words: "MCR", "OPA"."""
    words = [t for t in answer if t not in _STOPWORDS]
    if len(guess) != 1 or len(words) < 3 or any(_is_number(t) for t in words):
        return False
    return guess[0] == "".join(t[0] for t in words)


@dataclass(frozen=True)
class _Accepted:
    tokens: Tokens
    variants: frozenset[Tokens]
    several: bool


@lru_cache(maxsize=4096)
def _accepted(text: str) -> _Accepted | None:
    tokens = tuple(_tokens(_fold(text)))
    if not tokens:
        return None
    return _Accepted(tokens, frozenset(_variants(tokens)), looks_like_several_guesses(text))


@dataclass(frozen=True)
class _Judging:
    """What one check needs besides the guess: the accepted forms, the units they count
    in ("8 days" -> day), and the known names that are not the answer."""

    forms: list[_Accepted]
    units: frozenset[str]
    known: KnownNames | None
    excluded: frozenset[str]


def _same(guess: Tokens, form: _Accepted, judging: _Judging) -> bool:
    if any(t in _NEGATIONS and t not in form.tokens for t in guess):
        return False
    if _is_acronym(guess, form.tokens):
        return True
    pairs = [(g, a) for g in _variants(guess) for a in form.variants]
    if any(_exact(g, a) for g, a in pairs):
        return True
    known = judging.known
    if any(
        _near(g, a) and (known is None or not known.rival(g, a, judging.excluded)) for g, a in pairs
    ):
        return True
    return _same_count(guess, form, judging)


def _same_count(guess: Tokens, form: _Accepted, judging: _Judging) -> bool:
    """ "13 episodes" for 13, "the third season" for "Season 3": the same number with the
    noun it counts, unless the accepted forms count something else ("8 hours" for "8
    days")."""
    counted = _count(guess)
    if counted is None:
        return False
    core, unit = counted
    if judging.units and unit not in judging.units:
        return False
    answer = _count(form.tokens)
    return core == (answer[0] if answer else form.tokens)


# Three or more of one letter in a row is excitement, not spelling: "ceresss", "yesss".
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _unstretched(text: str) -> list[str]:
    """The message with every stretched letter written once, then twice ("Donnnnager"),
    Roman numerals ("Apollo III") left alone; empty when nothing is stretched."""
    if not _STRETCH.search(text):
        return []

    def squeeze(times: int) -> str:
        def word(match: re.Match[str]) -> str:
            text = match.group(0)
            if _ROMAN.match(text.lower()):
                return text
            return _STRETCH.sub(lambda run: run.group(1) * times, text)

        return _LETTER_RUN.sub(word, text)

    return [form for form in dict.fromkeys((squeeze(1), squeeze(2))) if form != text]


def check_answer(
    guess: str,
    accepted: Sequence[str],
    known: KnownNames | Iterable[str] | None = None,
) -> bool:
    """Whether a chat message gives one of the accepted answers.

    Forgiven: case, punctuation, spacing, hyphens, accents, smart quotes, articles and
    chatter ("I think it's the...", "is it ...?", "so that was ..., right?", "lol"),
    stretched letters ("ceresss"), titles ("Captain Holden") and descriptors ("Tycho" for
    "Tycho Station"), spoken numbers ("twenty-three", "third", "nineteen sixty-nine"), the
    noun a number counts ("13 episodes"), episode codes in any spelling ("3x07" for
    "S3E7"), two accepted names of one thing ("Ilus aka New Terra"), and small typos in
    proportion to the length of each word.
    Refused: a different number, a typo that is another real word or another `known` name
    (or nearer to one than to the answer: "Margo" for "Marco"), part of a full name
    (authors list accepted short forms), several answers in one message, negations, and
    the answer buried in a longer phrase.
    """
    forms = [f for f in (_accepted(a) for a in accepted) if f is not None]
    if not guess or not guess.strip() or not forms:
        return False
    names = _known(known)
    units = frozenset(c[1] for c in (_count(f.tokens) for f in forms) if c is not None)
    judging = _Judging(forms, units, names, names._excluded(forms) if names else frozenset())
    return _judge(guess, judging) or any(_judge(g, judging) for g in _unstretched(guess))


def _judge(guess: str, judging: _Judging) -> bool:
    forms = judging.forms
    stages = _strip_stages(_tokens(_fold(guess)))
    if any(stage and stage == f.tokens for stage in stages for f in forms):
        # Word for word an accepted answer, even one that reads like chatter, a list or a
        # negation: "Yes", "Of Course I Still Love You", "Fight or Flight", "Don't Be Cruel".
        return True
    reading = _read_guess(guess)
    if reading.retracted:
        return False
    whole = stages[-1] or stages[0]
    if len(reading.guesses) > 1:
        # A hedge never scores. It is no hedge when the answer is itself a list ("Ed and
        # Karen Baldwin"), or when every name given is accepted ("Ilus / New Terra", "Ilus
        # aka New Terra").
        if any(f.several and _matches(whole, f.tokens) for f in forms):
            return True
        return all(any(_same(g, f, judging) for f in forms) for g in reading.guesses)
    if not reading.guesses:
        return False  # nothing but chatter, a descriptor or an exclusion
    return any(_same(stage, f, judging) for stage in reading.stages[0] for f in forms)
