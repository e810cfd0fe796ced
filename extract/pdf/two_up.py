"""Sheets that hold two pages side by side ("2 pages per sheet" prints, a
book's spread): read as two pages, the left one first. Read as one page,
the left page's findings table and the right page's next area heading share
rows, and findings land under the wrong area without anything looking wrong.

A sheet is two pages when it is landscape, nothing (word or ruling) crosses
its middle band, and both halves show a page's edge: the same running header
at the top of each, or page numbers n and n+1 at the foot of each. Either
alone would also fit a two-column landscape table; both together do not.
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
    line = sorted((w for w in near if (abs(w[1] - y) if top else abs(w[3] - y)) < 3.0), key=lambda w: w[0])
    return " ".join(w[4] for w in line)


def _same_header(left, right, r, s: PdfSettings) -> bool:
    a, b = _edge_line(left, True, r, s), _edge_line(right, True, r, s)
    return len(a) >= 8 and a == b


def _consecutive_numbers(left, right, r, s: PdfSettings) -> bool:
    a = _PAGE_NUMBER.match(_edge_line(left, False, r, s))
    b = _PAGE_NUMBER.match(_edge_line(right, False, r, s))
    return bool(a and b) and int(b.group(1)) == int(a.group(1)) + 1
