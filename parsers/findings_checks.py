"""Self-checks on every strengths/improvements block of a report: what the
parser notices about the items it read, as Observations naming the area and
the page (normalize/validate.py makes each a warning, so such a report is
never `ok`).

* FINDINGS_EMPTY: a "Styrkor" / "Förbättrings..." table or heading was
  printed, but no item was read under it.
* FINDINGS_GUESSED: where some items begin or end was a guess of the reader
  (no bullet, cell or clear gap marked it: Block.inferred), or the whole
  block was recovered from text without geometry (a column break guessed).
* FINDINGS_LONG: an item far longer than any finding is (several items run
  together), or holding several sentence starts.
* FINDINGS_COUNT: far fewer items than the lines printed for them suggest,
  against the report's own lines per item (whole columns read as one item).
* FINDINGS_GLYPH: a bullet glyph left inside an item's text (two items
  glued at a glyph the reader did not know).
* FINDINGS_AFTER_TABLE: text right after a findings table, before the next
  heading or section marker, that was not read (a table the reader ended
  too early leaves its last items there).

Each message says what was seen and ends "(findings may be ...)", so a reader
of `reports.issues` knows which values to distrust.
"""
from __future__ import annotations

import re
from statistics import median

from extract.typography import DASH_BULLETS, OCR_INNER_BULLET, first_bullet_glyph

from .records import Code, Finding, Observation

# An item of this many characters is several items run together: the
# findings of the reports we know are at most about 250 characters (median
# 60-70), one to three sentences each.
LONG_ITEM_CHARS = 400
# ... and so is one this many times the report's median item, once it is
# this long.
LONG_ITEM_FACTOR = 4.0
LONG_ITEM_MIN = 250
# An item holding this many sentence starts (". A") reads as several items.
SENTENCE_STARTS = 3
SENTENCE_START = re.compile(r"[.!?]\s+[\"”»(]?[A-ZÅÄÖ0-9]")
# A kind's items are too few when their printed lines per item are this
# many times the report's median (and at least COUNT_MIN_LINES lines).
COUNT_FACTOR = 3.0
COUNT_MIN_LINES = 6

_WORD = {"strength": ("strengths", "strength"), "improvement": ("improvements", "improvement")}


def _where(page) -> str:
    return f" on page {page}" if page is not None else ""


def _glyph(text: str, ocr: bool = False) -> str | None:
    """A bullet glyph left in an item's text, if any; in OCR'd text also what
    OCR reads a bullet as ("e", "ee.", "«") standing before a capital."""
    ch = first_bullet_glyph(text)
    if ch is not None:
        return ch
    if len(text) > 1 and text[0] in DASH_BULLETS and text[1] == " ":
        return text[0]
    if ocr:
        m = OCR_INNER_BULLET.search(text)
        if m:
            return m.group(0).strip()
    return None


def check_findings(groups, findings: list[Finding]) -> list[Observation]:
    """Observations on the findings blocks (`groups`: parsers.skeleton
    _Group) and the findings read from them (in order)."""
    obs: list[Observation] = []
    texts = [len(f.text) for f in findings]
    typical = median(texts) if texts else 0.0
    lpi = [g.lines.get(k, 0) / len(g.items(k)) for g in groups for k in _WORD if g.items(k)]
    typical_lpi = max(1.0, median(lpi)) if lpi else 1.0
    by_area: dict[tuple[int, str], list[Finding]] = {}
    for f in findings:
        by_area.setdefault((f.area_no, f.kind), []).append(f)
    for g in groups:
        if g.interleaved:
            continue  # said by FINDINGS_INTERLEAVED
        if g.guess:
            obs.append(Observation(Code.FINDINGS_GUESSED, f"strengths and improvements{_where(g.page)}: {g.guess} "
                                   "(findings may be merged, split or under the wrong kind)", area=g.area_no,
                                   page=g.page))
        if g.after_table:
            obs.append(Observation(Code.FINDINGS_AFTER_TABLE, f"strengths and improvements{_where(g.page)}: "
                                   f"{g.after_table} line(s) of text right after the findings table were not read "
                                   f"as findings (findings may be missing)", area=g.area_no, page=g.page))
        for kind, (plural, one) in _WORD.items():
            items = g.items(kind)
            read = [f for f in by_area.get((g.area_no, kind), [])]
            if kind in g.printed and not read:
                obs.append(Observation(Code.FINDINGS_EMPTY, f"{plural}{_where(g.page)}: a table or heading is "
                                       f"printed but no item was read under it (findings may be missing)",
                                       area=g.area_no, page=g.page))
                continue
            guessed = [k for k, it in enumerate(items, 1) if it.inferred]
            if guessed and not g.guess:
                page = items[guessed[0] - 1].page
                obs.append(Observation(Code.FINDINGS_GUESSED, f"{plural}{_where(page)}: where {len(guessed)} of "
                                       f"{len(items)} items begin or end is a guess (no bullet, cell or clear gap "
                                       f"marks it; findings may be merged or split)", area=g.area_no, page=page))
            n_lines = g.lines.get(kind, 0)
            if items and n_lines >= COUNT_MIN_LINES and n_lines / len(items) >= COUNT_FACTOR * typical_lpi:
                obs.append(Observation(Code.FINDINGS_COUNT, f"{plural}{_where(g.page)}: {len(items)} item(s) read "
                                       f"from {n_lines} printed lines, against {typical_lpi:.1f} lines per item in "
                                       f"this report (findings may be merged)", area=g.area_no, page=g.page))
            for f in read:
                n = len(f.text)
                starts = len(SENTENCE_START.findall(f.text))
                if n >= LONG_ITEM_CHARS or (n >= LONG_ITEM_MIN and n >= LONG_ITEM_FACTOR * typical):
                    obs.append(Observation(Code.FINDINGS_LONG, f"{one} {f.position}{_where(f.page)} is {n} "
                                           f"characters, {n / max(1.0, typical):.0f} times this report's typical "
                                           f"item (findings may be merged)", area=g.area_no, page=f.page))
                elif starts >= SENTENCE_STARTS:
                    obs.append(Observation(Code.FINDINGS_LONG, f"{one} {f.position}{_where(f.page)} holds {starts} "
                                           f"sentence starts that may be separate items (findings may be merged)",
                                           area=g.area_no, page=f.page))
                ch = _glyph(f.text, ocr=f.confidence is not None)
                if ch is not None:
                    obs.append(Observation(Code.FINDINGS_GLYPH, f"{one} {f.position}{_where(f.page)} holds the list "
                                           f"glyph {ch!r} (findings may be merged, or a glyph kept as text)",
                                           area=g.area_no, page=f.page))
    return obs
