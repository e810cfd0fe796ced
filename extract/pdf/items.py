"""Where one item of a table cell ends and the next begins, learned from the
document's own spacing instead of a fixed threshold.

Every column of a table (its cells over all rows and pages) is measured once:

* its *gaps*, between consecutive lines of one cell on one page. Where items
  are set apart by paragraph spacing, the gaps fall into two groups -- wrap
  gaps inside an item and item gaps between items -- with a clear jump
  between them (`two_groups`: 12.4 pt line pitch inside an item and 14.4 pt
  between items is such a jump; so is 13.5 against 17.4). A column whose
  gaps form one group (items of one line each, or items set without any
  spacing) borrows the groups other columns of the document show at that
  font size, if its gaps are clearly of their item group (`ColumnModel`).
* its *right edge*: a line that stops short although the next line's first
  word would have fitted was ended on purpose (a hard break), not wrapped.

Each join of two lines of one cell is then decided with every signal:

    bullet glyph or list number on the next line .... new item      certain
    (readers cut these before asking; see blocks.segment)
    a gap of the item group ......................... new item      certain
    a gap of the wrap group ......................... continuation  certain
    no gap to go by (one group, or a page break between the lines):
      next line starts in lower case ................ continuation  (a guess if the line stopped short)
      line stopped short, next starts with a capital  new item      (a guess)
      line was full, next starts with a capital ..... continuation  (a guess)

A guess marks the blocks on both sides of the join `inferred`
(extract.model.Block). Across a page break inside a column whose items are
set apart by spacing, "stopped short + capital" is certain when the column's
own wrap joins never show that pattern (the document does not break lines
inside its items), and a lower-case start after a full line is certain.

OCR'd pages give no gaps (their geometry is too ragged); their cells keep
the reader's fixed rule and are never marked here.

Nothing here knows what the document is about.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from statistics import median
from typing import NamedTuple

from ..typography import DASH_BULLETS, guess_new_item, open_line_end
from .primitives import Line, Piece, starts_lower
from .settings import PdfSettings


@dataclass(frozen=True, slots=True)
class Groups:
    """Two groups of gaps: wraps up to `wrap_hi`, items from `item_lo` on."""
    wrap_hi: float
    item_lo: float

    @property
    def threshold(self) -> float:
        return (self.wrap_hi + self.item_lo) / 2


def two_groups(gaps: list[float], size: float, s: PdfSettings) -> Groups | None:
    """The smallest gaps (the wraps) apart from the others: the first jump
    between sorted gaps, from the smallest, that is clear -- at least
    `item_gap_jump` em and `item_gap_spread` times the spread of the gaps
    below it. Everything above is an item gap (a double gap where a row of
    the other column was empty included). None if there is no such jump."""
    if len(gaps) < 2:
        return None
    g = sorted(gaps)
    for k in range(len(g) - 1):
        jump = g[k + 1] - g[k]
        if jump >= s.item_gap_jump * size and jump >= s.item_gap_spread * (g[k] - g[0]):
            return Groups(g[k], g[k + 1])
    return None


def joins_of(cells: list[list[Line]], ocr_pages, s: PdfSettings) -> list[tuple[float, Line, Line]]:
    """(gap, line, next line) for consecutive lines of one run of lines, on
    one page that was not OCR'd, of one size (a line of other print has
    another height)."""
    out = []
    for lines in cells:
        for a, b in zip(lines, lines[1:]):
            if a.page == b.page and a.page not in ocr_pages and b.y0 > a.y0 and abs(a.size - b.size) < s.same_size \
                    and not b.bullet and not b.numbered:
                out.append((gap(a, b), a, b))
    return out


def gap(a: Line, b: Line) -> float:
    """The vertical gap between two lines' text (a bullet glyph cut from a
    line may have stood taller than its text, in another font)."""
    ap, bp = a.pieces, b.pieces
    top = bp[0].y0 if len(bp) == 1 else min(p.y0 for p in bp)  # (one piece: nine lines in ten)
    return top - (ap[0].y1 if len(ap) == 1 else max(p.y1 for p in ap))


def _groups(joins, size: float, right: float, s: PdfSettings) -> Groups | None:
    """Two groups of the joins' gaps, if the smaller group shows wrapping: at
    least one of its lines was full (the next line's first word would not
    have fitted) or went on in lower case. (A column of one-line items, one
    of them after an empty row, has two groups of gaps, but no wraps.)"""
    g = two_groups([gp for gp, _a, _b in joins], size, s)
    if g is None:
        return None
    for gp, a, b in joins:
        if gp <= g.wrap_hi and (starts_lower(b) or not would_fit(a, b, right, s)):
            return g
    return None


def _size(cells: list[list[Line]]) -> float | None:
    sizes = [ln.size for c in cells for ln in c]
    return median(sizes) if sizes else None


@dataclass(slots=True)
class ColumnModel:
    """What one table column's lines say about its items."""
    groups: Groups | None  # its own two groups of gaps, or borrowed ones
    right: float  # where its text ends (the right edge a full line reaches)
    borrowed: bool = False
    ruled: bool = False  # its cells are ruled (each row's cell is an entry of its own)
    # A wrap join of this column where the line stopped short and the next
    # starts with a capital (a hard break inside an item) was seen.
    breaks_inside: bool = False

    def gap_says(self, gap: float) -> bool | None:
        """True: the gap separates items; False: it is a wrap; None: unknown."""
        if self.groups is None:
            return None
        return gap > self.groups.threshold


class Column(NamedTuple):
    """What one table column's lines show, measured once (Spacing.measure):
    pooled for the document (learn), then for the column's own model."""
    size: float | None  # the column's median font size (None: no lines)
    right: float
    joins: list[tuple[float, Line, Line]]
    groups: Groups | None  # its own two groups of gaps, at `size`


class Spacing:
    """The gap groups of every table column of the document, pooled by font
    size, for columns that show only one group of their own."""

    def __init__(self, s: PdfSettings):
        self.s = s
        self.pooled: dict[float, list[Groups]] = defaultdict(list)

    def measure(self, cells: list[list[Line]], right: float, ocr_pages) -> Column:
        size = _size(cells)
        joins = joins_of(cells, ocr_pages, self.s)
        return Column(size, right, joins, _groups(joins, size, right, self.s) if size is not None else None)

    def learn(self, col: Column) -> None:
        if col.size is not None and col.groups is not None:
            self.pooled[col.size].append(col.groups)

    def model(self, col: Column) -> ColumnModel:
        s = self.s
        size = col.size or s.default_body_size
        right, joins = col.right, col.joins
        g = col.groups if col.size else _groups(joins, size, right, s)  # (measured at another size)
        if g is not None:
            m = ColumnModel(g, right)
            m.breaks_inside = any(gp <= g.wrap_hi and starts_upper(b) and would_fit(a, b, right, s)
                                  for gp, a, b in joins)
            return m
        gaps = [gp for gp, _a, _b in joins]
        if gaps and self.pooled.get(size):
            # borrow: every gap of this column the item gap of another column
            # of the document at this size
            tol = s.item_gap_jump * size / 2
            for p in self.pooled[size]:
                if all(abs(x - p.item_lo) <= tol for x in gaps):
                    return ColumnModel(p, right, borrowed=True)
        return ColumnModel(None, right)


def starts_upper(ln: Line) -> bool:
    """Does the line's text start like a new sentence: a capital or a digit
    (after any quote or bracket)?"""
    for ch in ln.text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def would_fit(prev: Line, ln: Line, right: float, s: PdfSettings) -> bool:
    """Would the first word of `ln` have fitted at the end of `prev`, before
    `right`? (Then `prev` did not end because the line was full.) The word's
    width is its share of its piece's width, by characters."""
    p = ln.pieces[0]
    t = p.text.lstrip()
    if not t:
        return False
    word = t.split(None, 1)[0]
    w = (p.x1 - p.x0) * len(word) / max(1, len(t))
    return prev.x1 + s.wrap_space * ln.size + w <= right - s.edge_tol


def join(prev: Line, ln: Line, m: ColumnModel, s: PdfSettings, page_break: bool) -> tuple[bool, bool]:
    """Does `ln` go on with the item `prev` ends? -> (continues, guessed).
    Bullets, list numbers and indents are the caller's (they are certain)."""
    if not page_break:
        says = m.gap_says(gap(prev, ln))
        if says is not None:
            return not says, False
    fits = would_fit(prev, ln, m.right, s)
    spaced = m.groups is not None and not m.borrowed
    if starts_lower(ln):
        return True, fits and not spaced
    if open_line_end(prev.text):
        return True, False  # "... och" / "Kalmar län": a sentence does not end there
    if fits and starts_upper(ln):
        # stopped short, a capital follows: a new item (certain across a page
        # break in a column whose items are spaced and whose lines never
        # break short inside an item)
        return False, not (spaced and page_break and not m.breaks_inside)
    if m.ruled and not page_break:
        return True, True  # a full line, a capital, inside a ruled cell: most likely a name going on
    # a full line, then a capital: typography.guess_new_item
    return not guess_new_item(prev.text, ln.text, fits), True


def body_threshold(lines: list[Line], size: float, ocr_pages, s: PdfSettings) -> float | None:
    """The gap that parts the body text's paragraphs, learned from the gaps
    between its lines of body size (`two_groups`: the smallest group is the
    wraps); None if they show no clear jump, or either group has fewer than
    `body_groups_min` gaps."""
    gaps = [gp for gp, a, _b in joins_of([lines], ocr_pages, s) if abs(a.size - size) < s.same_size]
    g = two_groups(gaps, size, s)
    if g is None or min(sum(1 for x in gaps if x <= g.wrap_hi), sum(1 for x in gaps if x >= g.item_lo)) \
            < s.body_groups_min:
        return None  # too few lines to learn from
    return g.threshold


def column_right(lines: list[Line], bound: float | None) -> float:
    """Where a column's text ends: its longest line, or the column's bound
    (cell border less its padding, or the next column's start less a
    gutter) when that is further right."""
    x1 = max((ln.x1 for ln in lines), default=0.0)
    return max(x1, bound) if bound is not None else x1


# --------------------------------------------------------------------------
# dash bullets

def promote_dashes(lines: list[Line], s: PdfSettings) -> list[Line]:
    """A dash (or asterisk) followed by one space is a list mark when the same
    glyph starts at least `dash_list_min` lines of this text at the same
    position, each before a capital or a digit: "– Text" repeated is a list,
    a wrapped "A – b" is not. Those lines become bullet lines (glyph cut)."""
    starts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        if ln.bullet or ln.numbered or not ln.pieces:
            continue
        t = ln.text
        if len(t) > 2 and t[0] in DASH_BULLETS and t[1] == " " and _capital_or_digit(t[2:]):
            starts[(t[0], round(ln.x0))].append(i)
    marked = {i for idx in starts.values() if len(idx) >= s.dash_list_min for i in idx}
    if not marked:
        return lines
    return [_cut_mark(ln) if i in marked else ln for i, ln in enumerate(lines)]


def _capital_or_digit(t: str) -> bool:
    t = t.lstrip("\"'”“»(")
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _cut_mark(ln: Line) -> Line:
    p = ln.pieces[0]
    t = p.text.lstrip()
    body = t[1:].lstrip()
    w = (p.x1 - p.x0) / max(1, len(p.text))
    tx0 = p.x0 + w * (len(p.text) - len(body))
    first = Piece(body, tx0, p.y0, p.x1, p.y1, p.size, p.bold, None)
    text = ln.text[1:].lstrip()
    return replace(ln, pieces=[first] + ln.pieces[1:], text=text, bullet=True, bx0=ln.x0, tx0=tx0,
                   segments=None)
