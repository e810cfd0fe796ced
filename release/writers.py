"""The file writers of release.export, one per format, all through pandas:
to_csv, to_excel (openpyxl), to_stata. Each takes the tables as pandas frames
(list columns already joined), the extra tables (about, codebook) as rows,
and returns the files it wrote."""
from __future__ import annotations

from pathlib import Path

from .export import STATA_LABEL, STATA_STR, XLSX_CELL, _short


def _frames(frames: dict, extra: dict) -> dict:
    import pandas as pd
    return {**{k: pd.DataFrame(v) for k, v in extra.items()}, **frames}


def write_csv(out_dir: Path, frames: dict, extra: dict, delimiter: str = ",", **_) -> list[Path]:
    written = []
    for name, df in _frames(frames, extra).items():
        path = out_dir / f"{name}.csv"
        # utf-8-sig: the byte order mark tells Excel the file is UTF-8 (å/ä/ö intact)
        df.to_csv(path, index=False, sep=delimiter, encoding="utf-8-sig", lineterminator="\n")
        written.append(path)
    return written


def write_xlsx(out_dir: Path, frames: dict, extra: dict, version: str = "", **_) -> list[Path]:
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    def clean(v):
        if isinstance(v, str):
            v = ILLEGAL_CHARACTERS_RE.sub("", v)  # control characters Excel refuses
            return _short(v, XLSX_CELL)
        return v

    path = out_dir / "kommunkompassen-corpus.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in _frames(frames, extra).items():
            df = df.copy()
            for c in df.columns:
                if df[c].dtype == object:
                    df[c] = df[c].map(clean)
            sheet = name[:31]
            df.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A2"
            if len(df):
                ws.auto_filter.ref = ws.dimensions
            for i, c in enumerate(df.columns, start=1):
                longest = max([len(str(c))] + [len(str(v)) for v in df[c].head(200) if v is not None])
                ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
        xw.book.properties.title = f"Kommunkompassen corpus {version}".strip()
    return [path]


def _stata_frame(df, names: dict[str, str]):
    """Stata names; strings never null (Stata's missing string is ""); nullable
    integers as doubles where they hold a null (Stata's missing number)."""
    out = df.rename(columns=names).copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object:
            out[c] = s.map(lambda v: "" if v is None else str(v)).astype(object)
        elif str(s.dtype) == "Int64":
            out[c] = s.astype("float64") if s.isna().any() else s.astype("int64")
        elif str(s.dtype) == "bool":
            out[c] = s.astype("int8")
    return out


def _long_strings(df) -> list[str]:
    return [c for c in df.columns if df[c].dtype == object
            and max((len(v.encode("utf-8")) for v in df[c]), default=0) > STATA_STR]


def write_dta(out_dir: Path, frames: dict, extra: dict, labels: dict, version: str = "", **_) -> list[Path]:
    written = []
    for name, df in _frames(frames, extra).items():
        cols = labels.get(name) or {c: (c, c) for c in df.columns}
        names = {c: cols[c][0] for c in df.columns}
        out = _stata_frame(df, names)
        var_labels = {names[c]: _short(cols[c][1], STATA_LABEL) for c in df.columns}
        path = out_dir / f"{name}.dta"
        out.to_stata(path, write_index=False, version=118, variable_labels=var_labels,
                     data_label=_short(f"Kommunkompassen corpus {version}: {name}", STATA_LABEL),
                     convert_strl=_long_strings(out))
        written.append(path)
    return written


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "dta": write_dta}
