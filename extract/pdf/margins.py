"""Running headers and footers of PDF pages (the rule is extract.running's).

The candidates are the body lines whose vertical centre lies in the top or
bottom margin band of their page; a line there whose text (digits ignored)
repeats on many pages (on a scan: as OCR read it, a letter apart), or a bare
page number, is dropped wherever it falls
-- also between the rows of a table that continues on the next page. Text
inside a ruled table is never a candidate (it is not in the body).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..running import Candidate, running_lines
from .page import Page
from .settings import PdfSettings


def remove_running(pages: list[Page], s: PdfSettings) -> None:
    """Drop the running lines from the pages' body lines."""
    cands = []
    lines = []
    for pg in pages:
        top = s.top_band * pg.height
        bot = s.bottom_band * pg.height
        heads = []
        feet = []
        for ln in pg.body:
            cy = (ln.y0 + ln.y1) / 2
            if cy <= top:
                heads.append(ln)
            elif cy >= bot:
                feet.append(ln)
        # rank: the order from the page's edge (body lines run top to bottom)
        for band, band_lines in (("top", heads), ("bottom", feet[::-1])):
            for rank, ln in enumerate(band_lines):
                cands.append(Candidate(pg.no, ln.text, band, rank))
                lines.append(ln)
    if any(pg.ocr for pg in pages):
        cands = ocr_agreed(cands, s)
    drop = running_lines(cands, len(pages), s.running)
    if drop:
        gone = {id(lines[i]) for i in drop}
        for pg in pages:
            pg.body = [ln for ln in pg.body if id(ln) not in gone]


def ocr_agreed(cands: list[Candidate], s: PdfSettings) -> list[Candidate]:
    """OCR misreads a letter of a running header here and there ("Kommunkornpassen"):
    a candidate close to a text that other pages' candidates of its band repeat
    is taken to be that text, so that it repeats too (same order, same length)."""
    from rapidfuzz.fuzz import ratio

    counts = Counter((c.band, c.text) for c in cands)
    common = [(band, t) for (band, t), n in counts.most_common() if n >= 2]
    out = []
    for c in cands:
        if counts[(c.band, c.text)] < 2:
            best = next((t for band, t in common if band == c.band and ratio(c.text, t) >= s.ocr_running_ratio), None)
            if best is not None:
                c = replace(c, text=best)
        out.append(c)
    return out
