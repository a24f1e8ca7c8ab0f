"""The layers import only downwards: the core stands alone, the loopback knows no bot.

    parallax/  the wiring: Bot subclass, CLI, try-out          (imports anything below)
    cogs/      Discord's side of each feature                  (imports bot/, discord)
    bot/       the core: plain, typed logic and the store      (no discord, cogs, loopback)
    loopback/  a fake Discord for tests, bench and try-out      (no bot, cogs, parallax)

Every import counts, also those inside functions and under `TYPE_CHECKING`: a lazy import
is still a dependency, and a type-only one still ties the layers together.

Inside the loopback and the wiring, objects talk through public methods: no module reads
or writes another object's `_private` member (the REST layer once reached into
FakeDiscord's message index about thirty times, and a model wrote its channel index).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Top-level names each folder must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "bot": frozenset({"discord", "aiohttp", "cogs", "loopback", "parallax"}),
    "loopback": frozenset({"bot", "cogs", "parallax"}),
    "cogs": frozenset({"loopback"}),
}


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, the module `module`."""
    package = module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports(folder: str) -> list[str]:
    offenders = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = module_name(path)
        if path.name == "__init__.py":
            name += ".__init__"  # relative imports resolve against the package itself
        for line, imported in imported_modules(path.read_text(encoding="utf-8"), name):
            if imported.split(".")[0] in FORBIDDEN[folder]:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: imports {imported}")
    return offenders


def test_the_detector_sees_each_form() -> None:
    source = (
        "import discord.ui\n"
        "from bot.clock import Clock\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from parallax.bot import Parallax\n"
        "def late():\n"
        "    import cogs\n"
        "from . import model\n"
        "from ..bot import store\n"
    )
    assert imported_modules(source, "loopback.tryout.world") == [
        (1, "discord.ui"),
        (2, "bot.clock"),
        (3, "typing"),
        (8, "loopback.tryout"),
        (9, "loopback.bot"),
        (5, "parallax.bot"),
        (7, "cogs"),
    ]


def test_every_layer_imports_only_downwards() -> None:
    offenders = [line for folder in FORBIDDEN for line in upward_imports(folder)]
    assert offenders == [], "an upward import (see this module's docstring):\n" + "\n".join(
        offenders
    )


#: Folders where no object touches another's `_private` members.
NO_REACH_INS = ("loopback", "parallax")


def reach_ins(source: str) -> list[tuple[int, str]]:
    """(line, expression) for every `x._name` in `source` where x is not self or cls."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") or (
            isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
        ):
            continue
        found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_reach_in_detector_sees_each_form() -> None:
    source = "self._own\nfake._messages.get(1)\nself.fake._notify()\ncls._x\nobj.__dict__\n"
    assert reach_ins(source) == [(2, "fake._messages"), (3, "self.fake._notify")]


def test_no_module_reaches_into_another_objects_private_members() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {expression}"
        for folder in NO_REACH_INS
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, expression in reach_ins(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use a public method instead:\n" + "\n".join(offenders)
