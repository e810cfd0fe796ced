"""The "Översikt av poängfördelning" score tables, read as a stream of lines.

Every layout reduces to lines here: a table row is its cells joined by tabs, a
paragraph is its lines. A small state machine then rebuilds the rows, because
text exports split one printed row over several lines (pdftotext puts every
cell on a line of its own; wrapped labels; values on the next page):
  area header   "3. Styrning och kontroll  Uppnått  Max [Procent]" (may wrap)
  question row  "3.4 <label> <score> <max> [<percent>%]"
  total row     "<score> <max> [<percent>%]"
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .records import Area, Code, Observation, SubQuestion

NUM = r"\d+(?:[.,]\d+)?"
# a decimal digit of another script ("٣", "３"): Python's \d takes every one
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_AREA_HDR = re.compile(r"^(?:Område\s+)?(\d)\s*[.:]?\s+(?!\d)(.*)$", re.I)
_AREA_NO = re.compile(r"^(\d)\.$")
_Q_ROW = re.compile(r"^(\d)\.(\d{1,2})\.?(?:\s+(.*))?$")
_COL_WORDS = re.compile(r"(?i)^(uppnått|uppnådd|poäng|max|maxpoäng|procent|%)$")
_COLS = re.compile(r"\s*\b(Uppnått|Uppnådd|Poäng)\s+(Max(?:poäng)?)(\s+Procent|\s+%)?\s*$", re.I)
_NUM_TOKEN = re.compile(rf"^({NUM})(%?)$")
_GRAND = re.compile(rf"^(?:Totalt?|Summa|Totalpoäng)\b\D*({NUM})", re.I)
_TOTAL_WORD = re.compile(r"(?i)^(?:summa|totalt?|total\w*|poäng|summa poäng|delsumma)\s*:?$")


def _num(s: str) -> float:
    return float(s.replace(",", "."))


@dataclass
class _Row:
    """A question row being gathered: label parts, then values."""
    area_no: int
    question_no: str
    page: int | None
    label: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    percent: float | None = None
    conf: float | None = None  # OCR confidence of its values (the lowest line's)


@dataclass
class OverviewResult:
    areas: dict[int, Area] = field(default_factory=dict)
    subquestions: list[SubQuestion] = field(default_factory=list)
    grand_total: float | None = None
    has_percent: bool = False
    too_many: bool = False  # reading stopped at MAX_ROWS rows
    observations: list[Observation] = field(default_factory=list)


def _plausible_percent(v: float, score: float, mx: float) -> bool:
    return mx > 0 and abs(v - 100 * score / mx) <= 10


def _split_values(line: str) -> tuple[str, list[tuple[float, bool]]]:
    """'Strategi för X 16 20 80%' -> ('Strategi för X', [(16, False), (20, False), (80, True)])."""
    tokens = line.split()
    vals: list[tuple[float, bool]] = []
    while tokens:
        m = _NUM_TOKEN.match(tokens[-1])
        if not m:
            break
        vals.insert(0, (_num(m.group(1)), bool(m.group(2))))
        tokens.pop()
    return " ".join(tokens), vals


class OverviewReader:
    """strict=True is for scanning a whole document whose overview heading was
    not recognised: only rows complete on one line count, and an area header
    only with its column titles, so body text cannot pass for a table."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.out = OverviewResult()
        self.area: Area | None = None
        self.header_open = False  # area name may still wrap
        self.row: _Row | None = None
        self.loose: list[tuple[float, bool, int | None, float | None]] = []  # values outside a question row: a total row
        self.conf: float | None = None  # OCR confidence of the line being fed

    # -- entry point --------------------------------------------------------
    def feed(self, line: str, page: int | None, conf: float | None = None) -> None:
        self.conf = conf
        line = " ".join(line.replace("\t", " ").split())
        if not line:
            return
        if not line.isascii() and _OTHER_DIGIT.search(line):
            line = self._ascii_digits(line, page)
        line = re.sub(r"(\d)\s+%", r"\1%", line)  # "45 %" is one percentage
        if self.row is not None and self._row_complete():
            # A completed row may still take its percent from the next line.
            _, vals = _split_values(line)
            if len(vals) == 1 and vals[0][1] and not _split_values(line)[0] and self.row.percent is None:
                self.row.percent = vals[0][0]
                self.row.conf = lowest_confidence(self.row.conf, conf)
                self.out.has_percent = True
                self._finish_row()
                return
            self._finish_row()
        m = _Q_ROW.match(line)
        if m:
            self._finish_row()
            self._finish_loose()
            self.header_open = False
            self._area(int(m.group(1)))
            self.row = _Row(int(m.group(1)), f"{m.group(1)}.{m.group(2)}", page)
            if m.group(3):
                self._add(m.group(3))
            if self.strict:
                if not self._row_complete():
                    self.row = None
                else:
                    self._finish_row()
            return
        if self.row is not None:
            self._add(line)
            return
        if _COL_WORDS.match(line) or _COLS.fullmatch(line):
            if _COLS.search(line) and _COLS.search(line).group(3) or line.lower() in ("procent", "%"):
                self.out.has_percent = True
            self.header_open = False
            return
        label, vals = _split_values(line)
        if vals and _TOTAL_WORD.match(label) and self.area is not None and self.area.score is None:
            label = ""  # "Summa 68 100": the area's total row
        if not label and vals and self.area is not None:
            self.loose.extend((v, pct, page, conf) for v, pct in vals)
            self._finish_loose(partial_ok=True)
            return
        m = _GRAND.match(line)
        if m and self.area is not None:
            self.out.grand_total = _num(m.group(1))
            return
        m = _AREA_NO.match(line) or _AREA_HDR.match(line)
        if m:
            rest = m.group(2) if m.re is _AREA_HDR else ""
            rest, has_cols = self._strip_cols(rest)
            area_no = int(m.group(1))
            if 1 <= area_no <= 9 and len(rest) < 120 and (has_cols or not self.strict) and (rest or not self.strict):
                self._finish_loose()
                self.area = self._area(area_no)
                self.area.name = rest or None
                self.header_open = not has_cols
                return
        if self.header_open and self.area is not None and not self.strict:
            rest, has_cols = self._strip_cols(line)
            if rest:
                self.area.name = f"{self.area.name or ''} {rest}".strip()
            if has_cols:
                self.header_open = False
        # Anything else (an intro sentence) is not part of a row.

    def _ascii_digits(self, line: str, page: int | None) -> str:
        """Digits of another script (Arabic-Indic, full-width ...) are read as
        their values but never silently: a score table prints ASCII digits, so
        such a cell is an encoding accident or an edit, and is reported."""
        ascii_line = "".join(str(unicodedata.digit(ch)) if ch.isdecimal() and not ch.isascii() else ch
                             for ch in line)
        m = _Q_ROW.match(ascii_line)
        where = dict(question=f"{m.group(1)}.{m.group(2)}") if m else \
            dict(question=self.row.question_no) if self.row is not None else \
            dict(area=self.area.area_no) if self.area is not None else {}
        self.out.observations.append(Observation(
            Code.FOREIGN_DIGITS, f"printed with non-ASCII digits ('{line[:60]}'), read as '{ascii_line[:60]}'",
            page=page, **where))
        return ascii_line

    # -- rows -----------------------------------------------------------------
    def _needed(self) -> int:
        return 3 if self.out.has_percent else 2

    def _row_complete(self) -> bool:
        r = self.row
        return r is not None and len(r.values) >= 2 and (r.percent is not None or len(r.values) >= self._needed())

    def _add(self, text: str) -> None:
        r = self.row
        label, vals = _split_values(text)
        if r.values and label:
            # Text after values: the row is over; this line starts something else.
            self._finish_row()
            self.feed(text, r.page, self.conf)
            return
        if label:
            r.label.append(label)
        if vals:
            r.conf = lowest_confidence(r.conf, self.conf)
        for v, pct in vals:
            if pct:
                r.percent = v
                self.out.has_percent = True
            elif len(r.values) == 2 and not _plausible_percent(v, *r.values):
                # A third bare number that is no percentage of score/max is a
                # stray (a page number): the row is complete without it.
                self._finish_row()
                return
            else:
                r.values.append(v)
        if len(r.values) > 2 and r.percent is None and not self.out.has_percent:
            # "Agenda 2030 16 20": only the last two numbers are values.
            extra = r.values[:-2]
            r.label.append(" ".join(f"{x:g}" for x in extra))
            r.values = r.values[-2:]
        if self._row_complete() and (r.percent is not None or len(r.values) >= 3):
            self._finish_row()

    def _finish_row(self) -> None:
        r = self.row
        if r is None:
            return
        self.row = None
        if len(r.values) >= 2:
            score, mx = r.values[0], r.values[1]
            pct = r.percent if r.percent is not None else (r.values[2] if len(r.values) > 2 else None)
            if score > mx and pct is not None and _plausible_percent(pct, mx, score):
                # Text extraction emitted the cells out of order; the percent
                # column tells which value is the score.
                score, mx = mx, score
            if 0 <= score <= mx:
                self.out.subquestions.append(
                    SubQuestion(r.area_no, r.question_no, " ".join(r.label).strip(), score, mx, pct, r.page,
                                confidence=r.conf))
                return
        self.out.observations.append(Observation(
            Code.ROW_UNREADABLE, f"overview row has no readable scores ('{' '.join(r.label)[:60]}')"
            + (f", page {r.page}" if r.page else ""), area=r.area_no, question=r.question_no, page=r.page))

    def _finish_loose(self, partial_ok: bool = False) -> None:
        """Values outside any question row are the area's total row."""
        vals = [v for v, pct, _, _c in self.loose if not pct]
        pcts = [v for v, pct, _, _c in self.loose if pct]
        need = 3 if self.out.has_percent else 2
        if partial_ok and len(vals) + len(pcts) < need:
            return
        if self.area is not None and len(vals) >= 2 and self.area.score is None:
            self.area.score, self.area.max = vals[0], vals[1]
            self.area.percent = pcts[0] if pcts else (vals[2] if len(vals) > 2 else None)
            self.area.page = self.loose[0][2]
            self.area.confidence = lowest_confidence(*(c for *_, c in self.loose))
        self.loose = []

    def _strip_cols(self, text: str) -> tuple[str, bool]:
        m = _COLS.search(text)
        if not m:
            return text.strip(), False
        if m.group(3):
            self.out.has_percent = True
        return text[:m.start()].strip(), True

    def _area(self, area_no: int) -> Area:
        a = self.out.areas.get(area_no)
        if a is None:
            a = self.out.areas[area_no] = Area(area_no=area_no, name=None)
        self.area = a
        return a

    def finish(self) -> OverviewResult:
        self._finish_row()
        self._finish_loose()
        return self.out


# A report prints 35-50 sub-question rows; more than this many is no single
# report's overview (a generated or damaged file), and reading stops there so
# a file of a million rows costs no more than a report.
MAX_ROWS = 400


def read_overview(lines, strict: bool = False) -> OverviewResult:
    """Feed (line, page) or (line, page, OCR confidence) tuples through a
    reader; the rebuilt rows and areas. Stops once more than MAX_ROWS rows
    were read (`too_many` is then set)."""
    reader = OverviewReader(strict=strict)
    for line, page, *conf in lines:
        reader.feed(line, page, conf[0] if conf else None)
        if len(reader.out.subquestions) > MAX_ROWS:
            reader.out.too_many = True
            break
    return reader.finish()


def lowest_confidence(*confs) -> float | None:
    """The lowest of the known confidences (None: none is known)."""
    known = [c for c in confs if c is not None]
    return min(known) if known else None
