#!/usr/bin/env python3
"""Benchmark: the whole pipeline on the shared PDFs vs PyMuPDF's own text
extraction of the same pages, in pages per second and as ratios.

    .venv/bin/python bench/bench_pdf.py [--sizes 250 840] [--repeat 3]

Printed per size: the whole pipeline's wall time against a process doing one
PyMuPDF get_text() per page (the ratio issue 12 aims to bring to 1.0 or
below), the pipeline's CPU use (100 % = one core busy for the whole run, 200 %
= both), and the reader alone (extract.pdf.read_pdf in one process) in pages/s
and as a multiple of get_text() per page. Seconds per scanned page against
plain Tesseract: bench/bench_ocr.py.

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

# The reader alone (extract.pdf.read_pdf) in one process: its cost per page
# against one get_text() per page, without start-up, workers or writing.
READER = """
import sys, time, pymupdf
from extract.pdf import read_pdf
t = time.perf_counter()
for f in sys.argv[1:]:
    for page in pymupdf.open(f):
        page.get_text()
t1 = time.perf_counter()
for f in sys.argv[1:]:
    read_pdf(f)
t2 = time.perf_counter()
print(t1 - t, t2 - t1)
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


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and all its children)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd[:3])} ...\n{p.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
            base_t, pipe_t, cpu_t, reader = [], [], [], []
            for r in range(a.repeat):
                base_t.append(timed([py, "-c", BASELINE, *files])[0])
                wall, cpu = timed([py, str(ROOT / "pipeline.py"), "--input", str(inp), "--output",
                                   str(tmp / f"out{size}-{r}"), "--quiet", "--force"])
                pipe_t.append(wall)
                cpu_t.append(cpu / wall)
                out = subprocess.run([py, "-c", READER, *files], capture_output=True, text=True, cwd=ROOT).stdout
                g, rd = map(float, out.split())
                reader.append((g, rd))
            b, p = statistics.median(base_t), statistics.median(pipe_t)
            g, rd = statistics.median(x[0] for x in reader), statistics.median(x[1] for x in reader)
            medians.append((pages, b, p))
            print(f"{pages} pages in {len(files)} PDFs: PyMuPDF get_text {b:.2f} s ({pages / b:.0f} pages/s), "
                  f"pipeline {p:.2f} s ({pages / p:.0f} pages/s), ratio {p / b:.2f}; "
                  f"CPU {100 * statistics.median(cpu_t):.0f} % of one core; "
                  f"reader alone {pages / rd:.0f} pages/s = {rd / g:.2f}x get_text per page (medians of {a.repeat})")
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
