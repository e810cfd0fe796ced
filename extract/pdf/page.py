"""The page adapter over PyMuPDF: open the file, read each page once.

* `open_pdf` checks the file and turns every way it can be unreadable
  (missing, empty, not a PDF, encrypted, no pages, truncated) into a
  ReadError that says why.
* `read_page` makes ONE text page per page with `get_text("dict")`'s flags
  (spans with position, size and bold flag; listed by extract.pdf.native,
  compiled where `make setup` could build it) and TEXT_COLLECT_VECTORS: the
  page's vector paths (bbox, stroked, is-a-rectangle, colour) come with it at
  almost no cost, and the table grids are made from them
  (extract.pdf.rulings, extract.pdf.grids). Every span becomes a piece and
  is placed into the grid cell that contains it; other pieces are the page's
  body, grouped into lines. Only where a span crosses a table column
  boundary (PyMuPDF joins the end of a left cell and the start of the right
  cell into one span when they are close) is the same text page asked for
  `rawdict`, to split that span by character positions.
* A page without a usable text layer (a scan's image, text drawn as
  outlines, or text whose fonts map no glyph to a letter) is rendered and
  OCR'd (extract.pdf.ocr), after the other pages and several at once.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from pathlib import Path

import pymupdf

from ..errors import ReadError
from ..limits import check_page_content
from ..typography import composed
from .grids import Grid, grids_from_segments
from .native import page_blocks
from .primitives import Line, Piece, group_lines
from .rulings import segments_from_drawings, segments_from_vectors
from .settings import PdfSettings
from .two_up import halves, scan_halves

if TYPE_CHECKING:
    from .ocr import OcrPage

# dict extraction flags: keep whitespace, clip to the media box, expand
# ligatures (no TEXT_PRESERVE_LIGATURES), no images (faster).
# TEXT_COLLECT_VECTORS adds the page's vector paths (bbox, stroked, is-a-rectangle,
# colour) to the same text page at almost no cost: the ruling lines of tables
# come from there; get_cdrawings() is only called for pages with paths that are
# not plain rectangles/lines (a grid drawn as one path, charts).
FLAGS = (pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
         | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE | pymupdf.TEXT_COLLECT_VECTORS)

# a span's flags bit for a bold font; fonts whose names say so are bold too
BOLD_FLAG = 16
BOLD_WORDS = ("Bold", "Black", "Heavy", "Semibold", "SemiBold")

_bold_fonts: dict[str, bool] = {}


@dataclass(slots=True)
class Page:
    """A page read: its body lines (outside grids) and its grids."""
    no: int
    width: float
    height: float
    body: list[Line]
    grids: list[Grid]
    ocr: bool


def open_pdf(path, s: PdfSettings) -> pymupdf.Document:
    """Open the PDF at `path`, or raise a ReadError saying why it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"{p}: no such file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"{p}: cannot read file: {e}") from e
    if not data:
        raise ReadError(f"{p.name}: the file is empty (0 bytes)")
    pymupdf.TOOLS.mupdf_warnings()  # reset
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:
        raise ReadError(f"{p.name}: not a readable PDF (corrupt or not a PDF at all): {e}") from e
    if doc.needs_pass:
        doc.close()
        raise ReadError(f"{p.name}: the PDF is encrypted and needs a password")
    if doc.page_count == 0:
        doc.close()
        raise ReadError(f"{p.name}: the PDF has no pages")
    if doc.is_repaired and b"%%EOF" not in data[-s.eof_window:]:
        n = doc.page_count
        doc.close()
        raise ReadError(f"{p.name}: the PDF is truncated or damaged (no end-of-file marker; "
                        f"MuPDF had to repair it and found {n} page(s))")
    return doc


@dataclass(frozen=True, slots=True)
class _Scan:
    """A page (or half a two-page sheet) without a usable text layer, to OCR."""
    index: int  # the PDF's page, 0-based
    slot: int  # its place among the pages read
    clip: pymupdf.Rect | None = None  # the half of a two-page sheet; None: the whole page


def read_pages(doc, name: str, s: PdfSettings) -> tuple[list[Page], list[int], list[int], list[int]]:
    """Every page of `doc` read: (pages, numbers of the OCR'd pages, numbers of
    scanned pages read from another OCR's invisible text because Tesseract is
    missing here, the PDF page each of `pages` is on). Pages without a usable
    text layer are OCR'd after the others, several at once (extract.pdf.ocr);
    when OCR cannot be done, one ReadError names them. A sheet holding two
    pages side by side, printed or scanned, is read as two pages (two_up.py),
    numbered in reading order; the last list maps them back to the PDF's pages."""
    pages: list[Page | None] = []
    scans: list[_Scan] = []
    sheet: list[int] = []  # the PDF page of each of `pages`
    for i in range(doc.page_count):
        try:
            page = doc.load_page(i)
            check_page_content(doc, page, i + 1)
            sides = halves(page, s)
            if sides:
                for clip in sides:
                    pages.append(_read_part(page, clip, len(pages) + 1, s))
                    sheet.append(i + 1)
                continue
            pg = read_page(page, len(pages) + 1, s)
            parts = (scan_halves(page, s) or (None,)) if pg is None else ()
        except ReadError:
            raise
        except Exception as e:
            raise ReadError(f"{name}: page {i + 1} cannot be read (damaged PDF?): {e}") from e
        for clip in parts:
            scans.append(_Scan(i, len(pages), clip))
            pages.append(None)
            sheet.append(i + 1)
        if pg is not None:
            pages.append(pg)
            sheet.append(i + 1)
    physical = sorted({sc.index + 1 for sc in scans})
    if len(scans) > s.ocr_max_pages:
        raise ReadError(f"{name}: {len(scans)} pages ({page_ranges(physical)}) have no usable text "
                        f"layer and would need OCR; more than {s.ocr_max_pages} in one file is not attempted "
                        f"(a report has 30-60 pages): split the file or check that it is what was meant")
    if scans:
        # OCR (and numpy, OpenCV, Tesseract behind it) loads only for a file
        # that has a page to OCR: 0.1 s of every run's start-up otherwise
        from .ocr import NeedsOCR, ocr_pages
        current = scans[0]
        source, nos, of = _scan_source(doc, scans)
        try:
            for k, res in ocr_pages(source, nos, s):
                current = of[k]
                pages[current.slot] = scan_page(res, current.slot + 1, s)
        except NeedsOCR as e:
            # a scan that carries another OCR's invisible text: read that, and say so
            fallback = [_read_part(doc.load_page(sc.index), sc.clip, sc.slot + 1, s, invisible_ok=True) if sc.clip
                        else read_page(doc.load_page(sc.index), sc.slot + 1, s, invisible_ok=True) for sc in scans]
            if all(pg is not None and (pg.body or pg.grids) for pg in fallback):
                for sc, pg in zip(scans, fallback):
                    pages[sc.slot] = pg
                return pages, [], physical, sheet
            raise ReadError(f"{name}: page(s) {page_ranges(physical)} have no usable text layer (scanned) "
                            f"and need OCR, but {e.why}") from None
        except MemoryError:
            raise
        except Exception as e:
            raise ReadError(f"{name}: page {current.index + 1} (scanned) could not be OCR'd: {e}") from e
        finally:
            if source is not doc:
                source.close()
    return pages, physical, [], sheet


def _scan_source(doc, scans: list[_Scan]):
    """(document, its pages to OCR, page -> _Scan): `doc` itself, unless a
    two-page scanned sheet is among them; then a document of one page per
    scan, each showing its page or half-sheet alone."""
    if not any(sc.clip for sc in scans):
        return doc, [sc.index for sc in scans], {sc.index: sc for sc in scans}
    parts = pymupdf.open()
    for sc in scans:
        rect = sc.clip or doc.load_page(sc.index).rect
        new = parts.new_page(width=rect.width, height=rect.height)
        new.show_pdf_page(new.rect, doc, sc.index, clip=rect)
    return parts, list(range(len(scans))), dict(enumerate(scans))


def page_ranges(nos: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out, start, prev = [], None, None
    for n in nos + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(out)


class TextLayer(NamedTuple):
    """What a page's text layer holds, counted in characters (spaces aside)."""
    pieces: list[Piece]
    chars: int
    bad: int  # not letters: U+FFFD, and every character of a font without a Unicode map
    turned: dict[tuple[int, int], int]  # direction of lines not running left to right -> their characters
    invisible: int  # drawn invisibly (another OCR's text layer over a scan)


def page_pieces(blocks: list, s: PdfSettings) -> TextLayer:
    """Pieces from a page's blocks (extract.pdf.native.page_blocks: as
    extractDICT lists them), and what the layer's characters are. A font
    that gives control characters has no Unicode map: MuPDF hands out its
    glyph ids, some of which happen to look like letters ("4BNTQFM")."""
    bold_fonts = _bold_fonts
    pieces = []
    nchar = nbad = 0
    per_font: dict[str, list[int]] = {}  # font -> [characters, control characters]
    turned: dict[tuple[int, int], int] = {}
    invisible = 0
    for bi, b in enumerate(blocks):
        if b.get("type", 0) != 0:
            continue
        for li, ln in enumerate(b["lines"]):
            dx, dy = ln["dir"]
            way = (round(dx), round(dy)) if dx < 0.9 else None  # a line set sideways or upside down
            for si, sp in enumerate(ln["spans"]):
                text = composed(sp["text"])
                stripped = text.strip()
                if not stripped:
                    continue
                n = len(stripped)
                nchar += n
                if way is not None:
                    turned[way] = turned.get(way, 0) + n
                nbad += stripped.count("\ufffd")
                # (isprintable: C speed for the usual case)
                control = 0 if stripped.isprintable() else sum(1 for ch in stripped if ch < " ")
                if sp.get("alpha", 255) == 0:
                    invisible += n
                x0, y0, x1, y1 = sp["bbox"]
                font = sp["font"]
                counts = per_font.get(font)
                if counts is None:
                    counts = per_font[font] = [0, 0]
                counts[0] += n
                counts[1] += control
                if sp["flags"] & BOLD_FLAG:
                    bold = True
                else:
                    bold = bold_fonts.get(font)
                    if bold is None:
                        bold = bold_fonts[font] = any(w in font for w in BOLD_WORDS)
                pieces.append(Piece(text, x0, y0, x1, y1, sp["size"], bold, (bi, li, si)))
    share = s.unmapped_font_share
    nbad += sum(n for n, ctl in per_font.values() if ctl > share * n)
    return TextLayer(pieces, nchar, nbad, turned, invisible)


def split_piece_by_cells(piece: Piece, chars, grid: Grid) -> list[tuple[int, Piece]]:
    """Split a piece at the cell boundaries of `grid` using character boxes:
    (cell id, piece) for each part with text."""
    out = []
    cur_cell = None
    buf = []
    for ch in chars:
        cx = (ch["bbox"][0] + ch["bbox"][2]) / 2
        cy = (ch["bbox"][1] + ch["bbox"][3]) / 2
        cell = grid.cell_at(cx, cy)
        if cell != cur_cell and buf:
            out.append((cur_cell, buf))
            buf = []
        cur_cell = cell
        buf.append(ch)
    if buf:
        out.append((cur_cell, buf))
    res = []
    for cell, chs in out:
        text = composed("".join(c["c"] for c in chs))
        if not text.strip():
            continue
        x0 = chs[0]["bbox"][0]
        x1 = chs[-1]["bbox"][2]
        # skip leading/trailing blanks for the box
        nb = [c for c in chs if c["c"].strip()]
        if nb:
            x0, x1 = nb[0]["bbox"][0], nb[-1]["bbox"][2]
        res.append((cell, Piece(text, x0, piece.y0, x1, piece.y1, piece.size, piece.bold, None)))
    return res


def _place_pieces(pieces: list[Piece], grids: list[Grid], tp, s: PdfSettings) -> list[Piece]:
    """Put each piece into the grid cell that holds it; return the others."""
    body = []
    raw = None
    margin, inset = s.grid_margin, s.span_inset
    # each grid's box grown by the margin (a piece whose centre lies in it is the grid's)
    boxes = [(g.xs[0] - margin, g.xs[-1] + margin, g.ys[0] - margin, g.ys[-1] + margin, g) for g in grids]
    for p in pieces:
        cx, cy = (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2
        for gx0, gx1, gy0, gy1, g in boxes:
            if gx0 <= cx <= gx1 and gy0 <= cy <= gy1:
                break
        else:
            body.append(p)
            continue
        xs = g.xs
        k0 = bisect.bisect_right(xs, p.x0 + inset)
        k1 = bisect.bisect_right(xs, p.x1 - inset)
        if k0 == k1 or p.ref is None or g.cell_at(p.x0 + inset, cy) == g.cell_at(p.x1 - inset, cy):
            g.pieces.setdefault(g.cell_at(cx, cy), []).append(p)
            continue
        # the span crosses a column boundary: split it by characters
        if raw is None:
            raw = tp.extractRAWDICT()
        bi, li, si = p.ref
        chars = raw["blocks"][bi]["lines"][li]["spans"][si]["chars"]
        for cell, sub in split_piece_by_cells(p, chars, g):
            g.pieces.setdefault(cell, []).append(sub)
    return body


def _picture_share(page) -> float:
    """The share of the page its images cover (overlaps counted twice, capped at 1)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    covered = sum(abs(pymupdf.Rect(i["bbox"]) & page.rect) for i in page.get_image_info())
    return min(1.0, covered / area)


def _drawn_without_text(page, s: PdfSettings) -> bool:
    """A page without text that shows something to read: an image (a scan)
    or text drawn as outlines (many vector paths)."""
    if page.get_image_info():
        return True
    return len(page.get_cdrawings()) >= s.outline_min_paths


def _read_shown(page, pno: int, s: PdfSettings, width: float, height: float, clip=None, rotate: int = 0,
                upright: bool = False, invisible_ok: bool = False) -> Page | None:
    """Read `page` (or its part `clip`, turned by `rotate`) shown alone on a
    new page of `width` x `height`: MuPDF applies the clip and the turn to
    text and drawings alike, so the copy reads as a page of its own."""
    doc = pymupdf.open()  # held here while its page is read
    try:
        new = doc.new_page(width=width, height=height)
        new.show_pdf_page(new.rect, page.parent, page.number, clip=clip, rotate=rotate)
        return read_page(new, pno, s, upright=upright, invisible_ok=invisible_ok)
    finally:
        doc.close()


def _read_part(page, clip, pno: int, s: PdfSettings, invisible_ok: bool = False) -> Page:
    """Read the part `clip` of `page` (one page of a two-up sheet) as a page
    of its own; a half without usable text stays empty (halves are found by
    their words)."""
    return _read_shown(page, pno, s, clip.width, clip.height, clip=clip, invisible_ok=invisible_ok) \
        or Page(pno, clip.width, clip.height, [], [], False)


def _read_turned(page, way: tuple[int, int], pno: int, s: PdfSettings, invisible_ok: bool) -> Page | None:
    """Read `page` turned so that text running in direction `way` runs left to
    right."""
    angle = round(math.degrees(math.atan2(way[1], way[0])))  # (0, -1) -> -90: turn by -90
    w, h = page.rect.width, page.rect.height
    if angle % 180:
        w, h = h, w
    return _read_shown(page, pno, s, w, h, rotate=angle, upright=True, invisible_ok=invisible_ok)


def read_page(page, pno: int, s: PdfSettings, upright: bool = False, invisible_ok: bool = False) -> Page | None:
    """Read one page: its text pieces, its grids with their cells' pieces, and
    its body lines. None for a page without a usable text layer but with an
    image (a scan) or whose text does not map to letters, for extract.pdf.ocr;
    also for a scan whose text layer is invisible (another OCR's reading,
    tables garbled: read again by ours) unless `invisible_ok`.
    A page whose text is set sideways or upside down (a landscape table placed
    on a portrait page) is read from an upright copy of it."""
    tp = page.get_textpage(flags=FLAGS)
    blocks = page_blocks(tp)
    layer = page_pieces(blocks, s)
    pieces, nchar = layer.pieces, layer.chars
    if not invisible_ok and layer.invisible > s.invisible_text_share * nchar and page.get_image_info():
        return None
    if s.ocr_picture_pages and nchar < s.picture_page_max_chars and _picture_share(page) >= s.picture_page_share:
        return None  # a picture with little text around it: OCR of the rendered page
    if layer.turned and not upright:
        way, n = max(layer.turned.items(), key=lambda kv: kv[1])
        if n > s.turned_text_share * nchar:
            return _read_turned(page, way, pno, s, invisible_ok)
    if layer.bad > s.bad_text_share * nchar or (nchar == 0 and _drawn_without_text(page, s)):
        return None  # a scan, text as outlines, or text no font maps to letters: OCR of the rendered page
    grids = []
    if pieces:
        hs, vs, complete = segments_from_vectors(blocks, s)
        if not complete:
            grids = grids_from_segments(*segments_from_drawings(page.get_cdrawings(), s), pno, s)
        elif hs and len(vs) >= 2:
            grids = grids_from_segments(hs, vs, pno, s)
    body = _place_pieces(pieces, grids, tp, s) if grids else pieces
    r = page.rect
    return Page(pno, r.width, r.height, group_lines(body, pno, s, tabs=True), grids, False)


def scan_page(res: OcrPage, pno: int, s: PdfSettings) -> Page:
    """A page from what OCR read: its grids keep their cells' pieces; the
    other words are grouped into lines (loosely: OCR baselines are ragged)."""
    return Page(pno, res.width, res.height, group_lines(res.body, pno, s, tabs=True, strict=False), res.grids, True)
