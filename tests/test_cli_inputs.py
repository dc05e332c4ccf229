"""The CLI's input options (--source, --date), the undated-articles warning and progress without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from wirecoder.cli.progress import LINE_EVERY, RunProgress

BODY = ("The foreign minister met his counterpart in Nairobi on Tuesday, officials said, and the two agreed "
        "to meet again next month.")


def test_code_names_the_outlet_and_counts_undated_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Ministers meet\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"title": "Dated", "text": BODY, "date": "2024-03-01"}))
    done = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "code", str(tmp_path), "--indent", "0",
                           "--source", "Field Notes"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    articles = json.loads(done.stdout)["articles"]
    assert [(a["source"], a["reference_date"]) for a in articles] == [("Field Notes", None),
                                                                     ("Field Notes", "2024-03-01")]
    lines = [line for line in done.stderr.splitlines() if "no reference date" in line]
    assert len(lines) == 1 and lines[0].startswith("Warning: 1 article got no reference date") and "--date" in lines[0]
    bad = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "code", str(tmp_path), "--date", "2024-02-30"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and bad.stderr.strip() == ("Error: --date must be a day written YYYY-MM-DD, "
                                                          "got '2024-02-30'")


def test_progress_without_a_terminal_prints_a_line_every_so_many_articles(capsys) -> None:
    with RunProgress(3, terminal=False) as progress:
        for path in ("a", "b", "c"):
            progress.file_started(Path(path))
        for done in (LINE_EVERY // 2, LINE_EVERY + 5, LINE_EVERY + 10, 2 * LINE_EVERY + 1):
            progress.coded(done)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"wirecoder: {LINE_EVERY + 5} articles coded, 2/3 files read")
    assert lines[1].startswith(f"wirecoder: {2 * LINE_EVERY + 1} articles coded")


def test_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    done = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"wirecoder {version('wirecoder')}"


def test_unknown_event_types_and_impossible_dates_are_errors(tmp_path: Path) -> None:
    from test_export import talks_article
    from wirecoder.cli.querying import is_calendar_prefix
    from wirecoder.store import Store

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write([talks_article("2024-12-02", "Truce call")])
    assert [is_calendar_prefix(t) for t in ("2024", "2024-12", "2024-02-29", "0000")] == [True] * 4
    assert not any(is_calendar_prefix(t) for t in ("2024-13", "2023-02-29", "2024-00-10", "24-12", "2024-1", "May"))
    for args, message in [(["--type", "FOO"], "Error: unknown event type 'FOO'; choose one of ACCUSE, AGREE"),
                          (["--until", "2024-02-30"], "Error: --until must be a real date or its prefix"),
                          (["--since", "2024-13"], "Error: --since must be a real date or its prefix")]:
        done = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "events", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and done.stderr.startswith(message) and len(done.stderr.splitlines()) == 1
    ok = subprocess.run([sys.executable, "-m", "wirecoder.cli.main", "events", "--db", str(db), "--type", "consult",
                         "--format", "json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and [e["event"] for e in json.loads(ok.stdout)] == ["CONSULT"]
