"""Acceptance of issue 14 on ../shared/corpus/text/003 (a web transcript of
"Fem intressanta kommuner 2009"): Stockholm's 2009 area scores and the 2009
medians are read; of the garbled Södertälje table nothing is written that
the text does not print, and every area it loses is named by a warning."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from conftest import CORPUS, need_corpus, run_pipeline

BOOK = "003_5f91c1b357d096b7.txt"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    need_corpus()
    tmp = tmp_path_factory.mktemp("book")
    (tmp / "in").mkdir()
    shutil.copy(CORPUS / "text" / BOOK, tmp / "in")
    p = run_pipeline([tmp / "in"], tmp / "out")
    assert p.returncode == 0, p.stderr
    return {t: pd.read_parquet(tmp / "out" / f"{t}.parquet")
            for t in ("sources", "reports", "area_scores", "reference_scores", "subquestion_scores")}


def test_stockholm_2009(out):
    rep = out["reports"].set_index("report_id")
    r = rep.loc["0180-2009"]
    assert (r.municipality, r.municipality_code, r.year, r.revision, r.source_kind) == (
        "Stockholm", "0180", 2009, "2002", "compilation")
    assert r.total_score == 602 and r.total_max == 800 and r.primary_source == BOOK
    assert r.status in ("ok", "warning") and any("only area scores exist" in i for i in r.issues)
    a = out["area_scores"]
    got = a[a.report_id == "0180-2009"].sort_values("area_no")
    assert got.area_no.tolist() == list(range(1, 9))
    assert got.score.tolist() == [74, 78.5, 74.5, 82, 80, 62, 59, 92]
    assert (got["max"] == 100).all()
    assert out["subquestion_scores"].empty


def test_the_2009_medians(out):
    ref = out["reference_scores"]
    med = ref[(ref.year == 2009) & (ref.statistic == "median")].sort_values("area_no")
    assert med.area_no.tolist() == list(range(1, 9))
    assert med.value.tolist() == [60.5, 56.2, 65.3, 66.0, 53.5, 56.7, 44.8, 73.4]
    assert set(med.source_path) == {BOOK} and set(med.revision) == {"2002"} and set(med.report_id) == {"0180-2009"}
    assert set(med.population) == {"de kommuner som utvärderats"}


def test_sodertalje_writes_only_printed_numbers_and_names_every_lost_area(out):
    text = (CORPUS / "text" / BOOK).read_text(encoding="utf-8")
    table = text[text.index("Tabell 2 Södertälje"):text.index("Som referens", text.index("Tabell 2 Södertälje"))]
    printed = {float(x.replace(",", ".")) for x in re.findall(r"(?<![\d,])\d+(?:,\d+)?(?![\d,])", table)}
    rep = out["reports"]
    sod = rep[rep.municipality_code == "0181"]
    assert len(sod) >= 1 and (sod.status == "warning").all()
    a = out["area_scores"]
    ref = out["reference_scores"]
    values = set(a[a.report_id.isin(sod.report_id)].score.dropna()) | set(
        ref[ref.report_id.isin(sod.report_id)].value)
    assert values <= printed, values - printed
    for r in sod.itertuples():
        mine = a[a.report_id == r.report_id]
        for no in range(1, 9):
            row = mine[mine.area_no == no]
            if row.empty or row.score.isna().all():
                assert any(i.startswith(f"warning: area {no}:") for i in r.issues), (r.report_id, no)
            elif "year is inferred" in " ".join(r.issues):
                assert any(i.startswith(f"warning: area {no}:") and "inferred" in i for i in r.issues)
        assert pd.isna(r.total_score)  # six of eight areas lost: the total does not pretend


def test_the_sources_row_names_every_evaluation(out):
    s = out["sources"].iloc[0]
    assert s.report_id == "0180-2009" and list(s.report_ids)[0] == "0180-2009"
    assert set(s.report_ids) == set(out["reports"].report_id)
    assert s.status == "warning" and s.message.startswith(f"{BOOK}: compilation of ")
