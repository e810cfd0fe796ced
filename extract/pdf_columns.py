"""Tables without ruling lines: text that stands in columns (used by extract.pdf).

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

Works on any objects with the attributes of extract.pdf's lines (x0, y0,
x1, y1, size, bold, bullet, numbered, text, pieces, segments). Nothing here
knows what the document is about.
"""
from __future__ import annotations

import bisect
import re

_LEFT_TOL = 2.0  # a line starting further left than this of the first column is body text


def line_segments(ln):
    """Split a line's pieces at column-sized gaps: list of (x0, x1, pieces)."""
    if ln.segments is not None:
        return ln.segments
    if len(ln.pieces) == 1:
        p = ln.pieces[0]
        ln.segments = [(p.x0, p.x1, ln.pieces)]
        return ln.segments
    gap = max(0.9 * ln.size, 7.0)
    segs = []
    cur = [ln.pieces[0]]
    for p in ln.pieces[1:]:
        if p.x0 - cur[-1].x1 >= gap:
            segs.append(cur)
            cur = [p]
        else:
            cur.append(p)
    segs.append(cur)
    ln.segments = [(s[0].x0, max(p.x1 for p in s), s) for s in segs]
    return ln.segments


def column_of(x0, cols, size):
    """Index of the column (by start positions `cols`) a text run starting at
    x0 falls in; -1 left of the first column. A run may start a little left of
    its column's start (right-aligned numbers under a narrower header)."""
    if x0 < cols[0] - _LEFT_TOL:
        return -1
    return max(0, bisect.bisect_right(cols, x0 + max(0.6 * size, 4.0)) - 1)


def fits(ln, cols) -> bool:
    """Does every text run of the line fall into a column of its own, ending
    before the next column starts?"""
    used = 0
    for x0, x1, _ in line_segments(ln):
        c = column_of(x0, cols, ln.size)
        if c < 0 or used & (1 << c):
            return False
        if c + 1 < len(cols) and x1 > cols[c + 1] - 0.5:
            return False
        used |= 1 << c
    return True


class Run:
    """lines[start:end] of a page stand in the columns starting at `cols`;
    `continued`: it goes on with a run that ended the previous page."""

    __slots__ = ("start", "end", "cols", "size", "continued")

    def __init__(self, start, end, cols, size, continued):
        self.start, self.end, self.cols, self.size, self.continued = start, end, cols, size, continued


def _grow(lines, j, cols, size, bottom, bold_ok, settled):
    """Lines from j on that go on with the run; returns the end index.
    `settled`: `size` is the size of the table's text (not only of a header
    line, under which smaller text may follow)."""
    n = len(lines)
    while j < n:
        nx = lines[j]
        if abs(nx.size - size) > 0.6:
            if settled or nx.size > size:
                break
        if not settled:
            size, settled = nx.size, True
        if bottom is not None and nx.y0 - bottom > 2.0 * nx.size:
            break
        if not fits(nx, cols):
            break
        if nx.bold and not bold_ok and len(line_segments(nx)) == 1 \
                and column_of(nx.x0, cols, nx.size) == 0:
            break  # a sub-heading after the table
        if not nx.bold and bottom is not None:
            bold_ok = False  # table text seen: a bold first-column line now ends the run
        bottom = nx.y1 if bottom is None else max(bottom, nx.y1)
        j += 1
    return j


def find_runs(lines, carry=None) -> list[Run]:
    """Column runs among a page's lines (sorted top to bottom). `carry` =
    (cols, size) of a run that ended the previous page: lines at the top of
    this page that keep to its columns continue it."""
    runs = []
    n = len(lines)
    i = 0
    if carry is not None and n:
        cols, size = carry
        j = _grow(lines, 0, cols, size, None, False, True)
        if j > 0:
            runs.append(Run(0, j, cols, size, True))
            i = j
    while i < n:
        ln = lines[i]
        segs = line_segments(ln)
        if ln.bullet or len(segs) < 2:
            i += 1
            continue
        cols = [s[0] for s in segs]
        j = _grow(lines, i + 1, cols, ln.size, ln.y1, True, False)
        if j == i + 1 < n:
            # a header centred (or right-aligned) over its columns: the columns
            # start where the first row's text starts, if the header keeps to them
            nx = lines[i + 1]
            nsegs = line_segments(nx)
            if len(nsegs) >= 2 and not nx.bullet and fits(ln, [s[0] for s in nsegs]):
                j2 = _grow(lines, i + 1, [s[0] for s in nsegs], ln.size, ln.y1, True, False)
                if j2 > j:
                    cols, j = [s[0] for s in nsegs], j2
        if j - i >= 2 or j == n:  # (a header line may end the page)
            runs.append(Run(i, j, cols, ln.size, False))
            i = j
        else:
            i += 1
    return runs


_NUMERIC = re.compile(r"^[\d\s.,:%/()+\-–]+$")


def bands(columns, limit, size):
    """Rows of a run. `columns`: per column, its lines top to bottom (one page).
    Returns (rows, flowing): rows = list of per-column line lists; flowing =
    some row holds two paragraphs of one column (independent paragraphs per
    column). Returns None for a grid without row spacing (read it by lines)."""
    paras = []  # [y0, y1, col, lines]
    for c, frs in enumerate(columns):
        cur = None
        for f in frs:
            if cur is None or f.bullet or f.numbered or f.y0 - cur[3][-1].y1 > limit or f.bold != cur[3][-1].bold:
                cur = [f.y0, f.y1, c, [f]]
                paras.append(cur)
            else:
                cur[1] = max(cur[1], f.y1)
                cur[3].append(f)
    paras.sort(key=lambda p: p[0])
    groups = []  # [y1, paras]
    overlap = 0.2 * size
    for p in paras:
        if groups and p[0] < groups[-1][0] - overlap:
            g = groups[-1]
            g[0] = max(g[0], p[1])
            g[1].append(p)
        else:
            groups.append([p[1], [p]])
    ncol = len(columns)
    rows = []
    flowing = False
    for _y1, ps in groups:
        cells = [[] for _ in range(ncol)]
        count = [0] * ncol
        for p in ps:
            cells[p[2]].extend(p[3])
            count[p[2]] += 1
        for c in cells:
            c.sort(key=lambda f: f.y0)
        if max(count) >= 2:
            flowing = True
        elif _tight_grid(cells, size):
            return None
        rows.append(cells)
    return rows, flowing


def _tight_grid(cells, size) -> bool:
    """One row of several lines in two or more columns, on shared baselines,
    with several or numeric columns: a grid whose rows have no spacing."""
    full = [c for c in cells if len(c) >= 2]
    if len(full) < 2:
        return False
    bases = sorted(f.y1 for c in cells for f in c)
    distinct = 1 + sum(1 for a, b in zip(bases, bases[1:]) if b - a > 0.25 * size)
    if distinct > 1.2 * max(len(c) for c in cells):
        return False
    nonempty = sum(1 for c in cells if c)
    numeric = any(c and sum(1 for f in c if _NUMERIC.match(f.text.strip() or "x")) >= 0.8 * len(c) for c in cells)
    return nonempty >= 3 or numeric
