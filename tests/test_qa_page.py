"""The static QA page (qa.page.render): content, page images, determinism, and
how it looks in a real browser (headless Chromium, skipped where none is installed)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

pymupdf = pytest.importorskip("pymupdf")

from qa.page import render  # noqa: E402

RID = "0834-2021"
PDF = "in/torsas-2021.pdf"
TXT = "in/torsas-2021.txt"
WARNING = "warning: area 2 header score 30 differs from the overview total 31"

QUESTIONS = [  # area, no, label, score, max, page
    (1, "1.1", "Strategi för demokratiutveckling och information", 16.0, 20.0, 2),
    (1, "1.2", "Kommunens information till medborgarna", 7.0, 10.0, 2),
    (2, "2.1", "Strategi för hållbar utveckling", 8.0, 15.0, 2),
    (2, "2.2", "Social hållbarhet och trygghet", 23.0, 25.0, 2),
]
FINDINGS = [  # area, kind, position, text, page
    (1, "strength", 1, "Imponerande arbete med information", 3),
    (1, "improvement", 1, "Utveckla medborgardialogen vidare", 3),
]


def make_pdf(path: Path) -> None:
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    p.insert_text((72, 100), "Kommunkompassen - Analys av Torsås kommun november 2021", fontsize=14)
    p = doc.new_page(width=595, height=842)
    p.insert_text((72, 80), "4. Översikt av poängfördelning", fontsize=14)
    y = 120
    for area, qno, label, score, mx, _ in QUESTIONS:
        p.insert_text((72, y), qno, fontsize=10)
        p.insert_text((110, y), label, fontsize=10)
        p.insert_text((420, y), f"{score:g}", fontsize=10)
        p.insert_text((480, y), f"{mx:g}", fontsize=10)
        p.draw_line((70, y + 4), (520, y + 4), width=0.3)
        y += 18
    p = doc.new_page(width=595, height=842)
    p.insert_text((72, 80), "Styrkor", fontsize=11)
    p.insert_text((320, 80), "Förbättringsmöjligheter", fontsize=11)
    p.insert_text((72, 100), FINDINGS[0][3], fontsize=10)
    p.insert_text((320, 100), FINDINGS[1][3], fontsize=10)
    doc.save(path)
    doc.close()


def make_corpus(tmp: Path):
    src = tmp / "src"
    src.mkdir(exist_ok=True)
    make_pdf(src / "torsas.pdf")
    (src / "torsas.txt").write_text("Kommunkompassen Torsås 2021\n")
    sha = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    sources = [
        dict(source_path=PDF, sha256=sha(src / "torsas.pdf"), format="pdf", extraction="pdf-text", status="warning",
             message=f"{PDF}: 1 warning(s): area 2 header score 30 differs", report_id=RID, pages=3),
        dict(source_path=TXT, sha256=sha(src / "torsas.txt"), format="text", extraction="text", status="duplicate",
             message=f"{TXT}: same evaluation ({RID}) as {PDF}", report_id=RID, pages=None),
        dict(source_path="in/broken.pdf", sha256="0" * 64, format="pdf", extraction=None, status="failed",
             message="in/broken.pdf: not a PDF (FileDataError)", report_id=None, pages=None),
    ]
    reports = [dict(report_id=RID, municipality="Torsås", municipality_code="0834", year=2021, month=11,
                    revision="2020", evaluators=["Leif Eldås", "Ulrika Elming"], total_score=54.0, total_max=800.0,
                    primary_source=PDF, status="warning",
                    issues=["note: evaluators read from the title page", WARNING])]
    areas = [
        dict(report_id=RID, area_no=1, area_name="Samspel mellan förtroendevalda och medborgare",
             heading_name="Samspel mellan förtroendevalda och medborgare", score=23.0, max=30.0, percent=None,
             header_score=23.0),
        dict(report_id=RID, area_no=2, area_name="Samhällsutveckling", heading_name="Samhällsutveckling",
             score=31.0, max=40.0, percent=None, header_score=30.0),
    ]
    subs = [dict(report_id=RID, revision="2020", area_no=a, question_no=q, label=lab, question_id=f"2020:{q}",
                 match_score=100.0 if q != "2.2" else 84.0, score=s, max=m, percent=None, concept_id=f"C{q}",
                 page=pg) for a, q, lab, s, m, pg in QUESTIONS]
    finds = [dict(report_id=RID, area_no=a, kind=k, position=pos, text=t, page=pg) for a, k, pos, t, pg in FINDINGS]
    corpus = SimpleNamespace(
        tables=dict(sources=sources, reports=reports, area_scores=areas, subquestion_scores=subs, findings=finds),
        duplicates={TXT: (PDF, ["area 1 strength 1: 'Imponerande' vs 'Imponerade'"])})
    return corpus, {PDF: src / "torsas.pdf", TXT: src / "torsas.txt"}


class Page(HTMLParser):
    """Just enough of the DOM to check content: ids, table rows (with their
    table's class), images, list items with their class."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids, self.imgs, self.rows, self.items = set(), [], [], []
        self._table, self._row, self._cell, self._li = [], None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "table":
            self._table.append(a.get("class") or "")
        elif tag == "tr":
            self._row = dict(table=self._table[-1] if self._table else "", id=a.get("id"), cls=a.get("class"),
                             cells=[])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "li":
            self._li = [a.get("class") or "", []]

    def handle_endtag(self, tag):
        if tag == "table" and self._table:
            self._table.pop()
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "li" and self._li is not None:
            self.items.append((self._li[0], " ".join("".join(self._li[1]).split())))
            self._li = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._li is not None:
            self._li[1].append(data)


def check_content(text: str, out: Path) -> None:
    page = Page(text)
    assert RID in page.ids, "the report section has id = report_id"
    # area table: expected score cells, header-score and sub-question-sum flags
    areas = {r["cells"][0]: r for r in page.rows if r["table"] == "areas" and r["cells"] and r["cells"][0].isdigit()}
    assert areas["1"]["cells"][3:8] == ["23", "30", "–", "23", "23 / 30"]
    assert areas["1"]["cls"] == "clean"
    assert areas["2"]["cells"][3:8] == ["31", "40", "–", "30", "31 / 40"]
    assert "header score 30 ≠ score 31" in areas["2"]["cells"][-1]
    assert areas["2"]["cls"] == "flagged"
    # sub-question rows, low label match flagged, page linked to its picture
    subs = {r["cells"][1]: r for r in page.rows if r["table"] == "subs" and len(r["cells"]) > 2}
    assert set(subs) >= {"1.1", "1.2", "2.1", "2.2"}
    assert subs["1.1"]["cells"][2:8] == ["Strategi för demokratiutveckling och information", "2020:1.1", "100",
                                         "16", "20", "–"]
    assert subs["1.1"]["cells"][9] == "p. 2" and subs["1.1"]["cls"] == "clean"
    assert "label match 84 < 90" in subs["2.2"]["cells"][-1]
    assert not any("not found" in r["cells"][-1] for r in subs.values()), "every label was marked on its page"
    # issues: the warning highlighted, the note muted
    assert ("warning", WARNING) in page.items
    assert ("note", "note: evaluators read from the title page") in page.items
    # the duplicate and its differences, the failed source in the sources table
    assert any(r["cells"][:1] == [TXT] and "Imponerade" in r["cells"][-1] for r in page.rows)
    assert any(r["cells"][:1] == ["in/broken.pdf"] and "failed" in r["cells"] for r in page.rows)
    # findings
    assert any(t.startswith("Imponerande arbete med information") for _, t in page.items)
    # the PDF pages read from, as images that exist beside the page
    srcs = sorted(i["src"] for i in page.imgs)
    assert srcs == ["img/0834-2021-p2.png", "img/0834-2021-p3.png"]
    assert {"0834-2021-p2", "0834-2021-p3"} <= page.ids
    for s in srcs:
        assert (out / "qa" / s).stat().st_size > 1000


def write(files: dict[str, bytes], out: Path) -> Path:
    for rel, data in files.items():
        assert rel.startswith("qa/") and ".." not in rel
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out / "qa" / "index.html"


@pytest.fixture()
def rendered(tmp_path):
    corpus, paths = make_corpus(tmp_path)
    before = paths[PDF].read_bytes()
    files = render(corpus, paths)
    assert paths[PDF].read_bytes() == before, "the PDF on disk is not modified"
    out = tmp_path / "out"
    index = write(files, out)
    return files, out, index, corpus, paths


def test_content_parsed(rendered):
    files, out, index, _, _ = rendered
    assert set(files) == {"qa/index.html", "qa/img/0834-2021-p2.png", "qa/img/0834-2021-p3.png"}
    text = index.read_text(encoding="utf-8")
    check_content(text, out)
    assert "<script" not in text and "http://" not in text and "https://" not in text, "no external assets"
    assert str(out) not in text and "/src/" not in text, "no absolute paths"


def test_rows_are_marked_on_the_page_image(rendered):
    files = rendered[0]
    pix = pymupdf.Pixmap(files["qa/img/0834-2021-p2.png"])
    assert pix.width < 700, "rendered at ~70 dpi"
    s, n = pix.samples, pix.n
    bluish = sum(1 for i in range(0, len(s), n) if s[i + 2] - s[i] > 40)
    assert bluish > 200, "the sub-question labels are highlighted"
    pix = pymupdf.Pixmap(files["qa/img/0834-2021-p3.png"])
    s, n = pix.samples, pix.n
    greenish = sum(1 for i in range(0, len(s), n) if s[i + 1] - max(s[i], s[i + 2]) > 25)
    assert greenish > 100, "the strength is highlighted"


def test_deterministic(tmp_path):
    corpus, paths = make_corpus(tmp_path)
    a = render(corpus, paths)
    b = render(corpus, paths)
    assert a == b
    assert list(a) == sorted(a)


def test_without_the_files_or_data(tmp_path):
    corpus, paths = make_corpus(tmp_path)
    files = render(corpus, {})  # PDF not available: no images, the page still renders and says why
    assert set(files) == {"qa/index.html"}
    assert "not available to the QA page" in files["qa/index.html"].decode()
    corpus.paths = paths  # the lead's Corpus carries .paths: a non-mapping second argument falls back to it
    assert "qa/img/0834-2021-p2.png" in render(corpus, tmp_path)
    empty = render(SimpleNamespace(tables={}, duplicates={}), {})
    assert set(empty) == {"qa/index.html"} and b"No input files" in empty["qa/index.html"]


def chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not exe:
        pytest.skip("no chromium binary (apt-get install chromium, or `make system` as root)")
    return exe


def run_chromium(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp / 'chromium-profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_in_chromium(rendered, tmp_path):
    exe = chromium()
    _, out, index, _, _ = rendered
    p = run_chromium(exe, tmp_path, "--dump-dom", index.as_uri())
    assert p.returncode == 0, p.stderr[-2000:]
    dom = p.stdout
    assert f'id="{RID}"' in dom
    check_content(dom, out)
    shot = tmp_path / "shot.png"
    p = run_chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", index.as_uri())
    assert shot.exists(), p.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("QA_SCREENSHOT")  # set to a path to keep the screenshot for a look
    if keep:
        shutil.copy(shot, keep)
