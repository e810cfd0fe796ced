"""Table grids from ruling segments, with merged cells.

Segments that touch (a horizontal one crossing or meeting a vertical one)
are connected; each connected set with at least two lines each way is a
grid. Its rows and columns come from the lines' coordinates (clustered
within the tolerance); a cell boundary that is not drawn merges the two cells
beside it, so a cell spanning columns or rows is one cell. A single box (a
frame round a paragraph) is not a table. Text is placed into the grid's
cells later (extract.pdf.page), so the columns of a table never interleave.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .primitives import Piece
from .rulings import Segments
from .settings import PdfSettings


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving; the smaller index is the root)."""

    __slots__ = ("parent",)

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass(slots=True)
class Grid:
    """A ruled table on one page: column lines `xs`, row lines `ys`."""
    xs: list[float]
    ys: list[float]
    cell_ids: list[list[int]]  # [row][column] -> the id of the (merged) cell there
    span: dict[int, tuple[int, int, int, int]]  # cell id -> (row0, col0, row1, col1)
    page: int
    ocr: bool
    pieces: dict[int, list[Piece]] = field(default_factory=dict)  # cell id -> its text

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]

    def cell_at(self, x, y) -> int:
        xs, ys = self.xs, self.ys
        c = bisect.bisect_right(xs, x) - 1  # clamped to the grid's columns and rows
        c = 0 if c < 0 else (c if c < len(xs) - 2 else len(xs) - 2)
        r = bisect.bisect_right(ys, y) - 1
        r = 0 if r < 0 else (r if r < len(ys) - 2 else len(ys) - 2)
        return self.cell_ids[r][c]


def _nearest(sorted_vals, v):
    """Index of the value in sorted_vals nearest to v."""
    i = bisect.bisect_left(sorted_vals, v)
    if i == 0:
        return 0
    if i == len(sorted_vals):
        return i - 1
    return i if sorted_vals[i] - v < v - sorted_vals[i - 1] else i - 1


def _cluster(values, tol):
    """Values within `tol` of the previous one are one: their means, sorted."""
    values = sorted(values)
    out = []
    for v in values:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _drawn(segments, at, along, t):
    """For ruling segments (pos, start, end) across one axis: which of the
    grid's boundaries at[k] is drawn along which cell span of `along`."""
    mids = [(along[i] + along[i + 1]) / 2 for i in range(len(along) - 1)]
    drawn = [[False] * len(mids) for _ in at]
    for (pos, a, b) in segments:
        k = _nearest(at, pos)
        if abs(at[k] - pos) > t:
            continue
        for i in range(bisect.bisect_left(mids, a - t), bisect.bisect_right(mids, b + t)):
            drawn[k][i] = True
    return drawn


def _components(hs: Segments, vs: Segments, t: float):
    """Connected sets of touching segments: list of (horizontals, verticals)."""
    n_h = len(hs)
    uf = UnionFind(n_h + len(vs))
    order = sorted(range(len(vs)), key=lambda j: vs[j][0])
    vx = [vs[j][0] for j in order]
    for i, (y, xa, xb) in enumerate(hs):
        # only the verticals whose x lies within this horizontal's extent
        for k in range(bisect.bisect_left(vx, xa - t), bisect.bisect_right(vx, xb + t)):
            j = order[k]
            _x, ya, yb = vs[j]
            if ya - t <= y <= yb + t:
                uf.union(i, n_h + j)
    comps = {}
    for i in range(n_h):
        comps.setdefault(uf.find(i), ([], []))[0].append(hs[i])
    for j in range(len(vs)):
        comps.setdefault(uf.find(n_h + j), ([], []))[1].append(vs[j])
    return list(comps.values())


def _merged_cells(vert, horz, nr, nc):
    """Cell ids [row][column]: cells not separated by a drawn line share one."""
    uf = UnionFind(nr * nc)
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not vert[r][c + 1]:
                uf.union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not horz[r + 1][c]:
                uf.union(r * nc + c, (r + 1) * nc + c)
    return [[uf.find(r * nc + c) for c in range(nc)] for r in range(nr)]


def _close_open_sides(chs, cvs, t: float):
    """A table row broken by a page is drawn open where the page cut it: its
    column lines run past the last horizontal line (up from the top of the
    continued part, down from the bottom of the first part). Where at least
    two column lines -- the outermost among them -- end at one height beyond
    every horizontal line, that height is a (virtual) horizontal line."""
    if len(cvs) < 2 or not chs:
        return chs
    top, bottom = min(h[0] for h in chs), max(h[0] for h in chs)
    x0, x1 = min(v[0] for v in cvs), max(v[0] for v in cvs)
    out = list(chs)
    for end, beyond in ((min(v[1] for v in cvs), lambda y: y < top - t),
                        (max(v[2] for v in cvs), lambda y: y > bottom + t)):
        if not beyond(end):
            continue
        at = [v for v in cvs if abs((v[1] if end < top else v[2]) - end) <= t]
        xs = [v[0] for v in at]
        if len(at) >= 2 and min(xs) <= x0 + t and max(xs) >= x1 - t:
            out.append((end, x0, x1))
    return out


def grids_from_segments(hs: Segments, vs: Segments, page_no: int, s: PdfSettings, ocr: bool = False) -> list[Grid]:
    """The grids the ruling segments of a page make, top to bottom."""
    if not hs or len(vs) < 2:
        return []
    t = s.tol
    grids = []
    for chs, cvs in _components(hs, vs, t):
        chs = _close_open_sides(chs, cvs, t)
        if len(chs) < 2 or len(cvs) < 2:
            continue
        ys = _cluster([h[0] for h in chs], t)
        xs = _cluster([v[0] for v in cvs], t)
        if len(ys) < 2 or len(xs) < 2:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        if nr * nc < 2:
            continue  # a single box (frame) is not a table
        # which inner boundaries are drawn
        drawn_v = _drawn(cvs, xs, ys, t)  # drawn_v[k][r]: a line at xs[k] along row r
        drawn_h = _drawn(chs, ys, xs, t)  # drawn_h[k][c]: a line at ys[k] along column c
        vert = [[drawn_v[k][r] for k in range(nc + 1)] for r in range(nr)]  # vert[r][k]
        cell_ids = _merged_cells(vert, drawn_h, nr, nc)
        span = {}
        for r in range(nr):
            for c in range(nc):
                cid = cell_ids[r][c]
                r0, c0, r1, c1 = span.get(cid, (r, c, r, c))
                span[cid] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
        if len(span) < 2:
            continue
        grids.append(Grid(xs, ys, cell_ids, span, page_no, ocr))
    grids.sort(key=lambda g: (g.y0, g.x0))
    return grids
