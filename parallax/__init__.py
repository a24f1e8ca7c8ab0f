"""The wiring above the core: what connects Parallax's logic to Discord and to the terminal.

- `bot`: the Bot subclass (`Parallax`), its command tree and error reply, the command sync;
- `extensions`: the explicit list of feature extensions the Bot loads;
- `cli`: the `parallax` command (run, sync, data, export/import/backup, canon, try);
- `tryout`: `parallax try`, the real bot on the loopback Discord in a terminal.

Layers, each importing only those below it: `bot/` (the core: plain, typed logic and the
store; no discord), `cogs/` (Discord's side of each feature), `parallax/` (this package).
`loopback/` is a fake Discord that knows nothing of the bot; only the wiring and the tests
put the two together.
"""
