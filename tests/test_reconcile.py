"""OCR'd numbers are checked against each other (normalize/reconcile.py): a
misread digit that exactly one reading repairs is repaired with a note naming
the question; one that none or several readings repair stays and is named by
a warning; a text layer's numbers are never touched. Invented scores; the
maxima are the catalogue's."""
from __future__ import annotations

from dataclasses import replace

import pytest

from normalize import catalogue
from normalize.reconcile import readings, reconcile
from parsers.records import Area, Metadata, ParsedReport, SubQuestion

CONF = 0.95


def area(revision: str, no: int, scores: list[float], percent: bool, total=None, conf=CONF, header=None):
    qs = [q for q in catalogue.questions(revision) if q.area_no == no]
    subs = []
    for q, sc in zip(qs, scores):
        pct = round(100 * sc / q.max) if percent else None
        subs.append(SubQuestion(no, q.question_no, q.label, float(sc), q.max, pct, 30, confidence=conf))
    tot = float(sum(scores)) if total is None else float(total)
    a = Area(no, None, score=tot, max=100.0, percent=tot if percent else None, confidence=conf,
             header_score=header if header is not None else tot, header_confidence=conf)
    return a, subs


def report(revision="2020", scores=(16, 7, 21, 4, 20), percent=False, **kw):
    a, subs = area(revision, 1, list(scores), percent, **kw)
    return ParsedReport(Metadata(), [a], subs, [])


def change(parsed, no, **values):
    return replace(parsed, subquestions=[replace(q, **values) if q.question_no == no else q
                                         for q in parsed.subquestions])


def texts(issues):
    return [i.text for i in issues]


def test_readings_of_a_misread_digit():
    r = readings(16)
    assert 18 in r and 10 in r and 1 in r and 6 in r and 116 in r  # look-alike, dropped, a lost "1"
    assert 16 not in r
    assert 3 in readings(8) and 8 in readings(3)


def test_consistent_numbers_are_left_alone():
    parsed = report()
    out, issues = reconcile(parsed, "2020")
    assert out.subquestions == parsed.subquestions and issues == []


def test_a_text_layer_is_never_touched():
    parsed = change(report(conf=None), "1.3", score=24.0)  # a wrong sum, but not OCR'd
    out, issues = reconcile(parsed, "2020")
    assert out == parsed and issues == []


def test_one_fitting_reading_is_used_with_a_note():
    # 2010 revision, percent column: "13" misread as "18" contradicts its own 65%
    parsed = report("2010", scores=(9, 13, 12, 22, 7), percent=True)
    bad = change(parsed, "1.2", score=18.0)
    out, issues = reconcile(bad, "2010")
    assert [q.score for q in out.subquestions] == [q.score for q in parsed.subquestions]
    assert any(t.startswith("note: question 1.2:") and "18" in t and "13" in t for t in texts(issues))
    assert not any(i.is_warning for i in issues)


def test_a_misread_maximum_is_repaired_from_the_catalogue_and_the_sum():
    parsed = report()
    bad = change(parsed, "1.4", max=16.0)  # 10 read as 16
    out, issues = reconcile(bad, "2020")
    assert next(q for q in out.subquestions if q.question_no == "1.4").max == 10.0
    assert texts(issues)[0].startswith("note: question 1.4:")


def test_several_fitting_readings_keep_the_print_and_warn_on_each_question():
    # No percent column: 21 read as 24 breaks the sum by 3; 16 -> 13 or 4 -> 1 would fix it as well
    bad = change(report(), "1.3", score=24.0)
    out, issues = reconcile(bad, "2020")
    assert next(q for q in out.subquestions if q.question_no == "1.3").score == 24.0
    warned = {i.question for i in issues if i.is_warning}
    assert {"1.1", "1.3", "1.4"} <= warned
    assert all(i.text.startswith("warning: question 1.") for i in issues if i.question)


def test_no_fitting_reading_warns():
    bad = change(report(), "1.3", score=29.0, max=40.0)  # two numbers of one row misread
    _out, issues = reconcile(bad, "2020")
    assert any(i.is_warning and i.question == "1.3" for i in issues)


def test_a_missing_percent_is_named():
    parsed = report("2010", scores=(9, 13, 12, 22, 7), percent=True)
    bad = change(parsed, "1.5", percent=None)
    _out, issues = reconcile(bad, "2010")
    assert any(t.startswith("warning: question 1.5:") and "percent" in t for t in texts(issues))


@pytest.mark.parametrize("header,fixed", [(66.0, True), (88.0, True), (40.0, False)])
def test_a_misread_section_header_is_read_as_the_confirmed_total(header, fixed):
    parsed = report(header=header)  # total 68, confirmed by the sub-questions
    out, issues = reconcile(parsed, "2020")
    assert (out.areas[0].header_score == 68.0) is fixed
    assert bool(issues) is fixed


def test_an_area_without_its_total_row_is_not_repaired():
    parsed = report("2010", scores=(9, 13, 12, 22, 7), percent=True)
    bad = change(replace(parsed, areas=[replace(parsed.areas[0], score=None)]), "1.2", score=18.0)
    out, issues = reconcile(bad, "2010")
    assert next(q for q in out.subquestions if q.question_no == "1.2").score == 18.0
    assert any(i.is_warning and i.question == "1.2" for i in issues)


def test_a_misread_question_number_is_the_missing_question_whose_label_it_has():
    parsed = report()
    bad = change(parsed, "1.4", question_no="1.47")  # the label is still 1.4's
    out, issues = reconcile(bad, "2020")
    assert [q.question_no for q in out.subquestions] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert any(t.startswith("note: question 1.4:") and "'1.47'" in t for t in texts(issues))
    # a text layer's number stays as printed
    _out, issues = reconcile(change(report(conf=None), "1.4", question_no="1.47"), "2020")
    assert issues == []


def test_a_misread_header_is_repaired_where_the_total_is_confirmed_within_rounding():
    # 2010: printed scores are rounded, the total is the rounded sum of the
    # unrounded ones (7.4 + 13.4 + ...), which the percent column confirms
    qs = [q for q in catalogue.questions("2010") if q.area_no == 1]
    true = [0.4 + round(q.max * f) for q, f in zip(qs, (0.47, 0.65, 0.6, 0.6, 0.73, 0.6))]
    subs = [SubQuestion(1, q.question_no, q.label, float(round(t)), q.max, round(100 * t / q.max), 30,
                        confidence=CONF) for q, t in zip(qs, true)]
    total = float(round(sum(true)))
    assert sum(q.score for q in subs) != total  # the sums differ by rounding only
    misread = next(r for r in readings(total) if r != total and r >= 10 and total in readings(r))
    a = Area(1, None, score=total, max=100.0, percent=total, confidence=CONF, header_score=misread,
             header_confidence=CONF)
    out, issues = reconcile(ParsedReport(Metadata(), [a], subs, []), "2010")
    assert out.areas[0].header_score == total
    assert [i.code for i in issues] == ["ocr_reading"]
