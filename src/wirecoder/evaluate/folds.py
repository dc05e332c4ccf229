"""Fold figures beside the whole-set figure: ``wirecoder eval SUITE PATH --folds N``.

A suite's records fall into N folds by a hash of their ids (``metrics.in_fold``), the same folds
``--fold K/N`` scores one at a time.  ``score_folds`` scores the whole set and then every fold with one
coder wrapped in ``CachedCoder``, so each text is coded once however many folds read it.  The mean of
the folds and their spread (sample standard deviation, lowest, highest) say how far a figure moves
between random parts of the data: a dev figure that beats its fold mean by more than that spread was
fitted to the records, not to the kind.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, Iterable, Iterator, Sequence


class CachedCoder:
    """A coder (``code_texts`` / ``code_articles``) that codes each distinct input once.

    Texts are keyed by their text, reference date and the wrapped coder's PETRARCH options (which the
    petrarch suite sets per record); articles by id and url.  Everything else is the wrapped coder's."""

    def __init__(self, coder: Any):
        self._coder = coder
        self._texts: dict[tuple, Any] = {}
        self._articles: dict[tuple, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._coder, name)

    def _options(self) -> tuple:
        options = getattr(getattr(self._coder, "coder", None), "options", None)
        if options is None or not dataclasses.is_dataclass(options):
            return ()
        return tuple(sorted(dataclasses.asdict(options).items()))

    def code_texts(self, texts: list[str], reference_date: str | None = None) -> list[Any]:
        options = self._options()
        missing = [t for t in dict.fromkeys(texts) if (t, reference_date, options) not in self._texts]
        if missing:
            coded = self._coder.code_texts(missing, reference_date=reference_date)
            for text, article in zip(missing, coded):
                self._texts[(text, reference_date, options)] = article
        return [self._texts[(t, reference_date, options)] for t in texts]

    def code_articles(self, articles: Iterable[Any]) -> Iterator[Any]:
        articles = list(articles)
        missing = list({(a.id, a.url): a for a in articles if (a.id, a.url) not in self._articles}.values())
        for item in self._coder.code_articles(missing):
            self._articles[(item.article.id, item.article.url)] = item
        return iter([self._articles[(a.id, a.url)] for a in articles])


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean, sample standard deviation, lowest and highest of the fold values."""
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "min": round(min(values), 4), "max": round(max(values), 4)}


def score_folds(scorer: Callable[..., dict[str, Any]], path: Any, folds: int, coder: Any, coder_arg: str = "coder",
                **options: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The scorer's result on the whole set and on each of `folds` folds, all coded by one cached coder."""
    if folds < 2:
        raise ValueError(f"--folds needs at least 2 folds, got {folds}")
    cached = CachedCoder(coder)
    whole = scorer(path, **{coder_arg: cached}, **options)
    parts = [scorer(path, **{coder_arg: cached}, fold=f"{k}/{folds}", **options) for k in range(1, folds + 1)]
    return whole, parts


def fold_figures(whole: dict[str, Any], parts: list[dict[str, Any]], metrics: Sequence[str]) -> dict[str, Any]:
    """metric -> {"whole", "mean", "sd", "min", "max"} for every metric that is a number in each result."""
    figures: dict[str, Any] = {}
    for metric in metrics:
        values = [p.get(metric) for p in parts]
        if isinstance(whole.get(metric), (int, float)) and all(isinstance(v, (int, float)) for v in values):
            figures[metric] = {"whole": whole[metric], **spread([float(v) for v in values])}
    return figures


def format_folds(figures: dict[str, Any], folds: int) -> str:
    """The fold table: each metric's whole-set figure, then the folds' mean, spread and range."""
    if not figures:
        return f"{folds} folds: no numeric headline metric to compare"
    first = max(len("metric"), *(len(m) for m in figures)) + 2
    header = f"{'metric':<{first}}{'whole':>9}{'fold mean':>11}{'sd':>9}{'min':>9}{'max':>9}"
    lines = [f"{folds} folds (by a hash of each record's id):", header, "-" * len(header)]
    for metric, row in figures.items():
        lines.append(f"{metric:<{first}}{row['whole']:>9.4f}{row['mean']:>11.4f}{row['sd']:>9.4f}"
                     f"{row['min']:>9.4f}{row['max']:>9.4f}")
    return "\n".join(lines)
