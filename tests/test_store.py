"""The DuckDB store: round trips, idempotence, filters, locking and crash safety."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from wirecoder.errors import StoreError, WirecoderError
from wirecoder.model import (
    ActorRef,
    Article,
    Caption,
    CodedArticle,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    TimeRef,
    content_id,
)
from wirecoder.store import Store, WriteStats, writer
from wirecoder.store.synthetic import synthetic_article
from wirecoder.store.writer import iso_prefix

SRC = Path(__file__).resolve().parents[1] / "src"


def _event(aid: str, text: str, sentence_start: int, n: int, plover: str, cameo: str,
           actor: list[ActorRef], recipient: list[ActorRef], date: TimeRef | None = None,
           location: Place | None = None) -> Event:
    return Event(id=content_id(aid, n), article_id=aid, sentence=text, start=sentence_start,
                 end=sentence_start + len(text), event=plover, cameo=cameo, quad_class=1, goldstein=3.5,
                 actor=actor, recipient=recipient, date=date, location=location, confidence=0.81234,
                 trigger="met", trigger_start=sentence_start + 8, trigger_end=sentence_start + 11)


def baghdad_article() -> CodedArticle:
    """Blinken meets Iraq in Baghdad on the 13th; Hamas is accused with no date of its own."""
    s1 = "Blinken met Iraqi Prime Minister Mohammed Shia al-Sudani in Baghdad on Friday."
    s2 = "Israel accused Hamas of delaying the talks."
    text = f"{s1} {s2}"
    art = Article(title="Blinken in Baghdad", text=text, source="Wire", reference_date="2024-12-13",
                  reference_date_origin="dateline", captions=[Caption("Blinken arrives", "AFP")],
                  paragraphs=[(0, len(s1)), (len(s1) + 1, len(text))], url="https://example.org/a")
    aid = art.id
    blinken = ActorRef("Blinken", "Antony Blinken", "USA", "GOV", 0, 7)
    sudani = ActorRef("Mohammed Shia al-Sudani", "Mohammed Shia al-Sudani", "IRQ", "GOV", 33, 56)
    baghdad = Place("Baghdad", "Baghdad", "IQ", 33.34, 44.40, 98182, "P.PPLC", 60, 67, aid)
    friday = TimeRef("on Friday", "2024-12-13", "day", "DATE", 68, 77)
    israel = ActorRef("Israel", "Israel", "ISR", None, len(s1) + 1, len(s1) + 7)
    hamas = ActorRef("Hamas", "Hamas", "PSE", "REB", len(s1) + 16, len(s1) + 21)
    return CodedArticle(
        article=art,
        sentences=[Sentence(aid, 0, 0, len(s1), s1), Sentence(aid, 1, len(s1) + 1, len(text), s2)],
        entities=[Entity("Antony Blinken", "PERSON", "Secretary of State", "USA", "GOV", 2, [aid], ["Blinken"],
                         [(0, 7)]),
                  Entity("Baghdad", "GPE", None, "IRQ", None, 1, [aid], [], [(60, 67)])],
        events=[
            _event(aid, s1, 0, 0, "CONSULT", "040", [blinken], [sudani], friday, baghdad),
            _event(aid, s2, len(s1) + 1, 1, "ACCUSE", "112", [israel], [hamas]),
        ],
        quotes=[Quote(content_id(aid, "q0"), aid, "the talks are serious", "direct", 10, 31, blinken, "said", 32, 36),
                Quote(content_id(aid, "q1"), aid, "progress was made", "indirect", 40, 57, None, None)],
        places=[baghdad],
        times=[friday],
    )


def kyiv_article() -> CodedArticle:
    """An earlier article: Ukraine and Blinken again, a month-only date."""
    s1 = "Ukraine asked the United States for air defence in November."
    art = Article(title="Kyiv asks", text=s1, source="Wire", reference_date="2024-11-20")
    aid = art.id
    ukraine = ActorRef("Ukraine", "Ukraine", "UKR", "GOV", 0, 7)
    usa = ActorRef("the United States", "United States", "USA", "GOV", 18, 35)
    return CodedArticle(
        article=art,
        sentences=[Sentence(aid, 0, 0, len(s1), s1)],
        entities=[Entity("Antony Blinken", "PERSON", None, "USA", "GOV", 1, [aid], ["Tony Blinken"], [(0, 7)])],
        events=[_event(aid, s1, 0, 0, "REQUEST", "020", [ukraine], [usa],
                       TimeRef("in November", "2024-11", "month", "DATE", 48, 59))],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "news.duckdb"


@pytest.fixture
def filled(db: Path) -> Path:
    with Store(db) as store:
        store.write([baghdad_article(), kyiv_article()])
    return db


def _by_position(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r["start"], r["id"]))


# ---- round trip ----------------------------------------------------------------

def test_round_trip_matches_model_dicts(db: Path) -> None:
    coded = baghdad_article()
    with Store(db) as store:
        stats = store.write([coded])
        assert stats == WriteStats(articles=1, events=2, quotes=2, entities=2, places=1)
    with Store(db, read_only=True) as store:
        assert store.articles() == [coded.article.to_dict()]
        assert store.events() == _by_position([e.to_dict() for e in coded.events])
        assert store.quotes() == [q.to_dict() for q in coded.quotes]
        assert store.quotes(article_id="no-such-id") == []
        assert store.places() == [p.to_dict() for p in coded.places]
        assert sorted(store.entities(), key=lambda e: e["name"]) == [e.to_dict() for e in coded.entities]
        assert store.times() == [{**t.to_dict(), "article_id": coded.article.id} for t in coded.times]
        assert [s["text"] for s in store.sentences()] == [s.text for s in coded.sentences]
        assert store.article(coded.article.id) == coded.article.to_dict()
        assert store.has_article(coded.article.id) and not store.has_article("nope")
        assert store.article_ids() == {coded.article.id}


def test_stored_types_are_proper_sql_types(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        types = dict(store.connection.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns").fetchall())
        day = store.connection.execute("SELECT day FROM events WHERE event = 'CONSULT'").fetchone()[0]
    assert types["articles.reference_day"] == "DATE"
    assert types["events.location_lat"] == "DOUBLE"
    assert types["events.negated"] == "BOOLEAN"
    assert types["entities.aliases"] == "VARCHAR[]"
    assert str(day) == "2024-12-13"


def test_entities_merge_across_articles_by_name(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        merged = {e["name"]: e for e in store.entities()}
    blinken = merged["Antony Blinken"]
    assert blinken["mentions"] == 3
    assert sorted(blinken["article_ids"]) == sorted([baghdad_article().article.id, kyiv_article().article.id])
    assert sorted(blinken["aliases"]) == ["Blinken", "Tony Blinken"]
    assert blinken["role"] == "Secretary of State"  # the only article that knows the role
    assert store_order(filled) == ["Antony Blinken", "Baghdad"]


def store_order(path: Path) -> list[str]:
    with Store(path, read_only=True) as store:
        return [e["name"] for e in store.entities()]


# ---- idempotence and re-coding ------------------------------------------------------

def test_rewrite_is_idempotent(filled: Path) -> None:
    with Store(filled) as store:
        before = store.counts()
        stats = store.write([baghdad_article(), kyiv_article()])
        assert stats.skipped == 2 and stats.articles == 0 and stats.events == 0
        assert store.counts() == before


def test_same_article_twice_in_one_batch_is_stored_once(db: Path) -> None:
    with Store(db) as store:
        stats = store.write([baghdad_article(), baghdad_article()])
        assert (stats.articles, stats.skipped) == (1, 1)
        assert store.counts()["events"] == 2


def test_recoded_article_replaces_all_its_rows(filled: Path) -> None:
    recoded = baghdad_article()
    recoded.events = recoded.events[:1]
    recoded.events[0].event, recoded.events[0].cameo = "MEET", "043"
    recoded.quotes = []
    with Store(filled) as store:
        stats = store.write([recoded])
        assert (stats.articles, stats.replaced, stats.skipped) == (1, 1, 0)
        mine = store.events(article_id=recoded.article.id)
        assert [e["event"] for e in mine] == ["MEET"]
        assert store.quotes(recoded.article.id) == []
        counts = store.counts()
        assert counts["articles"] == 2 and counts["events"] == 2  # one here, one in the Kyiv article
        actors = store.connection.execute(
            "SELECT count(*) FROM event_actors WHERE article_id = ?", [recoded.article.id]).fetchone()[0]
        assert actors == 2


# ---- filters ------------------------------------------------------------------

def _types(events: list[dict]) -> list[str]:
    return [e["event"] for e in events]


def test_order_is_reference_date_then_article_then_start(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        assert _types(store.events()) == ["REQUEST", "CONSULT", "ACCUSE"]


def test_actor_and_recipient_filters(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        assert _types(store.events(actor="blinken")) == ["CONSULT"]  # case-insensitive substring
        assert _types(store.events(actor="USA")) == ["CONSULT"]  # country code
        assert _types(store.events(actor="isr")) == ["ACCUSE"]  # lower case: a code, or part of a name
        assert _types(store.events(recipient="United")) == ["REQUEST"]
        assert _types(store.events(recipient="USA")) == ["REQUEST"]
        assert _types(store.events(recipient="IQ")) == ["CONSULT"]  # alpha-2 reaches alpha-3 codes
        assert _types(store.events(actor="US")) == ["CONSULT"]  # upper case: a code (USA), not a name piece
        assert store.events(actor="us") == []  # lower case: no name contains "us", no country is "US"
        assert _types(store.events(recipient="hamas")) == ["ACCUSE"]
        assert _types(store.events(actor="Blinken", recipient="Sudani")) == ["CONSULT"]
        assert store.events(actor="Hamas") == []  # Hamas is only ever a recipient


def test_type_cameo_and_country_filters(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        assert _types(store.events(type="accuse")) == ["ACCUSE"]
        assert _types(store.events(cameo_root="04")) == ["CONSULT"]
        assert _types(store.events(cameo_root="02")) == ["REQUEST"]
        assert _types(store.events(country="IQ")) == ["CONSULT"]  # location IQ and actor IRQ
        assert _types(store.events(country="pse")) == ["ACCUSE"]
        assert _types(store.events(country="USA")) == ["REQUEST", "CONSULT"]


def test_cameo_root_pads_single_digits(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        assert _types(store.events(cameo_root="4")) == ["CONSULT"]


def test_since_until_use_date_value_then_reference_date(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        # REQUEST is dated "2024-11" (a month), CONSULT "2024-12-13", ACCUSE has no date -> article's 2024-12-13
        assert _types(store.events(since="2024-12-13")) == ["CONSULT", "ACCUSE"]
        assert _types(store.events(since="2024-12-14")) == []
        assert _types(store.events(until="2024-11-05")) == ["REQUEST"]  # the month overlaps
        assert _types(store.events(since="2024-11-30", until="2024-11-30")) == ["REQUEST"]
        assert _types(store.events(since="2024-12")) == ["CONSULT", "ACCUSE"]
        assert _types(store.events(until="2024")) == ["REQUEST", "CONSULT", "ACCUSE"]
        import datetime as dt
        assert _types(store.events(until=dt.date(2024, 11, 30))) == ["REQUEST"]
        with pytest.raises(StoreError):
            store.events(since="last week")


def test_paging_is_stable_and_complete(db: Path) -> None:
    with Store(db) as store:
        store.write([synthetic_article(i, events=5) for i in range(6)])
        everything = store.events()
        pages = [store.events(limit=4, offset=o) for o in range(0, 32, 4)]
        assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything]
        assert len(everything) == 30
        assert store.events(limit=4, offset=8) == store.events(limit=4, offset=8)
        with pytest.raises(StoreError):
            store.events(limit=-1)


@pytest.mark.parametrize("value", [
    "x' OR '1'='1", "'; DROP TABLE events; --", "%", "_", "\\", '") OR 1=1 --', "USA' --",
])
def test_injection_looking_values_are_plain_values(filled: Path, value: str) -> None:
    with Store(filled, read_only=True) as store:
        before = store.counts()
        for kwargs in ({"actor": value}, {"recipient": value}, {"type": value}, {"country": value},
                       {"cameo_root": value}):
            assert store.events(**kwargs) == [], kwargs
        assert store.quotes(article_id=value) == []
        assert store.counts() == before


# ---- opening, locking, read-only ---------------------------------------------------

def test_read_only_open_of_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as caught:
        Store(missing, read_only=True)
    assert str(caught.value) == (f"no store at {missing}; create one with `wirecoder run PATH... --db {missing}`")
    assert not missing.exists()


@pytest.mark.parametrize("read_only", [True, False])
def test_corrupt_file_is_a_one_line_store_error(tmp_path: Path, read_only: bool) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database\n" * 200)
    with pytest.raises(StoreError) as caught:
        Store(bad, read_only=read_only)
    assert "\n" not in str(caught.value) and str(bad) in str(caught.value)
    assert bad.read_text().startswith("not a database")  # never overwritten


def test_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE sales (n INTEGER)")
    con.close()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a wirecoder store"):
            Store(other, read_only=read_only)


def test_empty_placeholder_file_becomes_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    with pytest.raises(StoreError, match="no store at"):
        Store(empty, read_only=True)
    with Store(empty) as store:
        assert store.counts()["articles"] == 0


def test_second_writer_is_refused_while_first_holds_the_lock(db: Path) -> None:
    with Store(db):
        with pytest.raises(StoreError, match="being written"):
            Store(db)
    with Store(db) as again:  # the lock is released on close
        assert again.counts()["events"] == 0


def test_reader_and_writer_in_other_processes_get_one_line_errors(filled: Path) -> None:
    """A writer that keeps the file open (here: right after opening, before any write) past the
    reader's wait: the reader gives up with one line naming the process; a second writer at once."""
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(SRC)!r}); from wirecoder.store import Store\n"
         f"with Store({str(filled)!r}):\n    print('ready', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        began = time.perf_counter()
        with pytest.raises(StoreError, match=r"being written by process \d+") as caught:
            Store(filled, read_only=True, wait=0.3)
        assert 0.3 <= time.perf_counter() - began < 5  # it waited, then gave up
        assert "\n" not in str(caught.value)
        with pytest.raises(StoreError, match="being written by another process"):
            Store(filled)  # the sidecar lock refuses a second writer before DuckDB is asked
    finally:
        holder.communicate("\n", timeout=30)
    with Store(filled, read_only=True) as store:
        assert store.counts()["articles"] == 2


def test_read_only_store_refuses_writes(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.write([kyiv_article()])


def test_store_errors_are_wirecoder_errors() -> None:
    assert issubclass(StoreError, WirecoderError)


def test_in_memory_store(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        store.write([kyiv_article()])
        assert store.counts()["events"] == 1


def test_summary(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        summary = store.summary()
    assert summary["articles"] == 2
    assert summary["events"] == 3
    assert summary["events_by_type"] == {"ACCUSE": 1, "CONSULT": 1, "REQUEST": 1}
    assert summary["quotes"] == 2 and summary["places"] == 1 and summary["entities"] == 2
    assert (summary["first_date"], summary["last_date"]) == ("2024-11-20", "2024-12-13")


# ---- crash safety -------------------------------------------------------------

def test_failed_batch_leaves_exactly_the_previous_batch(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = [baghdad_article()]
    second = [kyiv_article(), synthetic_article(1)]
    with Store(db) as store:
        store.write(first)
        before = {t: store.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in store.counts()}

        real_insert = writer.insert_table
        calls: list[str] = []

        def fail_after_first_table(con, table, rows):
            if calls:
                raise RuntimeError("disk on fire")
            calls.append(table)
            real_insert(con, table, rows)

        monkeypatch.setattr(writer, "insert_table", fail_after_first_table)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.write(second)
        assert calls == ["articles"]  # the articles rows did go in before the failure
        after = {t: store.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in before}
        assert after == before

        monkeypatch.setattr(writer, "insert_table", real_insert)
        assert store.write(second).articles == 2  # the store is still writable


def _table_contents(path: Path) -> dict[str, list[tuple]]:
    with Store(path, read_only=True) as store:
        return {t: store.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in store.counts()}


def test_killed_writer_leaves_a_store_that_reruns_to_a_clean_result(tmp_path: Path) -> None:
    """A process killed mid-batch: the store opens, holds the committed batches, and a re-run completes it."""
    crashed, clean = tmp_path / "crashed.duckdb", tmp_path / "clean.duckdb"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(SRC)!r})
        from wirecoder.store import Store, writer
        from wirecoder.store.synthetic import synthetic_article
        real = writer.insert_table
        def die_after_events(con, table, rows):
            real(con, table, rows)
            if table == "events" and len(rows) > 3 * 5:  # only in the second batch
                os._exit(9)  # no cleanup, no rollback, no close: like SIGKILL
        writer.insert_table = die_after_events
        with Store({str(crashed)!r}) as store:
            store.write([synthetic_article(i, events=5) for i in range(3)])
            store.write([synthetic_article(i, events=5) for i in range(3, 8)])
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr

    with Store(crashed, read_only=True) as store:
        assert store.counts()["articles"] == 3 and store.counts()["events"] == 15
    everything = [synthetic_article(i, events=5) for i in range(8)]
    with Store(crashed) as store:  # the re-run: skips what is stored, writes the rest
        stats = store.write(everything)
        assert (stats.skipped, stats.articles) == (3, 5)
    with Store(clean) as store:
        store.write(everything)
    assert _table_contents(crashed) == _table_contents(clean)


# ---- helpers and speed --------------------------------------------------------------

@pytest.mark.parametrize("value, prefix", [
    ("2024-12-13", "2024-12-13"), ("2024-12", "2024-12"), ("2024", "2024"),
    ("2024-12-13T10:30", "2024-12-13"), ("2024-W48", "2024-11-25"), ("2024-Q4", "2024"),
    ("P2W", None), ("PRESENT_REF", None), ("", None), (None, None), ("20241", None),
])
def test_iso_prefix(value: str | None, prefix: str | None) -> None:
    assert iso_prefix(value) == prefix


def test_many_small_batches_store_every_row(db: Path) -> None:
    """Batches written back to back all land (write speed itself is measured by `wirecoder bench --scale`)."""
    articles = [synthetic_article(i) for i in range(60)]
    with Store(db) as store:
        for start in range(0, len(articles), 20):
            store.write(articles[start:start + 20])
        assert store.counts()["events"] == 60 * 20


def test_write_stats_add() -> None:
    total = WriteStats(articles=1, events=2) + WriteStats(articles=2, skipped=1)
    assert total == WriteStats(articles=3, events=2, skipped=1)
    assert copy.copy(total).to_dict()["skipped"] == 1


def test_plain_tables_keep_every_value_whatever_the_first_rows_hold() -> None:
    """Plain tables are inserted from arrays DuckDB types by looking at them: a column of Nones with one
    name at the end, ints before floats, a 64-bit key above the signed range all come back as written."""
    from wirecoder.store.writer import insert_table

    n = 3000
    places = [("a", i, None if i < n - 1 else "Lateville", "Late", None, i if i < n // 2 else i + 0.25, -1.5,
               2**40 + i, None, "city", i, i + 1) for i in range(n)]
    bands = [("a", i % 32, 2**64 - 1 - i) for i in range(n)]
    with Store(":memory:") as store:
        con = store.connection
        insert_table(con, "places", places)
        insert_table(con, "minhash_bands", bands)
        got = con.execute("SELECT * FROM places ORDER BY position").fetchall()
        assert got == [tuple(float(v) if j in (5, 6) and v is not None else v for j, v in enumerate(row))
                       for row in places]
        assert con.execute("SELECT * FROM minhash_bands ORDER BY key DESC").fetchall() == bands
