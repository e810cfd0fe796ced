"""The one block model every reader produces and every parser consumes.

A document is a flat sequence of blocks in reading order. Tables keep their
cells, and a cell keeps its own paragraphs/items, so the two columns of a
strengths/improvements table can never interleave. Every block and row carries
the 1-based page it was read from (None for inputs without pages).

Nothing here knows about Kommunkompassen.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

# Joining wrapped lines is the typography's rule; parsers import it from here.
from .typography import join_lines  # noqa: F401  (re-exported)

BlockKind = Literal["heading", "paragraph", "item", "table"]


class _once:
    """A property of a frozen record, computed on first use and kept in the
    instance (functools.cached_property without its lock, which Python 3.11
    takes on every first use: a tenth of what the parsers spend on texts)."""

    def __init__(self, fn):
        self.fn, self.name = fn, fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    # Text lines as laid out (wrapped lines kept apart, so parsers can see
    # line structure such as a heading word that starts a line); `text` joins them.
    lines: tuple[str, ...] = ()
    page: int | None = None
    level: int = 0  # heading level when known (1 = top), 0 = unknown
    rows: tuple["Row", ...] = ()  # tables only
    # OCR'd text: the engine's mean word confidence, 0-1 (None: a text layer).
    confidence: float | None = None
    # Where this block begins was a guess of the reader (no bullet, cell or
    # clear gap marked it), so it may belong to the block before it.
    inferred: bool = False

    # Blocks are frozen, so their joined text is computed once (parsers ask
    # for it many times: a third of the joins a file took).
    @_once
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass(frozen=True)
class Cell:
    # The paragraphs and list items inside one table cell, in order.
    blocks: tuple[Block, ...] = ()

    @_once
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
    # The text of each page came as one run of words (a web transcript): where
    # a line, a list item or a table cell ended is not in the blocks.
    flattened: bool = False
    # The number a page prints (page -> as printed), where a reader knows it
    # but could not take it out of the page's text.
    page_numbers: dict[int, str] = field(default_factory=dict)


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


def renumber_pages(blocks: list[Block], number: dict[int, int]) -> list[Block]:
    """The blocks with every page number p (of blocks, rows and the blocks in
    their cells) replaced by number[p]: a reader that numbered the parts it
    read (the halves of a two-page sheet) gives back the file's own pages."""
    def block(b: Block) -> Block:
        rows = tuple(replace(r, page=number.get(r.page, r.page),
                             cells=tuple(Cell(tuple(block(x) for x in c.blocks)) for c in r.cells)) for r in b.rows)
        return replace(b, page=number.get(b.page, b.page), rows=rows)
    return [block(b) for b in blocks]
