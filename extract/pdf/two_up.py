"""Sheets that hold two pages side by side ("2 pages per sheet" prints, a
book's spread): read as two pages, the left one first. Read as one page,
the left page's findings table and the right page's next area heading share
rows, and findings land under the wrong area without anything looking wrong.

A sheet is two pages when it is landscape, nothing (word or ruling) crosses
its middle band, and both halves show a page's edge: the same running header
at the top of each, or page numbers n and n+1 at the foot of each. Either
alone would also fit a two-column landscape table; both together do not.
A scanned sheet has no text to read its edges from: there a clear gutter
down the middle, both halves inked, decides (scan_halves).
"""
from __future__ import annotations

import re

import pymupdf

from .settings import PdfSettings

_PAGE_NUMBER = re.compile(r"^\s*(?:[Ss]ida\s+)?(\d{1,3})\s*(?:\(\s*\d+\s*\))?\s*$")


def halves(page, s: PdfSettings) -> tuple[pymupdf.Rect, pymupdf.Rect] | None:
    """The two halves of `page` when it holds two pages side by side, else None."""
    r = page.rect
    if r.width < s.two_up_min_aspect * r.height:
        return None
    mid = (r.x0 + r.x1) / 2
    lo, hi = mid - s.two_up_band * r.width / 2, mid + s.two_up_band * r.width / 2
    words = page.get_text("words")
    if not words:
        return None
    left = [w for w in words if w[2] <= lo]
    right = [w for w in words if w[0] >= hi]
    if not left or not right or len(left) + len(right) < len(words):
        return None  # a word in the middle band: one page's text runs across
    for d in page.get_cdrawings():
        x0, _y0, x1, _y1 = d["rect"]
        if x0 < lo and x1 > hi:
            return None  # a rule or box across the middle: one table, one page
    if not (_same_header(left, right, r, s) or _consecutive_numbers(left, right, r, s)):
        return None
    return pymupdf.Rect(r.x0, r.y0, mid, r.y1), pymupdf.Rect(mid, r.y0, r.x1, r.y1)


def _edge_line(words, top: bool, r, s: PdfSettings) -> str:
    """The words of the line nearest the top (or foot) edge, within the edge zone."""
    zone = s.two_up_edge * r.height
    near = [w for w in words if (w[1] - r.y0 <= zone if top else r.y1 - w[3] <= zone)]
    if not near:
        return ""
    y = min(w[1] for w in near) if top else max(w[3] for w in near)
    line = sorted((w for w in near if abs((w[1] if top else w[3]) - y) < s.two_up_line_tol), key=lambda w: w[0])
    return " ".join(w[4] for w in line)


def _same_header(left, right, r, s: PdfSettings) -> bool:
    a, b = _edge_line(left, True, r, s), _edge_line(right, True, r, s)
    return len(a) >= s.two_up_header_min_chars and a == b


def _consecutive_numbers(left, right, r, s: PdfSettings) -> bool:
    a = _PAGE_NUMBER.match(_edge_line(left, False, r, s))
    b = _PAGE_NUMBER.match(_edge_line(right, False, r, s))
    return bool(a and b) and int(b.group(1)) == int(a.group(1)) + 1


def scan_halves(page, s: PdfSettings) -> tuple[pymupdf.Rect, pymupdf.Rect] | None:
    """The two halves of a scanned (image) sheet holding two pages, cut at the
    middle of its gutter, else None."""
    import numpy as np

    r = page.rect
    if r.width < s.two_up_min_aspect * r.height:
        return None
    pix = page.get_pixmap(dpi=s.two_up_scan_dpi, colorspace=pymupdf.csGRAY, alpha=False)
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    paper = float(np.median(a))
    ink = (a < paper - s.two_up_ink_contrast).mean(axis=0)  # share of inked pixels per column
    w = len(ink)
    lo, hi = int(w * (0.5 - s.two_up_gutter_zone / 2)), int(w * (0.5 + s.two_up_gutter_zone / 2))
    clear = ink[lo:hi] <= s.two_up_gutter_ink
    need = max(1, int(s.two_up_gutter * w))
    best, run = None, 0
    for k, c in enumerate(clear):  # the longest run of clear columns in the zone
        run = run + 1 if c else 0
        if run and (best is None or run > best[1]):
            best = (k - run + 1, run)
    if best is None or best[1] < need:
        return None
    cut = lo + best[0] + best[1] / 2
    inked = ink > s.two_up_gutter_ink
    if min(inked[: lo + best[0]].mean(), inked[lo + best[0] + best[1]:].mean()) < s.two_up_inked_columns:
        return None  # a half (nearly) blank: one page with a wide margin, not two
    x = r.x0 + r.width * cut / w
    return pymupdf.Rect(r.x0, r.y0, x, r.y1), pymupdf.Rect(x, r.y0, r.x1, r.y1)
