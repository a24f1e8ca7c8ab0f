"""Loopback Discord: a local gateway + REST emulator for end-to-end tests of discord.py bots.

See loopback/README.md. Typical use::

    fake = FakeDiscord(ack_deadline=3.0, clock=world_clock)  # the clock the bot reads too
    await fake.start()
    guild = fake.add_guild("Mankind Fans")
    with fake.patched():
        async with fake.running(bot):
            reply = await fake.slash(guild, guild.add_member("aleida"), "timeline", year=1969)
"""

from .commands import ClientRefused, CommandNotRegistered, LoopbackError
from .fake import DEFAULT_GATEWAY_LATENCY, DEFAULT_REST_LATENCY, FakeDiscord, NoResponse
from .interactions import InteractionState, Reply
from .messages import FakeMessage
from .model import (
    ADMINISTRATOR,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)
from .records import RecordedRequest, UploadedFile, Violation
from .snowflake import snowflake_time

__all__ = [
    "ADMINISTRATOR",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "DEFAULT_GATEWAY_LATENCY",
    "DEFAULT_REST_LATENCY",
    "ClientRefused",
    "CommandNotRegistered",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "InteractionState",
    "LoopbackError",
    "NoResponse",
    "RecordedRequest",
    "Reply",
    "UploadedFile",
    "Violation",
    "snowflake_time",
]
