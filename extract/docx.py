"""Read a DOCX into the block model (extract.model) with python-docx.

The body is walked in document order (paragraphs and tables interleaved, also
inside content controls). Text is collected from the XML runs directly, so the
text of hyperlinks, fields (their shown result), inserted revisions and
symbols is kept (python-docx's `paragraph.text` dropped hyperlink runs in
older versions); deleted revisions and field codes are not text. A line break
(<w:br/>) starts a new entry in Block.lines, a tab stays "\\t".

* Headings: paragraph style "Heading N" (also through `basedOn` and outline
  levels) -> level N; "Title" -> level 1.
* Items: list paragraphs (numbering on the paragraph or its style, or a style
  whose name contains "List"), and paragraphs typed with a bullet glyph and a
  tab. Bullet glyphs are not text; a numbered list's number is rendered as
  Word shows it ("1.", "a)"), like the PDF reader keeps it.
* Tables: one Row per <w:tr>; a cell merged over several columns is one Cell;
  the rows a vertically merged cell covers below its first row get an empty
  Cell in its place; a cell keeps its paragraphs/items as blocks; a table
  nested in a cell becomes paragraphs whose cells are separated by "\\t".
* Text boxes (drawing shapes) follow the paragraph that anchors them.

DOCX has no fixed pages: every page is None. Nothing here knows what the
document is about.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import ReadError
from .limits import check_zip
from .model import Block, Cell, Document, Row
from .typography import DASH_BULLETS, LIST_NUMBER_TAB, composed, is_list_glyph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_HEADING_NAME = re.compile(r"^(?:heading|rubrik|überschrift|titre)\s*(\d)$", re.I)


def _w(el, name):
    return el.get(W + name)


class _Styles:
    """Paragraph style facts: heading level, list-ness, numbering."""

    def __init__(self, styles_el):
        self.by_id = {}
        self._cache = {}
        if styles_el is None:
            return
        for st in styles_el.iter(W + "style"):
            if _w(st, "type") not in (None, "paragraph"):
                continue
            sid = _w(st, "styleId")
            name_el = st.find(W + "name")
            based = st.find(W + "basedOn")
            ppr = st.find(W + "pPr")
            outline = num = None
            if ppr is not None:
                ol = ppr.find(W + "outlineLvl")
                if ol is not None and _w(ol, "val") is not None:
                    outline = int(_w(ol, "val"))
                num = _num_pr(ppr)
            self.by_id[sid] = {
                "name": _w(name_el, "val") if name_el is not None else sid,
                "based": _w(based, "val") if based is not None else None,
                "outline": outline,
                "num": num,
            }

    def facts(self, sid):
        """(name, heading level or 0, numbering (numId, ilvl) or None)."""
        if sid in self._cache:
            return self._cache[sid]
        name = sid or ""
        level = 0
        num = None
        seen = set()
        cur = sid
        first = True
        while cur and cur not in seen and cur in self.by_id:
            seen.add(cur)
            st = self.by_id[cur]
            if first:
                name = st["name"] or cur
                first = False
            if not level:
                nm = (st["name"] or "").strip()
                m = _HEADING_NAME.match(nm) or _HEADING_NAME.match(cur)
                if m:
                    level = int(m.group(1))
                elif nm.lower() == "title":
                    level = 1
                elif st["outline"] is not None and st["outline"] < 9:
                    level = st["outline"] + 1
            if num is None and st["num"] is not None:
                num = st["num"]
            cur = st["based"]
        res = (name, level, num)
        self._cache[sid] = res
        return res


def _num_pr(ppr):
    np_ = ppr.find(W + "numPr")
    if np_ is None:
        return None
    nid = np_.find(W + "numId")
    ilvl = np_.find(W + "ilvl")
    if nid is None:
        return None
    return (_w(nid, "val"), int(_w(ilvl, "val") or 0) if ilvl is not None else 0)


class _Numbering:
    """Renders list numbers ("1.", "2.3", "b)") as Word shows them."""

    def __init__(self, numbering_el):
        self.abstract = {}  # abstractNumId -> {ilvl: (fmt, text, start)}
        self.nums = {}  # numId -> (abstractNumId, overrides {ilvl: start})
        self.counters = {}  # abstractNumId -> {ilvl: n}
        if numbering_el is None:
            return
        for an in numbering_el.iter(W + "abstractNum"):
            lv = {}
            for lvl in an.iter(W + "lvl"):
                lv[int(_w(lvl, "ilvl") or 0)] = self._lvl(lvl)
            self.abstract[_w(an, "abstractNumId")] = lv
        for num in numbering_el.iter(W + "num"):
            a = num.find(W + "abstractNumId")
            over = {}
            for lo in num.iter(W + "lvlOverride"):
                so = lo.find(W + "startOverride")
                if so is not None:
                    over[int(_w(lo, "ilvl") or 0)] = int(_w(so, "val") or 1)
            self.nums[_w(num, "numId")] = (_w(a, "val") if a is not None else None, over)

    @staticmethod
    def _lvl(lvl):
        fmt = lvl.find(W + "numFmt")
        txt = lvl.find(W + "lvlText")
        start = lvl.find(W + "start")
        return (_w(fmt, "val") if fmt is not None else "decimal",
                _w(txt, "val") if txt is not None else "",
                int(_w(start, "val") or 1) if start is not None else 1)

    def is_list(self, num):
        return num is not None and num[0] not in (None, "0") and num[0] in self.nums

    def label(self, num):
        """Advance the counter of this list level; the shown number, or "" for
        bullets."""
        nid, ilvl = num
        aid, over = self.nums.get(nid, (None, {}))
        levels = self.abstract.get(aid)
        if not levels or ilvl not in levels:
            return ""
        cnt = self.counters.setdefault(aid, {})
        fmt, text, start = levels[ilvl]
        start = over.get(ilvl, start)
        cnt[ilvl] = cnt.get(ilvl, start - 1) + 1
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""

        def render(m):
            k = int(m.group(1)) - 1
            f, _t, s = levels.get(k, ("decimal", "", 1))
            n = cnt.get(k, over.get(k, s))
            return _fmt_number(n, f)

        out = re.sub(r"%(\d)", render, text)
        return out if any(ch.isalnum() for ch in out) else ""


def _fmt_number(n, fmt):
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, r in vals:
            while n >= v:
                s += r
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


def _para_lines(p_el, boxes):
    """The text of a paragraph as lines (split at line breaks), collecting
    text boxes found inside into `boxes`."""
    lines = [[]]

    def walk(el):
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == W + "t":
                lines[-1].append(ch.text or "")
            elif tag == W + "tab":
                lines[-1].append("\t")
            elif tag in (W + "br", W + "cr"):
                lines.append([])
            elif tag == W + "noBreakHyphen":
                lines[-1].append("-")
            elif tag == W + "sym":
                code = _w(ch, "char")
                if code:
                    try:
                        lines[-1].append(chr(int(code, 16)))
                    except ValueError:
                        pass
            elif tag in (W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText",
                         W + "delText", W + "footnoteReference", W + "endnoteReference", MC + "Fallback"):
                continue
            elif tag == W + "txbxContent":
                boxes.append(ch)
            else:
                walk(ch)

    walk(p_el)
    return [composed("".join(parts)) for parts in lines]


class _Reader:
    def __init__(self, d):
        part = d.part
        try:
            styles_el = part.styles.element
        except Exception:
            styles_el = None
        self.styles = _Styles(styles_el)
        numbering_el = None
        try:
            numbering_el = part.numbering_part.element
        except Exception:
            numbering_el = None
        self.numbering = _Numbering(numbering_el)

    # -- body ---------------------------------------------------------------

    def body(self, el, out, in_cell=False):
        for ch in el:
            tag = ch.tag
            if tag == W + "p":
                self.paragraph(ch, out, in_cell)
            elif tag == W + "tbl":
                if in_cell:
                    self.nested_table(ch, out)
                else:
                    t = self.table(ch)
                    if t is not None:
                        out.append(t)
            elif tag in (W + "sdt",):
                content = ch.find(W + "sdtContent")
                if content is not None:
                    self.body(content, out, in_cell)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                self.body(ch, out, in_cell)

    def paragraph(self, p, out, in_cell):
        boxes = []
        lines = _para_lines(p, boxes)
        ppr = p.find(W + "pPr")
        sid = None
        num = None
        outline = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                sid = _w(ps, "val")
            num = _num_pr(ppr)
            ol = ppr.find(W + "outlineLvl")
            if ol is not None and _w(ol, "val") is not None:
                outline = int(_w(ol, "val"))
        name, level, style_num = self.styles.facts(sid)
        if num is None:
            num = style_num
        if not level and outline is not None and outline < 9:
            level = outline + 1
        is_list = self.numbering.is_list(num)
        label = self.numbering.label(num) if is_list else ""
        text_present = any(x.strip() for x in lines)
        if text_present:
            lines = _trim(lines)
            if level and not in_cell:
                if label:
                    lines[0] = f"{label} {lines[0]}"
                out.append(Block("heading", tuple(lines), None, level))
            else:
                kind = "paragraph"
                first = lines[0]
                if is_list or "list" in (name or "").lower():
                    kind = "item"
                    if label:
                        lines[0] = f"{label} {first}"
                    else:
                        lines[0] = _strip_glyph(first)
                elif (marked := _marked(first)) is not None:
                    kind = "item"
                    lines[0] = marked
                if any(x.strip() for x in lines):
                    out += _broken_apart(Block(kind, tuple(lines), None, 0), in_cell)
        for box in boxes:
            self.body(box, out, in_cell)

    # -- tables -------------------------------------------------------------

    def _children(self, el, tag):
        """Children with this tag, looking through content controls (w:sdt)."""
        for ch in el:
            if ch.tag == W + tag:
                yield ch
            elif ch.tag == W + "sdt":
                c = ch.find(W + "sdtContent")
                if c is not None:
                    yield from self._children(c, tag)

    def _rows(self, tbl):
        return self._children(tbl, "tr")

    def _cells(self, tr):
        return self._children(tr, "tc")

    def table(self, tbl):
        rows = []
        for tr in self._rows(tbl):
            cells = []
            for tc in self._cells(tr):
                tcpr = tc.find(W + "tcPr")
                if tcpr is not None:
                    vm = tcpr.find(W + "vMerge")
                    if vm is not None and _w(vm, "val") in (None, "continue"):
                        cells.append(Cell(()))  # covered by the cell above
                        continue
                blocks = []
                self.body(tc, blocks, in_cell=True)
                cells.append(Cell(tuple(blocks)))
            if any(c.blocks for c in cells):
                rows.append(Row(tuple(cells), None))
        if not rows:
            return None
        return Block("table", (), None, 0, tuple(rows))

    def nested_table(self, tbl, out):
        for tr in self._rows(tbl):
            texts = []
            for tc in self._cells(tr):
                blocks = []
                self.body(tc, blocks, in_cell=True)
                texts.append(" ".join(b.text for b in blocks if b.text))
            if any(texts):
                out.append(Block("paragraph", ("\t".join(texts),), None, 0))


def _trim(lines):
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    lines[0] = lines[0].lstrip()
    return lines


def _strip_glyph(s):
    """A list paragraph typed with its own bullet glyph: drop the glyph."""
    if s[:1] and is_list_glyph(s[0]) and s[1:2] in ("\t", " "):
        return s[1:].lstrip()
    return s


def read_docx(path) -> Document:
    """Read the DOCX at `path` into a Document (format and extraction "docx",
    pages None)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"{p}: no such file")
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except OSError as e:
        raise ReadError(f"{p}: cannot read file: {e}") from e
    if not head:
        raise ReadError(f"{p.name}: the file is empty (0 bytes)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"{p.name}: not a DOCX (zip) file but an OLE compound file: a password-protected "
                        f"(encrypted) Word document or an old binary .doc")
    if not zipfile.is_zipfile(p):
        raise ReadError(f"{p.name}: not a DOCX: the file is not a zip archive (corrupt or another format)")
    check_zip(p)
    try:
        import docx  # python-docx
        d = docx.Document(str(p))
    except Exception as e:
        raise ReadError(f"{p.name}: corrupt DOCX, cannot open it: {type(e).__name__}: {e}") from e
    try:
        r = _Reader(d)
        blocks: list[Block] = []
        r.body(d.element.body, blocks)
    except Exception as e:
        raise ReadError(f"{p.name}: corrupt DOCX, cannot read its body: {type(e).__name__}: {e}") from e
    title = date = None
    try:
        props = d.core_properties
        title = (props.title or "").strip() or None
        when = props.modified or props.created
        date = when.strftime("%Y-%m-%dT%H:%M:%S") if when else None
    except Exception:  # odd core properties only cost us the title and date
        pass
    return Document(source=str(path), format="docx", extraction="docx", blocks=blocks,
                    page_count=None, title=title, notes=[], date=date)


def _marked(line: str) -> str | None:
    """A line typed as a list item, as the item keeps it, else None: a glyph
    and a tab (a bullet glyph, not a dash, also with a space) -> the text
    after it; a list number and a tab -> the line as it is (the parsers take
    a number off a finding; a letter may start a sentence)."""
    if line[:1] and is_list_glyph(line[0]):
        rest = line[1:]
        if rest[:1] == "\t" or (line[0] not in DASH_BULLETS and rest[:1] == " "):
            return rest.lstrip()
        return None
    return line if LIST_NUMBER_TAB.match(line) else None


def _broken_apart(b: Block, in_cell: bool) -> list[Block]:
    """A paragraph whose lines are apart by line breaks (Shift+Enter) and
    hold several list items: typed "• a<br>• b", each marked line starts an
    item; in a table cell, lines without any mark are taken as items one per
    line, marked as a guess (Block.inferred: where an item ends is not
    certain). Other paragraphs as they are."""
    lines = list(b.lines)
    if len(lines) < 2:
        return [b]
    if any(_marked(x) is not None for x in lines[1:]):
        out: list[Block] = []
        for k, line in enumerate(lines):
            rest = _marked(line) if k else None
            if k == 0 or rest is not None:
                out.append(Block("item" if (k or b.kind == "item") else b.kind, (rest if k else line,), None, 0))
            else:  # a line without a mark goes on with the item before
                out[-1] = Block(out[-1].kind, out[-1].lines + (line,), None, 0)
        return out
    if in_cell and b.kind == "paragraph":
        return [Block("paragraph", (line,), None, 0, inferred=True) for line in lines if line.strip()]
    return [b]
