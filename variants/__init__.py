"""Generators of test variants: known reports re-laid out, re-exported or scanned,
each written with its truth (the answer key of the report it came from).

Test tooling only: the pipeline never imports this package. Every generator is
deterministic (seeded) and writes into a folder it is given; nothing generated
belongs in the repository (the shared reports must not be committed).

    from variants import make
    for v in make("scans", "000", tmp_dir, levels=["office200"]):
        print(v.path, v.truth)

Families (one module each): scans, layouts, exports, transcripts, routes.
"""
from __future__ import annotations

from .common import SHARED, Variant, available_sources, resolve_source, truth_for

FAMILIES = ("scans", "layouts", "exports", "transcripts", "routes")


def make(family: str, source, out_dir, **params) -> list[Variant]:
    """Dispatch to variants.<family>.make_<family>(source, out_dir, **params)."""
    import importlib

    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r} (one of {', '.join(FAMILIES)})")
    mod = importlib.import_module(f"variants.{family}")
    return getattr(mod, f"make_{family}")(source, out_dir, **params)


__all__ = ["FAMILIES", "SHARED", "Variant", "available_sources", "make", "resolve_source", "truth_for"]
