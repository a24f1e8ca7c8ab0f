"""A small, valid dataset written to a temporary folder, for loader and store tests."""

from __future__ import annotations

from pathlib import Path

SHOWS = """
[[show]]
code = "fam"
title = "For All Mankind"
network = "Apple TV+"
universe = "fam"
status = "running"

[[show]]
code = "expanse"
title = "The Expanse"
network = "Syfy"
universe = "expanse"
status = "ended"
"""

FAM_EPISODES = """
show = "fam"

[[season]]
number = 1
status = "aired"
source_title = "Season 1 - wiki"
source_url = "https://example.org/fam-s1"
episodes = [
  { number = 1, title = "Red Moon", aired = "2019-11-01" },
  { number = 2, title = "He Built the Saturn V", aired = "2019-11-01" },
]
"""

EXPANSE_EPISODES = """
show = "expanse"

[[season]]
number = 1
status = "aired"
source_title = "Season 1 - wiki"
source_url = "https://example.org/expanse-s1"
episodes = [
  { number = 1, title = "Dulcinea", aired = "2015-12-14" },
]
"""

FAM_FACTS = """
show = "fam"

[[fact]]
id = "fam-leonov"
kind = "event"
text = "Alexei Leonov becomes the first person to walk on the Moon."
when = "1969-06-26"
tags = ["Alexei Leonov", "Moon"]
episode = "S1E1"

[[fact]]
id = "fam-cortazar-test"
kind = "fact"
text = "Dr. Cortázar studies the protomolecule samples."
tags = ["Cortázar"]
source_title = "A cited page"
source_url = "https://example.org/page"
"""

EXPANSE_FACTS = """
show = "expanse"

[[fact]]
id = "exp-canterbury"
kind = "event"
text = "The ice hauler Canterbury is destroyed near Saturn."
tags = ["Canterbury"]
episode = "S1E1"
"""

PARALLELS = """
[[parallel]]
id = "par-first"
fam = "fam-leonov"
expanse = "exp-canterbury"
topic = "a turning point"
note = "Both open their show with an event that changes everything."
source = "facts"
"""


def write_minidata(root: Path, **overrides: str) -> Path:
    """Write the dataset; `overrides` maps a relative path ('facts/fam.toml') to new text."""
    files = {
        "dataset.toml": "version = 1\n",
        "shows.toml": SHOWS,
        "episodes/fam.toml": FAM_EPISODES,
        "episodes/expanse.toml": EXPANSE_EPISODES,
        "facts/fam.toml": FAM_FACTS,
        "facts/expanse.toml": EXPANSE_FACTS,
        "parallels.toml": PARALLELS,
    }
    files.update({key.replace("__", "/"): value for key, value in overrides.items()})
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
