"""Ingest with confidence: cached reruns, byte-identical output, atomic
writes under SIGKILL, removed inputs, --log-json, exit statuses."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import CORPUS, ROOT, need_corpus, run_pipeline

TABLES = ("sources", "reports", "subquestion_scores", "findings")


def digest(out: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.parquet"))}


def counts(out: Path) -> dict:
    return {t: len(pd.read_parquet(out / f"{t}.parquet")) for t in TABLES}


@pytest.fixture()
def text_input(tmp_path):
    need_corpus()
    src = tmp_path / "in"
    shutil.copytree(CORPUS / "text", src)
    return src


def test_rerun_parses_nothing_and_writes_identical_tables(text_input, tmp_path):
    out = tmp_path / "out"
    log1, log2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    p1 = run_pipeline([text_input], out, "--log-json", str(log1))
    d1 = digest(out)
    p2 = run_pipeline([text_input], out, "--log-json", str(log2))
    assert p1.returncode == p2.returncode == 0
    assert d1 and digest(out) == d1
    assert "unchanged" in p2.stdout
    recs = [json.loads(x) for x in log1.read_text().splitlines()]
    assert {r["path"] for r in recs} == {p.name for p in text_input.iterdir()}
    assert {"path", "status", "message", "seconds"} <= set(recs[0])
    # --force re-parses everything and still writes the same bytes.
    p3 = run_pipeline([text_input], out, "--force")
    assert p3.returncode == 0 and digest(out) == d1


def test_changed_and_removed_inputs(text_input, tmp_path):
    out = tmp_path / "out"
    run_pipeline([text_input], out)
    rep = pd.read_parquet(out / "reports.parquet")
    assert (rep.source_kind == "report").sum() == 3  # and the compilation's (003) evaluations
    next(text_input.glob("004_*")).unlink()
    p = run_pipeline([text_input], out)
    assert p.returncode == 0
    rep = pd.read_parquet(out / "reports.parquet")
    assert sorted(rep[rep.source_kind == "report"].report_id) == ["0834-2021", "1444-2014"]
    assert "(parsed 0, from cache 4)" in p.stdout  # the other files were not parsed again


def test_sigkill_mid_run_leaves_previous_corpus_whole(tmp_path):
    need_corpus()
    small, big = tmp_path / "small", tmp_path / "big"
    small.mkdir()
    big.mkdir()
    shutil.copy(CORPUS / "text" / "004_af26385dc4824b40.txt", small)
    for i in range(25):  # distinct bytes, so nothing is cached
        for f in sorted((CORPUS / "text").glob("*.txt")):
            (big / f"{f.stem}-{i:02d}.txt").write_bytes(f.read_bytes() + f"\n\n{i}\n".encode())
    full = tmp_path / "full"
    run_pipeline([big], full)
    want_new = counts(full)
    out = tmp_path / "out"
    assert run_pipeline([small], out).returncode == 0
    before = counts(out)
    assert before != want_new
    for delay in (0.3, 0.8, 1.5, 2.5):
        proc = subprocess.Popen([sys.executable, str(ROOT / "pipeline.py"), "--input", str(big), "--output",
                                 str(out), "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        now = counts(out)
        assert now in (before, want_new), (delay, now)


def test_usage_errors_exit_2(tmp_path):
    p = run_pipeline([tmp_path / "does-not-exist"], tmp_path / "out")
    assert p.returncode == 2 and "no such input" in p.stderr
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "--bogus"], capture_output=True, text=True)
    assert p.returncode == 2


def test_corpus_folder_inside_the_input_is_not_read_as_input(tmp_path):
    need_corpus()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(CORPUS / "text" / "004_af26385dc4824b40.txt", data)
    out = data / "parquet"
    assert run_pipeline([data], out).returncode == 0
    p = run_pipeline([data], out, "--force")
    assert p.returncode == 0
    src = pd.read_parquet(out / "sources.parquet")
    assert list(src.source_path) == ["004_af26385dc4824b40.txt"]
