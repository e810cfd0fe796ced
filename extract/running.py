"""Running headers and footers: the lines a paginated document repeats at the
top or bottom of its pages (a report's title, "Sida 3 av 30", a bare page
number). They are not text of the page; left in, they land in the middle of
a paragraph or of a table row that a page break splits.

One rule for every paginated reader (PDF pages, text exports with form
feeds). A reader offers, per page, its *candidate* lines: the lines near the
top or the bottom edge, each with its band ("top"/"bottom") and its rank (0
= the line nearest that edge). A candidate is running when

* its exact text (whitespace collapsed) recurs on enough pages, or
* its shape -- lower case, every digit run folded to "#" -- recurs on
  enough pages (a header or footer with the page number or date in it), or
* it is a bare page number ("12", "- 12 -", "Sida 3 av 30", "page 2 of 9").

"Enough pages" is `max(min_repeats, int(share * pages + round_up))`. How deep
into the page each test looks (by rank), whether the top and bottom are
counted apart, and which page numbers count are parameters (`RunningRule`),
because the readers see the page edges differently:

* PDF (PDF_RUNNING): the candidates are the lines whose vertical centre lies
  in the top or bottom margin band of the page (geometry says where the
  margin is; a header may take two lines); every line in a band is tested
  by its shape, top and bottom are counted apart, 40 % of the pages (at
  least two) are enough, and a bare page number goes even in a one-page
  document.
* Paginated text (TEXT_RUNNING, pdftotext): a text export has no geometry,
  only line order; the candidates are the first and last two non-blank lines
  of a page. Exact text and bare page numbers are tested on all of them,
  the digit-folded shape only on the very first and last line: one line
  deeper, body text that differs only in its numbers ("Stycke 2a.", "Stycke
  3a.") would match. A shape that is one number alone never counts (page
  numbers go by TEXT_PAGE_NUMBER, at most three digits), half the pages (at
  least three) are needed, and documents of fewer than three pages keep
  every line.

The two parameter sets keep what each reader did before they shared this
function (tests/golden unchanged). They are not one set because every
merge changes what one reader reads somewhere: the PDF reader's tests need
its 40 % and its two-page minimum (two-page documents), the text reader's
need the shape tested at the edge line only. PDF_RUNNING's values with
TEXT_RUNNING's ranks read the shared corpus and pass both readers' tests
unchanged, but would drop more from text exports (a year alone on a page's
edge line, running lines of two-page exports, 40 % instead of half) and
less from PDF margins (shapes below a band's outermost line); that is a
change of behaviour, left for a decision of its own.

Nothing here knows what the document is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Bare page numbers as PDF producers print them in a margin: "12", "- 12 -",
# "(12)", "[12]", "page 2", "sida 2", "s. 2", "2 of 9", "2 av 9", "2/9", "2 (9)".
PDF_PAGE_NUMBER = re.compile(
    r"^(?:[-–—(\[]\s*)?(?:(?:page|sida|s\.)\s*)?\d{1,4}(?:\s*(?:of|av|/|\()\s*\d{1,4}\)?)?(?:\s*[-–—)\]])?$",
    re.I)
# ... and as pdftotext leaves them at a page's first or last lines: "12",
# "Sida 2", "sidan 2", "2 av 9", "2/9" -- at most three digits, so a year
# alone on a page's first or last line ("2021") stays.
TEXT_PAGE_NUMBER = re.compile(r"^\s*(?:sid(?:a|an)?\s*)?\d{1,3}(?:\s*(?:/|av)\s*\d{1,3})?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class RunningRule:
    """How `running_lines` decides; see the module docstring."""
    # Documents of fewer pages keep every line.
    min_pages: int
    # A text is running when it recurs on max(min_repeats, int(share * pages
    # + round_up)) pages (round_up 0.999 rounds up, 0 rounds down).
    share: float
    round_up: float
    min_repeats: int
    # Candidates of rank below these are tested by exact text, by shape and
    # as a bare page number; None: every candidate, 0: none.
    exact_ranks: int | None
    shape_ranks: int | None
    number_ranks: int | None
    # Count the top and bottom bands apart (a text recurring at the top of
    # some pages and the bottom of others is not counted as one).
    per_band: bool
    # Whether a shape that is one number alone ("#") may count as running.
    number_shape: bool
    page_number: re.Pattern


PDF_RUNNING = RunningRule(min_pages=1, share=0.4, round_up=0.999, min_repeats=2,
                          exact_ranks=0,  # (exact repetition implies the shape's)
                          shape_ranks=None, number_ranks=None, per_band=True, number_shape=True,
                          page_number=PDF_PAGE_NUMBER)
TEXT_RUNNING = RunningRule(min_pages=3, share=0.5, round_up=0.0, min_repeats=3,
                           exact_ranks=2, shape_ranks=1, number_ranks=2, per_band=False, number_shape=False,
                           page_number=TEXT_PAGE_NUMBER)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A line near a page's top or bottom edge."""
    page: int  # which page (any id; one per page)
    text: str
    band: str  # "top" or "bottom"
    rank: int  # 0: the line nearest the edge of its band, 1: the next ...


_DIGITS = re.compile(r"\d+")


def shape(text: str) -> str:
    """Lower case, whitespace collapsed, every digit run "#"."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _within(rank: int, ranks: int | None) -> bool:
    return ranks is None or rank < ranks


def running_lines(candidates: Iterable[Candidate], n_pages: int, rule: RunningRule) -> set[int]:
    """The indexes (in `candidates`) of the running lines of a document of
    `n_pages` pages."""
    cands = list(candidates)
    if n_pages < rule.min_pages or not cands:
        return set()
    need = max(rule.min_repeats, int(rule.share * n_pages + rule.round_up))
    exact: dict[tuple, set] = {}
    shapes: dict[tuple, set] = {}
    keys = []
    for c in cands:
        text = " ".join(c.text.split())
        band = c.band if rule.per_band else ""
        ek = (band, text) if _within(c.rank, rule.exact_ranks) else None
        sk = (band, shape(text)) if _within(c.rank, rule.shape_ranks) else None
        if ek is not None:
            exact.setdefault(ek, set()).add(c.page)
        if sk is not None:
            shapes.setdefault(sk, set()).add(c.page)
        keys.append((text, ek, sk))
    out = set()
    for i, (c, (text, ek, sk)) in enumerate(zip(cands, keys)):
        if (ek is not None and len(exact[ek]) >= need) \
                or (sk is not None and len(shapes[sk]) >= need and (rule.number_shape or sk[1] != "#")) \
                or (_within(c.rank, rule.number_ranks) and rule.page_number.match(text)):
            out.add(i)
    return out


def edge_candidates(pages: list[list[str]], depth: int) -> list[tuple[int, int, Candidate]]:
    """Candidates of paginated text: the first and last `depth` non-blank
    lines of each page, as (page index, line index, candidate); a line near
    both edges (a short page) is one candidate, ranked by the nearer edge."""
    out = []
    for p, lines in enumerate(pages):
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        ranks: dict[int, tuple[int, str]] = {}
        for r, i in enumerate(idx[:depth]):
            ranks[i] = (r, "top")
        for r, i in enumerate(reversed(idx[-depth:] if depth else [])):
            if i not in ranks or r < ranks[i][0]:
                ranks[i] = (r, "bottom")
        for i in sorted(ranks):
            r, band = ranks[i]
            out.append((p, i, Candidate(p, lines[i], band, r)))
    return out
