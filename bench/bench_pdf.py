#!/usr/bin/env python3
"""Benchmark: the whole pipeline on the shared PDFs vs PyMuPDF's own text
extraction of the same pages, in pages per second and as a ratio.

    .venv/bin/python bench/bench_pdf.py [--pages 250] [--repeat 3]

The PDFs are copied until at least --pages pages, each copy made distinct (a
trailing PDF comment) so the pipeline's cache cannot skip them. Both sides
run as fresh processes (interpreter start-up included on both), --repeat
times, alternating; the median ratio is what to quote.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdf"

BASELINE = """
import sys, pymupdf
n = 0
for f in sys.argv[1:]:
    for page in pymupdf.open(f):
        page.get_text()
        n += 1
print(n)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pdfs", type=Path, default=PDFS)
    a = ap.parse_args()
    import pymupdf
    src = sorted(a.pdfs.glob("*.pdf"))
    if not src:
        print(f"no PDFs in {a.pdfs}")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="kkbench_"))
    try:
        inp = tmp / "in"
        inp.mkdir()
        pages, i = 0, 0
        while pages < a.pages:
            for f in src:
                t = inp / f"{f.stem}-{i:03d}.pdf"
                t.write_bytes(f.read_bytes() + f"\n% copy {i}\n".encode())
                pages += pymupdf.open(t).page_count
            i += 1
        files = sorted(inp.glob("*.pdf"))
        py = sys.executable
        rows = []
        for r in range(a.repeat):
            t0 = time.perf_counter()
            subprocess.run([py, "-c", BASELINE, *map(str, files)], check=True, capture_output=True)
            base = time.perf_counter() - t0
            out = tmp / f"out{r}"
            t0 = time.perf_counter()
            p = subprocess.run([py, str(ROOT / "pipeline.py"), "--input", str(inp), "--output", str(out),
                                "--quiet", "--force"], capture_output=True, text=True)
            pipe = time.perf_counter() - t0
            if p.returncode not in (0, 1):
                print(p.stderr[-2000:])
                return 1
            rows.append((base, pipe))
            print(f"run {r + 1}: {pages} pages in {len(files)} PDFs | PyMuPDF get_text {base:.2f} s "
                  f"({pages / base:.0f} pages/s) | pipeline {pipe:.2f} s ({pages / pipe:.0f} pages/s) | "
                  f"ratio {pipe / base:.2f}")
        med = statistics.median(p / b for b, p in rows)
        print(f"median ratio pipeline / PyMuPDF-alone: {med:.2f} (target <= 2.0)")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
