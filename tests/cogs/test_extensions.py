"""The Bot loads an explicit list of extensions; a cog left off the list would never run."""

from __future__ import annotations

import pkgutil

import cogs
from parallax.extensions import EXTENSIONS


def test_every_feature_module_in_cogs_is_listed_once() -> None:
    features = sorted(
        f"cogs.{module.name}"
        for module in pkgutil.iter_modules(cogs.__path__)
        if not module.name.startswith("_")
    )
    assert sorted(EXTENSIONS) == features
    assert len(set(EXTENSIONS)) == len(EXTENSIONS)
