"""The kompassros (a radar of a report's 8 area shares): what it shows, as a
plain record, and that record written as SVG by hand.

    chart = rose_chart(report, reports, area_scores)   # -> Rose
    data = rose_svg(chart)                              # b"<?xml ... <svg ..."

Every run draws one kompassros per report. Written directly, an SVG takes
about a millisecond; through matplotlib it took 0.07 s a plot plus 0.35 s to
import matplotlib, a fifth of a batch's serial tail (issue 12). The chart is a
polygon on a polar grid, so nothing a plotting library does is needed here.
release/plots.py draws the same record with matplotlib for PNG and PDF.
The bytes are a pure function of the record: no date, no random ids.
"""
from __future__ import annotations

import math
import textwrap
from itertools import groupby
from dataclasses import dataclass, field
from html import escape

from normalize.catalogue import area_names

from .compare import AREA_CAVEAT, earlier_reports

CURRENT = "#1f4f8f"
EARLIER = ("#c05621", "#2a9d8f", "#8e44ad", "#6b7482")
GREY = "#6b7482"
AREAS = 8


@dataclass(frozen=True)
class Series:
    label: str
    shares: tuple[float, ...]  # per area 1..8, percent of the area's maximum; NaN where unknown
    colour: str
    current: bool  # the report itself (solid, filled) or an earlier one (dashed)


@dataclass(frozen=True)
class Rose:
    title: str
    subtitle: str
    area_labels: tuple[str, ...]  # "1. <name>", 8 of them
    series: tuple[Series, ...]  # the report first, then earlier ones, latest first
    not_overlaid: tuple[str, ...] = field(default=())  # legend lines of evaluations whose areas differ
    caveat: str = AREA_CAVEAT


def _share(row: dict) -> float:
    score, mx = row.get("score"), row.get("max") or 100.0
    if score is None or (isinstance(score, float) and math.isnan(score)) or not mx:
        return math.nan
    return 100.0 * float(score) / float(mx)


def series_label(r: dict) -> str:
    total = r.get("total_score")
    pts = f": {total:g} / {r.get('total_max') or 800:g}" if isinstance(total, (int, float)) else ""
    return f"{r.get('year') or '?'} (revision {r.get('revision') or '?'}){pts}"


def rose_chart(report: dict, reports: list[dict], area_scores: list[dict]) -> Rose:
    """The kompassros of one report, with the same municipality's earlier
    evaluations overlaid where their areas compare (release.compare.AREA_FRAMES)."""
    by_report: dict[str, dict[int, dict]] = {}
    for a in area_scores:
        by_report.setdefault(a["report_id"], {})[int(a["area_no"])] = a
    same, other = earlier_reports(reports, report)
    rev = report.get("revision")
    canon = area_names(rev) if rev else {}
    mine = by_report.get(report["report_id"], {})
    names = [(canon.get(n) or [None])[0] or (mine.get(n) or {}).get("area_name") or f"Område {n}"
             for n in range(1, AREAS + 1)]

    def shares(rid: str) -> tuple[float, ...]:
        rows = by_report.get(rid, {})
        return tuple(_share(rows.get(n, {})) for n in range(1, AREAS + 1))

    series = [Series(series_label(report), shares(report["report_id"]), CURRENT, True)]
    series += [Series(series_label(r), shares(r["report_id"]), EARLIER[i % len(EARLIER)], False)
               for i, r in enumerate(reversed(same))]  # the latest first
    name = report.get("municipality") or report["report_id"]
    return Rose(title=f"Kompassros – {name} {report.get('year') or ''}".strip(),
                subtitle=f"{report['report_id']} · revision {rev or '?'} · share of each area's points",
                area_labels=tuple(f"{n}. {label}" for n, label in enumerate(names, start=1)),
                series=tuple(series),
                not_overlaid=tuple(f"not overlaid: {series_label(r)} – its areas differ" for r in other))


@dataclass(frozen=True)
class Layout:
    """Sizes in SVG user units (px), those of the matplotlib version (7.6 in
    wide) at 100 px an inch; the height follows the legend."""
    width: int = 760
    cx: float = 380.0
    cy: float = 390.0
    radius: float = 236.0
    label_pad: float = 18.0
    label_wrap: int = 20
    caveat_wrap: int = 95
    font: str = "DejaVu Sans, Verdana, sans-serif"


LAYOUT = Layout()


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _point(k: int, share: float, lay: Layout) -> tuple[float, float]:
    """Area k (0-based) at `share` percent: area 1 at the top, clockwise."""
    angle = 2 * math.pi * k / AREAS
    r = lay.radius * share / 100.0
    return lay.cx + r * math.sin(angle), lay.cy - r * math.cos(angle)


def _text(x: float, y: float, lines: list[str], size: float, anchor: str = "middle", colour: str = "#000",
          weight: str = "normal", leading: float = 1.2) -> str:
    spans = "".join(f'<tspan x="{_num(x)}" dy="{_num(0 if i == 0 else size * leading)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" text-anchor="{anchor}" '
            f'fill="{colour}" font-weight="{weight}">{spans}</text>')


def _runs(shares: tuple[float, ...]) -> list[list[int]]:
    """Areas joined by a line: consecutive known shares, around the circle
    (area 8 joins area 1), as matplotlib draws a closed line with gaps."""
    known = [not math.isnan(v) for v in shares]
    if all(known):
        return [list(range(AREAS)) + [0]]
    start = next(k for k in range(AREAS) if not known[k - 1])  # a run's first area follows a gap
    order = [(start + step) % AREAS for step in range(AREAS)]
    return [list(run) for ok, run in groupby(order, key=lambda k: known[k]) if ok]


def _series(s: Series, lay: Layout) -> list[str]:
    out = []
    pts = {k: _point(k, v, lay) for k, v in enumerate(s.shares) if not math.isnan(v)}
    width, dash, dot = (2.2, "", 3.0) if s.current else (1.4, ' stroke-dasharray="5 3"', 2.2)
    if s.current and len(pts) == AREAS:
        poly = " ".join(f"{_num(x)},{_num(y)}" for x, y in pts.values())
        out.append(f'<polygon points="{poly}" fill="{s.colour}" fill-opacity="0.18" stroke="none"/>')
    for run in _runs(s.shares):
        if len(run) > 1:
            line = " ".join(f"{_num(pts[k][0])},{_num(pts[k][1])}" for k in run)
            out.append(f'<polyline points="{line}" fill="none" stroke="{s.colour}" stroke-width="{width}"'
                       f' stroke-linejoin="round"{dash}/>')
    out += [f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{dot}" fill="{s.colour}"/>' for x, y in pts.values()]
    return out


def rose_svg(chart: Rose, lay: Layout = LAYOUT) -> bytes:
    """The chart as a standalone SVG document (UTF-8)."""
    el: list[str] = [_text(lay.width / 2, 34, [chart.title], 19.4),
          _text(lay.width / 2, 58, [chart.subtitle], 12.5, colour=GREY)]
    for share in (25, 50, 75, 100):  # the grid: rings and spokes, the rings labelled between areas 1 and 2
        el.append(f'<circle cx="{_num(lay.cx)}" cy="{_num(lay.cy)}" r="{_num(lay.radius * share / 100)}" '
                  f'fill="none" stroke="#b0b0b0" stroke-width="0.8"/>')
        x = lay.cx + lay.radius * share / 100 * math.sin(math.pi / 8)
        y = lay.cy - lay.radius * share / 100 * math.cos(math.pi / 8)
        el.append(_text(x + 3, y, [f"{share} %"], 9.7, anchor="start", colour=GREY))
    for k in range(AREAS):
        x, y = _point(k, 100, lay)
        el.append(f'<line x1="{_num(lay.cx)}" y1="{_num(lay.cy)}" x2="{_num(x)}" y2="{_num(y)}" '
                  f'stroke="#b0b0b0" stroke-width="0.8"/>')
    for k, label in enumerate(chart.area_labels):  # labels grow away from the circle
        angle = 2 * math.pi * k / AREAS
        x, y = _point(k, 100 + 100 * lay.label_pad / lay.radius, lay)
        side = math.sin(angle)
        anchor = "start" if side > 0.1 else "end" if side < -0.1 else "middle"
        lines = textwrap.wrap(label, lay.label_wrap) or [label]
        size = 11.1
        top = y - (len(lines) - 1) * size * 1.2 / 2 + size * 0.35  # centred on the spoke's end
        if math.cos(angle) > 0.9:
            top = y - (len(lines) - 1) * size * 1.2 - 2  # above the top spoke
        elif math.cos(angle) < -0.9:
            top = y + size  # below the bottom spoke
        el.append(_text(x, top, lines, size, anchor=anchor))
    for s in reversed(chart.series):  # the report itself on top
        el += _series(s, lay)
    y = lay.cy + lay.radius + 70  # the legend: the caveat, then a line per evaluation
    caveat = textwrap.wrap(chart.caveat, lay.caveat_wrap)
    el.append(_text(lay.width / 2, y, caveat, 10.4, colour=GREY))
    y += len(caveat) * 10.4 * 1.2 + 8
    for s in chart.series:
        dash = "" if s.current else ' stroke-dasharray="5 3"'
        el.append(f'<line x1="{_num(lay.width / 2 - 200)}" y1="{_num(y - 4)}" x2="{_num(lay.width / 2 - 176)}" '
                  f'y2="{_num(y - 4)}" stroke="{s.colour}" stroke-width="{2.2 if s.current else 1.4}"{dash}/>')
        el.append(_text(lay.width / 2 - 168, y, [s.label], 11.1, anchor="start"))
        y += 16
    for line in chart.not_overlaid:
        el.append(_text(lay.width / 2 - 168, y, [line], 11.1, anchor="start", colour=GREY))
        y += 16
    height = int(math.ceil(y + 4))  # as tall as the legend needs
    head = (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width}" height="{height}" '
            f'viewBox="0 0 {lay.width} {height}" font-family="{lay.font}">\n'
            f'<title>{escape(chart.title)}</title>\n<rect width="{lay.width}" height="{height}" fill="#fff"/>\n')
    return (head + "\n".join(el) + "\n</svg>\n").encode("utf-8")
