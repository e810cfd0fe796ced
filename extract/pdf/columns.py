"""Tables without ruling lines: text that stands in columns.

A *column run* is a stretch of a page's lines (top to bottom) that keep to a
few column positions. It is opened by a line whose text stands in two or more
runs separated by gutter-wide gaps (typically a header row); the starts of
those runs are the columns (or the starts of the next line's runs, for a
header centred over its columns). It goes on while every line's text runs each fall
into a column of their own (one run a column) and end before the next
column starts; it stops at a line that spans a gutter or starts left of the
first column (body text), a line of another size (a heading), a bold line in
the first column only after non-bold table text (a sub-heading), or a
vertical gap larger than paragraph spacing. Lines in one column only are fine:
in a table of free-flowing paragraphs, the columns' lines lie on their own
baselines, and one column often runs on after the other has ended. A run that
reaches the end of a page may go on at the top of the next page (see
`find_runs(carry=...)`).

Rows of a run (`bands`): each column's lines are cut into paragraphs by
vertical gaps (larger than the caller's wrap limit), list glyphs and changes
between bold and regular text (a bold header row without spacing below);
paragraphs of different columns that overlap vertically belong to one row.
So a row of single-line values beside a wrapped label is one row, and
paragraphs that flow independently in each column (one paragraph starting
beside the middle of another) end up in one row whose cells hold each
column's paragraphs -- a paragraph is never cut by a row boundary. A grid
whose rows have no spacing at all (every column one block of lines on shared
baselines, with numeric or several columns) cannot be cut by gaps; `bands`
returns None for it and the caller reads it line by line.

Works on the lines of extract.pdf.primitives. Nothing here knows what the
document is about.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .primitives import Line, Segment
from .settings import PdfSettings


def line_segments(ln: Line, s: PdfSettings) -> list[Segment]:
    """Split a line's pieces at gutter-wide gaps (cached on the line)."""
    if ln.segments is not None:
        return ln.segments
    if len(ln.pieces) == 1:
        p = ln.pieces[0]
        ln.segments = [Segment(p.x0, p.x1, ln.pieces)]
        return ln.segments
    gap = s.gutter(ln.size)
    segs = []
    cur = [ln.pieces[0]]
    for p in ln.pieces[1:]:
        if p.x0 - cur[-1].x1 >= gap:
            segs.append(cur)
            cur = [p]
        else:
            cur.append(p)
    segs.append(cur)
    ln.segments = [Segment(g[0].x0, max(p.x1 for p in g), g) for g in segs]
    return ln.segments


def column_of(x0: float, cols: list[float], size: float, s: PdfSettings) -> int:
    """Index of the column (by start positions `cols`) a text run starting at
    x0 falls in; -1 left of the first column. A run may start a little left of
    its column's start (right-aligned numbers under a narrower header)."""
    if x0 < cols[0] - s.column_left_tol:
        return -1
    return max(0, bisect.bisect_right(cols, x0 + max(s.column_slack * size, s.column_slack_min)) - 1)


def _split_at_columns(ln: Line, cols: list[float], s: PdfSettings) -> list[Segment] | None:
    """The line's text runs cut where a piece starts at a column's start with
    at least a word space after the piece before it, if that gives more runs
    than the gutter-wide gaps do: narrow gutters (two cells' paddings, less
    than `gutter`) between columns whose positions a header line gave."""
    pieces = ln.pieces
    if len(pieces) < 2 or len(cols) < 2:
        return None
    space = s.word_space * ln.size
    slack = max(s.column_slack * ln.size, s.column_slack_min)
    groups = [[pieces[0]]]
    for p in pieces[1:]:
        prev = groups[-1][-1]
        at_col = any(c - s.column_left_tol <= p.x0 <= c + slack and prev.x1 <= c for c in cols[1:])
        if p.x0 - prev.x1 >= s.gutter(ln.size) or (at_col and p.x0 - prev.x1 >= space):
            groups.append([p])
        else:
            groups[-1].append(p)
    if len(groups) <= len(line_segments(ln, s)):
        return None
    return [Segment(g[0].x0, max(p.x1 for p in g), g) for g in groups]


def fits(ln: Line, cols: list[float], s: PdfSettings) -> bool:
    """Does every text run of the line fall into a column of its own, ending
    before the next column starts? A line whose runs only fit when cut at the
    columns' starts (a narrow gutter) keeps that cut."""
    if _fits(line_segments(ln, s), cols, ln.size, s):
        return True
    segs = _split_at_columns(ln, cols, s)
    if segs is not None and _fits(segs, cols, ln.size, s):
        ln.segments = segs
        return True
    return False


def _fits(segments: list[Segment], cols: list[float], size: float, s: PdfSettings) -> bool:
    used = 0
    for x0, x1, _ in segments:
        c = column_of(x0, cols, size, s)
        if c < 0 or used & (1 << c):
            return False
        if c + 1 < len(cols) and x1 > cols[c + 1] - s.column_end_tol:
            return False
        used |= 1 << c
    return True


@dataclass(slots=True)
class Run:
    """lines[start:end] of a page stand in the columns starting at `cols`;
    `continued`: it goes on with a run that ended the previous page."""
    start: int
    end: int
    cols: list[float]
    size: float
    continued: bool


def _grow(lines, j, cols, size, bottom, bold_ok, settled, s: PdfSettings):
    """Lines from j on that go on with the run; returns the end index.
    `settled`: `size` is the size of the table's text (not only of a header
    line, under which smaller text may follow)."""
    n = len(lines)
    while j < n:
        nx = lines[j]
        if abs(nx.size - size) > s.same_size:
            if settled or nx.size > size:
                break
        if not settled:
            size, settled = nx.size, True
        if bottom is not None and nx.y0 - bottom > s.column_break_gap * nx.size:
            break
        if not fits(nx, cols, s):
            break
        if nx.bold and not bold_ok and len(line_segments(nx, s)) == 1 \
                and column_of(nx.x0, cols, nx.size, s) == 0:
            break  # a sub-heading after the table
        if not nx.bold and bottom is not None:
            bold_ok = False  # table text seen: a bold first-column line now ends the run
        bottom = nx.y1 if bottom is None else max(bottom, nx.y1)
        j += 1
    return j


def find_runs(lines: list[Line], s: PdfSettings, carry=None) -> list[Run]:
    """Column runs among a page's lines (sorted top to bottom). `carry` =
    (cols, size) of a run that ended the previous page: lines at the top of
    this page that keep to its columns continue it."""
    runs = []
    n = len(lines)
    i = 0
    if carry is not None and n:
        cols, size = carry
        j = _grow(lines, 0, cols, size, None, False, True, s)
        if j > 0:
            runs.append(Run(0, j, cols, size, True))
            i = j
    while i < n:
        ln = lines[i]
        segs = line_segments(ln, s)
        if ln.bullet or len(segs) < 2:
            i += 1
            continue
        cols = [g.x0 for g in segs]
        j = _grow(lines, i + 1, cols, ln.size, ln.y1, True, False, s)
        if j == i + 1 < n:
            # a header centred (or right-aligned) over its columns: the columns
            # start where the first row's text starts, if the header keeps to them
            nx = lines[i + 1]
            nsegs = line_segments(nx, s)
            if len(nsegs) >= 2 and not nx.bullet and fits(ln, [g.x0 for g in nsegs], s):
                j2 = _grow(lines, i + 1, [g.x0 for g in nsegs], ln.size, ln.y1, True, False, s)
                if j2 > j:
                    cols, j = [g.x0 for g in nsegs], j2
        if j - i >= s.run_min_lines or j == n:  # (a header line may end the page)
            runs.append(Run(i, j, cols, ln.size, False))
            i = j
        else:
            i += 1
    return runs


_NUMERIC = re.compile(r"^[\d\s.,:%/()+\-–]+$")


@dataclass(slots=True)
class _Para:
    """Lines of one column read as one paragraph."""
    y0: float
    y1: float
    col: int
    lines: list[Line]


def bands(columns: list[list[Line]], limit: float, size: float, s: PdfSettings):
    """Rows of a run. `columns`: per column, its lines top to bottom (one page).
    Returns (rows, flowing): rows = list of per-column line lists; flowing =
    some row holds two paragraphs of one column (independent paragraphs per
    column). Returns None for a grid without row spacing (read it by lines)."""
    paras = []
    for c, frs in enumerate(columns):
        cur = None
        for f in frs:
            if cur is None or f.bullet or f.numbered or f.y0 - cur.lines[-1].y1 > limit \
                    or f.bold != cur.lines[-1].bold:
                cur = _Para(f.y0, f.y1, c, [f])
                paras.append(cur)
            else:
                cur.y1 = max(cur.y1, f.y1)
                cur.lines.append(f)
    paras.sort(key=lambda p: p.y0)
    groups = []  # [y1, paras]
    overlap = s.row_overlap * size
    for p in paras:
        if groups and p.y0 < groups[-1][0] - overlap:
            g = groups[-1]
            g[0] = max(g[0], p.y1)
            g[1].append(p)
        else:
            groups.append([p.y1, [p]])
    ncol = len(columns)
    rows = []
    flowing = False
    for _y1, ps in groups:
        cells = [[] for _ in range(ncol)]
        count = [0] * ncol
        for p in ps:
            cells[p.col].extend(p.lines)
            count[p.col] += 1
        for c in cells:
            c.sort(key=lambda f: f.y0)
        if max(count) >= 2:
            flowing = True
        elif _tight_grid(cells, size, s):
            return None
        rows.append(cells)
    return rows, flowing


def _tight_grid(cells, size, s: PdfSettings) -> bool:
    """One row of several lines in two or more columns, on shared baselines,
    with several or numeric columns: a grid whose rows have no spacing."""
    full = [c for c in cells if len(c) >= 2]
    if len(full) < 2:
        return False
    bases = sorted(f.y1 for c in cells for f in c)
    distinct = 1 + sum(1 for a, b in zip(bases, bases[1:]) if b - a > s.baseline_tol * size)
    if distinct > s.tight_baselines * max(len(c) for c in cells):
        return False
    nonempty = sum(1 for c in cells if c)
    numeric = any(c and sum(1 for f in c if _NUMERIC.match(f.text.strip() or "x")) >= s.numeric_share * len(c)
                  for c in cells)
    return nonempty >= s.tight_columns or numeric
