"""Golden files of the block model: `python -m extract.dump` of every shared
input and of the invented sample, so a change to a reader that alters what it
sees shows up block by block (Docling keeps its groundtruth the same way).

The sample's dumps are stored whole (its text is ours). The shared corpus's
text must stay in ../shared, so its golden files keep each dump line's
structure (kind, page, row) and a digest of the text; on a mismatch the test
prints the current line, read from ../shared at test time.

Regenerate after an intended change with
    KK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_blocks.py
then review `git diff tests/golden`. A run with the switch on always fails
(test_regeneration_is_off), so it can never pass in CI by rewriting its own truth.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from extract import read_document
from extract.dump import dump

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("KK_REGEN_GOLDEN", "") not in ("", "0")

SAMPLE = sorted(p for p in (ROOT / "data" / "raw").iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".md"))
SHARED = sorted(p for d in ("text", "pdf") for p in (CORPUS / d).glob("*") if p.is_file()) \
    if (CORPUS / "text").is_dir() else []

# "[p3] paragraph: text" / "    r0 [p2] a | b" / "# header line"
_PREFIX = re.compile(r"^(\s*r\d+ \[p[^\]]*\]|\[p[^\]]*\] [a-z0-9]+:|# note:|#)")


def dump_text(path: Path) -> str:
    buf = io.StringIO()
    dump(read_document(path), out=buf)
    # the first line names the file as given: keep only its name
    first, _, rest = buf.getvalue().partition("\n")
    first = first.replace(str(path), path.name, 1)
    return first + "\n" + rest


def digest_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        m = _PREFIX.match(line)
        prefix = m.group(1) if m else ""
        body = line[len(prefix):]
        out.append(f"{prefix} {hashlib.sha256(body.encode()).hexdigest()[:16]}")
    return out


def _check(name: str, got: str, stored_lines, current_lines):
    path = GOLDEN / name
    if REGEN:
        path.write_text(got, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}; run with KK_REGEN_GOLDEN=1 and review the diff"
    want = path.read_text(encoding="utf-8").splitlines()
    have = stored_lines
    if want == have:
        return
    for i, (w, h) in enumerate(zip(want, have)):
        if w != h:
            raise AssertionError(f"{name}: line {i + 1} differs\n  golden: {w}\n  now:    {current_lines[i]}")
    raise AssertionError(f"{name}: {len(have)} lines now, {len(want)} in the golden file")


@pytest.mark.parametrize("path", SAMPLE, ids=[p.name for p in SAMPLE])
def test_sample_blocks(path):
    got = dump_text(path)
    _check(path.name + ".dump", got, got.splitlines(), got.splitlines())


@pytest.mark.parametrize("path", SHARED, ids=[p.name for p in SHARED])
def test_shared_blocks(path):
    text = dump_text(path)
    digests = digest_lines(text)
    _check(path.name + ".digest", "\n".join(digests) + "\n", digests, text.splitlines())


def test_shared_corpus_is_covered():
    if not SHARED:
        pytest.skip("../shared/corpus is not beside the project")
    missing = [p.name for p in SHARED if not (GOLDEN / (p.name + ".digest")).exists()]
    assert not missing or REGEN, f"shared inputs without a golden file: {missing}"


def test_regeneration_is_off():
    """The switch rewrites the truth it checks against: a run with it on must fail."""
    assert not REGEN, "KK_REGEN_GOLDEN is set: golden files were rewritten; review `git diff tests/golden`, rerun without it"
