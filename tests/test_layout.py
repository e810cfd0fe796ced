"""The output layout is safe to glob and to read with every tool a researcher
uses: each table is DIR/<table>.parquet and nothing else under DIR matches
*.parquet; pandas, DuckDB and Polars read every table; a corpus written in
the older layout (snapshots holding <table>.parquet) is moved to this one
without a moment where the tables read as a mix."""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from conftest import CORPUS, need_corpus, run_pipeline
from store import writer
from store.schema import TABLES


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    need_corpus()
    out = tmp_path_factory.mktemp("layout") / "out"
    p = run_pipeline([CORPUS / "text"], out)
    assert p.returncode == 0, p.stderr
    return out


def test_globbing_finds_each_table_once(out):
    want = sorted(f"{t}.parquet" for t in TABLES)
    for found in (glob.glob(str(out / "**" / "*.parquet"), recursive=True, include_hidden=True),
                  [str(p) for p in out.rglob("*.parquet")]):
        assert sorted(Path(p).name for p in found) == want
    assert sorted(p.name for p in out.glob("*.parquet")) == want


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_reads_in_pandas_duckdb_and_polars(out, table):
    n = len(pd.read_parquet(out / f"{table}.parquet"))
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/{table}.parquet')").fetchall()[0][0] == n
    assert pl.read_parquet(out / f"{table}.parquet").height == n


def test_a_recursive_glob_counts_each_report_once(out):
    n = len(pd.read_parquet(out / "reports.parquet"))
    assert n >= 3  # the 3 evaluations (and, from the text folder, a compilation's)
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/**/reports.parquet')").fetchall()[0][0] == n
    assert pl.scan_parquet(str(out / "**" / "reports.parquet")).collect().height == n


def _old_layout(out: Path, n_reports: int) -> None:
    """A corpus as the writer of layout 1 left it."""
    snap = out / writer.SNAPSHOTS / "20200101T000000-1"
    snap.mkdir(parents=True)
    tables = {"reports": _reports(n_reports), "findings": _findings(n_reports)}
    for name, t in tables.items():
        (snap / f"{name}.parquet").write_bytes(writer.encode_table(t))
    (snap / "qa").mkdir()
    (snap / "qa" / "index.html").write_text("old")
    (snap / "manifest.json").write_text(json.dumps({"files": ["reports.parquet", "findings.parquet"]}))
    (out / writer.SNAPSHOTS / "current").symlink_to(snap.name)
    for name in ("reports.parquet", "findings.parquet", "qa"):
        (out / name).symlink_to(Path(writer.SNAPSHOTS) / "current" / name)


def _reports(n):
    return pa.table({"report_id": [f"r{i}" for i in range(n)]})


def _findings(n):
    return pa.table({"report_id": [f"r{i}" for i in range(n) for _ in range(2)]})


def _counts(out: Path) -> tuple[int, int]:
    return len(pd.read_parquet(out / "reports.parquet")), len(pd.read_parquet(out / "findings.parquet"))


def _new(out: Path, n: int) -> None:
    writer.write_snapshot(out, {"reports": _reports(n), "findings": _findings(n)},
                          {"qa/index.html": b"new", "datapackage.json": b"{}"}, {"fingerprint": n})


def test_an_old_layout_is_moved_to_this_one(tmp_path):
    out = tmp_path / "out"
    _old_layout(out, 2)
    assert _counts(out) == (2, 4)
    assert writer.read_manifest(out) and not writer.snapshot_complete(out, writer.read_manifest(out))
    _new(out, 3)
    assert _counts(out) == (3, 6)
    assert sorted(p.name for p in out.rglob("*.parquet")) == ["findings.parquet", "reports.parquet"]
    assert os.readlink(out / "reports.parquet") == ".snapshots/current/reports.parquet.snapshot"
    assert len([p for p in (out / writer.SNAPSHOTS).iterdir() if p.name != "current"]) == 1
    assert (out / "qa" / "index.html").read_bytes() == b"new" and (out / "datapackage.json").is_file()
    assert writer.snapshot_complete(out, writer.read_manifest(out))


def test_a_move_interrupted_after_the_switch_reads_new_and_is_redone(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _old_layout(out, 2)

    def killed(link, target):  # the process dies before it retargets the old entry points
        if link.exists() and link.is_symlink():
            raise KeyboardInterrupt
        return real(link, target)
    real = writer._replace_link
    monkeypatch.setattr(writer, "_replace_link", killed)
    with pytest.raises(KeyboardInterrupt):
        _new(out, 3)
    assert _counts(out) == (3, 6)  # the old entry points already read the new snapshot (aliases)
    assert not writer.snapshot_complete(out, writer.read_manifest(out))  # so the next run writes again
    monkeypatch.setattr(writer, "_replace_link", real)
    _new(out, 3)
    assert writer.snapshot_complete(out, writer.read_manifest(out))
    assert sorted(p.name for p in out.rglob("*.parquet")) == ["findings.parquet", "reports.parquet"]


def test_a_write_killed_before_the_switch_leaves_the_old_corpus(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _new(out, 2)
    real = os.replace

    def killed(src, dst):
        if Path(dst).name == writer.CURRENT:
            raise KeyboardInterrupt
        return real(src, dst)
    monkeypatch.setattr(writer.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        _new(out, 5)
    assert _counts(out) == (2, 4)
    monkeypatch.setattr(writer.os, "replace", real)
    _new(out, 5)
    assert _counts(out) == (5, 10)


def test_a_rerun_restores_the_data_package_and_plots(tmp_path):
    need_corpus()
    out = tmp_path / "out"
    assert run_pipeline([CORPUS / "text"], out).returncode == 0
    package = (out / "datapackage.json").read_bytes()
    plots = sorted(p.name for p in (out / "plots").iterdir())
    assert plots == sorted(f"{r}.svg" for r in pd.read_parquet(out / "reports.parquet").report_id)
    p = run_pipeline([CORPUS / "text"], out)
    assert "unchanged" in p.stdout  # nothing lost: nothing written
    (out / "datapackage.json").unlink()
    (out / "plots").unlink()
    p = run_pipeline([CORPUS / "text"], out)
    assert p.returncode == 0 and "unchanged" not in p.stdout
    assert (out / "datapackage.json").read_bytes() == package
    assert sorted(p.name for p in (out / "plots").iterdir()) == plots
