"""Is it canon? Judge a fan's claim against a server's facts, per universe, with evidence.

text      words, lemmas and stems, negation, clauses (PyStemmer, lemminflect)
lexicon   data/lexicon.toml compiled: concepts, opposites, kinds, nicknames, demonyms
names     the names a claim or a fact uses, recognised from the facts' tags
slots     a text read into slots: who acts, who is acted on, where, when
retrieval the server's in-memory BM25 index (shipped base + its overlay)
judging   one fact against the claim, and the verdict per universe
results   what /canon answers (verdicts, evidence, parallels)
check     check_claim: the public entry point
"""

from bot.canon.check import (
    CLAIM_MAX,
    CLAIM_MIN,
    check_claim,
    refuse_empty_claim,
    server_index,
    validate_claim,
)
from bot.canon.results import (
    UNIVERSES,
    CanonResult,
    Evidence,
    Relation,
    UniverseVerdict,
    Verdict,
)

__all__ = [
    "CLAIM_MAX",
    "CLAIM_MIN",
    "UNIVERSES",
    "CanonResult",
    "Evidence",
    "Relation",
    "UniverseVerdict",
    "Verdict",
    "check_claim",
    "refuse_empty_claim",
    "server_index",
    "validate_claim",
]
