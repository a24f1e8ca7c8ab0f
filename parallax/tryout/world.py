"""The try-out server: one guild, its channels, roles and people, with ids that never change.

Ids are made while the shared clock stands at a fixed moment (WORLD_EPOCH), and people who
join later get an id from their name, so a database kept with `--db` meets the same server,
channels and members in every session (everything the bot stores is keyed on those ids).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass

import discord

from bot.clock import ManualClock
from loopback.fake import FakeDiscord
from loopback.model import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser
from loopback.snowflake import DISCORD_EPOCH_MS

from .parse import TryError, shorten

WORLD_EPOCH = dt.datetime(2015, 6, 1, tzinfo=dt.UTC)
GUILD_NAME = "Parallax try-out"
MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True, manage_messages=True).value
YOU, MODERATOR = "you", "moderator"
NAME = re.compile(r"^[\w.-]{2,32}$")


def fixed_id(name: str) -> int:
    """A snowflake of WORLD_EPOCH that depends only on `name` (bit 21 keeps it apart from
    the loopback's counter ids)."""
    ms = int(WORLD_EPOCH.timestamp() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (1 << 21) | (zlib.crc32(name.casefold().encode()) & 0x1FFFFF)


@dataclass
class Player:
    name: str
    member: FakeMember
    moderator: bool

    def describe(self) -> str:
        if self.name == MODERATOR:
            return MODERATOR
        return f"{self.name}, a {'moderator' if self.moderator else 'member'}"


class World:
    """The guild the session plays in, and the people in it."""

    def __init__(self, fake: FakeDiscord, clock: ManualClock) -> None:
        if clock.now != WORLD_EPOCH:
            raise ValueError("build the world while the clock stands at WORLD_EPOCH")
        self.fake = fake
        self.guild: FakeGuild = fake.add_guild(GUILD_NAME)
        self.general: FakeChannel = self.guild.general
        self.announcements = self.guild.add_channel("announcements")
        self.moderators: FakeRole = self.guild.add_role(
            "Moderators", permissions=MODERATOR_PERMISSIONS
        )
        self.alerts = self.guild.add_role("Launch alerts", mentionable=True)
        self.players: dict[str, Player] = {}
        self.join(YOU)
        self.join(MODERATOR, moderator=True)

    def join(self, name: str, *, moderator: bool = False) -> Player:
        key = name.casefold()
        if key in self.players:
            return self.players[key]
        if not NAME.match(name):
            raise TryError(
                f"{shorten(name)!r} cannot be a name here: use 2 to 32 letters, digits, dots, dashes "
                "or underscores."
            )
        user_id = fixed_id(name)
        while user_id in self.fake.users:  # two names with one hash: take the next id
            user_id += 1
        user = FakeUser(user_id, name)
        self.fake.users[user.id] = user
        member = self.guild.add_member(
            name, user=user, roles=[self.moderators] if moderator else []
        )
        player = Player(name, member, moderator)
        self.players[key] = player
        return player

    def player(self, name: str) -> Player | None:
        return self.players.get(name.casefold())

    def channel(self, text: str) -> FakeChannel:
        name = text.strip().lstrip("#").strip()
        found = next((c for c in self.guild.channels if c.name.casefold() == name.casefold()), None)
        if found is None:
            raise TryError(f"There is no #{shorten(name)}; channels: {self.channel_list()}.")
        return found

    def role(self, text: str) -> FakeRole:
        name = text.strip().lstrip("@").strip()
        found = next(
            (r for r in self.guild.roles[1:] if r.name.casefold() == name.casefold()), None
        )
        if found is None:
            roles = ", ".join("@" + r.name for r in self.guild.roles[1:] if not r.managed)
            raise TryError(f"There is no role @{shorten(name)}; roles: {roles}.")
        return found

    def member(self, text: str) -> FakeMember:
        name = text.strip().lstrip("@").strip()
        player = self.player(name)
        if player is None:
            raise TryError(f"Nobody here is called {shorten(name)}; people: {self.people_list()}.")
        return player.member

    def channel_list(self) -> str:
        return ", ".join("#" + c.name for c in self.guild.channels if c.type == 0)

    def people_list(self) -> str:
        return ", ".join(p.name for p in self.players.values())
