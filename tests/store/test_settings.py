"""The typed server and member settings: what is set reads back, also after a reopen, and
the stored encodings ("weeks:4", "S3E4") stay what earlier versions wrote."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from bot.store.settings import GuildConfig, SpoilerWindow
from tests.store.test_catalog import open_store

GUILD, OTHER, MEMBER = 10, 20, 30


async def stored(store: Store, table: str, owner: int) -> list[tuple[str, str]]:
    """The raw (key, value) rows of one owner, as earlier versions wrote and read them."""
    column = "guild_id" if table == "guild_settings" else "user_id"
    rows = await store.db.fetch_all(
        f"SELECT key, value FROM {table} WHERE {column} = ? ORDER BY key", (owner,)
    )
    return [(r[0], r[1]) for r in rows]


async def test_an_unset_server_reads_the_defaults(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    config = await store.guild_settings.get_config(GUILD)
    assert config == GuildConfig()
    assert config.spoiler_window == SpoilerWindow("newest")
    assert config.moderator_roles(trivia_hosts=True) == set()
    await store.close()


async def test_the_guild_config_round_trips_through_a_reopen(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    settings = store.guild_settings
    await settings.set_mod_role(GUILD, 1)
    await settings.set_trivia_host_role(GUILD, 2)
    await settings.set_audit_channel(GUILD, 3)
    await settings.set_spoiler_window(GUILD, SpoilerWindow("weeks", 4))
    await settings.set_spoiler_channel(GUILD, 5)
    expected = GuildConfig(1, 2, 3, SpoilerWindow("weeks", 4), 5)
    assert await settings.get_config(GUILD) == expected
    assert await settings.get_config(OTHER) == GuildConfig()  # one server never sees another's
    await store.close()

    store = await open_store(tmp_path)
    assert await store.guild_settings.get_config(GUILD) == expected
    assert expected.moderator_roles() == {1}
    assert expected.moderator_roles(trivia_hosts=True) == {1, 2}
    assert await stored(store, "guild_settings", GUILD) == [
        ("fact_audit_channel_id", "3"),
        ("mod_role_id", "1"),
        ("spoiler_channel_id", "5"),
        ("spoiler_window", "weeks:4"),
        ("trivia_host_role_id", "2"),
    ]
    await store.guild_settings.set_mod_role(GUILD, None)
    await store.guild_settings.set_spoiler_window(GUILD, SpoilerWindow("off"))
    config = await store.guild_settings.get_config(GUILD)
    assert config.mod_role_id is None and config.spoiler_window == SpoilerWindow("off")
    await store.close()


async def test_member_settings_round_trip_through_a_reopen(tmp_path: Path) -> None:
    store = await open_store(tmp_path)
    members = store.member_settings
    assert await members.timezone(MEMBER) is None and await members.progress(MEMBER) == {}
    await members.set_timezone(MEMBER, "Europe/Berlin")
    await members.set_progress(MEMBER, "expanse", (3, 4))
    await members.set_progress(MEMBER, "fam", (1, 10))
    await store.close()

    store = await open_store(tmp_path)
    members = store.member_settings
    assert await members.timezone(MEMBER) == "Europe/Berlin"
    assert await members.progress(MEMBER) == {"expanse": (3, 4), "fam": (1, 10)}
    assert await stored(store, "member_settings", MEMBER) == [
        ("timezone", "Europe/Berlin"),
        ("watched:expanse", "S3E4"),
        ("watched:fam", "S1E10"),
    ]
    await members.clear_progress(MEMBER)
    await members.set_timezone(MEMBER, None)
    assert await members.progress(MEMBER) == {} and await members.timezone(MEMBER) is None
    await store.close()
