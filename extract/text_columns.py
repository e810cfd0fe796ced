"""Columns and items in text without geometry: what a plain-text export
(pdftotext -layout or -raw, a web transcript) leaves of a table whose
columns hold lists of items.

* `column_starts` / `split_side_by_side`: pdftotext -layout prints the
  columns side by side, each line cut into its columns at the character
  offset where the right column starts (the header line gives it; a long
  left line pushes the right column on, down to one space, so each line's
  cut is searched near the previous line's).
* `text_items`: where one item of a column's lines ends and the next
  begins. A list mark (any bullet glyph, a dash or a list number;
  extract.typography) is certain. Otherwise the text shows only what a
  line still shows: one that stops short although the next line's first
  word would have fitted (widths estimated from typical proportional
  character widths, against the column's longest line) before a capital is a
  new item; a lower-case start goes on. Those boundaries are guesses and
  their items are marked `inferred`.
* `stacked_break`: pdftotext -raw (and document-sharing transcripts) print
  the left column's lines, then the right column's, with nothing between:
  where the first column ends is chosen among the item boundaries by a
  caller's scoring of which items belong to the second column (and by the
  columns' line widths where they differ). It is always a guess.

Reused by any reader of text without geometry (pdftotext, transcripts):
nothing here knows what the columns mean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .typography import TEXT_LINE_BULLET, TEXT_LINE_NUMBER, guess_new_item, open_line_end

# Typical advance widths of a proportional sans-serif (Helvetica's, in 1/1000
# em); anything not listed counts as a lower-case letter (556).
_NARROW = dict.fromkeys("ijlI.,:;'!|", 250) | dict.fromkeys("ft()[]/ -r", 320) | {" ": 278}
_WIDE = dict.fromkeys("mwMW", 860) | dict.fromkeys("ABCDEGHKNOQRUVXYÅÄÖÜÉ", 720) | dict.fromkeys("FLPSTZJ", 620)
_WIDTH = _NARROW | _WIDE
_AVERAGE = 556
# A line stops short when the next word (and a space) would have fitted
# into the column's longest line with this much (share) to spare.
FIT_SLACK = 0.02


def text_width(s: str) -> float:
    """The estimated printed width of `s` (in 1/1000 em)."""
    return float(sum(_WIDTH.get(ch, _AVERAGE) for ch in s))


# --------------------------------------------------------------------------
# side by side (pdftotext -layout)

_GAP = re.compile(r"\S(\s{2,})(?=\S)")


def column_starts(header: str) -> list[int] | None:
    """Offsets where the texts of a header line start when they stand apart
    by runs of at least two spaces ("Styrkor      Förbättringsmöjligheter")."""
    starts = [len(header) - len(header.lstrip())]
    for m in _GAP.finditer(header):
        starts.append(m.end(1))
    return starts if len(starts) >= 2 else None


# A header of two column titles: two runs of text (no digits) at least this
# many spaces apart ...
HEADER_GAP = 3
# ... and a region of side-by-side lines ends at this many blank lines in a row.
REGION_END_BLANKS = 2
_TITLE = re.compile(r"^[^\d\t•]{2,40}$")
# A column title is a few words.
TITLE_WORDS = 4


def header_starts(line: str) -> list[int] | None:
    """The starts of a two-title header line ("Styrkor      Förbättringar"):
    two runs of text without digits, at least HEADER_GAP spaces apart."""
    if "\t" in line:
        return None
    runs = re.split(r"\s{%d,}" % HEADER_GAP, line.strip())
    starts = column_starts(line)
    if len(runs) != 2 or starts is None or len(starts) != 2 or starts[0] > HEADER_GAP \
            or not all(_TITLE.match(r) and len(r.split()) <= TITLE_WORDS for r in runs):
        return None
    return starts


def _has_words(s: str, n: int = 2) -> bool:
    return sum(1 for w in s.split() if any(ch.isalpha() for ch in w)) >= n


def _place(line: str, edge: int, prev_cut: int | None, drift: int, nxt: str = ""):
    """Where a line of a side-by-side region stands, given the right
    column's left edge so far: ("right", lead), ("left", None), ("both",
    cut) -- cut at a word start near the edge with two spaces before it, or
    with one where the line before or after is cut at two spaces (a long
    left line pushed the right column on for a few lines), or before a list
    mark -- or None (the line does not keep to the columns)."""
    lead = len(line) - len(line.lstrip())
    if lead >= edge - 2:
        return "right", lead
    if len(line) <= edge - 1:
        return "left", None
    for at in _word_starts_near(line, edge, drift):
        if line[at - 2:at] == "  " or (prev_cut is not None and abs(at - prev_cut) <= 1) \
                or (at <= edge and TEXT_LINE_BULLET.match(line[at:])) or _cut_at(nxt, at):
            return "both", at  # (a list mark after one space at the edge: the right column pushed on)
    return None


def side_by_side_region(lines: list[str], i: int, cut: int, drift: int = 8) -> int:
    """The end (exclusive) of the side-by-side region whose body starts at
    lines[i], its right column starting near `cut`. A line goes on with it
    when it is blank (but REGION_END_BLANKS in a row end it), holds text on
    the right only, on the left only (ending before the right column), or on
    both (`_place`). Anything else (body text running across, a line of
    three or more runs) ends it. Returns i if no line has prose on the right
    (a "Rubriker   Poäng" box: a number on the right)."""
    j = i
    blanks = 0
    prose_right = False
    end = i
    edge, prev_cut = cut, None
    while j < len(lines):
        line = lines[j].rstrip()
        if not line.strip():
            blanks += 1
            if blanks >= REGION_END_BLANKS:
                break
            j += 1
            prev_cut = None
            continue
        blanks = 0
        if len(re.split(r"\s{%d,}" % HEADER_GAP, line.strip())) >= 3:
            break
        placed = _place(line, edge, prev_cut, drift, lines[j + 1] if j + 1 < len(lines) else "")
        if placed is None:
            break
        where, at = placed
        if where == "right":
            prose_right = prose_right or _has_words(line)
        elif where == "both":
            prose_right = prose_right or _has_words(line[at:])
        if at is not None and at >= edge - drift:
            edge = min(edge, at)
        prev_cut = at
        j += 1
        end = j
    return end if prose_right else i


def split_side_by_side(lines: list[str], starts: list[int], drift: int = 8) -> list[list[str]]:
    """Lines of a two-column layout export -> per column, its lines ("" where
    the column was empty on a line that had text in the other), cut as
    `side_by_side_region` reads them."""
    left, right = [], []
    edge, prev_cut = starts[1], None
    for k, raw in enumerate(lines):
        line = raw.rstrip()
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        placed = _place(line, edge, prev_cut, drift, nxt) if line.strip() else ("blank", None)
        where, at = placed or ("left", None)
        if where == "blank":
            left.append("")
            right.append("")
        elif where == "right":
            left.append("")
            right.append(line.strip())
        elif where == "left":
            left.append(line.strip())
            right.append("")
        else:
            left.append(line[:at].strip())
            right.append(line[at:].strip())
        if at is not None and at >= edge - drift:
            edge = min(edge, at)
        prev_cut = at
    return [left, right]


def _cut_at(line: str, at: int) -> bool:
    """Is `line` cut at two spaces at `at` (±1)?"""
    for k in (at - 1, at, at + 1):
        if 2 <= k < len(line) and line[k - 2:k] == "  " and not line[k].isspace() and line[:k - 2].strip():
            return True
    return False


def _word_starts_near(line: str, cut: int, drift: int) -> list[int]:
    """Word starts in `line` (not its first) within `drift` of `cut`: after
    two or more spaces first, then nearest first."""
    found = []
    for m in re.finditer(r"(\s+)(?=\S)", line):
        at = m.end()
        if m.start() == 0 or abs(at - cut) > drift:
            continue
        found.append(((len(m.group(1)) < 2, abs(at - cut)), at))
    return [at for _k, at in sorted(found)]


# --------------------------------------------------------------------------
# items in one column's lines

@dataclass
class TextItem:
    lines: list[str]
    inferred: bool = False  # a boundary of it (or a join of its lines) was a guess
    marked: bool = False  # it starts with a list mark (kept in its first line)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


def _mark(line: str, last_no: int) -> int:
    """1 for a bullet/dash line, the number for a list number in sequence, 0 otherwise."""
    if TEXT_LINE_BULLET.match(line):
        return -1
    m = TEXT_LINE_NUMBER.match(line)
    if m and (int(m.group(1)) == 1 or int(m.group(1)) == last_no + 1):
        return int(m.group(1))
    return 0


def _starts_upper(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def stops_short(line: str, nxt: str, width: float) -> bool:
    """Would the first word of `nxt` have fitted after `line` in a column
    whose longest line is `width` wide?"""
    words = nxt.split()
    if not words:
        return True
    return text_width(line.rstrip()) + text_width(" " + words[0]) <= width * (1 - FIT_SLACK)


def column_width(lines: list[str]) -> float:
    """How wide a column's lines may run: at least its longest line, and less
    than any line that wrapped (went on in lower case) with the next line's
    first word added; between the two when both are known."""
    lo = max(text_width(x) for x in lines)
    hi = min((text_width(a) + text_width(" " + b.split()[0]) for a, b in zip(lines, lines[1:])
              if _starts_lower(b) and b.split()), default=None)
    if hi is None or hi <= lo:
        return lo * (1 + FIT_SLACK)
    return (lo + hi) / 2


def text_items(lines: list[str], width: float | None = None) -> list[TextItem]:
    """A column's lines (blank lines: where it was empty) -> its items."""
    body = [ln.strip() for ln in lines if ln.strip()]
    if not body:
        return []
    width = width or column_width(body)
    items: list[TextItem] = []
    last_no = 0
    blank = False
    prev = None
    for ln in lines:
        s = ln.strip()
        if not s:
            blank = prev is not None
            continue
        mark = _mark(s, last_no)
        if mark:
            last_no = mark if mark > 0 else last_no + 1
            items.append(TextItem([s], marked=True))
        elif prev is None:
            items.append(TextItem([s]))
        elif any(it.marked for it in items):
            # a list with marks: a line without one goes on with the item
            items[-1].lines.append(s)
        elif _starts_lower(s):
            items[-1].lines.append(s)
        elif guess_new_item(prev, s, blank or stops_short(prev, s, width)):
            items[-1].inferred = True
            items.append(TextItem([s], inferred=True))
        else:
            items[-1].lines.append(s)
            items[-1].inferred = items[-1].inferred or not open_line_end(prev)  # one item or two?
        prev = s
        blank = False
    return items


# --------------------------------------------------------------------------
# stacked columns (pdftotext -raw)

@dataclass
class StackedBreak:
    at: int  # lines[:at] are the first column's
    widths_differ: bool = False  # the columns' line widths told them apart
    cost: float = 0.0


def _wrap_width(it: TextItem) -> float | None:
    """How wide the item's wrapped lines ran (None: it did not wrap)."""
    if len(it.lines) < 2:
        return None
    return max(text_width(x) for x in it.lines[:-1])


def stacked_break(lines: list[str], second: Callable[[str], float], need_both: bool = True) -> StackedBreak:
    """Where the first column ends among `lines` (both columns' lines, in
    print order, no blank lines). Every line that can start an item (not in
    lower case) is a candidate; each side is cut into items (`text_items`)
    and the break costs the first column's second-like items and the second
    column's first-like ones, by `second(text)` (positive: reads like an item
    of the second column; negative: of the first). Among equal costs: columns
    of clearly different line widths, then a break after a line that stopped
    short, then the middle. `need_both`: each column holds at least one line."""
    n = len(lines)
    width = column_width([x.strip() for x in lines]) if lines else 0.0
    best = None
    for k in range(0 if not need_both else 1, n + (0 if need_both else 1)):
        if 0 < k < n and _starts_lower(lines[k]):
            continue
        a_items, b_items = text_items(lines[:k]), text_items(lines[k:])
        cost = sum(max(0.0, second(it.text)) for it in a_items) + sum(max(0.0, -second(it.text)) for it in b_items)
        # a line inside a first-column item that reads like a second-column
        # item's start (the item cut may have joined them) costs too
        cost += sum(max(0.0, second(x)) for it in a_items for x in it.lines[1:] if _starts_upper(x))
        a = [w for w in map(_wrap_width, a_items) if w is not None]
        b = [w for w in map(_wrap_width, b_items) if w is not None]
        apart = bool(a and b) and (max(a) < 0.9 * min(b) or min(a) > 1.1 * max(b))
        short = 0 < k < n and stops_short(lines[k - 1], lines[k], width)
        key = (cost, not apart, not short, abs(k - n / 2))
        if best is None or key < best[0]:
            best = (key, k, apart, cost)
    if best is None:
        return StackedBreak(n)
    return StackedBreak(best[1], best[2], best[3])
