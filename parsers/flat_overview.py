"""The "Översikt av poängfördelning" score tables of a text that lost its line
breaks (a web transcript): one run of words per page, the table's cells in
the reading order of the tool that made the text.

What such a run looks like (pdftotext order, lines joined):

    1. Offentlighet och demokrati Uppnått 1.1 Finns en plan/strategi för
    demokratiutveckling och information? 7 15 45% 1.2 Hur informeras
    medborgarna? 13 20 65% ... 61 100 61% Uppnått Max 2. Tillgänglighet och
    brukarorientering 2.1 ...  ... 15 12 Max Procent Max 15 Procent Procent 80%

Column titles ("Uppnått Max Procent") and area numbers ("3.") drift to odd
places, a page number may stand among the values (when the page's text did
not end with it), a wrapped label may go on after the values (text read
straight across the page). So the run is cut at the question numbers, which
follow each other in order; each piece holds the question's label (its end
told by the catalogue through parsers.hints.Vocabulary, else by the first
value), its values, and -- for an area's last question -- the area's total
row and the next area's name.

Values are assigned, not guessed: every way of reading score and maximum
(and the total's) from the piece's numbers in order is tried; a number left
over must be the page's own printed number, or stand after the row's text
has moved on. A row is read when all readings agree, the printed percent
choosing only between readings that differ; otherwise it is an Observation
ROW_UNREADABLE naming the question (a warning), never a pick.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from .hints import Vocabulary
from .records import Area, Code, Observation, SubQuestion
from .overview import OverviewResult

_QNO = re.compile(r"^(\d)\.(\d{1,2})\.?$")
_AREA_NO = re.compile(r"^(\d)\.$")
_NUM = re.compile(r"^(\d{1,4}(?:[.,]\d+)?)(%?)$")
_COL = re.compile(r"(?i)^(uppnått|uppnådd|poäng|max|maxpoäng|procent|%)$")
_GRAND = re.compile(r"(?i)^(totalt?|totalpoäng):?$")
# A question number may skip at most this many numbers (a row lost).
MAX_SKIP = 3


@dataclass(frozen=True)
class Tok:
    text: str
    page: int | None


def _kind(t: str) -> str:
    if _QNO.match(t):
        return "qno"
    if _AREA_NO.match(t):
        return "area_no"
    if _NUM.match(t):
        return "num"
    if _COL.match(t):
        return "col"
    return "word"


def _value(t: str) -> tuple[float, bool]:
    m = _NUM.match(t)
    return float(m.group(1).replace(",", ".")), bool(m.group(2))


def _merge_percent_signs(toks: list[Tok]) -> list[Tok]:
    """"45 %" is one value."""
    out: list[Tok] = []
    for t in toks:
        if t.text == "%" and out and _NUM.match(out[-1].text) and not out[-1].text.endswith("%"):
            out[-1] = Tok(out[-1].text + "%", out[-1].page)
        else:
            out.append(t)
    return out


def _row_starts(toks: list[Tok]) -> list[tuple[int, int, int]]:
    """(token index, area, question) of each question number that follows the
    one before it in order."""
    out, cur = [], (0, 0)
    for i, t in enumerate(toks):
        m = _QNO.match(t.text)
        if not m:
            continue
        a, q = int(m.group(1)), int(m.group(2))
        if (a == cur[0] and cur[1] < q <= cur[1] + MAX_SKIP) or (a > cur[0] and 1 <= q <= MAX_SKIP):
            out.append((i, a, q))
            cur = (a, q)
    return out


def _consistent(score: float, mx: float, pct: float) -> bool:
    """Can rounding make `score` of `mx` print as `pct`? (normalize/validate
    judges the printed row again; here it only tells two readings apart.)"""
    def half(x):
        return 0.5 if float(x).is_integer() else 0.05
    lo, hi = max(score - half(score), (pct - half(pct)) * mx / 100), min(score + half(score), (pct + half(pct)) * mx / 100)
    return mx > 0 and lo < hi


def _pair(a: float, b: float, pct: float | None) -> tuple[float, float] | None:
    """(score, max) from two values in reading order: the larger is the
    maximum unless the percent says the cells came the other way round."""
    if a <= b:
        return a, b
    if pct is not None and _consistent(b, a, pct):
        return b, a
    return None


def _readings(nums: list[tuple[int, float]], row_pct, total_pct, with_total: bool, stray_ok) -> set:
    """Every reading ((score, max), (total score, total max) or None, token
    index of the last number read) of a piece's numbers (token index, value),
    in order, the row's before the total's; a number left over must be a
    stray: stray_ok(its token index, the token index of the last number read)."""
    out = set()
    for r in combinations(range(len(nums)), 2):
        row = _pair(nums[r[0]][1], nums[r[1]][1], row_pct)
        if row is None:
            continue
        rest = [k for k in range(len(nums)) if k > r[1]]
        totals = list(combinations(rest, 2)) if with_total else [()]
        for t in totals:
            total = _pair(nums[t[0]][1], nums[t[1]][1], total_pct) if t else None
            if t and total is None:
                continue
            used = set(r) | set(t)
            last = nums[max(used)][0]
            if all(stray_ok(nums[k][0], last) for k in range(len(nums)) if k not in used):
                out.add((row, total, last))
    return out


class FlatOverviewReader:
    def __init__(self, toks: list[Tok], page_numbers: dict[int, str], vocabulary: Vocabulary | None):
        self.toks = _merge_percent_signs(toks)
        self.page_numbers = page_numbers
        self.vocab = vocabulary
        self.out = OverviewResult()

    # -- names and labels -----------------------------------------------------
    def _area_name(self, area_no: int, toks: list[Tok]) -> str | None:
        """The area's name among the words before its first question."""
        words = [t.text for t in toks if _kind(t.text) == "word"]
        nos = [i for i, t in enumerate(toks) if t.text == f"{area_no}."]
        if self.vocab is not None and words:
            best = None
            for j in range(len(words)):
                hit = self.vocab.area_name_length(area_no, words[j:])
                if hit and (best is None or (j + hit[0] == len(words), hit[1]) > (best[0] + best[1] == len(words), best[2])):
                    best = (j, hit[0], hit[1])
            if best is not None:
                return " ".join(words[best[0]:best[0] + best[1]])
        if nos:  # "3. Politisk styrning och kontroll"
            after = [t.text for t in toks[nos[-1] + 1:] if _kind(t.text) == "word"]
            if after:
                return " ".join(after)
        return None

    def _label(self, qno: str, words: list[str]) -> tuple[str, list[str]]:
        """(label, the words after it)."""
        if self.vocab is not None:
            hit = self.vocab.label_length(qno, words)
            if hit is not None:
                return " ".join(words[:hit[0]]), words[hit[0]:]
        return " ".join(words), []

    # -- rows -----------------------------------------------------------------
    def _stray(self, toks: list[Tok]):
        """A number no reading uses: the page's own printed number, or a number
        after the row's text moved on (a word between it and the last number
        read)."""
        def ok(i: int, last: int) -> bool:
            t = toks[i]
            if t.page is not None and self.page_numbers.get(t.page) == t.text:
                return True
            return i > last and any(_kind(x.text) == "word" for x in toks[last + 1:i])
        return ok

    def read(self) -> OverviewResult:
        toks, starts = self.toks, _row_starts(self.toks)
        if not starts:
            return self.out
        first_area = starts[0][1]
        self._open_area(first_area, toks[:starts[0][0]])
        for n, (i, a, q) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(toks)
            nxt = starts[n + 1][1] if n + 1 < len(starts) else None
            self._row(f"{a}.{q}", a, toks[i], toks[i + 1:end], last_of_area=nxt != a, next_area=nxt)
        return self.out

    def _open_area(self, area_no: int, toks: list[Tok]) -> None:
        a = self.out.areas.setdefault(area_no, Area(area_no=area_no, name=None))
        if a.name is None:
            a.name = self._area_name(area_no, toks)
        if any(t.text.lower() == "procent" for t in toks):
            self.out.has_percent = True

    def _row(self, qno: str, area_no: int, qtok: Tok, toks: list[Tok], last_of_area: bool, next_area) -> None:
        self.out.areas.setdefault(area_no, Area(area_no=area_no, name=None))
        words = [t.text for t in toks if _kind(t.text) == "word"]
        vals = [(k, *_value(t.text)) for k, t in enumerate(toks) if _kind(t.text) == "num"]
        label, rest = self._label(qno, words)
        if self.vocab is None or not label:
            # Without the catalogue: the label is the text before the first
            # value, and after the values too when the next question follows
            # in the same area (a label wrapped below its values).
            first_val = next((k for k, *_ in vals), len(toks))
            label_toks = toks[:first_val] if last_of_area else toks
            label = " ".join(t.text for t in label_toks if _kind(t.text) == "word")
        pcts = [v for _k, v, is_pct in vals if is_pct]
        if pcts:
            self.out.has_percent = True
        row_pct = pcts[0] if pcts else None
        total_pct = pcts[1] if last_of_area and len(pcts) > 1 else None
        nums = [(k, v) for k, v, p in vals if not p]
        readings = _readings(nums, row_pct, total_pct, last_of_area, self._stray(toks))
        if not readings and last_of_area:
            # No total row that fits: the row alone (the total is reported missing).
            readings = _readings(nums, row_pct, None, False, self._stray(toks))
        if len({r[0] for r in readings}) > 1 and row_pct is not None:
            # The printed percent tells readings apart.
            readings = {r for r in readings if _consistent(*r[0], row_pct)}
        if len({r[1] for r in readings}) > 1 and total_pct is not None:
            readings = {r for r in readings if r[1] is None or _consistent(*r[1], total_pct)}
        page = qtok.page
        rows = {r[0] for r in readings}
        if len(rows) != 1:
            self._unreadable(f"overview row has no readable scores ('{label[:60]}')"
                             + (f", page {page}" if page else ""), area_no, qno, page)
        else:
            (score, mx), = rows
            self.out.subquestions.append(SubQuestion(area_no, qno, label, score, mx, row_pct, page))
        if not last_of_area:
            return
        totals = {r[1] for r in readings}
        if len(totals) == 1 and None not in totals:
            a = self.out.areas[area_no]
            (a.score, a.max), = totals
            a.percent = total_pct
            a.page = next((t.page for t in toks if t.page is not None), page)
        else:
            why = ("the last row could not be read" if len(rows) != 1 else
                   "its numbers can be read more than one way" if len(totals) > 1 else "none found")
            self._unreadable(f"no readable total row in the overview ({why})", area_no, None, page)
        if next_area is not None:
            self._open_area(next_area, self._after_total(toks, rest))
        else:
            # A grand total printed after the last area's total row.
            after = max((r[2] for r in readings), default=-1)
            self._grand_total(toks[after + 1:])

    def _after_total(self, toks: list[Tok], rest_words: list[str]) -> list[Tok]:
        """The tokens that may name the next area: the words after the label
        (the catalogue told where it ends), with the area numbers."""
        if self.vocab is not None:
            skip = sum(_kind(t.text) == "word" for t in toks) - len(rest_words)
            out = []
            for t in toks:
                if _kind(t.text) == "word":
                    if skip > 0:
                        skip -= 1
                        continue
                    out.append(t)
                elif _kind(t.text) in ("area_no", "col"):
                    out.append(t)
            return out
        # Without it: what follows the last value.
        last = max((k for k, t in enumerate(toks) if _kind(t.text) == "num"), default=-1)
        return toks[last + 1:]

    def _grand_total(self, toks: list[Tok]) -> None:
        for k, t in enumerate(toks[:-1]):
            if _GRAND.match(t.text) and _kind(toks[k + 1].text) == "num":
                self.out.grand_total = _value(toks[k + 1].text)[0]

    def _unreadable(self, message: str, area_no: int, qno: str | None, page) -> None:
        self.out.observations.append(Observation(Code.ROW_UNREADABLE, message, area=area_no, question=qno, page=page))


def read_flat_overview(toks: list[Tok], page_numbers: dict[int, str], vocabulary: Vocabulary | None) -> OverviewResult:
    return FlatOverviewReader(toks, page_numbers, vocabulary).read()
