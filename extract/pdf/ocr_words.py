"""OCR'd words into the reader's pieces (extract.pdf.primitives), so that
lines, columns, tables and blocks are built exactly as for a text layer.

* A word's box is rebuilt from its line's baseline and a size taken from
  Tesseract's line height: OCR boxes are ragged (a word without ascenders
  is shorter), baselines are not. Sizes near the page's common size are
  snapped to it, so lines group and paragraph gaps measure as on a
  born-digital page. OCR has no bold.
* Each piece keeps the word's confidence (0-1).
* Bullets that OCR read as "e", "«", "°" ... become "•" again.
* A number: a short reading made of digits (and the letters OCR mistakes for
  them) is read again with a digit whitelist; stray marks beside it are dropped.
"""
from __future__ import annotations

import re

from ..typography import BULLET, OCR_BULLET, OCR_BULLET_LEAD, OCR_BULLET_LOOKALIKES, OCR_BULLET_TRAILERS
from .ocr_engine import Word
from .primitives import Piece
from .settings import PdfSettings

_DIGIT = re.compile(r"\d")
# A short reading that starts with a digit (after any quote or bracket OCR
# adds) is a number: the Swedish model reads "45%" as "459" or "45N".
_NUMBER_START = re.compile(r"^[\"'`´(\[|!:]?\s*\d")
# A word of running text that may be a number of a table without rules: digits
# and at most one other mark after them ("45N" for "45%"); "20-tal" is a word.
_BODY_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?[^\s\d]?$")
# The number in a reading: digits, one decimal mark, a percent sign.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?:%|\.(?!\d))?")
_CLEAN = re.compile(r"^\d+(?:[.,]\d+)?%?$")


# Letters OCR reads for a digit ("T." for "7.", "l" for "1")
_AS_DIGIT = str.maketrans("TOolIi|SsBZzgqAbG", "70011115582299466")


def looks_numeric(text: str, s: PdfSettings) -> bool:
    """Is this (first, general) reading of a table cell probably a number?
    Short, and starting with a digit or mostly digits ("oo15": specks), or a
    look-alike of a short number ("T.")."""
    t = text.strip()
    if not 0 < len(t) <= s.ocr_number_chars:
        return False
    if len(t) <= 3 and t != t.translate(_AS_DIGIT) and _NUMBER_START.match(t.translate(_AS_DIGIT)):
        return True
    alnum = [ch for ch in t if ch.isalnum()]
    return bool(_NUMBER_START.match(t)) or (bool(alnum) and 2 * sum(ch.isdigit() for ch in alnum) >= len(alnum))


def body_number(text: str, s: PdfSettings) -> bool:
    """Is this word of the page's running text probably a number (of a table
    without rules), worth reading again as one?"""
    t = text.strip()
    return len(t) <= s.ocr_number_chars and bool(_BODY_NUMBER.match(t))


def no_specks(words: list[Word], s: PdfSettings) -> list[Word]:
    """Without the words that are a speck read as a mark ("Styrkor ,"): no
    letter or digit, no bullet or dash, and read with little confidence."""
    keep = OCR_BULLET_LOOKALIKES + BULLET + "-–—"
    return [w for w in words if w.conf >= s.ocr_mark_conf or any(ch.isalnum() or ch in keep for ch in w.text)]


def number_words(words: list[Word]) -> list[Word]:
    """The words of a digit-whitelisted reading, without stray marks (a speck
    read as "." beside a number): each kept word has a digit."""
    return [w for w in words if _DIGIT.search(w.text)]


def _number(text: str) -> str | None:
    m = _NUMBER.search(text)
    return m.group(0) if m else None


def _plain(number: str | None) -> str | None:
    """A number of two digits or more alone in a cell ends in no full stop:
    "73." is a speck after 73 (an area's "7." keeps its point)."""
    if number and number.endswith(".") and sum(ch.isdigit() for ch in number) >= 2:
        return number[:-1]
    return number


def choose_number(general: Word | None, digits: Word | None) -> Word | None:
    """One number from the cell's two readings: the Swedish model's (which
    keeps decimal points but cannot read "%") and the number model's with the
    digit whitelist (which reads "%" but may drop a decimal point). Where they
    disagree otherwise, the likelier reading is kept and its confidence is the
    lower of the two: the doubt is real, and the checks of normalize/ see it."""
    g = _plain(_number(general.text)) if general else None
    d = _plain(_number(digits.text)) if digits else None
    if d is None:
        if g is None:
            return None
        general.text = g
        return general
    digits.text = d
    if g is None or g == d:
        return digits
    if any(m in g for m in ".,") and g.replace(".", "").replace(",", "") == d.rstrip("%"):
        general.text = g  # the number model dropped the decimal point
        return general
    if d.endswith("%") and not g.endswith("%"):
        return digits  # the Swedish model reads "%" as digits or letters
    if not _CLEAN.match(general.text.strip()):
        return digits  # letters in a number ("7A" for "7.1"): the whitelist knows better
    best = digits if digits.conf >= general.conf else general
    best.text = d if best is digits else g
    best.conf = min(digits.conf, general.conf)
    return best


def restore_point(w: Word, bw, dpi: int, s: PdfSettings) -> Word:
    """A number read without its decimal point ("74" for "7.4": both models
    drop the point of a question number now and then) gets it back when the
    image shows one: as many digit-sized glyphs as digits read, and between
    two of them, close to both, a round dot of a full stop's size sitting on
    their baseline (a speck lies anywhere, and is of any size)."""
    import cv2
    import numpy as np

    if not re.fullmatch(r"\d{2,3}", w.text):  # (a general reading may still hold letters: left alone)
        return w
    crop = bw[max(0, w.y0 - 2):w.y1 + 3, max(0, w.x0 - 2):w.x1 + 3]
    n, _lab, st, _ = cv2.connectedComponentsWithStats((crop == 0).astype(np.uint8), connectivity=8)
    comps = [tuple(int(v) for v in st[i, :5]) for i in range(1, n)]
    if not comps:
        return w
    tall = max(c[3] for c in comps)
    digits = sorted((c for c in comps if c[3] >= tall / 2), key=lambda c: c[0])
    if len(digits) != len(w.text):
        return w
    base = sorted(c[1] + c[3] for c in digits)[len(digits) // 2]
    dots = [c for c in comps if s.ocr_point_min * tall <= c[3] <= s.ocr_point_max * tall
            and 0.6 <= c[2] / max(1, c[3]) <= 1.6 and abs(c[1] + c[3] - base) <= s.ocr_point_base * tall]
    if len(dots) != 1:
        return w
    x0, x1 = dots[0][0], dots[0][0] + dots[0][2]
    k = sum(1 for c in digits if c[0] < x0)
    if not 0 < k < len(digits):
        return w
    left, right = digits[k - 1], digits[k]
    near = s.ocr_point_gap * tall
    if x0 - (left[0] + left[2]) <= near and right[0] - x1 <= near:
        w.text = w.text[:k] + "." + w.text[k:]
    return w


def stacked_numbers(pieces: list[Piece]) -> bool:
    """Does a cell hold two or more lines that are each a number alone (the
    rule between two rows of a score table was lost)? Piece y1 is still the
    baseline here (before normalize_sizes)."""
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.y1):
        if lines and abs(p.y1 - lines[-1][0].y1) <= 0.5 * p.size:
            lines[-1].append(p)
        else:
            lines.append([p])
    return sum(1 for ln in lines if _CLEAN.match(" ".join(p.text for p in ln).strip())) >= 2


def to_pieces(words: list[Word], dpi: int) -> list[Piece]:
    """Words (pixels) -> pieces (points), each box rebuilt from the baseline."""
    z = 72 / dpi
    out = []
    for w in words:
        out.append(Piece(w.text, w.x0 * z, w.y0 * z, w.x1 * z, w.y1 * z, w.height * z, False, None,
                         round(w.conf, 3)))
        out[-1].y1 = w.base * z  # the baseline, until normalize_sizes() sets the box
    return out


def normalize_sizes(pieces: list[Piece], s: PdfSettings) -> None:
    """Line heights -> font sizes; sizes near the page's common size snap to
    it; every box is rebuilt from the baseline (in place)."""
    if not pieces:
        return
    for p in pieces:
        p.size = p.size * s.ocr_em_per_row
    weights: dict[int, int] = {}
    for p in pieces:
        k = round(p.size)
        weights[k] = weights.get(k, 0) + len(p.text.strip())
    common = max(weights, key=weights.get)
    lo, hi = s.ocr_size_low * common, s.ocr_size_high * common
    for p in pieces:
        # a word without letters (a number, a mark) has no x-height to measure:
        # its line height says nothing of its size
        size = common if lo <= p.size <= hi or not any(ch.isalpha() for ch in p.text) else round(p.size)
        base = p.y1
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
