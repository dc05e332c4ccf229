"""The end of a run says what was lost (cut, skipped by reason, failed), `--report` lists it as
JSONL, and a long file's reading reports progress while it runs."""

from __future__ import annotations

import dataclasses
import gzip
import json
import subprocess
import sys
from pathlib import Path

from wirecoder.ingest import read_paths
from wirecoder.ingest.settings import DEFAULT_SETTINGS
from wirecoder.model import Loss
from wirecoder.runner.report import LossReport

RUN_ON = "the minister said talks with Oman would go on and Modi met Scholz and "


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wirecoder.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_report_counts_articles_once_per_kind_and_writes_each_loss(tmp_path: Path) -> None:
    path = tmp_path / "report.jsonl"
    heard = []
    with LossReport(path, heard.append) as report:
        report.ingest(Loss("cut", "max_token_chars", "m1", "a1", "A", "f"))
        report.ingest(Loss("cut", "max_sentence_tokens", "m2", "a1", "A", "f"))
        report.coding(Loss("skipped", "time_budget", "m3", "a2", "B"))
        report.coding(Loss("failed", "worker_died", "m4", "a3", "C"))
    assert heard == ["m3", "m4"]  # ingest warned already; coding losses are warned here
    assert report.rows() == [("articles cut", "1 (max_sentence_tokens 1, max_token_chars 1)"),
                             ("articles skipped", "1 (time_budget 1)"), ("articles failed", "1 (worker_died 1)")]
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(x["kind"], x["reason"], x["article_id"]) for x in lines] == [
        ("cut", "max_token_chars", "a1"), ("cut", "max_sentence_tokens", "a1"), ("skipped", "time_budget", "a2"),
        ("failed", "worker_died", "a3")]


def test_a_long_compressed_file_reports_progress_while_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "letters.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write("Letters keep coming\n\n")
        for i in range(200_000):
            out.write(f"Letter {i} said the talks would resume next week after a pause.\n\n")
    settings = dataclasses.replace(DEFAULT_SETTINGS, progress_seconds=0.05)
    lines: list[str] = []
    list(read_paths([path], warn=lambda m: None, settings=settings, on_progress=lines.append))
    assert lines and all(line.startswith(f"{path}: still reading: ") for line in lines)
    assert "MB after gzip" in lines[-1]


def test_run_summary_and_report_name_what_was_cut_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (a, b) in enumerate([("Chile", "Peru"), ("Ghana", "Togo")]):
        (folder / f"normal{i}.txt").write_text(
            f"Ministers meet\n\n{a}'s foreign minister met his {b} counterpart on Tuesday to discuss trade. "
            f"Officials from {a} accused {b} of blocking grain at the border.\n", encoding="utf-8")
    (folder / "runon.txt").write_text("Talks go on and on\n\n" + RUN_ON * 1200 + "\n", encoding="utf-8")
    (folder / "blob.txt").write_text("A blob arrives\n\nOfficials said the talks would resume next week. "
                                     + "q" * 5000 + " It was sent.\n", encoding="utf-8")
    report = tmp_path / "losses.jsonl"
    done = cli("run", str(folder), "--db", str(tmp_path / "s.duckdb"), "--report", str(report),
               "--article-seconds", "3")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    found = {(x["kind"], x["reason"], x["title"]) for x in lines}
    assert ("cut", "max_token_chars", "A blob arrives") in found
    assert ("cut", "max_sentence_tokens", "Talks go on and on") in found
    assert ("skipped", "time_budget", "Talks go on and on") in found
    assert "Talks go on and on" in done.stderr and "took over 3 s" in done.stderr
    summary = " ".join(done.stdout.split())
    assert "articles cut │ 2 (max_sentence_tokens 1, max_token_chars 1)" in summary
    assert "articles skipped │ 1 (time_budget 1)" in summary
    assert "articles │ 3 │ 3" in summary  # the two normal ones and the blob are stored
