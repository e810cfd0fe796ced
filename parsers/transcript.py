"""Restores the parts of a Kommunkompassen report from a document whose pages
lost their line breaks (Document.flattened: a web transcript, one run of
words per page), so the skeleton walk reads it like any other document.

The run of words is searched for what marks a part of a report:

* the score overview: the last "Översikt av poängfördelning" that is not a
  table-of-contents entry (one followed by a page number or dot leaders);
  from there on the score tables are read by flat_overview.py;
* area section headings: "Område N" and the area's name, whose end the
  catalogue tells (parsers.hints.Vocabulary; without it the name must run
  up to the section's next marker word); a heading followed by a page
  number or dot leaders is a table-of-contents entry;
* the "Rubriker / Poäng" box up to the section's first word of its own
  ("Allmänt"): its one number is the section's score;
* the strengths and improvements titles: a capitalised title word after a
  sentence's end (or in capitals) not followed by a lower-case word; the
  list runs to the next mark. Titles side by side ("Styrkor
  Förbättringsmöjligheter") head a two-column table whose columns the text
  interleaves: the items are cut as a list's are, but which column each
  belongs to is a guess (the first half strengths), so every one is an
  inferred block and an Observation FINDINGS_INTERLEAVED (a warning) names
  the area. A list of its own is cut into items by flat_findings.py; items
  whose boundaries are a guess are inferred blocks, and an Observation
  FINDINGS_GUESSED names the area;
* "Utvärderare:" starts a line of its own (the title page's evaluators).

The result is a block model: headings, the box's lines, the titles and
their items, the overview as a heading and a table, and the text between
them as paragraphs, each with its page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import Block, Cell, Document, Row, heading, item, join_lines, paragraph, table
from extract.typography import strip_list_marker

from . import vocabulary as V
from .flat_findings import Word, is_glyph, split_items
from .flat_overview import Tok, read_flat_overview
from .hints import Vocabulary
from .overview import OverviewResult
from .records import Code, Observation, ParsedReport

_AREA_WORD = re.compile(r"^Område$|^OMRÅDE$")
_AREA_DIGIT = re.compile(r"^([1-9])[.:]?$")
_LEADER = re.compile(r"^(?:[.…·]+|\d{1,3})$")
_BOX_END = re.compile(r"^(Allmänt|Sammanfattning|Kommentarer?)$", re.I)
_EVALUATORS = re.compile(r"^Utvärderare:?$", re.I)
_INT = re.compile(r"^\d{1,3}$")
_SECTION_NO = re.compile(r"^\d{1,2}\.?$")
# How far a section's marks may lie from what they belong to, in words.
MAX_NAME_WORDS = 12  # an area's name after "Område N"
MAX_BOX_WORDS = 80  # the "Rubriker / Poäng" box, up to its end word


@dataclass
class Restored:
    document: Document
    overview: OverviewResult | None
    observations: list[Observation] = field(default_factory=list)
    # (area, kind, text) of the findings whose boundaries are a guess
    inferred: set[tuple[int, str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class _T:
    text: str
    page: int | None
    block: int  # index of the source block


@dataclass
class _Part:
    start: int
    end: int
    blocks: list[Block]


def _tokens(doc: Document) -> list[_T]:
    out = []
    for bi, b in enumerate(doc.blocks):
        for ln in b.lines:
            for w in ln.split():
                if len(w) > 1 and is_glyph(w[0]):  # "•Text"
                    out += [_T(w[0], b.page, bi), _T(w[1:], b.page, bi)]
                else:
                    out.append(_T(w, b.page, bi))
    return out


def _title(text: str) -> str | None:
    """'strength' / 'improvement' when a word is a findings list's title."""
    t = text.rstrip(":")
    if V.STRENGTHS.match(t):
        return "strength"
    if V.IMPROVEMENTS.match(t):
        return "improvement"
    return None


class _Restorer:
    def __init__(self, doc: Document, vocabulary: Vocabulary | None):
        self.doc = doc
        self.vocab = vocabulary
        self.toks = _tokens(doc)
        self.parts: list[_Part] = []
        self._headings: dict[int, tuple[int, str, int] | None] = {}
        self._findings_areas: set[int] = set()
        self.out = Restored(doc, None)
        # The pages' own text ends where the site's text after them begins.
        paged = [i for i, t in enumerate(self.toks) if t.page is not None]
        self.end = paged[-1] + 1 if paged else 0

    # -- the marks ---------------------------------------------------------
    def _overview_start(self) -> int | None:
        toks, best = self.toks, None
        for i in range(self.end - 2):
            if [t.text.casefold() for t in toks[i:i + 2]] == ["översikt", "av"] \
                    and toks[i + 2].text.casefold().startswith("poängfördelning"):
                last = toks[i + 2].text
                nxt = toks[i + 3].text if i + 3 < self.end else ""
                if last.rstrip(".…") != last or _LEADER.match(nxt):
                    continue  # a table-of-contents entry
                best = i
        return best

    def _heading_at(self, i: int) -> tuple[int, str, int] | None:
        """(area, name, end) of an area section heading starting at token i."""
        if i not in self._headings:
            self._headings[i] = self._find_heading(i)
        return self._headings[i]

    def _find_heading(self, i: int) -> tuple[int, str, int] | None:
        toks = self.toks
        if not _AREA_WORD.match(toks[i].text) or i + 2 >= self.end:
            return None
        m = _AREA_DIGIT.match(toks[i + 1].text)
        if not m:
            return None
        area = int(m.group(1))
        words = [t.text for t in toks[i + 2:min(i + 2 + MAX_NAME_WORDS, self.end)]]
        hit = self.vocab.area_name_length(area, words) if self.vocab is not None else None
        # A name the catalogue does not know runs up to the section's first mark.
        n = hit[0] if hit else next((k for k, w in enumerate(words) if k and self._is_section_word(w)), 0)
        if not n:
            return None
        end = i + 2 + n
        name = " ".join(words[:n])
        if name.rstrip(".…") != name or (end < self.end and _LEADER.match(toks[end].text)):
            return None  # a table-of-contents entry
        return area, name, end

    @staticmethod
    def _is_section_word(w: str) -> bool:
        return bool(V.RUBRIKER.match(w) or V.POANG.match(w) or _BOX_END.match(w) or _title(w))

    def _is_title(self, i: int) -> str | None:
        toks, t = self.toks, self.toks[i].text
        kind = _title(t)
        if kind is None or not t[0].isupper():
            return None
        nxt = toks[i + 1].text if i + 1 < self.end else ""
        if nxt[:1].islower():
            return None  # "Styrkor finns ..." is a sentence
        prev = toks[i - 1] if i else None
        if t.isupper() or prev is None or prev.block != toks[i].block or prev.text[-1:] in ".!?:" \
                or is_glyph(prev.text) or _title(prev.text) or is_glyph(nxt) or _title(nxt):
            return kind
        return None

    # -- the walk ----------------------------------------------------------
    def run(self) -> Restored:
        ov = self._overview_start()
        stop = ov if ov is not None else self.end
        area = None
        i = 0
        while i < stop:
            h = self._heading_at(i)
            if h is not None:
                area = h[0]
                self._add(i, h[2], [heading(f"Område {h[0]} {h[1]}", 2, self.toks[i].page)])
                i = h[2]
                continue
            if area is not None and V.RUBRIKER.match(self.toks[i].text):
                i = self._box(i, stop)
                continue
            if area is not None and self._is_title(i):
                # The skeleton gives a second findings block under one heading
                # to the next area (a heading it did not see); so does this.
                group_area = area if area not in self._findings_areas else max(self._findings_areas) + 1
                self._findings_areas.add(group_area)
                i = self._findings(i, stop, group_area)
                continue
            if _EVALUATORS.match(self.toks[i].text) and i and self.toks[i - 1].block == self.toks[i].block:
                self._add(i, i, [])  # a line break: what follows starts a new paragraph
            i += 1
        if ov is not None:
            self._overview(ov)
        self.out.document = Document(self.doc.source, self.doc.format, self.doc.extraction, self._blocks(),
                                     page_count=self.doc.page_count, title=self.doc.title, date=self.doc.date,
                                     notes=list(self.doc.notes), flattened=True,
                                     page_numbers=dict(self.doc.page_numbers))
        return self.out

    def _add(self, start: int, end: int, blocks: list[Block]) -> None:
        self.parts.append(_Part(start, end, blocks))

    def _next_mark(self, i: int, stop: int) -> int:
        """Where the next heading, box or overview begins."""
        for j in range(i, stop):
            if self._heading_at(j) is not None or V.RUBRIKER.match(self.toks[j].text):
                return j
        return stop

    def _box(self, i: int, stop: int) -> int:
        toks = self.toks
        end = next((j for j in range(i + 1, min(i + MAX_BOX_WORDS, stop))
                    if _BOX_END.match(toks[j].text) or self._is_title(j) or self._heading_at(j)), None)
        page = toks[i].page
        if end is None:
            self._add(i, i + 1, [paragraph("Rubriker", page)])
            return i + 1
        inside = toks[i + 1:end]
        numbers = [t for t in inside if _INT.match(t.text) and int(t.text) <= 100]
        words = [t for t in inside if not V.POANG.match(t.text) and t not in numbers]
        topics = self._topics(words)
        blocks = [paragraph("Rubriker", page)] + [item(x, page) for x in topics] + [paragraph("Poäng", page)]
        if len(numbers) == 1:
            blocks.append(paragraph(numbers[0].text, numbers[0].page))
        self._add(i, end, blocks)
        return end

    @staticmethod
    def _topics(words: list[_T]) -> list[str]:
        """Topics split at their bullets when each has its own, else one text."""
        texts, cur, glyphs, gap = [], [], 0, False
        for t in words:
            if is_glyph(t.text):
                glyphs += 1
                if cur:
                    texts.append(" ".join(cur))
                    cur = []
                elif glyphs > 1:
                    gap = True
            else:
                cur.append(t.text)
        if cur:
            texts.append(" ".join(cur))
        return [" ".join(texts)] if gap and texts else texts

    def _findings(self, i: int, stop: int, area: int) -> int:
        toks = self.toks
        end = mark = self._next_mark(i + 1, stop)
        while end - 1 > i and end < self.end and _SECTION_NO.match(toks[end - 1].text):
            end -= 1  # "4 Översikt ...": the next heading's section number
        if end < mark:
            self._add(end, mark, [heading(" ".join(t.text for t in toks[end:mark]), 1, toks[end].page)])
        # The titles in this stretch, skipping the bullet glyphs between them.
        titles = [(j, self._is_title(j)) for j in range(i, end) if self._is_title(j)]
        first_kind = titles[0][1]
        j = i + 1
        while j < end and is_glyph(toks[j].text):
            j += 1
        side_by_side = j < end and _title(toks[j].text) and _title(toks[j].text) != first_kind
        if side_by_side:
            self._table_findings(i, j, end, area)
            return end
        # Lists one after the other: each title's list runs to the next title.
        bounds = [j for j, _k in titles if j >= i] + [end]
        blocks: list[Block] = []
        for (start, kind), stop_at in zip(titles, bounds[1:]):
            blocks.append(paragraph(toks[start].text, toks[start].page))
            words = [Word(t.text, t.page) for t in toks[start + 1:stop_at]]
            items, guessed = split_items(words)
            for it in items:
                blocks.append(Block("item", (it.text,), it.page, inferred=it.inferred))
                if it.inferred:
                    self.out.inferred.add((area, kind, _finding_text(it.text)))
            if guessed:
                what = "strengths" if kind == "strength" else "improvements"
                self.out.observations.append(Observation(
                    Code.FINDINGS_GUESSED,
                    f"where one of the {len(items)} {what} ends and the next begins is not shown in this "
                    f"transcript (no bullet before each); the boundaries are guessed (segmentation inferred)",
                    area=area, page=toks[start].page))
        self._add(i, end, blocks)
        return end

    def _table_findings(self, i: int, j: int, end: int, area: int) -> None:
        """A two-column table whose titles stand side by side (tokens i and
        j): the text gives the items in reading order with the columns mixed,
        so which column an item belongs to is a guess: the first half are
        taken as strengths, the rest as improvements (a table's columns are
        read top to bottom, the left one first), every item inferred."""
        toks = self.toks
        items, guessed = split_items([Word(t.text, t.page) for t in toks[j + 1:end]])
        half = (len(items) + 1) // 2
        blocks: list[Block] = []
        for kind, at, part in (("strength", i, items[:half]), ("improvement", j, items[half:])):
            blocks.append(paragraph(toks[at].text, toks[at].page))
            for it in part:
                blocks.append(Block("item", (it.text,), it.page, inferred=True))
                self.out.inferred.add((area, kind, _finding_text(it.text)))
        how = " (no bullet before each item, so their boundaries are guessed too)" if guessed else ""
        self.out.observations.append(Observation(
            Code.FINDINGS_INTERLEAVED,
            f"the strengths and improvements columns of the findings table are interleaved in this transcript, "
            f"so which column each of its {len(items)} items belongs to is not shown{how}: the first {half} are "
            f"taken as strengths and the other {len(items) - half} as improvements, a guess (segmentation inferred)",
            area=area, page=toks[i].page))
        self._add(i, end, blocks)

    def _overview(self, ov: int) -> None:
        toks = self.toks
        head = [heading("Översikt av poängfördelning", 2, toks[ov].page)]
        body = [Tok(t.text, t.page) for t in toks[ov + 3:self.end]]
        res = read_flat_overview(body, self.doc.page_numbers, self.vocab)
        self.out.overview = res
        self._add(ov, self.end, head + [_overview_table(res, toks[ov].page)])

    # -- the block model ---------------------------------------------------
    def _blocks(self) -> list[Block]:
        """Parts in token order, the words between them as paragraphs (one per
        source block, so each keeps its page)."""
        out: list[Block] = []
        i = 0
        for part in sorted(self.parts, key=lambda p: p.start) + [_Part(len(self.toks), len(self.toks), [])]:
            out += self._text(i, part.start)
            out += part.blocks
            i = max(i, part.end)
        return out

    def _text(self, start: int, end: int) -> list[Block]:
        out, cur, block = [], [], None
        for t in self.toks[start:end]:
            if block is not None and t.block != block and cur:
                out.append(paragraph(" ".join(x.text for x in cur), cur[0].page))
                cur = []
            cur.append(t)
            block = t.block
        if cur:
            out.append(paragraph(" ".join(x.text for x in cur), cur[0].page))
        return out


def _finding_text(text: str) -> str:
    """A finding's text as report.findings_of makes it of an item's lines."""
    return strip_list_marker(join_lines([text]))


def _overview_table(res: OverviewResult, page) -> Block:
    """The rebuilt score tables as one table: an area header row, its
    question rows, its total row."""
    def row(texts, pg):
        return Row(tuple(Cell((paragraph(t, pg),) if t else ()) for t in texts), pg)

    def num(x):
        return "" if x is None else f"{x:g}"

    cols = ["Uppnått", "Max"] + (["Procent"] if res.has_percent else [])
    rows = []
    for no in sorted(res.areas):
        a = res.areas[no]
        rows.append(row([f"{no}.", a.name or ""] + cols, page))
        for q in (q for q in res.subquestions if q.area_no == no):
            rows.append(row([q.question_no, q.label, num(q.score), num(q.max)]
                            + ([num(q.percent) + "%" if q.percent is not None else ""] if res.has_percent else []),
                            q.page))
        if a.score is not None:
            rows.append(row(["", "", num(a.score), num(a.max)]
                            + ([num(a.percent) + "%" if a.percent is not None else ""] if res.has_percent else []),
                            a.page))
    return table(rows, page)


def restore(doc: Document, vocabulary: Vocabulary | None = None) -> Restored:
    return _Restorer(doc, vocabulary).run()


def mark_inferred(parsed: ParsedReport, restored: Restored) -> None:
    """Findings read from items whose boundaries were guessed are `inferred`
    (the skeleton's walk keeps an item's text, not the block it came from)."""
    for f in getattr(parsed, "findings", ()):
        if (f.area_no, f.kind, f.text) in restored.inferred:
            f.segmentation = "inferred"
