"""Parallax: For All Mankind and The Expanse, side by side, in Discord."""

__version__ = "0.1.0"
