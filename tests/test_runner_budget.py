"""One bad article never stalls or kills a run: over its time or memory budget, failing in the
pipeline, or killing its worker, it is left out and counted; every other article is stored once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from wirecoder.model import Article, CodedArticle, Event, Sentence
from wirecoder.runner import Runner, run_articles
from wirecoder.runner.settings import Budget
from wirecoder.runner.work import code_block
from wirecoder.store import Store

KILL_ONCE = "WIRECODER_TEST_KILL_ONCE"  # a file: the first worker to see "worker killer" deletes it and dies


class PoisonPipeline:
    """One event per article, no model; some texts misbehave as hostile articles do in the real one."""

    def __init__(self) -> None:
        self.timings = {"nlp": 0.0}

    def code_articles(self, articles):
        articles = list(articles)  # as nlp.pipe: a whole batch is taken in before the first result
        for article in articles:
            if "memory hog" in article.text:
                raise MemoryError("Unable to allocate 549 MiB")
            if "a bug" in article.text:
                raise IndexError("list index out of range")
        for article in articles:
            if "slow poke" in article.text:
                time.sleep(30)
            if "memory grower" in article.text:
                hog = bytearray(400 * 1024 * 1024)  # past the test's 200 MB cap: MemoryError, not the OOM killer
                del hog
            if "worker killer" in article.text and _kill_once():
                os.kill(os.getpid(), signal.SIGKILL)
            if "worker killer" in article.text and "always" in article.text:
                os.kill(os.getpid(), signal.SIGKILL)
            end = len(article.text)
            yield CodedArticle(article=article, sentences=[Sentence(article.id, 0, 0, end, article.text)],
                               events=[Event(id=f"{article.id}-0", article_id=article.id, sentence=article.text,
                                             start=0, end=end, event="CONSULT", cameo="040")])


def _kill_once() -> bool:
    marker = os.environ.get(KILL_ONCE)
    if not marker:
        return False
    try:
        os.unlink(marker)
    except FileNotFoundError:
        return False
    return True


def poison() -> PoisonPipeline:
    return PoisonPipeline()


def articles(*specials: str, normal: int = 5) -> list[Article]:
    found = [Article(title=f"Normal {i}", text=f"Talks on item {i} went on in the capital.", source="t")
             for i in range(normal)]
    for i, text in enumerate(specials):
        found.insert(2 + i, Article(title=f"Hostile {i}", text=text, source="t"))
    return found


def stored_ids(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        assert store.check() == []
        return sorted(store.article_ids())


def test_a_memory_error_loses_only_its_article(tmp_path: Path) -> None:
    # Today's failure: a MemoryError on one article of a block stored nothing at all.
    given = articles("a memory hog of an article.")
    losses = []
    stats = run_articles(given, tmp_path / "s.duckdb", pipeline_factory=poison, on_loss=losses.append)
    assert stats.articles == 5 and stats.skipped == {"memory_budget": 1}
    assert [(x.kind, x.reason, x.title) for x in losses] == [("skipped", "memory_budget", "Hostile 0")]
    assert "Hostile 0" in losses[0].message
    assert stored_ids(tmp_path / "s.duckdb") == sorted(a.id for a in given if a.title.startswith("Normal"))


def test_a_pipeline_error_is_a_failure_of_one_article(tmp_path: Path) -> None:
    stats = run_articles(articles("there is a bug in here."), tmp_path / "s.duckdb", pipeline_factory=poison,
                         on_loss=lambda loss: None)
    assert stats.articles == 5 and stats.failed == {"error": 1} and stats.skipped == {}


def test_an_article_over_its_time_budget_is_skipped_and_named_while_it_runs(capfd) -> None:
    block = articles("a slow poke of an article.", normal=3)
    started = time.monotonic()
    result = code_block(block, poison, Budget(seconds=1.0, memory_mb=0, warn_after=0.5))
    assert time.monotonic() - started < 10
    assert [c.article.title for c in result.coded] == ["Normal 0", "Normal 1", "Normal 2"]
    assert [(x.kind, x.reason) for x in result.losses] == [("skipped", "time_budget")]
    err = capfd.readouterr().err
    assert "Hostile 0" in err and "still being coded" in err


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="the memory cap needs Linux")
def test_an_article_over_its_memory_budget_raises_in_the_worker_not_the_oom_killer() -> None:
    result = code_block(articles("a memory grower.", normal=2), poison, Budget(seconds=0, memory_mb=200))
    assert [(x.kind, x.reason) for x in result.losses] == [("skipped", "memory_budget")]
    assert len(result.coded) == 2
    bytearray(400 * 1024 * 1024)  # the cap is lifted once the block is done


def test_a_killed_worker_is_replaced_and_its_block_retried_without_the_poisoned_article(tmp_path: Path) -> None:
    given = articles("a worker killer, always.", normal=8)
    losses = []
    with Runner(tmp_path / "s.duckdb", processes=2, batch=3, pipeline_factory=poison,
                on_loss=losses.append) as runner:
        stats = runner.run(given)
    assert stats.articles == 8 and stats.failed == {"worker_died": 1} and stats.workers_replaced >= 1
    assert [x.title for x in losses] == ["Hostile 0"]
    assert stored_ids(tmp_path / "s.duckdb") == sorted(a.id for a in given if a.title.startswith("Normal"))


def test_a_worker_killed_once_costs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Killed from outside (the OOM killer on a neighbour's behalf): the retry codes every article.
    marker = tmp_path / "kill-once"
    marker.touch()
    monkeypatch.setenv(KILL_ONCE, str(marker))
    given = articles("a worker killer, this time only.", normal=6)
    with Runner(tmp_path / "s.duckdb", processes=2, batch=3, pipeline_factory=poison,
                on_loss=lambda loss: None) as runner:
        stats = runner.run(given)
    assert not marker.exists() and stats.workers_replaced == 1
    assert stats.articles == 7 and stats.failed == {} and stats.skipped == {}
    assert stored_ids(tmp_path / "s.duckdb") == sorted(a.id for a in given)


def test_a_long_article_is_coded_alone_so_no_batch_waits_for_it() -> None:
    from wirecoder.runner.work import ALONE_CHARS

    calls: list[list[str]] = []

    class Recording(PoisonPipeline):
        def code_articles(self, articles):
            articles = list(articles)
            calls.append([a.title for a in articles])
            return super().code_articles(articles)

    block = articles("long " * (ALONE_CHARS // 5), normal=4)
    result = code_block(block, Recording, Budget(seconds=0, memory_mb=0, warn_after=0))
    assert calls == [["Normal 0", "Normal 1"], ["Hostile 0"], ["Normal 2", "Normal 3"]]
    assert [c.article.title for c in result.coded] == ["Normal 0", "Normal 1", "Hostile 0", "Normal 2", "Normal 3"]
