"""The variant generators (variants/) do what they say. Fast: small page
selections, the invented sample where it will do, ../shared only where needed
(skipped when it is not there), pdftotext only where needed (skipped without it).
The pipeline is not run here: bench/variants_eval.py does that."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from variants import make
from variants.common import have_shared, truth_for, resolve_source, sample_truth

needs_shared = pytest.mark.skipif(not have_shared(), reason="../shared/corpus is not beside the project")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _image(doc, page_no):
    import cv2
    xref = doc[page_no].get_images()[0][0]
    return cv2.imdecode(np.frombuffer(doc.extract_image(xref)["image"], np.uint8), cv2.IMREAD_GRAYSCALE)


# --------------------------------------------------------------------------- truth

def test_sample_truth_is_an_answer_key():
    t = sample_truth()
    assert t["evaluation"]["municipality"] == "Påhittö" and t["evaluation"]["revision"] == "2020"
    assert t["total"]["score"] == sum(a["score"] for a in t["areas"]) == 471
    assert len(t["subquestions"]) == 37
    assert {(f["area_no"], f["kind"]) for f in t["findings"]} == {(a, k) for a in range(1, 9)
                                                                 for k in ("strength", "improvement")}


@needs_shared
def test_truth_file_is_the_source_answer_key(tmp_path):
    v = make("exports", "000", tmp_path, kinds=("glyphs",), presets=["glyphs_per_list"])[0]
    got = json.loads(v.truth.read_text(encoding="utf-8"))
    want = truth_for(resolve_source("000", "text"))
    assert v.truth.name == v.path.stem + ".truth.json"
    assert got["source"] == v.path.name and got["variant"]["family"] == "exports"
    assert {k: x for k, x in got.items() if k not in ("source", "variant")} == \
           {k: x for k, x in want.items() if k != "source"}


# --------------------------------------------------------------------------- scans

@pytest.fixture(scope="module")
def office_scan(tmp_path_factory):
    out = tmp_path_factory.mktemp("scans")
    return make("scans", "sample", out, levels=["office200"], pages=[1, 5])[0]


def test_scan_has_no_text_layer_and_carries_jpeg_images(office_scan):
    doc = pymupdf.open(office_scan.path)
    assert doc.page_count == 2
    for page in doc:
        assert page.get_text().strip() == ""
        imgs = page.get_images()
        assert len(imgs) == 1
        assert doc.xref_get_key(imgs[0][0], "Filter")[1] == "/DCTDecode"
        assert doc.extract_image(imgs[0][0])["ext"] == "jpeg"
    assert all(25 <= p["quality"] <= 55 and 0.1 <= abs(p["angle"]) <= 0.5 for p in office_scan.meta["pages"])


def test_scan_page_is_turned_by_the_angle_applied(office_scan):
    from variants.scans import estimate_skew
    import cv2
    doc = pymupdf.open(office_scan.path)
    for i, applied in enumerate(office_scan.meta["pages"]):
        if applied["page"] != 5:
            continue
        img = _image(doc, i)
        small = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        est = estimate_skew(small, max_deg=1.0, step=0.05)
        assert abs(est - applied["angle"]) <= 0.12, (est, applied["angle"])


def test_scan_is_deterministic(tmp_path):
    a = make("scans", "sample", tmp_path / "a", levels=["rough150"], pages=[2])[0]
    b = make("scans", "sample", tmp_path / "b", levels=["rough150"], pages=[2])[0]
    assert a.path.read_bytes() == b.path.read_bytes()
    c = make("scans", "sample", tmp_path / "c", levels=["rough150"], pages=[2], seed=1)[0]
    assert c.path.read_bytes() != a.path.read_bytes()


def test_upside_down_and_landscape_pages(tmp_path):
    import cv2
    src = pymupdf.open(resolve_source("sample", "pdf"))
    up = make("scans", "sample", tmp_path, levels=["upside_down_page"], pages=[2, 3], turn_page=3, dpi=100)[0]
    land = make("scans", "sample", tmp_path, levels=["landscape_page"], pages=[3], turn_page=3, dpi=100)[0]
    assert [p["quarter_turns"] for p in up.meta["pages"]] == [0, 2]
    doc = pymupdf.open(up.path)
    scan = _image(doc, 1).astype(np.float32)
    pix = src[2].get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
    clean = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).astype(np.float32)
    clean = cv2.resize(clean, (scan.shape[1], scan.shape[0]))
    assert np.abs(scan - np.rot90(clean, 2)).mean() < np.abs(scan - clean).mean()
    ld = pymupdf.open(land.path)
    assert land.meta["pages"][0]["quarter_turns"] in (1, 3)
    assert ld[0].rect.width > ld[0].rect.height
    img = _image(ld, 0)
    assert img.shape[1] > img.shape[0]


# --------------------------------------------------------------------------- layouts

@pytest.fixture(scope="module")
def sample_layouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    vs = make("layouts", "sample", out, presets=["ruled", "unruled", "pitch12.4_gap14.4", "bullet_f0b7"])
    return {v.name: v for v in vs}


def _drawings_in_findings(v):
    doc = pymupdf.open(v.path)
    n = 0
    for page_no, boxes in v.meta["findings_boxes"].items():
        drawings = doc[int(page_no) - 1].get_drawings()
        for box in boxes:
            n += sum(1 for d in drawings if d["rect"].intersects(pymupdf.Rect(box)))
    return n


def test_unruled_layout_has_no_drawings_in_findings_tables(sample_layouts):
    assert sample_layouts["unruled"].meta["findings_boxes"]
    assert _drawings_in_findings(sample_layouts["unruled"]) == 0
    assert _drawings_in_findings(sample_layouts["pitch12.4_gap14.4"]) == 0
    assert _drawings_in_findings(sample_layouts["ruled"]) > 0


def test_every_finding_text_is_in_the_layout_pdf(sample_layouts):
    truth = sample_truth()
    for v in sample_layouts.values():
        doc = pymupdf.open(v.path)
        body = _squash("".join(p.get_text() for p in doc))
        assert [f["text"] for f in truth["findings"] if _squash(f["text"]) not in body] == [], v.name


def test_pitch_inside_items_and_between_items(sample_layouts):
    """12.4 pt between the baselines of an item's lines, 14.4 pt from one item to the next."""
    v = sample_layouts["pitch12.4_gap14.4"]
    doc = pymupdf.open(v.path)
    steps = []
    for page_no, boxes in v.meta["findings_boxes"].items():
        for box in boxes:
            r = pymupdf.Rect(box)
            left = pymupdf.Rect(r.x0, r.y0, (r.x0 + r.x1) / 2 - 6, r.y1)
            # (only lines that start in the left column: the right one has its own baselines)
            ys = sorted({round(ln["spans"][0]["origin"][1], 2)
                         for b in doc[int(page_no) - 1].get_text("dict", clip=left)["blocks"]
                         for ln in b.get("lines", ()) if ln["bbox"][0] < left.x1 - 20})
            if ys and "Styrkor" in doc[int(page_no) - 1].get_text(clip=pymupdf.Rect(r.x0, r.y0, r.x1, ys[0] + 2)):
                ys = ys[1:]                                     # the header row
            steps += [round(b - a, 1) for a, b in zip(ys, ys[1:])]
    assert steps and set(steps) <= {12.4, 14.4}, steps
    assert 12.4 in steps and 14.4 in steps


def test_f0b7_bullet_extracts_as_f0b7_at_line_starts(sample_layouts):
    text = "".join(p.get_text() for p in pymupdf.open(sample_layouts["bullet_f0b7"].path))
    starts = [ln for ln in text.splitlines() if ln.startswith("\uf0b7 ")]
    assert len(starts) >= len(sample_truth()["findings"])


@needs_shared
def test_shared_layout_keeps_every_finding(tmp_path):
    for sid in ("002", "004"):
        v = make("layouts", sid, tmp_path, presets=["unequal"])[0]      # raises LayoutError if a text is lost
        assert _drawings_in_findings(v) == 0


# --------------------------------------------------------------------------- exports

def test_glyph_export_puts_glyphs_at_line_starts(tmp_path):
    from variants.exports import GLYPHS
    v = make("exports", "sample", tmp_path, kinds=("glyphs",), presets=["glyphs_per_item"])[0]
    lines = v.path.read_text(encoding="utf-8").split("\n")
    marker = re.compile(r"^(\d+[.)]|" + "|".join(re.escape(g) for g in GLYPHS if g[0] != "1") + r")[\t ](.+)$")
    found, seen = {}, set()
    for ln in lines:
        m = marker.match(ln)
        if m:
            found[m.group(2)] = m.group(1)
            seen.add(re.sub(r"\d+", "1", m.group(1)))
    for f in sample_truth()["findings"]:
        assert f["text"] in found, f["text"]
    assert len(seen) >= 5                       # mixed within the one document
    again = make("exports", "sample", tmp_path / "again", kinds=("glyphs",), presets=["glyphs_per_item"])[0]
    assert again.path.read_text(encoding="utf-8") == v.path.read_text(encoding="utf-8")


def test_markdown_exports_keep_the_findings(tmp_path):
    from variants.exports import GRID_PRESETS
    vs = make("exports", "sample", tmp_path, kinds=("markdown",))
    assert {v.name for v in vs} >= set(GRID_PRESETS)
    vs = [v for v in vs if v.name not in GRID_PRESETS]  # (their findings stand in table columns)
    truth = sample_truth()
    for v in vs:
        text = v.path.read_text(encoding="utf-8")
        flat = " ".join(text.split())
        assert all(" ".join(f["text"].split()) in flat for f in truth["findings"]), v.name
        assert "### STYRKOR" in text
    soft = {v.name: v for v in vs}["md_softwrap"].path.read_text(encoding="utf-8")
    assert re.search(r"^- .+\n  \S", soft, re.M)         # a wrapped item, its next line indented
    hard = {v.name: v for v in vs}["md_hardwrap"].path.read_text(encoding="utf-8")
    assert re.search(r"^- .+  \n +\S", hard, re.M)      # a hard break: two spaces at the line end


@needs_pdftotext
def test_pdftotext_exports(tmp_path):
    vs = make("exports", "sample", tmp_path, kinds=("pdftotext",), layouts=())
    assert sorted(v.name for v in vs) == ["pdftotext-default-of-pdf", "pdftotext-layout-of-pdf", "pdftotext-raw-of-pdf"]
    for v in vs:
        text = v.path.read_text(encoding="utf-8")
        assert "Styrkor" in text and "\f" in text


# --------------------------------------------------------------------------- transcripts

def test_transcript_has_one_paragraph_per_page(tmp_path):
    v = make("transcripts", "sample", tmp_path, presets=["transcript"])[0]
    text = v.path.read_text(encoding="utf-8")
    head, _, body = text.partition("\nTranskript\n")
    assert head and 'Download "' in head
    paras = [p for p in body.split("\n\n") if p.strip()]
    n = pymupdf.open(resolve_source("sample", "pdf")).page_count
    assert len(paras) == n
    for i, p in enumerate(paras, 1):
        assert "\n" not in p.strip()
        assert p.strip() == str(i) or p.strip().startswith(f"{i} ")
    assert "Kommunkompassen - Analys av Påhittö kommun oktober 2021" in paras[3]   # the running header inside
    assert paras[3].rstrip().endswith(" 4")                                       # and the printed page number


def test_transcript_joins_line_end_hyphens():
    from variants.transcripts import flatten
    assert flatten("förvaltnings-\noch  ledning\nny rad", True) == "förvaltningsoch ledning ny rad"
    assert flatten("förvaltnings-\noch", False) == "förvaltnings- och"


def test_the_pipeline_never_imports_variants():
    root = Path(__file__).resolve().parents[1]
    files = [root / "pipeline.py"] + [f for d in ("extract", "parsers", "normalize", "run", "store", "qa")
                                      for f in (root / d).rglob("*.py")]
    bad = [f.name for f in files if re.search(r"^\s*(from|import)\s+variants\b", f.read_text(encoding="utf-8"), re.M)]
    assert bad == []


def test_routes_without_a_usable_text_layer(tmp_path):
    outl, nomap = make("routes", "sample", tmp_path, presets=["outlines", "nomap"])
    with pymupdf.open(outl.path) as d:
        assert all(p.get_text().strip() == "" and not p.get_image_info() for p in d)
        assert max(len(p.get_cdrawings()) for p in d) > 300  # the glyphs, drawn as paths
    with pymupdf.open(nomap.path) as d, pymupdf.open(resolve_source("sample", "pdf")) as src:
        assert d.page_count == src.page_count
        text = d[0].get_text()
        assert "Utvärderare" in src[0].get_text() and "Utvärderare" not in text  # (base-14 header fonts need no map)
        assert any(ch < " " and ch not in "\n" for ch in text)  # glyph ids, not letters


def test_bilevel_and_colour_scans_store_what_such_scanners_store(tmp_path):
    bw, colour = make("scans", "sample", tmp_path, levels=["bilevel300", "colour200"], pages=[2], dpi=100)
    with pymupdf.open(bw.path) as d:
        info = d.extract_image(d[0].get_images()[0][0])
        assert info["ext"] == "png" and info["bpc"] == 1 and info["colorspace"] == 1
    with pymupdf.open(colour.path) as d:
        info = d.extract_image(d[0].get_images()[0][0])
        assert info["ext"] == "jpeg" and info["colorspace"] == 3
