"""What a set of PETRARCH dictionaries holds once read: the load report ``eval petrarch`` prints.

It counts every pattern form the verbs use (so a reader can see none was dropped), the transformations,
the actors and agents, and lists each line that was skipped or kept with a warning.
"""

from __future__ import annotations

from typing import Any

from wirecoder.actors.petrarch_dicts import NULL_CODE, PetrarchLexicon


def load_report(lexicon: PetrarchLexicon) -> dict[str, Any]:
    """Counts of what was read, by form, and the problems (skipped lines and warnings)."""
    verbs = lexicon.verbs
    patterns = verbs.patterns
    grouped = [p.grouped for p in patterns if p.grouped is not None]
    forms = {
        "sequence": sum(1 for p in patterns if p.grouped is None),
        "noun_phrase": sum(1 for g in grouped if any(n.modifiers for n in g.nouns())),
        "prepositional": sum(1 for g in grouped if g.upper_preps or g.lower_preps),
        "synset": sum(1 for p in patterns if p.synsets),
        "source_target_marker": sum(1 for p in patterns if any(e.kind in ("source", "target") for e in p.elements)),
        "compound_marker": sum(1 for p in patterns if any(e.kind == "compound" for e in p.elements)),
        "skip_marker": sum(1 for p in patterns if any(e.kind == "skip" for e in p.elements)),
        "negative": sum(1 for p in patterns if p.code == NULL_CODE and not p.reciprocal_code),
        "reciprocal": sum(1 for p in patterns if p.reciprocal_code and p.code != NULL_CODE),
        "reverse_only": sum(1 for p in patterns if p.reciprocal_code and p.code == NULL_CODE),
    }
    skipped = [p for p in lexicon.problems if p.endswith("skipped")]
    return {
        "reading": verbs.style,
        "counts": lexicon.counts(),
        "multi_word_verbs": sum(1 for v in verbs.verbs if " " in v.lemma),
        "transformations": len(verbs.transformations),
        "pattern_forms": forms,
        "skipped": skipped,
        "warnings": [p for p in lexicon.problems if p not in skipped],
    }


def format_report(report: dict[str, Any]) -> str:
    counts = report["counts"]
    forms = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in report["pattern_forms"].items() if n)
    lines = [
        f"dictionaries ({report['reading']} reading): {counts['verb_blocks']} verb blocks, {counts['verbs']} verbs "
        f"({report['multi_word_verbs']} multi-word), {counts['verb_patterns']} patterns, "
        f"{report['transformations']} transformations, {counts['synsets']} synsets",
        f"  pattern forms: {forms}",
        f"  {counts['actors']} actors ({counts['actor_phrases']} phrases, {counts['actors_date_restricted']} "
        f"date-restricted), {counts['agents']} agents, {counts['discards']} discards",
        f"  skipped lines: {len(report['skipped'])}; warnings: {len(report['warnings'])}",
    ]
    lines.extend(f"    {line}" for line in report["skipped"] + report["warnings"])
    return "\n".join(lines)
