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
into items at its glyphs. Where a table cell's items end and begin is
decided with the spacing each column shows (extract.pdf.items: no fixed
threshold), and a block whose boundary was a guess is marked `inferred`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Cell, Row
from ..typography import PDF_INLINE_BULLET, SENTENCE_END
from .items import Column, ColumnModel, Spacing, body_threshold, column_right, gap, join, promote_dashes, would_fit
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
    inferred: bool = False  # a boundary or a join of its lines was a guess
    all: list[Line] = field(default_factory=list)  # its lines (OCR confidence)

    @property
    def conf(self) -> float | None:
        return mean_conf(self.all or [self.first])


def segment(lines: list[Line], st: Stats, s: PdfSettings, cell: bool = False,
            model: ColumnModel | None = None, body_limit: float | None = None) -> list[Draft]:
    """Lines (possibly over several pages) -> drafts of blocks. `model`: the
    spacing of the table column the lines (one cell) are in."""
    out = []
    cur = None
    wrap = st.cell_wrap if cell else st.body_wrap
    right = max((ln.x1 for ln in lines), default=0.0) if cell else None
    same_size, body_size, ocr_pages = s.same_size, st.body_size, st.ocr_pages
    for ln in lines:
        text = ln.text
        if not text.strip() and not ln.bullet:
            continue
        hstyle = None if cell else heading_style(ln, body_size, s)
        style = (ln.size, hstyle)
        new_kind = "heading" if hstyle else ("item" if ln.bullet or ln.numbered else "paragraph")
        guessed = False
        if cur is not None:
            prev = cur.last
            # another print (heading style, or a size apart by more than the
            # rounding of sizes: jitter of a producer's scaling is not one)
            other_print = hstyle != cur.style[1] or abs(ln.size - cur.style[0]) >= same_size
            if ln.bullet or other_print or (ln.numbered and not hstyle):
                cont = False
            elif model is not None and ln.page not in ocr_pages and prev.page not in ocr_pages:
                cont, guessed = _cell_join(cur, prev, ln, model, right, s)
            elif ln.page != prev.page:
                cont = _continues_across_pages(cur, ln, prev, st, s, cell)
            else:
                gap = ln.y0 - prev.y1
                limit = s.para_limit(wrap, ln.size)
                if body_limit is not None and abs(ln.size - st.body_size) < s.same_size:
                    limit = min(limit, body_limit)
                if ln.page in st.ocr_pages:
                    limit = max(limit, s.ocr_para_gap * ln.size)  # OCR baselines are off by a point or two
                cont = gap <= limit
                if cont and ln.page in st.ocr_pages and (cell or cur.kind == "item") \
                        and _lost_bullet(prev, ln, right if cell else st.edges.get(ln.page, (0.0, prev.x1))[1], s):
                    cont, guessed = False, True
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
                cur.inferred = cur.inferred or guessed
                cur.all.append(ln)
                continue
            if guessed:
                cur.inferred = True  # where it ends was a guess
        cur = Draft(new_kind, [text], [ln.page], ln.page, 0, ln.bx0, ln.tx0, style, ln, ln, guessed, [ln])
        out.append(cur)
    if cell:
        return out  # (no headings in a cell)
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


def _cell_join(cur: Draft, prev: Line, ln: Line, m: ColumnModel, right: float, s: PdfSettings) -> tuple[bool, bool]:
    """Does line `ln` of a cell go on with block `cur`? -> (continues, guessed).
    `right`: the right edge of the cell's own text."""
    if cur.kind == "item":
        # a bulleted item: its bullet and the next one mark it (certain)
        if ln.page != prev.page:
            return (hanging(cur.bx0, cur.tx0, s) and past_indent(ln.x0, cur.bx0, cur.tx0, s)) \
                or starts_lower(ln), False
        if not m.borrowed and m.gap_says(gap(prev, ln)):
            return False, False  # a paragraph after the item
        if hanging(cur.bx0, cur.tx0, s) and not past_indent(ln.x0, cur.bx0, cur.tx0, s):
            # at the glyph's position without a glyph: a new paragraph, unless the
            # item's line ended because this word did not fit ("• a • b" lists)
            return _wrapped(prev, ln, right, s), False
        return True, False
    return join(prev, ln, m, s, page_break=ln.page != prev.page)


def _lost_bullet(prev: Line, ln: Line, right: float, s: PdfSettings) -> bool:
    """On an OCR'd page, OCR may drop a bullet, and OCR'd gaps are too ragged to
    tell items apart: a line of a cell or a list item that starts with a
    capital after a line that stopped short (its first word would have fitted)
    and did not end a clause is taken to start an item, as a guess."""
    first = ln.text.lstrip()[:1]
    if not first.isupper() or prev.text.rstrip().endswith((",", "-", "–", ":", "(")):
        return False
    return not _wrapped(prev, ln, right, s)


def _wrapped(prev: Line, ln: Line, right: float, s: PdfSettings) -> bool:
    """Did line `prev` end because the first word of `ln` would not fit
    before `right` (the text's right edge)?"""
    return bool(ln.pieces[0].text.strip()) and not would_fit(prev, ln, right, s)


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
    return Block(b.kind, tuple(b.lines), b.page, b.level, inferred=b.inferred, confidence=b.conf)


def cell_blocks(bs: list[Draft]) -> list[Block]:
    """The blocks of a cell, cut at list glyphs inside their lines: each
    glyph starts an item (on the page of the line it stands in)."""
    out = []
    for b in bs:
        if b.kind == "heading" or not PDF_INLINE_BULLET.search("\n".join(b.lines)):  # (a glyph in any line)
            out.append(to_block(b))
            continue
        kind, level = b.kind, b.level  # of the text before the first glyph
        lines, pages = [], []
        for x, pg in zip(b.lines, b.pages):
            for k, part in enumerate(PDF_INLINE_BULLET.split(x)):
                if k:
                    if lines:
                        out.append(Block(kind, tuple(lines), pages[0], level, inferred=b.inferred, confidence=b.conf))
                    kind, level = "item", 0
                    lines, pages = [], []
                if part.strip():
                    lines.append(part)
                    pages.append(pg)
        if lines:
            out.append(Block(kind, tuple(lines), pages[0], level, inferred=b.inferred, confidence=b.conf))
    return out


def _columns(t: Table) -> list[list[list[Line]]]:
    """Per column, the cells of the rows that have every column."""
    n = max((len(r.cells) for r in t.rows), default=0)
    return [[r.cells[c] for r in t.rows if len(r.cells) == n] for c in range(n)]


def _measured(t: Table, cells: list[list[Line]]) -> list[list[Line]]:
    """The runs of lines a column's gaps are measured in: each cell of a
    ruled table (borders and paddings lie between cells); the whole column
    below its header in a table without rules, whose rows were cut at
    paragraph gaps (extract.pdf.columns.bands), so those gaps count too."""
    if t.ruled:
        return cells
    return [[ln for cell in cells[1 if t.header else 0:] for ln in cell]]


def _right_bound(t: Table, c: int, lines: list[Line], st: Stats, s: PdfSettings) -> float | None:
    """How far right a full line of column c may run (None: unknown)."""
    if not lines:
        return None
    x0 = min(ln.x0 for ln in lines)
    size = lines[0].size
    if t.ruled:
        xs = t.cols
        return xs[c + 1] - max(0.0, x0 - xs[c]) if c + 1 < len(xs) else None
    if c + 1 < len(t.cols):
        return t.cols[c + 1][0] - s.gutter(size)
    right = max((st.edges.get(ln.page, (0.0, 0.0))[1] for ln in lines), default=0.0)
    return right if right > x0 else None


def _measures(t: Table, st: Stats, s: PdfSettings, spacing: Spacing) -> list[Column]:
    """Each column's measure (extract.pdf.items.Spacing.measure), in order."""
    out = []
    for c, cells in enumerate(_columns(t)):
        flat = [ln for cell in cells for ln in cell]
        out.append(spacing.measure(_measured(t, cells), column_right(flat, _right_bound(t, c, flat, st, s)),
                                   st.ocr_pages))
    return out


def table_block(t: Table, st: Stats, s: PdfSettings, spacing: Spacing | None = None,
                columns: list[Column] | None = None) -> Block:
    """The table's block; `columns`: its columns as measured already."""
    models: dict[int, ColumnModel] = {}
    if spacing is not None:
        for c, col in enumerate(columns if columns is not None else _measures(t, st, s, spacing)):
            models[c] = spacing.model(col)
            models[c].ruled = t.ruled
    ncols = len(models)
    rows = []
    for row in t.rows:
        full = len(row.cells) == ncols
        cells = tuple(Cell(tuple(cell_blocks(segment(lines, st, s, cell=True, model=models.get(c) if full else None))))
                      for c, lines in enumerate(row.cells))
        rows.append(Row(cells, row.page))
    return Block("table", (), t.page, 0, tuple(rows))


def _with_dash_lists(t: Table, s: PdfSettings) -> Table:
    """The table with dash-led list lines of each column made bullet lines
    (extract.pdf.items.promote_dashes)."""
    n = max((len(r.cells) for r in t.rows), default=0)
    for c in range(n):
        where = [(r, len(r.cells[c])) for r in t.rows if c < len(r.cells)]
        flat = [ln for r, _k in where for ln in r.cells[c]]
        new = promote_dashes(flat, s)
        if new is flat:
            continue
        i = 0
        for r, k in where:
            r.cells[c] = new[i:i + k]
            i += k
    return t


def flow_blocks(flow: list, st: Stats, s: PdfSettings) -> list[Block]:
    """The document's elements in reading order (body lines and tables) ->
    blocks: runs of lines between tables are segmented as one; table cells
    by the spacing their columns show (learned over all tables first)."""
    spacing = Spacing(s)
    measured: dict[int, list[Column]] = {}  # id(table) -> its columns, measured once for both uses
    for it in flow:
        if isinstance(it, Table):
            _with_dash_lists(it, s)
            measured[id(it)] = cols = _measures(it, st, s, spacing)
            for col in cols:
                spacing.learn(col)
    blocks: list[Block] = []
    run: list[Line] = []
    # the body's own paragraph gap (a list set with 2 pt between its items is
    # cut there, below the fixed slack of PdfSettings.para_limit)
    body_limit = body_threshold([it for it in flow if not isinstance(it, Table)], st.body_size, st.ocr_pages, s)
    for it in flow:
        if isinstance(it, Table):
            if run:
                blocks.extend(to_block(b) for b in segment(promote_dashes(run, s), st, s, body_limit=body_limit))
                run = []
            blocks.append(table_block(it, st, s, spacing, measured[id(it)]))
        else:
            run.append(it)
    if run:
        blocks.extend(to_block(b) for b in segment(promote_dashes(run, s), st, s, body_limit=body_limit))
    return blocks
