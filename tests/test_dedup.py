"""The documented rule that picks the primary file of an evaluation."""
from normalize.assemble import ReportRows
from normalize.dedup import Candidate, dedupe
from store.schema import ReportRow, SubquestionScoreRow


def rows(n_subq=37, evaluators=("A B",), rid="0834-2021"):
    report = ReportRow(report_id=rid, municipality="Torsås", municipality_code="0834", year=2021, month=11,
                       revision="2020", evaluators=list(evaluators), total_score=0.0, total_max=800.0,
                       primary_source="x", status="ok", issues=[], source_sha256="0" * 64)
    subs = [SubquestionScoreRow(report_id=rid, revision="2020", area_no=1, question_no=f"1.{i}", label="x",
                                question_id=None, match_score=None, score=1.0, max=5.0, percent=None,
                                concept_id=None, page=None) for i in range(n_subq)]
    return ReportRows(report, [], subs, [])


def test_pdf_beats_docx_beats_text_whatever_the_order():
    c = [Candidate("b.txt", "text", rows()), Candidate("c.docx", "docx", rows()), Candidate("a.pdf", "pdf", rows())]
    prim, dups = dedupe(c)
    assert [p.source_path for p in prim] == ["a.pdf"]
    assert set(dups) == {"b.txt", "c.docx"} and dups["b.txt"][0] == "a.pdf"


def test_later_version_then_fuller_reading_then_path():
    older = Candidate("x.pdf", "pdf", rows(), "2021-11-01T00:00:00")
    later = Candidate("y.pdf", "pdf", rows(n_subq=30), "2021-12-01T00:00:00")
    assert dedupe([older, later])[0][0].source_path == "y.pdf"
    full = Candidate("p.txt", "text", rows())
    partial = Candidate("a.txt", "text", rows(evaluators=()))
    assert dedupe([partial, full])[0][0].source_path == "p.txt"
    assert dedupe([Candidate("b.txt", "text", rows()), Candidate("a.txt", "text", rows())])[0][0].source_path == "a.txt"
