"""Hints: what narrows a trivia answer without giving it (initials, the shape of a number,
the decade, three seasons), posted halfway through a night's question."""

from __future__ import annotations

import re

from bot.trivia.questions import TriviaQuestion


def hint_for(question: TriviaQuestion) -> str:
    """A hint that narrows the answer without giving it: initials, or the shape of a number."""
    answer = question.answer
    year = re.search(r"\b(1[89]|2\d)\d\d\b", answer)
    if question.kind in ("year", "date") and year:
        return f"It happens in the {year.group(0)[:3]}0s."
    if question.kind == "season" and question.season is not None and question.seasons:
        low = max(min(question.seasons), min(question.season - 1, max(question.seasons) - 2))
        return f"One of seasons {low}, {low + 1} and {low + 2}."
    number = re.search(r"\d[\d,]*", answer)
    if question.kind == "number" and number:
        digits = len(number.group(0).replace(",", ""))
        return f"The number has {digits} digit{'s' if digits != 1 else ''}."
    words = []
    for word in answer.split():
        letters = [c for c in word if c.isalnum()]
        if len(letters) <= 1:
            words.append(word)
            continue
        first = True
        masked = []
        for c in word:
            if c.isalnum():
                masked.append(c if first else "＿")
                first = False
            else:
                masked.append(c)
        words.append("".join(masked))
    return "Initials: " + " ".join(words)
