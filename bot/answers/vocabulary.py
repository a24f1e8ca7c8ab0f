"""Word lists: real words, descriptors, titles, negations and the chatter around a guess."""

from __future__ import annotations

import re

Tokens = tuple[str, ...]


def words(text: str) -> frozenset[str]:
    """A word set written as whitespace-separated text, to keep long lists readable."""
    return frozenset(text.split())


def _phrases(text: str) -> tuple[Tokens, ...]:
    """Pipe-separated phrases as token tuples, longest first so the longest filler wins."""
    phrases = {tuple(p.split()) for p in text.replace("\n", "|").split("|") if p.strip()}
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


# Real words (and well-known space names) a guess may land on by changing a letter or two
# of an answer. A guess that *is* one of these words and is not the answer is a different
# answer, not a typo: "Cores" for Ceres, "Laconic" for Laconia, "Solaris" for Polaris.
# Only words of five letters or more matter (shorter answers get no typo allowance at all).
COMMON_WORDS = words(
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
DESCRIPTORS = words(
    """
    station base colony outpost habitat ship spaceship starship spacecraft vessel
    battleship warship hauler freighter planet dwarf asteroid crater aerospace corp
    corporation company inc mission program programme year
    """
)

# Titles and ship prefixes that may stand in front of a name: "Captain Holden",
# "Detective Miller", "MCRN Donnager". Stripped only from the front.
TITLES = words(
    """
    captain capt commander cmdr colonel col general gen admiral adm dr doctor mr mrs ms
    miss detective det sergeant sgt gunnery gunny lieutenant lt major maj astronaut
    cosmonaut senator president secretary undersecretary director administrator officer
    ensign corporal mcrn mcrs unn uns uss opas
    """
)

GENERIC = DESCRIPTORS | TITLES
ARTICLES = words("the a an")

# Words that turn an answer into its opposite ("not the Rocinante").
NEGATIONS = words(
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


PREFIX_BY_FIRST = _by_end(_PREFIX_FILLER, 0)
SUFFIX_BY_LAST = _by_end(_SUFFIX_FILLER, -1)

# Laughter, hesitation and "don't know" noises, in any length: "hmmm", "lololol", "hahaha".
NOISE = re.compile(
    r"^(?:h+m+|u+m+|u+h+|e+r+m*|a+h+|o+h+|lo+l+(?:o+l+)*|lmf?ao+|rofl|(?:ha){2,}h?|(?:he){2,}"
    r"|xd+|idk|dunno|pass|tbh|ngl|imo)$"
)

# A whole clause that is only a reaction, not a guess ("no, it's Ceres"; "Ceres, right?").
REACTION_PARTS = frozenset(
    _phrases("no|nah|nope|no wait|wait no|wait|not|no idea|never mind|nvm|scratch that|actually no")
)
# Reactions that take back whatever came before them ("Ceres? No.").
RETRACTIONS = frozenset(
    _phrases("no|nah|nope|no wait|wait no|not|never mind|nvm|scratch that|actually no")
)

# A clause starting with one of these rules an answer out rather than guessing it.
EXCLUDERS = words("not never no")

STOPWORDS = words("of the and for de la du a an")
