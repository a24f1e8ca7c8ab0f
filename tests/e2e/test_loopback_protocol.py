"""The loopback Discord against a small, unmodified discord.py bot defined here.

Proves the protocol surface the project's e2e tests rely on: login + sync, slash
commands, autocomplete, buttons, selects, modals, chat messages, gateway resume /
reconnect / invalid session, rate limits and 5xx retries, and Discord's checks
(oversize embeds, late and double acknowledgements, pings).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from loopback import (
    CommandNotRegistered,
    FakeChannel,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    NoResponse,
)

pytest_plugins = ["loopback.pytest_plugin"]

MANAGE_GUILD = discord.Permissions(manage_guild=True).value
TIMELINE = {1969: "Apollo 10 lands on the Moon", 1983: "Jamestown base", 2350: "Rocinante"}


class AnswerModal(discord.ui.Modal, title="Name the ship"):
    answer = discord.ui.TextInput(label="Your answer", custom_id="answer", max_length=50)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"You said {self.answer.value}", ephemeral=True)


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)
        self.votes = 0

    @discord.ui.button(label="Yes", custom_id="vote:yes", style=discord.ButtonStyle.success)
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"Votes: {self.votes}", view=self)

    @discord.ui.button(label="Close", custom_id="vote:close")
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()  # type 6, then edit @original
        original = await interaction.original_response()
        await interaction.edit_original_response(content=f"{original.content} (closed)", view=None)

    @discord.ui.button(label="Ask me", custom_id="vote:ask")
    async def ask(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(AnswerModal())

    @discord.ui.select(
        custom_id="vote:show",
        placeholder="Pick a show",
        options=[
            discord.SelectOption(label="For All Mankind", value="fam"),
            discord.SelectOption(label="The Expanse", value="expanse"),
        ],
    )
    async def show(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"picked {select.values[0]}", ephemeral=True)


class BareBot(commands.Bot):
    """A minimal bot exercising each protocol path; nothing in discord.py is patched."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(
            command_prefix="!",
            intents=intents,
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.errors: list[BaseException] = []

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every non-initial IDENTIFY; tests need not."""

    async def setup_hook(self) -> None:
        self.tree.on_error = self.on_tree_error
        for command in COMMANDS:
            self.tree.add_command(command)
        self.tree.add_command(trivianight)
        await self.tree.sync()

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.errors.append(error)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.content.lower() == "rocinante":
            await message.reply("Welcome aboard the Roci!")


@app_commands.command(description="What happened in a year")
@app_commands.describe(year="The year", search="Search the timeline")
async def timeline(
    interaction: discord.Interaction, year: int | None = None, search: str | None = None
) -> None:
    event = TIMELINE.get(year or 0, f"nothing about {search}" if search else "pick a year")
    await interaction.response.send_message(f"{year}: {event}")


@timeline.autocomplete("search")
async def timeline_search(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=v, value=v)
        for v in TIMELINE.values()
        if current.lower() in v.lower()
    ]


@app_commands.command(description="Start a vote")
async def vote(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Votes: 0", view=VoteView())


@app_commands.command(description="An embed that is too big")
async def big(interaction: discord.Interaction) -> None:
    try:
        await interaction.response.send_message(embed=discord.Embed(description="x" * 5000))
    except discord.HTTPException as exc:
        interaction.client.errors.append(exc)  # type: ignore[attr-defined]


@app_commands.command(description="Too slow to answer")
async def slow(interaction: discord.Interaction) -> None:
    await asyncio.sleep(0.5)
    await interaction.response.send_message("finally")


@app_commands.command(description="Answers twice")
async def twice(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("once")
    await discord.InteractionResponse(interaction).send_message("twice")  # a second responder


@app_commands.command(description="Think, then answer")
async def think(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True, ephemeral=True)
    await interaction.followup.send("thought about it")
    await interaction.followup.send("and one more thing")


@app_commands.command(description="Ping a member (on purpose)")
async def poke(interaction: discord.Interaction, member: discord.Member) -> None:
    await interaction.response.send_message(
        f"hey {member.mention}", allowed_mentions=discord.AllowedMentions(users=True)
    )


@app_commands.command(description="Mods only")
@app_commands.default_permissions(manage_guild=True)
async def settings(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("settings saved", ephemeral=True)


trivianight = app_commands.Group(name="trivianight", description="Trivia night")


@trivianight.command(description="Start trivia night")
async def start(
    interaction: discord.Interaction, rounds: int, channel: discord.TextChannel
) -> None:
    await channel.send(f"Trivia night: {rounds} rounds!")
    await interaction.response.send_message(f"Started in {channel.mention}", ephemeral=True)


@app_commands.command(description="Follows up before acknowledging")
async def eager(interaction: discord.Interaction) -> None:
    try:
        await interaction.followup.send("too early")
    except discord.NotFound:
        await interaction.response.send_message("acknowledged properly")


COMMANDS = [timeline, vote, big, slow, twice, think, poke, settings, eager]


@dataclass
class World:
    fake: FakeDiscord
    bot: BareBot
    guild: FakeGuild
    trivia: FakeChannel
    mod: FakeMember
    fan: FakeMember


@pytest_asyncio.fixture
async def world(fake_discord: FakeDiscord) -> AsyncIterator[World]:
    # BareBot asks for two privileged intents: switched on in the "Developer Portal".
    fake_discord.privileged_intents = frozenset({"members", "message_content"})
    guild = fake_discord.add_guild("Mankind Fans")
    trivia = guild.add_channel("trivia")
    mod = guild.add_member("margo", permissions=MANAGE_GUILD)
    fan = guild.add_member("aleida")
    bot = BareBot()
    async with fake_discord.running(bot):
        yield World(fake_discord, bot, guild, trivia, mod, fan)


async def test_login_identify_and_sync(world: World) -> None:
    fake = world.fake
    identify = fake.identifies[0]
    assert identify["intents"] == world.bot.intents.value
    assert {c["name"] for c in fake.commands[None]} >= {"timeline", "vote", "trivianight"}
    assert world.bot.application_id == fake.application_id
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None and guild.member_count == len(guild.members) == 4
    assert guild.get_channel(world.trivia.id) is not None


async def test_slash_command_and_subcommand(world: World) -> None:
    fake = world.fake
    reply = await fake.slash(world.guild, world.fan, "timeline", year=1969)
    assert reply.content == "1969: Apollo 10 lands on the Moon"
    assert not reply.ephemeral and not reply.deferred
    reply = await fake.slash(
        world.guild, world.mod, "trivianight start", rounds=3, channel=world.trivia
    )
    assert reply.ephemeral and world.trivia.mention in reply.content
    [posted] = fake.channel_messages(world.trivia)
    assert posted.content == "Trivia night: 3 rounds!"


async def test_only_synced_commands_and_options_can_be_invoked(world: World) -> None:
    with pytest.raises(CommandNotRegistered):
        await world.fake.slash(world.guild, world.fan, "nonexistent")
    with pytest.raises(CommandNotRegistered):
        await world.fake.slash(world.guild, world.fan, "timeline", decade=1960)
    with pytest.raises(CommandNotRegistered):  # default_member_permissions hides it
        await world.fake.slash(world.guild, world.fan, "settings")
    reply = await world.fake.slash(world.guild, world.mod, "settings")
    assert reply.content == "settings saved"


async def test_autocomplete(world: World) -> None:
    choices = await world.fake.autocomplete(
        world.guild, world.fan, "timeline", focused="search", value="roci"
    )
    assert choices == [{"name": "Rocinante", "value": "Rocinante"}]


async def test_button_select_and_modal(world: World) -> None:
    fake = world.fake
    reply = await fake.slash(world.guild, world.fan, "vote")
    assert reply.content == "Votes: 0"
    after = await reply.click("Yes")
    assert after.content == "Votes: 1" and after.message.id == reply.message.id
    picked = await after.select("Pick a show", ["expanse"])
    assert picked.content == "picked expanse" and picked.ephemeral
    modal = await after.click("Ask me")
    assert modal.modal is not None and modal.modal["title"] == "Name the ship"
    done = await modal.submit_modal({"Your answer": "Rocinante"})
    assert done.content == "You said Rocinante" and done.ephemeral
    closed = await after.click("Close")
    assert closed.deferred and closed.content == "Votes: 1 (closed)" and closed.components == []


async def test_deferred_reply_with_followups(world: World) -> None:
    reply = await world.fake.slash(world.guild, world.fan, "think")
    assert reply.deferred and reply.ephemeral
    assert reply.content == "thought about it"
    assert [m.content for m in reply.followups] == ["thought about it", "and one more thing"]


async def test_chat_message(world: World) -> None:
    fake = world.fake
    said = await fake.say(world.trivia, world.fan, "rocinante")
    answer = await fake.wait_for_message(world.trivia, after=said)
    assert answer.content == "Welcome aboard the Roci!" and answer.reference_id == said


async def test_dm_interaction_and_message(world: World) -> None:
    fake = world.fake
    reply = await fake.slash(None, world.fan, "timeline", year=2350)
    assert reply.content == "2350: Rocinante"
    assert "member" not in reply.interaction.payload and reply.interaction.guild is None
    dm = fake.dm_channel(world.fan)
    said = await fake.say(dm, world.fan, "rocinante")
    assert (await fake.wait_for_message(dm, after=said)).content == "Welcome aboard the Roci!"


async def test_dropped_socket_resumes(world: World) -> None:
    fake = world.fake
    await fake.drop_socket()
    await fake.wait_until_connected()
    assert len(fake.resumes) == 1 and len(fake.identifies) == 1
    reply = await fake.slash(world.guild, world.fan, "timeline", year=1983)
    assert reply.content == "1983: Jamestown base"


async def test_events_missed_while_disconnected_are_replayed(world: World) -> None:
    fake = world.fake
    await fake.drop_socket()
    late_role = world.guild.add_role("Watchers")  # dispatched while the socket is down
    await fake.wait_until_connected()
    await fake.flush()
    await asyncio.sleep(0.05)
    assert world.bot.get_guild(world.guild.id).get_role(late_role.id) is not None


async def test_reconnect_op7_resumes(world: World) -> None:
    fake = world.fake
    await fake.send_reconnect()
    await fake.wait_until_connected()
    assert len(fake.resumes) == 1
    assert (await fake.slash(world.guild, world.fan, "timeline", year=1969)).content.startswith(
        "1969"
    )


async def test_invalid_session_reidentifies(world: World) -> None:
    fake = world.fake
    await fake.send_invalid_session(resumable=False)
    await fake.wait_until_connected()
    assert len(fake.identifies) == 2 and not fake.resumes
    assert (await fake.slash(world.guild, world.fan, "timeline", year=1969)).content.startswith(
        "1969"
    )


async def test_forced_429_is_retried(world: World) -> None:
    fake = world.fake
    fake.fail_next("POST", r"/channels/\d+/messages", status=429, times=2)
    reply = await fake.slash(
        world.guild, world.mod, "trivianight start", rounds=1, channel=world.trivia
    )
    assert reply.ephemeral
    attempts = fake.requests_to("POST", rf"/channels/{world.trivia.id}/messages")
    assert [r.status for r in attempts] == [429, 429, 200]


async def test_forced_500_is_retried(world: World) -> None:
    fake = world.fake
    fake.fail_next("POST", r"/channels/\d+/messages", status=500, times=1)
    said = await fake.say(world.trivia, world.fan, "rocinante")
    answer = await fake.wait_for_message(world.trivia, after=said, timeout=3)
    assert answer.content.startswith("Welcome")
    statuses = [
        r.status for r in fake.requests_to("POST", rf"/channels/{world.trivia.id}/messages")
    ]
    assert statuses == [500, 200]


async def test_oversize_embed_is_a_violation(world: World) -> None:
    fake = world.fake
    with pytest.raises(NoResponse):
        await fake.slash(world.guild, world.fan, "big")
    [violation] = fake.take_violations("validation")
    assert "embeds.0.description" in violation.detail
    assert isinstance(world.bot.errors[-1], discord.HTTPException)
    assert world.bot.errors[-1].code == 50035


async def test_late_response_is_a_violation(world: World) -> None:
    fake = world.fake
    fake.ack_deadline = 0.3  # `slow` sleeps 0.5 s (or override the loopback_options fixture)
    with pytest.raises(NoResponse):
        await fake.slash(world.guild, world.fan, "slow")
    await fake.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback")
    assert fake.take_violations("no_ack")
    assert fake.take_violations("late_ack")


async def test_double_response_is_a_violation(world: World) -> None:
    fake = world.fake
    reply = await fake.slash(world.guild, world.fan, "twice")
    assert reply.content == "once"
    [violation] = fake.take_violations("double_ack")
    assert "already been acknowledged" in violation.detail


async def test_allowed_mentions_are_recorded(world: World) -> None:
    fake = world.fake
    await fake.slash(world.guild, world.fan, "timeline", year=1969)
    assert fake.pinging_requests() == []
    reply = await fake.slash(world.guild, world.mod, "poke", member=world.fan)
    assert reply.content == f"hey {world.fan.mention}"
    [ping] = fake.pinging_requests()
    assert ping.allowed_mentions == {"parse": ["users"]}
    assert ping.path.endswith("/callback")


async def test_followup_before_ack_is_a_violation(world: World) -> None:
    reply = await world.fake.slash(world.guild, world.fan, "eager")
    assert reply.content == "acknowledged properly"
    assert world.fake.take_violations("not_acknowledged")


async def test_expired_interaction_token(world: World) -> None:
    fake = world.fake
    reply = await fake.slash(world.guild, world.fan, "timeline", year=1969)
    webhook = discord.Webhook.partial(
        fake.application_id, reply.interaction.token, client=world.bot
    )
    fake.advance_time(15 * 60 + 1)
    with pytest.raises(discord.HTTPException) as info:
        await webhook.send("fifteen minutes later", wait=True)
    assert info.value.code == 50027
    assert fake.take_violations("expired_token")


async def test_rest_surface_through_the_client(world: World) -> None:
    """Messages, files, history, reactions, roles, events, DMs: discord.py parses it all."""
    fake, bot = world.fake, world.bot
    channel = bot.get_channel(world.trivia.id)
    assert isinstance(channel, discord.TextChannel)
    async with channel.typing():
        sent = await channel.send("notes", file=discord.File(io.BytesIO(b"hello"), "notes.txt"))
    assert (
        sent.attachments[0].filename == "notes.txt" and await sent.attachments[0].read() == b"hello"
    )
    upload = fake.requests_to("POST", rf"/channels/{channel.id}/messages")[-1]
    assert upload.json["content"] == "notes" and upload.files[0].size == 5
    edited = await sent.edit(content="notes v2")
    assert edited.content == "notes v2" and fake.message(sent.id).content == "notes v2"
    second = await channel.send("second")
    assert [m.id async for m in channel.history(limit=10)] == [second.id, sent.id]
    assert [m.id async for m in channel.history(after=sent, limit=10)] == [second.id]
    assert (await channel.fetch_message(sent.id)).content == "notes v2"
    await second.add_reaction("👍")
    await second.delete()
    assert [m.id for m in fake.channel_messages(world.trivia)] == [sent.id]

    guild = bot.get_guild(world.guild.id)
    role = await guild.create_role(name="Watchers")
    member = guild.get_member(world.fan.id)
    await member.add_roles(role)
    assert role in world.fan.roles or role.id in [r.id for r in world.fan.roles]
    await asyncio.sleep(0.02)  # GUILD_MEMBER_UPDATE updates the cache, as on Discord
    assert role in guild.get_member(world.fan.id).roles
    await member.remove_roles(role)
    assert "Watchers" in [r.name for r in await guild.fetch_roles()]

    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    event = await guild.create_scheduled_event(
        name="Watch party",
        start_time=start,
        end_time=start + dt.timedelta(hours=2),
        entity_type=discord.EntityType.external,
        location="#trivia",
        privacy_level=discord.PrivacyLevel.guild_only,
    )
    await event.edit(name="Watch party S5")
    assert [e.name for e in await guild.fetch_scheduled_events()] == ["Watch party S5"]
    await event.delete()
    assert world.guild.scheduled_events == {}

    dm = await bot.get_user(world.fan.id).send("psst")
    assert fake.channel_messages(fake.dm_channel(world.fan))[0].id == dm.id


async def test_member_chunk_request(world: World) -> None:
    guild = world.bot.get_guild(world.guild.id)
    members = await guild.query_members("ale")
    assert [m.id for m in members] == [world.fan.id]
    assert any(f.get("op") == 8 for f in world.fake.gateway.received)


async def test_sync_validation_failure(world: World) -> None:
    http = world.bot.http
    bad = [{"name": "Bad Name", "description": "", "type": 1}]
    with pytest.raises(discord.HTTPException) as info:
        await http.bulk_upsert_global_commands(world.fake.application_id, bad)
    assert info.value.code == 50035
    [violation] = world.fake.take_violations("command_sync")
    assert "Invalid command name" in violation.detail and "description" in violation.detail


async def test_unknown_route_is_a_violation(world: World) -> None:
    with pytest.raises(discord.NotFound):
        await world.bot.http.request(discord.http.Route("GET", "/nothing/here"))
    assert world.fake.take_violations("unknown_route")


async def test_crafted_snowflakes_keep_time_order(fake_discord: FakeDiscord) -> None:
    earlier = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    crafted = fake_discord.snowflake(at=earlier)
    assert discord.utils.snowflake_time(crafted) == earlier
    assert crafted < fake_discord.snowflake() < fake_discord.snowflake()


class ShardedBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )

    async def setup_hook(self) -> None:
        self.tree.add_command(timeline)
        await self.tree.sync()


async def test_auto_sharded_bot(fake_discord: FakeDiscord) -> None:
    guild = fake_discord.add_guild("Expanse Fans")
    fan = guild.add_member("amos")
    async with fake_discord.running(ShardedBot()) as bot:
        assert bot.shard_count == 1
        assert fake_discord.identifies[0]["shard"] == [0, 1]
        reply = await fake_discord.slash(guild, fan, "timeline", year=2350)
        assert reply.content == "2350: Rocinante"
        assert fake_discord.requests_to("GET", "/gateway/bot")


class OverlongBot(commands.Bot):
    """discord.py does not check description length; Discord (and loopback) does."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.none(), guild_ready_timeout=0.05
        )

    async def setup_hook(self) -> None:
        @self.tree.command(description="x" * 101)
        async def toolong(interaction: discord.Interaction) -> None: ...

        await self.tree.sync()


async def test_sync_rejected_during_setup_hook(fake_discord: FakeDiscord) -> None:
    with pytest.raises(app_commands.CommandSyncFailure, match="toolong"):
        async with fake_discord.running(OverlongBot()):
            pass
    [violation] = fake_discord.take_violations("command_sync")
    assert "0.description" in violation.detail
