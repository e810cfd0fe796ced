#!/usr/bin/env python3
"""Benchmark: seconds per scanned page, the whole pipeline against plain
Tesseract on the same page images.

    .venv/bin/python bench/bench_ocr.py [--sources 000 002 004] [--level office200] [--repeat 3]

Scans are made with variants/scans.py (default: the three shared PDFs at the
acceptance level office200, ~84 pages). Each page's own JPEG is written out,
and plain `tesseract page.jpg - -l swe` reads them one after the other on one
core (OMP_THREAD_LIMIT=1), as a user would run it. The pipeline runs as a
fresh process on the scanned PDFs (`--force`, both cores: two files at once,
and two pages at once inside a file), so its interpreter start-up, the
parsing, the checks, the tables and the QA page are all counted. Both sides
alternate --repeat times; medians of wall time and of CPU time (user + system
of the child processes) are printed. The machine may be shared: CPU seconds
are the steadier figure, wall seconds what a user waits.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmds: list[list[str]], env=None) -> tuple[float, float]:
    """Run the commands one after another: (wall seconds, CPU seconds)."""
    c0, t0 = child_cpu(), time.perf_counter()
    for cmd in cmds:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if p.returncode not in (0, 1):
            sys.exit(f"failed: {' '.join(cmd[:4])} ...\n{p.stderr[-2000:]}")
    return time.perf_counter() - t0, child_cpu() - c0


def page_images(pdfs: list[Path], dst: Path) -> list[Path]:
    """Each scanned page's own image (the JPEG stream the PDF carries)."""
    import pymupdf
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for f in pdfs:
        with pymupdf.open(f) as d:
            for i, page in enumerate(d):
                xref = page.get_images()[0][0]
                img = d.extract_image(xref)
                p = dst / f"{f.stem}-p{i + 1:03d}.{img['ext']}"
                p.write_bytes(img["image"])
                out.append(p)
    return out


def main() -> int:
    from variants.scans import make_scans

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", nargs="+", default=["000", "002", "004"])
    ap.add_argument("--level", default="office200")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not shutil.which("tesseract"):
        print("bench_ocr.py: the tesseract command is not installed (apt-get install tesseract-ocr)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="kk_bench_ocr_"))
    try:
        scans = tmp / "in"
        pdfs = [v.path for src in a.sources for v in make_scans(src, scans, levels=[a.level])]
        for v in scans.glob("*.truth.json"):
            v.unlink()
        images = page_images(pdfs, tmp / "pages")
        n = len(images)
        env1 = dict(os.environ, OMP_THREAD_LIMIT="1")
        plain_cmds = [["tesseract", str(p), "-", "-l", "swe"] for p in images]
        runs = {"tesseract": [], "pipeline": []}
        for r in range(a.repeat):
            runs["tesseract"].append(timed(plain_cmds, env1))
            out = tmp / f"out{r}"
            runs["pipeline"].append(timed([[PY, str(ROOT / "pipeline.py"), "--input", str(scans), "--output", str(out),
                                            "--force", "--quiet"]], env1))
            print(f"run {r + 1}: tesseract {runs['tesseract'][-1][0]:.1f} s, pipeline {runs['pipeline'][-1][0]:.1f} s "
                  f"wall", file=sys.stderr)
        med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
        t, p = med["tesseract"], med["pipeline"]
        print(f"{n} scanned pages ({', '.join(a.sources)} at {a.level}), median of {a.repeat}, on {os.cpu_count()} cores\n")
        print("| | wall s/page | CPU s/page |")
        print("|---|---|---|")
        print(f"| plain `tesseract -l swe`, one core | {t[0] / n:.2f} | {t[1] / n:.2f} |")
        print(f"| pipeline (both cores) | {p[0] / n:.2f} | {p[1] / n:.2f} |")
        print(f"| pipeline / tesseract | **{p[0] / t[0]:.2f}** | {p[1] / t[1]:.2f} |")
    finally:
        if a.keep:
            print(f"kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
