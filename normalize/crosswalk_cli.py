"""`python pipeline.py crosswalk --suggest`: for every question without a
curated link, its best candidates in the adjacent revisions, so a reviewer
can extend normalize/data/crosswalk.csv when a new revision appears."""
from __future__ import annotations

import argparse


def main(argv) -> int:
    ap = argparse.ArgumentParser(prog="pipeline.py crosswalk")
    ap.add_argument("--suggest", action="store_true", help="print candidates for unlinked questions")
    ap.add_argument("--limit", type=int, default=3, help="candidates per question")
    args = ap.parse_args(argv)
    from . import crosswalk
    if args.suggest:
        print(crosswalk.format_suggestions(crosswalk.suggest(limit=args.limit)))
    else:
        links = crosswalk.load_crosswalk()
        print(f"{len(links)} curated links; run with --suggest for candidates of unlinked questions")
    return 0
