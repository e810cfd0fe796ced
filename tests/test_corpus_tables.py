"""The catalogue tables a researcher uses to compare across revisions, as
written by a real run: questions of all four revisions, crosswalk rows with
relation/concept/rationale, concept scores, unlinked questions with reasons."""
import pandas as pd
import pytest

from conftest import CORPUS, need_corpus, run_pipeline


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    need_corpus()
    out = tmp_path_factory.mktemp("tables") / "out"
    p = run_pipeline([CORPUS / "text"], out)
    assert p.returncode == 0, p.stderr
    return out


def read(out, name):
    return pd.read_parquet(out / f"{name}.parquet")


def test_questions_cover_all_revisions(out):
    q = read(out, "questions")
    assert sorted(q.revision.unique()) == ["2002", "2010", "2016", "2020"]
    assert q.question_id.is_unique
    assert q[q.revision != "2002"].groupby(["revision", "area_no"])["max"].sum().eq(100).all()
    assert q[q.revision == "2002"]["max"].isna().all()  # the 2002 framework prints no maxima


def test_crosswalk_rows_are_complete_and_between_adjacent_revisions(out):
    cw = read(out, "crosswalk")
    ids = set(read(out, "questions").question_id)
    order = ["2002", "2010", "2016", "2020"]
    assert len(cw) > 100
    for r in cw.itertuples():
        assert r.question_id_a in ids and r.question_id_b in ids
        a, b = r.question_id_a.split(":")[0], r.question_id_b.split(":")[0]
        assert order.index(b) == order.index(a) + 1
        assert r.relation in {"same", "reworded", "split", "merged", "partial"}
        assert r.concept_id and r.rationale and r.method == "curated" and 0 <= r.similarity <= 100


def test_every_subquestion_has_a_question_id_and_concepts_compare_across_revisions(out):
    s = read(out, "subquestion_scores")
    assert s.question_id.notna().all() and (s.match_score >= 90).all()
    c = read(out, "concept_scores")
    # The same concept is scored in evaluations of different revisions: side by side.
    by_concept = c.groupby("concept_id").revision.nunique()
    assert (by_concept >= 2).sum() >= 20
    assert ((c.share >= 0) & (c.share <= 1)).all()


def test_unlinked_questions_have_reasons(out):
    u = read(out, "unlinked_questions")
    assert len(u) > 0 and u.reason.str.len().min() > 10
