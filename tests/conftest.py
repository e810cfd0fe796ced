"""Shared fixtures: where ../shared is, and a way to run the pipeline once per input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def need_corpus():
    if not (CORPUS / "expected").is_dir():
        pytest.skip("../shared/corpus is not beside the project (the acceptance corpus lives there)")


def expected(base: str) -> dict:
    need_corpus()
    return json.loads((CORPUS / "expected" / f"{base}.json").read_text())


def run_pipeline(inputs, out: Path, *extra) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "pipeline.py"), "--input", *map(str, inputs), "--output", str(out), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def corpus_dir():
    need_corpus()
    return CORPUS


@pytest.fixture(scope="session")
def release_out(tmp_path_factory):
    """The shared PDF corpus (three reports, each also as DOCX) run once, for
    the release tests (data package, exports, plots, the QA page's links)."""
    need_corpus()
    out = tmp_path_factory.mktemp("release") / "out"
    p = run_pipeline([CORPUS / "pdf"], out)
    assert p.returncode == 0, p.stderr
    return out
