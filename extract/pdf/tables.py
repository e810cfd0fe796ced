"""Tables, ruled and unruled, as rows of cells of lines.

* A grid (extract.pdf.grids) becomes a table row by row: each cell's pieces
  grouped into lines; a cell merged over several columns is one cell, the
  rows a cell merged over several rows covers below its first get an empty
  cell in its place.
* A column run (extract.pdf.columns) becomes a *region*: its lines, each
  line's text runs split into their columns. A region is a table only when
  it goes on across a page, or has text in two columns below its first line,
  or two lines with column gaps -- a lone line with gaps keeps its columns
  separated by "\\t" in the body. Each column's lines are cut into
  paragraphs by the gap the document's cells wrap with; paragraphs of
  different columns that overlap vertically make one row. Columns of
  free-flowing paragraphs become a header row and ONE row holding each
  column's paragraphs (`flow`); score-like tables keep a row per printed
  row, and a grid without any row spacing is read line by line.

A row is header-styled (`bold`) when most of its text is bold; joining a
table across a page break (extract.pdf.joins) tells a repeated header by it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from .columns import Run, bands, column_of, find_runs, line_segments
from .grids import Grid
from .joins import continues_row
from .primitives import Line, Piece, Table, TableRow, group_lines, make_line
from .settings import PdfSettings
from .stats import Stats


def _bold_row(lines, s: PdfSettings) -> bool:
    """Is this text (lines of a row) mostly bold, counted by characters?"""
    nbold = nall = 0
    for ln in lines:
        k = len(ln.text.strip())
        nall += k
        if ln.bold:
            nbold += k
    return s.bold_row(nbold, nall)


def grid_table(g: Grid, s: PdfSettings) -> Table:
    """A ruled table from a grid and the pieces placed in its cells."""
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    lines_of = {cid: group_lines(ps, g.page, s, strict=not g.ocr) for cid, ps in g.pieces.items()}
    rows = []
    for r in range(nr):
        cells = []
        for c in range(nc):
            cid = g.cell_ids[r][c]
            r0, c0, _r1, _c1 = g.span[cid]
            if c0 != c:
                continue  # covered by a cell spanning from the left
            if r0 != r:
                cells.append([])  # covered by a cell spanning from above
                continue
            cells.append(lines_of.get(cid, []))
        if any(cells):
            rows.append(TableRow(g.page, cells, _bold_row((ln for c in cells for ln in c), s)))
    return Table(rows, g.xs, g.y0, g.y1, g.page, ruled=True)


def _segment_line(pieces: list[Piece], ln: Line, s: PdfSettings) -> Line:
    return make_line(list(pieces), ln.page, s)


@dataclass(slots=True)
class Region:
    """A column run of one page: its lines and each column's lines (a line's
    text runs split into their columns)."""
    lines: list[Line]
    run: Run
    columns: list[list[Line]]
    later: set[int]  # columns with text below the first line
    goes_on: bool = False  # continued by a run at the top of the next page

    @property
    def y0(self) -> float:
        return self.lines[0].y0

    @property
    def page(self) -> int:
        return self.lines[0].page


def make_region(lines: list[Line], run: Run, s: PdfSettings) -> Region:
    cols = run.cols
    columns = [[] for _ in cols]
    later = set()
    for i, ln in enumerate(lines):
        segs = line_segments(ln, s)
        for k, (x0, _x1, pieces) in enumerate(segs):
            c = max(0, column_of(x0, cols, ln.size, s))
            if len(segs) == 1:
                frag = ln
            else:
                frag = _segment_line(pieces, ln, s)
                if k == 0 and ln.bullet:  # the line's list glyph was stripped
                    frag = replace(frag, bullet=True, bx0=ln.bx0, tx0=ln.tx0)
            columns[c].append(frag)
            if i:
                later.add(c)
    return Region(lines, run, columns, later)


def find_regions(lines: list[Line], carry, s: PdfSettings):
    """Column runs among a page's body lines -> (items, carry): items are
    Line | Region in order; carry = (cols, size) when the last run reaches
    the end of the page (it may go on at the top of the next)."""
    runs = find_runs(lines, s, carry)
    if not runs:
        return lines, None
    out = []
    k = 0
    for r in runs:
        out.extend(lines[k:r.start])
        out.append(make_region(lines[r.start:r.end], r, s))
        k = r.end
    out.extend(lines[k:])
    last = runs[-1]
    return out, ((last.cols, last.size) if last.end == len(lines) else None)


def region_table(reg: Region, st: Stats, s: PdfSettings) -> Table | None:
    """A column run -> Table, or None (its lines stay body text)."""
    cols = reg.run.cols
    size = reg.run.size
    columns = reg.columns
    multi = sum(1 for ln in reg.lines if len(line_segments(ln, s)) >= 2)
    if not reg.run.continued and not reg.goes_on and len(reg.later) < s.table_min_columns \
            and multi < s.table_min_gapped_lines:
        return None  # a lone line with gaps, or body lines below one
    res = bands(columns, s.para_limit(st.cell_wrap, size), size, s)
    if res is None:
        return make_unruled(reg.lines, s) if multi >= s.table_min_gapped_lines else None
    rows, flowing = res
    head = rows[0]
    header = not reg.run.continued and sum(1 for c in head if c) >= s.header_min_cells \
        and all(len(c) <= s.header_max_lines for c in head)
    if flowing and not reg.run.continued:
        body = rows[1:] if header else rows
        merged = [[f for r in body for f in r[c]] for c in range(len(columns))]
        rows = ([head] if header else []) + [merged]
    elif flowing:
        rows = [[[f for r in rows for f in r[c]] for c in range(len(columns))]]
    out = [TableRow(reg.page, cells, _bold_row((f for c in cells for f in c), s)) for cells in rows]
    ends = cols[1:] + [max(ln.x1 for ln in reg.lines)]
    gap = s.column_end_gap
    return Table(out, [[a, max(a + gap, b - gap)] for a, b in zip(cols, ends)], reg.y0,
                 max(ln.y1 for ln in reg.lines), reg.page, ruled=False, flow=flowing, header=header)


def make_unruled(run: list[Line], s: PdfSettings) -> Table | None:
    """Lines read one by one as table rows: the columns are the union of the
    lines' text runs."""
    ivs = sorted((g.x0, g.x1) for ln in run for g in line_segments(ln, s))
    cols = []
    for a, b in ivs:
        if cols and a <= cols[-1][1] + s.tol:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    if len(cols) < 2:
        return None
    starts = [c[0] for c in cols]
    eps = s.column_start_eps
    rows = []
    for ln in run:
        segs = line_segments(ln, s)
        idx = [bisect.bisect_right(starts, g.x0 + eps) - 1 for g in segs]
        if len(set(idx)) != len(idx):
            return None
        cells = [[] for _ in cols]
        for k, g in zip(idx, segs):
            cells[k].append(_segment_line(g.pieces, ln, s))
        # (counted by pieces, spaces included)
        bold = s.bold_row(sum(len(x.text) for x in ln.pieces if x.bold), sum(len(x.text) for x in ln.pieces))
        if rows and len(segs) == 1 and idx[0] > 0:
            rows[-1].cells[idx[0]].extend(cells[idx[0]])  # wrapped cell text
            continue
        rows.append(TableRow(ln.page, cells, bold))
    # a row that only continues the previous one (values beside a wrapped label)
    merged = []
    for row in rows:
        if merged and continues_row(merged[-1].cells, row.cells, s):
            last = merged[-1]
            merged[-1] = TableRow(last.page, [a + b for a, b in zip(last.cells, row.cells)], last.bold)
        else:
            merged.append(row)
    return Table(merged, cols, run[0].y0, run[-1].y1, run[0].page, ruled=False)
