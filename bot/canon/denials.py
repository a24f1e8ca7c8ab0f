"""A claim that denies one event ('miller never found julie', 'ed doesn't speak korean').

Fans deny an event in as many words as they tell it, so a denial is answered by the show's
record of the event it denies: the claim without its negation is judged like any other, and
when the show has that event, the denial is not canon. Only a plain denial is read this way:
one negation of one verb, nothing that limits its reach ('until', 'before', 'only', a second
clause), so 'naomi never spaced it, she slipped it to fred' stays with the word-by-word judge.
"""

from __future__ import annotations

from bot.canon.text import NEGATORS, raw_tokens

DO = frozenset({"do", "does", "did"})  # 'did not make it': the verb after it carries the event
BE_HAVE = frozenset({"is", "was", "are", "were", "has", "have", "had"})  # 'is not dead'
# words after which a denial no longer says one plain thing ('never ... until s3', 'not
# even', 'never ... but ...'): a claim with any of them is left to the word-by-word judge
LIMITS = frozenset(
    """until till before after because but only except instead rather even yet anymore
    again ever either when while though although unless since so and or once still
    without""".split()
)
CLAUSES = frozenset({",", ";", ":", ".", "!"})


def affirmed(text: str) -> str | None:
    """The event a plain denial denies, as a claim ('miller found julie'), or None when the
    claim is no plain denial: no negation, more than one, a modal one ('couldn't'), or one
    whose reach some other word limits."""
    tokens = raw_tokens(text)
    while tokens and tokens[-1] in CLAUSES | {"?"}:
        tokens.pop()
    negations = [i for i, t in enumerate(tokens) if t in NEGATORS]
    if len(negations) != 1 or any(t in LIMITS or t in CLAUSES for t in tokens):
        return None
    at = negations[0]
    word = tokens[at]
    before = tokens[at - 1] if at else ""
    if word == "never":
        drop = {at}
    elif word == "not" and before in DO:
        drop = {at - 1, at}
    elif word == "not" and before in BE_HAVE:
        drop = {at}
    else:
        return None  # 'no', 'nothing', 'can not', 'goes to mars not earth'
    kept = [t for i, t in enumerate(tokens) if i not in drop]
    return " ".join(kept) if at + 1 < len(tokens) else None
