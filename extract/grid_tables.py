"""Grid tables of plain-text markup (pandoc's and reStructuredText's), read as
the tab-separated rows of a Word export, one reader of rows for all.

    +-----+---------------------+---------+
    | 1.1 | Strategi för        | 16      |      one row: its lines between two
    |     | demokratiutveckling |         |      borders, cut at the border's "+"
    +-----+---------------------+---------+

A cell's lines are joined into paragraphs at its blank lines; a paragraph led
by a bullet ("- ", "* ", "+ ", "•") is a list item. A cell of one plain
paragraph is written as its text, any other as an HTML fragment (<p>, <ul>,
<li>), which text.py's row reader splits into the cell's blocks.

A table whose lines do not keep to its border's columns (a cell spanning
columns, a ragged edge) is left as it is: its text is still read, and the
parsers say what they cannot find in it.
"""
from __future__ import annotations

import html
import re

_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BULLET = re.compile(r"^(?:[-*+•])\s+(?=\S)")


def grid_rows_as_tabs(lines: list[str]) -> list[str]:
    """`lines` with every grid table replaced by one tab-separated line per row."""
    if not any(_BORDER.match(ln) for ln in lines):
        return lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _BORDER.match(lines[i]):
            end = _table_end(lines, i)
            rows = _rows(lines[i:end + 1]) if end > i else None
            if rows is not None:
                out.extend(rows)
                out.append("")  # a table ends a paragraph, as a blank line does
            else:
                out.extend(lines[i:end + 1])  # (each line looked at once: no rescan of a long run)
            i = end + 1
            continue
        out.append(lines[i])
        i += 1
    return out


def _table_end(lines: list[str], start: int) -> int:
    """The index of the table's last border (start if none follows)."""
    end = start
    j = start + 1
    while j < len(lines) and (_ROW.match(lines[j]) or _BORDER.match(lines[j])):
        if _BORDER.match(lines[j]):
            end = j
        j += 1
    return end


def _rows(table: list[str]) -> list[str] | None:
    """The table's rows as tab-separated lines, or None if a line leaves the
    border's columns."""
    border = table[0].rstrip()
    cuts = [k for k, ch in enumerate(border) if ch == "+"]
    widths = [b - a - 3 for a, b in zip(cuts, cuts[1:])]  # the text between "| " and " |"
    out: list[str] = []
    cells: list[list[str]] = [[] for _ in widths]
    for ln in table[1:]:
        if _BORDER.match(ln):
            if [k for k, ch in enumerate(ln.rstrip()) if ch == "+"] != cuts:
                return None
            if any(any(c) for c in cells):
                out.append("\t".join(_cell(c, w) for c, w in zip(cells, widths)))
            cells = [[] for _ in widths]
            continue
        ln = ln.rstrip().ljust(len(border))
        if len(ln) != len(border) or any(ln[k] != "|" for k in cuts):
            return None  # a spanning cell or a ragged edge
        for c, (a, b) in enumerate(zip(cuts, cuts[1:])):
            raw = ln[a + 1:b]
            cells[c].append((raw[1:] if raw.startswith(" ") else raw).rstrip())
    return out


def _cell(lines: list[str], width: int) -> str:
    """A cell's lines as its text, or as an HTML fragment of paragraphs and
    items. A line led by a bullet starts an item; a list item goes on over
    lines indented under it (pandoc's hanging indent) or, where the cell
    indents none, over lines at the edge. A bullet at the edge right after a
    full line of an item may be that item's text wrapped before a dash ("...
    kommuner - Fokus"): taken as a new item, marked as a guess."""
    hanging = any(ln.startswith(" ") and ln.strip() for ln in lines)
    paras: list[tuple[list[str], bool]] = []  # (lines, where it starts was a guess)
    cur: list[str] = []
    guess = False
    for ln in lines + [""]:
        if not ln.strip():
            if cur:
                paras.append((cur, guess))
            cur, guess = [], False
            continue
        starts = bool(_BULLET.match(ln))
        if cur and starts and _BULLET.match(cur[0]):
            full = len(cur[-1]) + 1 + len(ln.split()[0]) > width
            paras.append((cur, guess))
            cur, guess = [], full and not hanging
        cur.append(ln.strip())
    if not paras:
        return ""
    if len(paras) == 1 and not _BULLET.match(paras[0][0][0]):
        return " ".join(paras[0][0])
    parts = []
    for para, guessed in paras:
        text = " ".join(para)
        m = _BULLET.match(text)
        if m:
            li = "<li data-guess>" if guessed else "<li>"
            parts.append(f"<ul>{li}{html.escape(text[m.end():], quote=False)}</li></ul>")
        else:
            parts.append(f"<p>{html.escape(text, quote=False)}</p>")
    return "".join(parts)
