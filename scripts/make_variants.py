#!/usr/bin/env python3
"""Write test variants of the known reports, each with its truth file.

    .venv/bin/python scripts/make_variants.py --family scans --out /tmp/v --levels office200
    .venv/bin/python scripts/make_variants.py --family all --out /tmp/v [--sources 000 sample] [--seed 0]

--levels names the variants to make within the family: scan levels
(variants.scans.LEVELS), layout presets (variants.layouts.PRESETS), export
presets (variants.exports: glyph and markdown presets, "pdftotext" or
"pdftotext-<mode>"), transcript presets (variants.transcripts.PRESETS).
Default: every one. --sources default: every source the family can use
(000, 002, 004 from ../shared, and the invented sample).

Each variant is written as <source>_<family>-<name>.<ext> with
<same stem>.truth.json beside it; DIR/manifest.json lists them all. Write
into a temporary folder: generated files hold the shared reports' text and
must not be committed.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCE_KIND = {"scans": "pdf", "layouts": "text", "exports": "text", "transcripts": "pdf", "routes": "pdf"}


def family_params(family: str, levels, seed: int) -> dict:
    if family == "scans":
        from variants.scans import DEFAULT_LEVELS
        return {"levels": list(levels or DEFAULT_LEVELS), "seed": seed}
    if family == "layouts":
        return {"presets": list(levels) if levels else None}
    if family == "exports":
        return {"presets": list(levels) if levels else None, "seed": seed}
    if family == "routes":
        from variants.routes import PRESETS as ROUTES
        return {"presets": list(levels or ROUTES)}
    from variants.transcripts import PRESETS
    return {"presets": list(levels or PRESETS)}


def generate(family: str, out: Path, sources=None, levels=None, seed: int = 0, quiet=False):
    """Make the variants of one family; returns them."""
    from variants import available_sources, make
    from variants.common import SourceMissing

    srcs = list(sources or available_sources(SOURCE_KIND[family]))
    made = []
    for s in srcs:
        params = family_params(family, levels, seed)
        if family != "scans" and levels:
            params = _only_known(family, params)
            if params is None:
                continue
        t0 = time.perf_counter()
        try:
            vs = make(family, s, out / family, **params)
        except SourceMissing as e:
            print(f"skip {family} {s}: {e}", file=sys.stderr)
            continue
        made += vs
        if not quiet:
            for v in vs:
                print(f"{family:11} {v.name:36} {v.path}")
            print(f"{family:11} {s}: {len(vs)} variants in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return made


def _only_known(family, params):
    """--levels may mix names of several families (with --family all): keep this family's."""
    import variants.exports as ex
    import variants.layouts as la
    import variants.routes as ro
    import variants.transcripts as tr
    known = {"layouts": set(la.PRESETS), "transcripts": set(tr.PRESETS), "routes": set(ro.PRESETS),
             "exports": ex.PRESET_NAMES}[family]
    names = [n for n in params["presets"] if n in known]
    if not names:
        return None
    return dict(params, presets=names)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", required=True, choices=("scans", "layouts", "exports", "transcripts", "routes", "all"))
    ap.add_argument("--out", required=True, type=Path, help="folder to write into (not inside the repository)")
    ap.add_argument("--sources", nargs="+", help="000 002 004 sample, or file paths (default: all)")
    ap.add_argument("--levels", nargs="+", help="variant names within the family (default: all)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    fams = ("scans", "layouts", "exports", "transcripts", "routes") if a.family == "all" else (a.family,)
    out = a.out.resolve()
    if out == ROOT or ROOT in out.parents:
        print(f"make_variants.py: --out {out} is inside the repository; generated files must not be committed",
              file=sys.stderr)
        return 2
    made = []
    for fam in fams:
        if fam == "scans" and a.levels and a.family == "all":
            from variants.scans import LEVELS
            levels = [x for x in a.levels if x in LEVELS] or None
            if levels is None:
                continue
        else:
            levels = a.levels
        made += generate(fam, out, a.sources, levels, a.seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps([v.to_json() for v in made], ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    print(f"{len(made)} variants written under {out} (manifest.json lists them)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
