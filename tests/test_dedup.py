"""Near-duplicate articles and merged events: MinHash screening, copy mentions, GDELT-style counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirecoder.dedup import Copy, Deduplicator, event_key, locate_mentions, signature, similarity
from wirecoder.model import ActorRef, Article, CodedArticle, Event
from wirecoder.store import Store

PAIRS = [("Egypt", "Qatar", "Cairo"), ("France", "Germany", "Paris"), ("Japan", "China", "Tokyo"),
         ("Kenya", "Uganda", "Nairobi"), ("Brazil", "Argentina", "Brasilia"), ("India", "Pakistan", "Delhi")]
FILLER = ["harvest", "railway", "election", "pipeline", "vaccine", "stadium", "reservoir", "satellite"]


def story(i: int) -> str:
    a, b, city = PAIRS[i % len(PAIRS)]
    word = FILLER[i % len(FILLER)]
    return (f"{a}'s foreign minister met his {b} counterpart in {city} on Tuesday to discuss the {word} project. "
            f"Officials from {a} accused {b} of blocking shipments of grain at the border crossing near {city}. "
            f"\"We will not accept this,\" the minister told reporters after the meeting about the {word}. "
            f"{b} denied the claim and said it would send a delegation to {city} next week. "
            f"Round {i} of the talks on the {word} is expected to continue in March, according to a statement.")


def articles(n: int, source: str = "wire") -> list[Article]:
    return [Article(title=f"Talks {i}", text=story(i), source=source, reference_date="2024-12-10") for i in range(n)]


# ---- MinHash ----------------------------------------------------------------------------

def test_signature_is_stable_and_similarity_tracks_overlap() -> None:
    text = story(0)
    assert (signature(text) == signature(text)).all()
    edited = text.replace("on Tuesday", "on Tuesday morning") + " Reporting by a staff correspondent."
    assert similarity(signature(text), signature(edited)) >= 0.6
    assert similarity(signature(text), signature(story(1))) < 0.3


def test_estimate_is_close_to_the_exact_jaccard_similarity() -> None:
    import random

    from wirecoder.dedup.minhash import shingles

    rng = random.Random(5)
    base = " ".join(story(i) for i in range(4)).split()
    errors = []
    for trial in range(25):
        words = list(base)
        for _ in range(rng.randint(0, len(words) // 3)):
            words[rng.randrange(len(words))] = f"edit{rng.randint(0, 999)}"
        a, b = set(shingles(" ".join(base))), set(shingles(" ".join(words)))
        exact = len(a & b) / len(a | b)
        errors.append(abs(similarity(signature(" ".join(base)), signature(" ".join(words))) - exact))
    assert max(errors) < 0.15 and sum(errors) / len(errors) < 0.05  # 128 permutations: sd <= 0.045


def test_screen_links_copies_to_the_earliest_original_in_input_order() -> None:
    originals = articles(3)
    reprint = Article(title="Reprint", source="other", text=originals[1].text.replace("Tuesday", "Tuesday,")
                      + " This story was first published elsewhere.")
    exact = Article(title=originals[2].title, source="mirror", text=originals[2].text)
    screen = Deduplicator()
    verdicts = screen.screen([*originals, reprint, exact])
    assert [v.copy is None for v in verdicts] == [True, True, True, False, False]
    assert verdicts[3].copy.original_id == originals[1].id and verdicts[3].copy.similarity >= 0.6
    assert verdicts[4].copy.original_id == originals[2].id and verdicts[4].copy.similarity == 1.0


def test_screen_asks_the_lookup_for_stored_originals_and_forgets_written_ones() -> None:
    stored = articles(1)[0]
    asked: list[list[int]] = []

    def lookup(keys: list[int]) -> dict:
        asked.append(keys)
        return {stored.id: signature(stored.text)}

    screen = Deduplicator(lookup)
    copy = Article(title="Copy", source="b", text=stored.text)
    fresh = articles(2)[1]
    verdicts = screen.screen([copy, fresh])
    assert len(asked) == 1  # one query for the whole block
    assert verdicts[0].copy.original_id == stored.id and verdicts[1].copy is None
    assert screen.pending == 1
    screen.written([fresh.id])
    assert screen.pending == 0


# ---- mentions in copies -------------------------------------------------------------------

def test_locate_mentions_finds_exact_and_edited_sentences_and_drops_cut_ones() -> None:
    original = "First sentence here. Egypt accused Qatar of blocking grain. Last words of the story."
    start = original.index("Egypt")
    end = original.index("grain.") + len("grain.")
    trig = original.index("accused")
    mention = {"start": start, "end": end, "trigger_start": trig, "trigger_end": trig + 7}
    copy = "A new lead paragraph was added. " + original
    exact = locate_mentions([mention], original, copy)[0]
    assert copy[exact.start:exact.end] == original[start:end]
    assert copy[exact.trigger_start:exact.trigger_end] == "accused"
    edited = "First sentence here. Egypt's government accused Qatar of blocking grain. Last words."
    fuzzy = locate_mentions([mention], original, edited)[0]
    assert fuzzy is not None and "accused Qatar of blocking grain" in edited[fuzzy.start:fuzzy.end]
    assert edited[fuzzy.trigger_start:fuzzy.trigger_end] == "accused"
    assert locate_mentions([mention], original, "First sentence here. Last words of the story.")[0] is None


def test_event_key_merges_equal_reports_and_separates_different_ones() -> None:
    def ev(actor: str, recipient: str, cameo: str = "112", negated: bool = False) -> Event:
        return Event(id="x", article_id="a", sentence="", start=0, end=0, event="ACCUSE", cameo=cameo,
                     actor=[ActorRef(actor, actor)], recipient=[ActorRef(recipient, recipient)], negated=negated)

    assert event_key(ev("Egypt", "Qatar"), "2024-12-10") == event_key(ev("egypt", "Qatar"), "2024-12-10")
    assert event_key(ev("Egypt", "Qatar"), "2024-12-10") != event_key(ev("Qatar", "Egypt"), "2024-12-10")
    assert event_key(ev("Egypt", "Qatar"), "2024-12-10") != event_key(ev("Egypt", "Qatar"), "2024-12-11")
    assert event_key(ev("Egypt", "Qatar"), "2024-12-10") != event_key(ev("Egypt", "Qatar", negated=True),
                                                                      "2024-12-10")


# ---- in the store -------------------------------------------------------------------------

def _coded(article: Article) -> CodedArticle:
    text = article.text
    start, end = 0, text.index(". ") + 1
    trig = text.index("met")
    event = Event(id=f"e-{article.id}", article_id=article.id, sentence=text[start:end], start=start, end=end,
                  event="CONSULT", cameo="040", actor=[ActorRef("Egypt", "Egypt", "EGY")],
                  recipient=[ActorRef("Qatar", "Qatar", "QAT")], trigger="met", trigger_start=trig,
                  trigger_end=trig + 3)
    return CodedArticle(article=article, events=[event])


def test_store_writes_copy_with_mentions_and_recoding_the_original_refreshes_them(tmp_path: Path) -> None:
    original = articles(1)[0]
    copy = Article(title="Syndicated", source="paper", text="By a staff writer. " + original.text)
    with Store(tmp_path / "s.duckdb") as store:
        store.write([_coded(original)], signatures={original.id: signature(original.text)})
        stats = store.write([], copies=[Copy(copy, original.id, 0.9)])
        assert (stats.copies, stats.mentions) == (1, 1)
        mention = store.mentions(article_id=copy.id)[0]
        assert mention["copied"] and copy.text[mention["start"]:mention["end"]] == mention["sentence"]
        assert copy.text[mention["trigger_start"]:mention["trigger_end"]] == "met"
        merged = store.merged_events()
        assert [(m["num_mentions"], m["num_articles"], m["num_sources"]) for m in merged] == [(2, 2, 2)]
        assert store.check() == []
        # the original is re-coded with no events: its copy's mention goes with them
        store.write([CodedArticle(article=original)])
        assert store.mentions(article_id=copy.id) == [] and store.check() == []
        assert list(store.similar([])) == []


def test_undated_events_stay_unmerged_across_articles_but_not_across_copies(tmp_path: Path) -> None:
    """The same "Egypt met Qatar" in two stories with no date is two events; dated alike, it is one."""
    first, second = (Article(title=f"Talks {i}", text=story(0).replace("project", f"project {i}"), source=f"s{i}")
                     for i in range(2))
    copy = Article(title="Reprint", source="paper", text="By a staff writer. " + first.text)
    with Store(tmp_path / "undated.duckdb") as store:
        store.write([_coded(first), _coded(second)])
        store.write([], copies=[Copy(copy, first.id, 0.9)])
        counts = sorted((m["num_mentions"], m["num_articles"]) for m in store.merged_events())
        assert counts == [(1, 1), (2, 2)]  # the copy shares its original's event, the other story does not
        assert store.connection.execute("SELECT count(*) FROM events WHERE date_key IS NULL").fetchone()[0] == 2
    dated = [Article(title=a.title, text=a.text, source=a.source, reference_date="2024-12-10") for a in (first, second)]
    with Store(tmp_path / "dated.duckdb") as store:
        store.write([_coded(a) for a in dated])
        assert [(m["num_mentions"], m["num_articles"], m["num_sources"]) for m in store.merged_events()] == [(2, 2, 2)]


def test_check_reports_orphans_and_offsets(tmp_path: Path) -> None:
    original = articles(1)[0]
    with Store(tmp_path / "s.duckdb") as store:
        store.write([_coded(original)])
        con = store.connection
        con.execute("UPDATE events SET \"end\" = 100000")
        con.execute("INSERT INTO duplicates VALUES ('ghost', 'nowhere', 1.0)")
        found = " | ".join(store.check())
    assert "outside the article text" in found
    assert "duplicates rows whose article is missing" in found and "original is missing" in found


@pytest.mark.slow
def test_same_corpus_with_every_article_copied_under_another_source(tmp_path: Path, nlp) -> None:
    """The same events, each reported twice: event count equal, mentions, articles and sources doubled."""
    from wirecoder.runner import run_articles

    corpus = articles(6)
    copies = [Article(title=a.title, text=a.text, source="reprints", reference_date=a.reference_date)
              for a in corpus]
    once = run_articles(corpus, tmp_path / "once.duckdb", batch=4)
    twice = run_articles([x for pair in zip(corpus, copies, strict=True) for x in pair], tmp_path / "twice.duckdb",
                         batch=4)
    assert once.events > 0 and twice.copies == len(corpus) and twice.articles == len(corpus)
    with Store(tmp_path / "once.duckdb", read_only=True) as a, Store(tmp_path / "twice.duckdb", read_only=True) as b:
        ca, cb = a.counts(), b.counts()
        assert cb["events"] == ca["events"] and cb["articles"] == 2 * ca["articles"]
        assert cb["event_mentions"] == 2 * ca["event_mentions"] and cb["duplicates"] == len(corpus)
        ma = {m["event_key"]: m for m in a.merged_events()}
        mb = {m["event_key"]: m for m in b.merged_events()}
        assert ma.keys() == mb.keys()
        for key, m in ma.items():
            assert mb[key]["num_mentions"] == 2 * m["num_mentions"]
            assert mb[key]["num_articles"] == 2 * m["num_articles"]
            assert mb[key]["num_sources"] == 2 * m["num_sources"]
        assert b.check() == []
