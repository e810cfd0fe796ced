"""The one block model every reader produces and every parser consumes.

A document is a flat sequence of blocks in reading order. Tables keep their
cells, and a cell keeps its own paragraphs/items, so the two columns of a
strengths/improvements table can never interleave. Every block and row carries
the 1-based page it was read from (None for inputs without pages).

Nothing here knows about Kommunkompassen.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "table"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    # Text lines as laid out (wrapped lines kept apart, so parsers can see
    # line structure such as a heading word that starts a line); `text` joins them.
    lines: tuple[str, ...] = ()
    page: int | None = None
    level: int = 0  # heading level when known (1 = top), 0 = unknown
    rows: tuple["Row", ...] = ()  # tables only

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass(frozen=True)
class Cell:
    # The paragraphs and list items inside one table cell, in order.
    blocks: tuple[Block, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.blocks if b.text).strip()

    @property
    def page(self) -> int | None:
        return next((b.page for b in self.blocks if b.page is not None), None)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    page: int | None = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Document:
    source: str
    format: Literal["pdf", "docx", "text"]
    extraction: Literal["pdf-text", "ocr", "docx", "text"]
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None
    title: str | None = None  # document metadata title, when the format has one
    # Last-modified (else created) date from the file's own metadata, ISO 8601;
    # used to prefer the later version when one evaluation arrives twice.
    date: str | None = None
    # Where a reader found trouble it could work around (e.g. an OCR'd page).
    notes: list[str] = field(default_factory=list)


# Words after which a line-final hyphen is a real "X- och Y" hyphen, not a break.
_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "till", "som", "med", "/"}


# Typographic ligature characters (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) some exports keep are letters, not
# spelling; soft hyphens and zero-width spaces are invisible line-break hints.
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
_LIGATURES.update({0x00AD: None, 0x200B: None, 0xFEFF: None})


def join_lines(lines) -> str:
    """Join wrapped lines into one string, whitespace collapsed. A line break
    that falls inside a word leaves no space: after a hyphen ("Brandför-" +
    "svar"; "2014-" + "2020"), a dash between digits ("2018–" + "2022") or a
    slash ("resultat/" + "mål") — unless the source had a space there or the
    next word is a conjunction ("planerings-" + "och")."""
    out = ""
    prev_raw = ""
    for raw in lines:
        line = " ".join(raw.translate(_LIGATURES).split())
        if not line:
            continue
        if not out:
            out = line
        elif _glued(out, prev_raw, line):
            out += line
        else:
            out += " " + line
        prev_raw = raw
    return out


def _glued(out: str, prev_raw: str, line: str) -> bool:
    if prev_raw.endswith((" ", "\t")) or not line[:1].isalnum():
        return False
    last, before = out[-1], out[-2:-1]
    if last == "-":
        return (before.isalnum() or before == "/") and line.split(" ", 1)[0].lower() not in _CONJUNCTIONS
    if last == "–":
        return before.isdigit() and line[:1].isdigit()
    if last == "/":
        return bool(before) and not before.isspace()
    return False


def paragraph(text_or_lines, page=None) -> Block:
    lines = (text_or_lines,) if isinstance(text_or_lines, str) else tuple(text_or_lines)
    return Block("paragraph", lines, page)


def item(text_or_lines, page=None) -> Block:
    lines = (text_or_lines,) if isinstance(text_or_lines, str) else tuple(text_or_lines)
    return Block("item", lines, page)


def heading(text, level=0, page=None) -> Block:
    return Block("heading", (text,), page, level)


def table(rows, page=None) -> Block:
    return Block("table", (), page, 0, tuple(rows))
