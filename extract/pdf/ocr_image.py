"""A scanned page made ready for OCR, with OpenCV.

    render at the scan's own resolution (grey)
    -> flatten the paper (divide by the background: paper tone and uneven
       light gone, ink keeps its contrast)
    -> sideways? (text lines run down the page: the column profile is the
       peaked one) -> Tesseract's orientation model says which way
    -> skew: the angle whose row profile is the most peaked (text lines and
       ruling lines are horizontal then), searched coarse to fine
    -> one affine warp: turned upright, deskewed, scaled to the OCR resolution
    -> binarised (Otsu on the flattened page: the paper is white everywhere,
       so one threshold fits the whole page; JPEG noise and grain fall below it)
    -> specks removed (small blobs with no ink near them; a full stop or the
       dot of an "i" sits next to its letters and stays)

The page's own image (what the QA page shows) is not changed: this works on
a rendering. Every number is a field of PdfSettings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .settings import PdfSettings


@dataclass(slots=True)
class Prepared:
    """A page image ready for OCR and how it was made."""
    bw: np.ndarray  # 0 = ink, 255 = paper, upright and deskewed, at `dpi`
    grey: np.ndarray  # the same page flattened but not binarised (light ruling lines are still there)
    dpi: int
    quarter: int  # quarter turns counter-clockwise applied
    angle: float  # degrees of skew removed


def scan_dpi(page, s: PdfSettings) -> int:
    """The resolution the page's largest image was scanned at (clamped)."""
    best, dpi = 0.0, s.ocr_dpi
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        area = (x1 - x0) * (y1 - y0)
        if area > best and x1 > x0 and info.get("width"):
            best = area
            dpi = info["width"] / ((x1 - x0) / 72.0)
    return int(round(min(max(dpi, s.ocr_min_dpi), s.ocr_dpi)))


def render(page, s: PdfSettings) -> tuple[np.ndarray, int]:
    """The page rendered grey at its scan's resolution: (image, dpi)."""
    import pymupdf

    dpi = scan_dpi(page, s)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    return np.ascontiguousarray(a), dpi


def flatten(gray: np.ndarray, dpi: int, s: PdfSettings) -> np.ndarray:
    """Divide by the paper's own brightness (estimated by closing away the ink
    on a quarter-size copy): paper -> 255 everywhere."""
    import cv2

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, int(s.ocr_background_pt * dpi / 72 / 4)) | 1
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 3)
    bg = cv2.resize(bg, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(bg, 1), scale=255)


def _ink_points(flat: np.ndarray, s: PdfSettings, step: int) -> tuple[np.ndarray, np.ndarray, tuple]:
    small = flat[::step, ::step]
    ys, xs = np.nonzero(small < s.ocr_ink_level)
    return ys.astype(np.float64), xs.astype(np.float64), small.shape


def _peakedness(ys, xs, w, angle) -> float:
    """How peaked the row profile of the ink is when sheared by `angle` degrees."""
    t = np.tan(np.radians(angle))
    rows = np.round(ys - (xs - w / 2) * t).astype(np.int64)
    rows -= rows.min(initial=0)
    c = np.bincount(rows).astype(np.float64)
    return float((c * c).sum())


def skew(flat: np.ndarray, dpi: int, s: PdfSettings) -> float:
    """The page's skew in degrees (counter-clockwise positive), coarse to fine."""
    step = max(1, int(round(dpi / s.ocr_skew_dpi)))
    ys, xs, (h, w) = _ink_points(flat, s, step)
    if len(ys) < s.ocr_min_ink_points:
        return 0.0
    lim, best = s.ocr_max_skew, 0.0
    for stepdeg in (s.ocr_skew_coarse, s.ocr_skew_fine):
        angles = np.arange(best - lim, best + lim + stepdeg / 2, stepdeg)
        scores = [_peakedness(ys, xs, w, a) for a in angles]
        best, lim = float(angles[int(np.argmax(scores))]), stepdeg
    return best


def sideways(flat: np.ndarray, dpi: int, s: PdfSettings) -> bool:
    """Do the text lines run down the page (the column profile more peaked than
    the row profile)?"""
    step = max(1, int(round(dpi / s.ocr_skew_dpi)))
    ys, xs, (h, w) = _ink_points(flat, s, step)
    if len(ys) < s.ocr_min_ink_points:
        return False
    rows = np.bincount(ys.astype(np.int64)).astype(np.float64)
    cols = np.bincount(xs.astype(np.int64)).astype(np.float64)
    # sum of squares times length: the same for any length when the ink is spread evenly
    return float((cols * cols).sum()) * len(cols) > float((rows * rows).sum()) * len(rows)


def upright(flat: np.ndarray, dpi: int, quarter: int, angle: float, s: PdfSettings) -> tuple[np.ndarray, int]:
    """Turned by `quarter` quarter turns, deskewed by `angle` and scaled to the
    OCR resolution in one warp: (image, its dpi)."""
    import cv2

    img = np.ascontiguousarray(np.rot90(flat, quarter)) if quarter % 4 else flat
    out_dpi = max(dpi, s.ocr_dpi)
    z = out_dpi / dpi
    if abs(angle) < s.ocr_min_skew and z == 1:
        return img, dpi
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, z)
    size = (int(round(w * z)), int(round(h * z)))
    m[0, 2] += (size[0] - w) / 2
    m[1, 2] += (size[1] - h) / 2
    out = cv2.warpAffine(img, m, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return out, out_dpi


def binarise(img: np.ndarray, s: PdfSettings) -> np.ndarray:
    """Ink 0, paper 255: Otsu's threshold on the flattened page, kept within
    bounds (a page with hardly any ink has no second mode to find)."""
    import cv2

    t, _ = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, s.ocr_threshold_min), s.ocr_threshold_max)
    _, bw = cv2.threshold(img, t, 255, cv2.THRESH_BINARY)
    return bw


def despeckle(bw: np.ndarray, dpi: int, s: PdfSettings) -> np.ndarray:
    """Remove specks: blobs no bigger than a full stop with no other ink
    beside them on their line or just above or below (a full stop, a decimal
    point or an i's dot stands next to its letters); and hairs: short strokes
    thinner than any pen stroke of type, wherever they lie."""
    import cv2

    ink = (bw == 0).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    px = dpi / 72
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    w, h = stats[:, cv2.CC_STAT_WIDTH].astype(np.float64), stats[:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    diag = np.hypot(w, h)
    hair = (area / np.maximum(diag, 1) < s.ocr_hair_pt * px) & (diag <= s.ocr_hair_len * px) & (diag >= 3 * px)
    hair[0] = False
    small = np.nonzero(area[1:] <= s.ocr_speck_area_pt2 * px * px)[0] + 1
    if not len(small) and not hair.any():
        return bw
    is_small = np.zeros(n, dtype=bool)
    is_small[small] = True
    big = (ink > 0) & ~is_small[lab]
    rx, ry = max(1, int(s.ocr_speck_clear_x * px)), max(1, int(s.ocr_speck_clear_y * px))
    near = cv2.dilate(big.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (2 * rx + 1, 2 * ry + 1)))
    hit = lab[(near > 0) & is_small[lab]]
    keep = np.zeros(n, dtype=bool)
    keep[hit] = True
    drop = (is_small & ~keep) | hair
    out = bw.copy()
    out[drop[lab]] = 255
    return out


def prepare(gray: np.ndarray, dpi: int, s: PdfSettings, quarter: int | None = None, turn=None) -> Prepared:
    """The page made ready for OCR. `quarter` forces a turn; otherwise a page
    that looks sideways asks `turn(bw, dpi)` (the orientation model) which way."""
    flat = flatten(gray, dpi, s)
    if quarter is None:
        quarter = 0
        if turn is not None and sideways(flat, dpi, s):
            quarter = turn(binarise(flat, s), dpi)
    if quarter % 4:
        flat = np.ascontiguousarray(np.rot90(flat, quarter))
    angle = skew(flat, dpi, s)
    img, out_dpi = upright(flat, dpi, 0, angle, s)
    bw = despeckle(binarise(img, s), out_dpi, s)
    return Prepared(bw, img, out_dpi, quarter % 4, angle)
