"""The records the PDF reader works with: pieces, visual lines, tables.

A *piece* is a span of PyMuPDF's `get_text("dict")` (or the part of one that
falls into one table cell): text of one style on one baseline, with its box.
A *line* is a visual line: the pieces on one baseline, left to right. Lines
are grouped by baseline, not by PyMuPDF's own lines: text of two columns
whose baselines are half a line apart makes two lines, not one.

Building a line also reads its list mark: a leading bullet glyph is not text
(it is stripped; `bx0` is where it stood and `tx0` where the text starts, so
continuation lines indented to the text can join the item), a dash is a
bullet only with a gap after it, and a list number ("1.", "b)") in a piece of
its own, apart from the text, makes the line `numbered` (the number stays).
The line's size is the size most of its characters have (in half points),
it is bold when all of them are.

A table (ruled or not) is rows of cells of lines; each row keeps its page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..typography import DASH_BULLETS, LIST_NUMBER, is_bullet_glyph
from .settings import PdfSettings


@dataclass(slots=True)
class Piece:
    """A span (or part of one) with uniform style on one baseline."""
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    ref: tuple[int, int, int] | None = None  # (block, line, span) index into the page dict
    conf: float | None = None  # OCR'd: Tesseract's word confidence, 0-1 (None: a text layer)


class Segment(NamedTuple):
    """A line's pieces between two column-sized gaps (extract.pdf.columns)."""
    x0: float
    x1: float
    pieces: list[Piece]


@dataclass(slots=True)
class Line:
    """A visual line: pieces on one baseline, left to right."""
    pieces: list[Piece]
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # in half points
    bold: bool
    text: str
    bullet: bool = False  # it started with a bullet glyph (stripped)
    numbered: bool = False  # it starts with a list number standing apart
    bx0: float = 0.0  # where the bullet glyph (or the line) starts
    tx0: float = 0.0  # where the text (after a bullet) starts
    segments: list[Segment] | None = None  # cache of columns.line_segments
    conf: float | None = None  # OCR'd: its words' mean confidence, 0-1 (None: a text layer)


@dataclass(slots=True)
class TableRow:
    """One row of a table: each cell's lines (top to bottom)."""
    page: int
    cells: list[list[Line]]
    bold: bool  # a header-styled row: most of its text is bold


@dataclass(slots=True)
class Table:
    """A table found on one page (and the rows of its continuations, once
    joined across page breaks)."""
    rows: list[TableRow]
    cols: list  # ruled: column line positions; unruled: [start, end] per column
    y0: float
    y1: float
    page: int
    ruled: bool
    flow: bool = False  # unruled, of free-flowing paragraphs per column (one body row)
    header: bool = False  # (flow) its first row is a header row


def make_line(pieces: list[Piece], page: int, s: PdfSettings, tabs: bool = False) -> Line:
    """The line of these pieces (sorted left to right in place). `tabs`: a
    gutter-wide gap between pieces is written as "\\t"."""
    if len(pieces) == 1:
        return _one_piece_line(pieces, page, s)
    pieces.sort(key=lambda p: p.x0)
    p = pieces[0]
    x0, y0, x1, y1 = p.x0, p.y0, p.x1, p.y1
    for p in pieces:
        if p.x1 > x1:
            x1 = p.x1
        if p.y0 < y0:
            y0 = p.y0
        if p.y1 > y1:
            y1 = p.y1
    step = s.size_step
    weights = {}
    nbold = nall = 0
    for p in pieces:
        n = len(p.text.strip())
        k = round(p.size / step) * step
        weights[k] = weights.get(k, 0) + n
        nall += n
        if p.bold:
            nbold += n
    size = max(weights, key=weights.get)
    bold = nall > 0 and nbold == nall
    conf = mean_conf(pieces)
    pieces, bullet, numbered, bx0, tx0 = _list_mark(pieces, x0, s)
    text = join_pieces(pieces, size, s, s.gutter(size) if tabs else None)
    return Line(pieces, page, x0, y0, x1, y1, size, bold, text, bullet, numbered, bx0, tx0, conf=conf)


def _one_piece_line(pieces: list[Piece], page: int, s: PdfSettings) -> Line:
    """make_line for a line of one piece (nine lines in ten): the same line,
    without the sorting, weighing and joining that several pieces need."""
    p = pieces[0]
    step = s.size_step
    size = round(p.size / step) * step
    conf = None if p.conf is None else mean_conf(pieces)
    x0 = p.x0
    pieces, bullet, numbered, bx0, tx0 = _list_mark(pieces, x0, s)
    return Line(pieces, page, x0, p.y0, p.x1, p.y1, size, p.bold, pieces[0].text.lstrip(), bullet, numbered,
                bx0, tx0, conf=conf)


def mean_conf(items) -> float | None:
    """The mean OCR confidence of pieces or lines, weighted by their characters
    (None when none was OCR'd)."""
    n = tot = 0.0
    for it in items:
        c = it.conf
        if c is not None:
            k = max(1, len(it.text.strip()))
            n += k
            tot += k * c
    return round(tot / n, 3) if n else None


def _next_text_piece(pieces):
    return next((p for p in pieces[1:] if p.text.strip()), None)


def _list_mark(pieces, x0, s: PdfSettings):
    """Read a leading bullet or list number: (pieces, bullet, numbered, bx0,
    tx0); a bullet glyph is cut from the pieces."""
    first = pieces[0]
    st = first.text.lstrip()
    if not st:
        return pieces, False, False, x0, x0
    ch = st[0]
    if ch.isalpha() and len(pieces) == 1:
        return pieces, False, False, x0, x0  # plain text (a list number needs a piece of its own)
    rest = st[1:]
    if is_bullet_glyph(ch):
        is_b = not rest or rest[0].isspace()
    elif ch in DASH_BULLETS:
        # a dash is a bullet only when a tab-like gap follows it (a dash
        # followed by one space is often a wrapped "A – B")
        if rest:
            is_b = rest.startswith(("\t", "  ")) and rest.strip() != ""
        else:
            nxt = _next_text_piece(pieces)
            is_b = nxt is not None and nxt.x0 - first.x1 >= s.bullet_gap * first.size
    else:
        # a list number ("1.", "b)") standing apart from the text after it
        if LIST_NUMBER.match(st.rstrip()) and len(pieces) > 1:
            nxt = _next_text_piece(pieces)
            if nxt is not None and nxt.x0 - first.x1 >= s.bullet_gap * first.size:
                return pieces, False, True, first.x0, nxt.x0
        return pieces, False, False, x0, x0
    if not is_b:
        return pieces, False, False, x0, x0
    lead = len(first.text) - len(st)
    body = rest.lstrip()
    if body:
        # estimate where the text starts inside the span
        k = lead + 1 + (len(rest) - len(body))
        w = (first.x1 - first.x0) / max(1, len(first.text))
        tx0 = first.x0 + w * k
        pieces = [Piece(body, tx0, first.y0, first.x1, first.y1, first.size, first.bold, None)] + pieces[1:]
    else:
        pieces = pieces[1:]
        while pieces and not pieces[0].text.strip():
            pieces = pieces[1:]
        if not pieces:  # a bullet with no text
            pieces = [Piece("", first.x1, first.y0, first.x1, first.y1, first.size, first.bold, None)]
    pieces[0].text = pieces[0].text.lstrip()
    return pieces, True, False, first.x0, pieces[0].x0


def join_pieces(pieces: list[Piece], size: float, s: PdfSettings, tab_gap: float | None = None) -> str:
    """The text of pieces left to right: a space where they stand a word space
    apart (and have none), "\\t" for a gap of `tab_gap` or more."""
    parts = []
    prev = None
    space = s.word_space * size
    for p in pieces:
        t = p.text
        if prev is not None:
            gap = p.x0 - prev.x1
            last = parts[-1] if parts else ""
            if tab_gap is not None and gap >= tab_gap:
                parts.append("\t")
                if parts and len(parts) >= 2:
                    parts[-2] = parts[-2].rstrip()
                t = t.lstrip()
            elif gap > space and not last.endswith((" ", "\t")) and not t.startswith(" "):
                parts.append(" ")
        parts.append(t)
        prev = p
    return "".join(parts).lstrip()


def group_lines(pieces: list[Piece], page: int, s: PdfSettings, tabs: bool = False,
                strict: bool = True) -> list[Line]:
    """Group pieces into visual lines (vertical overlap), top to bottom.

    A piece of about the size of the line's first piece joins the line only
    if it shares most of that piece's height (same baseline): the lines of two
    text columns whose baselines are offset by half a line overlap too, and
    would otherwise chain into one line. Pieces of another size (superscripts)
    join on half their height, as do all pieces when not `strict` (OCR)."""
    if not pieces:
        return []
    pieces = sorted(pieces, key=lambda p: (p.y0 + p.y1) / 2)
    size_share, strict_ov, loose_ov = s.line_size_share, s.line_overlap_strict, s.line_overlap_loose
    lines = []
    a = pieces[0]
    cur = [a]
    cy0, cy1 = a.y0, a.y1
    # (min and max written out: this runs for every piece of every page)
    for p in pieces[1:]:
        py0, py1 = p.y0, p.y1
        if strict and abs(p.size - a.size) <= size_share * (p.size if p.size > a.size else a.size):
            ov = (a.y1 if a.y1 < py1 else py1) - (a.y0 if a.y0 > py0 else py0)
            h, ha = py1 - py0, a.y1 - a.y0
            same = ov >= strict_ov * (h if h < ha else ha)
        else:
            ov = (cy1 if cy1 < py1 else py1) - (cy0 if cy0 > py0 else py0)
            h, hc = py1 - py0, cy1 - cy0
            same = ov >= loose_ov * (h if h < hc else hc)
        if same:
            cur.append(p)
            if py0 < cy0:
                cy0 = py0
            if py1 > cy1:
                cy1 = py1
        else:
            lines.append(make_line(cur, page, s, tabs))
            a = p
            cur = [p]
            cy0, cy1 = p.y0, p.y1
    lines.append(make_line(cur, page, s, tabs))
    lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return lines


def first_text(lines: list[Line]) -> Line | None:
    """The first line with text."""
    for ln in lines:
        if ln.text.strip():
            return ln
    return None


def starts_lower(ln: Line | None) -> bool:
    """Does the line's text start in lower case (before any digit)? Never for
    an item (it starts a list entry)."""
    if ln is None or ln.bullet:
        return False
    for ch in ln.text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def hanging(bx0: float, tx0: float, s: PdfSettings) -> bool:
    """Does an item's text stand apart from its glyph (a hanging indent)?"""
    return tx0 - bx0 > s.hanging_indent


def past_indent(x0: float, bx0: float, tx0: float, s: PdfSettings) -> bool:
    """Does a line starting at x0 start past the middle of an item's indent
    (between its glyph at bx0 and its text at tx0)?"""
    return x0 > bx0 + s.indent_share * (tx0 - bx0)
