"""Tables and rows broken across page breaks (and rows broken by a wrapped label).

A table that ends a page and a table with the same column grid that starts
the next page are one table; rows keep their own page. The next page's part
may repeat the header row (dropped when it is the same text) or start with
a header of its own (a new table: not joined). A row split by the page break
-- first part with empty value cells, continuation with empty leading cells,
or continuation text that starts in lower case or is indented to the text of
the last item above it -- is merged into one row whose cell lines keep their
own pages. Tables of free-flowing columns (extract.pdf.tables) go on in
their one body row.
"""
from __future__ import annotations

from ..typography import OPEN_END
from .primitives import Line, Table, TableRow, first_text, hanging, past_indent, starts_lower
from .settings import PdfSettings


def continues_row(a: list[list[Line]], b: list[list[Line]], s: PdfSettings) -> bool:
    """Does row b (cells of lines) continue row a (split by a page break or a
    wrapped label)?"""
    if len(a) != len(b) or not any(b):
        return False
    a_full = [bool(first_text(c)) for c in a]
    b_full = [bool(first_text(c)) for c in b]
    if not any(a_full):
        return False
    # values beside a continued label: b's first cell empty, b fills cells a left empty
    if a_full[0] and not b_full[0] and any(bf and not af for af, bf in zip(a_full, b_full)):
        return all((not bf) or (not af) or starts_lower(first_text(bc))
                   for af, bf, bc in zip(a_full, b_full, b))
    # b's first cell empty, and each non-empty cell of b goes on from an
    # unfinished text in a ("Götene-," / "Tibro- ...")
    if a_full[0] and not b_full[0] and all((not bf) or (af and _ends_open(ac)) for af, bf, ac in zip(a_full, b_full, a)):
        return True
    # a row broken by the page: some cell of b continues the text of a's cell
    # (its other cells may start new paragraphs)
    return any(af and bf and _continues_cell(ac, bc, s) for af, bf, ac, bc in zip(a_full, b_full, a, b))


def _ends_open(lines: list[Line]) -> bool:
    """Does the text of these lines stop in the middle (trailing comma, dash...)?"""
    for ln in reversed(lines):
        t = ln.text.rstrip()
        if t:
            return t[-1] in OPEN_END
    return False


def _continues_cell(a_lines: list[Line], b_lines: list[Line], s: PdfSettings) -> bool:
    first = first_text(b_lines)
    if first is None or first.bullet or first.numbered:
        return False
    if starts_lower(first):
        return True
    # indented to the text of a's last item
    last_item = next((ln for ln in reversed(a_lines) if ln.bullet), None)
    return last_item is not None and bool(a_lines) and past_indent(first.x0, last_item.bx0, last_item.tx0, s) \
        and hanging(last_item.bx0, last_item.tx0, s)


def _same_columns(a: Table, b: Table, s: PdfSettings) -> bool:
    if a.ruled != b.ruled or len(a.cols) != len(b.cols):
        return False
    if a.ruled:
        return all(abs(x - y) <= s.same_columns_tol for x, y in zip(a.cols, b.cols))
    return all(min(x[1], y[1]) > max(x[0], y[0]) for x, y in zip(a.cols, b.cols))


def _row_text(cells: list[list[Line]]) -> list[str]:
    return [" ".join(ln.text for ln in c).strip() for c in cells]


def _extend(row: TableRow, cells: list[list[Line]]) -> TableRow:
    """The row with each cell's lines followed by those of `cells`."""
    return TableRow(row.page, [x + y for x, y in zip(row.cells, cells)], row.bold)


def join_tables(a: Table, b: Table, s: PdfSettings) -> bool:
    """Append b (first element of the next page) to a (last element of the
    previous page) if it continues it. Returns True if joined."""
    if not _same_columns(a, b, s) or not a.rows or not b.rows:
        return False
    if a.flow or b.flow:
        # free-flowing columns: the next page's part goes on in the body row
        # (paragraphs broken by the page are joined when the cells are read)
        brows = list(b.rows)
        if b.header:
            if _row_text(b.rows[0].cells) != _row_text(a.rows[0].cells):
                return False  # a new table
            brows = brows[1:]
        if brows:
            cells = [[ln for r in brows for ln in r.cells[c]] for c in range(len(brows[0].cells))]
            if a.header and len(a.rows) == 1:  # a header row that ended the page
                a.rows.append(TableRow(brows[0].page, cells, False))
            else:
                a.rows[-1] = _extend(a.rows[-1], cells)
        a.flow = True
        return True
    a_head, b_head = a.rows[0], b.rows[0]
    brows = list(b.rows)
    if b_head.bold and a_head.bold and any(not r.bold for r in a.rows):
        # b starts with a header-styled row, like a: a repeated header or a new table
        if _row_text(b_head.cells) != _row_text(a_head.cells):
            return False
        brows = brows[1:]
    if brows and continues_row(a.rows[-1].cells, brows[0].cells, s):
        a.rows[-1] = _extend(a.rows[-1], brows[0].cells)
        brows = brows[1:]
    a.rows.extend(brows)
    return True
