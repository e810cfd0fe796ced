"""Lines into blocks: headings, paragraphs, items -- in the body and in cells.

Lines (of the body, in reading order, over all pages; or of one table cell)
are cut into blocks:

* paragraphs by vertical gaps: a gap up to the document's wrap gap (plus a
  little) keeps a paragraph going, paragraph spacing starts a new one; a
  change of size or heading style always does;
* items by a leading bullet glyph (stripped when the line was made) or a list
  number; continuation lines indented to the item's text join the item (in
  a cell also a line that the item's line could not hold: "• a • b" lists
  set as running text);
* headings by a larger or bold font (extract.pdf.stats: level = rank of the
  size; bold headings at body size one level below); a bold "heading" of
  more than two lines or 150 characters, or a big one of more than four
  lines, is an emphasised paragraph.

Across a page break a block goes on when the new page's first line starts in
lower case, is indented to an item's text, or (a body paragraph) the last
line ran to the right margin without a full stop and the new line starts at
the paragraph's left edge. Each block keeps the page it starts on.

Inside a cell, a list flattened into running text ("• a • b") is split
into items at its glyphs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Cell, Row
from ..typography import PDF_INLINE_BULLET, SENTENCE_END
from .primitives import Line, Table, hanging, mean_conf, past_indent, starts_lower
from .settings import PdfSettings
from .stats import Stats, heading_style


@dataclass(slots=True)
class Draft:
    """A block being built from lines."""
    kind: str
    lines: list[str]
    pages: list[int]  # the page of each line
    page: int
    level: int
    bx0: float  # the first line's bullet and text starts
    tx0: float
    style: tuple  # (size, heading style) of its lines
    first: Line
    last: Line
    all: list[Line] = field(default_factory=list)  # its lines (OCR confidence)

    @property
    def conf(self) -> float | None:
        return mean_conf(self.all or [self.first])


def segment(lines: list[Line], st: Stats, s: PdfSettings, cell: bool = False) -> list[Draft]:
    """Lines (possibly over several pages) -> drafts of blocks."""
    out = []
    cur = None
    wrap = st.cell_wrap if cell else st.body_wrap
    right = max((ln.x1 for ln in lines), default=0.0) if cell else None
    for ln in lines:
        text = ln.text
        if not text.strip() and not ln.bullet:
            continue
        hstyle = None if cell else heading_style(ln, st.body_size, s)
        style = (ln.size, hstyle)
        new_kind = "heading" if hstyle else ("item" if ln.bullet or ln.numbered else "paragraph")
        if cur is not None:
            prev = cur.last
            if ln.bullet or style != cur.style or (ln.numbered and not hstyle):
                cont = False
            elif ln.page != prev.page:
                cont = _continues_across_pages(cur, ln, prev, st, s, cell)
            else:
                gap = ln.y0 - prev.y1
                limit = s.para_limit(wrap, ln.size)
                if ln.page in st.ocr_pages:
                    limit = max(limit, s.ocr_para_gap * ln.size)  # OCR baselines are off by a point or two
                cont = gap <= limit
                if cont and cur.kind == "item":
                    # continuation lines are indented to the item's text, or (in a
                    # cell) the item's line ended because this line's first word
                    # did not fit ("• a • b" lists set as running text)
                    cont = past_indent(ln.x0, cur.bx0, cur.tx0, s) or not hanging(cur.bx0, cur.tx0, s) \
                        or (cell and _wrapped(prev, ln, right, s))
            if cont and cur.kind == "heading" and hstyle == "bold" and len(cur.lines) >= s.bold_heading_lines:
                cont = False
            if cont:
                cur.lines.append(text)
                cur.pages.append(ln.page)
                cur.last = ln
                cur.all.append(ln)
                continue
        cur = Draft(new_kind, [text], [ln.page], ln.page, 0, ln.bx0, ln.tx0, style, ln, ln, [ln])
        out.append(cur)
    # bold body-size "headings" that run long are emphasised paragraphs
    for b in out:
        if b.kind != "heading":
            continue
        size, hstyle = b.style
        total = sum(len(x) for x in b.lines)
        if (hstyle == "bold" and (len(b.lines) > s.bold_heading_lines or total > s.bold_heading_chars)) \
                or (hstyle == "big" and len(b.lines) > s.big_heading_lines):
            b.kind = "paragraph"
        else:
            b.level = st.levels.get(size, 0) if hstyle == "big" else st.bold_level
    return out


def _wrapped(prev: Line, ln: Line, right: float, s: PdfSettings) -> bool:
    """Did line `prev` end because the first word of `ln` would not fit
    before `right` (the text's right edge)?"""
    p = ln.pieces[0]
    t = p.text.lstrip()
    if not t:
        return False
    word = t.split(None, 1)[0]
    w = (p.x1 - p.x0) * len(word) / max(1, len(t))
    return prev.x1 + s.wrap_space * ln.size + w > right - s.edge_tol


def _continues_across_pages(cur: Draft, ln: Line, prev: Line, st: Stats, s: PdfSettings, cell: bool) -> bool:
    """Does line `ln`, the first on a new page, go on with block `cur`?"""
    if cur.kind == "heading":
        return False
    if cur.kind == "item" and hanging(cur.bx0, cur.tx0, s) and past_indent(ln.x0, cur.bx0, cur.tx0, s):
        return True  # indented to the item's text
    if starts_lower(ln):
        return True
    if cell or cur.kind == "item":
        return False
    # a body paragraph whose last line ran to the right margin, without a full stop
    t = prev.text.rstrip()
    left, right = st.edges.get(prev.page, (prev.x0, prev.x1))
    return (bool(t) and t[-1] not in SENTENCE_END and abs(ln.x0 - cur.first.x0) < s.page_join_x
            and prev.x1 >= right - s.full_line_share * max(s.min_text_width, right - left))


def to_block(b: Draft) -> Block:
    return Block(b.kind, tuple(b.lines), b.page, b.level, confidence=b.conf)


def cell_blocks(bs: list[Draft]) -> list[Block]:
    """The blocks of a cell, cut at list glyphs inside their lines: each
    glyph starts an item (on the page of the line it stands in)."""
    out = []
    for b in bs:
        if b.kind == "heading" or not any(PDF_INLINE_BULLET.search(x) for x in b.lines):
            out.append(to_block(b))
            continue
        kind, level = b.kind, b.level  # of the text before the first glyph
        lines, pages = [], []
        for x, pg in zip(b.lines, b.pages):
            for k, part in enumerate(PDF_INLINE_BULLET.split(x)):
                if k:
                    if lines:
                        out.append(Block(kind, tuple(lines), pages[0], level, confidence=b.conf))
                    kind, level = "item", 0
                    lines, pages = [], []
                if part.strip():
                    lines.append(part)
                    pages.append(pg)
        if lines:
            out.append(Block(kind, tuple(lines), pages[0], level, confidence=b.conf))
    return out


def table_block(t: Table, st: Stats, s: PdfSettings) -> Block:
    rows = []
    for row in t.rows:
        cells = tuple(Cell(tuple(cell_blocks(segment(lines, st, s, cell=True)))) for lines in row.cells)
        rows.append(Row(cells, row.page))
    return Block("table", (), t.page, 0, tuple(rows))


def flow_blocks(flow: list, st: Stats, s: PdfSettings) -> list[Block]:
    """The document's elements in reading order (body lines and tables) ->
    blocks: runs of lines between tables are segmented as one."""
    blocks: list[Block] = []
    run: list[Line] = []
    for it in flow:
        if isinstance(it, Table):
            if run:
                blocks.extend(to_block(b) for b in segment(run, st, s))
                run = []
            blocks.append(table_block(it, st, s))
        else:
            run.append(it)
    if run:
        blocks.extend(to_block(b) for b in segment(run, st, s))
    return blocks
