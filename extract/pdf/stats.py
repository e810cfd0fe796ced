"""Statistics of the whole document that the segmentation measures lines by.

* body size: the font size most characters have (body lines and table cells);
* wrap gaps: the gap between wrapped lines of one paragraph, in the body
  and in table cells apart (cells are often set tighter) -- the smallest
  gap value that is common; paragraph gaps are larger;
* heading levels: a line clearly larger than the body (and bold, or much
  larger) is a "big" heading, ranked by size (level 1 = largest); a bold
  line of about body size is a heading one level below the smallest big one;
* edges: per page, the left and right edge of the body text (a paragraph
  whose last line ran to the right edge may go on on the next page).

OCR'd pages are left out of the gap statistics: their geometry is too ragged.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .primitives import Line
from .settings import PdfSettings


@dataclass(frozen=True, slots=True)
class Stats:
    body_size: float
    body_wrap: float
    cell_wrap: float
    levels: dict[float, int]  # size -> heading level
    bold_level: int  # the level of bold body-size headings
    edges: dict[int, tuple[float, float]]  # page -> (left, right) of the body text
    ocr_pages: set[int]


def heading_style(ln: Line, body_size: float, s: PdfSettings) -> str | None:
    """"big" (larger than the body), "bold" (bold at about body size) or None."""
    if ln.bullet:
        return None
    if ln.size >= body_size + s.heading_step and (ln.bold or ln.size >= s.heading_scale * body_size):
        return "big"
    if ln.bold and ln.size >= body_size - s.bold_heading_slack:
        return "bold"
    return None


def wrap_gap(gaps: list[float], size: float, s: PdfSettings) -> float:
    """The gap between wrapped lines of one paragraph: the smallest gap value
    that is common (paragraph gaps are larger)."""
    if not gaps:
        return s.default_wrap * size
    c = Counter(s.size_key(g) for g in gaps)
    total = sum(c.values())
    need = max(s.wrap_min_count, s.wrap_share * total)
    for g in sorted(c):
        if c[g] >= need:
            return g
    return min(c)


def _gaps(lines: list[Line], s: PdfSettings, body_size: float | None = None) -> list[float]:
    """Gaps between consecutive lines of one size (and of `body_size`, if
    given) that may be wrap gaps."""
    out = []
    for a, b in zip(lines, lines[1:]):
        if abs(a.size - b.size) < s.same_size and (body_size is None or abs(a.size - body_size) < s.same_size):
            g = b.y0 - a.y1
            if s.gap_min < g < s.gap_max * b.size:
                out.append(g)
    return out


def doc_stats(pages, tables, columns, bodies, s: PdfSettings) -> Stats:
    """Sizes, wrap gaps, heading levels and text edges of the document.
    `pages`: extract.pdf.page.Page; `tables`: ruled tables; `columns`: the
    lines of each column of the unruled tables; `bodies`: page -> body lines
    outside those (default: all)."""
    bodies = bodies or {pg.no: pg.body for pg in pages}
    sizes = Counter()
    for pg in pages:
        for ln in pg.body:
            sizes[ln.size] += len(ln.text)
    cells = [c for t in tables for row in t.rows for c in row.cells]
    cells += columns
    for c in cells:
        for ln in c:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else s.default_body_size
    ocr_pages = {pg.no for pg in pages if pg.ocr}
    body_gaps, cell_gaps = [], []
    for pg in pages:
        if pg.ocr:
            continue  # OCR geometry is too ragged for these statistics
        body_gaps += _gaps(bodies.get(pg.no, ()), s, body_size)
    for c in cells:
        for a, b in zip(c, c[1:]):
            if a.page == b.page and a.page not in ocr_pages:
                cell_gaps += _gaps([a, b], s)
    body_wrap = wrap_gap(body_gaps, body_size, s)
    cell_wrap = wrap_gap(cell_gaps, body_size, s) if cell_gaps else body_wrap
    big = set()
    for pg in pages:
        for ln in pg.body:
            if heading_style(ln, body_size, s) == "big":
                big.add(ln.size)
    ranked = sorted(big, reverse=True)
    levels = {size: i + 1 for i, size in enumerate(ranked)}
    edges = {}
    for pg in pages:
        ws = [ln for ln in bodies.get(pg.no, ()) if abs(ln.size - body_size) < s.same_size]
        if ws:
            edges[pg.no] = (min(ln.x0 for ln in ws), max(ln.x1 for ln in ws))
    return Stats(body_size, body_wrap, cell_wrap, levels, len(ranked) + 1, edges, ocr_pages)
