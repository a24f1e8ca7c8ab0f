"""bot/pictures.py: the timeline picture and the trivia results card, as plain functions."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import struct

import pytest
from PIL import Image

from bot import pictures
from bot.store.records import Episode, Fact, Parallel
from bot.timeline import Timeline, TimelineEntry, TimelineQuery

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def fact(
    key: str,
    universe: str,
    *,
    year: int | None = None,
    episode: tuple[int, int] | None = None,
    text: str = "An event",
) -> Fact:
    ep = (
        Episode(universe, episode[0], episode[1], "Title", dt.date(2019, 11, 1), "")
        if episode
        else None
    )
    return Fact(
        key=key,
        guild_id=0,
        show=universe,
        universe=universe,
        kind="event",
        text=text,
        correction="",
        when_text=str(year) if year else "",
        year_from=year,
        year_to=year,
        sort_date=f"{year}-00-00" if year else "",
        approximate=False,
        tags=(),
        episode=ep,
        source_title="test",
        source_url="",
        spoiler=False,
    )


def timeline(
    fam: int, expanse: int, links: int = 0, text: str = "An event in the story"
) -> Timeline:
    fam_facts = [fact(f"f{i}", "fam", year=1969 + i % 40, text=f"{text} {i}") for i in range(fam)]
    exp_facts = [
        fact(f"e{i}", "expanse", episode=(1 + i // 10 % 6, 1 + i % 10), text=f"{text} {i}")
        for i in range(expanse)
    ]
    parallels: dict[str, list[Parallel]] = {}
    for i in range(min(links, fam, expanse)):
        p = Parallel(f"p{i}", f"topic {i}", "", fam_facts[i], exp_facts[-1 - i], "", "")
        parallels.setdefault(p.fam.key, []).append(p)
        parallels.setdefault(p.expanse.key, []).append(p)
    return Timeline(
        TimelineQuery(),
        tuple(TimelineEntry(f, tuple(parallels.get(f.key, ()))) for f in fam_facts),
        tuple(TimelineEntry(f, tuple(parallels.get(f.key, ()))) for f in exp_facts),
    )


def test_timeline_picture_is_a_png_of_the_fixed_size() -> None:
    data = pictures.render_timeline(timeline(12, 30, links=3))
    assert png_size(data) == (pictures.WIDTH, pictures.HEIGHT)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    # an opaque card: the corner pixel is the border, just inside it the background
    assert image.getpixel((10, 10)) == pictures.BACKGROUND


def test_same_inputs_give_the_same_bytes() -> None:
    assert pictures.render_timeline(timeline(20, 20, 4)) == pictures.render_timeline(
        timeline(20, 20, 4)
    )


@pytest.mark.parametrize("events", [0, 1, 10, 200, 400])
def test_any_number_of_events_stays_well_under_discords_limit(events: int) -> None:
    data = pictures.render_timeline(timeline(events // 3, events - events // 3, links=events // 10))
    assert png_size(data) == (pictures.WIDTH, pictures.HEIGHT)
    assert len(data) < pictures.SOFT_LIMIT < pictures.MAX_BYTES


def test_one_show_only_leaves_the_other_axis_explained() -> None:
    only_fam = timeline(5, 0)
    only_fam = Timeline(TimelineQuery(show="fam"), only_fam.fam, ())
    assert png_size(pictures.render_timeline(only_fam)) == (pictures.WIDTH, pictures.HEIGHT)


def test_cache_key_follows_what_the_picture_shows() -> None:
    base = pictures.timeline_key(timeline(5, 5, 1))
    assert base == pictures.timeline_key(timeline(5, 5, 1))
    assert base != pictures.timeline_key(timeline(5, 5, 1, text="Edited by a moderator"))
    assert base != pictures.timeline_key(timeline(5, 5, 0))
    assert base != pictures.timeline_key(timeline(5, 6, 1))


def test_timeline_picture_is_cached_by_its_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = pictures.render_timeline

    def counting(value: Timeline) -> bytes:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(pictures, "render_timeline", counting)
    monkeypatch.setattr(pictures, "cache", pictures.PictureCache(2))
    first = pictures.timeline_picture(timeline(3, 3))
    assert pictures.timeline_picture(timeline(3, 3)) is first
    assert len(calls) == 1
    pictures.timeline_picture(timeline(4, 3))
    pictures.timeline_picture(timeline(5, 3))  # evicts the least recently used, (3, 3)
    pictures.timeline_picture(timeline(3, 3))
    assert len(calls) == 4


async def test_async_render_answers_from_the_cache_or_a_thread() -> None:
    value = timeline(6, 6, 2)
    data = await pictures.timeline_picture_async(value)
    assert data == await pictures.timeline_picture_async(value)
    assert png_size(data) == (pictures.WIDTH, pictures.HEIGHT)


def test_links_only_between_events_both_in_the_picture() -> None:
    full = timeline(4, 4, links=2)
    assert pictures.links(full) == [("f0", "e3"), ("f1", "e2")]
    cut = Timeline(full.query, full.fam, full.expanse[:3])  # e3 left out
    assert pictures.links(cut) == [("f1", "e2")]


def test_labels_go_to_linked_events_first_then_spread_out() -> None:
    linked = [False] * 20
    linked[7] = linked[13] = True
    chosen = pictures.choose_labels(linked, limit=4)
    assert len(chosen) == 4 and {7, 13} <= set(chosen) and chosen == sorted(chosen)
    assert pictures.choose_labels([True] * 3, limit=6) == [0, 1, 2]
    assert pictures.choose_labels([], limit=6) == []
    assert len(pictures.choose_labels([True] * 50, limit=6)) == 6


def test_labels_never_overlap_and_stay_on_the_axis() -> None:
    placed = pictures.dodge([300, 300, 301, 302, 820, 825], 100, 214, 828)
    assert all(b - a >= 100 - 1e-9 for a, b in itertools.pairwise(placed))
    assert placed[0] - 50 >= 214 - 1e-9 and placed[-1] + 50 <= 828 + 1e-9


def test_text_is_cut_to_fit_with_an_ellipsis() -> None:
    face = pictures.font(pictures.LABEL_SIZE)
    long = "Soviet cosmonaut Alexei Leonov becomes the first human to set foot on the Moon"
    cut = pictures.fit(long, face, 300)
    assert cut.endswith("…") and pictures.text_width(cut, face) <= 300
    assert long.startswith(cut[:-1])
    assert pictures.fit("Short", face, 300) == "Short"
    lines = pictures.wrap(long, face, 300, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(pictures.text_width(line, face) <= 300 for line in lines)


def test_plain_drops_what_the_font_cannot_draw() -> None:
    assert pictures.plain("Amos 🚀\nBurton\u200b ✨") == "Amos Burton"
    assert pictures.plain("Ça va — 1969 → 2003") == "Ça va — 1969 → 2003"


def luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "colour",
    [
        pictures.TEXT,
        pictures.MUTED,
        pictures.FAM_COLOUR,
        pictures.EXPANSE_COLOUR,
        pictures.LINK_COLOUR,
    ],
)
def test_text_and_marks_read_on_the_card(colour: tuple[int, int, int]) -> None:
    assert contrast(colour, pictures.BACKGROUND) >= 4.5  # WCAG AA for normal text


def test_card_stands_out_on_both_discord_themes() -> None:
    light, dark = (255, 255, 255), (49, 51, 56)  # Discord's chat backgrounds
    assert contrast(pictures.BACKGROUND, light) >= 7
    assert contrast(pictures.BORDER, dark) >= 2  # the border outlines the card on dark
    assert contrast(pictures.BORDER, pictures.BACKGROUND) >= 2


def test_results_card_rows_fastest_and_limits() -> None:
    scores = [(f"player {i} 🚀", 30 - i) for i in range(14)]
    data = pictures.render_results_card(scores, ("player 0", 2.41), "Trivia night")
    assert png_size(data) == (pictures.CARD_WIDTH, pictures.results_height(10))
    assert len(data) < pictures.SOFT_LIMIT
    assert data == pictures.render_results_card(scores, ("player 0", 2.41), "Trivia night")


@pytest.mark.parametrize(
    ("scores", "fastest"),
    [([], None), ([("Amos", 0)], None), ([("x" * 500, 3)], ("x" * 500, 0.04))],
)
def test_results_card_edge_cases(
    scores: list[tuple[str, int]], fastest: tuple[str, float] | None
) -> None:
    data = pictures.render_results_card(scores, fastest, "")
    assert png_size(data) == (pictures.CARD_WIDTH, pictures.results_height(len(scores)))


def test_oversized_output_is_palette_encoded_then_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    noise = Image.frombytes("RGB", (300, 300), bytes((i * 7919) % 251 for i in range(270000)))
    monkeypatch.setattr(pictures, "SOFT_LIMIT", 1000)
    data = pictures.encode_png(noise)
    assert Image.open(io.BytesIO(data)).mode == "P"
    monkeypatch.setattr(pictures, "MAX_BYTES", 1000)
    with pytest.raises(pictures.PictureTooLarge):
        pictures.encode_png(noise)


def test_the_labels_fit_on_an_axis() -> None:
    assert pictures.MAX_LABELS * pictures.LABEL_HEIGHT <= pictures.AXIS_BOTTOM - pictures.AXIS_TOP
