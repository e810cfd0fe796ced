#!/usr/bin/env python3
"""Score the current pipeline on generated variants with the shared harness.

    .venv/bin/python bench/variants_eval.py --family layouts
    .venv/bin/python bench/variants_eval.py --family scans --levels office200 --sources 000 002 004
    .venv/bin/python bench/variants_eval.py --family all [--out DIR] [--keep] [--direct]

Variants are generated (scripts/make_variants.py's generate) into a temporary
folder (or --out), the pipeline runs on each one alone (two at a time), and
../shared/tools/kk_eval.py scores it against the variant's truth file:
`scores --flagged-ok` (exact / flagged / silently wrong sub-questions, areas,
total, metadata), `findings` exact and, for scans and transcripts,
`findings --fuzzy 90`. One Markdown table per family is printed.

By default the pipeline runs once per variant and kk_eval's own commands score
that one output (its isolated_run is pointed at it), instead of kk_eval running
the pipeline again for each of its three commands; --direct calls the kk_eval.py
command line itself (three pipeline runs per variant: slow for scans).

Columns: sub-questions exact, flagged (wrong but named by a warning), silent
(wrong and not flagged); areas and total exact; meta = metadata problems
(municipality, code, year, revision; a null code in the truth matches a missing
one); findings precision/recall; status = the file's status in sources.parquet;
s/page = the pipeline's wall time for that file (a fresh process, so about 1.5 s
of start-up is included) per page (text exports without page breaks: per file).
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from argparse import Namespace
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KK_EVAL = ROOT.parent / "shared" / "tools" / "kk_eval.py"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
PIPELINE = ROOT     # the checkout whose pipeline.py is measured (--pipeline)
FUZZY_FAMILIES = {"scans", "transcripts", "routes"}
# The findings criterion of issue 11: precision and recall at least this (in
# order), or the report is `warning` and a findings warning names every area
# with wrong items (kk_eval findings --min 0.98 --or-flagged).
MIN_FINDINGS = 0.98


def load_kk_eval():
    spec = importlib.util.spec_from_file_location("kk_eval", KK_EVAL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pages_of(path: Path) -> int | None:
    if path.suffix.lower() == ".pdf":
        import pymupdf
        with pymupdf.open(path) as d:
            return d.page_count
    if path.suffix.lower() not in (".txt", ".md"):
        return None  # a DOCX or a web page has no pages of its own
    text = path.read_text(encoding="utf-8", errors="replace")
    if "\f" in text:
        return text.count("\f") + (0 if text.rstrip().endswith("\f") else 1) - (1 if text.endswith("\f") else 0)
    return None


def run_pipeline(variant, work: Path, env: dict | None = None) -> dict:
    """The pipeline on the variant alone; returns where its output is and how long it took."""
    run_dir = Path(tempfile.mkdtemp(prefix="kkv_run_", dir=work))
    (run_dir / "in").mkdir()
    shutil.copy(variant.path, run_dir / "in" / variant.path.name)
    t0 = time.perf_counter()
    p = subprocess.run([PY, "pipeline.py", "--input", str(run_dir / "in"), "--output", str(run_dir / "out"),
                        "--quiet"], cwd=PIPELINE, capture_output=True, text=True, timeout=7200,
                       env={**os.environ, **(env or {})})
    return {"out": run_dir / "out", "seconds": time.perf_counter() - t0, "exit": p.returncode,
            "stderr": p.stderr[-1500:], "stdout": p.stdout[-1500:]}


def kk_command(kk, cmd: str, variant, out: Path, run: dict, **opts) -> tuple[str, list[str], int]:
    """kk_eval's own command scoring an existing pipeline output. Returns (last line, all lines, exit code)."""
    def isolated_run(_input):
        scratch = Path(tempfile.mkdtemp(prefix="kkv_eval_"))   # kk_eval removes this one, not `out`
        return scratch, out, Namespace(returncode=run["exit"], stdout=run["stdout"], stderr=run["stderr"])
    kk.isolated_run = isolated_run
    ns = Namespace(input=str(variant.path), expected=str(variant.truth), min=1.0, flagged_ok=False,
                   min_exact=0.0, fuzzy=0, or_flagged=False)
    for k, v in opts.items():
        setattr(ns, k, v)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = getattr(kk, f"cmd_{cmd}")(ns)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    return (lines[-1] if lines else ""), lines, rc


def kk_direct(cmd: str, variant, *extra) -> tuple[str, list[str], int]:
    p = subprocess.run([PY, str(KK_EVAL), cmd, "--input", str(variant.path), "--expected", str(variant.truth),
                        *extra], cwd=PIPELINE, capture_output=True, text=True, timeout=7200)
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    return (lines[-1] if lines else ""), lines, p.returncode


def parse_scores(line: str, lines: list[str], truth: dict) -> dict:
    m = re.search(r"subquestions exact (\d+)/(\d+), areas exact (\d+)/(\d+), total (\w+), flagged (\d+), "
                  r"silently wrong (\d+), metadata problems (\d+), status (\S+)", line)
    if not m:
        return {"error": line[-120:] or "no output"}
    meta = int(m.group(8))
    if truth["evaluation"].get("municipality_code") is None and \
            any("municipality_code: got nan, want None" in ln or "municipality_code: got None, want None" in ln
                for ln in lines):
        meta -= 1
    return {"exact": f"{m.group(1)}/{m.group(2)}", "flagged": int(m.group(6)), "silent": int(m.group(7)),
            "areas": f"{m.group(3)}/{m.group(4)}", "total": m.group(5), "meta": meta,
            "all_exact": m.group(1) == m.group(2) and m.group(3) == m.group(4) and m.group(5) == "ok" and meta == 0}


def parse_findings(line: str) -> str:
    m = re.search(r"precision ([\d.]+) recall ([\d.]+) \((\d+)/(\d+).*?(\d+) produced\), order (\w+)", line)
    if not m:
        return "–"
    order = "" if m.group(6) == "ok" else " (order wrong)"
    return f"{float(m.group(1)):.2f}/{float(m.group(2)):.2f}{order}"


def file_status(out: Path) -> tuple[str, str]:
    """(status, message) of the variant's row in sources.parquet."""
    try:
        import pandas as pd
        s = pd.read_parquet(out / "sources.parquet")
        return (str(s.iloc[0]["status"]), str(s.iloc[0]["message"] or "")) if len(s) else ("none", "")
    except Exception:
        return "no corpus", ""


def evaluate(variants, family: str, work: Path, workers: int, direct: bool, fuzzy: float,
             env: dict | None = None) -> list[dict]:
    kk = load_kk_eval()
    rows = []
    use_fuzzy = family in FUZZY_FAMILIES
    if direct:
        def one(v):
            t0 = time.perf_counter()
            sc = kk_direct("scores", v, "--flagged-ok", "--min-exact", "0")
            fe = kk_direct("findings", v)
            ff = kk_direct("findings", v, "--fuzzy", str(fuzzy)) if use_fuzzy else ("", [], 0)
            fo = kk_direct("findings", v, "--min", str(MIN_FINDINGS), "--or-flagged",
                           *(("--fuzzy", str(fuzzy)) if use_fuzzy else ()))
            return v, {"seconds": (time.perf_counter() - t0) / (4 if use_fuzzy else 3), "out": None}, sc, fe, ff, fo
        with ThreadPoolExecutor(max_workers=workers) as ex:
            results = [f.result() for f in as_completed([ex.submit(one, v) for v in variants])]
    else:
        results = []
        with ThreadPoolExecutor(max_workers=workers) as ex:
            futs = {ex.submit(run_pipeline, v, work, env): v for v in variants}
            for f in as_completed(futs):
                v, run = futs[f], f.result()
                with _cwd(ROOT):
                    sc = kk_command(kk, "scores", v, run["out"], run, flagged_ok=True, min_exact=0.0)
                    fe = kk_command(kk, "findings", v, run["out"], run)
                    ff = kk_command(kk, "findings", v, run["out"], run, fuzzy=fuzzy) if use_fuzzy else ("", [], 0)
                    fo = kk_command(kk, "findings", v, run["out"], run, min=MIN_FINDINGS, or_flagged=True,
                                    fuzzy=fuzzy if use_fuzzy else 0)
                results.append((v, run, sc, fe, ff, fo))
    for v, run, sc, fe, ff, fo in results:
        truth = json.loads(Path(v.truth).read_text(encoding="utf-8"))
        pages = v.meta["pages"] if isinstance(v.meta.get("pages"), int) else pages_of(v.path)
        status, message = file_status(run["out"]) if run.get("out") else ("", "")
        row = {"variant": v.name, "source": v.source_id, "file": v.path.name, **parse_scores(sc[0], sc[1], truth),
               "findings": parse_findings(fe[0]), "findings_fuzzy": parse_findings(ff[0]) if use_fuzzy else "",
               "findings_ok": fo[2] == 0,
               "status": status, "message": message, "pages": pages, "seconds": run["seconds"]}
        rows.append(row)
    order = {n: i for i, n in enumerate(dict.fromkeys(v.name for v in variants))}
    rows.sort(key=lambda r: (order.get(r["variant"], 99), r["source"]))
    return rows


@contextlib.contextmanager
def _cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def table(family: str, rows: list[dict], fuzzy: float) -> str:
    fz = family in FUZZY_FAMILIES
    head = ["variant", "src", "subq exact", "flagged", "silent", "areas", "total", "meta",
            "findings P/R exact"] + ([f"findings P/R ≥{fuzzy:g}"] if fz else []) + \
        [f"findings ≥{MIN_FINDINGS:g} or flagged", "status", "pages", "s/page"]
    out = [f"### {family}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if "error" in r:
            cells = [r["variant"], r["source"], r["error"], "", "", "", "", "", r["findings"]] + \
                    ([r["findings_fuzzy"]] if fz else [])
        else:
            cells = [r["variant"], r["source"], r["exact"], str(r["flagged"]), str(r["silent"]), r["areas"],
                     r["total"], str(r["meta"]), r["findings"]] + ([r["findings_fuzzy"]] if fz else [])
        per = f"{r['seconds'] / r['pages']:.2f}" if r["pages"] else f"{r['seconds']:.1f} (file)"
        cells += ["yes" if r.get("findings_ok") else "**NO**", r["status"], str(r["pages"] or "–"), per]
        out.append("| " + " | ".join(cells) + " |")
    odd = [r for r in rows if r["status"] in ("failed", "no_evaluation", "none", "no corpus")]
    if odd:
        out.append("")
        out += [f"- {r['variant']} / {r['source']}: {r['status']}: {' '.join(r['message'].split())[:220]}" for r in odd]
    ok = sum(1 for r in rows if r.get("all_exact") and r["findings"].startswith("1.00/1.00") and "order" not in r["findings"])
    silent = sum(r.get("silent", 0) for r in rows)
    fok = sum(1 for r in rows if r.get("findings_ok"))
    out += ["", f"{family}: {len(rows)} variants, {ok} read exactly (every score and finding), "
                f"{silent} sub-question values silently wrong in all; findings ≥{MIN_FINDINGS:g} or flagged "
                f"in {fok} of {len(rows)}."]
    return "\n".join(out)


def main(argv=None) -> int:
    from scripts.make_variants import generate

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", nargs="+", required=True,
                    choices=("scans", "layouts", "exports", "transcripts", "routes", "all"))
    ap.add_argument("--sources", nargs="+", help="000 002 004 sample (default: all the family can use)")
    ap.add_argument("--levels", nargs="+", help="variant names within the family (default: all)")
    ap.add_argument("--out", type=Path, help="generate here (kept); default: a temporary folder")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (variants and pipeline outputs)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--fuzzy", type=float, default=90.0)
    ap.add_argument("--direct", action="store_true", help="call kk_eval.py's command line (a pipeline run per command)")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--page-timeout", type=float,
                    help="KK_PAGE_TIMEOUT for the pipeline runs (seconds a PDF page may take; the pipeline's default is "
                         "20): raise it on a loaded machine, where OCR can pass the limit")
    ap.add_argument("--pipeline", type=Path,
                    help="measure the pipeline.py of another checkout (e.g. `git archive main | tar -x -C DIR`), "
                         "run with this project's .venv; default: this one")
    a = ap.parse_args(argv)
    global PIPELINE
    if a.pipeline:
        PIPELINE = a.pipeline.resolve()
        if not (PIPELINE / "pipeline.py").exists():
            print(f"variants_eval.py: no pipeline.py in {PIPELINE}", file=sys.stderr)
            return 2
    env = {"KK_PAGE_TIMEOUT": f"{a.page_timeout:g}"} if a.page_timeout else None
    if not KK_EVAL.exists():
        print(f"variants_eval.py: {KK_EVAL} not found (../shared is needed)", file=sys.stderr)
        return 2
    fams = ("scans", "layouts", "exports", "transcripts", "routes") if "all" in a.family else tuple(dict.fromkeys(a.family))
    tmp = Path(tempfile.mkdtemp(prefix="kk_variants_"))
    gen_dir = a.out.resolve() if a.out else tmp / "variants"
    if gen_dir == ROOT or ROOT in gen_dir.parents:
        print(f"variants_eval.py: --out {gen_dir} is inside the repository", file=sys.stderr)
        return 2
    all_rows = {}
    try:
        print(f"pipeline: {PIPELINE} ({'kk_eval.py command line' if a.direct else 'one run per variant, scored by kk_eval'}); "
              f"variants in {gen_dir}", file=sys.stderr)
        for fam in fams:
            levels = a.levels
            if levels and len(fams) > 1:
                from scripts.make_variants import _only_known
                from variants.scans import LEVELS
                if fam == "scans":
                    levels = [x for x in levels if x in LEVELS] or None
                else:
                    kept = _only_known(fam, {"presets": levels})
                    levels = kept["presets"] if kept else None
                if levels is None:
                    continue
            t0 = time.perf_counter()
            vs = generate(fam, gen_dir, a.sources, levels, a.seed, quiet=True)
            print(f"{fam}: {len(vs)} variants generated in {time.perf_counter() - t0:.1f} s; running the pipeline ...",
                  file=sys.stderr)
            t0 = time.perf_counter()
            rows = evaluate(vs, fam, tmp, a.workers, a.direct, a.fuzzy, env)
            print(f"{fam}: scored in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            all_rows[fam] = rows
            print(table(fam, rows, a.fuzzy) + "\n", flush=True)
        if a.json:
            a.json.write_text(json.dumps(all_rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    finally:
        if a.keep or a.out:
            print(f"kept: {tmp}" + (f" and {gen_dir}" if a.out else ""), file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
