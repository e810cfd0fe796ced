"""What every family shares: where the shared reports are, which source a name
means, the truth (answer key) of a source, the Variant record, seeded randomness."""
from __future__ import annotations

import copy
import functools
import importlib.util
import json
import os
import re
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLE_DIR = ROOT / "data" / "raw"

# Short names of the sources that have a truth. The shared ones are found by the
# prefix of their base name (000_<hash>), so nothing of ../shared is named here.
SHARED_IDS = ("000", "002", "004")
SAMPLE_ID = "sample"
SAMPLE_FILES = {"pdf": "pahitto_2021.pdf", "text": "pahitto_2021_wordexport.txt", "docx": "pahitto_2021.docx"}
_EXT = {"pdf": ".pdf", "text": ".txt", "docx": ".docx"}


@dataclass
class Variant:
    """One generated file and its truth."""
    family: str
    name: str               # the variant's name within its family (e.g. "office200")
    path: Path              # the generated file
    truth: Path             # <stem>.truth.json beside it: the source's answer key
    source: str             # the source it was made from (file name)
    params: dict = field(default_factory=dict)   # the parameters that made it
    meta: dict = field(default_factory=dict)     # what was applied (angles, table boxes ...)

    @property
    def source_id(self) -> str:
        return source_id(self.source)

    def to_json(self) -> dict:
        d = asdict(self)
        d["path"], d["truth"] = str(self.path), str(self.truth)
        return d


class SourceMissing(FileNotFoundError):
    """The shared corpus (or one file of it) is not there."""


def have_shared() -> bool:
    return (CORPUS / "expected").is_dir()


def source_id(name) -> str:
    stem = Path(str(name)).name
    m = re.match(r"(\d{3})_[0-9a-f]{16}", stem)
    if m:
        return m.group(1)
    if stem.startswith("pahitto_2021"):
        return SAMPLE_ID
    return Path(stem).stem


def resolve_source(source, kind: str = "pdf") -> Path:
    """A source name ("000", "002", "004", "sample") or a path -> the file of that kind."""
    p = Path(str(source))
    if p.suffix and p.exists():
        return p
    sid = str(source)
    if sid == SAMPLE_ID:
        f = SAMPLE_DIR / SAMPLE_FILES[kind]
        if not f.exists():
            raise SourceMissing(f"sample file {f} is missing (run scripts/make_sample.py)")
        return f
    if sid in SHARED_IDS or re.fullmatch(r"\d{3}", sid):
        folder = CORPUS / ("text" if kind == "text" else "pdf")
        hits = sorted(folder.glob(f"{sid}_*{_EXT[kind]}")) if folder.is_dir() else []
        if not hits:
            raise SourceMissing(f"no {kind} file for source {sid} under {folder}")
        return hits[0]
    raise SourceMissing(f"unknown source {source!r}: give 000, 002, 004, sample or a file path")


def available_sources(kind: str = "pdf") -> list[str]:
    out = []
    for sid in (*SHARED_IDS, SAMPLE_ID):
        try:
            resolve_source(sid, kind)
        except SourceMissing:
            continue
        out.append(sid)
    return out


def truth_for(source) -> dict:
    """The answer key of a source file (a fresh copy)."""
    p = Path(str(source))
    sid = source_id(p.name)
    if sid == SAMPLE_ID:
        return sample_truth()
    m = re.match(r"(\d{3}_[0-9a-f]{16})", p.name)
    if not m:
        raise SourceMissing(f"no answer key known for {p.name}")
    f = CORPUS / "expected" / f"{m.group(1)}.json"
    if not f.exists():
        raise SourceMissing(f"answer key {f} is missing")
    return json.loads(f.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def make_sample_module():
    spec = importlib.util.spec_from_file_location("kk_make_sample", ROOT / "scripts" / "make_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@functools.lru_cache(maxsize=1)
def _sample_truth() -> str:
    ms = make_sample_module()
    areas, subq, findings, rubriker = [], [], [], []
    for a in ms.AREAS:
        score = ms.area_score(a)
        areas.append({"area_no": a["no"], "name": a["name"], "heading_name": a["name"], "score": score,
                      "max": 100, "percent": None, "score_source": "overview_total_row"})
        for k, (label, mx, sc) in enumerate(a["questions"], 1):
            subq.append({"question_no": f"{a['no']}.{k}", "label": label, "score": sc, "max": mx, "percent": None})
        for kind, items in (("strength", a["strengths"]), ("improvement", a["improvements"])):
            findings += [{"area_no": a["no"], "kind": kind, "position": i, "text": t} for i, t in enumerate(items, 1)]
        rubriker.append({"area_no": a["no"], "items": [q[0] for q in a["questions"]], "score": score})
    evaluators = re.sub(r"^Utvärderare:\s*", "", ms.EVALUATORS).replace(" SKR", "").split(" och ")
    truth = {
        "source": SAMPLE_FILES["text"],
        "kind": "evaluation",
        "evaluation": {"municipality": ms.MUNICIPALITY, "municipality_code": None, "year": ms.FIXED_DATE.year,
                       "month": ms.FIXED_DATE.month, "revision": "2020", "evaluators": evaluators},
        "areas": areas,
        "subquestions": subq,
        "total": {"score": sum(a["score"] for a in areas), "max": 800},
        "findings": findings,
        "rubriker": rubriker,
        "notes": ["Invented sample (scripts/make_sample.py): Påhittö is not a municipality, so it has no "
                  "municipality code (null); the pipeline flags it as not found."],
    }
    return json.dumps(truth, ensure_ascii=False)


def sample_truth() -> dict:
    return json.loads(_sample_truth())


def write_truth(variant_path: Path, source: Path, family: str, name: str, params: dict) -> Path:
    """<variant stem>.truth.json beside the variant: the source's answer key, unchanged
    except 'source' (the variant's file name) and a 'variant' note of how it was made."""
    truth = copy.deepcopy(truth_for(source))
    truth["source"] = variant_path.name
    truth["variant"] = {"family": family, "name": name, "derived_from": Path(source).name,
                        "params": jsonable(params)}
    out = variant_path.with_name(variant_path.stem + ".truth.json")
    out.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def jsonable(x):
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, Path):
        return str(x)
    return x


def seed_of(*keys) -> int:
    """A stable 32-bit seed from any keys (Python's hash() is salted per process)."""
    return zlib.crc32("\x1f".join(map(str, keys)).encode("utf-8"))


def rng(*keys):
    import numpy as np
    return np.random.default_rng(seed_of(*keys))


def norm_ws(s: str) -> str:
    return " ".join(str(s).split())


def strip_tags(s: str) -> str:
    return re.sub(r"<[^>]+>", "", s)


def variant_stem(source: Path, family: str, name: str) -> str:
    return f"{source_id(source.name)}_{family}-{name}"
