"""What /canon answers: a verdict per universe, with evidence, and the parallels it touches.

A recorded misconception is never shown as if it were true: its evidence carries the
fans' wording and the show's correction together ("Fans often say: ... — the show: ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.store.records import UNIVERSE_LABELS, Fact, Parallel

Verdict = Literal["canon", "not_canon", "no_record"]
Relation = Literal["supports", "contradicts", "misconception", "related"]
UNIVERSES = ("fam", "expanse")


@dataclass(frozen=True, slots=True)
class Evidence:
    fact: Fact
    relation: Relation
    reason: str
    score: float

    @property
    def is_misconception(self) -> bool:
        return self.fact.kind == "misconception"

    @property
    def statement(self) -> str:
        """What the show establishes: for a misconception, always its correction."""
        return self.fact.correction if self.is_misconception else self.fact.text

    @property
    def fans_say(self) -> str:
        """A misconception's wording, as fans put it; empty for any other fact."""
        return self.fact.text if self.is_misconception else ""

    def summary(self) -> str:
        """One line for plain-text output."""
        if self.is_misconception:
            return f"Fans often say: {self.fans_say} — the show: {self.statement}"
        return self.statement

    def to_json(self) -> dict[str, object]:
        episode = self.fact.episode
        return {
            "fact": self.fact.key,
            "show": self.fact.show,
            "text": self.statement,
            "fans_say": self.fans_say or None,
            "correction": self.fact.correction or None,
            "relation": self.relation,
            "reason": self.reason,
            "when": self.fact.when_label or None,
            "source": self.fact.source_label(),
            "episode": None
            if episode is None
            else {
                "season": episode.season,
                "number": episode.number,
                "title": episode.title,
                "aired": episode.aired.isoformat(),
            },
            "url": self.fact.source_url or None,
        }


@dataclass(frozen=True, slots=True)
class UniverseVerdict:
    universe: str
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return UNIVERSE_LABELS[self.universe]

    def to_json(self) -> dict[str, object]:
        result: dict[str, object] = {
            "verdict": self.verdict,
            "evidence": [e.to_json() for e in self.evidence],
        }
        if self.note:
            result["note"] = self.note
        return result


@dataclass(frozen=True, slots=True)
class CanonResult:
    claim: str
    verdicts: dict[str, UniverseVerdict]
    parallels: tuple[Parallel, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "claim": self.claim,
            **{u: v.to_json() for u, v in self.verdicts.items()},
            "parallels": [
                {
                    "topic": p.topic,
                    "note": p.note,
                    "fam": {"fact": p.fam.key, "text": p.fam.text, "source": p.fam.source_label()},
                    "expanse": {
                        "fact": p.expanse.key,
                        "text": p.expanse.text,
                        "source": p.expanse.source_label(),
                    },
                    "source": p.source_title or "the two facts' sources",
                    "url": p.source_url or None,
                }
                for p in self.parallels
            ],
        }
