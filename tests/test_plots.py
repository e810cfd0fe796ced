"""Plots: one kompassros SVG per report under DIR/plots/, shown on the QA page
(checked in headless Chromium), the same bytes on every rerun; earlier
evaluations overlaid only where their areas compare; the concept comparison
of two reports as a function and a command; matplotlib loaded only to plot."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, ROOT, run_pipeline
from release import plots
from release.compare import compare_reports, earlier_reports, same_area_frame
from release.rose import rose_chart

REPORTS = ("0126-2017", "0834-2021", "1444-2014")


def test_one_kompassros_per_report(release_out):
    svgs = sorted(p.name for p in (release_out / "plots").iterdir())
    assert svgs == [f"{r}.svg" for r in REPORTS]
    for name in svgs:
        svg = (release_out / "plots" / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "<dc:date>" not in svg  # no date: reruns write the same bytes


def test_plots_are_the_same_bytes_on_a_rerun(release_out, tmp_path):
    other = tmp_path / "again"
    assert run_pipeline([CORPUS / "pdf"], other, "--force").returncode == 0
    for r in REPORTS:
        assert (other / "plots" / f"{r}.svg").read_bytes() == (release_out / "plots" / f"{r}.svg").read_bytes()


# Records, for each kompassros image, whether the browser loaded it.
PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = [...document.querySelectorAll("figure.kompassros img")].map(
    i => ({src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0, link: i.closest("a").getAttribute("href")}));
  const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(imgs);
  document.body.appendChild(pre);
});
</script>"""


def test_the_qa_page_shows_and_links_each_kompassros_in_chromium(release_out, tmp_path):
    from test_qa_page import chromium, run_chromium
    exe = chromium()
    index = release_out / "qa" / "index.html"
    probe = index.with_name("probe-plots.html")
    probe.write_text(index.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        p = run_chromium(exe, tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    assert p.returncode == 0, p.stderr[-2000:]
    m = re.search(r'<pre id="probe">(.*?)</pre>', p.stdout, re.S)
    assert m, "the probe ran"
    imgs = json.loads(html.unescape(m.group(1)))
    assert sorted(i["src"] for i in imgs) == [f"../plots/{r}.svg" for r in REPORTS]
    assert all(i["ok"] and i["link"] == i["src"] for i in imgs), imgs
    assert 'href="../datapackage.json"' in p.stdout


def _corpus(release_out):
    reports = pq.read_table(release_out / "reports.parquet").to_pylist()
    areas = pq.read_table(release_out / "area_scores.parquet").to_pylist()
    return reports, areas


def _evaluation(reports, areas, rid, new_id, year, revision, factor):
    base = next(r for r in reports if r["report_id"] == rid)
    rep = dict(base, report_id=new_id, year=year, revision=revision)
    return rep, [dict(a, report_id=new_id, score=round(a["score"] * factor)) for a in areas if a["report_id"] == rid]


def _legend(me, reports, areas) -> tuple[str, list[str]]:
    """The legend's caveat and lines, as the SVG shows them (every text
    element's lines joined) and as the PNG's matplotlib legend has them."""
    svg = plots.kompassros(me, reports, areas).decode("utf-8")
    texts = [html.unescape(" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", t)))
             for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]
    chart = rose_chart(me, reports, areas)
    leg = plots.kompassros_figure(chart).legends[0]
    labels = [t.get_text() for t in leg.get_texts()]
    assert labels == [t for t in texts if t in labels] and len(labels) == len(set(texts) & set(labels))
    assert leg.get_title().get_text().replace("\n", " ") in texts
    return chart.caveat, labels


def test_earlier_evaluations_are_overlaid_only_where_areas_compare(release_out):
    reports, areas = _corpus(release_out)
    extra = [_evaluation(reports, areas, "0126-2017", "0126-2013", 2013, "2010", 0.8),
             _evaluation(reports, areas, "0126-2017", "0126-2009", 2009, "2002", 0.7),
             _evaluation(reports, areas, "0126-2017", "0126-2021", 2021, "2020", 1.1)]
    reports = reports + [r for r, _ in extra]
    areas = areas + [a for _, ars in extra for a in ars]
    me = next(r for r in reports if r["report_id"] == "0126-2017")
    same, other = earlier_reports(reports, me)
    assert [r["report_id"] for r in same] == ["0126-2013"]  # 2010 and 2016 share their areas
    assert [r["report_id"] for r in other] == ["0126-2009"]  # 2002's were regrouped; 2021 is later
    title, labels = _legend(me, reports, areas)
    assert "reorganised" in title  # the caveat is in the legend
    assert labels[0].startswith("2017 (revision 2016): 561 / 800")
    assert labels[1].startswith("2013 (revision 2010)")
    assert labels[2].startswith("not overlaid: 2009 (revision 2002)")
    later = next(r for r in reports if r["report_id"] == "0126-2021")
    assert earlier_reports(reports, later)[0] == []  # 2020 reorganised the areas: nothing overlaid
    title, labels = _legend(later, reports, areas)
    assert [x.split(":")[0] for x in labels] == ["2021 (revision 2020)"] + ["not overlaid"] * 3
    assert same_area_frame("2010", "2016") and not same_area_frame("2016", "2020")
    assert not same_area_frame(None, None)


def test_compare_two_reports_by_concept_keeps_the_caveats(release_out):
    df = compare_reports(release_out, "1444-2014", "0834-2021")
    both = df[df.share_a.notna() & df.share_b.notna()]
    assert len(both) >= 25
    ethics = df.set_index("concept_id").loc["ethics"]
    assert ethics.relation == "partial" and "indicative" in ethics.caveat
    same = df[df.relation == "same"]
    assert same.caveat.isna().all()
    assert df[df.relation.isin(["reworded", "split", "merged"])].caveat.notna().all()
    one_sided = df[df.share_b.isna()]
    assert one_sided.relation.isna().all() and one_sided.caveat.str.contains("revision 2020").all()
    ranks = {"same": 0, "reworded": 1, "split": 2, "merged": 2, "partial": 3}
    assert list(both.relation.map(ranks)) == sorted(both.relation.map(ranks))  # strongest comparisons first
    # either order of the two reports gives the same relations
    swapped = compare_reports(release_out, "0834-2021", "1444-2014").set_index("concept_id")
    assert swapped.loc["ethics"].relation == "partial"
    with pytest.raises(KeyError, match="no report"):
        compare_reports(release_out, "1444-2014", "9999-2000")


def test_the_plot_command_writes_the_comparison(release_out, tmp_path):
    out = tmp_path / "cmp.svg"
    cmd = [sys.executable, str(ROOT / "pipeline.py"), "plot", "--compare", "1444-2014", "0834-2021",
           "--corpus", str(release_out), "--output", str(out)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    first = out.read_bytes()
    assert b"<svg" in first
    assert subprocess.run(cmd, capture_output=True, text=True, timeout=120).returncode == 0
    assert out.read_bytes() == first
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "plot", "--compare", "1444-2014", "0000-1999",
                        "--corpus", str(release_out), "--output", str(out)], capture_output=True, text=True)
    assert p.returncode == 2 and "no report" in p.stderr


def test_matplotlib_is_loaded_only_to_plot():
    code = ("import sys, pipeline, run.job, run.write, release.plots, release.datapackage, release.compare;"
            "print('matplotlib' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert p.stdout.strip() == "False", p.stderr


def test_a_cached_kompassros_is_not_drawn_again(release_out, tmp_path, monkeypatch):
    reports, areas = _corpus(release_out)
    cache = tmp_path / "cache"
    first = plots.kompassros_files(reports, areas, cache=cache)
    (cache / "stale.svg").write_bytes(b"old")

    def no_drawing(*a, **kw):
        raise AssertionError("drawn although cached")
    monkeypatch.setattr(plots, "kompassros", no_drawing)
    assert plots.kompassros_files(reports, areas, cache=cache) == first
    assert not (cache / "stale.svg").exists() and len(list(cache.iterdir())) == len(REPORTS)
    for r in reports:  # a changed score draws that report's plot again
        if r["report_id"] == "0834-2021":
            r["total_score"] = 1.0
    with pytest.raises(AssertionError, match="drawn although cached"):
        plots.kompassros_files(reports, areas, cache=cache)


def test_an_unknown_area_breaks_the_kompassros_line_and_png_still_draws(release_out):
    reports, areas = _corpus(release_out)
    me = next(r for r in reports if r["report_id"] == "0834-2021")
    mine = [dict(a) for a in areas if a["report_id"] == me["report_id"]]
    svg = plots.kompassros(me, reports, mine).decode("utf-8")
    assert svg.count("<polygon") == 1 and svg.count("<polyline") == 1 and svg.count("<circle cx") >= 8 + 4
    for a in mine:
        if a["area_no"] in (3, 6):
            a["score"] = None
    svg = plots.kompassros(me, reports, mine).decode("utf-8")
    assert "<polygon" not in svg  # no fill without every area
    assert svg.count("<polyline") == 2  # 4-5 and 7-8-1-2: the unknown areas 3 and 6 break the line
    png = plots.kompassros(me, reports, mine, fmt="png")
    assert png.startswith(b"\x89PNG")
