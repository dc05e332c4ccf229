"""Choosing the Pipeline's nlp.pipe batch size by measurement: sizes interleaved over rounds, medians.

    python bench/batch_size.py ../shared/corpus/bbc/business ../shared/corpus/bbc/politics --limit 200

Each round pipes the same texts through wirecoder's model (load_nlp) once per batch size, in a
rotated order, and records CPU seconds; the report gives each size's median relative to the
fastest size's median and the per-round ratio to size 16 (the default), so a loaded machine
shows up as a range, not as a winner.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from wirecoder.bench import load_sample
from wirecoder.nlp import load_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--sizes", default="4,8,16,32,64,128")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    texts = [a.text for a in load_sample(args.paths, args.limit).articles]
    nlp = load_nlp()
    list(nlp.pipe(texts[:8]))
    seconds: dict[int, list[float]] = {s: [] for s in sizes}
    for r in range(args.rounds):
        order = sizes[r % len(sizes):] + sizes[:r % len(sizes)]
        for size in order:
            start = time.process_time()
            for _ in nlp.pipe(texts, batch_size=size):
                pass
            seconds[size].append(time.process_time() - start)
        print(f"round {r + 1}:", {s: round(seconds[s][-1], 2) for s in sizes}, flush=True)
    medians = {s: statistics.median(v) for s, v in seconds.items()}
    best = min(medians.values())
    base = 16 if 16 in seconds else sizes[0]
    report = {s: {"median_cpu_s": round(medians[s], 2), "vs_fastest": round(medians[s] / best, 3),
                  "vs_16_per_round": [round(a / b, 3) for a, b in zip(seconds[s], seconds[base])]} for s in sizes}
    print(json.dumps({"texts": len(texts), "sizes": report}, indent=1))


if __name__ == "__main__":
    main()
