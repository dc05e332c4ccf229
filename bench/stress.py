"""Hostile inputs through `wirecoder run`, with 1 and 2 processes, memory capped: does every run
finish, and every store check clean?  (`make stress`; loopback only: nothing here opens a socket.)

    python bench/stress.py [--processes 1 2] [--gzip-mb 10] [--memory-gb 6] [--timeout 600] [--only NAME]

Generates, in a temporary folder: a run-on sentence of 160 KB among three ordinary articles, 1 MB
of one-letter words, 200,000 characters of run-on text with names and verbs, a gzip of
``--gzip-mb`` MB of one-letter lines (the issue's 100 MB: pass --gzip-mb 100, under 2 minutes
a run), an article with a 150,000-character "word", and JSONL records full of NUL characters.
Each is run under RLIMIT_AS = ``--memory-gb`` (inherited by the workers) and a wall-clock
``--timeout``; then `wirecoder check`.  Prints one table row per run: wall time, peak RSS (the
largest process of the run), articles stored / cut / skipped / failed (from --report), exit
status, and whether the store checks clean.  Exit status 1 if any run timed out, died
(a status other than 0, or 1 with its one "Error:" line) or left a store that does not check clean.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("Chile", "Peru", "Santiago"), ("Ghana", "Togo", "Accra"), ("Norway", "Sweden", "Oslo")]


def normal(i: int) -> str:
    a, b, city = PAIRS[i % len(PAIRS)]
    return (f"Ministers meet in {city} on trade number {i}\n\n"
            f"{a}'s foreign minister met his {b} counterpart in {city} on Tuesday to discuss trade. "
            f"Officials from {a} accused {b} of blocking grain shipments at the border.\n\n"
            f"\"We will not accept this,\" the minister told reporters. {b} denied the claim.\n")


def repeat(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def make_inputs(folder: Path, gzip_mb: int) -> dict[str, Path]:
    inputs: dict[str, Path] = {}

    mix = folder / "runon-160k-with-3-normal"
    mix.mkdir()
    for i in range(3):
        (mix / f"normal{i}.txt").write_text(normal(i), encoding="utf-8")
    (mix / "runon.txt").write_text("Leaders meet again\n\n" + repeat("Biden met Putin and ", 160_000) + "\n",
                                   encoding="utf-8")
    inputs[mix.name] = mix

    letters = folder / "letters-1mb.txt"
    letters.write_text("I " * 500_000, encoding="utf-8")  # "x x x" is not English and skipped before the model
    inputs[letters.name] = letters

    runon = folder / "runon-200k-names-verbs.txt"
    runon.write_text("Talks go on\n\n" + repeat("minister said talks with Iraq would continue and Biden met Putin ",
                                                200_000) + "\n", encoding="utf-8")
    inputs[runon.name] = runon

    lines = folder / f"lines-{gzip_mb}mb.txt.gz"
    with gzip.open(lines, "wb", compresslevel=1) as out:
        out.write(normal(7).encode() + b"\n\n\n")
        block = b"x\n" * (512 * 1024)  # 1 MB
        for _ in range(gzip_mb):
            out.write(block)
    inputs[lines.name] = lines

    token = folder / "huge-token.txt"
    token.write_text("A blob arrives\n\nOfficials said the talks would resume next week. " + "q" * 150_000
                     + " The rest was lost.\n", encoding="utf-8")
    inputs[token.name] = token

    nul = folder / "nul-bytes.jsonl"  # a .txt with a NUL byte is binary (skipped); JSON escapes them
    nul.write_text("".join(json.dumps({"title": f"Zeros {i}", "text": normal(i).replace(". ", ".\x00 ") + "\x00" * 500})
                           + "\n" for i in range(4, 6)), encoding="utf-8")
    inputs[nul.name] = nul
    return inputs


def cap(memory_gb: float):
    def limit() -> None:
        os.setsid()  # its own process group: a timeout kills the workers too
        size = int(memory_gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


def wirecoder(*args: str) -> list[str]:
    return [sys.executable, "-m", "wirecoder.cli.main", *args]


def run_one(name: str, path: Path, processes: int, work: Path, options) -> dict:
    db, report = work / f"{name}-p{processes}.duckdb", work / f"{name}-p{processes}.jsonl"
    log = work / f"{name}-p{processes}.log"
    started = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(wirecoder("run", str(path), "--db", str(db), "--report", str(report),
                                          "--processes", str(processes)),
                                stdout=out, stderr=subprocess.STDOUT, preexec_fn=cap(options.memory_gb), cwd=ROOT)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > options.timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                timed_out = True
            time.sleep(0.2)
    wall = time.monotonic() - started
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc
    losses = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    kinds = {kind: len({x["article_id"] for x in losses if x["kind"] == kind}) for kind in ("cut", "skipped", "failed")}
    stored, valid = "-", "no store"
    if db.exists():
        check = subprocess.run(wirecoder("check", "--db", str(db)), capture_output=True, text=True, cwd=ROOT)
        valid = "ok" if check.returncode == 0 else (check.stderr.strip().splitlines() or ["?"])[-1][:60]
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.close()
    last = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("Error")]
    return {"input": name, "processes": processes, "wall_s": round(wall, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "stored": stored, **kinds,
            "rc": "TIMEOUT" if timed_out else rc, "check": valid, "error": last[-1][:80] if last else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--gzip-mb", type=int, default=10)
    parser.add_argument("--memory-gb", type=float, default=6.0, help="RLIMIT_AS of each run (and its workers)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one run may take")
    parser.add_argument("--only", default="", help="inputs whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs, stores and logs")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    options = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    work = Path(tempfile.mkdtemp(prefix="wirecoder-stress-"))
    rows = []
    try:
        inputs = make_inputs(work, options.gzip_mb)
        header = (f"{'input':32} {'p':>2} {'wall s':>7} {'peak MB':>8} {'stored':>6} {'cut':>4} {'skip':>4} "
                  f"{'fail':>4} {'rc':>7}  check")
        print(header, flush=True)
        for name, path in inputs.items():
            if options.only not in name:
                continue
            for processes in options.processes:
                row = run_one(name, path, processes, work, options)
                rows.append(row)
                print(f"{name:32} {processes:>2} {row['wall_s']:>7} {row['peak_rss_mb']:>8} {row['stored']:>6} "
                      f"{row['cut']:>4} {row['skipped']:>4} {row['failed']:>4} {row['rc']!s:>7}  {row['check']}"
                      + (f"  {row['error']}" if row["error"] else ""), flush=True)
    finally:
        if options.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1) + "\n")
    # 1 with one "Error:" line is a clear refusal (e.g. the only article was over its budget); a
    # death (2: internal error, or a signal) or a timeout is not, nor a store that does not check.
    bad = [r for r in rows if r["rc"] not in (0, 1) or r["check"] != "ok"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
