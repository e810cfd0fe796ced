"""Static QA page of the corpus: DIR/qa/index.html plus DIR/qa/img/*.png.

    from qa.page import render
    files = render(corpus, sources_paths)   # {"qa/index.html": b"...", "qa/img/0834-2021-p30.png": b"..."}

`corpus.tables` holds the rows of SPEC.md ("sources", "reports", "area_scores",
"subquestion_scores", "findings"), `corpus.duplicates` maps a duplicate
source_path to (primary source_path, differences). `sources_paths` maps a
source_path to the file on disk (PDF pages are rendered from it).

The page is self-contained (inline CSS, no script needed) and a pure function
of its inputs: no timestamps, no absolute paths, every list in a fixed order,
so a rerun writes identical bytes. Checks that are computed here (sums,
header scores, label matches, rows not found on their page) are shown as
flags beside the rows; the pipeline's own issues are listed per report.
"""
from __future__ import annotations

import dataclasses
import html
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

from .images import DPI, Mark, Result
from .images import page_images as render_pages

MATCH_MIN = 90.0          # label similarity below this is flagged
PERCENT_SLACK = 10.0      # printed percent vs score/max, in percentage points (a note, not a flag): reports
                          # print their own rounded/graded percents, only a gross gap hints at a misread column
STATUS_ORDER = ["ok", "warning", "duplicate", "no_evaluation", "skipped", "failed"]
KINDS = [("strength", "Strengths", "S"), ("improvement", "Improvements", "I")]

__all__ = ["render"]


# ---------------------------------------------------------------- values

def _null(x) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return type(x).__name__ in ("NAType", "NaTType")


def _list(x) -> list:
    if x is None or isinstance(x, float) and math.isnan(x):
        return []
    if isinstance(x, str):
        return [x]
    try:
        return list(x)
    except TypeError:
        return [x]


def _num(x) -> str:
    if _null(x):
        return "–"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if f.is_integer():
        return str(int(f))
    return f"{f:.2f}".rstrip("0").rstrip(".")


def _int(x):
    if _null(x):
        return None
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def _eq(a, b) -> bool:
    return abs(float(a) - float(b)) < 1e-6


def _e(x) -> str:
    return html.escape("" if _null(x) else str(x), quote=True)


def _qorder(qno) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(qno or "").split(".")), str(qno or "")


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(s)).strip("_") or "report"


def _badge(status) -> str:
    s = "" if _null(status) else str(status)
    cls = s if s in STATUS_ORDER else "other"
    return f'<span class="badge b-{cls}">{_e(s or "–")}</span>'


def _flags(flags: list[str], notes: list[str] = ()) -> str:
    out = [f'<span class="flag">{_e(f)}</span>' for f in flags]
    out += [f'<span class="fnote">{_e(n)}</span>' for n in notes]
    return " ".join(out)


def _as_dict(r) -> dict:
    return dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r)


def _row_cls(flags) -> str:
    return "flagged" if flags else "clean"


# ---------------------------------------------------------------- entry point

def render(corpus, sources_paths=None) -> dict[str, bytes]:
    tables = getattr(corpus, "tables", None) or {}
    duplicates = getattr(corpus, "duplicates", None) or {}
    if not isinstance(sources_paths, Mapping):  # None (or not a mapping): use what the corpus knows
        sources_paths = getattr(corpus, "paths", None) or {}
    paths = {str(k): Path(v) for k, v in sources_paths.items() if v is not None}

    sources = sorted((_as_dict(r) for r in tables.get("sources", []) or []), key=lambda r: str(r.get("source_path")))
    reports = sorted((_as_dict(r) for r in tables.get("reports", []) or []), key=lambda r: str(r.get("report_id")))
    by_report: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name in ("area_scores", "subquestion_scores", "findings"):
        for r in tables.get(name, []) or []:
            r = _as_dict(r)
            by_report[str(r.get("report_id"))][name].append(r)
    source_by_path = {str(s.get("source_path")): s for s in sources}

    files: dict[str, bytes] = {}
    sections, summaries = [], []
    rendered = _render_all(reports, by_report, source_by_path, paths)
    used_slugs: set[str] = set()
    for rep in reports:
        rid = str(rep.get("report_id"))
        slug = _slug(rid)
        while slug in used_slugs:
            slug += "_"
        used_slugs.add(slug)
        try:
            sec, summary, imgs = _report_section(rep, slug, by_report[rid], source_by_path, duplicates, paths,
                                                 rendered)
        except Exception as e:  # one report's odd data must not cost the steward the whole page
            sec = (f'<section class="report" id="{_e(rid)}"><h2>{_e(rid)}</h2>'
                   f'<p class="flag">QA page could not show this report ({_e(type(e).__name__)}: {_e(e)})</p></section>')
            summary, imgs = dict(rep=rep, flags=1, warnings=0, unmarked=0), {}
        sections.append(sec)
        summaries.append(summary)
        files.update(imgs)

    page = _page(sources, reports, summaries, sections)
    files["qa/index.html"] = page.encode("utf-8")
    return dict(sorted(files.items()))


# ---------------------------------------------------------------- the page

CSS = """
:root{--fg:#1d2430;--muted:#6b7482;--line:#dfe3e8;--bg:#f6f7f9;--head:#eef1f5;--warn:#fff3cd;--warnb:#e0a800;
--bad:#fde8e8;--badfg:#a4161a;--ok:#e3f5e8;--okfg:#1e6b34}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:#243447;color:#fff;padding:14px 24px}
header.top h1{margin:0 0 6px;font-size:20px;font-weight:600}
header.top .counts{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
header.top .counts b{margin-right:4px}
header.top label{margin-left:auto;font-size:13px;cursor:pointer}
main{padding:16px 24px 60px;max-width:1500px}
h2{font-size:18px;margin:0 0 8px}
h3{font-size:15px;margin:22px 0 6px;border-bottom:1px solid var(--line);padding-bottom:3px}
h4{font-size:14px;margin:14px 0 4px}
section.block,section.report{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 18px;margin:0 0 18px}
section.report{border-top:4px solid #8aa2bd}
section.report.st-warning{border-top-color:var(--warnb)}
table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--head);position:sticky;top:0;z-index:1;font-weight:600;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
tr.flagged,tbody tr.flagged:nth-child(even){background:#fff6f6;box-shadow:inset 3px 0 0 var(--badfg)}
tfoot td{font-weight:600;border-top:2px solid var(--line)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.flags{min-width:190px}
td.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e4e7eb;color:#333;white-space:nowrap}
.b-ok{background:var(--ok);color:var(--okfg)}.b-warning{background:var(--warn);color:#7a5a00}
.b-duplicate{background:#e2ecfb;color:#1f4f8f}.b-no_evaluation{background:#ece6f7;color:#55397f}
.b-skipped{background:#eceff2;color:#555}.b-failed{background:var(--bad);color:var(--badfg)}
.flag{display:inline-block;background:var(--bad);color:var(--badfg);border-radius:4px;padding:0 6px;margin:1px 0;font-size:12px}
.fnote{display:inline-block;color:var(--muted);font-size:12px}
dl.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:2px 14px;margin:6px 0 4px}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
ul.issues{list-style:none;padding:0;margin:4px 0}
ul.issues li{padding:3px 8px;margin:2px 0;border-radius:4px}
ul.issues li.warning{background:var(--warn);border-left:4px solid var(--warnb)}
ul.issues li.note{color:var(--muted)}
ul.issues li.check{background:var(--bad);color:var(--badfg);border-left:4px solid var(--badfg)}
.muted{color:var(--muted)}
.findings{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}
.findings ol{margin:2px 0 8px;padding-left:26px}
.findings li{margin:1px 0}
.findings .pg{color:var(--muted);font-size:12px;margin-left:4px}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px;align-items:start}
figure{margin:0;border:1px solid var(--line);border-radius:4px;padding:6px;background:#fafbfc;min-width:0}
figure img{display:block;border:1px solid #ccd;max-width:100%;height:auto;background:#fff}
figcaption{font-size:12px;margin-top:4px}
figure:target{outline:3px solid #3b82f6}
tr:target{outline:2px solid #3b82f6}
.legend span{display:inline-block;padding:0 6px;border-radius:3px;margin-right:6px;font-size:12px}
.lg-q{background:rgba(64,140,255,.3)}.lg-s{background:rgba(51,204,77,.3)}.lg-i{background:rgba(255,153,26,.35)}
nav.toc table td{white-space:nowrap}
a{color:#1f5fae}
body:has(#only-flagged:checked) tbody tr.clean{display:none}
@media (max-width:900px){.findings{grid-template-columns:1fr}dl.meta{grid-template-columns:max-content 1fr}}
"""


def _page(sources, reports, summaries, sections) -> str:
    counts = Counter(str(s.get("status")) for s in sources)
    order = [s for s in STATUS_ORDER if counts[s]] + sorted(s for s in counts if s not in STATUS_ORDER)
    rep_counts = Counter(str(r.get("status")) for r in reports)
    rep_order = [s for s in STATUS_ORDER if rep_counts[s]] + sorted(s for s in rep_counts if s not in STATUS_ORDER)
    head_counts = " ".join(f"{_badge(s)}&nbsp;{counts[s]}" for s in order) or '<span class="muted">none</span>'
    head_reps = " ".join(f"{_badge(s)}&nbsp;{rep_counts[s]}" for s in rep_order) or '<span class="muted">none</span>'
    report_ids = {str(r.get("report_id")) for r in reports}

    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width,initial-scale=1">'
           '<title>Kommunkompassen corpus – QA</title>'
           f'<style>{CSS}</style></head><body>',
           '<header class="top"><h1>Kommunkompassen corpus – QA</h1>',
           f'<div class="counts"><b>{len(sources)} source file(s):</b> {head_counts}'
           f'&ensp;<b>{len(reports)} report(s):</b> {head_reps}'
           '<label><input type="checkbox" id="only-flagged"> show only flagged rows</label></div></header><main>']

    # reports overview
    out.append('<section class="block"><nav class="toc"><h2>Reports</h2>')
    if summaries:
        out.append('<table><thead><tr><th>report</th><th>municipality</th><th class="n">year</th><th>revision</th>'
                   '<th class="n">total</th><th>status</th><th class="n">warnings</th><th class="n">QA flags</th>'
                   '<th>primary source</th></tr></thead><tbody>')
        for s in summaries:
            r = s["rep"]
            flagged = s["flags"] or s["warnings"]
            out.append(
                f'<tr class="{_row_cls(flagged)}"><td><a href="#{_e(r.get("report_id"))}">{_e(r.get("report_id"))}</a></td>'
                f'<td>{_e(r.get("municipality"))}</td><td class="n">{_e(_int(r.get("year")))}</td>'
                f'<td>{_e(r.get("revision"))}</td>'
                f'<td class="n">{_num(r.get("total_score"))} / {_num(r.get("total_max"))}</td>'
                f'<td>{_badge(r.get("status"))}</td><td class="n">{s["warnings"]}</td>'
                f'<td class="n">{s["flags"]}</td><td class="path">{_e(r.get("primary_source"))}</td></tr>')
        out.append('</tbody></table>')
    else:
        out.append('<p class="muted">No report was read.</p>')
    out.append('</nav></section>')

    # sources
    out.append('<section class="block" id="sources"><h2>Sources</h2>')
    if sources:
        out.append('<table><thead><tr><th>source</th><th>format</th><th>extraction</th><th>status</th>'
                   '<th>message</th><th>report</th><th class="n">pages</th></tr></thead><tbody>')
        for s in sources:
            rid = s.get("report_id")
            rcell = (f'<a href="#{_e(rid)}">{_e(rid)}</a>' if not _null(rid) and str(rid) in report_ids
                     else _e(rid))
            bad = str(s.get("status")) in ("warning", "failed")
            out.append(
                f'<tr class="{_row_cls(bad)}"><td class="path">{_e(s.get("source_path"))}</td><td>{_e(s.get("format"))}</td>'
                f'<td>{_e(s.get("extraction"))}</td><td>{_badge(s.get("status"))}</td>'
                f'<td>{_e(s.get("message"))}</td><td>{rcell}</td><td class="n">{_e(_int(s.get("pages")))}</td></tr>')
        out.append('</tbody></table>')
    else:
        out.append('<p class="muted">No input files.</p>')
    out.append('</section>')

    out.extend(sections)
    out.append('</main></body></html>\n')
    return "\n".join(out)


# ---------------------------------------------------------------- one report

def _sorted_rows(rows):
    subs = sorted(rows["subquestion_scores"],
                  key=lambda q: ((_int(q.get("area_no")) or 0), _qorder(q.get("question_no"))))
    kind_rank = {k: i for i, (k, _, _) in enumerate(KINDS)}
    finds = sorted(rows["findings"], key=lambda f: ((_int(f.get("area_no")) or 0), kind_rank.get(f.get("kind"), 9),
                                                    (_int(f.get("position")) or 0), str(f.get("text"))))
    return subs, finds


def _marks(subs, finds, is_pdf) -> tuple[list[Mark], dict, dict]:
    """What to mark on the page images: every sub-question row and finding
    with a page (keys follow the sorted order, so they are stable)."""
    marks: list[Mark] = []
    q_key, f_key = {}, {}
    for i, q in enumerate(subs):
        key = f"q{i}"
        q_key[id(q)] = key
        pg = _int(q.get("page"))
        if is_pdf and pg is not None and not _null(q.get("label")):
            marks.append(Mark(key, "question", str(q.get("question_no") or "?"), str(q.get("label")), pg))
    for i, f in enumerate(finds):
        key = f"f{i}"
        f_key[id(f)] = key
        pg = _int(f.get("page"))
        if is_pdf and pg is not None and not _null(f.get("text")):
            letter = "S" if f.get("kind") == "strength" else "I"
            marks.append(Mark(key, str(f.get("kind")), f"{letter}{_int(f.get('area_no'))}.{_int(f.get('position'))}",
                              str(f.get("text")), pg))
    return marks, q_key, f_key


def _is_pdf(rep, source_by_path) -> bool:
    primary = str(rep.get("primary_source") or "")
    fmt = source_by_path.get(primary, {}).get("format") or ("pdf" if primary.lower().endswith(".pdf") else None)
    return fmt == "pdf"


def _render_all(reports, by_report, source_by_path, paths) -> dict[str, Result]:
    """Page images of every PDF report, rendered on all cores: encoding the
    images is most of the QA page's cost."""
    jobs = []
    for rep in reports:
        rid = str(rep.get("report_id"))
        primary = str(rep.get("primary_source") or "")
        if not _is_pdf(rep, source_by_path) or primary not in paths:
            continue
        marks = _marks(*_sorted_rows(by_report[rid]), True)[0]
        if marks:
            jobs.append((rid, paths[primary], marks, primary))
    if len(jobs) < 2:
        return {}
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    try:
        with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1),
                                 mp_context=mp.get_context("fork")) as ex:
            results = ex.map(render_pages, [j[1] for j in jobs], [j[2] for j in jobs], [j[3] for j in jobs])
            return {j[0]: r for j, r in zip(jobs, results)}
    except Exception:  # a broken pool only costs the speed-up: render one by one
        return {}


def _report_section(rep, slug, rows, source_by_path, duplicates, paths, rendered=None):
    rendered = rendered or {}
    rid = str(rep.get("report_id"))
    areas = sorted(rows["area_scores"], key=lambda a: (_int(a.get("area_no")) or 0))
    subs, finds = _sorted_rows(rows)
    primary = str(rep.get("primary_source") or "")
    psrc = source_by_path.get(primary, {})
    fmt = psrc.get("format") or ("pdf" if primary.lower().endswith(".pdf") else None)
    is_pdf = _is_pdf(rep, source_by_path)

    # ---- page images (PDF primaries only)
    marks, q_key, f_key = _marks(subs, finds, is_pdf)
    res = Result()
    pdf_note = None
    if is_pdf and marks:
        path = paths.get(primary)
        if path is None:
            pdf_note = f"{primary} is not available to the QA page: pages not rendered"
        else:
            res = rendered[rid] if rid in rendered else render_pages(path, marks, primary)
            pdf_note = res.error
    imgs: dict[str, bytes] = {}
    img_anchor: dict[int, str] = {}
    for pno, im in sorted(res.images.items()):
        rel = f"img/{slug}-p{pno}.png"
        imgs[f"qa/{rel}"] = im.png
        img_anchor[pno] = f"{slug}-p{pno}"

    def page_cell(pg, key):
        if pg is None:
            return "–"
        if pg in img_anchor:
            return f'<a href="#{_e(img_anchor[pg])}">p.&nbsp;{pg}</a>'
        return f"p.&nbsp;{pg}"

    def locate_flags(key, pg, what):
        if key in res.bad_page:
            return [f"page {pg} is not in the PDF ({res.bad_page[key]} pages)"]
        if res.found.get(key) is False:
            return [f"{what} not found on p. {pg}"]
        return []

    n_flags = 0

    # ---- sub-questions (and their sums per area)
    sub_sum, sub_max, n_sub = defaultdict(float), defaultdict(float), Counter()
    for q in subs:
        a = _int(q.get("area_no"))
        n_sub[a] += 1
        if not _null(q.get("score")):
            sub_sum[a] += float(q.get("score"))
        if not _null(q.get("max")):
            sub_max[a] += float(q.get("max"))
    qno_count = Counter(str(q.get("question_no")) for q in subs)
    sub_rows = []
    for q in subs:
        flags, notes = [], []
        a, qno, pg = _int(q.get("area_no")), q.get("question_no"), _int(q.get("page"))
        ms = q.get("match_score")
        if _null(ms):
            flags.append("no label match score")
        elif float(ms) < MATCH_MIN:
            flags.append(f"label match {_num(ms)} < {_num(MATCH_MIN)}")
        if _null(q.get("question_id")):
            flags.append("no question_id")
        if _null(q.get("score")) or _null(q.get("max")):
            flags.append("score or max missing")
        else:
            if float(q.get("score")) > float(q.get("max")) + 1e-9:
                flags.append("score above max")
            if float(q.get("score")) < 0:
                flags.append("negative score")
            if not _null(q.get("percent")) and float(q.get("max")) > 0:
                pc = 100 * float(q.get("score")) / float(q.get("max"))
                if abs(pc - float(q.get("percent"))) > PERCENT_SLACK:
                    notes.append(f"score/max = {_num(round(pc, 1))} %")
        if qno is not None and a is not None and str(qno).split(".")[0] != str(a):
            flags.append(f"question_no not in area {a}")
        if qno_count[str(qno)] > 1:
            flags.append("question_no repeated")
        if is_pdf and pg is None:
            flags.append("no page")
        flags += locate_flags(q_key[id(q)], pg, "label")
        n_flags += bool(flags)
        anchor = f"{slug}-q{qno}"
        sub_rows.append(
            f'<tr class="{_row_cls(flags)}" id="{_e(anchor)}"><td class="n">{_e(a)}</td><td>{_e(qno)}</td>'
            f'<td>{_e(q.get("label"))}</td><td>{_e(q.get("question_id"))}</td><td class="n">{_num(ms)}</td>'
            f'<td class="n">{_num(q.get("score"))}</td><td class="n">{_num(q.get("max"))}</td>'
            f'<td class="n">{_num(q.get("percent"))}</td><td>{_e(q.get("concept_id"))}</td>'
            f'<td class="n">{page_cell(pg, q_key[id(q)])}</td><td class="flags">{_flags(flags, notes)}</td></tr>')

    # ---- areas
    area_rows = []
    seen_areas = set()
    tot_score = tot_max = 0.0
    for ar in areas:
        flags, notes = [], []
        a = _int(ar.get("area_no"))
        seen_areas.add(a)
        score, mx, hs = ar.get("score"), ar.get("max"), ar.get("header_score")
        if _null(score):
            flags.append("no score")
        else:
            tot_score += float(score)
            if not _null(hs) and not _eq(hs, score):
                flags.append(f"header score {_num(hs)} ≠ score {_num(score)}")
            if n_sub[a] and not _eq(sub_sum[a], score):
                flags.append(f"sub-questions sum to {_num(sub_sum[a])} ≠ {_num(score)}")
            if not _null(mx) and float(score) > float(mx) + 1e-9:
                flags.append("score above max")
        if not _null(mx):
            tot_max += float(mx)
            if n_sub[a] and not _eq(sub_max[a], mx):
                flags.append(f"sub-question max sum to {_num(sub_max[a])} ≠ {_num(mx)}")
            if not _null(score) and not _null(ar.get("percent")) and float(mx) > 0:
                pc = 100 * float(score) / float(mx)
                if abs(pc - float(ar.get("percent"))) > PERCENT_SLACK:
                    notes.append(f"score/max = {_num(round(pc, 1))} %")
        if subs and not n_sub[a]:
            flags.append("no sub-questions")
        n_flags += bool(flags)
        sums = f'{_num(sub_sum[a])} / {_num(sub_max[a])}' if n_sub[a] else "–"
        area_rows.append(
            f'<tr class="{_row_cls(flags)}" id="{_e(slug)}-a{_e(a)}"><td class="n">{_e(a)}</td><td>{_e(ar.get("area_name"))}</td>'
            f'<td>{_e(ar.get("heading_name"))}</td><td class="n">{_num(score)}</td><td class="n">{_num(mx)}</td>'
            f'<td class="n">{_num(ar.get("percent"))}</td><td class="n">{_num(hs)}</td>'
            f'<td class="n">{sums}</td><td class="flags">{_flags(flags, notes)}</td></tr>')

    # ---- report-level checks computed here
    checks = []
    missing = [n for n in range(1, 9) if n not in seen_areas]
    if missing:
        checks.append(f"areas missing: {', '.join(map(str, missing))}")
    extra = sorted(a for a in seen_areas if a is None or not 1 <= a <= 8)
    if extra:
        checks.append(f"unexpected area numbers: {', '.join(map(str, extra))}")
    if areas and not _null(rep.get("total_score")) and not _eq(tot_score, rep.get("total_score")):
        checks.append(f"area scores sum to {_num(tot_score)} ≠ total_score {_num(rep.get('total_score'))}")
    if areas and not missing and not _null(rep.get("total_max")) and not _eq(tot_max, rep.get("total_max")):
        checks.append(f"area max sum to {_num(tot_max)} ≠ total_max {_num(rep.get('total_max'))}")
    if not subs:
        checks.append("no sub-question rows")
    if not finds:
        checks.append("no findings")
    for (a, kind), items in sorted(_group_findings(finds).items(), key=lambda kv: ((kv[0][0] or 0), kv[0][1])):
        pos = [_int(f.get("position")) for f in items]
        if pos != list(range(1, len(pos) + 1)):
            checks.append(f"area {a} {kind} positions are {', '.join(map(str, pos))} (expected 1–{len(pos)})")
    n_flags += len(checks)

    # ---- findings
    find_html = []
    f_flags = 0
    grouped = _group_findings(finds)
    area_names = {_int(ar.get("area_no")): ar.get("area_name") for ar in areas}
    for a in sorted({k[0] for k in grouped}, key=lambda x: (x is None, x or 0)):
        find_html.append(f'<h4>{_e(a)}. {_e(area_names.get(a, ""))}</h4><div class="findings">')
        for kind, title, _ in KINDS:
            items = grouped.get((a, kind), [])
            find_html.append(f'<div><div class="muted">{title} ({len(items)})</div><ol>')
            for f in items:
                pg = _int(f.get("page"))
                fl = locate_flags(f_key[id(f)], pg, "text")
                if is_pdf and pg is None:
                    fl.append("no page")
                f_flags += bool(fl)
                pos = _int(f.get("position"))
                val = f' value="{pos}"' if pos is not None else ""
                pgs = f'<span class="pg">{page_cell(pg, f_key[id(f)])}</span>' if pg is not None else ""
                find_html.append(f'<li{val}>{_e(f.get("text"))}{pgs} {_flags(fl)}</li>')
            find_html.append('</ol></div>')
        find_html.append('</div>')
    n_flags += f_flags

    # ---- issues of the pipeline
    issues = [str(i) for i in _list(rep.get("issues"))]
    warns = [i for i in issues if i.startswith("warning")]
    notes = [i for i in issues if not i.startswith("warning")]

    # ---- duplicates of this report
    dups = sorted((p, d) for p, d in duplicates.items() if d and str(d[0]) == primary)

    # ---- assemble
    status = str(rep.get("status") or "")
    ev = ", ".join(str(x) for x in _list(rep.get("evaluators"))) or "–"
    h = [f'<section class="report st-{_e(status)}" id="{_e(rid)}">',
         f'<h2>{_e(rid)} · {_e(rep.get("municipality"))} {_e(_int(rep.get("year")))} {_badge(status)}</h2>',
         '<dl class="meta">',
         f'<dt>municipality</dt><dd>{_e(rep.get("municipality"))}</dd>',
         f'<dt>code</dt><dd>{_e(rep.get("municipality_code"))}</dd>',
         f'<dt>year</dt><dd>{_e(_int(rep.get("year")))}</dd>',
         f'<dt>month</dt><dd>{_e(_int(rep.get("month"))) or "–"}</dd>',
         f'<dt>revision</dt><dd>{_e(rep.get("revision"))}</dd>',
         f'<dt>evaluators</dt><dd>{_e(ev)}</dd>',
         f'<dt>total</dt><dd><b>{_num(rep.get("total_score"))}</b> / {_num(rep.get("total_max"))}</dd>',
         f'<dt>primary source</dt><dd class="path">{_e(primary)} <span class="muted">({_e(fmt)}, '
         f'{_e(psrc.get("extraction"))})</span></dd>',
         '</dl>']
    h.append(f'<h3>Issues ({len(warns)} warning(s), {len(notes)} note(s))</h3>')
    if issues or checks or pdf_note:
        h.append('<ul class="issues">')
        h += [f'<li class="check">QA check: {_e(c)}</li>' for c in checks]
        h += [f'<li class="warning">{_e(i)}</li>' for i in warns]
        h += [f'<li class="note">{_e(i)}</li>' for i in notes]
        if pdf_note:
            h.append(f'<li class="note">QA page: {_e(pdf_note)}</li>')
        h.append('</ul>')
    else:
        h.append('<p class="muted">None.</p>')

    if dups:
        h.append(f'<h3>Duplicate files of this evaluation ({len(dups)})</h3><table><thead><tr><th>source</th>'
                 '<th>format</th><th>differences from the primary</th></tr></thead><tbody>')
        for p, (_, diffs) in dups:
            diffs = [str(x) for x in _list(diffs)]
            cell = ("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in diffs) + "</ul>" if diffs
                    else '<span class="muted">no differences in scores or findings</span>')
            h.append(f'<tr class="{_row_cls(diffs)}"><td class="path">{_e(p)}</td>'
                     f'<td>{_e(source_by_path.get(p, {}).get("format"))}</td><td>{cell}</td></tr>')
        h.append('</tbody></table>')

    h.append(f'<h3>Areas ({len(areas)})</h3>')
    if areas:
        h.append('<table class="areas"><thead><tr><th class="n">area</th><th>area name</th><th>heading name</th>'
                 '<th class="n">score</th><th class="n">max</th><th class="n">percent</th>'
                 '<th class="n">header score</th><th class="n">sub-question sum</th><th>flags</th></tr></thead><tbody>')
        h += area_rows
        h.append(f'</tbody><tfoot><tr><td></td><td colspan="2">sum of areas (report total: '
                 f'{_num(rep.get("total_score"))} / {_num(rep.get("total_max"))})</td>'
                 f'<td class="n">{_num(tot_score)}</td><td class="n">{_num(tot_max)}</td>'
                 f'<td colspan="4"></td></tr></tfoot></table>')
    else:
        h.append('<p class="muted">No area rows.</p>')

    h.append(f'<h3>Sub-questions ({len(subs)})</h3>')
    if subs:
        h.append('<table class="subs"><thead><tr><th class="n">area</th><th>no</th><th>label</th><th>question_id</th>'
                 '<th class="n">match</th><th class="n">score</th><th class="n">max</th><th class="n">percent</th>'
                 '<th>concept</th><th class="n">page</th><th>flags</th></tr></thead><tbody>')
        h += sub_rows
        h.append('</tbody></table>')
    else:
        h.append('<p class="muted">No sub-question rows.</p>')

    h.append(f'<h3>Findings ({len(finds)})</h3>')
    h += find_html or ['<p class="muted">No findings.</p>']

    if res.images:
        h.append(f'<h3>Pages read ({len(res.images)})</h3>'
                 '<p class="legend">Marked on the page: <span class="lg-q">sub-question label (tag = question no)</span>'
                 '<span class="lg-s">strength (S&lt;area&gt;.&lt;n&gt;)</span>'
                 '<span class="lg-i">improvement (I&lt;area&gt;.&lt;n&gt;, tag in the right margin)</span>'
                 f'<span class="muted">rendered at {DPI} dpi</span></p><div class="gallery">')
        for pno, im in sorted(res.images.items()):
            rel = f"img/{slug}-p{pno}.png"
            missed = [m.tag for m in im.marks if res.found.get(m.key) is False]
            cap = [f'<b>page {pno}</b>: {_e(_tags(im.marks))}']
            if not im.text_layer:
                cap.append('<span class="fnote">no text layer: rows could not be marked</span>')
            if missed:
                cap.append(f'<span class="flag">not found on the page: {_e(", ".join(missed))}</span>')
            h.append(f'<figure id="{_e(img_anchor[pno])}"><a href="{_e(rel)}"><img src="{_e(rel)}" '
                     f'width="{im.width}" height="{im.height}" loading="lazy" '
                     f'alt="{_e(primary)} page {pno}"></a><figcaption>{" ".join(cap)}</figcaption></figure>')
        h.append('</div>')
    h.append('</section>')
    summary = dict(rep=rep, flags=n_flags, warnings=len(warns))
    return "\n".join(h), summary, imgs


def _group_findings(finds):
    g: dict[tuple, list] = defaultdict(list)
    for f in finds:
        g[(_int(f.get("area_no")), str(f.get("kind")))].append(f)
    return g


def _tags(marks: list[Mark]) -> str:
    qs = [m.tag for m in marks if m.kind == "question"]
    ss = [m.tag for m in marks if m.kind == "strength"]
    iz = [m.tag for m in marks if m.kind == "improvement"]
    parts = []
    if qs:
        parts.append("sub-questions " + ", ".join(qs))
    if ss:
        parts.append("strengths " + ", ".join(ss))
    if iz:
        parts.append("improvements " + ", ".join(iz))
    return "; ".join(parts)
