"""The release commands of `kk-corpus` (= `python pipeline.py`):

    kk-corpus export  --format csv|xlsx|dta|parquet --corpus DIR --output OUT [--delimiter ';']
    kk-corpus plot    --compare REPORT_A REPORT_B --corpus DIR --output FILE.svg [--lang en|sv]
    kk-corpus plot    --kompassros REPORT --corpus DIR --output FILE.svg
    kk-corpus compare REPORT_A REPORT_B --corpus DIR [--output FILE.csv]
    kk-corpus compare --revisions 2010 2020 --corpus DIR [--output FILE.csv]

Exit status 0 on success, 2 for a usage error (one line on stderr).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import FORMATS, ExportError, export

_FIGURE_FORMATS = ("svg", "png", "pdf")


class Usage(Exception):
    pass


def _parser(prog: str, doc: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=f"kk-corpus {prog}", description=doc)
    ap.add_argument("--corpus", type=Path, required=True, help="the corpus folder (the pipeline's --output)")
    return ap


def _corpus(path: Path) -> Path:
    if not (path / "reports.parquet").exists():
        raise Usage(f"{path} holds no corpus (no reports.parquet)")
    return path


def _parse(ap: argparse.ArgumentParser, argv) -> argparse.Namespace:
    try:
        return ap.parse_args(argv)
    except SystemExit as e:
        raise SystemExit(2 if e.code else 0) from None


def export_main(argv) -> int:
    ap = _parser("export", "Write the corpus as CSV, Excel, Stata or plain Parquet files, with the codebook.")
    ap.add_argument("--format", choices=FORMATS, required=True)
    ap.add_argument("--output", type=Path, required=True, help="folder to write into")
    ap.add_argument("--delimiter", default=",", help="CSV field delimiter (default ','; ';' suits Swedish Excel)")
    a = _parse(ap, argv)
    files = export(_corpus(a.corpus), a.output, a.format, delimiter=a.delimiter)
    print(f"{len(files)} file(s) written to {a.output}: " + ", ".join(p.name for p in files))
    return 0


def plot_main(argv) -> int:
    ap = _parser("plot", "Draw the concept comparison of two reports, or a report's kompassros.")
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--compare", nargs=2, metavar=("REPORT_A", "REPORT_B"))
    what.add_argument("--kompassros", metavar="REPORT")
    ap.add_argument("--output", type=Path, required=True, help="file to write (.svg, .png or .pdf)")
    ap.add_argument("--lang", choices=("en", "sv"), default="en", help="concept labels (default en)")
    a = _parse(ap, argv)
    fmt = a.output.suffix.lower().lstrip(".")
    if fmt not in _FIGURE_FORMATS:
        raise Usage(f"--output must end in {', '.join('.' + f for f in _FIGURE_FORMATS)} (got {a.output.name})")
    corpus = _corpus(a.corpus)
    from . import plots
    if a.compare:
        from .compare import compare_reports
        data = plots.compare_chart(compare_reports(corpus, *a.compare), lang=a.lang, fmt=fmt)
    else:
        import pyarrow.parquet as pq
        reports = pq.read_table(corpus / "reports.parquet").to_pylist()
        me = next((r for r in reports if r["report_id"] == a.kompassros), None)
        if me is None:
            raise Usage(f"no report {a.kompassros!r} in the corpus")
        areas = pq.read_table(corpus / "area_scores.parquet").to_pylist()
        data = plots.kompassros(me, reports, areas, fmt=fmt)
    plots.save(data, a.output)
    print(f"written: {a.output}")
    return 0


def compare_main(argv) -> int:
    ap = _parser("compare", "Compare two reports (or two revisions) concept by concept, with the caveats.")
    ap.add_argument("reports", nargs="*", metavar="REPORT")
    ap.add_argument("--revisions", nargs=2, metavar=("REVISION_A", "REVISION_B"))
    ap.add_argument("--output", type=Path, help="write CSV (UTF-8 with BOM) here instead of printing")
    a = _parse(ap, argv)
    from .compare import compare_reports, compare_revisions
    if a.revisions and not a.reports:
        df = compare_revisions(_corpus(a.corpus), *a.revisions)
    elif len(a.reports) == 2 and not a.revisions:
        df = compare_reports(_corpus(a.corpus), *a.reports)
    else:
        raise Usage("give two reports, or --revisions A B")
    for c in df.columns:
        if df[c].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            df[c] = df[c].map(lambda v: "; ".join(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
    if a.output:
        a.output.parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(a.output, index=False, encoding="utf-8-sig")
        print(f"written: {a.output} ({len(df)} concepts)")
    else:
        import pandas as pd
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 60):
            print(df.drop(columns=[c for c in df.columns if c.startswith("question_ids")]).to_string(index=False))
    return 0


COMMANDS = {"export": export_main, "plot": plot_main, "compare": compare_main}


def main(command: str, argv) -> int:
    try:
        return COMMANDS[command](argv)
    except SystemExit as e:
        return int(e.code or 0)
    except (Usage, ExportError, KeyError) as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
        print(f"kk-corpus {command}: {msg}", file=sys.stderr)
        return 2
