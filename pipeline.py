#!/usr/bin/env python3
"""Kommunkompassen corpus pipeline: a folder of reports in, Parquet tables out.

    python pipeline.py                                  # data/raw -> data/parquet
    python pipeline.py --input PATH [PATH ...] --output DIR [--force] [--quiet] [--log-json FILE]
    python pipeline.py crosswalk --suggest              # candidates for unreviewed questions
    python pipeline.py export --format csv|xlsx|dta|parquet --corpus DIR --output OUT
    python pipeline.py plot --compare REPORT_A REPORT_B --corpus DIR --output FILE.svg
    python pipeline.py compare REPORT_A REPORT_B --corpus DIR   # by concept, with the caveats
    python pipeline.py --version                        # package and pipeline (code) version

The console script `kk-corpus` (installed by `make run` / `pip install -e .`)
is the same command line.

Steps (each its own folder): extract/ reads a file into blocks, parsers/ reads
the report from the blocks, normalize/ resolves, validates and deduplicates,
store/ writes the tables atomically. Heavy libraries load only when a file
actually has to be parsed, so a rerun over unchanged inputs is near-instant.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

DEFAULT_INPUT = ROOT / "data" / "raw"
DEFAULT_OUTPUT = ROOT / "data" / "parquet"


def versions() -> tuple[str, str]:
    """(package version, pipeline version): the release, and a hash of the
    code and data that decide what a file reads as (store/cache.py). The same
    two are in every corpus's datapackage.json."""
    from store.version import versions as _versions
    return _versions()


def version_line() -> str:
    from store.version import PACKAGE
    pkg, pipe = versions()
    return f"{PACKAGE} {pkg} (pipeline {pipe})"


class _Version(argparse.Action):
    """--version, computed only when asked for: reading the package's metadata
    costs 0.04 s, a third of a rerun over unchanged inputs."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit()


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="pipeline.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--version", action=_Version, nargs=0, help="show the package and pipeline version and exit")
    ap.add_argument("--input", nargs="+", type=Path, default=[DEFAULT_INPUT], help="files or folders (recursive)")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="corpus folder")
    ap.add_argument("--force", action="store_true", help="re-parse every file (ignore the cache)")
    ap.add_argument("--quiet", action="store_true", help="print nothing but each failed file, on stderr")
    ap.add_argument("--log-json", type=Path, help="write one JSON line per file to this file")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="worker processes (default: up to 2)")
    ap.add_argument("--allow-empty", action="store_true",
                    help="let inputs that hold no file empty the corpus (otherwise: exit 2, corpus untouched)")
    ap.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                    help="wait this long for another run writing the same corpus folder (default: exit 2 at once)")
    return ap.parse_args(argv)


def usage_problem(args) -> str | None:
    """Why these arguments cannot make a run, in one line (None if they can)."""
    missing = [str(p) for p in args.input if not p.exists() and not p.is_symlink()]
    if missing:
        return f"no such input: {', '.join(missing)}"
    if args.workers < 1:
        return f"--workers must be at least 1 (got {args.workers})"
    if args.output.exists() and not args.output.is_dir():
        return f"--output {args.output} is a file, not a folder"
    if args.log_json is not None:
        if args.log_json.is_dir():
            return f"--log-json {args.log_json} is a folder; give a file name"
        parent = next((p for p in args.log_json.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            return f"--log-json {args.log_json}: {parent} is a file, not a folder"
    if args.wait < 0:
        return "--wait must not be negative"
    return None


def main(argv=None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        # The corpus is only ever replaced by a complete snapshot: nothing is lost.
        print("\ninterrupted: the corpus was not changed by this run", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop printing, quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv) -> int:
    if argv[:1] == ["crosswalk"]:
        from normalize.crosswalk_cli import main as cw_main
        return cw_main(argv[1:])
    if argv[:1] and argv[0] in ("export", "plot", "compare"):
        from release.cli import main as release_main
        return release_main(argv[0], argv[1:])
    try:
        args = parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    problem = usage_problem(args)
    if problem:
        print(f"pipeline.py: {problem}", file=sys.stderr)
        return 2
    from run.job import UsageError, run
    try:
        return run(args)
    except UsageError as e:
        print(f"pipeline.py: {e}", file=sys.stderr)
        return 2


def _exit(code: int) -> None:
    """End the process once its output is out: the interpreter's own teardown
    frees every loaded module's objects one by one (pyarrow, PyMuPDF, Jinja2),
    70 ms of a two-second run that nothing needs -- the corpus is written and
    renamed into place, the lock released and every worker joined by now."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    _exit(main())
