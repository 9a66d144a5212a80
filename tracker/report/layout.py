"""Pages of an A4 document laid out from the top: wrapped text, images, boxes and rules, in inches.

`Layout` fills `Page`s: a block that does not fit the room left starts a new
page. Text is wrapped by measuring its words in the font the PDF draws it with
(DejaVu Sans, which has every Vietnamese letter), so that a line laid out here
is a line on the page. Nothing is drawn here: `tracker.report.pdf` draws the
pages. matplotlib and PIL are imported inside the functions that use them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

# A4 portrait, in inches.
PAGE_W, PAGE_H = 8.27, 11.69
MARGIN = 0.6
FOOT = 0.45  # room kept at the bottom for the footer
WIDTH = PAGE_W - 2 * MARGIN
FULL_PAGE = PAGE_H - 2 * MARGIN - FOOT  # the height an image may take on a page of its own
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese letter
INK = "#1a1a1a"
GREY = "#6b6b6b"
RULE = "#c8c8c8"


@dataclass
class Page:
    """What one PDF page shows, in inches from the page's top-left corner."""

    texts: list[tuple] = field(default_factory=list)  # x, y, text, size, bold, colour, ha
    images: list[tuple] = field(default_factory=list)  # x, y, width, height, path
    boxes: list[tuple] = field(default_factory=list)  # x, y, width, height, colour
    rules: list[tuple] = field(default_factory=list)  # x0, x1, y, colour


class Layout:
    """Pages filled from the top; a block that does not fit starts a new page."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = MARGIN

    def room(self) -> float:
        return PAGE_H - MARGIN - FOOT - self.y

    def need(self, height: float) -> None:
        if height > self.room() and self.y > MARGIN:
            self.new_page()

    def paragraph(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: str = INK,
        indent: float = 0.0,
        bullet: str = "",
        before: float = 0.0,
        after: float = 0.06,
        keep: float = 0.0,
    ) -> None:
        """Wrapped text; `keep` is room wanted below it on the same page (a heading's body)."""
        lines = wrap(text, WIDTH - indent, size, bold)
        step = line_height(size)
        self.need(before + step * len(lines) + keep if keep else before + step)
        if self.y > MARGIN:
            self.y += before
        for k, line in enumerate(lines):
            self.need(step)
            if k == 0 and bullet:
                self.page.texts.append((MARGIN + indent - 0.16, self.y, bullet, size, bold, colour))
            self.page.texts.append((MARGIN + indent, self.y, line, size, bold, colour))
            self.y += step
        self.y += after

    def image(self, path: Path, max_height: float) -> None:
        """The PNG at the text's width, or smaller to keep within `max_height`."""
        aspect = image_aspect(path)
        width = WIDTH
        height = width * aspect
        if height > max_height:
            height, width = max_height, max_height / aspect
        self.need(height)
        self.page.images.append((MARGIN + (WIDTH - width) / 2, self.y, width, height, path))
        self.y += height


def wrap(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy word wrap to `width` inches; a word longer than the line is left whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def line_height(size: float) -> float:
    """The height of a line of text at `size` points, in inches."""
    return size * 1.38 / 72


def image_aspect(path: Path) -> float:
    """An image's height over its width."""
    from PIL import Image

    with Image.open(path) as img:
        return img.height / img.width


@functools.cache
def _measure():
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    engine = TextToPath()
    regular = FontProperties(family=FONT, size=10)
    bold = FontProperties(family=FONT, size=10, weight="bold")

    @functools.cache
    def width(word: str, heavy: bool) -> float:
        """Width in inches at 10 pt."""
        prop = bold if heavy else regular
        return engine.get_text_width_height_descent(word, prop, ismath=False)[0] / 72

    return width


def _text_width(text: str, size: float, bold: bool) -> float:
    width = _measure()
    words = text.split(" ")
    total = sum(width(w, bold) for w in words) + width(" ", bold) * (len(words) - 1)
    return total * size / 10
