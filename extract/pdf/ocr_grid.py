"""Table grids of a scanned page, from its ruling lines.

Ruling lines are long thin runs of ink, dark or light grey: a black-hat
finds thin lines against the paper around them, and a morphological opening
with a long flat (or tall thin) kernel keeps the long ones and removes letters. Each connected run
becomes a segment; a vertical one must meet a horizontal one at an end (a
letter's stem does not). The segments, in page points, make grids with the
same code as a born-digital page's vector rulings (extract.pdf.grids), so
merged cells, page breaks and joins work alike. Each cell is then read on
its own (extract.pdf.ocr), inside its rules.

The ruling lines are also painted out of the image that the text outside the
tables is read from, so they never come out as "|", "[" or "EEE".
"""
from __future__ import annotations

import numpy as np

from .grids import Grid, grids_from_segments
from .settings import PdfSettings

Seg = tuple[float, float, float, float]  # (position, start, end, thickness) in pixels


def _segments(mask: np.ndarray, horizontal: bool) -> list[Seg]:
    """Connected runs of a mask as (position, start, end, mean thickness):
    the position is the run's centroid across it, so a bulge (a shaded cell's
    edge beside the rule) neither moves nor thickens it much."""
    import cv2

    n, _lab, stats, cent = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i, :5])
        if horizontal:
            out.append((float(cent[i][1]), x, x + w, area / max(1, w)))
        else:
            out.append((float(cent[i][0]), y, y + h, area / max(1, h)))
    return out


def find_rules(grey: np.ndarray, bw: np.ndarray, dpi: int, s: PdfSettings) -> tuple[list[Seg], list[Seg], np.ndarray]:
    """Ruling lines of a flattened grey page (paper 255) and its binarised
    copy: (horizontal, vertical, mask of their pixels).

    A rule is thin: darker than the paper a little above and below it (left
    and right): a black-hat with a short cross kernel, averaged along the line
    (grain and JPEG blocks fall, a faint rule stays) and a pixel wider across
    (the deskew leaves a rule between two pixel rows). A rule is long: an
    opening with a long kernel along it keeps only runs as long as a rule (a
    rule goes on through the rules it crosses). And a horizontal rule stands
    alone: just above and below it the page is blank along most of its
    length, where the top or foot of a row of letters has letters."""
    import cv2

    px = dpi / 72
    rect = cv2.getStructuringElement
    across = int(2 * s.ocr_rule_across * px) | 1
    along = max(1, int(s.ocr_rule_smooth * px))
    hats = []
    for k, box, wide in (((1, across), (along, 1), (1, 3)), ((across, 1), (1, along), (3, 1))):
        hat = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, rect(cv2.MORPH_RECT, k))
        hats.append(cv2.dilate(cv2.blur(hat, box), rect(cv2.MORPH_RECT, wide)))
    # the page's own noise: how thin-and-dark grain and specks look away from any ink
    clear = cv2.dilate((bw == 0).astype(np.uint8), rect(cv2.MORPH_RECT, (across, across))) == 0
    noise = float(np.percentile(hats[0][clear], 95)) if clear.any() else 0.0
    level = max(s.ocr_rule_contrast, s.ocr_rule_noise * noise)
    thin = [h >= level for h in hats]
    lines = (thin[0] | thin[1]).astype(np.uint8)
    bridge = int(s.ocr_rule_bridge * px)
    out = []
    for horizontal in (True, False):
        length = int((s.ocr_hrule_min if horizontal else s.ocr_vrule_min) * px)
        run = (length, 1) if horizontal else (1, length)
        found = lines
        if bridge > 1:
            found = cv2.morphologyEx(found, cv2.MORPH_CLOSE, rect(cv2.MORPH_RECT, (bridge, 1) if horizontal else (1, bridge)))
        found = cv2.morphologyEx(found, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, run))
        out.append([g for g in _segments(found, horizontal) if g[3] <= s.ocr_rule_thick * px])
    join = s.ocr_rule_join * px
    hs = _joined([g for g in out[0] if _alone(g, bw, out[1], px, s)], join)
    vs = _joined(out[1], join)  # letters make no vertical run a row high: no test needed
    out = [hs, vs]
    hs, vs = out
    tol = s.ocr_rule_meet * px
    vs = [g for g in vs if any(a - tol <= g[0] <= b + tol and g[1] - tol <= y <= g[2] + tol
                               for y, a, b, _t in hs)]
    mask = np.zeros(grey.shape, dtype=np.uint8)
    grow = max(1, int(px / 2))
    for y, a, b, t in hs:
        mask[max(0, int(y - t / 2) - grow):int(y + t / 2) + grow + 1, int(a):int(b) + 1] = 1
    for x, a, b, t in vs:
        mask[int(a):int(b) + 1, max(0, int(x - t / 2) - grow):int(x + t / 2) + grow + 1] = 1
    return hs, vs, mask


def _joined(segs: list[Seg], gap: float) -> list[Seg]:
    """Pieces of one rule (the same position within a pixel or two, apart by
    at most `gap` along it: noise broke a faint rule) made one segment."""
    lines: list[list[Seg]] = []
    for g in sorted(segs):
        if lines and g[0] - lines[-1][-1][0] <= 2:
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for line in lines:
        cur = None
        for pos, a, b, t in sorted(line, key=lambda g: g[1]):
            if cur is not None and a - cur[2] <= gap:
                cur[2], cur[3] = max(cur[2], b), max(cur[3], t)
            else:
                cur = [pos, a, b, t]
                out.append(cur)
    return [tuple(g) for g in out]


def _alone(g: Seg, bw: np.ndarray, vs: list[Seg], px: float, s: PdfSettings) -> bool:
    """Is the horizontal run `g` blank just above and below along most of its
    length (the vertical rules it crosses aside)?"""
    y, a, b, t = g
    a, b = int(a), int(b) + 1
    gap, band = max(1, int(s.ocr_rule_gap * px)), max(1, int(s.ocr_rule_band * px))
    top, bot = int(y - t / 2) - gap, int(y + t / 2) + gap + 1
    above = (bw[max(0, top - band):max(0, top), a:b] == 0).any(axis=0)
    below = (bw[bot:bot + band, a:b] == 0).any(axis=0)
    busy = above | below
    for x, va, vb, vt in vs:  # columns of the vertical rules it crosses
        if va - band <= y <= vb + band:
            busy[max(0, int(x - vt / 2) - gap - a):max(0, int(x + vt / 2) + gap + 1 - a)] = False
    return busy.mean() <= s.ocr_rule_alone if len(busy) else False


def page_grids(hs: list[Seg], vs: list[Seg], dpi: int, pno: int, s: PdfSettings) -> list[Grid]:
    """The grids the rules make, in page points. A scanned rule may fade out
    over a cell or two: a rule drawn along most of its table's width (height)
    is taken to go all the way (a real merged cell leaves most of a line out)."""
    z = 72 / dpi
    h_pt = [(y * z, a * z, b * z) for y, a, b, _t in hs]
    v_pt = [(x * z, a * z, b * z) for x, a, b, _t in vs]
    grids = grids_from_segments(h_pt, v_pt, pno, s, ocr=True)
    if not grids:
        return grids
    h_pt = _completed(h_pt, [(g.x0, g.x1, g.y0, g.y1) for g in grids], s)
    v_pt = _completed(v_pt, [(g.y0, g.y1, g.x0, g.x1) for g in grids], s)
    return grids_from_segments(h_pt, v_pt, pno, s, ocr=True)


def _completed(segs, frames, s: PdfSettings):
    """Segments (pos, a, b) of each frame (a0, a1 along; p0, p1 across) that
    cover most of it along, drawn the whole way."""
    out = list(segs)
    t = s.tol
    for a0, a1, p0, p1 in frames:
        lines: dict[float, list] = {}
        for pos, a, b in segs:
            if p0 - t <= pos <= p1 + t and b >= a0 - t and a <= a1 + t:
                key = next((k for k in lines if abs(k - pos) <= t), pos)
                lines.setdefault(key, []).append((max(a, a0), min(b, a1)))
        for pos, parts in lines.items():
            covered = sum(b - a for a, b in _union(parts))
            if covered >= s.ocr_rule_most * (a1 - a0):
                out.append((pos, a0, a1))
    return out


def _union(parts):
    out = []
    for a, b in sorted(parts):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def cell_boxes(g: Grid, dpi: int, s: PdfSettings) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(cell id, pixel box inside its rules) of every cell of a grid, in
    reading order (row by row)."""
    px = dpi / 72
    inset = s.ocr_cell_inset * px
    out = []
    for cid, (r0, c0, r1, c1) in sorted(g.span.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        x0, x1 = g.xs[c0] * px + inset, g.xs[c1 + 1] * px - inset
        y0, y1 = g.ys[r0] * px + inset, g.ys[r1 + 1] * px - inset
        if x1 - x0 >= 2 and y1 - y0 >= 2:
            out.append((cid, (int(x0), int(y0), int(np.ceil(x1)), int(np.ceil(y1)))))
    return out


def has_ink(bw: np.ndarray, box, dpi: int, s: PdfSettings) -> bool:
    x0, y0, x1, y1 = box
    px = dpi / 72
    return int((bw[y0:y1, x0:x1] == 0).sum()) >= s.ocr_cell_min_ink * px * px


def blank_tables(bw: np.ndarray, grids: list[Grid], dpi: int) -> np.ndarray:
    """A copy of the page with the grids' areas painted white: what is left
    is read as the page's body text."""
    out = bw.copy()
    px = dpi / 72
    for g in grids:
        out[max(0, int(g.y0 * px)):int(np.ceil(g.y1 * px)) + 1, max(0, int(g.x0 * px)):int(np.ceil(g.x1 * px)) + 1] = 255
    return out
