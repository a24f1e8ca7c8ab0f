"""One feature per module; each translates Discord in and out and calls plain code in bot/."""
