#!/usr/bin/env python3
"""Benchmark: the whole pipeline on the shared PDFs vs PyMuPDF's own text
extraction of the same pages, in pages per second and as ratios.

    .venv/bin/python bench/bench_pdf.py [--sizes 250 840] [--repeat 3]

For each size the PDFs are copied until at least that many pages, each copy
made distinct (a trailing PDF comment) so the pipeline's cache cannot skip
them. Both sides run as fresh processes (interpreter start-up and imports
included on both), alternating, --repeat times; medians are printed. The
marginal ratio compares the extra time per extra page between the smallest
and the largest size, i.e. the per-page cost with the fixed start-up cost
(imports, the QA page, writing the tables) taken out.
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
for f in sys.argv[1:]:
    for page in pymupdf.open(f):
        page.get_text()
"""


def copies(src: list[Path], dst: Path, min_pages: int) -> int:
    import pymupdf
    dst.mkdir(parents=True)
    pages, i = 0, 0
    while pages < min_pages:
        for f in src:
            t = dst / f"{f.stem}-{i:03d}.pdf"
            t.write_bytes(f.read_bytes() + f"\n% copy {i}\n".encode())
            pages += pymupdf.open(t).page_count
        i += 1
    return pages


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd[:3])} ...\n{p.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 840], help="minimum pages per run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pdfs", type=Path, default=PDFS)
    a = ap.parse_args()
    src = sorted(a.pdfs.glob("*.pdf"))
    if not src:
        print(f"no PDFs in {a.pdfs}")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="kkbench_"))
    py = sys.executable
    medians = []
    try:
        for size in a.sizes:
            inp = tmp / f"in{size}"
            pages = copies(src, inp, size)
            files = [str(f) for f in sorted(inp.glob("*.pdf"))]
            base_t, pipe_t = [], []
            for r in range(a.repeat):
                base_t.append(timed([py, "-c", BASELINE, *files]))
                pipe_t.append(timed([py, str(ROOT / "pipeline.py"), "--input", str(inp), "--output",
                                     str(tmp / f"out{size}-{r}"), "--quiet", "--force"]))
            b, p = statistics.median(base_t), statistics.median(pipe_t)
            medians.append((pages, b, p))
            print(f"{pages} pages in {len(files)} PDFs: PyMuPDF get_text {b:.2f} s ({pages / b:.0f} pages/s), "
                  f"pipeline {p:.2f} s ({pages / p:.0f} pages/s), ratio {p / b:.2f} (medians of {a.repeat})")
        if len(medians) >= 2:
            (n0, b0, p0), (n1, b1, p1) = medians[0], medians[-1]
            print(f"marginal per page ({n0} -> {n1} pages): PyMuPDF {1000 * (b1 - b0) / (n1 - n0):.2f} ms, "
                  f"pipeline {1000 * (p1 - p0) / (n1 - n0):.2f} ms, ratio {(p1 - p0) / (b1 - b0):.2f}; "
                  f"fixed start-up: PyMuPDF {b0 - n0 * (b1 - b0) / (n1 - n0):.2f} s, "
                  f"pipeline {p0 - n0 * (p1 - p0) / (n1 - n0):.2f} s")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
