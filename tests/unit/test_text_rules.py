"""Members' text shown back safely: code spans, link targets, pasted blank lines, claims."""

from __future__ import annotations

import pytest

from bot.canon import validate_claim
from bot.facts_admin import _clean
from bot.text import quoted
from cogs._ui import clip, md_link


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("`", "`'`"),
        ("Europe/ Berlin", "`Europe/ Berlin`"),
        ("   ", "`(empty)`"),
        ("a`b`c", "`a'b'c`"),
    ],
)
def test_quoted_text_never_ends_its_code_span(typed: str, shown: str) -> None:
    assert quoted(typed) == shown


def test_a_link_target_cannot_be_closed_early() -> None:
    hostile = "https://example.com/a)**bold**[x](https://evil.example"
    link = md_link("T", hostile)
    assert link.startswith("[T](") and link.count(")") == 1 and link.endswith(")")
    assert md_link("Wiki", "https://expanse.fandom.com/wiki/Bobbie_Draper_(TV)") == (
        "[Wiki](https://expanse.fandom.com/wiki/Bobbie_Draper_%28TV%29)"
    )
    assert md_link("plain", "") == "plain"
    # a bracket in the label would end it early: it is shown as a parenthesis
    assert md_link("new hope [Apple TV+ recap] – Cult of Mac", "https://c.example/x") == (
        "[new hope (Apple TV+ recap) – Cult of Mac](https://c.example/x)"
    )


def test_a_clipped_text_ends_at_a_word() -> None:
    text = "the two shows are made by different companies and share no storyline"
    assert clip(text, 50) == "the two shows are made by different companies…"
    assert clip("a" * 100, 10) == "a" * 9 + "…"  # one long word: cut inside it
    assert clip(text, 200) == text
    assert not clip("escaped \\* star and more words here", 12).endswith("\\…")


def test_pasted_blank_lines_fold_to_one() -> None:
    assert _clean("line1" + "\n" * 28 + "line2  \n \t\n\nend") == "line1\n\nline2\n\nend"
    assert _clean("one\ntwo") == "one\ntwo"


@pytest.mark.parametrize(
    ("claim", "kept"),
    [
        ("\u202eMiller dies on Eros", "Miller dies on Eros"),  # a right-to-left override
        ("Mil\u00adler dies", "Miller dies"),  # a soft hyphen inside a name
        ("https://discord.gg/abcdef Miller dies", "Miller dies"),  # no link reposted
        ("@everyone's favourite Miller dies", "favourite Miller dies"),
    ],
)
def test_a_claim_is_tidied_of_what_would_be_reposted(claim: str, kept: str) -> None:
    assert validate_claim(claim) == kept
