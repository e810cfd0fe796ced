"""The page elements in reading order: body lines and tables.

Pass 1 (`find_tables`), per page: the ruled tables (grids with text) and the
column runs among the body lines (extract.pdf.columns); a run that reaches
the end of a page may go on at the top of the next page, unless a ruled
table ends that page. The document statistics are taken after this pass,
from the body lines outside the runs and the cells of all tables.

Pass 2 (`reading_flow`): each column run becomes a table or stays body
lines (extract.pdf.tables, using the statistics' cell wrap gap); ruled tables
are merged in among the body lines by their vertical position; a table that
starts a page is joined to the table that ended the previous page when it
continues it (extract.pdf.joins).
"""
from __future__ import annotations

from dataclasses import dataclass

from .joins import join_tables
from .page import Page
from .primitives import Table
from .settings import PdfSettings
from .stats import Stats, doc_stats
from .tables import Region, find_regions, grid_table, region_table


@dataclass(slots=True)
class PageLayout:
    """One page after pass 1: its ruled tables (top to bottom) and its body
    items (lines and column runs) in order."""
    page: Page
    tables: list[Table]
    items: list  # Line | Region


def find_tables(pages: list[Page], s: PdfSettings) -> list[PageLayout]:
    """Pass 1: ruled tables and column runs of every page."""
    layouts: list[PageLayout] = []
    carry = None
    for pg in pages:
        tables = [t for t in (grid_table(g, s) for g in pg.grids) if t.rows]
        items, carry_in = find_regions(pg.body, carry, s)
        if carry is not None and items and isinstance(items[0], Region) and items[0].run.continued:
            prev = next((x for x in reversed(layouts[-1].items) if isinstance(x, Region)), None)
            if prev is not None:
                prev.goes_on = True
        carry = carry_in
        if carry is not None and tables and tables[-1].y1 > items[-1].y0:
            carry = None  # a grid table ends the page, not the run
        layouts.append(PageLayout(pg, tables, items))
    return layouts


def layout_stats(layouts: list[PageLayout], s: PdfSettings) -> Stats:
    """The document statistics (extract.pdf.stats) after pass 1: body lines
    are those outside the column runs; the runs' columns count as cells."""
    pages = [lay.page for lay in layouts]
    grid_tables = [t for lay in layouts for t in lay.tables]
    columns = [c for lay in layouts for x in lay.items if isinstance(x, Region) for c in x.columns]
    bodies = {lay.page.no: [x for x in lay.items if not isinstance(x, Region)] for lay in layouts}
    return doc_stats(pages, grid_tables, columns, bodies, s)


def reading_flow(layouts: list[PageLayout], st: Stats, s: PdfSettings) -> list:
    """Pass 2: the elements (Line | Table) of all pages in reading order."""
    flow: list = []
    for lay in layouts:
        tables = lay.tables
        body: list = []
        for it in lay.items:
            if isinstance(it, Region):
                t = region_table(it, st, s)
                if t is None:
                    body.extend(it.lines)
                else:
                    body.append(t)
            else:
                body.append(it)
        # merge grid tables into the lines by vertical position
        merged: list = []
        ti = 0
        for it in body:
            y = it.y0
            while ti < len(tables) and tables[ti].y0 <= y:
                merged.append(tables[ti])
                ti += 1
            merged.append(it)
        merged += tables[ti:]
        # join a table that starts this page to the one that ended the previous page
        if merged and flow and isinstance(merged[0], Table) and isinstance(flow[-1], Table) \
                and flow[-1].rows and flow[-1].rows[-1].page == merged[0].page - 1:
            if join_tables(flow[-1], merged[0], s):
                merged = merged[1:]
        flow += merged
    return flow

