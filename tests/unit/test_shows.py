"""One registry of shows: bot/shows.py is the only module that spells a show's code out."""

from __future__ import annotations

from pathlib import Path

from bot import shows

ROOT = Path(__file__).resolve().parents[2]
#: Where a show code may be written: the registry, the canon's own phrase lists, the
#: tests, and the data files themselves.
ALLOWED = ("bot/shows.py", "bot/canon/", "tests/", "data/")
SKIPPED = (".venv/", ".git/")


def test_only_the_registry_spells_a_spin_offs_code() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(ALLOWED + SKIPPED):
            continue
        if "starcity" in path.read_text(encoding="utf-8"):
            offenders.append(relative)
    assert offenders == []


def test_the_product_names_shows_and_universes_by_the_registrys_constants() -> None:
    """In the product (not the benches, which type commands as a person would), a show or
    universe code is never a string literal outside the registry."""
    literals = [f"{q}{code}{q}" for code in shows.SHOW_CODES for q in "\"'"]
    offenders = []
    for folder in ("bot", "cogs", "parallax", "loopback"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if not relative.startswith(ALLOWED) and any(lit in text for lit in literals):
                offenders.append(relative)
    assert offenders == []


def test_the_registry_matches_the_dataset() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "data" / "shows.toml").read_text(encoding="utf-8"))
    listed = [(s["code"], s["title"], s["universe"]) for s in data["show"]]
    assert listed == [(s.code, s.title, s.universe) for s in shows.SHOWS]
    assert set(shows.UNIVERSE_CODES) == {code for _, _, code in listed}


def test_lookups() -> None:
    assert shows.SHOW_CODES == ("fam", "starcity", "expanse")
    assert shows.universe_of("starcity") == "fam"
    assert shows.universe_of("expanse") == "expanse"
    assert shows.is_spin_off("starcity") and not shows.is_spin_off("fam")
    assert not shows.is_spin_off(None)
    assert shows.from_alias("  Star   City ") == "starcity"
    assert shows.from_alias("the expanse") == "expanse"
    assert shows.from_alias("babylon 5") is None
    assert shows.streaming("expanse") == "Prime Video" and shows.streaming("x") == ""
    assert shows.title("x") == "x"
    assert shows.titles_sentence() == "For All Mankind, Star City or The Expanse"
    assert shows.choices()[0] == ("For All Mankind", "fam")
