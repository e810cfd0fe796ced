"""Acceptance: the pipeline on each answer-keyed input of ../shared/corpus
yields exactly its answer key (scores, areas, totals, metadata, findings in
order, pages for PDFs), and the whole text folder gives the expected corpus."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import CORPUS, expected, need_corpus, run_pipeline

EVALUATIONS = ["000_363669046f7561fc", "001_4408f12238f23cc1", "002_8eb5ca326e9c8db1", "004_af26385dc4824b40"]
INPUTS = [(b, f"text/{b}.txt") for b in EVALUATIONS] + [
    (b, f"pdf/{b}.{ext}") for b in ("000_363669046f7561fc", "002_8eb5ca326e9c8db1", "004_af26385dc4824b40")
    for ext in ("pdf", "docx")]


def _norm(s):
    return " ".join(str(s).replace("\u00ad", "").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each input alone in its own folder, one pipeline run each (cached per module)."""
    need_corpus()
    cache = {}

    def get(rel):
        if rel not in cache:
            tmp = tmp_path_factory.mktemp("one")
            src = tmp / "in"
            src.mkdir()
            shutil.copy(CORPUS / rel, src)
            p = run_pipeline([src], tmp / "out")
            tables = {t: pd.read_parquet(tmp / "out" / f"{t}.parquet") for t in
                      ("sources", "reports", "area_scores", "subquestion_scores", "findings")}
            cache[rel] = (p, tables)
        return cache[rel]
    return get


@pytest.mark.parametrize("base,rel", INPUTS, ids=[r for _, r in INPUTS])
def test_scores_and_metadata(runs, base, rel):
    exp = expected(base)
    p, t = runs(rel)
    assert p.returncode == 0, p.stderr
    rep = t["reports"]
    assert len(rep) == 1
    r = rep.iloc[0]
    ev = exp["evaluation"]
    assert (r.municipality, r.municipality_code, int(r.year), r.revision) == (
        ev["municipality"], ev["municipality_code"], ev["year"], ev["revision"])
    assert (None if pd.isna(r.month) else int(r.month)) == ev["month"]
    assert list(r.evaluators) == ev["evaluators"]
    got = {q.question_no: q for q in t["subquestion_scores"].itertuples()}
    assert set(got) == {q["question_no"] for q in exp["subquestions"]}
    for q in exp["subquestions"]:
        g = got[q["question_no"]]
        assert (g.score, g.max) == (q["score"], q["max"]), q["question_no"]
        assert _norm(g.label) == _norm(q["label"])
        if q["percent"] is not None:
            assert g.percent == q["percent"]
        assert g.match_score >= 90, (q["question_no"], g.label)
    areas = {a.area_no: a for a in t["area_scores"].itertuples()}
    for a in exp["areas"]:
        assert areas[a["area_no"]].score == a["score"]
        assert _norm(areas[a["area_no"]].area_name) == _norm(a["name"])
    assert r.total_score == exp["total"]["score"]


@pytest.mark.parametrize("base,rel", INPUTS, ids=[r for _, r in INPUTS])
def test_findings_exact_and_in_order(runs, base, rel):
    exp = expected(base)
    _, t = runs(rel)
    f = t["findings"].sort_values(["area_no", "kind", "position"])
    got = [(int(x.area_no), x.kind, int(x.position), _norm(x.text)) for x in f.itertuples()]
    want = sorted((x["area_no"], x["kind"], x["position"], _norm(x["text"])) for x in exp["findings"])
    assert sorted(got) == want


@pytest.mark.parametrize("base", ["000_363669046f7561fc", "002_8eb5ca326e9c8db1", "004_af26385dc4824b40"])
def test_pdf_rows_carry_the_page_they_are_printed_on(runs, base):
    import pymupdf
    _, t = runs(f"pdf/{base}.pdf")
    pages = [_norm(pg.get_text()) for pg in pymupdf.open(CORPUS / "pdf" / f"{base}.pdf")]
    for q in t["subquestion_scores"].itertuples():
        assert " ".join(_norm(q.label).split()[:3]) in pages[int(q.page) - 1], q.question_no
    for x in t["findings"].itertuples():
        assert " ".join(_norm(x.text).split()[:3]) in pages[int(x.page) - 1], (x.area_no, x.kind, x.position)


def test_whole_text_folder(tmp_path):
    need_corpus()
    p = run_pipeline([CORPUS / "text"], tmp_path / "out")
    assert p.returncode == 0, p.stderr
    src = pd.read_parquet(tmp_path / "out" / "sources.parquet")
    rep = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert len(src) == 5
    assert sorted(rep[rep.source_kind == "report"].report_id) == ["0126-2017", "0834-2021", "1444-2014"]
    # 003, a compilation book, gives area-level reports of its own (tests/test_compilation_corpus.py).
    assert sorted(rep[rep.source_kind == "compilation"].report_id) == ["0180-2009", "0181-2006", "0181-2008"]
    st = dict(zip(src.source_path.map(lambda s: Path(s).name[:3]), src.status))
    assert st["003"] == "warning"
    assert sorted([st["000"], st["001"]]) in (["duplicate", "ok"], ["duplicate", "warning"])
    dup = src[src.status == "duplicate"].iloc[0]
    assert "same evaluation (0834-2021)" in dup.message and "differ" in dup.message
    assert src[src.status != "ok"].message.str.len().min() > 0


def test_bad_inputs_beside_a_good_report(tmp_path):
    need_corpus()
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "text" / "004_af26385dc4824b40.txt", src)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (src / "not_a_report.txt").write_text("Protokoll från kommunstyrelsen.\n\nParagraf 1. Mötet öppnas.\n" * 20)
    (src / "latin1.txt").write_bytes("Översikt av poängfördelning\nÅÄÖ åäö\n".encode("latin-1"))
    (src / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (src / "zero.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (src / "not_a_zip.docx").write_bytes(b"this is not a zip archive")
    (src / "notes.xyz").write_text("unsupported")
    p = run_pipeline([src], tmp_path / "out")
    assert p.returncode == 1  # some inputs failed; the corpus is still written
    s = pd.read_parquet(tmp_path / "out" / "sources.parquet").set_index("source_path")
    assert len(s) == 9
    assert len(pd.read_parquet(tmp_path / "out" / "reports.parquet")) == 1
    for name in s.index:
        if name.startswith("004"):
            continue
        assert s.loc[name, "status"] != "ok"
        assert name in s.loc[name, "message"]
    assert s.loc["notes.xyz", "status"] == "skipped"
    assert s.loc["empty.txt", "status"] == "failed" and "empty" in s.loc["empty.txt", "message"]
    assert s.loc["binary.txt", "status"] == "failed" and "binary" in s.loc["binary.txt", "message"]
    assert s.loc["not_a_report.txt", "status"] == "no_evaluation"
    assert s.loc["not_a_zip.docx", "status"] == "failed"


def test_html_export_reads_like_the_text(tmp_path):
    """An HTML rendering of the Word export (tables as <table>, lines as <p>)."""
    import html as h
    exp = expected("000_363669046f7561fc")
    out = ["<!DOCTYPE html><html><head><title>x</title></head><body>"]
    rows = []
    for line in (CORPUS / "text" / "000_363669046f7561fc.txt").read_text(encoding="utf-8").split("\n") + [""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{c if '<' in c else h.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            out.append(f"<p>{line if '<' in line else h.escape(line)}</p>")
    src = tmp_path / "in"
    src.mkdir()
    (src / "report.html").write_text("\n".join(out) + "</body></html>", encoding="utf-8")
    p = run_pipeline([src], tmp_path / "out")
    assert p.returncode == 0, p.stderr
    q = pd.read_parquet(tmp_path / "out" / "subquestion_scores.parquet")
    f = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert sorted(zip(q.question_no, q.score)) == sorted((x["question_no"], x["score"]) for x in exp["subquestions"])
    assert sorted(zip(f.area_no, f.kind, f.text.map(_norm))) == sorted(
        (x["area_no"], x["kind"], _norm(x["text"])) for x in exp["findings"])
