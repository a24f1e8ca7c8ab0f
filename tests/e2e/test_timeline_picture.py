"""/timeline picture:true and the Picture button, end to end through the loopback Discord."""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Iterator

import pytest

from bot import pictures
from loopback.records import RecordedRequest
from tests.conftest import Env

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test renders for real: the process-wide picture cache starts empty."""
    monkeypatch.setattr(pictures, "cache", pictures.PictureCache())
    yield


def uploads(env: Env) -> list[RecordedRequest]:
    return [r for r in env.fake.requests if r.files]


def assert_png(data: bytes, size: tuple[int, int] = (pictures.WIDTH, pictures.HEIGHT)) -> None:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    assert struct.unpack(">II", data[16:24]) == size
    assert len(data) < pictures.MAX_BYTES // 8  # well under Discord's 8 MB


def labels(components: list[dict]) -> list[str]:
    return [c.get("label", "") for row in components for c in row["components"]]


async def test_picture_option_attaches_a_png_as_multipart(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969, picture=True)
    [attachment] = reply.attachments
    assert attachment["filename"] == "timeline.png" and not reply.ephemeral
    assert reply.embeds[0]["title"] == "Timeline: 1969"
    [request] = uploads(env)
    assert request.method == "POST" and request.path.startswith("/webhooks/")
    [upload] = request.files
    assert upload.field == "files[0]" and upload.filename == "timeline.png"
    assert upload.size == attachment["size"] == len(upload.data)
    assert_png(upload.data)
    assert "Picture" not in labels(reply.components)  # already attached
    # paging keeps the picture on the message
    later = await reply.click("Next")
    assert later.latest().attachments == reply.attachments


async def test_picture_button_attaches_the_png_for_the_invoker_only(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969)
    assert reply.attachments == []
    assert labels(reply.components) == ["Previous", "Next", "Picture"]
    stranger = await env.fake.click(reply.message, env.mod_a, "Picture")
    assert stranger.ephemeral and "can use these buttons" in stranger.content
    assert uploads(env) == []
    await reply.click("Picture")
    await env.fake.wait_for_request("PATCH", ORIGINAL)
    [request] = uploads(env)
    assert request.method == "PATCH" and request.path.endswith("/messages/@original")
    assert_png(request.files[0].data)
    message = reply.latest()
    assert [a["filename"] for a in message.attachments] == ["timeline.png"]
    assert labels(message.components) == ["Previous", "Next"]  # the button has done its job


async def test_single_page_picture_button_clears_the_view(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "timeline", year=1992, show="fam", search="Clinton"
    )
    assert labels(reply.components) == ["Picture"]  # one page: no Previous / Next
    await reply.click("Picture")
    await env.fake.wait_for_request("PATCH", ORIGINAL)
    message = reply.latest()
    assert message.components == [] and len(message.attachments) == 1


async def test_same_timeline_twice_renders_once_and_gives_the_same_bytes(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = []
    real = pictures.render_timeline

    def counting(timeline: pictures.Timeline) -> bytes:
        renders.append(timeline.query)
        return real(timeline)

    monkeypatch.setattr(pictures, "render_timeline", counting)
    for member in (env.fan_a, env.mod_a):
        await env.fake.slash(env.guild_a, member, "timeline", year=1974, picture=True)
    first, second = (r.files[0].data for r in uploads(env))
    assert first == second and len(renders) == 1


async def test_nothing_to_draw_means_no_picture_and_no_button(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1950, picture=True)
    assert "No events match" in reply.embeds[0]["description"]
    assert reply.attachments == [] and reply.components == [] and uploads(env) == []


async def test_bad_input_with_picture_is_still_a_friendly_ephemeral_error(env: Env) -> None:
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1200, picture=True)
    assert reply.ephemeral and "outside the timeline" in reply.content
    assert uploads(env) == []


async def test_picture_with_recent_events_is_sent_as_a_spoiler(env: Env) -> None:
    # the whole timeline reaches each show's newest season, the server's default window
    reply = await env.fake.slash(env.guild_a, env.fan_a, "timeline", picture=True)
    [attachment] = reply.attachments
    assert attachment["filename"] == "SPOILER_timeline.png"
    assert_png(uploads(env)[0].files[0].data)


async def test_private_picture_is_ephemeral(env: Env) -> None:
    reply = await env.fake.slash(
        env.guild_a, env.fan_a, "timeline", year=1969, private=True, picture=True
    )
    assert reply.ephemeral and len(reply.attachments) == 1
    assert_png(uploads(env)[0].files[0].data)


async def test_other_commands_are_answered_while_a_picture_renders(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render holds its worker thread until /about has been answered: were it on the
    event loop, /about could not be answered and the render would give up."""
    started, released = threading.Event(), threading.Event()
    real = pictures.render_timeline

    def held(timeline: pictures.Timeline) -> bytes:
        started.set()
        assert released.wait(10), "the event loop never answered /about"
        return real(timeline)

    monkeypatch.setattr(pictures, "render_timeline", held)

    async def about_during_render() -> object:
        try:
            assert await asyncio.to_thread(started.wait, 10)
            return await env.fake.slash(env.guild_b, env.fan_b, "about")
        finally:
            released.set()

    picture, about = await asyncio.gather(
        env.fake.slash(env.guild_a, env.fan_a, "timeline", year=1969, picture=True),
        about_during_render(),
    )
    assert about.embeds[0]["title"] == "Parallax"  # type: ignore[attr-defined]
    assert picture.attachments[0]["filename"] == "timeline.png"
    assert_png(uploads(env)[0].files[0].data)
