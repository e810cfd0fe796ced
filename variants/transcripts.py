"""Web transcripts of a report, as document-sharing sites print a PDF below its
viewer: a few lines of site chrome ("Download ...", "Transkript"), then one
paragraph per page, "<page number> <page text>", the page's line breaks turned
into spaces, its running header and printed page number inside the paragraph,
table columns in pdftotext's reading order (the two findings columns
interleaved block by block), and a hyphen at a line end joined to the next
line ("förvaltnings-" + "och" -> "förvaltningsoch"), as in shared text 003.

Presets: transcript (as above), transcript_rows (lines read straight across the
page by baseline, so the columns interleave line by line; PyMuPDF, no poppler
needed), transcript_plain (no site chrome, hyphens kept: "förvaltnings- och").
The truth is the answer key of the PDF's report.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .common import Variant, resolve_source, variant_stem, write_truth

PRESETS = {
    "transcript": dict(order="pdftotext", chrome=True, join_hyphens=True),
    "transcript_rows": dict(order="rows", chrome=True, join_hyphens=True),
    "transcript_plain": dict(order="pdftotext", chrome=False, join_hyphens=False),
}


def make_transcripts(source, out_dir, presets=tuple(PRESETS), **overrides) -> list[Variant]:
    """source: "000"/"002"/"004"/"sample" or a PDF path."""
    src = resolve_source(source, "pdf")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for name in presets:
        P = dict(PRESETS[name], **overrides)
        if P["order"] == "pdftotext" and shutil.which("pdftotext") is None:
            print(f"variants.transcripts: pdftotext is not installed: {name} made with order=rows instead")
            P["order"] = "rows"
        path = out_dir / (variant_stem(src, "transcript", name) + ".txt")
        pages = page_texts(src, P["order"])
        path.write_text(transcript(pages, title(src), P["chrome"], P["join_hyphens"]), encoding="utf-8")
        truth = write_truth(path, src, "transcripts", name, P)
        out.append(Variant("transcripts", name, path, truth, src.name, P, {"pages": len(pages)}))
    return out


def title(pdf: Path) -> str:
    """What the site shows as the document's name: the PDF's title, else its first line."""
    import pymupdf
    with pymupdf.open(pdf) as d:
        t = (d.metadata or {}).get("title") or ""
        if not t.strip():
            t = next((ln.strip() for ln in d[0].get_text().splitlines() if ln.strip()), pdf.stem)
    return " ".join(t.split())


def page_texts(pdf: Path, order: str) -> list[str]:
    """The text of each page, lines kept, in the given reading order."""
    if order == "pdftotext":
        p = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=120)
        pages = p.stdout.decode("utf-8").split("\f")
        import pymupdf
        with pymupdf.open(pdf) as d:
            n = d.page_count
        return (pages + [""] * n)[:n]
    import pymupdf
    out = []
    with pymupdf.open(pdf) as d:
        for page in d:
            lines = []
            for b in page.get_text("dict")["blocks"]:
                for ln in b.get("lines", ()):
                    t = "".join(s["text"] for s in ln["spans"]).strip()
                    if t:
                        lines.append((round(ln["spans"][0]["origin"][1]), ln["bbox"][0], t))
            lines.sort()
            rows: list[list] = []
            for y, x, t in lines:                       # one row per baseline, read left to right
                if rows and abs(rows[-1][0] - y) <= 2:
                    rows[-1][1].append((x, t))
                else:
                    rows.append([y, [(x, t)]])
            out.append("\n".join(" ".join(t for _, t in sorted(r[1])) for r in rows))
    return out


def flatten(text: str, join_hyphens: bool) -> str:
    if join_hyphens:
        text = re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)", "", text)
    return " ".join(text.split())


def transcript(pages: list[str], name: str, chrome: bool, join_hyphens: bool) -> str:
    out = []
    if chrome:
        out += [name, "", "Storlek: px", "Starta visningen från sidan:", "", f'Download "{name}"', "",
                "Transkript", ""]
    for i, text in enumerate(pages, 1):
        body = flatten(text, join_hyphens)
        out += [f"{i} {body}".rstrip(), ""]
    return "\n".join(out)
