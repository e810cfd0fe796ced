"""The closing summary a steward reads: files by status, reports written,
and every warning with its message."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from store.schema import STATUS_ORDER, Status


def _num(x) -> str:
    return "?" if x is None else f"{x:g}"


def summarize(corpus, out: Path, parsed: int, cached: int) -> str:
    src = corpus.tables["sources"]
    by = Counter(s.status for s in src)
    lines = [f"{len(src)} file(s): " + ", ".join(f"{by[k]} {k}" for k in map(str, STATUS_ORDER) if by[k])
             + f"  (parsed {parsed}, from cache {cached})",
             f"{len(corpus.tables['reports'])} report(s) written to {out}: "
             + ", ".join(f"{r.report_id} {r.municipality} {r.year} (rev {r.revision}, "
                         f"{_num(r.total_score)}/{_num(r.total_max)}"
                         f"{', compilation' if r.source_kind == 'compilation' else ''})"
                         for r in corpus.tables["reports"])]
    for s in src:
        if s.status != Status.OK and s.message:
            lines.append(f"  [{s.status}] {s.message}")
    return "\n".join(lines)
