"""A report's text export read into a few plain blocks, so that it can be laid
out (layouts) or written out again in another export style (exports).

Two input styles: the Word "save as text" export (tab-separated table rows,
<p>/<ul> fragments in cells: shared 000, 002 and the sample) and the markdown
conversion (# headings, "- " items under STYRKOR / FÖRBÄTTRINGSOMRÅDEN, tab rows
with <b> cells: shared 004). Texts are kept exactly, inline HTML included
(<u>, <b>); only the markup that says what a line is (tabs, <p>, "- ", "#") is read.

Blocks (tuples):
    ("title", html)
    ("h", level, html)                      heading (levels 1-4)
    ("p", html)                             paragraph
    ("toc", html, page)                     table-of-contents line
    ("rubriker", [head cells], [items], score_html)
    ("findings", [head L, head R], [left items], [right items], bullet, origin)
                                            bullet: the source's glyph ("•") or None;
                                            origin: "table" or "lists" (as the source sets them)
    ("overview", [rows of cells])           first row the header, last the total row
    ("table", [rows of cells])              any other table
"""
from __future__ import annotations

import re
from pathlib import Path

from .common import strip_tags

_NUM_HEAD = re.compile(r"^\d{1,2}\.?\s+\S")
_MD_HEAD = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_WHOLE_BOLD = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")


def is_markdown(text: str) -> bool:
    return bool(re.search(r"^#{1,6} \S", text, re.M)) and bool(re.search(r"^- \S", text, re.M))


def read_blocks(path: Path) -> list[tuple]:
    text = Path(path).read_text(encoding="utf-8")
    return read_markdown(text) if is_markdown(text) else read_word_export(text)


# --------------------------------------------------------------------------- cells

def cell_items(cell: str) -> tuple[list[str], str | None]:
    """Items of a table cell and the glyph the source put before them."""
    c = cell.strip()
    if "<p>" in c:
        return [x.strip() for x in re.findall(r"<p>(.*?)</p>", c, re.S) if strip_tags(x).strip()], None
    if "<li>" in c:
        items = [re.sub(r"^\s*•\s*", "", x).strip() for x in re.findall(r"<li>(.*?)</li>", c, re.S)]
        return [x for x in items if strip_tags(x).strip()], "•"
    if "<ul" in c:
        inner = re.sub(r"</?ul[^>]*>", "", c)
        items = [x.strip() for x in inner.split("•")]
        return [x for x in items if strip_tags(x).strip()], "•"
    return ([c] if strip_tags(c).strip() else []), None


def plain(cell: str) -> str:
    return strip_tags(cell).strip()


def _table_block(rows: list[list[str]]) -> list[tuple]:
    first = [plain(c) for c in rows[0]]
    if first and first[0].lower() == "styrkor" and len(rows) >= 2:
        left, right, glyph = [], [], None
        for r in rows[1:]:
            li, g1 = cell_items(r[0]) if len(r) > 0 else ([], None)
            ri, g2 = cell_items(r[1]) if len(r) > 1 else ([], None)
            left += li
            right += ri
            glyph = glyph or g1 or g2
        heads = [rows[0][0].strip(), rows[0][1].strip() if len(rows[0]) > 1 else ""]
        return [("findings", heads, left, right, glyph, "table")]
    if first and first[0] == "Rubriker" and len(rows) >= 2:
        items, _ = cell_items(rows[1][0])
        return [("rubriker", [c.strip() for c in rows[0]], items, rows[1][1].strip() if len(rows[1]) > 1 else "")]
    if len(first) >= 4 and re.fullmatch(r"\d{1,2}\.?", first[0]):
        return [("overview", [[c.strip() for c in r] for r in rows])]
    if len(rows) >= 3 and all(re.fullmatch(r"\d{1,3}", plain(r[-1])) for r in rows) and all(len(r) <= 3 for r in rows) \
            and any("...." in "".join(r) or "Område" in "".join(r) for r in rows):
        return [("toc", " ".join(c.strip() for c in r[:-1] if c.strip()), plain(r[-1])) for r in rows]
    return [("table", [[c.strip() for c in r] for r in rows])]


# --------------------------------------------------------------------------- Word export

def read_word_export(text: str) -> list[tuple]:
    lines = text.split("\n")
    blocks: list[tuple] = []
    rows: list[list[str]] = []
    titled = False

    def flush():
        nonlocal rows
        if rows:
            blocks.extend(_table_block(rows))
            rows = []

    def numbered(j):
        return 0 <= j < len(lines) and bool(_NUM_HEAD.match(lines[j].strip())) and "\t" not in lines[j]

    for i, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        s = line.strip()
        if not s:
            continue
        if not titled:
            blocks.append(("title", s))
            titled = True
        elif s.startswith("Område ") and len(s) < 100:
            blocks.append(("h", 2, s))
        elif numbered(i) and not numbered(i - 1) and not numbered(i + 1) and len(s) < 100 and not s.endswith("."):
            blocks.append(("h", 1, s))
        elif len(s) <= 70 and not s.endswith((".", ":", ",", ";")) and not s.startswith(("- ", "<", "Utvärderare")) \
                and not re.fullmatch(r"[\d\s.,%]+", s):
            blocks.append(("h", 3, s))
        else:
            blocks.append(("p", s))
    flush()
    return blocks


# --------------------------------------------------------------------------- markdown

def _md_heading(s: str):
    m = _MD_HEAD.match(s)
    if m:
        return len(m.group(1)), m.group(2)
    m = _WHOLE_BOLD.match(s)
    if m:
        return 4, m.group(1)
    return None


def _clean_heading(t: str) -> str:
    return re.sub(r"\*\*|__", "", t).strip()


def read_markdown(text: str) -> list[tuple]:
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    blocks: list[tuple] = []
    rows: list[list[str]] = []
    items: list[str] | None = None
    pending: list[str] | None = None       # list of items being read
    titled = False

    def flush_rows():
        nonlocal rows
        if rows:
            blocks.extend(_table_block(rows))
            rows = []

    def flush_items():
        nonlocal pending
        if pending is not None:
            blocks.append(("items", pending))
            pending = None

    for line in lines:
        if "\t" in line:
            flush_items()
            rows.append(line.split("\t"))
            continue
        flush_rows()
        s = line.strip()
        if not s:
            continue                         # a blank line inside a list does not end it
        head = _md_heading(s)
        if head:
            flush_items()
            level, t = head
            t = _clean_heading(t)
            if not titled:
                blocks.append(("title", t))
                titled = True
            else:
                blocks.append(("h", min(level, 4), t))
            continue
        if s.startswith("- "):
            if pending is None:
                pending = []
            pending.append(s[2:].strip())
            continue
        if pending is not None and pending:
            # a continuation line (a hard break in the source): part of the item
            pending[-1] += "<br>" + s
            continue
        if not titled:
            blocks.append(("title", s))
            titled = True
        else:
            blocks.append(("p", s))
    flush_rows()
    flush_items()
    return _md_findings(blocks)


def _md_findings(blocks: list[tuple]) -> list[tuple]:
    """STYRKOR + list, FÖRBÄTTRINGSOMRÅDEN + list -> one findings block; other
    lists stay paragraphs with their "- "."""
    out: list[tuple] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b[0] == "h" and plain(b[2]).upper() == "STYRKOR" and i + 1 < len(blocks) and blocks[i + 1][0] == "items":
            left = blocks[i + 1][1]
            right, head_r, j = [], "FÖRBÄTTRINGSOMRÅDEN", i + 2
            if j + 1 < len(blocks) and blocks[j][0] == "h" and plain(blocks[j][2]).upper().startswith("FÖRBÄTTRING") \
                    and blocks[j + 1][0] == "items":
                head_r, right, j = plain(blocks[j][2]), blocks[j + 1][1], j + 2
            out.append(("findings", [plain(b[2]), head_r], left, right, "•", "lists"))
            i = j
            continue
        if b[0] == "items":
            out.extend(("p", "- " + x) for x in b[1])
        else:
            out.append(b)
        i += 1
    return out


def all_findings(blocks: list[tuple]) -> list[tuple[str, str]]:
    """(kind, plain text) of every finding item, in order (for checks)."""
    out = []
    for b in blocks:
        if b[0] == "findings":
            out += [("strength", item_text(x)) for x in b[2]]
            out += [("improvement", item_text(x)) for x in b[3]]
    return out


def item_text(html_item: str) -> str:
    return " ".join(strip_tags(html_item.replace("<br>", " ")).split())
