"""The static QA page (qa.page.render): content, flags taken from the Issue
records, notes told from warnings, the CSS-only filters, page images, escaping,
determinism, and how it behaves in a real browser (headless Chromium, skipped
where none is installed)."""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

pymupdf = pytest.importorskip("pymupdf")

from normalize.assemble import ReportRows  # noqa: E402
from normalize.issues import note, warning  # noqa: E402
from qa import view  # noqa: E402
from qa.page import render  # noqa: E402
from store.schema import AreaScoreRow, FindingRow, ReportRow, SourceRow, SubquestionScoreRow  # noqa: E402

RID = "0834-2021"
PDF = "in/torsas-2021.pdf"
TXT = "in/torsas-2021.txt"
SCRIPT = 'Bättre <script>alert("x")</script> & rutiner'

QUESTIONS = [  # area, no, label, score, max, match, page
    (1, "1.1", "Strategi för demokratiutveckling och information", 16.0, 20.0, 100.0, 2),
    (1, "1.2", "Kommunens information till medborgarna", 7.0, 10.0, 100.0, 2),
    (2, "2.1", "Strategi för hållbar utveckling", 8.0, 15.0, 100.0, 2),
    (2, "2.2", "Social hållbarhet och trygghet", 23.0, 25.0, 64.0, 2),
]
FINDINGS = [  # area, kind, position, text, page, printed on that page
    (1, "strength", 1, "Imponerande arbete med information", 3, True),
    (1, "improvement", 1, "Utveckla medborgardialogen vidare", 3, True),
    (2, "strength", 1, SCRIPT, 4, True),
    (2, "strength", 2, "Tydlig styrning av verksamheten", 9, False),  # the PDF has 4 pages
    (2, "improvement", 1, "Ett förslag som inte står på sidan alls", 4, False),
]
ISSUES = [  # what the pipeline's checks said (severity, code, message, about)
    warning("header_score", "section header says 30, overview total row says 31", area=2),
    note("area_sum_rounded", "sub-question scores sum to 23.4, area total is 23; the displayed scores are rounded",
         area=1),
    warning("label_mismatch", "label 'Social hållbarhet och trygghet' matches the 2020 catalogue only at 64/100",
            question="2.2"),
    note("percent_far", "printed percent 45% is far from 7/10", question="1.2"),
    warning("row_unreadable", "overview row has no readable scores ('Medborgarlöfte'), page 2", question="3.9", page=2),
    note("no_findings", "no strengths found", area=3),
    note("no_findings", "no improvement suggestions found", area=3),
    warning("grand_total", "printed grand total 60 differs from the sum of areas 54", total=True),
    note("reader", "evaluators read from the title page"),
]
# What each filter leaves visible, by element id (sub-question rows, area rows, findings, pages).
ALWAYS = {f"{RID}-q2.2", f"{RID}-a2", f"{RID}-total", f"{RID}-findings-2", f"{RID}-S2.2", f"{RID}-p2"}
NOTES = {f"{RID}-q1.2", f"{RID}-a1", f"{RID}-findings-3", f"{RID}-I2.1", f"{RID}-p4"}
CLEAN = {f"{RID}-q1.1", f"{RID}-q2.1", f"{RID}-a3", f"{RID}-findings-1", f"{RID}-S1.1", f"{RID}-I1.1",
         f"{RID}-S2.1", f"{RID}-p3"}


def make_pdf(path: Path) -> None:
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    p.insert_text((72, 100), "Kommunkompassen - Analys av Torsås kommun november 2021", fontsize=14)
    p = doc.new_page(width=595, height=842)
    p.insert_text((72, 80), "4. Översikt av poängfördelning", fontsize=14)
    y = 120
    for area, qno, label, score, mx, _, _ in QUESTIONS:
        p.insert_text((72, y), qno, fontsize=10)
        p.insert_text((110, y), label, fontsize=10)
        p.insert_text((420, y), f"{score:g}", fontsize=10)
        p.insert_text((480, y), f"{mx:g}", fontsize=10)
        p.draw_line((70, y + 4), (520, y + 4), width=0.3)
        y += 18
    for pno in (3, 4):
        p = doc.new_page(width=595, height=842)
        p.insert_text((72, 80), "Styrkor", fontsize=11)
        p.insert_text((320, 80), "Förbättringsmöjligheter", fontsize=11)
        for area, kind, _, text, page, printed in FINDINGS:
            if page == pno and printed:
                p.insert_text((72 if kind == "strength" else 320, 100), text, fontsize=10)
    doc.save(path)
    doc.close()


def make_corpus(tmp: Path):
    src = tmp / "src"
    src.mkdir(exist_ok=True)
    make_pdf(src / "torsas.pdf")
    (src / "torsas.txt").write_text("Kommunkompassen Torsås 2021\n")
    sha = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    sources = [
        SourceRow(source_path=PDF, sha256=sha(src / "torsas.pdf"), format="pdf", extraction="pdf-text",
                  status="warning", message=f"{PDF}: 3 warning(s): area 2: section header says 30", report_id=RID,
                  pages=4),
        SourceRow(source_path=TXT, sha256=sha(src / "torsas.txt"), format="text", extraction="text",
                  status="duplicate", message=f"{TXT}: same evaluation ({RID}) as {PDF}", report_id=RID),
        SourceRow(source_path="in/broken.pdf", sha256="0" * 64, format="pdf", extraction=None, status="failed",
                  message="in/broken.pdf: not a PDF (FileDataError)", report_id=None),
    ]
    report = ReportRow(report_id=RID, municipality="Torsås", municipality_code="0834", year=2021, month=11,
                       revision="2020", evaluators=["Leif Eldås", "Ulrika Elming"], total_score=54.0, total_max=800.0,
                       primary_source=PDF, status="warning", issues=[i.text for i in ISSUES],
                       source_sha256=sources[0].sha256)
    areas = [
        AreaScoreRow(report_id=RID, area_no=1, area_name="Samspel mellan förtroendevalda och medborgare",
                     heading_name="Samspel mellan förtroendevalda och medborgare", score=23.0, max=30.0, percent=None,
                     header_score=23.0),
        AreaScoreRow(report_id=RID, area_no=2, area_name="Samhällsutveckling", heading_name="Samhällsutveckling",
                     score=31.0, max=40.0, percent=None, header_score=30.0),
        AreaScoreRow(report_id=RID, area_no=3, area_name="Politisk styrning", heading_name=None, score=0.0,
                     max=100.0, percent=None, header_score=None),
    ]
    subs = [SubquestionScoreRow(report_id=RID, revision="2020", area_no=a, question_no=q, label=lab,
                                question_id=f"2020:{q}", match_score=ms, score=s, max=m, percent=None,
                                concept_id=f"C{q}", page=pg) for a, q, lab, s, m, ms, pg in QUESTIONS]
    finds = [FindingRow(report_id=RID, area_no=a, kind=k, position=pos, text=t, page=pg)
             for a, k, pos, t, pg, _ in FINDINGS]
    rows = ReportRows(report, areas, subs, finds, list(ISSUES))
    corpus = SimpleNamespace(
        tables=dict(sources=sources, reports=[report], area_scores=areas, subquestion_scores=subs, findings=finds),
        reports=[rows], duplicates={TXT: (PDF, ["area 1 strength 1: 'Imponerande' here vs 'Imponerade'"])},
        paths={})
    return corpus, {PDF: src / "torsas.pdf", TXT: src / "torsas.txt"}


class Page(HTMLParser):
    """Just enough of the DOM to check content: element classes by id, table
    rows (with their table's class), images, list items with their class."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.cls, self.imgs, self.rows, self.items = {}, [], [], []
        self._table, self._row, self._cell, self._li = [], None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.cls[a["id"]] = a.get("class") or ""
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
    assert "report" in page.cls[RID] and "lv-warning" in page.cls[RID]
    # area rows: values, and flags exactly where the issues put them
    areas = {r["cells"][0]: r for r in page.rows if r["table"] == "areas" and r["cells"] and r["cells"][0].isdigit()}
    assert areas["1"]["cells"][3:8] == ["23", "30", "–", "23", "23 / 30"]
    assert areas["2"]["cells"][3:8] == ["31", "40", "–", "30", "31 / 40"]
    assert "section header says 30, overview total row says 31" in areas["2"]["cells"][-1]
    assert "displayed scores are rounded" in areas["1"]["cells"][-1]
    assert (areas["1"]["cls"], areas["2"]["cls"], areas["3"]["cls"]) == ("lv-note", "lv-warning", "lv-clean")
    total = next(r for r in page.rows if r["id"] == f"{RID}-total")
    assert total["cls"] == "lv-warning" and "printed grand total 60" in total["cells"][-1]
    # sub-question rows: the label match is shown as a value, the flag is the pipeline's warning
    subs = {r["cells"][1]: r for r in page.rows if r["table"] == "subs" and r["id"]}
    assert set(subs) == {"1.1", "1.2", "2.1", "2.2"}
    assert subs["1.1"]["cells"][2:8] == ["Strategi för demokratiutveckling och information", "2020:1.1", "100",
                                         "16", "20", "–"]
    assert subs["1.1"]["cells"][9] == "p. 2" and subs["1.1"]["cells"][10] == ""
    assert subs["2.2"]["cells"][4] == "64" and "matches the 2020 catalogue only at 64/100" in subs["2.2"]["cells"][-1]
    assert {q: r["cls"] for q, r in subs.items()} == {"1.1": "lv-clean", "1.2": "lv-note", "2.1": "lv-clean",
                                                      "2.2": "lv-warning"}
    # every Issue is listed under its report with its text, warnings and notes apart
    for i in ISSUES:
        assert any(cls.startswith(f"lv-{i.severity}") and t.startswith(i.text) for cls, t in page.items), i.text
    # the page's own facts: a page the PDF does not have, a text not on its page
    assert "lv-warning" in page.cls[f"{RID}-S2.2"]
    assert any("page 9 is not in the PDF (4 pages)" in t for _, t in page.items)
    assert "lv-note" in page.cls[f"{RID}-I2.1"]
    assert any("not found on the image of p. 4" in t for _, t in page.items)
    # the duplicate and its differences, the failed source in the sources table
    assert any(r["cells"][:1] == [TXT] and "Imponerade" in r["cells"][-1] for r in page.rows)
    assert any(r["cells"][:1] == ["in/broken.pdf"] and "failed" in r["cells"] for r in page.rows)
    # findings, the one with markup shown as text
    assert any(t.startswith("Imponerande arbete med information") for _, t in page.items)
    assert any(t.startswith(SCRIPT) for _, t in page.items)
    # the PDF pages read from, as images that exist beside the page, framed by their worst row
    srcs = sorted(i["src"] for i in page.imgs)
    assert srcs == [f"img/{RID}-p2.jpg", f"img/{RID}-p3.jpg", f"img/{RID}-p4.jpg"]
    assert [page.cls[f"{RID}-p{n}"] for n in (2, 3, 4)] == ["lv-warning", "lv-clean", "lv-note"]
    for s in srcs:
        assert (out / "qa" / s).stat().st_size > 1000


def write(files: dict[str, bytes], out: Path) -> Path:
    for rel, data in files.items():
        assert rel.startswith("qa/") and ".." not in rel
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out / "qa" / "index.html"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("qa")
    corpus, paths = make_corpus(tmp)
    before = paths[PDF].read_bytes()
    files = render(corpus, paths)
    assert paths[PDF].read_bytes() == before, "the PDF on disk is not modified"
    index = write(files, tmp / "out")
    return files, tmp / "out", index, corpus, paths


def test_content(rendered):
    files, out, index, _, _ = rendered
    assert set(files) == {"qa/index.html"} | {f"qa/img/{RID}-p{n}.jpg" for n in (2, 3, 4)}
    text = index.read_text(encoding="utf-8")
    check_content(text, out)
    assert "<script" not in text and "http://" not in text and "https://" not in text, "no script, no external assets"
    assert str(out) not in text and "/src/" not in text, "no absolute paths"


def test_markup_in_the_data_is_escaped(rendered):
    text = rendered[2].read_text(encoding="utf-8")
    assert "Bättre &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; rutiner" in text


def test_warnings_and_notes_look_different(rendered):
    text = rendered[2].read_text(encoding="utf-8")
    row = {m.group(1): m.group(2) for m in re.finditer(r'<tr class="(lv-\w+)" id="[^"]+">(.*?)</tr>', text, re.S)}
    assert 'class="flag sev-warning"' in row["lv-warning"] and 'class="flag sev-note"' in row["lv-note"]
    assert 'class="flag sev-note qa"' in text, "the page's own facts are told from the pipeline's checks"
    css = text[text.index("<style>"):text.index("</style>")]
    for sel in ("tr.lv-warning", "tr.lv-note", ".flag.sev-warning", ".flag.sev-note"):
        assert sel in css
    summary = next(r for r in Page(text).rows if r["table"] == "summary" and r["cells"][0] == RID)
    assert summary["cells"][6:9] == ["4", "5", "2"], "warnings, notes and QA flags of the report"


def test_flags_come_only_from_issues(tmp_path):
    """Arithmetic that does not add up, a poor label match: without an Issue
    the page flags nothing (it shows the values; the checks are the pipeline's)."""
    corpus, _ = make_corpus(tmp_path)
    rows = corpus.reports[0]
    rows.issues = []
    rows.report.issues = []
    for s in corpus.tables["sources"]:
        s.format = "text"  # no page images, so no facts of the page either
    page = view.build(corpus, {})
    (r,) = page.reports
    assert [q.level for q in r.subs] == ["clean"] * 4 and [a.level for a in r.areas] == ["clean"] * 3
    assert r.total.level == "clean" and r.level == "clean" and not r.issues
    assert [q.match_band for q in r.subs] == ["hi", "hi", "hi", "lo"], "the match score is shaded, not flagged"


def test_issue_placement():
    from qa.flags import place
    p = place(ISSUES, {"1.1", "1.2", "2.1", "2.2"}, {1, 2, 3})
    assert [t for t in p.target] == [("area", 2), ("area", 1), ("question", "2.2"), ("question", "1.2"), None,
                                     ("findings", 3), ("findings", 3), ("total", None), None]


def test_rows_are_marked_on_the_page_image(rendered):
    files = rendered[0]
    pix = pymupdf.Pixmap(files[f"qa/img/{RID}-p2.jpg"])
    assert pix.width < 700, "rendered at ~70 dpi"
    s, n = pix.samples, pix.n
    bluish = sum(1 for i in range(0, len(s), n) if s[i + 2] - s[i] > 40)
    assert bluish > 200, "the sub-question labels are highlighted"
    pix = pymupdf.Pixmap(files[f"qa/img/{RID}-p3.jpg"])
    s, n = pix.samples, pix.n
    greenish = sum(1 for i in range(0, len(s), n) if s[i + 1] - max(s[i], s[i + 2]) > 25)
    assert greenish > 100, "the strength is highlighted"


def test_deterministic(rendered, tmp_path):
    files = rendered[0]
    corpus, paths = make_corpus(tmp_path)  # the same inputs in another folder
    again = render(corpus, paths)
    assert again == files
    assert list(again) == sorted(again)


def test_page_images_alone(rendered):
    from qa.images import cache_key, marks_for, page_images
    _, _, _, corpus, paths = rendered
    rows = corpus.reports[0]
    marks = marks_for(rows.subquestions, rows.findings)
    data = paths[PDF].read_bytes()
    res = page_images(data, marks, PDF)
    assert res == page_images(paths[PDF], marks, PDF), "the same from the bytes or the file"
    assert sorted(res.images) == [2, 3, 4] and res.bad_page == {"f3": 4}
    assert cache_key("ab", marks) == cache_key("ab", list(marks)) != cache_key("ac", marks)


def test_without_the_files_or_data(tmp_path):
    corpus, paths = make_corpus(tmp_path)
    files = render(corpus, {})  # PDF not available: no images, the page still renders and says why
    assert set(files) == {"qa/index.html"}
    assert "not available to the QA page" in files["qa/index.html"].decode()
    corpus.paths = paths  # the Corpus carries .paths: a non-mapping second argument falls back to it
    assert f"qa/img/{RID}-p2.jpg" in render(corpus, tmp_path)
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


# Clicks the filter labels as a user would and records, for every element with
# an id, whether it is visible; and the computed look of a warning, a note and a
# clean row. The page itself has no script: this probe is added to a copy.
PROBE = """<script>
const ids = [...document.querySelectorAll("main [id]")].map(e => e.id);
const shown = () => ids.filter(id => document.getElementById(id).checkVisibility());
const click = f => document.querySelector(`label[for=${f}]`).click();
const look = id => { const s = getComputedStyle(document.getElementById(id));
  return [s.backgroundColor, s.boxShadow].join(" | "); };
const badge = sel => getComputedStyle(document.querySelector(sel)).backgroundColor;
const out = {all: shown(), notes_listed: {}};
const notes = () => [...document.querySelectorAll("ul.issues li.lv-note")].filter(e => e.checkVisibility()).length;
out.notes_listed.all = notes();
click("only-flagged"); out.flagged = shown(); out.notes_listed.flagged = notes();
click("only-warnings"); out.both = shown();
click("only-flagged"); out.warnings = shown(); out.notes_listed.warnings = notes();
click("only-warnings"); out.reset = shown();
out.look = {warning: look("%(w)s"), note: look("%(n)s"), clean: look("%(c)s"),
            warning_badge: badge(".subs .flag.sev-warning"), note_badge: badge(".subs .flag.sev-note")};
const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>""" % dict(w=f"{RID}-q2.2", n=f"{RID}-q1.2", c=f"{RID}-q1.1")


def test_in_chromium(rendered, tmp_path):
    exe = chromium()
    _, out, index, _, _ = rendered
    probe = index.with_name("probe.html")
    probe.write_text(index.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    p = run_chromium(exe, tmp_path, "--dump-dom", probe.as_uri())
    assert p.returncode == 0, p.stderr[-2000:]
    dom = p.stdout
    check_content(dom, out)
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, "the probe ran"
    res = json.loads(html.unescape(m.group(1)))
    everything = set(res["all"])
    assert ALWAYS | NOTES | CLEAN <= everything and set(res["reset"]) == everything
    assert RID in everything
    # show only flagged rows: clean rows, findings and pages go, flagged ones stay
    assert ALWAYS | NOTES | {RID} <= set(res["flagged"]) and not CLEAN & set(res["flagged"])
    # warnings only (alone, or with the other box): notes go too
    for state in ("warnings", "both"):
        assert ALWAYS | {RID} <= set(res[state]) and not (NOTES | CLEAN) & set(res[state]), state
    assert res["notes_listed"]["all"] == res["notes_listed"]["flagged"] > 0 == res["notes_listed"]["warnings"]
    look = res["look"]
    assert len({look["warning"], look["note"], look["clean"]}) == 3, look
    assert look["warning_badge"] != look["note_badge"], look
    # and a picture of it, for a look (QA_SCREENSHOT=path keeps it)
    shot = tmp_path / "shot.png"
    p = run_chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,2600", index.as_uri())
    assert shot.exists(), p.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("QA_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


def test_compiled_templates_are_cached_where_the_user_keeps_caches(rendered, tmp_path, monkeypatch):
    from qa import page
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert page._bytecode_cache() is None  # no cache folder: templates are compiled, as before
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert page._bytecode_cache() is not None
    page.environment.cache_clear()
    try:
        files = rendered[0]
        (tmp_path / "again").mkdir()
        corpus, paths = make_corpus(tmp_path / "again")
        assert render(corpus, paths) == files  # compiled and cached: the same page
        cached = list((tmp_path / "cache" / "kommunkompassen-corpus" / "jinja2").iterdir())
        assert cached
        page.environment.cache_clear()
        assert render(corpus, paths) == files  # loaded from the cache: the same page
    finally:
        page.environment.cache_clear()
