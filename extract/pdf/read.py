"""`read_pdf`: the PDF reader as a sequence of named steps.

    open -> read pages -> drop running lines -> find tables (pass 1)
         -> document statistics -> reading flow (pass 2) -> blocks -> Document

Each step is a module of this package; see extract/pdf/__init__.py for the
overview.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Document, renumber_pages
from .blocks import flow_blocks
from .flow import find_tables, layout_stats, reading_flow
from .margins import remove_running
from .page import open_pdf, page_ranges, read_pages
from .settings import PdfSettings

DEFAULT_SETTINGS = PdfSettings()


def read_pdf(path, settings: PdfSettings | None = None) -> Document:
    """Read the PDF at `path` into a Document (format "pdf", extraction
    "pdf-text", or "ocr" if any page had to be OCR'd)."""
    s = settings or DEFAULT_SETTINGS
    doc = open_pdf(path, s)
    try:
        pages, ocr_pages, fallback, sheets = read_pages(doc, Path(path).name, s)
        remove_running(pages, s)
        layouts = find_tables(pages, s)
        st = layout_stats(layouts, s)
        flow = reading_flow(layouts, st, s)
        blocks = flow_blocks(flow, st, s)
        out = _document(doc, path, blocks, ocr_pages, fallback)
        if len(pages) != doc.page_count:  # two-up sheets: each half was read as a page
            out.blocks = renumber_pages(blocks, dict(enumerate(sheets, start=1)))
            two = sorted({p for p in sheets if sheets.count(p) == 2})
            out.notes.append(f"page(s) {page_ranges(two)} hold two pages side by side, each read as a page of its own "
                             f"(left first)")
        return out
    finally:
        doc.close()


def _document(doc, path, blocks, ocr_pages, fallback=()) -> Document:
    notes = []
    if ocr_pages:
        notes.append(f"page(s) {page_ranges(ocr_pages)} had no usable text layer and were OCR'd (Tesseract)")
    if fallback:
        notes.append(f"page(s) {page_ranges(fallback)} are scans read from the invisible text another OCR left on "
                     f"them (Tesseract is not installed here: install tesseract-ocr and tesseract-ocr-swe to read "
                     f"them again)")
    meta = doc.metadata or {}
    title = meta.get("title") or None
    return Document(source=str(path), format="pdf", extraction="ocr" if ocr_pages or fallback else "pdf-text",
                    blocks=blocks, page_count=doc.page_count, title=title.strip() if title else None,
                    notes=notes, date=pdf_date(meta.get("modDate") or meta.get("creationDate")))


def pdf_date(raw: str | None) -> str | None:
    """PDF date string "D:20211122103743Z'" -> "2021-11-22T10:37:43"."""
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", (raw or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, sec = (g or dflt for g, dflt in zip(m.groups(), ("", "01", "01", "00", "00", "00")))
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}"
