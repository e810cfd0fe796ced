"""DIR/datapackage.json: a valid Frictionless Data Package generated from
store/schema.py (every field typed and described, primary and foreign keys),
with the corpus, package and pipeline versions, the sha256 of every table
and source, a licence, and the same bytes on every rerun."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd

from conftest import ROOT, run_pipeline
from store.schema import REFERENCES, TABLES, fields_of, nullable


def package(out: Path) -> dict:
    return json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validate_passes(release_out):
    exe = Path(sys.executable).with_name("frictionless")
    exe = str(exe) if exe.exists() else shutil.which("frictionless")
    p = subprocess.run([exe, "validate", "datapackage.json"], cwd=release_out, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    report = frictionless.validate(str(release_out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    assert len(report.tasks) == len(TABLES)


def test_every_table_and_field_is_described_with_its_keys(release_out):
    pkg = package(release_out)
    res = {r["name"]: r for r in pkg["resources"]}
    assert list(res) == list(TABLES)
    for name, spec in TABLES.items():
        r = res[name]
        assert r["path"] == f"{name}.parquet" and r["format"] == "parquet" and r["description"]
        fields = r["schema"]["fields"]
        assert [f["name"] for f in fields] == [f.name for f in fields_of(name)]
        for fd, f in zip(fields, fields_of(name)):
            assert fd["description"] == f.metadata["doc"] and len(fd["description"]) > 10
            assert fd["type"] in ("string", "integer", "number", "boolean", "any")
            required = fd.get("constraints", {}).get("required", False)
            assert required == (not nullable(f) or f.name in spec.primary_key), (name, f.name)
        assert r["schema"]["primaryKey"] == list(spec.primary_key)
        fks = {fk["fields"][0]: f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
               for fk in r["schema"].get("foreignKeys", [])}
        assert fks == REFERENCES.get(name, {})
        assert r["rows"] == len(pd.read_parquet(release_out / r["path"]))
    # the foreign keys reach the three tables a researcher joins on
    targets = {ref.split(".")[0] for refs in REFERENCES.values() for ref in refs.values()}
    assert {"reports", "questions", "concepts"} <= targets


def test_versions_hashes_sources_and_licence(release_out):
    pkg = package(release_out)
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "--version"], capture_output=True, text=True)
    m = re.match(r"^(\S+) (\S+) \(pipeline ([0-9a-f]{16})\)$", p.stdout.strip())
    assert m, p.stdout
    assert pkg["created_with"] == {"name": m.group(1), "version": m.group(2), "pipeline_version": m.group(3)}
    digests = {r["name"]: r["sha256"] for r in pkg["resources"]}
    for name, digest in digests.items():
        assert hashlib.sha256((release_out / f"{name}.parquet").read_bytes()).hexdigest() == digest
    assert pkg["version"] == f"{m.group(2)}+{pkg['content_sha256'][:12]}"
    src = pd.read_parquet(release_out / "sources.parquet")
    assert {(s["title"], s["sha256"]) for s in pkg["sources"]} == set(zip(src.source_path, src.sha256))
    assert len(pkg["sources"]) == 6 and all(len(s["sha256"]) == 64 for s in pkg["sources"])
    assert pkg["licenses"] and pkg["licenses"][0]["name"] and pkg["licenses"][0]["path"].startswith("https://")
    assert "created" not in pkg  # no timestamps: the same tables give the same bytes


def test_the_same_inputs_give_the_same_bytes_and_version(release_out, tmp_path):
    from conftest import CORPUS
    other = tmp_path / "again"
    assert run_pipeline([CORPUS / "pdf"], other, "--force").returncode == 0
    assert (other / "datapackage.json").read_bytes() == (release_out / "datapackage.json").read_bytes()


def test_a_broken_foreign_key_is_caught(release_out, tmp_path):
    # The keys are checked, not only declared: point subquestion_scores.question_id at reports.
    pkg = package(release_out)
    for r in pkg["resources"]:
        shutil.copyfile(release_out / r["path"], tmp_path / r["path"])  # a plain copy beside the bad package
        if r["name"] == "subquestion_scores":
            for fk in r["schema"]["foreignKeys"]:
                if fk["fields"] == ["question_id"]:
                    fk["reference"] = {"resource": "reports", "fields": ["report_id"]}
    bad = tmp_path / "datapackage.json"
    bad.write_text(json.dumps(pkg), encoding="utf-8")
    report = frictionless.validate(str(bad))
    assert not report.valid
    assert {e.type for t in report.tasks for e in t.errors} == {"foreign-key"}
