"""The summary's Markdown read back into blocks, once, for the PDF and the Word document.

`narrative.summary` writes a small Markdown: a title (`# `), group headings
(`## `), bullets (`- `) and paragraphs, groups parted by blank lines, workspace
text escaped with backslashes. `blocks` turns it into a list of `Block`s, each
holding the text as it shows (escapes removed), and a `GAP` at the end of each
group; the documents lay out the blocks and never read the Markdown themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Block", "Kind", "blocks", "plain", "title"]

# The escapes narrative.summary puts before workspace text's Markdown characters.
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>&|~$#+=.)-])")


class Kind(StrEnum):
    """What a block of the summary is."""

    TITLE = "title"  # `# `: the summary's first line
    HEADING = "heading"  # `## `: a group of indicators, or the closing
    BULLET = "bullet"  # `- `: an item of a list
    PARAGRAPH = "paragraph"
    GAP = "gap"  # a blank line: the end of a group


@dataclass(frozen=True)
class Block:
    """One line of the summary: its kind and its text as it shows."""

    kind: Kind
    text: str = ""


_MARKERS = (("# ", Kind.TITLE), ("## ", Kind.HEADING), ("- ", Kind.BULLET))


def blocks(markdown: str) -> list[Block]:
    """The summary's lines as blocks, in order, each group followed by a `GAP`; blank lines dropped."""
    out: list[Block] = []
    for group in markdown.strip().split("\n\n"):
        out += [block for block in map(_block, group.split("\n")) if block is not None]
        out.append(Block(Kind.GAP))
    return out


def _block(line: str) -> Block | None:
    for marker, kind in _MARKERS:
        if line.startswith(marker):
            return Block(kind, plain(line[len(marker) :]))
    return Block(Kind.PARAGRAPH, plain(line)) if line.strip() else None


def title(summary: list[Block]) -> str:
    """The text of the summary's title; "" if it has none."""
    return next((block.text.strip() for block in summary if block.kind is Kind.TITLE), "")


def plain(markdown: str) -> str:
    """Summary text as it shows: its backslash escapes removed."""
    return _ESCAPED.sub(r"\1", markdown)
