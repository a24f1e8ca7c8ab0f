"""Pictures: the timeline's two eras as one PNG, and a results card for trivia nights.

Plain Pillow drawing, no discord. A picture is made for Discord's chat preview (about
550 px wide, on a phone too): a fixed 1200 × 900 canvas drawn at twice that size and
scaled down (smooth links and text), large type, at most five labels per show, and an
opaque slate card whose text and colours read on Discord's dark and light themes alike.

Output is deterministic: the shipped DejaVu Sans font, Pillow's basic text layout (no
system shaping library), no timestamps in the PNG. The same inputs give the same bytes
on one machine; another FreeType or Pillow version may round glyph edges differently.

Rendering is CPU work (tens of milliseconds): callers on the event loop use
`timeline_picture_async`, which answers from an LRU cache keyed by a hash of the events
or renders in a worker thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.shows import EXPANSE, FAM, UNIVERSE_TITLES, UNIVERSES, is_spin_off
from bot.shows import title as show_title
from bot.shows import universe as universe_info
from bot.timeline import Timeline, TimelineEntry

RENDER_VERSION = 1  # part of the cache key: bump when the drawing changes
WIDTH, HEIGHT = 1200, 900  # the timeline picture, in pixels
CARD_WIDTH = 1200  # the results card; its height grows with the rows (at most 10)
SUPERSAMPLE = 2
MAX_BYTES = 8 * 1024 * 1024  # Discord's smallest attachment limit
SOFT_LIMIT = 2 * 1024 * 1024  # above this, the PNG is re-encoded with a 256-colour palette
MAX_LABELS = 5  # per show
MAX_RESULT_ROWS = 10
CACHE_SIZE = 32  # pictures; each is a few hundred KB at most

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR_FONT = FONT_DIR / "DejaVuSans.ttf"
BOLD_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"

Colour = tuple[int, int, int]
# An opaque mid-dark slate card: a clear dark panel on Discord's white light theme, and a
# bordered, slightly deeper panel on its #313338 dark theme. Text and marks clear WCAG's
# 4.5:1 against it (tests/unit/test_pictures.py checks).
BACKGROUND: Colour = (30, 34, 48)
BORDER: Colour = (96, 104, 132)
TEXT: Colour = (242, 243, 245)
MUTED: Colour = (178, 184, 198)
RULE: Colour = (62, 68, 90)
FAM_COLOUR: Colour = universe_info(FAM).picture_colour  # the bot's NASA red, lightened for slate
EXPANSE_COLOUR: Colour = universe_info(EXPANSE).picture_colour  # the bot's Belt blue, likewise
LINK_COLOUR: Colour = (242, 192, 84)  # parallels: gold, distinct from both shows
MEDALS: tuple[Colour, ...] = ((242, 192, 84), (200, 206, 218), (214, 150, 98))
SHOW_COLOURS = {u.code: u.picture_colour for u in UNIVERSES}

# Layout of the timeline picture (1× pixels)
MARGIN = 32
FAM_AXIS_X, EXPANSE_AXIS_X = 520, 680
AXIS_TOP, AXIS_BOTTOM = 214, 828
MARK_PAD = 18  # between the axis ends and the first/last event
LABEL_GAP = 30  # between an axis and its labels
LABEL_HEIGHT = 110  # three lines: when, then what in two
WHEN_SIZE, LABEL_SIZE = 24, 29


class PictureTooLarge(Exception):
    """The PNG would not fit Discord's attachment limit."""


# ---------------------------------------------------------------- fonts and text


_fonts = threading.local()  # FreeType faces are not shared across threads


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    cache: dict[tuple[int, bool], ImageFont.FreeTypeFont] | None = getattr(_fonts, "cache", None)
    if cache is None:
        cache = _fonts.cache = {}
    key = (size, bold)
    if key not in cache:
        cache[key] = ImageFont.truetype(
            str(BOLD_FONT if bold else REGULAR_FONT),
            size * SUPERSAMPLE,
            layout_engine=ImageFont.Layout.BASIC,
        )
    return cache[key]


def plain(text: str) -> str:
    """One line of printable text the shipped font can draw (no controls, no emoji)."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category.startswith(("C", "Z")):
            kept.append(" ")
        elif ord(char) <= 0xFFFF and not 0x2600 <= ord(char) <= 0x27BF and category != "Mn":
            kept.append(char)
    return " ".join("".join(kept).split())


def text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text) / SUPERSAMPLE


def fit(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """`text` cut to `width` pixels, at a word boundary where one is near, with an ellipsis."""
    text = plain(text)
    if text_width(text, face) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", face) <= width:
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space >= max(1, low // 2):
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, lines: int) -> list[str]:
    """Word-wrap `text` into at most `lines` lines of `width` pixels; the last is cut."""
    words = plain(text).split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", face) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = fit(f"{out[-1]} {' '.join(words)}", face, width)
    return [fit(line, face, width) for line in out]


class Canvas:
    """A supersampled drawing surface taking 1× coordinates."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(value: float) -> int:
        return round(value * SUPERSAMPLE)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        face: ImageFont.FreeTypeFont,
        fill: Colour,
        anchor: str = "la",
    ) -> None:
        self.draw.text((self._s(xy[0]), self._s(xy[1])), text, font=face, fill=fill, anchor=anchor)

    def line(self, points: Sequence[tuple[float, float]], fill: Colour, width: float) -> None:
        self.draw.line(
            [(self._s(x), self._s(y)) for x, y in points],
            fill=fill,
            width=max(1, self._s(width)),
            joint="curve",
        )

    def dot(self, x: float, y: float, radius: float, fill: Colour, ring: Colour | None) -> None:
        box = [self._s(x - radius), self._s(y - radius), self._s(x + radius), self._s(y + radius)]
        self.draw.ellipse(box, fill=fill, outline=ring, width=self._s(2) if ring else 0)

    def rect(
        self, box: tuple[float, float, float, float], fill: Colour | None, outline: Colour | None
    ) -> None:
        self.draw.rectangle([self._s(v) for v in box], fill=fill, outline=outline, width=self._s(3))

    def rounded(self, box: tuple[float, float, float, float], radius: float, fill: Colour) -> None:
        self.draw.rounded_rectangle([self._s(v) for v in box], radius=self._s(radius), fill=fill)

    def png(self) -> bytes:
        self.rect((1, 1, self.width - 2, self.height - 2), None, BORDER)
        image = self.image.reduce(SUPERSAMPLE)  # a box filter: fast, and smooth enough
        return encode_png(image)


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes, re-encoded with a palette above SOFT_LIMIT; refuses past MAX_BYTES."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    data = buffer.getvalue()
    if len(data) > SOFT_LIMIT:
        buffer = io.BytesIO()
        image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            buffer, "PNG", optimize=True
        )
        data = buffer.getvalue()
    if len(data) > MAX_BYTES:
        raise PictureTooLarge(f"the picture is {len(data)} bytes, over {MAX_BYTES}")
    return data


# ---------------------------------------------------------------- timeline layout


@dataclass(frozen=True, slots=True)
class Mark:
    """One event on an axis: where it sits, and its label if it has one."""

    key: str
    y: float
    when: str
    text: str
    linked: bool
    label_y: float | None = None


def fam_value(entry: TimelineEntry) -> float:
    """Fractional in-universe year: 1969-06-26 → 1969.48; undated events sort last."""
    fact = entry.fact
    if fact.year_from is None:
        return float("inf")
    year, month, day = [*fact.sort_date.split("-"), "0", "0"][:3]
    try:
        months = max(int(month) - 1, 0) + max(int(day) - 1, 0) / 31
        return int(year) + months / 12
    except ValueError:
        return float(fact.year_from)


def episode_value(entry: TimelineEntry) -> tuple[int, int]:
    episode = entry.fact.episode
    return (episode.season, episode.number) if episode else (99, 99)


def scale(values: Sequence[float], top: float, bottom: float) -> list[float]:
    """Map values linearly onto [top, bottom]; infinities go to the bottom."""
    finite = [v for v in values if v != float("inf")]
    if not finite:
        return [bottom for _ in values]
    low, high = min(finite), max(finite)
    if high - low < 1:
        low, high = low - 0.5, high + 0.5
    return [
        bottom if v == float("inf") else top + (v - low) / (high - low) * (bottom - top)
        for v in values
    ]


def fam_positions(entries: Sequence[TimelineEntry]) -> tuple[list[float], list[tuple[str, float]]]:
    """Each event's y on the year axis, and a few year ticks."""
    values = [fam_value(e) for e in entries]
    top, bottom = AXIS_TOP + MARK_PAD, AXIS_BOTTOM - MARK_PAD
    ys = scale(values, top, bottom)
    finite = [v for v in values if v != float("inf")]
    ticks: list[tuple[str, float]] = []
    if finite:
        first, last = int(min(finite)), int(max(finite))
        span = last - first
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 8), 200)
        years = sorted({first, *range((first // step + 1) * step, last, step), last})
        low, high = min(finite), max(finite)
        if high - low < 1:
            low, high = low - 0.5, high + 0.5
        for year in years:
            y = top + (year - low) / (high - low) * (bottom - top)
            if top - 1 <= y <= bottom + 1 and all(abs(y - t[1]) >= 28 for t in ticks):
                ticks.append((str(year), y))
    return ys, ticks


def expanse_positions(
    entries: Sequence[TimelineEntry],
) -> tuple[list[float], list[tuple[str, float]]]:
    """Each event's y in episode order (evenly spaced episodes), and a tick per season."""
    episodes = sorted({episode_value(e) for e in entries})
    index = {episode: i for i, episode in enumerate(episodes)}
    top, bottom = AXIS_TOP + MARK_PAD, AXIS_BOTTOM - MARK_PAD
    span = max(len(episodes) - 1, 1)
    if len(episodes) == 1:
        ys = [(top + bottom) / 2 for _ in entries]
    else:
        ys = [top + index[episode_value(e)] / span * (bottom - top) for e in entries]
    ticks: list[tuple[str, float]] = []
    seen: set[int] = set()
    for season, number in episodes:
        if season in seen or season == 99:
            continue
        seen.add(season)
        y = (
            (top + bottom) / 2
            if len(episodes) == 1
            else top + index[(season, number)] / span * (bottom - top)
        )
        if all(abs(y - t[1]) >= 28 for t in ticks):
            ticks.append((f"S{season}", y))
    return ys, ticks


def choose_labels(linked: Sequence[bool], limit: int = MAX_LABELS) -> list[int]:
    """Which events get a label: linked ones first, then evenly spread; in axis order."""

    def spread(indices: list[int], count: int) -> list[int]:
        if count <= 0 or not indices:
            return []
        if len(indices) <= count:
            return list(indices)
        if count == 1:
            return [indices[len(indices) // 2]]
        step = (len(indices) - 1) / (count - 1)
        return sorted({indices[round(i * step)] for i in range(count)})

    with_link = [i for i, flag in enumerate(linked) if flag]
    chosen = spread(with_link, limit)
    rest = [i for i in range(len(linked)) if i not in set(chosen)]
    chosen += spread(rest, limit - len(chosen))
    return sorted(chosen)


def dodge(ideal: Sequence[float], height: float, top: float, bottom: float) -> list[float]:
    """Label centres as near their marks as possible, `height` apart, inside [top, bottom]."""
    placed: list[float] = []
    for y in ideal:
        low = placed[-1] + height if placed else top + height / 2
        placed.append(max(y, low))
    limit = bottom - height / 2
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = min(placed[i], limit)
        limit = placed[i] - height
    return placed


def when_label(entry: TimelineEntry) -> str:
    fact = entry.fact
    when = fact.when_label or (fact.episode.code if fact.episode else "")
    if is_spin_off(fact.show):
        spin_off = show_title(fact.show)
        when = f"{spin_off} · {when}" if when else spin_off
    return when


def layout(
    entries: Sequence[TimelineEntry],
    ys: Sequence[float],
    linked_keys: set[str],
) -> list[Mark]:
    linked = [e.fact.key in linked_keys for e in entries]
    labelled = choose_labels(linked)
    label_ys = dodge([ys[i] for i in labelled], LABEL_HEIGHT, AXIS_TOP, AXIS_BOTTOM)
    where = dict(zip(labelled, label_ys, strict=True))
    return [
        Mark(e.fact.key, ys[i], when_label(e), e.fact.text, linked[i], label_y=where.get(i))
        for i, e in enumerate(entries)
    ]


def links(timeline: Timeline) -> list[tuple[str, str]]:
    """(fam key, expanse key) of each parallel whose two events are both in the picture."""
    expanse_keys = {e.fact.key for e in timeline.expanse}
    found: dict[str, tuple[str, str]] = {}
    for entry in timeline.fam:
        for parallel in entry.parallels:
            if parallel.fam.key == entry.fact.key and parallel.expanse.key in expanse_keys:
                found.setdefault(parallel.key, (parallel.fam.key, parallel.expanse.key))
    return [found[key] for key in sorted(found)]


def bezier(start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
    (x0, y0), (x3, y3) = start, end
    x1, x2 = x0 + (x3 - x0) * 0.45, x3 - (x3 - x0) * 0.45
    points = []
    for step in range(25):
        t = step / 24
        u = 1 - t
        x = u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3
        y = u**3 * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y3 + t**3 * y3
        points.append((x, y))
    return points


def range_caption(universe: str, entries: Sequence[TimelineEntry]) -> str:
    if not entries:
        return ""
    if universe == FAM:
        years = [e.fact.year_from for e in entries if e.fact.year_from is not None]
        ends = [e.fact.year_to or e.fact.year_from for e in entries if e.fact.year_from]
        if not years:
            return "undated"
        low, high = min(years), max(y for y in ends if y is not None)
        return str(low) if low == high else f"{low} → {high}"
    episodes = [e.fact.episode.code for e in entries if e.fact.episode]
    if not episodes:
        return "episode order"
    first = min(episode_value(e) for e in entries if e.fact.episode)
    last = max(episode_value(e) for e in entries if e.fact.episode)
    start, end = f"S{first[0]}E{first[1]}", f"S{last[0]}E{last[1]}"
    return start if start == end else f"{start} → {end}"


def title_of(timeline: Timeline) -> str:
    return f"Timeline: {timeline.query.describe()}"


# ---------------------------------------------------------------- timeline drawing


def render_timeline(timeline: Timeline) -> bytes:
    """The timeline as a PNG: two axes side by side, labelled marks, parallels as links."""
    canvas = Canvas(WIDTH, HEIGHT)
    paired = links(timeline)
    fam_ys, fam_ticks = fam_positions(timeline.fam)
    exp_ys, exp_ticks = expanse_positions(timeline.expanse)
    linked_fam = {fam for fam, _ in paired}
    linked_exp = {exp for _, exp in paired}
    fam_marks = layout(timeline.fam, fam_ys, linked_fam)
    exp_marks = layout(timeline.expanse, exp_ys, linked_exp)

    title = font(40, bold=True)
    canvas.text((MARGIN, 26), fit(title_of(timeline), title, WIDTH - 2 * MARGIN), title, TEXT)
    total = len(timeline.fam) + len(timeline.expanse)
    summary = f"{total} event{'s' * (total != 1)}"
    if paired:
        summary += f" · {len(paired)} parallel{'s' * (len(paired) != 1)} linked in gold"
    canvas.text((MARGIN, 80), summary, font(26), MUTED)

    # column headers
    header, caption = font(30, bold=True), font(24)
    for universe, axis_x, anchor, entries in (
        (FAM, FAM_AXIS_X, "r", timeline.fam),
        (EXPANSE, EXPANSE_AXIS_X, "l", timeline.expanse),
    ):
        colour = SHOW_COLOURS[universe]
        canvas.text((axis_x, 130), UNIVERSE_TITLES[universe], header, colour, anchor + "a")
        sub = range_caption(universe, entries) or "—"
        canvas.text((axis_x, 170), sub, caption, MUTED, anchor + "a")

    # links under everything else
    fam_y = {m.key: m.y for m in fam_marks}
    exp_y = {m.key: m.y for m in exp_marks}
    for fam_key, exp_key in paired:
        canvas.line(
            bezier((FAM_AXIS_X, fam_y[fam_key]), (EXPANSE_AXIS_X, exp_y[exp_key])),
            LINK_COLOUR,
            3,
        )

    tick_face = font(20)
    for universe, axis_x, marks, ticks in (
        (FAM, FAM_AXIS_X, fam_marks, fam_ticks),
        (EXPANSE, EXPANSE_AXIS_X, exp_marks, exp_ticks),
    ):
        colour = SHOW_COLOURS[universe]
        entries = timeline.fam if universe == FAM else timeline.expanse
        canvas.line([(axis_x, AXIS_TOP), (axis_x, AXIS_BOTTOM)], colour if entries else RULE, 4)
        inner = 1 if universe == FAM else -1  # ticks face the middle
        for label, y in ticks:
            canvas.line([(axis_x, y), (axis_x + inner * 10, y)], MUTED, 2)
            canvas.text(
                (axis_x + inner * 14, y), label, tick_face, MUTED, "lm" if inner > 0 else "rm"
            )
        if not entries:
            draw_empty_column(canvas, timeline, universe, axis_x)
            continue
        for mark in marks:
            if mark.label_y is None:
                canvas.dot(axis_x, mark.y, 5, colour, None)
        for mark in marks:
            if mark.label_y is not None:
                draw_label(canvas, mark, axis_x, colour, outward=-inner)

    foot = font(22)
    labelled = sum(m.label_y is not None for m in fam_marks + exp_marks)
    note = f"Labels on {labelled} of {total}" if labelled < total else "Every event labelled"
    canvas.text((MARGIN, HEIGHT - 28), note, foot, MUTED, "ls")
    canvas.text((WIDTH - MARGIN, HEIGHT - 28), "Parallax", foot, MUTED, "rs")
    return canvas.png()


def draw_label(canvas: Canvas, mark: Mark, axis_x: float, colour: Colour, outward: int) -> None:
    assert mark.label_y is not None
    edge = axis_x + outward * LABEL_GAP
    width = (axis_x - LABEL_GAP - MARGIN) if outward < 0 else (WIDTH - MARGIN - edge)
    canvas.line(
        [(axis_x, mark.y), (axis_x + outward * 14, mark.y), (edge - outward * 4, mark.label_y)],
        MUTED,
        2,
    )
    canvas.dot(axis_x, mark.y, 8, colour, TEXT)
    anchor = "r" if outward < 0 else "l"
    when_face, text_face = font(WHEN_SIZE, bold=True), font(LABEL_SIZE)
    top = mark.label_y - LABEL_HEIGHT / 2 + 5
    if mark.when:
        canvas.text((edge, top), fit(mark.when, when_face, width), when_face, colour, anchor + "a")
    for i, line in enumerate(wrap(mark.text, text_face, width, 2)):
        canvas.text((edge, top + 31 + i * 35), line, text_face, TEXT, anchor + "a")


def draw_empty_column(canvas: Canvas, timeline: Timeline, universe: str, axis_x: float) -> None:
    if timeline.query.universe not in (None, universe):
        message = "Not asked for."
    else:
        message = timeline.notes.get(universe) or "No matching events."
    face = font(24)
    width = (
        (axis_x - LABEL_GAP - MARGIN) if universe == FAM else (WIDTH - MARGIN - axis_x - LABEL_GAP)
    )
    x = axis_x - LABEL_GAP if universe == FAM else axis_x + LABEL_GAP
    anchor = "ra" if universe == FAM else "la"
    for i, line in enumerate(wrap(message, face, width, 6)):
        canvas.text((x, AXIS_TOP + 20 + i * 34), line, face, MUTED, anchor)


# ---------------------------------------------------------------- cache


def timeline_key(timeline: Timeline) -> str:
    """A hash of everything the picture shows; equal keys give equal pictures."""
    digest = hashlib.sha256(f"v{RENDER_VERSION}|{title_of(timeline)}|".encode())
    digest.update(repr((timeline.query.show, sorted(timeline.notes.items()))).encode())
    for universe, entries in ((FAM, timeline.fam), (EXPANSE, timeline.expanse)):
        for entry in entries:
            fact = entry.fact
            episode = fact.episode.code if fact.episode else ""
            parallels = sorted((p.key, p.fam.key, p.expanse.key) for p in entry.parallels)
            fields = (universe, fact.key, fact.show, fact.text, fact.when_text, fact.year_from)
            more = (fact.year_to, fact.sort_date, episode, tuple(parallels))
            digest.update(repr(fields + more).encode())
            digest.update(b"\x00")
    return digest.hexdigest()


class PictureCache:
    """A small thread-safe LRU of PNG bytes keyed by input hash."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            data = self._items.get(key)
            if data is None:
                self.misses += 1
                return None
            self.hits += 1
            self._items.move_to_end(key)
            return data

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            self._items[key] = data
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


cache = PictureCache()


def timeline_picture(timeline: Timeline) -> bytes:
    """The cached PNG for `timeline`, rendered on a miss (blocking: call off the loop)."""
    key = timeline_key(timeline)
    data = cache.get(key)
    if data is None:
        data = render_timeline(timeline)
        cache.put(key, data)
    return data


async def timeline_picture_async(timeline: Timeline) -> bytes:
    """The PNG for `timeline` without blocking the event loop: cached, else a worker thread."""
    data = cache.get(timeline_key(timeline))
    if data is not None:
        return data
    return await asyncio.to_thread(timeline_picture, timeline)


# ---------------------------------------------------------------- trivia results card


def results_height(rows: int) -> int:
    return 196 + max(rows, 1) * 64 + 64


def render_results_card(
    scores: list[tuple[str, int]], fastest: tuple[str, float] | None, title: str
) -> bytes:
    """A leaderboard PNG: `scores` as (name, points), best first as given, top 10 shown;
    `fastest` as (name, seconds) or None. Blocking: call it with asyncio.to_thread."""
    rows = scores[:MAX_RESULT_ROWS]
    height = results_height(len(rows))
    canvas = Canvas(CARD_WIDTH, height)
    heading = font(40, bold=True)
    canvas.text(
        (MARGIN, 26), fit(title or "Results", heading, CARD_WIDTH - 2 * MARGIN), heading, TEXT
    )
    sub = font(26)
    if fastest is not None:
        name, seconds = fastest
        line = f"Fastest answer: {plain(name) or 'someone'} · {seconds:.1f} s"
    else:
        line = "No correct answers this time." if not any(p > 0 for _, p in rows) else ""
    if line:
        canvas.text((MARGIN, 80), fit(line, sub, CARD_WIDTH - 2 * MARGIN), sub, MUTED)
    canvas.line([(MARGIN, 140), (CARD_WIDTH - MARGIN, 140)], RULE, 2)
    if not rows:
        canvas.text((MARGIN, 170), "No one played.", font(30), TEXT)
    best = max((p for _, p in rows), default=0)
    name_face, score_face, rank_face = font(30), font(30, bold=True), font(24, bold=True)
    bar_left, bar_right = 560, CARD_WIDTH - MARGIN - 110
    for index, (name, points) in enumerate(rows):
        y = 176 + index * 64 + 26
        medal = MEDALS[index] if index < len(MEDALS) else RULE
        canvas.dot(MARGIN + 22, y, 22, medal, None)
        canvas.text(
            (MARGIN + 22, y), str(index + 1), rank_face, BACKGROUND if index < 3 else TEXT, "mm"
        )
        canvas.text(
            (MARGIN + 64, y),
            fit(name or "someone", name_face, bar_left - MARGIN - 84),
            name_face,
            TEXT,
            "lm",
        )
        if best > 0 and points > 0:
            length = (bar_right - bar_left) * points / best
            canvas.rounded(
                (bar_left, y - 14, bar_left + max(length, 28), y + 14), 14, EXPANSE_COLOUR
            )
        canvas.text((CARD_WIDTH - MARGIN, y), f"{points}", score_face, TEXT, "rm")
    if len(scores) > len(rows):
        more = len(scores) - len(rows)
        canvas.text((MARGIN, height - 28), f"and {more} more", font(22), MUTED, "ls")
    canvas.text((CARD_WIDTH - MARGIN, height - 28), "Parallax", font(22), MUTED, "rs")
    return canvas.png()
