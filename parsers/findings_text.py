"""Strengths and improvements of a two-column findings table that a text
export printed without its geometry: the header "Styrkor
Förbättringsmöjligheter" on one line, then the columns' text.

* Side by side (pdftotext -layout: the header's titles stand apart by
  spaces, and so do the columns below): each line is cut into its columns
  (extract.text_columns.split_side_by_side), each column cut into items.
* One after the other (pdftotext -raw: one space between the titles, no
  blank lines): the left column's lines, then the right column's, on each
  page the table runs over. The items are recovered from what the text
  shows (list marks; a line that stops short before a capital), and the
  column break is chosen where the items turn into recommendations (an
  improvement opens with a verb: vocabulary.RECOMMENDATION_VERB, or asks a
  question) or the line widths change. That break is always a guess, and
  the block says so (skeleton _Group.guess -> a findings warning).

Items whose boundaries were guessed are `inferred` (findings.segmentation).
"""
from __future__ import annotations

from extract.text_columns import (TextItem, column_starts, column_width, split_side_by_side, stacked_break,
                                  text_items)

from . import vocabulary as V


def recommendation_score(text: str) -> float:
    """+1 for an item that reads like an improvement suggestion (opens with
    a recommending verb, or is a question), -0.5 otherwise."""
    words = text.lstrip("•-–—*·▪ ").split()
    first = words[0].strip(".,:;\"'”»(") if words else ""
    if (first and V.RECOMMENDATION_VERB.match(first)) or text.rstrip().endswith("?"):
        return 1.0
    return -0.5


def _pages(lines: list[tuple[str, int | None]]) -> list[tuple[int | None, list[str]]]:
    """The lines grouped by page, in order."""
    out: list[tuple[int | None, list[str]]] = []
    for ln, pg in lines:
        if not out or out[-1][0] != pg:
            out.append((pg, []))
        out[-1][1].append(ln)
    return out


def _add(target: list, items: list[TextItem], page, guess: bool, make_item) -> None:
    """Append a column's items; a first item that goes on in lower case
    continues the item the column had on the page before."""
    for k, it in enumerate(items):
        first = it.lines[0].lstrip()
        if k == 0 and target and first[:1].islower():
            target[-1].lines.extend(it.lines)
            target[-1].inferred = target[-1].inferred or it.inferred or guess
            continue
        target.append(make_item(list(it.lines), page, it.inferred or guess))


def _width(lines: list[str], both: float) -> float | None:
    """A column's width: its own, or both columns' when its lines never wrap."""
    body = [x.strip() for x in lines if x.strip()]
    if not body:
        return None
    own = column_width(body)
    wrapped = any(b[:1].islower() for b in body[1:])
    return own if wrapped else max(own, both)


def recover(header: str, lines: list[tuple[str, int | None]], make_item, improvements_first: bool = False):
    """-> (strength items, improvement items, guess): the items made by
    `make_item(lines, page, inferred)`; guess says what was guessed about
    the whole table (None: only item boundaries, marked on the items).
    `improvements_first`: the header names the improvements column first."""
    if improvements_first:
        first, second, guess = _recover(header, lines, make_item, lambda t: -recommendation_score(t))
        return second, first, guess
    return _recover(header, lines, make_item, recommendation_score)


def _recover(header: str, lines: list[tuple[str, int | None]], make_item, second_like):
    """(first column's items, second column's items, guess); `second_like`:
    how much a text reads like an item of the second column."""
    first: list = []
    second: list = []
    starts = column_starts(header)
    if starts is not None and len(starts) == 2:
        # side by side
        for page, part in _pages(lines):
            left, right = split_side_by_side(part, starts)
            _add(first, text_items(left), page, False, make_item)
            _add(second, text_items(right), page, False, make_item)
        return first, second, None
    guessed = False
    for n, (page, part) in enumerate(_pages(lines)):
        part = [ln for ln in part if ln.strip()]
        if not part:
            continue
        br = stacked_break(part, second_like, need_both=(n == 0))
        left, right = part[:br.at], part[br.at:]
        # a column of short items shows no wrapping to measure its width by:
        # the other column's may tell (the columns are often equally wide)
        width = column_width([x.strip() for x in part])
        _add(first, text_items(left, _width(left, width)), page, True, make_item)
        _add(second, text_items(right, _width(right, width)), page, True, make_item)
        guessed = True
    guess = ("the two columns were printed one after the other (a pdftotext -raw style export), so where the "
             "first column ends and the second begins is a guess") if guessed else None
    return first, second, guess
