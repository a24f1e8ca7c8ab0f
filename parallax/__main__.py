"""`python -m parallax`: the same as the `parallax` console script."""

from parallax.cli import main

raise SystemExit(main())
