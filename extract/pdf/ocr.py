"""OCR of pages without a text layer (scans), with PyMuPDF's Tesseract binding.

A page whose text is missing or mostly U+FFFD, but which has an image, is
rendered in grey (300 dpi) and OCR'd in Swedish and English. Table ruling
lines are first found in the image (long thin runs of dark pixels that meet
another rule at an end -- a letter's stem does not), erased so that
Tesseract does not read them as "|" or "—", and handed on as the segments
of the page's grid. OCR'd words come with ragged boxes and sizes: sizes near
the page's common size are snapped to it and every box is rebuilt from its
baseline, so lines group and paragraph gaps measure as on a born-digital
page. Bullets that OCR read as "e", "«", "°" ... become "•" again.

Tesseract missing (or without Swedish/English data) -> NeedsOCR, which the
reader turns into a ReadError naming the pages.
"""
from __future__ import annotations

import os

import pymupdf

from ..typography import BULLET, OCR_BULLET, OCR_BULLET_LEAD, OCR_BULLET_TRAILERS
from .primitives import Piece
from .rulings import Segments
from .settings import PdfSettings

OCR_LANGUAGES = ("swe", "eng")


class NeedsOCR(Exception):
    """Page `pno` has no text layer and cannot be OCR'd here (`why`)."""

    def __init__(self, pno, why):
        super().__init__(why)
        self.pno = pno
        self.why = why


def tessdata_languages(pno) -> tuple[str, list[str]]:
    """Tesseract's data folder and the languages of OCR_LANGUAGES it has."""
    try:
        tessdata = pymupdf.get_tessdata()
    except Exception:
        tessdata = None
    if not tessdata or not os.path.isdir(tessdata):
        raise NeedsOCR(pno, "Tesseract OCR is not installed (install tesseract-ocr and tesseract-ocr-swe)")
    langs = [lang for lang in OCR_LANGUAGES if os.path.exists(os.path.join(tessdata, lang + ".traineddata"))]
    if not langs:
        raise NeedsOCR(pno, f"Tesseract has no Swedish or English language data in {tessdata} (install tesseract-ocr-swe)")
    return tessdata, langs


def ocr_textpage(page, pno, flags, s: PdfSettings):
    """OCR a page without a text layer. Table ruling lines are found in the
    page image first, erased so that Tesseract does not read them as "|" or
    "—", and returned as segments for the grid finder. Returns (textpage,
    horizontal segments, vertical segments)."""
    tessdata, langs = tessdata_languages(pno)
    hs, vs = [], []
    target = page
    try:
        pix = page.get_pixmap(dpi=s.ocr_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        hs, vs, clean = image_rules(pix, page.rect, s)
        if clean is not None:
            tmp = pymupdf.open()
            target = tmp.new_page(width=page.rect.width, height=page.rect.height)
            target.insert_image(target.rect, pixmap=clean)
    except Exception:  # pragma: no cover - line finding is a help, never a must
        hs, vs, target = [], [], page
    try:
        tp = target.get_textpage_ocr(flags=flags, language="+".join(langs), dpi=s.ocr_dpi, full=True,
                                     tessdata=tessdata)
    except Exception as e:  # pragma: no cover - depends on the installation
        raise NeedsOCR(pno, f"Tesseract OCR failed: {e}") from e
    return tp, hs, vs


def image_rules(pix, rect, s: PdfSettings) -> tuple[Segments, Segments, object]:
    """Ruling lines in a grey page image: (hs, vs) in page points and a copy of
    the image with those lines painted white (None if there were none)."""
    import numpy as np

    h, w = pix.height, pix.width
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(h, pix.stride)[:, :w]
    dark = a < s.ocr_dark
    zx, zy = w / rect.width, h / rect.height  # pixels per point
    hsegs = runs_to_segments(dark, min_len=max(s.ocr_rule_min_px, int(s.ocr_hrule_share * w)),
                             max_thick=int(s.ocr_rule_thick * zy) + 1, overlap=s.ocr_run_overlap)
    vsegs = runs_to_segments(dark.T, min_len=max(s.ocr_rule_min_px, int(s.ocr_vrule_min * zy)),
                             max_thick=int(s.ocr_rule_thick * zx) + 1, overlap=s.ocr_run_overlap)
    # a ruling line of a table meets another one at an end; a letter stem does not
    tol = int(s.ocr_rule_meet * zy) + 1
    vsegs = [v for v in vsegs if any(
        h[2] - tol <= (v[0] + v[1]) / 2 <= h[3] + tol
        and (abs(v[2] - (h[0] + h[1]) / 2) <= tol or abs(v[3] - (h[0] + h[1]) / 2) <= tol)
        for h in hsegs)]
    if not vsegs:
        return [], [], None  # no table grid: leave the image as it is
    clean = a.copy()
    m = s.ocr_erase_px
    for (r0, r1, c0, c1) in hsegs:
        clean[max(0, r0 - m):r1 + 1 + m, c0:c1 + 1] = 255
    for (r0, r1, c0, c1) in vsegs:
        clean[c0:c1 + 1, max(0, r0 - m):r1 + 1 + m] = 255
    out = pymupdf.Pixmap(pymupdf.csGRAY, w, h, clean.tobytes(), False)
    hs = [((r0 + r1 + 1) / 2 / zy + rect.y0, c0 / zx + rect.x0, (c1 + 1) / zx + rect.x0) for r0, r1, c0, c1 in hsegs]
    vs = [((r0 + r1 + 1) / 2 / zx + rect.x0, c0 / zy + rect.y0, (c1 + 1) / zy + rect.y0) for r0, r1, c0, c1 in vsegs]
    return hs, vs, out


def runs_to_segments(dark, min_len, max_thick, overlap):
    """Long horizontal runs of True in a boolean image, merged over adjacent
    rows (overlapping by `overlap` of the shorter run) into thin segments:
    list of (row0, row1, col0, col1)."""
    import numpy as np

    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    d = np.diff(padded, axis=1)
    rs, cs = np.nonzero(d == 1)
    re_, ce = np.nonzero(d == -1)
    keep = (ce - cs) >= min_len
    runs = sorted(zip(rs[keep].tolist(), cs[keep].tolist(), (ce[keep] - 1).tolist()))
    segs = []  # [row0, row1, col0, col1]
    active = []
    for r, c0, c1 in runs:
        hit = None
        for sgm in active:
            if sgm[1] == r - 1 and min(sgm[3], c1) - max(sgm[2], c0) >= overlap * min(sgm[3] - sgm[2], c1 - c0):
                hit = sgm
                break
        if hit is not None:
            hit[1] = r
            hit[2], hit[3] = min(hit[2], c0), max(hit[3], c1)
        else:
            sgm = [r, r, c0, c1]
            segs.append(sgm)
            active.append(sgm)
        active = [x for x in active if x[1] >= r - 1]
    return [tuple(x) for x in segs if x[1] - x[0] + 1 <= max_thick]


def ocr_normalize(d, pieces: list[Piece], s: PdfSettings) -> None:
    """OCR'd words come with ragged boxes and sizes that differ from word to
    word. Snap sizes near the page's common size to it and rebuild every box
    from the baseline, so that lines group and paragraph gaps measure as in a
    born-digital PDF. OCR has no bold."""
    if not pieces:
        return
    weights = {}
    for p in pieces:
        k = round(p.size)
        weights[k] = weights.get(k, 0) + len(p.text.strip())
    common = max(weights, key=weights.get)
    lo, hi = s.ocr_size_low * common, s.ocr_size_high * common
    blocks = d["blocks"]
    for p in pieces:
        p.bold = False
        size = common if lo <= p.size <= hi else round(p.size)
        base = p.y1
        if p.ref is not None:
            bi, li, si = p.ref
            base = blocks[bi]["lines"][li]["spans"][si]["origin"][1]
        p.size = size
        p.y0, p.y1 = base - s.ocr_ascent * size, base + s.ocr_descent * size


def ocr_bullets(pieces: list[Piece], s: PdfSettings) -> None:
    """A bullet read by OCR ("e", "e«", "°" ...) is the first word of its line
    and stands apart from the text after it: make it the real glyph again, so
    the list reads as a list, and drop the "=" Tesseract often adds after it."""
    rows: list[list] = []
    for p in sorted(pieces, key=lambda p: p.y1):  # same baseline, within OCR's raggedness
        if rows and abs(p.y1 - rows[-1][0].y1) <= s.ocr_row * p.size:
            rows[-1].append(p)
        else:
            rows.append([p])
    drop = set()
    for row in rows:
        row.sort(key=lambda p: p.x0)
        words = [p for p in row if p.text.strip()]
        if not words or (len(words) < 2 and not OCR_BULLET_LEAD.match(words[0].text)):
            continue
        m = OCR_BULLET_LEAD.match(words[0].text)
        if m and not OCR_BULLET.match(words[0].text.strip()):
            words[0].text = BULLET + " " + words[0].text[m.end():]
            continue
        first, nxt = words[0], words[1]
        if OCR_BULLET.match(first.text.strip()) and nxt.x0 - first.x1 >= s.ocr_bullet_gap * first.size:
            first.text = BULLET
            if nxt.text.strip() in OCR_BULLET_TRAILERS and len(words) > 2:
                drop.add(id(nxt))
    if drop:
        pieces[:] = [p for p in pieces if id(p) not in drop]
