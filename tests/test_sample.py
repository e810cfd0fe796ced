"""The invented sample reports in data/raw: the generator still works, and the
shipped files are internally consistent. No pipeline import: these checks are
about the sample data itself."""
from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NOTICE = "Påhittat exempel – inte en verklig utvärdering"

# The invented area scores, as documented in data/README.md.
AREA_SCORES = {
    "pahitto_2021_wordexport.txt": [59, 63, 61, 55, 55, 51, 62, 65],
    "pahitto_2017.md": [65, 61, 53, 57, 61, 59, 50, 64],
    "pahitto_2014_pdftotext.txt": [56, 54, 62, 51, 56, 54, 51, 59],
}


def _load_make_sample():
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts" / "make_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def make_sample():
    return _load_make_sample()


@pytest.fixture(scope="module")
def generated(make_sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    return make_sample.build(out)


# --------------------------------------------------------------------------- generator

def test_regenerated_pdf(generated):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open(generated["pdf"])
    assert doc.page_count > 1
    texts = [page.get_text() for page in doc]
    assert NOTICE in texts[0]
    assert "Utvärderare: Greta Fiktiv SKR och Nils Exempelsson" in texts[0]
    overview = [i for i, t in enumerate(texts) if "4. Översikt av poängfördelning\n" in t and "Uppnått" in t]
    assert overview, "overview heading not found on a page with an overview table"
    for i, t in enumerate(texts, 1):            # running header and page number on every page
        lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
        assert "Kommunkompassen - Analys av Påhittö kommun oktober 2021" in lines
        assert str(i) in lines
    joined = "".join(texts)
    assert "\ufb00" not in joined and "\ufb01" not in joined   # ligatures map back to letters
    assert "Effektivitet" in joined and doc.metadata["creationDate"].startswith("D:2021")


def test_regenerated_docx(generated):
    docx = pytest.importorskip("docx")
    d = docx.Document(str(generated["docx"]))
    assert d.paragraphs[0].style.name == "Title"
    assert any(NOTICE in p.text for p in d.paragraphs[:5])
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "4. Översikt av poängfördelning" in headings
    assert sum(h.startswith("Område ") for h in headings) == 8
    assert len(d.tables) == 8 * 3                 # Rubriker, findings, overview per area
    bullets = [p for p in d.tables[0].cell(1, 0).paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 5


def test_regenerated_text_matches_shipped(generated):
    """The shipped Word-export text is what the script writes (TOC page numbers aside,
    which follow the PDF layout)."""
    def strip_toc(text):
        return re.sub(r"\t\d+$", "\t#", text, flags=re.M)
    shipped = (RAW / "pahitto_2021_wordexport.txt").read_text(encoding="utf-8")
    assert strip_toc(generated["txt"].read_text(encoding="utf-8")) == strip_toc(shipped)


def test_generator_is_deterministic(make_sample):
    pages, push, split = make_sample.page_numbers()
    assert make_sample.render_docx(pages) == make_sample.render_docx(pages)
    assert make_sample.render_pdf(pages, push, split) == make_sample.render_pdf(pages, push, split)


# --------------------------------------------------------------------------- shipped data

def _wordexport_overview(text):
    """{area: (rows [(score, max)], total, header_score)} from the Word-export text."""
    areas = {}
    section = text.split("\n4. Översikt av poängfördelning\n", 1)[1]
    for m in re.finditer(r"^(\d)\.\t[^\t]+\tUppnått\tMax\n((?:\d\.\d\t.*\n)+)\t\t(\d+)\t100$", section, re.M):
        rows = [tuple(map(int, r.split("\t")[2:4])) for r in m.group(2).splitlines()]
        areas[int(m.group(1))] = (rows, int(m.group(3)))
    headers = {int(n): int(s) for n, s in re.findall(
        r"^Område (\d) .*\n\nRubriker\tPoäng\n<ul[^\n]*</ul>\t(\d+)$", text, re.M)}
    return areas, headers


def test_wordexport_2021_sums():
    text = (RAW / "pahitto_2021_wordexport.txt").read_text(encoding="utf-8")
    assert NOTICE in text
    areas, headers = _wordexport_overview(text)
    assert sorted(areas) == list(range(1, 9))
    for no, (rows, total) in areas.items():
        assert sum(mx for _, mx in rows) == 100, no
        assert all(0 <= sc <= mx for sc, mx in rows), no
        assert sum(sc for sc, _ in rows) == total, no
        assert headers[no] == total, no
    assert [areas[n][1] for n in range(1, 9)] == AREA_SCORES["pahitto_2021_wordexport.txt"]


def test_markdown_2017_sums_and_the_one_rounding_case():
    text = (RAW / "pahitto_2017.md").read_text(encoding="utf-8")
    assert NOTICE in text
    plain = re.sub(r"</?b>", "", text)
    section = plain.split("## 4. Översikt av poängfördelning", 1)[1]
    tables = re.findall(r"^(\d)\.\t[^\t]+\tUppnått\tMax\tProcent\n((?:\d\.\d\t.*\n)+)\t\t(\d+)\t100\t(\d+)%$",
                        section, re.M)
    assert [int(t[0]) for t in tables] == list(range(1, 9))
    totals, mismatches = [], []
    for no, body, total, total_pct in tables:
        rows = [(int(s), int(mx), int(p)) for s, mx, p in
                (r.split("\t")[2:5] for r in body.replace("%", "").splitlines())]
        total = int(total)
        assert sum(mx for _, mx, _ in rows) == 100 and int(total_pct) == total
        for sc, mx, p in rows:                  # percent within rounding of the shown score
            assert 0 <= sc <= mx and abs(100 * sc / mx - p) <= 50 / mx + 0.5, (no, sc, mx, p)
        unrounded = sum(p * mx / 100 for _, mx, p in rows)
        assert abs(unrounded - total) <= 0.5, no       # the percents explain the total
        if sum(sc for sc, _, _ in rows) != total:
            mismatches.append((int(no), sum(sc for sc, _, _ in rows) - total))
        totals.append(total)
    assert mismatches == [(3, 1)]              # exactly one deliberate rounding case
    assert totals == AREA_SCORES["pahitto_2017.md"]


def _pdftotext_overview(text):
    section = text.split("\n4 Översikt av poängfördelning \n", 1)[1]
    blocks = [" ".join(ln.strip() for ln in b.splitlines()) for b in re.split(r"\n\s*\n", section)]
    areas, current, pending = {}, None, ""
    for b in blocks:
        if not b:
            continue
        if m := re.fullmatch(r"(\d)\. +(.+) Uppnått Max Procent", b):
            current = int(m.group(1))
            areas[current] = {"rows": [], "total": None}
        elif m := re.fullmatch(r"(\d+) 100 (\d+)%", b):
            areas[current]["total"] = (int(m.group(1)), int(m.group(2)))
        elif current is not None:
            b = f"{pending} {b}".strip()
            if m := re.fullmatch(r"(\d\.\d) (.+) (\d+) (\d+) (\d+)%", b):
                areas[current]["rows"].append((m.group(1), m.group(2), *map(int, m.group(3, 4, 5))))
                pending = ""
            else:                               # label whose numbers follow in the next block
                pending = b
    return areas


def test_pdftotext_2014_sums():
    text = (RAW / "pahitto_2014_pdftotext.txt").read_text(encoding="utf-8")
    assert NOTICE in text
    assert max(len(ln) for ln in text.splitlines()) <= 90
    areas = _pdftotext_overview(text)
    assert sorted(areas) == list(range(1, 9))
    totals = []
    for no, a in areas.items():
        rows, (total, total_pct) = a["rows"], a["total"]
        assert [r[0] for r in rows] == [f"{no}.{k}" for k in range(1, len(rows) + 1)]
        assert sum(r[3] for r in rows) == 100 and total_pct == total
        assert sum(r[2] for r in rows) == total, no
        for qn, _label, sc, mx, p in rows:
            assert 0 <= sc <= mx and p == math.floor(100 * sc / mx + 0.5), qn
        totals.append(total)
    assert totals == AREA_SCORES["pahitto_2014_pdftotext.txt"]
    wrapped = re.findall(r"^\d\.\d [^\n]*[^%] \n[^\n]* \d+ \d+ \d+% $", text, re.M)
    assert wrapped, "at least one overview label wraps onto a second line"


def test_readme_says_invented():
    readme = (RAW.parent / "README.md").read_text(encoding="utf-8")
    assert "made up" in readme and "make_sample.py" in readme
