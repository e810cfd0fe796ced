"""What OCR leaves out of a page's running text, found in the image instead:
list bullets, and words standing alone (a score in a table without rules).

Tesseract reads a bullet "•" as "e", "«" or "°" now and then (extract.pdf.
ocr_words turns those back), but in a page's running text it often drops it
altogether: a column of dots a gutter apart from the text is not a word to
it. Without its bullets a list reads as one paragraph. So the image is asked:
a filled round (or square) blob of a bullet's size, that no word Tesseract
read covers, standing just left of the first word of a line, is that line's
bullet: a word "•" is put there, on the line's baseline. A full stop is too
small, an "o" is not filled, a dot inside a word is covered by it.
"""
from __future__ import annotations

import numpy as np

from .ocr_engine import Word
from .settings import PdfSettings

BULLET = "•"


def bullets(bw: np.ndarray, words: list[Word], dpi: int, s: PdfSettings, box=None) -> list[Word]:
    """Bullet words for the blobs in `bw` (within `box`, pixels) that OCR left out."""
    import cv2

    x0, y0 = (box[0], box[1]) if box else (0, 0)
    img = bw[box[1]:box[3], box[0]:box[2]] if box else bw
    n, _lab, st, _ = cv2.connectedComponentsWithStats((img == 0).astype(np.uint8), connectivity=8)
    px = dpi / 72
    lo, hi = s.ocr_bullet_min * px, s.ocr_bullet_max * px
    out = []
    for i in range(1, n):
        bx, by, w, h, area = (int(v) for v in st[i, :5])
        if not (lo <= w <= hi and lo <= h <= hi) or abs(w - h) > 0.25 * max(w, h) or area < s.ocr_bullet_fill * w * h:
            continue
        bx, by = bx + x0, by + y0
        cy = by + h / 2
        if any(wd.x0 - 1 <= bx + w / 2 <= wd.x1 + 1 and wd.y0 - 1 <= cy <= wd.y1 + 1 for wd in words):
            continue  # read as part of a word
        # the first word to its right on the same line, with nothing between
        line = [wd for wd in words if wd.y0 <= cy <= wd.y1 and wd.x0 > bx + w]
        if not line:
            continue
        nxt = min(line, key=lambda wd: wd.x0)
        if nxt.x0 - (bx + w) > s.ocr_bullet_reach * (nxt.height or h) * s.ocr_em_per_row:
            continue
        out.append(Word(BULLET, bx, by, bx + w, by + h, nxt.conf, nxt.base, nxt.height))
    return out


def unread(bw: np.ndarray, words: list[Word], dpi: int, s: PdfSettings) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels) of word-sized ink that no word Tesseract read covers:
    a lone "6" or "11" far right of its row's text is often dropped by the
    page layout analysis. Letters are joined into words by closing gaps of a
    letter space; blobs of text height only, the largest first, at most
    `ocr_unread_max` of them."""
    import cv2

    px = dpi / 72
    ink = (bw == 0).astype(np.uint8)
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, int(s.ocr_unread_join * px)), 1)))
    n, _lab, st, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lo, hi = s.ocr_unread_min * px, s.ocr_unread_max_h * px
    pad = max(2, int(px))
    h_img, w_img = bw.shape
    read = np.zeros(bw.shape, dtype=bool)  # where the words read stand
    for wd in words:
        read[max(0, wd.y0 - pad):wd.y1 + pad, max(0, wd.x0 - pad):wd.x1 + pad] = True
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in st[i, :5])
        if not lo <= h <= hi or w < lo / 2:
            continue
        blob = ink[y:y + h, x:x + w] > 0
        if read[y:y + h, x:x + w][blob].mean() > s.ocr_unread_covered:
            continue
        out.append((area, (max(0, x - pad), max(0, y - pad), min(w_img, x + w + pad), min(h_img, y + h + pad))))
    out.sort(reverse=True)
    return [b for _, b in out[:s.ocr_unread_max]]
