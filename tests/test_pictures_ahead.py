"""Page pictures drawn while the batch is still read (run/pictures.Ahead):
only an evaluation's best reading so far is pictured, by normalize.dedup's
own order, and what the run shows is what it would draw after the batch."""
from __future__ import annotations

import shutil
from collections import deque
from pathlib import Path

import pytest

from conftest import CORPUS, need_corpus, run_pipeline
from run.files import InputFile
from run.isolate import Outcome
from run.one_file import process
from run.pictures import Ahead

PDF = "004_af26385dc4824b40.pdf"


@pytest.fixture(scope="module")
def reading():
    need_corpus()
    path = CORPUS / "pdf" / PDF
    return path, process(path, "sha-of-004")


def _file(path: Path, name: str, sha: str) -> InputFile:
    return InputFile(path=path, source_path=name, sha256=sha, size=1)


def _offer(ahead: Ahead, f: InputFile, res, jobs: deque | None = None):
    """The job `offer` queued (None: none), in a queue of its own unless given."""
    jobs = deque() if jobs is None else jobs
    before = list(jobs)
    ahead.offer(f, res, jobs)
    new = [j for j in jobs if j not in before]
    return new[0] if new else None


def test_only_a_better_reading_of_an_evaluation_is_pictured(reading, tmp_path):
    path, res = reading
    ahead = Ahead(tmp_path / "out", memory_mb=500)
    job = _offer(ahead, _file(path, "b/004.pdf", "sha-b"), res)
    assert job is not None and job[0] == "images" and job[1] == path and job[4] == res.rows.report.report_id
    assert _offer(ahead, _file(path, "c/004.pdf", "sha-c"), res) is None  # ranks after b (the path breaks the tie)
    better = _offer(ahead, _file(path, "a/004.pdf", "sha-a"), res)
    assert better is not None and better[3] != job[3]  # a copy's own bytes: its own pictures
    assert _offer(ahead, _file(path.with_suffix(".docx"), "0/004.docx", "sha-d"), res) is None  # not a PDF
    ahead.take(better, Outcome(value="pictures"))
    assert better[3] in ahead.cache and ahead.drawn == {better[3]: "pictures"}
    again = Ahead(tmp_path / "out", memory_mb=500)
    assert _offer(again, _file(path, "a/004.pdf", "sha-a"), res) is None  # cached: nothing to draw
    ahead.take(job, Outcome(failure="killed"))
    assert job[3] not in ahead.cache  # a failed drawing is drawn again after the batch, and named


def test_a_picture_waits_behind_the_files_and_a_better_reading_withdraws_it(reading, tmp_path):
    path, res = reading
    files = [("file", Path(f"{i}.pdf"), f"sha{i}") for i in range(5)]
    jobs = deque(files)
    ahead = Ahead(tmp_path / "out", memory_mb=500, behind=2)
    job = _offer(ahead, _file(path, "b/004.pdf", "sha-b"), res, jobs)
    assert list(jobs) == files[:3] + [job] + files[3:]  # the last two files even out the end
    better = _offer(ahead, _file(path, "a/004.pdf", "sha-a"), res, jobs)
    assert job not in jobs and list(jobs) == files[:3] + [better] + files[3:]  # not started: withdrawn
    jobs.clear()
    third = _offer(ahead, _file(path, "0/004.pdf", "sha-0"), res, jobs)
    assert list(jobs) == [third]  # no file left: at the end
    assert better not in jobs


def test_a_batch_of_copies_shows_the_primary_copys_pictures(tmp_path):
    need_corpus()
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        shutil.copy(CORPUS / "pdf" / PDF, src / f"{i}-{PDF}")
    out = tmp_path / "out"
    assert run_pipeline([src], out).returncode == 0
    cached = list((out / ".cache" / "images").glob("*.pkl"))
    assert len(cached) == 1  # the pictures of copies that were not primary are not kept
    pages = sorted(p.name for p in (out / "qa" / "img").iterdir())
    assert pages and all(p.startswith("0126-2017-p") for p in pages)
    again = tmp_path / "again"
    assert run_pipeline([src / f"0-{PDF}"], again).returncode == 0
    assert sorted(p.name for p in (again / "qa" / "img").iterdir()) == pages
    for p in pages:  # drawn while reading or after: the same pictures
        assert (again / "qa" / "img" / p).read_bytes() == (out / "qa" / "img" / p).read_bytes()
