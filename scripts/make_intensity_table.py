"""Write src/wirecoder/store/data/plover_intensity.tsv: a -10..+10 intensity for each PLOVER event and mode.

POLECAT's "Event Intensity" scores each PLOVER event type and mode on the Goldstein-like scale of -10 (most
conflictual) to +10 (most cooperative). The values here start from the Goldstein (1992) weights that
lexicon/cameo.tsv gives the CAMEO codes mapped to each (event, mode): their mean, to one decimal; a row with
an empty mode is the event's own mean, for events with no mode or a mode not listed. Run again after
cameo.tsv changes; hand edits to the table are lost then.

    .venv/bin/python scripts/make_intensity_table.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from statistics import mean

from wirecoder.events.cameo import cameo_table

OUT = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "store" / "data" / "plover_intensity.tsv"
HEADER = """\
# Intensity of each PLOVER event type and mode on POLECAT's -10 (most conflictual) .. +10 (most cooperative)
# scale: the "Event Intensity" column of `wirecoder export --format polecat` and `event_scale` of the PLOVER
# JSON export. Derived, not copied: each value is the mean Goldstein (1992) weight of the CAMEO codes that
# lexicon/cameo.tsv maps to that event and mode; an empty mode is the event's own mean (used when the mode is
# missing or not listed). Regenerate with scripts/make_intensity_table.py (CC BY-SA 4.0, as cameo.tsv).
event\tmode\tintensity
"""


def main() -> None:
    by_mode: dict[tuple[str, str], list[float]] = defaultdict(list)
    by_event: dict[str, list[float]] = defaultdict(list)
    for entry in cameo_table().values():
        if entry.plover is None:
            continue
        by_event[entry.plover].append(entry.goldstein)
        if entry.mode is not None:
            by_mode[(entry.plover, entry.mode)].append(entry.goldstein)
    rows = [(event, "", mean(values)) for event, values in by_event.items()]
    rows += [(event, mode, mean(values)) for (event, mode), values in by_mode.items()]
    rows.sort(key=lambda r: (r[0], r[1]))
    OUT.write_text(HEADER + "".join(f"{e}\t{m}\t{v:.1f}\n" for e, m, v in rows), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
