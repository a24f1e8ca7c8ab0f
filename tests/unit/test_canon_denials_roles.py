"""Denials answered by the record of the event they deny, and roles said of the right
person. Claims here are written for these tests, in fans' words (not taken from any
evaluation set)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.canon import check_claim
from bot.canon.check import server_index
from bot.canon.denials import affirmed
from bot.canon.roles import claimed_roles
from bot.canon.slots import read
from bot.canon.text import open_possessives, respell
from tests.support.canon import shipped_store, verdicts_fixture


@pytest.mark.parametrize(
    ("claim", "event"),
    [
        ("miller never finds julie", "miller finds julie"),
        ("amos doesn't kill strickland", "amos kill strickland"),
        ("karen baldwin didnt die in the jsc bombing", "karen baldwin die in the jsc bombing"),
        ("bobbie draper isn't a martian marine", "bobbie draper is a martian marine"),
        ("did ed never walk on the moon?", "did ed walk on the moon"),
    ],
)
def test_a_plain_denial_names_the_event_it_denies(claim: str, event: str) -> None:
    assert affirmed(claim) == event


@pytest.mark.parametrize(
    "claim",
    [
        "ed lands on mars",  # no denial
        "ed never flew again until 1983",  # its reach is limited
        "naomi never spaced it, she gave it to fred",  # a second clause
        "molly never walked on the moon and never flew again",  # two denials
        "the rocinante can't fly",  # a modal
        "nobody died on apollo 1",  # not one verb's denial
        "ed goes to mars not the moon",  # a contrast, not a denial
        "the cant was hit by torpedoes",  # the ship, not 'can not'
        "ed never",  # nothing after it
    ],
)
def test_no_plain_denial(claim: str) -> None:
    assert affirmed(claim) is None


CLAIMS = {
    # a denial of what the show has happen: not canon, on the fact that tells it
    "bobbie draper isn't a martian marine": ("no_record", "not_canon"),
    "ed baldwin is not an astronaut": ("not_canon", "no_record"),
    "amos doesn't kill strickland": ("no_record", "not_canon"),
    "karen baldwin didn't die in the jsc bombing": ("not_canon", "no_record"),
    "kelly baldwin never went to mars": ("not_canon", "no_record"),
    # a denial nothing answers stays no record
    "ed never flew again until 1983": ("no_record", "no_record"),
    # a role or a people said of the claim's subject, not of someone the fact names near it
    "bobbie draper is a martian marine": ("no_record", "canon"),
    "alexei leonov is a cosmonaut": ("canon", "no_record"),
    "julie mao was the pilot of the scopuli": ("no_record", "canon"),
    "amos burton is an earther": ("no_record", "canon"),
    "ed baldwin is a cosmonaut": ("no_record", "no_record"),  # 'the captured cosmonaut Mikhail'
    "holden is a belter": ("no_record", "no_record"),  # 'fire on a Belter ship'
    "molly cobb is russian": ("no_record", "no_record"),  # 'The Soviet Union lands ...'
    "larry wilson is the president": ("no_record", "no_record"),  # 'in the Oval Office'
    "chrisjen avasarala is a marine": ("no_record", "no_record"),  # 'the 12 UN marines'
    "naomi nagata is the captain of the behemoth": ("no_record", "no_record"),  # its engineer
    "harold weisner is the president": ("no_record", "no_record"),  # NASA's administrator
    # a fact that denies what the claim says in other words never supports it
    "leningrad went back to being called st petersburg in fam": ("no_record", "no_record"),
    # someone put somewhere: the fact puts them there, not near a thing named after it
    "ed baldwin lands on mars": ("canon", "no_record"),
    "margo ends up in moscow": ("canon", "no_record"),
    "margo madison goes to mars": ("no_record", "no_record"),  # 'Goldilocks in Mars orbit'
    "fred johnson goes to mars": ("no_record", "no_record"),  # 'Mars is saved ... Fred's'
    # one person and one event: the event must be theirs
    "ellen wilson has a baby": ("no_record", "no_record"),  # 'since I was born'
    "alex kamal is arrested": ("no_record", "no_record"),  # 'lock up everyone except Alex'
    "margo madison gets married": ("no_record", "no_record"),  # Sergei's marriage
    "molly cobb walks on the moon": ("canon", "no_record"),
    # whose wife, daughter, father: the owner too ('Tracy Stevens, Gordo's wife')
    "tracy stevens is gordo stevens's wife": ("canon", "no_record"),
    "karen baldwin is ed baldwin's daughter": ("no_record", "no_record"),  # Kelly is
    "danny stevens is ed baldwin's father": ("no_record", "no_record"),  # 'her father Ed'
    "aleida rosales is sergei nikulov's wife": ("no_record", "no_record"),
    # two people and one event: both take part in it
    "karen baldwin sleeps with danny stevens": ("canon", "no_record"),
    "karen baldwin sleeps with gordo stevens": ("no_record", "no_record"),  # Gordo's son
    "camina drummer sleeps with fred johnson": ("no_record", "no_record"),  # 'the affair'
    "kelly baldwin is married to ed baldwin": ("no_record", "no_record"),  # Ed and Karen's
    "shed gets shot on the donnager": ("no_record", "canon"),  # 'killed by a railgun shot'
    "gene kranz was killed": ("canon", "no_record"),  # 'Gene Kranz, who ..., is killed'
    # where someone comes from: a fact saying so, not one where they pass through
    "amos burton is from tycho": ("no_record", "no_record"),  # 'On Tycho Station, Amos ...'
    "joe miller is from tycho": ("no_record", "no_record"),  # 'launch it from Tycho'
    "alex kamal was born on ganymede": (
        "no_record",
        "not_canon",
    ),  # on Mars; not 'Travis, born in Texas'
    "marco inaros grew up on ceres": ("no_record", "canon"),
    # the claim's one event is an event of the fact, not a word near it
    "marco inaros commands ceres station": ("no_record", "no_record"),  # '... he tells Filip'
    "karen baldwin commands pathfinder": ("not_canon", "no_record"),  # Ed does, encouraged by her
    "ed baldwin commands pathfinder": ("canon", "no_record"),
    "eros is destroyed by holden": ("no_record", "no_record"),  # he destroys the Marasmus
    # a death's place: one the fact names elsewhere is still not where they died
    "joe miller dies on earth": ("no_record", "not_canon"),
    "karen baldwin dies in houston": ("no_record", "no_record"),  # JSC may be in Houston
    # whose son: 'the son of' owns it too; a two-word name is one owner
    "gordo stevens is the son of karen baldwin": ("no_record", "no_record"),
    "danny stevens is the son of gordo stevens": ("canon", "no_record"),
    "naomi nagata is prax meng's son": ("no_record", "no_record"),  # 'she had a son'
    # 'ready to shoot' shoots no one; partners in a deed do not do it to each other
    "james holden shoots amos burton": ("no_record", "no_record"),
    "james holden shoots alex kamal": ("no_record", "no_record"),  # they fire together
    # 'fires Molly' dismisses her: no shooting
    "margo madison shoots molly cobb": ("no_record", "no_record"),
    "margo fires molly": ("canon", "no_record"),
    # a thing owning a role must be in the fact's clause; 'his daughter' is the doer's
    "dani was commander of sojourner 1": ("canon", "no_record"),
    "gordo was commander of sojourner 1": ("not_canon", "no_record"),  # Dani was
    "kelly is ed's daughter": ("canon", "no_record"),  # 'Ed invites his daughter Kelly'
    "karen baldwin is dev ayesa's mother": ("no_record", "no_record"),  # 'Dev says her mother'
    "xan is cara's little brother": ("no_record", "canon"),  # 'her dead brother Xan'
    # who ordered it; how they died; a possessive typed without its apostrophe
    "margo is the one who had sergei killed": ("no_record", "no_record"),
    "karen baldwin kills herself": ("not_canon", "no_record"),  # the JSC bombing
    "sergei killed himself in s4": ("not_canon", "no_record"),  # a murder staged as one
    "marcos people killed fred johnson": ("no_record", "canon"),
    "shane baldwin is gordos son": ("not_canon", "no_record"),  # Ed and Karen's son
    "the razorback got renamed the screaming firehawk": ("no_record", "canon"),
    # a misconception about who was first leaves a claim that says nothing of it alone
    "dani lands on mars": ("no_record", "no_record"),  # she did; Lee Jung-gil was first
    "danielle poole was the first human to land on mars": ("not_canon", "no_record"),
    "leonov walked on the moon in june 69": ("canon", "no_record"),  # on the correction
    # 'the station' is the Anderson Station the fact names before
    "fred attacked anderson station": ("no_record", "canon"),
    # a denial of who did it: never answered by a death's record or another doer
    "ed baldwin didn't kill karen baldwin": ("no_record", "no_record"),
    "amos burton didn't kill filip inaros": ("no_record", "no_record"),  # Holden did not
    "marco inaros didn't kill naomi nagata": ("no_record", "no_record"),  # he proposes it
    "nobody killed karen": ("not_canon", "no_record"),  # the JSC bombing did
    # what a kinship noun names is that person, not one taking part ('his son Danny'); a
    # fact says Danny has a daughter, so denying he had kids is not canon
    "danny stevens never had kids": ("not_canon", "no_record"),
    # who is who, on the sourced basics (data/facts/*-people.toml)
    "karen is ed's wife": ("canon", "no_record"),
    "filip is marco's son": ("no_record", "canon"),  # 'the son of Naomi Nagata and Marco'
    "karen baldwin and danny stevens are married": ("no_record", "no_record"),  # an affair
    # a fact says he has a daughter (being Gordo's son is no evidence either way)
    "danny stevens had kids": ("canon", "no_record"),
    # whose instructor: Ed was Patty's, not the other way round
    "patty doyle was ed baldwin's flight instructor": ("no_record", "no_record"),
    # done by them is not done to them
    "chrisjen avasarala is arrested": ("no_record", "no_record"),  # 'Avasarala halts ...'
}


verdicts = verdicts_fixture("canon_denials", CLAIMS)


@pytest.mark.parametrize("claim", list(CLAIMS))
def test_claim(verdicts: dict[str, tuple[str, str]], claim: str) -> None:
    assert verdicts[claim] == CLAIMS[claim]


def test_a_denial_cites_the_fact_that_says_the_opposite(tmp_path: Path) -> None:
    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            result = await check_claim(store, 0, "kelly baldwin never went to mars")
            verdict = result.verdicts["fam"]
            assert verdict.verdict == "not_canon"
            assert verdict.evidence[0].relation == "contradicts"
            assert verdict.evidence[0].reason == "the show says the opposite"
            assert "Mars" in verdict.evidence[0].fact.text

    asyncio.run(run())


def test_who_a_claim_gives_a_role(tmp_path: Path) -> None:
    async def run() -> None:
        async with shipped_store(tmp_path / "p.sqlite3") as store:
            index = await server_index(store, 0)

            def roles(text: str) -> dict[str, str]:
                claim = read(text, index.names, index.lexicon)
                return {
                    claim.words[i].text: sorted(role.subject)[0]
                    for i, role in claimed_roles(claim).items()
                }

            assert roles("ed baldwin was the commander of jamestown") == {"commander": "Ed Baldwin"}
            assert roles("james holden is a martian marine") == {
                "martian": "James Holden",
                "marine": "James Holden",
            }
            tracy = read("tracy stevens is gordo stevens's wife", index.names, index.lexicon)
            assert [
                (sorted(r.subject), sorted(r.owner)) for r in claimed_roles(tracy).values()
            ] == [(["Tracy Stevens"], ["Gordo Stevens"])]
            assert roles("danny was found dead in his suit") == {}  # a passive: an event
            assert roles("the torpedo that missed the pella was a dud") == {}  # not the Pella
            assert roles("laconia is planet 2") == {}  # a place has no role
            assert roles("bobbie is the only survivor of her unit") == {}  # a fate
            # a compound's head is owned from before all of it
            assert roles("patty was ed's flight instructor")["instructor"] == "Patty Doyle"

    asyncio.run(run())


def test_typos_of_small_words_are_corrected_but_never_into_a_denial() -> None:
    fixed = respell(
        ["durring", "becuase", "neve", "nott"], keep=lambda word: False, used=lambda key: 0
    )
    assert fixed == ["during", "because", "neve", "nott"]


@pytest.mark.parametrize(
    ("tokens", "opened"),
    [
        (["marcos", "people"], ["marco", "s", "people"]),  # a name's possessive
        (["gordos", "son"], ["gordo", "s", "son"]),
        (["amos", "kills"], ["amos", "kills"]),  # a name ending in s
        (["holdens"], ["holden", "s"]),
        (["guns", "blaze"], ["guns", "blaze"]),  # an English word
    ],
)
def test_a_possessive_typed_without_its_apostrophe(tokens: list[str], opened: list[str]) -> None:
    names = {"marco", "gordo", "amos", "holden", "gun"}
    assert open_possessives(tokens, names.__contains__) == opened
