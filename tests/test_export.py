"""kk-corpus export: CSV (UTF-8 with BOM), Excel and Stata files with the
same rows as the Parquet tables, å/ä/ö intact, list columns joined with
"; ", the codebook and the versions beside them; and a plain Parquet copy
that is a valid data package on its own."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from conftest import ROOT
from store.schema import TABLES, fields_of


def run_export(corpus: Path, out: Path, fmt: str, *extra) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "pipeline.py"), "export", "--format", fmt, "--corpus", str(corpus),
           "--output", str(out), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def exported(release_out, tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    for fmt in ("csv", "xlsx", "dta", "parquet"):
        p = run_export(release_out, root / fmt, fmt)
        assert p.returncode == 0, p.stderr
    return root


def parquet(release_out, name):
    return pd.read_parquet(release_out / f"{name}.parquet")


def test_csv_has_the_rows_of_every_table_and_opens_as_utf8_with_bom(release_out, exported):
    for name in TABLES:
        path = exported / "csv" / f"{name}.csv"
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", name  # the BOM Excel needs
        df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert len(df) == len(parquet(release_out, name)), name
        assert list(df.columns) == [f.name for f in fields_of(name)]
    rep = pd.read_csv(exported / "csv" / "reports.csv", encoding="utf-8-sig", dtype=str).set_index("report_id")
    assert rep.loc["0834-2021", "municipality"] == "Torsås" and rep.loc["1444-2014", "municipality"] == "Grästorp"
    assert rep.loc["0126-2017", "evaluators"] == "Lars Strid; Anna Eklöf; Leif Eldås"  # a list, joined
    assert rep.loc["0126-2017", "month"] == "3"  # integers stay integers
    text = (exported / "csv" / "findings.csv").read_text(encoding="utf-8-sig")
    assert "['" not in text and "å" in text and "ö" in text


def test_the_codebook_and_about_travel_with_the_csv(release_out, exported):
    cb = pd.read_csv(exported / "csv" / "codebook.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(cb) == sum(len(fields_of(n)) for n in TABLES)
    assert (cb.description.str.len() > 10).all()
    assert set(cb.table) == set(TABLES)
    row = cb[(cb.table == "subquestion_scores") & (cb.column == "concept_id")].iloc[0]
    assert row.references == "concepts.concept_id"
    concepts = pd.read_csv(exported / "csv" / "concepts.csv", encoding="utf-8-sig")
    assert len(concepts) == len(parquet(release_out, "concepts")) and concepts.label_sv.notna().all()
    about = dict(pd.read_csv(exported / "csv" / "about.csv", encoding="utf-8-sig").values)
    pkg = json.loads((release_out / "datapackage.json").read_text(encoding="utf-8"))
    assert about["corpus_version"] == pkg["version"]
    assert pkg["created_with"]["pipeline_version"] in about["created_with"]


def test_xlsx_reads_back_with_the_same_rows_and_letters(release_out, exported):
    sheets = pd.read_excel(exported / "xlsx" / "kommunkompassen-corpus.xlsx", sheet_name=None, dtype=str)
    assert list(sheets)[:2] == ["about", "codebook"] and set(TABLES) <= set(sheets)
    for name in TABLES:
        assert len(sheets[name]) == len(parquet(release_out, name)), name
    rep = sheets["reports"].set_index("report_id")
    assert rep.loc["0834-2021", "municipality"] == "Torsås"
    assert rep.loc["0126-2017", "evaluators"] == "Lars Strid; Anna Eklöf; Leif Eldås"
    want = set(parquet(release_out, "findings").text)
    assert set(sheets["findings"].text) == want


def test_stata_files_fit_stata_and_read_back(release_out, exported):
    for name in TABLES:
        path = exported / "dta" / f"{name}.dta"
        with pd.io.stata.StataReader(path) as r:
            labels = r.variable_labels()
            data_label = r.data_label
            df = r.read()
        assert len(df) == len(parquet(release_out, name)), name
        assert all(len(c) <= 32 and c.isidentifier() for c in df.columns)
        assert all(0 < len(x) <= 80 for x in labels.values()), name
        assert data_label.startswith("Kommunkompassen corpus") and len(data_label) <= 80
    rep = pd.read_stata(exported / "dta" / "reports.dta").set_index("report_id")
    assert rep.loc["1444-2014", "municipality"] == "Grästorp"
    assert rep.loc["0126-2017", "evaluators"] == "Lars Strid; Anna Eklöf; Leif Eldås"


def test_the_plain_parquet_copy_is_a_valid_package_of_plain_files(release_out, exported):
    plain = exported / "parquet"
    assert not any(p.is_symlink() for p in plain.iterdir())
    assert sorted(p.name for p in plain.glob("*.parquet")) == sorted(f"{n}.parquet" for n in TABLES)
    report = frictionless.validate(str(plain / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_usage_errors_exit_2(release_out, tmp_path):
    p = run_export(release_out, tmp_path / "x", "sav")
    assert p.returncode == 2 and "invalid choice" in p.stderr
    p = run_export(tmp_path / "no-corpus", tmp_path / "x", "csv")
    assert p.returncode == 2 and "holds no corpus" in p.stderr
    p = run_export(release_out, release_out, "csv")
    assert p.returncode == 2 and "corpus folder itself" in p.stderr


def test_a_semicolon_delimiter_for_swedish_excel(release_out, tmp_path):
    assert run_export(release_out, tmp_path / "sv", "csv", "--delimiter", ";").returncode == 0
    df = pd.read_csv(tmp_path / "sv" / "reports.csv", sep=";", encoding="utf-8-sig")
    assert len(df) == 3 and "municipality" in df.columns
    shutil.rmtree(tmp_path / "sv")
