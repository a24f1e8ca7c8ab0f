"""/trivia, /leaderboard and /trivianight: the Discord side of bot/trivia.py.

Quick trivia is one question for the member who asked. Trivia nights run in a channel,
round after round (see night.py); hosts are the server's moderators or the role set with
/trivianight host-role, checked in code on every call.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from bot.errors import UserFacingError
from bot.shows import SHOW_TITLES
from bot.spoilers import public_window
from bot.store.trivia import NightClash
from bot.text import plural
from bot.trivia import (
    CHOICE_KINDS,
    STALE_NIGHT,
    Bank,
    NightConfig,
    TriviaQuestion,
    Verdict,
    before_progress,
    before_window,
    estimated_length,
    load_bank,
    make_choices,
    night_questions,
    parse_when,
    pick_question,
    quarter_label,
    quarter_start,
)
from cogs._checks import is_moderator, moderator_only
from cogs._permissions import bot_lacks, event_change_problem, lacking, listed
from cogs._roles import refuse_the_opt_in_role
from cogs._ui import (
    NEUTRAL_COLOUR,
    PAGERS,
    OwnerView,
    Page,
    PagerKind,
    acknowledge,
    answer,
    clip,
    reader_spoilers,
    send_owned,
    send_pager,
    show_choices,
)
from cogs.countdown import member_zone, zone_autocomplete
from cogs.trivia.night import NightRunner, config_of
from cogs.trivia.render import (
    discord_time,
    own_rank_line,
    question_embed,
    standing_line,
    standings_embed,
)
from cogs.trivia.views import (
    NightAnswerButton,
    QuizButton,
    close_lapsed_quizzes,
    close_quiz,
    quiz_buttons,
)

if TYPE_CHECKING:
    from bot.store.trivia import NightRecord
    from parallax.bot import Parallax

log = logging.getLogger(__name__)


def night_fields(config: NightConfig) -> dict[str, Any]:
    """A night's settings as the store's columns, for starting and planning alike."""
    return {
        "rounds": config.rounds,
        "seconds": config.seconds,
        "show": config.show,
        "difficulty": config.difficulty,
        "max_season": config.max_season,
        "hints": config.hints,
    }


NOT_A_HOST = (
    "Only this server's moderators, or members with its trivia host role, can run trivia "
    "nights (a moderator sets the role with /trivianight host-role)."
)
ALREADY_RUNNING = "A trivia night is already running in this server; /trivianight stop ends it."
OUT_OF_WINDOW = (
    "Every question for those options is inside this server's spoiler window, so I won't ask "
    "it in public. Ask for one privately (leave `public` off), or in the spoiler channel."
)
#: What a public /trivia's private "thinking…" becomes (it built the bank first).
POSTED_ASIDE = "Your question is posted in the channel, below."
PER_PAGE = 10
MISSED_AFTER = dt.timedelta(hours=1)  # a planned night this late (bot was down) is not started

SHOW_CHOICES = show_choices(("Any show", "any"))
DIFFICULTY_CHOICES = [
    Choice(name="Easy", value="easy"),
    Choice(name="Medium", value="medium"),
    Choice(name="Hard", value="hard"),
    Choice(name="Any difficulty", value="any"),
]
MODE_CHOICES = [
    Choice(name="Multiple choice (buttons)", value="buttons"),
    Choice(name="Type the answer", value="typed"),
]
SCOPE_CHOICES = [
    Choice(name="The latest trivia night", value="night"),
    Choice(name="This season (calendar quarter)", value="season"),
    Choice(name="All time", value="all-time"),
]


def _any(value: str) -> str | None:
    return None if value == "any" else value


def _distinct_topics(questions: list[TriviaQuestion]) -> int:
    return len({q.origin for q in questions})


def _require_enough(
    bank: Bank, config: NightConfig, window: dict[str, tuple[int, int]] | None
) -> None:
    questions = bank.filtered(
        show=config.show, difficulty=config.difficulty, max_season=config.max_season
    )
    available = _distinct_topics(night_questions(questions, config, window))
    if available < config.rounds:
        hidden = config.max_season is None and window is not None
        raise UserFacingError(
            f"Only {available} question{'s' if available != 1 else ''} match those options"
            + (" outside this server's spoiler window" if hidden else "")
            + "; pick fewer rounds, or widen the show, difficulty or max_season"
            + (" (setting max_season asks up to that season, window or not)." if hidden else ".")
        )


def _channel_mention(interaction: discord.Interaction[Parallax]) -> str:
    return f"<#{interaction.channel_id}>"


def _require_channel_permissions(interaction: discord.Interaction[Parallax]) -> None:
    """Questions are posted in the channel: the app's permissions there (overwrites
    applied, as Discord computes `app_permissions`) must let Parallax post embeds."""
    missing = lacking(interaction.app_permissions, "view_channel", "send_messages", "embed_links")
    if missing:
        raise UserFacingError(
            f"I need {listed(missing)} in {_channel_mention(interaction)} to host a trivia "
            "night there. A moderator can give me that in the channel's settings."
        )


def _results_card_note(interaction: discord.Interaction[Parallax]) -> str | None:
    """Said to the host only: without Attach Files the night ends with text scores."""
    if interaction.app_permissions.attach_files:
        return None
    return (
        f"Heads-up: I lack Attach Files in {_channel_mention(interaction)}, so the night "
        "will end with the scores as text, without the results card."
    )


# --------------------------------------------------------------------------------------
# /trivia and /leaderboard
# --------------------------------------------------------------------------------------


class Trivia(commands.Cog):
    """Quick trivia and the leaderboards."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        self.quick_timeout = 120.0
        self.sweep_seconds = 5.0  # how often timed-out quick questions are looked for
        self._sweeper: asyncio.Task[None]
        self._sweep_lock = asyncio.Lock()
        self.board_timeout = 180.0
        self.rng = random.Random()

    async def cog_load(self) -> None:
        PAGERS["leaderboard"] = PagerKind(self._board_page, "/leaderboard")
        self.bot.add_dynamic_items(QuizButton)
        self._sweeper = asyncio.create_task(self._sweep_loop(), name="trivia-quick-expiry")

    async def cog_unload(self) -> None:
        PAGERS.pop("leaderboard", None)
        self.bot.remove_dynamic_items(QuizButton)
        self._sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._sweeper

    async def _sweep_loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("Could not close timed-out quick trivia questions")
            await asyncio.sleep(self.sweep_seconds)

    async def tick(self) -> None:
        """Show the answer on every quick question whose time ran out by the bot's clock
        (tests and `parallax try` call this after moving the clock); one sweep at a time,
        so a call returns once the sweep that was running has shown its answers."""
        async with self._sweep_lock:
            await close_lapsed_quizzes(self.bot)

    @app_commands.command(description="A trivia question just for you, with its source.")
    @app_commands.guild_only()
    @app_commands.describe(
        show="Which show the question is about (any by default)",
        difficulty="How hard (any by default)",
        mode="Multiple choice with buttons, or type the answer",
        public="Show the question and your result to the channel (private by default)",
    )
    @app_commands.choices(show=SHOW_CHOICES, difficulty=DIFFICULTY_CHOICES, mode=MODE_CHOICES)
    async def trivia(
        self,
        interaction: discord.Interaction[Parallax],
        show: str = "any",
        difficulty: str = "any",
        mode: str = "buttons",
        public: bool = False,
    ) -> None:
        assert interaction.guild_id is not None
        guild_id = interaction.guild_id
        store = self.bot.store.trivia

        if not public:  # a private question: acknowledged before anything is read
            await acknowledge(interaction, ephemeral=True)
        # A public one is acknowledged once the options are known to match: its refusal must
        # stay private. The bank is in memory until the dataset or the server's facts change;
        # when it has to be built first, the "thinking…" is private too (Discord gives the
        # first answer after it the same visibility, so a refusal or a failure while or after
        # building stays with the asker), and the question then goes to the channel aside.
        bank = await load_bank(
            self.bot.store, guild_id, before_build=lambda: acknowledge(interaction, ephemeral=True)
        )
        aside = public and interaction.response.is_done()
        candidates = bank.filtered(show=_any(show), difficulty=_any(difficulty))
        if not candidates:
            raise UserFacingError(
                "No questions match those options yet; try another show or difficulty."
            )
        spoilers = await reader_spoilers(interaction, private=not public)
        progress = spoilers.progress
        candidates = before_progress(candidates, progress.watched)
        if not candidates:  # not a question from past where the member has watched
            where = "; ".join(
                f"{SHOW_TITLES[code]} {progress.describe(code)}" for code in progress.watched
            )
            raise UserFacingError(
                f"Every question for those options could spoil what you haven't watched yet "
                f"({where}). Try another show, or record more with /spoilers watched."
            )
        # A public question, its options and its answer are from before the server's spoiler
        # window (outside its spoiler channel); so are a private one's wrong options.
        episodes = (
            await self.bot.store.catalog.episodes() if spoilers.window.mode == "weeks" else ()
        )
        window = spoilers.before_window(episodes)
        candidates = before_window(candidates, window)
        if not candidates:
            raise UserFacingError(OUT_OF_WINDOW)
        await acknowledge(interaction, ephemeral=not public)
        asked = await store.asked_times(guild_id)
        question, options, correct, note = None, None, None, ""
        if mode == "buttons":
            # Wrong options never name what the member has not seen: past the question's
            # episode, their recorded progress or (a public one) the server's spoiler window.
            choosable = [q for q in candidates if q.choices or q.kind in CHOICE_KINDS]
            tried: set[str] = set()
            while (q := pick_question(choosable, asked, exclude=tried, rng=self.rng)) is not None:
                limits = bank.pools.limits(q, progress=progress.watched, before_window=window)
                made = make_choices(q, bank.pools, rng=self.rng, minimum=2, limits=limits)
                if made is not None:
                    question, (options, correct) = q, made
                    break
                tried.add(q.key)
            if question is None:
                note = "No multiple-choice question matches those options, so type this one."
        if question is None:
            question = pick_question(candidates, asked, rng=self.rng)
            assert question is not None
        await store.mark_asked(guild_id, question.key, self.bot.clock())

        view = OwnerView(quiz_buttons(options, correct), timeout=self.quick_timeout)
        view.expire = close_quiz
        seconds = int(self.quick_timeout)
        how = "pick an answer" if options else "press Answer and type it"
        embed = question_embed(
            question,
            title="Trivia",
            options=options,
            footer=f"{how} · only {interaction.user.display_name} can answer · {seconds} s",
        )
        state = {
            "question": question.key,
            "options": options,
            "correct": correct,
            # Where the message is, so that it shows the answer when its time runs out,
            # after a restart too (a private one through the interaction, within 15 min).
            "channel": interaction.channel_id,
            "private": not public,
            "token": interaction.token if not public else None,
            "aside": aside,
        }
        if aside:  # the private "thinking…" says where the question went, then it is posted
            await interaction.edit_original_response(content=POSTED_ASIDE)
        await send_owned(
            interaction,
            "quiz",
            {**state, "answered": False},
            view,
            content=note or None,
            embed=embed,
            ephemeral=not public,
        )

    @app_commands.command(description="This server's trivia standings.")
    @app_commands.guild_only()
    @app_commands.describe(scope="The latest night, this season (calendar quarter), or all time")
    @app_commands.choices(scope=SCOPE_CHOICES)
    async def leaderboard(
        self, interaction: discord.Interaction[Parallax], scope: str = "all-time"
    ) -> None:
        assert interaction.guild_id is not None
        guild_id = interaction.guild_id
        store = self.bot.store.trivia
        now = self.bot.clock()
        since: dt.datetime | None = None
        night_id: int | None = None
        if scope == "night":  # one indexed read, so that "none yet" stays a private reply
            night = await store.latest_night(guild_id)
            if night is None:
                raise UserFacingError("No trivia night has been played here yet.")
            night_id = night.id
            status = "running now" if night.status == "running" else "latest"
            started = night.started_at or night.created_at
            title = f"Trivia night ({status}, {started:%d %b %Y})"
        elif scope == "season":
            since = quarter_start(now)
            title = f"Trivia leaderboard: {quarter_label(now)} season"
        else:
            title = "Trivia leaderboard: all time"
        await acknowledge(interaction, ephemeral=False)
        state = {
            "title": title,
            "since": since.isoformat() if since is not None else None,
            "night_id": night_id,
        }
        first = await self._board_page(interaction, state, 0)
        await send_pager(interaction, "leaderboard", state, first, timeout=self.board_timeout)

    async def _board_page(
        self, interaction: discord.Interaction[Any], state: dict[str, Any], index: int
    ) -> Page:
        """Page `index` of the standings a /leaderboard reply shows, read from the store."""
        since = state["since"]
        board = await self.bot.store.trivia.leaderboard(
            interaction.guild_id or 0,
            since=dt.datetime.fromisoformat(since) if since is not None else None,
            night_id=state["night_id"],
            page=index,
            per_page=PER_PAGE,
            user_id=interaction.user.id,
        )
        embed = standings_embed(
            state["title"],
            board,
            empty="No points yet: /trivia to play.",
            footer=own_rank_line(board),
        )
        return Page(embed, board.page, board.pages)


# --------------------------------------------------------------------------------------
# /trivianight
# --------------------------------------------------------------------------------------


@app_commands.guild_only()
class TriviaNights(
    commands.GroupCog, group_name="trivianight", group_description="Trivia nights in a channel"
):
    """Trivia nights: start/stop/skip/status/schedule/cancel for hosts, host-role for mods."""

    def __init__(self, bot: Parallax) -> None:
        self.bot = bot
        self.runners: dict[int, NightRunner] = {}
        self.max_sleep = 1.0  # longest the night loop sleeps before re-reading the clock
        self.schedule_poll = 30.0  # how often planned nights are checked
        self.rng = random.Random()
        self._background: asyncio.Task[None] | None = None
        self._warm: asyncio.Task[object] | None = None
        self._schedule_lock = asyncio.Lock()

    # -- lifecycle ----------------------------------------------------------------------

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(NightAnswerButton)
        # Build the shared question bank now, so no command waits for it later.
        self._warm = asyncio.create_task(self._warm_bank(), name="trivia-bank")
        self._background = asyncio.create_task(self._background_loop(), name="trivia-nights")

    async def _warm_bank(self) -> None:
        try:
            await load_bank(self.bot.store, 0)
        except Exception:  # only a head start: commands build it themselves if need be
            log.warning("Could not build the trivia bank ahead of time", exc_info=True)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(NightAnswerButton)
        if self._warm is not None:
            self._warm.cancel()
        if self._background is not None:
            self._background.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._background
        for runner in list(self.runners.values()):
            await runner.cancel()
        self.runners.clear()

    async def _background_loop(self) -> None:
        await self.bot.wait_until_ready()
        try:
            await self.resume_nights()
        except Exception:
            log.exception("Could not resume trivia nights after a restart")
        while True:
            try:
                await self.run_due_nights()
            except Exception:
                log.exception("Could not start planned trivia nights")
            await asyncio.sleep(self.schedule_poll)

    def _launch(self, record: NightRecord, bank: Bank) -> NightRunner:
        runner = NightRunner(
            self.bot,
            record,
            bank,
            max_sleep=self.max_sleep,
            on_finished=self._forget,
            rng=self.rng,
        )
        self.runners[record.guild_id] = runner
        return runner

    def _forget(self, runner: NightRunner) -> None:
        if self.runners.get(runner.guild_id) is runner:
            del self.runners[runner.guild_id]

    async def resume_nights(self) -> None:
        """After a restart: carry on with each running night, or end it (scores kept) when
        it has been idle too long or its channel is gone."""
        store = self.bot.store.trivia
        now = self.bot.clock()
        for record in await store.running_nights_everywhere():
            if record.guild_id in self.runners:
                continue
            bank = await load_bank(self.bot.store, record.guild_id)
            runner = self._launch(record, bank)
            last = await store.last_activity(record.guild_id, record.id)
            if self.bot.get_guild(record.guild_id) is None:
                async with runner.lock:
                    await runner._finish("left the server", announce=False)
                continue
            if last is None or now - last > STALE_NIGHT:
                async with runner.lock:
                    await runner._finish("restart")
                continue
            await runner.resume(await store.rounds(record.guild_id, record.id))
            if not runner.plan.finished:
                runner.start()
                log.info("Resumed trivia night %s in guild %s", record.id, record.guild_id)
        await self.post_owed_scores()

    async def post_owed_scores(self) -> None:
        """After a restart: post the final scores of each night that ended without them
        being confirmed posted (a crash while the card was drawn or the post went out),
        exactly once: one that went out just before the crash is found in its channel."""
        store = self.bot.store.trivia
        for record in await store.nights_owing_scores():
            if self.bot.get_guild(record.guild_id) is None:
                continue  # kept owed: posted if Parallax is back in the server
            bank = await load_bank(self.bot.store, record.guild_id)
            runner = NightRunner(
                self.bot, record, bank, max_sleep=self.max_sleep, on_finished=lambda _: None
            )
            try:
                await runner.post_scores(
                    record.end_reason,
                    marker=record.scores_marker if record.scores_state == "sending" else None,
                    cursor=record.scores_cursor,
                )
            except Exception:
                log.exception("Could not post the final scores of trivia night %s", record.id)

    async def run_due_nights(self) -> int:
        """Start every planned night whose time has come, exactly once (store-claimed)."""
        store = self.bot.store.trivia
        started = 0
        async with self._schedule_lock:
            now = self.bot.clock()
            for record in await store.due_nights_everywhere(now):
                guild = self.bot.get_guild(record.guild_id)
                if guild is None:
                    continue
                assert record.starts_at is not None
                if now - record.starts_at > MISSED_AFTER:
                    if await store.cancel_scheduled(record.guild_id, record.id, now):
                        await self._say(
                            record.channel_id,
                            f"The trivia night planned for {discord_time(record.starts_at)} "
                            "was missed while I was offline; plan another with "
                            "/trivianight schedule.",
                        )
                    continue
                claimed = await store.claim_scheduled(record.guild_id, record.id, now)
                if claimed is None:
                    dropped = await store.night(record.guild_id, record.id)
                    if dropped is not None and dropped.end_reason == "busy":
                        await self._say(
                            record.channel_id,
                            f"The trivia night planned for {discord_time(record.starts_at)} "
                            "could not start: another night was running here. Plan another "
                            "with /trivianight schedule.",
                        )
                        await self._drop_event(guild, dropped)
                    continue
                bank = await load_bank(self.bot.store, record.guild_id)
                await self._say(
                    record.channel_id,
                    f"🎉 **Trivia night!** The planned night starts now: "
                    f"{config_of(claimed).describe()}.",
                )
                self._launch(claimed, bank).start()
                started += 1
        return started

    async def _say(self, channel_id: int, content: str) -> None:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return
        if missing := bot_lacks(channel, "view_channel", "send_messages"):
            log.warning("Not posting in channel %s: I lack %s", channel_id, ", ".join(missing))
            return
        with contextlib.suppress(discord.HTTPException):
            await channel.send(content[:2000])

    async def tick(self, guild_id: int | None = None) -> None:
        """Move nights on to whatever the clock says is due now (tests call this after
        advancing the clock), and start planned nights that are due."""
        await self.run_due_nights()
        for runner in list(self.runners.values()):
            if guild_id is None or runner.guild_id == guild_id:
                await runner.tick()

    # -- answers ------------------------------------------------------------------------

    def round_is_open(self, guild_id: int | None, night_id: int, round_number: int) -> bool:
        runner = self.runners.get(guild_id or 0)
        return runner is not None and runner.night_id == night_id and runner.is_open(round_number)

    def submit_from_modal(
        self,
        interaction: discord.Interaction[Parallax],
        night_id: int,
        round_number: int,
        text: str,
    ) -> Verdict:
        if not self.round_is_open(interaction.guild_id, night_id, round_number):
            return Verdict.CLOSED
        runner = self.runners[interaction.guild_id or 0]
        return runner.submit(interaction.user.id, interaction.id, text, via="modal")

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Chat answers, when the bot has the message-content intent."""
        if message.guild is None or message.author.bot or not self.bot.intents.message_content:
            return
        runner = self.runners.get(message.guild.id)
        if runner is None or runner.channel_id != message.channel.id or not message.content:
            return
        runner.submit(message.author.id, message.id, message.content, via="chat")

    # -- commands -----------------------------------------------------------------------

    async def _require_host(self, interaction: discord.Interaction[Parallax]) -> None:
        if not await is_moderator(interaction, trivia_hosts=True):
            raise UserFacingError(NOT_A_HOST)

    async def _prepare_night(
        self, interaction: discord.Interaction[Parallax], config: NightConfig, *, now: bool
    ) -> Bank:
        """What starting and planning a night both check after the host: sound settings, a
        channel Parallax may post in, (for a night now) none running; then acknowledge
        privately (a refusal stays private even when the question bank has to be built
        first) and make sure the bank has enough questions."""
        assert interaction.guild_id is not None
        config.validate()
        _require_channel_permissions(interaction)
        if now and interaction.guild_id in self.runners:
            raise UserFacingError(ALREADY_RUNNING)
        await acknowledge(interaction, ephemeral=True)
        bank = await load_bank(self.bot.store, interaction.guild_id)
        window = await public_window(
            self.bot.store, interaction.guild_id, interaction.channel_id, self.bot.clock().date()
        )
        _require_enough(bank, config, window)
        return bank

    @app_commands.command(description="Start a trivia night in this channel (hosts only).")
    @app_commands.describe(
        rounds="How many questions (1-30)",
        seconds="Seconds per question (10-120)",
        show="Which show (any by default)",
        difficulty="How hard (any by default)",
        max_season="Only questions from episodes up to this season (no spoilers beyond it)",
        hints="Give a hint halfway through each question",
    )
    @app_commands.choices(show=SHOW_CHOICES, difficulty=DIFFICULTY_CHOICES)
    async def start(
        self,
        interaction: discord.Interaction[Parallax],
        rounds: app_commands.Range[int, 1, 30] = 10,
        seconds: app_commands.Range[int, 10, 120] = 30,
        show: str = "any",
        difficulty: str = "any",
        max_season: app_commands.Range[int, 1, 20] | None = None,
        hints: bool = True,
    ) -> None:
        await self._require_host(interaction)
        config = NightConfig(rounds, seconds, _any(show), _any(difficulty), max_season, hints)
        bank = await self._prepare_night(interaction, config, now=True)
        assert interaction.guild_id is not None and interaction.channel_id is not None
        record = await self.bot.store.trivia.start_night(
            interaction.guild_id,
            interaction.channel_id,
            interaction.user.id,
            at=self.bot.clock(),
            **night_fields(config),
        )
        if record is None:
            raise UserFacingError(ALREADY_RUNNING)
        how = (
            "Answer in chat, or press **Answer** under each question."
            if self.bot.intents.message_content
            else "Press **Answer** under each question to reply."
        )
        await self._say(
            interaction.channel_id,
            f"🎉 **Trivia night!** {config.describe()}. {how} The first right answer "
            "(by Discord's timestamp) wins each round; one answer per message.",
        )
        await answer(interaction, f"Started: {config.describe()}.", ephemeral=True)
        self._launch(record, bank).start()
        if (note := _results_card_note(interaction)) is not None:
            await interaction.followup.send(note, ephemeral=True)

    @app_commands.command(description="Stop the trivia night now; scores so far are kept.")
    async def stop(self, interaction: discord.Interaction[Parallax]) -> None:
        await self._require_host(interaction)
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        runner = self.runners.get(interaction.guild_id)
        if runner is None:
            record = await self.bot.store.trivia.running_night(interaction.guild_id)
            if record is None:
                raise UserFacingError("No trivia night is running here.")
            await self.bot.store.trivia.finish_night(
                interaction.guild_id, record.id, self.bot.clock(), "stopped by the host"
            )
            await answer(interaction, "Trivia night stopped.", ephemeral=True)
            return
        await answer(
            interaction,
            "⏹️ Trivia night stopped; the scores are posted in its channel.",
            ephemeral=True,
        )
        await runner.stop("stopped by the host")

    @app_commands.command(description="Skip the current question (no points), or start the next.")
    async def skip(self, interaction: discord.Interaction[Parallax]) -> None:
        await self._require_host(interaction)
        runner = self.runners.get(interaction.guild_id or 0)
        if runner is None:
            raise UserFacingError("No trivia night is running here.")
        await answer(interaction, "⏭️ Skipped.", ephemeral=True)
        await runner.skip()

    @app_commands.command(description="How the trivia night is going, and what is planned.")
    async def status(self, interaction: discord.Interaction[Parallax]) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        store = self.bot.store.trivia
        runner = self.runners.get(interaction.guild_id)
        planned = await store.scheduled_nights(interaction.guild_id)
        if runner is None and not planned:
            await answer(
                interaction,
                "No trivia night is running or planned here. A host can start one with "
                "/trivianight start or plan one with /trivianight schedule.",
                ephemeral=True,
            )
            return
        embed = discord.Embed(title="Trivia nights", colour=NEUTRAL_COLOUR)
        if runner is not None:
            plan = runner.plan
            lines = [f"<#{runner.channel_id}> · {runner.config.describe()}"]
            if plan.judge is not None:
                left = runner.due_in(self.bot.clock()) or 0.0
                lines.append(
                    f"Round {plan.round_number} of {runner.config.rounds}: {left:.0f} s left, "
                    f"{plural(plan.judge.players, 'player')} answering."
                )
            else:
                lines.append(f"{plan.round_number} of {runner.config.rounds} rounds played.")
            board = await store.leaderboard(
                interaction.guild_id, night_id=runner.night_id, per_page=5
            )
            if board.entries:
                lines.append("")
                lines.extend(standing_line(s) for s in board.entries)
            embed.add_field(name="Running now", value=clip("\n".join(lines), 1024), inline=False)
        if planned:
            lines = [
                f"{discord_time(n.starts_at)} in <#{n.channel_id}> · {config_of(n).describe()}"
                for n in planned[:10]
                if n.starts_at is not None
            ]
            embed.add_field(name="Planned", value=clip("\n".join(lines), 1024), inline=False)
        await answer(interaction, embed=embed, ephemeral=True)

    @app_commands.command(
        name="host-role", description="Let a role host trivia nights (moderators only)."
    )
    @app_commands.describe(role="The role whose members may host; leave empty to remove it")
    @moderator_only()
    async def host_role(
        self, interaction: discord.Interaction[Parallax], role: discord.Role | None = None
    ) -> None:
        assert interaction.guild_id is not None
        if role is not None and role.is_default():
            raise UserFacingError("Pick a specific role: @everyone cannot be the host role.")
        await acknowledge(interaction, ephemeral=True)
        if role is not None:
            await refuse_the_opt_in_role(
                self.bot.store, interaction.guild_id, role, "the trivia host role"
            )
        await self.bot.store.guild_settings.set_trivia_host_role(
            interaction.guild_id, role.id if role else None
        )
        if role is None:
            text = "Trivia nights can now be hosted by moderators only."
        else:
            text = f"Members with {role.mention} can now host trivia nights."
        await answer(interaction, text, ephemeral=True)

    @app_commands.command(description="Plan a trivia night in this channel (hosts only).")
    @app_commands.describe(
        when='When: "in 2 hours", "20:00", "2026-06-01 20:00" (in your zone) or <t:…>',
        timezone="Zone of that time (default: your saved zone)",
        rounds="How many questions (1-30)",
        seconds="Seconds per question (10-120)",
        show="Which show (any by default)",
        difficulty="How hard (any by default)",
        max_season="Only questions from episodes up to this season",
        hints="Give a hint halfway through each question",
    )
    @app_commands.choices(show=SHOW_CHOICES, difficulty=DIFFICULTY_CHOICES)
    @app_commands.autocomplete(timezone=zone_autocomplete)
    async def schedule(
        self,
        interaction: discord.Interaction[Parallax],
        when: app_commands.Range[str, 1, 60],
        rounds: app_commands.Range[int, 1, 30] = 10,
        seconds: app_commands.Range[int, 10, 120] = 30,
        show: str = "any",
        difficulty: str = "any",
        max_season: app_commands.Range[int, 1, 20] | None = None,
        hints: bool = True,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        await self._require_host(interaction)
        now = self.bot.clock()
        # As /schedule add: a wall-clock time is read in `timezone` or the host's saved
        # zone, and without either the host is asked (no silent UTC).
        zone = await member_zone(interaction, timezone)
        starts = parse_when(when, now, zone or None)
        config = NightConfig(rounds, seconds, _any(show), _any(difficulty), max_season, hints)
        await self._prepare_night(interaction, config, now=False)
        assert interaction.guild_id is not None and interaction.channel_id is not None
        store = self.bot.store.trivia
        try:
            record = await store.schedule_night(
                interaction.guild_id,
                interaction.channel_id,
                interaction.user.id,
                starts_at=starts,
                at=now,
                length_of=lambda rounds, seconds: estimated_length(NightConfig(rounds, seconds)),
                **night_fields(config),
            )
        except NightClash as clash:  # one night at a time per server
            other = clash.other
            assert other.starts_at is not None
            raise UserFacingError(
                f"Another trivia night is planned for {discord_time(other.starts_at)} "
                f"in <#{other.channel_id}>, and the two would overlap. Pick a time after it "
                "ends."
            ) from None
        event_note = await self._create_event(interaction, record.id, starts, config)
        when_text = f"{discord_time(starts)} ({discord_time(starts, 'R')})"
        channel = interaction.channel
        if isinstance(channel, discord.abc.Messageable):
            with contextlib.suppress(discord.HTTPException):
                await channel.send(
                    f"📅 **Trivia night planned** for {when_text} in this channel: "
                    f"{config.describe()}."
                )
        await interaction.followup.send(
            f"Planned for {when_text}. {event_note}".strip(), ephemeral=True
        )

    async def _create_event(
        self,
        interaction: discord.Interaction[Parallax],
        night_id: int,
        starts: dt.datetime,
        config: NightConfig,
    ) -> str:
        """A Discord scheduled event for the night, where the bot may create one."""
        guild = interaction.guild
        if guild is None:
            return ""
        if not guild.me.guild_permissions.create_events:  # creating needs exactly this one
            return "(No Discord event: I lack the Create Events permission.)"
        channel_name = getattr(interaction.channel, "name", "trivia")
        try:
            event = await guild.create_scheduled_event(
                name="Parallax trivia night",
                start_time=starts,
                end_time=starts + estimated_length(config),
                entity_type=discord.EntityType.external,
                privacy_level=discord.PrivacyLevel.guild_only,
                location=clip(f"#{channel_name}", 100),
                description=clip(config.describe(), 1000),
                reason="Planned with /trivianight schedule",
            )
        except discord.HTTPException as error:
            log.info("Could not create a scheduled event for trivia night %s: %s", night_id, error)
            return "(Discord would not create an event for it; the night still starts on time.)"
        await self.bot.store.trivia.set_event(guild.id, night_id, event.id)
        return "A Discord event was created for it."

    async def _drop_event(self, guild: discord.Guild, night: NightRecord) -> None:
        """Delete the Discord event of a night that will not run, where Parallax may."""
        if night.event_id is None:
            return
        with contextlib.suppress(discord.HTTPException):
            event = guild.get_scheduled_event(night.event_id) or await guild.fetch_scheduled_event(
                night.event_id
            )
            problem = event_change_problem(event, deleting=True)
            if problem is None:
                await event.delete(reason="Trivia night cancelled")
            else:
                log.info("Not deleting the event of trivia night %s: %s", night.id, problem)

    @app_commands.command(description="Cancel the next planned trivia night (hosts only).")
    async def cancel(self, interaction: discord.Interaction[Parallax]) -> None:
        await self._require_host(interaction)
        assert interaction.guild_id is not None
        await acknowledge(interaction, ephemeral=True)
        store = self.bot.store.trivia
        planned = await store.scheduled_nights(interaction.guild_id)
        if not planned:
            raise UserFacingError("No trivia night is planned here.")
        night = planned[0]
        if not await store.cancel_scheduled(interaction.guild_id, night.id, self.bot.clock()):
            raise UserFacingError("That night has already started or been cancelled.")
        if interaction.guild is not None:
            await self._drop_event(interaction.guild, night)
        assert night.starts_at is not None
        await answer(
            interaction,
            f"Cancelled the trivia night planned for {discord_time(night.starts_at)}.",
            ephemeral=True,
        )
