"""The QA page as plain data. Pure functions from the corpus (and the results
of rendering its page images) to view-model dataclasses that the templates
only lay out: every list ordered, every number formatted, every flag placed
(qa.flags) here. No I/O, no HTML.

    page = build(corpus, images)   # images: report_id -> qa.images.Result
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from normalize.dedup import entry_of, path_of
from store.schema import STATUS_ORDER, Status

from . import flags as fl
from .flags import Flag
from .images import Result, finding_key, finding_tag, question_key
from .pdfmarks import IMAGE_EXT
from .model import (AreaRow, Duplicate, Figure, FindingArea, FindingItem, FindingKind, IssueItem, PageRef, PageView,
                    ReportView, SourceLine, SubRow, TagRef, TotalRow)

KINDS = (("strength", "Strengths"), ("improvement", "Improvements"))
STATUSES = tuple(str(s) for s in STATUS_ORDER)  # in the order a steward reads them
_SOURCE_ALARM = {str(Status.WARNING), str(Status.FAILED)}  # source statuses shown as flagged


# ---------------------------------------------------------------- values

def blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x) -> str:
    """A score as printed: integers without decimals, else at most two."""
    if blank(x):
        return "–"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if f.is_integer():
        return str(int(f))
    return f"{f:.2f}".rstrip("0").rstrip(".")


def text(x) -> str:
    return "–" if blank(x) or x == "" else str(x)


# OCR confidence (0-1) below these is shaded as low / middling on the page
# (shading for the eye; what may be wrong is named by the issues).
CONF_LOW = 0.80
CONF_MID = 0.90


def conf_band(c) -> str:
    """Display band of an OCR confidence: "lo", "mid", "hi" or "none" (text layer)."""
    if blank(c):
        return "none"
    return "lo" if c < CONF_LOW else "mid" if c < CONF_MID else "hi"


def conf_text(c) -> str:
    return "–" if blank(c) else f"{float(c):.2f}"


def band(match) -> str:
    """Display band of a label match score (shading only, never a flag)."""
    if blank(match):
        return "none"
    return "hi" if match >= 95 else "mid" if match >= 80 else "lo"


def slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(s)).strip("_") or "report"


def qorder(qno) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(qno or "").split(".")), str(qno or "")


def _counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    c = Counter(statuses)
    return [(s, c[s]) for s in STATUSES if c[s]] + sorted((s, n) for s, n in c.items() if s not in STATUSES)


def _sum(values) -> str:
    vals = [v for v in values if not blank(v)]
    return num(sum(vals)) if vals else "–"


# ---------------------------------------------------------------- the page

def build(corpus, images: Mapping[str, Result] | None = None, plots: Mapping[str, str] | None = None,
          links: list[tuple[str, str]] | None = None) -> PageView:
    """The whole page. `images` maps a report_id to its page images' Result
    (absent: the report's pages were not rendered); `plots` a report_id to
    its kompassros and `links` (label, path) to the corpus's other files, each
    path relative to the corpus folder."""
    images = images or {}
    plots = plots or {}
    tables = getattr(corpus, "tables", None) or {}
    duplicates = getattr(corpus, "duplicates", None) or {}
    reports = sorted(getattr(corpus, "reports", None) or [], key=lambda r: str(r.report.report_id))
    sources = sorted(tables.get("sources") or [], key=lambda s: str(s.source_path))
    by_path = {s.source_path: s for s in sources}

    views, used = [], set()
    for rows in reports:
        rid = str(rows.report.report_id)
        s = slug(rid)
        while s in used:
            s += "_"
        used.add(s)
        try:
            views.append(report_view(rows, s, by_path, duplicates, images.get(rid)))
        except Exception as e:  # one report's odd data must not cost the steward the whole page
            views.append(ReportView(rid, rid, s, str(rows.report.status), level=fl.WARNING,
                                    error=f"QA page could not show this report ({type(e).__name__}: {e})"))
    for v in views:
        if v.report_id in plots:
            v.plot = f"../{plots[v.report_id]}"
    anchors = {v.report_id: v.anchor for v in views}
    lines = [SourceLine(
        path=s.source_path, format=text(s.format), extraction=text(s.extraction), status=str(s.status),
        message=s.message or "", report=text(s.report_id),
        report_href=f"#{anchors[s.report_id]}" if s.report_id in anchors else None,
        pages=text(s.pages), level=fl.WARNING if str(s.status) in _SOURCE_ALARM else fl.CLEAN) for s in sources]
    return PageView(sources=lines, source_counts=_counts(str(s.status) for s in sources),
                    report_counts=_counts(v.status for v in views), reports=views,
                    warnings=sum(v.warnings for v in views), notes=sum(v.notes for v in views),
                    qa_flags=sum(v.qa_flags for v in views),
                    links=[(label, f"../{path}") for label, path in links or []])


# ---------------------------------------------------------------- one report

def primary_format(rows, sources: Mapping) -> str | None:
    """The format of the file a report's rows come from (pdf, docx, text)."""
    primary = rows.report.primary_source
    src = sources.get(primary)
    return (src.format if src is not None else None) or ("pdf" if primary.lower().endswith(".pdf") else None)


def report_view(rows, s: str, sources: Mapping, duplicates: Mapping, result: Result | None) -> ReportView:
    """One report (a normalize.assemble.ReportRows) and its page images."""
    rep = rows.report
    primary = rep.primary_source
    src = sources.get(primary)
    fmt = primary_format(rows, sources)
    is_pdf = fmt == "pdf"
    figs = {pno: f"{s}-p{pno}" for pno in sorted(result.images)} if result else {}

    def ref(page) -> PageRef | None:
        return None if page is None else PageRef(int(page), f"#{figs[page]}" if page in figs else None)

    placed = fl.place(rows.issues, {q.question_no for q in rows.subquestions}, {a.area_no for a in rows.areas})
    mark_level: dict[str, str] = {}  # mark key -> level of its row (for the figures)
    href_of: dict[str, str] = {}  # mark key -> anchor of its row

    # sub-questions, in area and question order; repeated numbers keep apart
    subs, seen = [], Counter()
    q_order = sorted(range(len(rows.subquestions)),
                     key=lambda i: (rows.subquestions[i].area_no, qorder(rows.subquestions[i].question_no), i))
    q_anchor: dict[str, str] = {}
    for i in q_order:
        q = rows.subquestions[i]
        seen[q.question_no] += 1
        anchor = f"{s}-q{q.question_no}" + (f"-{seen[q.question_no]}" if seen[q.question_no] > 1 else "")
        q_anchor.setdefault(q.question_no, anchor)
        key = question_key(i)
        flags = [fl.from_issue(x) for x in placed.questions.get(q.question_no, [])]
        flags += fl.image_flags(key, q.page, result, is_pdf)
        lv = fl.level(flags)
        mark_level[key], href_of[key] = lv, f"#{anchor}"
        subs.append(SubRow(anchor=anchor, area=str(q.area_no), no=q.question_no, label=q.label,
                           question_id=text(q.question_id), match=num(q.match_score), match_band=band(q.match_score),
                           score=num(q.score), max=num(q.max), percent=num(q.percent), concept=text(q.concept_id),
                           page=ref(q.page), flags=flags, level=lv, conf=conf_text(q.confidence),
                           conf_band=conf_band(q.confidence)))

    # areas, with the sub-questions' sums beside them as values
    by_area: dict[int, list] = {}
    for q in rows.subquestions:
        by_area.setdefault(q.area_no, []).append(q)
    areas = []
    for a in sorted(rows.areas, key=lambda a: a.area_no):
        own = by_area.get(a.area_no, [])
        flags = [fl.from_issue(x) for x in placed.areas.get(a.area_no, [])]
        areas.append(AreaRow(
            anchor=f"{s}-a{a.area_no}", area=str(a.area_no), name=text(a.area_name), heading_name=text(a.heading_name),
            score=num(a.score), max=num(a.max), percent=num(a.percent), header_score=num(a.header_score),
            sub_sum=f"{_sum(q.score for q in own)} / {_sum(q.max for q in own)}" if own else "–",
            flags=flags, level=fl.level(flags), conf=conf_text(a.confidence), conf_band=conf_band(a.confidence)))
    total_flags = [fl.from_issue(x) for x in placed.total]
    total = TotalRow(anchor=f"{s}-total", area_score_sum=_sum(a.score for a in rows.areas),
                     area_max_sum=_sum(a.max for a in rows.areas), total_score=num(rep.total_score),
                     total_max=num(rep.total_max), flags=total_flags, level=fl.level(total_flags))

    findings, n_findings = _findings(rows, s, placed, result, is_pdf, ref, mark_level, href_of)

    # report-level facts of this page
    page_facts: list[Flag] = []
    if is_pdf and result is not None and result.error:
        page_facts.append(Flag(fl.NOTE, result.error, "qa_pages", qa=True))

    anchors = {("question", k): v for k, v in q_anchor.items()}
    anchors.update({("area", int(a.area)): a.anchor for a in areas})
    anchors.update({("findings", int(f.area)): f.anchor for f in findings if f.area.isdigit()})
    anchors[("total", None)] = total.anchor
    issues = []
    for severity in (fl.WARNING, fl.NOTE):  # warnings first, each in the order the checks gave them
        for x, target in zip(rows.issues, placed.target):
            if str(x.severity) == severity:
                if target in anchors:
                    href, where = f"#{anchors[target]}", " ".join(str(t) for t in target if t is not None)
                elif x.page in figs:  # not about a row, but about a page that is shown
                    href, where = f"#{figs[x.page]}", f"page {x.page}"
                else:
                    href = where = None
                issues.append(IssueItem(severity, x.text, x.code, False, href, where))
        issues += [IssueItem(f.severity, f"QA page: {f.text}", f.code, True, None, None)
                   for f in page_facts if f.severity == severity]

    row_flags = [f for r in (*subs, *areas, total) for f in r.flags]
    row_flags += [f for fa in findings for f in fa.flags]
    row_flags += [f for fa in findings for k in fa.kinds for it in k.items for f in it.flags]
    qa_count = sum(1 for f in row_flags if f.qa) + len(page_facts)
    figures = _figures(rows, s, primary, result, mark_level, href_of)
    _ocr_values(figures, rows, href_of)

    entry = entry_of(primary, rows)  # a compilation's evaluation is "<file>#<report_id>"
    dups = sorted((p, d) for p, d in duplicates.items() if d and d[0] == entry)
    return ReportView(
        report_id=str(rep.report_id), anchor=str(rep.report_id), slug=s, status=str(rep.status),
        level=fl.worst([fl.level(row_flags), *(i.severity for i in issues)]),
        municipality=text(rep.municipality), municipality_code=text(rep.municipality_code), year=text(rep.year),
        month=text(rep.month), revision=text(rep.revision), evaluators=", ".join(rep.evaluators or []) or "–",
        total_score=num(rep.total_score), total_max=num(rep.total_max), primary=primary, format=text(fmt),
        extraction=text(src.extraction if src is not None else None), issues=issues,
        warnings=sum(1 for x in rows.issues if x.is_warning), notes=sum(1 for x in rows.issues if not x.is_warning),
        qa_flags=qa_count,
        duplicates=[Duplicate(p, text(sources[path_of(p, sources)].format if path_of(p, sources) in sources else None),
                              [str(x) for x in diffs or []], fl.NOTE if diffs else fl.CLEAN) for p, (_, diffs) in dups],
        areas=areas, total=total if areas else None, subs=subs, findings=findings, n_findings=n_findings,
        figures=figures, ocr=str(src.extraction if src is not None else "") == "ocr")


def _findings(rows, s, placed, result, is_pdf, ref, mark_level, href_of) -> tuple[list[FindingArea], int]:
    """The findings by area, strengths then improvements, in their order."""
    kind_rank = {k: n for n, (k, _) in enumerate(KINDS)}
    order = sorted(range(len(rows.findings)), key=lambda i: (
        rows.findings[i].area_no, kind_rank.get(rows.findings[i].kind, 9),
        rows.findings[i].position if rows.findings[i].position is not None else 0, i))
    names = {a.area_no: a.area_name or a.heading_name for a in rows.areas}
    items: dict[tuple[int, str], list[FindingItem]] = {}
    used: set[str] = set()
    for i in order:
        f = rows.findings[i]
        key = finding_key(i)
        tag = finding_tag(f.kind, f.area_no, f.position)
        anchor = f"{s}-{tag}"
        while anchor in used:
            anchor += "_"
        used.add(anchor)
        flags = fl.image_flags(key, f.page, result, is_pdf)
        lv = fl.level(flags)
        mark_level[key], href_of[key] = lv, f"#{anchor}"
        items.setdefault((f.area_no, f.kind), []).append(FindingItem(
            anchor=anchor, tag=tag, position=f.position, text=f.text, page=ref(f.page), flags=flags, level=lv,
            conf=conf_text(f.confidence), conf_band=conf_band(f.confidence)))
    out = []
    for a in sorted({k[0] for k in items} | set(placed.findings)):
        flags = [fl.from_issue(x) for x in placed.findings.get(a, [])]
        kinds = [FindingKind(title, items.get((a, k), [])) for k, title in KINDS]
        kinds += [FindingKind(k, v) for (area, k), v in sorted(items.items()) if area == a and k not in kind_rank]
        lv = fl.worst([fl.level(flags), *(it.level for k in kinds for it in k.items)])
        out.append(FindingArea(anchor=f"{s}-findings-{a}", area=str(a), name=text(names.get(a)), flags=flags,
                               kinds=kinds, level=lv))
    return out, len(rows.findings)


_TAG_GROUPS = (("question", "sub-questions"), ("strength", "strengths"), ("improvement", "improvements"))


def _figures(rows, s, primary, result, mark_level, href_of) -> list[Figure]:
    if result is None:
        return []
    out = []
    for pno, im in sorted(result.images.items()):
        groups = []
        for kind, title in _TAG_GROUPS:
            refs = [TagRef(m.tag, href_of.get(m.key, ""), mark_level.get(m.key, fl.CLEAN),
                           result.found.get(m.key) if im.text_layer else None) for m in im.marks if m.kind == kind]
            if refs:
                groups.append((title, refs))
        out.append(Figure(
            anchor=f"{s}-p{pno}", src=f"img/{s}-p{pno}.{IMAGE_EXT}", width=im.width, height=im.height,
            alt=f"{primary} page {pno}", page=pno, tags=groups,
            missed=[m.tag for m in im.marks if result.found.get(m.key) is False], text_layer=im.text_layer,
            level=fl.worst(mark_level.get(m.key, fl.CLEAN) for m in im.marks)))
    return out


def _ocr_values(figures: list[Figure], rows, href_of) -> None:
    """Beside a page without a text layer, the OCR'd scores read from it (its
    rows cannot be marked on the picture), low confidence shaded."""
    for fig in figures:
        if fig.text_layer:
            continue
        for i, q in enumerate(rows.subquestions):
            if q.page == fig.page and not blank(q.confidence):
                value = f"{num(q.score)} / {num(q.max)}" + (f" ({num(q.percent)}%)" if not blank(q.percent) else "")
                fig.values.append((q.question_no, f"{value} · {conf_text(q.confidence)}", conf_band(q.confidence),
                                   href_of.get(question_key(i), "")))
