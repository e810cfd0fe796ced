"""HTML fragments inside text exports (Word-to-text and markdown put cell
contents as `<p>..</p>`, `<ul><li>..</li></ul>`, `<b>`, `<u>`, "•" items).

Turns one fragment into a list of (kind, text) pieces: paragraphs and items.
"""
from __future__ import annotations

import html
import re

from .typography import BULLET, FRAGMENT_INLINE_BULLET, has_fragment_bullet

_TAG = re.compile(r"<[^>]+>")
_BREAKERS = re.compile(r"(?i)</?(p|li|ul|ol|div|br|tr|td|th|h[1-6])\b[^>]*>")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text)) or BULLET in text


def has_block_tags(text: str) -> bool:
    """Does the text hold block-level tags (<p>, <li>, <br> ...)?"""
    return bool(_BREAKERS.search(text))


def strip_inline(text: str) -> str:
    """Remove inline tags (<b>, <u>, <span ..>) and markdown emphasis; unescape entities."""
    text = _TAG.sub("", text)
    text = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(html.unescape(text).split())


def split_fragment(fragment: str) -> list[tuple[str, str]]:
    """Split a cell fragment into ("paragraph"|"item"|"item-guess", text)
    pieces in order ("item-guess": an item whose start was guessed).

    Block-level tags separate pieces; inside a piece, "•" glyphs separate items
    (Word exports flatten `<ul>` lists to "• a • b").
    """
    pieces: list[tuple[str, str]] = []
    pos = 0
    kind = "paragraph"
    for m in _BREAKERS.finditer(fragment + "<p>"):
        chunk = fragment[pos:m.start()]
        _add_chunk(pieces, chunk, kind)
        tag = m.group(1).lower()
        closing = m.group(0).startswith("</")
        if tag == "li" and not closing:
            # <li data-guess>: where this item starts was the writer's guess (grid_tables.py)
            kind = "item-guess" if "data-guess" in m.group(0) else "item"
        elif tag in ("li", "ul", "ol") and closing:
            kind = "paragraph"
        elif tag == "p" and not closing:
            kind = "paragraph"
        pos = m.end()
    return pieces


def _add_chunk(pieces, chunk, kind):
    if not chunk.strip():
        return
    if has_fragment_bullet(chunk):
        head, *items = FRAGMENT_INLINE_BULLET.split(chunk)
        if strip_inline(head):
            pieces.append((kind, strip_inline(head)))
        for it in items:
            if strip_inline(it):
                pieces.append(("item", strip_inline(it)))
        return
    text = strip_inline(chunk)
    if text:
        pieces.append((kind, text))
