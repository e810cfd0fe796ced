"""Scores per harmonised concept, so evaluations under different revisions
can stand side by side. A concept's share is points over maximum of the
report's questions that carry it (a split concept sums its parts)."""
from __future__ import annotations

from store.schema import ConceptScoreRow

from . import crosswalk

CAVEATS = {
    "same": "",
    "reworded": "question reworded between revisions; compare with care",
    "split": "split or merged across revisions: shares are over all parts",
    "merged": "split or merged across revisions: shares are over all parts",
    "partial": "questions only partly overlap across revisions: indicative comparison only",
}


def concept_scores(rows) -> list[ConceptScoreRow]:
    """Per harmonised concept, the report's points and maxima over the questions carrying it."""
    by_concept: dict[str, list] = {}
    for q in rows.subquestions:
        if q.concept_id:
            by_concept.setdefault(q.concept_id, []).append(q)
    out = []
    for cid, qs in by_concept.items():
        score = sum(q.score for q in qs)
        mx = sum(q.max for q in qs)
        rels = sorted({r for q in qs for r in crosswalk.relations_of(q.question_id)})
        caveat = "; ".join(dict.fromkeys(CAVEATS[r] for r in rels if CAVEATS.get(r))) or None
        out.append(ConceptScoreRow(report_id=rows.report.report_id, revision=rows.report.revision, concept_id=cid,
                                   question_ids=sorted(q.question_id for q in qs), score=score, max=mx,
                                   share=round(score / mx, 4) if mx else None, relations=rels, caveat=caveat))
    return out
