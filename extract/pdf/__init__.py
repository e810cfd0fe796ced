"""Read a PDF into the block model (extract.model) with PyMuPDF only.

How it works (`read_pdf`, extract/pdf/read.py, one step per module):

1. open (page.py): the file is checked; every way it can be unreadable is a
   ReadError that says why.
2. read pages (page.py): ONE text page per page, `get_text("dict")` with the
   page's vector paths collected into it (its spans listed by native.py: the
   compiled _stext.c where `make setup` built it, else extractDICT itself;
   the two agree on every page). Spans become pieces (primitives.py);
   ruling lines come from the vectors (rulings.py) and make grids with merged
   cells (grids.py); every piece is placed into the grid cell that holds it,
   so the columns of a table never interleave (no pdfplumber: PyMuPDF's
   geometry is enough); the other pieces are grouped into visual lines by
   baseline, their bullet glyphs and list numbers read.
   Pages without a text layer but with an image are OCR'd (ocr.py and its
   ocr_* modules: the image prepared with OpenCV, ruling lines into the same
   grids, each cell read with Tesseract through tesserocr, two pages at once),
   into the same pieces, each with its word confidence.
3. drop running lines (margins.py, with extract.running): lines in the top
   or bottom margin band whose text (digits ignored) repeats on many pages,
   and bare page numbers there.
4. find tables (flow.py pass 1): the grids' tables (tables.py) and the column
   runs among the body lines -- tables without ruling lines (columns.py).
5. document statistics (stats.py): body size, wrap gaps of the body and of
   cells, heading levels by size, the body's edges per page.
6. reading flow (flow.py pass 2): column runs become tables or stay body
   lines; tables are merged in among the lines by position; a table that
   continues on the next page is joined to it, and a row split by the page
   break is merged into one row whose cell blocks keep their own pages
   (joins.py).
7. blocks (blocks.py): lines into headings, paragraphs and items, in the
   body and in each table cell.

Every number the reader decides by is a field of `PdfSettings` (settings.py),
with its reason. Bullet glyphs, list numbers and how lines join are
extract.typography's, shared with the other readers.

Nothing here knows what the document is about.
"""
from __future__ import annotations

from .read import pdf_date, read_pdf
from .settings import PdfSettings

__all__ = ["read_pdf", "pdf_date", "PdfSettings"]
