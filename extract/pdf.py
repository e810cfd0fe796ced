"""Read a PDF into the block model (extract.model) with PyMuPDF only.

How it works, per page:

* Text comes from ONE `get_text("dict")` call (spans with position, size and
  bold flag). Only where a span crosses a table column boundary (PyMuPDF joins
  the end of a left cell and the start of the right cell into one span when
  they are close) the same text page is asked for `rawdict` to split that span
  by character positions.
* Table grids come from the page's vector paths, collected into the same
  text page (TEXT_COLLECT_VECTORS: bbox, stroked, is-a-rectangle, colour, at
  almost no cost); `get_cdrawings()` is called only for a page with a stroked
  path that is not a plain line/rectangle (a grid drawn as one path, charts).
  Horizontal/vertical ruling lines (stroked lines, thin filled rectangles,
  stroked boxes) are grouped into connected grids; rows and columns come from
  the line coordinates, merged cells from missing inner lines. Every span is
  placed into the cell that contains it, so the columns of a table never
  interleave. No pdfplumber: PyMuPDF's geometry is enough.
* Text outside grids is grouped into visual lines (same baseline: text of two
  columns whose baselines are half a line apart makes two lines, not one),
  then into blocks: paragraphs by vertical gaps (paragraph spacing), items by
  a leading bullet glyph (stripped; continuation lines indented to the item
  text join the item), headings by a larger or bold font (level = rank of
  the size).
* Tables without ruling lines (extract.pdf_columns): a line whose text stands
  in runs apart by gutter-wide gaps (a header row) opens a column run that
  goes on while lines keep to its columns -- also lines in one column only,
  and across a page break at the top of the next page -- and stops at text
  spanning a gutter, a heading or a large gap. Each column's lines are cut
  into paragraphs by the gap the document's cells wrap with; paragraphs of
  different columns that overlap vertically make one row. Columns of
  free-flowing paragraphs (paragraphs of one column starting beside the
  middle of another's) become a header row and ONE row holding each
  column's paragraphs; score-like tables keep a row per printed row, and a
  grid without any row spacing is read line by line. A lone line with such
  gaps keeps its columns separated by "\\t". Inside a cell, a list set as
  running text ("• a • b") is split into items.
* Running headers/footers: lines in the top/bottom margin band whose text
  (digits ignored) repeats on many pages, and bare page numbers there, are
  dropped, wherever they fall (also between the rows of a table that continues
  on the next page). Text inside a table is never dropped as a header.
* A table that ends a page and a table with the same column grid that starts
  the next page are one table; rows keep their own page. A row split by the
  page break (first part with empty value cells, continuation with empty
  leading cells, or continuation text that starts in lower case) is merged
  into one row whose cell blocks keep their own pages.
* Pages without a text layer (or whose text is mostly U+FFFD) but with an
  image are OCR'd with PyMuPDF's Tesseract binding (swe+eng, 300 dpi). Ruling
  lines are first found in the page image (long thin dark runs that meet at
  their ends), erased before OCR and used as the table grid; OCR'd words get
  boxes rebuilt from their baselines. Tesseract missing -> ReadError naming
  the pages.

Nothing here knows what the document is about.
"""
from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from pathlib import Path

import pymupdf

from .errors import ReadError
from .model import Block, Cell, Document, Row
from .pdf_columns import bands, column_of, find_runs, line_segments

# dict extraction flags: keep whitespace, clip to the media box, expand
# ligatures (no TEXT_PRESERVE_LIGATURES), no images (faster).
# TEXT_COLLECT_VECTORS adds the page's vector paths (bbox, stroked, is-a-rectangle,
# colour) to the same text page at almost no cost: the ruling lines of tables
# come from there; get_cdrawings() is only called for pages with paths that are
# not plain rectangles/lines (a grid drawn as one path, charts).
_FLAGS = (pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
          | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE | pymupdf.TEXT_COLLECT_VECTORS)

_BULLETS = set("•●◦○▪▫■□◆◇►▸▹‣⁃∙·➢➤✓✔❖➔→")
_DASH_BULLETS = set("-–—*")
_TOL = 2.0  # geometric tolerance in points


def _is_bullet_char(ch: str) -> bool:
    return ch in _BULLETS or 0xF000 <= ord(ch) <= 0xF0FF


# --------------------------------------------------------------------------
# small geometric records


class _Piece:
    """A span (or part of one) with uniform style on one baseline."""

    __slots__ = ("text", "x0", "y0", "x1", "y1", "size", "bold", "ref")

    def __init__(self, text, x0, y0, x1, y1, size, bold, ref=None):
        self.text = text
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.size = size
        self.bold = bold
        self.ref = ref  # (block, line, span) index into the page dict


class _Line:
    """A visual line: pieces on one baseline, left to right."""

    __slots__ = ("pieces", "x0", "y0", "x1", "y1", "size", "bold", "page",
                 "text", "bullet", "numbered", "bx0", "tx0", "segments")

    def __init__(self, pieces, page, tabs=False):
        pieces.sort(key=lambda p: p.x0)
        self.pieces = pieces
        self.page = page
        p = pieces[0]
        x0, y0, x1, y1 = p.x0, p.y0, p.x1, p.y1
        for p in pieces:
            if p.x1 > x1:
                x1 = p.x1
            if p.y0 < y0:
                y0 = p.y0
            if p.y1 > y1:
                y1 = p.y1
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        if len(pieces) == 1:
            p = pieces[0]
            self.size = round(p.size * 2) / 2
            self.bold = p.bold
        else:
            weights = {}
            nbold = nall = 0
            for p in pieces:
                n = len(p.text.strip())
                k = round(p.size * 2) / 2
                weights[k] = weights.get(k, 0) + n
                nall += n
                if p.bold:
                    nbold += n
            self.size = max(weights, key=weights.get)
            self.bold = nall > 0 and nbold == nall
        self.bullet = False
        self.numbered = False
        self.bx0 = self.x0  # where the bullet glyph (or the line) starts
        self.tx0 = self.x0  # where the text (after a bullet) starts
        self.segments = None
        self._split_bullet()
        self.text = _join_pieces(self.pieces, self.size, max(0.9 * self.size, 7.0) if tabs else None)

    def _split_bullet(self):
        first = self.pieces[0]
        s = first.text.lstrip()
        if not s:
            return
        ch = s[0]
        if ch.isalpha() and len(self.pieces) == 1:
            return  # plain text (a list number needs a piece of its own)
        rest = s[1:]
        if _is_bullet_char(ch):
            is_b = not rest or rest[0].isspace()
        elif ch in _DASH_BULLETS:
            # a dash is a bullet only when a tab-like gap follows it (a dash
            # followed by one space is often a wrapped "A – B")
            if rest:
                is_b = rest.startswith(("\t", "  ")) and rest.strip() != ""
            else:
                nxt = next((p for p in self.pieces[1:] if p.text.strip()), None)
                is_b = nxt is not None and nxt.x0 - first.x1 >= 0.3 * first.size
        else:
            is_b = False
            # a list number ("1.", "b)") standing apart from the text after it
            if _LISTNO.match(s.rstrip()) and len(self.pieces) > 1:
                nxt = next((p for p in self.pieces[1:] if p.text.strip()), None)
                if nxt is not None and nxt.x0 - first.x1 >= 0.3 * first.size:
                    self.numbered = True
                    self.bx0 = first.x0
                    self.tx0 = nxt.x0
            return
        if not is_b:
            return
        self.bullet = True
        lead = len(first.text) - len(s)
        body = rest.lstrip()
        if body:
            # estimate where the text starts inside the span
            k = lead + 1 + (len(rest) - len(body))
            w = (first.x1 - first.x0) / max(1, len(first.text))
            tx0 = first.x0 + w * k
            self.pieces = [_Piece(body, tx0, first.y0, first.x1, first.y1, first.size, first.bold, None)] + self.pieces[1:]
        else:
            self.pieces = self.pieces[1:]
            while self.pieces and not self.pieces[0].text.strip():
                self.pieces = self.pieces[1:]
            if not self.pieces:  # a bullet with no text
                self.pieces = [_Piece("", first.x1, first.y0, first.x1, first.y1, first.size, first.bold, None)]
        self.bx0 = first.x0
        self.tx0 = self.pieces[0].x0
        self.pieces[0].text = self.pieces[0].text.lstrip()


_LISTNO = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|[ivxIVX]{1,4}[.)])$")


def _join_pieces(pieces, size, tab_gap=None) -> str:
    parts = []
    prev = None
    for p in pieces:
        t = p.text
        if prev is not None:
            gap = p.x0 - prev.x1
            last = parts[-1] if parts else ""
            if tab_gap is not None and gap >= tab_gap:
                parts.append("\t")
                if parts and len(parts) >= 2:
                    parts[-2] = parts[-2].rstrip()
                t = t.lstrip()
            elif gap > 0.12 * size and not last.endswith((" ", "\t")) and not t.startswith(" "):
                parts.append(" ")
        parts.append(t)
        prev = p
    return "".join(parts).lstrip()


def _group_lines(pieces, page, tabs=False, strict=True) -> list[_Line]:
    """Group pieces into visual lines (vertical overlap), top to bottom.

    A piece of about the size of the line's first piece joins the line only
    if it shares most of that piece's height (same baseline): the lines of two
    text columns whose baselines are offset by half a line overlap too, and
    would otherwise chain into one line. Pieces of another size (superscripts)
    join on half their height, as do all pieces when not `strict` (OCR)."""
    if not pieces:
        return []
    pieces = sorted(pieces, key=lambda p: (p.y0 + p.y1) / 2)
    lines = []
    a = pieces[0]
    cur = [a]
    cy0, cy1 = a.y0, a.y1
    for p in pieces[1:]:
        if strict and abs(p.size - a.size) <= 0.2 * max(p.size, a.size):
            ov = min(a.y1, p.y1) - max(a.y0, p.y0)
            same = ov >= 0.7 * min(p.y1 - p.y0, a.y1 - a.y0)
        else:
            ov = min(cy1, p.y1) - max(cy0, p.y0)
            same = ov >= 0.5 * min(p.y1 - p.y0, cy1 - cy0)
        if same:
            cur.append(p)
            cy0, cy1 = min(cy0, p.y0), max(cy1, p.y1)
        else:
            lines.append(_Line(cur, page, tabs))
            a = p
            cur = [p]
            cy0, cy1 = p.y0, p.y1
    lines.append(_Line(cur, page, tabs))
    lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return lines


# --------------------------------------------------------------------------
# grids from drawings


class _Grid:
    __slots__ = ("x0", "y0", "x1", "y1", "xs", "ys", "find", "span", "page", "pieces", "ocr")

    def contains(self, x, y):
        return self.x0 - 1 <= x <= self.x1 + 1 and self.y0 - 1 <= y <= self.y1 + 1

    def cell_at(self, x, y):
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.find[r][c]


def _nearest(sorted_vals, v):
    """Index of the value in sorted_vals nearest to v."""
    i = bisect.bisect_left(sorted_vals, v)
    if i == 0:
        return 0
    if i == len(sorted_vals):
        return i - 1
    return i if sorted_vals[i] - v < v - sorted_vals[i - 1] else i - 1


def _cluster(values, tol=_TOL):
    values = sorted(values)
    out = []
    for v in values:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _segments_from_drawings(paths):
    hs, vs = [], []  # (y, xa, xb), (x, ya, yb)
    for path in paths:
        typ = path.get("type", "")
        col = path.get("color") if "s" in typ else path.get("fill")
        if col and len(col) >= 3 and min(col[:3]) > 0.97:
            continue  # white: invisible on paper
        stroke = "s" in typ
        for it in path["items"]:
            op = it[0]
            if op == "l":
                (xa, ya), (xb, yb) = it[1], it[2]
                if abs(ya - yb) <= 1 and abs(xb - xa) > 3:
                    hs.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))
                elif abs(xa - xb) <= 1 and abs(yb - ya) > 3:
                    vs.append(((xa + xb) / 2, min(ya, yb), max(ya, yb)))
            elif op == "re":
                x0, y0, x1, y1 = it[1]
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                w, h = x1 - x0, y1 - y0
                if h <= 3 and w > 3:
                    hs.append(((y0 + y1) / 2, x0, x1))
                elif w <= 3 and h > 3:
                    vs.append(((x0 + x1) / 2, y0, y1))
                elif stroke and w > 3 and h > 3:
                    hs += [(y0, x0, x1), (y1, x0, x1)]
                    vs += [(x0, y0, y1), (x1, y0, y1)]
    return list(set(hs)), list(set(vs))


def _segments_from_vectors(blocks):
    """Ruling lines from the vector blocks of a text page (TEXT_COLLECT_VECTORS).
    Returns (hs, vs, complete): complete is False when some stroked path is
    not a plain line/rectangle, so its lines cannot be seen from its bbox."""
    hs, vs = [], []
    complete = True
    for b in blocks:
        if b.get("type") != 3:
            continue
        x0, y0, x1, y1 = b["bbox"]
        w, h = x1 - x0, y1 - y0
        col = b.get("color", 0)
        if ((col >> 16) & 255) > 247 and ((col >> 8) & 255) > 247 and (col & 255) > 247:
            continue  # white: invisible on paper
        if not b.get("isrect", True):
            if b.get("stroked") and (w > 3 or h > 3):
                complete = False
            continue
        if h <= 3 and w > 3:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= 3 and h > 3:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif b.get("stroked") and w > 3 and h > 3:
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return list(set(hs)), list(set(vs)), complete


def _grids_from_drawings(paths, page_no) -> list[_Grid]:
    return _grids_from_segments(*_segments_from_drawings(paths), page_no)


def _drawn(segments, at, along, t):
    """For ruling segments (pos, start, end) across one axis: which of the
    grid's boundaries at[k] is drawn along which cell span of `along`."""
    mids = [(along[i] + along[i + 1]) / 2 for i in range(len(along) - 1)]
    drawn = [[False] * len(mids) for _ in at]
    for (pos, a, b) in segments:
        k = _nearest(at, pos)
        if abs(at[k] - pos) > t:
            continue
        for i in range(bisect.bisect_left(mids, a - t), bisect.bisect_right(mids, b + t)):
            drawn[k][i] = True
    return drawn


def _grids_from_segments(hs, vs, page_no) -> list[_Grid]:
    if len(hs) < 2 or len(vs) < 2:
        return []
    # connected components of touching segments (union-find)
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    t = _TOL
    order = sorted(range(len(vs)), key=lambda j: vs[j][0])
    vx = [vs[j][0] for j in order]
    for i, (y, xa, xb) in enumerate(hs):
        # only the verticals whose x lies within this horizontal's extent
        for k in range(bisect.bisect_left(vx, xa - t), bisect.bisect_right(vx, xb + t)):
            j = order[k]
            _x, ya, yb = vs[j]
            if ya - t <= y <= yb + t:
                a, b = find(i), find(n_h + j)
                if a != b:
                    parent[a] = b
    comps = {}
    for i in range(n_h):
        comps.setdefault(find(i), ([], []))[0].append(hs[i])
    for j in range(len(vs)):
        comps.setdefault(find(n_h + j), ([], []))[1].append(vs[j])
    grids = []
    for chs, cvs in comps.values():
        if len(chs) < 2 or len(cvs) < 2:
            continue
        ys = _cluster([h[0] for h in chs])
        xs = _cluster([v[0] for v in cvs])
        if len(ys) < 2 or len(xs) < 2:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        if nr * nc < 2:
            continue  # a single box (frame) is not a table
        # which inner boundaries are drawn
        drawn_v = _drawn(cvs, xs, ys, t)  # drawn_v[k][r]: a line at xs[k] along row r
        drawn_h = _drawn(chs, ys, xs, t)  # drawn_h[k][c]: a line at ys[k] along column c
        vert = [[drawn_v[k][r] for k in range(nc + 1)] for r in range(nr)]  # vert[r][k]
        horz = drawn_h  # horz[k][c]
        cp = list(range(nr * nc))

        def cf(i):
            while cp[i] != i:
                cp[i] = cp[cp[i]]
                i = cp[i]
            return i

        for r in range(nr):
            for c in range(nc):
                if c + 1 < nc and not vert[r][c + 1]:
                    a, b = cf(r * nc + c), cf(r * nc + c + 1)
                    if a != b:
                        cp[max(a, b)] = min(a, b)
                if r + 1 < nr and not horz[r + 1][c]:
                    a, b = cf(r * nc + c), cf((r + 1) * nc + c)
                    if a != b:
                        cp[max(a, b)] = min(a, b)
        g = _Grid()
        g.xs, g.ys = xs, ys
        g.x0, g.x1, g.y0, g.y1 = xs[0], xs[-1], ys[0], ys[-1]
        g.find = [[cf(r * nc + c) for c in range(nc)] for r in range(nr)]
        span = {}
        for r in range(nr):
            for c in range(nc):
                cid = g.find[r][c]
                r0, c0, r1, c1 = span.get(cid, (r, c, r, c))
                span[cid] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
        g.span = span
        if len(span) < 2:
            continue
        g.page = page_no
        g.pieces = {}
        grids.append(g)
    grids.sort(key=lambda g: (g.y0, g.x0))
    return grids


# --------------------------------------------------------------------------
# per-page reading


class _Page:
    __slots__ = ("no", "width", "height", "body", "grids", "ocr")


_BOLD_WORDS = ("Bold", "Black", "Heavy", "Semibold", "SemiBold")
_bold_fonts: dict[str, bool] = {}


def _page_pieces(d):
    """Pieces from a page dict; returns (pieces, n_chars, n_bad_chars)."""
    bold_fonts = _bold_fonts
    pieces = []
    nchar = nbad = 0
    for bi, b in enumerate(d["blocks"]):
        if b.get("type", 0) != 0:
            continue
        for li, ln in enumerate(b["lines"]):
            for si, s in enumerate(ln["spans"]):
                text = s["text"]
                stripped = text.strip()
                if not stripped:
                    continue
                nchar += len(stripped)
                if "\ufffd" in stripped:
                    nbad += stripped.count("\ufffd")
                x0, y0, x1, y1 = s["bbox"]
                font = s["font"]
                if s["flags"] & 16:
                    bold = True
                else:
                    bold = bold_fonts.get(font)
                    if bold is None:
                        bold = bold_fonts[font] = any(w in font for w in _BOLD_WORDS)
                pieces.append(_Piece(text, x0, y0, x1, y1, s["size"], bold, (bi, li, si)))
    return pieces, nchar, nbad


def _split_piece_by_cells(piece, chars, grid):
    """Split a piece at the cell boundaries of `grid` using character boxes."""
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
        text = "".join(c["c"] for c in chs)
        if not text.strip():
            continue
        x0 = chs[0]["bbox"][0]
        x1 = chs[-1]["bbox"][2]
        # skip leading/trailing blanks for the box
        nb = [c for c in chs if c["c"].strip()]
        if nb:
            x0, x1 = nb[0]["bbox"][0], nb[-1]["bbox"][2]
        res.append((cell, _Piece(text, x0, piece.y0, x1, piece.y1, piece.size, piece.bold, None)))
    return res


_OCR_DPI = 300


def _ocr_textpage(page, pno):
    """OCR a page without a text layer. Table ruling lines are found in the
    page image first (long thin runs of dark pixels), erased so that Tesseract
    does not read them as "|" or "—", and returned as segments for the grid
    finder. Returns (textpage, horizontal segments, vertical segments)."""
    try:
        tessdata = pymupdf.get_tessdata()
    except Exception:
        tessdata = None
    if not tessdata or not os.path.isdir(tessdata):
        raise _NeedsOCR(pno, "Tesseract OCR is not installed (install tesseract-ocr and tesseract-ocr-swe)")
    langs = [lang for lang in ("swe", "eng") if os.path.exists(os.path.join(tessdata, lang + ".traineddata"))]
    if not langs:
        raise _NeedsOCR(pno, f"Tesseract has no Swedish or English language data in {tessdata} (install tesseract-ocr-swe)")
    hs, vs = [], []
    target = page
    try:
        pix = page.get_pixmap(dpi=_OCR_DPI, colorspace=pymupdf.csGRAY, alpha=False)
        hs, vs, clean = _image_rules(pix, page.rect)
        if clean is not None:
            tmp = pymupdf.open()
            target = tmp.new_page(width=page.rect.width, height=page.rect.height)
            target.insert_image(target.rect, pixmap=clean)
    except Exception:  # pragma: no cover - line finding is a help, never a must
        hs, vs, target = [], [], page
    try:
        tp = target.get_textpage_ocr(flags=_FLAGS, language="+".join(langs), dpi=_OCR_DPI, full=True,
                                     tessdata=tessdata)
    except Exception as e:  # pragma: no cover - depends on the installation
        raise _NeedsOCR(pno, f"Tesseract OCR failed: {e}") from e
    return tp, hs, vs


def _image_rules(pix, rect):
    """Ruling lines in a grey page image: (hs, vs) in page points and a copy of
    the image with those lines painted white (None if there were none)."""
    import numpy as np

    h, w = pix.height, pix.width
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(h, pix.stride)[:, :w]
    dark = a < 150
    zx, zy = w / rect.width, h / rect.height
    hsegs = _runs_to_segments(dark, min_len=max(40, int(0.05 * w)), max_thick=int(4 * zy) + 1)
    vsegs = _runs_to_segments(dark.T, min_len=max(40, int(12 * zy)), max_thick=int(4 * zx) + 1)
    # a ruling line of a table meets another one at an end; a letter stem does not
    tol = int(3 * zy) + 1
    vsegs = [v for v in vsegs if any(
        h[2] - tol <= (v[0] + v[1]) / 2 <= h[3] + tol
        and (abs(v[2] - (h[0] + h[1]) / 2) <= tol or abs(v[3] - (h[0] + h[1]) / 2) <= tol)
        for h in hsegs)]
    if not vsegs:
        return [], [], None  # no table grid: leave the image as it is
    clean = a.copy()
    for (r0, r1, c0, c1) in hsegs:
        clean[max(0, r0 - 1):r1 + 2, c0:c1 + 1] = 255
    for (r0, r1, c0, c1) in vsegs:
        clean[c0:c1 + 1, max(0, r0 - 1):r1 + 2] = 255
    out = pymupdf.Pixmap(pymupdf.csGRAY, w, h, clean.tobytes(), False)
    hs = [((r0 + r1 + 1) / 2 / zy + rect.y0, c0 / zx + rect.x0, (c1 + 1) / zx + rect.x0) for r0, r1, c0, c1 in hsegs]
    vs = [((r0 + r1 + 1) / 2 / zx + rect.x0, c0 / zy + rect.y0, (c1 + 1) / zy + rect.y0) for r0, r1, c0, c1 in vsegs]
    return hs, vs, out


def _runs_to_segments(dark, min_len, max_thick):
    """Long horizontal runs of True in a boolean image, merged over adjacent
    rows into thin segments: list of (row0, row1, col0, col1)."""
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
            if sgm[1] == r - 1 and min(sgm[3], c1) - max(sgm[2], c0) >= 0.8 * min(sgm[3] - sgm[2], c1 - c0):
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


def _ocr_normalize(d, pieces):
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
    blocks = d["blocks"]
    for p in pieces:
        p.bold = False
        size = common if 0.8 * common <= p.size <= 1.25 * common else round(p.size)
        base = p.y1
        if p.ref is not None:
            bi, li, si = p.ref
            base = blocks[bi]["lines"][li]["spans"][si]["origin"][1]
        p.size = size
        p.y0, p.y1 = base - 0.8 * size, base + 0.2 * size


# What Tesseract makes of a list bullet "•": a tiny word of these characters,
# alone or at the start of a span ("e« - Webbsändningar", "e = Tydliggör").
_OCR_BULLET = re.compile(r"^[e«»°®©*o¢•+=·]{1,3}$")
_OCR_BULLET_LEAD = re.compile(r"^\s*[e«»°®©*o¢•+=·]{1,3}\s+(?:[=«\-–]\s+)?(?=[A-ZÅÄÖ0-9\"”])")


def _ocr_bullets(pieces):
    """A bullet read by OCR ("e", "e«", "°" ...) is the first word of its line
    and stands apart from the text after it: make it the real glyph again, so
    the list reads as a list, and drop the "=" Tesseract often adds after it."""
    rows: list[list] = []
    for p in sorted(pieces, key=lambda p: p.y1):  # same baseline, within OCR's raggedness
        if rows and abs(p.y1 - rows[-1][0].y1) <= 0.4 * p.size:
            rows[-1].append(p)
        else:
            rows.append([p])
    drop = set()
    for row in rows:
        row.sort(key=lambda p: p.x0)
        words = [p for p in row if p.text.strip()]
        if not words or (len(words) < 2 and not _OCR_BULLET_LEAD.match(words[0].text)):
            continue
        m = _OCR_BULLET_LEAD.match(words[0].text)
        if m and not _OCR_BULLET.match(words[0].text.strip()):
            words[0].text = "• " + words[0].text[m.end():]
            continue
        first, nxt = words[0], words[1]
        if _OCR_BULLET.match(first.text.strip()) and nxt.x0 - first.x1 >= 0.25 * first.size:
            first.text = "•"
            if nxt.text.strip() in ("=", "«", "-") and len(words) > 2:
                drop.add(id(nxt))
    if drop:
        pieces[:] = [p for p in pieces if id(p) not in drop]


class _NeedsOCR(Exception):
    def __init__(self, pno, why):
        super().__init__(why)
        self.pno = pno
        self.why = why


def _read_page(page, pno) -> tuple[_Page, bool]:
    tp = page.get_textpage(flags=_FLAGS)
    d = tp.extractDICT()
    pieces, nchar, nbad = _page_pieces(d)
    ocr = False
    if nchar == 0 or nbad > 0.3 * nchar:
        # no usable text layer: OCR if there is something to read (an image)
        if page.get_image_info():
            tp, ocr_h, ocr_v = _ocr_textpage(page, pno)
            d = tp.extractDICT()
            pieces, nchar, nbad = _page_pieces(d)
            _ocr_normalize(d, pieces)
            _ocr_bullets(pieces)
            ocr = True
    pg = _Page()
    pg.no = pno
    r = page.rect
    pg.width, pg.height = r.width, r.height
    pg.ocr = ocr
    grids = []
    if ocr and pieces:
        if len(ocr_h) >= 2 and len(ocr_v) >= 2:
            grids = _grids_from_segments(list(set(ocr_h)), list(set(ocr_v)), pno)
    elif pieces:
        hs, vs, complete = _segments_from_vectors(d["blocks"])
        if not complete:
            grids = _grids_from_drawings(page.get_cdrawings(), pno)
        elif len(hs) >= 2 and len(vs) >= 2:
            grids = _grids_from_segments(hs, vs, pno)
    body = []
    if grids:
        raw = None
        for p in pieces:
            cx, cy = (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2
            g = next((g for g in grids if g.contains(cx, cy)), None)
            if g is None:
                body.append(p)
                continue
            xs = g.xs
            k0 = bisect.bisect_right(xs, p.x0 + 0.5)
            k1 = bisect.bisect_right(xs, p.x1 - 0.5)
            if k0 == k1 or p.ref is None or g.cell_at(p.x0 + 0.5, cy) == g.cell_at(p.x1 - 0.5, cy):
                g.pieces.setdefault(g.cell_at(cx, cy), []).append(p)
                continue
            # the span crosses a column boundary: split it by characters
            if raw is None:
                raw = tp.extractRAWDICT()
            bi, li, si = p.ref
            chars = raw["blocks"][bi]["lines"][li]["spans"][si]["chars"]
            for cell, sub in _split_piece_by_cells(p, chars, g):
                g.pieces.setdefault(cell, []).append(sub)
    else:
        body = pieces
    pg.body = _group_lines(body, pno, tabs=True, strict=not ocr)
    for g in grids:
        g.ocr = ocr
    pg.grids = grids
    return pg, ocr


# --------------------------------------------------------------------------
# running headers and footers

_PAGENO = re.compile(r"^(?:[-–—(\[]\s*)?(?:(?:page|sida|s\.)\s*)?\d{1,4}(?:\s*(?:of|av|/|\()\s*\d{1,4}\)?)?(?:\s*[-–—)\]])?$", re.I)


def _norm(text):
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _remove_running(pages):
    n = len(pages)
    top_key, bot_key = {}, {}
    cands = []
    for pg in pages:
        top = 0.085 * pg.height
        bot = 0.915 * pg.height
        for ln in pg.body:
            cy = (ln.y0 + ln.y1) / 2
            if cy <= top:
                band = top_key
            elif cy >= bot:
                band = bot_key
            else:
                continue
            key = _norm(ln.text)
            band.setdefault(key, set()).add(pg.no)
            cands.append((pg, ln, band, key))
    need = max(2, int(0.4 * n + 0.999)) if n > 1 else 2
    drop = set()
    for pg, ln, band, key in cands:
        if len(band[key]) >= need or _PAGENO.match(" ".join(ln.text.split())):
            drop.add(id(ln))
    if drop:
        for pg in pages:
            pg.body = [ln for ln in pg.body if id(ln) not in drop]


# --------------------------------------------------------------------------
# tables (ruled and unruled) as rows of cells of lines


class _Table:
    __slots__ = ("rows", "cols", "y0", "y1", "page", "ruled", "flow", "header")

    # rows: list of (page, [list[_Line] per cell], bold_row)
    # flow: an unruled table of free-flowing paragraphs per column (one body
    # row); header: its first row is a header row

    def __init__(self):
        self.flow = False
        self.header = False


def _grid_table(g: _Grid) -> _Table:
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    lines_of = {cid: _group_lines(ps, g.page, strict=not g.ocr) for cid, ps in g.pieces.items()}
    rows = []
    for r in range(nr):
        cells = []
        nbold = nall = 0
        for c in range(nc):
            cid = g.find[r][c]
            r0, c0, _r1, _c1 = g.span[cid]
            if c0 != c:
                continue  # covered by a cell spanning from the left
            if r0 != r:
                cells.append([])  # covered by a cell spanning from above
                continue
            lines = lines_of.get(cid, [])
            for ln in lines:
                k = len(ln.text.strip())
                nall += k
                if ln.bold:
                    nbold += k
            cells.append(lines)
        if any(cells):
            rows.append((g.page, cells, nall > 0 and nbold >= 0.8 * nall))
    t = _Table()
    t.rows = rows
    t.cols = g.xs
    t.y0, t.y1 = g.y0, g.y1
    t.page = g.page
    t.ruled = True
    return t


def _seg_line(pieces, ln):
    return _Line(list(pieces), ln.page)


class _Region:
    """A column run (extract.pdf_columns) of one page: its lines and each
    column's lines (a line's text runs split into their columns)."""

    __slots__ = ("lines", "run", "columns", "later", "y0", "page", "goes_on")

    def __init__(self, lines, run):
        self.lines = lines
        self.run = run
        self.y0 = lines[0].y0
        self.page = lines[0].page
        cols = run.cols
        columns = [[] for _ in cols]
        later = set()  # columns with text below the first line
        for i, ln in enumerate(lines):
            segs = line_segments(ln)
            for k, (x0, _x1, pieces) in enumerate(segs):
                c = max(0, column_of(x0, cols, ln.size))
                if len(segs) == 1:
                    frag = ln
                else:
                    frag = _seg_line(pieces, ln)
                    if k == 0 and ln.bullet:  # the line's list glyph was stripped
                        frag.bullet, frag.bx0, frag.tx0 = True, ln.bx0, ln.tx0
                columns[c].append(frag)
                if i:
                    later.add(c)
        self.columns = columns
        self.later = later
        self.goes_on = False  # continued by a run at the top of the next page


def _find_regions(lines, carry):
    """Column runs among a page's body lines -> (items, carry): items are
    _Line | _Region in order; carry = (cols, size) when the last run reaches
    the end of the page (it may go on at the top of the next)."""
    runs = find_runs(lines, carry)
    if not runs:
        return lines, None
    out = []
    k = 0
    for r in runs:
        out.extend(lines[k:r.start])
        out.append(_Region(lines[r.start:r.end], r))
        k = r.end
    out.extend(lines[k:])
    last = runs[-1]
    return out, ((last.cols, last.size) if last.end == len(lines) else None)


def _region_table(reg: _Region, st):
    """A column run -> _Table, or None (its lines stay body text)."""
    cols = reg.run.cols
    size = reg.run.size
    columns = reg.columns
    multi = sum(1 for ln in reg.lines if len(line_segments(ln)) >= 2)
    if not reg.run.continued and not reg.goes_on and len(reg.later) < 2 and multi < 2:
        return None  # a lone line with gaps, or body lines below one
    limit = st.cell_wrap + max(1.5, 0.25 * size)
    res = bands(columns, limit, size)
    if res is None:
        return _make_unruled(reg.lines) if multi >= 2 else None
    rows, flowing = res
    head = rows[0]
    header = not reg.run.continued and sum(1 for c in head if c) >= 2 and all(len(c) <= 1 for c in head)
    if flowing and not reg.run.continued:
        body = rows[1:] if header else rows
        merged = [[f for r in body for f in r[c]] for c in range(len(columns))]
        rows = ([head] if header else []) + [merged]
    elif flowing:
        rows = [[[f for r in rows for f in r[c]] for c in range(len(columns))]]
    out = []
    for cells in rows:
        nbold = nall = 0
        for c in cells:
            for f in c:
                k = len(f.text.strip())
                nall += k
                if f.bold:
                    nbold += k
        out.append((reg.page, cells, nall > 0 and nbold >= 0.8 * nall))
    t = _Table()
    t.rows = out
    ends = cols[1:] + [max(ln.x1 for ln in reg.lines)]
    t.cols = [[a, max(a + 1, b - 1)] for a, b in zip(cols, ends)]
    t.y0, t.y1 = reg.y0, max(ln.y1 for ln in reg.lines)
    t.page = reg.page
    t.ruled = False
    t.flow = flowing
    t.header = header
    return t


def _make_unruled(run):
    ivs = sorted((s[0], s[1]) for ln in run for s in line_segments(ln))
    cols = []
    for a, b in ivs:
        if cols and a <= cols[-1][1] + _TOL:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    if len(cols) < 2:
        return None
    starts = [c[0] for c in cols]

    def col_of(x0):
        return bisect.bisect_right(starts, x0 + 0.01) - 1

    rows = []
    for ln in run:
        segs = line_segments(ln)
        idx = [col_of(s[0]) for s in segs]
        if len(set(idx)) != len(idx):
            return None
        cells = [[] for _ in cols]
        for k, s in zip(idx, segs):
            cells[k].append(_seg_line(s[2], ln))
        nbold = sum(len(x.text) for x in ln.pieces if x.bold)
        nall = sum(len(x.text) for x in ln.pieces)
        bold = nall > 0 and nbold >= 0.8 * nall
        if rows and len(segs) == 1 and idx[0] > 0:
            rows[-1][1][idx[0]].extend(cells[idx[0]])  # wrapped cell text
            continue
        rows.append((ln.page, cells, bold))
    # a row that only continues the previous one (values beside a wrapped label)
    merged = []
    for row in rows:
        if merged and _continues_row(merged[-1][1], row[1]):
            merged[-1] = (merged[-1][0], [a + b for a, b in zip(merged[-1][1], row[1])], merged[-1][2])
        else:
            merged.append(row)
    t = _Table()
    t.rows = merged
    t.cols = cols
    t.y0, t.y1 = run[0].y0, run[-1].y1
    t.page = run[0].page
    t.ruled = False
    return t


def _first_text(lines):
    for ln in lines:
        if ln.text.strip():
            return ln
    return None


def _starts_lower(ln):
    if ln is None or ln.bullet:
        return False
    for ch in ln.text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _continues_row(a, b):
    """Does row b (cells of lines) continue row a (split by a page break or a
    wrapped label)?"""
    if len(a) != len(b) or not any(b):
        return False
    a_full = [bool(_first_text(c)) for c in a]
    b_full = [bool(_first_text(c)) for c in b]
    if not any(a_full):
        return False
    # values beside a continued label: b's first cell empty, b fills cells a left empty
    if a_full[0] and not b_full[0] and any(bf and not af for af, bf in zip(a_full, b_full)):
        return all((not bf) or (not af) or _starts_lower(_first_text(bc))
                   for af, bf, bc in zip(a_full, b_full, b))
    # b's first cell empty, and each non-empty cell of b goes on from an
    # unfinished text in a ("Götene-," / "Tibro- ...")
    if a_full[0] and not b_full[0] and all((not bf) or (af and _ends_open(ac)) for af, bf, ac in zip(a_full, b_full, a)):
        return True
    # a row broken by the page: some cell of b continues the text of a's cell
    # (its other cells may start new paragraphs)
    return any(af and bf and _continues_cell(ac, bc) for af, bf, ac, bc in zip(a_full, b_full, a, b))


def _ends_open(lines):
    """Does the text of these lines stop in the middle (trailing comma, dash...)?"""
    for ln in reversed(lines):
        t = ln.text.rstrip()
        if t:
            return t[-1] in ",;-–—/&+("
    return False


def _continues_cell(a_lines, b_lines):
    first = _first_text(b_lines)
    if first is None or first.bullet or first.numbered:
        return False
    if _starts_lower(first):
        return True
    # indented to the text of a's last item
    last_item = next((ln for ln in reversed(a_lines) if ln.bullet), None)
    if last_item is not None and a_lines and first.x0 > last_item.bx0 + 0.5 * (last_item.tx0 - last_item.bx0) \
            and last_item.tx0 - last_item.bx0 > 2:
        return True
    return False


def _same_columns(a: _Table, b: _Table):
    if a.ruled != b.ruled or len(a.cols) != len(b.cols):
        return False
    if a.ruled:
        return all(abs(x - y) <= 2 * _TOL for x, y in zip(a.cols, b.cols))
    return all(min(x[1], y[1]) > max(x[0], y[0]) for x, y in zip(a.cols, b.cols))


def _row_text(cells):
    return [" ".join(ln.text for ln in c).strip() for c in cells]


def _join_tables(a: _Table, b: _Table) -> bool:
    """Append b (first element of the next page) to a (last element of the
    previous page) if it continues it. Returns True if joined."""
    if not _same_columns(a, b) or not a.rows or not b.rows:
        return False
    if a.flow or b.flow:
        # free-flowing columns: the next page's part goes on in the body row
        # (paragraphs broken by the page are joined when the cells are read)
        brows = list(b.rows)
        if b.header:
            if _row_text(b.rows[0][1]) != _row_text(a.rows[0][1]):
                return False  # a new table
            brows = brows[1:]
        if brows:
            cells = [[ln for r in brows for ln in r[1][c]] for c in range(len(brows[0][1]))]
            last = a.rows[-1]
            if a.header and len(a.rows) == 1:  # a header row that ended the page
                a.rows.append((brows[0][0], cells, False))
            else:
                a.rows[-1] = (last[0], [x + y for x, y in zip(last[1], cells)], last[2])
        a.flow = True
        return True
    a_head, b_head = a.rows[0], b.rows[0]
    brows = list(b.rows)
    if b_head[2] and a_head[2] and any(not r[2] for r in a.rows):
        # b starts with a header-styled row, like a: a repeated header or a new table
        if _row_text(b_head[1]) != _row_text(a_head[1]):
            return False
        brows = brows[1:]
    if brows and _continues_row(a.rows[-1][1], brows[0][1]):
        last = a.rows[-1]
        a.rows[-1] = (last[0], [x + y for x, y in zip(last[1], brows[0][1])], last[2])
        brows = brows[1:]
    a.rows.extend(brows)
    return True


# --------------------------------------------------------------------------
# lines -> blocks


class _Stats:
    def __init__(self, body_size, body_wrap, cell_wrap, levels, bold_level, edges):
        self.edges = edges  # page -> (left, right) of the body text
        self.body_size = body_size
        self.body_wrap = body_wrap
        self.cell_wrap = cell_wrap
        self.levels = levels  # size -> level
        self.bold_level = bold_level


def _wrap_gap(gaps, size):
    """The gap between wrapped lines of one paragraph: the smallest gap value
    that is common (paragraph gaps are larger)."""
    if not gaps:
        return 0.2 * size
    c = Counter(round(g * 2) / 2 for g in gaps)
    total = sum(c.values())
    need = max(2, 0.05 * total)
    for g in sorted(c):
        if c[g] >= need:
            return g
    return min(c)


def _heading_style(ln, st):
    if ln.bullet:
        return None
    if ln.size >= st.body_size + 0.9 and (ln.bold or ln.size >= 1.25 * st.body_size):
        return "big"
    if ln.bold and ln.size >= st.body_size - 0.5:
        return "bold"
    return None


class _B:
    __slots__ = ("kind", "lines", "pages", "page", "level", "bx0", "tx0", "style", "last", "first")


def _segment(lines, st, cell=False):
    """Lines (possibly over several pages) -> list of _B."""
    out = []
    cur = None
    wrap = st.cell_wrap if cell else st.body_wrap
    right = max((ln.x1 for ln in lines), default=0.0) if cell else None
    for ln in lines:
        text = ln.text
        if not text.strip() and not ln.bullet:
            continue
        hstyle = None if cell else _heading_style(ln, st)
        style = (ln.size, hstyle)
        new_kind = "heading" if hstyle else ("item" if ln.bullet or ln.numbered else "paragraph")
        if cur is not None:
            prev = cur.last
            if ln.bullet or style != cur.style or (ln.numbered and not hstyle):
                cont = False
            elif ln.page != prev.page:
                cont = _continues_across_pages(cur, ln, prev, st, cell)
            else:
                gap = ln.y0 - prev.y1
                limit = wrap + max(1.5, 0.25 * ln.size)
                if ln.page in st.ocr_pages:
                    limit = max(limit, 0.5 * ln.size)  # OCR baselines are off by a point or two
                cont = gap <= limit
                if cont and cur.kind == "item":
                    # continuation lines are indented to the item's text, or (in a
                    # cell) the item's line ended because this line's first word
                    # did not fit ("• a • b" lists set as running text)
                    cont = ln.x0 > cur.bx0 + 0.5 * (cur.tx0 - cur.bx0) or cur.tx0 - cur.bx0 <= 2 \
                        or (cell and _wrapped(prev, ln, right))
                elif cont and cur.kind == "paragraph" and ln.x0 < cur.first.x0 - 0.5 * ln.size \
                        and cur.first.x0 - cur.first.bx0 < 1:
                    cont = True
            if cont and cur.kind == "heading" and hstyle == "bold" and len(cur.lines) >= 2:
                cont = False
            if cont:
                cur.lines.append(text)
                cur.pages.append(ln.page)
                cur.last = ln
                continue
        cur = _B()
        cur.kind = new_kind
        cur.lines = [text]
        cur.pages = [ln.page]
        cur.page = ln.page
        cur.level = 0
        cur.bx0, cur.tx0 = ln.bx0, ln.tx0
        cur.style = style
        cur.last = ln
        cur.first = ln
        out.append(cur)
    # bold body-size "headings" that run long are emphasised paragraphs
    for b in out:
        if b.kind != "heading":
            continue
        size, hstyle = b.style
        total = sum(len(x) for x in b.lines)
        if (hstyle == "bold" and (len(b.lines) > 2 or total > 150)) or (hstyle == "big" and len(b.lines) > 4):
            b.kind = "paragraph"
        else:
            b.level = st.levels.get(size, 0) if hstyle == "big" else st.bold_level
    return out


def _wrapped(prev, ln, right) -> bool:
    """Did line `prev` end because the first word of `ln` would not fit
    before `right` (the text's right edge)?"""
    p = ln.pieces[0]
    t = p.text.lstrip()
    if not t:
        return False
    word = t.split(None, 1)[0]
    w = (p.x1 - p.x0) * len(word) / max(1, len(t))
    return prev.x1 + 0.25 * ln.size + w > right - 1.0


def _continues_across_pages(cur, ln, prev, st, cell):
    """Does line `ln`, the first on a new page, go on with block `cur`?"""
    if cur.kind == "heading":
        return False
    if cur.kind == "item" and cur.tx0 - cur.bx0 > 2 and ln.x0 > cur.bx0 + 0.5 * (cur.tx0 - cur.bx0):
        return True  # indented to the item's text
    if _starts_lower(ln):
        return True
    if cell or cur.kind == "item":
        return False
    # a body paragraph whose last line ran to the right margin, without a full stop
    t = prev.text.rstrip()
    left, right = st.edges.get(prev.page, (prev.x0, prev.x1))
    return (bool(t) and t[-1] not in ".!?:;" and abs(ln.x0 - cur.first.x0) < 3
            and prev.x1 >= right - 0.12 * max(1.0, right - left))


def _to_block(b: _B) -> Block:
    return Block(b.kind, tuple(b.lines), b.page, b.level)


# list glyphs that, inside a line of a table cell, start a new item (a list
# flattened into running text: "• a • b • c")
_INLINE_BULLET = re.compile(r"\s*[•●▪■◦\uf0b7\uf0a7]\s*")


def _split_inline_bullets(bs: list[_B]) -> list[_B]:
    """Cut cell blocks at list glyphs inside their lines: each glyph starts an
    item (on the page of the line it stands in)."""
    out = []
    for b in bs:
        if b.kind == "heading" or not any(_INLINE_BULLET.search(x) for x in b.lines):
            out.append(b)
            continue
        cur = b
        cur_lines, cur_pages = [], []
        parts_of = [(_INLINE_BULLET.split(x), pg) for x, pg in zip(b.lines, b.pages)]
        for parts, pg in parts_of:
            for k, part in enumerate(parts):
                if k:
                    if cur_lines:
                        cur.lines, cur.pages, cur.page = cur_lines, cur_pages, cur_pages[0]
                        out.append(cur)
                    cur = _B()
                    cur.kind, cur.level = "item", 0
                    cur_lines, cur_pages = [], []
                if part.strip():
                    cur_lines.append(part)
                    cur_pages.append(pg)
        if cur_lines:
            cur.lines, cur.pages, cur.page = cur_lines, cur_pages, cur_pages[0]
            out.append(cur)
    return out


def _doc_stats(pages, tables, columns=(), bodies=None):
    """Sizes, wrap gaps, heading levels and text edges of the document.
    `tables`: ruled tables; `columns`: the lines of each column of the
    unruled tables; `bodies`: page -> body lines outside those (default: all)."""
    bodies = bodies or {pg.no: pg.body for pg in pages}
    sizes = Counter()
    for pg in pages:
        for ln in pg.body:
            sizes[ln.size] += len(ln.text)
    cells = [c for t in tables for _pg, cs, _b in t.rows for c in cs]
    cells += columns
    for c in cells:
        for ln in c:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 11.0
    ocr_pages = {pg.no for pg in pages if pg.ocr}
    body_gaps, cell_gaps = [], []
    for pg in pages:
        if pg.ocr:
            continue  # OCR geometry is too ragged for these statistics
        body = bodies.get(pg.no, ())
        for a, b in zip(body, body[1:]):
            if abs(a.size - b.size) < 0.6 and abs(a.size - body_size) < 0.6:
                g = b.y0 - a.y1
                if -2 < g < 1.2 * b.size:
                    body_gaps.append(g)
    for c in cells:
        for a, b in zip(c, c[1:]):
            if a.page == b.page and a.page not in ocr_pages and abs(a.size - b.size) < 0.6:
                g = b.y0 - a.y1
                if -2 < g < 1.2 * b.size:
                    cell_gaps.append(g)
    body_wrap = _wrap_gap(body_gaps, body_size)
    cell_wrap = _wrap_gap(cell_gaps, body_size) if cell_gaps else body_wrap
    big = set()
    bold_body = False
    for pg in pages:
        for ln in pg.body:
            if ln.bullet:
                continue
            if ln.size >= body_size + 0.9 and (ln.bold or ln.size >= 1.25 * body_size):
                big.add(ln.size)
            elif ln.bold and ln.size >= body_size - 0.5:
                bold_body = True
    ranked = sorted(big, reverse=True)
    levels = {s: i + 1 for i, s in enumerate(ranked)}
    bold_level = len(ranked) + 1
    edges = {}
    for pg in pages:
        ws = [ln for ln in bodies.get(pg.no, ()) if abs(ln.size - body_size) < 0.6]
        if ws:
            edges[pg.no] = (min(ln.x0 for ln in ws), max(ln.x1 for ln in ws))
    st = _Stats(body_size, body_wrap, cell_wrap, levels, bold_level, edges)
    st.ocr_pages = ocr_pages
    return st


def _table_block(t: _Table, st) -> Block:
    rows = []
    for page, cells, _bold in t.rows:
        out_cells = []
        for lines in cells:
            bl = tuple(_to_block(b) for b in _split_inline_bullets(_segment(lines, st, cell=True)))
            out_cells.append(Cell(bl))
        rows.append(Row(tuple(out_cells), page))
    return Block("table", (), t.page, 0, tuple(rows))


# --------------------------------------------------------------------------
# public entry point


def _open(path) -> pymupdf.Document:
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
    if doc.is_repaired and b"%%EOF" not in data[-2048:]:
        n = doc.page_count
        doc.close()
        raise ReadError(f"{p.name}: the PDF is truncated or damaged (no end-of-file marker; "
                        f"MuPDF had to repair it and found {n} page(s))")
    return doc


def read_pdf(path) -> Document:
    """Read the PDF at `path` into a Document (format "pdf", extraction
    "pdf-text", or "ocr" if any page had to be OCR'd)."""
    doc = _open(path)
    try:
        return _read(doc, path)
    finally:
        doc.close()


def _read(doc, path) -> Document:
    name = Path(path).name
    pages = []
    ocr_pages = []
    missing = []
    for i in range(doc.page_count):
        try:
            page = doc.load_page(i)
            pg, ocr = _read_page(page, i + 1)
        except _NeedsOCR as e:
            missing.append((e.pno, e.why))
            continue
        except Exception as e:
            raise ReadError(f"{name}: page {i + 1} cannot be read (damaged PDF?): {e}") from e
        if ocr:
            ocr_pages.append(i + 1)
        pages.append(pg)
    if missing:
        nos = ", ".join(str(p) for p, _ in missing)
        raise ReadError(f"{name}: page(s) {nos} have no text layer (scanned) and need OCR, "
                        f"but {missing[0][1]}")
    _remove_running(pages)

    # pass 1: ruled tables (grids) and column runs (unruled tables) per page
    page_items = []  # per page: (grid tables, body items: _Line | _Region)
    grid_tables = []
    regions = []
    carry = None
    for pg in pages:
        tables = [t for t in (_grid_table(g) for g in pg.grids) if t.rows]
        items, carry_in = _find_regions(pg.body, carry)
        if carry is not None and items and isinstance(items[0], _Region) and items[0].run.continued:
            prev = next((x for x in reversed(page_items[-1][1]) if isinstance(x, _Region)), None)
            if prev is not None:
                prev.goes_on = True
        carry = carry_in
        if carry is not None and tables and tables[-1].y1 > items[-1].y0:
            carry = None  # a grid table ends the page, not the run
        page_items.append((tables, items))
        grid_tables += tables
        regions += [x for x in items if isinstance(x, _Region)]
    bodies = {pg.no: [x for x in items if not isinstance(x, _Region)] for pg, (_t, items) in zip(pages, page_items)}
    st = _doc_stats(pages, grid_tables, [c for r in regions for c in r.columns], bodies)

    # pass 2: flow of elements (body lines and tables) in reading order per page
    flow = []  # items: _Line | _Table
    for tables, items in page_items:
        body = []
        for it in items:
            if isinstance(it, _Region):
                t = _region_table(it, st)
                if t is None:
                    body.extend(it.lines)
                else:
                    body.append(t)
            else:
                body.append(it)
        # merge grid tables into the lines by vertical position
        merged = []
        ti = 0
        for it in body:
            y = it.y0
            while ti < len(tables) and tables[ti].y0 <= y:
                merged.append(tables[ti])
                ti += 1
            merged.append(it)
        merged += tables[ti:]
        # join a table that starts this page to the one that ended the previous page
        if merged and flow and isinstance(merged[0], _Table) and isinstance(flow[-1], _Table) \
                and flow[-1].rows and flow[-1].rows[-1][0] == merged[0].page - 1:
            if _join_tables(flow[-1], merged[0]):
                merged = merged[1:]
        flow += merged

    blocks: list[Block] = []
    run: list[_Line] = []

    def flush():
        if run:
            blocks.extend(_to_block(b) for b in _segment(run, st))
            run.clear()

    for it in flow:
        if isinstance(it, _Table):
            flush()
            blocks.append(_table_block(it, st))
        else:
            run.append(it)
    flush()

    notes = []
    if ocr_pages:
        notes.append("page(s) " + ", ".join(map(str, ocr_pages)) + " had no text layer and were OCR'd (Tesseract)")
    meta = doc.metadata or {}
    title = meta.get("title") or None
    return Document(source=str(path), format="pdf", extraction="ocr" if ocr_pages else "pdf-text",
                    blocks=blocks, page_count=doc.page_count, title=title.strip() if title else None,
                    notes=notes, date=pdf_date(meta.get("modDate") or meta.get("creationDate")))


def pdf_date(raw: str | None) -> str | None:
    """PDF date string "D:20211122103743Z'" -> "2021-11-22T10:37:43"."""
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", (raw or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, sec = (g or dflt for g, dflt in zip(m.groups(), ("", "01", "01", "00", "00", "00")))
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}"

