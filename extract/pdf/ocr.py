"""OCR of pages without a text layer (scans): image, grid, cells, words.

One page (`read_scan`):
  1. the page image made ready (extract.pdf.ocr_image): flattened paper,
     turned upright, deskewed, scaled to 300 dpi, binarised, specks removed;
  2. ruling lines found by morphology and made into grids
     (extract.pdf.ocr_grid), the same grids a text layer's vector rulings make;
     a grid whose cells hold numbers stacked on lines of their own lost its
     row rules to the scan, and its words are read as a table without rules;
  3. every cell with ink read on its own with Tesseract (a block of text, in
     Swedish); a cell that reads as a short number is read again with a
     digit-and-% whitelist as one line (extract.pdf.ocr_words);
  4. the rest of the page, rules and tables painted out, read as words with
     their boxes and confidences; a number among them re-read likewise, and
     kept where it finds a "%";
  5. bullets and lone words (a score far right of its row) that OCR left out
     are found in the image and read (extract.pdf.ocr_marks);
     words become the reader's pieces, with the page's common size and boxes
     rebuilt from baselines, bullets restored, confidences kept.
A page whose words read with low confidence may be upside down or sideways:
Tesseract's orientation model is asked, and the page is read again the
right way up when the model is sure.

Pages are OCR'd `ocr_threads` at a time (Tesseract releases the GIL); their
images are rendered one by one in the calling thread (PyMuPDF is not
thread-safe) and at most a few are held at once.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .grids import Grid
from .ocr_engine import NeedsOCR, engine, tessdata
from .ocr_grid import blank_tables, cell_boxes, find_rules, has_ink, page_grids
from .ocr_image import prepare, render
from .ocr_marks import bullets, unread
from .ocr_words import (body_number, choose_number, looks_numeric, no_specks, normalize_sizes, number_words,
                        ocr_bullets, restore_point, stacked_numbers, to_pieces)
from .primitives import Piece, mean_conf
from .settings import PdfSettings

__all__ = ["NeedsOCR", "OcrPage", "ocr_pages", "read_scan", "set_progress"]

# Marks a speck beside a number is read as (not a full stop, comma or "%").
SPECK_MARKS = ":;'`´|!"

# Called as progress(done, total) while a document's pages are OCR'd (a
# terminal line for long work); set by the run, None by default.
_progress = None


def set_progress(fn) -> None:
    global _progress
    _progress = fn


@dataclass(slots=True)
class OcrPage:
    """What OCR read on one page, in points of the upright page."""
    body: list[Piece]
    grids: list[Grid]
    width: float
    height: float
    quarter: int  # quarter turns (counter-clockwise) that made it upright
    angle: float  # skew removed, degrees
    conf: float | None  # mean word confidence


def read_scan(gray, dpi: int, pno: int, s: PdfSettings) -> OcrPage:
    """OCR one page image (grey, at `dpi`)."""
    eng = engine()
    prep = prepare(gray, dpi, s, turn=lambda bw, d: _turn(eng, bw, d, s))
    res = _read(prep, pno, s, eng)
    if res.conf is None or res.conf < s.ocr_recheck_conf:
        q, c = eng.orientation(prep.bw, prep.dpi)
        if q and c >= s.ocr_turn_conf:
            again = _read(prepare(gray, dpi, s, quarter=(prep.quarter + q) % 4), pno, s, eng)
            if (again.conf or 0.0) > (res.conf or 0.0):
                res = again
    return res


def _turn(eng, bw, dpi, s: PdfSettings) -> int:
    q, c = eng.orientation(bw, dpi)
    return q if c >= s.ocr_turn_conf else 0


def read_cell(eng, box, s: PdfSettings):
    """The words of one table cell: a block of text, or a number, read again
    with the digit whitelist and the two readings reconciled."""
    words = no_specks(eng.words(box), s)
    if words and not looks_numeric(" ".join(w.text for w in words), s):
        return words
    nums = number_words(eng.words(box, line=True, digits=True))
    words = number_words(words) or words  # a hair read as "Fd" beside the number
    if len(words) <= 1 and len(nums) <= 1:
        img, dpi = eng.image, eng.dpi
        w = choose_number(*(restore_point(x[0], img, dpi, s) if x else None for x in (words, nums)))
        if w is None or (w.conf < s.ocr_noise_conf and len(w.text) <= 2):
            return []  # a speck read as "4" in an empty cell, or a number nobody can read
        return [w]
    return nums or words


def _body_words(eng, s: PdfSettings):
    """The page's words; a number among them (of a table without rules) read
    again with the digit whitelist, which is kept where it finds a "%" the
    Swedish model misread ("45N", "459") or drops a speck read as a mark ("19:")."""
    words = no_specks(eng.words(), s)
    h, wd = eng.shape
    for i, w in enumerate(words):
        if body_number(w.text, s) and not w.text.endswith("%"):
            pad = max(2, (w.y1 - w.y0) // 4)
            box = (max(0, w.x0 - pad), max(0, w.y0 - pad), min(wd, w.x1 + pad), min(h, w.y1 + pad))
            again = number_words(eng.words(box, line=True, digits=True))
            if len(again) == 1 and again[0].text[0] == w.text[0]:
                if again[0].text.endswith("%"):
                    words[i] = again[0]
                elif w.text[-1] in SPECK_MARKS and again[0].text.rstrip(".,") == w.text[:-1]:
                    w.text = w.text[:-1]  # the number model saw no ":" there
    return words


def _read(prep, pno: int, s: PdfSettings, eng) -> OcrPage:
    bw, dpi = prep.bw, prep.dpi
    hs, vs, mask = find_rules(prep.grey, bw, dpi, s)
    grids = page_grids(hs, vs, dpi, pno, s)
    if hs or vs:
        bw = bw.copy()
        bw[mask > 0] = 255  # no rule is ever read as "|", "[" or "1"
    cells: list[list[Piece]] = []
    loose: list[Piece] = []  # the words of a grid that lost its row rules
    found = list(grids)
    if grids:
        eng.set_image(bw, dpi)
        for g in grids:
            for cid, box in cell_boxes(g, dpi, s):
                if has_ink(bw, box, dpi, s):
                    words = read_cell(eng, box, s)
                    ps = to_pieces(words + bullets(bw, words, dpi, s, box), dpi)
                    if ps:
                        g.pieces[cid] = ps
        for g in list(grids):
            if any(stacked_numbers(ps) for ps in g.pieces.values()):
                grids.remove(g)  # its rows are read from its words, as a table without rules
                loose += [p for ps in g.pieces.values() for p in ps]
            else:
                cells += list(g.pieces.values())
    body_img = blank_tables(bw, found, dpi) if found else bw
    eng.set_image(body_img, dpi)
    words = _body_words(eng, s)
    words += bullets(body_img, words, dpi, s)
    for box in unread(body_img, words, dpi, s):  # what the page layout analysis dropped
        words += [w for w in read_cell(eng, box, s) if w.conf >= s.ocr_unread_conf]
    body = to_pieces(words, dpi) + loose
    every = body + [p for ps in cells for p in ps]
    normalize_sizes(every, s)
    ocr_bullets(body, s)
    for ps in cells:
        ocr_bullets(ps, s)
    h, w = bw.shape
    return OcrPage(body, grids, w * 72 / dpi, h * 72 / dpi, prep.quarter, prep.angle, mean_conf(every))


def ocr_pages(doc, pnos: list[int], s: PdfSettings):
    """OCR the pages `pnos` (0-based) of `doc`: yields (pno, OcrPage) in order.
    Raises NeedsOCR naming the first page when Tesseract is not there."""
    try:
        tessdata()
    except NeedsOCR as e:
        raise NeedsOCR(pnos[0] + 1, e.why) from None
    total = len(pnos)
    threads = max(1, min(s.ocr_threads, total))
    done = 0
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ocr") as pool:
        queue: deque = deque()
        it = iter(pnos)
        for pno in it:
            gray, dpi = render(doc.load_page(pno), s)
            queue.append((pno, pool.submit(read_scan, gray, dpi, pno + 1, s)))
            del gray
            if len(queue) > threads:
                break
        while queue:
            pno, fut = queue.popleft()
            try:
                res = fut.result()
            except NeedsOCR as e:
                raise NeedsOCR(pno + 1, e.why) from None
            nxt = next(it, None)
            if nxt is not None:
                gray, dpi = render(doc.load_page(nxt), s)
                queue.append((nxt, pool.submit(read_scan, gray, dpi, nxt + 1, s)))
                del gray
            done += 1
            if _progress is not None:
                _progress(done, total)
            yield pno, res
