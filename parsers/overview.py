"""The "Översikt av poängfördelning" score tables, read as a stream of lines.

Every layout reduces to lines here: a table row is its cells joined by tabs, a
paragraph is its lines. A small state machine then rebuilds the rows, because
pdftotext and page breaks split one printed row over several lines:
  area header   "3. Styrning och kontroll  Uppnått  Max [Procent]" (may wrap)
  question row  "3.4 <label> <score> <max> [<percent>%]" (label may wrap, the
                numbers may come on a later line or the next page)
  total row     "<score> <max> [<percent>%]"
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .records import Area, SubQuestion

NUM = r"(\d+(?:[.,]\d+)?)"
_AREA_HDR = re.compile(r"^(\d)\.?\s+(?!\d)(.*)$")
_Q_ROW = re.compile(r"^(\d)\.(\d{1,2})\.?(?:\s+(.*))?$")
_COLS = re.compile(r"\s*\b(Uppnått|Uppnådd|Poäng)\s+(Max(?:poäng)?)(\s+Procent|\s+%)?\s*$", re.I)
_TAIL_PCT = re.compile(rf"^(.*?)\s*(?<![\w.,]){NUM}\s+{NUM}\s+{NUM}\s*%\s*$")
_TAIL_PCT_NOSIGN = re.compile(rf"^(.*?)\s*(?<![\w.,]){NUM}\s+{NUM}\s+{NUM}\s*$")
_TAIL = re.compile(rf"^(.*?)\s*(?<![\w.,]){NUM}\s+{NUM}\s*$")
_TOTAL = re.compile(rf"^(?:Totalt?|Summa|Total\w*)?\s*{NUM}\s+{NUM}(?:\s+{NUM}\s*%?)?$", re.I)
_GRAND = re.compile(rf"^(?:Totalt?|Summa|Totalpoäng)\b\D*{NUM}(?:\s+{NUM})?", re.I)


def _num(s: str | None) -> float | None:
    return None if s is None else float(s.replace(",", "."))


@dataclass
class _Pending:
    area_no: int
    question_no: str
    label: list[str]
    page: int | None


@dataclass
class OverviewResult:
    areas: dict[int, Area] = field(default_factory=dict)
    subquestions: list[SubQuestion] = field(default_factory=list)
    grand_total: float | None = None
    has_percent: bool = False
    notes: list[str] = field(default_factory=list)


class OverviewReader:
    """strict=True is for scanning a whole document whose overview heading was
    not recognised: only rows complete on one line count, and an area header
    only with its column titles, so body text cannot pass for a table."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.out = OverviewResult()
        self.area: Area | None = None
        self.header_open = False  # area name still wrapping, column titles not seen yet
        self.pending: _Pending | None = None

    def feed(self, line: str, page: int | None) -> None:
        line = " ".join(line.replace("\t", " ").split())
        if not line:
            return
        m = _Q_ROW.match(line)
        if m:
            self._flush_pending(incomplete=True)
            self.header_open = False
            area_no = int(m.group(1))
            self._ensure_area(area_no, page)
            self.pending = _Pending(area_no, f"{m.group(1)}.{m.group(2)}", [], page)
            if m.group(3):
                self._add_to_pending(m.group(3), page)
            if self.strict and self.pending is not None:
                self.pending = None
            return
        if self.pending is not None:
            self._add_to_pending(line, page)
            return
        m = _TOTAL.match(line)
        if m and self.area is not None and not self.header_open:
            score, mx, pct = (_num(g) for g in m.groups())
            if self.area.score is None:
                self.area.score, self.area.max, self.area.percent = score, mx, pct
                self.area.page = page
            return
        m = _GRAND.match(line)
        if m and self.area is not None and not _AREA_HDR.match(line):
            self.out.grand_total = _num(m.group(1))
            return
        m = _AREA_HDR.match(line)
        if m:
            rest, has_cols = self._strip_cols(m.group(2))
            area_no = int(m.group(1))
            if 1 <= area_no <= 9 and rest and len(rest) < 120 and (has_cols or not self.strict):
                self.area = self._ensure_area(area_no, page)
                self.area.name = rest
                self.header_open = not has_cols
                return
        if self.header_open and self.area is not None and not self.strict:
            rest, has_cols = self._strip_cols(line)
            if rest and not re.fullmatch(r"\d+", rest):
                self.area.name = f"{self.area.name} {rest}".strip()
            if has_cols:
                self.header_open = False
            return
        # Anything else (intro sentence, a stray page number) is not part of a row.

    def _strip_cols(self, text: str) -> tuple[str, bool]:
        m = _COLS.search(text)
        if not m:
            if re.fullmatch(r"(?i)(Uppnått|Uppnådd)(\s+Max)?(\s+Procent)?", text.strip()):
                return "", True
            return text.strip(), False
        if m.group(3):
            self.out.has_percent = True
        return text[:m.start()].strip(), True

    def _ensure_area(self, area_no: int, page) -> Area:
        a = self.out.areas.get(area_no)
        if a is None:
            a = self.out.areas[area_no] = Area(area_no=area_no, name=None)
        self.area = a
        return a

    def _add_to_pending(self, text: str, page) -> None:
        p = self.pending
        whole = " ".join(p.label + [text])
        for rx, with_pct in ((_TAIL_PCT, True), (_TAIL_PCT_NOSIGN, self.out.has_percent), (_TAIL, False)):
            if rx is _TAIL_PCT_NOSIGN and not with_pct:
                continue
            m = rx.match(whole)
            if not m:
                continue
            label = m.group(1).strip()
            score, mx = _num(m.group(2)), _num(m.group(3))
            pct = _num(m.group(4)) if with_pct else None
            if score is not None and mx and score <= mx:
                if with_pct:
                    self.out.has_percent = True
                self.out.subquestions.append(
                    SubQuestion(p.area_no, p.question_no, label, score, mx, pct, p.page))
                self.pending = None
                return
        # Lone numbers on a wrapped line are page numbers or split values: keep
        # waiting for a line that completes the row.
        if not re.fullmatch(NUM, text):
            p.label.append(text)

    def _flush_pending(self, incomplete: bool) -> None:
        if self.pending is not None:
            p = self.pending
            self.out.notes.append(f"overview row {p.question_no} has no scores ('{' '.join(p.label)[:60]}')"
                                  + (f", page {p.page}" if p.page else ""))
            self.pending = None

    def finish(self) -> OverviewResult:
        self._flush_pending(incomplete=True)
        return self.out
