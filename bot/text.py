"""Small text rules: stored text must hold something visible; counts take plurals.

Text members type that Parallax stores and shows again must hold something visible. One check for every stored text (fact text and correction, tags, source titles, event
titles): a string of zero-width, direction, control or blank-filler characters shows up
as nothing, or as an empty line, wherever it is displayed.
"""

from __future__ import annotations

import unicodedata

# Letters and symbols that render as blank space (Hangul fillers, the blank Braille cell,
# the Mongolian vowel separator): favourites for "invisible" names.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def is_visible(char: str) -> bool:
    """Whether one character shows as something: not control/format/unassigned/private
    (category C*), not a space or separator (Z*), not a blank-looking filler."""
    return unicodedata.category(char)[0] not in "CZ" and char not in BLANK_LOOKING


def has_visible_character(text: str) -> bool:
    """Whether `text` shows at least one character; "\\u200b" or "\\u061c\\u200f" does not."""
    return any(is_visible(char) for char in text)


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 season', '4 weeks', '2 people' (with `many` for an irregular plural)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def quoted(text: str, limit: int = 40) -> str:
    """What a member typed, shown back in inline code: cut to `limit` characters, without
    the backticks that would end the code span early (a lone '`' opened a code block)."""
    shown = " ".join(text.replace("`", "'").split())[:limit]
    return f"`{shown or '(empty)'}`"
