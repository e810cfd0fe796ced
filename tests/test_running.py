"""extract.running: one rule for running headers and footers, with the PDF
reader's and the paginated-text reader's parameters."""
from __future__ import annotations

import dataclasses

from extract.running import PDF_RUNNING, TEXT_RUNNING, Candidate, edge_candidates, running_lines, shape
from extract.text import strip_running_lines


def test_shape_folds_digits_case_and_spaces():
    assert shape("  Sida 12  av 30 ") == "sida # av #"


def test_pdf_rule_counts_each_band_and_needs_forty_percent():
    title = [Candidate(p, "Rapport Exempel kommun", "top", 0) for p in (1, 2)]
    same_text_at_the_foot = [Candidate(3, "Rapport Exempel kommun", "bottom", 0)]
    numbers = [Candidate(p, f"- {p} -", "bottom", 0) for p in (1, 2, 3, 4, 5)]
    cands = title + same_text_at_the_foot + numbers
    drop = running_lines(cands, 5, PDF_RUNNING)
    assert drop == {0, 1} | set(range(3, 8))  # 2 of 5 pages at the top; the foot's one copy stays
    assert running_lines([Candidate(1, "7", "bottom", 0)], 1, PDF_RUNNING) == {0}  # one page: still a page number


def test_text_rule_looks_at_two_lines_and_shapes_only_at_the_edge():
    # the title and "Sida n av 4" go; "Stycke na." (one line in) and the
    # year at the foot (a number alone, four digits) stay
    pages = [["Rapport 2020", "", f"Stycke {n}a.", "brödtext", f"Stycke {n}b.", f"Sida {n} av 4", f"{2017 + n}"]
             for n in range(1, 5)]
    out = strip_running_lines(pages)
    assert out[0] == ["", "Stycke 1a.", "brödtext", "Stycke 1b.", "2018"]
    few = pages[:2]
    assert strip_running_lines(few) == few


def test_text_candidates_rank_from_the_nearer_edge():
    found = edge_candidates([["a", "", "b", "c"]], depth=2)
    assert [(i, c.band, c.rank) for _p, i, c in found] == [(0, "top", 0), (2, "top", 1), (3, "bottom", 0)]


def test_rules_are_parameters_of_one_function():
    pages = [["Titel", f"{n}"] for n in range(1, 5)]
    cands = [c for _p, _i, c in edge_candidates(pages, depth=2)]
    assert running_lines(cands, 4, TEXT_RUNNING) == set(range(8))
    assert running_lines(cands, 4, dataclasses.replace(TEXT_RUNNING, min_pages=5)) == set()
