"""Validation bounds every excuse: rounding explains only what rounding can,
and a printed number that contradicts the others is a warning naming it."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import CORPUS, need_corpus, run_pipeline
from normalize.repair import fill_area_totals
from normalize.validate import validate
from parsers.overview import read_overview
from parsers.records import Area, Metadata, ParsedReport, SubQuestion

# Grästorp 2014, area 1 as printed (2010 revision: percents from unrounded scores).
AREA1 = [("1.1", 7, 15, 45), ("1.2", 13, 20, 65), ("1.3", 12, 20, 60), ("1.4", 9, 15, 60),
         ("1.5", 11, 15, 72), ("1.6", 9, 15, 60)]
TOTAL1 = 61


def report(rows=AREA1, total=TOTAL1, percent=True):
    subs = [SubQuestion(1, no, f"fråga {no}", s, m, p if percent else None) for no, s, m, p in rows]
    areas = [Area(1, "Offentlighet och demokrati", heading_name="Offentlighet och demokrati", score=total,
                  max=100.0)]
    return ParsedReport(Metadata(), areas, subs, [])


def issues_of(parsed):
    areas, repairs = fill_area_totals(parsed)
    # (the fixtures print no findings: that warning is tested on its own below)
    return [i for i in repairs + validate(parsed, areas)
            if (i.area in (1, None) or i.question) and i.code != "no_findings"]


def warnings(parsed):
    return [i.text for i in issues_of(parsed) if i.is_warning]


def with_row(no, score=None, mx=None, pct=None, rows=AREA1):
    out = []
    for r in rows:
        if r[0] == no:
            r = (no, r[1] if score is None else score, r[2] if mx is None else mx, r[3] if pct is None else pct)
        out.append(r)
    return out


def test_the_printed_area_is_consistent_and_its_rounding_is_only_a_note():
    assert sum(s for _, s, _, _ in AREA1) == TOTAL1  # this area happens to add up exactly
    assert warnings(report()) == []
    # 63% of 20 is 12.6, which a displayed 13 may stand for: consistent
    assert not any("question 1.2" in w for w in warnings(report(with_row("1.2", pct=63))))


@pytest.mark.parametrize("no,score,why", [
    ("1.2", 18, "+5"),
    ("1.3", 1, "a dropped digit (12 -> 1)"),
    ("1.1", 77, "a doubled digit (7 -> 77)"),
    ("1.2", 31, "transposed digits (13 -> 31)"),
    ("1.5", 12, "+1 beyond what rounding of 72% of 15 allows"),
])
def test_a_changed_score_is_a_warning_naming_the_question(no, score, why):
    ws = warnings(report(with_row(no, score=score)))
    assert any(w.startswith(f"warning: question {no}:") for w in ws), (why, ws)


def test_a_score_above_its_maximum_is_a_warning():
    ws = warnings(report(with_row("1.4", score=16), percent=False, total=TOTAL1 + 7))
    assert "warning: question 1.4: scores 16 of max 15" in ws


def test_rounding_explains_a_sum_only_within_half_a_point_per_score():
    # 2016-style rows whose unrounded values sum to 79.05 while the displayed scores sum to 80:
    rows = [("1.1", 16, 20, 78), ("1.2", 16, 20, 78), ("1.3", 16, 20, 78), ("1.4", 16, 20, 80), ("1.5", 16, 20, 81)]
    rounded = [i for i in issues_of(report(rows, total=79)) if i.code.startswith("area_sum")]
    assert [i.severity.value for i in rounded] == ["note"]
    # the same rows against a total three points off: no rounding explains it
    far = [i for i in issues_of(report(rows, total=77)) if i.code.startswith("area_sum")]
    assert [i.text.split(":")[0] for i in far] == ["warning"] and "area 1" in far[0].text


def test_without_a_percent_column_any_difference_is_a_warning():
    ws = warnings(report(with_row("1.1", score=8), percent=False))
    assert any(w.startswith("warning: area 1: sub-question scores sum to 62") for w in ws)


def test_a_percent_that_contradicts_its_own_score_is_a_warning():
    ws = warnings(report(with_row("1.6", pct=90)))
    assert any(w.startswith("warning: question 1.6: printed percent 90%") for w in ws)


def test_an_area_percent_that_contradicts_its_total_is_a_warning():
    p = report()
    p.areas[0].percent = 71.0
    assert any(w.startswith("warning: area 1: percent 71%") for w in warnings(p))


def test_digits_of_another_script_are_read_and_reported():
    lines = [("1. Offentlighet och demokrati Uppnått Max Procent", 3),
             ("1.1 Strategi 7 15 45%", 3), ("1.2 Information \u0661\u0663 20 65%", 3), ("20 35 57%", 3)]
    res = read_overview(lines)
    assert [q.score for q in res.subquestions] == [7, 13]
    obs = [o for o in res.observations if o.code == "foreign_digits"]
    assert len(obs) == 1 and obs[0].question == "1.2" and obs[0].page == 3


def _tampered_run(tmp_path, old: str, new: str):
    need_corpus()
    src = CORPUS / "text" / "002_8eb5ca326e9c8db1.txt"
    text = src.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / src.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    p = run_pipeline([tmp_path / "in"], tmp_path / "out")
    rep = pd.read_parquet(tmp_path / "out" / "reports.parquet").iloc[0]
    return p, rep


@pytest.mark.parametrize("old,new,named", [
    ("\t13\t20\t65%", "\t18\t20\t65%", "question 1.2"),  # +5
    ("\t10\t15\t63%", "\t1\t15\t63%", "question 8.4"),  # a dropped digit
])
def test_tampered_report_is_warning_end_to_end(tmp_path, old, new, named):
    p, rep = _tampered_run(tmp_path, old, new)
    assert p.returncode == 0, p.stderr
    assert rep.status == "warning"
    assert any(i.startswith(f"warning: {named}:") for i in rep.issues), list(rep.issues)


def _findings(areas, kinds=("strength", "improvement")):
    from parsers.records import Finding
    return [Finding(a, k, 1, f"punkt {a}") for a in areas for k in kinds]


def test_a_findings_list_missing_where_the_report_lists_them_per_area_is_a_warning():
    from normalize.validate import check_findings
    # seven areas list both kinds; area 5's lists were lost (an OCR'd heading)
    got = {(i.area, i.is_warning) for i in check_findings(_findings([1, 2, 3, 4, 6, 7, 8]))}
    assert got == {(5, True)}
    # strengths in every area, improvements nowhere: the report prints none
    issues = check_findings(_findings(range(1, 9), kinds=("strength",)))
    assert len(issues) == 8 and not any(i.is_warning for i in issues)
    # a report with no findings at all: its reader missed them (compilations,
    # which print none, are not checked here: normalize/compilation.py)
    assert [(i.area, i.is_warning) for i in check_findings([])] == [(no, True) for no in range(1, 9)]
    # findings in only two areas: the report does not list them per area
    assert not any(i.is_warning for i in check_findings(_findings([1, 2])))


def test_findings_read_for_an_area_the_instrument_lacks_flag_every_area():
    # lists paired or counted wrong (a layout whose order the reader did not
    # follow) spill past area 8: every area's lists may be another's
    from normalize.validate import check_findings
    issues = [i for i in check_findings(_findings(range(1, 11))) if i.code == "findings_areas"]
    assert [i.area for i in issues] == list(range(1, 11)) and all(i.is_warning for i in issues)
    assert "area(s) 9, 10" in issues[0].text
    assert not [i for i in check_findings(_findings(range(1, 9))) if i.code == "findings_areas"]


def test_a_report_without_any_findings_is_a_warning_in_every_area():
    # every evaluation lists strengths and improvements per area: none read
    # anywhere is a reader's miss, never silently `ok`
    areas, _ = fill_area_totals(report())
    missing = [i for i in validate(report(), areas) if i.code == "no_findings"]
    assert [i.area for i in missing] == list(range(1, 9)) and all(i.is_warning for i in missing)


@pytest.mark.parametrize("year, revision, flagged", [
    (2005, "2010", True), (2009, "2010", False), (2014, "2010", False), (2023, "2010", False),
    (2015, "2020", True), (2018, "2020", False), (2021, "2020", False), (2009, "2016", True),
    (2003, "2002", False), (None, "2016", False),
])
def test_a_year_before_the_instrument_existed_is_a_warning(year, revision, flagged):
    # an OCR misread ("2004" for "2014") or a title's other date: the year and
    # the questions printed cannot both be right
    from normalize.revision import year_issues
    got = year_issues(year, revision)
    assert bool(got) is flagged and all(i.is_warning and "year" in i.text for i in got)


def test_a_report_dated_before_its_revision_is_a_warning_end_to_end(tmp_path):
    need_corpus()
    from extract import read_document
    from normalize.assemble import assemble
    from parsers.registry import parse
    text = (CORPUS / "text" / "004_af26385dc4824b40.txt").read_text(encoding="utf-8")
    p = tmp_path / "x.txt"
    p.write_text(text.replace("2017", "2007"), encoding="utf-8")
    rows = assemble(parse(read_document(p)), "0" * 64)
    assert rows.report.year == 2007 and rows.report.revision == "2016" and rows.report.status == "warning"
    assert any(i.startswith("warning: year: 2007") for i in rows.report.issues)
