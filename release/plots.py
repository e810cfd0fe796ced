"""Plots: the kompassros (a radar of the 8 area shares) of a report, and the
concept-by-concept comparison of two reports.

    files = kompassros_files(reports, area_scores)      # {"plots/0834-2021.svg": b"<svg ..."}
    svg = compare_chart(compare_reports(DIR, "1444-2014", "0834-2021"))

`reports` and `area_scores` are lists of row dicts (pyarrow's to_pylist()).
Figures are drawn on the Agg canvas without pyplot (no global backend is
switched, so this is safe inside a notebook) and saved with a fixed
svg.hashsalt and no date, so the same data always gives the same bytes.
matplotlib is imported only here, and only when a plot is made: a run's
kompassros SVGs are written directly (release/rose.py), PNG and PDF and the
comparison chart are drawn with matplotlib.
"""
from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path

from .compare import earlier_reports
from .rose import CURRENT, EARLIER, GREY, Rose, rose_chart, rose_svg

PLOTS = "plots"
SALT = "kommunkompassen-corpus"
_RC = {"svg.hashsalt": SALT, "svg.fonttype": "none", "font.family": "DejaVu Sans", "axes.unicode_minus": False}
_NO_DATE = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {"Software": None}}


def plot_path(report_id: str) -> str:
    """Where a report's kompassros lives, relative to the corpus folder."""
    return f"{PLOTS}/{report_id}.svg"


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def _save(fig, fmt: str = "svg") -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata=_NO_DATE.get(fmt, {}))
    return buf.getvalue()


def kompassros(report: dict, reports: list[dict], area_scores: list[dict], fmt: str = "svg") -> bytes:
    """The kompassros of one report, with the same municipality's earlier
    evaluations overlaid where their areas compare (AREA_FRAMES): SVG written
    directly (release/rose.py, no matplotlib), PNG or PDF through matplotlib."""
    chart = rose_chart(report, reports, area_scores)
    if fmt == "svg":
        return rose_svg(chart)
    import matplotlib
    with matplotlib.rc_context(_RC):
        return _save(kompassros_figure(chart), fmt)


def kompassros_figure(chart: Rose):
    """The matplotlib Figure of a kompassros (PNG and PDF output)."""
    fig = _figure(7.6, 8.4)
    ax = fig.add_axes((0.16, 0.25, 0.68, 0.57), projection="polar")
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    angles = [2 * math.pi * k / 8 for k in range(8)]
    closed = angles + angles[:1]
    for s in chart.series:
        vals = list(s.shares)
        if s.current:
            ax.plot(closed, vals + vals[:1], color=s.colour, lw=2.2, marker="o", ms=4, label=s.label, zorder=5)
            if not any(math.isnan(v) for v in vals):
                ax.fill(closed, vals + vals[:1], color=s.colour, alpha=0.18, zorder=4)
        else:
            ax.plot(closed, vals + vals[:1], color=s.colour, lw=1.4, ls="--", marker="o", ms=3, label=s.label,
                    zorder=3)
    for line in chart.not_overlaid:
        ax.plot([], [], ls="none", label=line)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25 %", "50 %", "75 %", "100 %"], fontsize=7, color=GREY)
    ax.set_rlabel_position(22.5)
    ax.set_xticks(angles)
    ax.set_xticklabels([textwrap.fill(label, 23) for label in chart.area_labels], fontsize=8)
    for tick, angle in zip(ax.get_xticklabels(), angles):  # labels grow away from the circle
        side = math.sin(angle)
        tick.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
    ax.tick_params(axis="x", pad=10)
    fig.suptitle(chart.title, fontsize=14, y=0.975)
    fig.text(0.5, 0.94, chart.subtitle, ha="center", fontsize=9, color=GREY)
    leg = fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.01), fontsize=8, frameon=False,
                     title=textwrap.fill(chart.caveat, 95))
    leg.get_title().set_fontsize(7.5)
    leg.get_title().set_color(GREY)
    return fig


def kompassros_files(reports: list[dict], area_scores: list[dict], cache: Path | None = None) -> dict[str, bytes]:
    """Every report's kompassros: {plots/<report_id>.svg: bytes}. With a cache
    folder, a plot whose data and code did not change is not drawn again (the
    bytes are a pure function of them); entries no longer used are removed."""
    by_report: dict[str, list[dict]] = {}
    for a in area_scores:
        by_report.setdefault(a["report_id"], []).append(a)
    out, used = {}, set()
    for r in sorted(reports, key=lambda r: r["report_id"]):
        if r["report_id"] not in by_report:
            continue
        key = _cache_key(r, reports, by_report) if cache is not None else None
        hit = cache / f"{key}.svg" if key else None
        if hit is not None and hit.is_file():
            data = hit.read_bytes()
        else:
            data = kompassros(r, reports, area_scores)
            if hit is not None:
                _put(hit, data)
        if key:
            used.add(f"{key}.svg")
        out[plot_path(r["report_id"])] = data
    if cache is not None and cache.is_dir():
        for old in cache.iterdir():
            if old.name not in used:
                old.unlink(missing_ok=True)
    return out


def _cache_key(report: dict, reports: list[dict], by_report: dict[str, list[dict]]) -> str:
    """What a kompassros depends on: its report, the earlier ones it shows or
    lists, their area rows, and the code that draws it."""
    import hashlib
    import json

    from store.version import output_version
    same, other = earlier_reports(reports, report)
    shown = [report, *same]
    data = [output_version(), SALT, [sorted(r.items()) for r in shown + other],
            [sorted((tuple(sorted(a.items())) for a in by_report.get(r["report_id"], [])), key=str) for r in shown]]
    return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def _put(path: Path, data: bytes) -> None:
    import os
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


_MARK = {"same": "", "reworded": " (reworded)", "split": " (split)", "merged": " (merged)", "partial": " (partial)"}


def compare_chart(df, lang: str = "en", fmt: str = "svg") -> bytes:
    """Two reports' shares concept by concept (release.compare.compare_reports'
    frame): a dot per report, the revisions' relation beside each label,
    partial links faded (indicative only)."""
    import matplotlib
    from matplotlib.lines import Line2D
    rows = [r for r in df.to_dict("records") if _num(r["share_a"]) and _num(r["share_b"])]
    one_sided = len(df) - len(rows)
    title_a, title_b = df.attrs.get("title_a", "report a"), df.attrs.get("title_b", "report b")
    with matplotlib.rc_context(_RC):
        height = 2.2 + 0.3 * max(len(rows), 1)
        fig = _figure(9.5, height)
        ax = fig.add_axes((0.45, 1.0 / height, 0.5, 1 - 1.9 / height))
        for y, r in enumerate(reversed(rows)):
            alpha = 0.45 if r["relation"] == "partial" else 1.0
            a, b = 100 * r["share_a"], 100 * r["share_b"]
            ax.plot([a, b], [y, y], color="#aab6c4", lw=1.5, alpha=alpha, zorder=1)
            ax.plot([a], [y], "o", color=CURRENT, ms=6, alpha=alpha, zorder=2)
            ax.plot([b], [y], "s", color=EARLIER[0], ms=6, alpha=alpha, zorder=2)
        labels = [textwrap.shorten((r.get(f"label_{lang}") or r["concept_id"]), 52, placeholder="…")
                  + _MARK.get(r["relation"], "") for r in reversed(rows)]
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(labels, fontsize=8)
        for tick, r in zip(ax.get_yticklabels(), reversed(rows)):
            if r["relation"] == "partial":
                tick.set_color(GREY)
                tick.set_style("italic")
        ax.set_xlim(-2, 102)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel("share of the concept's points (%)", fontsize=9)
        ax.grid(axis="x", color="#dfe3e8")
        ax.set_axisbelow(True)
        fig.suptitle("Comparison by harmonised concept", fontsize=13, y=1 - 0.2 / height)
        handles = [Line2D([], [], marker="o", ls="none", color=CURRENT, label=title_a),
                   Line2D([], [], marker="s", ls="none", color=EARLIER[0], label=title_b)]
        note = ("In brackets: how the concept's questions relate between the two revisions. reworded: compare "
                "with care; split/merged: shares over all parts; partial (grey, faded): the questions only partly "
                "overlap, indicative only.")
        if one_sided:
            note += f" {one_sided} concept(s) scored in one report only are not shown."
        fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1 - 0.45 / height),
                   ncol=2, fontsize=8.5, frameon=False)
        fig.text(0.02, 0.12 / height, textwrap.fill(note, 150), fontsize=7.5, color=GREY)
        return _save(fig, fmt)


def _num(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def save(data: bytes, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
