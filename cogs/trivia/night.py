"""A running trivia night in Discord: posts what `NightPlan` says is due, feeds it answers.

Time comes from `bot.clock()`. The loop sleeps until the plan's next due moment (at most
`max_sleep` seconds at a time, so a clock that jumps is noticed) or until an answer wakes
it; `tick()` runs one evaluation at once, which is how tests move a night forward
without waiting: advance the clock, then tick.

The final results message carries a results card (bot/pictures.py) as a PNG attachment
besides its text standings; the card is extra: if it cannot be drawn or sent, the text
results are posted alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot import pictures
from bot.marked import marker_ref, new_marker, taken_as_posted
from bot.spoilers import public_window, wrap
from bot.store.trivia import Leaderboard, NightRecord, RoundRecord
from bot.trivia import (
    Bank,
    NightConfig,
    NightPlan,
    RoundJudge,
    Step,
    TriviaQuestion,
    Verdict,
    hint_for,
    in_window,
    night_questions,
    pick_question,
)
from cogs._marked import ChannelUnreadable, find_marked
from cogs._permissions import bot_lacks
from cogs._ui import EMBED_FOOTER_LIMIT, RETRY_DELAYS, clip, is_transient
from cogs.trivia.render import (
    NO_PINGS,
    card_name,
    question_embed,
    results_card_file,
    reveal_embed,
    standings_embed,
)
from cogs.trivia.views import night_view

if TYPE_CHECKING:
    from parallax.bot import Parallax

log = logging.getLogger(__name__)
#: Guesses that change a round's state (the judge counts them): stored, then replayed.
COUNTED = frozenset({Verdict.CORRECT, Verdict.WRONG, Verdict.SEVERAL})

CARD_TIMEOUT = 15.0  # seconds to look up names and draw the card before posting text only


def config_of(record: NightRecord) -> NightConfig:
    return NightConfig(
        rounds=record.rounds,
        seconds=record.seconds,
        show=record.show,
        difficulty=record.difficulty,
        max_season=record.max_season,
        hints=record.hints,
    )


class NightUnavailable(Exception):
    """The night's channel is gone or the bot may no longer post there."""


class NightRunner:
    def __init__(
        self,
        bot: Parallax,
        record: NightRecord,
        bank: Bank,
        *,
        max_sleep: float,
        on_finished: Callable[[NightRunner], None],
        rng: random.Random | None = None,
    ) -> None:
        self.bot = bot
        self.night_id = record.id
        self.guild_id = record.guild_id
        self.channel_id = record.channel_id
        self.config = config_of(record)
        self.bank = bank
        self.candidates = bank.filtered(
            show=record.show, difficulty=record.difficulty, max_season=record.max_season
        )
        self.plan = NightPlan(self.config, round_number=record.current_round)
        self.max_sleep = max_sleep
        self.on_finished = on_finished
        self.rng = rng or random.Random()
        self.lock = asyncio.Lock()
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.question_message: discord.Message | None = None
        self.intents_chat = bot.intents.message_content
        self._writes: set[asyncio.Task[None]] = set()  # answers on their way to the store
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS

    # -- answers (called from on_message and the modal; synchronous and cheap) ---------

    def is_open(self, round_number: int) -> bool:
        judge = self.plan.judge
        return judge is not None and not judge.closed and self.plan.round_number == round_number

    def submit(self, user_id: int, snowflake: int, text: str, *, via: str) -> Verdict:
        judge = self.plan.judge
        if judge is None:
            return Verdict.CLOSED
        now = self.bot.clock()
        verdict = judge.submit(user_id, snowflake, text, now, via=via)
        if verdict in COUNTED:
            self._record(user_id, snowflake, text, via, now)
        if verdict is Verdict.CORRECT and len(judge.correct) == 1:
            self.wake.set()  # the grace window has started
        return verdict

    def _record(self, user_id: int, snowflake: int, text: str, via: str, at: dt.datetime) -> None:
        """Store a counted guess as it arrives (a restart replays it into the round)."""
        task = asyncio.create_task(
            self.bot.store.trivia.record_answer(
                self.guild_id,
                self.night_id,
                self.plan.round_number,
                user_id=user_id,
                snowflake=snowflake,
                text=text,
                via=via,
                at=at,
            )
        )
        self._writes.add(task)
        task.add_done_callback(self._recorded)

    def _recorded(self, task: asyncio.Task[None]) -> None:
        self._writes.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "Trivia night %s: an answer could not be stored",
                self.night_id,
                exc_info=task.exception(),
            )

    async def flush_answers(self) -> None:
        """Wait until every answer received so far is in the store."""
        if self._writes:
            await asyncio.gather(*list(self._writes), return_exceptions=True)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name=f"trivia-night-{self.night_id}")

    async def cancel(self) -> None:
        """Stop the loop without touching the store (the bot is shutting down)."""
        if self.task is not None and not self.task.done():
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        await self.flush_answers()

    async def _run(self) -> None:
        try:
            failures = 0
            while not self.plan.finished:
                self.wake.clear()  # before the tick, so an answer arriving during it counts
                try:
                    await self.tick()
                    failures = 0
                except Exception as error:
                    if not is_transient(error):
                        raise
                    delay = self.retry_delays[min(failures, len(self.retry_delays) - 1)]
                    failures += 1
                    log.warning(
                        "Trivia night %s: %s; going on in %.0f s", self.night_id, error, delay
                    )
                    await asyncio.sleep(delay)
                    continue
                if self.plan.finished:
                    break
                wake_at = self.plan.wake_at()
                delay = self.max_sleep
                if wake_at is not None:
                    delay = min(delay, max((wake_at - self.bot.clock()).total_seconds(), 0.01))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=delay)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("Trivia night %s stopped by an error", self.night_id)
            with contextlib.suppress(Exception):
                async with self.lock:
                    await self._finish("error")

    async def tick(self) -> None:
        """Do whatever is due now (possibly several steps), then return."""
        async with self.lock:
            for _ in range(8):  # bounded: ask + hint + close can never chain further
                step = self.plan.due(self.bot.clock())
                if step is None:
                    return
                try:
                    await self._do(step)
                except NightUnavailable:
                    await self._finish("channel unavailable", announce=False)
                    return

    async def _do(self, step: Step) -> None:
        if step is Step.ASK:
            await self._ask()
        elif step is Step.HINT:
            await self._hint()
        elif step is Step.CLOSE:
            await self._close()
        elif step is Step.FINISH:
            await self._finish("completed")

    # -- host controls ------------------------------------------------------------------

    async def skip(self) -> None:
        """End the current question now (no points), or ask the next one at once."""
        async with self.lock:
            if self.plan.judge is not None:
                await self._close(skipped=True)
            self.plan.skip_pause()
        self.wake.set()

    async def stop(self, reason: str) -> None:
        async with self.lock:
            if self.plan.judge is not None:
                await self._close(skipped=True)
            await self._finish(reason)
        self.wake.set()

    # -- resuming after a restart -------------------------------------------------------

    async def resume(self, rounds: Iterable[RoundRecord]) -> None:
        """Pick up from the store, with every answer stored before the restart: reveal a
        round closed but not revealed; close and reveal an open round whose time ran out
        while Parallax was down; ask an open round with time left again (its answers still
        count); or carry on with the next round."""
        records = list(rounds)
        for record in records:
            question = TriviaQuestion.from_json(record.question)
            self.plan.asked_keys.update({question.key, question.origin})
        last = records[-1] if records else None
        async with self.lock:
            try:
                if last is None or (last.status == "closed" and last.revealed):
                    self.plan.next_ask_at = None
                elif last.status == "closed":
                    await self._reveal_late(last)
                    self.plan.next_ask_at = None
                else:
                    await self._resume_open(last)
            except NightUnavailable:
                await self._finish("channel unavailable", announce=False)

    async def _replayed(self, record: RoundRecord) -> RoundJudge:
        """The round's judge as it was: opened at its first posting, every answer replayed."""
        question = TriviaQuestion.from_json(record.question)
        judge = RoundJudge(question, seconds=self.config.seconds, known=self.bank.known)
        first = record.first_message_id or record.message_id
        if first is None:
            return judge
        judge.open(first)
        if record.message_id is not None and record.message_id != first:
            judge.reopen(record.message_id)
        store = self.bot.store.trivia
        for answer in await store.round_answers(self.guild_id, self.night_id, record.number):
            judge.submit(
                answer.user_id, answer.snowflake, answer.text, answer.received_at, via=answer.via
            )
        return judge

    async def _reveal_late(self, record: RoundRecord) -> None:
        """A round closed (and scored) just before a restart: post its reveal now, unless
        it went out just before the restart (its marker is in the channel)."""
        judge = await self._replayed(record)
        outcome = judge.outcome()
        shown = outcome if record.winner_id is not None or outcome.winner is None else None
        spoiler = await self._spoils(judge.question)
        embed = reveal_embed(
            judge.question, record.number, self.config.rounds, shown, spoiler=spoiler
        )
        await self._reveal(
            embed, record.number, marker=record.reveal_marker, cursor=record.reveal_cursor
        )

    async def _resume_open(self, record: RoundRecord) -> None:
        judge = await self._replayed(record)
        now = self.bot.clock()
        ran_out = now >= record.opened_at + dt.timedelta(seconds=self.config.seconds)
        decided = judge.decided_at()
        if judge.is_open and (ran_out or (decided is not None and now >= decided)):
            self.plan.asked(record.number, judge, record.opened_at)
            if record.message_id is not None:
                self.question_message = discord.Object(record.message_id)  # type: ignore[assignment]
            await self._close()
            return
        if record.message_id is not None:
            await self._disable_button(record.message_id, record.number)
        await self._post_question(
            record.number,
            judge.question,
            note="Asked again: Parallax restarted.",
            judge=judge if judge.is_open else None,
        )

    # -- steps --------------------------------------------------------------------------

    def _channel(self) -> discord.TextChannel | discord.Thread | discord.VoiceChannel:
        channel = self.bot.get_channel(self.channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            raise NightUnavailable
        return channel

    async def _send(self, **kwargs: Any) -> discord.Message:
        """Post in the night's channel. A missing permission or a gone channel ends the night
        (NightUnavailable); a transient failure (429 after discord.py's own retries, a 5xx, a
        timeout) is retried with backoff for as long as it lasts. A file is sent once."""
        needed = ["view_channel", "send_messages"]
        if kwargs.get("embed") is not None:
            needed.append("embed_links")
        if kwargs.get("file") is not None:
            needed.append("attach_files")
        attempt = 0
        while True:
            channel = self._channel()
            missing = bot_lacks(channel, *needed)
            if missing:  # taken away mid-night: Discord would refuse the post (403)
                log.warning("Trivia night %s: I lack %s in its channel", self.night_id, missing)
                raise NightUnavailable
            try:
                return await channel.send(**kwargs)
            except (discord.Forbidden, discord.NotFound) as error:
                raise NightUnavailable from error
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as error:
                if "file" in kwargs or not is_transient(error):
                    raise
                delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
                attempt += 1
                log.warning(
                    "Trivia night %s: posting failed (%s); trying again in %.0f s (attempt %d)",
                    self.night_id,
                    error,
                    delay,
                    attempt,
                )
                await asyncio.sleep(delay)

    async def _window(self) -> dict[str, tuple[int, int]] | None:
        """Per show, the last episode a post in the night's channel may name unwrapped (None:
        anything), read afresh: a moderator may change the window during a night."""
        return await public_window(
            self.bot.store, self.guild_id, self.channel_id, self.bot.clock().date()
        )

    async def _spoils(self, question: TriviaQuestion) -> bool:
        """The question lies in the server's spoiler window (the host opted in with
        max_season): its text, hint and answer go behind spoiler tags in the channel."""
        return in_window(question, await self._window())

    async def _ask(self) -> None:
        number = self.plan.round_number + 1
        store = self.bot.store.trivia
        asked = await store.asked_times(self.guild_id)
        # Public: from before the server's spoiler window, read at each question (unless the
        # host's max_season opted in, or the night is in the spoiler channel).
        window = await self._window()
        candidates = night_questions(self.candidates, self.config, window)
        question = pick_question(candidates, asked, exclude=self.plan.asked_keys, rng=self.rng)
        if question is None:
            await self._finish("out of questions")
            return
        now = self.bot.clock()
        if not await store.open_round(
            self.guild_id,
            self.night_id,
            number,
            question_key=question.key,
            question=question.to_json(),
            opened_at=now,
        ):
            self.plan.finished = True  # stopped elsewhere
            self.on_finished(self)
            return
        await self._post_question(number, question)

    async def _post_question(
        self,
        number: int,
        question: TriviaQuestion,
        note: str = "",
        judge: RoundJudge | None = None,
    ) -> None:
        how = "answer in chat or press Answer" if self.intents_chat else "press Answer to reply"
        footer = f"{self.config.seconds} s · {how}"
        embed = question_embed(
            question,
            title=f"Round {number} of {self.config.rounds}",
            footer=footer,
            spoiler=await self._spoils(question),
        )
        # The judge takes answers from the moment the question can be seen; one carried over
        # a restart keeps the answers it already has.
        carried = judge is not None
        if judge is None:
            judge = RoundJudge(question, seconds=self.config.seconds, known=self.bank.known)
        self.plan.asked(number, judge, self.bot.clock())
        self.plan.asked_keys.add(question.origin)
        message = await self._send(
            content=note or None, embed=embed, view=night_view(self.night_id, number)
        )
        if carried:
            judge.reopen(message.id)
        else:
            judge.open(message.id)
        self.question_message = message
        await self.bot.store.trivia.set_round_message(
            self.guild_id, self.night_id, number, message.id, self.bot.clock()
        )

    async def _disable_button(self, message_id: int, number: int) -> None:
        """Grey out a question's Answer button once its round is over (best effort)."""
        with contextlib.suppress(discord.HTTPException, NightUnavailable):
            channel = self._channel()
            message = discord.PartialMessage(channel=channel, id=message_id)
            await message.edit(
                view=night_view(self.night_id, number, disabled=True), allowed_mentions=NO_PINGS
            )

    async def _hint(self) -> None:
        judge = self.plan.judge
        assert judge is not None
        self.plan.hinted_now()
        hint = hint_for(judge.question)  # initials or a decade: behind the tag when spoiled
        if await self._spoils(judge.question):
            hint = wrap(hint)
        await self._send(content=f"💡 Hint for round {self.plan.round_number}: {hint}")

    async def _close(self, *, skipped: bool = False) -> None:
        judge = self.plan.judge
        assert judge is not None
        number = self.plan.round_number
        now = self.bot.clock()
        outcome = self.plan.closed(now)
        question = judge.question
        winner = None if skipped else outcome.winner
        await self.bot.store.trivia.close_round(
            self.guild_id,
            self.night_id,
            number,
            winner_id=winner.user_id if winner else None,
            winner_ms=outcome.winner_ms if winner else None,
            points=question.points if winner else 0,
            players=outcome.players,
            at=now,
        )
        if self.question_message is not None:
            await self._disable_button(self.question_message.id, number)
            self.question_message = None
        embed = reveal_embed(
            question,
            number,
            self.config.rounds,
            None if skipped else outcome,
            spoiler=await self._spoils(question),
        )
        await self._reveal(embed, number)

    async def _reveal(
        self,
        embed: discord.Embed,
        number: int,
        *,
        marker: str | None = None,
        cursor: int | None = None,
    ) -> None:
        store = self.bot.store.trivia

        async def claim(new: str, latest: int | None) -> None:
            await store.claim_reveal(
                self.guild_id, self.night_id, number, marker=new, cursor=latest
            )

        await self._post_once(embed, marker=marker, cursor=cursor, claim=claim)
        await store.mark_revealed(self.guild_id, self.night_id, number, self.bot.clock())

    async def _finish(self, reason: str, *, announce: bool = True) -> None:
        if self.plan.finished:
            return
        self.plan.finished = True
        store = self.bot.store.trivia
        await store.finish_night(
            self.guild_id, self.night_id, self.bot.clock(), reason, scores_owed=announce
        )
        self.on_finished(self)
        if announce:
            await self.post_scores(reason)

    async def post_scores(
        self, reason: str, *, marker: str | None = None, cursor: int | None = None
    ) -> None:
        """Post the finished night's final scores exactly once: also after a restart that
        came before they were posted (`marker`/`cursor`: recorded before a post that may
        have gone out)."""
        store = self.bot.store.trivia
        board = await store.leaderboard(self.guild_id, night_id=self.night_id, per_page=10)
        title = {
            "completed": "🏁 Trivia night over: final scores",
            "out of questions": "🏁 Trivia night over (out of questions): final scores",
        }.get(reason, "🏁 Trivia night stopped: scores so far")
        embed = standings_embed(title, board, empty="Nobody scored tonight.")

        async def claim(new: str, latest: int | None) -> None:
            await store.claim_scores(self.guild_id, self.night_id, marker=new, cursor=latest)

        with contextlib.suppress(NightUnavailable, discord.HTTPException):
            await self._post_once(
                embed,
                marker=marker,
                cursor=cursor,
                claim=claim,
                card=lambda: self._results_card(title, board),
            )
        # Posted, or it never can be (no channel, no permission): not owed any more.
        await store.scores_posted(self.guild_id, self.night_id)

    # -- posting exactly once across a crash (bot/marked.py) ----------------------------

    async def _post_once(
        self,
        embed: discord.Embed,
        *,
        marker: str | None,
        cursor: int | None,
        claim: Callable[[str, int | None], Awaitable[None]],
        card: Callable[[], Awaitable[discord.File | None]] | None = None,
    ) -> None:
        """Post `embed` (with the results card, if `card` makes one) once. With `marker`
        (recorded before a post a crash interrupted) the channel is read first and nothing
        is posted if the marked message is there. Otherwise, or if it is not, a marker and
        the channel's last message id are recorded by `claim`, then the post carries it."""
        if marker is not None and await self._was_posted(marker, cursor):
            return
        file = await card() if card is not None else None  # slow: before the claim
        marker = new_marker()
        await claim(marker, self._channel().last_message_id)
        footer = embed.footer.text
        ref = marker_ref(marker)
        embed.set_footer(text=clip(f"{footer} · {ref}" if footer else ref, EMBED_FOOTER_LIMIT))
        if file is not None:
            try:
                await self._send(embed=embed, file=file, nonce=marker)
                return
            except (NightUnavailable, discord.HTTPException):
                log.warning(
                    "Trivia night %s: the results card could not be sent; posting text only",
                    self.night_id,
                    exc_info=True,
                )
        await self._send(embed=embed, nonce=marker)

    async def _was_posted(self, marker: str, cursor: int | None) -> bool:
        """Is the message carrying `marker` in the channel (posted before a crash)? When
        the channel cannot be read, the cursor decides, never posting twice."""
        channel = self._channel()
        me = self.bot.user.id if self.bot.user else None
        attempt = 0
        while True:
            try:
                return await find_marked(channel, me, marker, cursor) is not None
            except ChannelUnreadable as error:
                posted = taken_as_posted(cursor, channel.last_message_id)
                log.warning(
                    "Trivia night %s: %s; %s",
                    self.night_id,
                    error,
                    "taken as posted" if posted else "nothing posted since, posting",
                )
                return posted
            except (discord.Forbidden, discord.NotFound) as error:
                raise NightUnavailable from error
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as error:
                if not is_transient(error):
                    raise
                delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
                attempt += 1
                await asyncio.sleep(delay)

    # -- the results card ---------------------------------------------------------------

    async def _results_card(self, title: str, board: Leaderboard) -> discord.File | None:
        """The night's results card as an attachment, or None (logged) when it cannot be
        made: no Attach Files permission, a slow API, or a renderer error."""
        try:
            channel = self._channel()
        except NightUnavailable:
            return None
        guild = channel.guild
        if not channel.permissions_for(guild.me).attach_files:
            log.info("Trivia night %s: no Attach Files permission, no card", self.night_id)
            return None
        try:
            data = await asyncio.wait_for(self._draw_card(guild, title, board), CARD_TIMEOUT)
        except Exception:
            log.exception("Trivia night %s: could not draw the results card", self.night_id)
            return None
        return results_card_file(data)

    async def _draw_card(self, guild: discord.Guild, title: str, board: Leaderboard) -> bytes:
        rounds = await self.bot.store.trivia.rounds(self.guild_id, self.night_id)
        won = [r for r in rounds if r.winner_id is not None and r.winner_ms is not None]
        quickest = min(won, key=lambda r: (r.winner_ms or 0, r.number), default=None)
        ids = [s.user_id for s in board.entries]
        if quickest is not None and quickest.winner_id is not None:
            ids.append(quickest.winner_id)
        names = await self._display_names(guild, ids)
        scores = [(names.get(s.user_id, ""), s.points) for s in board.entries]
        # The card draws the first 10 and counts the rest ("and N more"): pad to the total.
        scores += [("", 0)] * max(0, board.players - len(board.entries))
        fastest = None
        if quickest is not None and quickest.winner_id is not None:
            fastest = (names.get(quickest.winner_id, ""), (quickest.winner_ms or 0) / 1000)
        return await asyncio.to_thread(pictures.render_results_card, scores, fastest, title)

    async def _display_names(self, guild: discord.Guild, user_ids: list[int]) -> dict[int, str]:
        """Display names for the card (at most 11 look-ups: the top 10 and the fastest).
        Without the members intent the cache rarely has them, so each is fetched; someone
        who left is drawn as "someone" by the renderer."""

        async def one(user_id: int) -> tuple[int, str]:
            member = guild.get_member(user_id)
            if member is None:
                try:
                    member = await guild.fetch_member(user_id)
                except discord.HTTPException:
                    return user_id, ""
            return user_id, card_name(member.display_name)

        return dict(await asyncio.gather(*(one(u) for u in dict.fromkeys(user_ids))))

    def due_in(self, now: dt.datetime) -> float | None:
        """Seconds until the current question runs out (for /trivianight status)."""
        deadline = self.plan.deadline
        return None if deadline is None else max(0.0, (deadline - now).total_seconds())
