"""Comparing two evaluations, or two revisions, by harmonised concept.

    from release.compare import compare_reports, compare_revisions
    df = compare_reports("data/parquet", "1444-2014", "0834-2021")
    df = compare_revisions("data/parquet", "2010", "2020")

A concept compares between two reports as it compares between their
revisions (the concept_comparability table): `same`, `reworded`, `split`,
`merged`, or only `partial` (indicative, never a time series). Every row
carries that relation and its caveat, so they cannot be dropped by accident.

Areas are another matter: they compare only within revisions whose areas
were not reorganised (AREA_FRAMES).
"""
from __future__ import annotations

from pathlib import Path

from normalize.catalogue import REVISIONS
from normalize.codebook import RANK

# Revisions whose 8 areas are the same areas (renamed at most): area scores
# compare within a frame only. 2010 renamed and regrouped the 2002 areas
# (questions moved between areas 4-7); 2016 kept the 2010 areas (two renamed);
# 2020 reorganised them all.
AREA_FRAMES = {"2002": "2002", "2010": "2010-2016", "2016": "2010-2016", "2020": "2020"}
AREA_CAVEAT = ("Area shares compare only within revisions whose areas were not reorganised "
               "(2010 and 2016; 2020 reorganised them, and 2010 regrouped those of 2002).")


def same_area_frame(revision_a: str | None, revision_b: str | None) -> bool:
    return bool(revision_a) and AREA_FRAMES.get(str(revision_a)) == AREA_FRAMES.get(str(revision_b))


def _read(corpus_dir, table: str, **kw):
    import pandas as pd
    return pd.read_parquet(Path(corpus_dir) / f"{table}.parquet", **kw)


def _ordered(ra: str | None, rb: str | None) -> tuple[str | None, str | None]:
    if ra in REVISIONS and rb in REVISIONS and REVISIONS.index(ra) > REVISIONS.index(rb):
        return rb, ra
    return ra, rb


def _report(reports, report_id: str):
    hit = reports[reports.report_id == report_id]
    if hit.empty:
        known = ", ".join(sorted(reports.report_id))
        raise KeyError(f"no report {report_id!r} in the corpus (it has: {known or 'none'})")
    return hit.iloc[0]


def report_title(row) -> str:
    """'Torsås 2021 (0834-2021, revision 2020)'."""
    name = row.get("municipality") or row["report_id"]
    year = f" {row.get('year')}" if row.get("year") else ""
    return f"{name}{year} ({row['report_id']}, revision {row.get('revision') or '?'})"


def compare_reports(corpus_dir, report_a: str, report_b: str):
    """One row per concept scored in either report: both shares, the
    relation between the two reports' revisions and its caveat. Concepts
    that compare come first (same, reworded, split/merged, then partial);
    a concept scored in one report only has relation null."""
    reports = _read(corpus_dir, "reports")
    a, b = _report(reports, report_a), _report(reports, report_b)
    scores = _read(corpus_dir, "concept_scores")
    cols = ["concept_id", "question_ids", "score", "max", "share"]
    sa = scores[scores.report_id == report_a][cols].add_suffix("_a").rename(columns={"concept_id_a": "concept_id"})
    sb = scores[scores.report_id == report_b][cols].add_suffix("_b").rename(columns={"concept_id_b": "concept_id"})
    df = sa.merge(sb, on="concept_id", how="outer")
    lo, hi = _ordered(a["revision"], b["revision"])
    comp = _read(corpus_dir, "concept_comparability")
    comp = comp[(comp.revision_a == lo) & (comp.revision_b == hi)][["concept_id", "relation", "caveat"]]
    df = df.merge(comp, on="concept_id", how="left")
    labels = _read(corpus_dir, "concepts")[["concept_id", "label_sv", "label_en"]]
    df = df.merge(labels, on="concept_id", how="left")
    one_sided = df.share_a.isna() | df.share_b.isna()
    carried = df.relation.notna()  # both revisions have a question for the concept
    for side, rid, rev in (("a", report_a, a["revision"]), ("b", report_b, b["revision"])):
        missing = df[f"share_{side}"].isna()
        df.loc[missing & carried, "caveat"] = f"not scored in {rid}"
        df.loc[missing & ~carried, "caveat"] = f"no question of revision {rev} carries it"
    df.loc[one_sided, "relation"] = None
    df["difference"] = (df.share_b - df.share_a).round(4)
    df["_rank"] = df.relation.map(RANK).fillna(9)
    df = df.sort_values(["_rank", "concept_id"]).drop(columns="_rank").reset_index(drop=True)
    order = ["concept_id", "label_en", "label_sv", "relation", "share_a", "share_b", "difference", "score_a",
             "max_a", "score_b", "max_b", "question_ids_a", "question_ids_b", "caveat"]
    out = df[order].copy()
    out.attrs.update(report_a=report_a, report_b=report_b, title_a=report_title(a), title_b=report_title(b),
                     revision_a=a["revision"], revision_b=b["revision"])
    return out


def compare_revisions(corpus_dir, revision_a: str, revision_b: str):
    """Every concept that both revisions carry, with how it compares between
    them (the weakest relation on its links) and the caveat."""
    lo, hi = _ordered(str(revision_a), str(revision_b))
    comp = _read(corpus_dir, "concept_comparability")
    comp = comp[(comp.revision_a == lo) & (comp.revision_b == hi)]
    labels = _read(corpus_dir, "concepts")[["concept_id", "label_sv", "label_en"]]
    df = comp.merge(labels, on="concept_id", how="left")
    df["_rank"] = df.relation.map(RANK)
    df = df.sort_values(["_rank", "concept_id"]).drop(columns="_rank").reset_index(drop=True)
    return df[["concept_id", "label_en", "label_sv", "revision_a", "revision_b", "relation", "relations",
               "question_ids_a", "question_ids_b", "caveat"]]


def earlier_reports(reports: list[dict], report: dict) -> tuple[list[dict], list[dict]]:
    """The same municipality's earlier evaluations: (those whose areas compare
    with this report's, those whose areas do not), oldest first."""
    code = report.get("municipality_code")
    if not code:
        return [], []

    def when(r):
        return (r.get("year") or 0, r.get("month") or 0, r["report_id"])
    prior = sorted((r for r in reports if r.get("municipality_code") == code and r["report_id"] != report["report_id"]
                    and when(r) < when(report)), key=when)
    same = [r for r in prior if same_area_frame(r.get("revision"), report.get("revision"))]
    return same, [r for r in prior if r not in same]
