"""From a parsed report to corpus rows: the question catalogue of every
revision, revision detection, municipality codes, repairs, validation,
the crosswalk and concepts, deduplication."""
from __future__ import annotations


def warm_up() -> None:
    """Load the catalogue and municipality tables (and fill their caches)
    before workers fork, so every worker inherits them."""
    from . import catalogue, crosswalk, municipalities
    for q in catalogue.questions():
        catalogue.normalize_text(q.label)
    catalogue.detect_revision([], [])
    municipalities.municipality_names()
    crosswalk.concept_of("")
    crosswalk.load_crosswalk()
