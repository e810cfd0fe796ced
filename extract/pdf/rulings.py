"""Ruling lines of tables from a page's vector graphics.

A ruling segment is `(pos, start, end)`: a horizontal one at y = pos from
x = start to end, a vertical one at x = pos from y = start to end. They come
from stroked lines, thin filled rectangles and the four sides of stroked
boxes; white ones are invisible on paper and left out.

The cheap source is the text page itself: collected with
TEXT_COLLECT_VECTORS, it lists every path's bbox, whether it is stroked and
whether it is a plain rectangle/line (`segments_from_vectors`). Only when a
stroked path is something else (a grid drawn as one path, a chart) are its
lines not visible from its bbox; then the page's `get_cdrawings()` are read
item by item (`segments_from_drawings`). Scanned pages get their ruling
lines from the page image instead (extract.pdf.ocr).
"""
from __future__ import annotations

from .settings import PdfSettings

Segments = list[tuple[float, float, float]]


def segments_from_drawings(paths, s: PdfSettings) -> tuple[Segments, Segments]:
    """(horizontal, vertical) ruling segments from `page.get_cdrawings()`."""
    hs, vs = [], []  # (y, xa, xb), (x, ya, yb)
    skew, thick, length, white = s.rule_skew, s.rule_thickness, s.rule_length, s.white
    for path in paths:
        typ = path.get("type", "")
        col = path.get("color") if "s" in typ else path.get("fill")
        if col and len(col) >= 3 and min(col[:3]) > white:
            continue  # white: invisible on paper
        stroke = "s" in typ
        for it in path["items"]:
            op = it[0]
            if op == "l":
                (xa, ya), (xb, yb) = it[1], it[2]
                if abs(ya - yb) <= skew and abs(xb - xa) > length:
                    hs.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))
                elif abs(xa - xb) <= skew and abs(yb - ya) > length:
                    vs.append(((xa + xb) / 2, min(ya, yb), max(ya, yb)))
            elif op == "re":
                x0, y0, x1, y1 = it[1]
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                w, h = x1 - x0, y1 - y0
                if h <= thick and w > length:
                    hs.append(((y0 + y1) / 2, x0, x1))
                elif w <= thick and h > length:
                    vs.append(((x0 + x1) / 2, y0, y1))
                elif stroke and w > length and h > length:
                    hs += [(y0, x0, x1), (y1, x0, x1)]
                    vs += [(x0, y0, y1), (x1, y0, y1)]
    return list(set(hs)), list(set(vs))


def segments_from_vectors(blocks, s: PdfSettings) -> tuple[Segments, Segments, bool]:
    """Ruling lines from the vector blocks of a text page (TEXT_COLLECT_VECTORS).
    Returns (hs, vs, complete): complete is False when some stroked path is
    not a plain line/rectangle, so its lines cannot be seen from its bbox."""
    hs, vs = [], []
    complete = True
    thick, length, white = s.rule_thickness, s.rule_length, s.white_byte
    for b in blocks:
        if b.get("type") != 3:  # 3: a vector block
            continue
        x0, y0, x1, y1 = b["bbox"]
        w, h = x1 - x0, y1 - y0
        col = b.get("color", 0)  # 0xRRGGBB
        if ((col >> 16) & 255) > white and ((col >> 8) & 255) > white and (col & 255) > white:
            continue  # white: invisible on paper
        if not b.get("isrect", True):
            if b.get("stroked") and (w > length or h > length):
                complete = False
            continue
        if h <= thick and w > length:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= thick and h > length:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif b.get("stroked") and w > length and h > length:
            hs += [(y0, x0, x1), (y1, x0, x1)]
            vs += [(x0, y0, y1), (x1, y0, y1)]
    return list(set(hs)), list(set(vs)), complete
