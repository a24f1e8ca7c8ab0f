"""A playground session: the real bot on one loopback Discord and one database, driven by lines.

One ManualClock is shared by the bot and the loopback, and moves only with `wait`; a wait
steps the clock from one due moment to the next (a round's deadline, an announcement, a
planned night) and lets the cogs' tick/run-due methods act at each, so everything happens
in order while you watch.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import discord

from bot.clock import ManualClock
from bot.config import Settings
from loopback.commands import (
    INTEGER,
    ClientRefused,
    LoopbackError,
)
from loopback.fake import FakeDiscord, NoResponse
from loopback.interactions import Reply
from loopback.messages import FakeMessage, StoredMessage, iter_components
from parallax.bot import Parallax

from .options import coerce, resolve_command
from .parse import TryError, parse_command, parse_duration, parse_form, shorten
from .render import ANSI_DIM, Look, button_label, clock_line, describe_form, form_fields
from .screen import Screen
from .timekeeping import CountingExecutor, due_moments, run_due
from .world import MODERATOR, WORLD_EPOCH, YOU, Player, World

log = logging.getLogger(__name__)
T = TypeVar("T")

QUIT = ("quit", "exit", "q", ":q")


def quit_word(word: str) -> bool:
    """`quit`, `exit`, and Python's `quit()` and `exit()`, in any case."""
    return word.casefold().removesuffix("()") in QUIT


CLOCK_KEY = "try:clock"  # where a kept database remembers the session's clock
MAX_STEPS = 5000  # due moments one wait may stop at
HELP = """\
Type a command as in Discord, or one of these:
  /timeline year:1969            a slash command; quote a value with a colon or quotes in
                                 it: start:"2026-12-05 20:00"
  /timezone set zone:Berl?       a ? after a value lists the bot's suggestions for it
  click Next  ·  click 2         press a button (by label, or by number from the left) on
                                 the newest message that has one
  choose VALUE                   pick an option in the newest menu
  form Label=value | Label=value fill the open form (on a terminal you are asked field by
                                 field; the numbers work too: form 1=… | 2=…)
  say TEXT                       post TEXT in #general (answer a trivia night by chat)
  as moderator · as member · as NAME
                                 become the moderator, yourself again, or NAME (who joins
                                 the server as a member the first time)
  wait 90s · wait 2h · wait 3d   move the clock on: rounds close, announcements post,
                                 planned nights start
  channel [#name]                what was posted in a channel (#general by default)
  reveal                         uncover the spoilers of the newest message that has some
  who · time                     the people, channels and roles here · the session's clock
  help · quit                    this list · leave (Ctrl-D works too)
Buttons show as [Label]; [~Label~] cannot be pressed now. Lines starting with # are skipped.
Every command is listed for everyone here (as a server's admins may allow); the bot
itself checks who is a moderator."""


@dataclass(frozen=True)
class SessionOptions:
    database: Path
    files: Path
    start: dt.datetime
    keep_clock: bool = False  # remember the clock in the database (a --db session)
    as_moderator: bool = False
    seed: int | None = None  # repeatable random choices (which trivia question comes)


class _TryBot(Parallax):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


class Session:
    def __init__(
        self, settings: Settings, options: SessionOptions, look: Look, out: Callable[[str], None]
    ) -> None:
        self.settings = settings
        self.options = options
        self.look = look
        self.out = out
        self.clock = ManualClock(WORLD_EPOCH)
        # The playground's application has the portal's Message Content switch on, so that
        # trivia answers typed in the channel work as they would on a configured server.
        self.fake = FakeDiscord(clock=self.clock, privileged_intents={"message_content"})
        self.look.now = self.clock
        self._stack = AsyncExitStack()
        self.world: World | None = None
        self.screen: Screen | None = None
        self.bot: Parallax | None = None
        self.player: Player | None = None
        self.form: Reply | None = None  # a modal the bot opened and that is not sent yet
        self.last_reply: Reply | None = None
        self.interactive = False  # a person at a terminal (forms are asked field by field)
        self.executor = CountingExecutor()

    # ------------------------------------------------------------------ lifecycle

    async def open(self) -> None:
        asyncio.get_running_loop().set_default_executor(self.executor)
        fake = self.fake
        await self._stack.enter_async_context(fake)
        self._stack.enter_context(fake.patched())
        world = self.world = World(fake, self.clock)
        self.screen = Screen(fake, self.look, self.options.files, self.out)
        self.look.user_name = lambda i: fake.users[i].username if i in fake.users else None
        self.look.channel_name = lambda i: c.name if (c := fake.channel(i)) else None
        self.look.role_name = lambda i: r.name if (r := world.guild.get_role(i)) else None
        self.clock.now = self.options.start
        intents = discord.Intents.default()
        intents.message_content = True  # trivia nights take typed answers
        self.bot = _TryBot(
            replace(
                self.settings,
                token=fake.token,
                database_path=self.options.database,
                auto_sync=False,
                dev_guild_id=None,
                message_content=True,
            ),
            clock=self.clock,
            intents=intents,
            guild_ready_timeout=0.05,
        )
        await self._stack.enter_async_context(fake.running(self.bot))
        await self.bot.tree.sync()
        if self.options.seed is not None:
            for cog in self.bot.cogs.values():
                rng = getattr(cog, "rng", None)
                if isinstance(rng, random.Random):
                    rng.seed(f"{self.options.seed}:{type(cog).__name__}")
        if self.options.keep_clock:
            saved = await self.bot.store.meta.get(CLOCK_KEY)
            if saved and self.options.start < (moment := dt.datetime.fromisoformat(saved)):
                self.clock.now = moment  # a kept database never goes back in time
        self.player = self.world.player(MODERATOR if self.options.as_moderator else YOU)
        await self.settle()

    async def close(self) -> None:
        try:
            if self.options.keep_clock and self.bot is not None and not self.bot.is_closed():
                await self.bot.store.meta.set(CLOCK_KEY, self.clock.now.isoformat())
        finally:
            await self._stack.aclose()

    @property
    def prompt(self) -> str:
        return f"{self.player.name if self.player else YOU}> "

    @property
    def here(self) -> int:
        assert self.world is not None
        return self.world.general.id

    # ------------------------------------------------------------------ lines

    async def run_line(self, line: str) -> bool:
        """Run one line; False when it was refused or failed (the reason was printed)."""
        text = line.strip()
        if not text or text.startswith("#"):
            return True
        word, _, rest = text.partition(" ")
        verb = word.casefold()
        if self.form is not None and verb != "form":
            self.form = None
            self.note("(the form was closed without sending it)")
        if text.startswith("/"):
            return await self.guarded(self.slash(text), text)
        if verb in COMMANDS:
            return await self.guarded(COMMANDS[verb](self, rest.strip()), text)
        self.out(self._unknown(text))
        return False

    async def guarded(self, work: Awaitable[Any], text: str) -> bool:
        """Await `work`; anything it raises becomes one line for the user, never a traceback."""
        try:
            await work
        except TryError as error:
            self.out(str(error))
        except ClientRefused as error:
            self.out(error.message)
        except NoResponse as error:
            self.out(f"The bot did not answer in time ({error}).")
        except LoopbackError as error:
            self.out(f"Discord would not let you do that: {error}")
        except Exception as error:  # never a traceback for what a user types
            log.exception("The line %r failed", text)
            self.out(f"That line could not be run ({type(error).__name__}: {error}).")
        else:
            return True
        return False

    def _unknown(self, text: str) -> str:
        first = text.split()[0].casefold()
        names = [c["name"] for c in self.fake.commands.get(None, [])]
        if first in names:
            return f"Write the command as you would in Discord, with a slash: /{shorten(text)}"
        if quit_word(first):  # a session leaves before it gets here: this is one command
            return "quit leaves a playground session; `parallax try` alone opens one."
        close = difflib.get_close_matches(first, list(COMMANDS), n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        return f"I don't know {shorten(first)!r}.{hint} Type help for what you can do."

    def note(self, text: str) -> None:
        self.out(self.look.wrap(ANSI_DIM, text))

    async def show(self) -> None:
        """Let the bot finish, then draw what is new for the current person."""
        await self.settle()
        assert self.screen is not None and self.player is not None
        self.screen.refresh(self.player.member.id, self.here)

    async def settle(self, quiet: float = 0.12, limit: float = 4.0) -> None:
        """Until the loopback has been quiet for `quiet` seconds (or `limit` passed):
        nothing requested, no interaction still waiting for its answer, no work in a
        worker thread."""
        loop = asyncio.get_running_loop()
        started = last_change = loop.time()
        seen: tuple[int, ...] = ()
        fake = self.fake
        while loop.time() - started < limit:
            now = fake.now()
            pending = sum(  # recent interactions only: one the bot never answers is history
                1
                for s in fake.world.interactions()
                if (
                    s.response_type is None
                    and not s.late
                    and not s.rejections
                    and now - s.dispatched_at < fake.ack_deadline
                )
                or (s.loading and not s.completed and now - s.dispatched_at < limit)
            )
            pending += self.executor.busy
            state = (len(fake.requests), len(fake.world.messages()), pending)
            if state != seen or pending:
                seen, last_change = state, loop.time()
            elif loop.time() - last_change >= quiet:
                return
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------------ slash commands

    async def slash(self, text: str) -> None:
        parsed = parse_command(text)
        name, schemas = resolve_command(self.fake.commands.get(None, []), parsed.head)
        assert self.player is not None and self.world is not None
        unknown = [o for o in parsed.options if o not in schemas]
        if unknown:  # one after another option's value may be a word and a colon in it
            quote = ' (to write a colon inside a value, quote it: claim:"Holden says: no")'
            raise TryError(
                f"/{name} has no option {', '.join(f'`{u}`' for u in unknown)}; its options: "
                + (", ".join(sorted(schemas)) or "none")
                + (quote if unknown != list(parsed.options)[:1] else "")
                + "."
            )
        plain = {k: v for k, v in parsed.options.items() if not schemas[k].get("autocomplete")}
        values = {k: coerce(self.world, schemas[k], v) for k, v in plain.items()}
        for key, raw in parsed.options.items():
            if key not in plain:
                picked = await self._autocompleted(name, schemas[key], raw, values)
                if picked is None:
                    return  # the suggestions were shown
                values[key] = picked
        # Every command is shown to everyone here, as a server's admins may allow it: the
        # bot checks moderators itself (default_permissions is only Discord's hint).
        reply = await self.fake.slash(
            self.world.general,
            self.player.member,
            name,
            ignore_default_permissions=True,
            **values,
        )
        await self._answered(reply)

    async def _autocompleted(
        self, name: str, schema: dict[str, Any], raw: str, values: dict[str, Any]
    ) -> Any:
        """An autocomplete option: `value?` lists the bot's suggestions (returns None); a
        suggestion typed by its shown name is sent as its value; other text as typed."""
        assert self.world is not None and self.player is not None
        option = schema["name"]
        asked = raw.endswith("?")
        typed = raw[:-1].strip() if asked else raw
        if not raw:
            raise TryError(f"`{option}` has no value: write {option}:something, or {option}:?")
        try:
            choices = await self.fake.autocomplete(
                self.world.general, self.player.member, name, focused=option, value=typed, **values
            )
        except NoResponse:
            if asked:
                raise
            choices = []  # no suggestions came: the text goes as typed, as on Discord
        if asked:
            if not choices:
                self.out(
                    f"No suggestions for `{option}`{f' from {shorten(typed)!r}' if typed else ''}."
                )
                return None
            self.out(f"Suggestions for `{option}` (type one after {option}:):")
            for choice in choices:
                shown = str(choice["name"])
                value = str(choice["value"])
                self.out(f"  {shown}" + (f"  → {value}" if value != shown else ""))
            return None
        folded = typed.casefold()
        for choice in choices:
            if folded in (str(choice["name"]).casefold(), str(choice["value"]).casefold()):
                return choice["value"] if schema["type"] != INTEGER else int(choice["value"])
        if schema["type"] == INTEGER:
            try:
                return int(typed)
            except ValueError:
                if len(choices) == 1:
                    return int(choices[0]["value"])
                listing = "; ".join(str(c["name"]) for c in choices[:8])
                raise TryError(
                    f"`{option}` takes one of the bot's suggestions"
                    + (f": {listing}" if listing else " (there are none)")
                    + f". Type {option}:? to list them."
                ) from None
        return coerce(self.world, {**schema, "choices": []}, typed)

    async def _answered(self, reply: Reply) -> None:
        self.last_reply = reply
        await self.show()
        if reply.modal is not None:
            self.form = reply
            described = describe_form(reply.modal)
            # on a terminal each field is asked with its rule: name the form only
            for line in described[:1] if self.interactive else described:
                self.out(line)
            if not self.interactive:
                self.note("(fill it with: form Label=value | Label=value)")

    def report(self) -> dict[str, Any]:
        """The last reply and every message shown, each once as it is now (for --json)."""
        assert self.screen is not None
        reply = self.last_reply
        ids = list(dict.fromkeys(self.screen.drawn_log))
        found = [self.fake.world.message(i) for i in ids]
        messages = [m for m in found if m is not None]
        shown = []
        for message in messages:
            if message.deleted:
                continue
            payload = dict(message.payload)
            payload["attachments"] = [  # the loopback's URLs die with it: say where the file is
                {**a, "saved_as": str(self.screen.saved[a["id"]])}
                if a.get("id") in self.screen.saved
                else a
                for a in payload.get("attachments") or []
            ]
            shown.append(payload)
        return {
            "ephemeral": bool(reply and reply.ephemeral),
            "modal": reply.modal if reply else None,
            "choices": reply.choices if reply else None,
            "messages": shown,
        }

    # ------------------------------------------------------------------ components

    def _latest(self, predicate: Callable[[dict[str, Any]], bool]) -> list[StoredMessage]:
        """Messages the current person sees that hold a matching component, newest first."""
        assert self.screen is not None and self.player is not None
        visible = self.screen.visible(self.player.member.id)
        return [
            m
            for m in reversed(visible)
            if any(predicate(c) for c in iter_components(m.payload.get("components") or []))
        ]

    async def click(self, what: str) -> None:
        if not what:
            raise TryError("Click what? e.g. click Next, or click 2 (the second button).")

        def is_button(c: dict[str, Any]) -> bool:
            return c.get("type") == 2

        candidates = self._latest(is_button)
        if not candidates:
            raise TryError("No message here has a button to click.")
        button, message = self._find_button(what, candidates)
        label = button_label(button)
        if button.get("url"):
            raise TryError(f"[{label}] opens a link in the browser: {button['url']}")
        if button.get("disabled"):
            raise TryError(f"[{label}] cannot be pressed now.")
        assert self.player is not None
        reply = await self.fake.click(
            FakeMessage.of(message), self.player.member, button["custom_id"]
        )
        await self._answered(reply)

    @staticmethod
    def _buttons(message: StoredMessage) -> list[dict[str, Any]]:
        return [
            c
            for c in iter_components(message.payload.get("components") or [])
            if c.get("type") == 2
        ]

    def _find_button(
        self, what: str, candidates: list[StoredMessage]
    ) -> tuple[dict[str, Any], StoredMessage]:
        if what.isdigit():
            buttons = self._buttons(candidates[0])
            index = int(what)
            if not 1 <= index <= len(buttons):
                listing = " ".join(f"{n}:[{button_label(b)}]" for n, b in enumerate(buttons, 1))
                raise TryError(f"The newest buttons are {listing}; click one of those numbers.")
            return buttons[index - 1], candidates[0]
        folded = what.casefold().strip("[]")
        tests: list[Callable[[dict[str, Any]], bool]] = [
            lambda b: button_label(b).casefold() == folded,
            lambda b: str(b.get("label") or "").casefold() == folded,
            lambda b: str((b.get("emoji") or {}).get("name") or "") == what,
            lambda b: str(b.get("label") or "").casefold().startswith(folded),
            lambda b: b.get("custom_id") == what,
        ]
        for test in tests:
            for message in candidates:
                for button in self._buttons(message):
                    if test(button):
                        return button, message
        listing = " ".join(f"[{button_label(b)}]" for b in self._buttons(candidates[0]))
        raise TryError(f"No button {shorten(what)!r} here; the newest ones: {listing}.")

    async def choose(self, what: str) -> None:
        if not what:
            raise TryError("Choose what? e.g. choose Easy")

        def is_select(c: dict[str, Any]) -> bool:
            return c.get("type") in (3, 5, 6, 7, 8)

        candidates = self._latest(is_select)
        if not candidates:
            raise TryError("No message here has a menu to choose from.")
        message = candidates[0]
        select = next(
            c for c in iter_components(message.payload.get("components") or []) if is_select(c)
        )
        assert self.player is not None and self.world is not None
        wanted = [what] if "," not in what else [w.strip() for w in what.split(",") if w.strip()]
        values: list[Any] = []
        if select["type"] == 3:
            options = select.get("options") or []
            for item in wanted:
                found = next(
                    (
                        o
                        for o in options
                        if item.casefold()
                        in (str(o.get("label")).casefold(), str(o.get("value")).casefold())
                    ),
                    None,
                )
                if found is None:
                    listing = ", ".join(str(o.get("label")) for o in options)
                    raise TryError(f"The menu has no {shorten(item)!r}; its options: {listing}.")
                values.append(found["value"])
        else:
            for item in wanted:
                values.append(
                    self.world.channel(item)
                    if select["type"] == 8
                    else self.world.role(item)
                    if select["type"] == 6
                    else self.world.member(item)
                )
        reply = await self.fake.select(
            FakeMessage.of(message), self.player.member, select["custom_id"], values
        )
        await self._answered(reply)

    # ------------------------------------------------------------------ forms

    def form_questions(self) -> list[tuple[str, dict[str, Any]]]:
        """The open form's fields, for the console to ask one by one."""
        return form_fields(self.form.modal) if self.form and self.form.modal else []

    async def fill_form(self, text: str) -> None:
        if self.form is None or self.form.modal is None:
            raise TryError("No form is open; a command or a button opens one (e.g. /fact add).")
        await self.submit_form(parse_form(text))

    async def submit_form(self, pairs: list[tuple[str, str]]) -> None:
        form = self.form
        assert form is not None and form.modal is not None
        fields = form_fields(form.modal)
        values: dict[str, str] = {}
        for key, value in pairs:
            item = self._field(key, fields)
            values[item["custom_id"]] = value
        for label, item in fields:
            value = values.get(item["custom_id"], "")
            low, high = item.get("min_length") or 0, item.get("max_length") or 4000
            if item.get("required", True) and not value:
                raise TryError(f"The form needs {label} (it is required).")
            if value and not low <= len(value) <= high:
                raise TryError(
                    f"{label} must be {low} to {high} characters long, not {len(value)}."
                )
        self.form = None
        assert self.player is not None
        reply = await self.fake.submit_modal(form, values, member=self.player.member)
        await self._answered(reply)

    @staticmethod
    def _field(key: str, fields: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        folded = key.casefold()
        if key.isdigit() and 1 <= int(key) <= len(fields):
            return fields[int(key) - 1][1]
        for label, item in fields:
            if folded in (label.casefold(), str(item.get("custom_id")).casefold()):
                return item
        starting = [item for label, item in fields if label.casefold().startswith(folded)]
        if len(starting) == 1:
            return starting[0]
        labels = ", ".join(label for label, _ in fields)
        raise TryError(f"The form has no field {shorten(key)!r}; its fields: {labels}.")

    # ------------------------------------------------------------------ people, chat, time

    async def become(self, who: str) -> None:
        assert self.world is not None
        folded = who.casefold()
        if not who:
            raise TryError("As whom? as moderator, as member, or as a name (as naomi).")
        if folded in ("moderator", "mod", "a moderator"):
            player = self.world.player(MODERATOR)
        elif folded in ("member", "me", "you", "a member"):
            player = self.world.player(YOU)
        else:
            player = self.world.player(who) or self.world.join(who)
        assert player is not None
        self.player = player
        self.note(f"(you are now {player.describe()})")
        await self.show()

    async def say(self, text: str) -> None:
        if not text:
            raise TryError("Say what? e.g. say Deimos")
        if len(text) > 2000:
            raise TryError("Discord takes at most 2000 characters in a message.")
        assert self.world is not None and self.player is not None
        await self.fake.say(self.world.general, self.player.member, text)
        await self.show()

    async def wait(self, text: str) -> None:
        assert self.bot is not None and self.world is not None
        bot, guild_id = self.bot, self.world.guild.id
        delta = parse_duration(text)
        end = self.clock.now + delta
        for _ in range(MAX_STEPS):
            await run_due(bot)
            await self.show()
            if self.clock.now >= end:
                break
            stop = min(
                [m for m in await due_moments(bot, guild_id) if self.clock.now < m < end] or [end]
            )
            self.fake.advance_time((stop - self.clock.now).total_seconds())
        else:
            self.fake.advance_time(max(0.0, (end - self.clock.now).total_seconds()))
            await run_due(bot)
            await self.show()
        self.note(f"(the clock now reads {self.clock_text()})")

    def clock_text(self) -> str:
        return clock_line(self.clock.now, self.look)

    # ------------------------------------------------------------------ looking around

    async def channel(self, text: str) -> None:
        assert self.world is not None
        channel = self.world.channel(text) if text else self.world.general
        messages = [
            m for m in self.fake.world.messages(channel.id) if not m.deleted and not m.ephemeral
        ][-15:]
        if not messages:
            self.out(f"Nothing was posted in #{channel.name} yet.")
            return
        assert self.screen is not None
        self.out(f"── #{channel.name} (the last {len(messages)}) ──")
        for message in messages:
            author = message.payload["author"]["username"]
            if message.by_bot:
                self.out(f"{author}:")
                for line in self.screen.lines(message, channel.id):
                    self.out("  " + line)
            else:
                self.out(f"{author}: {message.payload.get('content', '')}")

    async def reveal(self, _: str) -> None:
        assert self.screen is not None and self.player is not None
        for message in reversed(self.screen.visible(self.player.member.id)):
            if message.id in self.screen.covered:
                self.screen.revealed.add(message.id)
                self.screen.draw(message, self.here, note="(spoilers revealed)")
                return
        raise TryError("No message here has covered spoilers.")

    async def who(self, _: str) -> None:
        assert self.world is not None and self.player is not None
        self.out(f"You are {self.player.describe()}, in #general of {self.world.guild.name}.")
        people = "; ".join(p.describe() for p in self.world.players.values())
        self.out(f"People: {people}.")
        self.out(f"Channels: {self.world.channel_list()}.")
        roles = ", ".join("@" + r.name for r in self.world.guild.roles[1:] if not r.managed)
        self.out(f"Roles: {roles}.")

    async def time(self, _: str) -> None:
        self.out(f"It is {self.clock_text()} (the clock moves only with wait).")

    async def help(self, _: str) -> None:
        self.out(HELP)


COMMANDS: dict[str, Callable[[Session, str], Any]] = {
    "click": Session.click,
    "press": Session.click,
    "choose": Session.choose,
    "select": Session.choose,
    "form": Session.fill_form,
    "say": Session.say,
    "as": Session.become,
    "wait": Session.wait,
    "channel": Session.channel,
    "reveal": Session.reveal,
    "who": Session.who,
    "time": Session.time,
    "now": Session.time,
    "help": Session.help,
    "?": Session.help,
}
