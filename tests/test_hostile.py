"""Hostile and malformed inputs, made on the fly in a temp folder (nothing big
is stored): bombs, huge files, odd encodings, damaged real reports. One run
over all of them beside a good report: no crash, no row lost, peak memory of
the whole run under 4 GB, every file a row with a clear message, the good
report still exact."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest

from conftest import CORPUS, ROOT, expected, need_corpus

GOOD = "002_8eb5ca326e9c8db1"
MB = 1 << 20


def _pdf_with_stream(path: Path, chunk: bytes, repeat: int) -> None:
    """A one-page PDF whose content stream inflates to len(chunk) * repeat
    bytes, compressed as it is written (never held in memory)."""
    comp = zlib.compressobj(9)
    body = bytearray()
    block = chunk * (MB // len(chunk))
    left = len(chunk) * repeat
    while left > 0:
        part = block[:left]
        body += comp.compress(part)
        left -= len(part)
    body += comp.flush()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + bytes(body) + b"\nendstream"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def _docx_bomb(path: Path, good_docx: Path) -> None:
    shutil.copy(good_docx, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/media/bomb.bin", "w", force_zip64=True) as fh:
            zeros = bytes(MB)
            for _ in range(600):
                fh.write(zeros)


def _damaged(data: bytes, seed: int, how: str) -> bytes:
    rng = random.Random(seed)
    b = bytearray(data)
    if how == "bitflips":
        for _ in range(40):
            i = rng.randrange(len(b) // 10, len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif how == "lost_chunk":
        i = rng.randrange(len(b) // 4, len(b) // 2)
        del b[i:i + len(b) // 20]
    return bytes(b)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    need_corpus()
    tmp = tmp_path_factory.mktemp("hostile")
    src = tmp / "in"
    src.mkdir()
    text = (CORPUS / "text" / f"{GOOD}.txt").read_bytes()
    shutil.copy(CORPUS / "pdf" / f"{GOOD}.pdf", src / f"{GOOD}.pdf")
    _pdf_with_stream(src / "stream_bomb.pdf", b"0 0 m 1 1 l S\n", 300 * MB // 14)
    _docx_bomb(src / "zip_bomb.docx", CORPUS / "pdf" / f"{GOOD}.docx")
    with open(src / "huge_line.txt", "wb") as fh:  # 100 MB on one line
        for _ in range(100):
            fh.write(b"x" * MB)
    (src / "utf16_bom.txt").write_bytes(text.decode("utf-8").encode("utf-16"))
    (src / "utf16le_nobom.txt").write_bytes(text.decode("utf-8").replace("Grästorp", "Grästorp").encode("utf-16-le")[:])
    (src / "score_rows.md").write_text("Översikt av poängfördelning\n" + "1.1 Strategi för x 7 15 45%\n" * 300_000,
                                       encoding="utf-8")
    (src / "nul.pdf").write_bytes(bytes(5000))
    (src / "html_only_tags.html").write_text("<html>" + "<div>" * 50_000 + "</html>", encoding="utf-8")
    out = tmp / "out"
    peak = {"rss": 0}
    proc = subprocess.Popen([sys.executable, str(ROOT / "pipeline.py"), "--input", str(src), "--output", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, KK_FILE_TIMEOUT="60"))
    stop = threading.Event()

    def watch():
        import psutil
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                peak["rss"] = max(peak["rss"], sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)
    t = threading.Thread(target=watch, daemon=True)
    t.start()
    so, se = proc.communicate(timeout=600)
    stop.set()
    t.join()
    srcs = pd.read_parquet(out / "sources.parquet")
    return proc.returncode, so, se, {r.source_path: r for r in srcs.itertuples()}, out, peak["rss"], src


def test_no_crash_and_every_file_has_a_row_with_a_clear_message(hostile_run):
    code, so, se, rows, out, peak, src = hostile_run
    assert code == 1, se  # some files fail; the run does not
    assert "Traceback" not in se
    assert set(rows) == {p.name for p in src.iterdir()}
    for name, r in rows.items():
        if r.status != "ok":
            assert r.message and r.message.startswith(f"{name}: "), (name, r.message)
            assert r.message.count(name) == 1 and "[at " not in r.message


def test_bombs_and_huge_files_fail_naming_the_limit(hostile_run):
    rows = hostile_run[3]
    assert rows["stream_bomb.pdf"].status == "failed" and "inflate" in rows["stream_bomb.pdf"].message
    assert rows["zip_bomb.docx"].status == "failed" and "zip bomb" in rows["zip_bomb.docx"].message
    assert rows["huge_line.txt"].status == "failed" and "too large" in rows["huge_line.txt"].message
    assert rows["nul.pdf"].status == "failed"


def test_unicode_text_with_and_without_bom_reads_as_the_report(hostile_run):
    rows = hostile_run[3]
    for name in ("utf16_bom.txt", "utf16le_nobom.txt"):
        assert rows[name].status == "duplicate", (name, rows[name].message)  # of the PDF: the same evaluation
        assert "no differences in scores" in rows[name].message


def test_a_file_of_a_million_score_rows_is_contained(hostile_run):
    r = hostile_run[3]["score_rows.md"]
    assert r.status == "failed" and r.message


def test_peak_memory_of_the_run_stays_under_4_gb(hostile_run):
    assert 0 < hostile_run[5] < 4 * 1024 * MB, f"peak {hostile_run[5] / MB:.0f} MB"


def test_the_good_report_beside_them_is_still_exact(hostile_run):
    out = hostile_run[4]
    exp = expected(GOOD)
    rep = pd.read_parquet(out / "reports.parquet")
    assert list(rep.report_id) == ["1444-2014"] and rep.iloc[0].primary_source == f"{GOOD}.pdf"
    subq = pd.read_parquet(out / "subquestion_scores.parquet")
    got = {q.question_no: (q.score, q.max) for q in subq.itertuples()}
    assert got == {q["question_no"]: (q["score"], q["max"]) for q in exp["subquestions"]}


@pytest.mark.parametrize("how,seed", [("bitflips", 1), ("bitflips", 2), ("lost_chunk", 3)])
def test_a_damaged_real_report_is_exact_flagged_or_failed_never_silently_wrong(tmp_path, how, seed):
    need_corpus()
    exp = expected(GOOD)
    src = tmp_path / "in"
    src.mkdir()
    (src / "damaged.pdf").write_bytes(_damaged((CORPUS / "pdf" / f"{GOOD}.pdf").read_bytes(), seed, how))
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "--input", str(src), "--output",
                        str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in p.stderr
    s = pd.read_parquet(tmp_path / "out" / "sources.parquet").iloc[0]
    assert s.status in ("ok", "warning", "failed"), (s.status, s.message)  # never no_evaluation
    if s.status == "ok":
        subq = pd.read_parquet(tmp_path / "out" / "subquestion_scores.parquet")
        got = {q.question_no: (q.score, q.max) for q in subq.itertuples()}
        assert got == {q["question_no"]: (q["score"], q["max"]) for q in exp["subquestions"]}
