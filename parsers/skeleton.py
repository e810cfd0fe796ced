"""The skeleton of one Kommunkompassen evaluation, read in one walk over the
block model: area section headings, each section's "Rubriker / Poäng" box,
its strengths/improvements, and the lines of the "Översikt av
poängfördelning" score tables (read by overview.py).

Every revision shares this skeleton, so the walk lives here once. Nothing here
depends on the file format: tables come as cells, paragraphs as lines,
whatever the reader was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from extract.model import Block, Document, join_lines
from extract.text_columns import text_items
from extract.typography import BULLET, BULLET_RUN

from . import vocabulary as V
from .findings_text import recover
from .overview import OverviewResult, lowest_confidence
from .records import Code, Observation


class Mode(Enum):
    """The part of the report the walk is in."""
    RUBRIKER = "rubriker"  # the topics of a section's "Rubriker / Poäng" box
    POANG = "poang"  # the box's score
    STRENGTH = "strength"  # a strengths list
    IMPROVEMENT = "improvement"  # an improvements list
    FINDINGS_TABLE = "findings_table"  # right after a two-column findings table
    TEXT_TABLE = "text_table"  # the lines of a findings table a text export printed without geometry
    AFTER_TABLE = "after_table"  # text right after a findings table, before any heading or marker
    OVERVIEW = "overview"  # the "Översikt av poängfördelning" score tables


FINDINGS_MODES = (Mode.STRENGTH, Mode.IMPROVEMENT)
_KIND = {Mode.STRENGTH: "strength", Mode.IMPROVEMENT: "improvement"}


@dataclass
class Item:
    """One finding as printed: its lines, the page it starts on, and whether
    a boundary of it was a guess (the reader's Block.inferred, or a column
    break recovered from text without geometry)."""
    lines: list[str]
    page: int | None
    inferred: bool = False
    conf: float | None = None  # OCR confidence (the lowest of its lines); None: a text layer


@dataclass
class _Group:
    """One strengths/improvements block of an area section."""
    area_no: int
    strengths: list[Item] = field(default_factory=list)
    improvements: list[Item] = field(default_factory=list)
    # The two column titles came one right after the other in running text:
    # an export that read the table row by row, so its items interleave.
    interleaved: bool = False
    page: int | None = None  # where its first header ("Styrkor", or the table) stands
    headed: bool = False  # its area came from an "Område N" heading (not guessed from the order)
    # The kinds whose header (a heading, a column title) was printed: a
    # findings table or heading with no items read is a warning.
    printed: set[str] = field(default_factory=set)
    # Lines printed per kind (the structure the items were cut from).
    lines: dict[str, int] = field(default_factory=dict)
    # What was a guess about the whole block (text without geometry: where
    # one column ends), said in the findings warnings.
    guess: str | None = None
    # Lines of text right after its table, before the next heading or marker
    # (not read as findings: items a reader left outside the table?).
    after_table: int = 0

    def items(self, kind: str) -> list[Item]:
        return self.strengths if kind == "strength" else self.improvements


@dataclass
class Skeleton:
    headings: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # area -> (name, page)
    header_scores: dict[int, float] = field(default_factory=dict)
    header_confidence: dict[int, float | None] = field(default_factory=dict)  # OCR'd header scores
    topics: dict[int, list[str]] = field(default_factory=dict)
    groups: list[_Group] = field(default_factory=list)
    overview_lines: list[tuple[str, int | None, float | None]] = field(default_factory=list)  # (line, page, OCR conf)
    overview_found: bool = False
    observations: list[Observation] = field(default_factory=list)
    # Score rows a reader of flattened text already rebuilt (parsers/transcript.py),
    # read instead of overview_lines.
    overview: OverviewResult | None = None
    # The page where a second evaluation starts: area sections with findings,
    # then a score overview, then a section of an area whose findings were
    # already read (two reports bound into one file). None: one evaluation;
    # 0: a second one in text without pages.
    second_evaluation: int | None = None


def _is_marker(s: str, mode: Mode | None) -> bool:
    if V.OVERVIEW_HEADING.match(s) and not is_toc(s):
        return True
    if mode is Mode.OVERVIEW:
        return False
    m = V.AREA_HEADING.match(s)
    if m and not is_toc(s) and m.group(2) and len(s) < 120:
        return True
    return any(rx.match(s) for rx in (V.STRENGTHS, V.IMPROVEMENTS, V.FINDINGS_PAIR, V.FINDINGS_PAIR_REVERSED,
                                      V.RUBRIKER, V.POANG, V.SECTION_WORDS))


def is_toc(line: str) -> bool:
    return bool(V.TOC_TAIL.search(line))


class _Walker:
    """Walks the blocks once, in reading order, filling a Skeleton."""

    def __init__(self):
        self.sk = Skeleton()
        self.area: int | None = None  # area of the last "Område N" heading
        self.mode: Mode | None = None  # which part of the report the walk is in
        self.group: _Group | None = None
        self.item_based = False  # the current findings list uses bullet items
        self.heading_since_group = False
        self.overview_block = -1
        self.block_index = -1
        self.text_table: tuple[str, list] | None = None  # (header line, [(line, page)]) of Mode.TEXT_TABLE
        self.overview_after_findings = False  # an overview heading came after findings were read
        self.findings_cols = (0, 1)  # (strengths, improvements) columns of the last findings table
        self.text_table_reversed = False  # the text table's improvements column is the first

    # -- areas and groups ---------------------------------------------------
    def _new_group(self) -> _Group:
        used = {g.area_no for g in self.sk.groups}
        headed = self.area is not None and self.area not in used
        if headed:
            area = self.area
        else:
            # Heading missing in this export: the k-th findings block is area k.
            area = (max(used) + 1) if used else (self.area or 1)
        self.group = _Group(area, headed=headed)
        self.sk.groups.append(self.group)
        return self.group

    def _start(self, kind: Mode, page=None):
        # The second list of a pair belongs to the list just before it unless
        # a new area heading came in between; anything else opens a new group.
        # Improvements join the strengths before them (the usual order);
        # strengths join improvements before them (a report that prints those
        # first) only in an area opened by its own heading: where the area is
        # guessed from the order of the blocks, the usual order is assumed.
        other = Mode.STRENGTH if kind is Mode.IMPROVEMENT else Mode.IMPROVEMENT
        g = self.group
        reuse = (g is not None and not self.heading_since_group and not g.items(_KIND[kind])
                 and (kind is Mode.IMPROVEMENT or g.headed))
        if not reuse:
            self._new_group()
            self.group.page = page
            self.heading_since_group = False
        elif self.mode is other and not self.group.items(_KIND[other]):
            self.group.interleaved = True
            self.sk.observations.append(Observation(
                Code.FINDINGS_INTERLEAVED, "the strengths and improvements columns are interleaved in this "
                "text export, so its findings cannot be told apart and were not read", area=self.group.area_no))
        self.group.printed.add("strength" if kind is Mode.STRENGTH else "improvement")
        self.mode = kind
        self.item_based = False

    def _add_finding(self, lines: list[str], page, is_item: bool, inferred: bool = False,
                     conf: float | None = None):
        if self.group.interleaved:
            return
        kind = "strength" if self.mode is Mode.STRENGTH else "improvement"
        target = self.group.items(kind)
        text_lines = [ln for ln in lines if ln.strip()]
        if not text_lines:
            return
        self.group.lines[kind] = self.group.lines.get(kind, 0) + len(text_lines)
        if not target:
            self.item_based = is_item
        elif self.item_based and not is_item:
            # A wrapped continuation of the previous bullet (e.g. after a page break).
            target[-1].lines.extend(text_lines)
            target[-1].inferred = target[-1].inferred or inferred
            target[-1].conf = lowest_confidence(target[-1].conf, conf)
            return
        if not is_item and len(text_lines) > 2:
            # a paragraph of a list without marks may hold several items (an
            # export that lost its bullets): cut where a line stopped short
            # before a capital (extract.text_columns; such cuts are guesses)
            parts = text_items(text_lines)
            if len(parts) > 1:
                target.extend(Item(list(p.lines), page, True, conf) for p in parts)
                return
        target.append(Item(text_lines, page, inferred, conf))

    # -- the walk -------------------------------------------------------------
    def walk(self, blocks: list[Block]) -> Skeleton:
        # Only the last overview heading opens the overview: earlier ones are
        # the table of contents (whose page number a text export may lose).
        self.overview_block = max((i for i, b in enumerate(blocks) if b.kind != "table" and any(
            V.OVERVIEW_HEADING.match(ln.strip()) and not is_toc(ln) for ln in b.lines)), default=-1)
        for i, b in enumerate(blocks):
            self.block_index = i
            if b.kind == "table":
                self._flush_text_table()
                self._table(b)
            else:
                self._lines(b)
        self._flush_text_table()
        return self.sk

    def _marker(self, line: str, page, before=lambda: None) -> bool:
        """Handle a line that marks a part of the report. True if it was one;
        `before` runs first, so text gathered so far lands in the old part."""
        s = line.strip()
        if not s or not _is_marker(s, self.mode):
            return False
        if V.OVERVIEW_HEADING.match(s) and self.block_index != self.overview_block:
            if self.sk.groups and not is_toc(s):
                self.overview_after_findings = True  # the overview of an evaluation before this one
            return True  # a table-of-contents entry
        before()
        if V.OVERVIEW_HEADING.match(s) and not is_toc(s):
            self.mode = Mode.OVERVIEW
            self.sk.overview_found = True
            return True
        if self.mode is Mode.OVERVIEW:
            return False
        m = V.AREA_HEADING.match(s)
        if m and not is_toc(s) and m.group(2) and len(s) < 120:
            if self.overview_after_findings and self.sk.second_evaluation is None \
                    and any(g.area_no == int(m.group(1)) for g in self.sk.groups):
                self.sk.second_evaluation = page if page is not None else 0  # 0: text without pages
            self.area = int(m.group(1))
            self.sk.headings.setdefault(self.area, (m.group(2).strip(), page))
            self.heading_since_group = True
            self.mode = None
            return True
        reversed_pair = V.FINDINGS_PAIR_REVERSED.match(s)
        if reversed_pair or V.FINDINGS_PAIR.match(s):
            # both column titles on one line of a text export: the table's
            # text follows without its geometry (parsers/findings_text.py)
            self._start(Mode.STRENGTH, page)
            self.group.printed.add("improvement")
            self.mode = Mode.TEXT_TABLE
            self.text_table = (line, [])
            self.text_table_reversed = bool(reversed_pair)
            return True
        if V.STRENGTHS.match(s):
            self._start(Mode.STRENGTH, page)
            return True
        if V.IMPROVEMENTS.match(s):
            self._start(Mode.IMPROVEMENT, page)
            return True
        if V.RUBRIKER.match(s):
            self.mode = Mode.RUBRIKER
            return True
        if V.POANG.match(s):
            self.mode = Mode.POANG
            return True
        if V.SECTION_WORDS.match(s):
            self.mode = None
            return True
        return False

    def _flush_text_table(self):
        if self.mode is not Mode.TEXT_TABLE or self.text_table is None:
            return
        header, lines = self.text_table
        self.text_table = None
        self.mode = None
        g = self.group
        strengths, improvements, g.guess = recover(header, lines, Item, self.text_table_reversed)
        for kind, items in (("strength", strengths), ("improvement", improvements)):
            g.items(kind).extend(items)
            g.lines[kind] = g.lines.get(kind, 0) + sum(len(it.lines) for it in items)

    def _text_table_lines(self, b: Block):
        """Lines of a findings table printed without geometry, up to the next marker."""
        collected = self.text_table[1]
        if collected:
            collected.append(("", b.page))  # a blank line was between the blocks
        for k, ln in enumerate(b.lines):
            if not _goes_on(ln) and self._marker(ln, b.page, before=self._flush_text_table):
                rest = b.lines[k + 1:]
                if rest:
                    self._lines(Block("paragraph", rest, b.page, b.level, inferred=b.inferred))
                return
            # an item's list mark was cut by the reader: put one back, it
            # marks the item's start for the recovery
            collected.append((BULLET + " " + ln if b.kind == "item" and k == 0 else ln, b.page))

    def _lines(self, b: Block):
        if self.mode is Mode.TEXT_TABLE:
            if b.kind != "heading":
                self._text_table_lines(b)
                return
            self._flush_text_table()
        if self.mode in (Mode.FINDINGS_TABLE, Mode.AFTER_TABLE):
            # text after the table: a later table is not its continuation; a
            # heading ends what the table left (what is not findings)
            self.mode = None if b.kind == "heading" else Mode.AFTER_TABLE
        if self.mode is Mode.OVERVIEW:
            for ln in b.lines:
                if V.OVERVIEW_HEADING.match(ln.strip()):
                    continue
                self.sk.overview_lines.append((ln, b.page, b.confidence))
            return
        chunk: list[str] = []
        for k, ln in enumerate(b.lines):
            # a line that goes on in lower case inside a block is never a
            # marker ("... komma med" / "förbättringsförslag")
            if k and _goes_on(ln):
                chunk.append(ln)
                continue
            if self._marker(ln, b.page, before=lambda: self._emit(chunk, b)):
                chunk = []
                if self.mode is Mode.TEXT_TABLE:
                    if b.lines[k + 1:]:
                        self._text_table_lines(Block("paragraph", b.lines[k + 1:], b.page, b.level,
                                                      inferred=b.inferred, confidence=b.confidence))
                    return
                continue
            if self.mode is Mode.OVERVIEW:
                self.sk.overview_lines.append((ln, b.page, b.confidence))
                continue
            chunk.append(ln)
        self._emit(chunk, b)

    def _emit(self, chunk: list[str], b: Block):
        if not chunk or not any(c.strip() for c in chunk):
            return
        if b.kind == "heading" and self.mode in FINDINGS_MODES:
            # Any other heading ends the findings list.
            self.mode = None
            return
        if self.mode in FINDINGS_MODES:
            self._add_finding(chunk, b.page, b.kind == "item", b.inferred, b.confidence)
        elif self.mode is Mode.AFTER_TABLE and self.group is not None:
            self.group.after_table += sum(1 for c in chunk if c.strip())
        elif self.mode is Mode.RUBRIKER:
            if self.area is not None:
                if b.kind == "item" or not self.sk.topics.get(self.area):
                    self.sk.topics.setdefault(self.area, []).append(join_lines(chunk))
                else:
                    self.sk.topics[self.area][-1] += " " + join_lines(chunk)
        elif self.mode is Mode.POANG:
            m = V.NUMBER.match(join_lines(chunk))
            if m and self.area is not None:
                self.sk.header_scores[self.area] = float(m.group(1).replace(",", "."))
                self.sk.header_confidence[self.area] = b.confidence
            self.mode = None

    def _table(self, b: Block):
        rows = b.rows
        if self.mode is Mode.OVERVIEW:
            for r in rows:
                self.sk.overview_lines.append(("\t".join(r.texts), r.page, numbers_confidence(r)))
            return
        i = 0
        while i < len(rows):
            texts = [t.strip() for t in rows[i].texts]
            nonempty = [t for t in texts if t]
            # "Rubriker | Poäng" box: topics in the first cell, score in the last.
            if nonempty and V.RUBRIKER.match(nonempty[0]):
                for r in rows[i + 1:]:
                    cells = r.cells
                    if cells and self.area is not None:
                        self.sk.topics.setdefault(self.area, []).extend(
                            x.text for x in cells[0].blocks if x.text)
                        m = V.NUMBER.match(cells[-1].text) if len(cells) > 1 else None
                        if m:
                            self.sk.header_scores[self.area] = float(m.group(1).replace(",", "."))
                            self.sk.header_confidence[self.area] = lowest_confidence(
                                *(x.confidence for x in cells[-1].blocks))
                self.mode = None
                return
            # "Styrkor | Förbättringsmöjligheter" table: column by column,
            # each by its title, in either order.
            pair = _findings_columns(texts)
            if pair is not None:
                s_col, i_col = self.findings_cols = pair
                self._start(Mode.STRENGTH, rows[i].page)
                group = self.group
                group.printed.add("improvement")
                self._table_findings(rows[i + 1:], s_col, i_col, group)
                self.mode = Mode.FINDINGS_TABLE
                return
            i += 1
        if self.mode in FINDINGS_MODES and _bullet_column(rows):
            # A bullet list laid out as a table (bullet glyph | text), as OCR
            # and some exports produce it: each row is one item.
            for r in rows:
                last = r.cells[-1]
                self._add_finding([x.text for x in last.blocks if x.text], r.page, True,
                                  any(x.inferred for x in last.blocks),
                                  lowest_confidence(*(x.confidence for x in last.blocks)))
            return
        if self.mode is Mode.FINDINGS_TABLE and self.group is not None:
            # The table broke and its rows continue in a new table.
            cols = max(len(r.cells) for r in rows)
            if cols >= 2:
                self._table_findings(rows, *self.findings_cols, self.group)
                return
        if self.mode in (Mode.STRENGTH, Mode.IMPROVEMENT, Mode.FINDINGS_TABLE):
            self.mode = None
        else:
            # A table of its own (TOC, "Tabell 1"): scan its cells for area headings.
            for r in rows:
                for c in r.cells:
                    for x in c.blocks:
                        for ln in x.lines:
                            m = V.AREA_HEADING.match(ln)
                            if m and not is_toc(ln) and len(r.cells) == 1:
                                self._marker(ln, r.page)

    def _table_findings(self, rows, s_col, i_col, group: _Group):
        for r in rows:
            for col, kind in ((s_col, "strength"), (i_col, "improvement")):
                if col >= len(r.cells):
                    continue
                target = group.items(kind)
                for x in r.cells[col].blocks:
                    if not x.text.strip():
                        continue
                    lines = list(x.lines)
                    group.lines[kind] = group.lines.get(kind, 0) + len(lines)
                    if target and _continues(target[-1].lines, lines, x):
                        target[-1].lines.extend(lines)
                        # OCR reads a capital as lower case ("Imponerande" ->
                        # "imponerande"): on an OCR'd page the join is a guess
                        target[-1].inferred = target[-1].inferred or x.inferred or x.confidence is not None
                        target[-1].conf = lowest_confidence(target[-1].conf, x.confidence)
                    else:
                        target.append(Item(lines, x.page, x.inferred, x.confidence))


# What a bullet becomes in OCR or a stray export: "•", "e", "«", "°", "®" ...


def _bullet_column(rows) -> bool:
    """True if every row is (bullet glyph(s) | text): a list, not a table."""
    return bool(rows) and all(len(r.cells) >= 2 and BULLET_RUN.match(r.cells[0].text or "-")
                              and r.cells[-1].text for r in rows)


def _goes_on(line: str) -> bool:
    """Does the line start in lower case (a wrapped line going on)?"""
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if not ch.isspace():
            return False
    return False


def _continues(prev_lines: list[str], lines: list[str], block: Block) -> bool:
    """A cell paragraph that starts in lower case right after a page break
    continues the previous item (an item broken across pages)."""
    first = lines[0].lstrip()
    return bool(first) and first[0].islower() and block.kind != "item" \
        and not join_lines(prev_lines).rstrip().endswith((".", "!", "?"))




def _findings_columns(texts: list[str]) -> tuple[int, int] | None:
    """(strengths column, improvements column) of a row of findings table
    titles: the two titles in neighbouring cells, in either order, wherever
    they stand (a first column may hold the area's number or name); None for
    any other row."""
    cols = [k for k, t in enumerate(texts) if t]
    for a, b in zip(cols, cols[1:]):
        if V.STRENGTHS.match(texts[a]) and V.IMPROVEMENTS.match(texts[b]):
            return a, b
        if V.IMPROVEMENTS.match(texts[a]) and V.STRENGTHS.match(texts[b]):
            return b, a
    return None


def skeleton(doc: Document) -> Skeleton:
    return _Walker().walk(doc.blocks)


def all_lines(blocks: list[Block]):
    """Every line in reading order: (line, page); a table row is one line,
    cells tab-joined."""
    return ((ln, page) for ln, page, _conf in all_lines_confidence(blocks))


def all_lines_confidence(blocks: list[Block]):
    """all_lines with each line's OCR confidence: (line, page, confidence)."""
    for b in blocks:
        if b.kind == "table":
            for r in b.rows:
                yield "\t".join(r.texts), r.page, numbers_confidence(r)
        else:
            for ln in b.lines:
                yield ln, b.page, b.confidence


def numbers_confidence(row) -> float | None:
    """OCR confidence of a table row's numbers: the lowest of its cells that
    hold digits (None: read from a text layer)."""
    return lowest_confidence(*(b.confidence for c in row.cells for b in c.blocks
                               if b.confidence is not None and any(ch.isdigit() for ch in b.text)))
