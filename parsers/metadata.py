"""The report's metadata as printed: who was evaluated (names as candidates,
resolved by normalize/), when, and by whom."""
from __future__ import annotations

import re

from extract.model import Block, Document

from . import vocabulary as V
from .records import Metadata
from .skeleton import all_lines, is_toc

# How many of the front page's first lines make up its title.
TITLE_LINES = 12


def read_metadata(doc: Document, front_blocks: list[Block]) -> Metadata:
    meta = Metadata(title=doc.title)
    text = " ".join(ln for ln, _ in all_lines(doc.blocks))
    text = " ".join(text.split())
    sentence_name = None
    m = V.EVALUATION_SENTENCE.search(text)
    if m:
        sentence_name = (m.group("name") or "").strip() or None
        meta.year = int(m.group("year"))
        meta.month = _month_in(m.group("when"))
    front = [ln.strip() for ln, _ in all_lines(front_blocks) if ln.strip()]
    if doc.title:
        front.insert(0, doc.title)
    title_text = " ".join(front[:TITLE_LINES])
    t = V.TITLE_MUNICIPALITY.search(title_text)
    # The evaluation sentence names the municipality best, but it may name
    # something else ("Utvärderingen av kommunens arbete ..."): then the title.
    meta.municipality_candidates = [c for c in (sentence_name, f"{t.group('name')} {t.group('suffix')}" if t else None)
                                    if c]
    meta.title_text = title_text
    if meta.year is None:
        y = re.search(r"\b(20\d\d|19\d\d)\b", title_text)
        meta.year = int(y.group(1)) if y else None
    if meta.month is None:
        for ln in front[:TITLE_LINES]:
            if meta.year and str(meta.year) in ln:
                meta.month = _month_in(ln)
                if meta.month:
                    break
    meta.evaluators = _evaluators(front)
    return meta


def _month_in(text: str) -> int | None:
    return next((n for w, n in V.MONTHS.items() if re.search(rf"\b{w}\b", text, re.I)), None)


def _evaluators(front: list[str]) -> list[str]:
    for i, ln in enumerate(front):
        m = V.EVALUATORS.match(ln)
        if not m:
            continue
        text = m.group(1).strip() or (front[i + 1] if i + 1 < len(front) else "")
        return parse_names(text)
    return []


def parse_names(text: str) -> list[str]:
    """'Lars Strid, senior konsult (SKL), Anna Eklöf, SKL och Leif Eldås, SKL'
    -> ['Lars Strid', 'Anna Eklöf', 'Leif Eldås']. A name is two or three
    capitalised words; organisations (all caps) and roles (lower case) drop."""
    text = re.sub(r"\([^)]*\)", " ", text)
    names = []
    for part in re.split(r",|;|\bsamt\b|\boch\b|&|/", text):
        words = part.split()
        # Drop trailing organisation acronyms (SKR, SKL ...).
        while words and (words[-1].isupper() and len(words[-1]) > 1):
            words.pop()
        if len(words) < 2 or not all(w[:1].isupper() for w in words[:2]):
            continue
        if any(w.isupper() and len(w) > 1 for w in words[:2]):
            continue
        names.append(" ".join(words[:2]))
    return names


def first_area_index(blocks: list[Block]) -> int:
    """Index of the first block with an area section heading: what comes
    before it is the front matter (title page, table of contents)."""
    for i, b in enumerate(blocks):
        if b.kind != "table" and any(V.AREA_HEADING.match(ln) and not is_toc(ln) for ln in b.lines):
            return i
    return min(len(blocks), 60)
